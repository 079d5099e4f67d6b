"""The article's images (USER_NEEDS A6): source, caption and credit, out of `text`."""

from pathlib import Path

import pytest

from cleaner.api import Extractor, RawDoc
from cleaner.images import CreditVocabulary, load_credit_vocabulary, split_credit

RULES = Path(__file__).resolve().parent.parent / "rules"
PROSE = ("The committee met on Tuesday to discuss the proposal, which had been debated for "
         "months, and its members agreed, after a long exchange, to publish the findings. ")


@pytest.fixture(scope="module")
def credits() -> CreditVocabulary:
    return load_credit_vocabulary(RULES / "_generic.toml")


@pytest.mark.parametrize("caption, expected", [
    ("Text. Foto: dpa/Max M.", ("Text.", "dpa/Max M.")),
    ("The mayor at the opening. Photo: Jane Roe.", ("The mayor at the opening.", "Jane Roe")),
    ("Workers remove a sign. (Photo by John Smith/Reuters)", ("Workers remove a sign.", "John Smith/Reuters")),
    ("Hori Parata at his farm. Photograph: Eleanor Ainge Roy/The Guardian",
     ("Hori Parata at his farm.", "Eleanor Ainge Roy/The Guardian")),
    ("Protesters in Kyiv. Фото: Иван Петров", ("Protesters in Kyiv.", "Иван Петров")),
    ("Xi Jinping in Beijing. Kevin Frayer/Getty Images", ("Xi Jinping in Beijing.", "Kevin Frayer/Getty Images")),
    ("A rocket on the pad. AP Photo/Dmitri Lovetsky", ("A rocket on the pad.", "AP Photo/Dmitri Lovetsky")),
    ("Le président. Crédit photo : AFP", ("Le président.", "AFP")),
    ("The crater. Image courtesy of NASA", ("The crater.", "NASA")),
    ("© dpa-infocom", (None, "dpa-infocom")),
    ("REUTERS/Maxim Shemetov", (None, "REUTERS/Maxim Shemetov")),
    ("Ảnh: Reuters", (None, "Reuters")),
    ("Students in class (Photo: EPA).", ("Students in class", "EPA")),
    ("Just a caption without credit.", ("Just a caption without credit.", None)),
    ("Reuters reported the deal on Monday.", ("Reuters reported the deal on Monday.", None)),
])
def test_credit_formats(credits: CreditVocabulary, caption: str,
                        expected: tuple[str | None, str | None]) -> None:
    assert split_credit(caption, credits) == expected


def test_figures_of_the_article_become_images_and_leave_the_text() -> None:
    extractor = Extractor.load(RULES, use_rules=False)
    body = "".join(f"<p>{i} {PROSE}</p>" for i in range(6))
    html = ("<html><head><title>T</title></head><body><article><h1>Headline</h1>"
            "<figure><img data-src='/img/a.jpg' src='data:image/gif;base64,R0lGOD'>"
            "<figcaption>Text. Foto: dpa/Max M.</figcaption></figure>" + body
            + "<div class='wp-caption'><img src='b.jpg'><p class='wp-caption-text'>The square "
            "at night. Photo: Jane Roe</p></div></article><aside class='sidebar'><figure>"
            "<img src='/ad.jpg'><figcaption>Advertisement</figcaption></figure></aside>"
            "</body></html>")
    record = extractor.run(RawDoc("a.html", html.encode(), url="https://news.example.org/2024/a"))
    assert record["images"] == [
        {"src": "https://news.example.org/img/a.jpg", "caption": "Text.", "credit": "dpa/Max M."},
        {"src": "https://news.example.org/2024/b.jpg", "caption": "The square at night.",
         "credit": "Jane Roe"}]
    assert "dpa/Max M." not in record["text"] and "square at night" not in record["text"]


def test_paragraphs_are_typed_blocks_of_the_text() -> None:
    extractor = Extractor.load(RULES, use_rules=False)
    html = ("<html><head><title>Headline</title></head><body><article><h1>Headline</h1>"
            f"<p>{PROSE}</p><h2>Next steps</h2><ul><li>First step of the plan</li><li>Second "
            f"step</li></ul><blockquote>{PROSE}</blockquote></article></body></html>")
    record = extractor.run(RawDoc("a.html", html.encode()))
    assert [p["type"] for p in record["paragraphs"]] == [
        "paragraph", "heading", "list_item", "list_item", "quote"]
    assert record["text"] == "\n\n".join(
        p["text"] for p in record["paragraphs"]).replace("plan\n\nSecond", "plan\nSecond")
    assert record["schema_version"] == 3 and record["language_model"].startswith("langdetect")


def test_a_credit_in_its_own_element_is_split_off(credits: CreditVocabulary) -> None:
    """DW sets the credit in <small class="copyright"> right after the caption text, with no
    space between them."""
    import lxml.html

    from cleaner.images import collect

    page = lxml.html.document_fromstring(
        "<html><body><article><figure><img src='https://static.example/x.jpg'><figcaption>"
        "The 2020 war ended with an armistice<small class='copyright'>Image: Gavriil "
        "Grigorov/TASS/dpa/picture alliance</small></figcaption></figure></article></body></html>")
    (image, _), = collect(page, None, credits)
    assert image.caption == "The 2020 war ended with an armistice"
    assert image.credit == "Gavriil Grigorov/TASS/dpa/picture alliance"


def test_a_lazy_loaders_image_wins_over_its_placeholder_src() -> None:
    """Lazy loaders keep the real image in data-src (data-original, data-lazy-src) and a
    placeholder in src until a script swaps them: Snopes' lazyload-placeholder.png,
    Moneycontrol's grey_bg.gif, the Seattle Times' lazy-loading-14x9.png."""
    from lxml import etree

    from cleaner.images import _src

    for attrs, expected in [
        ('src="/img/lazy-loading-14x9.png" data-src="/2019/04/halibut.jpg"', "/2019/04/halibut.jpg"),
        ('src="grey_bg.gif" data-original="/news/market.jpg"', "/news/market.jpg"),
        ('src="/photo.jpg"', "/photo.jpg"),
        ('src="data:image/gif;base64,R0lGOD" data-lazy-src="/lazy.jpg"', "/lazy.jpg"),
    ]:
        img = etree.fromstring(f"<img {attrs}/>")
        assert _src(img, "https://news.example.org/a") == "https://news.example.org" + expected
    # A browser's "Webpage, Complete" save points at its local copies: no address survives.
    for local in ("./Storm hits coast_files/photo.jpg", "Budget_files/chart.png"):
        assert _src(etree.fromstring(f'<img src="{local}"/>'), "https://news.example.org/a") is None
    assert _src(etree.fromstring('<img src="/static/my_files/x.jpg"/>'), "https://n.org/a") \
        == "https://n.org/static/my_files/x.jpg"


def test_an_image_block_outside_a_figure_tag_is_a_figure() -> None:
    """[figures]: an element a class word names as an image block, with an image and a
    caption-sized text, leaves the text like a <figcaption> (ESPN's <div class="mod-inline
    image image-right">, El Mundo's <div class="foto">), and a <figure> inside it keeps its
    image. A long text in such an element, or no image in it, is not a caption."""
    extractor = Extractor.load(RULES, use_rules=False)
    body = "".join(f"<p>{i} {PROSE}</p>" for i in range(6))
    long_intro = "The long introduction set beside its picture. " * 8
    html = ("<html><head><title>T</title></head><body><article><h1>Headline</h1>"
            "<div class='mod-inline image image-right'><a href='#'>[+] Enlarge<img src='/a.jpg'>"
            "</a><div><cite>Cliff Welch/Icon SMI </cite>The player denies the claim.</div></div>"
            + body[:len(body) // 2] +
            "<div class='foto'><figure><img src='/b.jpg'></figure><p>The mayor.</p></div>"
            f"<div class='image-text'><img src='/c.jpg'><p>{long_intro}</p></div>"
            "<div class='photo-note'><p>Photos were taken before the ban.</p></div>"
            "<div class='no_custom_header_image'><img src='/logo.png'><p>The standfirst "
            "stays.</p></div>"
            + body[len(body) // 2:] + "</article></body></html>")
    record = extractor.run(RawDoc("a.html", html.encode(), url="https://news.example.org/a"))
    text = record["text"]
    for caption in ("Cliff Welch", "denies the claim", "Enlarge", "The mayor."):
        assert caption not in text
    assert long_intro.strip() in text and "Photos were taken before the ban." in text
    assert "The standfirst stays." in text  # a name that says the block has no image
    assert "0 The committee" in text and "5 The committee" in text
    assert [image["src"] for image in record["images"]] == ["https://news.example.org/b.jpg"]
