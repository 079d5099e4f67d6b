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
