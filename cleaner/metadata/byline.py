"""Bylines: person names apart from agencies, outlets, roles and noise.

`parse_byline()` turns one raw byline ("By Jane Doe, Senior Reporter, and John Smith | AFP")
into authors and agencies. `find_visible_bylines()` finds the page's main visible byline
(rel=author, itemprop=author, class/id byline/author), never one inside comments, sidebars,
related lists or teasers; `find_head_byline()` an unmarked "By ..." line in the article's
head (`headzone`), the last resort. Fewer authors beats wrong ones (USER_NEEDS B4): a
fragment that does not look like a person's name is dropped, not guessed at.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from cleaner.agencies import AgencyTable
from cleaner.dom import text_content
from cleaner.metadata.chars import clean_chars
from cleaner.metadata.dates import MONTH_NAMES
from cleaner.metadata.headzone import head_lines, innermost
from cleaner.pageindex import PageIndex, index_of
from cleaner.vocab import words_of

__all__ = [
    "Byline",
    "find_head_byline",
    "find_labelled",
    "find_visible_bylines",
    "norm_name",
    "parse_byline",
]

_WS = re.compile(r"\s+")
_EMAIL = re.compile(r"[^\s()<>\[\]]+@[^\s()<>\[\]]+\.\w+|\bmailto:[^\s()<>\[\]]+")
_URL = re.compile(r"\bhttps?://[^\s()\[\]]+|\bwww\.[^\s()\[\]]+")
_HANDLE = re.compile(r"(?<!\w)@\w+")
# Everything from the first digit on: a date, a time or a counter glued to the name
# ("Lucas Nolan22 Dec 2016651"). Names do not contain digits.
_FROM_DIGIT = re.compile(r"\d.*$", re.DOTALL)
# Words left dangling once a date is cut off ("Nathan Willis March", "Jane Doe, on Tue").
_DATE_WORDS = frozenset(
    [*MONTH_NAMES]
    + [
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "on",
        "am",
        "le",
        "el",
        "the",
        "de",
        "del",
        "published",
        "updated",
        "posted",
        "at",
        "um",
    ]
)
# Credits for work other than writing: cut, they are not authors.
_OTHER_CREDITS = re.compile(
    r"\s*[,;|]?\s*\b(?:edited|photos?|photographs?|pictures?|illustrations?|illustrated|"
    r"graphics?|video|produced|translated|fact-checked|reviewed|bearbeitet|übersetzt|fotos?)"
    r"\s+(?:by|von|par)\b.*$",
    re.IGNORECASE,
)
# A short label before "by": "Tech Industry by Steven Musil".
_MID_BY = re.compile(r"^[^,;|]{0,40}?\s\b(?:by|By|BY)\b\s*:?\s+")

# A photo or video credit, not a byline: "AP Photo/Evan Vucci", "Foto: dpa", "Image: Getty".
_PHOTO_CREDIT = re.compile(
    r"(?i)\b(?:photos?|fotos?|bild|images?|video|grafik|graphic|illustration)\s*[:/©]|"
    r"\b(?:getty images|picture alliance|shutterstock|imago)\b"
)

# --- vocabulary, grouped by concept --------------------------------------------------------
# Byline prefixes: "By", "Von", "Par", "Written by", "Author:", "Autorin:".
_BY_WORD = (
    r"^(?:(?:written|posted|submitted|reported|story|words|text|reportage|interview|compiled|"
    r"geschrieben|verfasst|publié|écrit|escrito|scritto|(?:ein\s+)?gastbeitrag|"
    r"kommentar|analyse|essay|column|opinion)\s+)?"
    r"(?:by|von|vom|par|por|di|door|av|af|от|від)\b\s*:?\s*"
)
_AUTHOR_LABEL = (
    r"^(?:authors?|autor(?:in|en|innen)?|auteure?s?|autore|autori|autores|auteurs|"
    r"автор(?:ы)?|автори|text|texte|reporter|redaktion|bylines?|written by|by|interview|"
    r"gastbeitrag|kommentar|opinion|column)\s*:\s*"
)
_PREFIX = re.compile(f"{_BY_WORD}|{_AUTHOR_LABEL}", re.IGNORECASE)
# An unmarked line in the article's head is a byline when it opens with a byline word
# ("By", "Von", "Par", "Written by") or an author label ("Author:", "Auteur :"); DW's French
# pages print "Auteur : Kossivi Tiassou" in a plain paragraph.
_BY_LINE = _PREFIX
# Between the names of one byline.
_SPLIT = re.compile(
    r"(?<=[a-z]{3})\.\s+(?=[A-Z])|"  # "Finian Cunningham. Sputnik International"; not "Y. Lee"
    r"\s*(?:[,;&|/+·•]|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bi\b|\bи\b|\bта\b|\bwith\b|"
    r"\bavec\b|\bmit\b|\bcon\b|\bcom\b|\bsowie\b)\s*"
)
# A spaced dash ends the names: what follows is the outlet or a role ("Jenny Smith — The
# Moon", "Jane Doe - Reporter"). Cut, not split: "PMJS - Coordenadoria de TI" (a city's IT
# department in a meta author, ScrapingHub) must not yield a name from its second half.
_DASH_TAIL = re.compile(r"\s[-–—]\s.*$", re.DOTALL)
# Markup inside a metadata value: CNN's og:author and JSON-LD author.name hold
# 'By <a href="/profiles/amir-vera">Amir Vera</a>, Seán Federico O'Murchú, ...'.
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
# Name suffixes that belong to the name before the comma ("Joe Schmo, Sr.").
_NAME_SUFFIX = re.compile(r"^(?:Sr|Jr|Snr|Jnr|II|III|IV)\.?$")
# Academic and professional credentials: dropped, they are not part of the name.
_CREDENTIAL = re.compile(
    r"^(?:MA|MS|MSc|M\.Sc\.|PhD|Ph\.D\.?|MD|M\.D\.?|MBA|MPH|RN|DO|DDS|PharmD|BSc|BA|Esq\.?|"
    r"Dr\.?|Prof\.?|LLM|JD|CFA|CPA)$"
)
# Roles and titles: a word that is one of these (or ends in one: "FOCUS-online-Redakteur")
# is not part of a name.
_ROLE_WORDS = frozenset(
    [
        "reporter",
        "reporters",
        "correspondent",
        "correspondents",
        "editor",
        "editors",
        "writer",
        "writers",
        "columnist",
        "columnists",
        "contributor",
        "contributors",
        "journalist",
        "journalists",
        "staff",
        "freelance",
        "freelancer",
        "senior",
        "chief",
        "deputy",
        "managing",
        "associate",
        "assistant",
        "executive",
        "political",
        "foreign",
        "science",
        "business",
        "sports",
        "sport",
        "news",
        "desk",
        "special",
        "editor-in-chief",
        "photographer",
        "photographers",
        "analyst",
        "producer",
        "host",
        "anchor",
        "intern",
        "fellow",
        "director",
        "head",
        "bureau",
        "author",
        "authors",
        "guest",
        "blogger",
        "commentator",
        "critic",
        "reviewer",
        "researcher",
        "moderator",
        "presenter",
        "team",
        "redakteur",
        "redakteurin",
        "redaktor",
        "redaktorin",
        "korrespondent",
        "korrespondentin",
        "autor",
        "autorin",
        "chefredakteur",
        "chefredakteurin",
        "volontär",
        "volontärin",
        "mitarbeiter",
        "mitarbeiterin",
        "gastautor",
        "gastautorin",
        "gastbeitrag",
        "leiter",
        "leiterin",
        "ressortleiter",
        "ressortleiterin",
        "journaliste",
        "rédacteur",
        "rédactrice",
        "correspondant",
        "correspondante",
        "envoyé",
        "envoyée",
        "chroniqueur",
        "chroniqueuse",
        "éditorialiste",
        "periodista",
        "corresponsal",
        "redactor",
        "redactora",
        "columnista",
        "giornalista",
        "corrispondente",
        "inviato",
        "inviata",
        "redattore",
        "redattrice",
        "jornalista",
        "correspondente",
        "журналист",
        "корреспондент",
        "редактор",
        "обозреватель",
        "журналіст",
        "кореспондент",
    ]
)
# Words that never occur in a person's name on a byline: UI text, time words, organisations.
_NOT_NAME_WORDS = frozenset(
    [
        "follow",
        "share",
        "comments",
        "comment",
        "updated",
        "update",
        "published",
        "posted",
        "read",
        "reads",
        "views",
        "more",
        "minutes",
        "minute",
        "hours",
        "hour",
        "ago",
        "min",
        "mins",
        "seconds",
        "days",
        "weeks",
        "months",
        "years",
        "yesterday",
        "today",
        "profile",
        "articles",
        "posts",
        "view",
        "all",
        "about",
        "contact",
        "subscribe",
        "newsletter",
        "email",
        "print",
        "twitter",
        "facebook",
        "instagram",
        "linkedin",
        "bio",
        "click",
        "here",
        "sign",
        "login",
        "home",
        "menu",
        "search",
        "news",
        "media",
        "press",
        "newsroom",
        "editorial",
        "agency",
        "agencies",
        "online",
        "magazine",
        "group",
        "inc",
        "ltd",
        "llc",
        "gmbh",
        "corporation",
        "foundation",
        "network",
        "radio",
        "tv",
        "wire",
        "service",
        "services",
        "contributors",
        "projects",
        "wikimedia",
        "wikipedia",
        "department",
        "ministry",
        "office",
        "company",
    ]
)
# A byline starting with an article names an organisation ("Die Tagespresse", "The Editors").
_DETERMINERS = frozenset(["the", "die", "der", "das", "het", "los", "las", "il"])
_PARTICLES = frozenset(
    [
        "von",
        "van",
        "der",
        "den",
        "de",
        "da",
        "di",
        "du",
        "del",
        "della",
        "la",
        "le",
        "bin",
        "ibn",
        "al",
        "el",
        "dos",
        "das",
        "ten",
        "ter",
        "zu",
        "of",
        "y",
        "e",
        "'t",
        "st.",
        "mac",
        "mc",
        "ben",
        "bat",
        "abu",
    ]
)
# Affiliation tail: "Levi Parsons For Daily Mail Australia", "Jane Doe in Kyiv".
_AFFILIATION = re.compile(
    r"\s+(?:for|für|pour|para|per|at|bei|in|aus|from|à|em|en)\s+\S.*$", re.IGNORECASE
)
_PARENS = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_CASELESS_MAX = 12  # a name in a caseless script (CJK, Arabic...) without spaces: 2-12 chars

# --- visible bylines -----------------------------------------------------------------------


def class_words(words: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern for class/id strings that contain one of `words`, as written or with a
    capital first letter ("author", "Author"; not "AUTHOR"), for PageIndex.named."""
    forms = sorted({f for w in words for f in (w, w[:1].upper() + w[1:])})
    return re.compile("|".join(re.escape(f) for f in forms))


# "writer": "article__writer", "detail__writer"; "submitted": Drupal's node template
# ('<div class="submitted">Submitted by <a>Jenny Smith</a> on ...').
_CANDIDATE_WORDS = class_words(("author", "byline", "byLine", "writtenby", "writer", "submitted"))


def _candidates(index: PageIndex) -> list[Any]:
    """Elements whose class or id names a byline, or that are marked as an author by
    rel="author" or an itemprop holding "author" or "creator", in document order."""
    marked = []
    for el in index.with_itemprop_or_rel():
        itemprop = el.get("itemprop") or ""
        if el.get("rel") == "author" or "author" in itemprop or "creator" in itemprop:
            marked.append(el)
    named = index.named(_CANDIDATE_WORDS)
    return index.in_order(named, marked) if marked else named


_SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "meta",
        "link",
        "img",
        "svg",
        "noscript",
        "button",
        "input",
        "form",
        "select",
        "option",
        "template",
        "head",
        "title",
        "iframe",
        "picture",
        "source",
        "video",
        "audio",
        "figure",
        "figcaption",
        "time",
    ]
)
# Containers whose bylines are not the article's (USER_NEEDS B4, n4k#180). Matched at the
# start of a class/id word ("comment-list" yes, "vcard" no). Share/social bars and
# "signature" blocks are left out: the real byline often sits beside them.
_BAD_CONTAINER = re.compile(
    r"(?<![a-z])(?:comment|sidebar|related|recommend|widget|teaser|popular|most-?read|"
    r"newsletter|promo|nav|menu|trending|more-|outbrain|taboola|reply|"
    r"respon|discuss|disqus|community|author-?bio|about-?(?:the-?)?author|author-?box|"
    r"author-?card|footer|site-?footer|river|more-?stories|quote)",
    re.IGNORECASE,
)
_BAD_SELF = re.compile(
    r"avatar|image|img|photo|pic\b|picture|thumb|bio\b|biography|description|social|follow|"
    r"comment|count|icon|twitter|facebook|email|mail|more|link-?list|posts|archive|about|"
    r"info-?box|author-?box|job|title|role|position|tooltip|hidden|sr-only|visually-?hidden|"
    r"quote",
    re.IGNORECASE,
)
# A name in a figure is a photo credit, in a quotation the quoted person's: never the byline.
_BAD_TAGS = frozenset(["nav", "figure", "figcaption", "blockquote", "q"])
_BIO_START = re.compile(
    r"(?i)^(?:about the author|über den autor|über die autorin|à propos de l.auteur)"
)
_INLINE = frozenset(["a", "span", "em", "strong", "b", "i", "cite", "small", "abbr"])
_MAX_BYLINE_CHARS = 150  # Readability uses 100; long enough for four names with roles.


@dataclass(slots=True)
class Byline:
    authors: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.authors or self.agencies)


def norm_name(s: str) -> str:
    """A comparison key: case-folded letters and digits only."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", s.casefold()) if ch.isalnum())


def _is_caseless(word: str) -> bool:
    return not any(ch.isupper() or ch.islower() for ch in word if ch.isalpha())


def _is_role(word: str) -> bool:
    w = word.lower().strip(".,:;()")
    if w in _ROLE_WORDS:
        return True
    if "-" in w:  # "editor-at-large", "co-editor", "sports-writer"
        return any(part in _ROLE_WORDS for part in w.split("-"))
    return False


def _strip_roles(words: list[str]) -> list[str]:
    while words and _is_role(words[0]):
        words = words[1:]
    # A role after the name ("Jane Doe Senior Reporter"): cut from the first role word on.
    for i, w in enumerate(words):
        if i >= 2 and _is_role(w):
            return words[:i]
    return words


# Zero-width non-joiner and joiner: spelling inside Persian and Indic names ("علی‌اکبر").
_JOINERS = frozenset("\u200c\u200d")


def _is_name_char(ch: str) -> bool:
    """A letter, a combining mark (Devanagari vowel signs: "अमित") or a joiner."""
    return ch.isalpha() or ch in _JOINERS or unicodedata.category(ch).startswith("M")


def _looks_like_name(words: list[str]) -> bool:
    if not words or len(words) > 5:
        return False
    if len(words) == 1:
        w = words[0]
        # One word: only a name in a script without spaces between names (CJK, Thai...).
        return (
            _is_caseless(w)
            and 2 <= len(w) <= _CASELESS_MAX
            and w[:1].isalpha()
            and all(_is_name_char(ch) for ch in w)
        )
    if words[0].lower() in _DETERMINERS:
        return False
    capitalised = 0
    for w in words:
        lw = w.lower()
        if lw in _NOT_NAME_WORDS or _is_role(w):
            return False
        core = w.strip(".,'’-()")
        if not core or not all(_is_name_char(ch) or ch in ".'’-" for ch in core):
            return False
        if lw in _PARTICLES:
            continue
        if core[0].isupper() or _is_caseless(core):
            capitalised += 1
        else:
            return False
    return capitalised >= 1


_ROMAN = re.compile(r"^(?:I{1,3}|IV|V|VI{0,3})\.?$")


def _title_case(name: str) -> str:
    """ "ABBY GOODNOUGH" -> "Abby Goodnough", "Marina BERTSCH" -> "Marina Bertsch"."""
    words = name.split()
    out = []
    for w in words:
        letters = [ch for ch in w if ch.isalpha()]
        if len(letters) > 2 and all(ch.isupper() for ch in letters) and not _ROMAN.match(w):
            w = "-".join(p[:1] + p[1:].lower() for p in w.split("-"))
        out.append(w)
    return " ".join(out)


def _clean_part(part: str) -> str | None:
    part = _PREFIX.sub("", part.strip(" :-–—'\"“”‘’").lstrip(".")).strip()
    part = _AFFILIATION.sub("", part)
    words = _strip_roles(part.split())
    if not _looks_like_name(words):
        return None
    name = " ".join(words).strip(" ,;:")
    if name.endswith(".") and not re.search(r"(?:\b[^\W\d_]|\b(?:Sr|Jr|Snr|Jnr))\.$", name):
        name = name[:-1]
    return _title_case(name)


# A reporter's title written after the name in CJK bylines: "山田太郎記者" is 山田太郎.
_CJK_ROLE_SUFFIX = re.compile(r"\s*(?:特派員|編集委員|論説委員|記者|特约记者|记者|기자|특파원)$")


def _without_symbols(text: str) -> str:
    """`text` without emoji and other pictographs ("Jenny Smith ❤️"): symbols (So), their
    variation selectors and the joiners of emoji sequences are never part of a name."""
    return "".join(" " if unicodedata.category(c) == "So" else c for c in text
                   if c not in _EMOJI_GLUE)


_EMOJI_GLUE = frozenset("\ufe0e\ufe0f\u200d")


def _fragments(text: str) -> list[str]:
    """Split a byline into name fragments, keeping "Joe Schmo, Sr." whole."""
    out: list[str] = []
    for frag in _SPLIT.split(text):
        frag = _CJK_ROLE_SUFFIX.sub("", frag.strip())
        if not frag:
            continue
        if _NAME_SUFFIX.match(frag) and out:
            out[-1] = f"{out[-1]}, {frag}"
        elif _CREDENTIAL.match(frag):
            continue
        else:
            out.append(frag)
    return out


def _strip_date_tail(text: str) -> str:
    cut = _FROM_DIGIT.sub("", text)
    if cut == text:
        return text
    words = cut.split()
    while words and words[-1].lower().strip(".,:;|-–—") in _DATE_WORDS | {""}:
        words.pop()
    return " ".join(words)


def _paren(m: re.Match[str]) -> str:
    """ "(avec X et Y)" adds names; "(R.J.)" inside a name stays; "(stevenhgm)" is noise."""
    inner = (m.group(1) or m.group(2) or "").strip()
    if re.match(r"(?i)^(?:avec|with|mit|und|and|et|con|&)\s", inner):
        return " , " + inner + " , "
    before, after = m.string[: m.start()].rstrip(), m.string[m.end() :].lstrip()
    if (
        before[-1:].isalpha()
        and after[:1].isalpha()
        and after[:1].isupper()
        and re.fullmatch(r"[^\W\d_][\w.'’ -]{0,38}", inner)
    ):
        return m.group(0)
    return " "


def parse_byline(raw: str | None, agencies: AgencyTable, exclude: Iterable[str] = ()) -> Byline:
    """Authors and agencies from one byline string. `exclude`: outlet/publisher names."""
    result = Byline()
    if not raw:
        return result
    text = clean_chars(raw)
    if "<" in text:
        text = _TAG.sub(" ", text)
    if not text.isascii():
        text = _without_symbols(text)
    text = _WS.sub(" ", text.replace("\u00a0", " ")).strip()
    if not text or len(text) > 400:
        return result
    photo = _PHOTO_CREDIT.search(text)
    if photo:
        # "By Jane Doe | Photo: John Roe" keeps Jane Doe; "AP Photo/Evan Vucci" is all credit.
        text = text[: photo.start()].rstrip(" |,;·-–—")
        if not text or agencies.canonical(text):
            return result
    text = _HANDLE.sub(" ", _URL.sub(" ", _EMAIL.sub(" ", text)))
    text = _OTHER_CREDITS.sub("", _strip_date_tail(text))
    # Agencies first: "By Jane Doe, Reuters" -> Reuters; "AP Photo/..." never counts.
    found, text = agencies.strip_agencies(text)
    result.agencies.extend(found)
    text = _PARENS.sub(_paren, text)
    text = _PREFIX.sub("", text.strip(" :-–—").lstrip(".")).strip()
    text = _MID_BY.sub("", text)
    excluded = {
        k
        for k in (norm_name(_PARENS.sub(" ", _URL.sub(" ", e))) for e in exclude if e)
        if len(k) >= 2
    }
    frags = _fragments(_DASH_TAIL.sub("", text))
    # "Jong, Michiel de" / "Doe, Jane": family name first, one comma, nothing else.
    if (
        len(frags) == 2
        and text.count(",") == 1
        and len(frags[0].split()) == 1
        and 1 <= len(frags[1].split()) <= 3
        and not _is_role(frags[1].split()[0])
    ):
        frags = [f"{frags[1]} {frags[0]}"]
    seen: set[str] = set()
    for position, frag in enumerate(frags):
        if position and _is_role(frag.split()[-1]):
            continue  # the previous name's job title: "Robert Burns, AP National Security Writer"
        if _outlet_like(norm_name(frag), excluded):
            continue
        name = _clean_part(frag)
        if not name:
            continue
        key = norm_name(name)
        if key in seen or _outlet_like(key, excluded):
            continue  # "Jerusalem Post" once "Staff" is cut from "JERUSALEM POST STAFF"
        seen.add(key)
        result.authors.append(name)
    return result


def _outlet_like(key: str, excluded: set[str]) -> bool:
    """An empty key, or one that is, holds or is held by an outlet/publisher name."""
    return not key or key in excluded or any(
        (len(e) >= 4 and e in key) or (len(key) >= 6 and key in e) for e in excluded)


# --- visible bylines -----------------------------------------------------------------------
def _bad_context(el: Any, max_depth: int = 12) -> bool:
    node = el.getparent()
    depth = 0
    while node is not None and depth < max_depth:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("body", "html"):
            return False
        if tag in _BAD_TAGS:
            return True
        attrs = f"{node.get('class', '')} {node.get('id', '')}"
        # In words ("globalNav" -> "global-nav"): Yahoo Japan's navigation item "個人", a
        # link to its bylines section, was a byline.
        if attrs.strip() and _BAD_CONTAINER.search(words_of(attrs)):
            return True
        node = node.getparent()
        depth += 1
    return False


def _kind(el: Any) -> int:
    """0: rel/itemprop author (structured), 1: class/id byline, 2: class/id author."""
    if (
        el.get("rel") == "author"
        or "author" in (el.get("itemprop") or "")
        or "creator" in (el.get("itemprop") or "")
    ):
        return 0
    attrs = f"{el.get('class', '')} {el.get('id', '')}".lower()
    return 1 if "byline" in attrs or "writtenby" in attrs else 2


def _text(el: Any) -> str:
    if "author" in (el.get("itemprop") or ""):
        names = el.xpath(".//*[@itemprop='name']")
        if names:
            return " , ".join(n.get("content") or text_content(n) for n in names)
        if el.get("content"):
            return el.get("content")
    text = text_content(el)
    return _byline_text(el) if len(text) <= _MAX_BYLINE_CHARS * 2 else text


_DATE_CLASS = re.compile(r"(?i)date|time")


def _byline_text(el: Any, br: str = " ") -> str:
    """The element's text with `br` for each <br>, without its date or time children:
    '<h3 class="byline">by Jeff Foust<br><span class="datetime">Monday, ...</span></h3>' is
    "by Jeff Foust", where the plain text glued "Jeff FoustMonday" (ScrapingHub)."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "br":
                parts.append(br)
            elif tag == "time" or _DATE_CLASS.search(child.get("class") or ""):
                parts.append(" ")
            elif tag:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return "".join(parts)


def find_visible_bylines(page: Any, accept: Callable[[str], bool] = bool) -> list[str]:
    """Raw byline strings of the page's main byline (possibly several names' elements).

    `accept` tells whether a candidate's text holds a byline at all (a lone "By" does not).
    """
    best: list[tuple[int, Any, str]] = []
    for el in _candidates(index_of(page)):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP_TAGS or tag in ("body", "html", "article", "main"):
            continue
        if _BAD_SELF.search(f"{el.get('class', '')} {el.get('id', '')}") and _kind(el) != 0:
            continue
        text = _WS.sub(" ", _text(el)).strip()
        if not text or len(text) > _MAX_BYLINE_CHARS or _BIO_START.match(text):
            continue
        if _bad_context(el) or not accept(text):
            continue
        best.append((_kind(el), el, text))
    if not best:
        return []
    top = min(k for k, _, _ in best)
    same = [el for k, el, _ in best if k == top]
    # Nested bylines of the same kind: the innermost is the most specific ("Ben Silverman"
    # inside "Ben Silverman Games Editor").
    chosen = [
        (el, t)
        for k, el, t in best
        if k == top and not any(o is not el and el in o.iterancestors() for o in same)
    ]
    first_el = chosen[0][0]
    out = [chosen[0][1]]
    # Several inline name elements of one byline ("<a>A</a> and <a>B</a>") share a parent
    # or grandparent; block elements elsewhere are other articles' bylines.
    parent = first_el.getparent()
    family = {parent, parent.getparent() if parent is not None else None} - {None}
    for el, t in chosen[1:]:
        if el.tag in _INLINE and el.getparent() in family and t not in out:
            out.append(t)
    return out


def _bad_line(el: Any) -> bool:
    """A line that is, or is inside, a comment/sidebar/related... container."""
    attrs = f"{el.get('class', '')} {el.get('id', '')}"
    return bool(attrs.strip() and _BAD_CONTAINER.search(attrs)) or _bad_context(el)


def find_head_byline(page: Any, accept: Callable[[str], bool] = bool) -> list[str]:
    """An unmarked byline line ("<p>By Ann Smith</p>", "<div>By <a>A</a> and <a>B</a></div>")
    in the article's head (see `headzone`): a short element that opens with a byline word,
    outside comments, sidebars and related lists. The first one `accept` takes, or []."""
    lines = innermost(
        head_lines(page, _MAX_BYLINE_CHARS),
        lambda line: bool(_BY_LINE.match(line.text)) and not _bad_line(line.element),
    )
    for line in lines:
        if _BIO_START.match(line.text):
            continue
        for text in _head_byline_texts(line.element, line.text):
            if accept(text):
                return [text]
    return []


def _head_byline_texts(el: Any, text: str) -> list[str]:
    """What to read a head byline from: its first line when <br>s break it (ESPN's "By
    Jemele Hill<br>ESPN.com<br>Archive | Contact", where the glued text read "Jemele Hill
    Espn"), then the whole text."""
    broken = [part for part in _byline_text(el, br="\n").split("\n") if part.strip()]
    return [" ".join(broken[0].split()), text] if len(broken) > 1 else [text]


# --- labelled fields -----------------------------------------------------------------------
# "<li><strong>Autorin/Autor</strong> Roman Goncharenko</li>", "<dt>Author</dt><dd>...</dd>":
# a short label element, and the value beside it. Used for authors and for dates.
AUTHOR_LABELS = frozenset(
    [
        "author",
        "authors",
        "autor",
        "autorin",
        "autoren",
        "autorinnen",
        "autorin/autor",
        "autor/autorin",
        "autor/in",
        "auteur",
        "auteurs",
        "auteure",
        "autore",
        "autori",
        "autores",
        "autora",
        "by",
        "written by",
        "text",
        "reporter",
        "автор",
        "автори",
        "авторы",
    ]
)
_LABEL_TAGS = ("strong", "b", "dt", "th", "label")
_MAX_LABELLED = 150


def find_labelled(page: Any, labels: frozenset[str], limit: int = 3) -> list[str]:
    """Values next to label elements whose whole text is one of `labels` (lower-case).
    `page`: the document root or its PageIndex."""
    out: list[str] = []
    for el in index_of(page).tags(*_LABEL_TAGS):
        label = _WS.sub(" ", text_content(el)).strip().rstrip(":：").strip().lower()
        if not label or len(label) > 24 or label not in labels:
            continue
        if el.tag in ("dt", "th"):
            sib = el.getnext()
            value = text_content(sib) if sib is not None else ""
        else:
            parent = el.getparent()
            if parent is None:
                continue
            full = _WS.sub(" ", text_content(parent)).strip()
            own = _WS.sub(" ", text_content(el)).strip()
            value = full[full.find(own) + len(own) :] if own in full else ""
        value = _WS.sub(" ", value).strip(" :：")
        if value and len(value) <= _MAX_LABELLED and not _bad_context(el) and value not in out:
            out.append(value)
            if len(out) >= limit:
                break
    return out
