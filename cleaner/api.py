"""Public API: `extract()` for one page, `Extractor` for many (rules compiled once).

The pipeline of one page, top to bottom (each step one module):
  sniff -> decode -> parse -> metadata (unpruned tree) -> rule / generic body -> text blocks
  -> boilerplate lines and credits -> language -> record.
"""

from __future__ import annotations

import functools
import hashlib
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner import dom, generic, images, quality
from cleaner.agencies import AgencyTable
from cleaner.decode import utf8_markup
from cleaner.errors import Drop
from cleaner.language import MODEL as LANGUAGE_MODEL
from cleaner.language import LanguageDetector
from cleaner.lines import LineResult, alt_keys, filter_lines
from cleaner.metadata import Metadata, extract_metadata
from cleaner.pageindex import PageIndex, index_of
from cleaner.record import SCHEMA_VERSION, ordered, record_id
from cleaner.rules import Rule, RuleSet, Version, load_ruleset
from cleaner.saved import saved_url, unpack
from cleaner.sniff import sniff
from cleaner.text import Block, blocks_of, render
from cleaner.urls import canonical, domain_of, host_of
from cleaner.version import __version__
from cleaner.vocab import Vocabulary, load_vocabulary

GENERIC_FILE = "_generic.toml"
AGENCIES_FILE = "_agencies.toml"
# Pages larger than this are rejected ("too-large"): the biggest benchmark page is 1.9 MB;
# 20 MB leaves room for long live blogs while bounding parse time and memory (issue 8).
MAX_INPUT_BYTES = 20 * 1024 * 1024
# When the strict generic pass yields less than this, retry with pruning relaxed
# (Readability's retry sieve): a short page is more often over-pruned than short.
RETRY_BELOW_CHARS = 250



@dataclass(slots=True)
class RawDoc:
    """One input page: its bytes and what the transport said about it."""

    source: str
    data: bytes
    url: str | None = None
    fetched: str | None = None  # ISO 8601
    charset: str | None = None  # from an HTTP or WARC header


@dataclass(slots=True)
class Extraction:
    """Everything known about one page's extraction, for `clean explain` and tests."""

    record: dict[str, Any] | None
    reason: str | None = None
    detail: str | None = None
    rule: str | None = None
    removed: list[generic.Removal] = field(default_factory=list)
    lines: LineResult | None = None
    metadata: Metadata | None = None
    blocks: list[Block] = field(default_factory=list)
    images: list[dict[str, str | None]] = field(default_factory=list)


def default_rules_dir() -> Path:
    """$CLEANER_RULES, else ./rules, else the rules cleaner ships (bundled_rules_dir)."""
    env = os.environ.get("CLEANER_RULES")
    if env:
        return Path(env)
    local = Path("rules")
    if (local / GENERIC_FILE).is_file():
        return local
    return bundled_rules_dir()


def bundled_rules_dir() -> Path:
    """The rules/ of the source checkout beside the package (an editable install), else the
    copy an installed package carries (cleaner/bundled_rules, see pyproject.toml)."""
    here = Path(__file__).resolve().parent
    checkout = here.parent / "rules"
    return checkout if (checkout / GENERIC_FILE).is_file() else here / "bundled_rules"


@dataclass(slots=True)
class Extractor:
    """Compiled rules, vocabulary, agencies and a parser: built once per worker."""

    ruleset: RuleSet
    vocab: Vocabulary
    agencies: AgencyTable
    use_rules: bool = True
    max_bytes: int = MAX_INPUT_BYTES
    language: LanguageDetector = field(default_factory=LanguageDetector)
    parser: Any = field(default_factory=dom.make_parser, repr=False)
    fingerprint: str = ""
    credits: images.CreditVocabulary | None = None

    @classmethod
    def load(cls, rules_dir: Path | None = None, *, use_rules: bool = True,
             max_bytes: int = MAX_INPUT_BYTES) -> Extractor:
        if rules_dir is not None and not Path(rules_dir).is_dir():
            raise FileNotFoundError(f"rules directory not found: {rules_dir}")
        rules_dir = Path(rules_dir) if rules_dir is not None else default_rules_dir()
        vocab = load_vocabulary(_shared_file(rules_dir, GENERIC_FILE))
        credits = images.load_credit_vocabulary(_shared_file(rules_dir, GENERIC_FILE))
        agencies = AgencyTable.load(_shared_file(rules_dir, AGENCIES_FILE))
        ruleset = load_ruleset(rules_dir) if use_rules else RuleSet()
        digest = hashlib.sha256()
        for part in (__version__, vocab.sha256, _file_hash(rules_dir / AGENCIES_FILE),
                     ruleset.fingerprint, str(use_rules)):
            digest.update(part.encode() + b"\0")
        return cls(ruleset=ruleset, vocab=vocab, agencies=agencies, use_rules=use_rules,
                   max_bytes=max_bytes, fingerprint=digest.hexdigest(), credits=credits)

    @property
    def rule_hashes(self) -> dict[str, str]:
        return {rule.name: rule.sha256 for rule in self.ruleset.rules}

    def run(self, doc: RawDoc) -> dict[str, Any]:
        """The page's record. Raises Drop when the page cannot become a record."""
        result = self.explain(doc)
        if result.record is None:
            raise Drop(result.reason or "rejected", result.detail or "")
        return result.record

    def explain(self, doc: RawDoc) -> Extraction:
        try:
            return self._extract(doc)
        except Drop as drop:
            found = drop.extraction
            if found is None:
                return Extraction(None, drop.reason, drop.detail)
            # A page rejected after its metadata and body were read keeps them: they are
            # what explains the reject (a body cut to a headline by a class word).
            found.record, found.reason, found.detail = None, drop.reason, drop.detail
            return found
        except RecursionError as exc:  # a stage that recurses met a hostile shape (issue 8)
            return Extraction(None, "internal-error", f"RecursionError: {exc}")

    def _extract(self, doc: RawDoc) -> Extraction:
        if len(doc.data) > self.max_bytes:
            raise Drop("too-large", f"{len(doc.data)} bytes > limit {self.max_bytes}")
        doc = unpack(doc)  # a browser's archive (MHTML, Safari's): the page in it
        sniff(doc.data)
        root = dom.parse(utf8_markup(doc.data, doc.charset), self.parser)
        index = PageIndex(root)  # shared by the readers of the unpruned tree, until pruning
        # A page saved from a browser without a canonical link says where it came from.
        page_url = doc.url or _page_url(index) or canonical(saved_url(doc.data))
        chosen = self.ruleset.select(host_of(page_url), root, doc.fetched) if self.use_rules else None
        rule, version = chosen if chosen else (None, None)
        meta = extract_metadata(
            index, url=page_url, fetched=doc.fetched,
            rule_meta=version.meta if version else None,
            rule_outlet=rule.outlet if rule and rule.domains else None,
            timezone=rule.timezone if rule else None, agencies=self.agencies)
        out = Extraction(None, rule=f"{rule.name}@{version.id}" if rule and version else None,
                         metadata=meta)
        try:
            self._read_body(out, doc, root, index, rule, version, page_url)
        except Drop as drop:
            drop.extraction = out
            raise
        return out

    def _read_body(self, out: Extraction, doc: RawDoc, root: dom.HtmlElement,
                   index: PageIndex, rule: Rule | None, version: Version | None,
                   page_url: str | None) -> None:
        """The page's text, images and record, into `out` (its metadata read already)."""
        meta = out.metadata
        assert meta is not None
        figures = images.collect(index, page_url, self.credits) if self.credits else []
        alts = alt_keys(images.alt_texts(index))
        roots = self._body_roots(root, index, version, out)
        blocks = generic.filter_blocks(blocks_of(roots))
        if rule is None and len(render(blocks)) < RETRY_BELOW_CHARS:
            retry_removed: list[generic.Removal] = []
            again = dom.parse(utf8_markup(doc.data, doc.charset), self.parser)
            retry_figures = images.collect(again, page_url, self.credits) if self.credits else []
            retry_roots = generic.find_body(again, self.vocab, retry_removed, relaxed=True)
            retry = generic.filter_blocks(blocks_of(retry_roots))
            if len(render(retry)) > len(render(blocks)):
                blocks, out.removed = retry, retry_removed
                figures, roots = retry_figures, retry_roots
        # An image block removed as a figure ([figures]) is the image's own frame, not a
        # sidebar around it: its image stays in the record, like a <figure>'s.
        out.images = images.inside(figures, images.article_scope(roots),
                                   [r.element for r in out.removed
                                    if r.by != generic.FIGURE_REMOVAL])
        cut_short = quality.truncated(blocks, self.vocab)
        lines = filter_lines(blocks, vocab=self.vocab,
                             rule_lines=version.drop_lines if version else (),
                             agencies=self.agencies, title=meta.title, image_alts=alts,
                             sections=meta.sections)
        out.lines, out.blocks = lines, lines.blocks
        text = render(lines.blocks)
        quality.check_index(text, sum(1 for r in out.removed if r.by == "teaser-card"),
                            dated_article=meta.declares_article and bool(meta.date_published))
        if not text:
            raise Drop("no-text", "no article text found")
        quality.check(text, lines.blocks, (meta.title, _headline(root)), self.vocab,
                      rule.min_words if rule else None)
        out.record = self._record(doc, meta, rule, version, lines, text, page_url)
        out.record["images"] = out.images
        out.record["truncated"] = cut_short

    def _body_roots(self, root: dom.HtmlElement, index: PageIndex, version: Version | None,
                    out: Extraction) -> list[dom.HtmlElement]:
        roots = _rule_body(root, version, self.vocab, out.removed) if version else None
        if not roots:
            roots = generic.find_body(root, self.vocab, out.removed, links=index.tag("a"))
        return roots

    def _record(self, doc: RawDoc, meta: Metadata, rule: Rule | None, version: Version | None,
                lines: LineResult, text: str, page_url: str | None) -> dict[str, Any]:
        url = canonical(meta.url) or canonical(page_url)
        agencies = list(meta.agencies)
        agencies.extend(a for a in lines.agencies if a not in agencies)
        contributors = list(meta.contributors)
        contributors.extend(c for c in lines.contributors if c not in contributors)
        authors = [a for a in meta.authors if a not in contributors]
        language = self.language.detect(text, meta.lang_hint)
        return ordered({
            "id": record_id(url, doc.data),
            "url": url,
            "outlet": _outlet(rule, meta) or domain_of(url),
            "domain": domain_of(url),
            "title": _nfc(meta.title),
            "authors": [_nfc(a) for a in authors],
            "agencies": agencies,
            "date_published": meta.date_published,
            "date_modified": meta.date_modified,
            "language": language,
            "text": text,
            "source": doc.source,
            "rule": f"{rule.name}@{version.id}" if rule and version else None,
            "duplicate_of": None,
            "cleaner_version": __version__,
            "cluster_id": None,
            "date_fetched": doc.fetched,
            "contributors": [_nfc(c) for c in contributors],
            "desk_initials": list(lines.initials),
            "description": _nfc(meta.description),
            "tags": [_nfc(t) for t in meta.tags],
            "word_count": quality.count_words(text),
            "lang_html": meta.lang_hint,
            "date_source": _date_source(meta.provenance.get("date_published")),
            "free_access": meta.free_access,
            "truncated": False,
            "language_model": LANGUAGE_MODEL,
            "content_hash": hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest(),
            "paragraphs": [{"type": _PARAGRAPH_TYPES.get(b.kind, "paragraph"), "text": b.text}
                           for b in lines.blocks],
            "images": [],
            "schema_version": SCHEMA_VERSION,
        })


def _date_source(provenance: str | None) -> str | None:
    """Where date_published came from, coarsely (USER_NEEDS B8, B9): a site rule, JSON-LD,
    <meta>, the page itself (a visible dateline, <time>, microdata), a relative date counted
    from the fetch date, or the URL."""
    if not provenance:
        return None
    head = provenance.split(":", 1)[0]
    return head if head in {"rule", "jsonld", "meta", "relative", "url"} else "page"


# `paragraphs[].type` names for the text blocks' kinds (USER_NEEDS A15, C12).
_PARAGRAPH_TYPES = {"p": "paragraph", "h": "heading", "li": "list_item", "quote": "quote",
                    "row": "table_row", "pre": "preformatted"}


def _nfc(value: str | None) -> str | None:
    """Metadata in NFC, as the text is (text.normalize): a decomposed "Cafe\u0301" in a
    <title> must group with the composed one downstream."""
    if value is None or unicodedata.is_normalized("NFC", value):
        return value
    return unicodedata.normalize("NFC", value)


def _outlet(rule: Rule | None, meta: Metadata) -> str | None:
    """A domain rule names the outlet; a theme rule (matched by markup signature, shared by
    many sites) does not, so the page's own site name comes first there."""
    if rule is None:
        return meta.outlet
    if not rule.domains:
        return meta.outlet or rule.outlet
    return rule.outlet


def _rule_body(root: dom.HtmlElement, version: Version, vocab: Vocabulary,
               removed: list[generic.Removal]) -> list[dom.HtmlElement] | None:
    """The rule's body roots with its drop selectors applied, then the generic in-body
    cleaning (guarded, so it cannot undo the rule's choice of body)."""
    body = next((found for sel in version.body if (found := sel(root))), None)
    if not body:
        return None
    chosen = set(body)
    body = [el for el in body if not any(a in chosen for a in el.iterancestors())]
    # Match every drop selector on the page as it arrived, then remove: a selector's
    # meaning never depends on the selectors listed before it ("figure + ul").
    doomed = [(spec, el) for spec, selector in zip(version.drop_specs, version.drop)
              for el in selector(root)]
    for spec, el in doomed:
        if el.getroottree().getroot() is root:  # not inside an element already removed
            removed.append(generic.Removal(f"rule-drop:{spec}", el, ""))
            dom.remove(el)
    generic.strip_invisible(root, vocab)
    for el in body:
        stats = generic.measure(el)
        generic.clean_inside(el, vocab, stats, removed)
    return body


def _headline(root: dom.HtmlElement) -> str | None:
    """The page's first <h1>, for the quality gate's error-page test."""
    h1 = root.find(".//h1")
    return " ".join(dom.text_content(h1).split()) if h1 is not None else None


def _page_url(page: Any) -> str | None:
    """The page's own URL: its first <link rel="canonical"> or og:url (`page`: the document
    root or its PageIndex)."""
    for el in index_of(page).tags("link", "meta"):
        if el.tag == "link":
            found = el.get("href") if el.get("rel") == "canonical" else None
        else:
            found = el.get("content") if el.get("property") == "og:url" else None
        if found is not None:
            return canonical(found)
    return None


def _shared_file(rules_dir: Path, name: str) -> Path:
    path = rules_dir / name
    if path.is_file():
        return path
    fallback = bundled_rules_dir() / name
    if fallback.is_file():
        return fallback
    from cleaner.errors import RuleError

    raise RuleError(str(path), "missing: the generic vocabulary and agency table are needed")


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def extract(html: bytes | str, url: str | None = None, *, rules: bool = True,
            fetched: str | None = None, rules_dir: Path | None = None,
            timeout: float | None = None) -> dict[str, Any] | None:
    """Extract one page. Returns the record, or None when the page is rejected; use
    `extract_result()` to get the reason. `timeout` (seconds) bounds the work on one page,
    as `clean build --doc-timeout` does (reason "timeout")."""
    return extract_result(html, url, rules=rules, fetched=fetched, rules_dir=rules_dir,
                          timeout=timeout).record


def extract_result(html: bytes | str, url: str | None = None, *, rules: bool = True,
                   fetched: str | None = None, rules_dir: Path | None = None,
                   timeout: float | None = None) -> Extraction:
    charset = "utf-8" if isinstance(html, str) else None  # a str was decoded already
    data = html.encode("utf-8", "surrogatepass") if isinstance(html, str) else bytes(html or b"")
    extractor = cached_extractor(str(rules_dir) if rules_dir else None, rules)
    doc = RawDoc("<input>", data, url=url, fetched=fetched, charset=charset)
    if not timeout:
        return extractor.explain(doc)
    from cleaner.engine.local import DocTimeout, time_budget  # lazy: engine imports this module

    try:
        with time_budget(timeout):
            return extractor.explain(doc)
    except DocTimeout:
        return Extraction(None, "timeout", f"extraction took longer than {timeout:g} s")


@functools.lru_cache(maxsize=4)
def cached_extractor(rules_dir: str | None, use_rules: bool) -> Extractor:
    """One compiled extractor per rules directory, so repeated `extract()` calls do not
    recompile rules or reload language profiles. Extraction keeps no state between pages,
    so sharing it cannot make one page's result depend on another's."""
    return Extractor.load(Path(rules_dir) if rules_dir else None, use_rules=use_rules)

