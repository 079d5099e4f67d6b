"""Hostile input never crashes, never hangs, never loses data (issue 8, USER_NEEDS E1-E5).

Every case of the hostile-corpus generator (tests/hostile/generate.py) through `extract()`,
then the limits one by one. The time bounds here are hang guards (10-100x what the code
needs), not benchmarks: those live in bench/hostile_build.py.
"""

from __future__ import annotations

import codecs
import json
import time
import unicodedata

import pytest
from hostile.generate import CASES, RECORD, Case, page, paras, prose, sentinel

import cleaner
from cleaner import dom
from cleaner.api import Extractor, RawDoc, cached_extractor, extract_result
from cleaner.decode import decode_html, detection_sample, utf16_without_bom
from cleaner.errors import Drop
from cleaner.record import to_json_line
from cleaner.sniff import sniff, xml_root

# Known failures in files this suite does not own; remove the mark when fixed.
KNOWN: dict[str, str] = {}


def _params() -> list:
    return [pytest.param(c, id=c.name, marks=[pytest.mark.xfail(reason=KNOWN[c.name],
                                                                 strict=True)]
                         if c.name in KNOWN else []) for c in CASES]


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return cached_extractor(None, True)


@pytest.mark.parametrize("case", _params())
def test_hostile_case(case: Case, extractor: Extractor) -> None:
    result = extractor.explain(RawDoc(case.filename, case.data(), charset=case.charset))
    got = RECORD if result.record is not None else result.reason
    assert got == case.expect, f"{case.what}: {result.reason}: {result.detail}"
    if result.record is None:
        assert result.detail, "a reject must say why"
        return
    text = result.record["text"]
    for phrase in case.contains:
        assert phrase in text, f"{case.what}: lost {phrase[:40]!r}"
    for phrase in case.not_contains:
        assert phrase not in text, f"{case.what}: {phrase!r} in the text"
    if case.title is not None:
        assert result.record["title"] == case.title
    assert unicodedata.is_normalized("NFC", text)
    line = to_json_line(result.record)
    assert json.loads(line.encode("utf-8"))["text"] == text


# ---- E1: empty, binary, not HTML ----------------------------------------------------------

@pytest.mark.parametrize("value", ["", "   ", b"", None, "<html>", "plain text", b"%PDF-1.4",
                                   b"\x1f\x8b\x08\x00", b"\x00" * 100, "<p></p>"])
def test_extract_never_raises_on_trivial_input(value: object) -> None:
    result = extract_result(value)  # type: ignore[arg-type]
    assert result.record is None and result.reason and result.detail


@pytest.mark.parametrize("data, detail", [
    (b'{"a": "<p>x</p>"}', "JSON"),
    (b'<?xml version="1.0"?>\n<!-- feed --><rss><channel><p>x</p></channel></rss>', "<rss>"),
    (b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY a "<b>">]><urlset/>', "<urlset>"),
    (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><p>x</p></svg>', "<svg>"),
])
def test_non_html_documents_are_named(data: bytes, detail: str) -> None:
    with pytest.raises(Drop) as info:
        sniff(data)
    assert info.value.reason == "not-html" and detail in info.value.detail


@pytest.mark.parametrize("data", [
    b'<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY x "y">]>\n<html><body><p>x</p></body></html>',
    b'<?xml version="1.0"?><body><p>x</p></body>',
    b'[if IE]><p>conditional comment debris</p><html><body>x</body></html>',
])
def test_xhtml_and_odd_starts_pass_the_sniffer(data: bytes) -> None:
    sniff(data)


def test_xml_root_skips_declaration_doctype_and_comments() -> None:
    doc = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "]">]>\n<!-- c -->\n<feed xmlns="a"/>'
    assert xml_root(doc) == "feed"


# ---- encodings (USER_NEEDS C5) ------------------------------------------------------------

def test_utf16_and_utf32_pass_the_sniffer_and_decode() -> None:
    html = "<html><body><p>Été à Paris</p></body></html>"
    for data in (html.encode("utf-16-le"), html.encode("utf-16-be"), html.encode("utf-32"),
                 codecs.BOM_UTF32_BE + html.encode("utf-32-be")):
        sniff(data)
        assert "Été à Paris" in decode_html(data)
    assert utf16_without_bom(html.encode("utf-16-be")) == "utf-16-be"
    assert utf16_without_bom(b"<html><body>plain</body></html>") is None


def test_mostly_utf8_keeps_utf8_and_reads_stray_bytes_as_cp1252() -> None:
    data = "<p>Déjà vu, naïve café, crème brûlée</p>".encode() + "<p>l’été</p>".encode("cp1252")
    assert decode_html(data) == "<p>Déjà vu, naïve café, crème brûlée</p><p>l’été</p>"


def test_a_few_utf8_lookalikes_do_not_make_cp1251_utf8() -> None:
    # "Ей" in cp1251 is C5 E9, not UTF-8; "Аё" is C0 B8: a valid-looking UTF-8 pair.
    text = "<p>" + "Ей Аё сказали, что ёлка в Ёлкино стоит." * 20 + "</p>"
    assert decode_html(text.encode("cp1251")) == text


def test_cesu8_pairs_are_joined_and_lone_surrogates_replaced() -> None:
    pair = "\U0001F600".encode("utf-16-be")
    cesu = b"".join(chr(int.from_bytes(pair[i:i + 2], "big")).encode("utf-8", "surrogatepass")
                    for i in (0, 2))
    text = decode_html("<p>é ".encode() * 20 + cesu + b" \xed\xb0\x80</p>")
    assert "\U0001F600" in text and "\ufffd" in text
    assert all(not 0xD800 <= ord(ch) < 0xE000 for ch in text)


def test_page_cut_inside_a_character_loses_only_that_character() -> None:
    data = ("<p>" + "Жители региона " * 30).encode()
    assert decode_html(data[:-1]) == ("<p>" + "Жители региона " * 30)[:-1]
    assert decode_html(data[:-2]).endswith("регион")


def test_control_characters_are_removed_before_parsing() -> None:
    assert dom.markup_bytes("<p>a\x00b\x01c\x1bd\x7fe\tf\ng\x0ch</p>") == b"<p>abcde\tf\ng\x0ch</p>"
    assert dom.markup_bytes("<p>x\u0085y\u009fz \u00a0é</p>") == "<p>xyz \u00a0é</p>".encode()
    root = dom.parse(decode_html(b"<p>a\x00b\x1bc</p>"))
    assert dom.text_content(root) == "abc"


def test_str_input_with_lone_surrogates() -> None:
    body = paras(prose("surrogate"))
    result = extract_result(page(body.replace("part 1", "part \ud800 1")))
    assert result.record is not None
    assert "\ud800" not in result.record["text"]
    to_json_line(result.record).encode("utf-8")


def test_detection_sample_skips_ascii_bulk() -> None:
    data = b"<script>" + b"x" * 100_000 + b"</script><p>" + "阿塞拜疆".encode("gb18030") + b"</p>"
    sample = detection_sample(data)
    assert len(sample) < 100 and "阿塞拜疆".encode("gb18030") in sample


# ---- E3: depth ----------------------------------------------------------------------------

def _deep_page(depth: int, tag: str = "div", close: bool = True) -> str:
    end = f"</{tag}>" * depth if close else ""
    return page(f"<{tag}>" * depth + paras(prose(f"deep{depth}")) + end
                + "<p>This closing paragraph comes after the deep part.</p>")


def _max_depth(root: dom.HtmlElement) -> int:
    from lxml import etree

    depth = deepest = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


@pytest.mark.parametrize("depth", [250, 256, 257, 300, 1000, 2040, 2048, 2100, 20_000])
def test_deep_nesting_keeps_all_text(depth: int) -> None:
    result = extract_result(_deep_page(depth))
    assert result.record is not None, result.detail
    text = result.record["text"]
    assert f"Sentinel {sentinel(f'deep{depth}')} part 0" in text
    assert f"Sentinel {sentinel(f'deep{depth}')} part 3" in text
    assert text.rstrip().endswith("after the deep part.")
    # the paragraphs stay paragraphs, even below the flattening depth
    assert text.count("\n\n") >= 4


@pytest.mark.parametrize("tag", ["div", "span", "b", "table", "ul", "blockquote"])
def test_parse_bounds_depth(tag: str) -> None:
    root = dom.parse(_deep_page(5000, tag, close=tag != "b"))
    assert _max_depth(root) <= dom.MAX_DEPTH + 3  # + tr/td added under a flattened table
    assert sentinel("deep5000") in dom.text_content(root)


def test_hundred_thousand_levels_do_not_hang() -> None:
    start = time.perf_counter()
    result = extract_result(_deep_page(100_000))
    assert time.perf_counter() - start < 20  # ~0.5 s; a hang guard, not a benchmark
    assert result.record is not None and sentinel("deep100000") in result.record["text"]


def test_flatten_markup_keeps_text_and_shallow_tags() -> None:
    html = "<div>" * 5 + "<p>a</p><script>if (a<b) {}</script><p>b" + "</div>" * 5 + "<p>c</p>"
    flat = dom.flatten_markup(html, max_depth=3)
    assert flat.startswith("<div><div><div><br>")
    assert "a" in flat and "b" in flat and "<p>c</p>" in flat
    assert "if (a<b)" not in flat  # a script below the cut is code, not text
    assert flat.count("<div>") == 3 and flat.count("</div>") == 3


def test_flatten_markup_handles_stray_and_unclosed_tags() -> None:
    html = "</p></div>" + "<b>" * 10 + "x" + "</i>" * 3 + "<li>1<li>2<li>3"
    flat = dom.flatten_markup(html, max_depth=4)
    assert "x" in flat and "1" in flat and "3" in flat
    assert flat.count("<b>") == 4


def test_flatten_deep_turns_blocks_into_lines_and_drops_scripts() -> None:
    root = dom.parse("<html><body>" + "<div>" * 10 + "<p>one</p><script>code()</script>"
                     "<p>two</p>tail" + "</div>" * 10 + "</body></html>")
    assert dom.flatten_deep(root, max_depth=5) == 1
    assert _max_depth(root) == 6  # the floor at 5 holds text and <br>s only
    assert {el.tag for el in root.iter() if len(list(el.iterancestors())) == 5} == {"br"}
    text = dom.text_content(root)
    assert "one" in text and "two" in text and "tail" in text and "code()" not in text


def test_recursive_stages_survive_the_flattened_depth_under_a_deep_stack() -> None:
    """The text walker recurses once per level: at MAX_DEPTH it must still fit in Python's
    default recursion limit when the caller is already 300 frames deep."""
    html = _deep_page(dom.MAX_DEPTH * 4)

    def nested(n: int) -> dict | None:
        return cleaner.extract(html) if n == 0 else nested(n - 1)

    record = nested(300)
    assert record is not None and sentinel(f"deep{dom.MAX_DEPTH * 4}") in record["text"]


# ---- E4: size ----------------------------------------------------------------------------

def test_input_over_the_limit_is_rejected_before_parsing() -> None:
    ex = Extractor.load(max_bytes=1000)
    start = time.perf_counter()
    result = ex.explain(RawDoc("big", b"<p>" + b"x" * 5000 + b"</p>"))
    assert result.reason == "too-large" and "1000" in (result.detail or "")
    assert time.perf_counter() - start < 1


def test_attribute_flood_is_cut_not_quadratic() -> None:
    attrs = " ".join(f"a{i}=v" for i in range(100_000))
    html = f"<html><body><p {attrs}>kept text</p></body></html>"
    start = time.perf_counter()
    root = dom.parse(html)
    assert time.perf_counter() - start < 5  # uncut: ~15 s in libxml2
    p = root.find(".//p")
    assert p is not None and p.text == "kept text" and len(p.attrib) == dom.MAX_ATTRIBUTES


def test_limit_attributes_leaves_normal_and_long_valued_tags_alone() -> None:
    html = '<p class="a" data-x="' + "y" * 50_000 + '">t</p>'
    assert dom.limit_attributes(html) == html


def test_limit_attributes_never_cuts_scripts() -> None:
    body = " ".join(f"word{i}" for i in range(5000))
    html = ('<script type="application/ld+json">{"articleBody": "x<y ' + body + '"}</script>'
            "<p>after</p>")
    assert dom.limit_attributes(html) == html


@pytest.mark.parametrize("n", [20_000, 80_000])
def test_many_brs_are_linear(n: int) -> None:
    html = page("<p>" + "a line of verse<br>" * n + "</p>")
    start = time.perf_counter()
    result = extract_result(html)
    assert time.perf_counter() - start < n / 4000  # ~25 us each; a quadratic walk is minutes
    assert result.record is not None and result.record["text"].count("a line of verse") == n


# ---- E5: XML attacks ---------------------------------------------------------------------

def test_billion_laughs_is_not_expanded() -> None:
    from hostile.generate import case

    start = time.perf_counter()
    result = extract_result(case("billion-laughs").data())
    assert time.perf_counter() - start < 5
    assert result.record is not None and "lollol" not in result.record["text"]


@pytest.mark.parametrize("name", ["xxe-file", "xxe-external-dtd"])
def test_external_entities_are_never_fetched(name: str, tmp_path) -> None:
    from hostile.generate import case

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    data = case(name).data().replace(b"file:///etc/passwd", secret.as_uri().encode())
    result = extract_result(data)
    assert result.record is not None
    assert "TOP-SECRET" not in to_json_line(result.record)


def test_parser_options_forbid_network_and_keep_entities_unresolved() -> None:
    parser = dom.make_parser()
    root = dom.parse('<!DOCTYPE html [<!ENTITY e SYSTEM "http://127.0.0.1:9/x">]>'
                     "<html><body><p>a &e; b</p></body></html>", parser)
    assert "127.0.0.1" not in dom.text_content(root)


# ---- output is always valid UTF-8 JSON (USER_NEEDS C7) ------------------------------------

@pytest.mark.parametrize("value", [
    "lone \ud800 high", "lone \udfff low", "pair \ud83d\ude00", "nul \x00 esc \x1b",
    "line sep \u2028 para sep \u2029", "bom \ufeff", "non-char \uffff",
])
def test_to_json_line_is_always_valid(value: str) -> None:
    line = to_json_line({"id": "x", "text": value, "authors": [value], value: 1})
    parsed = json.loads(line.encode("utf-8"))
    assert "\n" not in line and parsed["id"] == "x"
    if "\ud83d" in value:
        assert "\U0001F600" in parsed["text"]


def test_to_json_line_never_fails_on_odd_values() -> None:
    import datetime

    line = to_json_line({"a": float("nan"), "b": {3, 1}, "c": datetime.date(2020, 1, 2),
                         "d": (1, 2), "e": float("inf")})
    assert json.loads(line) == {"a": None, "b": [1, 3], "c": "2020-01-02", "d": [1, 2],
                                "e": None}


def test_clean_records_take_the_fast_path_unchanged() -> None:
    record = {"id": "x", "text": "Été à Paris — 東京", "n": 3}
    assert to_json_line(record) == json.dumps(record, ensure_ascii=False, separators=(",", ":"))


# ---- tree edits with characters lxml refuses ----------------------------------------------

@pytest.mark.parametrize("html", [
    '<html><head></head><body><meta class="" hidden="">0\x0c</body></html>',  # hypothesis
    "<html><body><div><p hidden>x</p>&#12;&#1;&#xFFFE; tail</div></body></html>",
])
def test_moving_text_with_control_characters_does_not_crash(html: str) -> None:
    assert extract_result(html).reason != "internal-error"


def test_remove_keeps_a_tail_lxml_would_refuse() -> None:
    root = dom.parse("<html><body><div><b>x</b>&#12;kept&#1;</div></body></html>")
    b = root.find(".//b")
    assert b is not None
    dom.remove(b)
    div = root.find(".//div")
    assert div is not None and "kept" in (div.text or "")


@pytest.mark.parametrize("markup", [
    b"<html><body><p>a</p></BODY >b</Html\n>c",
    b"x</body", b"</b", b"</h", b"", b"<", b">", b"plain text",
    b"</bo\xc2\x85dy><p>C1 inside an end tag: kept as a tag after C1 removal</p>",
    b"\xc2\x85</body>\xc2\x9f<p>\xc2\xa0nbsp</p></html>",
    b"\x00</body\x00>\x7f<p>controls</p>",
    b"<div " + b"a=1 " * 1200 + b">cut</div></body></html>",
    b"<a " + b"x " * 1500 + b"></body><b " + b"y " * 1200 + b">",
    b"<script>var s = '<i " + b"z=1 " * 1100 + b">';</script></body>",
    b"<p>" + b"long text without tags " * 200 + b"</p></body>",
    "<p>caf\u00e9 \u00a0</p></body>".encode(),
])
def test_prepared_markup_is_markup_bytes_then_limit_attributes(markup: bytes) -> None:
    """dom._prepared (one numpy pass over '<' and '>') gives libxml2 exactly the bytes of
    the regex forms of both steps: control characters, </body>, </html> and C1 removed by
    regex (_regex_markup_bytes), then limit_attributes' regex scan for long tags (its text
    form); and their count of '<'."""
    want = dom.limit_attributes(_regex_markup_bytes(markup).decode("utf-8")).encode("utf-8")
    assert dom.markup_bytes(markup) == _regex_markup_bytes(markup)
    assert dom.limit_attributes(_regex_markup_bytes(markup)) == want
    assert dom._prepared(markup) == (want, want.count(b"<"))
    text = markup.decode("utf-8", "replace")
    want = dom.limit_attributes(_regex_markup_bytes(text))
    assert dom._prepared(text) == (want, want.count(b"<"))


def _regex_markup_bytes(markup: str | bytes) -> bytes:
    """dom.markup_bytes as regex substitutions, the reference for its numpy form."""
    data = markup.encode("utf-8", "replace") if isinstance(markup, str) else markup
    data = data.translate(None, dom._C0_AND_DEL)
    data = dom._END_OF_DOCUMENT.sub(b"", data)
    return dom._C1.sub(b"", data)
