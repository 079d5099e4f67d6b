"""JSON-LD shapes: @graph, arrays, nested author/publisher, @id references, messy blocks."""

from __future__ import annotations

import lxml.html
import pytest

from cleaner.metadata.jsonld import names_of, read_jsonld, text_of


def _page(*blocks: str) -> lxml.html.HtmlElement:
    scripts = "".join(f'<script type="application/ld+json">{b}</script>' for b in blocks)
    return lxml.html.document_fromstring(
        f"<html><head>{scripts}</head><body><p>x</p></body></html>"
    )


ARTICLE = '{"@context":"https://schema.org","@type":"NewsArticle","headline":"H","datePublished":"2023-09-19T12:03:00+02:00","author":{"@type":"Person","name":"Jane Doe"}}'


@pytest.mark.parametrize(
    "block",
    [
        ARTICLE,
        f"[{ARTICLE}]",
        '{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},'
        + ARTICLE
        + "]}",
        ARTICLE + ";",
        "<!-- " + ARTICLE + " -->",
        "//<![CDATA[\n" + ARTICLE + "\n//]]>",
        ARTICLE.replace('"Jane Doe"}', '"Jane Doe",}'),  # trailing comma
        ARTICLE.replace('"Jane Doe"', '"Jane\nDoe"'),  # a raw newline inside a string
        '{"@type":"WebPage","mainEntity":' + ARTICLE + "}",
        ARTICLE + "\n" + '{"@type":"Organization","name":"Org"}',  # two values in one block
        ARTICLE.replace('"H"', '"H".'),  # a stray character before a delimiter (Yoast)
    ],
)
def test_shapes_find_the_article(block: str) -> None:
    ld = read_jsonld(_page(block))
    assert ld.article is not None
    assert text_of(ld.article["headline"]) == "H"
    assert names_of(ld.article["author"], ld) == [("Jane Doe", "person")]


def test_invalid_block_next_to_valid_one() -> None:
    ld = read_jsonld(_page('{"@type": "NewsArticle", "headline": ', ARTICLE, "not json at all"))
    assert ld.bad_blocks == 2
    assert ld.article is not None and ld.article["headline"] == "H"


def test_news_article_beats_other_objects() -> None:
    ld = read_jsonld(
        _page(
            '{"@type":"BreadcrumbList","itemListElement":[]}',
            '{"@type":"WebPage","headline":"Page","author":"X"}',
            '{"@type":["Article","NewsArticle"],"headline":"News"}',
            '{"@type":"BlogPosting","headline":"Blog"}',
        )
    )
    assert ld.article["headline"] == "News"


def test_author_shapes_and_id_references() -> None:
    block = """{"@context":"https://schema.org","@graph":[
      {"@type":"Article","headline":"H","author":[{"@id":"#p1"},{"@type":"Person","givenName":"John","familyName":"Roe"},
        "Plain Name",{"@type":"Organization","name":"Org"},{"@type":"Person","name":{"@value":"Nested Name"}}],
       "publisher":{"@id":"#org"}},
      {"@type":"Person","@id":"#p1","name":"Jane Doe"},
      {"@type":"NewsMediaOrganization","@id":"#org","name":"The Outlet"}]}"""
    ld = read_jsonld(_page(block))
    assert names_of(ld.article["author"], ld) == [
        ("Jane Doe", "person"),
        ("John Roe", "person"),
        ("Plain Name", "unknown"),
        ("Org", "organization"),
        ("Nested Name", "person"),
    ]
    assert ld.publisher_name() == "The Outlet"


def test_missing_and_odd_fields_do_not_raise() -> None:
    ld = read_jsonld(
        _page(
            '{"@type":"NewsArticle","author":{"@type":"Person"},"headline":null}', "{}", "[]", '""'
        )
    )
    assert ld.article is not None
    assert names_of(ld.article["author"], ld) == []
    assert text_of(ld.article["headline"]) is None
    assert text_of([None, {"name": ["", "X"]}]) == "X"


@pytest.mark.parametrize("depth", [900, 5_000, 100_000])
def test_deeply_nested_block_is_bad_and_the_valid_one_stays(depth: int) -> None:
    """A hostile block nested deeper than the stack (or just under the json limit, where
    flattening would recurse) counts as bad; the valid block beside it still gives the
    article."""
    deep = '{"a":' * depth + "1" + "}" * depth
    ld = read_jsonld(_page(deep, ARTICLE))
    assert ld.article is not None and ld.article["headline"] == "H"
