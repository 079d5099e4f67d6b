"""The worker processes' start method, in a module light enough to import first.

Workers are forked from a fork server ("forkserver", POSIX): safe with the threads the main
process runs (progress bar), and cheap per worker because the server imports the extractor
once (preload). `clean build` starts the server before its own heavy imports, so that the
server's imports (~0.2 s: lxml, numpy, the extractor's modules) run beside the main
process's start-up instead of after it (bench/speed.py, 2026-12-01).
"""

from __future__ import annotations

import multiprocessing as mp
import sys
from typing import Any

# Imported once in the server, shared by every worker it forks: the extractor's modules,
# langdetect's profiles (0.06 s) and the input readers (which import fsspec only for a URL:
# its import, 0.035 s, is not on a local build's way to the first page). Workers never
# import datasketch (and scipy under it, 0.3 s): their MinHash signatures are
# dedup.signature, with permutations written out in dedup (no numpy.random either).
PRELOAD = ["cleaner.engine.local", "cleaner.api", "cleaner.dedup", "cleaner.langprofiles",
           "cleaner.sources"]


# Imported last when `clean` can tell the build's extractor options (cleaner.launch): builds
# that extractor in the server, from the options in this environment variable (prewarm.py).
PREWARM = "cleaner.engine.prewarm"
PREWARM_ENV = "CLEANER_PREWARM"


def process_context(*, prewarm: bool = False) -> Any:
    """The multiprocessing context for workers: forkserver where the platform has it. The
    preload list only counts when the server starts (start_server, or the first pool)."""
    if sys.platform == "win32" or "forkserver" not in mp.get_all_start_methods():
        return mp.get_context("spawn")
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload([*PRELOAD, PREWARM] if prewarm else PRELOAD)
    return ctx


def start_server(*, prewarm: bool = False) -> None:
    """Start the fork server now (idempotent), so that its imports overlap with the main
    process's own start-up (rules, input listing, build plan) instead of following it.
    `prewarm`: the server also builds the extractor that $CLEANER_PREWARM describes, once
    for all its workers."""
    ctx = process_context(prewarm=prewarm)
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()
