"""Incremental and resumable builds: the build manifest, the per-input result cache, and the
policy that decides which inputs can be skipped.

State lives in `OUT/.build/` (git-ignored): `state.json` (what the build was made with),
`manifest.jsonl` (one line per input, sorted by source) and `cache/`: segment files, each
the concatenation of many inputs' results (an input's records with their dedup features
and its rejects, as one zstd frame of JSON lines), addressed by (segment, offset, length).
Segments rather than a file per input: a million inputs are a few hundred files, not a
million (object stores charge per request; small files cost ~0.4 ms each to open on a
network disk). A build appends to a new segment; segments still referenced are kept (hard
links into the new output), those less than half live are compacted, the rest deleted.

While a build runs, each finished input is appended to `journal.jsonl` in the work
directory once its bytes are in a segment (flushed), so a build that is killed, even with
SIGKILL, resumes from the inputs it finished. (On object stores, where a file cannot be
appended to, a segment is closed every SEGMENT_INPUTS inputs and journaled then.)

An input is skipped (its cached result reused) when all of these hold:

1. its bytes are unchanged: same size and modification time as recorded, or, when those
   differ, the same sha256;
2. the *base* is unchanged: cleaner version and source code, generic vocabulary, agency
   table, --no-rules, --max-bytes and the dedup feature settings;
3. every rule file that produced one of its records is unchanged (sha256), and still there;
4. rule *selection* did not change in a way that could give one of its pages another rule:
   selection is the map domain -> rule file plus each rule's markup signatures. When it
   changed, an input is reprocessed if a changed domain is (a parent of) one of its page
   hosts, if signatures changed and any of its pages matched no rule or a rule that has
   signatures, or if a page's host is unknown. Pages that matched no rule are thus
   reprocessed only when a rule was added, removed, or its domains/signatures edited,
   never when a rule's selectors are edited;
5. it had no page that timed out or crashed its worker (those are retried every build:
   a clean build would retry them too).

Pages rejected by the extractor (e.g. "no-text") count as "matched no rule" for (4):
a new rule may rescue them. Pages rejected before extraction (empty, binary, gzip,
WARC errors, non-HTML) depend on their bytes only.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner.writer import STATE_DIR, Store

log = logging.getLogger(__name__)

FORMAT = 2
STATE = f"{STATE_DIR}/state.json"
MANIFEST = f"{STATE_DIR}/manifest.jsonl"
JOURNAL = f"{STATE_DIR}/journal.jsonl"
JOURNAL_DIR = f"{STATE_DIR}/journal.d"
CACHE = f"{STATE_DIR}/cache"
# Rejects that do not depend on rules: decided from the bytes alone, before any rule runs.
READ_REASONS = frozenset({
    "empty", "binary", "not-html", "too-large", "gzip-corrupt", "gzip-truncated",
    "warc-truncated", "warc-malformed", "http-status", "http-malformed", "read-error"})
# Rejects that say nothing about the page: retried by every build.
RETRY_REASONS = frozenset({"timeout", "worker-crash"})


@dataclass(slots=True)
class Selection:
    """What decides which rule a page gets: domain -> rule file, rule -> signatures."""

    domains: dict[str, str] = field(default_factory=dict)
    signatures: dict[str, list[str]] = field(default_factory=dict)

    @property
    def id(self) -> str:
        blob = json.dumps([self.domains, self.signatures], sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    @classmethod
    def of(cls, extractor: Any) -> Selection:
        ruleset = getattr(extractor, "ruleset", None)
        domains: dict[str, str] = {}
        signatures: dict[str, list[str]] = {}
        for rule in getattr(ruleset, "rules", ()) if getattr(extractor, "use_rules", True) else ():
            for domain in rule.domains:
                domains[domain] = rule.name
            specs = [getattr(sel, "css", repr(sel)) for sel in rule.signatures]
            if specs:
                signatures[rule.name] = specs
        return cls(domains, signatures)


@dataclass(slots=True)
class Entry:
    """One input's line in the manifest."""

    source: str
    size: int
    mtime: str | None
    sha256: str
    base: str
    selection: str
    rules: dict[str, str]  # rule file -> sha256, for the rules that made its records
    unruled: bool  # a page matched no rule, or was rejected by the extractor
    hosts: list[str]  # page hosts ("" when unknown)
    retry: bool
    segment: str  # cache segment file name
    offset: int
    length: int
    docs: int
    records: int
    rejects: int

    def line(self) -> str:
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def parse(cls, line: str) -> Entry | None:
        try:
            data = json.loads(line)
            return cls(**{k: data[k] for k in cls.__dataclass_fields__})
        except (ValueError, KeyError, TypeError):
            return None


@dataclass(slots=True)
class Context:
    """What the current build is made with (compared against each entry)."""

    base: str
    selection: Selection
    rule_hashes: dict[str, str]
    full: bool = False


def code_hash() -> str:
    """sha256 over the cleaner package's Python sources: a code change (even without a
    version bump, e.g. in a checkout) invalidates cached results."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def base_fingerprint(extractor: Any, rules_dir: Path | None, *, use_rules: bool,
                     max_bytes: int, features_version: str) -> str:
    """Everything but the site rules that a page's result depends on."""
    from cleaner.api import AGENCIES_FILE, bundled_rules_dir, default_rules_dir
    from cleaner.version import __version__

    rules_dir = Path(rules_dir) if rules_dir is not None else default_rules_dir()
    agencies = rules_dir / AGENCIES_FILE
    if not agencies.is_file():
        agencies = bundled_rules_dir() / AGENCIES_FILE
    vocab = getattr(getattr(extractor, "vocab", None), "sha256", "")
    parts = [__version__, code_hash(), vocab,
             hashlib.sha256(agencies.read_bytes()).hexdigest() if agencies.is_file() else "",
             str(use_rules), str(max_bytes), features_version,
             str(getattr(extractor, "base_fingerprint", ""))]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def segment_path(name: str) -> str:
    return f"{CACHE}/{name}"


# A remote segment is closed (uploaded) and journaled after this many inputs or bytes.
SEGMENT_INPUTS = 256
SEGMENT_BYTES = 64 << 20
# A segment with less than this share of live bytes is rewritten (compacted).
COMPACT_BELOW = 0.5


# ---- reading and writing state ------------------------------------------------------------

def read_state(store: Store) -> dict[str, Any]:
    try:
        data = json.loads(store.read_bytes(STATE))
    except (OSError, ValueError, FileNotFoundError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == FORMAT else {}


def write_state(store: Store, state: dict[str, Any]) -> None:
    store.write_bytes(STATE, json.dumps(state, indent=1, sort_keys=True).encode() + b"\n")


def read_entries(store: Store, rel: str) -> Iterator[Entry]:
    """Entries of a manifest or journal; a torn last line (a kill mid-write) is skipped."""
    try:
        raw = store.read_bytes(rel)
    except (OSError, FileNotFoundError):
        return
    for line in raw.decode("utf-8", "replace").splitlines():
        entry = Entry.parse(line) if line.strip() else None
        if entry is not None:
            yield entry


def read_journal(store: Store) -> Iterator[Entry]:
    """The entries a running (or killed) build journaled, oldest first."""
    yield from read_entries(store, JOURNAL)
    for name in store.listdir(JOURNAL_DIR):
        yield from read_entries(store, f"{JOURNAL_DIR}/{name}")


def write_manifest(store: Store, entries: Iterable[Entry]) -> None:
    data = "".join(e.line() + "\n" for e in sorted(entries, key=lambda e: e.source.encode()))
    store.write_bytes(MANIFEST, data.encode("utf-8"))


class Journal:
    """Finished inputs of the running build, one line each, appended and flushed (a SIGKILL
    loses at most the line being written, which the reader then skips). On an object store
    (no appends) each batch of lines is a file of its own in `journal.d/`."""

    def __init__(self, store: Store) -> None:
        import os

        self.store = store
        self._fh = store.open(JOURNAL, "ab") if store.local else None
        self._stem = os.urandom(6).hex()
        self._count = 0

    def append(self, entries: list[Entry]) -> None:
        data = b"".join((e.line() + "\n").encode("utf-8") for e in entries)
        if self._fh is not None:
            self._fh.write(data)
            self._fh.flush()
        else:
            self._count += 1
            self.store.write_bytes(f"{JOURNAL_DIR}/{self._stem}-{self._count:06d}.jsonl", data)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


class SegmentWriter:
    """Appends inputs' results to this build's segment; journals each entry once its bytes
    are safely in the segment."""

    def __init__(self, store: Store, journal: Journal) -> None:
        import os
        import time

        self.store, self.journal = store, journal
        self._stem = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{os.urandom(3).hex()}"
        self._count = 0
        self._fh: Any = None
        self._name = ""
        self._size = 0
        self._waiting: list[Entry] = []  # remote: written, not yet uploaded

    def add(self, entry: Entry, data: bytes) -> None:
        if self._fh is None:
            self._open()
        entry.segment, entry.offset, entry.length = self._name, self._size, len(data)
        self._fh.write(data)
        self._size += len(data)
        if self.store.local:
            self._fh.flush()
            self.journal.append([entry])
            return
        self._waiting.append(entry)
        if len(self._waiting) >= SEGMENT_INPUTS or self._size >= SEGMENT_BYTES:
            self._close_segment()

    def _open(self) -> None:
        self._name = f"{self._stem}-{self._count:05d}.seg"
        self._count += 1
        self._size = 0
        self._fh = self.store.open(segment_path(self._name), "ab" if self.store.local else "wb")

    def _close_segment(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        if self._waiting:
            self.journal.append(self._waiting)
            self._waiting = []

    def close(self) -> None:
        self._close_segment()


class SegmentReader:
    """Reads entries from segments in one or more stores (the work directory first)."""

    def __init__(self, *stores: Store) -> None:
        self.stores = stores
        self._handles: dict[str, Any] = {}
        self._where: dict[str, Store] = {}
        self._listing = {id(s): set(s.listdir(CACHE)) for s in stores}
        self._sizes: dict[str, int] = {}

    def find(self, segment: str) -> Store | None:
        for store in self.stores:
            if segment in self._listing[id(store)]:
                return store
        return None

    def holds(self, entry: Entry) -> bool:
        """Is the entry's segment there, and long enough to hold it?"""
        store = self.find(entry.segment)
        if store is None:
            return False
        key = f"{id(store)}:{entry.segment}"
        if key not in self._sizes:
            self._sizes[key] = int(store.fs.size(store.path(segment_path(entry.segment))))
        return entry.offset + entry.length <= self._sizes[key]

    def read(self, entry: Entry) -> bytes:
        handle = self._handles.get(entry.segment)
        if handle is None:
            store = self.find(entry.segment)
            if store is None:
                raise FileNotFoundError(f"cache segment {entry.segment} is missing")
            handle = self._handles[entry.segment] = store.open(segment_path(entry.segment), "rb")
        handle.seek(entry.offset)
        data = handle.read(entry.length)
        if len(data) != entry.length:
            raise OSError(f"cache segment {entry.segment} is shorter than its manifest says")
        return data

    def close(self) -> None:
        for handle in self._handles.values():
            handle.close()
        self._handles.clear()


def encode_result(lines: Iterable[dict[str, Any]]) -> bytes:
    import zstandard

    body = "".join(json.dumps(x, ensure_ascii=False, separators=(",", ":")) + "\n" for x in lines)
    return zstandard.ZstdCompressor(level=3).compress(body.encode("utf-8", "surrogatepass"))


def decode_result(data: bytes) -> list[dict[str, Any]]:
    import zstandard

    text = zstandard.ZstdDecompressor().decompress(data).decode("utf-8", "surrogatepass")
    return [json.loads(line) for line in text.splitlines() if line]


# ---- the skip policy ----------------------------------------------------------------------

def _host_claimed(host: str, domains: Iterable[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def reusable(entry: Entry, ctx: Context, selections: dict[str, Selection]) -> str | None:
    """None when `entry` can be reused as is, else why not (for the debug log). The
    content check (size/mtime/sha256) is the caller's."""
    if ctx.full:
        return "--full"
    if entry.retry:
        return "a page timed out or crashed its worker"
    if entry.base != ctx.base:
        return "cleaner, vocabulary, agencies or options changed"
    for name, digest in entry.rules.items():
        if ctx.rule_hashes.get(name) != digest:
            return f"rule {name} changed"
    if entry.selection == ctx.selection.id:
        return None
    old = selections.get(entry.selection)
    if old is None:
        return "rule selection of the previous build unknown"
    new = ctx.selection
    changed = {d for d in set(old.domains) | set(new.domains)
               if old.domains.get(d) != new.domains.get(d)}
    sig_changed = old.signatures != new.signatures
    if "" in entry.hosts and (changed or sig_changed):
        return "a page without a known host, and rule selection changed"
    if any(_host_claimed(h, changed) for h in entry.hosts if h):
        return "a rule's domains changed for one of its hosts"
    if sig_changed:
        with_sigs = set(old.signatures) | set(new.signatures)
        if entry.unruled or any(name in with_sigs for name in entry.rules):
            return "rule signatures changed"
    return None


def summarize(source: str, outcomes: list[dict[str, Any]]) -> dict[str, Any]:
    """The rule-related facts of one input's results, for its manifest entry."""
    from urllib.parse import urlsplit

    rules: set[str] = set()
    hosts: set[str] = set()
    unruled = retry = False
    records = rejects = 0
    for item in outcomes:
        record = item.get("record")
        url = item.get("url")
        if record is not None:
            records += 1
            rule = record.get("rule")
            if rule:
                rules.add(str(rule).split("@", 1)[0])
            else:
                unruled = True
            for candidate in (url, record.get("url")):
                if candidate:
                    hosts.add((urlsplit(candidate).hostname or "").removeprefix("www."))
            if not url and not record.get("url"):
                hosts.add("")
        else:
            rejects += 1
            reason = item["reject"]["reason"]
            if reason in RETRY_REASONS:
                retry = True
            elif reason not in READ_REASONS:
                unruled = True
                hosts.add((urlsplit(url).hostname or "").removeprefix("www.") if url else "")
    return {"rules": sorted(rules), "hosts": sorted(hosts), "unruled": unruled,
            "retry": retry, "records": records, "rejects": rejects}


__all__ = ["Context", "Entry", "Journal", "SegmentReader", "SegmentWriter", "Selection",
           "base_fingerprint", "code_hash", "decode_result", "encode_result", "read_entries",
           "read_state", "reusable", "segment_path", "summarize", "write_manifest",
           "write_state"]
