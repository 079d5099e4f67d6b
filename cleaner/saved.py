"""Pages as browsers save them: MHTML archives, and the marks a saved page carries.

People who build a corpus by hand save articles from their browser. Chrome and Edge's
"Webpage, Single File" writes MHTML (.mhtml, .mht: RFC 2557, a MIME multipart/related
message holding the page and its images and frames), so the page is one MIME part, often
quoted-printable, with its URL in the Content-Location header and the save time in the
message's Date. Safari's "Web Archive" (.webarchive) is a binary property list whose
WebMainResource holds the page's bytes, URL and text encoding. Other saves stay HTML but
say where the page came from: the "mark of the web" comment that Chrome's "Webpage,
Complete" and Internet Explorer put before the markup (`<!-- saved from
url=(0043)https://... -->`), and the comment the SingleFile extension writes (`Page saved
with SingleFile / url: https://... / saved date: ...`). Such a page often has no canonical
link, and without a URL a record has no id of its own, no domain, no outlet and no site
rule.

MIME is parsed by the standard library's `email` package (RFC 2045-2047, transfer
encodings, folded headers), property lists by its `plistlib`, not by us; both are imported
only when an archive comes (email's import, ~10 ms, is not on the way of a build of plain
pages).
"""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from cleaner.errors import Drop

if TYPE_CHECKING:
    from email.message import Message

    from cleaner.api import RawDoc

__all__ = ["is_mhtml", "saved_url", "unpack"]

# An MHTML file opens with MIME headers (no markup before them) and is multipart/related.
# Only the header block is searched: the first 4 KB is more than Chrome's or IE's headers.
_HEADER_START = re.compile(rb"\s*[A-Za-z][A-Za-z0-9-]*:")
_MULTIPART_RELATED = re.compile(rb"(?im)^content-type:\s*multipart/related\b")
_HEADER_SCAN = 4096

# The saved-from marks, searched in the page's first bytes only (both come before <html>).
_MARK_OF_THE_WEB = re.compile(rb"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)
_SINGLEFILE = re.compile(rb"Page saved with SingleFile\s+url:\s*(\S+)")
# SingleFile writes the save time as JavaScript's Date.toString() gives it.
_SINGLEFILE_DATE = re.compile(
    rb"Page saved with SingleFile\s+url:\s*\S+\s+saved date:\s*[A-Z][a-z]{2} ([A-Z][a-z]{2}) "
    rb"(\d{1,2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT([+-])(\d{2})(\d{2})")
_MONTHS = {name: number for number, name in enumerate(
    (b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
     b"Dec"), 1)}
_MARK_SCAN = 2048

# A browser writes one part per resource of the page (its images, stylesheets, fonts,
# frames); the HTTP Archive's pages load ~70 resources at the median and a few hundred at
# the 90th percentile. An "archive" with thousands of parts is built to cost: 540,000 tiny
# parts in 19 MB took the email parser 7.3 s and 410 MB (2026-12-02). And browsers never
# nest multiparts more than a level or two.
MAX_PARTS = 5_000
MAX_MULTIPARTS = 20
_BOUNDARY = re.compile(rb'boundary\s*=\s*"?([^"\s;]{1,200})', re.IGNORECASE)

_PLIST_MAGIC = b"bplist00"
_PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def is_mhtml(data: bytes) -> bool:
    """Whether the bytes are a MIME multipart/related message (an MHTML archive)."""
    if not _HEADER_START.match(data, 0, 200):
        return False
    head = data[:_HEADER_SCAN]
    end = re.search(rb"\r?\n\r?\n", head)
    return bool(_MULTIPART_RELATED.search(head[:end.start()] if end else head))


def unpack(doc: RawDoc) -> RawDoc:
    """The page inside an MHTML archive or a Safari web archive, with the archive's URL
    and save time where the caller gave none, and the page's own charset; a page that
    SingleFile saved, with its save time where the caller gave none; any other input
    unchanged. Raises Drop ("not-html") for an archive without an HTML page."""
    if doc.data.startswith(_PLIST_MAGIC):
        return _webarchive_page(doc)
    if not is_mhtml(doc.data):
        saved = None if doc.fetched else _singlefile_date(doc.data[:_MARK_SCAN])
        return dataclasses.replace(doc, fetched=saved) if saved else doc
    import email
    import email.policy

    _check_parts(doc.data)
    try:
        message = email.message_from_bytes(doc.data, policy=email.policy.compat32)
        part = _page_part(message)
        payload = part.get_payload(decode=True) if part is not None else None
    except RecursionError as exc:
        raise Drop("too-complex", "an MHTML archive with multiparts nested too deep") from exc
    if part is None or not isinstance(payload, bytes) or not payload.strip():
        raise Drop("not-html", "an MHTML archive without an HTML page in it")
    url = doc.url or _header(message, "Snapshot-Content-Location") \
        or _header(part, "Content-Location")
    # The part's own charset: a transport's charset (HTTP, WARC) described the archive.
    return dataclasses.replace(
        doc, data=payload, url=url, fetched=doc.fetched or _saved_at(message),
        charset=part.get_content_charset())


def saved_url(data: bytes) -> str | None:
    """The URL a browser-saved page says it was saved from, or None."""
    head = data[:_MARK_SCAN]
    found = _MARK_OF_THE_WEB.search(head) or _SINGLEFILE.search(head)
    return found.group(1).decode("ascii", "replace") if found else None


def _check_parts(data: bytes) -> None:
    """Raise Drop("too-complex") for an archive of more parts or multiparts than a browser
    writes (counted on the raw bytes: every delimiter line of every declared boundary)."""
    boundaries = set()
    for found in _BOUNDARY.finditer(data):
        boundaries.add(found.group(1))
        if len(boundaries) > MAX_MULTIPARTS:
            raise Drop("too-complex", f"an MHTML archive with more than {MAX_MULTIPARTS} "
                                      "multiparts")
    parts = sum(data.count(b"\n--" + boundary) for boundary in boundaries)
    if parts > MAX_PARTS:
        raise Drop("too-complex", f"an MHTML archive with {parts} parts > limit {MAX_PARTS}")


def _webarchive_page(doc: RawDoc) -> RawDoc:
    """The main resource of a Safari web archive (a binary property list)."""
    import plistlib

    try:
        archive = plistlib.loads(doc.data)
    except Exception as exc:  # plistlib raises InvalidFileException, ValueError, ...
        raise Drop("not-html", f"a binary property list that cannot be read ({exc})") from exc
    main = archive.get("WebMainResource") if isinstance(archive, dict) else None
    data = main.get("WebResourceData") if isinstance(main, dict) else None
    if not isinstance(data, bytes) or main.get("WebResourceMIMEType") not in _PAGE_TYPES:
        raise Drop("not-html", "a property list that is not a web archive of an HTML page")
    url, charset = main.get("WebResourceURL"), main.get("WebResourceTextEncodingName")
    return dataclasses.replace(doc, data=data, url=doc.url or (url if isinstance(url, str) else None),
                               charset=charset if isinstance(charset, str) else None)


def _singlefile_date(head: bytes) -> str | None:
    """SingleFile's "saved date" as ISO 8601 (UTC), or None."""
    if b"SingleFile" not in head:
        return None
    found = _SINGLEFILE_DATE.search(head)
    if found is None or found.group(1) not in _MONTHS:
        return None
    month, day, year, hour, minute, second = (_MONTHS[found.group(1)], *map(int, found.groups()[1:6]))
    sign = -1 if found.group(7) == b"-" else 1
    offset = timedelta(hours=int(found.group(8)), minutes=int(found.group(9))) * sign
    try:
        when = datetime(year, month, day, hour, minute, second, tzinfo=timezone(offset))
    except ValueError:
        return None
    return when.astimezone(UTC).isoformat()


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
