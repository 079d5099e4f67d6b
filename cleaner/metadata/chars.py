"""Character clean-up of metadata candidates (names, titles) before they are parsed.

Pages put characters that render as nothing into metadata: a zero-width space or a soft
hyphen left by a CMS, a byte-order mark pasted with the text, a word joiner. They make a name
fail the "letters only" test and keep a title from matching its h1. Decomposed (NFD) letters
("e" + U+0301) do the same, so candidates are composed (NFC) as the record's text is.

The zero-width non-joiner and joiner (U+200C, U+200D) are never removed: they are spelling
in Persian, Arabic and Indic scripts ("می‌خواهم") and glue emoji sequences.

Character references left in a value are decoded: a CMS that escapes its titles twice puts
"doesn&#8217;t" into og:title (the parser undoes one escape), and JSON-LD, being script
text, is never unescaped by the parser at all (Yoast's "headline": "Jean S\u00e9villia :
&#8220;L&#8217;\u00c9tat..."). 8 of the 181 ScrapingHub records had such a title
(2026-12-02). Only complete references ("&#8217;", "&#x2019;", "&amp;") are decoded: "AT&T"
and "Q&A" stay as they are.
"""

from __future__ import annotations

import html
import re
import unicodedata

__all__ = ["clean_chars", "decode_references"]

# Soft hyphen, zero-width space, word joiner, byte-order mark (zero-width no-break space).
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"), None)
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def clean_chars(text: str) -> str:
    """`text` with its character references decoded, without invisible characters, in NFC.
    Spaces are left as they are (a decoded "&nbsp;" is U+00A0, as in the page's text)."""
    if "&" in text:
        text = decode_references(text)
    text = text.translate(_INVISIBLE)
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text)


def decode_references(text: str) -> str:
    """Complete HTML character references decoded ("&#8217;" -> "’"), nothing else."""
    return _REFERENCE.sub(lambda m: html.unescape(m.group()), text)
