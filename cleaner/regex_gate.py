"""A cheap pre-test for the costly kind of line pattern: "^.{0,150}\\b(getty images|...)".

Such a pattern makes the regex engine back off one character at a time from the end of its
`.{0,N}` prefix and try the words at every position: 2-20 µs a line where a pattern that
starts with its words takes 0.3 µs (the [lines] patterns of rules/_generic.toml on the
ScrapingHub pages' lines, 2026-12-02). Every match of such a pattern contains one of a few
literal strings (one of the words); when none of them occurs in the line, the pattern
cannot match and is not run. The test is on case-folded text, with the two folds the regex
engine's case-insensitive matching adds (dotless ı and dotted İ match i): a match under
re.IGNORECASE always leaves its literal in the folded line (checked over every Unicode
character, tests/test_vocab.py), so the gate never changes an answer, only skips work.

A second test, for every pattern anchored at `^`: the characters a match can start with
(`first_chars`, by the same folding; decimal digits as one key, "0"). A line whose first
character is none of them is not tried against the pattern at all: of the ~100 [lines]
patterns, 86 have such a set, and a line meets about a third of them instead of all (27 -> 16
µs a line on the 8,185 short lines of both benchmark sets, same answers; 2026-12-02).
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

__all__ = ["first_chars", "first_key", "fold", "gate_of", "parse"]

# A gate of more strings than this costs about what it saves.
MAX_STRINGS = 16


def fold(text: str) -> str:
    """Case-folded text, with ı and İ folded to i as re.IGNORECASE matches them."""
    return text.casefold().replace("ı", "i").replace("i\u0307", "i")


def parse(pattern: re.Pattern[str]) -> Any:
    """The parse tree `gate_of` and `first_chars` read (parse once, pass it to both: a
    parse costs about what compiling does), or None for a pattern that cannot be read."""
    try:
        return _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - a pattern we cannot read is simply not gated
        return None


def gate_of(pattern: re.Pattern[str], parsed: Any = None) -> frozenset[str] | None:
    """Folded strings one of which every match of `pattern` contains, for a pattern that
    starts with a variable-length run or a lookahead after `^`; None for any other pattern
    (cheap already) or when no such strings can be derived. `parsed`: parse(pattern)."""
    parsed = parsed if parsed is not None else parse(pattern)
    if parsed is None:
        return None
    items = list(parsed.data)
    if not items or items[0] != (sre.AT, sre.AT_BEGINNING):
        return None
    rest = items[1:]
    if not rest or not _backtracks(rest[0]):
        return None
    found = _required(rest)
    if not found or len(found) > MAX_STRINGS or not all(found):
        return None
    return frozenset(fold(s) for s in found)


def _backtracks(item: tuple[Any, Any]) -> bool:
    """A run of any characters (".{0,150}", ".*") or a lookahead, first or first in one of
    the alternatives of a group: where the engine tries the rest of the pattern at many
    positions."""
    op, av = item
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        return list(av[2].data) == [(sre.ANY, None)]
    if op is sre.SUBPATTERN:
        data = list(av[3].data)
        return bool(data) and _backtracks(data[0])
    if op is sre.BRANCH:
        return any(branch.data and _backtracks(branch.data[0]) for branch in av[1])
    return op is sre.ASSERT


def _required(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The most selective set of strings one of which a match of this sequence contains
    (by its shortest string), or None."""
    best: set[str] | None = None
    run: list[str] = []

    def consider(found: set[str] | None) -> None:
        nonlocal best
        if found and all(found) and (best is None or _rank(found) > _rank(best)):
            best = found

    for op, av in items:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            consider({"".join(run)})
            run = []
        if op is sre.SUBPATTERN:
            consider(_required(list(av[3].data)))
        elif op is sre.BRANCH:
            alternatives = [_required(list(branch.data)) for branch in av[1]]
            if all(alternatives):
                consider(set().union(*alternatives))  # type: ignore[arg-type]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
            consider(_required(list(av[2].data)))
        elif op is sre.ASSERT and av[0] == 1:  # a lookahead must match too
            consider(_required(list(av[1].data)))
    if run:
        consider({"".join(run)})
    return best


def _rank(strings: set[str]) -> tuple[int, int]:
    return min(len(s) for s in strings), -len(strings)


# A character class enumerated into first characters when it spans at most this many.
_MAX_CLASS_CHARS = 512


def first_key(text: str) -> str:
    """The key `first_chars` sets are made of, for the first character of a line."""
    key = fold(text[:1])[:1]
    return "0" if key.isdecimal() else key


def first_chars(pattern: re.Pattern[str], parsed: Any = None) -> frozenset[str] | None:
    """The `first_key`s of the lines `pattern` can match, for a pattern anchored at `^`
    that cannot match an empty line; None when any line may match (not anchored, a
    lookahead or a category first, or nothing required). `parsed`: parse(pattern)."""
    parsed = parsed if parsed is not None else parse(pattern)
    if parsed is None:
        return None  # a pattern we cannot read is always tried
    items = list(parsed.data)
    if not items or items[0] != (sre.AT, sre.AT_BEGINNING):
        return None
    found, nullable = _first_of_sequence(items[1:])
    return None if found is None or nullable else frozenset(found)


def _first_of_sequence(items: list[tuple[Any, Any]]) -> tuple[set[str] | None, bool]:
    """(first keys, whether the sequence can match nothing); None keys: unknown."""
    out: set[str] = set()
    for op, av in items:
        found, nullable = _first_of_item(op, av)
        if found is None:
            return None, False
        out |= found
        if not nullable:
            return out, False
    return out, True


def _first_of_item(op: Any, av: Any) -> tuple[set[str] | None, bool]:
    if op is sre.LITERAL:
        return {first_key(chr(av))}, False
    if op is sre.IN:
        return _first_of_class(av), False
    if op is sre.AT:
        return set(), True
    if op is sre.SUBPATTERN:
        return _first_of_sequence(list(av[3].data))
    if op is sre.BRANCH:
        out: set[str] = set()
        nullable = False
        for branch in av[1]:
            found, empty = _first_of_sequence(list(branch.data))
            if found is None:
                return None, False
            out |= found
            nullable = nullable or empty
        return out, nullable
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        found, empty = _first_of_sequence(list(av[2].data))
        return found, empty or av[0] == 0
    return None, False


def _first_of_class(items: list[tuple[Any, Any]]) -> set[str] | None:
    out: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            out.add(first_key(chr(av)))
        elif op is sre.RANGE and av[1] - av[0] < _MAX_CLASS_CHARS:
            out.update(first_key(chr(cp)) for cp in range(av[0], av[1] + 1))
        elif op is sre.CATEGORY and av is sre.CATEGORY_DIGIT:
            out.add("0")
        else:  # a negated class, \w, \s, a wide range: any character
            return None
    return out
