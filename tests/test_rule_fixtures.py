"""Every rule fixture (tests/fixtures/<rule>/<slug>/): the record says what page.toml says,
and the whole record matches its snapshot (tests/__snapshots__/test_rule_fixtures/, or
DIR/__snapshots__/ for fixtures in another DIR; one JSON file per fixture, the text as a list of paragraphs so a diff shows the changed paragraph).

Run one rule's fixtures with `clean rules test RULE`; after an intended change, review the
diff and bless it with `clean rules test RULE --update`. $CLEANER_RULES and
$CLEANER_FIXTURES point the tests at other directories (`clean rules` sets them).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from syrupy.extensions.json import JSONSnapshotExtension

from cleaner.api import Extractor, default_rules_dir
from cleaner.ruletools import (
    FIXTURES_ENV,
    Fixture,
    discover_fixtures,
    expectation_failures,
    extract_fixture,
    snapshot_of,
)

FIXTURES = discover_fixtures()


def _params() -> list:
    if not FIXTURES:
        return [pytest.param(None, marks=pytest.mark.skip(reason="no rule fixtures"), id="none")]
    return [pytest.param(f, id=f.id) for f in FIXTURES]


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.load(default_rules_dir())


class _FixtureSnapshots(JSONSnapshotExtension):
    """Snapshots live beside their fixtures when $CLEANER_FIXTURES names another directory
    (`clean rules ... --fixtures DIR`), so fixtures kept outside the checkout never write into
    its tests/__snapshots__/; the checkout's own fixtures keep theirs there."""

    @classmethod
    def dirname(cls, *, test_location):  # type: ignore[no-untyped-def, override]
        custom = os.environ.get(FIXTURES_ENV)
        if custom and Path(custom).resolve() != _CHECKOUT_FIXTURES.resolve():
            return str(Path(custom) / "__snapshots__" / test_location.basename)
        return super().dirname(test_location=test_location)


_CHECKOUT_FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def snapshot_json(snapshot):  # type: ignore[no-untyped-def]
    return snapshot.use_extension(_FixtureSnapshots)


def _record(extractor: Extractor, fixture: Fixture) -> dict:
    assert not fixture.problems, f"{fixture.dir}: " + "; ".join(fixture.problems)
    result = extract_fixture(extractor, fixture)
    assert result.record is not None, f"{fixture.dir}: rejected ({result.reason}): {result.detail}"
    return result.record


@pytest.mark.parametrize("fixture", _params())
def test_fixture_expectations(extractor: Extractor, fixture: Fixture) -> None:
    record = _record(extractor, fixture)
    assert record["rule"] is not None and record["rule"].startswith(f"{fixture.stem}.toml@"), \
        f"{fixture.dir}: the page was extracted with {record['rule']!r}, not rules/{fixture.stem}.toml"
    failures = expectation_failures(fixture, record)
    assert not failures, f"{fixture.dir}/page.toml:\n  " + "\n  ".join(failures)


@pytest.mark.parametrize("fixture", _params())
def test_fixture_snapshot(extractor: Extractor, fixture: Fixture, snapshot_json) -> None:  # type: ignore[no-untyped-def]
    assert snapshot_of(_record(extractor, fixture)) == snapshot_json
