"""Hostile pages for `cleaner` (issue 8, USER_NEEDS E1-E5): every case is a small factory
that returns the raw bytes of one input file and what must come of it.

    from hostile.generate import CASES, case, write_corpus
    entries = write_corpus(tmp_path / "raw", n_good=25, n_hostile=25)

`write_corpus` mixes good pages (the scrapinghub benchmark pages, copied byte for byte) with
hostile ones, writes them under `dir` and returns one `Entry` per file, saying whether it must
become a record (and which phrases its text must or must not hold) or a reject with a reason.
Cases are ordered so that the first 25 cover every kind of hostility at least once.

Run as a script to write a corpus:  python tests/hostile/generate.py DIR [N_GOOD] [N_HOSTILE]
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import json
import random
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GOOD_DIR = REPO / "bench" / "data" / "scrapinghub" / "html"

RECORD = "record"  # the expected outcome of a page that must become a record

# ---- text ---------------------------------------------------------------------------------

_PROSE = (
    "the minister said on Tuesday that the government would review the budget after a long "
    "debate in parliament where several members asked for more time to study the report on "
    "regional transport schools hospitals and the new energy plan which critics say will "
    "raise prices for families across the country this winter")
_WORDS = _PROSE.split()

FRENCH = ("L'Azerbaïdjan a lancé une opération « antiterroriste » au Haut-Karabakh, a déclaré "
          "le ministère de la Défense à Bakou. Les Arméniens de la région craignent une "
          "nouvelle guerre, été comme hiver.")
FRENCH_1252 = ("Le ministère a dit : « C’est une opération – coûteuse – de 5 € par œuvre » et "
               "l’enquête continue… jusqu’à l’été.")
RUSSIAN = ("Азербайджан объявил о начале антитеррористической операции в Карабахе, сообщило "
           "министерство обороны. Жители региона опасаются новой войны, ёлки и снег не в счёт.")
CHINESE = ("阿塞拜疆宣布在纳卡地区展开反恐行动。亚美尼亚方面表示局势相对稳定，国际社会呼吁各方"
           "保持克制，避免平民伤亡。")
JAPANESE = ("アゼルバイジャンはナゴルノ・カラバフで対テロ作戦を開始したと発表した。国際社会は"
            "自制を呼びかけている。")


def prose(seed: str, paragraphs: int = 4, words: int = 45) -> list[str]:
    """Deterministic English paragraphs, different for every seed (so that no two hostile
    pages are near-duplicates), each starting with a sentinel naming the seed."""
    rng = random.Random(hashlib.sha256(seed.encode()).digest())
    out = []
    for i in range(paragraphs):
        body = " ".join(rng.choice(_WORDS) for _ in range(words))
        out.append(f"Sentinel {sentinel(seed)} part {i}: {body.capitalize()}.")
    return out


def sentinel(seed: str) -> str:
    return "S" + hashlib.sha256(seed.encode()).hexdigest()[:10]


def page(body: str, *, head: str = "", title: str = "A hostile test page",
         lang: str = "en") -> str:
    return (f'<!DOCTYPE html><html lang="{lang}"><head><title>{title}</title>{head}</head>'
            f"<body><header><nav><a href='/'>Home</a> <a href='/world'>World</a></nav></header>"
            f"<main><article><h1>{title}</h1>{body}</article></main>"
            f"<footer><p>Copyright the publisher</p></footer></body></html>")


def paras(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def article(seed: str, *, head: str = "", extra: str = "") -> str:
    return page(paras(prose(seed)) + extra, head=head)


def foreign(text: str, seed: str, repeat: int = 3) -> list[str]:
    """Paragraphs in another language, with an ASCII sentinel so pages stay distinct."""
    return [f"{text} {sentinel(seed)}-{i}" for i in range(repeat)]


# ---- cases --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Case:
    """One hostile input. `expect`: RECORD or the reject reason of `extract()`;
    `expect_build`: the outcome in `clean build` when it differs (the build unpacks gzip
    before the extractor sees the bytes)."""

    name: str
    filename: str
    make: Callable[[], bytes]
    expect: str
    what: str
    expect_build: str | None = None
    contains: tuple[str, ...] = ()
    not_contains: tuple[str, ...] = ()
    title: str | None = None  # the record's title must be this
    charset: str | None = None  # a transport (HTTP) charset: extract() only, not in builds
    in_build: bool = True

    @property
    def build_outcome(self) -> str:
        return self.expect_build or self.expect

    def data(self) -> bytes:
        return self.make()


CASES: list[Case] = []


def _case(name: str, filename: str, expect: str, what: str, **kw: object) -> Callable[
        [Callable[[], bytes]], Callable[[], bytes]]:
    def register(make: Callable[[], bytes]) -> Callable[[], bytes]:
        CASES.append(Case(name, filename, make, expect, what, **kw))  # type: ignore[arg-type]
        return make
    return register


def case(name: str) -> Case:
    return next(c for c in CASES if c.name == name)


# A benchmark page, for the cases that damage a real page.
def _real_page(index: int = 0) -> bytes:
    files = sorted(GOOD_DIR.glob("*.html.gz"))
    return gzip.decompress(files[index].read_bytes())


@_case("empty", "empty.html", "empty", "a 0-byte file")
def _empty() -> bytes:
    return b""


@_case("whitespace", "whitespace.html", "empty", "spaces, tabs and newlines only")
def _whitespace() -> bytes:
    return b" \n\t\r\n   \n" * 100


@_case("png", "image.html", "binary", "a PNG image saved as .html")
def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + bytes(random.Random(1).randbytes(3000))


@_case("pdf", "document.html", "binary", "a PDF document saved as .html")
def _pdf() -> bytes:
    return (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            + random.Random(2).randbytes(3000) + b"\n%%EOF\n")


@_case("gzip-truncated", "truncated.html.gz", "binary", "a .html.gz cut in half",
       expect_build="gzip-truncated")
def _gzip_truncated() -> bytes:
    data = gzip.compress(_real_page(1))
    return data[: len(data) // 2]


@_case("gzip-fake", "fake.html.gz", RECORD, "plain HTML named .html.gz",
       contains=(sentinel("gzip-fake"),))
def _gzip_fake() -> bytes:
    return article("gzip-fake").encode()


@_case("not-html-text", "notes.html", "not-html", "plain text without any markup")
def _plain_text() -> bytes:
    return ("\n\n".join(prose("not-html-text"))).encode()


@_case("latin1-undeclared", "latin1.html", RECORD, "Latin-1 French, no charset anywhere",
       contains=(FRENCH,), not_contains=("\ufffd", "Ã"))
def _latin1() -> bytes:
    return page(paras(foreign(FRENCH, "latin1")), lang="fr").encode("latin-1")


@_case("cp1251-undeclared", "cp1251.html", RECORD, "cp1251 Russian, no charset anywhere",
       contains=(RUSSIAN,), not_contains=("\ufffd",))
def _cp1251() -> bytes:
    return page(paras(foreign(RUSSIAN, "cp1251")), lang="ru").encode("cp1251")


@_case("gb2312-after-30k", "gb2312.html", RECORD,
       "GB2312 Chinese, <meta charset> after 30 KB of inline script",
       contains=(CHINESE,), not_contains=("\ufffd",))
def _gb2312() -> bytes:
    script = "<script>" + "var tracking = window.tracking || [];\n" * 800 + "</script>"
    head = script + '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    return page(paras(foreign(CHINESE, "gb2312")), head=head, lang="zh").encode("gb18030")


@_case("shift-jis", "shiftjis.html", RECORD, "Shift-JIS Japanese with <meta charset>",
       contains=(JAPANESE,), not_contains=("\ufffd",))
def _shift_jis() -> bytes:
    return page(paras(foreign(JAPANESE, "sjis")), head='<meta charset="Shift_JIS">',
                lang="ja").encode("shift_jis")


@_case("utf16-bom", "utf16.html", RECORD, "UTF-16 (little-endian) with a BOM",
       contains=(RUSSIAN,), not_contains=("\ufffd",))
def _utf16() -> bytes:
    return codecs.BOM_UTF16_LE + page(paras(foreign(RUSSIAN, "utf16")), lang="ru").encode(
        "utf-16-le")


@_case("latin1-label-utf8", "mislabelled.html", RECORD,
       "labelled ISO-8859-1 in <meta>, really UTF-8", contains=(FRENCH,),
       not_contains=("\ufffd", "Ã", "Â"))
def _mislabelled() -> bytes:
    return page(paras(foreign(FRENCH, "mislabelled")), lang="fr",
                head='<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
                ).encode("utf-8")


@_case("deep-300", "deep300.html", RECORD, "the article 300 <div>s deep (libxml2's default "
       "limit is 256)", contains=(sentinel("deep-300"), "after the deep part"))
def _deep_300() -> bytes:
    return page("<div>" * 300 + paras(prose("deep-300")) + "</div>" * 300
                + "<p>This closing paragraph comes after the deep part of the page.</p>").encode()


@_case("deep-100000", "deep100k.html", RECORD, "the article 100,000 <div>s deep (libxml2 "
       "stops at 2048 even with huge_tree)", contains=(sentinel("deep-100000"),
                                                        "after the deep part"))
def _deep_100k() -> bytes:
    return page("<div>" * 100_000 + paras(prose("deep-100000")) + "</div>" * 100_000
                + "<p>This closing paragraph comes after the deep part of the page.</p>").encode()


@_case("br-50000", "br.html", RECORD, "50,000 <br>s in one paragraph",
       contains=(sentinel("br-50000"),))
def _brs() -> bytes:
    lines = "".join(f"Line {i} of a very long poem<br>" for i in range(50_000))
    return article("br-50000", extra=f"<p>{lines}</p>").encode()


@_case("huge-text-node", "hugetext.html", RECORD, "a 12 MB text node (libxml2's default "
       "limit is 10 MB)", contains=(sentinel("huge-text-node"), "end of the huge node"))
def _huge_text() -> bytes:
    words = "lorem ipsum dolor sit amet " * 450_000
    return article("huge-text-node",
                   extra=f"<p>{words}end of the huge node</p>").encode()


@_case("script-eclipse", "bigscript.html", RECORD, "a 12 MB <script> before the article "
       "(parsel#110: lxml dropped what followed)", contains=(sentinel("script-eclipse"),))
def _big_script() -> bytes:
    script = "<script>" + "var x = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';\n" * 300_000 + "</script>"
    return article("script-eclipse", head=script).encode()


@_case("many-attributes", "attrs.html", RECORD, "200,000 attributes on one element "
       "(libxml2 is quadratic in them)", contains=(sentinel("many-attributes"),))
def _many_attrs() -> bytes:
    attrs = " ".join(f"data-a{i}=v" for i in range(200_000))
    return article("many-attributes", extra=f"<p {attrs}>Tail paragraph.</p>").encode()


@_case("billion-laughs", "lol.xhtml", RECORD, "XHTML with a billion-laughs DTD",
       contains=(sentinel("billion-laughs"),), not_contains=("lollollol",))
def _billion_laughs() -> bytes:
    ents = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html [{ents}]>\n'
            f'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Laughs</title></head>'
            f"<body><article><p>&lol9;</p>{paras(prose('billion-laughs'))}</article></body>"
            f"</html>").encode()


@_case("xxe-file", "xxe.xhtml", RECORD, "XHTML with an external entity to file:///etc/passwd",
       contains=(sentinel("xxe-file"),), not_contains=("root:x:", "/bin/", "nologin"))
def _xxe() -> bytes:
    return ('<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
            '<!ENTITY % pe SYSTEM "file:///etc/passwd"> %pe;]>\n'
            '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>XXE</title></head><body>'
            f"<article><p>Leak: &xxe;</p>{paras(prose('xxe-file'))}</article></body></html>"
            ).encode()


@_case("jsonld-broken", "jsonld.html", RECORD, "a truncated JSON-LD block before a valid one",
       contains=(sentinel("jsonld-broken"),), title="The valid JSON-LD headline")
def _jsonld_broken() -> bytes:
    head = ('<script type="application/ld+json">{"@context":"https://schema.org",'
            '"@type":"NewsArticle","headline":"Broken</script>'
            '<script type="application/ld+json">{"@context":"https://schema.org",'
            '"@type":"NewsArticle","headline":"The valid JSON-LD headline",'
            '"datePublished":"2023-09-19T10:00:00+02:00",'
            '"author":{"@type":"Person","name":"Jane Doe"}}</script>')
    body = paras(prose("jsonld-broken"))
    return (f'<!DOCTYPE html><html lang="en"><head><title>x</title>{head}</head><body>'
            f"<article>{body}</article></body></html>").encode()


@_case("too-large", "huge.html", "too-large", "a 24 MB page (over the 20 MB default limit)")
def _too_large() -> bytes:
    return article("too-large", extra="<p>" + "padding words " * 1_800_000 + "</p>").encode()


@_case("rss-feed", "feed.html", "not-html", "an RSS feed saved as .html")
def _rss() -> bytes:
    items = "".join(f"<item><title>Item {i}</title><description>&lt;p&gt;Story {i}&lt;/p&gt;"
                    f"</description></item>" for i in range(50))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>News</title>{items}</channel></rss>").encode()


@_case("controls", "controls.html", RECORD, "NUL, ESC, DEL and C1 bytes inside the text",
       contains=(sentinel("controls"),), not_contains=("\x00", "\x1b", "\x7f"))
def _controls() -> bytes:
    texts = prose("controls")
    texts[1] = texts[1].replace(" ", " \x00\x1b\x7f\x01 ", 3)
    return page(paras(texts)).encode().replace(b"part 2", b"part\xc2\x85 2")


@_case("mixed-encoding", "mixed.html", RECORD, "UTF-8 page with a cp1252 paragraph pasted in",
       contains=(FRENCH, "C’est la fin."), not_contains=("\ufffd", "Ã"))
def _mixed() -> bytes:
    return (page(paras(foreign(FRENCH, "mixed")), lang="fr").encode("utf-8")
            .replace(b"</article>", "<p>C’est la fin.</p></article>".encode("cp1252")))


@_case("malformed", "malformed.html", RECORD, "no title, empty links, <h2>..</h3>, duplicate "
       "ids, unclosed tags", contains=(sentinel("malformed"),))
def _malformed() -> bytes:
    texts = prose("malformed")
    return ("<html><head><title></title><body><div id=a><div id=a><h2>Heading</h3><a></a>"
            f"<a href=''></a><p>{texts[0]}<p>{texts[1]}<b><i>{texts[2]}</b></i>"
            f"<table><td>{texts[3]}</div></span></body>").encode()


@_case("cp1252-undeclared", "cp1252.html", RECORD, "cp1252 French with curly quotes and €",
       contains=(FRENCH_1252,), not_contains=("\ufffd",))
def _cp1252() -> bytes:
    return page(paras(foreign(FRENCH_1252, "cp1252")), lang="fr").encode("cp1252")


@_case("gb18030-undeclared-after-30k", "gb18030.html", RECORD,
       "GB18030 Chinese behind 30 KB of script, no declaration", contains=(CHINESE,),
       not_contains=("\ufffd",))
def _gb18030_undeclared() -> bytes:
    script = "<script>" + "var tracking = window.tracking || [];\n" * 800 + "</script>"
    return page(paras(foreign(CHINESE, "gb18030")), head=script, lang="zh").encode("gb18030")


@_case("shift-jis-undeclared", "sjis-nodecl.html", RECORD, "Shift-JIS without a declaration",
       contains=(JAPANESE,), not_contains=("\ufffd",))
def _sjis_undeclared() -> bytes:
    return page(paras(foreign(JAPANESE, "sjis-nodecl")), lang="ja").encode("shift_jis")


@_case("utf16-no-bom", "utf16-nobom.html", RECORD, "UTF-16LE without a byte-order mark",
       contains=(FRENCH,), not_contains=("\ufffd",))
def _utf16_nobom() -> bytes:
    return page(paras(foreign(FRENCH, "utf16-nobom")), lang="fr").encode("utf-16-le")


@_case("utf8-bom-wrong-meta", "bom.html", RECORD, "UTF-8 BOM and a <meta> saying cp1251",
       contains=(FRENCH,), not_contains=("\ufffd",))
def _bom_wrong_meta() -> bytes:
    return codecs.BOM_UTF8 + page(paras(foreign(FRENCH, "bom")), lang="fr",
                                  head='<meta charset="windows-1251">').encode("utf-8")


@_case("header-beats-meta", "header.html", RECORD, "HTTP charset cp1251, <meta> says Latin-1",
       contains=(RUSSIAN,), charset="windows-1251", in_build=False)
def _header() -> bytes:
    return page(paras(foreign(RUSSIAN, "header")), head='<meta charset="iso-8859-1">',
                lang="ru").encode("cp1251")


@_case("header-latin1-really-utf8", "header-utf8.html", RECORD,
       "HTTP charset ISO-8859-1, really UTF-8", contains=(FRENCH,), charset="iso-8859-1",
       not_contains=("Ã",), in_build=False)
def _header_utf8() -> bytes:
    return page(paras(foreign(FRENCH, "header-utf8")), lang="fr").encode()


@_case("truncated-utf8", "cut.html", RECORD, "a UTF-8 page cut in the middle of a character",
       contains=(RUSSIAN,), not_contains=("Ð",))
def _cut() -> bytes:
    data = page(paras(foreign(RUSSIAN, "cut")), lang="ru").encode()
    return data[:data.rindex("Жители".encode()) + 1]


@_case("cesu8", "cesu.html", RECORD, "UTF-8 with CESU-8 surrogates (Java's modified UTF-8)",
       contains=("\U0001F600", FRENCH), not_contains=("Ã",))
def _cesu() -> bytes:
    emoji = "\U0001F600".encode("utf-16-be")
    cesu = b"".join(chr(int.from_bytes(emoji[i:i + 2], "big")).encode("utf-8", "surrogatepass")
                    for i in (0, 2))
    return page(paras(foreign(FRENCH, "cesu")), lang="fr").encode().replace(
        b"</h1>", b"</h1><p>Smile " + cesu + b" and a lone \xed\xa0\x80 one.</p>")


@_case("deep-unclosed", "unclosed.html", RECORD, "50,000 unclosed <b> tags",
       contains=(sentinel("deep-unclosed"),))
def _unclosed() -> bytes:
    return article("deep-unclosed", extra="<b>" * 50_000 + "<p>bold to the end</p>").encode()


@_case("nested-tables", "tables.html", RECORD, "the article inside 300 nested tables",
       contains=(sentinel("nested-tables"),))
def _tables() -> bytes:
    return page("<table><tr><td>" * 300 + paras(prose("nested-tables"))
                + "</td></tr></table>" * 300).encode()


@_case("huge-attribute", "attr.html", RECORD, "a 12 MB attribute value",
       contains=(sentinel("huge-attribute"),))
def _huge_attr() -> bytes:
    return article("huge-attribute", extra=f'<p title="{"a" * 12_000_000}">Tail.</p>').encode()


@_case("no-text", "notext.html", "no-text", "a page of navigation and scripts only")
def _no_text() -> bytes:
    return (b"<html><head><title>Menu</title><script>var a = 1;</script></head><body><nav>"
            b"<a href='/'>Home</a></nav></body></html>")


@_case("json", "data.html", "not-html", "a JSON API response saved as .html")
def _json() -> bytes:
    return json.dumps({"html": "<p>" + " ".join(prose("json")) + "</p>", "ok": True}).encode()


@_case("sitemap-laughs", "sitemap.html", "not-html", "a sitemap with a billion-laughs DTD")
def _sitemap() -> bytes:
    ents = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY a{i} "{("&a%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
    return (f'<?xml version="1.0"?><!DOCTYPE urlset [{ents}]><urlset><url><loc>&a9;</loc>'
            f"</url></urlset>").encode()


@_case("xxe-external-dtd", "dtd.xhtml", RECORD, "an XHTML page whose DTD is on the network",
       contains=(sentinel("xxe-external-dtd"),))
def _external_dtd() -> bytes:
    return ('<?xml version="1.0"?>\n<!DOCTYPE html SYSTEM "http://127.0.0.1:9/evil.dtd">\n'
            '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>DTD</title></head><body>'
            f"<article>{paras(prose('xxe-external-dtd'))}<p>&remote;</p></article></body></html>"
            ).encode()


@_case("jsonld-deep", "jsonld-deep.html", RECORD, "JSON-LD nested 100,000 arrays deep",
       contains=(sentinel("jsonld-deep"),))
def _jsonld_deep() -> bytes:
    script = '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>"
    return article("jsonld-deep", head=script).encode()


@_case("binary-noise", "noise.html", "binary", "random bytes")
def _noise() -> bytes:
    return random.Random(7).randbytes(20_000)


@_case("zip", "archive.html", "binary", "a ZIP archive saved as .html")
def _zip() -> bytes:
    return b"PK\x03\x04" + random.Random(3).randbytes(2000)


@_case("gzip-corrupt", "corrupt.html.gz", "binary", "gzip magic followed by garbage",
       expect_build="gzip-corrupt")
def _gzip_corrupt() -> bytes:
    return b"\x1f\x8b\x08\x00" + random.Random(4).randbytes(2000)


@_case("koi8-undeclared", "koi8.html", RECORD, "KOI8-R Russian, no charset anywhere",
       contains=(RUSSIAN,), not_contains=("\ufffd",))
def _koi8() -> bytes:
    return page(paras(foreign(RUSSIAN, "koi8")), lang="ru").encode("koi8-r")


@_case("truncated-html", "half.html", RECORD, "a real page cut in the middle of a tag")
def _half() -> bytes:
    data = _real_page(1)
    return data[: len(data) * 2 // 3]


@_case("regex-bait", "regex.html", RECORD, "50,000-character words and runs of punctuation",
       contains=(sentinel("regex-bait"),))
def _regex_bait() -> bytes:
    bait = "<p>" + "a" * 50_000 + "!</p><p>" + "(AFP, " * 5_000 + "</p><p>" + "- " * 20_000 + "</p>"
    return article("regex-bait", extra=bait).encode()


@_case("unique-words", "unique.html", RECORD, "7 MB of text with 1,000,000 distinct words "
       "(a memory bomb for per-shingle work)", contains=(sentinel("unique-words"),))
def _unique_words() -> bytes:
    rng = random.Random(11)
    words = " ".join("".join(rng.choice("abcdefghij") for _ in range(6)) for _ in range(1_000_000))
    return article("unique-words", extra=f"<p>{words}</p>").encode()


@_case("million-cells", "cells.html", "too-complex", "1.4 million table cells in 17 MB "
       "(traf#704: a million rows; 890 MB and 18 s in one worker before the element limit)")
def _million_cells() -> bytes:
    rows = "".join(f"<tr><td>{i}</td></tr>" for i in range(700_000))
    return article("million-cells", extra=f"<table>{rows}</table>").encode()


_MHTML_HEAD = (b"From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;"
               b"\r\n\ttype=\"text/html\";\r\n\tboundary=\"B\"\r\n\r\n")


@_case("mhtml-many-parts", "parts.mhtml", "too-complex", "an MHTML archive of 540,000 tiny "
       "parts in 19 MB (7.3 s and 410 MB in the email parser before the part limit)")
def _mhtml_many_parts() -> bytes:
    page = b"--B\r\nContent-Type: text/html\r\n\r\n" + article("mhtml-parts").encode() + b"\r\n"
    return _MHTML_HEAD + page + b"--B\r\nContent-Type: image/png\r\n\r\nx\r\n" * 540_000 + b"--B--\r\n"


@_case("mhtml-nested", "nested.mht", "too-complex", "an MHTML archive of multiparts nested "
       "5,000 deep (a RecursionError in the email parser)")
def _mhtml_nested() -> bytes:
    nest = b"".join(b'--B%d\r\nContent-Type: multipart/related; boundary="B%d"\r\n\r\n'
                    % (i, i + 1) for i in range(5_000))
    return _MHTML_HEAD.replace(b'"B"', b'"B0"') + nest + b"--B5000\r\nContent-Type: text/html" \
        b"\r\n\r\n" + article("mhtml-nested").encode() + b"\r\n"


@_case("mhtml-page", "saved.mhtml", RECORD, "a page saved by Chrome as MHTML, quoted-printable "
       "(its MIME text must not reach the record)", contains=(sentinel("mhtml-page"),),
       not_contains=("MultipartBoundary", "Content-Transfer-Encoding", "=3D"))
def _mhtml_page() -> bytes:
    import quopri

    body = quopri.encodestring(article("mhtml-page").encode()).replace(b"\n", b"\r\n")
    return (_MHTML_HEAD.replace(b'"B"', b'"----MultipartBoundary--x----"')
            + b"------MultipartBoundary--x----\r\nContent-Type: text/html\r\n"
              b"Content-Transfer-Encoding: quoted-printable\r\n"
              b"Content-Location: https://news.example.com/saved\r\n\r\n"
            + body + b"\r\n------MultipartBoundary--x------\r\n")


# ---- corpora ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    """One file of a written corpus: its path (relative to the corpus root, as the build's
    `source`) and what must come of it."""

    path: str
    kind: str  # "good" or "hostile"
    expect: str  # RECORD or a reject reason
    case: Case | None = field(default=None, compare=False)


def good_pages(n: int) -> list[Path]:
    files = sorted(GOOD_DIR.glob("*.html.gz"))
    if n > len(files):
        raise ValueError(f"only {len(files)} good pages in {GOOD_DIR}")
    return files[:n]


def build_cases(n: int | None = None, *, exclude: frozenset[str] | set[str] = frozenset()
                ) -> list[Case]:
    """The first `n` cases that can be written as files (all when n is None), leaving out
    the named ones."""
    cases = [c for c in CASES if c.in_build and c.name not in exclude]
    if n is not None and n > len(cases):
        raise ValueError(f"only {len(cases)} hostile cases")
    return cases if n is None else cases[:n]


def write_corpus(root: Path | str, n_good: int, n_hostile: int | None, *,
                 exclude: frozenset[str] | set[str] = frozenset()) -> list[Entry]:
    """Write `n_good` benchmark pages under root/good/ and the first `n_hostile` hostile
    cases (all when None; `exclude` names cases to leave out) under root/hostile/; return
    what must come of each file."""
    root = Path(root)
    (root / "good").mkdir(parents=True, exist_ok=True)
    (root / "hostile").mkdir(parents=True, exist_ok=True)
    entries: list[Entry] = []
    for src in good_pages(n_good):
        shutil.copyfile(src, root / "good" / src.name)
        entries.append(Entry(f"good/{src.name}", "good", RECORD))
    for c in build_cases(n_hostile, exclude=exclude):
        (root / "hostile" / c.filename).write_bytes(c.data())
        entries.append(Entry(f"hostile/{c.filename}", "hostile", c.build_outcome, c))
    return entries


def main(argv: list[str]) -> None:
    root = Path(argv[0])
    n_good = int(argv[1]) if len(argv) > 1 else 25
    n_hostile = int(argv[2]) if len(argv) > 2 else 25
    for e in write_corpus(root, n_good, n_hostile):
        print(f"{e.path}\t{e.expect}")


if __name__ == "__main__":
    main(sys.argv[1:])
