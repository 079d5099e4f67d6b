"""`clean rules check / list / new / fixture / drift`, and the regex safety check they rely on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app
from cleaner.regex_safety import check_regex
from cleaner.ruletools import check_rules, discover_fixtures, drift, expectation_failures, summarize
from cleaner.scaffold import is_generated, new_rule

REPO = Path(__file__).resolve().parent.parent
RULES = REPO / "rules"
FIXTURES = REPO / "tests" / "fixtures"
runner = CliRunner()

PAGE = """<!DOCTYPE html><html lang="en"><head><title>Storm hits coast | Example News</title>
<link rel="canonical" href="https://news.example.com/2023/09/storm-hits-coast">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2023-09-19T12:03:00+02:00">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Storm hits coast",
 "datePublished": "2023-09-19T12:03:00+02:00", "author": {"@type": "Person", "name": "Jane Doe"}}</script>
</head><body><nav class="site-nav"><a href="/">Home</a> <a href="/world">World news today</a></nav>
<div class="layout sc-dFfFtc"><main><article class="story">
<h1 class="story__headline css-1x2y3z">Storm hits coast</h1>
<div class="story__body Article_body__3xK9a">
<p>A powerful storm hit the coast on Tuesday, flooding streets and cutting power to thousands of homes.</p>
<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
<p>Emergency services said they had rescued dozens of people from cars trapped by rising water overnight.</p>
<p>The weather service expects the rain to ease by Thursday, but warned of further flooding inland.</p>
<div class="related-stories"><a href="/a">Read more about storms this season</a></div>
</div></article></main>
<footer class="site-footer">Copyright Example News Corporation 2023</footer></div></body></html>"""

RULE = """outlet = "Example News"
domains = ["news.example.com"]
[[version]]
id = "2023"
body = [".story__body"]
drop = [".share-bar"]
"""


def _repo_like(tmp_path: Path, rule_text: str = RULE, name: str = "example.toml",
               fetched: str = "2023-09-19") -> tuple[Path, Path]:
    """A rules dir with the shared files and one rule, and a fixture for it."""
    rules = tmp_path / "rules"
    rules.mkdir()
    for shared in ("_generic.toml", "_agencies.toml"):
        shutil.copy(RULES / shared, rules / shared)
    (rules / name).write_text(rule_text, encoding="utf-8")
    fixtures = tmp_path / "fixtures"
    case = fixtures / Path(name).stem / "storm"
    case.mkdir(parents=True)
    (case / "source.html").write_text(PAGE, encoding="utf-8")
    (case / "page.toml").write_text(
        f'url = "https://news.example.com/2023/09/storm-hits-coast"\nfetched = {fetched}\n',
        encoding="utf-8")
    return rules, fixtures


def _check(tmp_path: Path, rule_text: str) -> list[str]:
    rules, fixtures = _repo_like(tmp_path, rule_text)
    return [str(p) for p in check_rules(rules, fixtures).problems]


# ---- check: the repository passes, each kind of broken file fails clearly ----------------

def test_repository_rules_pass_check() -> None:
    report = check_rules(RULES, FIXTURES)
    assert report.ok, "\n".join(str(p) for p in report.problems)
    assert report.files >= 1 and report.fixtures >= report.files


def test_cli_check_passes_on_repository() -> None:
    result = runner.invoke(app, ["rules", "check", "--rules", str(RULES), "--fixtures", str(FIXTURES)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok:")


BROKEN = {
    "bad TOML": (RULE.replace('outlet = "Example News"', 'outlet = "Example News'),
                 ["example.toml: not valid TOML:"]),
    "unknown key": ('langauge = "en"\n' + RULE,
                    ["example.toml: unknown key(s) ['langauge']"]),
    "CSS does not compile": (RULE.replace('drop = [".share-bar"]', 'drop = [".share-bar", "div[[x"]'),
                             ["example.toml: version[0].drop[1]: CSS selector 'div[[x' does not compile"]),
    "catastrophic regex": (RULE + "drop_lines = ['^(\\w+\\s?)*$']\n",
                           [("example.toml: version[0].drop_lines[0]: regex '^(\\\\w+\\\\s?)*$' is "
                            "unsafe: nested quantifiers")]),
    "versions out of order": (RULE.replace('id = "2023"', 'id = "2023"\nvalid_until = 2023-01-01')
                              + '[[version]]\nid = "2022"\nvalid_until = 2022-01-01\nbody = ["main"]\n'
                              + '[[version]]\nid = "now"\nbody = ["main"]\n',
                              ["example.toml: version[1].valid_until: versions must be in date order"]),
    "version without fixture": (RULE.replace('id = "2023"', 'id = "2023"\nvalid_until = 2023-01-01')
                                + '[[version]]\nid = "2024"\nbody = [".story__body"]\n',
                                [("example.toml: version[0] (id '2023'): no fixture: add a page "
                                 "fetched before 2023-01-01")]),
}


@pytest.mark.parametrize("kind", list(BROKEN))
def test_check_fails_clearly_on_broken_rule(tmp_path: Path, kind: str) -> None:
    text, expected = BROKEN[kind]
    rules, fixtures = _repo_like(tmp_path, text)
    result = runner.invoke(app, ["rules", "check", "--rules", str(rules), "--fixtures", str(fixtures)])
    assert result.exit_code == 1, result.output
    for message in expected:
        assert message in result.output, f"{kind}: {message!r} not in\n{result.output}"
    assert "problem(s)" in result.output


def test_duplicate_domain_across_files_is_reported(tmp_path: Path) -> None:
    rules, fixtures = _repo_like(tmp_path)
    (rules / "zz-copy.toml").write_text(RULE.replace("Example News", "Copy"), encoding="utf-8")
    problems = [str(p) for p in check_rules(rules, fixtures).problems]
    assert any("zz-copy.toml: domains: 'news.example.com' is already claimed by example.toml" in p
               for p in problems), problems


def test_check_reports_every_problem_not_only_the_first(tmp_path: Path) -> None:
    text = ('outlet = "X"\ncolour = "red"\ndomains = ["news.example.com"]\n[[version]]\nid = "1"\n'
            'body = ["div[[", "p"]\ndrop_lines = ["(a|aa)*b", "ok"]\n[version.meta]\n'
            'title = ["h1@"]\nbyline = ["x"]\n')
    problems = _check(tmp_path, text)
    joined = "\n".join(problems)
    assert "unknown key(s) ['colour']" in joined
    assert "version[0].body[0]" in joined
    assert "version[0].drop_lines[0]" in joined and "overlap" in joined
    assert "version[0].meta.title[0]" in joined
    assert "version[0].meta: unknown field(s) ['byline']" in joined
    assert len(problems) == 5, joined


def test_fixture_problems_are_reported(tmp_path: Path) -> None:
    rules, fixtures = _repo_like(tmp_path)
    (fixtures / "example" / "storm" / "page.toml").write_text(
        'url = "https://elsewhere.org/x"\nfetched = "soon"\n', encoding="utf-8")
    problems = "\n".join(str(p) for p in check_rules(rules, fixtures).problems)
    assert "fetched: missing or not a date" in problems
    broken = fixtures / "example" / "empty"
    broken.mkdir()
    problems = "\n".join(str(p) for p in check_rules(rules, fixtures).problems)
    assert "empty: no source.html or source.html.gz" in problems


def test_fixture_on_another_domain_is_reported(tmp_path: Path) -> None:
    rules, fixtures = _repo_like(tmp_path)
    (fixtures / "example" / "storm" / "page.toml").write_text(
        'url = "https://elsewhere.org/x"\nfetched = 2023-09-19\n', encoding="utf-8")
    problems = "\n".join(str(p) for p in check_rules(rules, fixtures).problems)
    assert "storm: url: 'https://elsewhere.org/x' is not on the rule's domains" in problems
    assert "version[0] (id '2023'): no fixture" in problems


# ---- list -----------------------------------------------------------------------------------

def test_list_counts_fixtures_per_version(tmp_path: Path) -> None:
    text = RULE.replace('id = "2023"', 'id = "old"\nvalid_until = 2020-01-01') + \
        '[[version]]\nid = "new"\nextends = "old"\n'
    rules, fixtures = _repo_like(tmp_path, text)
    [summary] = summarize(rules, fixtures)
    assert summary.outlet == "Example News"
    assert summary.versions == [("old", "2020-01-01", 0), ("new", "", 1)]
    result = runner.invoke(app, ["rules", "list", "--rules", str(rules), "--fixtures", str(fixtures)])
    assert result.exit_code == 0 and "Example News" in result.output and "2020-01-01" in result.output


# ---- new / fixture --------------------------------------------------------------------------

@pytest.mark.parametrize("name, generated", [
    ("sc-dFfFtc", True), ("css-1x2y3z", True), ("jsx-2481", True), ("Article_body__3xK9a", True),
    ("bdVaJa", True), ("a8f3e2", True), ("md:flex", True), ("svelte-1k2j3h", True),
    ("story__body", False), ("articleBody", False), ("rich-text", False),
    ("col-md-12", False), ("ArticleBodyText", False), ("video360", False), ("l-footer", False),
])
def test_generated_class_names(name: str, generated: bool) -> None:
    assert is_generated(name) is generated


def test_new_writes_rule_fixture_that_pass(tmp_path: Path) -> None:
    rules, fixtures = _repo_like(tmp_path)
    (rules / "example.toml").unlink()
    shutil.rmtree(fixtures)
    page = tmp_path / "storm.html"
    page.write_text(PAGE, encoding="utf-8")
    made = new_rule("www.news.example.com", page, url=None, fetched="2023-09-20",
                    rules_dir=rules, fixtures_dir=fixtures, snapshot=False)
    text = made.rule_text
    assert made.rule_path == rules / "news.example.com.toml"
    assert 'body = [".story__body"]' not in text  # the tag stays: "div.story__body"
    assert 'body = ["div.story__body"]' in text
    assert '".share-bar"' in text and '".related-stories"' in text
    for generated in ("sc-dFfFtc", "css-1x2y3z", "3xK9a"):
        assert generated not in text
    assert 'title = ["h1.story__headline", "jsonld:headline"]' in text
    assert 'authors = ["jsonld:author.name"]' in text
    fixture = made.fixture.fixture
    assert fixture.dir == fixtures / "news.example.com" / "storm-hits-coast"
    assert fixture.page["url"] == "https://news.example.com/2023/09/storm-hits-coast"
    assert fixture.page["fetched"] == "2023-09-20"
    assert fixture.page["title"] == "Storm hits coast"
    assert fixture.page["authors"] == ["Jane Doe"]
    assert fixture.page["must_not_contain"][:2] == ["Share on Facebook Share on X",
                                                   "Read more about storms this season"]
    record = made.fixture.record
    assert record["rule"] == "news.example.com.toml@2023"
    assert not expectation_failures(fixture, record)
    assert check_rules(rules, fixtures).ok
    again = runner.invoke(app, ["rules", "new", "news.example.com", "--from", str(page),
                                "--rules", str(rules), "--fixtures", str(fixtures), "--no-snapshot"])
    assert again.exit_code == 2 and "exists" in again.output


def test_fixture_command_covers_a_new_version(tmp_path: Path) -> None:
    text = RULE.replace('id = "2023"', 'id = "2023"\nvalid_until = 2024-01-01') + \
        '[[version]]\nid = "2024"\nextends = "2023"\n'
    rules, fixtures = _repo_like(tmp_path, text)
    assert not check_rules(rules, fixtures).ok  # version 2024 has no fixture
    page = tmp_path / "later.html"
    page.write_text(PAGE.replace("storm-hits-coast", "storm-returns"), encoding="utf-8")
    result = runner.invoke(app, ["rules", "fixture", "news.example.com", "--from", str(page),
                                 "--fetched", "2024-03-01", "--rules", str(rules),
                                 "--fixtures", str(fixtures), "--no-snapshot"])
    assert result.exit_code == 0, result.output
    assert (fixtures / "example" / "storm-returns" / "page.toml").is_file()
    assert check_rules(rules, fixtures).ok
    assert [f.slug for f in discover_fixtures(fixtures)] == ["storm", "storm-returns"]


# ---- drift ----------------------------------------------------------------------------------

def test_drift_reports_pages_whose_body_no_longer_matches(tmp_path: Path) -> None:
    rules, _ = _repo_like(tmp_path)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "old.html").write_text(PAGE, encoding="utf-8")
    (raw / "new.html").write_text(PAGE.replace("story__body", "article-text"), encoding="utf-8")
    (raw / "other.html").write_text(PAGE.replace("news.example.com", "other.org"), encoding="utf-8")
    (raw / "manifest.jsonl").write_text(json.dumps(
        {"path": "new.html", "url": "https://news.example.com/x", "fetched": "2024-01-01"}) + "\n")
    pages = {p.source: p for p in drift(raw, rules)}
    assert set(pages) == {"old.html", "new.html"}
    assert pages["old.html"].body_matched and not pages["new.html"].body_matched
    assert pages["new.html"].url == "https://news.example.com/x"
    result = runner.invoke(app, ["rules", "drift", str(raw), "--rules", str(rules)])
    assert result.exit_code == 1
    assert "body missed" in result.output and "new.html" in result.output


# ---- regex safety ---------------------------------------------------------------------------

@pytest.mark.parametrize("pattern", [
    r"(a+)+", r"(a*)*b", r"(\w+\s?)*$", r"(.+\.)+", r"(?:x+y?)+", r"(.*a){20}",
    r"(a|ab)*c", r"(a|aa)*c", r"(?:x|xy|y)*z", r"(?:\w+|\d+)*", r"(?:(a+)?)+",
    r"(a?){30}a{30}", r"(?:\s?x?)+y",  # a round that can match nothing (the USER_NEEDS audit)
])
def test_catastrophic_regexes_are_refused(pattern: str) -> None:
    assert check_regex(pattern) is not None


@pytest.mark.parametrize("pattern", [
    r"^Read more\s*:", r"(?:\s+\w+){1,3}$", r"(a|b)*", r"(\w|\d)+", r"(?:foo|bar)+",
    r"([a-z]+\.)+com", r"(?:\s+\w+)+$", r"^(?:[A-Z][a-z]+ ?)+$", r"\d{1,2}:\d{2}",
    r"(?i)^follow us on (?:twitter|facebook)",
])
def test_ordinary_regexes_pass(pattern: str) -> None:
    assert check_regex(pattern) is None


# ---- test -----------------------------------------------------------------------------------

def test_rules_test_runs_one_rules_fixtures() -> None:
    stem = discover_fixtures(FIXTURES)[0].stem
    result = runner.invoke(app, ["rules", "test", stem])
    assert result.exit_code == 0, result.output


def test_rules_test_unknown_rule() -> None:
    result = runner.invoke(app, ["rules", "test", "no-such-site.example"])
    assert result.exit_code == 1
    assert "no fixtures for 'no-such-site.example'" in result.output


def test_check_without_a_fixtures_directory_says_so_once(tmp_path: Path) -> None:
    from cleaner.api import bundled_rules_dir
    from cleaner.ruletools import check_rules

    report = check_rules(bundled_rules_dir(), tmp_path / "no-fixtures")
    assert len(report.problems) == 1 and "no fixtures directory" in report.problems[0].message
