"""Non-HTML input is rejected with a specific reason before any parsing (USER_NEEDS E1)."""

import gzip

import pytest

from cleaner.errors import Drop
from cleaner.sniff import sniff


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"   \n\t  ", "empty"),
    (b"%PDF-1.7\n...", "binary"),
    (b"\x89PNG\r\n\x1a\n" + bytes(100), "binary"),
    (b"\xff\xd8\xff\xe0" + bytes(100), "binary"),
    (gzip.compress(b"<html></html>"), "binary"),
    (bytes(range(256)) * 4, "binary"),
    (b"just some plain text, no markup at all", "not-html"),
])
def test_rejects(data: bytes, reason: str) -> None:
    with pytest.raises(Drop) as info:
        sniff(data)
    assert info.value.reason == reason
    assert info.value.detail


@pytest.mark.parametrize("data", [
    b"<!DOCTYPE html><html><body><p>x</p></body></html>",
    b"<p>fragment</p>",
    "<html><body>été</body></html>".encode("utf-16"),
])
def test_accepts(data: bytes) -> None:
    sniff(data)
