"""The one module that knows how a page becomes an lxml tree, and the small tree helpers the
other stages share.

Parsing limits (documented in docs/limits.md):
* The input size is capped before we get here (`api.MAX_INPUT_BYTES`, reject "too-large").
* `huge_tree` lifts libxml2's 10 MB text-node limit and its default depth limit of 256, so a
  huge `<script>` does not eclipse the article after it (parsel#110) and nesting between 256
  and 2048 is parsed, not cut (USER_NEEDS E3).
* Even with `huge_tree`, libxml2 2.14 stops at depth 2048 with a fatal error and silently
  drops *everything* after that point. When that happens the markup is re-parsed after
  `flatten_markup` has removed the tags that open deeper than `MAX_DEPTH`.
* Any tree deeper than `MAX_DEPTH` is flattened at that depth: the elements below it are
  unwrapped into their ancestor at depth `MAX_DEPTH`, block boundaries kept as `<br>`. Every
  word of text is kept; only the (meaningless) structure below that depth is lost. This also
  keeps the recursive tree walks of later stages (text.py) far from Python's recursion limit.
* Entities: the HTML parser never loads a DTD, never resolves external entities and never
  expands internal entity declarations (billion laughs, XXE); `no_network` makes sure of it.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any, AnyStr

from lxml import etree

from cleaner.errors import Drop

log = logging.getLogger(__name__)

# Plain lxml elements, not lxml.html's HtmlElement: lxml.html finds each element's class
# with a Python callback (HtmlElementClassLookup.lookup) every time an element object is
# created, ~750 times a page, 0.3 ms; here the lookup stays in C. Its one method in use,
# text_content(), is `text_content` below (bench/speed.py, 2026-12-02).
HtmlElement = etree._Element

# An element's text, descendants' included (what lxml.html's text_content() returns): as a
# plain str, not a "smart" string holding a reference to its element.
text_content = etree.XPath("string()", smart_strings=False)

# One parser, built on first use per process and then reused: building an HTMLParser costs
# more than parsing a small page. Comments and processing instructions never carry article
# text, so the parser drops them instead of every later stage skipping them.
# `huge_tree` lifts libxml2's depth (256) and text-node (10 MB) limits, so deeply nested
# content is kept instead of silently cut (USER_NEEDS E3); the input-size cap bounds the cost.
# collect_ids=False: no hash table of id attributes (for XPath's id(), which nothing here
# uses; CSS #id selectors compile to @id tests): 7% of the parse (0.07 ms a page).
_PARSER_OPTIONS = {"remove_comments": True, "remove_pis": True, "huge_tree": True,
                   "no_network": True, "encoding": "utf-8", "collect_ids": False}

# Deepest element kept as structure. The deepest page of the 191 benchmark and corpus pages
# is 51 levels; 256 is libxml2's own default limit (5x that), and keeps the recursive text
# walker (one Python frame a level) well inside Python's default recursion limit of 1000.
# Browsers do the same thing at 512 (Blink's kMaximumHTMLParserDOMTreeDepth).
MAX_DEPTH = 256

# Most attributes kept on one element. libxml2 checks each new attribute against all earlier
# ones (quadratic: 40,000 attributes take 2 s to parse, 200,000 take minutes). Real pages
# have at most 64 (the 191 benchmark and corpus pages); attributes never hold article text.
MAX_ATTRIBUTES = 1000

# Most elements in one page. The 311 benchmark pages have at most 9,888 (a long Wikipedia
# article); 250,000 is 25x that. Every later stage is linear in the element count, at
# ~12 us and ~600 bytes of Python objects an element: a 17 MB page of 1.4 million table
# cells took 18 s and 890 MB in one worker (USER_NEEDS E4, traf#704: a million rows). A
# page over the limit is rejected ("too-complex"), never cut short silently.
MAX_ELEMENTS = 250_000
_COUNT_ELEMENTS = etree.XPath("count(//*)")
# A start tag this long may hold more than MAX_ATTRIBUTES attributes (each takes >= 2 chars);
# only those are looked at. Scanning for them costs 1-3 ms per MB of markup.
_LONG_TAG = rf"<[A-Za-z][^<>]{{{2 * MAX_ATTRIBUTES},}}"
_TAG_NAME = r"<[^\s/>]*"
_ATTRIBUTE = r"""[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
# The same patterns for text and for UTF-8 bytes (in bytes, \s is ASCII whitespace, which is
# all HTML counts as whitespace in a tag).
_TEXT_PATTERNS = tuple(re.compile(p) for p in (_LONG_TAG, _TAG_NAME, _ATTRIBUTE))
_BYTES_PATTERNS = tuple(re.compile(p.encode()) for p in (_LONG_TAG, _TAG_NAME, _ATTRIBUTE))

_WS = re.compile(r"\s+")


def make_parser() -> etree.HTMLParser:
    """A parser for one worker; building one costs more than parsing a small page, so the
    extractor builds it once and passes it in."""
    return etree.HTMLParser(**_PARSER_OPTIONS)


def parse(markup: str | bytes, parser: etree.HTMLParser | None = None) -> HtmlElement:
    """Parse a page into the document root, at most `MAX_DEPTH` levels deep and with no text
    lost to libxml2's depth limit. `markup`: decoded text, or UTF-8 bytes (what
    decode.utf8_markup gives: a UTF-8 page is then never decoded and encoded again). Raises
    Drop for non-documents."""
    parser = parser or make_parser()
    data, opening = _prepared(markup)
    root = _parse(data, parser)
    # Every element but the few the parser implies (html, body, an implied p) starts with a
    # "<": a page with under half the limit of them is under it, uncounted.
    if opening > MAX_ELEMENTS // 2:
        elements = int(_COUNT_ELEMENTS(root))
        if elements > MAX_ELEMENTS:
            raise Drop("too-complex", f"{elements} elements > limit {MAX_ELEMENTS}")
    if _hit_depth_limit(parser):
        # libxml2 gave up at its hard depth limit and dropped the rest of the page: parse
        # again with the too-deep tags removed from the markup.
        log.debug("depth limit hit: re-parsing with tags deeper than %d removed", MAX_DEPTH)
        flat = flatten_markup(data.decode("utf-8", "replace"), MAX_DEPTH)
        root = _parse(markup_bytes(flat), parser)
    flattened = flatten_deep(root, MAX_DEPTH)
    if flattened:
        log.debug("flattened %d subtrees deeper than %d levels", flattened, MAX_DEPTH)
    return root


# Never rendered, never text: C0 controls but tab, LF, FF and CR, and DEL (in UTF-8 one byte
# each, never part of a multi-byte sequence), and C1 controls (U+0080-U+009F, C2 80-C2 9F).
# libxml2 would turn a NUL into U+FFFD and keep the others.
_C0_AND_DEL = bytes([*range(0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_C1 = re.compile(rb"\xc2[\x80-\x9f]")


# </body> and </html> end tags. HTML5 browsers ignore them where they stand (what follows a
# stray </body> still renders in the body); libxml2 instead puts that content beside
# <body>, or stops reading at a </html> inside <head>, and the article is lost. Without
# them, libxml2 closes both at the end of the document, as a browser renders the page.
_END_OF_DOCUMENT = re.compile(rb"</(?:body|html)\s*>", re.IGNORECASE)


def markup_bytes(markup: str | bytes) -> bytes:
    """The markup as UTF-8 for libxml2, without control characters and without </body> and
    </html> end tags; lone surrogates (from a str input) become '?' instead of failing to
    encode."""
    return _cleaned(markup)[0]


def _cleaned(markup: str | bytes) -> tuple[bytes, Any]:
    """markup_bytes(markup), and the positions of every '<' and '>' in it. One numpy pass
    over those positions gives the </body> and </html> candidates (and, in _prepared, the
    long start tags and the element count) where a regex scan for each took 0.45 ms a page
    (0.32 now, parse's preparation as a whole; the 181 ScrapingHub pages, 2026-12-02)."""
    import numpy as np

    data = markup.encode("utf-8", "replace") if isinstance(markup, str) else markup
    data = data.translate(None, _C0_AND_DEL)
    data, marks = _without_end_tags(data, _marks(data))
    codes = np.frombuffer(data, dtype=np.uint8)
    lead = np.flatnonzero(codes[:-1] == 0xC2)
    if len(lead) and ((codes[lead + 1] & 0xE0) == 0x80).any():
        data = _C1.sub(b"", data)  # rare: every position after the first one moves
        marks = _marks(data)
    return data, marks


def _prepared(markup: str | bytes) -> tuple[bytes, int]:
    """What parse gives libxml2, limit_attributes(markup_bytes(markup)), and the number of
    '<' in it, from one pass over the positions of '<' and '>' (_cleaned). tests/
    test_hostile.py compares the bytes with the regex forms of both steps."""
    import numpy as np

    data, marks = _cleaned(markup)
    # Cutting a long tag removes attributes, never a '<': count them first.
    opening = int(np.count_nonzero(np.frombuffer(data, dtype=np.uint8)[marks] == 0x3C))
    data = _cut_long_tags(data, _long_tag_spans(data, marks, 2 * MAX_ATTRIBUTES),
                          MAX_ATTRIBUTES)
    return data, opening


def _marks(data: bytes) -> Any:
    """Positions of every '<' and '>' in `data`, ascending (numpy int64 array)."""
    import numpy as np

    codes = np.frombuffer(data, dtype=np.uint8)
    return np.flatnonzero((codes | 2) == 0x3E)  # 0x3C | 2 == 0x3E; no other byte gives it


def _without_end_tags(data: bytes, marks: Any) -> tuple[bytes, Any]:
    """`data` without </body> and </html> (what _END_OF_DOCUMENT.sub removes), and the
    positions of '<' and '>' moved accordingly. Candidates are the '<' followed by '/' and
    b, B, h or H: a few per page, each checked with the regex."""
    import numpy as np

    codes = np.frombuffer(data, dtype=np.uint8)
    starts = marks[marks + 2 < len(codes)]
    starts = starts[(codes[starts] == 0x3C) & (codes[starts + 1] == 0x2F)]
    third = codes[starts + 2] | 0x20  # ASCII lower case
    spans = []
    for start in starts[(third == 0x62) | (third == 0x68)].tolist():
        found = _END_OF_DOCUMENT.match(data, start)
        if found:
            spans.append(found.span())
    if not spans:
        return data, marks
    pieces, kept, last, removed = [], [], 0, 0
    for start, end in spans:
        pieces.append(data[last:start])
        kept.append(marks[np.searchsorted(marks, last):np.searchsorted(marks, start)] - removed)
        removed += end - start
        last = end
    pieces.append(data[last:])
    kept.append(marks[np.searchsorted(marks, last):] - removed)
    return b"".join(pieces), np.concatenate(kept)


def _parse(data: bytes, parser: etree.HTMLParser) -> HtmlElement:
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise Drop("unparsable", str(exc)) from exc
    if root is None:
        raise Drop("unparsable", "the parser returned no document")
    return root


def limit_attributes(markup: AnyStr, max_attributes: int = MAX_ATTRIBUTES) -> AnyStr:
    """The markup (text or bytes) with every start tag cut to its first `max_attributes`
    attributes."""
    if isinstance(markup, bytes):
        spans = _long_tag_spans(markup, _marks(markup), 2 * max_attributes)
    else:
        pattern = _TEXT_PATTERNS[0] if max_attributes == MAX_ATTRIBUTES \
            else re.compile(rf"<[A-Za-z][^<>]{{{2 * max_attributes},}}")
        spans = [m.span() for m in pattern.finditer(markup)]
    return _cut_long_tags(markup, spans, max_attributes)


def _cut_long_tags(markup: AnyStr, spans: list[tuple[int, int]], max_attributes: int) -> AnyStr:
    """The markup with each start tag at `spans` that holds more than `max_attributes`
    attributes cut after its last allowed one."""
    binary = isinstance(markup, bytes)
    _, tag_name, attribute = _BYTES_PATTERNS if binary else _TEXT_PATTERNS
    equals = b"=" if binary else "="
    pieces: list[AnyStr] = []
    last = 0
    for start, stop in spans:
        tag = markup[start:stop]
        if len(tag.split(None, max_attributes)) <= max_attributes \
                and tag.count(equals) < max_attributes:
            continue  # too few words or values to hold that many attributes (minified JS)
        if _in_script(markup, start):
            continue  # "a<b ..." in a script (JSON-LD!) is not a tag: never cut it
        name_end = len(tag_name.match(tag).group(0))
        end = name_end
        for count, attr in enumerate(attribute.finditer(tag, name_end), 1):
            if count > max_attributes:
                log.debug("start tag %r cut to %d attributes", tag[:name_end], max_attributes)
                pieces += (markup[last:start], tag[:end])
                last = stop
                break
            end = attr.end()
    if not pieces:
        return markup
    pieces.append(markup[last:])
    return markup[:0].join(pieces)


def _long_tag_spans(data: bytes, marks: Any, length: int) -> list[tuple[int, int]]:
    """(start, end) of every match of `<[A-Za-z][^<>]{length,}` in `data` (a start tag that
    may hold too many attributes), from the positions of its '<' and '>' (`marks`): a '<'
    and a letter whose next '<' or '>' is at least length + 2 bytes on, up to there. 0.10 ms
    a page where the regex scan took 0.24 (2026-12-02)."""
    import numpy as np

    if not len(marks):
        return []
    ends = np.append(marks[1:], len(data))
    spans = []
    for k in np.flatnonzero(ends - marks >= length + 2).tolist():
        start = int(marks[k])
        if data[start] == 0x3C and data[start + 1:start + 2].isalpha():
            spans.append((start, int(ends[k])))
    return spans


def _in_script(markup: str | bytes, pos: int) -> bool:
    """Whether `pos` lies inside a <script> or <style> element (only asked for the rare
    long-tag candidates, so plain rfind is fast enough)."""
    for name in ("script", "style"):
        for spelled in (name, name.upper()):
            opening, closing = f"<{spelled}", f"</{spelled}"
            if isinstance(markup, bytes):
                if markup.rfind(opening.encode(), 0, pos) > markup.rfind(closing.encode(), 0, pos):
                    return True
            elif markup.rfind(opening, 0, pos) > markup.rfind(closing, 0, pos):
                return True
    return False


def _hit_depth_limit(parser: etree.HTMLParser) -> bool:
    return any(err.type_name == "ERR_RESOURCE_LIMIT" and "depth" in err.message
               for err in parser.error_log)


@functools.cache
def _floors_xpath(max_depth: int) -> etree.XPath:
    """Elements at depth `max_depth` (the root is depth 1) that have element children. One
    XPath evaluated in libxml2: 0.14 ms a page against 0.40 ms for a Python iterwalk over
    the 181 benchmark pages (2026-12-01), and still iterative on any depth."""
    return etree.XPath("*/" * (max_depth - 2) + "*[*]")


def flatten_deep(root: HtmlElement, max_depth: int = MAX_DEPTH) -> int:
    """Unwrap every element deeper than `max_depth` into its ancestor at that depth, keeping
    all text (and block boundaries as `<br>`). Returns the number of subtrees flattened.
    The floors come from one XPath in libxml2, so it is safe on trees of any depth."""
    floors = _floors_xpath(max_depth)(root)
    for floor in floors:
        _unwrap_descendants(floor)
    return len(floors)


def _unwrap_descendants(floor: HtmlElement) -> None:
    from cleaner.text import BLOCK_TAGS, SKIP_TAGS  # lazy: text imports this module

    # What the text walker would skip (scripts, styles, forms...) must not become text.
    for el in [e for e in floor.iterdescendants() if e.tag in SKIP_TAGS]:
        parent = el.getparent()
        if parent is not None:
            if el.tail:
                _keep_tail(el, parent, el.tail)
            parent.remove(el)
    tags: set[str] = set()
    for el in list(floor.iterdescendants()):
        tag = el.tag
        if not isinstance(tag, str):
            tags.add(tag)  # an entity or comment a custom parser kept
            continue
        tags.add(tag)
        if tag in BLOCK_TAGS:
            el.addprevious(etree.Element("br"))
            el.append(etree.Element("br"))
    tags.discard("br")
    etree.strip_tags(floor, *tags)
    if floor.tag in _ROW_GROUPS:
        _into_cell(floor)
    # Consecutive <br>s with nothing between them (nested blocks) separate nothing: keep one,
    # so a 100,000-level page does not become 200,000 empty lines for the later stages.
    blank = not (floor.text or "").strip()  # no text since the start or the last <br>
    for child in list(floor):
        has_tail = bool((child.tail or "").strip())
        if child.tag == "br" and blank:
            if child.tail:
                _keep_tail(child, floor, child.tail)
            floor.remove(child)
            blank = not has_tail
            continue
        blank = child.tag == "br" and not has_tail


# Text directly inside these is not in any cell, and the text stage reads tables by cells.
_ROW_GROUPS = frozenset({"table", "thead", "tbody", "tfoot", "tr"})


def _into_cell(floor: HtmlElement) -> None:
    """Move a flattened table part's content into a cell (and row) of its own."""
    cell = floor.makeelement("td", {})
    set_text(cell, floor.text)
    floor.text = None
    for child in list(floor):
        cell.append(child)
    if floor.tag == "tr":
        floor.append(cell)
    else:
        row = floor.makeelement("tr", {})
        row.append(cell)
        floor.append(row)


# The markup pass used only when libxml2 has hit its hard depth limit. Tokens: comments,
# end and start tags (attribute values holding ">" may end a tag early: the worst that does
# is let some text of the tag into the page, never lose page text).
_TOKEN = re.compile(r"<!--.*?(?:-->|\Z)|<(/?)([A-Za-z][^\s/>]*)[^>]*>", re.DOTALL)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen",
                   "link", "meta", "param", "source", "track", "wbr", "basefont", "frame"})
# Elements whose content is raw text: a "<div>" inside a script is not a tag.
_RAW = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                  "noframes", "plaintext"})
# An open element of this name is closed by a new start tag of the same name (p inside p).
_SELF_CLOSING_SIBLINGS = frozenset({"p", "li", "dt", "dd", "option", "tr", "td", "th"})
_MARKUP_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "center", "dd", "details", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tr", "td",
    "th", "ul"})


@functools.cache
def _raw_end(name: str) -> re.Pattern[str]:
    return re.compile(rf"</{name}\b[^>]*>", re.IGNORECASE)


def flatten_markup(text: str, max_depth: int = MAX_DEPTH) -> str:
    """The markup with every start and end tag that would open deeper than `max_depth`
    removed (a removed block tag becomes `<br>`, so paragraphs stay apart). Text is never
    removed. Linear time: each open element is pushed and popped once."""
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # (tag, kept) of the open elements
    open_count: dict[str, int] = {}
    kept_depth = 0
    pos = 0
    after_break = False  # nothing but whitespace since the last <br> written

    def emit(piece: str) -> None:
        nonlocal after_break
        if piece == "<br>":
            if after_break:
                return
            after_break = True
        elif piece.strip():  # text or a tag
            after_break = False
        out.append(piece)

    def pop() -> tuple[str, bool]:
        nonlocal kept_depth
        name, kept = stack.pop()
        open_count[name] -= 1
        kept_depth -= kept
        return name, kept

    while (m := _TOKEN.search(text, pos)) is not None:
        emit(text[pos:m.start()])
        pos = m.end()
        name = (m.group(2) or "").lower()
        if not name:  # a comment: the parser removes comments anyway
            continue
        if m.group(1):  # an end tag
            if not open_count.get(name):
                continue  # a stray end tag: the parser would ignore it too
            while True:
                top, kept = pop()
                if top == name:
                    break
            emit(m.group(0) if kept else ("<br>" if name in _MARKUP_BLOCKS else ""))
            continue
        if name in _VOID:
            emit(m.group(0))
            continue
        if name in _RAW:
            close = _raw_end(name).search(text, pos)
            end = close.end() if close else len(text)
            if kept_depth < max_depth:
                emit(text[m.start():end])  # kept whole, raw text and all
            pos = end
            continue
        if name in _SELF_CLOSING_SIBLINGS and stack and stack[-1][0] == name:
            _, kept = pop()
            if not kept:
                emit("<br>")
        kept = kept_depth < max_depth
        stack.append((name, kept))
        open_count[name] = open_count.get(name, 0) + 1
        kept_depth += kept
        emit(m.group(0) if kept else ("<br>" if name in _MARKUP_BLOCKS else ""))
    emit(text[pos:])
    return "".join(out)


def collapse(text: str) -> str:
    """Collapse runs of whitespace to single spaces and trim."""
    return _WS.sub(" ", text).strip()


def tokens(el: HtmlElement) -> str:
    """The element's class and id, as written (vocabulary matching splits camelCase, so
    case must survive until then)."""
    cls = el.get("class")
    ident = el.get("id")
    if cls and ident:
        return f"{cls} {ident}"
    return cls or ident or ""


def remove(el: HtmlElement) -> None:
    """Remove an element but keep its tail text in the document (inline neighbours), and
    the word break it stood for: a whitespace-only tail stays as a space, and so does an
    element that only held a separator (zeit.de's <span class="visually-hidden">: </span>
    between a kicker and a headline: "Zugverkehr" and "Im ICE ..." were glued)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if (tail is not None and not tail.strip()) or (not tail and _separator(el)):
        tail = " "
    if tail:
        _keep_tail(el, parent, tail)
    parent.remove(el)


def _separator(el: HtmlElement) -> bool:
    """Whether `el` holds nothing but a separator between words (": ", " | ", " ")."""
    text = el.text
    return len(el) == 0 and bool(text) and any(c.isspace() for c in text) \
        and not text.strip(_SEPARATOR_CHARS)


_SEPARATOR_CHARS = " \t\n\r\xa0:|·•–—-/,;"


def _keep_tail(el: HtmlElement, parent: HtmlElement, tail: str) -> None:
    prev = el.getprevious()
    if prev is not None:
        set_tail(prev, (prev.tail or "") + tail)
    else:
        set_text(parent, (parent.text or "") + tail)


# What lxml refuses to assign as text: C0 controls but tab, LF and CR; surrogates; U+FFFE and
# U+FFFF. The HTML parser lets them into the tree (character references such as &#12;), so
# moving a parsed string from one node to another can fail without this.
_XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def set_text(el: HtmlElement, value: str | None) -> None:
    """`el.text = value`, with the characters lxml refuses replaced by spaces."""
    try:
        el.text = value
    except ValueError:
        el.text = _XML_INCOMPATIBLE.sub(" ", value or "")


def set_tail(el: HtmlElement, value: str | None) -> None:
    """`el.tail = value`, with the characters lxml refuses replaced by spaces."""
    try:
        el.tail = value
    except ValueError:
        el.tail = _XML_INCOMPATIBLE.sub(" ", value or "")


def remove_all(elements: Iterable[HtmlElement]) -> int:
    """Remove every element (outermost first is fine: removed descendants are skipped)."""
    count = 0
    for el in list(elements):
        if el.getparent() is not None:
            remove(el)
            count += 1
    return count


def iter_elements(root: HtmlElement) -> Iterator[HtmlElement]:
    """Real elements only (no comments/entities even if a parser kept some)."""
    for el in root.iter():
        if isinstance(el.tag, str):
            yield el
