"""The article's images: source, caption and credit, taken from its figures before
boilerplate removal drops the captions from the text (USER_NEEDS A6). Credit vocabulary is
data: `[image_credits]` in rules/_generic.toml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from lxml import etree

from cleaner.dom import text_content
from cleaner.pageindex import PageIndex, index_of
from cleaner.text import normalize

# Most images kept per record: a gallery page can hold hundreds.
MAX_IMAGES = 50
# Where an <img> keeps its image: a lazy loader's attribute first, since it holds the real
# image while src holds a placeholder until the script swaps them (Snopes'
# "lazyload-placeholder.png", Moneycontrol's "grey_bg.gif").
_LAZY_SRC = ("data-src", "data-original", "data-lazy-src", "data-url", "src")


@dataclass(frozen=True, slots=True)
class CreditVocabulary:
    label: re.Pattern[str]  # "Foto:" and friends, the credit follows
    phrase: re.Pattern[str]  # "Photo by", the credit follows
    agency: re.Pattern[str]  # a trailing "Name/Getty Images" or "REUTERS/Name"

    @classmethod
    def from_toml(cls, data: dict[str, Any]) -> CreditVocabulary:
        def alternation(words: list[str]) -> str:
            return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))

        labels = alternation(data.get("labels", []) or ["photo"])
        phrases = alternation(data.get("phrases", []) or ["photo by"])
        agencies = alternation(data.get("agency_suffixes", []) or ["getty images"])
        return cls(
            label=re.compile(rf"(?:^|[\s(\[|–—-])(?:{labels})\s*:\s*(?P<credit>[^()\[\]]{{1,120}}?)"
                             r"(?:[)\]]\.?)?\s*$", re.IGNORECASE),
            phrase=re.compile(rf"(?:^|[\s(\[|–—-])(?:{phrases})\s+(?P<credit>[^()\[\]]{{1,120}}?)"
                              r"(?:[)\]]\.?)?\s*$", re.IGNORECASE),
            agency=re.compile(rf"[(\[]?(?P<credit>(?:[^\s/()]+(?: [^\s/()]+){{0,3}}\s*/\s*)?"
                              rf"(?:{agencies})(?:\s*/\s*[^\s/()]+(?: [^\s/()]+){{0,3}})?)[)\]]?\.?",
                              re.IGNORECASE))


@dataclass(frozen=True, slots=True)
class Image:
    src: str | None
    caption: str | None
    credit: str | None

    def as_dict(self) -> dict[str, str | None]:
        return {"src": self.src, "caption": self.caption, "credit": self.credit}


def split_credit(text: str, vocab: CreditVocabulary) -> tuple[str | None, str | None]:
    """(caption, credit) of a caption text: 'Text. Foto: dpa/Max M.' -> ('Text.', 'dpa/Max M.')."""
    text = normalize(text)
    if not text:
        return None, None
    for pattern in (vocab.label, vocab.phrase):
        m = pattern.search(text)
        if m:
            return _caption(text[:m.start()]), _tidy(m.group("credit"))
    for mark in ("©", "(c)", "(C)", "Ⓒ"):
        at = text.rfind(mark)
        if at >= 0 and len(text) - at <= 80:
            return _caption(text[:at]), _tidy(text[at + len(mark):])
    # A trailing agency credit is the caption's last sentence: "… Beijing. Kevin Frayer/Getty
    # Images", never a sentence that merely names an agency.
    last = _LAST_SENTENCE.split(text)[-1]
    m = vocab.agency.fullmatch(last)
    if m:
        return _caption(text[:len(text) - len(last)]), _tidy(m.group("credit"))
    return text, None


_LAST_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _tidy(credit: str) -> str | None:
    """A credit without brackets, spaces and a closing full stop, but keeping an initial's
    ("dpa/Max M.")."""
    credit = credit.strip(" ()[]")
    if credit.endswith(".") and not re.search(r"(?:^|[\s/])\w\.$", credit):
        credit = credit[:-1].rstrip()
    return credit or None


def _caption(text: str) -> str | None:
    text = text.strip(" |–—-(")
    return text or None


def collect(page: Any, page_url: str | None,
            vocab: CreditVocabulary) -> list[tuple[Image, list[Any]]]:
    """Every figure of the unpruned page with its ancestors (to keep, later, those inside the
    article's roots): a figure with an <img> and/or a caption. `page`: the document root or
    its PageIndex."""
    out: list[tuple[Image, list[Any]]] = []
    for figure in _figures(index_of(page)):
        img = figure.find(".//img")
        src = _src(img, page_url) if img is not None else None
        cap = next(iter(_CAPTION(figure)), None)
        caption, credit = _caption_and_credit(cap, vocab) if cap is not None else (None, None)
        if src is None and caption is None and credit is None:
            continue
        out.append((Image(src, caption, credit), list(figure.iterancestors())))
        if len(out) >= MAX_IMAGES * 4:
            break
    return out


def inside(found: list[tuple[Image, list[Any]]], roots: list[Any],
           removed: list[Any]) -> list[dict[str, str | None]]:
    """The images of figures that sat inside one of the article's roots, in page order, and
    not inside something removed as boilerplate (a sidebar's figure). The figure itself may
    have been removed: captions and galleries leave the text, their images stay here."""
    chosen, dropped = set(roots), set(removed)
    images = []
    for image, ancestors in found:
        for ancestor in ancestors:
            if ancestor in chosen:
                images.append(image.as_dict())
                break
            if ancestor in dropped:
                break
    return images[:MAX_IMAGES]


# Figures: <figure>, and WordPress's classic captioned image (div.wp-caption, whose caption
# is p.wp-caption-text), which millions of sites still print.
_XML_SPACE = re.compile(r"[ \t\r\n]+")


def _figures(index: PageIndex) -> list[Any]:
    """The page's <figure>s and div.wp-caption blocks, in document order."""
    captioned = [el for el in index.tag("div")
                 if (names := el.get("class")) and "wp-caption" in names
                 and "wp-caption" in _XML_SPACE.split(names)]
    figures = index.tag("figure")
    return index.in_order(figures, captioned) if captioned else list(figures)


_CAPTION = etree.XPath(".//figcaption | .//*[contains(concat(' ', normalize-space(@class), ' '), "
                       "' wp-caption-text ')]")


# A credit set in its own element inside the caption (<small class="copyright">, <span
# class="credit">): DW and most CMSs, where the text runs on without a space ("…Karabakh" +
# "Image: TASS").
_CREDIT_ELEMENT = etree.XPath(
    ".//*[contains(@class, 'copyright') or contains(@class, 'credit') or "
    "contains(@class, 'source') or contains(@class, 'author') or @itemprop='copyrightHolder'"
    " or @itemprop='creditText' or @itemprop='author']")


def _caption_and_credit(cap: Any, vocab: CreditVocabulary) -> tuple[str | None, str | None]:
    marked = next(iter(_CREDIT_ELEMENT(cap)), None)
    if marked is None:
        return split_credit(text_content(cap), vocab)
    credit_text = normalize(text_content(marked))
    rest = normalize(" ".join(_text_outside(cap, marked)))
    _, credit = split_credit(credit_text, vocab)
    caption, _ = split_credit(rest, vocab) if rest else (None, None)
    return caption, credit or _tidy(credit_text)


def _text_outside(el: Any, skip: Any) -> list[str]:
    """The text of `el` without the subtree `skip` (its tail kept)."""
    parts = [el.text or ""]
    for child in el:
        if child is not skip:
            parts.extend(_text_outside(child, skip))
        parts.append(child.tail or "")
    return parts


def alt_texts(page: Any) -> list[str]:
    """The alt and title texts of every image of the (unpruned) page, <noscript> ones too."""
    return [value for img in index_of(page).tag("img")
            for value in (img.get("alt"), img.get("title")) if value]


def article_scope(roots: list[Any]) -> list[Any]:
    """Where the article's figures are: the text roots and the <article> (or <main>, or the
    element marked up as an article) that holds them, so that a featured image above the
    text body counts (USER_NEEDS A6: the main image's caption)."""
    if not roots:
        return []
    for el in (roots[0], *roots[0].iterancestors()):
        if el.tag in ("article", "main") or "Article" in (el.get("itemtype") or ""):
            return [el, *roots]
    return list(roots)


# A page saved with its resources ("Webpage, Complete") points its images at the copies in
# the folder saved beside it: "./Storm hits coast_files/photo.jpg". Joined to the page's URL
# that names no image anywhere; the save kept no trace of the original address.
_SAVED_COPY = re.compile(r"^(?:\./)?[^/:?#]+_files/")


def _src(img: Any, page_url: str | None) -> str | None:
    for name in _LAZY_SRC:
        value = (img.get(name) or "").strip()
        if value and _SAVED_COPY.match(value):
            return None
        if value and not value.startswith("data:"):
            return urljoin(page_url, value) if page_url else value
    srcset = (img.get("srcset") or img.get("data-srcset") or "").strip()
    if srcset:
        first = srcset.split(",")[0].split()[0]
        return urljoin(page_url, first) if page_url else first
    return None


def load_credit_vocabulary(path: Path) -> CreditVocabulary:
    import tomllib

    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return CreditVocabulary.from_toml(data.get("image_credits", {}))
