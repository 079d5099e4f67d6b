"""Corpus-level deduplication: exact duplicates, near duplicates and wire-story clusters.

Three relations, all computed after extraction over the whole corpus, in a fixed order, so
the result depends on the records only (never on worker count, engine or arrival order):

* exact: the same normalized text (case-folded word tokens). Also the same record `id`
  (the same canonical URL fetched twice): one corpus should not carry one id twice.
* near: MinHash (`signature`: 128 seeded affine permutations mod 2**32) over word 5-gram
  shingles; a record is a near duplicate of the earliest canonical record whose MinHash
  estimate of Jaccard similarity with it is >= `near_threshold` (0.8 by default). Up to
  EXACT_PAIRS_MAX records every pair is compared; above, datasketch's LSH index gives the
  candidates (see EXACT_PAIRS_MAX).
* wire cluster: records that share a substantial part of their text: >= `cluster_threshold`
  (30%) of the shorter one's 5-gram shingles, or >= 3 identical paragraphs of >= 12 words.
  Shingle overlap is measured on a deterministic 1-in-4 sample of the shingles (those whose
  hash is 0 mod 4; Broder's mod-m sampling), so every record carries ~words/4 hashes instead
  of all its shingles, and the overlap of two samples estimates the overlap of the sets.
  A paragraph or shingle that TEMPLATE_RECORDS (5) or more records of one site share is
  that site's template leaking into the text, and links nothing.

The canonical record of a group is the first in "canonical order": earliest
`date_published` (UTC; a record without a date sorts last), then `id`, then source order.
A duplicate's `duplicate_of` is the id of the canonical record it duplicates (never of
another duplicate). `cluster_id` is the id of the first record of the cluster in canonical
order, set on every member of a cluster of two or more records, duplicates included.

Why these numbers: on the five seed articles (../shared/seeds), the France 24 / Moscow
Times pair (both edited AFP copy) shares 36% of the shorter text's 5-grams even with the
pages' boilerplate still in (more once cleaned) and four identical paragraphs; every other
pair shares <= 3% and no paragraph, so 30% separates them with a wide margin. 5-grams are
long enough that common phrases ("the ministry said in") rarely link unrelated stories.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import math
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

import numpy as np

from cleaner.dedup_config import (  # noqa: F401  (re-exported: dedup.X as before)
    ALL_PAIRS_MAX,
    DEFAULT_CLUSTER_THRESHOLD,
    DEFAULT_NEAR_THRESHOLD,
    EXACT_PAIRS_MAX,
    FEATURES_VERSION,
    LSH_MARGIN,
    MIN_SHARED_SAMPLES,
    MINHASH_SCHEME,
    MINHASH_SEED,
    NUM_PERM,
    PARA_MIN_WORDS,
    SAMPLE_MOD,
    SHARED_PARAS,
    SHINGLE_WORDS,
    TEMPLATE_RECORDS,
    needs_index,
)

_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class Features:
    """What dedup needs of one record, computed in the worker, cached with the record."""

    exact: str  # hex of the normalized text's hash
    shingles: int  # number of distinct shingles
    minhash: np.ndarray  # uint32[NUM_PERM]
    sample: np.ndarray  # uint32, sorted unique: the shingle hashes that are 0 mod SAMPLE_MOD
    paras: tuple[int, ...] = ()  # 64-bit hashes of long paragraphs, sorted unique

    def encode(self) -> dict[str, Any]:
        return {"x": self.exact, "n": self.shingles,
                "m": base64.b64encode(self.minhash.astype("<u4").tobytes()).decode("ascii"),
                "s": base64.b64encode(self.sample.astype("<u4").tobytes()).decode("ascii"),
                "p": [format(p, "016x") for p in self.paras]}

    @classmethod
    def decode(cls, data: dict[str, Any]) -> Features:
        return cls(exact=data["x"], shingles=int(data["n"]), minhash=_u32(data["m"]),
                   sample=_u32(data["s"]), paras=tuple(int(p, 16) for p in data.get("p", ())))


def _u32(encoded: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(encoded), dtype="<u4").astype(np.uint32)


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


# Odd 64-bit constants: the polynomial base that chains word hashes into a shingle hash, and
# the multipliers of the final mix (SplitMix64's), which spread the chained value's bits
# before the low 32 are kept.
_BASE = np.uint64(0x100000001B3)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def shingle_hashes(words: list[str], normalized: str) -> np.ndarray:
    """Sorted distinct 32-bit hashes of the text's word 5-grams (the whole text as one
    shingle when it is shorter). Each distinct word is hashed once (CRC-32, in C) and the
    5-grams are chained from those with numpy: 0.2 ms for an article where hashing every
    5-gram string with blake2b took 1.4 ms (bench/speed.py profile, 2026-12-01)."""
    if len(words) < SHINGLE_WORDS:
        return np.array([zlib.crc32(normalized.encode("utf-8"))], dtype=np.uint32)
    table = {w: zlib.crc32(w.encode("utf-8")) for w in set(words)}
    codes = np.fromiter((table[w] for w in words), dtype=np.uint64, count=len(words))
    count = len(words) - SHINGLE_WORDS + 1
    with np.errstate(over="ignore"):  # wrapping arithmetic modulo 2**64 is the point
        chained = codes[:count].copy()
        for k in range(1, SHINGLE_WORDS):
            chained = chained * _BASE + codes[k:k + count]
        chained ^= chained >> np.uint64(30)
        chained *= _MIX1
        chained ^= chained >> np.uint64(27)
        chained *= _MIX2
        chained ^= chained >> np.uint64(31)
    return np.unique(chained.astype(np.uint32))


def _hash64(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(), "little")


_BATCH = 8192


def features(text: str) -> Features:
    """Features of one text (deterministic: no randomness beyond the fixed seed)."""
    # \w+ tokens never span a paragraph break: tokenising each paragraph once gives the
    # text's words and the paragraphs' words in one pass.
    para_words = [tokens(para) for para in (text or "").split("\n\n")]
    words = [word for words_of_para in para_words for word in words_of_para]
    normalized = " ".join(words)
    exact = hashlib.blake2b(normalized.encode("utf-8"), digest_size=16).hexdigest()
    hashes = shingle_hashes(words, normalized)
    sample = hashes[hashes % SAMPLE_MOD == 0]  # shingle_hashes is sorted and unique
    paras = {_hash64(" ".join(ws)) for ws in para_words if len(ws) >= PARA_MIN_WORDS}
    return Features(exact, len(hashes), signature(hashes), sample, tuple(sorted(paras)))


def signature(hashes: np.ndarray) -> np.ndarray:
    """The MinHash signature of a set of 32-bit hashes: for each of NUM_PERM permutations
    h -> a*h + b (mod 2**32, `a` odd: a bijection, so no two shingles collide), the
    smallest permuted value. The shingle hashes are already mixed (see shingle_hashes), so
    no pre-mix is needed. datasketch's LSH index takes these values as they are
    (LeanMinHash(hashvalues=...)); its MinHash class is not used here because importing
    datasketch imports scipy, 0.3 s in every worker's start (bench/speed.py, 2026-12-01)."""
    a, b = _permutations()
    out = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)
    # An n x NUM_PERM matrix per chunk: in chunks of 8192 a text of a million shingles
    # costs 4 MB at a time instead of 512 MB.
    for start in range(0, len(hashes), _BATCH):
        chunk = hashes[start:start + _BATCH, None]
        np.minimum(out, (chunk * a + b).min(axis=0), out=out)
    return out


@functools.cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The permutation parameters (odd multipliers, offsets): draw_permutations()'s values,
    written out (_PERMUTATIONS) so that a worker need not import numpy.random (11 ms of the
    fork server's preload, the build's start-up critical path); tests/test_dedup.py draws
    them again and compares."""
    values = np.frombuffer(bytes.fromhex(_PERMUTATIONS), dtype="<u4").astype(np.uint32)
    return values[:NUM_PERM], values[NUM_PERM:]


def draw_permutations(seed: int = MINHASH_SEED) -> tuple[np.ndarray, np.ndarray]:
    """NUM_PERM odd multipliers, then NUM_PERM offsets, from numpy's PCG64 seeded `seed`."""
    rng = np.random.Generator(np.random.PCG64(seed))
    a = rng.integers(0, 1 << 32, NUM_PERM, dtype=np.uint64).astype(np.uint32) | np.uint32(1)
    b = rng.integers(0, 1 << 32, NUM_PERM, dtype=np.uint64).astype(np.uint32)
    return a, b


# draw_permutations(MINHASH_SEED) as little-endian uint32 hex: the multipliers, the offsets.
_PERMUTATIONS = (
    "ffe42279f3bd068367a852c1bb9651f3cd18ec08f7a4e724d36facd2afb0daf2a972cd3fa12fd44f497078de"
    "451f5f6c256dee453351e4d3cb3aca414d46c1682bfad1a4032cb28c6302f315331d0e07353297dd2f3ce6c0"
    "a59c7fd69bc2c38949994ad13b4c69540bd5e273a976d6c94519b91f252d9e4d2f0cda1f0d7018740b8216fa"
    "818e50225db52062a5693267552564e785a41534edfd938093f72643f316130531e617c04597e00f4ddec847"
    "77fc8c7fc779357c4da6ef1dd79711fb0135c5bf752a2ff6df23941765d58bb90ba10b4bddd78d8ab947c8ec"
    "8957e24619f2d2b9737d20290350945229084df82f59ce6b21121d84d9fcff4a695ea91d458fb26c4d069d9f"
    "a11da2745fb4d4c6d7d0e35ccbc8ed9cb38cd5c5bb05d4eac762646d3fc2220ad56df1b73fa05187e3a541df"
    "5309977503723a5e5b24f60f213c097539152ea47b6723c54d2546da2b03003789fbca9727fdefcd0fbf9542"
    "5f213a58b17902d75d05e29475526e82416a76ac2b9dc98277f81efb7396c6c0f37fdb0df337de253de4898b"
    "810ed3d1b302ab1103e4ebae3f366ec2672f7fc9819993df5dc30d319fe0268ed7bc67cd2db9a55bd59afa30"
    "65c8bf7ae1a1e01459e15138ad27f0da379ae9aa41137ddc8f0d0bd733bc64e08bb37f4f4b13cf788f290f9e"
    "030928462f3260eb23c5d001916096d6f1f64da55d19dc403bfb4bb88cc3bb693adde7d51cd28cff31252948"
    "11175478ad891837c3604ab1a838aba39bae34d8d31218cedbbf17fa6222b3f6556418e597cb88267010ce0a"
    "6545727bb071525847190ce5ca8503ccda2c376c3a2057936d9be9965c9e10e462054506da845e7dfedd67ac"
    "312dfb734b6449ebe18956f325d3aad35e29e476c974b1e286b1c212db0c0da91e36a2446d83dc3e5e76f2ad"
    "b087bdc4dd2573e3e0503036aaa325df746dced4a0ba835022480e10447e99c5592b53d3c05beb75f1251d2a"
    "27d74c2531a20960216ad5c1a2c0155126301008c576fbb0c27685bef8e2b62d7c34788f390b7165c1f74f80"
    "7db87d01eb2975a27eda3243f500ec8db607d36bee0f1e9c77a71d1bca55385d2dc516a21a0270c4257c6361"
    "a253450610ddacb972de35814dc363a77353cc284fe0646e2a6828e276b708ded157fb50689bd3a16a6e8a15"
    "d3236ecf926ca444e9db7f5740742ff71ae92d8b8089e1df3d83403284f30dc2e91b03ffacd2be13615e433e"
    "c0f19125fb10c2414b67a24fa795bc12daeed4e59c62ff41a87fd2eb39645cc375e0282c2e27a9b2489604c6"
    "46baf0206af034219b2a5160b73997112881c16b7608d67a56683caa89c17492b1c2b7742f646538a8102696"
    "ca7e8374f791f5d6afa9dcb2ad2cfab9efef5b92b31d715d3ad41a48bc19ca72f0da64921a8f215e46a17425"
    "2992171cbdbb3d0b49a30734"
)


# ---- corpus-level decisions ---------------------------------------------------------------

@dataclass(slots=True)
class Item:
    """One record as dedup sees it. `position` is its place in output (source) order."""

    position: int
    id: str
    date_published: str | None
    features: Features
    domain: str = ""  # the record's site, for telling its template from wire copy


@dataclass(slots=True)
class Decision:
    duplicate_of: str | None = None
    kind: str | None = None  # "exact" | "same-id" | "near"
    cluster_id: str | None = None


@dataclass(slots=True)
class DedupResult:
    decisions: dict[int, Decision]  # by position
    exact: int = 0
    same_id: int = 0
    near: int = 0
    clusters: int = 0
    clustered_records: int = 0
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def duplicates(self) -> int:
        return self.exact + self.same_id + self.near


def date_key(value: str | None) -> float:
    """Seconds since the epoch (UTC) of an ISO 8601 date; +inf when missing or unparsable
    (undated records sort after dated ones). A date without a time is its midnight UTC,
    a time without an offset is taken as UTC."""
    if not value:
        return math.inf
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return math.inf
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def deduplicate(items: Sequence[Item], *, near_threshold: float = DEFAULT_NEAR_THRESHOLD,
                cluster_threshold: float = DEFAULT_CLUSTER_THRESHOLD,
                clusters: bool = True) -> DedupResult:
    """Duplicate and cluster decisions for every item (indexed by `position`)."""
    result = DedupResult({item.position: Decision() for item in items})
    if not items:
        return result
    order = sorted(items, key=lambda it: (date_key(it.date_published), it.id, it.position))
    near: NearIndex = (LshIndex(near_threshold) if needs_index(len(items))
                       else AllPairs(len(items), near_threshold))
    first_by_text: dict[str, Item] = {}
    first_by_id: dict[str, Item] = {}
    canonicals: list[Item] = []
    dup_of: dict[int, int] = {}  # position -> canonical position
    for item in order:
        decision = result.decisions[item.position]
        canon = first_by_text.get(item.features.exact)
        kind = "exact"
        if canon is None:
            canon, kind = first_by_id.get(item.id), "same-id"
        if canon is None:
            canon, kind = near.match(item), "near"
        if canon is not None:
            decision.duplicate_of, decision.kind = canon.id, kind
            dup_of[item.position] = canon.position
            if kind == "exact":
                result.exact += 1
            elif kind == "same-id":
                result.same_id += 1
            else:
                result.near += 1
            first_by_text.setdefault(item.features.exact, canon)
            continue
        first_by_text[item.features.exact] = item
        first_by_id.setdefault(item.id, item)
        near.add(item)
        canonicals.append(item)
    if clusters:
        _clusters(result, order, canonicals, dup_of, cluster_threshold)
    return result


class NearIndex(Protocol):
    """The canonical records so far (added in canonical order), asked for near duplicates."""

    def match(self, item: Item) -> Item | None:
        """The earliest canonical record whose MinHash estimate of Jaccard similarity with
        `item` reaches the threshold, or None."""

    def add(self, item: Item) -> None: ...


def _estimate(signatures: np.ndarray, signature: np.ndarray) -> np.ndarray:
    """MinHash estimates of Jaccard similarity: the share of equal signature values, per row
    of `signatures` (float64: count / NUM_PERM, exact)."""
    return np.mean(signatures == signature, axis=-1)


class AllPairs:
    """Every canonical signature, compared with each new one."""

    def __init__(self, capacity: int, threshold: float) -> None:
        self._signatures = np.empty((capacity, NUM_PERM), dtype=np.uint32)
        self._items: list[Item] = []
        self._threshold = threshold

    def match(self, item: Item) -> Item | None:
        if not self._items:
            return None
        estimates = _estimate(self._signatures[:len(self._items)], item.features.minhash)
        hits = np.flatnonzero(estimates >= self._threshold)
        return self._items[int(hits[0])] if len(hits) else None  # added in canonical order

    def add(self, item: Item) -> None:
        self._signatures[len(self._items)] = item.features.minhash
        self._items.append(item)


class LshIndex:
    """datasketch's LSH index, banded for a threshold LSH_MARGIN below the near-duplicate
    one, its candidates confirmed with the MinHash estimate."""

    def __init__(self, threshold: float) -> None:
        from datasketch import MinHashLSH

        self._lsh = MinHashLSH(threshold=max(threshold - LSH_MARGIN, 0.3), num_perm=NUM_PERM)
        self._threshold = threshold
        self._by_position: dict[int, Item] = {}

    @staticmethod
    def _minhash(item: Item) -> Any:
        from datasketch import LeanMinHash

        return LeanMinHash(seed=MINHASH_SEED, hashvalues=item.features.minhash,
                           scheme=MINHASH_SCHEME)

    def match(self, item: Item) -> Item | None:
        candidates = (self._by_position[position]
                      for position in self._lsh.query(self._minhash(item)))
        matches = [canon for canon in candidates
                   if float(_estimate(canon.features.minhash, item.features.minhash))
                   >= self._threshold]
        if not matches:
            return None
        return min(matches, key=lambda it: (date_key(it.date_published), it.id, it.position))

    def add(self, item: Item) -> None:
        self._lsh.insert(item.position, self._minhash(item), check_duplication=False)
        self._by_position[item.position] = item


def _clusters(result: DedupResult, order: Sequence[Item], canonicals: Sequence[Item],
              dup_of: dict[int, int], threshold: float) -> None:
    rank = {item.position: index for index, item in enumerate(order)}
    parent = list(range(len(order)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)  # the root is the earliest in canonical order

    for position, canon in dup_of.items():
        union(rank[position], rank[canon])
    canon_ranks = np.array([rank[item.position] for item in canonicals], dtype=np.int64)
    domains = [item.domain for item in canonicals]
    samples = _without_templates([item.features.sample for item in canonicals], domains)
    sizes = np.array([max(len(s), 1) for s in samples], dtype=np.int64)
    pairs, counts = _shared_pairs(samples, np.uint32)
    ok = (counts >= MIN_SHARED_SAMPLES) & (
        counts >= threshold * np.minimum(sizes[pairs[:, 0]], sizes[pairs[:, 1]]))
    linked = [(int(a), int(b)) for a, b in pairs[ok]]
    result.stats["shingle_links"] = len(linked)
    paras = _without_templates(
        [np.array(item.features.paras, dtype=np.uint64) for item in canonicals], domains)
    ppairs, pcounts = _shared_pairs(paras, np.uint64)
    para_links = [(int(a), int(b)) for a, b in ppairs[pcounts >= SHARED_PARAS]]
    result.stats["paragraph_links"] = len(para_links)
    for a, b in linked + para_links:
        union(int(canon_ranks[a]), int(canon_ranks[b]))
    members: dict[int, list[int]] = {}
    for index in range(len(order)):
        members.setdefault(find(index), []).append(index)
    for root, group in members.items():
        if len(group) < 2:
            continue
        result.clusters += 1
        result.clustered_records += len(group)
        cluster_id = order[root].id
        for index in group:
            result.decisions[order[index].position].cluster_id = cluster_id


def _without_templates(sets: list[np.ndarray], domains: Sequence[str]) -> list[np.ndarray]:
    """Each set without the values that TEMPLATE_RECORDS or more sets of its own domain
    hold (sets are sorted and unique; records without a domain are left whole)."""
    by_domain: dict[str, list[int]] = {}
    for index, domain in enumerate(domains):
        if domain:
            by_domain.setdefault(domain, []).append(index)
    out = list(sets)
    for members in by_domain.values():
        if len(members) < TEMPLATE_RECORDS:
            continue
        values, counts = np.unique(np.concatenate([sets[i] for i in members]),
                                   return_counts=True)
        template = values[counts >= TEMPLATE_RECORDS]
        if len(template):
            for i in members:
                out[i] = sets[i][~np.isin(sets[i], template)]
    return out


def _shared_pairs(sets: Sequence[np.ndarray], dtype: Any) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j) of set indices sharing at least one value, with how many they share.
    Values held by more than ALL_PAIRS_MAX sets link consecutive holders only."""
    empty = (np.zeros((0, 2), dtype=np.int64), np.zeros(0, dtype=np.int64))
    lengths = [len(s) for s in sets]
    if sum(lengths) == 0:
        return empty
    values = np.concatenate([np.asarray(s, dtype=dtype) for s in sets])
    owners = np.repeat(np.arange(len(sets), dtype=np.int64), lengths)
    order = np.lexsort((owners, values))
    values, owners = values[order], owners[order]
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    sizes = np.diff(np.r_[starts, len(values)])
    chunks: list[np.ndarray] = []
    for size in np.unique(sizes[sizes >= 2]):
        group_starts = starts[sizes == size]
        if size <= ALL_PAIRS_MAX:
            i, j = np.triu_indices(int(size), k=1)
            block = owners[group_starts[:, None] + np.arange(size)[None, :]]
            chunks.append(np.stack([block[:, i].ravel(), block[:, j].ravel()], axis=1))
        else:
            idx = (group_starts[:, None] + np.arange(size - 1)[None, :]).ravel()
            chunks.append(np.stack([owners[idx], owners[idx + 1]], axis=1))
    if not chunks:
        return empty
    pairs = np.concatenate(chunks)
    n = np.int64(len(sets))
    codes = pairs[:, 0] * n + pairs[:, 1]
    unique, counts = np.unique(codes, return_counts=True)
    return np.stack([unique // n, unique % n], axis=1), counts
