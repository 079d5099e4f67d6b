"""The distributed engine: dask.distributed, one task per input file.

Workers read their input themselves (through fsspec, so `--raw s3://...` is read by the
cluster, not through the client), hash it, and extract each page exactly as the local
engine does (same `process_doc`), so the records are the same, byte for byte; the client
only deduplicates and writes. Without `--scheduler` a LocalCluster with `--jobs` single-
threaded worker processes is started.

The rules are shipped to the workers as data (the rule files' bytes), so workers need the
cleaner package but not the client's rules directory. Per-page timeouts run in the worker
thread (dask runs tasks in threads, where SIGALRM cannot be used; see
`engine.local.time_budget`). A page that kills its worker makes dask retry the task
elsewhere and finally give up (KilledWorker); the input is then retried page by page, and
the page whose task dies again becomes a "worker-crash" reject.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cleaner.engine.local import Outcome, WorkerConfig, process_doc
from cleaner.sources import InputFile, Reject, file_sha256, iter_docs

log = logging.getLogger(__name__)

# Inputs submitted per worker thread ahead of completion: keeps workers busy without
# queueing a whole corpus of task metadata on the scheduler.
TASKS_PER_THREAD = 4


def process_input(config: WorkerConfig, raw: str, index: int, inp: InputFile,
                  sidecar: dict[str, dict[str, str | None]], max_bytes: int | None
                  ) -> tuple[int, str, list[dict[str, Any]], int]:
    """Runs on a worker: (index, sha256, cache lines, peak RSS KB) of one input."""
    from cleaner.build import _outcome_line, _reject_line

    lines: list[dict[str, Any]] = []
    peak = 0
    sha = ""
    try:
        sha = file_sha256(raw, inp)
        for item in iter_docs(raw, inp, sidecar, max_bytes):
            n = len(lines)
            if isinstance(item, Reject):
                lines.append(_reject_line(n, item, None))
                continue
            outcome = process_doc(config, item)
            peak = max(peak, outcome.peak_rss_kb)
            lines.append(_outcome_line(n, item.source, item.url, outcome))
    except OSError as exc:
        source = inp.path if not lines else f"{inp.path}#{len(lines)}"
        lines.append(_reject_line(len(lines), Reject(source, "read-error", f"{inp.path}: {exc}"),
                                  None))
    return index, sha, lines, peak


class DaskRunner:
    """Per-input results from a dask cluster (see the module docstring)."""

    def __init__(self, config: WorkerConfig, jobs: int, scheduler: str | None) -> None:
        from distributed import Client, LocalCluster

        self.config = _with_rules(config)
        self._cluster = None
        # dask logs every scheduler and worker event at INFO; the build's own progress
        # says what matters. Restored on close.
        self._log = logging.getLogger("distributed")
        self._log_level = self._log.level
        self._log.setLevel(max(self._log.getEffectiveLevel(), logging.WARNING))
        if scheduler:
            self.client = Client(scheduler)
        else:
            self._cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                         dashboard_address=":0", silence_logs=logging.WARNING)
            self.client = Client(self._cluster)
        self.jobs = max(1, sum(self.client.nthreads().values()))
        self.peak_rss_kb = 0
        self.crashes = 0

    def results(self, raw: str, todo: list[tuple[int, InputFile]],
                sidecar: dict[str, dict[str, str | None]], max_bytes: int | None,
                show: Any) -> Iterator[Any]:
        from distributed import as_completed

        from cleaner.build import InputResult

        if not todo:
            return
        raw = _absolute(raw)
        pending = iter(todo)
        window = self.jobs * TASKS_PER_THREAD
        futures = {}
        for index, inp in _take(pending, window):
            futures[self._submit(raw, index, inp, sidecar, max_bytes)] = (index, inp)
        done = as_completed(list(futures))
        for future in done:
            index, inp = futures.pop(future)
            try:
                _, sha, lines, peak = future.result()
            except Exception as exc:  # noqa: BLE001 - KilledWorker, or an error outside any page
                log.warning("%s: task failed (%s: %s); retrying page by page", inp.path,
                            type(exc).__name__, exc)
                sha, lines, peak = self._page_by_page(raw, inp, sidecar, max_bytes)
            self.peak_rss_kb = max(self.peak_rss_kb, peak)
            show.advance(pages=len(lines), rejects=sum(1 for x in lines if "reject" in x))
            for nxt_index, nxt in _take(pending, 1):
                fut = self._submit(raw, nxt_index, nxt, sidecar, max_bytes)
                futures[fut] = (nxt_index, nxt)
                done.add(fut)
            future.release()
            yield InputResult(index, sha, lines)

    def _submit(self, raw: str, index: int, inp: InputFile,
                sidecar: dict[str, dict[str, str | None]], max_bytes: int | None) -> Any:
        side = {inp.path: sidecar[inp.path]} if inp.path in sidecar else {}
        return self.client.submit(process_input, self.config, raw, index, inp, side, max_bytes,
                                  pure=False, key=f"cleaner-input-{index}-{os.urandom(4).hex()}")

    def _page_by_page(self, raw: str, inp: InputFile,
                      sidecar: dict[str, dict[str, str | None]], max_bytes: int | None
                      ) -> tuple[str, list[dict[str, Any]], int]:
        from cleaner.build import _outcome_line, _reject_line

        lines: list[dict[str, Any]] = []
        peak = 0
        sha = file_sha256(raw, inp)
        for item in iter_docs(raw, inp, sidecar, max_bytes):
            n = len(lines)
            if isinstance(item, Reject):
                lines.append(_reject_line(n, item, None))
                continue
            future = self.client.submit(process_doc, self.config, item, pure=False)
            try:
                outcome: Outcome = future.result()
            except Exception as exc:  # noqa: BLE001 - KilledWorker: the page kills workers
                self.crashes += 1
                outcome = Outcome(reason="worker-crash",
                                  detail=f"the page killed its worker ({type(exc).__name__})")
            peak = max(peak, outcome.peak_rss_kb)
            lines.append(_outcome_line(n, item.source, item.url, outcome))
        return sha, lines, peak

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._log.setLevel(self._log_level)


def _take(iterator: Iterator[Any], count: int) -> list[Any]:
    out = []
    for _ in range(count):
        try:
            out.append(next(iterator))
        except StopIteration:
            break
    return out


def _absolute(raw: str) -> str:
    return raw if "://" in raw else os.path.abspath(raw)


def _with_rules(config: WorkerConfig) -> WorkerConfig:
    """The config with the rules directory's files inlined, for workers on other hosts."""
    from dataclasses import replace

    from cleaner.api import default_rules_dir

    if not config.use_rules and not config.rules_dir:
        rules_dir = default_rules_dir()
    else:
        rules_dir = Path(config.rules_dir) if config.rules_dir else default_rules_dir()
    files = tuple((p.name, p.read_bytes()) for p in sorted(Path(rules_dir).glob("*.toml")))
    return replace(config, rules_files=files) if files else config
