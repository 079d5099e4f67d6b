"""cleaner: raw news HTML -> clean, deduplicated, metadata-rich JSONL corpus.

The public API is `extract()` (one page) and `build()` (a whole corpus). Both are imported
lazily so that `import cleaner` stays cheap for worker processes.
"""

from __future__ import annotations

from typing import Any

from cleaner.version import __version__

__all__ = ["__version__", "build", "extract"]


def extract(html: bytes | str, url: str | None = None, *, rules: bool = True, **kwargs: Any):  # noqa: ANN201
    from cleaner.api import extract as _extract

    return _extract(html, url, rules=rules, **kwargs)


def build(**kwargs: Any):  # noqa: ANN201
    from cleaner.build import build as _build

    return _build(**kwargs)
