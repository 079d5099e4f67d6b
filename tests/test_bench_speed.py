"""bench/speed.py as a check: its floor and ceiling options fail a slow or fat build."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SPEED = Path(__file__).resolve().parent.parent / "bench" / "speed.py"


@pytest.fixture(scope="module")
def speed():  # noqa: ANN201
    spec = importlib.util.spec_from_file_location("bench_speed", SPEED)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_check_passes_within_floor_and_ceiling(speed) -> None:  # noqa: ANN001
    result = {"ratio": 1.8, "cleaner_worker_peak_rss_mb": 80.0}
    assert speed.check(result, None, None) == 0
    assert speed.check(result, 1.6, 200) == 0


@pytest.mark.parametrize(("result", "floor", "ceiling"), [
    ({"ratio": 1.5, "cleaner_worker_peak_rss_mb": 80.0}, 1.6, None),
    ({"ratio": 1.8, "cleaner_worker_peak_rss_mb": 250.0}, None, 200),
    ({"ratio": None, "cleaner_worker_peak_rss_mb": 80.0}, 1.0, None),  # no baseline ran
    ({"ratio": 1.8, "cleaner_worker_peak_rss_mb": None}, None, 200),  # no report
])
def test_check_fails_below_the_floor_or_above_the_ceiling(speed, result, floor,  # noqa: ANN001
                                                          ceiling) -> None:
    assert speed.check(result, floor, ceiling) == 1
