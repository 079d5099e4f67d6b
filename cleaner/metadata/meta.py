"""`<meta>`, `<link rel=canonical>`, `<title>` and `<html lang>`: one XPath pass each."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

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


def read_meta(root: Any) -> PageMeta:
    pm = PageMeta()
    vals = pm.values
    for el in root.xpath("//meta[@content]"):
        content = _clean(el.get("content"))
        if not content:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = el.get(attr)
            if key:
                for k in key.lower().split():  # "og:title twitter:title" (space-separated)
                    vals.setdefault(k, []).append(content)
    for href in root.xpath("//link[contains(translate(@rel,'CANOIL','canoil'),'canonical')]/@href"):
        href = _clean(href)
        if href:
            pm.canonical = href
            break
    titles = root.xpath("/html/head/title/text()") or root.xpath(
        "(//title[not(ancestor::svg)])[1]//text()"
    )
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
