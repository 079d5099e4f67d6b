"""Pages as browsers save them: MHTML archives, and the marks a saved page carries.

People who build a corpus by hand save articles from their browser. Chrome and Edge's
"Webpage, Single File" writes MHTML (.mhtml, .mht: RFC 2557, a MIME multipart/related
message holding the page and its images and frames), so the page is one MIME part, often
quoted-printable, with its URL in the Content-Location header and the save time in the
message's Date. Other saves stay HTML but say where the page came from: the "mark of the
web" comment that Chrome's "Webpage, Complete" and Internet Explorer put before the
markup (`<!-- saved from url=(0043)https://... -->`), and the comment the SingleFile
extension writes (`Page saved with SingleFile / url: https://...`). Such a page often has
no canonical link, and without a URL a record has no id of its own, no domain, no outlet
and no site rule.

MIME is parsed by the standard library's `email` package (RFC 2045-2047, transfer
encodings, folded headers), not by us; it is imported only when an archive comes (its
import, ~10 ms, is not on the way of a build of plain pages).
"""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC
from typing import TYPE_CHECKING

from cleaner.errors import Drop

if TYPE_CHECKING:
    from email.message import Message

    from cleaner.api import RawDoc

__all__ = ["saved_url", "unpack"]

# An MHTML file opens with MIME headers (no markup before them) and is multipart/related.
# Only the header block is searched: the first 4 KB is more than Chrome's or IE's headers.
_HEADER_START = re.compile(rb"\s*[A-Za-z][A-Za-z0-9-]*:")
_MULTIPART_RELATED = re.compile(rb"(?im)^content-type:\s*multipart/related\b")
_HEADER_SCAN = 4096

# The saved-from marks, searched in the page's first bytes only (both come before <html>).
_MARK_OF_THE_WEB = re.compile(rb"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)
_SINGLEFILE = re.compile(rb"Page saved with SingleFile\s+url:\s*(\S+)")
_MARK_SCAN = 2048


def is_mhtml(data: bytes) -> bool:
    """Whether the bytes are a MIME multipart/related message (an MHTML archive)."""
    if not _HEADER_START.match(data, 0, 200):
        return False
    head = data[:_HEADER_SCAN]
    end = re.search(rb"\r?\n\r?\n", head)
    return bool(_MULTIPART_RELATED.search(head[:end.start()] if end else head))


def unpack(doc: RawDoc) -> RawDoc:
    """The page inside an MHTML archive, with the archive's URL and save time where the
    caller gave none, and the part's charset; any other input unchanged. Raises Drop
    ("not-html") for an archive without an HTML part."""
    if not is_mhtml(doc.data):
        return doc
    import email
    import email.policy

    message = email.message_from_bytes(doc.data, policy=email.policy.compat32)
    part = _page_part(message)
    payload = part.get_payload(decode=True) if part is not None else None
    if not isinstance(payload, bytes) or not payload.strip():
        raise Drop("not-html", "an MHTML archive without an HTML page in it")
    url = doc.url or _header(message, "Snapshot-Content-Location") \
        or _header(part, "Content-Location")  # type: ignore[arg-type]
    # The part's own charset: a transport's charset (HTTP, WARC) described the archive.
    return dataclasses.replace(
        doc, data=payload, url=url, fetched=doc.fetched or _saved_at(message),
        charset=part.get_content_charset())  # type: ignore[union-attr]


def saved_url(data: bytes) -> str | None:
    """The URL a browser-saved page says it was saved from, or None."""
    head = data[:_MARK_SCAN]
    found = _MARK_OF_THE_WEB.search(head) or _SINGLEFILE.search(head)
    return found.group(1).decode("ascii", "replace") if found else None


def _page_part(message: Message) -> Message | None:
    """The archive's page: the text/html part that the multipart's `start` parameter
    names (RFC 2387) or that sits at the snapshot's location (Chrome), else the first
    text/html part (the main frame comes before its subframes)."""
    pages = [part for part in message.walk() if part.get_content_type() == "text/html"]
    start = message.get_param("start")
    location = _header(message, "Snapshot-Content-Location")
    for part in pages:
        if isinstance(start, str) and start and _header(part, "Content-ID") == start.strip():
            return part
        if location and _header(part, "Content-Location") == location:
            return part
    return pages[0] if pages else None


def _header(message: Message, name: str) -> str | None:
    value = message.get(name)
    return str(value).strip() or None if value is not None else None


def _saved_at(message: Message) -> str | None:
    """The message's Date as ISO 8601 (UTC), the time the page was saved."""
    import email.utils

    value = _header(message, "Date")
    if value is None:
        return None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 5322's "-0000": UTC, origin unknown
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat()
