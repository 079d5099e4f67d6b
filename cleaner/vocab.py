"""The generic vocabulary (rules/_generic.toml), compiled once: concept -> class/id word
matcher, tag and role lists, and boilerplate line patterns."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.errors import RuleError
from cleaner.regex_gate import first_chars, first_key, fold, gate_of, parse
from cleaner.regex_safety import check_regex

_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_DASHES = re.compile(r"[-_]+")  # BEM's "__" and "--" are one word boundary


def words_of(class_and_id: str) -> str:
    """Normalise a class/id string to lower-case words joined by '-', camelCase split, with
    ' ' between class names: 'articleBody share_bar' -> 'article-body share-bar'."""
    lower = class_and_id.lower()
    text = lower if lower == class_and_id else _CAMEL.sub(r"\1-\2", class_and_id).lower()
    if "_" in text or "--" in text:
        text = _DASHES.sub("-", text)
    return " ".join(text.split())


# eq=False: identity hashing. The vocabulary keys the memoised class lookups of generic.py,
# and a field-wise hash rehashed every pattern on each call (0.43 s over the 181 benchmark
# pages, a quarter of the extraction time; cProfile 2026-12-01).
@dataclass(frozen=True, slots=True, eq=False)
class Vocabulary:
    drop: TokenMatcher  # one token list per boilerplate concept, over words_of()
    keep: TokenMatcher
    body: TokenMatcher
    drop_tags: frozenset[str]
    drop_roles: frozenset[str]
    # (concept, pattern, gate): regex_gate.gate_of(pattern), or None
    lines: tuple[tuple[str, re.Pattern[str], frozenset[str] | None], ...]
    sha256: str
    short_concepts: frozenset[str] = frozenset()  # [drop_guard]: see rules/_generic.toml
    never_wrappers: frozenset[str] = frozenset({"consent"})  # [wrappers]: the same
    never_wrappers_in_body: frozenset[str] = frozenset({"consent"})
    guard_prose_chars: int = 0
    guard_max_density: float = 0.0
    section_concepts: frozenset[str] = frozenset()  # [drop_guard] sections
    min_words: int = 0  # [quality]: see rules/_generic.toml
    max_link_share: float = 1.0
    error_max_words: int = 0
    error_titles: re.Pattern[str] | None = None
    consent_max_words: int = 0
    consent_words: re.Pattern[str] | None = None
    truncation: re.Pattern[str] | None = None
    meta_byline: re.Pattern[str] | None = None  # a byline part of a furniture line
    meta_date: re.Pattern[str] | None = None  # a date or time in a part of one
    namespaces: tuple[str, ...] = ()  # [namespaces] prefixes, longest first
    # first_key of a line -> the [lines] patterns (positions, in order) it may match; lines
    # whose key is not in the table meet only the patterns without a first-character set
    # (regex_gate.first_chars).
    lines_by_first: dict[str, tuple[int, ...]] = field(default_factory=dict)
    lines_any_first: tuple[int, ...] = ()
    figure: TokenMatcher | None = None  # [figures]: class words of an image block
    figure_max_chars: int = 0

    def class_words(self, names: str) -> str:
        """words_of(names) without the [namespaces] prefixes: what the [drop] and [keep]
        tokens are matched against ('elementor-widget-share-buttons' -> 'share-buttons')."""
        words = words_of(names)
        if not self.namespaces:
            return words
        return " ".join(_without_namespace(name, self.namespaces) for name in words.split())

    def concept(self, words: str) -> str | None:
        """The first boilerplate concept whose token occurs in these class/id words."""
        found = self.drop.found(words)
        return self.drop.names[min(found)] if found else None

    def concepts(self, words: str) -> frozenset[str]:
        """Every boilerplate concept whose token occurs in these class/id words."""
        return frozenset(self.drop.names[i] for i in self.drop.found(words))

    def line_concept(self, text: str) -> str | None:
        """The concept of the first [lines] pattern that matches. Only the patterns that can
        start with the line's first character are tried, and a gated one only when one of
        its strings is in the folded line (regex_gate: same answers)."""
        folded = None
        lines = self.lines
        for position in self.lines_by_first.get(first_key(text), self.lines_any_first):
            name, pattern, gate = lines[position]
            if gate is not None:
                if folded is None:
                    folded = fold(text)
                if not any(map(folded.__contains__, gate)):  # in C, no generator frames
                    continue
            if pattern.search(text):
                return name
        return None


def _first_index(firsts: list[frozenset[str] | None]
                 ) -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """Vocabulary.lines_by_first and lines_any_first for patterns with these first keys."""
    keys = set().union(*(f for f in firsts if f is not None))
    table = {key: tuple(i for i, f in enumerate(firsts) if f is None or key in f) for key in keys}
    return table, tuple(i for i, f in enumerate(firsts) if f is None)


def _without_namespace(name: str, namespaces: tuple[str, ...]) -> str:
    for prefix in namespaces:
        if name == prefix:
            return ""
        if name.startswith(prefix) and name[len(prefix)] == "-":
            return name[len(prefix) + 1:]
    return name


_PLAIN_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True, slots=True, eq=False)
class TokenMatcher:
    """Which of several token lists occur in class/id words (words_of() output). A token
    matches whole '-'-separated words of one class name ("share" in "post-share-bar", not
    in "shared"); with `head`, it must end its class name (the head noun of a compound
    name: "post-body" in "post-body", not in "post-body-bio").

    Tokens are looked up by the runs of words of each class name: a few set lookups where a
    regex alternation per list tried every position of the string, 14 times per class
    string (0.6 ms a page of classes never seen before, which on a corpus of many sites is
    most of them; py-spy, 2026-12-01). A token that is not plain lower-case words and
    dashes is searched with the regex it always was."""

    names: tuple[str, ...]
    index: dict[str, tuple[int, ...]]  # token -> the lists (by position) that hold it
    max_parts: int
    head: bool
    fallback: tuple[tuple[int, re.Pattern[str]], ...]
    parts: frozenset[str] = frozenset()  # every '-'-separated word of any token

    @classmethod
    def build(cls, lists: dict[str, list[str]], *, head: bool = False) -> TokenMatcher:
        index: dict[str, list[int]] = {}
        fallback = []
        for position, tokens in enumerate(lists.values()):
            odd = [t for t in tokens if not _PLAIN_TOKEN.fullmatch(t)]
            for token in tokens:
                if token not in odd:
                    index.setdefault(token, []).append(position)
            if odd:
                fallback.append((position, _token_regex(odd, head=head)))
        max_parts = max((t.count("-") + 1 for t in index), default=0)
        return cls(tuple(lists), {t: tuple(sorted(set(p))) for t, p in index.items()},
                   max_parts, head, tuple(fallback),
                   frozenset(part for t in index for part in t.split("-")))

    def found(self, words: str) -> set[int]:
        """The positions of the lists with a token in `words`."""
        hits: set[int] = set()
        index, max_parts, token_parts = self.index, self.max_parts, self.parts
        for name in words.split():
            if "-" not in name:  # one word: the only run there is
                lists = index.get(name)
                if lists:
                    hits.update(lists)
                continue
            parts = name.split("-")
            count = len(parts)
            # A run holds a token only if every word of it is a word of some token: most
            # class names ("col-md-6", "css-1x2y3z") have none, and cost a set lookup a
            # word instead of a join and a lookup per run (first pages of a site, whose
            # class strings are not memoised yet: 0.1 ms a page; 2026-12-02).
            known = [part in token_parts for part in parts]
            if not any(known):
                continue
            # With `head`, only the runs that end the name; else every run.
            for start in range(count - min(max_parts, count) if self.head else 0, count):
                for size in range(1, min(max_parts, count - start) + 1):
                    if not known[start + size - 1]:
                        break  # every longer run from `start` holds this word too
                    if self.head and start + size != count:
                        continue
                    lists = index.get("-".join(parts[start:start + size]) if size > 1
                                      else parts[start])
                    if lists:
                        hits.update(lists)
        for position, regex in self.fallback:
            if position not in hits and regex.search(words):
                hits.add(position)
        return hits

    def search(self, words: str) -> bool:
        """Whether a token of any list occurs in `words`."""
        return bool(self.found(words))


def _token_regex(tokens: list[str], *, head: bool = False) -> re.Pattern[str]:
    """The regex form of a token list: boundaries are start, end, '-' or ' ' (with `head`,
    the token must end its class name)."""
    alternatives = "|".join(sorted((re.escape(t) for t in tokens), key=len, reverse=True))
    end = r"(?=$|\s)" if head else r"(?=$|[\s-])"
    return re.compile(rf"(?:^|[\s-])(?:{alternatives}){end}")


def _any_of(patterns: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern matching where any of these does, or None."""
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _alternation(words: list[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


def _byline_part(words: list[str]) -> re.Pattern[str] | None:
    """'By Jane Doe', 'Par Martin Untersinger (avec …)': a byline word, then a name (group
    1 is its first letter, which the caller requires to be a capital)."""
    if not words:
        return None
    return re.compile(rf"^(?:{_alternation(words)})\s*:?\s+(\w)", re.IGNORECASE)


def _date_part(months: list[str]) -> re.Pattern[str]:
    """A numeric date, an ISO date, a day-month-year or month-day-year with a month name,
    or a clock time (13:36, 13h36)."""
    numeric = r"\b\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})\b|\b\d{4}-\d{2}-\d{2}\b"
    clock = r"\b\d{1,2}(?::|h)\d{2}\b"
    if not months:
        return re.compile(f"{numeric}|{clock}")
    names = _alternation(months)
    named = (rf"\b\d{{1,2}}\.?\s+(?:{names})\.?,?\s+\d{{4}}\b"
             rf"|\b(?:{names})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
             rf"|\b\d{{1,2}}\s+(?:de|del)\s+(?:{names})\s+(?:de|del)\s+\d{{4}}\b")
    return re.compile(f"{numeric}|{named}|{clock}", re.IGNORECASE)


def load_vocabulary(path: Path) -> Vocabulary:
    import hashlib

    raw = path.read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RuleError(str(path), f"not valid TOML: {exc}") from exc
    try:
        drop = TokenMatcher.build(data["drop"])
        keep = TokenMatcher.build({"keep": [t for tokens in data["keep"].values() for t in tokens]})
        # A body word protects an element only as the head of a class name: "post-body-bio"
        # is a bio inside the body (the Washington Post's author bio), "entry-content" the
        # body itself.
        body = TokenMatcher.build({"body": data["keep"]["body"]}, head=True)
        lines = []
        firsts: list[frozenset[str] | None] = []  # regex_gate.first_chars of each pattern
        for name, patterns in data["lines"].items():
            for pattern in patterns:
                try:
                    compiled = re.compile(pattern, re.IGNORECASE)
                except re.error as exc:
                    raise RuleError(str(path), f"lines.{name}: {pattern!r}: does not "
                                               f"compile: {exc}") from exc
                tree = parse(compiled)  # once, for the safety check, gate and index
                problem = check_regex(pattern, tree)
                if problem:
                    raise RuleError(str(path), f"lines.{name}: {pattern!r}: {problem}")
                lines.append((name, compiled, gate_of(compiled, tree)))
                firsts.append(first_chars(compiled, tree))
        quality = data.get("quality", {})
        error_titles = list(quality.get("error_titles", []))
        consent_words = list(quality.get("consent_words", []))
        truncation = list(quality.get("truncation_lines", []))
        for key, patterns in (("error_titles", error_titles), ("consent_words", consent_words),
                              ("truncation_lines", truncation)):
            for pattern in patterns:
                problem = check_regex(pattern)
                if problem:
                    raise RuleError(str(path), f"quality.{key}: {pattern!r}: {problem}")
        meta = data.get("meta_lines", {})
        guard = data.get("drop_guard", {})
        wrappers = data.get("wrappers", {})
        for key, concepts in (("drop_guard.short", guard.get("short", [])),
                              ("drop_guard.sections", guard.get("sections", [])),
                              ("wrappers.never", wrappers.get("never", [])),
                              ("wrappers.never_in_body", wrappers.get("never_in_body", []))):
            unknown = sorted(set(concepts) - set(data["drop"]))
            if unknown:
                raise RuleError(str(path), f"{key}: not a [drop] concept: {', '.join(unknown)}")
        by_first, any_first = _first_index(firsts)
        figures = data.get("figures", {})
        return Vocabulary(drop=drop, keep=keep, body=body,
                          drop_tags=frozenset(data["tags"]["drop"]),
                          drop_roles=frozenset(data["tags"]["roles"]),
                          lines=tuple(lines), sha256=hashlib.sha256(raw).hexdigest(),
                          short_concepts=frozenset(guard.get("short", [])),
                          never_wrappers=frozenset(wrappers.get("never", ["consent"])),
                          never_wrappers_in_body=frozenset(
                              wrappers.get("never_in_body", ["consent"])),
                          guard_prose_chars=int(guard.get("prose_chars", 0)),
                          guard_max_density=float(guard.get("max_density", 0.0)),
                          section_concepts=frozenset(guard.get("sections", [])),
                          min_words=int(quality.get("min_words", 0)),
                          max_link_share=float(quality.get("max_link_share", 1.0)),
                          error_max_words=int(quality.get("error_max_words", 0)),
                          error_titles=_any_of(error_titles),
                          consent_max_words=int(quality.get("consent_max_words", 0)),
                          consent_words=_any_of(consent_words),
                          truncation=_any_of(truncation),
                          meta_byline=_byline_part(meta.get("byline_words", [])),
                          meta_date=_date_part(meta.get("months", [])),
                          namespaces=tuple(sorted(
                              (words_of(p) for p in data.get("namespaces", {}).get("prefixes", [])),
                              key=len, reverse=True)),
                          lines_by_first=by_first, lines_any_first=any_first,
                          figure=TokenMatcher.build({"figure": figures["words"]})
                          if figures.get("words") else None,
                          figure_max_chars=int(figures.get("max_chars", 0)))
    except (KeyError, TypeError, AttributeError) as exc:
        raise RuleError(str(path), f"missing or malformed section: {exc}") from exc
    except re.error as exc:
        raise RuleError(str(path), f"bad regex: {exc}") from exc
