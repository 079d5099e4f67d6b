"""`clean explain`: removed blocks in document order with their labels, metadata with its
source, the terminal output, and the HTML report rendered by headless Chromium."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.api import Extractor
from cleaner.cli import app
from cleaner.explain import document_rows, render_html, trace

REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()

PAGE = """<!DOCTYPE html><html lang="en"><head><title>Storm hits coast | Example News</title>
<link rel="canonical" href="https://news.example.com/2023/09/storm-hits-coast">
<meta property="og:site_name" content="Example News">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Storm hits coast",
 "datePublished": "2023-09-19T12:03:00+02:00", "author": {"@type": "Person", "name": "Jane Doe"}}</script>
</head><body><nav class="site-nav"><a href="/">Home</a> <a href="/world">World news today</a></nav>
<main><article class="story"><h1>Storm hits coast</h1>
<div class="story__body">
<p>A powerful storm hit the coast on Tuesday, flooding streets and cutting power to thousands of homes.</p>
<figure><img src="x.jpg"><figcaption>Flooded street in the harbour district</figcaption></figure>
<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
<p>Emergency services said they had rescued dozens of people from cars trapped by rising water &lt;overnight&gt;.</p>
<p>For more coverage, follow Example News on social media.</p>
<p>The weather service expects the rain to ease by Thursday, but warned of further flooding inland.</p>
<p hidden>Hidden teaser text that never renders</p>
</div></article></main>
<footer class="site-footer">Copyright Example News Corporation 2023</footer></body></html>"""

RULE = """outlet = "Example News"
domains = ["news.example.com"]
[[version]]
id = "2023"
body = [".story__body"]
drop = ["figure"]
drop_lines = ['^For more coverage, follow Example News']
"""


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    rules = tmp_path / "rules"
    rules.mkdir()
    for shared in ("_generic.toml", "_agencies.toml"):
        shutil.copy(REPO / "rules" / shared, rules / shared)
    (rules / "example.toml").write_text(RULE, encoding="utf-8")
    return rules


def _rows(rules_dir: Path, use_rules: bool = True) -> list[tuple[str, str, str]]:
    tr = trace(Extractor.load(rules_dir, use_rules=use_rules), PAGE.encode(), source="storm.html")
    return [(row.status, row.label, " / ".join(b.text for b in row.blocks))
            for row in document_rows(tr)]


def test_rows_follow_document_order_with_labels(rules_dir: Path) -> None:
    assert _rows(rules_dir) == [
        ("outside", "outside body", "Home World news today / Storm hits coast"),
        ("kept", "kept", ("A powerful storm hit the coast on Tuesday, flooding streets and cutting "
                         "power to thousands of homes.")),
        ("removed", "rule-drop:figure", "Flooded street in the harbour district"),
        ("removed", "class:share", "Share on Facebook Share on X"),
        ("kept", "kept", ("Emergency services said they had rescued dozens of people from cars "
                         "trapped by rising water <overnight>.")),
        ("line", "rule-line:^For more coverage, follow Example News",
         "For more coverage, follow Example News on social media."),
        ("kept", "kept", ("The weather service expects the rain to ease by Thursday, but warned "
                         "of further flooding inland.")),
        ("hidden", "hidden", "Hidden teaser text that never renders"),
        ("outside", "outside body", "Copyright Example News Corporation 2023"),
    ]


def test_generic_labels_without_rules(rules_dir: Path) -> None:
    labels = {label for _, label, _ in _rows(rules_dir, use_rules=False)}
    assert {"tag:nav", "class:share", "tag:footer", "tag:figcaption"} <= labels


def test_html_report_escapes_and_labels(rules_dir: Path) -> None:
    tr = trace(Extractor.load(rules_dir), PAGE.encode(), source="storm.html")
    report = render_html(tr, Path("storm.html"))
    assert "rising water &lt;overnight&gt;." in report  # page text is escaped
    assert "<script" not in report.lower()  # self-contained, nothing runs
    assert 'class="label">rule-drop:figure</span>' in report
    assert 'class="label">class:share</span>' in report
    assert "jsonld:author" in report or "jsonld" in report  # provenance of the authors


def test_cli_explain_terminal_output(rules_dir: Path, tmp_path: Path) -> None:
    page = tmp_path / "storm.html"
    page.write_text(PAGE, encoding="utf-8")
    report = tmp_path / "report.html"
    result = runner.invoke(app, ["explain", str(page), "--rules", str(rules_dir),
                                 "--html", str(report)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.output
    assert "example.toml@2023" in out
    assert "rule-drop:figure" in out and "Flooded street in the harbour district" in out
    assert "class:share" in out and "rule-line:" in out
    assert "Jane Doe" in out and "date_published" in out
    assert "The weather service expects the rain" in out  # the kept text
    assert report.is_file()


def test_cli_explain_rejected_page_exits_1(rules_dir: Path, tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    result = runner.invoke(app, ["explain", str(page), "--rules", str(rules_dir)])
    assert result.exit_code == 1
    assert "rejected" in result.output


def test_a_rejected_page_still_shows_what_was_found(rules_dir: Path, tmp_path: Path) -> None:
    """A page rejected after its body was read (too short here) keeps its removals, lines and
    metadata in the explanation and in extract_result(): they are what explains the reject
    (CHIP's report was cut to its headline by an ad word in its sections' class)."""
    from cleaner.api import extract_result

    page = tmp_path / "short.html"
    page.write_text("<html><head><title>Short note</title></head><body><nav><a href='/'>Home"
                    "</a></nav><article><h1>Short note</h1><p class='byline'>By Jane Doe</p>"
                    "<p>Only a few words of text are here today.</p></article></body></html>")
    result = extract_result(page.read_bytes(), rules=False)
    assert result.record is None and result.reason == "too-short"
    assert result.metadata is not None and result.metadata.authors == ["Jane Doe"]
    assert sorted(r.by for r in result.removed) == ["class:meta", "tag:nav"]
    assert [b.text for b in result.blocks] == ["Only a few words of text are here today."]
    shown = runner.invoke(app, ["explain", str(page), "--no-rules"])
    assert shown.exit_code == 1 and "rejected (too-short)" in shown.output
    assert "tag:nav" in shown.output and "Jane Doe" in shown.output


CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(n)), None)
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-dev-shm-usage"]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_html_report_renders_in_chromium(rules_dir: Path, tmp_path: Path) -> None:
    tr = trace(Extractor.load(rules_dir), PAGE.encode(), source="storm.html")
    report = tmp_path / "report.html"
    report.write_text(render_html(tr, Path("storm.html")), encoding="utf-8")
    dom = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, "--dump-dom", report.as_uri()],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    for label in ("rule-drop:figure", "class:share", "rule-line:", "outside body", "hidden"):
        assert f'class="label">{label}' in dom, label
    assert "Flooded street in the harbour district" in dom
    shot = tmp_path / "report.png"
    subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--screenshot={shot}", "--window-size=1000,900",
                    "--hide-scrollbars", report.as_uri()], capture_output=True, timeout=120,
                   check=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
