"""PageIndex answers what the XPath lookups it replaced answered, in document order."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from cleaner.pageindex import PageIndex, index_of

PAGE = """<html><head><meta name="a" content="1"><link rel="canonical" href="/x"></head>
<body><main id="main-Author"><h1 class="title">T</h1>
<p class="byline">By A</p><b>Datum</b><strong>x</strong>
<article><span itemprop="author">B</span><a rel="author" href="/b">B</a>
<time datetime="2024-01-01">1 Jan</time></article><h1>Second</h1></main></body></html>"""


def _root() -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(PAGE)


def test_tags_match_xpath_in_document_order() -> None:
    root = _root()
    index = PageIndex(root)
    for tags in (("h1",), ("strong", "b"), ("article", "main"), ("link", "meta"), ("nav",)):
        expected = root.xpath(" | ".join(f"//{t}" for t in tags))
        assert index.tags(*tags) == expected
    assert index.tag("h1") == root.xpath("//h1")
    assert index.tag("figure") == []


def test_named_matches_class_and_id_like_contains() -> None:
    root = _root()
    index = PageIndex(root)
    found = index.named(re.compile("author|Author|byline"))
    expected = [a.getparent() for a in root.xpath(
        "//@class[contains(., 'byline')] | //@id[contains(., 'Author')]")]
    assert found == expected and [el.tag for el in found] == ["main", "p"]


def test_itemprop_rel_and_merged_order() -> None:
    root = _root()
    root.find(".//b").set("itemprop", "")  # present, even empty, counts (as in XPath)
    index = PageIndex(root)
    marked = index.with_itemprop_or_rel()
    assert marked == root.xpath("//*[@itemprop or @rel]")
    assert [el.tag for el in marked] == ["link", "b", "span", "a"]
    marked = marked[:1] + marked[2:]
    merged = index.in_order(marked[1:], index.tag("h1"), index.tag("h1"))
    assert [el.tag for el in merged] == ["h1", "span", "a", "h1"]


def test_index_of_builds_once() -> None:
    index = PageIndex(_root())
    assert index_of(index) is index
    assert isinstance(index_of(_root()), PageIndex)
    assert all(isinstance(el.tag, str) for el in index.elements)
    assert len(index.elements) == len(list(index.root.iter(etree.Element)))
