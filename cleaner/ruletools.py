"""Tools around site rules: the fixture layout, `clean rules check` (every problem of every
rule file, with file and key), `clean rules list`, `clean rules test` (the fixture tests
against their snapshots) and `clean rules drift` (rules whose selectors stopped matching).

`clean rules new` (scaffolding a rule from a page) lives in `cleaner/scaffold.py`.

A fixture is a directory `tests/fixtures/<rule stem>/<slug>/` holding the raw page
(`source.html` or `source.html.gz`, never tidied) and `page.toml` (url, fetched, and what the
record must say). Its `fetched` date picks the rule version it tests, so every version needs a
fixture fetched before its `valid_until`. The record snapshot of each fixture is kept by
syrupy in `tests/__snapshots__/test_rule_fixtures/`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cleaner.errors import RuleError
from cleaner.rules import (
    _TOP_KEYS,
    _VERSION_KEYS,
    META_FIELDS,
    Rule,
    _check_timezone,
    _css,
    _meta,
    _regex,
    _until,
    load_rule,
)

PAGE_FILE = "page.toml"
SOURCE_FILES = ("source.html", "source.html.gz")
PAGE_KEYS = ("url", "fetched", "title", "authors", "agencies", "date_published",
             "must_contain", "must_not_contain", "note")
FIXTURES_ENV = "CLEANER_FIXTURES"
FIXTURE_TEST = "test_rule_fixtures.py"
_SHARED_PREFIX = "_"
_REPO = Path(__file__).resolve().parent.parent


# ---- fixtures ----------------------------------------------------------------------------

@dataclass(slots=True)
class Fixture:
    """One fixture directory. `problems` lists what is wrong with it (empty when usable)."""

    stem: str  # the rule file's stem: tests/fixtures/dw/... belongs to rules/dw.toml
    slug: str
    dir: Path
    source: Path | None
    page: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        """The pytest id and snapshot name: `dw__azerbaijan-offensive`."""
        return f"{self.stem}__{self.slug}"

    @property
    def url(self) -> str | None:
        return self.page.get("url")

    @property
    def fetched(self) -> str | None:
        return self.page.get("fetched")


def default_fixtures_dir() -> Path:
    """$CLEANER_FIXTURES, else ./tests/fixtures, else the tests/fixtures of the checkout."""
    env = os.environ.get(FIXTURES_ENV)
    if env:
        return Path(env)
    local = Path("tests") / "fixtures"
    return local if local.is_dir() else _REPO / "tests" / "fixtures"


def discover_fixtures(fixtures_dir: Path | None = None) -> list[Fixture]:
    """Every fixture directory under `fixtures_dir`, sorted by rule stem and slug."""
    root = fixtures_dir or default_fixtures_dir()
    if not root.is_dir():
        return []
    found = []
    for rule_dir in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for case in sorted(p for p in rule_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
            found.append(load_fixture(case))
    return found


def load_fixture(case: Path) -> Fixture:
    source = next((case / name for name in SOURCE_FILES if (case / name).is_file()), None)
    fixture = Fixture(case.parent.name, case.name, case, source)
    if source is None:
        fixture.problems.append(f"no {' or '.join(SOURCE_FILES)}")
    page_path = case / PAGE_FILE
    if not page_path.is_file():
        fixture.problems.append(f"no {PAGE_FILE}")
        return fixture
    try:
        raw = tomllib.loads(page_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        fixture.problems.append(f"{PAGE_FILE} is not valid TOML: {exc}")
        return fixture
    fixture.page = {key: _plain(value) for key, value in raw.items()}
    unknown = sorted(set(raw) - set(PAGE_KEYS))
    if unknown:
        fixture.problems.append(f"{PAGE_FILE}: unknown key(s) {unknown}; allowed: {list(PAGE_KEYS)}")
    if not isinstance(fixture.page.get("url"), str):
        fixture.problems.append(f"{PAGE_FILE}: url: missing (the page's URL picks the rule)")
    fetched = fixture.page.get("fetched")
    if not isinstance(fetched, str) or _parse_day(fetched) is None:
        fixture.problems.append(f"{PAGE_FILE}: fetched: missing or not a date (YYYY-MM-DD); "
                                "it picks the rule version the fixture tests")
    return fixture


def _plain(value: Any) -> Any:
    """TOML dates and datetimes as ISO strings, as the extractor takes them."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _parse_day(value: str) -> date | None:
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        return None


def read_source(fixture: Fixture) -> bytes:
    """The fixture page's raw bytes (gunzipped when stored as .gz)."""
    from cleaner.sources import read_file_bytes

    if fixture.source is None:
        raise FileNotFoundError(f"{fixture.dir}: no {' or '.join(SOURCE_FILES)}")
    return read_file_bytes(str(fixture.source))


def extract_fixture(extractor: Any, fixture: Fixture) -> Any:
    """The Extraction of a fixture page, with its url and fetch date from page.toml."""
    from cleaner.api import RawDoc

    source = f"{fixture.stem}/{fixture.slug}/{fixture.source.name if fixture.source else ''}"
    return extractor.explain(RawDoc(source, read_source(fixture), url=fixture.url,
                                    fetched=fixture.fetched))


def snapshot_of(record: dict[str, Any]) -> OrderedDict[str, Any]:
    """The record as snapshotted: keys in record order, the text as a list of paragraphs so a
    changed paragraph is one changed line of the diff."""
    out: OrderedDict[str, Any] = OrderedDict(record)
    out["text"] = record["text"].split("\n\n") if record.get("text") else []
    if "paragraphs" in record:  # the same text again: only the block types, one a line
        out["paragraphs"] = [p["type"] for p in record["paragraphs"]]
    return out


def expectation_failures(fixture: Fixture, record: dict[str, Any] | None) -> list[str]:
    """What the record gets wrong against page.toml (empty when everything holds)."""
    if record is None:
        return ["the page was rejected"]
    page, text = fixture.page, record.get("text") or ""
    failures = [f"text lacks {phrase!r}" for phrase in page.get("must_contain", [])
                if phrase not in text]
    failures += [f"text still has {phrase!r}" for phrase in page.get("must_not_contain", [])
                 if phrase in text]
    for key in ("title", "authors", "agencies"):
        if key in page and record.get(key) != page[key]:
            failures.append(f"{key}: expected {page[key]!r}, got {record.get(key)!r}")
    if "date_published" in page:
        got = record.get("date_published") or ""
        if not got.startswith(str(page["date_published"])):
            failures.append(f"date_published: expected {page['date_published']!r}..., got {got!r}")
    return failures


# ---- check --------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found by `clean rules check`: the file, the key, what is wrong."""

    path: str
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.key}: {self.message}" if self.key else f"{self.path}: {self.message}"


@dataclass(slots=True)
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    files: int = 0
    fixtures: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def check_rules(rules_dir: Path, fixtures_dir: Path | None = None) -> CheckReport:
    """Validate every rule file of `rules_dir` and its fixtures; collect every problem."""
    report = CheckReport()
    fixtures_root = fixtures_dir or default_fixtures_dir()
    fixtures = discover_fixtures(fixtures_root)
    report.fixtures = len(fixtures)
    if not rules_dir.is_dir():
        report.problems.append(Problem(str(rules_dir), "", "not a directory"))
        return report
    _check_shared_files(rules_dir, report)
    have_fixtures = fixtures_root.is_dir()
    if not have_fixtures:  # one clear problem, not one per rule version
        report.problems.append(Problem(
            str(fixtures_root), "", "no fixtures directory: every rule version needs a fixture "
            f"page (pass --fixtures DIR or set ${FIXTURES_ENV}; the fixtures of the rules "
            "cleaner ships are in its source repository, tests/fixtures)"))
    claimed: dict[str, str] = {}
    for path in sorted(rules_dir.glob("*.toml")):
        if path.name.startswith(_SHARED_PREFIX):
            continue
        report.files += 1
        rule, problems = lint_rule(path)
        report.problems.extend(problems)
        if rule is None:
            continue
        report.rules.append(rule)
        for domain in rule.domains:
            if domain in claimed:
                report.problems.append(Problem(str(path), "domains", f"{domain!r} is already "
                                               f"claimed by {claimed[domain]}"))
            else:
                claimed[domain] = path.name
        if have_fixtures:
            report.problems.extend(_check_fixtures(path, rule, fixtures, fixtures_root))
    stems = {p.stem for p in rules_dir.glob("*.toml")}
    for fixture in fixtures:
        if fixture.stem not in stems:
            report.warnings.append(Problem(str(fixture.dir), "", f"no rule file "
                                           f"{fixture.stem}.toml in {rules_dir}: not checked"))
    return report


def _check_shared_files(rules_dir: Path, report: CheckReport) -> None:
    from cleaner.agencies import AgencyTable
    from cleaner.api import AGENCIES_FILE, GENERIC_FILE
    from cleaner.vocab import load_vocabulary

    loaders: tuple[tuple[str, Callable[[Path], Any]], ...] = (
        (GENERIC_FILE, load_vocabulary), (AGENCIES_FILE, AgencyTable.load))
    for name, loader in loaders:
        path = rules_dir / name
        if not path.is_file():
            continue  # the extractor falls back to the packaged copy
        try:
            loader(path)
        except RuleError as exc:
            report.problems.append(_problem(exc))


def _window(rule: Rule, index: int) -> str:
    """The fetch dates that pick version `index`, in words."""
    since = rule.versions[index - 1].valid_until if index else None
    until = rule.versions[index].valid_until
    if since and until:
        return f"from {since} to before {until}"
    if until:
        return f"before {until}"
    return f"on or after {since}" if since else "on any date"


def _check_fixtures(path: Path, rule: Rule, fixtures: list[Fixture],
                    fixtures_dir: Path) -> list[Problem]:
    """Every version has a usable fixture, and every fixture's URL picks this rule."""
    from cleaner.rules import RuleSet
    from cleaner.urls import host_of

    problems = []
    counts = dict.fromkeys((v.id for v in rule.versions), 0)
    alone = RuleSet((rule,), dict.fromkeys(rule.domains, rule))
    for fixture in (f for f in fixtures if f.stem == path.stem):
        where = str(fixture.dir)
        for problem in fixture.problems:
            problems.append(Problem(where, "", problem))
        if fixture.problems:
            continue
        if not rule.signatures and alone._by_host(host_of(fixture.url) or "") is None:
            problems.append(Problem(where, "url", f"{fixture.url!r} is not on the rule's "
                                    f"domains {list(rule.domains)}: the rule would not be used"))
            continue
        counts[rule.version_for(fixture.fetched).id] += 1
    for index, version in enumerate(rule.versions):
        if counts[version.id] == 0:
            problems.append(Problem(
                str(path), f"version[{index}] (id {version.id!r})",
                f"no fixture: add a page fetched {_window(rule, index)} under "
                f"{fixtures_dir}/{path.stem}/<slug>/ "
                f"(clean rules fixture {path.stem} --from PAGE --fetched YYYY-MM-DD)"))
    return problems


def lint_rule(path: Path) -> tuple[Rule | None, list[Problem]]:
    """The compiled rule, or None and every problem of the file (not just the first)."""
    try:
        return load_rule(path), []
    except RuleError as first:
        problems = _Lint(path).run()
        return None, problems or [_problem(first)]


def _problem(exc: RuleError) -> Problem:
    """Split "version[0].body: CSS selector ..." into key and message."""
    key, sep, message = exc.problem.partition(": ")
    if sep and " " not in key:
        return Problem(exc.path, key, message)
    return Problem(exc.path, "", exc.problem)


class _Lint:
    """Walks a broken rule file and records every problem, calling the same compile helpers
    as `load_rule` (one definition of what is valid) on each value separately."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.where = str(path)
        self.problems: list[Problem] = []

    def add(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.where, key, message))

    def attempt(self, key: str, fn: Callable[..., Any], *args: Any) -> Any:
        try:
            return fn(*args)
        except RuleError as exc:
            problem = _problem(exc)
            self.problems.append(Problem(self.where, problem.key or key, problem.message))
            return None

    def run(self) -> list[Problem]:
        try:
            data = tomllib.loads(self.path.read_bytes().decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            self.add("", f"not valid TOML: {exc}")
            return self.problems
        unknown = sorted(set(data) - _TOP_KEYS)
        if unknown:
            self.add("", f"unknown key(s) {unknown}; allowed: {sorted(_TOP_KEYS)}")
        for key in ("outlet", "language", "timezone"):
            value = data.get(key)
            if value is None and key == "outlet":
                self.add("outlet", "missing")
            elif value is not None and (not isinstance(value, str) or not value.strip()):
                self.add(key, "must be a non-empty string")
        if isinstance(data.get("timezone"), str):
            self.attempt("timezone", _check_timezone, data["timezone"], self.where)
        domains = self.strings(data, "domains")
        signatures = self.strings(data, "signatures")
        for i, spec in enumerate(signatures):
            self.attempt(f"signatures[{i}]", _css, spec, self.where, f"signatures[{i}]")
        if not domains and not signatures:
            self.add("domains", "a rule needs `domains` or `signatures` to match pages")
        self.versions(data.get("version"))
        return self.problems

    def strings(self, table: dict[str, Any], key: str, prefix: str = "") -> list[str]:
        value = table.get(key, [])
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.add(f"{prefix}{key}", "must be a list of non-empty strings")
            return []
        return value

    def versions(self, raw: Any) -> None:
        if not isinstance(raw, list) or not raw:
            self.add("version", "needs at least one [[version]] table")
            return
        seen: list[str] = []
        previous: date | None = None
        for index, table in enumerate(raw):
            key = f"version[{index}]"
            if not isinstance(table, dict):
                self.add(key, "must be a table")
                continue
            unknown = sorted(set(table) - _VERSION_KEYS)
            if unknown:
                self.add(key, f"unknown key(s) {unknown}; allowed: {sorted(_VERSION_KEYS)}")
            vid = table.get("id")
            if not isinstance(vid, str) or not vid.strip():
                self.add(f"{key}.id", "missing (or not a non-empty string)")
            elif vid in seen:
                self.add(f"{key}.id", f"duplicate version id {vid!r}")
            base = table.get("extends")
            if base is not None and base not in seen:
                self.add(f"{key}.extends", f"no earlier version {base!r}")
            seen.append(vid if isinstance(vid, str) else f"<{index}>")
            until = self.attempt(f"{key}.valid_until", _until, table.get("valid_until"),
                                 self.where, key)
            if table.get("valid_until") is None and index != len(raw) - 1:
                self.add(f"{key}.valid_until", "only the last version may omit it")
            if until is not None and previous is not None and until <= previous:
                self.add(f"{key}.valid_until", f"versions must be in date order "
                                               f"({until} is not after {previous})")
            previous = until or previous
            self.version_values(table, key)

    def version_values(self, table: dict[str, Any], key: str) -> None:
        for name, check in (("body", _css), ("drop", _css), ("drop_lines", _regex)):
            for i, spec in enumerate(self.strings(table, name, f"{key}.")):
                where = f"{key}.{name}[{i}]"
                self.attempt(where, check, spec, self.where, where)
        meta = table.get("meta", {})
        if not isinstance(meta, dict):
            self.add(f"{key}.meta", "must be a table")
            return
        unknown = sorted(set(meta) - set(META_FIELDS))
        if unknown:
            self.add(f"{key}.meta", f"unknown field(s) {unknown}; allowed: {list(META_FIELDS)}")
        for name in META_FIELDS:
            for i, spec in enumerate(self.strings(meta, name, f"{key}.meta.")):
                where = f"{key}.meta.{name}[{i}]"
                self.attempt(where, _meta, spec, self.where, where)


# ---- list ---------------------------------------------------------------------------------

@dataclass(slots=True)
class RuleSummary:
    file: str
    outlet: str
    domains: tuple[str, ...]
    signatures: int
    versions: list[tuple[str, str, int]]  # (id, valid_until or "", fixtures)
    problem: str | None = None


def summarize(rules_dir: Path, fixtures_dir: Path | None = None) -> list[RuleSummary]:
    """One summary per rule file (a broken file is listed with its first problem)."""
    fixtures = [f for f in discover_fixtures(fixtures_dir) if not f.problems]
    out = []
    for path in sorted(rules_dir.glob("*.toml")):
        if path.name.startswith(_SHARED_PREFIX):
            continue
        try:
            rule = load_rule(path)
        except RuleError as exc:
            out.append(RuleSummary(path.name, "?", (), 0, [], exc.problem))
            continue
        counts = dict.fromkeys((v.id for v in rule.versions), 0)
        for fixture in (f for f in fixtures if f.stem == path.stem):
            counts[rule.version_for(fixture.fetched).id] += 1
        versions = [(v.id, str(v.valid_until or ""), counts[v.id]) for v in rule.versions]
        out.append(RuleSummary(path.name, rule.outlet, rule.domains, len(rule.signatures),
                               versions))
    return out


# ---- test ---------------------------------------------------------------------------------

def fixture_test_file() -> Path:
    return _REPO / "tests" / FIXTURE_TEST


def select_fixtures(fixtures: Iterable[Fixture], name: str | None, rules_dir: Path) -> list[Fixture]:
    """Fixtures of one rule, named by file stem ("dw"), file name or one of its domains."""
    fixtures = list(fixtures)
    if not name:
        return fixtures
    wanted = {name.removesuffix(".toml")}
    for path in rules_dir.glob("*.toml"):
        try:
            rule = load_rule(path)
        except RuleError:
            continue
        if name.lower().removeprefix("www.") in rule.domains:
            wanted.add(path.stem)
    return [f for f in fixtures if f.stem in wanted]


def run_fixture_tests(ids: list[str], *, rules_dir: Path, fixtures_dir: Path,
                      update: bool = False, capture: bool = False) -> tuple[int, str]:
    """Run the fixture tests of these fixture ids in pytest (expectations from page.toml,
    then the record against its snapshot, with syrupy's diff). Returns pytest's exit code
    and, with `capture`, its output (else it goes to the terminal)."""
    test_file = fixture_test_file()
    if not test_file.is_file():
        raise FileNotFoundError(f"{test_file} not found: `clean rules test` runs from a source checkout")
    # -o addopts= drops the project's own -q; the truncation limits off show whole diffs.
    args = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
            "--no-header", "-q", "-rN", "--tb=short", "-o", "addopts=",
            "-o", "truncation_limit_lines=0", "-o", "truncation_limit_chars=0"]
    args += [f"{test_file}::{test}[{fid}]" for fid in ids
             for test in ("test_fixture_expectations", "test_fixture_snapshot")]
    if update:
        args.append("--snapshot-update")
    env = {**os.environ, "CLEANER_RULES": str(rules_dir.resolve()),
           FIXTURES_ENV: str(fixtures_dir.resolve())}
    done = subprocess.run(args, cwd=_REPO, env=env, capture_output=capture, text=True,
                          check=False)
    return done.returncode, (done.stdout + done.stderr) if capture else ""


# ---- drift --------------------------------------------------------------------------------

@dataclass(slots=True)
class DriftPage:
    source: str
    url: str | None
    rule: str
    version: str
    body_matched: bool
    dead_drops: list[str]
    dead_meta: list[str]


def drift(raw_dir: str | Path, rules_dir: Path) -> list[DriftPage]:
    """For every page under `raw_dir` that a rule covers: do the body selectors of the
    version its fetch date picks still match, and which drop and metadata selectors match
    nothing. URLs and fetch dates come from `manifest.jsonl` beside the pages (else the
    page's canonical link; WARC records carry their own)."""
    from cleaner import dom
    from cleaner.api import RawDoc, _page_url
    from cleaner.decode import decode_html
    from cleaner.errors import Drop
    from cleaner.metadata.jsonld import read_jsonld
    from cleaner.rules import load_ruleset
    from cleaner.sources import discover, iter_docs, load_raw_manifest
    from cleaner.urls import host_of

    ruleset = load_ruleset(rules_dir)
    sidecar = load_raw_manifest(raw_dir)
    parser = dom.make_parser()
    out = []
    for inp in discover(raw_dir):
        for doc in iter_docs(raw_dir, inp, sidecar):
            if not isinstance(doc, RawDoc):
                continue  # unreadable input: `clean build` reports it
            try:
                root = dom.parse(decode_html(doc.data, doc.charset), parser)
            except Drop:
                continue
            url = doc.url or _page_url(root)
            chosen = ruleset.select(host_of(url), root, doc.fetched)
            if chosen is None:
                continue
            rule, version = chosen
            ld = read_jsonld(root).ordered()
            dead_meta = [f"{name}: {sel.spec}" for name, sels in version.meta.items()
                         for sel in sels if not sel.values(root, ld)]
            out.append(DriftPage(
                source=doc.source, url=url, rule=rule.name, version=version.id,
                body_matched=any(sel(root) for sel in version.body),
                dead_drops=[spec for spec, sel in zip(version.drop_specs, version.drop)
                            if not sel(root)],
                dead_meta=dead_meta))
    return out


# ---- terminal output of the commands -----------------------------------------------------

def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(highlight=False, stderr=stderr, soft_wrap=True)


def print_check(report: CheckReport, rules_dir: Path) -> int:
    """Every problem, one a line (file: key: message); exit code 1 when there is any."""
    from rich.markup import escape

    console = _console()
    for problem in report.problems:
        console.print(f"[red]error[/] {escape(str(problem))}")
    for warning in report.warnings:
        console.print(f"[yellow]warning[/] {escape(str(warning))}")
    versions = sum(len(r.versions) for r in report.rules)
    summary = (f"{report.files} rule files, {versions} versions, {report.fixtures} fixtures "
               f"in {rules_dir}")
    if report.problems:
        console.print(f"[red bold]{len(report.problems)} problem(s)[/]: {escape(summary)}")
        return 1
    console.print(f"[green]ok[/]: {escape(summary)}")
    return 0


def print_list(summaries: list[RuleSummary]) -> int:
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Site rules", title_justify="left")
    for name in ("file", "outlet", "domains / signatures", "version", "valid until", "fixtures"):
        table.add_column(name, overflow="fold", no_wrap=name in ("file", "version", "valid until"))
    for s in summaries:
        match = ", ".join([*s.domains, *([f"{s.signatures} signature(s)"] if s.signatures else [])])
        if s.problem:
            table.add_row(Text(s.file), "", "", Text(f"broken: {s.problem}", style="red"), "", "")
            continue
        for i, (vid, until, count) in enumerate(s.versions):
            first = i == 0
            table.add_row(*(Text(v) for v in (s.file if first else "", s.outlet if first else "",
                                               match if first else "", vid, until or "(current)")),
                          Text(str(count), style="" if count else "red"))
        table.add_section()
    _console().print(table)
    return 0


def print_drift(pages: list[DriftPage]) -> int:
    """Per rule version: pages seen, pages whose body selectors match nothing, drop and
    metadata selectors that matched on none of its pages. Exit 1 when a body was missed."""
    from rich.markup import escape
    from rich.table import Table

    console = _console()
    if not pages:
        console.print("no page of a domain with a rule")
        return 0
    groups: dict[tuple[str, str], list[DriftPage]] = {}
    for page in pages:
        groups.setdefault((page.rule, page.version), []).append(page)
    table = Table(title="Rule drift", title_justify="left")
    for name in ("rule@version", "pages", "body missed", "never matched (drop / meta)"):
        table.add_column(name, overflow="fold")
    missed_any = False
    for (rule, version), group in sorted(groups.items()):
        missed = [p for p in group if not p.body_matched]
        missed_any |= bool(missed)
        dead = sorted(set.intersection(*(set(p.dead_drops) for p in group)))
        dead += sorted(set.intersection(*(set(p.dead_meta) for p in group)))
        table.add_row(f"{rule}@{version}", str(len(group)),
                      f"[red]{len(missed)}[/]" if missed else "0",
                      escape("; ".join(dead)) or "-")
    console.print(table)
    for page in (p for p in pages if not p.body_matched):
        console.print(f"[red]body missed[/] {escape(page.rule)}@{escape(page.version)}: "
                      f"{escape(page.source)} ({escape(page.url or 'no url')})")
    if missed_any:
        console.print(escape("The layout changed: add a [[version]] with the new selectors, a "
                             "valid_until on the old one, and a fixture of the new layout "
                             "(docs/adding-a-site.md)."))
    return 1 if missed_any else 0
