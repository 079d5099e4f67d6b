"""Refuse regexes from rule files that can backtrack catastrophically.

A static check, not a timer: a rule regex runs on every paragraph of every page of a site,
so a pattern that *can* go exponential is refused at load. The check walks Python's own
parse of the pattern and flags the two shapes that cause exponential backtracking in a
backtracking engine:

- nested quantifiers: a repeated group whose body holds an unbounded quantifier that can
  hand characters to the next round of the group, so one string splits in exponentially many
  ways: `(a+)+`, `(\\w+\\s?)*`, `(.+\\.)+`. A body whose repeat is always cut by a character
  it cannot match is safe and allowed: `(?:\\s+\\w+)+`, `([a-z]+\\.)+` (each round must end at
  a separator, so there is one way to split);
- a repeated group whose body can match nothing: `(a?){30}a{30}`, `(\\s?x?)+`: each round
  may take a character or not, so a failing match tries every subset of rounds;
- overlapping alternation: a repeated group with alternatives that can start with the same
  character, or one that can match nothing: `(x|xy|y)*`, `(a|ab)*`, `(a|aa)*` (Python's parser
  rewrites the last two as `a(?:|b)`, an empty alternative). Alternatives of single characters
  are merged into one character set by the parser, so `(a|b)*` and `(\\w|\\d)+` are fine.

"Unbounded" is a maximum above `BOUNDED_MAX`: a small fixed repeat count keeps the work
polynomial in the (short) length of a paragraph.
"""

from __future__ import annotations

import re
import string
from typing import Any

try:  # Python 3.11 ships the parser as re._parser; older ones as sre_parse
    from re import _compiler as _compile  # type: ignore[attr-defined]
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_compile as _compile  # type: ignore[no-redef]
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

_POSSESSIVE = getattr(C, "POSSESSIVE_REPEAT", None)  # Python 3.11+: never backtracks
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT}
# A repeat with at most this many rounds counts as bounded (`\d{1,4}`, `(?:\s+\w+){1,3}`):
# nesting under it costs at most n^10 on paths that are already cut by anchors in practice;
# above it (`{0,100}`) it behaves like `*`.
BOUNDED_MAX = 10
# Characters tried against two character sets to see whether they overlap: ASCII plus
# letters, digits and spaces of other scripts, so \w, \d, \s and ranges are probed fairly.
_PROBES = string.printable + "\u00a0\u2009\u3000éßçñøłšžάβπжяאب中日한٣०\u200b—–«»“”‘’…"

_HINT = " (safe rewrites: docs/rules.md, drop_lines)"
NESTED = "nested quantifiers (like (a+)+) can backtrack exponentially" + _HINT
OVERLAP = "a repeated alternation whose alternatives overlap (like (a|ab)* or (x|xy|y)*)" + _HINT

EMPTY_ROUND = ("a repeated group that can match nothing (like (a?){30} or (x*)+) can "
               "backtrack exponentially" + _HINT)

_Item = tuple[Any, Any]  # one (opcode, argument) node of the parse tree


def check_regex(pattern: str, tree: Any = None) -> str | None:
    """None when the pattern is safe, else a sentence saying what is wrong. `tree`: the
    pattern's parse tree when the caller has one (re's parser; a parse costs about what a
    compile does, and vocabulary loading parses each pattern once for this and its gate)."""
    if tree is None:
        try:
            tree = P.parse(pattern)
        except re.error as exc:
            return f"does not compile: {exc}"
    return _Checker(tree.state).walk(list(tree))


class _Checker:
    def __init__(self, state: object) -> None:
        self.state = state

    def walk(self, items: list[_Item]) -> str | None:
        for op, arg in items:
            for sub in _children(op, arg):
                problem = self.walk(sub)
                if problem:
                    return problem
            if op in _REPEATS and _unbounded(arg[1]):
                problem = self.repeated_body(list(arg[2]))
                if problem:
                    return problem
        return None

    def repeated_body(self, body: list[_Item]) -> str | None:
        """Problems of a body that the engine may run many rounds of in a row."""
        flat = _flatten(body)
        if _nullable(flat):
            return EMPTY_ROUND  # (a?){30}: every round may match a or nothing
        loop_first = self.first(flat)
        for index, (op, arg) in enumerate(flat):
            if op == C.BRANCH:
                if self.branches_overlap(arg[1]):
                    return OVERLAP
                if any(_contains_unbounded(b) for b in arg[1]):
                    return NESTED
            elif op in _REPEATS and _unbounded(arg[1]):
                inner = list(arg[2])
                if len(inner) != 1 or not _is_char(inner[0]):
                    return NESTED  # a repeated group inside a repeated group
                follow = self.first(flat[index + 1:])
                if follow is _ANY or _nullable(flat[index + 1:]):
                    follow = _union(follow, loop_first)
                if self.overlap([inner[0]], follow):
                    return NESTED
            elif op in _REPEATS and _contains_unbounded(list(arg[2])):
                return NESTED  # e.g. (?:(a+)?)+
        return None

    def branches_overlap(self, branches: list[list[_Item]]) -> bool:
        firsts = []
        for branch in branches:
            flat = _flatten(list(branch))
            if _nullable(flat):
                return True  # an alternative that can match nothing: (a|) or (a|ab)
            firsts.append(self.first(flat))
        return any(self.overlap(a, b) for i, a in enumerate(firsts) for b in firsts[i + 1:])

    def first(self, flat: list[_Item]) -> list[_Item] | object:
        """The atoms one of which the first character of a match of `flat` must match
        (_ANY when unknown). Nullable leading items add the next item's atoms."""
        atoms: list[_Item] = []
        for op, arg in flat:
            if op == C.AT:
                continue  # anchors are zero-width
            if _is_char((op, arg)):
                atoms.append((op, arg))
                return atoms
            if op in _REPEATS or op == _POSSESSIVE:
                sub = self.first(_flatten(list(arg[2])))
                if sub is _ANY:
                    return _ANY
                atoms.extend(sub)  # type: ignore[arg-type]
                if arg[0] > 0:
                    return atoms
                continue
            if op == C.BRANCH:
                for branch in arg[1]:
                    sub = self.first(_flatten(list(branch)))
                    if sub is _ANY:
                        return _ANY
                    atoms.extend(sub)  # type: ignore[arg-type]
                if not any(_nullable(_flatten(list(b))) for b in arg[1]):
                    return atoms
                continue
            return _ANY  # lookarounds, back-references, conditionals: give up, be safe
        return atoms

    def overlap(self, a: list[_Item] | object, b: list[_Item] | object) -> bool:
        if a is _ANY or b is _ANY:
            return True
        return bool(a and b and self._probe(a) & self._probe(b))  # type: ignore[arg-type]

    def _probe(self, atoms: list[_Item]) -> set[str]:
        """The probe characters that one of these character atoms matches."""
        out: set[str] = set()
        for atom in atoms:
            compiled = _compile.compile(P.SubPattern(self.state, [atom]),
                                        self.state.flags)  # type: ignore[attr-defined]
            out.update(ch for ch in _PROBES if compiled.match(ch))
        return out


_ANY = object()  # "any character may come first": overlaps everything


def _union(a: list[_Item] | object, b: list[_Item] | object) -> list[_Item] | object:
    if a is _ANY or b is _ANY:
        return _ANY
    return [*a, *b]  # type: ignore[misc]


def _unbounded(high: int) -> bool:
    return high == C.MAXREPEAT or high > BOUNDED_MAX


def _is_char(item: _Item) -> bool:
    return item[0] in (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY, C.CATEGORY)


def _children(op: Any, arg: Any) -> list[list[_Item]]:
    if op in _REPEATS or op == _POSSESSIVE:
        return [list(arg[2])]
    if op == C.SUBPATTERN:
        return [list(arg[-1])]
    if op == C.BRANCH:
        return [list(b) for b in arg[1]]
    if op in (C.ASSERT, C.ASSERT_NOT):
        return [list(arg[1])]
    if op == getattr(C, "ATOMIC_GROUP", None):
        return [list(arg)]
    return []


def _flatten(items: list[_Item]) -> list[_Item]:
    """Inline plain groups: (?:ab)c is the sequence a, b, c."""
    out: list[_Item] = []
    for op, arg in items:
        if op == C.SUBPATTERN:
            out.extend(_flatten(list(arg[-1])))
        else:
            out.append((op, arg))
    return out


def _nullable(flat: list[_Item]) -> bool:
    for op, arg in flat:
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue
        if op in _REPEATS or op == _POSSESSIVE:
            if arg[0] == 0 or _nullable(_flatten(list(arg[2]))):
                continue
            return False
        if op == C.BRANCH:
            if any(_nullable(_flatten(list(b))) for b in arg[1]):
                continue
            return False
        return False
    return True


def _contains_unbounded(items: list[_Item]) -> bool:
    for op, arg in items:
        if op in _REPEATS and _unbounded(arg[1]):
            return True
        if any(_contains_unbounded(sub) for sub in _children(op, arg)):
            return True
    return False
