"""Property-based tests (hypothesis): `extract()` on arbitrary bytes, arbitrary markup and
mutated real pages never raises, never needs the internal-error safety net, and returns NFC
text in records that serialise to valid UTF-8 JSON (issue 8, USER_NEEDS E1/E2).

Runs are bounded and derandomized so the file takes well under a minute on 2 cores; for a
longer random fuzzing session:  HYPOTHESIS_PROFILE=fuzz pytest tests/test_properties.py
"""

from __future__ import annotations

import gzip
import json
import os
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner.api import Extraction, extract_result
from cleaner.record import to_json_line

settings.register_profile("ci", max_examples=120, deadline=None, derandomize=True,
                          database=None, suppress_health_check=list(HealthCheck))
settings.register_profile("fuzz", max_examples=3000, deadline=None,
                          suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

PAGES_DIR = Path(__file__).resolve().parent.parent / "bench" / "data" / "scrapinghub" / "html"


@cache
def real_pages() -> list[bytes]:
    """The ten smallest benchmark pages (6-10 KB gzip'd, 20-40 KB of HTML): real markup,
    scripts, JSON-LD and all, small enough for a hundred extractions a second."""
    files = sorted(PAGES_DIR.glob("*.html.gz"), key=lambda p: (p.stat().st_size, p.name))[:10]
    return [gzip.decompress(p.read_bytes()) for p in files]


def assert_sound(result: Extraction) -> None:
    """The contract of every extraction, whatever went in."""
    if result.record is None:
        assert result.reason and result.reason != "internal-error", result.detail
        return
    record = result.record
    text = record["text"]
    assert text and isinstance(text, str)
    assert unicodedata.is_normalized("NFC", text)
    line = to_json_line(record)
    assert json.loads(line.encode("utf-8")) == json.loads(json.dumps(record))
    json.dumps(record, ensure_ascii=False).encode("utf-8")  # no lone surrogates anywhere


def test_metadata_is_nfc_too() -> None:
    """Found by test_arbitrary_markup: a decomposed title stays decomposed."""
    record = extract_result("<html><head><title>Cafe\u0301 A\u0300</title></head><body>"
                            "<article><p>" + "Some plain words of the article. " * 10
                            + "</p></article></body></html>").record
    assert record is not None
    assert unicodedata.is_normalized("NFC", record["title"])


# ---- arbitrary bytes -----------------------------------------------------------------------

@given(st.binary(max_size=4096))
def test_arbitrary_bytes(data: bytes) -> None:
    assert_sound(extract_result(data))


_PREFIXES = [b"", b"<html><body><p>", b"\xef\xbb\xbf<p>", b"\xff\xfe", b"<?xml version='1.0'?>",
             b"<!DOCTYPE html [<!ENTITY a 'b'>]><p>", b"<meta charset=shift_jis><p>"]


@given(st.sampled_from(_PREFIXES), st.binary(max_size=2048))
def test_arbitrary_bytes_behind_a_markup_prefix(prefix: bytes, data: bytes) -> None:
    """Random bytes alone are nearly always rejected as binary; behind a prefix they reach
    the decoder, the parser and the later stages."""
    assert_sound(extract_result(prefix + data))


@given(st.text(max_size=2000))
def test_arbitrary_str(text: str) -> None:
    assert_sound(extract_result("<html><body><article><p>" + text))


# ---- arbitrary markup ----------------------------------------------------------------------

_TAGS = ["div", "p", "span", "a", "b", "i", "h1", "h2", "li", "ul", "table", "tr", "td",
         "script", "style", "br", "article", "nav", "section", "pre", "blockquote", "figure",
         "figcaption", "noscript", "template", "svg", "iframe", "title", "meta", "img"]
_ATTRS = ["class", "id", "href", "itemprop", "property", "content", "rel", "lang", "hidden",
          "style", "datetime", "name"]
_WORDS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40) | \
    st.sampled_from(["Reuters", "(AFP)", "By Jane Doe", "Subscribe", "2023-09-19", "&amp;",
                     "&#0;", "&#xD800;", "&nbsp;", "<!--", "-->", "]]>", "\u0301", "e\u0301",
                     "\u200b", "\ufeff", "A" * 300])


@st.composite
def markup(draw: Any) -> str:
    def element(depth: int) -> str:
        tag = draw(st.sampled_from(_TAGS))
        attrs = "".join(f' {a}="{draw(_WORDS)}"' for a in
                        draw(st.lists(st.sampled_from(_ATTRS), max_size=3)))
        if depth > 6 or draw(st.booleans()):
            inner = draw(_WORDS)
        else:
            inner = "".join(element(depth + 1) for _ in range(draw(st.integers(0, 4))))
        close = "" if draw(st.integers(0, 9)) == 0 else f"</{tag}>"  # sometimes unclosed
        return f"<{tag}{attrs}>{inner}{close}"

    head = draw(st.sampled_from(["", "<title>T</title>", ('<script type="application/ld+json">'
                                 '{"@type":"NewsArticle","headline":"H","author":[{"name":'
                                 '"A"}]</script>')]))
    body = "".join(element(0) for _ in range(draw(st.integers(1, 6))))
    return f"<html><head>{head}</head><body>{body}</body></html>"


@given(markup())
def test_arbitrary_markup(html: str) -> None:
    assert_sound(extract_result(html))
    assert_sound(extract_result(html.encode("utf-8"), rules=False))


# ---- mutated real pages --------------------------------------------------------------------

_TAG = re.compile(rb"<[^<>]{0,200}>")
_SNIPPETS = [b"<div>" * 300, b"</html>", b"<script>", b"<!--", b"<![CDATA[", b"\x00",
             b"\xff\xfe", b"\xed\xa0\x80", b"&#0;", b"<br>" * 500, b"</p>" * 50,
             b"<table><tr><td>" * 100, b'<meta charset="utf-16">', b'<meta charset="koi8-r">',
             b"<!DOCTYPE html [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>", b"&x;",
             b'<script type="application/ld+json">{"@type": [[[[', b"\xc3", b"\xe2\x80"]


@st.composite
def mutated_page(draw: Any) -> bytes:
    data = bytearray(draw(st.sampled_from(real_pages())))
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "truncate", "drop-tag", "dup-tag", "insert",
                                     "delete-range"]))
        size = len(data)
        if size < 2:
            break
        at = draw(st.integers(0, size - 1))
        if kind == "flip":
            data[at] = draw(st.integers(0, 255))
        elif kind == "truncate":
            del data[at:]
        elif kind in ("drop-tag", "dup-tag"):
            m = _TAG.search(bytes(data), at)
            if m:
                piece = b"" if kind == "drop-tag" else m.group(0) * draw(st.integers(2, 50))
                data[m.start():m.end()] = piece
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from(_SNIPPETS))
        else:
            del data[at:at + draw(st.integers(1, 2000))]
    return bytes(data)


@given(mutated_page())
def test_mutated_real_pages(data: bytes) -> None:
    assert_sound(extract_result(data))


# ---- malformed markup keeps the text (E2) --------------------------------------------------

SENTINEL = "The harbour authority confirmed that the night ferry will run again from Monday."


@st.composite
def malformed_article(draw: Any) -> str:
    paras = [f"<p>Paragraph {i} of the story, long enough to be counted as article text by "
             f"the generic extractor, with a few more plain words in it.</p>" for i in range(5)]
    paras.insert(draw(st.integers(0, 5)), f"<p>{SENTINEL}</p>")
    body = "".join(paras)
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["unclose-p", "dup-id", "empty-a", "bad-heading",
                                     "unclosed-b", "stray-end", "no-title"]))
        if kind == "unclose-p":
            body = body.replace("</p>", "", draw(st.integers(1, 6)))
        elif kind == "dup-id":
            body = body.replace("<p>", '<p id="same">')
        elif kind == "empty-a":
            body = body.replace("<p>", "<p><a></a><a href=''></a>", 2)
        elif kind == "bad-heading":
            body = "<h2>Sub-heading</h3>" + body
        elif kind == "unclosed-b":
            body = body.replace("<p>", "<p><b>", 1)
        elif kind == "stray-end":
            body = body.replace("<p>", "</div></span></td><p>", 2)
    title = "" if draw(st.booleans()) else "<title>Ferry to run again</title>"
    return (f"<html><head>{title}</head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>Ferry to run again</h1>{body}</article>"
            f"<footer>Copyright</footer></body></html>")


@given(malformed_article())
def test_malformed_markup_keeps_the_sentinel(html: str) -> None:
    result = extract_result(html)
    assert_sound(result)
    assert result.record is not None and SENTINEL in result.record["text"]
