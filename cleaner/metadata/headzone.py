"""The article's head: the short lines right after the headline or at the start of the article.

Bylines and datelines without a class that names them ("<p>By Ann Smith</p>",
"<p>Published: April 30, 2024</p>") are only trusted here, where a page puts its own byline:
a few elements after an h1, or at the start of an `<article>`/`<main>`. Further down they
are part of the story, or of another article's teaser. Elements inside nav/aside/footer are
never head lines; callers add their own checks on the container (comments, related...).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from cleaner.pageindex import index_of

__all__ = ["HeadLine", "head_lines", "innermost"]

_WS = re.compile(r"\s+")
# Anchors: the first h1s (a logo h1 in the site header may come before the headline's), then
# the first article/main elements for pages whose headline is not an h1.
_H1S = 3
_ARTICLES = 2
# Head lines are found once per page with this bound, then each reader takes those within
# its own (bylines 150, datelines 200, relative dates 60 characters).
MAX_CHARS = 200
# Elements after an anchor, in document order. A head (headline, standfirst, byline,
# dateline, share bar, lead image and caption) is a few dozen elements; share icons are
# svg subtrees of several elements each, hence the margin.
_MAX_ELEMENTS = 80
# Text passed before a head line, in characters: a kicker and a two-sentence standfirst come
# to about 300; past 500 the story has begun, and a "By ..." line there is the story's.
_MAX_TEXT_BEFORE = 500
_NOT_LINES = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "img",
        "picture",
        "source",
        "iframe",
        "button",
        "form",
        "input",
        "select",
        "option",
        "textarea",
        "figure",
        "figcaption",
        "h1",
        "h2",
    ]
)
# Never a head line, nor anything inside one. Not "form": some frameworks wrap a whole page
# in one.
_OUT_OF_ARTICLE = frozenset(["nav", "aside", "footer", "button", "figure"])


@dataclass(frozen=True, slots=True)
class HeadLine:
    element: Any
    text: str  # whitespace-normalised text content


def _out_of_article(el: Any) -> bool:
    """`el` is, or is inside, one of `_OUT_OF_ARTICLE`."""
    return any(
        isinstance(a.tag, str) and a.tag in _OUT_OF_ARTICLE
        for a in (el, *el.iterancestors())
    )


def _following(anchor: Any) -> Iterator[Any]:
    """The nodes after `anchor` in document order, its own descendants left out. Lazy: an
    XPath following:: axis is evaluated to the end of the document first."""
    node = anchor
    while node is not None:
        for sibling in node.itersiblings():
            yield sibling
            yield from sibling.iterdescendants()
        node = node.getparent()


def _window(anchor: Any, after: bool) -> Iterator[Any]:
    """Elements of one anchor's window whose text is at most `_MAX_TEXT_BEFORE` characters
    into it. After an h1 inside an `<article>`, the window ends with that article: what
    follows is another story's."""
    # Every ancestor of a window element is an ancestor of the anchor, the anchor itself, or
    # an earlier window element (document order): what holds for the parent is known.
    lineage = [anchor, *anchor.iterancestors()]
    story = next((a for a in lineage[1:] if a.tag == "article"), None) if after else None
    in_story = set(lineage[: lineage.index(story) + 1]) if story is not None else set()
    out_of_article: set[Any] = set()
    passed = 0
    nodes = _following(anchor) if after else anchor.iterdescendants()
    for el in islice((n for n in nodes if isinstance(n.tag, str)), _MAX_ELEMENTS):
        tag = el.tag
        parent = el.getparent()
        if passed > _MAX_TEXT_BEFORE:
            return
        if story is not None:
            if parent not in in_story:
                return
            in_story.add(el)
        if tag in _OUT_OF_ARTICLE or parent in out_of_article:
            out_of_article.add(el)
        elif tag and tag not in _NOT_LINES:
            yield el
        # Own text only (text before the first child, tail after the element): each piece
        # of the page's text is counted once.
        if tag not in ("script", "style", "template"):
            passed += len((el.text or "").strip())
        passed += len((el.tail or "").strip())


def _short_text(el: Any, max_chars: int) -> str | None:
    """The element's whitespace-normalised text, or None when it is over `max_chars`
    (found without building the text of a wrapper that holds the whole story)."""
    parts: list[str] = []
    visible = 0  # characters other than whitespace: a lower bound of the final length
    for chunk in el.itertext():
        parts.append(chunk)
        visible += len("".join(chunk.split()))
        if visible > max_chars:
            return None
    text = _WS.sub(" ", "".join(parts)).strip()
    return text if len(text) <= max_chars else None


def head_lines(page: Any, max_chars: int) -> list[HeadLine]:
    """Short elements (at most `max_chars` <= MAX_CHARS of text) in the article's head, in
    anchor order (after each h1, then inside each article/main), each element once.
    `page`: the document root or its PageIndex (which keeps the lines for other readers)."""
    if max_chars > MAX_CHARS:
        raise ValueError(f"head lines are at most {MAX_CHARS} characters, not {max_chars}")
    index = index_of(page)
    lines = index.memo.get("head_lines")
    if lines is None:
        lines = index.memo["head_lines"] = _head_lines(index)
    return [line for line in lines if len(line.text) <= max_chars]


def _head_lines(index: Any) -> list[HeadLine]:
    out: list[HeadLine] = []
    seen: set[Any] = set()
    windows = [(h1, True) for h1 in index.tag("h1")[:_H1S] if not _out_of_article(h1)]
    windows += [(art, False) for art in index.tags("article", "main")[:_ARTICLES]
                if not _out_of_article(art)]
    for anchor, after in windows:
        for el in _window(anchor, after):
            if el in seen:
                continue
            seen.add(el)
            text = _short_text(el, MAX_CHARS)
            if text:
                out.append(HeadLine(el, text))
    return out


def innermost(lines: list[HeadLine], keep: Callable[[HeadLine], bool]) -> list[HeadLine]:
    """The lines `keep` accepts that contain no other accepted line (a wrapper holding
    "By A" and "Published: ..." gives way to the two lines themselves)."""
    kept = [line for line in lines if keep(line)]
    elements = {line.element for line in kept}
    return [
        line
        for line in kept
        if not any(d in elements for d in line.element.iterdescendants())
    ]
