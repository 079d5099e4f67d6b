"""The local engine: a pool of worker processes that extract pages, a few pages per task.

The main process reads the inputs (streaming: at most `jobs * IN_FLIGHT_PER_WORKER` tasks
of BATCH pages are in flight at once) and the workers turn each page into a record or a
reject. Each worker compiles the rules once (pool initializer, which also warms it up on a
small page) and keeps no state between pages.

Failure containment (USER_NEEDS C11, E7):
* an exception in the extractor is a reject "error" naming the exception type;
* `doc_timeout`: SIGALRM (setitimer) in the worker interrupts a page that runs too long ->
  reject "timeout"; when the page is stuck in C code where a signal handler cannot run, a
  CPU-time limit (RLIMIT_CPU, 2x the budget + 5 s) kills the worker -> reject "timeout";
* a page that kills its worker (segfault, os._exit, OOM kill): the pool breaks, every page
  that was in flight is retried alone in a fresh pool, and the one that breaks it again is
  a reject "worker-crash"; the others get their records. The build goes on.

Processes are started with the "forkserver" method (POSIX): safe with the threads the main
process runs (progress bar), cheap per worker because the server imports the extractor
once (preload), and workers are re-created quickly after a crash.
"""

from __future__ import annotations

import atexit
import concurrent.futures as cf
import contextlib
import ctypes
import importlib
import logging
import math
import multiprocessing as mp
import os
import resource
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Self

from cleaner.api import RawDoc
from cleaner.engine.server import process_context as _context
from cleaner.engine.server import start_server  # noqa: F401  (re-exported)

log = logging.getLogger(__name__)

# Batches queued per worker: enough to keep workers busy while the main process reads the
# next files, few enough that memory stays bounded (pages are <= --max-bytes each).
IN_FLIGHT_PER_WORKER = 3
# Pages per task. One page per task costs the main process ~0.3 ms of inter-process
# overhead per page, which on 2 cores is taken from the workers; 4 pages per task cut it
# to a quarter while keeping batches small next to a 1,000-page corpus.
BATCH = 4
DEFAULT_EXTRACTOR = "cleaner.api:Extractor.load"


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    """What a worker needs to build its extractor: plain data, so it pickles to any
    process or cluster node."""

    rules_dir: str | None
    use_rules: bool = True
    max_bytes: int | None = None
    doc_timeout: float | None = None
    extractor: str = DEFAULT_EXTRACTOR  # "module:callable", a test hook
    rules_files: tuple[tuple[str, bytes], ...] = ()  # the rules dir's files (dask workers)

    def extractor_key(self) -> tuple[Any, ...]:
        """What the extractor built for this configuration depends on (not the time
        budget): workers reuse an extractor built for an equal key (see prewarm)."""
        return (self.rules_dir, self.use_rules, self.max_bytes, self.extractor,
                self.rules_files)


@dataclass(slots=True)
class Outcome:
    """A page's result: a record and its dedup features, or a reject."""

    record: dict[str, Any] | None = None
    features: dict[str, Any] | None = None
    reason: str | None = None
    detail: str | None = None
    peak_rss_kb: int = 0
    sha256: str | None = None  # of the input file, when the worker read it


@dataclass(frozen=True, slots=True)
class FileTask:
    """A one-page input file that the worker reads itself (so the main process neither
    unpacks nor pipes page bytes: it stays light enough for the pool to scale)."""

    raw: str
    path: str
    url: str | None = None
    fetched: str | None = None
    max_bytes: int | None = None


class WorkerStartError(RuntimeError):
    """No worker process could start: the build cannot run (see LocalEngine._new_pool)."""


def _ping() -> int:
    return os.getpid()


class DocTimeout(Exception):
    """Raised inside a page's extraction when its time budget is spent."""


# ---- the worker side ----------------------------------------------------------------------

_state = threading.local()


def load_extractor(config: WorkerConfig, *, fresh: bool = False, warm: bool = True) -> Any:
    """The extractor for `config`, built once per worker process (or thread) and rebuilt
    when a file in the rules directory changes. `fresh` always builds a new one; `warm`
    runs it once on a small page so one-time loading is not charged to a real page."""
    rules_dir = _rules_dir(config)
    key = (config.extractor_key(), _stamp(rules_dir))
    cached = getattr(_state, "extractors", None)
    if cached is None or fresh:
        cached = _state.extractors = {}
    if key not in cached:
        factory = import_object(config.extractor)
        kwargs: dict[str, Any] = {"use_rules": config.use_rules}
        if config.max_bytes is not None:
            kwargs["max_bytes"] = config.max_bytes
        cached.clear()
        cached[key] = factory(rules_dir, **kwargs)
        if warm:
            warm_up(cached[key])
    return cached[key]


def _stamp(rules_dir: Any) -> tuple[tuple[str, int, int], ...]:
    if rules_dir is None or not os.path.isdir(rules_dir):
        return ()
    out = []
    for entry in sorted(os.scandir(rules_dir), key=lambda e: e.name):
        if entry.is_file():
            stat = entry.stat()
            out.append((entry.name, stat.st_size, stat.st_mtime_ns))
    return tuple(out)


def _rules_dir(config: WorkerConfig) -> Any:
    from pathlib import Path

    if not config.rules_files:
        return Path(config.rules_dir) if config.rules_dir else None
    import hashlib
    import tempfile

    digest = hashlib.sha256(repr(config.rules_files).encode()).hexdigest()[:16]
    target = Path(tempfile.gettempdir()) / f"cleaner-rules-{digest}"
    if not target.is_dir():
        staging = Path(tempfile.mkdtemp(prefix="cleaner-rules-"))
        for name, data in config.rules_files:
            (staging / name).write_bytes(data)
        try:
            staging.rename(target)
        except OSError:  # another worker won the race
            pass
    return target


def import_object(spec: str) -> Callable[..., Any]:
    module_name, _, attr = spec.partition(":")
    obj: Any = importlib.import_module(module_name)
    for part in attr.split("."):
        obj = getattr(obj, part)
    return obj


def init_worker(config: WorkerConfig, main_pid: int | None = None) -> None:
    """Pool initializer: compile the rules once; ignore Ctrl-C (the main process decides);
    exit when the main process is gone (a SIGKILLed build must not leave workers behind:
    they hold their own task queue open, so they would otherwise wait forever)."""
    with contextlib.suppress(ValueError, OSError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if main_pid:
        threading.Thread(target=_exit_with, args=(main_pid,), daemon=True,
                         name="cleaner-orphan-watch").start()
    try:
        load_extractor(config)
    except Exception:  # noqa: BLE001
        # Workers start while the main process loads the same rules: a broken rule file is
        # its error to report (RuleError, nothing written), not a traceback from every
        # worker. Should the main process get past it, each page reports it as its error.
        log.debug("worker could not load the extractor", exc_info=True)


# A page that exercises every stage once, so that lazy one-time work (language profiles
# load on first use: ~0.5 s) happens before the first real page and outside its time budget.
_WARM_UP_PAGE = (b"<html lang=en><head><title>Warm up</title></head><body><article>"
                 b"<h1>Warm up</h1><p>" + b"The council met on Monday to discuss the budget "
                 b"for the coming year and the plans for new schools. " * 3 + b"</p>"
                 b"</article></body></html>")


def warm_up(extractor: Any) -> None:
    from cleaner.dedup import features

    try:
        record = extractor.run(RawDoc(source="<warm-up>", data=_WARM_UP_PAGE))
        features(record.get("text") or "")
    except Exception:  # warming up must never stop a worker
        log.debug("warm-up page failed", exc_info=True)


# How often a worker checks that the main process still exists.
ORPHAN_CHECK_SECONDS = 1.0


def _exit_with(pid: int) -> None:
    import time

    while True:
        time.sleep(ORPHAN_CHECK_SECONDS)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:
            pass


def process_doc(config: WorkerConfig, doc: RawDoc | FileTask) -> Outcome:
    """Extract one page. Never raises for anything the page can cause."""
    if isinstance(doc, FileTask):
        return _process_file(config, doc)
    from cleaner.dedup import features
    from cleaner.errors import Drop

    extractor = load_extractor(config)
    try:
        with time_budget(config.doc_timeout):
            record = extractor.run(doc)
            feats = features(record.get("text") or "").encode()
    except Drop as drop:
        return Outcome(reason=drop.reason, detail=drop.detail or drop.reason, peak_rss_kb=_rss())
    except DocTimeout:
        return Outcome(reason="timeout", detail=f"extraction took longer than "
                                                f"{config.doc_timeout:g} s", peak_rss_kb=_rss())
    except RecursionError as exc:
        return Outcome(reason="error", detail=f"RecursionError: {exc}", peak_rss_kb=_rss())
    except Exception as exc:  # a bug in the extractor: contained, reported with its type
        log.debug("extraction of %s failed", doc.source, exc_info=True)
        return Outcome(reason="error", detail=f"{type(exc).__name__}: {exc}"[:500],
                       peak_rss_kb=_rss())
    return Outcome(record=record, features=feats, peak_rss_kb=_rss())


def process_batch(config: WorkerConfig, docs: list[RawDoc | FileTask]) -> list[Outcome]:
    """Several pages in one task (each with its own time budget)."""
    return [process_doc(config, doc) for doc in docs]


def _process_file(config: WorkerConfig, task: FileTask) -> Outcome:
    import hashlib

    from cleaner.sources import InputError, read_input, read_stream_bytes

    try:
        stored = read_input(task.raw, task.path)
    except OSError as exc:
        return Outcome(reason="read-error", detail=f"{task.path}: {exc}", peak_rss_kb=_rss())
    sha = hashlib.sha256(stored).hexdigest()
    try:
        import io

        data = read_stream_bytes(io.BytesIO(stored), task.path, task.max_bytes)
    except InputError as exc:
        return Outcome(reason=exc.reason, detail=exc.detail, peak_rss_kb=_rss(), sha256=sha)
    del stored
    outcome = process_doc(config, RawDoc(source=task.path, data=data, url=task.url,
                                         fetched=task.fetched))
    outcome.sha256 = sha
    return outcome


def _rss() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


@contextlib.contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise DocTimeout in this thread when the block runs longer than `seconds`.
    Main thread: SIGALRM via setitimer (plus an RLIMIT_CPU backstop for code stuck where
    no signal handler can run). Other threads (dask workers): a timer thread raises the
    exception asynchronously in this thread; like a signal handler it takes effect at the
    next Python bytecode."""
    if not seconds or seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _alarm(seconds):
            yield
    else:
        with _async_timeout(seconds):
            yield


def _raise_timeout(signum: int, frame: Any) -> None:
    raise DocTimeout()


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    used = resource.getrusage(resource.RUSAGE_SELF)
    limit = math.ceil(used.ru_utime + used.ru_stime + 2 * seconds + 5)
    backstop = hard == resource.RLIM_INFINITY or limit < hard
    if backstop and _in_pool_worker():
        resource.setrlimit(resource.RLIMIT_CPU, (limit, hard))
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if backstop and _in_pool_worker():
            resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _in_pool_worker() -> bool:
    """The RLIMIT_CPU backstop kills the process: only ever set it in a pool worker."""
    return mp.parent_process() is not None


@contextlib.contextmanager
def _async_timeout(seconds: float) -> Iterator[None]:
    target = threading.get_ident()
    lock = threading.Lock()
    active = [True]

    def fire() -> None:
        with lock:
            if active[0]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target),
                                                           ctypes.py_object(DocTimeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            active[0] = False
        timer.cancel()


# ---- the main-process side ----------------------------------------------------------------

def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


class LocalEngine:
    """Runs pages through a process pool; yields (tag, Outcome) as pages finish (in any
    order). `peak_rss_kb` is the largest peak RSS any worker reported."""

    def __init__(self, config: WorkerConfig, jobs: int | None = None) -> None:
        self.config = config
        self.jobs = max(1, jobs or default_jobs())
        self.peak_rss_kb = 0
        self.crashes = 0
        self._pool: cf.ProcessPoolExecutor | None = None
        self._started: cf.Future[int] | None = None
        self._starter: threading.Thread | None = None
        self._start_error: BaseException | None = None

    def start(self) -> None:
        """Start the workers now, without waiting: they load the extractor while the main
        process does its own start-up (run() waits for them). The pool is made in a thread
        because starting a worker waits for the fork server to finish its own imports.
        Idempotent."""
        if self._pool is None and self._starter is None:
            # Until close(): at interpreter exit, workers of an engine nobody closed are
            # ended first, else multiprocessing's exit handler waits for them forever (their
            # orphan watch only acts once this process is gone; a test run once hung so).
            atexit.register(self._end_workers)
            self._starter = threading.Thread(target=self._create_pool, daemon=True,
                                             name="cleaner-pool-start")
            self._starter.start()

    def _create_pool(self) -> None:
        try:
            pool = cf.ProcessPoolExecutor(max_workers=self.jobs, mp_context=_context(),
                                          initializer=init_worker,
                                          initargs=(self.config, os.getpid()))
            self._started = pool.submit(_ping)
            self._pool = pool
        except BaseException as exc:  # re-raised in the main thread by _wait_started
            self._start_error = exc

    def _wait_started(self) -> None:
        starter, self._starter = self._starter, None
        if starter is not None:
            starter.join()
        error, self._start_error = self._start_error, None
        if error is not None:
            raise error

    def _new_pool(self) -> cf.ProcessPoolExecutor:
        """A pool whose workers are known to start: a page that kills its worker is that
        page's problem, but workers that die before any page (a script calling build()
        without the `__main__` guard, so the fork server re-runs it) would otherwise turn
        every page into a "worker-crash" reject."""
        self.start()
        self._wait_started()
        pool, started = self._pool, self._started
        assert pool is not None and started is not None
        try:
            started.result()
        except BrokenProcessPool as exc:
            pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
            raise WorkerStartError(
                "worker processes die as they start. Called from a script? Put the "
                "cleaner.build(...) call under `if __name__ == \"__main__\":` (workers start "
                "with multiprocessing's forkserver, which imports the main module)") from exc
        self._started = None
        return pool

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._wait_started()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            self._started = None
        atexit.unregister(self._end_workers)

    def _end_workers(self) -> None:
        pool = self._pool
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
            end_processes(_workers_of(pool))

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(self, tasks: Iterable[tuple[Any, RawDoc | FileTask]]
            ) -> Iterator[tuple[Any, Outcome]]:
        """Yield (tag, outcome) for every (tag, page) of `tasks`, as pages finish.

        Pages travel in batches of up to BATCH (fewer inter-process round trips for the
        main process); a batch whose worker dies is split, and each of its pages, like
        every other page in flight then, is retried alone."""
        limit = self.jobs * IN_FLIGHT_PER_WORKER
        source = iter(tasks)
        pending: dict[cf.Future[list[Outcome]], list[tuple[Any, RawDoc | FileTask]]] = {}
        suspects: deque[tuple[Any, RawDoc | FileTask]] = deque()
        isolating = False  # one suspect page runs alone in the pool
        exhausted = False
        if self._pool is None or self._started is not None:
            self._pool = self._new_pool()
        while True:
            while not isolating and len(pending) < limit:
                if suspects:
                    if pending:
                        break  # let the pool drain, then retry suspects one at a time
                    batch = [suspects.popleft()]
                    isolating = True
                elif exhausted:
                    break
                else:
                    batch = _take(source, BATCH)
                    if len(batch) < BATCH:
                        exhausted = True
                    if not batch:
                        break
                pending[self._pool.submit(process_batch, self.config,
                                          [doc for _, doc in batch])] = batch
            if not pending:
                if suspects:
                    continue
                return
            done, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            broken: list[tuple[Any, RawDoc | FileTask]] = []
            for future in done:
                batch = pending.pop(future)
                outcomes = self._result(future)
                if outcomes is None:
                    broken.extend(batch)
                else:
                    yield from ((tag, out) for (tag, _), out in zip(batch, outcomes))
            if not broken:
                isolating = False if not pending else isolating
                continue
            for future, batch in list(pending.items()):  # the pool is gone: all in flight
                outcomes = self._result(future) if future.done() else None
                if outcomes is None:
                    broken.extend(batch)
                else:
                    yield from ((tag, out) for (tag, _), out in zip(batch, outcomes))
            pending.clear()
            signals = self._restart()
            if isolating:
                isolating = False
                tag, doc = broken[0]
                self.crashes += 1
                yield tag, _crash_outcome(doc, signals, self.config.doc_timeout)
            else:
                log.warning("a worker died; retrying %d in-flight pages one at a time",
                            len(broken))
                suspects.extend(broken)

    def _result(self, future: cf.Future[list[Outcome]]) -> list[Outcome] | None:
        try:
            outcomes = future.result()
        except BrokenProcessPool:
            return None
        for outcome in outcomes:
            self.peak_rss_kb = max(self.peak_rss_kb, outcome.peak_rss_kb)
        return outcomes

    def _restart(self) -> list[int]:
        """Replace the broken pool; the exit codes of its dead workers (negative: signal),
        leaving out the SIGTERMs the executor sends to the survivors."""
        codes: list[int] = []
        pool = self._pool
        if pool is not None:
            procs = _workers_of(pool)
            _abandon(pool, procs)
            for proc in procs:
                if proc.exitcode not in (None, 0, -signal.SIGTERM, -signal.SIGKILL):
                    codes.append(proc.exitcode)
        self._pool = None
        self._pool = self._new_pool()
        return codes


def _take(iterator: Iterator[Any], count: int) -> list[Any]:
    out = []
    for item in iterator:
        out.append(item)
        if len(out) >= count:
            break
    return out


# How long a broken pool's manager thread gets to finish before it is left behind.
MANAGER_JOIN_SECONDS = 10.0


def _abandon(pool: cf.ProcessPoolExecutor, procs: list[Any]) -> None:
    """Shut a broken pool down without risking a hang. shutdown(wait=True) joins the pool's
    manager thread, which joins the workers and the call queue's feeder thread, and that
    once blocked for good (tests/test_build.py::test_worker_crash_timeout_and_error_are_
    contained, 2026-12-01). Here the feeder is never waited for, the manager thread gets a
    bounded wait, and workers still alive after it are ended (SIGTERM, then SIGKILL).
    Nothing touches the workers before that wait: a forkserver worker's exit status can be
    read once, and reading it beside the manager thread gives one side 255."""
    queue = getattr(pool, "_call_queue", None)
    manager = getattr(pool, "_executor_manager_thread", None)  # shutdown() forgets both
    if queue is not None:
        queue.cancel_join_thread()
    pool.shutdown(wait=False, cancel_futures=True)
    if manager is not None:
        manager.join(timeout=MANAGER_JOIN_SECONDS)
    # A worker the manager thread left behind (one still starting when the pool broke) waits
    # for work forever, and the interpreter's exit then waits for it (multiprocessing joins
    # every live child): end it now.
    end_processes(procs)


def _workers_of(pool: cf.ProcessPoolExecutor) -> list[Any]:
    """The pool's worker processes (a private attribute: shutdown() forgets it)."""
    return list((getattr(pool, "_processes", None) or {}).values())


def end_processes(procs: list[Any]) -> None:
    """End the processes still alive: a moment to exit, then SIGTERM, then SIGKILL."""
    for proc in procs:
        proc.join(timeout=1.0 if proc.is_alive() else 0)
        if proc.is_alive():
            proc.terminate()
            proc.join(timeout=1.0)
        if proc.is_alive():
            proc.kill()
            proc.join(timeout=1.0)


def _crash_outcome(doc: RawDoc | FileTask, codes: list[int], timeout: float | None) -> Outcome:
    if timeout and any(code == -signal.SIGXCPU for code in codes):
        return Outcome(reason="timeout",
                       detail=f"extraction exceeded its CPU budget (--doc-timeout {timeout:g} s) "
                              f"and its worker was stopped")
    how = ", ".join(_describe_exit(code) for code in codes) or "died"
    return Outcome(reason="worker-crash",
                   detail=f"the page killed its worker process twice ({how})")


def _describe_exit(code: int) -> str:
    if code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"
