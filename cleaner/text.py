"""Blocks -> paragraphs: walk a body element and emit one `Block` per paragraph, heading,
list item, quote, table row or preformatted block, with inline whitespace as a browser would
render it (no words glued across inline tags, none split inside words)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from cleaner.dom import HtmlElement, text_content

# Elements that start a new block. Everything else is inline and joins its neighbours.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav",
    "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul",
    "caption", "html", "legend", "option", "picture", "video", "audio",
})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "meta",
                       "link", "svg", "math", "iframe", "object", "embed", "canvas", "button",
                       "select", "input", "textarea", "option", "map", "source", "track"})
CELL_TAGS = frozenset({"td", "th"})

_SPACES = re.compile(r"[ \t\n\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Characters that render as nothing: soft hyphen, zero-width space, word joiner, BOM.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"), None)
# Zero-width (non-)joiners are spelling in Persian, Arabic and Indic scripts ("می‌خواهم") and
# glue emoji sequences, so they stay; beside a Latin letter, a space or a text edge they
# only split words for a tokenizer, so they go there.
_STRAY_JOINER = re.compile(
    r"(?:(?<=[A-Za-z\u00c0-\u024f\s])|^)[\u200c\u200d]+|[\u200c\u200d]+(?=[A-Za-z\u00c0-\u024f\s]|$)")
# Control characters reach the text through character references (&#1;, &#x7f;) even though
# dom.parse strips them from the bytes: C0 (but tab, newline, return), DEL and C1 go.
_INVISIBLE.update(dict.fromkeys([*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20),
                                 *range(0x7f, 0xa0)], None))
_INVISIBLE[0x0b] = _INVISIBLE[0x0c] = " "  # vertical tab and form feed separate words
# Any character of _INVISIBLE: a regex scan (C) finds out whether str.translate, which looks
# every character up in a dict, has anything to do: most text has nothing (half the cost of
# normalize() on the benchmark pages).
_ANY_INVISIBLE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_INVISIBLE)) + "]")


@dataclass(slots=True)
class Block:
    """One paragraph-level unit of text. `kind`: p, h (heading), li, quote, row, pre."""

    kind: str
    text: str
    link_chars: int = 0
    element: HtmlElement | None = None


def normalize(text: str) -> str:
    """The record's text policy: NFC, NBSP and exotic spaces -> space, invisible characters
    removed, runs of whitespace collapsed (USER_NEEDS C6)."""
    if _ANY_INVISIBLE.search(text):
        text = text.translate(_INVISIBLE)
    if "\u200c" in text or "\u200d" in text:
        text = _STRAY_JOINER.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    return unicodedata.normalize("NFC", text)


_BR = "\x1e"  # stands for <br> until flush; never survives normalize()


class _Walker:
    """Accumulates inline text and flushes it into blocks at block boundaries."""

    __slots__ = ("blocks", "_parts", "_links", "_kind", "_owner")

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._links = 0
        self._kind = "p"
        self._owner: HtmlElement | None = None

    def flush(self) -> None:
        if self._parts:
            raw = "".join(self._parts)
            lines = raw.split(_BR) if _BR in raw else [raw]
            for line in lines:
                text = normalize(line)
                if text:
                    links = self._links if len(lines) == 1 else 0
                    self.blocks.append(Block(self._kind, text, links, self._owner))
        self._parts = []
        self._links = 0

    def add(self, text: str | None, owner: HtmlElement, kind: str, in_link: bool) -> None:
        if not text:
            return
        if not self._parts:
            self._owner = owner
            self._kind = kind
        self._parts.append(text)
        if in_link:
            self._links += len(text.strip())

    def walk(self, el: HtmlElement, kind: str = "p", in_link: bool = False) -> None:
        tag = el.tag
        if not isinstance(tag, str) or tag in SKIP_TAGS:
            return
        if tag == "br":
            if self._parts:  # a leading <br> separates nothing
                self._parts.append(_BR)
            return
        if tag == "table":
            self.flush()
            self._table(el, in_link)
            return
        if tag == "pre":
            self.flush()
            text = text_content(el).strip("\n")
            if text.strip():
                self.blocks.append(Block("pre", unicodedata.normalize("NFC", text), 0, el))
            return
        is_block = tag in BLOCK_TAGS
        if is_block:
            self.flush()
            kind = _block_kind(tag, kind)
        elif tag == "a":
            in_link = True
        elif tag in CELL_TAGS:
            self._parts.append(" ")
        self.add(el.text, el, kind, in_link)
        for child in el:
            self.walk(child, kind, in_link)
            if child.tail:
                self.add(child.tail, el, kind, in_link)
        if is_block:
            self.flush()

    def _table(self, table: HtmlElement, in_link: bool) -> None:
        """Tables become one block per row, cells joined by ' | ' (USER_NEEDS A17). A layout
        table (a cell holding block content) is walked as ordinary blocks instead."""
        rows = table_rows(table)
        if any(holds_blocks(cell) or cell.find(".//table") is not None
               for tr in rows for cell in tr if cell.tag in CELL_TAGS):
            for child in table:
                self.walk(child, "p", in_link)
            return
        start = len(self.blocks)
        stray = normalize(" ".join(_stray_text(table)))
        if stray:  # text written straight into <table>: browsers show it above the table
            self.blocks.append(Block("p", stray, 0, table))
        for tr in rows:
            cells = [_cell_text(c) for c in tr if c.tag in CELL_TAGS]
            cells = [c for c in cells if c]
            if cells:
                links = sum(len(text_content(a)) for a in tr.iter("a"))
                self.blocks.append(Block("row", " | ".join(cells), links, tr))
        caption = table.find("caption")
        if caption is not None and normalize(text_content(caption)):
            self.blocks.insert(start, Block(
                "p", normalize(text_content(caption)), 0, caption))


def _cell_text(cell: HtmlElement) -> str:
    """A cell's text as rendered: lines (<br>, list items, paragraphs) joined by a space,
    never glued ("9:00<br>14:00" is "9:00 14:00", not "9:0014:00")."""
    if len(cell) == 0:
        return normalize(cell.text or "")
    walker = _Walker()
    walker.walk(cell)
    walker.flush()
    return " ".join(block.text for block in walker.blocks)


def _stray_text(table: HtmlElement) -> list[str]:
    """Text that sits in a table outside every cell (table, tbody, thead, tfoot and tr text
    and tails), which lxml keeps where a browser would hoist it out."""
    out = [table.text or ""]
    for part in table:
        out.append(part.tail or "")
        if part.tag in ("tbody", "thead", "tfoot", "tr"):
            out.append(part.text or "")
            out.extend(child.tail or "" for child in part)
    return [t for t in out if t.strip()]


def table_rows(table: HtmlElement) -> list[HtmlElement]:
    """The table's own rows, not those of tables nested in its cells."""
    return [tr for tr in table.iter("tr") if _nearest_table(tr) is table]


def holds_blocks(cell: HtmlElement) -> bool:
    """A cell holding paragraphs or divs: the mark of a layout table."""
    return cell.find(".//p") is not None or cell.find(".//div") is not None


def _nearest_table(el: HtmlElement) -> HtmlElement | None:
    parent = el.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _block_kind(tag: str, inherited: str) -> str:
    if tag in HEADING_TAGS:
        return "h"
    if tag == "li" or tag == "dd" or tag == "dt":
        return "li"
    if tag == "blockquote":
        return "quote"
    if inherited in {"quote", "li"}:
        return inherited
    return "p"


def blocks_of(roots: list[HtmlElement]) -> list[Block]:
    """Every text block under the given body roots, in document order; a <br> splits a
    block into lines, each its own block."""
    walker = _Walker()
    for root in roots:
        walker.walk(root)
        walker.flush()
    return walker.blocks


def render(blocks: list[Block]) -> str:
    """Paragraphs separated by one blank line; consecutive list items and table rows one a
    line (USER_NEEDS A14, A17)."""
    parts: list[str] = []
    prev = ""
    for block in blocks:
        if parts and block.kind == prev and block.kind in {"li", "row"}:
            parts.append("\n")
        elif parts:
            parts.append("\n\n")
        parts.append(block.text)
        prev = block.kind
    return "".join(parts)
