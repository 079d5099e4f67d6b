"""`clean build` over hostile pages mixed with good ones (issue 8): exit 0, every good page a
record, every hostile page a record or a reject with the expected reason, every output line
valid UTF-8 JSON. The 25 + 25 timing and memory measurement is bench/hostile_build.py; the
worker-crash and timeout test is tests/test_build.py::test_worker_crash_timeout_and_error_are_contained."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hostile.generate import RECORD, Entry, build_cases, write_corpus

# Cases of more than 5 MB stay out of this test to keep it quick: extract() tests them one
# by one (test_hostile.py), and the benchmark builds them.
BIG = {"huge-text-node", "script-eclipse", "too-large", "huge-attribute", "unique-words",
       "million-cells"}
KNOWN: dict[str, str] = {}  # case name -> expected outcome while a known bug stands


def clean(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cleaner.cli", *args], capture_output=True,
                          text=True, timeout=300, check=False)


def outcomes(out: Path) -> tuple[dict[str, dict], dict[str, dict]]:
    records: dict[str, dict] = {}
    for shard in sorted(out.glob("corpus-*.jsonl")):
        for line in shard.read_bytes().decode("utf-8").splitlines():  # strict UTF-8
            record = json.loads(line)
            records[record["source"]] = record
    rejects = {}
    for line in (out / "rejects.jsonl").read_bytes().decode("utf-8").splitlines():
        reject = json.loads(line)
        rejects[reject["source"]] = reject
    return records, rejects


def check(entries: list[Entry], records: dict[str, dict], rejects: dict[str, dict]) -> None:
    assert set(records) | set(rejects) == {e.path for e in entries}
    assert not set(records) & set(rejects)
    for e in entries:
        expect = KNOWN.get(e.case.name, e.expect) if e.case else e.expect
        if expect == RECORD:
            assert e.path in records, f"{e.path}: rejected {rejects.get(e.path)}"
            text = records[e.path]["text"]
            for phrase in e.case.contains if e.case else ():
                assert phrase in text, f"{e.path}: lost {phrase[:40]!r}"
            for phrase in e.case.not_contains if e.case else ():
                assert phrase not in text, f"{e.path}: {phrase!r} in the text"
        else:
            assert e.path in rejects, f"{e.path}: became a record, expected {expect}"
            assert rejects[e.path]["reason"] == expect, rejects[e.path]
            assert rejects[e.path]["detail"]


def test_build_over_hostile_and_good_pages(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    entries = write_corpus(raw, n_good=5, n_hostile=None, exclude=BIG)
    done = clean("build", "--raw", str(raw), "--out", str(out), "--jobs", "2", "--quiet")
    assert done.returncode == 0, done.stderr[-2000:]
    records, rejects = outcomes(out)
    check(entries, records, rejects)
    report = json.loads((out / "report.json").read_text())
    assert report["pages"] == len(entries)
    assert report["records"] == len(records) and report["rejected_total"] == len(rejects)


def test_build_max_bytes_rejects_big_pages(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    entries = write_corpus(raw, n_good=2, n_hostile=0)
    (raw / "big.html").write_bytes(b"<html><body><p>" + b"word " * 240_000 + b"</p></body></html>")
    done = clean("build", "--raw", str(raw), "--out", str(out), "--jobs", "1", "--quiet",
                 "--max-bytes", "1000000")
    assert done.returncode == 0, done.stderr[-2000:]
    records, rejects = outcomes(out)
    assert {e.path for e in entries} <= set(records)
    assert rejects["big.html"]["reason"] == "too-large"


@pytest.mark.parametrize("name", ["gzip-truncated", "gzip-corrupt"])
def test_gzip_damage_has_its_own_reason_in_builds(tmp_path: Path, name: str) -> None:
    case = next(c for c in build_cases() if c.name == name)
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / case.filename).write_bytes(case.data())
    done = clean("build", "--raw", str(raw), "--out", str(out), "--quiet")
    assert done.returncode == 0, done.stderr[-2000:]
    _, rejects = outcomes(out)
    assert rejects[case.filename]["reason"] == case.build_outcome
