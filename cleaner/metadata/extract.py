"""`extract_metadata()`: every field from the unpruned tree, with where it came from.

Sources, in order of trust (issue 4): rule selectors > JSON-LD > OpenGraph/meta/microdata >
visible byline/dateline patterns > the URL (dates only, last resort). The tree is never
modified. Visible-pattern scans only run when the cheaper sources gave nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from cleaner.dom import text_content
from cleaner.metadata.byline import (
    AUTHOR_LABELS,
    Byline,
    find_head_byline,
    find_labelled,
    find_visible_bylines,
    parse_byline,
)
from cleaner.metadata.chars import clean_chars, decode_references
from cleaner.metadata.datelines import find_visible_dates
from cleaner.metadata.dates import ParsedDate, date_from_url, not_after, parse_date
from cleaner.metadata.jsonld import JsonLd, is_article, is_listing, names_of, read_jsonld, text_of
from cleaner.metadata.meta import PageMeta, normalize_lang, read_meta
from cleaner.metadata.relative import find_relative
from cleaner.metadata.relative import resolve as resolve_relative
from cleaner.metadata.title import choose_title, title_parts
from cleaner.pageindex import PageIndex, index_of

if TYPE_CHECKING:
    from cleaner.agencies import AgencyTable
    from cleaner.metadata.selectors import MetaSelector

__all__ = ["Metadata", "extract_metadata"]

_WS = re.compile(r"\s+")
_MAX_TAGS = 30
_MAX_TAG_CHARS = 60

# Meta keys per field, in order of trust (lower-cased property/name/itemprop).
_TITLE_KEYS = (
    "dc:title",
    "dcterm:title",
    "dcterms:title",
    "dc.title",
    "og:title",
    "weibo:article:title",
    "weibo:webpage:title",
    "title",
    "twitter:title",
    "headline",  # <meta itemprop="headline" content="..."> (schema.org microdata)
    "citation_title",
    "parsely-title",
    "sailthru.title",
)
_AUTHOR_KEYS = (
    "dc:creator",
    "dcterm:creator",
    "dcterms:creator",
    "dc.creator",
    "author",
    "article:author",
    "article:author_name",
    "og:author",  # not in the Open Graph spec, but CNN and others write it
    "parsely-author",
    "sailthru.author",
    "byl",
    "byline",
    "cxenseparse:author",
    "citation_author",
)
_PUBLISHED_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "article.published",
    "published_time",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date.created",
    "parsely-pub-date",
    "sailthru.date",
    "originalpublicationdate",
    "citation_publication_date",
    "date",
    "dc.date",
    "dcterms.date",
    "datecreated",
    "release_date",
)
_MODIFIED_KEYS = (
    "article:modified_time",
    "og:article:modified_time",
    "og:updated_time",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified-date",
    "article.updated",
    "lastmod",
)
_DESCRIPTION_KEYS = (
    "og:description",
    "description",
    "dc:description",
    "dc.description",
    "twitter:description",
)
_TAG_KEYS = ("article:tag", "news_keywords", "keywords", "parsely-tags")
_SITE_KEYS = (
    "og:site_name",
    "application-name",
    "publisher",
    "dc.publisher",
    "dc:publisher",
    "dcterms.publisher",
    "article:publisher",
    "copyright",
    "al:android:app_name",
    "twitter:app:name:iphone",
)
_LANG_KEYS = ("og:locale", "content-language", "language", "dc.language", "dcterms.language")


@dataclass(slots=True)
class Metadata:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    date_published: str | None = None
    date_modified: str | None = None
    outlet: str | None = None
    url: str | None = None
    lang_hint: str | None = None
    description: str | None = None
    tags: list[str] = field(default_factory=list)
    free_access: bool | None = None  # JSON-LD isAccessibleForFree (USER_NEEDS B13)
    # The page says it is one article: a JSON-LD article, or og:type "article" without a
    # JSON-LD listing (the New York Times' front page says og:type "article" too).
    declares_article: bool = False
    # Labels the page files the article under (article:section, JSON-LD articleSection, the
    # short parts of <title>): a first text block equal to one is a kicker. Not in records.
    sections: list[str] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)


def _add(dst: list[str], items: Sequence[str]) -> None:
    for item in items:
        if item and item not in dst:
            dst.append(item)


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


class _Page:
    """What one page offers, read once."""

    def __init__(self, index: PageIndex, rule_meta: Mapping[str, Sequence[Any]] | None):
        self.index = index
        self.root = index.root
        self.ld: JsonLd = read_jsonld(index)
        self.meta: PageMeta = read_meta(index)
        self.article: dict[str, Any] = self.ld.article or {}
        self.objects = self.ld.ordered()
        self.rule_meta = rule_meta or {}

    def rule_values(self, *keys: str) -> tuple[str, list[str]] | None:
        for key in keys:
            for sel in self.rule_meta.get(key, ()):
                values = sel.values(self.root, self.objects)
                if values:
                    return f"rule:{key}:{sel.spec}", values
        return None


def _resolve_url(page: _Page, url: str | None) -> tuple[str | None, str | None]:
    for source, cand in (
        ("link:canonical", page.meta.canonical),
        ("meta:og:url", (page.meta.first("og:url") or (None, None))[1]),
    ):
        if not cand:
            continue
        absolute = urljoin(url, cand) if url else cand
        if absolute.startswith(("http://", "https://")):
            return absolute, source
    return (url, "input") if url else (None, None)


def _outlet(page: _Page, rule_outlet: str | None, url: str | None) -> tuple[str | None, str | None]:
    if rule_outlet:
        return rule_outlet, "rule:outlet"
    got = page.meta.first("og:site_name")
    if got and (name := _outlet_name(got[1])):
        return name, "meta:og:site_name"
    pub = page.ld.publisher_name()
    if pub and (name := _outlet_name(pub)):
        return name, "jsonld:publisher"
    got = page.meta.first("application-name")
    if got and (name := _outlet_name(got[1])):
        return name, "meta:application-name"
    dom = _domain(url)
    return (dom, "url:domain") if dom else (None, None)


# A tagline after the name: "LinkNaija | Nigeria's popular news platform", "Aktuálně.cz -
# Víte, co se právě děje", "The Jerusalem Post | JPost.com" (ScrapingHub and Readability
# pages' og:site_name). Only spaced separators: "NBC 5 Dallas-Fort Worth" is one name.
_TAGLINE = re.compile(r"\s+(?:[|·•»]|[-–—:]{1,2})\s+.*$", re.DOTALL)


def _outlet_name(value: str) -> str | None:
    """The outlet's name from a site-name value: a URL gives its host ("https://www.
    hawaiinewsnow.com" -> "hawaiinewsnow.com"), a tagline after a separator is dropped."""
    value = _WS.sub(" ", clean_chars(value)).strip()
    if value.startswith(("http://", "https://", "//")):
        return _domain(value if not value.startswith("//") else "http:" + value)
    name = _TAGLINE.sub("", value).strip()
    return name if len(name) >= 2 else value or None


def _authors(
    page: _Page, agencies: AgencyTable, exclude: list[str]
) -> tuple[Byline, str | None, str | None]:
    """Authors from the first source that names a person; agencies from every source tried.
    Returns (byline, author source, agency source)."""
    result = Byline()
    source: str | None = None
    agency_source: str | None = None

    def add_agencies(names: Sequence[str], src: str) -> None:
        nonlocal agency_source
        if names:
            _add(result.agencies, names)
            agency_source = agency_source or src

    def take(raw_values: Sequence[str], src: str, excl: Sequence[str] = exclude) -> bool:
        nonlocal source
        got = Byline()
        for raw in raw_values:
            b = parse_byline(raw, agencies, excl)
            _add(got.authors, b.authors)
            _add(got.agencies, b.agencies)
        add_agencies(got.agencies, src)
        if got.authors:
            result.authors = got.authors
            source = src
            return True
        return False

    rv = page.rule_values("authors", "author")
    if rv and take(rv[1], rv[0]):
        return result, source, agency_source
    if "author" in page.article or "creator" in page.article:
        typed: list[str] = []  # typed Person: a blog's owner may share the site's name
        untyped: list[str] = []
        for name, kind in names_of(
            page.article.get("author") or page.article.get("creator"), page.ld
        ):
            canon = agencies.canonical(clean_chars(name))
            if canon:
                add_agencies([canon], "jsonld:author")
            elif kind == "person":
                typed.append(name)
            elif kind == "unknown":
                untyped.append(name)
        found = take(typed, "jsonld:author", ()) if typed else False
        if untyped:
            found = take(untyped, "jsonld:author") or found
        if found:
            return result, source, agency_source
    for key in _AUTHOR_KEYS:
        values = [
            v for _, v in page.meta.all(key) if not v.startswith(("http://", "https://", "//"))
        ]
        if values and take(values, f"meta:{key}"):
            return result, source, agency_source
    visible = find_visible_bylines(page.index, lambda t: bool(parse_byline(t, agencies, exclude)))
    if visible and take(visible, "visible:byline"):
        return result, source, agency_source
    labelled = find_labelled(page.index, AUTHOR_LABELS, limit=1)
    if labelled and take(labelled, "visible:label"):
        return result, source, agency_source
    # Last: an unmarked "By ..." line just after the headline.
    head = find_head_byline(page.index, lambda t: bool(parse_byline(t, agencies, exclude)))
    if head:
        take(head, "visible:head")
    return result, source, agency_source


def _first_date(
    cands: Sequence[tuple[str, str]], tz: str | None, dayfirst: bool, fetched: ParsedDate | None
) -> tuple[ParsedDate, str] | None:
    for raw, source in cands:
        pd = parse_date(raw, tz=tz, dayfirst=dayfirst)
        if pd is not None and not_after(pd, fetched):
            return pd, source
    return None


def _dates(
    page: _Page, tz: str | None, dayfirst: bool, fetched: ParsedDate | None, url: str | None
) -> tuple[tuple[ParsedDate, str] | None, tuple[ParsedDate, str] | None]:
    pub_c: list[tuple[str, str]] = []
    mod_c: list[tuple[str, str]] = []
    rv = page.rule_values("date_published", "date")
    if rv:
        pub_c.extend((v, rv[0]) for v in rv[1])
    rv = page.rule_values("date_modified")
    if rv:
        mod_c.extend((v, rv[0]) for v in rv[1])

    def ld(*keys: str) -> list[tuple[str, str]]:
        return [(v, f"jsonld:{k}") for k in keys if (v := text_of(page.article.get(k)))]

    # dateCreated (a draft may be created long before release) ranks below explicit meta.
    pub_c += ld("datePublished", "uploadDate")
    pub_c += [(v, f"meta:{k}") for k, v in page.meta.all(*_PUBLISHED_KEYS)]
    pub_c += ld("dateCreated")
    mod_c += ld("dateModified")
    mod_c.extend((v, f"meta:{k}") for k, v in page.meta.all(*_MODIFIED_KEYS))
    pub = _first_date(pub_c, tz, dayfirst, fetched)
    mod = _first_date(mod_c, tz, dayfirst, fetched)
    if pub is None or mod is None:
        vis = find_visible_dates(page.index)
        if pub is None:
            pub = _first_date(vis.published, tz, dayfirst, fetched)
        if mod is None:
            mod = _first_date(vis.modified, tz, dayfirst, fetched)
    if pub is None and fetched is not None:  # "2 hours ago", counted from the fetch date
        line = find_relative(page.index)
        resolved = resolve_relative(line, fetched) if line else None
        if resolved is not None:
            pub = (resolved, f"relative:{line}")
    if pub is None:
        pd = date_from_url(url)
        if pd is not None and not_after(pd, fetched):
            pub = (pd, "url")
    if pub is not None and mod is not None and _later(pub[0], mod[0]):
        mod = None  # a "modified" before the publication is not a modification date
    return pub, mod


def _later(a: ParsedDate, b: ParsedDate) -> bool:
    """a strictly after b, comparing like with like (by day when either is date-only)."""
    va, vb = a.value, b.value
    if not (isinstance(va, datetime) and isinstance(vb, datetime)):
        da = va.date() if isinstance(va, datetime) else va
        db = vb.date() if isinstance(vb, datetime) else vb
        return da > db
    if (va.tzinfo is None) != (vb.tzinfo is None):
        # One side naive: its offset is unknown, so only a gap of over a day is certain.
        return va.replace(tzinfo=None) > vb.replace(tzinfo=None) + timedelta(days=1)
    return va > vb


def _tags(page: _Page) -> tuple[list[str], str | None]:
    out: list[str] = []
    source = None
    for key in _TAG_KEYS:
        values = [v for _, v in page.meta.all(key)]
        if not values:
            continue
        for v in values:
            parts = [v] if key == "article:tag" else re.split(r"[,;]", v)
            _add(out, [p.strip() for p in parts if 0 < len(p.strip()) <= _MAX_TAG_CHARS])
        source = f"meta:{key}"
        break
    if not out:
        kw = page.article.get("keywords")
        parts = kw if isinstance(kw, list) else re.split(r"[,;]", kw) if isinstance(kw, str) else []
        _add(
            out,
            [
                p.strip()
                for p in parts
                if isinstance(p, str) and 0 < len(p.strip()) <= _MAX_TAG_CHARS
            ],
        )
        source = "jsonld:keywords" if out else None
    return out[:_MAX_TAGS], source


def _title(page: _Page, site_names: list[str]) -> tuple[str | None, str | None]:
    rv = page.rule_values("title")
    if rv:
        return _WS.sub(" ", clean_chars(rv[1][0])).strip(), rv[0]
    cands: list[tuple[str, str | None]] = []
    for key in ("headline", "name"):
        v = text_of(page.article.get(key))
        if v:
            cands.append((f"jsonld:{key}", v))
    for key in _TITLE_KEYS:
        got = page.meta.first(key)
        if got:
            cands.append((f"meta:{key}", got[1]))
    h1s = [text_content(h) for h in page.index.tag("h1")[:4]]
    return choose_title(cands, page.meta.title, h1s, site_names)


def extract_metadata(
    root: Any,
    *,
    url: str | None,
    fetched: str | None,
    rule_meta: Mapping[str, Sequence[MetaSelector]] | None,
    rule_outlet: str | None,
    timezone: str | None,
    agencies: AgencyTable,
) -> Metadata:
    """All metadata of one page. `root` is the pristine document (or its PageIndex, which
    the caller may share with other readers of the unpruned tree); it is not modified."""
    index = index_of(root)
    root = index.root
    page = _Page(index, rule_meta)
    md = Metadata()
    prov = md.provenance

    md.url, src = _resolve_url(page, url)
    if src:
        prov["url"] = src
    raw_lang = page.meta.html_lang and root.get("lang")
    md.lang_hint = page.meta.html_lang
    if md.lang_hint:
        prov["lang_hint"] = "html:lang"
    else:
        for key, value in page.meta.all(*_LANG_KEYS):
            md.lang_hint = normalize_lang(value)
            if md.lang_hint:
                prov["lang_hint"] = f"meta:{key}"
                raw_lang = value
                break
    md.outlet, src = _outlet(page, rule_outlet, md.url or url)
    if src:
        prov["outlet"] = src

    site_names: list[str] = []
    _add(
        site_names, [n for n in (md.outlet, page.ld.publisher_name(), _domain(md.url or url)) if n]
    )
    _add(site_names, [v for _, v in page.meta.all(*_SITE_KEYS) if not v.startswith(("http", "//"))])

    byline, src, agency_src = _authors(page, agencies, site_names)
    md.authors = byline.authors
    if src:
        prov["authors"] = src
    rv = page.rule_values("agencies")
    if rv:
        for value in rv[1]:
            canon = agencies.canonical(value)
            _add(md.agencies, [canon] if canon else agencies.find_in_byline(value))
        if md.agencies:
            prov["agencies"] = rv[0]
    _add(md.agencies, byline.agencies)
    if md.agencies and "agencies" not in prov and agency_src:
        prov["agencies"] = agency_src
    contributor = page.article.get("contributor")
    _add(
        md.contributors, [n for n, kind in names_of(contributor, page.ld) if kind != "organization"]
    )

    md.title, src = _title(page, site_names + md.authors)
    if src:
        prov["title"] = src

    dayfirst = not (
        isinstance(raw_lang, str) and raw_lang.strip().lower().replace("_", "-") == "en-us"
    )
    fetched_pd = parse_date(fetched) if fetched else None
    pub, mod = _dates(page, timezone, dayfirst, fetched_pd, md.url or url)
    if pub is not None:
        md.date_published = pub[0].iso()
        prov["date_published"] = pub[1]
        prov["date_published_tz"] = pub[0].tz_source
    if mod is not None:
        md.date_modified = mod[0].iso()
        prov["date_modified"] = mod[1]
        prov["date_modified_tz"] = mod[0].tz_source

    got = page.meta.first(*_DESCRIPTION_KEYS)
    if got:
        md.description, prov["description"] = decode_references(got[1]), f"meta:{got[0]}"
    elif d := text_of(page.article.get("description")):
        md.description, prov["description"] = decode_references(d), "jsonld:description"
    md.tags, src = _tags(page)
    if src:
        prov["tags"] = src
    md.free_access = _free_access(page.article)
    md.declares_article = _declares_article(page)
    md.sections = _sections(page)
    return md


# A section label is a word or three ("Environnement", "World news"), not a headline.
_SECTION_MAX_WORDS = 3


def _sections(page: _Page) -> list[str]:
    """The section labels a page gives: article:section, JSON-LD articleSection, and the
    short parts of its <title> ("La perte ... | Environnement | DW | 23.05.2011")."""
    section = page.article.get("articleSection")
    labels = [v for _, v in page.meta.all("article:section")]
    labels += [v for v in (section if isinstance(section, list) else [section])
               if isinstance(v, str)]
    parts = title_parts(page.meta.title) if page.meta.title else []
    if len(parts) > 1:
        labels += parts
    out: list[str] = []
    _add(out, [w for w in (" ".join(v.split()) for v in labels)
               if w and len(w.split()) <= _SECTION_MAX_WORDS])
    return out


def _declares_article(page: _Page) -> bool:
    objects = page.ld.objects
    if any(is_article(obj) for obj in objects):
        return True
    og_type = page.meta.first("og:type")
    return bool(og_type and og_type[1].strip().lower() == "article") \
        and not any(is_listing(obj) for obj in objects)


def _free_access(article: dict[str, Any]) -> bool | None:
    """JSON-LD `isAccessibleForFree` of the article or of a part of it (a paywalled section
    is declared in `hasPart`): True, False, or None when the page does not say."""
    values = [article.get("isAccessibleForFree")]
    parts = article.get("hasPart")
    for part in parts if isinstance(parts, list) else [parts]:
        if isinstance(part, dict):
            values.append(part.get("isAccessibleForFree"))
    flags = [v if isinstance(v, bool) else str(v).strip().lower() in ("true", "yes", "1")
             for v in values if v is not None and str(v).strip()]
    if not flags:
        return None
    return all(flags)
