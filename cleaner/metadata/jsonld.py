"""JSON-LD: read every block tolerantly, flatten, and pick the article object.

Messy JSON-LD is the norm (USER_NEEDS B5): a trailing ";", an HTML comment or CDATA marker
around the JSON, trailing commas, raw newlines inside strings, two values in one block, and
invalid blocks next to valid ones. Each block is parsed on its own, so one bad block never
loses the others; a block that cannot be repaired is skipped (and counted, for `explain`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cleaner.pageindex import index_of

__all__ = ["JsonLd", "names_of", "read_jsonld", "text_of", "types_of"]

_WRAPPERS = re.compile(
    r"^\s*(?:<!--|//\s*<!\[CDATA\[|/\*\s*<!\[CDATA\[\s*\*/|<!\[CDATA\[)|(?:-->|//\s*\]\]>|/\*\s*\]\]>\s*\*/|\]\]>)\s*$"
)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
# Blocks larger than this are product catalogues or whole-site dumps, not article metadata;
# 2 MB is ~50x the largest article block in the benchmark pages.
_MAX_BLOCK = 2_000_000

# Ranks: lower is better. News articles first, then other articles, then pages.
_NEWS_TYPES = frozenset(
    [
        "NewsArticle",
        "ReportageNews",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "LiveBlogPosting",
        "SatiricalArticle",
    ]
)
_ARTICLE_TYPES = frozenset(
    [
        "Article",
        "BlogPosting",
        "TechArticle",
        "ScholarlyArticle",
        "Report",
        "SocialMediaPosting",
        "DiscussionForumPosting",
        "AdvertiserContentArticle",
        "Blog",
        "Posting",
        "Review",
        "ClaimReview",  # a fact-check's own object (Snopes, PolitiFact): its date is the page's
        "CriticReview",
    ]
)
_PAGE_TYPES = frozenset(
    ["WebPage", "ItemPage", "AboutPage", "ProfilePage", "QAPage", "CollectionPage"]
)
_ORG_TYPES = frozenset(
    ["Organization", "NewsMediaOrganization", "Corporation", "WebSite", "OnlineBusiness"]
)
# A page of many items (a section or home page).
_LIST_TYPES = frozenset(["CollectionPage", "ItemList", "SearchResultsPage"])


def is_article(obj: Any) -> bool:
    """Whether a JSON-LD object is an article (news, blog post, report...)."""
    return bool(types_of(obj) & (_NEWS_TYPES | _ARTICLE_TYPES))


def is_listing(obj: Any) -> bool:
    """Whether a JSON-LD object describes a page of many items (CollectionPage, ItemList)."""
    return bool(types_of(obj) & _LIST_TYPES)


@dataclass(slots=True)
class JsonLd:
    """All objects of a page's JSON-LD, and the one that describes the article."""

    objects: list[dict[str, Any]] = field(default_factory=list)
    article: dict[str, Any] | None = None
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    bad_blocks: int = 0

    def ordered(self) -> list[dict[str, Any]]:
        """The article first, then every other object (what selectors search, in order)."""
        if self.article is None:
            return self.objects
        return [self.article, *(o for o in self.objects if o is not self.article)]

    def resolve(self, value: Any) -> Any:
        """Follow an {"@id": ...} reference to the full object when the page has it."""
        if isinstance(value, dict) and "@id" in value and len(value) <= 2:
            return self.by_id.get(str(value["@id"]), value)
        return value

    def publisher_name(self) -> str | None:
        for obj in self.ordered():
            for key in ("publisher", "sourceOrganization"):
                pub = self.resolve(obj.get(key)) if key in obj else None
                name = text_of(pub)
                if name:
                    return name
        for obj in self.objects:
            if types_of(obj) & {"WebSite", "NewsMediaOrganization"}:
                name = text_of(obj.get("name"))
                if name:
                    return name
        return None


_MAX_STRAYS = 3
_DELIMITERS = frozenset(',:{}[]"')


def _loads(text: str) -> list[Any] | None:
    text = _WRAPPERS.sub("", text.strip()).strip().rstrip(";").strip()
    if not text:
        return None
    try:
        return [json.loads(text, strict=False)]
    except ValueError:
        pass
    repaired = _TRAILING_COMMA.sub(r"\1", text)
    for strays in range(_MAX_STRAYS + 1):
        try:
            return [json.loads(repaired, strict=False)]
        except json.JSONDecodeError as exc:
            # A stray character where a delimiter should be ('"2023-06-14".,' in a Yoast
            # block trafilatura's tests hold): drop it and read on, a few times at most.
            if strays == _MAX_STRAYS or exc.msg != "Expecting ',' delimiter" \
                    or exc.pos >= len(repaired) or repaired[exc.pos] in _DELIMITERS:
                break
            repaired = repaired[:exc.pos] + repaired[exc.pos + 1:]
    # Several values in one block ("{...}\n{...}" or "{...};{...}").
    decoder = json.JSONDecoder(strict=False)
    out: list[Any] = []
    pos, n = 0, len(repaired)
    while pos < n:
        while pos < n and repaired[pos] in " \t\r\n;,":
            pos += 1
        if pos >= n:
            break
        try:
            value, pos = decoder.raw_decode(repaired, pos)
        except ValueError:
            break
        out.append(value)
    return out or None


def _flatten(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(value, list):
        for item in value:
            yield from _flatten(item, depth + 1)
    elif isinstance(value, dict):
        graph = value.get("@graph")
        if graph is not None:
            yield from _flatten(graph, depth + 1)
        if "@type" in value:
            yield value
            main = value.get("mainEntity")
            if isinstance(main, (dict, list)):
                yield from _flatten(main, depth + 1)


def types_of(obj: Any) -> set[str]:
    if not isinstance(obj, dict):
        return set()
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.rsplit("/", 1)[-1]}
    if isinstance(t, list):
        return {x.rsplit("/", 1)[-1] for x in t if isinstance(x, str)}
    return set()


def _rank(obj: dict[str, Any]) -> int:
    types = types_of(obj)
    if types & _NEWS_TYPES:
        return 0
    if types & _ARTICLE_TYPES:
        return 1
    if types & _PAGE_TYPES and ("headline" in obj or "author" in obj or "datePublished" in obj):
        return 2
    if "headline" in obj and not types & _ORG_TYPES:
        return 3
    return 9


def read_jsonld(page: Any) -> JsonLd:
    """Parse every `<script type="application/ld+json">` of the (unpruned) document
    (`page`: its root or its PageIndex)."""
    result = JsonLd()
    for script in index_of(page).tag("script"):
        if "ld+json" not in (script.get("type") or ""):
            continue
        text = script.text
        if not text or len(text) > _MAX_BLOCK:
            continue
        try:
            values = _loads(text)
            objects = [obj for value in values or () for obj in _flatten(value)]
        except RecursionError:  # nested deeper than Python's stack: a hostile block
            values = None
        if values is None:
            result.bad_blocks += 1
            continue
        result.objects.extend(objects)
    best = 9
    for obj in result.objects:
        oid = obj.get("@id")
        if isinstance(oid, str) and oid not in result.by_id:
            result.by_id[oid] = obj
        r = _rank(obj)
        if r < best:
            best, result.article = r, obj
    return result


def text_of(value: Any) -> str | None:
    """A plain string from a JSON-LD value: str, {"name"|"@value"|"text": ...}, or a list."""
    if isinstance(value, str):
        s = " ".join(value.split())
        return s or None
    if isinstance(value, dict):
        for key in ("name", "@value", "text", "headline"):
            if key in value:
                return text_of(value[key])
        return None
    if isinstance(value, list):
        for item in value:
            s = text_of(item)
            if s:
                return s
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def names_of(value: Any, ld: JsonLd) -> list[tuple[str, str]]:
    """(name, kind) for each author-like entry; kind is "person", "organization" or "unknown"."""
    out: list[tuple[str, str]] = []
    items = value if isinstance(value, list) else [value]
    for item in items[:30]:
        item = ld.resolve(item)
        if isinstance(item, str):
            name = " ".join(item.split())
            if name:
                out.append((name, "unknown"))
        elif isinstance(item, dict):
            types = types_of(item)
            kind = (
                "organization"
                if types & _ORG_TYPES
                else ("person" if "Person" in types else "unknown")
            )
            name = text_of(item.get("name"))
            if not name and (item.get("givenName") or item.get("familyName")):
                name = " ".join(
                    t
                    for t in (text_of(item.get("givenName")), text_of(item.get("familyName")))
                    if t
                )
            if name:
                out.append((name, kind))
        elif isinstance(item, list):
            out.extend(names_of(item, ld))
    return out
