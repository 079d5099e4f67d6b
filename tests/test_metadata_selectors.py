"""Rule metadata selectors: CSS text, CSS@attr, jsonld:path; clear errors on bad specs."""

from __future__ import annotations

import lxml.html
import pytest

from cleaner.metadata.selectors import compile_meta_selector

HTML = """<html><head><meta property="article:published_time" content="2023-09-19T12:03:00+02:00">
</head><body><h1 class="headline">  The   Headline </h1><span class="writer">A One</span>
<span class="writer">B Two</span><a href="mailto:x@y" data-x="1">x</a></body></html>"""
JSONLD = [
    {
        "@type": "NewsArticle",
        "headline": "LD",
        "author": [{"@type": "Person", "name": "Jane Doe"}, {"@id": "#p2"}],
        "publisher": {"name": "Outlet"},
    },
    {"@type": "Person", "@id": "#p2", "name": "John Roe"},
]


@pytest.fixture(scope="module")
def root() -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(HTML)


@pytest.mark.parametrize(
    ("spec", "values", "kind"),
    [
        ("h1.headline", ["The Headline"], "text"),
        (".writer", ["A One", "B Two"], "text"),
        ("meta[property='article:published_time']@content", ["2023-09-19T12:03:00+02:00"], "attr"),
        ("a[href^='mailto:']@href", ["mailto:x@y"], "attr"),
        ("a@data-x", ["1"], "attr"),
        ("jsonld:headline", ["LD"], "jsonld"),
        ("jsonld:author.name", ["Jane Doe", "John Roe"], "jsonld"),
        ("jsonld:publisher.name", ["Outlet"], "jsonld"),
        ("jsonld:missing.path", [], "jsonld"),
        ("div.nothing", [], "text"),
    ],
)
def test_values(root: lxml.html.HtmlElement, spec: str, values: list[str], kind: str) -> None:
    sel = compile_meta_selector(spec)
    assert sel.kind == kind
    assert sel.values(root, JSONLD) == values


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "non-empty"),
        ("   ", "non-empty"),
        ("div[", "bad CSS selector"),
        ("@content", "no CSS selector"),
        ("meta@con tent", "bad attribute"),
        ("jsonld:", "bad JSON-LD path"),
        ("jsonld:a..b", "bad JSON-LD path"),
    ],
)
def test_bad_specs(spec: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        compile_meta_selector(spec)
