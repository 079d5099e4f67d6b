"""The eval gate: cleaner --no-rules on the vendored ScrapingHub pages stays at its floors."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from cleaner.evaluation.gate import (
    DEFAULT_FLOORS,
    Floors,
    check,
    data_sha256,
    floor3,
    pin,
    problems_for,
)
from cleaner.evaluation.text import DEFAULT_DATA_DIR, Scores


def fake_scores(f1: float, precision: float, recall: float) -> Scores:
    return Scores(f1=f1, precision=precision, recall=recall, accuracy=0.0, pages={})


@pytest.fixture
def data(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    (d / "html").mkdir(parents=True)
    (d / "ground-truth.json").write_text('{"x": {"articleBody": "a b c d"}}', encoding="utf-8")
    (d / "html" / "x.html.gz").write_bytes(b"\x1f\x8b fake")
    (d / "LICENSE").write_text("MIT", encoding="utf-8")
    return d


# ------------------------------------------------------------- the real gate (CI)


def test_gate_on_vendored_data():
    problems = check(DEFAULT_FLOORS, DEFAULT_DATA_DIR)
    assert not problems, "quality gate failed:\n" + "\n".join(problems)


READABILITY_FLOORS = DEFAULT_FLOORS.parent / "floors-readability.toml"


def test_gate_on_vendored_readability_pages():
    """The second gold set (bench/data/readability): other layouts than ScrapingHub's."""
    floors = Floors.load(READABILITY_FLOORS)
    data = DEFAULT_FLOORS.parent.parent / floors.data_dir
    problems = check(READABILITY_FLOORS, data)
    assert not problems, "readability quality gate failed:\n" + "\n".join(problems)


def test_pinned_hash_matches_vendored_data():
    floors = Floors.load(DEFAULT_FLOORS)
    assert floors.data_sha256 == data_sha256(DEFAULT_DATA_DIR), (
        "bench/data/scrapinghub changed without re-pinning bench/floors.toml"
    )
    for m in ("f1", "precision", "recall"):
        assert 0.0 <= getattr(floors, m) <= 1.0


# ------------------------------------------------------------- gate logic, no extractor


def test_hash_covers_names_and_contents_but_not_readme(data: Path):
    h0 = data_sha256(data)
    (data / "README.md").write_text("docs", encoding="utf-8")
    assert data_sha256(data) == h0
    (data / "html" / "x.html.gz").write_bytes(b"\x1f\x8b changed")
    h1 = data_sha256(data)
    assert h1 != h0
    (data / "html" / "x.html.gz").rename(data / "html" / "y.html.gz")
    assert data_sha256(data) not in (h0, h1)


def test_floor3_rounds_down_exactly():
    assert floor3(0.97) == 0.97
    assert floor3(0.97199) == 0.971
    assert floor3(0.9999) == 0.999
    assert floor3(1.0) == 1.0


def test_check_reports_hash_mismatch_and_each_metric_below_floor(data: Path, tmp_path: Path):
    floors_path = tmp_path / "floors.toml"
    ok, _ = pin(floors_path, data, fake_scores(0.9612, 0.9555, 0.9701), today="2026-01-02")
    assert ok
    f = Floors.load(floors_path)
    assert (f.f1, f.precision, f.recall) == (0.961, 0.955, 0.970)
    assert check(floors_path, data, scores=fake_scores(0.961, 0.955, 0.970)) == []
    problems = check(floors_path, data, scores=fake_scores(0.9609, 0.96, 0.9))
    assert len(problems) == 2
    assert any("f1" in p for p in problems) and any("recall" in p for p in problems)
    (data / "ground-truth.json").write_text("{}", encoding="utf-8")
    problems = check(floors_path, data, scores=fake_scores(1.0, 1.0, 1.0))
    assert len(problems) == 1 and "re-pin" in problems[0]


def test_page_errors_fail_the_gate(data: Path, tmp_path: Path):
    floors_path = tmp_path / "floors.toml"
    pin(floors_path, data, fake_scores(0.5, 0.5, 0.5))
    s = fake_scores(0.9, 0.9, 0.9)
    s.errors = {"x": "KeyError: 'boom'"}
    assert any("exception" in p for p in problems_for(Floors.load(floors_path), data, s))


def test_pin_raises_freely_but_refuses_to_lower_without_reason(data: Path, tmp_path: Path):
    floors_path = tmp_path / "floors.toml"
    assert pin(floors_path, data, fake_scores(0.96, 0.95, 0.97))[0]
    assert pin(floors_path, data, fake_scores(0.965, 0.951, 0.975))[0]  # raise: fine
    before = floors_path.read_text(encoding="utf-8")

    ok, msgs = pin(floors_path, data, fake_scores(0.966, 0.951, 0.9749))
    assert not ok and "recall" in msgs[-1]
    ok, _ = pin(floors_path, data, fake_scores(0.966, 0.951, 0.9749), allow_lower=True)
    assert not ok  # a reason is required too
    assert floors_path.read_text(encoding="utf-8") == before

    ok, _ = pin(
        floors_path,
        data,
        fake_scores(0.966, 0.951, 0.9749),
        allow_lower=True,
        reason="gold text of page x fixed upstream",
        today="2026-03-04",
    )
    assert ok
    with open(floors_path, "rb") as fh:
        raw = tomllib.load(fh)
    assert raw["recall"] == 0.974 and raw["f1"] == 0.966
    assert raw["lowered_reason"] == "gold text of page x fixed upstream"
    assert raw["lowered_on"] == "2026-03-04"
    assert raw["lowering"] == [
        {
            "date": "2026-03-04",
            "reason": "gold text of page x fixed upstream",
            "recall_from": 0.975,
            "recall_to": 0.974,
        }
    ]
    # the history survives a later ordinary raise
    assert pin(floors_path, data, fake_scores(0.97, 0.96, 0.98))[0]
    assert len(Floors.load(floors_path).lowering) == 1


def test_pin_raise_only_keeps_the_floor_that_would_drop(data: Path, tmp_path: Path):
    floors_path = tmp_path / "floors.toml"
    pin(floors_path, data, fake_scores(0.96, 0.95, 0.97))
    ok, _ = pin(floors_path, data, fake_scores(0.97, 0.94, 0.98), raise_only=True)
    assert ok
    f = Floors.load(floors_path)
    assert (f.f1, f.precision, f.recall) == (0.97, 0.95, 0.98)


def test_repin_after_data_change_updates_hash(data: Path, tmp_path: Path):
    floors_path = tmp_path / "floors.toml"
    pin(floors_path, data, fake_scores(0.9, 0.9, 0.9))
    shutil.copy(data / "LICENSE", data / "html" / "extra.html.gz")
    assert check(floors_path, data, scores=fake_scores(0.9, 0.9, 0.9))
    ok, msgs = pin(floors_path, data, fake_scores(0.9, 0.9, 0.9))
    assert ok and any("hash changed" in m for m in msgs)
    assert check(floors_path, data, scores=fake_scores(0.9, 0.9, 0.9)) == []


def test_never_pinned_floors_fail(data: Path, tmp_path: Path):
    floors_path = tmp_path / "floors.toml"
    floors_path.write_text(Floors(data_sha256=data_sha256(data)).dump(), encoding="utf-8")
    problems = check(floors_path, data, scores=fake_scores(0.99, 0.99, 0.99))
    assert len(problems) == 1 and "never pinned" in problems[0]
    assert pin(floors_path, data, fake_scores(0.99, 0.99, 0.99))[0]
    assert check(floors_path, data, scores=fake_scores(0.99, 0.99, 0.99)) == []
