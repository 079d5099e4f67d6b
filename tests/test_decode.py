"""Encodings: BOM > transport header > <meta charset> > detection (issue 8, USER_NEEDS C5)."""

import codecs

import pytest

from cleaner.decode import decode_html, meta_charset
from cleaner.errors import Drop

RUSSIAN = "Азербайджан объявил о начале антитеррористической операции в Карабахе. " * 4
CHINESE = "阿塞拜疆宣布在纳卡地区展开反恐行动。亚美尼亚方面表示局势相对稳定。" * 4
JAPANESE = "アゼルバイジャンはナゴルノ・カラバフで対テロ作戦を開始したと発表した。" * 4
FRENCH = "L'Azerbaïdjan a lancé une opération « antiterroriste » à Noël, été comme hiver. " * 4


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body><p>{body}</p></body></html>"


@pytest.mark.parametrize("text, codec", [
    (FRENCH, "utf-8-sig"), (FRENCH, "utf-16"), (RUSSIAN, "utf-16-be"),
])
def test_bom_wins(text: str, codec: str) -> None:
    data = page(text).encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert text in decode_html(data, declared="iso-8859-1")


@pytest.mark.parametrize("text, codec", [
    (FRENCH, "cp1252"), (RUSSIAN, "cp1251"), (CHINESE, "gb18030"), (JAPANESE, "shift_jis"),
])
def test_meta_charset(text: str, codec: str) -> None:
    data = page(text, f'<meta charset="{codec}">').encode(codec)
    assert decode_html(data) == page(text, f'<meta charset="{codec}">')


def test_meta_charset_after_long_head() -> None:
    script = "<script>" + "var x = 1;\n" * 3000 + "</script>"  # ~33 KB of ASCII
    html = page(CHINESE, script + '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    assert CHINESE in decode_html(html.encode("gb18030"))


def test_header_beats_meta() -> None:
    data = page(RUSSIAN, '<meta charset="iso-8859-1">').encode("cp1251")
    assert RUSSIAN in decode_html(data, declared="windows-1251")


def test_latin1_label_that_is_really_utf8() -> None:
    data = page(FRENCH, '<meta charset="iso-8859-1">').encode("utf-8")
    text = decode_html(data)
    assert FRENCH in text and "Ã" not in text


@pytest.mark.parametrize("label", ["iso-8859-15", "windows-1251", "koi8-r", "shift_jis",
                                   "gb2312", "euc-kr"])
def test_any_legacy_label_on_strict_utf8_bytes_is_utf8(label: str) -> None:
    """A page saved as UTF-8 that kept its old <meta> ("iso-8859-15" on el mundo's page)."""
    for text in (FRENCH, RUSSIAN, JAPANESE):
        decoded = decode_html(page(text, f'<meta charset="{label}">').encode("utf-8"))
        assert text in decoded and "Ã" not in decoded


def test_legacy_bytes_are_still_read_with_their_label() -> None:
    for text, codec in ((FRENCH, "iso-8859-15"), (RUSSIAN, "koi8-r"), (JAPANESE, "shift_jis"),
                        (CHINESE, "gb2312"), ("한국어 기사 본문입니다. " * 8, "euc-kr")):
        data = page(text, f'<meta charset="{codec}">').encode(codec)
        assert text in decode_html(data), codec


@pytest.mark.parametrize("text, codec", [(RUSSIAN, "cp1251"), (FRENCH, "cp1252")])
def test_undeclared_detection(text: str, codec: str) -> None:
    decoded = decode_html(page(text).encode(codec))
    assert text in decoded and "\ufffd" not in decoded


def test_meta_charset_parsing() -> None:
    assert meta_charset(b'<meta content="text/html; charset=Shift_JIS" http-equiv=x>') == "shift_jis"
    assert meta_charset(b"<?xml version='1.0' encoding='ISO-8859-2'?><html>") == "iso-8859-2"
    assert meta_charset(b"<html><body>no declaration</body></html>") is None


def test_unknown_label_falls_through() -> None:
    assert "x" in decode_html(page("x", '<meta charset="no-such-codec">').encode("utf-8"))


def test_drop_class_is_typed() -> None:
    assert issubclass(Drop, Exception)


@pytest.mark.parametrize("data, declared", [
    (page(FRENCH).encode("utf-8"), None),
    (page(FRENCH).encode("utf-8"), "iso-8859-1"),  # the usual lie: really UTF-8
    (page(FRENCH).encode("cp1252"), "iso-8859-1"),
    (page(FRENCH).encode("utf-8-sig"), None),
    (page(RUSSIAN).encode("cp1251"), "windows-1251"),
    (page(RUSSIAN).encode("utf-8"), "windows-1251"),  # a declared codec that also decodes
    (page(CHINESE, '<meta charset="gb2312">').encode("gb18030"), None),
    (page(JAPANESE).encode("utf-16"), None),
    (page("é ".encode().decode() * 30).encode() + b"\xe9 stray", None),  # mostly UTF-8
    (b"<p>plain ascii</p>", None),
])
def test_utf8_markup_is_the_decoded_text_as_utf8(data: bytes, declared: str | None) -> None:
    from cleaner.decode import utf8_markup

    assert utf8_markup(data, declared) == decode_html(data, declared).encode("utf-8", "replace")
