"""The vocabulary's token matcher answers as the regex alternation it replaced."""

from __future__ import annotations

import random

from cleaner.api import default_rules_dir
from cleaner.vocab import TokenMatcher, _token_regex, load_vocabulary, words_of


def _random_words(rng: random.Random, pieces: list[str]) -> str:
    names = []
    for _ in range(rng.randint(1, 4)):
        parts = [rng.choice(pieces) for _ in range(rng.randint(1, 5))]
        names.append(rng.choice(["-", "_", "--", ""]).join(parts) if len(parts) > 1 else parts[0])
    return words_of(" ".join(names))


def test_token_matcher_equals_regex_on_random_class_strings() -> None:
    vocab = load_vocabulary(default_rules_dir() / "_generic.toml")
    lists = {"a": ["share", "social-share", "ad", "post-body"], "b": ["body", "share-bar-x"],
             "odd": ["x y", "ad_slot"]}
    pieces = ["share", "social", "ad", "post", "body", "bar", "x", "y", "slot", "ads", "", "0"]
    for head in (False, True):
        matcher = TokenMatcher.build(lists, head=head)
        regexes = [_token_regex(tokens, head=head) for tokens in lists.values()]
        rng = random.Random(head)
        for _ in range(3000):
            words = _random_words(rng, pieces)
            expected = {i for i, regex in enumerate(regexes) if regex.search(words)}
            assert matcher.found(words) == expected, (head, words)
    # and the real vocabulary: the first concept as the ordered regex loop found it
    names = list(vocab.drop.names)
    pieces = sorted({p for token in vocab.drop.index for p in token.split("-")}) + ["x", "main"]
    rng = random.Random(7)
    import tomllib

    data = tomllib.loads((default_rules_dir() / "_generic.toml").read_text())
    regexes = [(name, _token_regex(tokens)) for name, tokens in data["drop"].items()]
    for _ in range(3000):
        words = _random_words(rng, pieces)
        first = next((name for name, regex in regexes if regex.search(words)), None)
        assert vocab.concept(words) == first, words
        assert names  # the concept order is the file's


def test_words_of_fast_paths_change_nothing() -> None:
    import re

    camel, dashes = re.compile(r"([a-z0-9])([A-Z])"), re.compile(r"[-_]+")

    def reference(names: str) -> str:
        return " ".join(dashes.sub("-", camel.sub(r"\1-\2", names).lower()).split())

    rng = random.Random(3)
    for _ in range(3000):
        names = "".join(rng.choice("aB9-_ É\tx") for _ in range(rng.randint(0, 20)))
        assert words_of(names) == reference(names), names


def test_namespace_prefixes_are_removed_before_matching() -> None:
    vocab = load_vocabulary(default_rules_dir() / "_generic.toml")
    words = vocab.class_words("elementor-element elementor-element-72b690a7 elementor-widget "
                              "elementor-widget-share-buttons elementor-location-footer")
    assert words.split() == ["72b690a7", "share-buttons", "location-footer"]
    assert vocab.concept(vocab.class_words("elementor-widget-wrap")) is None
    assert vocab.concept(words_of("elementor-widget-wrap")) == "related"  # without: a widget
    assert vocab.concept(vocab.class_words("widget widget_recent_entries")) == "related"


def test_folding_keeps_every_case_insensitive_match() -> None:
    """regex_gate's promise: when re.IGNORECASE matches character c against x, fold(x) is
    fold(c), so a literal's folded form is in every folded line the regex matches. Over
    every Unicode character, by the classes the regex engine uses (same lower(), plus its
    extra case pairs)."""
    import collections
    import re
    from re import _casefix  # type: ignore[attr-defined]

    from cleaner.regex_gate import fold

    groups: dict[int, set[int]] = collections.defaultdict(set)
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        lower = chr(cp).lower()
        groups[ord(lower) if len(lower) == 1 else cp].add(cp)
    for members in list(groups.values()):
        linked = set(members)
        for cp in members:
            for extra in _casefix._EXTRA_CASES.get(cp, ()):
                linked |= groups.get(extra, {extra})
        folds = {fold(chr(cp)) for cp in linked}
        if len(folds) > 1:  # only fine if the regex does not match them to each other
            for c in linked:
                for x in linked:
                    assert fold(chr(c)) == fold(chr(x)) \
                        or not re.fullmatch(re.escape(chr(c)), chr(x), re.IGNORECASE)


def test_gates_of_backtracking_patterns() -> None:
    import re

    from cleaner.regex_gate import gate_of

    def gate(pattern: str) -> frozenset[str] | None:
        return gate_of(re.compile(pattern, re.IGNORECASE))

    assert gate(r"^.{0,150}\b(getty images|shutterstock|istock(photo)?)\.?$") == \
        {"getty images", "shutterstock", "istock"}
    assert gate(r"^(?=.*(error|typo)).{0,150}\bctrl\s*\+\s*enter\b.{0,150}$") == {"enter"}
    assert gate(r"^.{0,40}(Straße|İstanbul)") == {"strasse", "istanbul"}
    assert gate(r"^(share|tweet)$") is None  # starts with its words: cheap already
    assert gate(r"^(.{0,60}\bals pdf herunterladen|download (this|the) .{0,40}\bas (a )?pdf)$") \
        == {"als pdf herunterladen", "download "}  # a run first in one alternative
    assert gate(r"^.{0,100}\w+$") is None  # no literal to require


def test_first_characters_of_anchored_patterns() -> None:
    import re

    from cleaner.regex_gate import first_chars, first_key

    def first(pattern: str) -> frozenset[str] | None:
        return first_chars(re.compile(pattern, re.IGNORECASE))

    assert first(r"^(share|tweet|Straße)\s*$") == {"s", "t"}
    assert first(r"^[=*~ ]*(anzeige|ad)$") == {"=", "*", "~", " ", "a"}  # optional prefix
    assert first(r"^\d{1,3}\s*min$") == {"0"} and first_key("٣ min") == "0"
    assert first(r"^(?-i:[A-C][a-z]+)$") == {"a", "b", "c"}
    assert first(r"^(İstanbul|ǅ)") == {first_key("İ"), first_key("ǅ")}
    assert first(r"^(?=.*x)abc") is None  # a lookahead first
    assert first(r"^.{0,40}getty") is None and first(r"^[^.]{0,9}x") is None
    assert first(r"^(a|)$") is None  # can match an empty line
    assert first(r"(share|tweet)$") is None  # not anchored


def test_gated_line_concepts_equal_the_ungated_ones() -> None:
    """Every [lines] answer with gates and the first-character index equals the answer of
    running every pattern, on the short paragraphs of the ScrapingHub gold texts,
    upper-cased and with i/ı/İ swapped, and on lines that start with odd characters."""
    import json

    vocab = load_vocabulary(default_rules_dir() / "_generic.toml")
    gold = default_rules_dir().parent / "bench" / "data" / "scrapinghub" / "ground-truth.json"
    lines = [para.strip() for page in json.loads(gold.read_text(encoding="utf-8")).values()
             for para in (page.get("articleBody") or "").split("\n") if 0 < len(para) <= 300]
    lines += [line.upper() for line in lines] + [line.replace("i", "ı") for line in lines]
    lines += ["Iezīmējiet tekstu un spiediet Ctrl+Enter, lai nosūtītu kļūdu redaktoram!",
              "Photo: REUTERS/Jane Doe", "Cafe im Bohnenviertel. Foto: Stuttgart Marketing",
              "Sign up for our daily newsletter", "Subscribe to continue reading",
              "٣ min read", "１２ shares", "ſhare", "İmprimer", "ＳＨＡＲＥ", " Share", "",
              "\u200bShare", "== Anzeige ==", "© 2024 Example", "— Advertisement —"]
    assert len(lines) > 5000

    def ungated(text: str) -> str | None:
        return next((name for name, pattern, _ in vocab.lines if pattern.search(text)), None)

    assert sum(1 for _, _, gate in vocab.lines if gate) >= 5
    assert len(vocab.lines) - len(vocab.lines_any_first) >= 50  # most patterns are indexed
    assert [vocab.line_concept(line) for line in lines] == [ungated(line) for line in lines]
