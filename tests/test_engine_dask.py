"""The dask engine gives the local engine's output, byte for byte."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from test_build import make_raw, records, rejects, run, tree
from test_build_helpers import article
from test_sources import write_warc

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def scheduler():
    """An in-process LocalCluster (one worker thread): quick to start, same code path."""
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_dask_output_equals_local(tmp_path: Path, scheduler: str) -> None:
    raw = make_raw(tmp_path / "raw", 6, dup_every=3)
    (raw / "bad.html.gz").write_bytes(gzip.compress(article(50))[:30])
    (raw / "empty.html").write_bytes(b"")
    write_warc(raw / "w.warc.gz", [("https://ex.com/a", "text/html", article(60)),
                                   ("https://ex.com/i.png", "image/png", b"\x89PNG....")])
    local = run(raw, tmp_path / "local")
    dask = run(raw, tmp_path / "dask", engine="dask", scheduler=scheduler)
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")
    assert dask["records"] == local["records"] == 7
    assert dask["engine"] == "dask" and dask["rejected"] == local["rejected"]
    assert {r["reason"] for r in rejects(tmp_path / "dask")} == {"gzip-truncated", "empty",
                                                                  "not-html"}
    again = run(raw, tmp_path / "dask", engine="dask", scheduler=scheduler)
    assert again["skipped_unchanged"] == again["inputs"]
    assert [r["id"] for r in records(tmp_path / "dask")] == [
        r["id"] for r in records(tmp_path / "local")]


def test_dask_timeout_in_a_worker_thread(tmp_path: Path, scheduler: str) -> None:
    raw = make_raw(tmp_path / "raw", 2)
    (raw / "spin.html").write_bytes(article(11, extra="<p>SPIN-ME</p>"))
    report = run(raw, tmp_path / "out", engine="dask", scheduler=scheduler, doc_timeout=1.0,
                 extractor="test_build_helpers:poisoned")
    assert report["records"] == 2
    assert [(r["source"], r["reason"]) for r in rejects(tmp_path / "out")] == [
        ("spin.html", "timeout")]
