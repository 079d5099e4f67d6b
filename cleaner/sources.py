"""Inputs: discover the files under the raw root in a stable order and read them as `RawDoc`s.

What is an input: `.html`, `.htm`, `.xhtml`, browsers' single-file saves `.mhtml` / `.mht`
/ `.webarchive` (the same with `.gz`; the extractor unpacks the page, see saved.py), and
web archives `.warc` / `.warc.gz`. Anything else under the root (`manifest.jsonl`, README,
`.json`, `.txt`, images) is not an input and is ignored, silently: the report counts
inputs only.

Paths may be local or any fsspec URL (`s3://bucket/raw`, `memory://raw`, `file:///...`).
Sources are named by their path relative to the raw root (POSIX separators), plus
`#offset` for an archive record, so ids, rejects and output order do not depend on where
the corpus is mounted.

WARC reader: fastwarc, not warcio. Both stream; fastwarc is a C++ reader that is several
times faster than warcio on gzip'd archives (NeMo-Curator#778 measured >= 25% end to end),
gives each record's byte offset (`stream_pos`) for `file#offset`, and is already a
dependency. Neither library recovers from a malformed record (both stop the iteration), so
this module resynchronises itself: it looks for the next record start (the next gzip member,
or the next `WARC/1.` line in an uncompressed archive) and continues from there. A record
whose block is shorter than its Content-Length (truncated) is detected by comparing the two.
We parse the HTTP head of a response ourselves (status, Content-Type, charset,
Transfer-Encoding, Content-Encoding) so every decision is explicit and testable.
"""

from __future__ import annotations

import io
import json
import logging
import os
import posixpath
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from cleaner.api import MAX_INPUT_BYTES, RawDoc

if TYPE_CHECKING:
    import fsspec

try:  # ISA-L's inflate (python-isal), zlib's interface: 0.17 instead of 0.46 ms to unpack a
    # ScrapingHub page (181 pages, 2026-12-02), the same bytes out. Page files only:
    # archives keep zlib (their readers do their own decompression).
    from isal import isal_zlib as _gzip_inflate
except ImportError:  # a platform without its wheel
    _gzip_inflate = zlib  # type: ignore[misc]

log = logging.getLogger(__name__)

PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
# A browser's single-file saves: the extractor unpacks the page in them (saved.py).
SAVED_SUFFIXES = (".mhtml", ".mht", ".webarchive")
HTML_SUFFIXES = PAGE_SUFFIXES + SAVED_SUFFIXES
WARC_SUFFIXES = (".warc", ".warc.gz")
RAW_MANIFEST = "manifest.jsonl"
# Content types we extract. A response with another declared type is rejected "not-html";
# a response without a Content-Type is left to the extractor's own sniffing.
HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")
# Record types that are not pages (requests, crawl metadata): skipped and counted.
_PAGE_RECORD_TYPES = ("response", "resource")
_READ_CHUNK = 1 << 20


class InputError(ValueError):
    """An input (or archive record) that cannot be read. `reason` is a stable slug for
    rejects.jsonl, the message says what is wrong with which file."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Reject:
    """A page (or input) that does not become a record, with a reason."""

    source: str
    reason: str
    detail: str

    def as_dict(self) -> dict[str, str]:
        return {"source": self.source, "reason": self.reason, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input file: its path relative to the raw root and what the filesystem says."""

    path: str
    kind: str  # "html" | "warc"
    size: int
    mtime: str | None  # as the filesystem reports it; only compared for equality

    @property
    def is_warc(self) -> bool:
        return self.kind == "warc"


def kind_of(name: str) -> str | None:
    """'html', 'warc' or None (not an input) for a file name."""
    lower = name.lower()
    if lower.endswith(WARC_SUFFIXES):
        return "warc"
    lower = lower.removesuffix(".gz")
    if lower.endswith(HTML_SUFFIXES):
        return "html"
    return None


def open_fs(url: str | Any) -> tuple[fsspec.AbstractFileSystem, str]:
    """(filesystem, path) for a local path or an fsspec URL. fsspec is imported here, not
    with the module: workers reading local files never need it (its import, asyncio and ssl
    under it, is 0.035 s of a worker's start-up)."""
    import fsspec

    fs, path = fsspec.core.url_to_fs(str(url))
    return fs, path.rstrip("/") if path not in ("/", "") else path


def discover(raw: str | Any) -> list[InputFile]:
    """Every input under `raw`, sorted by relative path (byte order of the UTF-8 path, the
    same on every OS and filesystem). Hidden files and directories are skipped, and so are
    the files a browser saved beside a page (see _companions)."""
    fs, root = open_fs(raw)
    if not fs.isdir(root):
        raise FileNotFoundError(f"raw input directory not found: {raw}")
    found: list[InputFile] = []
    for full, info in fs.find(root, detail=True, withdirs=False).items():
        rel = _relative(full, root)
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        kind = kind_of(rel)
        if kind is None:
            continue
        found.append(InputFile(rel, kind, int(info.get("size") or 0), _mtime(info)))
    companions = _companions(f.path for f in found)
    if companions:
        found = [f for f in found if not _inside(f.path, companions)]
    found.sort(key=lambda f: f.path.encode("utf-8"))
    return found


# A browser's "Webpage, Complete" save writes the page and, beside it, a folder named after
# it holding its images, scripts and frames: Chrome saves each iframe there as
# saved_resource.html (ads, video players, comment widgets), Firefox under the frame's own
# name. Those are parts of the page, not pages.
_COMPANION_SUFFIX = "_files"


def _companions(paths: Iterable[str]) -> frozenset[str]:
    """The companion folders ("dir/Name_files") of the saved pages ("dir/Name.html")."""
    return frozenset(path.rpartition(".")[0] + _COMPANION_SUFFIX for path in paths
                     if path.lower().endswith(PAGE_SUFFIXES))


def _inside(path: str, folders: frozenset[str]) -> bool:
    parts = path.split("/")
    return any("/".join(parts[:depth]) in folders for depth in range(1, len(parts)))


def _relative(full: str, root: str) -> str:
    full = full.replace("\\", "/")
    root = root.replace("\\", "/").rstrip("/")
    return posixpath.relpath(full, root) if root else full.lstrip("/")


def _mtime(info: dict[str, Any]) -> str | None:
    for key in ("mtime", "LastModified", "last_modified", "updated", "created", "ETag", "etag"):
        value = info.get(key)
        if value is not None:
            return str(value)
    return None


def load_raw_manifest(raw: str | Any) -> dict[str, dict[str, str | None]]:
    """The optional `manifest.jsonl` at the raw root: {path: {"url", "fetched"}}. A bad
    line is logged and skipped (the manifest is a convenience, not an input)."""
    fs, root = open_fs(raw)
    path = f"{root}/{RAW_MANIFEST}"
    if not fs.isfile(path):
        return {}
    out: dict[str, dict[str, str | None]] = {}
    with fs.open(path, "rt", encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                out[str(entry["path"]).lstrip("./")] = {
                    "url": entry.get("url") or None, "fetched": entry.get("fetched") or None}
            except (ValueError, KeyError, TypeError) as exc:
                log.warning("%s line %d: ignored (%s)", path, number, exc)
    return out


# ---- plain files --------------------------------------------------------------------------

def read_input(raw: str, path: str) -> bytes:
    """The stored bytes of input `path` (relative to the input root `raw`, as discover()
    names it). Local roots are read with the OS's own calls; URLs through fsspec."""
    if "://" not in raw and "::" not in raw:
        with open(os.path.join(raw, path), "rb") as fh:
            return fh.read()
    fs, root = open_fs(raw)
    with fs.open(f"{root}/{path}" if root else path, "rb") as fh:
        return fh.read()


def read_file_bytes(path: str | Any, max_bytes: int | None = None) -> bytes:
    """The bytes of one page, gunzipped when the name ends in .gz (or the data starts with
    the gzip magic). Raises InputError (a ValueError) with a clear message for a corrupt or
    truncated gzip, or when the page is larger than `max_bytes` (read no further: a gzip
    bomb cannot exhaust memory)."""
    fs, full = open_fs(path)
    with fs.open(full, "rb") as fh:
        return read_stream_bytes(fh, str(path), max_bytes)


def read_stream_bytes(fh: IO[bytes], name: str, max_bytes: int | None = None) -> bytes:
    limit = max_bytes if max_bytes is not None else MAX_INPUT_BYTES
    head = fh.read(2)
    if head == b"\x1f\x8b" or name.lower().endswith(".gz"):
        return _gunzip(head + fh.read(), name, limit)
    data = head + fh.read(limit + 1 - len(head))
    if len(data) > limit:
        raise InputError("too-large", f"{name}: larger than the limit of {limit} bytes")
    return data


def _gunzip(data: bytes, name: str, limit: int) -> bytes:
    if not data:
        return b""  # an empty .gz file: the extractor rejects it as "empty"
    if not data.startswith(b"\x1f\x8b"):
        return _check_size(data, name, limit)  # named .gz but not gzip'd: read it as is
    out = bytearray()
    while data:
        decomp = _gzip_inflate.decompressobj(wbits=31)
        try:
            out += decomp.decompress(data, limit + 1 - len(out))
        except _gzip_inflate.error as exc:
            raise InputError("gzip-corrupt", f"{name}: corrupt gzip data ({exc})") from exc
        if len(out) > limit:
            raise InputError("too-large", f"{name}: more than {limit} bytes once unpacked")
        if not decomp.eof:
            if decomp.unconsumed_tail:
                raise InputError("too-large", f"{name}: more than {limit} bytes once unpacked")
            raise InputError("gzip-truncated",
                             f"{name}: truncated gzip file (the stream ends before its end marker)")
        data = decomp.unused_data.lstrip(b"\x00")  # concatenated members, padding
    return bytes(out)


def _check_size(data: bytes, name: str, limit: int) -> bytes:
    if len(data) > limit:
        raise InputError("too-large", f"{name}: larger than the limit of {limit} bytes")
    return data


# ---- documents of an input ----------------------------------------------------------------

DocOrReject = RawDoc | Reject


def iter_docs(raw: str | Any, inp: InputFile, sidecar: dict[str, dict[str, str | None]],
              max_bytes: int | None = None) -> Iterator[DocOrReject]:
    """The documents of one input, in file order: a RawDoc per page, a Reject for what
    cannot be read. Never raises for bad data (only for I/O errors on the file itself)."""
    fs, root = open_fs(raw)
    full = f"{root}/{inp.path}" if root else inp.path
    if inp.is_warc:
        with fs.open(full, "rb") as fh:
            yield from iter_warc(fh, inp.path, max_bytes)
        return
    meta = sidecar.get(inp.path, {})
    try:
        with fs.open(full, "rb") as fh:
            data = read_stream_bytes(fh, inp.path, max_bytes)
    except InputError as exc:
        yield Reject(inp.path, exc.reason, exc.detail)
        return
    yield RawDoc(source=inp.path, data=data, url=meta.get("url"), fetched=meta.get("fetched"))


# ---- WARC ---------------------------------------------------------------------------------

def iter_warc(fh: IO[bytes], name: str, max_bytes: int | None = None) -> Iterator[DocOrReject]:
    """Pages of a WARC file (plain or gzip'd per record). Response and resource records
    with an HTML (or undeclared) content type become RawDocs; a non-HTML response is a
    "not-html" reject; other record types (warcinfo, request, metadata, revisit) are not
    pages and are skipped. A truncated record is a "warc-truncated" reject; a malformed
    one a "warc-malformed" reject, after which reading resumes at the next record start."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    limit = max_bytes if max_bytes is not None else MAX_INPUT_BYTES
    if not _seekable(fh):
        fh = io.BytesIO(fh.read())
    fh.seek(0)
    gz = fh.read(2) == b"\x1f\x8b" or name.lower().endswith(".gz")
    start: int | None = 0
    while start is not None:
        fh.seek(start)
        last: tuple[int, int] | None = None  # (offset, content length) of the last good record
        try:
            for record in ArchiveIterator(fh, parse_http=False,
                                          record_types=WarcRecordType.any_type):
                last = (int(record.stream_pos), int(record.content_length or 0))
                yield from _warc_record(record, name, last[0], limit,
                                        lambda at=last[0]: _member_incomplete(fh, at, gz),
                                        check_overrun=not gz)
        except _Overrun as overrun:  # resume at the record the bad one ran into
            start = _block_start(fh, overrun.offset) + overrun.position
            continue
        except OSError as exc:  # fastwarc: "Invalid WARC header", "Gzip decompression error"
            bad = _bad_record_offset(fh, start, last, gz)
            yield Reject(f"{name}#{bad}", "warc-malformed", f"{name} at byte {bad}: {exc}")
            start = _next_record_start(fh, bad + 1, gz)
            continue
        start = None


def _member_end(fh: IO[bytes], offset: int) -> int | None:
    """The offset just after the gzip member that starts at `offset`; None when the member
    is cut short or corrupt. Restores the file position (fastwarc reads the same file)."""
    here = fh.tell()
    try:
        fh.seek(offset)
        decomp = zlib.decompressobj(wbits=31)
        consumed = 0
        while not decomp.eof:
            chunk = fh.read(_READ_CHUNK)
            if not chunk:
                return None
            decomp.decompress(chunk, 1 << 16)
            while decomp.unconsumed_tail and not decomp.eof:
                decomp.decompress(decomp.unconsumed_tail, 1 << 16)
            consumed += len(chunk)
        return offset + consumed - len(decomp.unused_data)
    except zlib.error:
        return None
    finally:
        fh.seek(here)


def _member_incomplete(fh: IO[bytes], offset: int, gz: bool) -> bool:
    """True when the gzip member at `offset` ends before its end marker (a truncated file)."""
    return gz and _member_end(fh, offset) is None


def _bad_record_offset(fh: IO[bytes], start: int, last: tuple[int, int] | None,
                       gz: bool) -> int:
    """Where the record that failed to parse begins: just after the last good one."""
    if last is None:
        return start
    offset, length = last
    if gz:
        end = _member_end(fh, offset)
        return end if end is not None else offset + 1
    fh.seek(offset)
    head = fh.read(65536)
    end = head.find(b"\r\n\r\n")
    return offset + end + 4 + length + 4 if end >= 0 else offset + 1


def _next_record_start(fh: IO[bytes], pos: int, gz: bool) -> int | None:
    """The offset of the first record start at or after `pos`: a gzip member header, or a
    `WARC/1.` at the start of a line. None at the end of the file."""
    marker = b"\x1f\x8b\x08" if gz else b"WARC/1."
    if pos > 0:
        fh.seek(pos - 1)
        window_start, carry = pos - 1, fh.read(1)
    else:
        fh.seek(0)
        window_start, carry = -1, b"\n"
    while True:
        chunk = fh.read(_READ_CHUNK)
        if not chunk:
            return None
        window = carry + chunk  # window[0] sits at offset window_start, just before the search
        index = window.find(marker, 1)
        while index > 0 and not gz and window[index - 1:index] != b"\n":
            index = window.find(marker, index + 1)
        if index > 0:
            return window_start + index
        carry = window[-len(marker):]
        window_start += len(window) - len(carry)


class _Overrun(Exception):
    """A record's Content-Length ran past its end into the next record (at `position` in its
    block): that record is malformed, and reading resumes where the next one starts."""

    def __init__(self, offset: int, position: int) -> None:
        super().__init__(offset, position)
        self.offset, self.position = offset, position


# A record start inside a record's block: the blank line that ends a record, then the
# version line and a WARC header of the next one.
_RECORD_INSIDE = re.compile(rb"\r\n\r\n(WARC/1\.[01]\r\nWARC-[A-Za-z-]+:)")


def _block_start(fh: IO[bytes], offset: int) -> int:
    """The offset of the block of the (uncompressed) record that starts at `offset`."""
    fh.seek(offset)
    head = fh.read(65536)
    end = head.find(b"\r\n\r\n")
    return offset + end + 4 if end >= 0 else offset


def _warc_record(record: Any, name: str, offset: int, limit: int,
                 incomplete: Any, check_overrun: bool = False) -> Iterator[DocOrReject]:
    source = f"{name}#{offset}"
    rtype = str(record.record_type).rsplit(".", 1)[-1].lower()
    if record.headers.get("Content-Length") is None:  # the header block itself is cut short
        reason = "warc-truncated" if incomplete() else "warc-malformed"
        yield Reject(source, reason, f"{source}: WARC record header without Content-Length")
        return
    length = int(record.content_length or 0)
    if rtype not in _PAGE_RECORD_TYPES:
        return  # warcinfo / request / metadata / revisit: not pages
    if length > limit + 65536:
        yield Reject(source, "too-large", f"{source}: record of {length} bytes > limit {limit}")
        return
    block = record.reader.read()
    inside = _RECORD_INSIDE.search(block) if check_overrun else None
    if inside:
        yield Reject(source, "warc-malformed", f"{source}: Content-Length runs into the next "
                                               f"record (at byte {inside.start(1)} of the block)")
        raise _Overrun(offset, inside.start(1))
    if len(block) < length:
        yield Reject(source, "warc-truncated",
                     f"{source}: record block has {len(block)} of {length} bytes")
        return
    url = record.headers.get("WARC-Target-URI") or None
    fetched = _warc_date(record.headers.get("WARC-Date"))
    if rtype == "resource":
        ctype = record.headers.get("Content-Type") or ""
        body, charset = block, _charset_of(ctype)
    else:
        try:
            status, headers, body = parse_http_response(block)
        except InputError as exc:
            yield Reject(source, exc.reason, f"{source}: {exc.detail}")
            return
        if not 200 <= status < 300:
            yield Reject(source, "http-status", f"{source}: HTTP status {status}")
            return
        ctype = headers.get("content-type", "")
        charset = _charset_of(ctype)
        try:
            body = _decode_body(body, headers, limit)
        except InputError as exc:
            yield Reject(source, exc.reason, f"{source}: {exc.detail}")
            return
    mime = ctype.split(";", 1)[0].strip().lower()
    if mime and mime not in HTML_TYPES:
        yield Reject(source, "not-html", f"{source}: content type {mime}")
        return
    if len(body) > limit:
        yield Reject(source, "too-large", f"{source}: {len(body)} bytes > limit {limit}")
        return
    yield RawDoc(source=source, data=body, url=url, fetched=fetched, charset=charset)


def _warc_date(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    return value[:-1] + "+00:00" if value.endswith("Z") else value


def parse_http_response(block: bytes) -> tuple[int, dict[str, str], bytes]:
    """(status, lower-cased headers, body) of an HTTP/1.x response as stored in a WARC."""
    head, sep, body = block.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = block.partition(b"\n\n")
    if not sep:
        raise InputError("http-malformed", "no end of HTTP headers in the record")
    lines = head.decode("iso-8859-1").splitlines()
    parts = lines[0].split(None, 2) if lines else []
    if len(parts) < 2 or not parts[0].upper().startswith("HTTP/") or not parts[1].isdigit():
        first = lines[0][:80] if lines else ""
        raise InputError("http-malformed", f"bad HTTP status line {first!r}")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        key, colon, value = line.partition(":")
        if colon:
            headers[key.strip().lower()] = value.strip()
    return int(parts[1]), headers, body


def _charset_of(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'").lower()
    return None


def _decode_body(body: bytes, headers: dict[str, str], limit: int) -> bytes:
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = _dechunk(body)
    encoding = headers.get("content-encoding", "").strip().lower()
    if encoding in ("gzip", "x-gzip"):
        try:
            decomp = zlib.decompressobj(wbits=47)  # gzip or zlib header
            body = decomp.decompress(body, limit + 1)
        except zlib.error as exc:
            raise InputError("http-malformed", f"bad gzip content encoding ({exc})") from exc
    elif encoding == "deflate":
        try:
            body = zlib.decompressobj(wbits=15).decompress(body, limit + 1)
        except zlib.error:
            body = zlib.decompressobj(wbits=-15).decompress(body, limit + 1)
    elif encoding not in ("", "identity"):
        raise InputError("http-malformed", f"unsupported content encoding {encoding!r}")
    return body


def _dechunk(body: bytes) -> bytes:
    out = bytearray()
    pos = 0
    while True:
        eol = body.find(b"\r\n", pos)
        if eol < 0:
            return bytes(out) if out else body  # not really chunked: keep what we have
        size_text = body[pos:eol].split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            return bytes(out) if out else body
        if size == 0:
            return bytes(out)
        out += body[eol + 2:eol + 2 + size]
        pos = eol + 2 + size + 2


def _seekable(fh: IO[bytes]) -> bool:
    try:
        return bool(fh.seekable())
    except (AttributeError, OSError):
        return False


__all__ = ["InputError", "InputFile", "Reject", "discover", "file_sha256", "iter_docs", "iter_warc",
           "kind_of", "load_raw_manifest", "open_fs", "parse_http_response",
           "read_file_bytes", "read_stream_bytes"]


def file_sha256(raw: str | Any, inp: InputFile) -> str:
    """sha256 of an input file's bytes as stored (compressed or not)."""
    import hashlib

    fs, root = open_fs(raw)
    digest = hashlib.sha256()
    with fs.open(f"{root}/{inp.path}" if root else inp.path, "rb") as fh:
        while chunk := fh.read(_READ_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
