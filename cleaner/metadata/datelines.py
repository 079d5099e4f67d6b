"""Dates visible on the page: `<time datetime>`, itemprop dates, labelled datelines.

Only used when no markup (rule, JSON-LD, meta) gave a date: a cheap pass first (D3).
Labels keep published and modified apart: "Issued on: 19/09/2023 – 12:03 Modified:
19/09/2023 – 13:29" gives both; "Actualizado a ..." alone never becomes the published date.
Labelled lines without a date class ("<p>Published: April 30, 2024</p>") count only in the
article's head (`headzone`), after every other visible source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cleaner.dom import text_content
from cleaner.metadata.byline import class_words, find_labelled
from cleaner.metadata.headzone import HeadLine, head_lines, innermost
from cleaner.pageindex import index_of

__all__ = ["VisibleDates", "find_visible_dates"]

_WS = re.compile(r"\s+")
_PUBLISHED = (
    r"issued on|published(?:\s+on)?|first published(?:\s+on)?|posted(?:\s+on)?|"
    r"publi[ée](?:\s+le)?|veröffentlicht(?:\s+am)?|erschienen(?:\s+am)?|"
    r"publicado(?:\s+el)?|publicada(?:\s+el)?|pubblicato(?:\s+il)?|gepubliceerd(?:\s+op)?|"
    r"opublikowano|опубликовано|опубліковано|дата публикации|"
    # Korean ("기사입력 :[ 2018-08-25 15:24 ]", entermedia.co.kr), Japanese, Chinese
    r"기사\s*입력|입력|등록|公開日|掲載日|配信日|投稿日|发布时间|發布時間|发布日期|发表时间|發表時間"
)
_MODIFIED = (
    r"modified(?:\s+on)?|(?:last\s+)?updated(?:\s+on)?|mis\s+à\s+jour(?:\s+le)?|"
    r"(?:zuletzt\s+)?aktualisiert(?:\s+am)?|actualizado(?:\s+(?:el|a))?|"
    r"aggiornato(?:\s+il)?|bijgewerkt(?:\s+op)?|zaktualizowano|обновлено|оновлено|updated:|"
    r"(?:기사|최종)?\s*수정|更新日|最終更新|更新时间|更新時間"
)
_LABEL = re.compile(rf"(?P<pub>\b(?:{_PUBLISHED}))|(?P<mod>\b(?:{_MODIFIED}))", re.IGNORECASE)
_DATE_WORDS = class_words(("date", "publish", "posted", "updated", "timestamp", "dateline"))
_ITEMPROP_DATES = frozenset(["datePublished", "dateCreated", "dateModified"])
# Containers whose dates are not the article's: other stories', comments', and the site's
# own (the masthead's "lun. 5 août 2019" beside the logo is the day the page was fetched:
# Mediapart's <span class="date-edition"> inside <a class="logo">, USER_NEEDS B8).
_BAD_CONTAINER = re.compile(
    r"comment|sidebar|related|recommend|widget|footer|teaser|popular|most-?read|promo|"
    r"trending|outbrain|taboola|reply|card|logo|masthead",
    re.IGNORECASE,
)
# Tags whose dates are not the article's: an embedded post is a blockquote holding its own
# <time> (Instagram's "Ein Beitrag geteilt von ... am <time datetime=2018-03-12>" came first
# on a horizont.net column of 2019-01-29, htmldate's test pages), a figure's is the photo's.
_BAD_TAGS = frozenset(["aside", "footer", "nav", "blockquote", "figure"])
DATE_LABELS = frozenset(
    [
        "date",
        "datum",
        "published",
        "veröffentlicht",
        "veröffentlicht am",
        "erschienen",
        "fecha",
        "data",
        "дата",
        "publié le",
        "date de publication",
        "publication date",
    ]
)
# Between a byline and a dateline on one line: "By A | Published ...", "By A · Updated ...".
_LINE_SEPARATORS = frozenset("|·•–—-,;/")
_MAX_NODE_TEXT = 200  # a dateline is short; longer nodes are paragraphs or whole headers
_MAX_NODES = 30


@dataclass(slots=True)
class VisibleDates:
    published: list[tuple[str, str]]  # (raw text, provenance)
    modified: list[tuple[str, str]]


def _bad_context(el: Any) -> bool:
    depth, node = 0, el
    while node is not None and depth < 10:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _BAD_TAGS:
            return True
        attrs = f"{node.get('class', '')} {node.get('id', '')}"
        if attrs.strip() and _BAD_CONTAINER.search(attrs):
            return True
        node = node.getparent()
        depth += 1
    return False


def _labelled(text: str, out: VisibleDates, where: str) -> bool:
    """Split "Published: X Updated: Y" into labelled parts; True if any label was found."""
    marks = list(_LABEL.finditer(text))
    if not marks:
        return False
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        value = text[m.end() : end].strip(" :|,-–—")
        if not value:
            continue
        target = out.published if m.group("pub") else out.modified
        target.append((value, f"{where}:label"))
    return True


def find_visible_dates(page: Any) -> VisibleDates:
    """Dates the page shows (`page`: the document root or its PageIndex)."""
    index = index_of(page)
    out = VisibleDates([], [])
    # itemprop dates on visible elements (meta itemprop dates are read with the other metas)
    for el in index.with_itemprop_or_rel():
        if el.get("itemprop") not in _ITEMPROP_DATES or el.tag == "meta":
            continue
        value = el.get("datetime") or el.get("content") or text_content(el)
        if value and not _bad_context(el):
            target = out.modified if el.get("itemprop") == "dateModified" else out.published
            target.append((_WS.sub(" ", value).strip(), f"itemprop:{el.get('itemprop')}"))
    # <time datetime>: first ones in the document, labelled by their own/parent text
    for el in [t for t in index.tag("time") if t.get("datetime") is not None][:10]:
        if _bad_context(el):
            continue
        value = el.get("datetime", "").strip()
        parent = el.getparent()
        context = _WS.sub(" ", text_content(parent) if parent is not None else "")[:_MAX_NODE_TEXT]
        attrs = f"{el.get('class', '')} {el.get('itemprop', '')} {parent.get('class', '') if parent is not None else ''}".lower()
        is_mod = "modif" in attrs or "updat" in attrs
        own = _WS.sub(" ", text_content(el)).strip()
        at = context.find(own) if own else -1
        if not is_mod and at > 0:
            before = [m for m in _LABEL.finditer(context) if m.start() < at]
            is_mod = bool(before) and before[-1].group("mod") is not None
        (out.modified if is_mod else out.published).append((value, "html:time"))
    # labelled datelines in date-ish containers
    for el in index.named(_DATE_WORDS)[:_MAX_NODES]:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("script", "style", "meta", "link", "body", "html", "head"):
            continue
        text = _WS.sub(" ", text_content(el)).strip()
        if not text or len(text) > _MAX_NODE_TEXT or _bad_context(el):
            continue
        if not _labelled(text, out, "visible"):
            out.published.append((text, "visible:dateline"))
    # "<strong>Datum</strong> 28.04.2023": a short label element and the value beside it
    for value in find_labelled(index, DATE_LABELS, limit=2):
        out.published.append((value, "visible:label"))
    # "<p>Published: April 30, 2024</p>" without a date class: only in the article's head
    for line in innermost(head_lines(index, _MAX_NODE_TEXT), _is_head_dateline):
        _labelled(line.text[_head_label(line.text) :], out, "visible:head")
    return out


def _head_label(text: str) -> int:
    """Where a dateline label starts in a head line, or -1. The label must open the line or
    follow a separator ("By Ann Smith | Updated: ..."): inside a sentence ("a report
    published on May 2 ...") it dates something else."""
    for m in _LABEL.finditer(text):
        before = text[: m.start()].rstrip()
        if not before or before[-1] in _LINE_SEPARATORS:
            return m.start()
    return -1


def _is_head_dateline(line: HeadLine) -> bool:
    return _head_label(line.text) >= 0 and not _bad_context(line.element)
