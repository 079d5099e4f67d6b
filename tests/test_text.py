"""Blocks -> paragraphs: whitespace, lists, tables, <br>, headings (USER_NEEDS A14-A20)."""

import pytest

from cleaner.dom import parse
from cleaner.text import blocks_of, normalize, render


def text_of(body_html: str) -> str:
    root = parse(f"<html><body>{body_html}</body></html>")
    return render(blocks_of([root.find("body")]))


@pytest.mark.parametrize("html, expected", [
    ("<p>foo<b>bar</b> baz</p>", "foobar baz"),
    ("<p><span>a</span> <span>b</span></p>", "a b"),
    ("<p><span>N</span>o one</p>", "No one"),
    ("<p>one</p><p>two</p>", "one\n\ntwo"),
    ("<p>line one<br>line two</p>", "line one\n\nline two"),
    ("<p><br>after a leading break</p>", "after a leading break"),
    ("<ul><li>a</li><li>b <i>c</i></li></ul>", "a\nb c"),
    ("<ol><li><span>x</span></li><li>y</li></ol><p>after</p>", "x\ny\n\nafter"),
    ("<table><tr><th>k</th><th>v</th></tr><tr><td>1</td><td>2</td></tr></table>", "k | v\n1 | 2"),
    ("<h2>Sub</h2><p>body</p>", "Sub\n\nbody"),
    ("<div>loose <a href='#'>link</a> text<p>para</p>tail</div>", "loose link text\n\npara\n\ntail"),
    ("<p>a\u00a0b\u200bc soft\u00adhyphen</p>", "a bc softhyphen"),
    ("<p>e\u0301</p>", "\u00e9"),
    ("<blockquote><p>quoted</p></blockquote>", "quoted"),
    ("<p>x<script>var a=1;</script>y</p>", "xy"),
])
def test_rendering(html: str, expected: str) -> None:
    assert text_of(html) == expected


def test_block_kinds() -> None:
    root = parse("<html><body><h3>H</h3><p>p</p><ul><li>i</li></ul>"
                 "<blockquote>q</blockquote><pre>  code\n  more</pre></body></html>")
    kinds = [(b.kind, b.text) for b in blocks_of([root.find("body")])]
    assert kinds == [("h", "H"), ("p", "p"), ("li", "i"), ("quote", "q"),
                     ("pre", "  code\n  more")]


def test_link_characters_counted() -> None:
    root = parse("<html><body><p><a href='#'>abc</a>de</p></body></html>")
    (block,) = blocks_of([root.find("body")])
    assert block.link_chars == 3


def test_layout_table_is_walked_as_blocks() -> None:
    assert text_of("<table><tr><td><p>first</p><p>second</p></td></tr></table>") == \
        "first\n\nsecond"


def test_normalize_is_nfc_and_collapses_space() -> None:
    assert normalize("  a \t\n b\u2009c ") == "a b c"


def test_control_characters_from_references_are_removed() -> None:
    # &#1; and &#x7f; arrive as characters after parsing; &#128; is the euro sign (HTML5).
    assert text_of("<p>a&#1;b&#x7f;c &#128;&#xb;d</p>") == "abc € d"


def test_text_written_straight_into_a_table_is_kept() -> None:
    html = ("<table><caption>Cap</caption>Loose words<tr><td>1</td><td>2</td></tr>"
            "<tr><td></td></tr><tr><td>3</td><td>4</td></tr></table>")
    assert text_of(html) == "Cap\n\nLoose words\n\n1 | 2\n3 | 4"


@pytest.mark.parametrize("cell, expected", [
    ("<td>9:00<br>14:00</td><td>Mon</td>", "9:00 14:00 | Mon"),
    ("<td><ul><li>9:00</li><li>14:00</li></ul></td><td>Tue</td>", "9:00 14:00 | Tue"),
    ("<td><p>one</p><p>two</p></td><td>x</td><td>y</td>", None),  # block cells: layout
    ("<td>a <b>b</b>c</td><td>d</td>", "a bc | d"),
])
def test_cell_lines_are_never_glued(cell: str, expected: str | None) -> None:
    rows = f"<table><tr>{cell}</tr><tr><td>r2</td><td>z</td></tr></table>"
    text = text_of(rows)
    if expected is not None:
        assert text.splitlines()[0] == expected
    else:
        assert "onetwo" not in text


@pytest.mark.parametrize("raw, expected", [
    ("می\u200cخواهم", "می\u200cخواهم"),  # Persian: the ZWNJ is spelling
    ("👨\u200d👩\u200d👧 family", "👨\u200d👩\u200d👧 family"),  # an emoji ZWJ sequence
    ("नमस्\u200dते", "नमस्\u200dते"),  # Devanagari
    ("foo\u200cbar \u200dbaz", "foobar baz"),  # between Latin letters: only splits words
    ("a\u200b\u00adb\ufeff", "ab"),
])
def test_joiners_stay_where_scripts_need_them(raw: str, expected: str) -> None:
    assert normalize(raw) == expected
