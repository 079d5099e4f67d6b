"""extract_metadata on whole pages: order of trust, seed-like layouts, policies, no mutation."""

from __future__ import annotations

import gzip
from pathlib import Path

import lxml.html
import pytest

from cleaner.agencies import AgencyTable
from cleaner.metadata import Metadata, compile_meta_selector, extract_metadata

ROOT = Path(__file__).resolve().parents[1]
OUTLETS = ROOT.parent / "shared" / "outlets"


@pytest.fixture(scope="module")
def table() -> AgencyTable:
    return AgencyTable.load(ROOT / "rules" / "_agencies.toml")


def run(html: str, table: AgencyTable, **kw: object) -> Metadata:
    args: dict[str, object] = {
        "url": None,
        "fetched": None,
        "rule_meta": None,
        "rule_outlet": None,
        "timezone": None,
    }
    args.update(kw)
    return extract_metadata(lxml.html.document_fromstring(html), agencies=table, **args)  # type: ignore[arg-type]


# --- reconstructions of the seed layouts (marked as such: no real page was available) -------
FRANCE24 = """<html lang="en"><head><meta charset="utf-8">
<title>Azerbaijan says it has begun ‘anti-terrorist’ operations in Nagorno-Karabakh - France 24</title>
<meta property="og:site_name" content="France 24">
<meta property="og:title" content="Azerbaijan says it has begun ‘anti-terrorist’ operations in Nagorno-Karabakh">
</head><body><nav><a class="author" href="/x">Menu Person</a></nav><article>
<h1>Azerbaijan says it has begun ‘anti-terrorist’ operations in Nagorno-Karabakh</h1>
<p class="m-pub-dates"><span>Issued on:</span> <span>19/09/2023 - 12:03</span>
<span>Modified:</span> <span>19/09/2023 - 13:29</span></p>
<div class="m-from-author"><span>By:</span> <a class="m-from-author__name">FRANCE 24</a></div>
<p>Blasts were heard Tuesday in Stepanakert.</p><p>(FRANCE 24 with AFP)</p></article></body></html>"""

MOSCOW_TIMES = """<html lang="en"><head><title>Azerbaijan Launches Military Operation Against Karabakh - The Moscow Times</title>
<meta property="og:site_name" content="The Moscow Times">
<link rel="canonical" href="/2023/09/19/azerbaijan-launches-military-operation-against-karabakh-a82508">
</head><body><article><h1>Azerbaijan Launches Military Operation Against Karabakh</h1>
<div class="article__byline byline">By <a href="/authors/afp">AFP</a></div>
<time class="article__date" datetime="2023-09-19T16:17:00+03:00">September 19, 2023</time>
<p>An AFP journalist in the separatist stronghold of Stepanakert said blasts could be heard.</p>
</article><aside class="related"><span class="byline">By Someone Else</span></aside></body></html>"""

RBC = """<html lang="en"><head><title>Azerbaijan launches 'anti-terrorist operation' in Nagorno-Karabakh</title>
<meta property="article:published_time" content="2023-09-19T11:24:00+03:00">
</head><body><h1>Azerbaijan launches 'anti-terrorist operation' in Nagorno-Karabakh</h1>
<div class="article__author">Author: Maria Kholina</div><p>Azerbaijan has announced ...</p></body></html>"""


def test_france24_layout(table: AgencyTable) -> None:
    md = run(FRANCE24, table)
    assert (
        md.title == "Azerbaijan says it has begun ‘anti-terrorist’ operations in Nagorno-Karabakh"
    )
    assert md.authors == []  # "FRANCE 24" is the outlet, not an author
    assert md.outlet == "France 24"
    assert md.date_published == "2023-09-19T12:03:00"  # naive: no zone given
    assert md.date_modified == "2023-09-19T13:29:00"
    assert md.provenance["date_published_tz"] == "none"
    paris = run(FRANCE24, table, timezone="Europe/Paris")
    assert paris.date_published == "2023-09-19T12:03:00+02:00"
    assert paris.date_modified == "2023-09-19T13:29:00+02:00"
    assert paris.provenance["date_published_tz"] == "rule"
    assert md.lang_hint == "en"


def test_moscow_times_layout(table: AgencyTable) -> None:
    md = run(MOSCOW_TIMES, table, url="https://www.themoscowtimes.com/2023/09/19/x-a82508")
    assert md.authors == [] and md.agencies == ["AFP"]
    assert md.date_published == "2023-09-19T16:17:00+03:00"
    assert md.title == "Azerbaijan Launches Military Operation Against Karabakh"
    assert (
        md.url
        == "https://www.themoscowtimes.com/2023/09/19/azerbaijan-launches-military-operation-against-karabakh-a82508"
    )
    assert md.provenance["url"] == "link:canonical"


def test_rbc_layout(table: AgencyTable) -> None:
    md = run(RBC, table)
    assert md.authors == ["Maria Kholina"]
    assert md.date_published == "2023-09-19T11:24:00+03:00"
    assert md.provenance["authors"] == "visible:byline"


# --- order of trust ------------------------------------------------------------------------
LAYERED = """<html lang="de-DE"><head><title>Meta Title | Outlet</title>
<meta property="og:site_name" content="Outlet"><meta property="og:title" content="OG Title">
<meta name="author" content="Mark Meta"><meta name="pubdate" content="2023-01-02T10:00:00+01:00">
<meta property="article:published_time" content="2023-01-03T10:00:00+01:00">
<meta property="article:modified_time" content="2023-01-05T10:00:00+01:00">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"LD Title",
 "author":[{"@type":"Person","name":"Lena Dorn"},{"@type":"Organization","name":"Reuters"}],
 "datePublished":"2023-01-04T10:00:00+01:00","dateModified":"2023-01-06T09:00:00+01:00"}</script>
</head><body><h1 class="rule-title">Rule Title</h1><span class="writer">Rita Ruhl</span>
<div class="byline">By Vera Visser</div></body></html>"""


def test_jsonld_beats_meta_beats_visible(table: AgencyTable) -> None:
    md = run(LAYERED, table)
    assert md.title == "LD Title" and md.provenance["title"] == "jsonld:headline"
    assert md.authors == ["Lena Dorn"] and md.provenance["authors"] == "jsonld:author"
    assert md.agencies == ["Reuters"]  # an agency in JSON-LD author is an agency, not an author
    assert md.date_published == "2023-01-04T10:00:00+01:00"
    assert md.date_modified == "2023-01-06T09:00:00+01:00"
    assert md.lang_hint == "de"


def test_rule_selectors_beat_everything(table: AgencyTable) -> None:
    rule = {
        "title": [compile_meta_selector("h1.rule-title")],
        "authors": [compile_meta_selector(".writer")],
        "date_published": [compile_meta_selector("meta[name=pubdate]@content")],
        "agencies": [compile_meta_selector("jsonld:author.name")],
    }
    md = run(LAYERED, table, rule_meta=rule, rule_outlet="Rule Outlet")
    assert md.title == "Rule Title" and md.provenance["title"].startswith("rule:title")
    assert md.authors == ["Rita Ruhl"]
    assert md.date_published == "2023-01-02T10:00:00+01:00"
    assert md.outlet == "Rule Outlet" and md.provenance["outlet"] == "rule:outlet"
    assert md.agencies == ["Reuters"] and md.provenance["agencies"].startswith("rule:agencies")


def test_fetch_date_rejects_later_dates(table: AgencyTable) -> None:
    md = run(LAYERED, table, fetched="2023-01-03T12:00:00+01:00")
    # JSON-LD (Jan 4) is after the fetch: the next source (meta, Jan 3) is used
    assert md.date_published == "2023-01-03T10:00:00+01:00"
    assert md.provenance["date_published"] == "meta:article:published_time"
    assert md.date_modified is None  # both modified dates are after the fetch


def test_published_and_modified_stay_apart(table: AgencyTable) -> None:
    html = """<html><head><meta property="article:published_time" content="2023-01-01T08:00:00Z">
    <script type="application/ld+json">{"@type":"Article","dateModified":"2023-02-01T08:00:00Z"}</script>
    </head><body><p>x</p></body></html>"""
    md = run(html, table)
    assert (md.date_published, md.date_modified) == (
        "2023-01-01T08:00:00+00:00",
        "2023-02-01T08:00:00+00:00",
    )
    only_updated = (
        """<html><body><p class="date">Actualizado a 27/11/2017 19:20</p><p>x</p></body></html>"""
    )
    md = run(only_updated, table)
    assert md.date_published is None and md.date_modified == "2017-11-27T19:20:00"


def test_url_date_is_last_resort(table: AgencyTable) -> None:
    html = "<html><body><p>x</p></body></html>"
    md = run(html, table, url="https://example.com/2023/09/19/story")
    assert md.date_published == "2023-09-19" and md.provenance["date_published"] == "url"
    md = run(RBC, table, url="https://example.com/2020/01/01/story")
    assert md.date_published == "2023-09-19T11:24:00+03:00"


def test_sidebar_bylines_and_organisation_author(table: AgencyTable) -> None:
    sidebar = "".join(f'<li><span class="byline">Side Writer{i}</span></li>' for i in "ABCDE")
    html = f"""<html><body><div class="sidebar"><ul>{sidebar}</ul></div>
    <article><h1>H</h1><div class="byline">By Mara Winter</div></article></body></html>"""
    assert run(html, table).authors == ["Mara Winter"]
    org = """<html><head><meta property="og:site_name" content="Australian Broadcasting Corporation">
    <script type="application/ld+json">{"@type":"NewsArticle","headline":"H",
      "author":{"@type":"Organization","name":"Australian Broadcasting Corporation"}}</script>
    </head><body><p>x</p></body></html>"""
    md = run(org, table)
    assert md.authors == [] and md.outlet == "Australian Broadcasting Corporation"


def test_outlet_url_lang_fallbacks(table: AgencyTable) -> None:
    html = """<html><head><meta property="og:locale" content="fr_FR"><meta property="og:url" content="/a/b">
    <title> - Home</title></head><body><p>x</p></body></html>"""
    md = run(html, table, url="https://www.example.org/x?y=1")
    assert md.lang_hint == "fr" and md.provenance["lang_hint"] == "meta:og:locale"
    assert md.url == "https://www.example.org/a/b"
    assert md.outlet == "example.org" and md.provenance["outlet"] == "url:domain"


@pytest.mark.parametrize("meta", ['<meta itemprop="headline" content="Budget approved">',
                                  '<meta name="citation_title" content="Budget approved">'])
def test_microdata_and_scholarly_headlines(table: AgencyTable, meta: str) -> None:
    """A page whose only headline is schema.org microdata in a <meta> (trafilatura's
    metadata tests) or a Highwire/Google Scholar citation_title."""
    md = run(f"<html><head>{meta}</head><body><p>x</p></body></html>", table)
    assert md.title == "Budget approved"


def test_tags_and_description(table: AgencyTable) -> None:
    html = """<html><head><meta property="article:tag" content="Ukraine"><meta property="article:tag" content="Russia">
    <meta name="keywords" content="a, b"><meta name="description" content="Desc"></head><body></body></html>"""
    md = run(html, table)
    assert md.tags == ["Ukraine", "Russia"] and md.description == "Desc"


@pytest.mark.parametrize(
    "html",
    [
        "<html></html>",
        "<p>plain</p>",
        "<html><head><title></title></head></html>",
        '<html><script type="application/ld+json">{{{</script></html>',
    ],
)
def test_empty_pages_do_not_raise(table: AgencyTable, html: str) -> None:
    md = run(html, table)
    assert md.authors == [] and md.date_published is None


def test_root_is_not_mutated(table: AgencyTable) -> None:
    root = lxml.html.document_fromstring(LAYERED + FRANCE24)
    before = lxml.html.tostring(root)
    extract_metadata(
        root,
        url="https://x.org/a",
        fetched=None,
        rule_meta=None,
        rule_outlet=None,
        timezone="Europe/Berlin",
        agencies=table,
    )
    assert lxml.html.tostring(root) == before


# --- real pages of the seed outlets (../shared/outlets, see its SOURCES.md) ----------------
def _outlet(name: str) -> str:
    path = OUTLETS / name
    if not path.is_file():
        pytest.skip(f"{path} not available")
    data = path.read_bytes()
    return (gzip.decompress(data) if name.endswith(".gz") else data).decode("utf-8")


@pytest.mark.parametrize(
    ("name", "authors", "date", "title"),
    [
        (
            "dw/fundus_DW_2023_06_13.html.gz",
            ["Julia Vergin", "Clare Roth"],
            "2023-06-13T12:15:32+00:00",
            "Post-Vac-Syndrom nach COVID-19-Impfung: Was wissen wir?",
        ),
        (
            "dw/fundus_DW_2024_01_30.html.gz",
            ["Jennifer Pahlke"],
            "2024-01-30T14:13:12+00:00",
            "Russland-Wahl: Nadeschdin setzt auf ein Ende der Putin-Ära",
        ),
        (
            "dw/fundus_DW_2023_04_28.html.gz",
            ["Roman Goncharenko"],
            "2023-04-28",
            "Ukrainische Gegenoffensive: Ziele, Chancen, Risiken",
        ),
        ("dw/trafilatura_tests_cache_dw.com.colonial.html", ["Ben Knight"], "2020-01-19", None),
        (
            "boombox/trafilatura_tests_eval_dietagespresse.com-halloween.html",
            [],
            "2023-10-31T13:58:45+00:00",
            "Halloween: Bizarrer Horrorclown versetzt Österreich in Angst und Schrecken",
        ),
    ],
)
def test_real_outlet_pages(
    table: AgencyTable, name: str, authors: list[str], date: str, title: str | None
) -> None:
    md = run(_outlet(name), table)
    assert md.authors == authors
    assert md.date_published == date
    if title:
        assert md.title == title


# --- audit: 12-hour clocks, invisible characters, unmarked bylines and datelines, titles -----
_LONG = "<p>" + "The council met on Tuesday and talked about the budget for the coming year. " * 3
_LONG += "</p>"


def test_pm_in_an_iso_like_meta_date(table: AgencyTable) -> None:
    for clock, iso in (("01:18 PM", "T13:18"), ("12:05 AM", "T00:05"), ("12:05 PM", "T12:05")):
        html = f"""<html><head><meta property="article:published_time"
        content="2024-11-06 {clock}"></head><body><p>x</p></body></html>"""
        assert run(html, table).date_published == f"2024-11-06{iso}:00"


@pytest.mark.parametrize("junk", ["&#x200B;", "&#xAD;", "&#xFEFF;", "&#x2060;"])
def test_invisible_characters_in_meta_author_and_title(table: AgencyTable, junk: str) -> None:
    html = f"""<html><head><meta name="author" content="Anna Schmidt{junk}">
    <title>Council{junk} approves bud{junk}get</title></head><body><p>x</p></body></html>"""
    md = run(html, table)
    assert md.authors == ["Anna Schmidt"]
    assert md.title == "Council approves budget"


def test_character_references_left_in_titles_and_descriptions(table: AgencyTable) -> None:
    """A CMS that escapes twice leaves "&#8217;" in og:title after parsing; JSON-LD is never
    unescaped by the parser. Both are decoded; a bare "&" ("AT&T") stays."""
    html = """<html><head><meta property="og:title" content="It&amp;#8217;s AT&amp;T &amp;amp; Q&amp;A">
    <meta name="description" content="That&amp;#039;s &amp;quot;it&amp;quot;">
    <script type="application/ld+json">{"@type": "NewsArticle",
      "headline": "&#8220;L&#8217;\u00c9tat&#8221; &mdash; Paris",
      "author": {"@type": "Person", "name": "Jos&eacute; P&eacute;rez"}}</script>
    </head><body><p>x</p></body></html>"""
    md = run(html, table)
    assert md.title == "\u201cL\u2019\u00c9tat\u201d \u2014 Paris"
    assert md.authors == ["Jos\u00e9 P\u00e9rez"]
    assert md.description == 'That\'s "it"'
    assert run(html.replace("<script", "<x").replace("</script>", "</x>"), table).title == (
        "It\u2019s AT&T & Q&A")


@pytest.mark.parametrize(("site_name", "outlet"), [
    ("LinkNaija | Nigeria's popular news platform", "LinkNaija"),
    ("Aktuálně.cz - Víte, co se právě děje", "Aktuálně.cz"),
    ("https://www.hawaiinewsnow.com", "hawaiinewsnow.com"),
    ("NBC 5 Dallas-Fort Worth", "NBC 5 Dallas-Fort Worth"),
    ("Fandom powered by Wikia", "Fandom powered by Wikia"),
])
def test_outlet_is_a_name_not_a_tagline_or_url(table: AgencyTable, site_name: str,
                                               outlet: str) -> None:
    html = f"""<html><head><meta property="og:site_name" content="{site_name}">
    <title>A headline | {site_name}</title></head><body><p>x</p></body></html>"""
    md = run(html, table)
    assert md.outlet == outlet
    if not site_name.startswith("http"):  # the whole site name is still cut from the title
        assert md.title == "A headline"


def test_an_embedded_posts_time_is_not_the_articles(table: AgencyTable) -> None:
    embed = """<blockquote class="instagram-media"><p>Ein Beitrag geteilt von <a>Vreni Frost</a>
    am <time datetime="2018-03-12T19:30:12+00:00">Mär 12, 2018</time></p></blockquote>"""
    html = f"""<html><body><article><h1>H</h1><div class="post-date">29.01.2019</div>
    <p>{_LONG}</p>{embed}<p>{_LONG}</p></article></body></html>"""
    assert run(html, table).date_published == "2019-01-29"
    html = html.replace('<div class="post-date">29.01.2019</div>', "")
    assert run(html, table).date_published is None


def test_fact_check_claim_review_dates_the_page(table: AgencyTable) -> None:
    html = """<html><head><script type="application/ld+json">{"@context": "http://schema.org",
    "@type": "ClaimReview", "datePublished": "2019-11-18T10:15:00+00:00",
    "author": {"@type": "Organization", "name": "Snopes"}}</script></head>
    <body><p>x</p></body></html>"""
    md = run(html, table)
    assert md.date_published == "2019-11-18T10:15:00+00:00"
    assert md.provenance["date_published"] == "jsonld:datePublished"


def test_og_author_with_markup(table: AgencyTable) -> None:
    html = """<html><head><meta property="og:author" content="By &lt;a href=&quot;/p/amir-vera&quot;&gt;Amir
    Vera&lt;/a&gt;, Tara Subramaniam and Adam Renton, CNN"></head><body><p>x</p></body></html>"""
    assert run(html, table).authors == ["Amir Vera", "Tara Subramaniam", "Adam Renton"]


def test_decomposed_meta_author(table: AgencyTable) -> None:
    import unicodedata

    name = unicodedata.normalize("NFD", "José María")
    html = f'<html><head><meta name="author" content="{name}"></head><body></body></html>'
    assert run(html, table).authors == ["José María"]


def test_unmarked_byline_line_after_the_headline(table: AgencyTable) -> None:
    html = f"<html><body><article><h1>H</h1><p>By Ann Smith</p>{_LONG * 3}</article></body></html>"
    md = run(html, table)
    assert md.authors == ["Ann Smith"] and md.provenance["authors"] == "visible:head"
    html = f"""<html><body><h1>Council approves budget</h1><div>By
    <a href="/author/ann-smith">Ann Smith</a> and <a href="/author/bob-jones">Bob Jones</a></div>
    {_LONG}</body></html>"""
    assert run(html, table).authors == ["Ann Smith", "Bob Jones"]


def test_unmarked_byline_only_in_the_head_and_below_trusted_sources(table: AgencyTable) -> None:
    for head in (
        "<html><body><article><h1>H</h1><p>A short story.</p></article>",
        "<html><body><div><h1>H</h1><p>A short story.</p></div>",  # no <article> to end it
    ):
        for other in (
            "<aside><p>By Joe Bloggs</p></aside>",
            '<div class="related-stories"><p>By Joe Bloggs</p></div>',
            '<div id="comments"><p>By Joe Bloggs</p></div>',
        ):
            assert run(f"{head}{other}</body></html>", table).authors == [], (head, other)
    # after the article: another story's byline
    after = "<article><h1>H</h1><p>A short story.</p></article><div><p>By Joe Bloggs</p></div>"
    assert run(f"<html><body>{after}</body></html>", table).authors == []
    # deep in the story, a "By ..." line is the story's text
    far = f"<html><body><article><h1>H</h1>{_LONG * 3}<p>By Ann Smith</p></article></body></html>"
    assert run(far, table).authors == []
    # a caption credit is not a byline
    fig = f"""<html><body><article><h1>H</h1><figure><figcaption>By Ann Smith</figcaption>
    </figure>{_LONG}</article></body></html>"""
    assert run(fig, table).authors == []
    # meta is trusted more
    meta = f"""<html><head><meta name="author" content="Mark Meta"></head><body><article>
    <h1>H</h1><p>By Ann Smith</p>{_LONG}</article></body></html>"""
    assert run(meta, table).authors == ["Mark Meta"]


@pytest.mark.parametrize(
    ("lines", "published", "modified"),
    [
        (
            "<p>Published: April 30, 2024 9:15 AM</p><p>Updated: May 1, 2024 10:30 AM</p>",
            "2024-04-30T09:15:00",
            "2024-05-01T10:30:00",
        ),
        (
            "<p>Veröffentlicht am 30.04.2024, 09:15 Uhr</p>"
            "<p>Aktualisiert am 01.05.2024, 10:30 Uhr</p>",
            "2024-04-30T09:15:00",
            "2024-05-01T10:30:00",
        ),
        (
            "<p>Publié le 30 avril 2024 à 09h15</p><p>Mis à jour le 1 mai 2024 à 10h30</p>",
            "2024-04-30T09:15:00",
            "2024-05-01T10:30:00",
        ),
        ("<p>By Ann Smith | Published April 30, 2024</p>", "2024-04-30", None),
        (
            "<p>기사입력 :[ 2024-04-30 09:15 ]</p><p>최종수정 2024-05-01 10:30</p>",
            "2024-04-30T09:15:00",
            "2024-05-01T10:30:00",
        ),
        ("<p>公開日：2024-04-30</p><p>更新日：2024-05-01</p>", "2024-04-30", "2024-05-01"),
        ("<p>发布时间：2024-04-30 09:15</p>", "2024-04-30T09:15:00", None),
    ],
)
def test_labelled_datelines_in_the_head(
    table: AgencyTable, lines: str, published: str, modified: str | None
) -> None:
    html = f"<html><body><article><h1>Headline</h1>{lines}{_LONG * 2}</article></body></html>"
    md = run(html, table, fetched="2025-01-01")
    assert (md.date_published, md.date_modified) == (published, modified)
    assert md.provenance["date_published"] == "visible:head:label"


def test_labelled_datelines_in_the_head_keep_the_date_policy(table: AgencyTable) -> None:
    lines = "<p>Published: April 30, 2024 9:15 AM</p><p>Updated: May 1, 2024 10:30 AM</p>"
    html = f"<html><body><article><h1>Headline</h1>{lines}{_LONG}</article></body></html>"
    md = run(html, table, fetched="2024-04-30T08:00:00Z")  # the update is after the fetch
    assert (md.date_published, md.date_modified) == ("2024-04-30T09:15:00", None)
    meta = html.replace(
        "<html>",
        '<html><head><meta property="article:published_time" content="2024-01-02"></head>',
    )
    assert run(meta, table, fetched="2025-01-01").date_published == "2024-01-02"
    # a date inside a sentence, or deep in the story, is not the page's
    sentence = "<p>A report published on April 3, 2023 found problems.</p>"
    for body in (sentence + _LONG, _LONG * 3 + "<p>Published: April 30, 2024</p>"):
        page = f"<html><body><article><h1>Headline</h1>{body}</article></body></html>"
        assert run(page, table).date_published is None


def test_title_from_h1_inside_a_site_prefixed_title(table: AgencyTable) -> None:
    html = f"""<html><head><title>Example News: Council approves budget</title></head><body>
    <h1>Council approves budget</h1>{_LONG}</body></html>"""
    assert run(html, table).title == "Council approves budget"
    html = f"""<html><head><title> - Home</title></head><body>
    <h1>Council approves budget</h1>{_LONG}</body></html>"""
    assert run(html, table).title == "Council approves budget"


def test_river_bylines_after_the_article_are_not_its_authors(table: AgencyTable) -> None:
    """USER_NEEDS B4: a "river" of other stories' bylines (TechCrunch-like) names no author
    of this article; fewer beats wrong."""
    river = "".join(f"<div class='river-item'><h3><a href='/s{i}'>Story {i}</a></h3>"
                    f"<div class='river-byline'>By Jon Russell</div></div>" for i in range(5))
    html = ("<html><head><title>T</title></head><body><article><h1>Headline</h1><p>"
            + "The committee met on Tuesday to discuss the proposal. " * 6
            + f"</p></article><div class='river'>{river}</div></body></html>")
    meta = extract_metadata(lxml.html.document_fromstring(html), url=None, fetched=None,
                            rule_meta=None, rule_outlet=None, timezone=None, agencies=table)
    assert meta.authors == []


def test_the_masthead_date_is_the_fetch_day_not_the_articles() -> None:
    """Mediapart's header shows the day's edition date beside the logo ("lun. 5 août
    2019"): no publication date beats the crawl date as one (USER_NEEDS B8)."""
    import cleaner

    body = "<p>" + "Les violences policières ont été dénoncées par les manifestants. " * 8 + "</p>"
    head = ("<header><a class='logo' href='/'><span class='date-edition'>lun. 5 août 2019"
            "</span></a></header>")
    page = f"<html><head><title>T</title></head><body>{head}<article>{body}</article></body></html>"
    assert cleaner.extract(page.encode(), rules=False)["date_published"] is None
    dated = page.replace("<article>", "<article><div class='date'>27 juin 2019</div>")
    assert cleaner.extract(dated.encode(), rules=False)["date_published"] == "2019-06-27"
