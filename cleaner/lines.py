"""Paragraph-level boilerplate: drop lines the vocabulary or the site rule names (read-time,
share counters, "Subscribe", "Embed:"), move agency sign-offs and credit lines to metadata,
and drop the headline when the body repeats it.

Repeated paragraphs are kept: the walker visits each node once, so a paragraph that comes
out twice is in the page twice (recipe steps, a refrain), and pull quotes are content
(USER_NEEDS A16, A19)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from cleaner.agencies import AgencyTable
from cleaner.text import Block
from cleaner.vocab import Vocabulary

# Credit lines are short: the longest in the seeds and the agency tests is ~60 characters
# ("© dpa-infocom, dpa:230919-99-123456/2"); 160 leaves room and keeps prose out.
CREDIT_MAX_CHARS = 160
# Boilerplate-line patterns only apply to short paragraphs: prose is never a "line".
LINE_MAX_CHARS = 300
# A credit line sits at the edges of an article: this many blocks from the start or end.
CREDIT_EDGE_BLOCKS = 4


@dataclass(slots=True)
class LineResult:
    blocks: list[Block]
    agencies: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (why, text)


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip(" .:!?\"'“”‘’«»")


def filter_lines(blocks: Sequence[Block], *, vocab: Vocabulary,
                 rule_lines: Sequence[re.Pattern[str]], agencies: AgencyTable,
                 title: str | None) -> LineResult:
    result = LineResult([])
    title_key = _key(title) if title else None
    last = len(blocks) - 1
    for index, block in enumerate(blocks):
        text = block.text
        why = _why_drop(block, index, last, vocab, rule_lines, agencies, title_key, result)
        if why:
            result.removed.append((why, text))
        else:
            result.blocks.append(block)
    return result


def _why_drop(block: Block, index: int, last: int, vocab: Vocabulary,
              rule_lines: Sequence[re.Pattern[str]], agencies: AgencyTable,
              title_key: str | None, result: LineResult) -> str | None:
    text = block.text
    for pattern in rule_lines:
        if pattern.search(text):
            return f"rule-line:{pattern.pattern}"
    if title_key and index <= 3 and _key(text) == title_key:
        return "headline"
    if len(text) <= CREDIT_MAX_CHARS and (index < CREDIT_EDGE_BLOCKS
                                          or index > last - CREDIT_EDGE_BLOCKS):
        credit = agencies.parse_credit(text)
        if credit is not None:
            _extend(result.agencies, credit.agencies)
            _extend(result.contributors, credit.contributors)
            return "credit"
    if len(text) <= LINE_MAX_CHARS and block.kind != "pre":
        concept = vocab.line_concept(text)
        if concept:
            return f"line:{concept}"
    return None


def _extend(target: list[str], values: Sequence[str]) -> None:
    for value in values:
        if value not in target:
            target.append(value)
