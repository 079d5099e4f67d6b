"""The quality gate (USER_NEEDS C14): too short, mostly links, or an error page -> a reject
with a reason; a site rule may set its own minimum."""

from pathlib import Path

import pytest

from cleaner.api import Extractor, RawDoc
from cleaner.quality import count_words

RULES = Path(__file__).resolve().parent.parent / "rules"
PROSE = ("The committee met on Tuesday to discuss the proposal, which had been debated for "
         "months, and its members agreed, after a long exchange, to publish the findings. ")


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.load(RULES, use_rules=False)


def outcome(extractor: Extractor, body: str, title: str = "A headline") -> tuple[str | None, str]:
    html = f"<html><head><title>{title}</title></head><body>{body}</body></html>"
    result = extractor.explain(RawDoc("t.html", html.encode("utf-8")))
    return result.reason, result.detail or ""


def test_a_fifteen_word_extraction_is_too_short(extractor: Extractor) -> None:
    reason, detail = outcome(extractor, "<article><p>" + "word " * 15 + "</p></article>")
    assert reason == "too-short" and "15 words" in detail


def test_an_ordinary_article_passes(extractor: Extractor) -> None:
    assert outcome(extractor, f"<article><p>{PROSE}</p><p>{PROSE}</p></article>")[0] is None


def test_mostly_links_is_link_heavy(extractor: Extractor) -> None:
    links = " ".join(f"<a href='/s{i}'>A long linked headline number {i} about events</a>,"
                     for i in range(12))
    reason, _ = outcome(extractor, f"<article><p>See: {links} and more.</p></article>")
    assert reason == "link-heavy"


@pytest.mark.parametrize("title", ["404 Not Found", "Page not found – Example News",
                                   "Seite nicht gefunden", "Access Denied"])
def test_error_pages_served_with_200_are_rejected(extractor: Extractor, title: str) -> None:
    body = ("<article><h1>Sorry</h1><p>The page you are looking for may have been moved, "
            "deleted or never existed. Try the search box or go back to the home page, "
            "where the latest news is waiting for you.</p></article>")
    assert outcome(extractor, body, title)[0] == "error-page"


def test_a_show_called_the_404_is_not_an_error_page(extractor: Extractor) -> None:
    body = f"<article><p>{PROSE}</p></article>"
    assert outcome(extractor, body,
                   "The 404 1,310: Where it's love at first swipe (podcast)")[0] is None


@pytest.mark.parametrize("title", ["404 | Example News", "Oops! 404", "Error 404",
                                   "404 - Page not found"])
def test_404_titles(extractor: Extractor, title: str) -> None:
    assert outcome(extractor, f"<article><p>{PROSE}</p></article>", title)[0] == "error-page"


def test_an_article_about_a_404_is_not_an_error_page(extractor: Extractor) -> None:
    body = "<article>" + f"<p>{PROSE}</p>" * 12 + "</article>"
    assert outcome(extractor, body, "Why the 404 page became an art form")[0] is None


def test_a_rule_sets_its_own_minimum(tmp_path: Path) -> None:
    for name in ("_generic.toml", "_agencies.toml"):
        (tmp_path / name).write_bytes((RULES / name).read_bytes())
    (tmp_path / "briefs.example.toml").write_text(
        'outlet = "Briefs"\ndomains = ["briefs.example"]\nmin_words = 5\n'
        '[[version]]\nid = "2024"\nbody = ["article"]\n', encoding="utf-8")
    extractor = Extractor.load(tmp_path)
    html = b"<html><body><article><p>Markets closed higher on Friday, traders said.</p></article></body></html>"
    result = extractor.explain(RawDoc("b.html", html, url="https://briefs.example/a"))
    assert result.reason is None and result.record["rule"] == "briefs.example.toml@2024"
    other = extractor.explain(RawDoc("o.html", html, url="https://other.example/a"))
    assert other.reason == "too-short"


def test_cjk_characters_count_as_words() -> None:
    assert count_words("国防部表示已在该地区开始反恐行动。") == 16
    assert count_words("The council met on Monday.") == 5


CONSENT = ["We use cookies and similar technologies to improve your experience.",
           "With your consent, we and our partners use tracking to show personalised ads.",
           "You can change your privacy settings at any time in the footer of the page.",
           "Click Accept all to agree, or manage your choices for each purpose and vendor."]


def test_a_consent_layer_saved_instead_of_the_page_is_a_consent_wall(extractor: Extractor) -> None:
    body = "<div class='layer'>" + "".join(f"<p>{p}</p>" for p in CONSENT) + "</div>"
    assert outcome(extractor, body)[0] == "consent-wall"


def test_a_consent_wall_with_a_known_name_never_hides_the_article(extractor: Extractor) -> None:
    wall = "<div id='privacy-wall'>" + "".join(f"<p>{p} {p}</p>" for p in CONSENT * 3) + "</div>"
    html = (f"<html><body>{wall}<article><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></article>"
            "</body></html>")
    record = extractor.run(RawDoc("t.html", html.encode("utf-8")))
    assert "committee met" in record["text"] and "cookies" not in record["text"]


def test_a_short_shopping_tip_about_cookies_is_an_article(extractor: Extractor) -> None:
    tips = ["Head to the store an hour before closing: you could get freshly baked cookies "
            "for half the price.", "Avoid buying cookie sheets and measuring cups there.",
            "Buy them at a big-box chain instead.", "More from Bing and MSN Lifestyle"]
    assert outcome(extractor, "<article>" + "".join(f"<p>{p}</p>" for p in tips)
                   + "</article>")[0] != "consent-wall"


def test_an_article_about_cookies_is_an_article(extractor: Extractor) -> None:
    story = ("<p>Regulators said on Tuesday that cookie banners must offer a reject button as "
             "prominent as the accept button, after a two-year inquiry.</p>"
             + f"<p>{PROSE}</p>" * 4)
    assert outcome(extractor, f"<article>{story}</article>")[0] is None


def test_paywalled_and_truncated_articles_say_so(extractor: Extractor) -> None:
    """USER_NEEDS B13: isAccessibleForFree:false gives free_access=false; text that ends in a
    "Read more" teaser or a paywall prompt gives truncated=true (and the prompt leaves text)."""
    ld = ('<script type="application/ld+json">{"@type":"NewsArticle","headline":"H",'
          '"isAccessibleForFree":false}</script>')
    body = f"<p>{PROSE}</p><p>{PROSE}</p>"

    def record(head: str, tail: str) -> dict:
        html = f"<html><head>{head}<title>H</title></head><body><article>{body}{tail}</article></body></html>"
        return extractor.run(RawDoc("p.html", html.encode("utf-8")))

    paywalled = record(ld, "<p>Read more</p>")
    assert paywalled["free_access"] is False and paywalled["truncated"] is True
    prompt = record("", "<p>Subscribe to continue reading this article.</p>")
    assert prompt["truncated"] is True and "Subscribe" not in prompt["text"]
    whole = record("", "")
    assert whole["free_access"] is None and whole["truncated"] is False


def test_a_thai_paragraph_is_not_too_short(extractor: Extractor) -> None:
    """Thai puts spaces between phrases, not words: a real paragraph has few "words"."""
    thai = ("รัฐบาลประกาศมาตรการใหม่เพื่อช่วยเหลือเกษตรกรที่ได้รับผลกระทบจากภัยแล้ง "
            "โดยจะเริ่มดำเนินการตั้งแต่เดือนหน้าเป็นต้นไป ตามที่กระทรวงเกษตรและสหกรณ์แถลง")
    assert outcome(extractor, f"<article><p>{thai}</p></article>")[0] is None
