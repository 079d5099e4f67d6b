"""Browser-saved pages: MHTML archives (Chrome/Edge "Webpage, Single File", IE's .mht) and the
saved-from marks of pages saved as HTML (saved.py)."""

import json
import plistlib
import quopri
from pathlib import Path

import pytest

import cleaner
from cleaner.api import RawDoc, extract_result
from cleaner.build import build
from cleaner.errors import Drop
from cleaner.saved import is_mhtml, saved_url, unpack

FIXTURES = Path(__file__).parent / "fixtures"
DW = FIXTURES / "dw" / "berlin-confronts-germanys-colonial-past-with-new-initiative"
DW_URL = "https://www.dw.com/en/berlin-confronts-germanys-colonial-past-with-new-initiative/a-52060881"

ARTICLE = """<!DOCTYPE html><html lang="{lang}"><head><title>{title}</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>{title}</h1>
<p>{p1}</p><p>{p2}</p><p>{p3}</p></article><footer>All rights reserved</footer></body></html>"""

EN = {"lang": "en", "title": "Council approves the new budget",
      "p1": "The city council approved the budget for next year on Monday evening after a "
            "long debate about the cost of new schools and roads.",
      "p2": "The mayor said the plan would keep taxes flat while adding two hundred teachers "
            "to the payroll over the next three years.",
      "p3": "Opposition members said the figures relied on optimistic forecasts and asked "
            "for an independent review of the spending plans."}
RU = {"lang": "ru", "title": "Совет утвердил новый бюджет",
      "p1": "Городской совет в понедельник вечером утвердил бюджет на следующий год после "
            "долгих споров о стоимости новых школ и дорог.",
      "p2": "Мэр заявил, что план позволит сохранить налоги на прежнем уровне и при этом "
            "нанять двести учителей в течение трёх лет.",
      "p3": "Представители оппозиции сочли расчёты слишком оптимистичными и потребовали "
            "независимой проверки расходов."}


def blink_mhtml(html: bytes, url: str, *, charset: str | None = None, subframe: bytes = b"",
                date: str = "Tue, 2 Dec 2025 09:14:03 -0000") -> bytes:
    """An archive laid out as Chrome's "Save as... Webpage, Single File" writes it
    (Blink's MHTMLArchive: header block, then quoted-printable text parts with CRLF line
    ends, a Content-ID per frame, base64 images), reconstructed from Blink's
    generateMHTMLHeader and archives Chrome saved."""
    boundary = "----MultipartBoundary--Zd3kq0Ufh7JbN2mYcWv9XxPq4HsL6TgRr1AoE8iBy5----"

    def qp(data: bytes) -> bytes:
        return quopri.encodestring(data).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")

    def part(kind: str, location: str, body: bytes, frame: str | None = None,
             encoding: str = "quoted-printable") -> bytes:
        head = [f"Content-Type: {kind}"]
        if frame:
            head.append(f"Content-ID: <frame-{frame}@mhtml.blink>")
        head += [f"Content-Transfer-Encoding: {encoding}", f"Content-Location: {location}"]
        return ("--" + boundary + "\r\n" + "\r\n".join(head) + "\r\n\r\n").encode() + body + b"\r\n"

    header = (f"From: <Saved by Blink>\r\nSnapshot-Content-Location: {url}\r\n"
              f"Subject: =?utf-8?Q?Saved_page?=\r\nDate: {date}\r\nMIME-Version: 1.0\r\n"
              f"Content-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n"
              f"\tboundary=\"{boundary}\"\r\n\r\n\r\n").encode()
    html_type = f"text/html; charset={charset}" if charset else "text/html"
    parts = [part(html_type, url, qp(html), frame="7A1C0E5B9D2F4E83B6A1C0D2E3F40516")]
    if subframe:
        parts.append(part("text/html", "https://ads.example.net/frame.html", qp(subframe),
                          frame="0F1E2D3C4B5A69788796A5B4C3D2E1F0"))
    parts.append(part("text/css", "cid:css-4c1b7d2e@mhtml.blink",
                      qp(b"@charset \"utf-8\";\nbody { margin: 0px; }\n")))
    parts.append(part("image/png", "https://www.example.com/logo.png",
                      b"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==",
                      encoding="base64"))
    return header + b"".join(parts) + ("--" + boundary + "--\r\n").encode()


def test_an_mhtml_archive_gives_its_page_url_and_save_time() -> None:
    page = ARTICLE.format(**EN).encode()
    archive = blink_mhtml(page, "https://news.example.com/2025/12/budget",
                          subframe=b"<html><body><p>Buy now! " * 40 + b"</p></body></html>")
    assert is_mhtml(archive) and not is_mhtml(page)
    doc = unpack(RawDoc("saved.mhtml", archive))
    assert doc.data.replace(b"\r\n", b"\n") == page  # the main frame, not the ad's subframe
    assert doc.url == "https://news.example.com/2025/12/budget"
    assert doc.fetched == "2025-12-02T09:14:03+00:00"
    record = cleaner.extract(archive, rules=False)
    assert record is not None
    assert record["url"] == "https://news.example.com/2025/12/budget"
    assert record["domain"] == "news.example.com"
    assert record["title"] == EN["title"]
    assert record["text"].split("\n\n") == [EN["p1"], EN["p2"], EN["p3"]]
    assert "Buy now" not in record["text"] and "MultipartBoundary" not in record["text"]
    assert record["date_fetched"] == "2025-12-02T09:14:03+00:00"


def test_the_parts_charset_decodes_the_page() -> None:
    """A page saved in a legacy charset keeps it in its part's Content-Type (IE's .mht,
    older Chrome); the page itself does not declare one here."""
    page = ARTICLE.format(**RU).encode("windows-1251")
    record = cleaner.extract(blink_mhtml(page, "https://news.example.ru/budget",
                                         charset="windows-1251"), rules=False)
    assert record is not None
    assert record["language"] == "ru"
    assert record["text"].split("\n\n") == [RU["p1"], RU["p2"], RU["p3"]]


def test_a_real_page_in_an_archive_gives_the_same_record_as_the_page() -> None:
    """DW's page (a real one, see the fixture's page.toml) saved as MHTML: the same text and
    metadata as the page read with its URL given, without giving it."""
    page = (DW / "source.html").read_bytes()
    plain = cleaner.extract(page, url=DW_URL, fetched="2025-12-02T09:14:03+00:00")
    saved = cleaner.extract(blink_mhtml(page, DW_URL))
    assert plain is not None and saved is not None
    for key in ("id", "url", "outlet", "title", "text", "authors", "agencies",
                "date_published", "language"):
        assert saved[key] == plain[key], key


def test_the_callers_url_and_fetch_time_win_over_the_archives() -> None:
    archive = blink_mhtml(ARTICLE.format(**EN).encode(), "https://news.example.com/a")
    doc = unpack(RawDoc("x.mhtml", archive, url="https://mirror.example.org/a",
                        fetched="2024-01-01T00:00:00+00:00"))
    assert (doc.url, doc.fetched) == ("https://mirror.example.org/a", "2024-01-01T00:00:00+00:00")


@pytest.mark.parametrize("archive", [
    (b"From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related; "
     b"boundary=\"B\"\r\n\r\n--B\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: "
     b"base64\r\n\r\niVBORw0KGgo=\r\n--B--\r\n"),
    b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"B\"\r\n\r\nno parts at all",
])
def test_an_archive_without_a_page_is_rejected_as_not_html(archive: bytes) -> None:
    with pytest.raises(Drop) as caught:
        unpack(RawDoc("x.mht", archive))
    assert caught.value.reason == "not-html"
    assert extract_result(archive, rules=False).reason == "not-html"


def test_mime_like_text_that_is_not_an_archive_stays_what_it_is() -> None:
    """An e-mail saved as text, or a page whose first line looks like a header, is no
    archive: only a multipart/related header block makes one."""
    assert not is_mhtml(b"Subject: hello\r\nContent-Type: text/plain\r\n\r\nContent-Type: "
                        b"multipart/related in the body")
    assert not is_mhtml(b"<html><body>From: <Saved by Blink></body></html>")
    assert not is_mhtml(b"")


def test_saved_from_marks_give_the_url_of_a_page_without_one() -> None:
    page = ARTICLE.format(**EN)
    chrome = "<!DOCTYPE html>\r\n<!-- saved from url=(0040)https://news.example.com/2025/budget -->\r\n" + page
    singlefile = ("<!DOCTYPE html> <html><!--\n Page saved with SingleFile \n url: "
                  "https://news.example.com/2025/budget \n saved date: Tue Dec 02 2025 10:14:03 "
                  "GMT+0100 (Central European Standard Time)\n-->" + page.split("<html lang=\"en\">")[1])
    for text in (chrome, singlefile):
        assert saved_url(text.encode()) == "https://news.example.com/2025/budget"
        record = cleaner.extract(text.encode(), rules=False)
        assert record is not None and record["url"] == "https://news.example.com/2025/budget"
    # SingleFile also says when (JavaScript's Date.toString(): local time and its offset).
    assert cleaner.extract(singlefile.encode(), rules=False)["date_fetched"] \
        == "2025-12-02T09:14:03+00:00"  # type: ignore[index]
    assert cleaner.extract(singlefile.encode(), rules=False, fetched="2024-05-01T00:00:00Z")[
        "date_fetched"] == "2024-05-01T00:00:00Z"  # type: ignore[index]
    assert cleaner.extract(chrome.encode(), rules=False)["date_fetched"] is None  # type: ignore[index]
    # IE's mark for a page from a local zone names no page; a canonical link wins.
    ie = "<!-- saved from url=(0014)about:internet -->\n" + page
    assert cleaner.extract(ie.encode(), rules=False)["url"] is None  # type: ignore[index]
    canonical = chrome.replace("<head>", '<head><link rel="canonical" href="https://news.example.com/c">')
    assert cleaner.extract(canonical.encode(), rules=False)["url"] == "https://news.example.com/c"  # type: ignore[index]


def test_build_reads_mhtml_and_mht_files(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "budget.mhtml").write_bytes(blink_mhtml(ARTICLE.format(**EN).encode(),
                                                   "https://news.example.com/budget"))
    (raw / "safari.webarchive").write_bytes(webarchive(
        ARTICLE.format(**EN).replace("budget", "spending plan").encode("utf-16"),
        "https://news.example.com/spending", "UTF-16"))
    (raw / "budget-ru.mht").write_bytes(blink_mhtml(ARTICLE.format(**RU).encode("windows-1251"),
                                                    "https://news.example.ru/budget",
                                                    charset="windows-1251"))
    report = build(raw, tmp_path / "out", jobs=1)
    records = [json.loads(line) for shard in sorted((tmp_path / "out").glob("corpus-*.jsonl"))
               for line in shard.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["url"] for r in records) == ["https://news.example.com/budget",
                                                  "https://news.example.com/spending",
                                                  "https://news.example.ru/budget"]
    assert {r["language"] for r in records} == {"en", "ru"}
    assert report is not None


def test_explain_traces_the_page_inside_an_archive() -> None:
    """`clean explain` numbers the elements of the archive's page (not of the MIME text)
    and finds the same removals as for the page itself."""
    from cleaner.api import Extractor
    from cleaner.explain import trace

    extractor = Extractor.load(None)
    page = (DW / "source.html").read_bytes()
    saved = trace(extractor, blink_mhtml(page, DW_URL), source="dw.mhtml")
    plain = trace(extractor, page, source="dw.html", url=DW_URL)
    assert saved.result.record is not None and not saved.text_differs
    assert saved.removed and saved.removed == plain.removed
    assert saved.kept == plain.kept


def webarchive(html: bytes, url: str, encoding: str | None = "UTF-8") -> bytes:
    """A Safari "Web Archive": a binary property list with the page as WebMainResource and
    its images as WebSubresources (the keys Safari writes; plistlib writes the format)."""
    main = {"WebResourceData": html, "WebResourceFrameName": "", "WebResourceMIMEType": "text/html",
            "WebResourceURL": url}
    if encoding:
        main["WebResourceTextEncodingName"] = encoding
    logo = {"WebResourceData": b"\x89PNG\r\n\x1a\n", "WebResourceMIMEType": "image/png",
            "WebResourceURL": "https://news.example.com/logo.png"}
    return plistlib.dumps({"WebMainResource": main, "WebSubresources": [logo]},
                          fmt=plistlib.FMT_BINARY)


def test_a_safari_web_archive_gives_its_page_url_and_encoding() -> None:
    page = ARTICLE.format(**RU).encode("koi8-r")
    record = cleaner.extract(webarchive(page, "https://news.example.ru/budget", "KOI8-R"),
                             rules=False)
    assert record is not None
    assert record["url"] == "https://news.example.ru/budget"
    assert record["text"].split("\n\n") == [RU["p1"], RU["p2"], RU["p3"]]
    dw = (DW / "source.html").read_bytes()
    saved = cleaner.extract(webarchive(dw, DW_URL))
    plain = cleaner.extract(dw, url=DW_URL)
    assert saved is not None and plain is not None
    assert {k: saved[k] for k in ("id", "title", "text", "authors", "date_published")} \
        == {k: plain[k] for k in ("id", "title", "text", "authors", "date_published")}


@pytest.mark.parametrize("data", [
    b"bplist00" + b"\x00" * 40,  # cut short
    plistlib.dumps({"WebMainResource": {"WebResourceData": b"%PDF-1.7",
                                                      "WebResourceMIMEType": "application/pdf"}},
                                 fmt=plistlib.FMT_BINARY),
    plistlib.dumps(["not", "an", "archive"], fmt=plistlib.FMT_BINARY),
])
def test_a_property_list_without_a_page_is_rejected_as_not_html(data: bytes) -> None:
    result = extract_result(data, rules=False)
    assert result.record is None and result.reason == "not-html"
