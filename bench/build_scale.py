"""Scale benchmark for `clean build` (issue 5): speed-up with --jobs and worker memory.

    python bench/build_scale.py speedup [--pages 1000] [--jobs 1 2]
    python bench/build_scale.py memory  [--pages 1000 10000]
    python bench/build_scale.py warc    [--pages 1000] [--jobs 1 2]
    python bench/build_scale.py dedup   [--pages 500 1000 2000 4000 8000]

Pages: the 181 ScrapingHub benchmark pages (bench/data/scrapinghub or
../shared/benchmarks/scrapinghub/html, *.html.gz) copied under distinct names into a temp
dir until there are N. Each measurement is a fresh `--full` build into a temp dir, in a
subprocess (the CLI, as a user runs it), with `--quiet`.

speedup: wall time of the whole `clean build` per --jobs value, best of --repeat runs.
warc: the same pages as HTTP responses in web archives (.warc.gz, 100 records per file, as
a crawl's shards come), which the main process reads (fastwarc) and sends to the workers:
pages/s from WARC to JSONL per --jobs value (USER_NEEDS D6). Needs warcio (test extra) to
write the archives.
dedup: deduplication alone (in this process) of N synthetic records (600-word texts from a
small vocabulary, every tenth an edited copy of an earlier one), once comparing all pairs and
once with datasketch's LSH index, beside the CPU time of importing datasketch in a fresh
interpreter: where the index starts to pay for its import (dedup_config.EXACT_PAIRS_MAX).
memory: peak RSS of one worker (`--jobs 1`), as the worker itself reports it
(getrusage(RUSAGE_SELF).ru_maxrss, the largest value over its pages; in report.json as
worker_peak_rss_mb), and, as a cross-check, RUSAGE_CHILDREN of the build subprocess (the
largest RSS of any descendant process that has exited, i.e. the worker or the forkserver).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "bench" / "data" / "scrapinghub" / "html",
           ROOT.parent / "shared" / "benchmarks" / "scrapinghub" / "html"]


def source_pages() -> list[Path]:
    for folder in SOURCES:
        pages = sorted(folder.glob("*.html.gz"))
        if pages:
            return pages
    sys.exit("no ScrapingHub pages found in " + ", ".join(map(str, SOURCES)))


def make_corpus(target: Path, count: int) -> Path:
    pages = source_pages()
    target.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        page = pages[n % len(pages)]
        copy = target / f"{n // len(pages):03d}" / f"{n:06d}-{page.name}"
        copy.parent.mkdir(exist_ok=True)
        shutil.copyfile(page, copy)
    return target


def run_build(raw: Path, out: Path, jobs: int, extra: list[str] | None = None) -> dict:
    # The corpus repeats the same pages, so most records are duplicates: above the
    # build's default ceiling on the duplicate share, which guards real corpora.
    cmd = [sys.executable, "-m", "cleaner", "build", "--raw", str(raw), "--out", str(out),
           "--jobs", str(jobs), "--full", "--quiet", "--max-duplicate-share", "1",
           *(extra or [])]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT)
    wall = time.perf_counter() - started
    report = json.loads((out / "report.json").read_text())
    report["wall_seconds"] = round(wall, 2)
    report["children_maxrss_mb"] = round(
        max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024, 1)
    return report


def speedup(args: argparse.Namespace) -> None:
    """Runs alternate between the --jobs values (1, 2, 1, 2, ...) so that a neighbour's load
    on a shared machine hits all of them alike; the best run of each counts. The load
    average is printed with every run: on a machine where something else runs, a speed-up
    cannot be measured."""
    with tempfile.TemporaryDirectory() as tmp:
        raw = make_corpus(Path(tmp) / "raw", args.pages[0])
        best: dict[int, float] = {jobs: float("inf") for jobs in args.jobs}
        for attempt in range(args.repeat):
            for jobs in args.jobs:
                out = Path(tmp) / f"out-{jobs}-{attempt}"
                report = run_build(raw, out, jobs)
                best[jobs] = min(best[jobs], report["wall_seconds"])
                print(f"jobs={jobs} run={attempt}: {report['wall_seconds']:.2f} s wall, "
                      f"{report['seconds']:.2f} s build, {report['records']} records, "
                      f"{report['pages_per_second']} pages/s, load average "
                      f"{os.getloadavg()[0]:.2f}", flush=True)
                shutil.rmtree(out)
        base = best[args.jobs[0]]
        for jobs, value in best.items():
            print(f"pages={args.pages[0]} jobs={jobs}: best {value:.2f} s wall, "
                  f"speed-up x{base / value:.2f} over jobs={args.jobs[0]}")


def make_warc_corpus(target: Path, count: int, per_file: int = 100) -> Path:
    """`count` pages as HTTP response records in .warc.gz files of `per_file` records."""
    import gzip
    import io

    try:
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter
    except ImportError:
        sys.exit("the warc benchmark writes its archives with warcio: pip install -e '.[test]'")
    pages = source_pages()
    target.mkdir(parents=True, exist_ok=True)
    for first in range(0, count, per_file):
        with open(target / f"crawl-{first // per_file:05d}.warc.gz", "wb") as fh:
            writer = WARCWriter(fh, gzip=True)
            for n in range(first, min(first + per_file, count)):
                page = pages[n % len(pages)]
                body = gzip.decompress(page.read_bytes())
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                           protocol="HTTP/1.1")
                record = writer.create_warc_record(
                    f"https://bench.example/{n:06d}/{page.name.removesuffix('.html.gz')}",
                    "response", payload=io.BytesIO(body), http_headers=headers,
                    warc_headers_dict={"WARC-Date": "2026-12-01T00:00:00Z"})
                writer.write_record(record)
    return target


def warc(args: argparse.Namespace) -> None:
    """Best of --repeat runs per --jobs value (taking turns), from WARC input."""
    with tempfile.TemporaryDirectory() as tmp:
        raw = make_warc_corpus(Path(tmp) / "raw", args.pages[0])
        size = sum(f.stat().st_size for f in raw.iterdir()) / 1e6
        best: dict[int, dict] = {}
        for attempt in range(args.repeat):
            for jobs in args.jobs:
                out = Path(tmp) / f"out-{jobs}-{attempt}"
                report = run_build(raw, out, jobs)
                if jobs not in best or report["wall_seconds"] < best[jobs]["wall_seconds"]:
                    best[jobs] = report
                shutil.rmtree(out)
        for jobs, report in best.items():
            print(f"warc pages={args.pages[0]} ({size:.1f} MB of .warc.gz) jobs={jobs}: "
                  f"best {report['wall_seconds']:.2f} s wall, {report['records']} records, "
                  f"{args.pages[0] / report['wall_seconds']:.1f} pages/s end to end "
                  f"({report['pages_per_second']} in the build's own count), worker peak RSS "
                  f"{report['worker_peak_rss_mb']} MB, main {report.get('main_peak_rss_mb')} MB")


def memory(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for count in args.pages:
            raw = make_corpus(Path(tmp) / f"raw-{count}", count)
            out = Path(tmp) / f"out-{count}"
            report = run_build(raw, out, 1)
            results[count] = report["worker_peak_rss_mb"]
            print(f"pages={count} jobs=1: worker peak RSS {report['worker_peak_rss_mb']} MB, "
                  f"main process {report.get('main_peak_rss_mb')} MB, "
                  f"build {report['seconds']:.1f} s ({report['pages_per_second']} pages/s), "
                  f"records {report['records']}", flush=True)
            shutil.rmtree(out)
            shutil.rmtree(raw)
        low, high = results[args.pages[0]], results[args.pages[-1]]
        print(f"worker peak RSS {args.pages[0]} -> {args.pages[-1]} pages: {low} -> {high} MB "
              f"({(high - low) / low * 100:+.1f}%)")


def dedup(args: argparse.Namespace) -> None:
    import random

    from cleaner import dedup as dd
    from cleaner import dedup_config

    code = "import time; t = time.process_time(); import datasketch; print(time.process_time() - t)"
    imports = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                    check=True).stdout) for _ in range(3)]
    print(f"import datasketch in a fresh interpreter: {min(imports):.2f} s CPU (best of 3)")
    import datasketch  # noqa: F401  (imported here so that the timings below leave it out)
    rng = random.Random(0)
    words = [f"w{i}" for i in range(5000)]
    texts: list[str] = []
    for n in range(max(args.pages)):
        if n % 10 == 9:
            copy = texts[rng.randrange(n)].split()
            copy[rng.randrange(len(copy))] = "edited"
            texts.append(" ".join(copy))
        else:
            texts.append(" ".join(rng.choice(words) for _ in range(600)))
    items = [dd.Item(n, f"id{n}", None, dd.features(t)) for n, t in enumerate(texts)]
    for count in args.pages:
        timings = {}
        for mode, limit in (("all pairs", count), ("LSH index", 0)):
            original, dedup_config.EXACT_PAIRS_MAX = dedup_config.EXACT_PAIRS_MAX, limit
            try:
                start = time.process_time()
                result = dd.deduplicate(items[:count], clusters=False)
                timings[mode] = (time.process_time() - start, result.near + result.exact)
            finally:
                dedup_config.EXACT_PAIRS_MAX = original
        print(f"records={count}: " + ", ".join(f"{mode} {sec:.3f} s CPU ({dups} duplicates)"
                                               for mode, (sec, dups) in timings.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=["speedup", "memory", "warc", "dedup"])
    parser.add_argument("--pages", type=int, nargs="+")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    if args.pages is None:
        args.pages = {"memory": [1000, 10000], "dedup": [500, 1000, 2000, 4000, 8000]}.get(
            args.what, [1000])
    os.environ.setdefault("PYTHONHASHSEED", "0")
    {"speedup": speedup, "memory": memory, "warc": warc, "dedup": dedup}[args.what](args)


if __name__ == "__main__":
    main()
