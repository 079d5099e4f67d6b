"""Title choice: metadata order, site-name/author affixes, h1 agreement."""

from __future__ import annotations

import pytest

from cleaner.metadata.title import choose_title, strip_affixes


@pytest.mark.parametrize(
    ("title", "sites", "expected"),
    [
        ("My article title | My Site Name", ["My Site Name"], "My article title"),
        (
            "BBC News - Obama admits gun laws frustrate him",
            ["BBC News"],
            "Obama admits gun laws frustrate him",
        ),
        (
            "Azerbaijan launches operation – DW – 09/19/2023",
            ["DW"],
            "Azerbaijan launches operation",
        ),
        ("Headline » Example", ["example.com"], "Headline"),
        ("Headline | TMZ.com", ["http://www.tmz.com"], "Headline"),
        ("Headline - The Washington Post", ["Washington Post"], "Headline"),
        ("Headline · V8", ["V8"], "Headline"),
        (
            "Just-released exploit makes it easy",
            ["Ars Technica"],
            "Just-released exploit makes it easy",
        ),
        ("Zimbabwe coup: Mugabe insists", ["The Telegraph"], "Zimbabwe coup: Mugabe insists"),
        ("The Site", ["The Site"], "The Site"),  # never strip everything
        (
            "Screenshot : «Vape Wave», «Alphonse Président»…",
            ["Libération"],
            "Screenshot : «Vape Wave», «Alphonse Président»…",
        ),
        ("Headline - Feb. 1, 2016", [], "Headline"),
        ("The headline of the story -- Sott.net", ["Sott.net"], "The headline of the story"),
        ("短缺药品保供稳价 全力保障临床用药需求-新华网", ["新华网"], "短缺药品保供稳价 全力保障临床用药需求"),
        ("米朝首脳直通電話 習氏に挑むトランプ戦術の成否 ：日本経済新聞", ["日本経済新聞"],
         "米朝首脳直通電話 習氏に挑むトランプ戦術の成否"),
        ("中美合作共赢符合国际社会利益｜中国日报网", ["中国日报网"], "中美合作共赢符合国际社会利益"),
        # the headline's own colon, and a hyphen in Latin words or between digits, stay
        ("外国专家：中美合作共赢符合国际社会利益", ["外国专家"], "外国专家：中美合作共赢符合国际社会利益"),
        ("COVID-19 vaccine rollout begins", ["COVID"], "COVID-19 vaccine rollout begins"),
    ],
)
def test_strip_affixes(title: str, sites: list[str], expected: str) -> None:
    assert strip_affixes(title, sites) == expected


def test_metadata_order_and_cleaning() -> None:
    title, src = choose_title(
        [("meta:og:title", "Headline | Site")], "Headline | Site", [], ["Site"]
    )
    assert (title, src) == ("Headline", "meta:og:title")
    title, _ = choose_title([("meta:dc:title", "Dublin"), ("meta:og:title", "OG")], "Doc", [], [])
    assert title == "Dublin"


def test_h1_inside_title_wins() -> None:
    # B10: when they disagree, the h1 wins if it is a separator-bounded part of og:title
    title, src = choose_title(
        [("meta:og:title", "Chapter Two: The Word - Some Serial")],
        None,
        ["Chapter Two: The Word"],
        [],
    )
    assert title == "Chapter Two: The Word" and src.endswith("+h1")
    # an h1 that is only the site's name never becomes the title
    title, _ = choose_title(
        [("meta:og:title", "Silicon Exposed: Open Verilog flow for GreenPak4")],
        None,
        ["Silicon Exposed"],
        [],
    )
    assert title == "Silicon Exposed: Open Verilog flow for GreenPak4"
    # the leading part wins a tie
    title, _ = choose_title(
        [],
        "Evolve: Shared Mutable History — evolve extension for Mercurial",
        ["evolve extension for Mercurial", "Evolve: Shared Mutable History¶"],
        [],
    )
    assert title == "Evolve: Shared Mutable History"


def test_jsonld_headline_vs_name_follows_agreement() -> None:
    cands = [
        ("jsonld:headline", "constitutional monarchy in Oceania"),
        ("jsonld:name", "New Zealand"),
    ]
    title, src = choose_title(cands, "New Zealand - Wikipedia", ["New Zealand"], [])
    assert (title, src) == ("New Zealand", "jsonld:name")


def test_site_default_og_title_loses_to_agreeing_title_and_h1() -> None:
    title, _ = choose_title(
        [("meta:og:title", "Yahoo News - Latest News & Headlines")],
        "Russia: Space ship breaks up over Siberia",
        ["Russia: Space ship breaks up over Siberia"],
        [],
    )
    assert title == "Russia: Space ship breaks up over Siberia"
    # a social variant of the same headline keeps the metadata title
    title, _ = choose_title(
        [("meta:og:title", "Seven secrets hotel owners keep")],
        "The seven secrets hotel owners keep",
        ["The seven secrets hotel owners keep"],
        [],
    )
    assert title == "Seven secrets hotel owners keep"


def test_title_only_drops_short_suffix() -> None:
    assert (
        choose_title([], "Lorem ipsum dolor sit amet – My website", [], [])[0]
        == "Lorem ipsum dolor sit amet"
    )
    assert (
        choose_title([], "Google - Site Reliability Engineering", [], [])[0]
        == "Google - Site Reliability Engineering"
    )


def test_no_title_at_all() -> None:
    assert choose_title([], None, [], []) == (None, None)
    assert choose_title([], " - Home", [], ["Home"])[0] is not None  # traf#183: no crash
    assert choose_title([], None, ["Only h1"], []) == ("Only h1", "html:h1")


def test_invisible_characters_leave_titles() -> None:
    cands = [("meta:og:title", "Council\u200b approves bud\u00adget\ufeff")]
    title, _ = choose_title(cands, None, [], [])
    assert title == "Council approves budget"
    title, _ = choose_title([], "Cafe\u0301 owners win", [], [])
    assert title == "Café owners win"  # NFC
    # the zero-width non-joiner is Persian spelling: kept
    title, _ = choose_title([], "ایران\u200cشناسی", [], [])
    assert title == "ایران\u200cشناسی"


@pytest.mark.parametrize(
    "doc",
    [
        "Example News: Council approves budget",
        "Council approves budget ‹ Example News",
        "Example News * Council approves budget",
        "example.com | Council approves budget",
        "Example News: Council approves budget - Politics",
    ],
)
def test_h1_inside_title_with_a_site_name_affix(doc: str) -> None:
    assert choose_title([], doc, ["Council approves budget"], []) == (
        "Council approves budget",
        "html:title+h1",
    )


@pytest.mark.parametrize(
    ("doc", "h1"),
    [
        # the part before ":" is a headline's own kicker, not a name
        ("Zimbabwe coup: Mugabe insists he is in charge", "Mugabe insists he is in charge"),
        # the h1 must stand as whole words
        ("Anti-Council approves budget", "Council approves budget"),
        ("Council approves budgets: Example", "Council approves budget"),
    ],
)
def test_title_keeps_what_is_not_a_site_affix(doc: str, h1: str) -> None:
    assert choose_title([], doc, [h1], [])[0] == doc


def test_generic_title_loses_to_h1() -> None:
    for doc in (" - Home", "Home", "Startseite |"):
        assert choose_title([], doc, ["Council approves budget"], []) == (
            "Council approves budget",
            "html:h1",
        )
    title, _ = choose_title([("meta:og:title", "Home")], "Home", ["Council approves budget"], [])
    assert title == "Council approves budget"
