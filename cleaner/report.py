"""Progress while building and the build report: `OUT/report.json` and a summary table.

Progress goes to stderr: a rich progress bar (inputs done/total, pages/s, ETA) on a
terminal, a plain line every few seconds otherwise (CI logs, `| tee`), nothing with
--quiet. The ETA is computed over inputs, the unit the build plans in.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from typing import Any, TextIO

# Seconds between two plain progress lines: often enough to see a build move, rarely
# enough that a day-long build logs ~3,000 lines.
PLAIN_INTERVAL = 30.0


PROGRESS_MODES = ("auto", "rich", "plain", "jsonl", "none")


class Progress:
    """mode: "rich", "plain", "jsonl" (one JSON object a line, for pipelines and job
    schedulers) or "none"; "auto" picks rich on a terminal, else plain."""

    def __init__(self, mode: str = "auto", stream: TextIO | None = None,
                 interval: float = PLAIN_INTERVAL) -> None:
        self.stream = stream or sys.stderr
        if mode == "auto":
            mode = "rich" if _isatty(self.stream) else "plain"
        self.mode = mode
        self.interval = interval
        self.total = 0
        self.inputs = 0
        self.pages = 0
        self.rejects = 0
        self.started = time.monotonic()
        self._last = self.started
        self._rich: Any = None
        self._task: Any = None

    def start(self, total: int, skipped: int) -> None:
        self.total, self.started = total, time.monotonic()
        self._last = self.started
        if self.mode == "rich":
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as RichProgress

            self._rich = RichProgress(
                TextColumn("[bold]build"), BarColumn(bar_width=24), MofNCompleteColumn(),
                TextColumn("inputs {task.fields[pages]} pages {task.fields[rate]}/s "
                           "{task.fields[rejects]} rejected"),
                TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                console=Console(file=self.stream), transient=False)
            self._rich.start()
            self._task = self._rich.add_task("build", total=total, pages=0, rate="-",
                                             rejects=0)
        elif self.mode == "plain":
            self._print(f"build: {total} inputs to process, {skipped} unchanged (skipped)")
        elif self.mode == "jsonl":
            self._json({"event": "start", "inputs_total": total, "inputs_skipped": skipped})

    def advance(self, inputs: int = 0, pages: int = 0, rejects: int = 0) -> None:
        self.inputs += inputs
        self.pages += pages
        self.rejects += rejects
        now = time.monotonic()
        if self.mode == "rich" and self._rich is not None:
            self._rich.update(self._task, completed=self.inputs, pages=self.pages,
                              rate=f"{self.rate():.1f}", rejects=self.rejects)
        elif self.mode in ("plain", "jsonl") and now - self._last >= self.interval:
            self._last = now
            self._emit()

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.pages / elapsed if elapsed > 0 else 0.0

    def eta(self) -> float | None:
        elapsed = time.monotonic() - self.started
        if not self.inputs or self.inputs >= self.total:
            return None
        return elapsed / self.inputs * (self.total - self.inputs)

    def line(self) -> str:
        eta = self.eta()
        eta_text = f"{eta:.0f}s" if eta is not None else "-"
        return (f"build: {self.inputs}/{self.total} inputs, {self.pages} pages, "
                f"{self.rate():.1f} pages/s, {self.rejects} rejected, ETA {eta_text}")

    def _emit(self, event: str = "progress") -> None:
        if self.mode == "jsonl":
            eta = self.eta()
            self._json({"event": event, "inputs": self.inputs, "inputs_total": self.total,
                        "pages": self.pages, "rejected": self.rejects,
                        "pages_per_second": round(self.rate(), 2),
                        "eta_seconds": round(eta, 1) if eta is not None else None})
        else:
            self._print(self.line())

    def _json(self, data: dict[str, Any]) -> None:
        import json

        self._print(json.dumps(data, separators=(",", ":")))

    def stage(self, text: str) -> None:
        if self.mode == "plain":
            self._print(f"build: {text}")
        elif self.mode == "jsonl":
            self._json({"event": "stage", "stage": text})
        elif self.mode == "rich" and self._rich is not None:
            self._rich.console.print(f"[dim]{text}[/dim]")

    def finish(self) -> None:
        if self._rich is not None:
            self._rich.update(self._task, completed=self.inputs)
            self._rich.stop()
            self._rich = None
        elif self.mode in ("plain", "jsonl") and self.total:
            self._emit("done")

    def _print(self, text: str) -> None:
        print(text, file=self.stream, flush=True)


def _isatty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class Tally:
    """Counts over the records written and the rejects, for the report."""

    def __init__(self) -> None:
        self.outlets: Counter[str] = Counter()
        self.languages: Counter[str] = Counter()
        self.rules: Counter[str] = Counter()
        self.rejected: Counter[str] = Counter()
        self.records = 0

    def record(self, record: dict[str, Any]) -> None:
        self.records += 1
        self.outlets[str(record.get("outlet") or "unknown")] += 1
        self.languages[str(record.get("language") or "unknown")] += 1
        self.rules[str(record.get("rule") or "generic")] += 1

    def reject(self, reason: str) -> None:
        self.rejected[reason] += 1


def _sorted_counts(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def make_report(*, tally: Tally, inputs: int, processed: int, skipped: int, pages: int,
                pages_processed: int, dedup: dict[str, Any], seconds: float,
                extra: dict[str, Any]) -> dict[str, Any]:
    """The report dict (report.json). Keys in a fixed order."""
    report: dict[str, Any] = {
        "inputs": inputs,
        "processed": processed,
        "skipped_unchanged": skipped,
        "pages": pages,
        "pages_processed": pages_processed,
        "records": tally.records,
        "rejected": _sorted_counts(tally.rejected),
        "rejected_total": sum(tally.rejected.values()),
        "duplicates": dedup.get("duplicates", 0),
        "duplicates_by_kind": dedup.get("by_kind", {}),
        "duplicates_dropped": dedup.get("dropped", 0),
        "clusters": dedup.get("clusters", 0),
        "clustered_records": dedup.get("clustered_records", 0),
        "seconds": round(seconds, 3),
        "pages_per_second": round(pages_processed / seconds, 2) if seconds > 0 else 0.0,
        "outlets": _sorted_counts(tally.outlets),
        "languages": _sorted_counts(tally.languages),
        "rules": _sorted_counts(tally.rules),
    }
    report.update(extra)
    return report


def print_summary(report: dict[str, Any], stream: TextIO | None = None) -> None:
    """A rich summary table of a report (to stderr by default)."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream or sys.stderr)
    table = Table(title=f"clean build → {report.get('out', '')}", show_header=False,
                  title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value", justify="right")
    skipped = report.get("skipped_unchanged", 0)
    table.add_row("inputs", f"{report['inputs']} ({report['processed']} processed, "
                            f"{skipped} unchanged)")
    table.add_row("pages", str(report.get("pages", 0)))
    table.add_row("records", str(report["records"]))
    rejected = ", ".join(f"{k} {v}" for k, v in report["rejected"].items()) or "-"
    table.add_row("rejected", f"{report['rejected_total']} ({rejected})")
    kinds = ", ".join(f"{k} {v}" for k, v in report.get("duplicates_by_kind", {}).items() if v)
    dropped = report.get("duplicates_dropped", 0)
    table.add_row("duplicates", f"{report['duplicates']}" + (f" ({kinds})" if kinds else "")
                  + (f", {dropped} dropped" if dropped else ""))
    table.add_row("wire clusters", f"{report['clusters']} ({report['clustered_records']} records)")
    top = list(report["outlets"].items())[:5]
    table.add_row("top outlets", ", ".join(f"{k} {v}" for k, v in top) or "-")
    table.add_row("languages", ", ".join(f"{k} {v}" for k, v in report["languages"].items()) or "-")
    rate = (f"{report['pages_per_second']:.1f} pages/s" if report.get("pages_processed")
            else "nothing to extract")
    table.add_row("time", f"{report['seconds']:.1f} s, {rate}")
    shards = report.get("shards", [])
    table.add_row("shards", f"{len(shards)}" + (f" ({shards[0]} …)" if shards else ""))
    console.print(table)
