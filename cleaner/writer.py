"""Output: a directory (local or fsspec) that is built aside and swapped in atomically, and
the writers for its files (sharded JSONL, optionally .gz or .zst; rejects; report).

Atomic replacement, local disk: the new corpus is written to a hidden sibling
`.<name>.building/`; when it is complete it is exchanged with `<name>/` in one step with
Linux `renameat2(RENAME_EXCHANGE)`, or, where that is unavailable, with two renames
(`<name>` -> `.<name>.old`, `.<name>.building` -> `<name>`) that the next build repairs if
it finds them half done. Either way `<name>/` holds the complete old corpus or the complete
new one, never a mix, whenever the build is killed (SIGKILL included).

Object stores have no rename: on a remote `--out` the new corpus is written under the
sibling prefix and copied over the old one at the end (documented in docs/scaling.md; a
killed copy is finished by the next build, which still finds the complete sibling).

Everything written is deterministic (gzip with mtime 0 and no file name; single-threaded
zstd), except report.json which holds timings.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gzip
import io
import logging
import os
import posixpath
import shutil
from collections.abc import Iterable
from typing import IO, Any

import fsspec

from cleaner.record import to_json_line

log = logging.getLogger(__name__)

SHARD_PREFIX = "corpus-"
REJECTS = "rejects.jsonl"
REPORT = "report.json"
GITIGNORE = ".gitignore"
STATE_DIR = ".build"
# Written into every output directory (the committed corpus_clean/ carries the same bytes):
# report.json has timings and .build/ the incremental build state, so neither belongs in git.
GITIGNORE_TEXT = (
    "# Written by `clean build`: report.json holds timings and .build/ the incremental\n"
    "# build state (manifest and cache), so neither is reproducible byte for byte.\n"
    "report.json\n"
    ".build/\n"
)
COMPRESSIONS = {"none": "", "gz": ".gz", "zst": ".zst"}
DEFAULT_SHARD_SIZE = 10_000
CARD = "README.md"  # the dataset card (cleaner/datacard.py)
_OUR_NAMES = {REJECTS, REPORT, GITIGNORE, STATE_DIR, CARD}


class OutputDirError(ValueError):
    """--out points at a directory that is not a corpus this tool wrote."""


class Store:
    """A directory on the local disk or behind fsspec, addressed by relative paths."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.fs, root = fsspec.core.url_to_fs(url)
        self.root = root.rstrip("/") or root
        self.local = "file" in _protocols(self.fs)
        self._made: set[str] = set()  # local directories known to exist

    def path(self, rel: str = "") -> str:
        return posixpath.join(self.root, rel) if rel else self.root

    def exists(self, rel: str = "") -> bool:
        return bool(self.fs.exists(self.path(rel)))

    def isdir(self, rel: str = "") -> bool:
        return bool(self.fs.isdir(self.path(rel)))

    def makedirs(self, rel: str = "") -> None:
        self.fs.makedirs(self.path(rel), exist_ok=True)

    def open(self, rel: str, mode: str = "rb") -> IO[Any]:
        if "w" in mode or "a" in mode:
            parent = posixpath.dirname(rel)
            if parent:
                self.makedirs(parent)
            elif self.local:
                self.makedirs()
        return self.fs.open(self.path(rel), mode)

    def listdir(self, rel: str = "") -> list[str]:
        if not self.isdir(rel):
            return []
        listing = self.fs.ls(self.path(rel), detail=False)
        return sorted(posixpath.basename(p.rstrip("/")) for p in listing)

    def remove(self, rel: str) -> None:
        if self.exists(rel):
            self.fs.rm(self.path(rel), recursive=True)

    def rmtree(self) -> None:
        if self.local:
            shutil.rmtree(self.root, ignore_errors=True)
        elif self.fs.exists(self.root):
            self.fs.rm(self.root, recursive=True)

    def write_bytes(self, rel: str, data: bytes, *, atomic: bool = True) -> None:
        """Write a whole file. `atomic`: a reader never sees it half written (local: a
        temporary name then a rename; object stores: a single PUT is atomic already).
        Without it (cache files, which are only referenced once complete) a local write
        saves the rename."""
        if self.local:
            full = self.path(rel)
            parent = os.path.dirname(full)
            if parent not in self._made:
                os.makedirs(parent, exist_ok=True)
                self._made.add(parent)
            tmp = f"{full}.tmp{os.getpid()}" if atomic else full
            with open(tmp, "wb") as fh:
                fh.write(data)
            if atomic:
                os.replace(tmp, full)
        else:
            with self.open(rel, "wb") as fh:
                fh.write(data)

    def read_bytes(self, rel: str) -> bytes:
        with self.open(rel, "rb") as fh:
            return fh.read()

    def link_from(self, other: Store, rel: str) -> None:
        """Put `other`'s file `rel` here too: a hard link on one local disk, else a copy."""
        if self.local and other.local:
            dst = self.path(rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            if os.path.exists(dst):
                return
            try:
                os.link(other.path(rel), dst)
                return
            except OSError:
                shutil.copyfile(other.path(rel), dst)
                return
        if self.fs is other.fs:
            self.fs.copy(other.path(rel), self.path(rel))
            return
        self.write_bytes(rel, other.read_bytes(rel))


def _protocols(fs: Any) -> tuple[str, ...]:
    proto = fs.protocol
    return (proto,) if isinstance(proto, str) else tuple(proto)


# ---- the output directory and its atomic replacement --------------------------------------

class OutputDir:
    """`out` and its hidden siblings: `.<name>.building` (the build in progress, kept
    after a kill so the next build resumes from it) and `.<name>.old` (only during a swap
    without renameat2)."""

    def __init__(self, out: str) -> None:
        fs, root = fsspec.core.url_to_fs(out)
        root = root.rstrip("/")
        parent, name = posixpath.split(root)
        protocol = _protocols(fs)[0]
        prefix = "" if "file" in _protocols(fs) else f"{protocol}://"
        self.out = Store(prefix + root)
        self.work = Store(prefix + posixpath.join(parent, f".{name}.building"))
        self.old = Store(prefix + posixpath.join(parent, f".{name}.old"))
        if self.out.local:
            self.out.fs.makedirs(parent or ".", exist_ok=True)

    def recover(self) -> None:
        """Repair a swap that a kill interrupted between its two renames."""
        if not self.old.exists():
            return
        if not self.out.exists():
            if self.work.exists() and self.work.exists(f"{STATE_DIR}/COMPLETE"):
                log.warning("finishing an interrupted swap: %s", self.out.url)
                self._rename(self.work, self.out)
            else:
                log.warning("restoring %s from an interrupted swap", self.out.url)
                self._rename(self.old, self.out)
        self.old.rmtree()

    def check_replaceable(self) -> None:
        """Refuse to replace a directory holding anything this tool did not write."""
        if not self.out.isdir():
            if self.out.exists():
                raise OutputDirError(f"{self.out.url} exists and is not a directory")
            return
        foreign = [n for n in self.out.listdir() if n not in _OUR_NAMES
                   and not n.startswith(SHARD_PREFIX)]
        if foreign:
            raise OutputDirError(
                f"{self.out.url} holds files that `clean build` did not write "
                f"({', '.join(foreign[:5])}); it would replace them. Use another --out "
                f"or remove them.")

    def start_work(self) -> None:
        """Make the work directory, keeping its build state (a killed build's finished
        inputs) but none of its outputs."""
        self.work.makedirs()
        for name in self.work.listdir():
            if name != STATE_DIR:
                self.work.remove(name)
        self.work.remove(f"{STATE_DIR}/COMPLETE")

    def swap_in(self) -> None:
        """Replace `out` by the finished work directory, atomically where the OS allows."""
        self.work.write_bytes(f"{STATE_DIR}/COMPLETE", b"")
        if self.out.local:
            _fsync_tree(self.work.root)
            if not self.out.exists():
                os.rename(self.work.root, self.out.root)
            elif _exchange(self.work.root, self.out.root):
                pass  # the old corpus now sits at the work path
            else:
                os.rename(self.out.root, self.old.root)
                os.rename(self.work.root, self.out.root)
                self.work = self.old
            self.work.rmtree()
            self.out.remove(f"{STATE_DIR}/COMPLETE")
            _fsync_dir(os.path.dirname(self.out.root) or ".")
            return
        # Object store: no rename. Copy the complete new tree over the old one.
        if self.out.exists():
            self.out.rmtree()
        self.out.fs.copy(self.work.root, self.out.root, recursive=True)
        self.work.rmtree()
        self.out.remove(f"{STATE_DIR}/COMPLETE")

    def _rename(self, src: Store, dst: Store) -> None:
        if src.local:
            os.rename(src.root, dst.root)
        else:
            src.fs.copy(src.root, dst.root, recursive=True)
            src.rmtree()


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: str, b: str) -> bool:
    """Atomically exchange two paths (Linux renameat2 RENAME_EXCHANGE). False when the
    platform or filesystem cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def _fsync_tree(root: str) -> None:
    """Flush the new corpus to disk before it replaces the old one (a power cut after the
    swap must not leave empty files behind the new name). The cache is not flushed: an
    entry that a power cut cut short is found shorter than the manifest says, and is then
    recomputed."""
    for dirpath, dirs, files in os.walk(root):
        if os.path.basename(dirpath) == STATE_DIR:
            dirs[:] = [d for d in dirs if d != "cache"]
        for name in files:
            try:
                fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            except OSError:
                continue
            try:
                os.fsync(fd)
            except OSError:
                pass
            finally:
                os.close(fd)
        _fsync_dir(dirpath)


def _fsync_dir(path: str) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# ---- file writers -------------------------------------------------------------------------

def shard_name(index: int, compress: str = "none") -> str:
    return f"{SHARD_PREFIX}{index:05d}.jsonl{COMPRESSIONS[compress]}"


class _Compressed:
    """A binary writer that compresses deterministically and closes what it opened."""

    def __init__(self, raw: IO[bytes], compress: str) -> None:
        self._raw = raw
        self._inner: Any
        if compress == "gz":
            self._inner = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0,
                                        compresslevel=6)
        elif compress == "zst":
            import zstandard

            self._inner = zstandard.ZstdCompressor(level=3, threads=0).stream_writer(
                raw, closefd=False)
        else:
            self._inner = raw
        self._buffer = io.BufferedWriter(_Sink(self._inner), buffer_size=1 << 20) \
            if compress != "none" else None

    def write(self, data: bytes) -> None:
        (self._buffer or self._inner).write(data)

    def close(self) -> None:
        if self._buffer is not None:
            self._buffer.flush()
            self._inner.close()  # gzip/zstd trailer; leaves `raw` open
        self._raw.close()


class _Sink(io.RawIOBase):
    def __init__(self, target: Any) -> None:
        super().__init__()
        self._target = target

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._target.write(bytes(data))
        return len(data)


class ShardWriter:
    """Records as JSON lines into corpus-00000.jsonl, corpus-00001.jsonl, ... with at
    most `shard_size` records each. At least one shard is always written (an empty corpus
    is an empty corpus-00000.jsonl, so readers find the file they expect)."""

    def __init__(self, store: Store, shard_size: int = DEFAULT_SHARD_SIZE,
                 compress: str = "none") -> None:
        if shard_size < 1:
            raise ValueError("--shard-size must be at least 1")
        if compress not in COMPRESSIONS:
            raise ValueError(f"--compress must be one of {sorted(COMPRESSIONS)}")
        self.store, self.shard_size, self.compress = store, shard_size, compress
        self.shards: list[str] = []
        self._current: _Compressed | None = None
        self._count = 0
        self.records = 0

    def write(self, record: dict[str, Any]) -> None:
        if self._current is None or self._count >= self.shard_size:
            self._open_next()
        assert self._current is not None
        self._current.write((to_json_line(record) + "\n").encode("utf-8"))
        self._count += 1
        self.records += 1

    def _open_next(self) -> None:
        if self._current is not None:
            self._current.close()
        name = shard_name(len(self.shards), self.compress)
        self.shards.append(name)
        self._current = _Compressed(self.store.open(name, "wb"), self.compress)
        self._count = 0

    def close(self) -> list[str]:
        if self._current is None:
            self._open_next()
        assert self._current is not None
        self._current.close()
        self._current = None
        return self.shards


def write_lines(store: Store, rel: str, rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    with store.open(rel, "wb") as fh:
        buffered = io.BufferedWriter(_Sink(fh), buffer_size=1 << 20)
        for row in rows:
            buffered.write((to_json_line(row) + "\n").encode("utf-8"))
            count += 1
        buffered.flush()
    return count
