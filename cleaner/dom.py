"""The one module that knows how a page becomes an lxml tree, and the small tree helpers the
other stages share."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from lxml import etree, html

from cleaner.errors import Drop

HtmlElement = html.HtmlElement

# One parser, built on first use per process and then reused: building an HTMLParser costs
# more than parsing a small page. Comments and processing instructions never carry article
# text, so the parser drops them instead of every later stage skipping them.
# `huge_tree` lifts libxml2's depth (256) and text-node (10 MB) limits, so deeply nested
# content is kept instead of silently cut (USER_NEEDS E3); the input-size cap bounds the cost.
_PARSER_OPTIONS = dict(remove_comments=True, remove_pis=True, huge_tree=True,
                       no_network=True, encoding="utf-8")

_WS = re.compile(r"\s+")


def make_parser() -> html.HTMLParser:
    """A parser for one worker; building one costs more than parsing a small page, so the
    extractor builds it once and passes it in."""
    return html.HTMLParser(**_PARSER_OPTIONS)


def parse(text: str, parser: html.HTMLParser | None = None) -> HtmlElement:
    """Parse decoded HTML into the document root. Raises Drop for non-documents."""
    data = text.encode("utf-8", "surrogatepass")
    try:
        root = html.document_fromstring(data, parser=parser or make_parser())
    except (etree.ParserError, ValueError) as exc:
        raise Drop("unparsable", str(exc)) from exc
    if root is None:
        raise Drop("unparsable", "the parser returned no document")
    return root


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
    """Remove an element but keep its tail text in the document (inline neighbours)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


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
