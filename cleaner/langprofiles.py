"""langdetect's language profiles, read when this module is imported.

The workers' fork server imports this module (engine/server.py PRELOAD): the profiles are
read once (~0.07 s), beside the main process's start-up instead of in each new worker
before its first page, and every worker forked after that shares them. Elsewhere the
language detector's first use imports it.

A read-only constant: nothing writes to these after import.
"""

from __future__ import annotations

import json
import os

from langdetect.detector_factory import PROFILES_DIRECTORY

__all__ = ["NGRAMS", "PROFILES"]


def _read() -> tuple[tuple[str, dict[str, int], list[int]], ...]:
    profiles = []
    for name in os.listdir(PROFILES_DIRECTORY):  # langdetect's order, for the same indices
        path = os.path.join(PROFILES_DIRECTORY, name)
        if name.startswith(".") or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        profiles.append((data["name"], data["freq"], data["n_words"]))
    return tuple(profiles)


# (language code, n-gram counts, n-gram totals by length), in langdetect's order.
PROFILES = _read()
# Every n-gram of any profile.
NGRAMS = frozenset().union(*(freq for _, freq, _ in PROFILES))
