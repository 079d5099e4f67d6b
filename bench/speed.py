"""Speed benchmark (issue 7): `clean build --jobs 1` end to end against a trafilatura script
doing the same job (extract text with metadata, write JSONL), on the same pages, in one run.

    python bench/speed.py [--pages DIR] [--repeat 3] [--json bench/results/speed.json]

Both sides are timed as whole processes (start-up, reading, extraction, writing), best of
`--repeat` runs. Then our per-stage breakdown comes from a cProfile of one in-process build
(profiling inflates every stage a little; the shares are what to read). Peak RSS is the
worker's own (`ru_maxrss` of the build process, which is the worker with --jobs 1).
Needs the `bench` extra (trafilatura) for the baseline.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PAGES = ROOT / "bench" / "data" / "scrapinghub" / "html"

TRAFILATURA_SCRIPT = r'''
import gzip, json, sys
from pathlib import Path
import trafilatura
raw, out = Path(sys.argv[1]), Path(sys.argv[2])
with open(out, "w", encoding="utf-8") as sink:
    for path in sorted(raw.iterdir()):
        html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        doc = trafilatura.bare_extraction(html, with_metadata=True)
        if doc is None:
            continue
        doc = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
        record = {k: doc.get(k) for k in ("title", "author", "date", "sitename", "url", "text")}
        record["source"] = path.name
        sink.write(json.dumps(record, ensure_ascii=False) + "\n")
'''

# Functions whose cumulative time makes up each stage of our pipeline.
STAGES = {
    "decode": ("decode.py", "decode_html"),
    "parse": ("dom.py", "parse"),
    "metadata": ("extract.py", "extract_metadata"),
    "rules": ("api.py", "_rule_body"),
    "generic": ("generic.py", "find_body"),
    "text": ("text.py", "blocks_of"),
    "lines": ("lines.py", "filter_lines"),
    "language": ("language.py", "detect"),
    "dedup": ("dedup.py", None),
    "write": ("writer.py", None),
}


def timed(cmd: list[str], repeat: int) -> tuple[float, int]:
    """Best wall time of `repeat` runs and the peak RSS (KB) of the last one."""
    best = float("inf")
    peak = 0
    for _ in range(repeat):
        start = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        best = min(best, time.perf_counter() - start)
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return best, peak


def stage_breakdown(raw: Path, out: Path) -> dict[str, float]:
    """Seconds per stage: a cProfile of our extraction over every page in this process
    (the build runs extraction in worker processes, out of a profiler's sight), plus the
    build's own dedup and write stages, profiled in its main process."""
    from cleaner.api import Extractor
    from cleaner.build import build
    from cleaner.errors import Drop
    from cleaner.sources import discover, iter_docs, load_raw_manifest

    extractor = Extractor.load(None)
    sidecar = load_raw_manifest(str(raw))
    docs = [d for inp in discover(str(raw)) for d in iter_docs(str(raw), inp, sidecar)
            if hasattr(d, "data")]
    profile = cProfile.Profile()
    profile.enable()
    for doc in docs:
        try:
            extractor.run(doc)
        except Drop:
            pass
    build(raw=raw, out=out, jobs=1, full=True, quiet=True)
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    result: dict[str, float] = {}
    for stage, (filename, function) in STAGES.items():
        total = 0.0
        for (file, _line, name), (_cc, _nc, tottime, cumtime, _callers) in stats.items():
            if not file.endswith(filename):
                continue
            if function is None:
                total += tottime
            elif name == function:
                total = max(total, cumtime)
        result[stage] = total
    result["extraction (profiled)"] = next(
        (v[3] for k, v in stats.items() if k[2] == "run" and k[0].endswith("api.py")), 0.0)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        raw.mkdir()
        for page in sorted(args.pages.glob("*.html.gz")):
            shutil.copy(page, raw / page.name)
        n = len(list(raw.iterdir()))
        clean = shutil.which("clean") or str(Path(sys.executable).parent / "clean")
        ours, ours_rss = timed([clean, "build", "--raw", str(raw), "--out", str(Path(tmp) / "out"),
                                "--jobs", "1", "--full", "--quiet"], args.repeat)
        script = Path(tmp) / "traf.py"
        script.write_text(TRAFILATURA_SCRIPT, encoding="utf-8")
        try:
            theirs, theirs_rss = timed([sys.executable, str(script), str(raw),
                                        str(Path(tmp) / "traf.jsonl")], args.repeat)
        except subprocess.CalledProcessError as exc:
            print("trafilatura baseline failed (pip install '.[bench]'):", exc.stderr.decode()[-500:])
            theirs, theirs_rss = float("nan"), 0
        stages = stage_breakdown(raw, Path(tmp) / "out-prof")

    result = {
        "date": date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "pages": n,
        "cleaner_seconds": round(ours, 3),
        "cleaner_pages_per_second": round(n / ours, 1),
        "cleaner_peak_rss_mb": round(ours_rss / 1024, 1),
        "trafilatura_seconds": round(theirs, 3),
        "trafilatura_pages_per_second": round(n / theirs, 1) if theirs == theirs else None,
        "ratio": round(theirs / ours, 2) if theirs == theirs else None,
        "stages_seconds_profiled": {k: round(v, 3) for k, v in stages.items()},
    }
    print(f"{n} pages, one core, whole process, best of {args.repeat}:")
    print(f"  cleaner      {ours:6.2f} s  {n / ours:7.1f} pages/s  peak RSS {ours_rss / 1024:.0f} MB")
    if theirs == theirs:
        print(f"  trafilatura  {theirs:6.2f} s  {n / theirs:7.1f} pages/s")
        print(f"  ratio        {theirs / ours:.2f}x")
    print("per-stage time (cProfile of one in-process build):")
    for stage, seconds in stages.items():
        print(f"  {stage:18s} {seconds * 1000 / n:6.2f} ms/page")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
