"""Refuse regexes from rule files that can backtrack catastrophically.

A static check, not a timer: a rule regex runs on every paragraph of every page of a site,
so a pattern that *can* go exponential is refused at load. The check flags the shapes that
cause it in Python's backtracking engine: a quantified group whose body itself holds an
unbounded quantifier (`(a+)+`, `(\\w*\\s?)*`;
refused even where a separator would make it safe, since that cannot be proven statically), and a quantified alternation whose branches can
match the same text (`(a|a)*`, `(\\w|\\d)+`)."""

from __future__ import annotations

import re

try:  # Python 3.11 ships the parser as re._parser; older ones as sre_parse
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)}
_MAXREPEAT = C.MAXREPEAT


def check_regex(pattern: str) -> str | None:
    """None when the pattern is safe, else a sentence saying what is wrong."""
    try:
        tree = P.parse(pattern)
    except re.error as exc:
        return f"does not compile: {exc}"
    return _walk(list(tree), inside_unbounded=False)


def _walk(items: list, inside_unbounded: bool) -> str | None:
    for op, arg in items:
        if op in _REPEATS and op != getattr(C, "POSSESSIVE_REPEAT", None):
            low, high, sub = arg
            unbounded = high == _MAXREPEAT or high > 100
            if unbounded and inside_unbounded:
                return "nested unbounded quantifiers (like (a+)+) can backtrack exponentially"
            if unbounded and _overlapping_alternation(list(sub)):
                return "a repeated alternation whose branches overlap (like (a|a)*)"
            problem = _walk(list(sub), inside_unbounded or unbounded)
            if problem:
                return problem
        elif op == C.SUBPATTERN:
            problem = _walk(list(arg[-1]), inside_unbounded)
            if problem:
                return problem
        elif op == C.BRANCH:
            for branch in arg[1]:
                problem = _walk(list(branch), inside_unbounded)
                if problem:
                    return problem
    return None


def _overlapping_alternation(items: list) -> bool:
    """A group body that is one alternation whose branches share a first character class."""
    if len(items) == 1 and items[0][0] == C.SUBPATTERN:
        items = list(items[0][1][-1])
    if len(items) != 1 or items[0][0] != C.BRANCH:
        return False
    firsts = [_first(list(branch)) for branch in items[0][1][1]]
    seen: list[str] = []
    for first in firsts:
        if first is None:
            return True  # a branch that can start with anything overlaps every other
        if first in seen:
            return True
        seen.append(first)
    return False


def _first(items: list) -> str | None:
    if not items:
        return None
    op, arg = items[0]
    if op == C.LITERAL:
        return chr(arg)
    if op == C.IN:
        return None if len(arg) != 1 or arg[0][0] != C.LITERAL else chr(arg[0][1])
    if op == C.SUBPATTERN:
        return _first(list(arg[-1]))
    return None
