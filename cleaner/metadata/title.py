"""The headline: from metadata, without site-name or author affixes, checked against h1.

Order of trust: JSON-LD headline/name > Dublin Core > og:title > meta title > twitter:title >
parsely-title > `<title>` > a lone h1. Then:

1. An affix segment ("Title | Site", "Site - Title", "Title – DW – 09/19/2023") is removed
   when it is a known site name (og:site_name, JSON-LD publisher, the domain), one of the
   page's authors, or a date.
2. When an h1 equals the title minus separator-bounded segments at its start or end, the h1
   wins (USER_NEEDS B10): the rest was a site, section or series name.
3. When metadata shares almost no words with a `<title>` and h1 that agree with each other,
   the metadata title is a site-wide default ("Yahoo News - Latest News & Headlines") and
   the agreed headline wins.
4. With only `<title>`: an h1 it holds whole, set off by a separator (":" and "*" count
   here) from affixes that look like a site name ("Example News: Headline"), wins; else a
   short last segment after a long headline ("Headline – My site") is dropped.
5. A title that is only a navigation word ("- Home") loses to the h1.

Candidates lose invisible characters (zero-width space, soft hyphen...) and are put in NFC
first (`chars.clean_chars`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from cleaner.metadata.byline import norm_name
from cleaner.metadata.chars import clean_chars
from cleaner.metadata.dates import parse_date

__all__ = ["choose_title", "strip_affixes", "title_parts"]

_WS = re.compile(r"\s+")
# Separators between a headline and a site/section name. ":" is not one (it is part of
# headlines: "Zimbabwe coup: ..."); a plain "-" needs spaces around it ("Just-released").
# Chinese and Japanese titles use the full-width bar ("标题｜网站"), a hyphen between CJK
# words ("标题-新华网"), and a full-width colon after a space ("見出し　：日本経済新聞";
# without the space it is the headline's own colon: "外国专家：中美合作共赢..."). Two
# hyphens stand for a dash ("Headline -- Site").
_CJK = r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]"  # kana, CJK ideographs, Hangul
_SEP = re.compile(
    r"\s+(?:[|\-–—·•»›~/]|--|::|\|\|)\s+|\s*[|｜]\s*(?=\S)|\s*_(?=[^\x00-\x7f])"
    rf"|(?<={_CJK})-(?={_CJK})|\s+\[(?=[^\]]+\]$)|\s+：\s*"
)
_TRAILING_MARK = re.compile(r"[\s¶#]+$")
_WORD = re.compile(r"\w+")
# A metadata title sharing fewer words than this with an agreeing <title>/h1 pair is a
# site-wide default, not this page's headline (yahoo-style "Latest News & Headlines").
_MIN_OVERLAP = 0.2
# A segment dropped by the h1 or the <title>-only rule is a site/series name: short.
_MAX_AFFIX_WORDS = 6
_MAX_SHORT_SUFFIX_WORDS = 3
_MIN_HEADLINE_WORDS = 4
# Between a site name and the h1 inside a <title> ("Example News: Headline", "Headline ‹
# Site", "Site * Headline"). Looser than _SEP (":" and "*" count), so the rest must then
# look like a name (`_site_like`); a dash counts with a space on at least one side.
_AFFIX_SEP = r"(?:\s*[:|‹›«»*•·~/\\>#_]+\s*|\s+[-–—]+\s*|[-–—]+\s+)"
_LEADING_AFFIX = re.compile(_AFFIX_SEP + r"$")
_TRAILING_AFFIX = re.compile(r"^" + _AFFIX_SEP)
# A site name is a short proper name: "Example News", "The Times of India", "example.com";
# five words leave room for a section ("Example News Politics Live") but not for a phrase.
_MAX_SITE_WORDS = 5
# Lower-case words inside a proper name ("Archive of Our Own", "Le Monde des Livres").
_NAME_LINKS = frozenset(
    "of the and for on at de du des la le les di del da do dos y e et und der die das van von"
    .split()
)
# A title that is only one of these (with punctuation around it) names the page's place in
# the site's navigation, not its headline ("- Home", "Startseite |").
_GENERIC_TITLES = frozenset(
    [
        "home",
        "homepage",
        "home page",
        "start",
        "startseite",
        "accueil",
        "inicio",
        "portada",
        "index",
        "welcome",
        "untitled",
        "untitled document",
        "главная",
        "головна",
    ]
)


def _clean(s: str | None) -> str:
    return _WS.sub(" ", clean_chars(s).replace("\u00a0", " ")).strip() if s else ""


def title_parts(title: str) -> list[str]:
    """The parts of a title between its separators ("A | B - C" -> ["A", "B", "C"])."""
    return [title[a:b].strip() for a, b in _segments(title) if title[a:b].strip()]


def _segments(title: str) -> list[tuple[int, int]]:
    """(start, end) spans of the parts between separators."""
    spans, last = [], 0
    for m in _SEP.finditer(title):
        spans.append((last, m.start()))
        last = m.end()
    spans.append((last, len(title)))
    return [(a, b) for a, b in spans if b > a]


def _site_keys(names: Iterable[str]) -> list[str]:
    keys = []
    for n in names:
        n = re.sub(r"^(?:https?://)?(?:www\.)?", "", n.strip(), flags=re.IGNORECASE)
        for variant in (n, re.sub(r"\.[a-z]{2,6}$", "", n, flags=re.IGNORECASE)):
            k = norm_name(re.sub(r"^the\s+", "", variant, flags=re.IGNORECASE))
            if len(k) >= 2 and k not in keys:
                keys.append(k)
    return keys


def _is_affix(segment: str, keys: Sequence[str]) -> bool:
    seg = segment.strip(" []()")
    k = norm_name(re.sub(r"^the\s+", "", seg, flags=re.IGNORECASE))
    if not k:
        return True
    for key in keys:
        if k == key or (len(k) >= 3 and (key.startswith(k) or k.startswith(key))):
            return True
    # A date segment ("Feb. 1, 2016", "09/19/2023") with nothing else in it.
    return bool(
        re.fullmatch(r"[\w.,/ -]{6,24}", seg)
        and any(c.isdigit() for c in seg)
        and len(_WORD.findall(seg)) <= 4
        and parse_date(seg) is not None
    )


def strip_affixes(title: str, site_names: Iterable[str]) -> str:
    """Remove leading/trailing segments that are a known site name, an author or a date."""
    keys = _site_keys(site_names)
    spans = _segments(title)
    if len(spans) < 2:
        return title
    lo, hi = 0, len(spans)
    while hi - lo > 1 and _is_affix(title[spans[hi - 1][0] : spans[hi - 1][1]], keys):
        hi -= 1
    # A site name with separators of its own spans several segments ("Headline | LinkNaija |
    # Nigeria's popular news platform"): the longest trailing run that is one.
    if hi == len(spans) and hi - lo > 2:
        cut = next((k for k in range(lo + 1, hi - 1)
                    if _is_affix(title[spans[k][0] : spans[hi - 1][1]], keys)), None)
        hi = cut if cut is not None else hi
    while hi - lo > 1 and _is_affix(title[spans[lo][0] : spans[lo][1]], keys):
        lo += 1
    return title[spans[lo][0] : spans[hi - 1][1]].strip()


def _h1_inside(title: str, h1s: Sequence[str]) -> str | None:
    """An h1 that is the title minus short leading/trailing segments (a leading match first:
    "Headline | Site" is the common order)."""
    spans = _segments(title)
    if len(spans) < 2:
        return None
    keys = {norm_name(h) for h in h1s}
    found: list[tuple[bool, int, str]] = []
    for i in range(len(spans)):
        for j in range(i + 1, len(spans) + 1):
            if (i, j) == (0, len(spans)):
                continue
            cand = title[spans[i][0] : spans[j - 1][1]].strip()
            if norm_name(cand) not in keys:
                continue
            rest = " ".join(title[a:b] for a, b in spans[:i] + spans[j:]).strip()
            short = len(_WORD.findall(rest)) <= _MAX_AFFIX_WORDS or len(rest) < 0.4 * len(title)
            # The h1 must be the main part; CJK "words" are whole phrases, so count chars too.
            if short and len(cand) >= len(rest):
                found.append((i == 0, len(cand), cand))
    return max(found)[2] if found else None


def _is_generic(title: str) -> bool:
    """Only a navigation word such as "Home", with punctuation around it."""
    return " ".join(_WORD.findall(title.casefold())) in _GENERIC_TITLES


def _site_like(text: str, keys: Sequence[str]) -> bool:
    """A known site name, or a short run of capitalised words (name links, digits and domain
    names allowed): "Example News", "France 24", "Archive of Our Own", "example.com"."""
    words = [w for w in text.split() if any(ch.isalnum() for ch in w)]
    if not words:
        return True
    if _is_affix(text, keys):
        return True
    if len(words) > _MAX_SITE_WORDS:
        return False
    for i, word in enumerate(words):
        if i and word.lower() in _NAME_LINKS:
            continue
        first = next((ch for ch in word if ch.isalpha()), "")
        if first.islower() and "." not in word.strip("."):
            return False
    return True


def _h1_in_title(title: str, h1s: Sequence[str], keys: Sequence[str]) -> str | None:
    """An h1 that a `<title>` holds whole, with only a site-name-like affix before and/or
    after it, set off by a separator ("Example News: Headline", "Headline ‹ Site")."""
    for h1 in h1s:
        for m in re.finditer(re.escape(h1), title, re.IGNORECASE):
            before, after = title[: m.start()], title[m.end() :]
            if not before.strip() and not after.strip():
                continue
            rest: list[str] = []
            if before.strip():
                sep = _LEADING_AFFIX.search(before)
                if sep is None:
                    continue
                rest.append(before[: sep.start()])
            if after.strip():
                sep = _TRAILING_AFFIX.match(after)
                if sep is None:
                    continue
                rest.append(after[sep.end() :])
            # The h1 is the main part (longer than the affixes together); each affix a name.
            if sum(len(r) for r in rest) < len(h1) and all(_site_like(r, keys) for r in rest):
                return h1
    return None


def _overlap(a: str, b: str) -> float:
    wa, wb = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def _short_suffix(title: str) -> str:
    spans = _segments(title)
    if len(spans) < 2:
        return title
    last = title[spans[-1][0] : spans[-1][1]]
    head = title[spans[0][0] : spans[-2][1]]
    if (
        len(_WORD.findall(last)) <= _MAX_SHORT_SUFFIX_WORDS
        and len(_WORD.findall(head)) >= _MIN_HEADLINE_WORDS
    ):
        return head.strip()
    return title


def choose_title(
    candidates: Sequence[tuple[str, str | None]],
    doc_title: str | None,
    h1s: Sequence[str],
    site_names: Iterable[str],
) -> tuple[str | None, str | None]:
    """(title, provenance) from metadata candidates in trust order, `<title>` and h1s."""
    site_names = [s for s in site_names if s]
    h1s = [h for h in (_TRAILING_MARK.sub("", _clean(h)) for h in h1s) if h]
    doc = _clean(doc_title)
    if h1s and _is_generic(doc):
        doc = ""  # "- Home" loses to the page's h1
    doc_clean = strip_affixes(doc, site_names) if doc else ""
    meta = [(src, t) for src, t in ((src, _clean(t)) for src, t in candidates) if t]
    if h1s:
        meta = [(src, t) for src, t in meta if not _is_generic(t)]  # "Home" loses to the h1
    if meta:
        source, title = meta[0]
        # JSON-LD headline vs name: take the one the <title> or h1 agrees with.
        if len(meta) > 1 and source == "jsonld:headline" and meta[1][0] == "jsonld:name":
            ref = [doc_clean, *h1s]
            if max((_overlap(meta[1][1], r) for r in ref if r), default=0) > max(
                (_overlap(title, r) for r in ref if r), default=0
            ):
                source, title = meta[1]
        # A site-wide default title while <title> and h1 agree on something else.
        agreed = doc_clean and any(norm_name(h) == norm_name(doc_clean) for h in h1s)
        if agreed and _overlap(title, doc_clean) < _MIN_OVERLAP:
            source, title = "html:title+h1", doc_clean
    elif doc:
        source, title = "html:title", doc
    elif len(h1s) == 1:
        return h1s[0], "html:h1"
    else:
        return None, None
    stripped = strip_affixes(title, site_names)
    h1 = _h1_inside(stripped, h1s)
    if h1 is not None:
        return h1, f"{source}+h1"
    if source == "html:title":
        h1 = _h1_in_title(stripped, h1s, _site_keys(site_names))
        if h1 is not None:
            return h1, f"{source}+h1"
        if stripped == title:
            stripped = _short_suffix(title)
    return stripped, source
