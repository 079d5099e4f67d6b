"""`clean build`: every page under --raw becomes a record (or a reject with a reason) in a
sharded JSONL corpus under --out. Read top to bottom:

1. load and compile the rules once (a broken rule file stops here, before any output);
2. discover the inputs in sorted order; decide from the build manifest which are unchanged
   (their cached results are reused) and which must be processed (manifest.py says when);
3. process: pages go through the engine (local process pool, or dask), each finished input
   is cached and journaled at once (a killed build resumes from there);
4. deduplicate over the whole corpus (dedup.py), in canonical order, so the result does not
   depend on how many workers ran or in which order pages finished;
5. write the shards, rejects.jsonl, report.json in a work directory next to --out, then
   swap it in atomically (writer.py).

Memory: the main process holds, per record, its dedup features (~1.5 KB) and, per input in
flight, that input's results; pages stream through the workers.
"""

from __future__ import annotations

import json
import logging
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleaner import manifest as mf
from cleaner.api import RawDoc
from cleaner.datacard import dataset_card
from cleaner.dedup_config import (
    DEFAULT_CLUSTER_THRESHOLD,
    DEFAULT_NEAR_THRESHOLD,
    FEATURES_VERSION,
    needs_index,
)
from cleaner.engine.local import (
    DEFAULT_EXTRACTOR,
    FileTask,
    LocalEngine,
    Outcome,
    WorkerConfig,
    default_jobs,
    load_extractor,
    start_server,
)
from cleaner.report import PROGRESS_MODES, Progress, Tally, make_report, print_summary
from cleaner.sources import InputFile, Reject, discover, file_sha256, iter_docs, load_raw_manifest
from cleaner.writer import (
    CARD,
    COMPRESSIONS,
    DEFAULT_SHARD_SIZE,
    GITIGNORE,
    GITIGNORE_TEXT,
    REJECTS,
    REPORT,
    OutputDir,
    ShardWriter,
    Store,
    write_lines,
)

if TYPE_CHECKING:
    from cleaner.dedup import Decision, Item

log = logging.getLogger(__name__)

DEDUP_MODES = ("mark", "drop", "off")
ENGINES = ("local", "dask")
# A page may take this long before it is rejected as "timeout". The slowest benchmark page
# (1.9 MB) extracts in well under a second, so a minute flags only pathological pages
# while staying far from false alarms on a loaded machine.
DEFAULT_DOC_TIMEOUT = 60.0


@dataclass(slots=True)
class InputResult:
    """All results of one processed input, in document order."""

    index: int  # position in the sorted input list
    sha256: str
    lines: list[dict[str, Any]]  # cache lines: {"i", "source", "url", "record"+"f" | "reject"}


@dataclass(slots=True)
class _Plan:
    inputs: list[InputFile]
    reuse: dict[int, mf.Entry] = field(default_factory=dict)
    todo: list[int] = field(default_factory=list)


# Deduplication that marks more than this share of the records as duplicates has probably
# run away (USER_NEEDS C3: a bloom-filter bug removing >90% of a corpus, 5,000 documents
# becoming 44): the build stops before replacing the corpus. Corpora that are mostly
# repeats (recrawls of the same URLs) raise it with --max-duplicate-share.
DEFAULT_MAX_DUPLICATE_SHARE = 0.8


def build(raw: str | Path = "corpus_raw", out: str | Path = "corpus_clean",
          rules_dir: str | Path | None = None, use_rules: bool = True, jobs: int | None = None,
          *, engine: str = "local", scheduler: str | None = None, full: bool = False,
          dedup: str = "mark", near_threshold: float = DEFAULT_NEAR_THRESHOLD,
          cluster_threshold: float = DEFAULT_CLUSTER_THRESHOLD,
          shard_size: int = DEFAULT_SHARD_SIZE, compress: str = "none", quiet: bool = False,
          progress: str = "auto", doc_timeout: float | None = DEFAULT_DOC_TIMEOUT,
          max_bytes: int | None = None, summary: bool | None = None,
          extractor: str | None = None,
          max_duplicate_share: float = DEFAULT_MAX_DUPLICATE_SHARE) -> dict[str, Any]:
    """Build the corpus (see the module docstring); returns the report dict.

    Raises RuleError (a broken rule file; nothing is written), OutputDirError (--out holds
    files this tool did not write), FileNotFoundError (no --raw), ValueError (bad option).
    `extractor` ("module:callable", default `cleaner.api:Extractor.load`) is a test hook.
    """
    started = time.monotonic()
    _check_options(engine, dedup, compress, shard_size, near_threshold, cluster_threshold)
    if progress not in PROGRESS_MODES:
        raise ValueError(f"--progress must be one of {', '.join(PROGRESS_MODES)}, not {progress!r}")
    raw_url, out_url = str(raw), str(out)
    config = WorkerConfig(rules_dir=str(rules_dir) if rules_dir is not None else None,
                          use_rules=use_rules, max_bytes=max_bytes, doc_timeout=doc_timeout,
                          extractor=extractor or DEFAULT_EXTRACTOR)
    early = _start_local(config, jobs) if engine == "local" else None
    try:
        ex = load_extractor(config, fresh=True, warm=False)  # RuleError: nothing written yet
        ctx = mf.Context(
            base=mf.base_fingerprint(ex, Path(rules_dir) if rules_dir else None,
                                     use_rules=use_rules, max_bytes=max_bytes or 0,
                                     features_version=FEATURES_VERSION),
            selection=mf.Selection.of(ex), rule_hashes=dict(getattr(ex, "rule_hashes", {})),
            full=full)
        outdir = OutputDir(out_url)
        outdir.recover()
        outdir.check_replaceable()
        inputs = discover(raw_url)
        if dedup != "off" and (needs_index(len(inputs)) or any(i.is_warc for i in inputs)):
            _preimport()  # a web archive holds any number of pages
        sidecar = load_raw_manifest(raw_url)
        show = Progress("none" if quiet else progress)

        selections, journal_entries = _previous_state(outdir, ctx)
        outdir.start_work()
        mf.write_state(outdir.work, _state(ctx, ex, selections))
        cache = mf.SegmentReader(outdir.work, outdir.out)
        journal = mf.Journal(outdir.work)
        segments = mf.SegmentWriter(outdir.work, journal)
        try:
            plan = _plan(inputs, raw_url, ctx, selections, journal_entries, cache)
            show.start(len(plan.todo), len(plan.reuse))
            runner = early or _make_engine(engine, config, jobs, scheduler)
            try:
                entries, items = _process(plan, runner, segments, raw_url, sidecar, max_bytes,
                                          ctx, show)
            finally:
                runner.close()
                show.finish()
            for index in sorted(plan.reuse):
                items.extend(_items(index, _read_lines(cache, entries[index])))
            _keep_segments(outdir, entries, segments, cache)
        finally:
            segments.close()
            journal.close()
            cache.close()
        if not quiet:
            show.stage(f"deduplicating {len(items)} records")
        decisions, dedup_stats = _dedup(items, dedup, near_threshold, cluster_threshold)
        _check_duplicate_share(dedup_stats["duplicates"], len(items), max_duplicate_share)
        del items
        tally = Tally()
        shards, dedup_stats["dropped"] = _write_outputs(outdir.work, inputs, entries, decisions,
                                                        dedup, shard_size, compress, tally)
        _finish_state(outdir.work, entries, ctx, ex, selections)
        outdir.work.write_bytes(GITIGNORE, GITIGNORE_TEXT.encode())
        outdir.work.write_bytes(CARD, dataset_card().encode())
        report = make_report(
            tally=tally, inputs=len(inputs), processed=len(plan.todo), skipped=len(plan.reuse),
            pages=sum(e.docs for e in entries.values()),
            pages_processed=sum(entries[i].docs for i in plan.todo), dedup=dedup_stats,
            seconds=time.monotonic() - started,
            extra={"out": out_url, "raw": raw_url, "engine": engine, "jobs": runner.jobs,
                   "dedup": dedup, "near_threshold": near_threshold,
                   "cluster_threshold": cluster_threshold, "shards": shards,
                   "shard_size": shard_size, "compress": compress, "full": full,
                   "use_rules": use_rules, "doc_timeout": doc_timeout,
                   "cleaner_version": _version(), "fingerprint": getattr(ex, "fingerprint", ""),
                   "worker_peak_rss_mb": round(runner.peak_rss_kb / 1024, 1),
                   "main_peak_rss_mb": round(_own_peak_rss_kb() / 1024, 1),
                   "worker_restarts": runner.crashes})
        outdir.work.write_bytes(REPORT, (json.dumps(report, indent=2, ensure_ascii=False)
                                         + "\n").encode())
        outdir.swap_in()
        if (not quiet) if summary is None else summary:
            print_summary(report)
        return report
    finally:
        if early is not None:
            early.close()


def _start_local(config: WorkerConfig, jobs: int | None) -> _LocalRunner:
    """The local workers, started before the main process loads its own extractor: they
    load theirs at the same time, on another core (bench/speed.py, 2026-12-01)."""
    start_server()
    runner = _LocalRunner(config, jobs)
    runner.engine.start()
    return runner


class DuplicateCeilingError(ValueError):
    """Deduplication marked more records than the configured ceiling allows."""


def _check_duplicate_share(duplicates: int, records: int, ceiling: float) -> None:
    if records and duplicates > ceiling * records:
        raise DuplicateCeilingError(
            f"deduplication marks {duplicates} of {records} records "
            f"({duplicates / records:.0%}) as duplicates, above the ceiling of {ceiling:.0%}; "
            "the previous corpus is kept. If the corpus really is mostly repeats, raise "
            "--max-duplicate-share (or build with --dedup off)")


def _check_options(engine: str, dedup: str, compress: str, shard_size: int,
                   near: float, cluster: float) -> None:
    if engine not in ENGINES:
        raise ValueError(f"--engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if dedup not in DEDUP_MODES:
        raise ValueError(f"--dedup must be one of {', '.join(DEDUP_MODES)}, not {dedup!r}")
    if compress not in COMPRESSIONS:
        raise ValueError(f"--compress must be one of {', '.join(COMPRESSIONS)}, not {compress!r}")
    if shard_size < 1:
        raise ValueError("--shard-size must be at least 1")
    for name, value in (("--near-threshold", near), ("--cluster-threshold", cluster)):
        if not 0.0 < value <= 1.0:
            raise ValueError(f"{name} must be in (0, 1], not {value}")


def _preimport() -> None:
    """Import datasketch (and scipy under it: ~0.6 s of CPU) in the background while the
    pages are extracted, instead of on the critical path when deduplication begins; only
    for corpora that may be large enough for its LSH index (dedup.needs_index)."""
    import threading

    threading.Thread(target=_import_datasketch, daemon=True, name="cleaner-preimport").start()


def _import_datasketch() -> None:
    try:
        import datasketch  # noqa: F401
    except ImportError:  # reported where it is needed
        pass


def _own_peak_rss_kb() -> int:
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _version() -> str:
    from cleaner.version import __version__

    return __version__


# ---- state and plan -----------------------------------------------------------------------

def _previous_state(outdir: OutputDir, ctx: mf.Context
                    ) -> tuple[dict[str, mf.Selection], dict[str, mf.Entry]]:
    """Rule selections known from earlier builds, and the entries a killed build journaled."""
    selections = {ctx.selection.id: ctx.selection}
    for store in (outdir.out, outdir.work):
        state = mf.read_state(store)
        for sel_id, data in state.get("selections", {}).items():
            selections.setdefault(sel_id, mf.Selection(dict(data.get("domains", {})),
                                                       dict(data.get("signatures", {}))))
    journal = {e.source: e for e in mf.read_journal(outdir.work)}
    return selections, journal


def _state(ctx: mf.Context, ex: Any, selections: dict[str, mf.Selection]) -> dict[str, Any]:
    return {"format": mf.FORMAT, "cleaner_version": _version(), "base": ctx.base,
            "selection": ctx.selection.id, "rules": ctx.rule_hashes,
            "fingerprint": getattr(ex, "fingerprint", ""),
            "selections": {k: {"domains": v.domains, "signatures": v.signatures}
                           for k, v in sorted(selections.items())}}


def _plan(inputs: list[InputFile], raw: str, ctx: mf.Context,
          selections: dict[str, mf.Selection], journal: dict[str, mf.Entry],
          cache: mf.SegmentReader) -> _Plan:
    """Which inputs are unchanged (reuse their cached result) and which to process."""
    out_store = cache.stores[-1]
    previous = {e.source: e for e in mf.read_entries(out_store, mf.MANIFEST)}
    plan = _Plan(inputs)
    for index, inp in enumerate(inputs):
        found = _reusable(inp, raw, ctx, selections,
                          [journal.get(inp.path), previous.get(inp.path)], cache)
        if found is None:
            plan.todo.append(index)
        else:
            plan.reuse[index] = found
    return plan


def _reusable(inp: InputFile, raw: str, ctx: mf.Context, selections: dict[str, mf.Selection],
              candidates: list[mf.Entry | None], cache: mf.SegmentReader) -> mf.Entry | None:
    sha: str | None = None
    for entry in candidates:
        if entry is None:
            continue
        why = mf.reusable(entry, ctx, selections)
        if why is not None:
            log.debug("%s: reprocessing (%s)", inp.path, why)
            continue
        if entry.size != inp.size or entry.mtime != inp.mtime or inp.mtime is None:
            sha = sha or file_sha256(raw, inp)
            if sha != entry.sha256:
                log.debug("%s: reprocessing (content changed)", inp.path)
                continue
            entry.size, entry.mtime = inp.size, inp.mtime
        if cache.holds(entry):
            return entry
    return None


# ---- engines ------------------------------------------------------------------------------

class _LocalRunner:
    """Adapts the per-page LocalEngine to per-input results: the main process reads each
    input, sends its pages to the pool, and emits the input when its last page is back."""

    def __init__(self, config: WorkerConfig, jobs: int | None) -> None:
        self.engine = LocalEngine(config, jobs)
        self.jobs = self.engine.jobs

    @property
    def peak_rss_kb(self) -> int:
        return self.engine.peak_rss_kb

    @property
    def crashes(self) -> int:
        return self.engine.crashes

    def results(self, raw: str, todo: list[tuple[int, InputFile]],
                sidecar: dict[str, dict[str, str | None]], max_bytes: int | None,
                show: Progress) -> Iterator[InputResult]:
        if not todo:
            return
        ready: deque[InputResult] = deque()
        open_inputs: dict[int, dict[str, Any]] = {}

        def finish_if_done(index: int) -> None:
            state = open_inputs[index]
            if state["expected"] is not None and len(state["lines"]) == state["expected"]:
                del open_inputs[index]
                lines = [state["lines"][n] for n in range(state["expected"])]
                ready.append(InputResult(index, state["sha"], lines))

        workers_read = _shared_storage(raw)

        def tasks() -> Iterator[tuple[Any, RawDoc | FileTask]]:
            for index, inp in todo:
                state = open_inputs[index] = {"expected": None, "lines": {}, "sha": ""}
                if workers_read and not inp.is_warc:  # one page: the worker reads and hashes it
                    meta = sidecar.get(inp.path, {})
                    state["expected"] = 1
                    yield (index, 0, inp.path, meta.get("url")), FileTask(
                        raw, inp.path, meta.get("url"), meta.get("fetched"), max_bytes)
                    continue
                count = 0
                try:
                    state["sha"] = file_sha256(raw, inp)
                    for item in iter_docs(raw, inp, sidecar, max_bytes):
                        if isinstance(item, Reject):
                            state["lines"][count] = _reject_line(count, item, None)
                            show.advance(pages=1, rejects=1)
                        else:
                            yield (index, count, item.source, item.url), item
                        count += 1
                except OSError as exc:
                    reject = Reject(inp.path if count == 0 else f"{inp.path}#{count}",
                                    "read-error", f"{inp.path}: {exc}")
                    state["lines"][count] = _reject_line(count, reject, None)
                    count += 1
                state["expected"] = count
                finish_if_done(index)

        for (index, n, source, url), outcome in self.engine.run(tasks()):
            open_inputs[index]["lines"][n] = _outcome_line(n, source, url, outcome)
            if outcome.sha256:
                open_inputs[index]["sha"] = outcome.sha256
            show.advance(pages=1, rejects=int(outcome.record is None))
            finish_if_done(index)
            while ready:
                yield ready.popleft()
        while ready:
            yield ready.popleft()

    def close(self) -> None:
        self.engine.close()


def _shared_storage(raw: str) -> bool:
    """Can worker processes open the raw files themselves? Not for an in-process
    filesystem (memory://): there the main process reads and sends the bytes."""
    from cleaner.sources import open_fs

    fs, _ = open_fs(raw)
    protocols = (fs.protocol,) if isinstance(fs.protocol, str) else tuple(fs.protocol)
    return "memory" not in protocols


def _make_engine(engine: str, config: WorkerConfig, jobs: int | None,
                 scheduler: str | None) -> Any:
    if engine == "dask":
        from cleaner.engine.dask import DaskRunner

        return DaskRunner(config, jobs or default_jobs(), scheduler)
    return _LocalRunner(config, jobs)


def _outcome_line(n: int, source: str, url: str | None, outcome: Outcome) -> dict[str, Any]:
    if outcome.record is not None:
        return {"i": n, "source": source, "url": url, "record": outcome.record,
                "f": outcome.features}
    return _reject_line(n, Reject(source, outcome.reason or "error", outcome.detail or ""), url)


def _reject_line(n: int, reject: Reject, url: str | None) -> dict[str, Any]:
    return {"i": n, "source": reject.source, "url": url, "reject": reject.as_dict()}


# ---- processing and cache -----------------------------------------------------------------

def _process(plan: _Plan, runner: Any, segments: mf.SegmentWriter, raw: str,
             sidecar: dict[str, dict[str, str | None]], max_bytes: int | None, ctx: mf.Context,
             show: Progress) -> tuple[dict[int, mf.Entry], list[Item]]:
    """Run the inputs to process through the engine; cache and journal each at once."""
    entries: dict[int, mf.Entry] = dict(plan.reuse)
    items: list[Item] = []
    todo = [(i, plan.inputs[i]) for i in plan.todo]
    for result in runner.results(raw, todo, sidecar, max_bytes, show):
        entry = _entry(plan.inputs[result.index], result, ctx)
        segments.add(entry, mf.encode_result(result.lines))
        entries[result.index] = entry
        items.extend(_items(result.index, result.lines))
        show.advance(inputs=1)
    return entries, items


def _entry(inp: InputFile, result: InputResult, ctx: mf.Context) -> mf.Entry:
    facts = mf.summarize(inp.path, result.lines)
    return mf.Entry(source=inp.path, size=inp.size, mtime=inp.mtime, sha256=result.sha256,
                    base=ctx.base, selection=ctx.selection.id,
                    rules={name: ctx.rule_hashes.get(name, "") for name in facts["rules"]},
                    unruled=facts["unruled"], hosts=facts["hosts"], retry=facts["retry"],
                    segment="", offset=0, length=0, docs=len(result.lines),
                    records=facts["records"], rejects=facts["rejects"])


def _read_lines(cache: mf.SegmentReader, entry: mf.Entry) -> list[dict[str, Any]]:
    return mf.decode_result(cache.read(entry))


def _keep_segments(outdir: OutputDir, entries: dict[int, mf.Entry],
                   segments: mf.SegmentWriter, cache: mf.SegmentReader) -> None:
    """Carry the segments that reused entries live in into the new output: mostly-dead
    segments are compacted (their live entries re-appended to this build's segment), the
    others linked (a hard link on a local disk: no copy). The old output is only read."""
    live: dict[str, int] = {}
    for entry in entries.values():
        live[entry.segment] = live.get(entry.segment, 0) + entry.length
    for name, live_bytes in sorted(live.items()):
        store = cache.find(name)
        if store is None:  # this build's own segment, not listed when the reader started
            continue
        size = store.fs.size(store.path(mf.segment_path(name)))
        if size and live_bytes < mf.COMPACT_BELOW * size:
            for entry in sorted((e for e in entries.values() if e.segment == name),
                                key=lambda e: e.offset):
                segments.add(entry, cache.read(entry))
        elif store is not outdir.work:
            outdir.work.link_from(store, mf.segment_path(name))


def _finish_state(work: Store, entries: dict[int, mf.Entry], ctx: mf.Context, ex: Any,
                  selections: dict[str, mf.Selection]) -> None:
    """The final manifest and state; the journal and unreferenced segments go."""
    mf.write_manifest(work, entries.values())
    live = {e.selection for e in entries.values()} | {ctx.selection.id}
    mf.write_state(work, _state(ctx, ex, {k: v for k, v in selections.items() if k in live}))
    work.remove(mf.JOURNAL)
    work.remove(mf.JOURNAL_DIR)
    referenced = {e.segment for e in entries.values()}
    for name in work.listdir(mf.CACHE):
        if name not in referenced:
            work.remove(mf.segment_path(name))


# ---- dedup and output ---------------------------------------------------------------------

def _position(index: int, n: int) -> int:
    return (index << 32) | n


def _items(index: int, lines: list[dict[str, Any]]) -> Iterator[Item]:
    # Imported here, with numpy under it: the first results arrive while the workers
    # extract, off the way to the first page (dedup_config holds what planning needs).
    from cleaner.dedup import Features, Item

    for line in lines:
        record = line.get("record")
        if record is not None:
            yield Item(_position(index, line["i"]), str(record.get("id")),
                       record.get("date_published"), Features.decode(line["f"]),
                       str(record.get("domain") or ""))


def _dedup(items: list[Item], mode: str, near: float, cluster: float
           ) -> tuple[dict[int, Decision], dict[str, Any]]:
    if mode == "off" or not items:
        return {}, {"duplicates": 0, "by_kind": {}, "clusters": 0, "clustered_records": 0}
    from cleaner.dedup import deduplicate

    result = deduplicate(items, near_threshold=near, cluster_threshold=cluster)
    return result.decisions, {
        "duplicates": result.duplicates,
        "by_kind": {"exact": result.exact, "same-id": result.same_id, "near": result.near},
        "clusters": result.clusters, "clustered_records": result.clustered_records}


def _write_outputs(work: Store, inputs: list[InputFile], entries: dict[int, mf.Entry],
                   decisions: dict[int, Decision], mode: str, shard_size: int, compress: str,
                   tally: Tally) -> tuple[list[str], int]:
    """Records to the shards and rejects to rejects.jsonl, input by input in source order,
    each record with its dedup decision."""
    shards = ShardWriter(work, shard_size, compress)
    cache = mf.SegmentReader(work)
    dropped = 0

    def rejects() -> Iterator[dict[str, Any]]:
        nonlocal dropped
        for index in range(len(inputs)):
            for line in _read_lines(cache, entries[index]):
                record = line.get("record")
                if record is None:
                    tally.reject(line["reject"]["reason"])
                    yield line["reject"]
                    continue
                decision = decisions.get(_position(index, line["i"]))
                if decision is not None:
                    record["duplicate_of"] = decision.duplicate_of
                    record["cluster_id"] = decision.cluster_id
                if mode == "drop" and record.get("duplicate_of"):
                    dropped += 1
                    continue
                shards.write(record)
                tally.record(record)

    try:
        write_lines(work, REJECTS, rejects())
    finally:
        cache.close()
    return shards.close(), dropped
