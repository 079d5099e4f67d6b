"""Bylines: authors apart from agencies, roles, outlets; visible byline detection."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from cleaner.agencies import AgencyTable
from cleaner.metadata.byline import find_visible_bylines, parse_byline

AGENCIES = Path(__file__).resolve().parents[1] / "rules" / "_agencies.toml"


@pytest.fixture(scope="module")
def table() -> AgencyTable:
    return AgencyTable.load(AGENCIES)


# (raw byline, outlet names to exclude, expected authors, expected agencies)
CASES = [
    ("By Jane Doe", (), ["Jane Doe"], []),
    ("by jane doe", (), [], []),  # not capitalised: not a name we trust
    ("By Jane Doe, Reuters", (), ["Jane Doe"], ["Reuters"]),
    ("By AFP", (), [], ["AFP"]),
    ("Von dpa", (), [], ["dpa"]),
    ("(dpa)", (), [], ["dpa"]),
    ("Joe Schmo, Sr.", (), ["Joe Schmo, Sr."], []),
    ("By Joe Schmo, Sr., and Jane Doe", (), ["Joe Schmo, Sr.", "Jane Doe"], []),
    ("By A. Smith, B. Jones and C. Brown", (), ["A. Smith", "B. Jones", "C. Brown"], []),
    ("Von Anna Müller und Max Mustermann", (), ["Anna Müller", "Max Mustermann"], []),
    ("Par Sébastien Farcis et Marie Dupont", (), ["Sébastien Farcis", "Marie Dupont"], []),
    ("Por Juan Pérez y María López", (), ["Juan Pérez", "María López"], []),
    ("Von FOCUS-online-Redakteur Thomas Sabin", (), ["Thomas Sabin"], []),
    ("Levi Parsons For Daily Mail Australia", (), ["Levi Parsons"], []),
    ("Jane Doe, Senior Reporter", (), ["Jane Doe"], []),
    ("Senior Reporter Jane Doe", (), ["Jane Doe"], []),
    ("Jane Doe jane.doe@example.com", (), ["Jane Doe"], []),
    ("By Jane Doe (@janedoe)", (), ["Jane Doe"], []),
    ("Jane Doe in Kyiv", (), ["Jane Doe"], []),
    ("By: FRANCE 24", ("France 24",), [], []),
    ("BBC News", ("BBC News",), [], []),
    ("Deutsche Welle (www.dw.com)", ("Deutsche Welle (www.dw.com)",), [], []),
    ("The Canadian Press", (), [], ["The Canadian Press"]),
    ("AP Photo/Evan Vucci", (), [], []),
    ("By GILLIAN MOHNEY March 11, 2015 3:46 PM", (), ["Gillian Mohney"], []),
    ("by Lucas Nolan22 Dec 2016651", (), ["Lucas Nolan"], []),
    (
        "Tech Industry by Steven Musil January 18, 2017 11:00 PM PST @stevenmusil",
        (),
        ["Steven Musil"],
        [],
    ),
    (
        "Martin Untersinger (avec Damien Leloup et Morgane Tual)",
        (),
        ["Martin Untersinger", "Damien Leloup", "Morgane Tual"],
        [],
    ),
    ("Jong, Michiel de", (), ["Michiel de Jong"], []),
    ("Richard (R.J.) Eskow", (), ["Richard (R.J.) Eskow"], []),
    ("By Brenda Goodman, MA", (), ["Brenda Goodman"], []),
    ("Written by Rob Ewaschuk Edited by Betsy Beyer", (), ["Rob Ewaschuk"], []),
    ("Marina BERTSCH", (), ["Marina Bertsch"], []),
    ("Автор: Мария Холина", (), ["Мария Холина"], []),
    ("Author: Maria Kholina", (), ["Maria Kholina"], []),
    ("肖春芳", (), ["肖春芳"], []),
    ("Follow Author", (), [], []),
    ("Last Updated: January 7, 2025", (), [], []),
    ("Die Tagespresse", (), [], []),
    ("Staff", (), [], []),
    ("Contributors to Wikimedia projects", (), [], []),
    ("Jane Doe | Reuters", (), ["Jane Doe"], ["Reuters"]),
    ("Jane Doe/AFP", (), ["Jane Doe"], ["AFP"]),
    ("Pat Byrne", (), ["Pat Byrne"], []),  # "By" inside a name is not a prefix
    ("Ursula von der Leyen", (), ["Ursula von der Leyen"], []),
    # From the USER_NEEDS audit (B3): lead words, CJK role suffixes, e-mails in brackets.
    ("Gastbeitrag von Anna Schmidt", (), ["Anna Schmidt"], []),
    ("Ein Gastbeitrag von Anna Schmidt", (), ["Anna Schmidt"], []),
    ("Interview: Anna Schmidt", (), ["Anna Schmidt"], []),
    ("Opinion: Jane Roe", (), ["Jane Roe"], []),
    ("山田太郎記者", (), ["山田太郎"], []),
    ("김철수 기자", (), ["김철수"], []),
    ("Jane Doe (jane@example.com)", (), ["Jane Doe"], []),
    # Shapes from trafilatura's metadata tests (read locally, 2026-12-02): a spaced dash ends
    # the names, pictographs are not part of one, markup in a meta value is not text.
    ("Jenny Smith — The Moon", (), ["Jenny Smith"], []),
    ("Anna Smith - Reporter", (), ["Anna Smith"], []),
    ("PMJS - Coordenadoria de TI", (), [], []),  # a department after the dash: nothing
    ("Jean-Luc Picard", (), ["Jean-Luc Picard"], []),
    ("Jenny Smith ❤️", (), ["Jenny Smith"], []),
    ("Hans Müller 🇩🇪", (), ["Hans Müller"], []),
    ('By <a href="/profiles/amir-vera">Amir Vera</a> and Adam Renton, CNN', ("CNN",),
     ["Amir Vera", "Adam Renton"], []),
    ("Submitted by Jenny Smith", (), ["Jenny Smith"], []),
    # Job titles and outlets after the name (ScrapingHub pages' bylines, 2026-12-02).
    ("By ROBERT BURNS, AP National Security Writer", (), ["Robert Burns"], ["AP"]),
    ("Analysis by Chris Cillizza, CNN Editor-at-large", ("CNN",), ["Chris Cillizza"], []),
    ("Finian Cunningham. Sputnik International", (), ["Finian Cunningham"], ["Sputnik"]),
    ("By JERUSALEM POST STAFF", ("The Jerusalem Post | JPost.com",), [], []),
    ("Jane Doe Senior Reporter", (), ["Jane Doe"], []),
    ("Mary St. John", (), ["Mary St. John"], []),
]


@pytest.mark.parametrize(("raw", "exclude", "authors", "agencies"), CASES)
def test_parse_byline(
    table: AgencyTable, raw: str, exclude: tuple[str, ...], authors: list[str], agencies: list[str]
) -> None:
    got = parse_byline(raw, table, exclude)
    assert got.authors == authors
    assert got.agencies == agencies


def test_at_least_30_byline_cases() -> None:
    assert len(CASES) >= 30


def test_empty_and_huge_bylines(table: AgencyTable) -> None:
    assert not parse_byline(None, table)
    assert not parse_byline("", table)
    assert not parse_byline("Jane Doe " * 100, table)


def _visible(html: str) -> list[str]:
    return find_visible_bylines(lxml.html.document_fromstring(html))


def test_visible_byline_ignores_sidebar_and_comments() -> None:
    html = """<html><body>
      <div class="sidebar"><span class="byline">Sidebar Person</span></div>
      <article><h1>Headline</h1><div class="byline">By Jane Doe</div><p>Text.</p></article>
      <section id="comments"><span class="comment-author">Troll Person</span></section>
      <aside class="related"><span class="author">Other Writer</span></aside>
    </body></html>"""
    assert _visible(html) == ["By Jane Doe"]


def test_visible_byline_ignores_figures_and_quotations() -> None:
    """A name in a figure is a photo credit, one in a quotation the quoted person's."""
    html = """<html><body><article><h1>Headline</h1>
      <figure><img src="a.jpg"><div class="author">Photo Person</div></figure>
      <blockquote><p>Words.</p><span class="author">Quoted Person</span></blockquote>
      <div class="quote"><p>More.</p><p class="quote-author">Other Person</p></div>
      <p>Text.</p></article></body></html>"""
    assert _visible(html) == []
    assert _visible(html.replace("<p>Text.", '<p class="byline">By Jane Doe</p><p>Text.')) == [
        "By Jane Doe"]


@pytest.mark.parametrize("markup", [
    '<h3 class="byline">by Jenny Smith<br><span class="datetime">Monday, May 4</span></h3>',
    '<p class="byline">By Jenny Smith<time>May 4, 2020</time></p>',
    '<span class="wrapper--detail__writer">Jenny Smith</span>',
    '<div class="submitted">Submitted by <a>Jenny Smith</a> on Tue, 01/15/2019</div>',
])
def test_visible_byline_writer_and_drupal_submitted(table: AgencyTable, markup: str) -> None:
    found = find_visible_bylines(lxml.html.document_fromstring(
        f"<html><body><article><h1>Headline</h1>{markup}<p>Text.</p></article></body></html>"))
    assert [a for raw in found for a in parse_byline(raw, table).authors] == ["Jenny Smith"]


def test_visible_byline_prefers_structured_and_innermost() -> None:
    html = """<html><body><div class="author">
      <a class="author-link" href="/a">Ben Silverman</a><div class="author-title">Games Editor</div>
    </div><p>x</p><span itemprop="author">Real Name</span></body></html>"""
    assert _visible(html) == ["Real Name"]
    html = """<html><body><div class="author">
      <a class="author-link" href="/a">Ben Silverman</a><div class="author-title">Games Editor</div>
    </div></body></html>"""
    assert _visible(html) == ["Ben Silverman"]


def test_visible_byline_collects_inline_names_of_one_byline() -> None:
    html = """<html><body><p class="meta">By <a rel="author">Jane Doe</a> and
      <a rel="author">John Roe</a></p><div class="more"><a rel="author">Else Where</a></div>
      </body></html>"""
    assert _visible(html) == ["Jane Doe", "John Roe"]


def test_visible_byline_skips_candidates_the_parser_rejects(table: AgencyTable) -> None:
    html = """<html><body><h6 class="byline"><em class="byline__by">By</em>
      <span class="byline__author">Joshua Sokol</span></h6></body></html>"""
    root = lxml.html.document_fromstring(html)
    got = find_visible_bylines(root, lambda t: bool(parse_byline(t, table)))
    assert [a for t in got for a in parse_byline(t, table).authors] == ["Joshua Sokol"]


def test_photo_credit_after_byline_is_cut(table: AgencyTable) -> None:
    got = parse_byline("By Jane Doe | Photo: John Roe/AFP", table)
    assert got.authors == ["Jane Doe"] and got.agencies == []


@pytest.mark.parametrize(
    "raw",
    [
        "Anna Schmidt\u200b",  # zero-width space
        "Anna Schmidt\u00ad",  # soft hyphen
        "\ufeffAnna Schmidt",  # byte-order mark
        "Anna\u2060 Schmidt",  # word joiner
        "By Anna Sch\u00admidt",
    ],
)
def test_invisible_characters_do_not_break_a_name(table: AgencyTable, raw: str) -> None:
    assert parse_byline(raw, table).authors == ["Anna Schmidt"]


def test_decomposed_name_is_composed(table: AgencyTable) -> None:
    import unicodedata

    got = parse_byline(unicodedata.normalize("NFD", "José María"), table).authors
    assert got == ["José María"] and unicodedata.is_normalized("NFC", got[0])


def test_joiners_and_combining_marks_stay_in_names(table: AgencyTable) -> None:
    # ZWNJ is spelling in Persian; Devanagari vowel signs are combining marks
    assert parse_byline("علی\u200cاکبر هاشمی", table).authors == ["علی\u200cاکبر هاشمی"]
    assert parse_byline("अमित शाह", table).authors == ["अमित शाह"]
