"""Vendor the Readability test pages as a second gold set for `clean eval` and the gate.

    python bench/make_readability_gold.py [SRC] [DEST]

SRC: mozilla/readability's test/test-pages (default ../shared/benchmarks/readability, a copy
at ab4027a8); DEST: bench/data/readability. For each page, DEST/<name>/source.html.gz is the
page as it is (gzip'd) and DEST/<name>/expected.txt the text of Readability's expected.html,
rendered by cleaner's own block renderer (cleaner.text: one paragraph per block, list items
and table rows one a line), so that gold and output are tokenised alike. Note what that gold
is: Readability's idea of the content, which keeps image captions, reference lists, comments
on some pages and teasers on a front page, all of which cleaner drops on purpose; it scores
generalisation across layouts, not our boilerplate policy.
"""

from __future__ import annotations

import gzip
import shutil
import sys
from pathlib import Path

import lxml.html

from cleaner.text import blocks_of, render

ROOT = Path(__file__).resolve().parent.parent


def main(src: Path, dest: Path) -> int:
    dest.mkdir(parents=True, exist_ok=True)
    count = 0
    for page in sorted(p for p in src.iterdir() if (p / "expected.html").is_file()):
        out = dest / page.name
        out.mkdir(exist_ok=True)
        root = lxml.html.document_fromstring((page / "expected.html").read_text(encoding="utf-8"))
        (out / "expected.txt").write_text(render(blocks_of([root])) + "\n", encoding="utf-8")
        # mtime=0: the same page always gives the same bytes (the gate hashes them)
        (out / "source.html.gz").write_bytes(
            gzip.compress((page / "source.html").read_bytes(), compresslevel=9, mtime=0))
        count += 1
    shutil.copy(src / "LICENSE.md", dest / "LICENSE.md")
    print(f"{count} pages -> {dest}")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(main(Path(args[0]) if args else ROOT.parent / "shared/benchmarks/readability",
                  Path(args[1]) if len(args) > 1 else ROOT / "bench/data/readability"))
