"""Exact, near-duplicate and wire-cluster decisions (cleaner.dedup)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from cleaner.dedup import Features, Item, date_key, deduplicate, features, signature

VOCAB = ["government", "minister", "said", "troops", "border", "region", "ceasefire", "talks", "city", "residents", "officials", "reported", "attack", "morning", "statement", "army", "forces", "civilians", "killed", "wounded", "capital", "president", "spokesman", "agency", "news", "conflict", "peace", "negotiations", "week", "earlier", "international", "observers", "humanitarian", "corridor", "aid", "convoy"]


def text(seed: int, words: int = 400, para: int = 40) -> str:
    rng = random.Random(seed)
    tokens = [rng.choice(VOCAB) + (str(rng.randint(0, 99)) if rng.random() < 0.3 else "")
              for _ in range(words)]
    return "\n\n".join(" ".join(tokens[i:i + para]) for i in range(0, words, para))


def item(pos: int, body: str, date: str | None = None, ident: str | None = None) -> Item:
    return Item(pos, ident or f"id{pos:03d}", date, features(body))


def test_written_out_permutations_are_the_seeded_draw() -> None:
    """dedup writes its MinHash permutations out (no numpy.random in the workers); they
    must be exactly what the seeded generator draws, or every cached signature is wrong."""
    from cleaner.dedup import _permutations, draw_permutations
    from cleaner.dedup_config import MINHASH_SEED, NUM_PERM

    written, drawn = _permutations(), draw_permutations(MINHASH_SEED)
    assert all(np.array_equal(w, d) and w.dtype == np.uint32 for w, d in zip(written, drawn))
    assert len(written[0]) == NUM_PERM and all(int(a) % 2 == 1 for a in written[0])


def test_features_roundtrip_and_determinism() -> None:
    body = text(1)
    one, two = features(body), features(body)
    assert one.exact == two.exact and np.array_equal(one.minhash, two.minhash)
    back = Features.decode(one.encode())
    assert back.exact == one.exact and back.shingles == one.shingles
    assert np.array_equal(back.minhash, one.minhash) and np.array_equal(back.sample, one.sample)
    assert back.paras == one.paras


def test_signature_estimates_jaccard_without_bias() -> None:
    """The share of equal signature values estimates the Jaccard similarity of two sets of
    hashes: over 200 random pairs, no bias beyond 0.01 and a mean error near the binomial
    sqrt(J(1-J)/128) (~0.035 at most)."""
    rng = np.random.default_rng(7)
    errors = []
    for _ in range(200):
        n, jaccard = int(rng.integers(50, 2000)), float(rng.uniform(0.2, 0.95))
        pool = np.unique(rng.integers(0, 2**32, 3 * n, dtype=np.uint64).astype(np.uint32))
        rng.shuffle(pool)
        shared = round(2 * jaccard * n / (1 + jaccard))
        a = np.unique(pool[:n])
        b = np.unique(np.concatenate([pool[:shared], pool[n:2 * n - shared]]))
        true = len(np.intersect1d(a, b)) / len(np.union1d(a, b))
        errors.append(float(np.mean(signature(a) == signature(b))) - true)
    assert abs(np.mean(errors)) < 0.01
    assert np.mean(np.abs(errors)) < 0.04
    assert np.array_equal(signature(np.array([5, 9], dtype=np.uint32)),
                          signature(np.array([9, 5], dtype=np.uint32)))


def test_exact_duplicate_points_to_earliest_then_id() -> None:
    body = text(2)
    items = [item(0, body, "2023-09-19T12:00:00+02:00"),
             item(1, body.upper().replace("\n\n", "\n\n "), "2023-09-19T09:30:00Z"),  # same words
             item(2, body, None)]
    result = deduplicate(items)
    # 09:30Z is earlier than 12:00+02:00 (= 10:00Z): item 1 is the original
    assert result.decisions[1].duplicate_of is None
    assert result.decisions[0].duplicate_of == "id001" and result.decisions[0].kind == "exact"
    assert result.decisions[2].duplicate_of == "id001"
    assert result.exact == 2 and result.near == 0
    assert {d.cluster_id for d in result.decisions.values()} == {"id001"}
    assert result.clusters == 1 and result.clustered_records == 3


def test_same_id_is_a_duplicate() -> None:
    result = deduplicate([item(0, text(3), ident="same"), item(1, text(4), ident="same")])
    assert result.decisions[1].duplicate_of == "same" and result.decisions[1].kind == "same-id"


def test_near_duplicate_above_threshold_only() -> None:
    base = text(5, words=600).split(" ")
    edited = list(base)
    for i in range(0, len(edited), 60):  # one word in 60 changed: Jaccard of 5-grams ~0.85
        edited[i] = "CHANGED"
    heavy = list(base)
    for i in range(0, len(heavy), 12):  # one in 12: Jaccard ~0.5
        heavy[i] = "CHANGED"
    items = [item(0, " ".join(base), "2023-01-01"), item(1, " ".join(edited), "2023-01-02"),
             item(2, " ".join(heavy), "2023-01-03")]
    result = deduplicate(items, near_threshold=0.8)
    assert result.decisions[1].duplicate_of == "id000" and result.decisions[1].kind == "near"
    assert result.decisions[2].duplicate_of is None
    strict = deduplicate(items, near_threshold=0.95)
    assert strict.decisions[1].duplicate_of is None


def test_wire_cluster_by_shared_shingles() -> None:
    wire = text(10, words=300)
    a = wire + "\n\n" + text(11, words=300)  # the agency copy plus the outlet's own half
    b = text(12, words=200) + "\n\n" + wire  # a shorter rewrite around the same copy
    c = text(13, words=500)  # another story on the same topic
    result = deduplicate([item(0, a), item(1, b), item(2, c)])
    assert result.decisions[0].cluster_id == result.decisions[1].cluster_id == "id000"
    assert result.decisions[2].cluster_id is None
    assert all(d.duplicate_of is None for d in result.decisions.values())
    assert result.clusters == 1


def test_wire_cluster_threshold_is_relative_to_the_shorter_text() -> None:
    small_share = text(20, words=60)
    a = text(21, words=500) + "\n\n" + small_share
    b = text(22, words=500) + "\n\n" + small_share  # ~10% shared: not a cluster
    result = deduplicate([item(0, a), item(1, b)])
    assert result.clusters == 0
    assert deduplicate([item(0, a), item(1, b)], cluster_threshold=0.05).clusters == 1


def test_wire_cluster_by_identical_paragraphs() -> None:
    shared = [text(30 + k, words=20, para=20) for k in range(3)]  # three 20-word paragraphs
    a = "\n\n".join([text(40, words=800)] + shared)
    b = "\n\n".join(shared + [text(41, words=800)])
    two = "\n\n".join([text(42, words=800)] + shared[:2])
    assert deduplicate([item(0, a), item(1, b)], cluster_threshold=0.99).clusters == 1
    assert deduplicate([item(0, a), item(1, two)], cluster_threshold=0.99).clusters == 0


def test_a_sentence_repeated_inside_one_article_is_not_a_duplicate() -> None:
    body = text(50) + "\n\nThe minister said the talks would continue.\n\n" * 3
    result = deduplicate([item(0, body), item(1, text(51))])
    assert all(d.duplicate_of is None and d.cluster_id is None for d in result.decisions.values())


def test_decisions_do_not_depend_on_input_order() -> None:
    wire = text(60, words=300)
    bodies = [text(61), wire + text(62, words=100), text(63, words=100) + wire, text(61),
              text(64), wire]
    items = [item(i, b, f"2023-0{1 + i % 3}-01") for i, b in enumerate(bodies)]
    reference = deduplicate(items).decisions
    for seed in range(3):
        shuffled = list(items)
        random.Random(seed).shuffle(shuffled)
        assert deduplicate(shuffled).decisions == reference


def test_popular_values_link_in_a_chain() -> None:
    """More holders of one shingle than ALL_PAIRS_MAX: still one cluster, linear pairs."""
    wire = text(70, words=200)
    items = [item(i, wire + "\n\n" + text(100 + i, words=120)) for i in range(80)]
    result = deduplicate(items)
    assert result.clusters == 1 and result.clustered_records == 80


@pytest.mark.parametrize("value, later", [
    ("2023-09-19", "2023-09-19T00:00:01Z"), ("2023-09-19T10:00:00+02:00", "2023-09-19T09:00:00Z"),
    ("2023-09-19T10:00:00Z", None), ("2023-09-19T10:00:00", "not a date")])
def test_date_key_orders_dates(value: str, later: str | None) -> None:
    assert date_key(value) < date_key(later)


TEMPLATE = ["Sign up for our daily newsletter to receive the best stories from our newsroom "
            "every morning in your inbox.",
            "Our journalism depends on readers like you, so please consider supporting us with "
            "a subscription today.",
            "Follow us on social media for breaking news updates and exclusive behind the scenes "
            "coverage from our reporters."]


def site_item(pos: int, body: str, domain: str) -> Item:
    return Item(pos, f"id{pos:03d}", None, features(body), domain)


def test_a_sites_leaked_template_does_not_cluster_its_articles() -> None:
    """Three template paragraphs in eight unrelated articles of one site are the site's
    template, not wire copy; the same paragraphs across sites without a domain still link."""
    leaked = "\n\n" + "\n\n".join(TEMPLATE)
    items = [site_item(i, text(100 + i) + leaked, "news.example.com") for i in range(8)]
    result = deduplicate(items)
    assert result.clusters == 0 and result.duplicates == 0
    anonymous = [item(i, text(100 + i) + leaked) for i in range(8)]
    assert deduplicate(anonymous).clusters == 1


def test_wire_copy_across_sites_clusters_despite_their_templates() -> None:
    """One agency story on three sites, each site also carrying its own template in five
    other articles: the three copies are one cluster, nothing else is."""
    wire = text(7, words=300)
    items, pos = [], 0
    for n, domain in enumerate(("a.example", "b.example", "c.example")):
        template = "\n\n" + "\n\n".join(f"{domain} {line}" for line in TEMPLATE)
        items.append(site_item(pos, f"Intro by {domain} staff.\n\n" + wire + template, domain))
        pos += 1
        for k in range(5):
            items.append(site_item(pos, text(500 + 10 * n + k) + template, domain))
            pos += 1
    result = deduplicate(items, near_threshold=0.99)
    assert result.clusters == 1 and result.clustered_records == 3
    ids = {result.decisions[p].cluster_id for p in (0, 6, 12)}
    assert len(ids) == 1 and None not in ids


def _edited(body: str, seed: int, share: float) -> str:
    """`body` with about `share` of its words replaced."""
    rng = random.Random(seed)
    return "\n\n".join(" ".join(w if rng.random() > share else rng.choice(VOCAB) + "x"
                                for w in para.split()) for para in body.split("\n\n"))


def _decisions(items: list[Item]) -> dict[int, tuple[str | None, str | None, str | None]]:
    return {pos: (d.duplicate_of, d.kind, d.cluster_id)
            for pos, d in deduplicate(items).decisions.items()}


def test_all_pairs_and_the_lsh_index_decide_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """Up to EXACT_PAIRS_MAX records every pair is compared, above that datasketch's LSH
    index gives the candidates: on stories with edited copies at every distance from the
    threshold (Jaccard ~0.3-1.0), both make the same decisions."""
    from cleaner import dedup_config

    items = []
    for story in range(12):
        body = text(100 + story)
        items.append(item(len(items), body, f"2024-01-{story + 1:02d}"))
        for copy, share in enumerate((0.002, 0.01, 0.02, 0.03, 0.05, 0.08, 0.15)):
            items.append(item(len(items), _edited(body, 1000 * story + copy, share)))
    exact = _decisions(items)
    assert sum(kind == "near" for _, kind, _ in exact.values()) >= 24  # near pairs were found
    assert any(kind is None for _, kind, _ in exact.values())  # and distant copies left alone
    monkeypatch.setattr(dedup_config, "EXACT_PAIRS_MAX", 0)  # needs_index reads it there
    assert _decisions(items) == exact


def test_all_pairs_find_what_the_lsh_bands_can_miss(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two signatures equal in 110 of 128 values (estimate 0.86) but with one difference in
    every LSH band: the index never offers the pair, comparing all pairs finds it."""
    from datasketch import MinHashLSH

    from cleaner import dedup, dedup_config

    first = features(text(7))
    lsh = MinHashLSH(threshold=dedup.DEFAULT_NEAR_THRESHOLD - dedup.LSH_MARGIN,
                     num_perm=dedup.NUM_PERM)
    second = Features("other", first.shingles, first.minhash.copy(), first.sample, ())
    for band in range(lsh.b):
        second.minhash[band * lsh.r] ^= np.uint32(1)
    assert float(np.mean(first.minhash == second.minhash)) >= dedup.DEFAULT_NEAR_THRESHOLD
    items = [Item(0, "a", "2024-01-01", first), Item(1, "b", "2024-01-02", second)]
    assert deduplicate(items).decisions[1].kind == "near"
    monkeypatch.setattr(dedup_config, "EXACT_PAIRS_MAX", 0)  # needs_index reads it there
    assert deduplicate(items).decisions[1].kind is None
