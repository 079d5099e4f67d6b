"""Date parsing and the date policy: offsets kept, naive values, fetch-date bound."""

from __future__ import annotations

import pytest

from cleaner.metadata.dates import date_from_url, not_after, parse_date

CASES = [
    ("2023-09-19T12:03:00+02:00", "2023-09-19T12:03:00+02:00"),
    ("2024-11-06T08:37:00+05:30", "2024-11-06T08:37:00+05:30"),
    ("2012-06-01T13:18:00+09:00", "2012-06-01T13:18:00+09:00"),  # never 04:18 or 01:18
    ("2021-11-01T10:52:50+0100", "2021-11-01T10:52:50+01:00"),
    ("2019-01-03T07:00:02.000Z", "2019-01-03T07:00:02+00:00"),
    ("2017-11-03 03:01:00.000000", "2017-11-03T03:01:00"),
    ("2023-09-19", "2023-09-19"),
    ("20230919T120300Z", "2023-09-19T12:03:00+00:00"),
    ("Tue, 19 Sep 2023 12:03:00 +0200", "2023-09-19T12:03:00+02:00"),
    ("Tue, 19 Sep 2023 12:03:00 GMT", "2023-09-19T12:03:00+00:00"),
    ("19/09/2023 – 12:03", "2023-09-19T12:03:00"),
    ("Issued on: 19/09/2023 - 12:03", "2023-09-19T12:03:00"),
    ("19.09.2023, 12:03 Uhr", "2023-09-19T12:03:00"),
    ("19.09.2023 12:03 MESZ", "2023-09-19T12:03:00+02:00"),
    ("September 19, 2023", "2023-09-19"),
    ("Sept. 19, 2023", "2023-09-19"),
    ("Sep 19th, 2023 at 6:01 pm", "2023-09-19T18:01:00"),
    ("April 28, 2019 at 6:01 am EDT", "2019-04-28T06:01:00-04:00"),
    ("19. September 2023", "2023-09-19"),
    ("19. September 2023, 12:03 Uhr", "2023-09-19T12:03:00"),
    ("19 septembre 2023 à 12h03", "2023-09-19T12:03:00"),
    ("19 de septiembre de 2023", "2023-09-19"),
    ("19 сентября 2023 г.", "2023-09-19"),
    ("19 вересня 2023", "2023-09-19"),
    ("2023/09/19 12:00", "2023-09-19T12:00:00"),
    ("Dienstag, 19. September 2023", "2023-09-19"),
    ("25/12/2023", "2023-12-25"),
    ("12/25/2023", "2023-12-25"),  # the second number cannot be a month
]


@pytest.mark.parametrize(("text", "iso"), CASES)
def test_parse_date(text: str, iso: str) -> None:
    got = parse_date(text)
    assert got is not None and got.iso() == iso


def test_at_least_20_date_cases() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no date here",
        "Call 0800 123 4567",
        "31/02/2023",
        "2023-13-45",
        "0999-01-01",
        "September 2023 budget",
    ],
)
def test_unparseable(text: str) -> None:
    assert parse_date(text) is None


def test_day_month_order() -> None:
    assert parse_date("05/06/2023").iso() == "2023-06-05"  # day first by default
    assert parse_date("05/06/2023", dayfirst=False).iso() == "2023-05-06"  # en-US pages
    assert parse_date("25/06/2023", dayfirst=False).iso() == "2023-06-25"


def test_naive_value_policy() -> None:
    naive = parse_date("19/09/2023 – 12:03")
    assert naive.iso() == "2023-09-19T12:03:00" and naive.tz_source == "none"
    ruled = parse_date("19/09/2023 – 12:03", tz="Europe/Paris")
    assert ruled.iso() == "2023-09-19T12:03:00+02:00" and ruled.tz_source == "rule"
    winter = parse_date("19/01/2023 – 12:03", tz="Europe/Paris")
    assert winter.iso() == "2023-01-19T12:03:00+01:00"
    # an offset in the value wins over the rule's zone
    given = parse_date("2023-09-19T12:03:00+05:30", tz="Europe/Paris")
    assert given.iso() == "2023-09-19T12:03:00+05:30" and given.tz_source == "value"
    # an unknown zone name leaves the value naive instead of failing
    assert parse_date("2023-09-19 12:03", tz="Not/AZone").iso() == "2023-09-19T12:03:00"
    # a date-only value never gets an invented midnight
    assert parse_date("2023-09-19", tz="Europe/Paris").iso() == "2023-09-19"


@pytest.mark.parametrize(
    ("value", "fetched", "ok"),
    [
        ("2023-12-10", "2023-03-10", False),  # n4k#575: published after the download
        ("2023-03-10", "2023-03-10", True),
        ("2023-03-10T23:00:00", "2023-03-10", True),
        ("2023-03-11T08:00:00", "2023-03-10T20:00:00Z", True),  # naive: 14 h slack
        ("2023-03-12T08:00:00", "2023-03-10T20:00:00Z", False),
        ("2023-03-10T22:00:00+00:00", "2023-03-10T20:00:00+00:00", False),  # aware: 1 h slack
        ("2023-03-10T20:30:00+00:00", "2023-03-10T20:00:00+00:00", True),
    ],
)
def test_not_after_fetch(value: str, fetched: str, ok: bool) -> None:
    assert not_after(parse_date(value), parse_date(fetched)) is ok


def test_date_from_url() -> None:
    assert (
        date_from_url("https://www.themoscowtimes.com/2023/09/19/azerbaijan-a82508").iso()
        == "2023-09-19"
    )
    assert date_from_url("https://example.com/news/2023-09-19-story.html").iso() == "2023-09-19"
    assert date_from_url("https://example.com/fr/20230919-story").iso() == "2023-09-19"
    assert date_from_url("https://example.com/a-65464327") is None
    # yyyymmdd ending a slug (Quanta), a month name (PolitiFact, the Guardian)
    assert date_from_url("https://q.org/tuft-cells-set-off-responses-20191115/").iso() == (
        "2019-11-15")
    assert date_from_url("https://p.com/wv/statements/2019/nov/18/x/").iso() == "2019-11-18"
    assert date_from_url("https://example.com/2019/march/3/x").iso() == "2019-03-03"
    assert date_from_url("https://example.com/p/120191118/") is None  # inside a longer number
    assert date_from_url("https://example.com/id-2019111899/") is None
    assert date_from_url("https://example.com/2019/jun/40/") is None  # no such day
    assert date_from_url("https://example.com/2019/tag/18/") is None  # not a month
    assert date_from_url(None) is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2024-11-06 01:18 PM", "2024-11-06T13:18:00"),
        ("2024-11-06 12:05 AM", "2024-11-06T00:05:00"),  # midnight hour
        ("2024-11-06 12:05 PM", "2024-11-06T12:05:00"),  # noon hour
        ("2024-11-06 1:18 p.m. EST", "2024-11-06T13:18:00-05:00"),
        ("2024-11-06 01:18:22 pm +02:00", "2024-11-06T13:18:22+02:00"),
        ("2024-11-06 09:15 AM", "2024-11-06T09:15:00"),
        ("2024-11-06 01:18", "2024-11-06T01:18:00"),  # no mark: a 24-hour clock
    ],
)
def test_iso_like_value_with_12_hour_clock(text: str, iso: str) -> None:
    got = parse_date(text)
    assert got is not None and got.iso() == iso


@pytest.mark.parametrize("line, fetched, expected", [
    ("vor 2 Stunden", "2024-05-01T12:00:00+02:00", "2024-05-01T10:00:00+02:00"),
    ("il y a 5 heures", "2024-05-01T12:00:00Z", "2024-05-01T07:00:00+00:00"),
    ("an hour ago", "2024-05-01T12:00:00Z", "2024-05-01T11:00:00+00:00"),
    ("3 days ago", "2024-05-01T12:00:00Z", "2024-04-28"),
    ("4 tahun lalu", "2024-05-01T12:00:00Z", "2020-05-02"),
    ("hace 10 minutos", "2024-05-01T12:00:00Z", "2024-05-01T11:50:00+00:00"),
])
def test_relative_dates_count_back_from_the_fetch_date(line: str, fetched: str, expected: str) -> None:
    """USER_NEEDS B9: resolved against the fetch date (never today), flagged as relative."""
    from cleaner.api import extract_result

    html = ("<html><head><title>T</title></head><body><article><h1>Headline here</h1>"
            f"<p>{line}</p><p>" + "The council met on Tuesday to discuss the budget for the "
            "coming year, officials said. " * 4 + "</p></article></body></html>")
    record = extract_result(html.encode(), fetched=fetched).record
    assert record is not None
    assert (record["date_published"], record["date_source"]) == (expected, "relative")
    assert line not in record["text"]


def test_relative_dates_need_a_fetch_date_and_never_date_a_publication_from_an_update() -> None:
    from cleaner.api import extract_result

    def page(line: str) -> bytes:
        return ("<html><head><title>T</title></head><body><article><h1>Headline here</h1>"
                f"<p>{line}</p><p>" + "The council met on Tuesday to discuss the budget. " * 5
                + "</p></article></body></html>").encode()

    assert extract_result(page("2 hours ago")).record["date_published"] is None
    record = extract_result(page("Updated 2 hours ago"), fetched="2024-05-01T12:00:00Z").record
    assert record["date_published"] is None
