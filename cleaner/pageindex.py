"""A parsed page's elements by tag and by class/id, from one walk of the tree.

Metadata, images and the page URL each looked up a few kinds of elements with an XPath of
their own (`//h1`, `//meta[@content]`, `//@class[contains(., 'author') or ...]`): a dozen
walks of the whole tree per page, 0.1-0.2 ms each, and 0.9-1.3 ms for the class scans,
where libxml2 converts every class and id to a string again for each contains() test. One
walk that buckets the elements by tag and keeps each class/id string costs ~0.45 ms on the
ScrapingHub pages, and every lookup after it is a filter over a short list
(bench/speed.py, stage "metadata", 2026-12-01).

The index describes the tree as parsed. Build it before anything prunes the tree, and use
it only until then: a removed element would still be listed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from typing import Any

from lxml import etree

__all__ = ["PageIndex", "index_of"]

class PageIndex:
    """Elements of one parsed page: all of them in document order, by tag, and the class
    and id strings of those that have one."""

    __slots__ = ("_by_tag", "_itemprop_rel", "_names", "_position", "elements", "memo", "root")

    def __init__(self, root: Any) -> None:
        self.root = root
        self.elements = elements = list(root.iter(etree.Element))
        by_tag: dict[str, list[Any]] = {}
        get_bucket = by_tag.get
        for el in elements:  # the hot loop (~740 elements a page): local names only
            tag = el.tag
            bucket = get_bucket(tag)
            if bucket is None:
                by_tag[tag] = [el]
            else:
                bucket.append(el)
        self._by_tag = by_tag
        self._names: tuple[list[Any], str, list[int]] | None = None
        self._itemprop_rel: list[Any] | None = None
        self._position: dict[Any, int] | None = None
        # Results that several readers of the same page share (headzone's head lines).
        self.memo: dict[str, Any] = {}

    def tag(self, name: str) -> list[Any]:
        """The elements named `name`, in document order (do not modify the list)."""
        return self._by_tag.get(name, [])

    def tags(self, *names: str) -> list[Any]:
        """The elements named one of `names`, in document order."""
        present = [n for n in names if n in self._by_tag]
        if len(present) <= 1:
            return list(self.tag(present[0])) if present else []
        wanted = frozenset(present)
        return [el for el in self.elements if el.tag in wanted]

    def named(self, pattern: re.Pattern[str]) -> list[Any]:
        """Elements whose class or id attribute contains a match of `pattern` (literal
        words: it must not match a line break), in document order.

        The strings are searched as one text, one per line: a single regex scan in C
        instead of a search call per element (~400 a page)."""
        if self._names is None:
            self._scan_attributes()
        assert self._names is not None
        elements, text, starts = self._names
        found: list[Any] = []
        last = -1
        for match in pattern.finditer(text):
            at = bisect.bisect_right(starts, match.start()) - 1
            if at != last:
                found.append(elements[at])
                last = at
        return found

    def _scan_attributes(self) -> None:
        """One pass over the elements for both lazy lookups (their readers, bylines and
        datelines, ask for both): the class/id strings, and the elements with an itemprop
        or rel attribute. 0.34 ms a page where the class/id pass and an XPath for the
        others (`//*[@itemprop or @rel]`) took 0.54 (2026-12-02)."""
        elements: list[Any] = []
        names: list[str] = []
        marked: list[Any] = []
        add_element, add_name, mark = elements.append, names.append, marked.append
        for el in self.elements:
            get = el.get
            cls, ident = get("class"), get("id")
            if cls:
                add_element(el)
                add_name(cls + " " + ident if ident else cls)
            elif ident:
                add_element(el)
                add_name(ident)
            if get("itemprop") is not None or get("rel") is not None:
                mark(el)
        # Line breaks inside a class attribute are whitespace to HTML: spaces here, so that
        # each element is one line of the text.
        names = [n.replace("\n", " ").replace("\r", " ") for n in names]
        starts, offset = [], 0
        for name in names:
            starts.append(offset)
            offset += len(name) + 1
        self._names = elements, "\n".join(names), starts
        self._itemprop_rel = marked

    def with_itemprop_or_rel(self) -> list[Any]:
        """Elements with an itemprop or rel attribute, in document order."""
        if self._itemprop_rel is None:
            self._scan_attributes()
        assert self._itemprop_rel is not None
        return self._itemprop_rel

    def in_order(self, *groups: Iterable[Any]) -> list[Any]:
        """The elements of `groups`, each once, in document order."""
        if self._position is None:
            self._position = {el: i for i, el in enumerate(self.elements)}
        position = self._position
        unique = {el for group in groups for el in group if el in position}
        return sorted(unique, key=position.__getitem__)


def index_of(page: Any) -> PageIndex:
    """`page` itself when it is a PageIndex, else a new index of the tree `page` roots."""
    return page if isinstance(page, PageIndex) else PageIndex(page)
