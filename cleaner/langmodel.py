"""langdetect's model and detection algorithm, run without its per-character Python calls.

langdetect 1.0.9 (the record's `language_model`) is kept for everything it knows: its
profiles (`langprofiles`), its character normalisation (NGram.normalize, normalize_vi), its
URL and e-mail patterns, its constants. What this module does instead of its Detector is
the bookkeeping around them, in bulk: Detector.append copies the text a character at a
time, cleaning_text classifies each character, _extract_ngrams makes three method calls per
character, and each of a trial's ~60 updates walks the 55 languages with an index loop.
Here a regex collapses the spaces and counts the scripts, str.translate normalises the
characters (a table filled on first sight of each character), one pass picks the n-grams,
and an update is one list comprehension. The arithmetic is langdetect's, operation for
operation, and so are the seeded random draws (gauss for the smoothing, choice for the
n-gram), so the probabilities are langdetect's to the last bit
(tests/test_language_urls.py compares them with langdetect's own Detector on the benchmark
texts). 0.66 -> 0.2 ms for a 200-character sample (bench/speed.py stage "language",
2026-12-02).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Any

from langdetect.detector import Detector
from langdetect.utils.ngram import NGram

__all__ = ["LazyRows", "Model", "load_model"]

# langdetect's constants (Detector): smoothing, convergence, iteration cap, threshold of
# the ranked list.
_ALPHA = Detector.ALPHA_DEFAULT
_ALPHA_WIDTH = Detector.ALPHA_WIDTH
_BASE_FREQ = Detector.BASE_FREQ
_CONVERGED = Detector.CONV_THRESHOLD
_ITERATION_LIMIT = Detector.ITERATION_LIMIT
_RANKED = Detector.PROB_THRESHOLD

_SPACES = re.compile(" {2,}")
# cleaning_text: 'A'..'z' counts as Latin; a character from U+0300 on, outside Latin
# Extended Additional (U+1E00-U+1EFF, Vietnamese), as another script.
_LATIN = re.compile("[A-z]")
_NON_LATIN = re.compile("[^\x00-\u02ff\u1e00-\u1eff]")


class LazyRows(dict):  # type: ignore[type-arg]
    """n-gram -> per-language probabilities, as langdetect's DetectorFactory.add_profile
    computes them, built on first lookup.

    langdetect's `load_profile` builds, for each of its ~88,000 n-grams, a list of 55
    probabilities up front: 0.20 s per worker, more than a hundred pages' worth of our
    extraction. A detection only looks up the few hundred n-grams of its sample, so a row is
    computed on first lookup, with langdetect's formula, from the same profile files read in
    the same order (`langprofiles`, read once per fork server)."""

    def __init__(self, profiles: list[tuple[dict[str, int], list[int]]],
                 known: frozenset[str]) -> None:
        super().__init__()
        self._profiles = profiles
        self._known = known

    def __contains__(self, word: object) -> bool:
        return word in self._known

    def __missing__(self, word: str) -> list[float]:
        if word not in self._known:
            raise KeyError(word)
        length = len(word)
        if 1 <= length <= 3:
            row = [1.0 * freq[word] / n_words[length - 1] if word in freq else 0.0
                   for freq, n_words in self._profiles]
        else:
            row = [0.0] * len(self._profiles)
        self[word] = row
        return row


class _Normalized(dict):  # type: ignore[type-arg]
    """A str.translate table of NGram.normalize, filled on first sight of a character."""

    def __missing__(self, code: int) -> str:
        value: str = NGram.normalize(chr(code))
        self[code] = value
        return value


@dataclass(slots=True)
class Model:
    """langdetect's languages and n-gram probabilities, and its detection."""

    langs: list[str]
    rows: LazyRows
    known: frozenset[str]
    seed: int = 0
    _normalized: _Normalized = field(default_factory=_Normalized, repr=False)

    def top(self, text: str, max_chars: int, trials: int) -> tuple[str, float] | None:
        """The most probable language and its probability, as langdetect's
        get_probabilities()[0] gives them; None when it would raise or rank nothing."""
        probs = self.probabilities(text, max_chars, trials)
        if probs is None:
            return None
        best = max(range(len(probs)), key=probs.__getitem__)  # first of equals, as sorted()
        return (self.langs[best], probs[best]) if probs[best] > _RANKED else None

    def probabilities(self, text: str, max_chars: int, trials: int) -> list[float] | None:
        """Per-language probabilities (langdetect's Detector.langprob) of the text's first
        max_chars characters over `trials` seeded trials; None when no n-gram is known."""
        ngrams = self.ngrams(self.cleaned(text, max_chars))
        if not ngrams:
            return None
        return self._trials(ngrams, trials)

    @staticmethod
    def cleaned(text: str, max_chars: int) -> str:
        """Detector.append then cleaning_text: URLs and e-mail addresses out, Vietnamese
        diacritics composed, cut to max_chars, runs of spaces made one; Latin letters
        dropped from a text mostly in another script."""
        text = Detector.URL_RE.sub(" ", text)
        text = Detector.MAIL_RE.sub(" ", text)
        text = _SPACES.sub(" ", NGram.normalize_vi(text)[:max_chars])
        if len(_LATIN.findall(text)) * 2 < len(_NON_LATIN.findall(text)):
            text = _LATIN.sub("", text)
        return text

    def ngrams(self, text: str) -> list[str]:
        """The known 1-, 2- and 3-grams of the normalised text, in the order langdetect's
        NGram buffer yields them. Its rules, restated on the text with one space in front:
        a space ends a word (a second one yields nothing); a position's grams are its
        character, the two and the three characters ending there, never with a space in
        the middle; a position whose character and the one before are both capitals
        yields nothing (an acronym)."""
        padded = _SPACES.sub(" ", " " + text.translate(self._normalized))
        known = self.known
        out: list[str] = []
        add = out.append
        prev = " "
        for i in range(1, len(padded)):
            char = padded[i]
            if char.isupper() and prev.isupper():
                prev = char
                continue
            if char != " " and char in known:
                add(char)
            pair = prev + char
            if pair in known:
                add(pair)
            if prev != " ":  # a space is never doubled here, so one after a word has a triple
                triple = padded[i - 2:i + 1]
                if triple in known:
                    add(triple)
            prev = char
        return out

    def _trials(self, ngrams: list[str], trials: int) -> list[float]:
        """Detector._detect_block: per trial, a smoothing drawn from a Gaussian, then
        random n-grams multiply the probabilities until one language passes the
        convergence threshold (checked every fifth update) or the iteration cap."""
        rows = self.rows
        count = len(self.langs)
        rng = random.Random(self.seed)
        choose = rng.choice
        total = [0.0] * count
        for _ in range(trials):
            prob = [1.0 / count] * count
            weight = (_ALPHA + rng.gauss(0.0, 1.0) * _ALPHA_WIDTH) / _BASE_FREQ
            i = 0
            while True:
                prob = [p * (weight + r) for p, r in zip(prob, rows[choose(ngrams)])]
                if i % 5 == 0:
                    norm = sum(prob)
                    prob = [p / norm for p in prob]
                    if max(prob) > _CONVERGED or i >= _ITERATION_LIMIT:
                        break
                i += 1
            total = [t + p / trials for t, p in zip(total, prob)]
        return total


def load_model(seed: int = 0) -> Model:
    """langdetect's profiles as a Model (read once per fork server, see langprofiles)."""
    from cleaner.langprofiles import NGRAMS, PROFILES

    rows = LazyRows([(freq, n_words) for _, freq, n_words in PROFILES], NGRAMS)
    return Model(langs=[name for name, _, _ in PROFILES], rows=rows, known=NGRAMS, seed=seed)


def langdetect_factory(model: Model) -> Any:
    """A langdetect DetectorFactory over the model's rows: langdetect's own Detector on the
    same numbers, for the tests that hold this module to it."""
    from langdetect.detector_factory import DetectorFactory

    factory = DetectorFactory()
    factory.langlist.extend(model.langs)
    factory.word_lang_prob_map = model.rows
    factory.seed = model.seed
    return factory
