"""Imported by the workers' fork server, last, when `clean build` runs with the default rules
and limits (cleaner.launch decides, server.PREWARM): builds and warms that extractor once in
the server, so every worker forked from it starts with the extractor ready instead of
compiling the rules itself (~0.06 s per worker, on the way to its first page: the server's
preload runs beside the main process's start-up; bench/speed.py, 2026-12-02).

Importing this module only fills the engine's per-process extractor cache
(local.load_extractor), which a worker's initializer then finds under the same key. It never
raises: a rule file that does not compile is the main process's error to report, and each
worker then builds (and fails) on its own as without this module.
"""

from __future__ import annotations

import logging

from cleaner.engine.local import WorkerConfig, load_extractor

log = logging.getLogger(__name__)


def _prewarm() -> None:
    try:
        load_extractor(WorkerConfig(rules_dir=None))
    except Exception:  # noqa: BLE001
        log.debug("fork server: no default extractor built", exc_info=True)


_prewarm()
