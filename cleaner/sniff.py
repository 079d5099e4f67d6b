"""Reject inputs that are not HTML before decoding them: empty, whitespace-only, binary
(images, PDF, archives, gzip that was not unpacked) or plain text without markup."""

from __future__ import annotations

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


def sniff(data: bytes) -> None:
    """Raise Drop with a specific reason unless `data` looks like an HTML document."""
    if not data:
        raise Drop("empty", "the file is empty")
    head = data[:_SCAN]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # UTF-16 with a BOM: the decoder handles it
    if not head.strip():
        raise Drop("empty", "the file holds only whitespace")
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise Drop("binary", f"the file is {what}, not HTML")
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if controls > _CONTROL_SHARE * len(head):
        raise Drop("binary", "the file is binary, not HTML")
    lowered = data[:65536].lower()
    if not any(hint in lowered for hint in _MARKUP_HINTS):
        raise Drop("not-html", "no HTML markup in the file")
