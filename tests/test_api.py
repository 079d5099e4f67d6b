"""The public API: record shape, key order, rejects with reasons, determinism."""

import json
from pathlib import Path

import pytest

import cleaner
from cleaner.api import extract_result
from cleaner.record import RECORD_KEYS

PAGE = """<!DOCTYPE html><html lang="en"><head><title>Storm hits coast | Example News</title>
<link rel="canonical" href="https://news.example.com/2023/storm?utm_source=feed">
<meta property="og:site_name" content="Example News">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Storm hits coast",
 "datePublished": "2023-09-19T12:03:00+02:00", "author": {"@type": "Person", "name": "Jane Doe"}}</script>
</head><body><nav><a href="/">Home</a></nav><article><h1>Storm hits coast</h1>
<p>A powerful storm hit the coast on Tuesday, flooding streets and cutting power to thousands of homes.</p>
<p>Emergency services said they had rescued dozens of people from cars trapped by rising water overnight.</p>
<p>The weather service expects the rain to ease by Thursday, but warned of further flooding inland.</p>
<p>(Reuters)</p></article></body></html>"""


def test_record_shape_and_order() -> None:
    record = cleaner.extract(PAGE.encode(), url="https://news.example.com/2023/storm")
    assert record is not None
    assert list(record)[: len(RECORD_KEYS)] == list(RECORD_KEYS)
    assert record["url"] == "https://news.example.com/2023/storm"
    assert record["title"] == "Storm hits coast"
    assert record["authors"] == ["Jane Doe"]
    assert record["agencies"] == ["Reuters"]
    assert record["date_published"].startswith("2023-09-19T12:03")
    assert record["language"] == "en"
    assert record["text"].startswith("A powerful storm")
    assert "(Reuters)" not in record["text"] and "Home" not in record["text"]
    assert record["text"].count("\n\n") == 2
    json.dumps(record)  # serialisable as is


def test_a_desk_credit_line_becomes_agencies_and_initials() -> None:
    """USER_NEEDS A8: "rmt/jcg (AFP, Reuters)" leaves the text; its agencies and the
    editors' initials land in the record."""
    record = cleaner.extract(PAGE.replace("<p>(Reuters)</p>", "<p>rmt/jcg (AFP, Reuters)</p>")
                             .encode())
    assert record is not None
    assert record["agencies"] == ["AFP", "Reuters"]
    assert record["desk_initials"] == ["rmt", "jcg"]
    assert not record["text"].endswith(")") and "rmt/jcg" not in record["text"]
    plain = cleaner.extract(PAGE.encode())
    assert plain is not None and plain["desk_initials"] == []


def test_a_credit_at_the_end_of_the_kept_text_and_a_kicker() -> None:
    """A credit line counts at the end of what is kept, not only of all blocks (DW's old
    pages follow it with a related heading and a date/print/permalink list, all removed);
    a first block that is one of the page's section labels is a kicker."""
    page = PAGE.replace("<title>Storm hits coast | Example News</title>",
                        "<title>Storm hits coast | Weather | Example News</title>")
    page = page.replace("<h1>Storm hits coast</h1>", "<h1>Storm hits coast</h1><h4>Weather</h4>")
    page = page.replace("<p>(Reuters)</p>", """<p>Edition : Marie-Anne Pioerron</p>
    <h4>Audios et vidéos sur le sujet</h4><ul><li><strong>Date</strong> 23.05.2011</li>
    <li><strong>Imprimer</strong></li><li><strong>Permalien</strong> https://p.dw.com/p/RPYx</li>
    </ul><p>Share</p>""")
    record = cleaner.extract(page.encode())
    assert record is not None
    assert record["text"].startswith("A powerful storm")
    assert record["text"].endswith("further flooding inland.")
    assert record["contributors"] == ["Marie-Anne Pioerron"]
    plain = cleaner.extract(page.replace("<h4>Weather</h4>", "<h4>Winds</h4>").encode())
    assert plain is not None and plain["text"].startswith("Winds")  # not a section label


def test_str_and_bytes_agree_and_ids_are_stable() -> None:
    a = cleaner.extract(PAGE)
    b = cleaner.extract(PAGE.encode("utf-8"))
    assert a == b
    assert a["id"] == cleaner.extract(PAGE.replace("Tuesday", "Wednesday"))["id"]  # same canonical URL


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"), (b"%PDF-1.4 binary", "binary"), (b"hello world", "not-html"),
    (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no-text"),
])
def test_rejects_carry_reasons(data: bytes, reason: str) -> None:
    result = extract_result(data)
    assert result.record is None and result.reason == reason and result.detail
    assert cleaner.extract(data) is None


def test_rules_switch() -> None:
    with_rules = extract_result(PAGE, url="https://www.dw.com/en/x")
    without = extract_result(PAGE, url="https://www.dw.com/en/x", rules=False)
    assert without.rule is None
    assert with_rules.record is not None and without.record is not None


@pytest.mark.parametrize("encoding", ["cp932", "cp1252", "ascii"])
def test_cli_prints_any_text_on_a_narrow_terminal(tmp_path: Path, encoding: str) -> None:
    """USER_NEEDS C7: an emoji or U+FFFD must not crash `clean extract` under a non-UTF-8
    terminal encoding."""
    import os
    import subprocess
    import sys

    page = tmp_path / "emoji.html"
    page.write_text("<html><head><title>T</title></head><body><article><p>"
                    + "The committee met on Tuesday to discuss the proposal. " * 4
                    + "Emoji 😀 and \ufffd here.</p></article></body></html>", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    for extra in ([], ["--json"]):
        done = subprocess.run([sys.executable, "-m", "cleaner.cli", "extract", str(page), *extra],
                              capture_output=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-500:]
        assert b"Emoji" in done.stdout


def test_cli_extract_reads_standard_input(tmp_path: Path) -> None:
    """`curl -s URL | clean extract - --url URL`: '-' is the piped page, plain or gzip; a
    missing file is one line naming it, exit 2."""
    import gzip
    import subprocess
    import sys

    page = PAGE.encode()
    for data in (page, gzip.compress(page)):
        done = subprocess.run([sys.executable, "-m", "cleaner.cli", "extract", "-", "--json",
                               "--url", "https://news.example.com/2023/storm"],
                              input=data, capture_output=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-500:]
        record = json.loads(done.stdout)
        assert record["title"] == "Storm hits coast" and record["source"] == "<stdin>"
    missing = subprocess.run([sys.executable, "-m", "cleaner.cli", "extract",
                              str(tmp_path / "nope.html")], capture_output=True, timeout=120,
                             check=False)
    assert missing.returncode == 2
    assert missing.stderr.decode().strip() == f"error: {tmp_path / 'nope.html'}: no such file"


def test_extract_has_a_time_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """USER_NEEDS D4: the library call, not only the build, can bound a page's time."""
    import time

    from cleaner.api import Extractor

    def slow(self, doc):  # type: ignore[no-untyped-def]
        time.sleep(5)

    monkeypatch.setattr(Extractor, "_extract", slow)
    start = time.monotonic()
    result = extract_result(b"<html><body><p>x</p></body></html>", timeout=0.3)
    assert result.reason == "timeout" and time.monotonic() - start < 3


def test_the_wheel_carries_the_rules_and_runs_outside_a_checkout(tmp_path: Path) -> None:
    """An installed cleaner (not an editable checkout) finds its bundled rules: the wheel
    ships rules/*.toml as cleaner/bundled_rules, and extract() works from anywhere."""
    import subprocess
    import sys
    import zipfile

    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", str(root), "--no-deps",
                           "-q", "-w", str(tmp_path / "wheel")],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {done.stderr[-300:]}")
    wheel = next((tmp_path / "wheel").glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert {"cleaner/bundled_rules/_generic.toml", "cleaner/bundled_rules/_agencies.toml",
            "cleaner/bundled_rules/dw.toml"} <= set(names)
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    code = ("import cleaner, cleaner.api as a; print(a.default_rules_dir()); "
            f"r = cleaner.extract({PAGE.encode()!r}); print(r['agencies'])")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, check=True, env={"PYTHONPATH": str(tmp_path / "site")})
    first, second = out.stdout.splitlines()[:2]
    assert first.endswith("site/cleaner/bundled_rules") and second == "['Reuters']"
    # The command too: `python -m cleaner build` (the launcher, its fork server building the
    # default extractor from the bundled rules) makes a corpus outside the checkout.
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "page.html").write_text(PAGE, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "cleaner", "build", "--raw", "raw", "--out", "out",
                    "--jobs", "1", "--quiet"], cwd=tmp_path, capture_output=True, text=True,
                   check=True, env={"PYTHONPATH": str(tmp_path / "site")})
    (shard,) = (tmp_path / "out").glob("corpus-*.jsonl")
    assert json.loads(shard.read_text(encoding="utf-8"))["agencies"] == ["Reuters"]
