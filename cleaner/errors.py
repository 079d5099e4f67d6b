"""Typed errors: a page that must not become a record raises `Drop` with a reason."""

from __future__ import annotations

from typing import Any


class Drop(Exception):
    """A page is rejected. `reason` is a short stable slug, `detail` a human sentence.
    `extraction`: what the extractor had found when it rejected the page (its metadata,
    removals and blocks), for `clean explain` and `extract_result()`."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.extraction: Any = None


class RuleError(Exception):
    """A rule file is broken. The message names the file and the key."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
