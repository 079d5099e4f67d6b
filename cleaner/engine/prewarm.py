"""Imported by the workers' fork server, last, when `clean build` could tell its extractor
options ($CLEANER_PREWARM, set by cleaner.launch: the rules directory, --no-rules,
--max-bytes): builds and warms that extractor once in the server, so every worker forked
from it starts with the extractor ready instead of compiling the rules itself (~0.06 s per
worker, on the way to its first page: the server's preload runs beside the main process's
start-up; bench/speed.py, 2026-12-02).

Importing this module only fills the engine's per-process extractor cache
(local.load_extractor), which a worker's initializer then finds under the same key. It never
raises: a rule file that does not compile is the main process's error to report, and each
worker then builds (and fails) on its own as without this module.
"""

from __future__ import annotations

import json
import logging
import os

from cleaner.engine.local import WorkerConfig, load_extractor
from cleaner.engine.server import PREWARM_ENV

log = logging.getLogger(__name__)


def _prewarm() -> None:
    try:
        options = json.loads(os.environ.get(PREWARM_ENV) or "{}")
        load_extractor(WorkerConfig(rules_dir=options.get("rules_dir"),
                                    use_rules=bool(options.get("use_rules", True)),
                                    max_bytes=options.get("max_bytes")))
    except Exception:  # noqa: BLE001
        log.debug("fork server: no extractor built in advance", exc_info=True)


_prewarm()
