"""`clean build` end to end: determinism, bad inputs, WARC, incremental and resumable
builds, atomic output, failures contained, output formats."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_build_helpers import article
from test_sources import write_warc
from typer.testing import CliRunner

from cleaner.build import build
from cleaner.cli import app
from cleaner.writer import OutputDirError

ROOT = Path(__file__).resolve().parent.parent
HELPERS = "test_build_helpers"


def tree(path: Path) -> dict[str, bytes]:
    """Every output file but the report and build state, by relative path."""
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*"))
            if p.is_file() and p.name != "report.json" and ".build" not in p.parts}


def records(out: Path) -> list[dict]:
    lines = []
    for shard in sorted(out.glob("corpus-*.jsonl")):
        lines += [json.loads(x) for x in shard.read_text(encoding="utf-8").splitlines()]
    return lines


def rejects(out: Path) -> list[dict]:
    return [json.loads(x) for x in (out / "rejects.jsonl").read_text().splitlines()]


def make_raw(root: Path, count: int, *, start: int = 0, dup_every: int = 0) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for n in range(start, start + count):
        body = article(n - 1 if dup_every and n and n % dup_every == 0 else n)
        (root / f"p{n:03d}.html").write_bytes(body)
    return root


def run(raw: Path, out: Path, **kwargs) -> dict:
    kwargs.setdefault("jobs", 1)
    kwargs.setdefault("quiet", True)
    return build(raw=raw, out=out, **kwargs)


def test_jobs_1_and_2_give_byte_identical_output(tmp_path: Path) -> None:
    raw = make_raw(tmp_path / "raw", 10, dup_every=4)
    (raw / "sub").mkdir()
    (raw / "sub" / "z.html.gz").write_bytes(gzip.compress(article(99)))
    one = run(raw, tmp_path / "one", jobs=1)
    two = run(raw, tmp_path / "two", jobs=2)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert one["records"] == two["records"] == 11
    got = records(tmp_path / "one")
    assert [r["source"] for r in got] == sorted(r["source"] for r in got)
    assert one["duplicates"] == 2 and one["clusters"] == 2
    dups = [r for r in got if r["duplicate_of"]]
    assert {r["source"] for r in dups} == {"p004.html", "p008.html"}


def test_bad_inputs_are_rejected_with_reasons_and_the_build_goes_on(tmp_path: Path) -> None:
    raw = make_raw(tmp_path / "raw", 3)
    (raw / "empty.html").write_bytes(b"")
    (raw / "binary.html").write_bytes(bytes(range(256)) * 40)
    (raw / "truncated.html.gz").write_bytes(gzip.compress(article(7) * 20)[:200])
    (raw / "notes.md").write_text("not an input")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", "--raw", str(raw), "--out", str(out),
                                      "--jobs", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    assert len(records(out)) == 3
    reasons = {r["source"]: r["reason"] for r in rejects(out)}
    assert reasons == {"binary.html": "binary", "empty.html": "empty",
                       "truncated.html.gz": "gzip-truncated"}
    assert all(r["detail"] for r in rejects(out))
    report = json.loads((out / "report.json").read_text())
    assert report["inputs"] == 6 and report["records"] == 3 and report["rejected_total"] == 3
    assert report["rejected"] == {"binary": 1, "empty": 1, "gzip-truncated": 1}
    strict = CliRunner().invoke(app, ["build", "--raw", str(raw), "--out", str(out),
                                      "--jobs", "1", "--quiet", "--strict"])
    assert strict.exit_code == 1


def test_warc_with_truncated_and_non_html_records(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    path = raw / "crawl.warc.gz"
    offsets = write_warc(path, [
        ("https://ex.com/a", "text/html; charset=utf-8", article(1)),
        ("https://ex.com/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(200)),
        ("https://ex.com/b", "text/html", article(2)),
        ("https://ex.com/c", "text/html", article(3)),
    ])
    path.write_bytes(path.read_bytes()[:-150])
    report = run(raw, tmp_path / "out")
    got = records(tmp_path / "out")
    name = "crawl.warc.gz"
    assert [r["source"] for r in got] == [f"{name}#{offsets[0]}", f"{name}#{offsets[2]}"]
    assert [r["url"] for r in got] == ["https://ex.com/a", "https://ex.com/b"]
    assert all(r["date_fetched"] == "2023-09-19T10:00:00+00:00" for r in got)
    assert {(r["source"], r["reason"]) for r in rejects(tmp_path / "out")} == {
        (f"{name}#{offsets[1]}", "not-html"), (f"{name}#{offsets[3]}", "warc-truncated")}
    assert report["pages"] == 4 and report["rejected"] == {"not-html": 1, "warc-truncated": 1}


def test_second_run_skips_unchanged_inputs(tmp_path: Path) -> None:
    raw = make_raw(tmp_path / "raw", 12)
    out = tmp_path / "out"
    first = run(raw, out)
    before = tree(out)
    second = run(raw, out)
    assert second["skipped_unchanged"] == 12 and second["processed"] == 0
    assert second["skipped_unchanged"] / second["inputs"] >= 0.99
    assert tree(out) == before and second["records"] == first["records"]
    (raw / "p003.html").write_bytes(article(300))  # one input changes
    os.utime(raw / "p000.html")  # another is touched but unchanged: its hash decides
    third = run(raw, out)
    assert third["processed"] == 1 and third["skipped_unchanged"] == 11
    full = run(raw, out, full=True)
    assert full["processed"] == 12
    assert tree(out) == tree(out)


RULE = """outlet = "{outlet}"
domains = ["{domain}"]
language = "en"
[[version]]
id = "1"
body = ["article"]
drop = ["nav"]
"""


def _rules_dir(path: Path) -> Path:
    path.mkdir()
    for shared in ("_generic.toml", "_agencies.toml"):
        shutil.copyfile(ROOT / "rules" / shared, path / shared)
    (path / "alpha.toml").write_text(RULE.format(outlet="Alpha", domain="alpha.example"))
    (path / "beta.toml").write_text(RULE.format(outlet="Beta", domain="beta.example"))
    return path


def test_editing_one_rule_reprocesses_only_its_pages(tmp_path: Path) -> None:
    rules = _rules_dir(tmp_path / "rules")
    raw = tmp_path / "raw"
    raw.mkdir()
    hosts = ["alpha.example"] * 3 + ["beta.example"] * 2 + ["other.example"] * 2
    for n, host in enumerate(hosts):
        (raw / f"p{n}.html").write_bytes(article(n, url=f"https://{host}/story-{n}"))
    out = tmp_path / "out"
    first = run(raw, out, rules_dir=rules)
    assert {r["rule"] for r in records(out)} == {"alpha.toml@1", "beta.toml@1", None}
    (rules / "alpha.toml").write_text(RULE.format(outlet="Alpha News", domain="alpha.example"))
    second = run(raw, out, rules_dir=rules)
    assert second["processed"] == 3 and second["skipped_unchanged"] == 4
    outlets = {r["url"].split("/")[2]: r["outlet"] for r in records(out)}
    assert outlets["alpha.example"] == "Alpha News" and outlets["beta.example"] == "Beta"
    # a new rule claiming the unmatched pages' domain: only those are reprocessed
    (rules / "other.toml").write_text(RULE.format(outlet="Other", domain="other.example"))
    third = run(raw, out, rules_dir=rules)
    assert third["processed"] == 2 and third["skipped_unchanged"] == 5
    assert first["inputs"] == 7


def test_broken_rule_file_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    rules = _rules_dir(tmp_path / "rules")
    (rules / "beta.toml").write_text('outlet = "Beta"\ndomains = ["beta.example"]\n[[version]]\n'
                                     'id = "1"\nbody = ["div[unclosed"]\n')
    raw = make_raw(tmp_path / "raw", 2)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", "--raw", str(raw), "--out", str(out),
                                      "--rules", str(rules), "--quiet"])
    assert result.exit_code == 2
    assert "beta.toml" in result.output
    assert not out.exists() and not (tmp_path / ".out.building").exists()


def test_failed_build_leaves_the_previous_corpus_in_place(tmp_path: Path, monkeypatch) -> None:
    raw = make_raw(tmp_path / "raw", 4)
    out = tmp_path / "out"
    run(raw, out)
    before = {**tree(out), "report.json": (out / "report.json").read_bytes()}
    make_raw(raw, 2, start=50)

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("cleaner.build._write_outputs", boom)
    with pytest.raises(RuntimeError):
        run(raw, out)
    assert {**tree(out), "report.json": (out / "report.json").read_bytes()} == before
    monkeypatch.undo()
    again = run(raw, out)  # the failed build's finished inputs are reused
    assert again["records"] == 6 and again["skipped_unchanged"] == 6


def test_out_dir_with_foreign_files_is_refused(tmp_path: Path) -> None:
    raw = make_raw(tmp_path / "raw", 1)
    out = tmp_path / "out"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(OutputDirError):
        run(raw, out)
    assert (out / "thesis.docx").read_bytes() == b"precious"


def test_worker_crash_timeout_and_error_are_contained(tmp_path: Path) -> None:
    raw = make_raw(tmp_path / "raw", 4)
    (raw / "crash.html").write_bytes(article(10, extra="<p>CRASH-ME</p>"))
    (raw / "sleep.html").write_bytes(article(11, extra="<p>SLEEP-ME</p>"))
    (raw / "raise.html").write_bytes(article(12, extra="<p>RAISE-ME</p>"))
    report = run(raw, tmp_path / "out", jobs=2, doc_timeout=1.5,
                 extractor=f"{HELPERS}:poisoned")
    assert report["records"] == 4
    reasons = {r["source"]: r["reason"] for r in rejects(tmp_path / "out")}
    assert reasons == {"crash.html": "worker-crash", "sleep.html": "timeout",
                       "raise.html": "error"}
    details = {r["source"]: r["detail"] for r in rejects(tmp_path / "out")}
    assert "KeyError" in details["raise.html"] and "exit code 3" in details["crash.html"]


def test_dedup_modes_and_shards(tmp_path: Path) -> None:
    raw = make_raw(tmp_path / "raw", 9, dup_every=3)  # p003, p006 duplicate p002, p005
    mark = run(raw, tmp_path / "mark", shard_size=4)
    assert sorted(p.name for p in (tmp_path / "mark").glob("corpus-*")) == [
        "corpus-00000.jsonl", "corpus-00001.jsonl", "corpus-00002.jsonl"]
    assert mark["records"] == 9 and mark["duplicates"] == 2
    drop = run(raw, tmp_path / "drop", dedup="drop")
    assert drop["records"] == 7 and drop["duplicates_dropped"] == 2
    assert not any(r["duplicate_of"] for r in records(tmp_path / "drop"))
    off = run(raw, tmp_path / "off", dedup="off")
    assert off["duplicates"] == 0 and off["records"] == 9
    assert not any(r["duplicate_of"] or r["cluster_id"] for r in records(tmp_path / "off"))


@pytest.mark.parametrize("compress", ["gz", "zst"])
def test_compressed_shards_are_deterministic(tmp_path: Path, compress: str) -> None:
    raw = make_raw(tmp_path / "raw", 3)
    run(raw, tmp_path / "a", compress=compress)
    run(raw, tmp_path / "b", compress=compress, full=True)
    name = f"corpus-00000.jsonl.{compress}"
    assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    if compress == "gz":
        data = gzip.decompress((tmp_path / "a" / name).read_bytes())
    else:
        import zstandard

        data = zstandard.ZstdDecompressor().decompressobj().decompress(
            (tmp_path / "a" / name).read_bytes())
    assert len(data.decode().splitlines()) == 3


def test_shards_load_with_pandas(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    raw = make_raw(tmp_path / "raw", 5)
    run(raw, tmp_path / "out", shard_size=2)
    frames = [pd.read_json(p, lines=True) for p in sorted((tmp_path / "out").glob("corpus-*"))]
    frame = pd.concat(frames)
    assert len(frame) == 5 and list(frame.columns[:3]) == ["id", "url", "outlet"]


def test_shards_load_with_datasets(tmp_path: Path) -> None:
    """The output directory is a Hugging Face dataset: its card declares the column types,
    so a column that is null all through the first shard (duplicate_of) and set in a later
    one loads (with types inferred from the first shard, it failed to)."""
    datasets = pytest.importorskip("datasets")
    raw = make_raw(tmp_path / "raw", 6, dup_every=5)  # p005 repeats p004: the 3rd shard
    run(raw, tmp_path / "out", shard_size=2)
    loaded = datasets.load_dataset(str(tmp_path / "out"), split="train",
                                   cache_dir=str(tmp_path / "hf"))
    assert loaded.num_rows == 6 and loaded.column_names[:2] == ["id", "url"]
    assert sum(1 for value in loaded["duplicate_of"] if value) == 1
    assert loaded.features["images"].feature["src"].dtype == "string"


def test_dataset_card_follows_the_schema(tmp_path: Path) -> None:
    from cleaner.datacard import dataset_card
    from cleaner.record import RECORD_KEYS

    card = dataset_card()
    header = card.split("---")[1]
    names = [line.split("name: ", 1)[1] for line in header.splitlines()
             if line.startswith("  - name: ")]
    assert names == list(RECORD_KEYS)
    run(make_raw(tmp_path / "raw", 2), tmp_path / "out")
    assert (tmp_path / "out" / "README.md").read_text(encoding="utf-8") == card


def test_fsspec_memory_filesystem(tmp_path: Path) -> None:
    import fsspec

    fs = fsspec.filesystem("memory")
    for n in range(3):
        fs.pipe(f"/cleaner-test/raw/p{n:03d}.html", article(n))
    fs.pipe("/cleaner-test/raw/bad.html.gz", b"\x1f\x8b\x08\x00garbage")
    try:
        report = build(raw="memory://cleaner-test/raw", out="memory://cleaner-test/out",
                       jobs=1, quiet=True)
        local = run(make_raw(tmp_path / "raw", 3), tmp_path / "out")
        assert report["records"] == local["records"] == 3 and report["rejected_total"] == 1
        remote = fs.cat("/cleaner-test/out/corpus-00000.jsonl")
        assert remote == (tmp_path / "out" / "corpus-00000.jsonl").read_bytes()
        again = build(raw="memory://cleaner-test/raw", out="memory://cleaner-test/out",
                      jobs=1, quiet=True)
        assert again["skipped_unchanged"] == 4
    finally:
        fs.rm("/cleaner-test", recursive=True)


def test_sigkill_mid_build_keeps_old_corpus_and_resumes(tmp_path: Path) -> None:
    raw = make_raw(tmp_path / "raw", 40)
    out = tmp_path / "out"
    run(make_raw(tmp_path / "first", 3), out)  # a previous corpus
    previous = {**tree(out), "report.json": (out / "report.json").read_bytes()}
    code = (f"from cleaner.build import build; build(raw={str(raw)!r}, out={str(out)!r}, "
            f"jobs=2, quiet=True, extractor='{HELPERS}:slow')")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "tests"), str(ROOT)]),
           "CLEANER_TEST_DELAY": "0.15"}
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env,
                            start_new_session=True)
    journal = tmp_path / ".out.building" / ".build" / "journal.jsonl"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if journal.exists() and len(journal.read_bytes().splitlines()) >= 8:
                break
            assert proc.poll() is None, "the build finished before it could be killed"
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        with_group = proc.pid
        try:
            os.killpg(with_group, signal.SIGKILL)  # the orphaned workers, if any
        except ProcessLookupError:
            pass
    assert {**tree(out), "report.json": (out / "report.json").read_bytes()} == previous
    resumed = run(raw, out, jobs=2)
    assert resumed["skipped_unchanged"] >= 8
    clean = run(raw, tmp_path / "clean", jobs=1)
    assert tree(out) == tree(tmp_path / "clean")
    ids = [r["id"] for r in records(out)]
    assert len(ids) == len(set(ids)) == clean["records"] == 40


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """corpus_raw/ built with the repository's rules and default options."""
    out = tmp_path_factory.mktemp("sample") / "corpus_clean"
    build(raw=ROOT / "corpus_raw", out=out, rules_dir=ROOT / "rules", jobs=2, quiet=True)
    return out


SEEDS = {"dw": "dw/azerbaijan-", "rbc": "rbc-ukraine/azerbaijan-", "f24": "france24/2023",
         "mt": "moscowtimes/azerbaijan-", "boombox": "boombox/azerbaijan-"}


def test_sample_corpus_wire_cluster(sample_build: Path) -> None:
    """France 24 and The Moscow Times ran edited AFP copy: one cluster. DW, RBC-Ukraine and
    the Boombox site wrote their own texts on the same event: no cluster with anyone."""
    got = records(sample_build)
    seeds = {}
    for name, prefix in SEEDS.items():
        (match,) = [r for r in got if r["source"].startswith(prefix)]
        seeds[name] = match
    assert seeds["f24"]["cluster_id"] and seeds["f24"]["cluster_id"] == seeds["mt"]["cluster_id"]
    for name in ("dw", "rbc", "boombox"):
        assert seeds[name]["cluster_id"] is None, name
    assert not any(r["duplicate_of"] for r in seeds.values())


def test_committed_corpus_clean_is_reproduced(sample_build: Path) -> None:
    committed = ROOT / "corpus_clean"
    if not list(committed.glob("corpus-*.jsonl*")):
        pytest.skip("corpus_clean/ holds no corpus yet")
    assert tree(sample_build) == tree(committed)


def test_cache_segments_are_linked_or_compacted(tmp_path: Path) -> None:
    raw = make_raw(tmp_path / "raw", 8)
    out = tmp_path / "out"
    run(raw, out)
    (first,) = sorted((out / ".build" / "cache").iterdir())
    make_raw(raw, 1, start=100)  # one more input: the first segment is still mostly live
    run(raw, out)
    names = sorted(p.name for p in (out / ".build" / "cache").iterdir())
    assert first.name in names and len(names) == 2
    for n in range(6):  # most inputs change: the first segment is compacted away
        (raw / f"p{n:03d}.html").write_bytes(article(200 + n))
    report = run(raw, out)
    assert report["processed"] == 6
    assert first.name not in {p.name for p in (out / ".build" / "cache").iterdir()}
    run(raw, tmp_path / "clean")
    assert tree(out) == tree(tmp_path / "clean")


def test_a_torn_cache_segment_is_recomputed(tmp_path: Path) -> None:
    raw = make_raw(tmp_path / "raw", 4)
    out = tmp_path / "out"
    run(raw, out)
    before = tree(out)
    (segment,) = (out / ".build" / "cache").iterdir()
    segment.write_bytes(segment.read_bytes()[:-10])  # the last input's entry loses its end
    report = run(raw, out)
    assert report["processed"] == 1 and report["skipped_unchanged"] == 3
    assert tree(out) == before


def test_a_script_without_the_main_guard_gets_a_clear_error(tmp_path: Path) -> None:
    """Workers start with the forkserver, which imports the main module: a script calling
    build() at module level would make every worker die at start. That is one clear error,
    not a corpus of "worker-crash" rejects."""
    script = tmp_path / "script.py"
    script.write_text(f"import cleaner\ncleaner.build(raw={str(make_raw(tmp_path / 'raw', 3))!r}, "
                      f"out={str(tmp_path / 'out')!r}, jobs=1, quiet=True)\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "__main__" in done.stderr and "WorkerStartError" in done.stderr
    assert not (tmp_path / "out" / "corpus-00000.jsonl").exists()


def test_runaway_deduplication_stops_the_build_and_keeps_the_corpus(tmp_path: Path) -> None:
    """USER_NEEDS C3: dedup "cannot run away": above the ceiling, the build fails with a
    clear error and the previous corpus stays."""
    from cleaner.build import DuplicateCeilingError

    out = tmp_path / "out"
    run(make_raw(tmp_path / "first", 3), out)
    before = tree(out)
    repeats = tmp_path / "repeats"
    repeats.mkdir()
    for n in range(5):  # one page saved five times: 4 of 5 records are duplicates
        (repeats / f"copy{n}.html").write_bytes(article(7))
    with pytest.raises(DuplicateCeilingError, match="4 of 5 records"):
        run(repeats, out, max_duplicate_share=0.5)
    assert tree(out) == before
    report = run(repeats, out, max_duplicate_share=0.9)
    assert report["duplicates"] == 4 and report["records"] == 5


def test_progress_as_json_lines(tmp_path: Path) -> None:
    """USER_NEEDS C10: machine-readable progress for pipelines (`--progress jsonl`)."""
    import json as _json
    import subprocess

    raw = make_raw(tmp_path / "raw", 4)
    done = subprocess.run([sys.executable, "-m", "cleaner.cli", "build", "--raw", str(raw),
                           "--out", str(tmp_path / "out"), "--jobs", "1", "--progress", "jsonl"],
                          capture_output=True, text=True, timeout=180,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-500:]
    events = [_json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    assert events[0] == {"event": "start", "inputs_total": 4, "inputs_skipped": 0}
    last = [e for e in events if e["event"] == "done"][-1]
    assert last["inputs"] == 4 and last["pages"] == 4 and last["rejected"] == 0


def test_a_rules_directory_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    raw = make_raw(tmp_path / "raw", 1)
    done = CliRunner().invoke(app, ["build", "--raw", str(raw), "--out", str(tmp_path / "out"),
                                    "--rules", str(tmp_path / "no-such-rules"), "--quiet"])
    assert done.exit_code == 2 and "rules directory not found" in done.output
    assert not (tmp_path / "out").exists()


def test_a_small_build_never_imports_the_lsh_index(tmp_path: Path) -> None:
    """A corpus of up to EXACT_PAIRS_MAX pages is deduplicated by comparing all pairs, so
    the build does not pay datasketch's import (~0.6 s of CPU, scipy under it); duplicates
    are still found."""
    raw = make_raw(tmp_path / "raw", 6, dup_every=3)
    code = ("import sys\nfrom cleaner.build import build\n"
            "if __name__ == '__main__':\n"
            f"    report = build(raw={str(raw)!r}, out={str(tmp_path / 'out')!r}, jobs=1, "
            "quiet=True)\n"
            "    print(report['duplicates'], 'datasketch' in sys.modules, "
            "'scipy' in sys.modules)\n")
    script = tmp_path / "small.py"
    script.write_text(code, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "False", "False"]


def test_end_processes_ends_a_worker_that_waits_forever() -> None:
    """What _abandon does with a worker its broken pool's manager left behind: without it
    the interpreter's exit waits for that worker (multiprocessing joins live children)."""
    import multiprocessing as mp

    from cleaner.engine.local import end_processes

    proc = mp.get_context("spawn").Process(target=time.sleep, args=(3600,))
    proc.start()
    started = time.monotonic()
    end_processes([proc])
    assert not proc.is_alive() and time.monotonic() - started < 10


def test_a_script_that_never_closes_its_engine_still_exits(tmp_path: Path) -> None:
    raw = make_raw(tmp_path / "raw", 2)
    script = tmp_path / "leak.py"
    script.write_text(
        "from cleaner.engine.local import LocalEngine, WorkerConfig\n"
        "from cleaner.api import RawDoc\n"
        "if __name__ == '__main__':\n"
        "    engine = LocalEngine(WorkerConfig(rules_dir=None), jobs=1)\n"
        "    from pathlib import Path\n"
        f"    pages = sorted(Path({str(raw)!r}).iterdir())\n"
        "    docs = [(n, RawDoc(p.name, p.read_bytes())) for n, p in enumerate(pages)]\n"
        "    print(len(list(engine.run(docs))))\n", encoding="utf-8")
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "2" and time.monotonic() - started < 60
