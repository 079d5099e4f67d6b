"""`<meta>`, `<link rel=canonical>`, `<title>` and `<html lang>`, from the page's index."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from cleaner.pageindex import index_of

__all__ = ["PageMeta", "normalize_lang", "read_meta"]

_WS = re.compile(r"\s+")
_LANG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]{2,8})*$")
# ISO 639-2 codes that pages put where 639-1 belongs.
_LANG3 = {
    "eng": "en",
    "deu": "de",
    "ger": "de",
    "fra": "fr",
    "fre": "fr",
    "spa": "es",
    "ita": "it",
    "por": "pt",
    "nld": "nl",
    "dut": "nl",
    "rus": "ru",
    "ukr": "uk",
    "pol": "pl",
    "ces": "cs",
    "cze": "cs",
    "tur": "tr",
    "ara": "ar",
    "zho": "zh",
    "chi": "zh",
    "jpn": "ja",
    "kor": "ko",
    "swe": "sv",
    "nor": "no",
    "nob": "nb",
    "dan": "da",
    "fin": "fi",
    "hun": "hu",
    "ron": "ro",
    "rum": "ro",
    "bul": "bg",
    "ell": "el",
    "gre": "el",
    "heb": "he",
    "hin": "hi",
    "fas": "fa",
    "per": "fa",
    "hrv": "hr",
    "srp": "sr",
    "slk": "sk",
    "slo": "sk",
    "slv": "sl",
    "cat": "ca",
}


@dataclass(slots=True)
class PageMeta:
    """Meta values keyed by lower-cased property/name/itemprop/http-equiv, in page order."""

    values: dict[str, list[str]] = field(default_factory=dict)
    canonical: str | None = None
    title: str | None = None
    html_lang: str | None = None

    def first(self, *keys: str) -> tuple[str, str] | None:
        """(key, value) of the first key present with a non-empty value."""
        for key in keys:
            for v in self.values.get(key, ()):
                if v:
                    return key, v
        return None

    def all(self, *keys: str) -> list[tuple[str, str]]:
        return [(k, v) for k in keys for v in self.values.get(k, ()) if v]


def _clean(s: str | None) -> str:
    return _WS.sub(" ", s).strip() if s else ""


_CANONICAL_CASE = str.maketrans("CANOIL", "canoil")
_HEAD_TITLE = etree.XPath("/html/head/title/text()")
_ANY_TITLE = etree.XPath("(//title[not(ancestor::svg)])[1]//text()")


def read_meta(page: Any) -> PageMeta:
    """The page's <meta> values, canonical link, title and language (`page`: a root or a
    PageIndex)."""
    index = index_of(page)
    root = index.root
    pm = PageMeta()
    vals = pm.values
    for el in index.tag("meta"):
        content = _clean(el.get("content"))
        if not content:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = el.get(attr)
            if key:
                for k in key.lower().split():  # "og:title twitter:title" (space-separated)
                    vals.setdefault(k, []).append(content)
    for link in index.tag("link"):
        rel, href = link.get("rel"), link.get("href")
        if rel is None or href is None or "canonical" not in rel.translate(_CANONICAL_CASE):
            continue
        href = _clean(href)
        if href:
            pm.canonical = href
            break
    titles = _HEAD_TITLE(root) or _ANY_TITLE(root)
    pm.title = _clean("".join(titles)) or None
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    pm.html_lang = normalize_lang(lang)
    return pm


def normalize_lang(value: str | None) -> str | None:
    """ISO 639-1 from "en-US", "en_GB", "deu", "DE"; None when it is not a language tag."""
    if not value:
        return None
    m = _LANG.match(value.strip().split(",")[0].strip())
    if not m:
        return None
    code = m.group(1).lower()
    if len(code) == 3:
        return _LANG3.get(code)
    return code
