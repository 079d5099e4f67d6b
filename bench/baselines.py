#!/usr/bin/env python3
"""Score other open-source extractors on a vendored gold set (ScrapingHub by default; any
`clean eval` layout with --data, e.g. bench/data/readability) with OUR metric.

    python bench/baselines.py                 # all, writes bench/results/baselines.json
    python bench/baselines.py --only trafilatura-fast --no-write

Each extractor gets the page as the benchmark's own harness fed it: the gunzipped bytes
decoded as UTF-8 text. Calls (as in the benchmark's extractors/run_*.py):

* trafilatura (default): ``trafilatura.extract(html, include_comments=False)``
* trafilatura (fast):    the same with ``fast=True`` (2.x name of ``no_fallback=True``)
* readability-lxml:      ``Document(html).summary(html_partial=True)`` turned into text with
  ``html_text.extract_text`` (the benchmark's choice; it keeps block boundaries), and, for
  reference, with lxml's plain ``text_content()`` (which glues words across block tags).

Needs the bench extras: ``pip install trafilatura readability-lxml html-text``.
An extractor whose package is missing is skipped with a message.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import sys
import time
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cleaner.evaluation.gate import data_sha256
from cleaner.evaluation.text import load_gold_set, score_pages

DEFAULT_DATA = REPO / "bench" / "data" / "scrapinghub"
DEFAULT_OUT = REPO / "bench" / "results" / "baselines.json"


def _pkg_version(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def _trafilatura(fast: bool) -> Callable[[str], str]:
    import trafilatura

    def run(html: str) -> str:
        return trafilatura.extract(html, include_comments=False, fast=fast) or ""

    return run


def _readability(to_text: str) -> Callable[[str], str]:
    from readability import Document

    if to_text == "html_text":
        import html_text

        def run(html: str) -> str:
            return html_text.extract_text(Document(html).summary(html_partial=True))
    else:
        import lxml.html

        def run(html: str) -> str:
            summary = Document(html).summary(html_partial=True)
            if not summary.strip():
                return ""
            return lxml.html.fromstring(summary).text_content()

    return run


# name -> (package for the version, call description, factory)
EXTRACTORS: dict[str, tuple[str, str, Callable[[], Callable[[str], str]]]] = {
    "trafilatura": (
        "trafilatura",
        "trafilatura.extract(html, include_comments=False)",
        lambda: _trafilatura(fast=False),
    ),
    "trafilatura-fast": (
        "trafilatura",
        "trafilatura.extract(html, include_comments=False, fast=True)",
        lambda: _trafilatura(fast=True),
    ),
    "readability-lxml": (
        "readability-lxml",
        "html_text.extract_text(Document(html).summary(html_partial=True))",
        lambda: _readability("html_text"),
    ),
    "readability-lxml-text_content": (
        "readability-lxml",
        "lxml.html.fromstring(Document(html).summary(html_partial=True)).text_content()",
        lambda: _readability("lxml"),
    ),
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument(
        "--only",
        action="append",
        choices=sorted(EXTRACTORS),
        help="run only this extractor (repeatable)",
    )
    ap.add_argument("--no-write", action="store_true", help="print only")
    args = ap.parse_args(argv)

    _layout, pages = load_gold_set(args.data)
    gold = {pid: p.gold for pid, p in pages.items()}
    html = {pid: p.html.decode("utf-8") for pid, p in pages.items()}

    results: dict[str, dict] = {}
    if args.out.is_file() and args.only:  # keep the other extractors' entries
        results = json.loads(args.out.read_text(encoding="utf-8")).get("extractors", {})
    for name in args.only or list(EXTRACTORS):
        pkg, call, factory = EXTRACTORS[name]
        try:
            run = factory()
        except ImportError as exc:
            print(f"{name}: skipped ({exc})", file=sys.stderr)
            continue
        t0 = time.perf_counter()
        pred: dict[str, str] = {}
        errors = 0
        for pid, text in html.items():
            try:
                pred[pid] = run(text)
            except Exception as exc:  # noqa: BLE001 - count as empty, as the benchmark would not
                print(f"{name}: {pid[:16]}: {type(exc).__name__}: {exc}", file=sys.stderr)
                pred[pid] = ""
                errors += 1
        secs = time.perf_counter() - t0
        s = score_pages(pred, gold)
        results[name] = {
            "package": pkg,
            "version": _pkg_version(pkg),
            "call": call,
            "f1": round(s.f1, 6),
            "precision": round(s.precision, 6),
            "recall": round(s.recall, 6),
            "accuracy": round(s.accuracy, 6),
            "n_empty_pred": s.n_empty_pred,
            "n_errors": errors,
            "seconds": round(secs, 1),
            "date": dt.date.today().isoformat(),
        }
        print(
            f"{name:<32} F1 {s.f1:.3f}  P {s.precision:.3f}  R {s.recall:.3f}  "
            f"acc {s.accuracy:.3f}  empty {s.n_empty_pred}  {secs:.1f}s"
        )

    payload = {
        "date": dt.date.today().isoformat(),
        "data": str(args.data.resolve().relative_to(REPO))
        if args.data.resolve().is_relative_to(REPO)
        else str(args.data),
        "data_sha256": data_sha256(args.data),
        "n_pages": len(pages),
        "python": platform.python_version(),
        "versions": {
            p: _pkg_version(p) for p in ("trafilatura", "readability-lxml", "html-text", "lxml")
        },
        "metric": "ScrapingHub article-extraction-benchmark: \\w+ tokens (case kept), word "
        "4-gram shingle multisets, TP/FP/FN normalised per page, P and R averaged "
        "over pages, F1 = harmonic mean (cleaner/evaluation/text.py)",
        "input": "gunzipped page bytes decoded as UTF-8 text",
        "extractors": results,
    }
    if not args.no_write:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
