"""Language detection: the two-pass sampling of cleaner/language.py against full-text,
7-trial langdetect, on every text at hand (the ScrapingHub gold bodies, the Readability
expected pages when ../shared is beside the repo, the committed sample corpus).

    python bench/language.py

Prints agreement and milliseconds per text for the current setting and a few others, so a
change of QUICK / CAREFUL / CERTAIN is chosen by measurement.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import lxml.html

from cleaner import language

ROOT = Path(__file__).resolve().parent.parent


def texts() -> list[str]:
    out = [v["articleBody"] for v in json.loads(
        (ROOT / "bench/data/scrapinghub/ground-truth.json").read_text(encoding="utf-8")).values()]
    for page in sorted((ROOT.parent / "shared/benchmarks/readability").glob("*/expected.html")):
        html = page.read_text(encoding="utf-8", errors="replace")
        out.append(" ".join(lxml.html.fromstring(html).text_content().split()))
    for shard in sorted((ROOT / "corpus_clean").glob("corpus-*.jsonl")):
        out.extend(json.loads(line)["text"] for line in shard.open(encoding="utf-8"))
    return [t for t in out if len(t.strip()) >= language.MIN_CHARS]


def run(detector: language.LanguageDetector, corpus: list[str]) -> tuple[list[Any], float]:
    start = time.perf_counter()
    answers = [detector.detect(t) for t in corpus]
    return answers, (time.perf_counter() - start) * 1000 / len(corpus)


def main() -> None:
    corpus = texts()
    detector = language.LanguageDetector()
    settings = (language.QUICK, language.CAREFUL, language.CERTAIN)
    try:
        language.QUICK = language.CAREFUL = (10**9, 7)
        reference, ref_ms = run(detector, corpus)
        print(f"{len(corpus)} texts; reference (full text, 7 trials): {ref_ms:.2f} ms/text")
        for quick, careful, certain in [settings, ((400, 3), (400, 3), 0.0),
                                        ((200, 2), (600, 5), 0.999),
                                        ((300, 2), (800, 5), 0.999)]:
            language.QUICK, language.CAREFUL, language.CERTAIN = quick, careful, certain
            answers, ms = run(detector, corpus)
            agree = sum(a == r for a, r in zip(answers, reference))
            mark = "  (current)" if (quick, careful, certain) == settings else ""
            print(f"quick {quick} careful {careful} certain {certain}: agree {agree}/"
                  f"{len(corpus)}, {ms:.2f} ms/text{mark}")
    finally:
        language.QUICK, language.CAREFUL, language.CERTAIN = settings


if __name__ == "__main__":
    main()
