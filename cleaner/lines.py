"""Paragraph-level boilerplate: drop lines the vocabulary or the site rule names (read-time,
share counters, "Subscribe", "Embed:"), move agency sign-offs and credit lines to metadata,
and drop the headline when the body repeats it.

Repeated paragraphs are kept: the walker visits each node once, so a paragraph that comes
out twice is in the page twice (recipe steps, a refrain), and pull quotes are content
(USER_NEEDS A16, A19)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from cleaner.agencies import AgencyTable, Credit
from cleaner.text import Block
from cleaner.vocab import Vocabulary

# Credit lines are short: the longest in the seeds and the agency tests is ~60 characters
# ("© dpa-infocom, dpa:230919-99-123456/2"); 160 leaves room and keeps prose out.
CREDIT_MAX_CHARS = 160
# Boilerplate-line patterns only apply to short paragraphs: prose is never a "line".
LINE_MAX_CHARS = 300
# A credit line sits at the edges of an article: this many blocks from the start or end.
CREDIT_EDGE_BLOCKS = 4


@dataclass(slots=True)
class LineResult:
    blocks: list[Block]
    agencies: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    initials: list[str] = field(default_factory=list)  # desk initials of a credit line
    removed: list[tuple[str, str]] = field(default_factory=list)  # (why, text)


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip(" .:!?\"'“”‘’«»")


# A caption repeats its image's alt text: a short block whose whole text is the alt (or
# title) of one of the page's images is that image's caption, whatever its markup
# (National Geographic's <div class="ngart-img__cont__copy">). Alts of at least this many
# words only: a one-word alt ("Photo") can be a real paragraph's whole text.
ALT_MIN_WORDS = 4


# A shorter alt identifies a caption set beside its image: el Mundo's <div class="foto"><img
# alt="Izaskun Lesaka."><p>Izaskun Lesaka.</p></div>. Two words at least, and the image in
# the caption's own element or right before or after it.
BESIDE_MIN_WORDS = 2
BESIDE_MAX_CHARS = 80  # three words, with room for long names


def alt_keys(alts: Iterable[str]) -> frozenset[str]:
    """The comparison keys of image alt/title texts long enough to identify a caption."""
    return frozenset(_key(" ".join(alt.split())) for alt in alts
                     if len(alt.split()) >= ALT_MIN_WORDS)


def filter_lines(blocks: Sequence[Block], *, vocab: Vocabulary,
                 rule_lines: Sequence[re.Pattern[str]], agencies: AgencyTable,
                 title: str | None, image_alts: frozenset[str] = frozenset(),
                 sections: Sequence[str] = ()) -> LineResult:
    """`image_alts`: alt_keys() of the page's images; `sections`: the page's section labels
    (Metadata.sections)."""
    result = LineResult([])
    title_key = _key(title) if title else None
    kickers = frozenset(_key(s) for s in sections)
    last = len(blocks) - 1
    for block in blocks[:DATELINE_BLOCKS]:
        _extend(result.agencies, dateline_agencies(block.text, agencies))
    inner: list[int] = []  # kept blocks that were not at an edge of the page's blocks
    byline_box = None  # the element of the byline line just removed
    for index, block in enumerate(blocks):
        text = block.text
        why = _why_drop(block, index, last, vocab, rule_lines, agencies, title_key, result)
        if why is None and byline_box is not None and block.element is byline_box \
                and len(text) <= BYLINE_BOX_MAX_CHARS and not text.endswith(_SENTENCE_ENDS):
            why = "line:byline-box"
        byline_box = block.element if why in ("line:byline", "line:byline-box") else None
        if why is None and not result.blocks and block.kind not in ("pre", "row") \
                and _key(text) in kickers:
            why = "kicker"  # the section label above the headline: "Environnement" (DW)
        if why is None and len(text) <= LINE_MAX_CHARS and block.kind not in ("h", "pre", "row") \
                and _repeats_an_alt(block, image_alts):
            why = "caption:alt"
        if why:
            result.removed.append((why, text))
        else:
            if not _at_edge(index, last):
                inner.append(len(result.blocks))
            result.blocks.append(block)
    _edge_credits_again(result, inner, agencies)
    return result


def _repeats_an_alt(block: Block, image_alts: frozenset[str]) -> bool:
    """Whether a short block is an image's caption: the alt (or title) of one of the page's
    images (alt_keys), or of an image beside it (BESIDE_MIN_WORDS)."""
    text = " ".join(block.text.split())
    if image_alts and _key(text) in image_alts:
        return True
    el = block.element
    if el is None or len(text) > BESIDE_MAX_CHARS:
        return False
    key = _key(text)
    if not BESIDE_MIN_WORDS <= len(key.split()) < ALT_MIN_WORDS:
        return False
    return any(_key(" ".join((img.get("alt") or img.get("title") or "").split())) == key
               for near in (el, el.getprevious(), el.getnext()) if near is not None
               for img in near.iter("img"))


# The lines a byline's own element breaks off after it with <br>s are its box: the outlet,
# the author's links (ESPN's '<cite>By Jemele Hill<br>ESPN.com<br><a>Archive</a> |
# <a>Contact</a></cite>'). Short and without a sentence's end: prose after a <br> stays.
BYLINE_BOX_MAX_CHARS = 60
_SENTENCE_ENDS = (".", "!", "?", "。", ".”", ".\"")


def _at_edge(index: int, last: int) -> bool:
    return index < CREDIT_EDGE_BLOCKS or index > last - CREDIT_EDGE_BLOCKS


def _edge_credits_again(result: LineResult, inner: list[int], agencies: AgencyTable) -> None:
    """A credit line counts at the edge of the kept text too: DW's "Edition : M-A. Pioerron"
    was followed by a related heading and a date/print/permalink list, all removed, and so
    was not among the last blocks when it was looked at."""
    end = len(result.blocks) - CREDIT_EDGE_BLOCKS
    for position in reversed([p for p in inner if p >= end]):
        text = result.blocks[position].text
        credit = agencies.parse_credit(text) if len(text) <= CREDIT_MAX_CHARS else None
        if credit is None:
            continue
        _take_credit(result, credit)
        result.removed.append(("credit", text))
        del result.blocks[position]


def _take_credit(result: LineResult, credit: Credit) -> None:
    """A credit line's agencies, contributors and desk initials, into the result."""
    _extend(result.agencies, credit.agencies)
    _extend(result.contributors, credit.contributors)
    _extend(result.initials, credit.initials)


def _why_drop(block: Block, index: int, last: int, vocab: Vocabulary,
              rule_lines: Sequence[re.Pattern[str]], agencies: AgencyTable,
              title_key: str | None, result: LineResult) -> str | None:
    text = block.text
    for pattern in rule_lines:
        if pattern.search(text):
            return f"rule-line:{pattern.pattern}"
    if title_key and index <= 3 and _key(text) == title_key:
        return "headline"
    if len(text) <= CREDIT_MAX_CHARS and _at_edge(index, last):
        credit = agencies.parse_credit(text)
        if credit is not None:
            _take_credit(result, credit)
            return "credit"
    if len(text) <= LINE_MAX_CHARS and block.kind != "pre":
        concept = vocab.line_concept(text)
        if concept:
            return f"line:{concept}"
    if len(text) <= META_LINE_MAX_CHARS and block.kind not in ("row", "pre") \
            and _at_edge(index, last) \
            and is_meta_line(text, vocab, heading=block.kind == "h"):
        return "line:meta"
    return None


# A furniture line is short: the longest seen (Le Monde's, with three names) is 126
# characters; 250 leaves room and keeps prose out.
META_LINE_MAX_CHARS = 250
# A short name part (the outlet, a place): at most this many words and characters.
NAME_PART_WORDS, NAME_PART_CHARS = 4, 40
# A date part holds little besides the date: labels ("Mis à jour le", "Updated"), a zone.
DATE_PART_CHARS = 60
DATE_PART_OTHER_WORDS = 5  # "Mis à jour le … à …" leaves 5
BYLINE_PART_CHARS = 120
_PARTS = re.compile(r"\s+[|•·–—-]\s+|\s*[|•·]\s*")
_FURNITURE_CONCEPTS = frozenset({"read_time", "counters", "dates", "byline"})
_WORD_CHAR = re.compile(r"\w")
# A clock time ("13:36", "13h36"; also a duration, "1h28"): alone it is no calendar date.
_CLOCK = re.compile(r"\b\d{1,2}[:h]\d{2}\b")
# A one-part date line goes only with a weekday or a time in it, which a sentence that is a
# bare date ("1 March 2021." as an answer) rarely has.
_WEEKDAY_OR_LABEL = re.compile(
    r"\d{1,2}[:h]\d{2}|\b(mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(montag|dienstag|mittwoch|"
    r"donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"lunes|martes|miércoles|jueves|viernes|sábado|domingo|segunda|terça|quarta|quinta|sexta|"
    r"lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica)\b", re.IGNORECASE)


def is_meta_line(text: str, vocab: Vocabulary, *, heading: bool = False) -> bool:
    """Whether `text` is a furniture line (see [meta_lines] in rules/_generic.toml): two or
    more parts, each a date/time, byline, read-time/counter or short name, one a date; or a
    paragraph that is nothing but dates ("31. Oktober 2023 31. Oktober 2023", Die
    Tagespresse's dateline; a heading that is a date is a live blog's entry)."""
    if vocab.meta_date is None:
        return False
    parts = [p.strip() for p in _PARTS.split(text) if p.strip()]
    if len(parts) == 1:  # a line that is only a date and its label: "segunda-feira, 22 de …"
        part = parts[0]
        if not _date_part(part, vocab.meta_date):
            return False
        if not heading and not _WORD_CHAR.search(vocab.meta_date.sub(" ", part)):
            return True
        return (_WEEKDAY_OR_LABEL.search(part) is not None
                and vocab.meta_date.search(_CLOCK.sub(" ", part)) is not None)
    if len(parts) < 2:
        return False
    dated = False
    for part in parts:
        if _date_part(part, vocab.meta_date):
            dated = True
        elif not _furniture_part(part, vocab):
            return False
    return dated


def _date_part(part: str, date: re.Pattern[str]) -> bool:
    """A date or time with at most a label and a zone around it ("Mis à jour le … à …",
    "Updated: … PM EST, Tue …"): not a sentence that mentions a date."""
    if len(part) > DATE_PART_CHARS or not date.search(part):
        return False
    rest = date.sub(" ", part).split()
    return len(rest) <= DATE_PART_OTHER_WORDS and not part.endswith((".", "?", "!"))


# "Category: Health", "Tags: a b c", "Section: World": a labelled taxonomy part.
_LABEL_PART = re.compile(
    r"^(categor(y|ies|ia|ie|ías)|section|rubri[kc]|ressort|secção|seção|sección|tags?|"
    r"schlagw(ö|o)rter|mots-clés|etiquetas)\s*:\s*\S.{0,60}$", re.IGNORECASE)


def _furniture_part(part: str, vocab: Vocabulary) -> bool:
    if _LABEL_PART.match(part):
        return True
    if vocab.meta_byline is not None and len(part) <= BYLINE_PART_CHARS:
        m = vocab.meta_byline.match(part)
        if m and m.group(1).isupper():
            return True
    if vocab.line_concept(part) in _FURNITURE_CONCEPTS:
        return True
    words = part.split()
    return (len(words) <= NAME_PART_WORDS and len(part) <= NAME_PART_CHARS
            and part[0].isupper() and not any(c.isdigit() for c in part)
            and not part.endswith((".", "?", "!")))


# A wire story opens with a dateline naming the agency: "BERLIN (dpa) – …", "(AP) — …",
# "MOSCOW, Sept 19 (Reuters) - …", "SEOUL, Aug. 20 (Yonhap) -- …" (two hyphens for a dash,
# as typewriters and older wire copy write it). It stays in the text (it is the story's
# first sentence) and the agency goes to metadata. Looked for in the first blocks only (a
# standfirst may come first).
DATELINE_BLOCKS = 3
_DATELINE = re.compile(r"^(?:[^\W\d_][^()\n]{0,60}?)?\(([^()]{2,40})\)\s*(?:--|[-–—:])\s")


def dateline_agencies(text: str, agencies: AgencyTable) -> list[str]:
    """Agencies named in a paragraph's opening dateline, canonical names."""
    m = _DATELINE.match(text)
    if not m:
        return []
    found = [agencies.canonical(part.strip()) for part in re.split(r"[,/]|\band\b", m.group(1))]
    return [name for name in found if name]


def _extend(target: list[str], values: Sequence[str]) -> None:
    for value in values:
        if value not in target:
            target.append(value)
