#!/usr/bin/env python3
"""Results table: cleaner (with and without site rules) beside the anchors, same metric.

    python bench/quality.py              # score cleaner, print the table
    python bench/quality.py --readme     # ... and write it into README.md between the markers
    python bench/quality.py --no-run     # use bench/results/cleaner.json instead of scoring

Scores cleaner on the vendored ScrapingHub pages (cleaner/evaluation/text.py), saves them to
bench/results/cleaner.json, and reads the other extractors from bench/results/baselines.json
(made by bench/baselines.py). The published figures are those the benchmark's README reports
(see shared/benchmarks/SOURCES.md). If README.md does not exist the table is printed only; if
it has no markers, a section with them is appended.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cleaner.evaluation.gate import data_sha256
from cleaner.evaluation.text import DEFAULT_DATA_DIR, DEFAULT_RULES_DIR

RESULTS = REPO / "bench" / "results"
BASELINES = RESULTS / "baselines.json"
OURS = RESULTS / "cleaner.json"
README = REPO / "README.md"
START, END = "<!-- quality-table:start -->", "<!-- quality-table:end -->"

# F1 as published by the benchmark's README (shared/benchmarks/SOURCES.md), not re-measured.
PUBLISHED = [
    ("rs_trafilatura", 0.970),
    ("trafilatura 2.0.0", 0.958),
    ("newspaper4k", 0.949),
    ("Readability.js", 0.947),
    ("readability-lxml", 0.922),
    ("goose3", 0.896),
    ("jusText", 0.804),
]

BASELINE_LABELS = {
    "trafilatura": "trafilatura {v} (default)",
    "trafilatura-fast": "trafilatura {v} (fast)",
    "readability-lxml": "readability-lxml {v} (text via html_text, as the benchmark)",
    "readability-lxml-text_content": "readability-lxml {v} (text via lxml text_content)",
}


def score_cleaner(data_dir: Path, rules_dir: Path) -> dict:
    from cleaner.evaluation.text import evaluate_pages, load_gold_set
    from cleaner.version import __version__

    _, pages = load_gold_set(data_dir)
    runs = {}
    for key, use_rules in (("without_rules", False), ("with_rules", True)):
        s = evaluate_pages(pages, rules_dir, use_rules)
        runs[key] = {
            k: (round(v, 6) if isinstance(v, float) else v) for k, v in s.summary().items()
        }
        print(
            f"cleaner {key.replace('_', ' ')}: F1 {s.f1:.4f}  P {s.precision:.4f}  "
            f"R {s.recall:.4f}  ({s.seconds:.1f}s)",
            file=sys.stderr,
        )
    return {
        "date": dt.date.today().isoformat(),
        "cleaner": __version__,
        "python": platform.python_version(),
        "data": str(data_dir),
        "data_sha256": data_sha256(data_dir),
        "n_pages": len(pages),
        "runs": runs,
    }


def _row(label: str, m: dict | None, date: str) -> str:
    if m is None:
        return f"| {label} | | | | | {date} |"
    return (
        f"| {label} | {m['f1']:.3f} | {m['precision']:.3f} | {m['recall']:.3f} | "
        f"{m['accuracy']:.3f} | {date} |"
    )


def build_table(ours: dict | None, baselines: dict | None) -> str:
    n = (ours or baselines or {}).get("n_pages", 181)
    lines = [
        START,
        (
            f"Body-text quality on the {n} ScrapingHub article-extraction-benchmark pages "
            "(vendored in `bench/data/scrapinghub`), scored with that benchmark's metric: "
            "word 4-gram shingles, precision and recall averaged over pages, F1 their harmonic "
            "mean; accuracy = share of pages whose tokens match the gold exactly. Measured rows "
            "ran on the same machine with the same scorer (`cleaner/evaluation/text.py`). "
            "Regenerate: `python bench/baselines.py` (anchors), then "
            "`python bench/quality.py --readme`."
        ),
        "",
        "| extractor | F1 | precision | recall | accuracy | measured |",
        "|---|---|---|---|---|---|",
    ]
    if ours:
        v, date = ours["cleaner"], ours["date"]
        lines.append(
            _row(
                f"**cleaner {v}, no site rules** (`--no-rules`)",
                ours["runs"].get("without_rules"),
                date,
            )
        )
        lines.append(_row(f"cleaner {v}, with site rules", ours["runs"].get("with_rules"), date))
    else:
        lines.append("| cleaner | (not scored yet) | | | | |")
    if baselines:
        for key, m in baselines.get("extractors", {}).items():
            label = BASELINE_LABELS.get(key, key + " {v}").format(v=m.get("version") or "?")
            lines.append(_row(label, m, m.get("date", baselines.get("date", ""))))
    for name, f1 in PUBLISHED:
        lines.append(f"| {name} (published) | {f1:.3f} | | | | benchmark README |")
    py = (ours or baselines or {}).get("python", platform.python_version())
    lines += [
        "",
        (
            f"Python {py}; published rows are the figures the benchmark reports, "
            "not re-measured here."
        ),
        END,
    ]
    return "\n".join(lines)


def write_readme(table: str, readme: Path = README) -> str:
    if not readme.exists():
        return f"{readme.name} does not exist: table printed only"
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    if pattern.search(text):
        new = pattern.sub(lambda _: table, text, count=1)
    else:
        new = text.rstrip("\n") + "\n\n## Extraction quality\n\n" + table + "\n"
    if new == text:
        return f"{readme.name}: table unchanged"
    readme.write_text(new, encoding="utf-8")
    return f"{readme.name}: table updated"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Print (and write into README.md) the results table.")
    ap.add_argument("--readme", action="store_true", help="write the table into README.md")
    ap.add_argument(
        "--no-run", action="store_true", help=f"do not score cleaner; use {OURS.relative_to(REPO)}"
    )
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR)
    ap.add_argument("--rules-dir", type=Path, default=DEFAULT_RULES_DIR)
    args = ap.parse_args(argv)

    ours = None
    if args.no_run:
        if OURS.exists():
            ours = json.loads(OURS.read_text(encoding="utf-8"))
    else:
        ours = score_cleaner(args.data, args.rules_dir)
        RESULTS.mkdir(parents=True, exist_ok=True)
        OURS.write_text(json.dumps(ours, indent=1) + "\n", encoding="utf-8")
    baselines = json.loads(BASELINES.read_text(encoding="utf-8")) if BASELINES.exists() else None
    if baselines is None:
        print(
            f"note: {BASELINES.relative_to(REPO)} missing; run bench/baselines.py", file=sys.stderr
        )
    table = build_table(ours, baselines)
    print(table)
    if args.readme:
        print(write_readme(table), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
