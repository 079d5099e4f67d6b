"""The text-quality scorer (ScrapingHub benchmark metric), on hand-computed cases."""

from __future__ import annotations

import filecmp
import gzip
from pathlib import Path

import pytest

from cleaner.evaluation.text import (
    diff_page,
    load_gold_set,
    load_pairs,
    load_scrapinghub,
    score_pages,
    shingles,
    tokenize,
    tp_fp_fn,
)

REPO = Path(__file__).resolve().parents[1]
VENDORED = REPO / "bench" / "data" / "scrapinghub"


def one(gold: str, pred: str):
    s = score_pages({"p": pred}, {"p": gold})
    return s, s.pages["p"]


def test_tokens_keep_case_and_drop_punctuation():
    assert tokenize("Hello, world! Café-Zürich's 2024") == [
        "Hello",
        "world",
        "Café",
        "Zürich",
        "s",
        "2024",
    ]
    assert tokenize(None) == []


def test_shingles_short_texts_give_one_whole_tuple():
    assert shingles([]) == []
    assert shingles(["a"]) == [("a",)]
    assert shingles(["a", "b", "c"]) == [("a", "b", "c")]
    assert shingles(list("abcde")) == [tuple("abcd"), tuple("bcde")]


def test_identical_texts_are_perfect_despite_whitespace_and_punctuation():
    s, p = one("Hello world. How are you today?", "Hello  world\n\nHow are you today")
    assert (s.f1, s.precision, s.recall, s.accuracy) == (1.0, 1.0, 1.0, 1.0)
    assert p.exact


def test_case_is_significant():
    # gold shingles: The-cat-sat-on, cat-sat-on-the, sat-on-the-mat; pred replaces the first
    # with the-cat-sat-on: tp 2, fp 1, fn 1 -> P = R = 2/3
    s, p = one("The cat sat on the mat", "the cat sat on the mat")
    assert p.precision == pytest.approx(2 / 3)
    assert p.recall == pytest.approx(2 / 3)
    assert s.accuracy == 0.0
    assert tp_fp_fn("The cat sat on the mat", "the cat sat on the mat") == pytest.approx(
        (0.5, 0.25, 0.25)
    )


def test_extra_text_costs_precision_only():
    # gold a b c d e: abcd bcde; pred adds x y: + cdex dexy -> tp 2, fp 2, fn 0
    s, p = one("a b c d e", "a b c d e x y")
    assert (p.precision, p.recall) == (0.5, 1.0)
    assert s.f1 == pytest.approx(2 * 0.5 / 1.5)


def test_a_paragraph_emitted_twice_is_counted_on_multisets():
    # pred shingles abcd bcda cdab dabc abcd: abcd matched once, 4 false positives
    _, p = one("a b c d", "a b c d a b c d")
    assert p.precision == pytest.approx(1 / 5)
    assert p.recall == 1.0


def test_words_glued_across_tags_are_penalised():
    # pred tokens one twothree four five -> one shingle, none in gold (2 shingles)
    _, p = one("one two three four five", "one twothree four five")
    assert (p.precision, p.recall) == (0.0, 0.0)


def test_short_texts():
    _, p = one("Hello world", "Hello world")
    assert (p.precision, p.recall) == (1.0, 1.0)
    _, p = one("Hello world", "Hello")
    assert (p.precision, p.recall) == (0.0, 0.0)


def test_f1_is_harmonic_mean_of_page_averages_not_mean_of_page_f1():
    gold = {"a": "a b c d e f g", "b": "p q r s"}
    pred = {"a": "a b c d e", "b": "p q r s t u v"}
    s = score_pages(pred, gold)
    # page a: tp 2 fn 2 -> P 1, R .5 ; page b: tp 1 fp 3 -> P .25, R 1
    assert s.pages["a"].precision == 1.0 and s.pages["a"].recall == 0.5
    assert s.pages["b"].precision == 0.25 and s.pages["b"].recall == 1.0
    assert s.precision == pytest.approx(0.625)
    assert s.recall == pytest.approx(0.75)
    assert s.f1 == pytest.approx(2 * 0.625 * 0.75 / 1.375)  # 0.6818, not 0.5333


def test_empty_prediction_is_left_out_of_precision_and_scores_recall_zero():
    gold = {"a": "one two three four", "b": "five six seven eight"}
    s = score_pages({"a": "one two three four", "b": ""}, gold)
    assert s.pages["b"].precision is None and s.pages["b"].recall == 0.0
    assert s.precision == 1.0
    assert s.recall == 0.5
    assert s.f1 == pytest.approx(2 / 3)
    assert s.n_empty_pred == 1
    # a missing id counts as an empty prediction
    assert score_pages({"a": "one two three four"}, gold).recall == 0.5


def test_empty_gold():
    gold = {"a": "one two three four", "e": ""}
    s = score_pages({"a": "one two three four", "e": "junk words here"}, gold)
    assert s.pages["e"].precision == 0.0 and s.pages["e"].recall is None
    assert (s.precision, s.recall) == (0.5, 1.0)
    # both empty: out of both averages, but an exact match
    s = score_pages({"a": "one two three four", "e": ""}, gold)
    assert (s.precision, s.recall, s.accuracy) == (1.0, 1.0, 1.0)
    assert s.pages["e"].f1 == 1.0


def test_all_predictions_empty_scores_zero_instead_of_crashing():
    s = score_pages({"a": "", "b": ""}, {"a": "x y z w", "b": "u v"})
    assert (s.f1, s.precision, s.recall, s.accuracy) == (0.0, 0.0, 0.0, 0.0)


def test_unknown_predicted_id_is_an_error():
    with pytest.raises(ValueError):
        score_pages({"a": "x", "zzz": "y"}, {"a": "x"})


def test_accuracy_is_share_of_exact_token_sequences():
    gold = {"a": "A b c", "b": "d e f", "c": "g h i", "d": "j k l"}
    pred = {"a": "A, b; c.", "b": "d e", "c": "g h i", "d": "J k l"}
    assert score_pages(pred, gold).accuracy == 0.5


def test_diff_page_finds_leaks_losses_and_duplicates():
    gold = (
        "The mayor opened the new bridge on Monday morning.\n\n"
        "Traffic is expected to ease within a month, officials said."
    )
    pred = (
        "Subscribe to our newsletter for daily updates\n\n"
        "The mayor opened the new bridge on Monday morning.\n\n"
        "The mayor opened the new bridge on Monday morning."
    )
    d = diff_page(pred, gold)
    assert [p for p, _ in d.leaked] == ["Subscribe to our newsletter for daily updates"]
    assert [p for p, _ in d.lost] == ["Traffic is expected to ease within a month, officials said."]
    assert d.duplicated == ["The mayor opened the new bridge on Monday morning."]


def test_load_pairs_both_layouts(tmp_path: Path):
    (tmp_path / "one.html").write_bytes(b"<p>Un</p>")
    (tmp_path / "one.txt").write_text("Un", encoding="utf-8")
    (tmp_path / "one.url").write_text("https://example.org/one\n", encoding="utf-8")
    (tmp_path / "orphan.html").write_bytes(b"<p>no text</p>")
    (tmp_path / "two").mkdir()
    (tmp_path / "two" / "source.html").write_bytes(b"<p>Deux</p>")
    (tmp_path / "two" / "expected.txt").write_text("Deux", encoding="utf-8")
    (tmp_path / "three").mkdir()  # expected.html only: not a text pair
    (tmp_path / "three" / "source.html").write_bytes(b"<p>x</p>")
    pages = load_pairs(tmp_path)
    assert sorted(pages) == ["one", "two"]
    assert pages["one"].url == "https://example.org/one" and pages["one"].gold == "Un"
    assert pages["two"].html == b"<p>Deux</p>" and pages["two"].url is None
    assert load_gold_set(tmp_path)[0] == "pairs"


def test_vendored_scrapinghub_set_loads():
    layout, pages = load_gold_set(VENDORED)
    assert layout == "scrapinghub" and len(pages) == 181
    page = next(iter(pages.values()))
    assert page.url.startswith("http") and page.gold and page.html.lstrip()[:1] == b"<"
    assert load_scrapinghub(VENDORED).keys() == pages.keys()


def test_vendored_copy_is_byte_identical_to_shared():
    shared = REPO.parent / "shared" / "benchmarks" / "scrapinghub"
    if not shared.is_dir():
        pytest.skip(f"{shared} not present")
    names = ["LICENSE", "ground-truth.json"] + [
        f"html/{p.name}" for p in sorted((shared / "html").glob("*.html.gz"))
    ]
    match, mismatch, errors = filecmp.cmpfiles(shared, VENDORED, names, shallow=False)
    assert not mismatch and not errors and len(match) == len(names)
    assert len(list((VENDORED / "html").glob("*.html.gz"))) == len(names) - 2
    gzip.decompress((VENDORED / "html" / names[-1].split("/")[1]).read_bytes()).decode("utf-8")


def test_repeats_that_the_gold_also_has_are_not_duplicates():
    gold = "Step one\n\nEat well\n\nStep two\n\nEat well"
    d = diff_page("Step one\n\nEat well\n\nStep two\n\nEat well", gold)
    assert d.duplicated == [] and d.leaked == [] and d.lost == []
    d = diff_page("Step one\n\nEat well\n\nEat well\n\nStep two\n\nEat well", gold)
    assert d.duplicated == ["Eat well"]
