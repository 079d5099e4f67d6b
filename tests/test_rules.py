"""Rule loading, validation and selection by domain, signature and fetch date."""

from pathlib import Path

import pytest

from cleaner.dom import parse
from cleaner.errors import RuleError
from cleaner.rules import load_rule, load_ruleset

RULE = '''
outlet = "Example"
domains = ["example.com"]
timezone = "Europe/Berlin"
[[version]]
id = "old"
valid_until = "2023-01-01"
body = ["div.old"]
drop = ["figure"]
drop_lines = ['^Read more']
[version.meta]
title = ["h1"]
[[version]]
id = "new"
extends = "old"
body = ["div.new"]
'''


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_versions_by_fetch_date_and_extends(tmp_path: Path) -> None:
    rule = load_rule(write(tmp_path, "example.toml", RULE))
    old = rule.version_for("2022-06-01T00:00:00Z")
    new = rule.version_for("2023-06-01T00:00:00+02:00")
    assert (old.id, new.id) == ("old", "new")
    assert new.body_specs == ("div.new",) and new.drop_specs == ("figure",)  # inherited drop
    assert [p.pattern for p in new.drop_lines] == ["^Read more"]
    assert "title" in new.meta
    assert rule.version_for(None).id == "new"  # no fetch date: the current layout


def test_select_by_domain_and_parent_domain(tmp_path: Path) -> None:
    write(tmp_path, "example.toml", RULE)
    write(tmp_path, "_generic.toml", "not a rule = 1")  # shared data files are skipped
    ruleset = load_ruleset(tmp_path)
    root = parse("<html><body></body></html>")
    for host in ("example.com", "www.example.com", "news.example.com"):
        chosen = ruleset.select(host, root, None)
        assert chosen is not None and chosen[0].name == "example.toml"
    assert ruleset.select("notexample.com", root, None) is None


def test_select_by_signature(tmp_path: Path) -> None:
    write(tmp_path, "theme.toml", '''
outlet = "Theme"
signatures = ["body.theme-x"]
[[version]]
id = "1"
body = ["article"]
''')
    ruleset = load_ruleset(tmp_path)
    assert ruleset.select("any.org", parse("<html><body class='theme-x'></body></html>"), None)
    assert ruleset.select("any.org", parse("<html><body class='other'></body></html>"), None) is None


@pytest.mark.parametrize("text, message", [
    ("outlet = ", "not valid TOML"),
    ('outlet = "X"\ndomains = ["x.com"]\ncolour = "red"\n[[version]]\nid = "1"', "unknown key"),
    ('outlet = "X"\ndomains = ["x.com"]\n[[version]]\nid = "1"\nbody = ["div[[["]', "does not compile"),
    ('outlet = "X"\ndomains = ["x.com"]\n[[version]]\nid = "1"\ndrop_lines = ["(a+)+$"]', "unsafe"),
    ('outlet = "X"\ndomains = ["x.com"]\n[[version]]\nid = "1"\ndrop_lines = ["(unclosed"]', "does not compile"),
    ('outlet = "X"\ndomains = ["x.com"]', "at least one [[version]]"),
    ('outlet = "X"\n[[version]]\nid = "1"', "needs `domains` or `signatures`"),
    ('outlet = "X"\ndomains = ["x.com"]\ntimezone = "Mars/Olympus"\n[[version]]\nid = "1"', "unknown time zone"),
    ('outlet = "X"\ndomains = ["x.com"]\n[[version]]\nid = "a"\nvalid_until = "2023-01-01"\n'
     '[[version]]\nid = "b"\nvalid_until = "2022-01-01"\n[[version]]\nid = "c"', "date order"),
    ('outlet = "X"\ndomains = ["x.com"]\n[[version]]\nid = "a"\n[[version]]\nid = "b"', "only the last version"),
    ('outlet = "X"\ndomains = ["x.com"]\n[[version]]\nid = "a"\nextends = "zzz"', "no earlier version"),
])
def test_broken_rule_files_name_file_and_problem(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, "broken.toml", text)
    with pytest.raises(RuleError) as info:
        load_rule(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_duplicate_domains_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", RULE)
    write(tmp_path, "b.toml", RULE)
    with pytest.raises(RuleError, match="already claimed"):
        load_ruleset(tmp_path)


def test_repository_rules_load() -> None:
    ruleset = load_ruleset(Path(__file__).resolve().parent.parent / "rules")
    assert len(ruleset.rules) >= 5
    assert ruleset.fingerprint
