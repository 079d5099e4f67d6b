"""Character clean-up of metadata candidates (names, titles) before they are parsed.

Pages put characters that render as nothing into metadata: a zero-width space or a soft
hyphen left by a CMS, a byte-order mark pasted with the text, a word joiner. They make a name
fail the "letters only" test and keep a title from matching its h1. Decomposed (NFD) letters
("e" + U+0301) do the same, so candidates are composed (NFC) as the record's text is.

The zero-width non-joiner and joiner (U+200C, U+200D) are never removed: they are spelling
in Persian, Arabic and Indic scripts ("می‌خواهم") and glue emoji sequences.
"""

from __future__ import annotations

import unicodedata

__all__ = ["clean_chars"]

# Soft hyphen, zero-width space, word joiner, byte-order mark (zero-width no-break space).
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"), None)


def clean_chars(text: str) -> str:
    """`text` without invisible characters, in NFC. Spaces are left as they are."""
    text = text.translate(_INVISIBLE)
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text)
