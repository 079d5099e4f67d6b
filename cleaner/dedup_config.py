"""Deduplication's settings: its thresholds, the version of its features, and whether a
corpus is large enough for the LSH index. A module of its own, without numpy, so that the
build's main process can plan a build (and the CLI show its defaults) without importing
numpy (0.04 s) on the way to its first page; the numpy work (cleaner/dedup.py) starts when
the first results arrive, while the workers extract."""

from __future__ import annotations

SHINGLE_WORDS = 5
NUM_PERM = 128
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"
SAMPLE_MOD = 4
PARA_MIN_WORDS = 12
SHARED_PARAS = 3
# At least this many shared sampled shingles before a ratio counts: below it, two short
# texts could reach 30% by sharing one or two stock phrases.
MIN_SHARED_SAMPLES = 3
# A shingle (or paragraph) hash shared by more canonical records than this links them as a
# chain in canonical order instead of all pairs: the pair count stays linear for a story
# that hundreds of outlets ran, and a stock phrase still gives each pair only one hit.
ALL_PAIRS_MAX = 64
# A paragraph or shingle that this many canonical records of one site share is that site's
# template (a newsletter box or a support appeal leaking into the text), not wire copy: an
# outlet runs a wire story once, with its updates caught as near duplicates. Without this,
# three leaked template paragraphs put every article of a site into one cluster.
TEMPLATE_RECORDS = 5
DEFAULT_NEAR_THRESHOLD = 0.8
# The LSH bands are tuned for a threshold this much lower than the near-duplicate one, and
# candidates are then confirmed with the MinHash estimate. Banded for 0.8 itself, LSH finds
# only 40% of pairs at Jaccard 0.8 and 69% at 0.85 (datasketch's b=9, r=13); banded for 0.6
# (b=18, r=7) it finds 98.6% and 99.9%, at the cost of checking more candidates.
LSH_MARGIN = 0.2
# Up to this many records, near duplicates are found by comparing every signature with every
# earlier canonical one (numpy): the exact answer that the LSH index approximates (the index
# misses a pair at Jaccard 0.8 with a probability of ~1.4%), and at this size cheaper than
# the index with its import (datasketch, with scipy: 0.69 s of CPU). `python
# bench/build_scale.py dedup` (2026-12-02), CPU seconds, all pairs / index without import:
# 1,000 records 0.06 / 0.08, 2,000 0.23 / 0.19, 4,000 0.91 / 0.35, 8,000 3.57 / 0.65.
EXACT_PAIRS_MAX = 2000
DEFAULT_CLUSTER_THRESHOLD = 0.3
# Bump when the features change: cached features of earlier builds are then recomputed.
FEATURES_VERSION = "dedup-3:5w-crc-chain:128p:pcg1-affine32:mod4:p12"


def needs_index(records: int) -> bool:
    """Whether deduplicating this many records uses datasketch's LSH index (and so whether
    a build should import it in advance)."""
    return records > EXACT_PAIRS_MAX
