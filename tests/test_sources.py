"""Input discovery and reading: plain and gzip'd pages, WARC records, the raw manifest."""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from cleaner.api import RawDoc
from cleaner.sources import (
    InputError,
    Reject,
    discover,
    iter_docs,
    iter_warc,
    kind_of,
    load_raw_manifest,
    parse_http_response,
    read_file_bytes,
)

PAGE = b"<html><body><p>Hello there, this is a page.</p></body></html>"


def write_warc(path: Path, records: list[tuple[str, str, bytes]], *, gz: bool = True,
               http_headers: dict[str, list[tuple[str, str]]] | None = None) -> list[int]:
    """A WARC of HTTP responses (uri, content type, body); returns the record offsets."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    offsets = []
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for uri, ctype, body in records:
            offsets.append(fh.tell())
            headers = [("Content-Type", ctype)] + (http_headers or {}).get(uri, [])
            status = "404 Not Found" if uri.endswith("/missing") else "200 OK"
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body),
                http_headers=StatusAndHeaders(status, headers, protocol="HTTP/1.1"),
                warc_headers_dict={"WARC-Date": "2023-09-19T10:00:00Z"})
            writer.write_record(record)
    return offsets


def test_kind_of() -> None:
    assert kind_of("a.html") == kind_of("b.HTM") == kind_of("c.xhtml.gz") == "html"
    assert kind_of("saved.mhtml") == kind_of("ie.MHT") == kind_of("d.mhtml.gz") == "html"
    assert kind_of("x.warc") == kind_of("x.warc.gz") == "warc"
    for name in ("manifest.jsonl", "README.md", "data.json", "notes.txt", "img.png", "a.gz"):
        assert kind_of(name) is None


def test_discover_sorted_and_filtered(tmp_path: Path) -> None:
    for name in ("b/2.html", "b/10.html.gz", "a.htm", "z.warc.gz", "manifest.jsonl",
                 "README.md", "x.json", "n.txt", ".hidden/h.html", "c/.secret.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(PAGE)
    found = discover(tmp_path)
    assert [f.path for f in found] == ["a.htm", "b/10.html.gz", "b/2.html", "z.warc.gz"]
    assert [f.kind for f in found] == ["html", "html", "html", "warc"]
    assert all(f.size == len(PAGE) for f in found)


def test_discover_skips_the_folder_a_browser_saved_beside_a_page(tmp_path: Path) -> None:
    """Chrome's "Webpage, Complete" saves iframes (ads, players, comment widgets) into the
    page's companion folder as saved_resource.html: parts of the page, not pages. A folder
    named like one without its page beside it is an ordinary folder."""
    for name in ("news/Storm hits coast.html", "news/Storm hits coast_files/saved_resource.html",
                 "news/Storm hits coast_files/saved_resource(1).html",
                 "news/Storm hits coast_files/deep/frame.htm", "news/Storm hits coast_files/a.css",
                 "old/Budget.HTM", "old/Budget_files/ad.html", "archive_files/page.html",
                 "news/other.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(PAGE)
    assert [f.path for f in discover(tmp_path)] == [
        "archive_files/page.html", "news/Storm hits coast.html", "news/other.html",
        "old/Budget.HTM"]


def test_discover_missing_dir(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        discover(tmp_path / "nope")


@pytest.fixture(params=["isal", "zlib"], autouse=False)
def inflate(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Page files are unpacked with python-isal where it is installed, else zlib: the same
    answers (bytes, errors, limits) either way."""
    import zlib

    from cleaner import sources

    if request.param == "zlib":
        monkeypatch.setattr(sources, "_gzip_inflate", zlib)
    else:
        pytest.importorskip("isal")
        assert sources._gzip_inflate is not zlib
    return request.param


def test_read_file_bytes_plain_and_gzip(tmp_path: Path, inflate: str) -> None:
    (tmp_path / "a.html").write_bytes(PAGE)
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(PAGE))
    (tmp_path / "c.html.gz").write_bytes(gzip.compress(PAGE[:20]) + gzip.compress(PAGE[20:]))
    (tmp_path / "d.html.gz").write_bytes(PAGE)  # named .gz but plain: read as is
    for name in ("a.html", "b.html.gz", "c.html.gz", "d.html.gz"):
        assert read_file_bytes(tmp_path / name) == PAGE


@pytest.mark.parametrize("damage, reason", [
    (lambda z: z[: len(z) // 2], "gzip-truncated"),
    (lambda z: z[:12] + b"\xff" * 20 + z[32:], "gzip-corrupt"),
])
def test_read_file_bytes_bad_gzip(tmp_path: Path, damage: Callable[[bytes], bytes],
                                  reason: str, inflate: str) -> None:
    path = tmp_path / "bad.html.gz"
    path.write_bytes(damage(gzip.compress(PAGE * 50)))
    with pytest.raises(ValueError, match="bad.html.gz") as info:
        read_file_bytes(path)
    assert isinstance(info.value, InputError) and info.value.reason == reason


def test_read_file_bytes_limit_stops_a_gzip_bomb(tmp_path: Path, inflate: str) -> None:
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(gzip.compress(b"<p>" + b"a" * 5_000_000))
    with pytest.raises(InputError) as info:
        read_file_bytes(path, max_bytes=100_000)
    assert info.value.reason == "too-large"


def test_raw_manifest_gives_url_and_fetch_date(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "p.html").write_bytes(PAGE)
    (tmp_path / "manifest.jsonl").write_text(
        json.dumps({"path": "x/p.html", "url": "https://ex.com/p",
                    "fetched": "2023-01-02T03:04:05Z"}) + "\nnot json\n", encoding="utf-8")
    side = load_raw_manifest(tmp_path)
    (inp,) = discover(tmp_path)
    (doc,) = list(iter_docs(tmp_path, inp, side))
    assert isinstance(doc, RawDoc)
    assert (doc.source, doc.url, doc.fetched, doc.data) == (
        "x/p.html", "https://ex.com/p", "2023-01-02T03:04:05Z", PAGE)


@pytest.mark.parametrize("gz", [True, False])
def test_warc_pages_rejects_and_truncation(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("a.warc.gz" if gz else "a.warc")
    offsets = write_warc(path, [
        ("https://ex.com/1", "text/html; charset=utf-8", PAGE),
        ("https://ex.com/logo.png", "image/png", b"\x89PNG\r\n\x1a\n...."),
        ("https://ex.com/missing", "text/html", b"<html>gone</html>"),
        ("https://ex.com/2", "text/html; charset=ISO-8859-1", "<p>caf\xe9</p>".encode("latin-1")),
        ("https://ex.com/3", "text/html", PAGE * 20),
    ], gz=gz)
    data = path.read_bytes()
    path.write_bytes(data[:-100])  # the last record loses its end
    items = list(iter_warc(path.open("rb"), path.name))
    name = path.name
    assert [getattr(i, "reason", "page") for i in items] == [
        "page", "not-html", "http-status", "page", "warc-truncated"]
    assert [i.source for i in items] == [f"{name}#{o}" for o in offsets]
    first, second = items[0], items[3]
    assert isinstance(first, RawDoc) and isinstance(second, RawDoc)
    assert (first.url, first.fetched, first.charset, first.data) == (
        "https://ex.com/1", "2023-09-19T10:00:00+00:00", "utf-8", PAGE)
    assert second.charset == "iso-8859-1"


@pytest.mark.parametrize("gz", [True, False])
def test_warc_malformed_record_is_skipped_and_reading_resumes(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("m.warc.gz" if gz else "m.warc")
    offsets = write_warc(path, [(f"https://ex.com/{n}", "text/html", PAGE) for n in range(4)],
                         gz=gz)
    data = bytearray(path.read_bytes())
    bad = offsets[1]
    data[bad + 2: bad + 30] = b"\xff" * 28  # garble record 2's gzip header / WARC version line
    path.write_bytes(bytes(data))
    items = list(iter_warc(path.open("rb"), path.name))
    kinds = [getattr(i, "reason", "page") for i in items]
    assert kinds == ["page", "warc-malformed", "page", "page"]
    assert items[1].source == f"{path.name}#{bad}"
    assert [i.url for i in items if isinstance(i, RawDoc)] == [
        "https://ex.com/0", "https://ex.com/2", "https://ex.com/3"]


def test_warc_chunked_and_gzip_content_encoding(tmp_path: Path) -> None:
    body = gzip.compress(PAGE)
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    path = tmp_path / "c.warc.gz"
    write_warc(path, [("https://ex.com/z", "text/html", chunked)], http_headers={
        "https://ex.com/z": [("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")]})
    (doc,) = list(iter_warc(path.open("rb"), path.name))
    assert isinstance(doc, RawDoc) and doc.data == PAGE


def test_parse_http_response() -> None:
    status, headers, body = parse_http_response(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX: y\r\n\r\n<p>hi</p>")
    assert (status, headers["content-type"], body) == (200, "text/html", b"<p>hi</p>")
    with pytest.raises(InputError):
        parse_http_response(b"garbage without headers")


def test_iter_docs_rejects_a_truncated_gzip_page(tmp_path: Path) -> None:
    (tmp_path / "t.html.gz").write_bytes(gzip.compress(PAGE * 100)[:40])
    (inp,) = discover(tmp_path)
    (item,) = list(iter_docs(tmp_path, inp, {}))
    assert isinstance(item, Reject) and item.reason == "gzip-truncated"
    assert item.source == "t.html.gz" and "t.html.gz" in item.detail


def test_a_content_length_that_runs_into_the_next_record_loses_only_its_record(
        tmp_path: Path) -> None:
    """USER_NEEDS C8: a record whose Content-Length is larger than its block must not swallow
    the next record: it is rejected, and the record it ran into is read."""
    path = tmp_path / "overrun.warc"
    offsets = write_warc(path, [(f"https://ex.com/{n}", "text/html", PAGE) for n in range(3)],
                         gz=False)
    data = path.read_bytes()
    head_end = data.index(b"\r\n\r\n", offsets[1])
    header = data[offsets[1]:head_end]
    length = int(header.split(b"Content-Length: ")[1].split(b"\r\n")[0])
    longer = header.replace(f"Content-Length: {length}".encode(),
                            f"Content-Length: {length + 150}".encode())
    path.write_bytes(data[:offsets[1]] + longer + data[head_end:])
    items = list(iter_warc(path.open("rb"), path.name))
    kinds = [getattr(i, "reason", "page") for i in items]
    assert kinds == ["page", "warc-malformed", "page"]
    assert [i.url for i in items if isinstance(i, RawDoc)] == ["https://ex.com/0", "https://ex.com/2"]


def test_read_input_local_and_url(tmp_path: Path) -> None:
    from cleaner.sources import read_input

    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.html").write_bytes(b"<p>local</p>")
    assert read_input(str(tmp_path), "sub/a.html") == b"<p>local</p>"
    assert read_input(f"file://{tmp_path}", "sub/a.html") == b"<p>local</p>"
    with pytest.raises(OSError):
        read_input(str(tmp_path), "sub/missing.html")
    fsspec = pytest.importorskip("fsspec")
    with fsspec.open("memory://raw-read-input/b.html", "wb") as fh:
        fh.write(b"<p>memory</p>")
    assert read_input("memory://raw-read-input", "b.html") == b"<p>memory</p>"

