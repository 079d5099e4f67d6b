"""Test hooks for the builder (no tests here): extractors that misbehave on purpose, loaded
by worker processes through `build(extractor="tests.test_build_helpers:...")`, and small
page factories shared by the build tests."""

from __future__ import annotations

import os
import random
import time
from pathlib import Path
from typing import Any

from cleaner.api import Extractor, RawDoc


class _Wrapped:
    """The real extractor, with `run` intercepted."""

    def __init__(self, inner: Extractor) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def run(self, doc: RawDoc) -> dict[str, Any]:
        self.misbehave(doc)
        return self._inner.run(doc)

    def misbehave(self, doc: RawDoc) -> None:
        pass


class _Poison(_Wrapped):
    def misbehave(self, doc: RawDoc) -> None:
        if b"CRASH-ME" in doc.data:
            os._exit(3)  # the worker dies without a word, like a segfault
        if b"SLEEP-ME" in doc.data:
            time.sleep(60)
        if b"SPIN-ME" in doc.data:  # Python code running long: interruptible in any thread
            end = time.monotonic() + 60
            while time.monotonic() < end:
                pass
        if b"REGEX-ME" in doc.data:  # stuck in C (the regex engine): no signal handler runs
            import re

            re.match(r"(a+)+$", "a" * 40 + "!")
        if b"CHOKE-ME" in doc.data:  # one long C call: a signal handler cannot run inside
            import hashlib

            hashlib.pbkdf2_hmac("sha256", b"x", b"y", 10**9)
        if b"RAISE-ME" in doc.data:
            raise KeyError("a bug in the extractor")


class _Slow(_Wrapped):
    def misbehave(self, doc: RawDoc) -> None:
        time.sleep(float(os.environ.get("CLEANER_TEST_DELAY", "0.05")))


def poisoned(rules_dir: Path | None = None, **kwargs: Any) -> _Poison:
    return _Poison(Extractor.load(rules_dir, **kwargs))


def slow(rules_dir: Path | None = None, **kwargs: Any) -> _Slow:
    return _Slow(Extractor.load(rules_dir, **kwargs))


WORDS = ["storm", "coast", "power", "homes", "roads", "crews", "night", "electricity", "trees", "weather", "wind", "flooding", "council", "budget", "school", "teachers", "parents", "vote", "river", "bridge", "traffic", "police", "market", "prices", "farmers", "harvest", "rain", "drought", "minister", "talks", "border", "trade", "port", "ships"]


def article(n: int, title: str | None = None, paragraphs: int = 4, url: str | None = None,
            extra: str = "") -> bytes:
    """A small news page whose text is random words seeded by `n`: pages with different
    `n` share no 5-word sequence to speak of, the same `n` gives the same page."""
    rng = random.Random(n)
    paras = []
    for p in range(paragraphs):
        words = [f"{rng.choice(WORDS)}{rng.randint(0, 9) if rng.random() < 0.4 else ''}"
                 for _ in range(24)]
        paras.append(f"<p>Report {n} part {p}: " + " ".join(words) + f" in town {n}.</p>")
    canonical = f'<link rel="canonical" href="{url}">' if url else ""
    return (f"<!doctype html><html lang=en><head><title>{title or f'Story {n}'}</title>"
            f"{canonical}</head><body><nav><a href='/'>Home</a></nav><article>"
            f"<h1>{title or f'Story {n}'}</h1>{''.join(paras)}{extra}</article>"
            f"<footer>Copyright</footer></body></html>").encode()
