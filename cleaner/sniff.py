"""Reject inputs that are not HTML before decoding them: empty, whitespace-only, binary
(images, PDF, archives, gzip that was not unpacked), plain text without markup, JSON, and XML
documents that are not XHTML (feeds, sitemaps, SVG)."""

from __future__ import annotations

import re

from cleaner.decode import sniff_bom, utf16_without_bom
from cleaner.errors import Drop

_MAGIC = (
    (b"%PDF", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"), (b"RIFF", "a RIFF (WebP/WAV/AVI) file"), (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip data"), (b"BZh", "bzip2 data"), (b"\xfd7zXZ", "xz data"),
    (b"\x28\xb5\x2f\xfd", "zstd data"), (b"7z\xbc\xaf", "a 7z archive"), (b"\x00\x00\x01\x00", "an icon"),
    (b"OggS", "an Ogg file"), (b"ID3", "an MP3 file"), (b"\x7fELF", "an ELF binary"),
    (b"wOFF", "a web font"), (b"wOF2", "a web font"),
)
# Share of NUL/control bytes in the first 4 KB above which the input is binary. UTF-16
# pages are full of NULs, so a UTF-16 BOM (checked first) exempts them.
_CONTROL_SHARE = 0.1
_SCAN = 4096
_MARKUP_HINTS = (b"<html", b"<body", b"<p", b"<div", b"<head", b"<!doctype", b"<title",
                 b"<article", b"<meta", b"<br", b"<span", b"<h1", b"<table", b"<?xml")


# The first element of an XML document (after the declaration, doctype and comments).
_XML_ROOT = re.compile(rb"\s*<([A-Za-z_][\w:.\-]*)")
_XML_SKIP = re.compile(rb"""\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[(?:"[^"]*"|'[^']*'|[^\]"'])*\])*>)""",
                       re.DOTALL | re.IGNORECASE)


_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])


def sniff(data: bytes) -> None:
    """Raise Drop with a specific reason unless `data` looks like an HTML document."""
    if not data:
        raise Drop("empty", "the file is empty")
    head = data[:_SCAN]
    bom = sniff_bom(head)
    if bom and bom[0] != "utf-8" or utf16_without_bom(head):
        return  # UTF-16/32: the decoder handles it (and all those NULs are not binary)
    if not head.strip():
        raise Drop("empty", "the file holds only whitespace")
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise Drop("binary", f"the file is {what}, not HTML")
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))  # in C, not per byte
    if controls > _CONTROL_SHARE * len(head):
        raise Drop("binary", "the file is binary, not HTML")
    lowered = data[:65536].lower()
    if not any(hint in lowered for hint in _MARKUP_HINTS):
        raise Drop("not-html", "no HTML markup in the file")
    start = lowered.lstrip(b"\xef\xbb\xbf \t\r\n")
    has_page = b"<html" in lowered or b"<body" in lowered
    if start[:1] in (b"{", b"[") and not has_page:
        raise Drop("not-html", "the file is JSON, not HTML")
    if start.startswith(b"<?xml") and not has_page:
        root = xml_root(start)
        if root is not None and root != "html":
            raise Drop("not-html", f"the file is an XML document (<{root}>), not HTML")


def xml_root(data: bytes) -> str | None:
    """The name of the first element of an XML document, lower-cased."""
    pos = 0
    while m := _XML_SKIP.match(data, pos):
        if m.end() == pos:
            break
        pos = m.end()
    m = _XML_ROOT.match(data, pos)
    return m.group(1).decode("ascii", "replace").lower() if m else None
