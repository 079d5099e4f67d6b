"""`clean rules new` and `clean rules fixture`: write a site rule suggested by a page's
structure, and fixtures (the page + page.toml + its first snapshot) for a rule.

The suggestion starts from what the generic extractor does with the page: the element that
holds its kept blocks becomes the `body` selector, what it removed inside that element becomes
`drop` candidates, and the metadata selectors that agree with the generic metadata become
`[version.meta]`. Selectors are built from stable names only: ids and classes a person wrote,
never the hashes CSS-in-JS tools generate (`sc-dFfFtc`, `css-1x2y3z`, `Article_body__3xK9a`),
and every selector is checked against the page (the body selector matches exactly the chosen
element; a drop selector matches nothing that holds kept text).
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cssselect import SelectorError
from lxml import etree
from lxml.cssselect import CSSSelector

from cleaner.api import Extractor
from cleaner.dom import text_content
from cleaner.explain import Trace, trace
from cleaner.ruletools import PAGE_FILE, Fixture, load_fixture, run_fixture_tests
from cleaner.text import normalize
from cleaner.urls import host_of
from cleaner.vocab import words_of

# The body element is the deepest one holding this share of the kept text: the generic
# extractor sometimes keeps a stray block (a lead, a caption) outside the article container,
# and the container is the better selector.
BODY_TEXT_SHARE = 0.9
MAX_DROPS = 15
ANCESTOR_LEVELS = 6
# Tags whose name alone is a fine selector (there is one per page, or all of them are chrome).
_UNIQUE_TAGS = frozenset({"article", "main"})
_DROP_TAGS = frozenset({"figure", "figcaption", "aside", "nav", "footer", "form", "iframe",
                        "video", "audio", "noscript", "button", "dialog", "menu"})
_NAME = re.compile(r"^-?[A-Za-z_][\w-]*$")
# Generated class names: styled-components (sc-dFfFtc), emotion (css-1x2y3z), styled-jsx
# (jsx-123), svelte (svelte-1a2b3c), and any name with a hash-like part (see _hashy).
_GENERATED = re.compile(r"^(?:sc|css|jsx|svelte|emotion|chakra|mui|tw)-|^_[\w-]{4,}$")
_HASH_PART = re.compile(r"\d[a-zA-Z]+\d|[a-zA-Z]\d+[a-zA-Z]")


def is_generated(name: str) -> bool:
    """True for class names or ids a build tool generated (they change on every deploy)."""
    if not _NAME.match(name) or _GENERATED.search(name):
        return True
    return any(_hashy(part) for part in re.split(r"[-_]+", name) if part)


def _hashy(part: str) -> bool:
    """A name part that looks like a hash: digits between letters (`3xK9a`, `a1b2`), or
    case flipping inside a short part (`dFfFtc`, `bdVaJa`), which camelCase words do not do
    (`articleBody`: every capital starts a word of two letters or more)."""
    if len(part) >= 4 and _HASH_PART.search(part):
        return True
    words = re.findall(r"[A-Z]?[a-z]*|[A-Z]+", part)
    short = [w for w in words if w and len(w) <= 2 and not w.isdigit()]
    return len(part) >= 5 and len(short) >= 2 and any(c.isupper() for c in part[1:])


def stable_names(el: Any) -> tuple[str | None, list[str]]:
    """The element's stable id (or None) and its stable class names."""
    ident = el.get("id")
    ident = ident if ident and not is_generated(ident) else None
    classes = [c for c in (el.get("class") or "").split() if not is_generated(c)]
    return ident, classes


class _Page:
    """Selector checks against the pristine page, cached."""

    def __init__(self, root: Any, vocab: Any) -> None:
        self.root = root
        self.vocab = vocab
        self._cache: dict[str, list[Any]] = {}

    def select(self, selector: str) -> list[Any]:
        if selector not in self._cache:
            try:
                self._cache[selector] = CSSSelector(selector)(self.root)
            except (SelectorError, etree.XPathError):
                self._cache[selector] = []
        return self._cache[selector]

    def own_selectors(self, el: Any, prefer: str | None = None) -> list[str]:
        """Selectors naming this element by its own id, attributes and classes, best first."""
        ident, classes = stable_names(el)
        tag = el.tag
        out = [f"#{ident}"] if ident else []
        if el.get("itemprop") == "articleBody":
            out.append(f"{tag}[itemprop='articleBody']")
        # Names of the concept first, then short ones (`content__headline` outlives
        # `content__headline--immersive--with-main-media`), utility names (`u-cf`) last.
        classes.sort(key=lambda c: (not self._prefer(c, prefer), len(c) < 4, len(c)))
        out += [f"{tag}.{c}" for c in classes]
        out += [f"{tag}.{a}.{b}" for i, a in enumerate(classes[:4]) for b in classes[i + 1:4]]
        if tag in _UNIQUE_TAGS:
            out.append(tag)
        return out

    def _prefer(self, name: str, concept: str | None) -> bool:
        words = words_of(name)
        if concept:
            return self.vocab.concept(words) == concept
        return bool(self.vocab.body.search(words) or self.vocab.keep.search(words))

    def unique(self, el: Any) -> str | None:
        """A selector that matches this element and nothing else on the page."""
        own = self.own_selectors(el)
        for selector in own:
            if self.select(selector) == [el]:
                return selector
        for level, anc in enumerate(el.iterancestors()):
            if level >= ANCESTOR_LEVELS or anc.tag in ("body", "html"):
                break
            for base in self.own_selectors(anc):
                if self.select(base) != [anc]:
                    continue
                for selector in (*own, el.tag):
                    combined = f"{base} {selector}"
                    if self.select(combined) == [el]:
                        return combined
        return None


# ---- suggestion ---------------------------------------------------------------------------

@dataclass(slots=True)
class Suggestion:
    body: list[str] = field(default_factory=list)
    body_note: str = ""
    drop: list[tuple[str, str]] = field(default_factory=list)  # (selector, why)
    meta: dict[str, list[str]] = field(default_factory=dict)
    meta_notes: dict[str, str] = field(default_factory=dict)  # field -> why none suggested
    outlet: str | None = None
    language: str | None = None
    dates_without_offset: bool = False
    notes: list[str] = field(default_factory=list)


def suggest(tr: Trace, vocab: Any) -> Suggestion:
    """A rule for the page traced with the generic extractor (use_rules=False)."""
    out = Suggestion()
    record = tr.result.record or {}
    out.outlet = record.get("outlet")
    out.language = record.get("language")
    page = _Page(tr.root, vocab)
    body = _body_element(tr)
    if body is None:
        out.notes.append("the generic extractor kept no text: no body selector suggested")
    else:
        selector = page.unique(body)
        if selector is None:
            out.notes.append(f"no stable selector for the body element "
                             f"<{body.tag} class={body.get('class')!r}>: fill `body` in by hand")
        else:
            out.body = [selector]
            out.body_note = f"where the generic extractor found the text ({len(tr.kept)} blocks)"
            out.drop = _drops(tr, page, body)
    out.meta = _meta(tr, page)
    record = tr.result.record or {}
    prov = tr.result.metadata.provenance if tr.result.metadata else {}
    out.dates_without_offset = bool(record.get("date_published")) and \
        prov.get("date_published_tz") == "none"
    for name in ("title", "authors", "date_published", "date_modified"):
        if out.meta.get(name):
            continue
        found = record.get(name)
        out.meta_notes[name] = (f"no selector on the page gives the generic value {_show(found)}"
                                if found else "the generic extractor found none on the page")
    return out


def _show(value: Any) -> str:
    text = "; ".join(value) if isinstance(value, list) else str(value)
    return repr(text if len(text) < 50 else text[:47] + "...")


def _body_element(tr: Trace) -> Any:
    """The deepest element holding BODY_TEXT_SHARE of the kept text."""
    if not tr.kept:
        return None
    total = sum(tr.kept.values())
    held: dict[Any, int] = {}
    for number, chars in tr.kept.items():
        el = tr.elements[number]
        for anc in (el, *el.iterancestors()):
            held[anc] = held.get(anc, 0) + chars
    enough = [el for el, chars in held.items() if chars >= BODY_TEXT_SHARE * total]
    return max(enough, key=lambda el: sum(1 for _ in el.iterancestors()))


def _drops(tr: Trace, page: _Page, body: Any) -> list[tuple[str, str]]:
    """Selectors for what the generic extractor removed inside the body: each matches no
    element holding kept text."""
    kept = {tr.elements[n] for n in tr.kept}
    out: dict[str, str] = {}
    for number, label in sorted(tr.removed.items()):
        el = tr.elements[number]
        if body not in el.iterancestors() or len(out) >= MAX_DROPS:
            continue
        concept = label.split(":", 1)[1] if label.startswith("class:") else None
        candidates = page.own_selectors(el, prefer=concept)
        if el.tag in _DROP_TAGS:
            candidates.append(el.tag)
        for selector in candidates:
            if selector.startswith("#"):
                continue  # an id names one element: a drop rule should name a kind
            short = "." + selector.split(".", 1)[1] if "." in selector else selector
            matched = page.select(short)
            if el in matched and not any(k is m or m in k.iterancestors() for m in matched
                                         for k in kept):
                if short not in out:
                    out[short] = f"{label}, {len(matched)} on this page"
                break
    return list(out.items())


_META_CANDIDATES = {
    "title": ["jsonld:headline", "meta[property='og:title']@content"],
    "authors": ["jsonld:author.name", "meta[name='author']@content",
                "meta[property='article:author']@content", "[rel='author']",
                "[itemprop='author'] [itemprop='name']"],
    "date_published": ["jsonld:datePublished", "meta[property='article:published_time']@content",
                       "meta[itemprop='datePublished']@content", "time[datetime]@datetime"],
    "date_modified": ["jsonld:dateModified", "meta[property='article:modified_time']@content",
                      "meta[itemprop='dateModified']@content"],
}


def _meta(tr: Trace, page: _Page) -> dict[str, list[str]]:
    """Metadata selectors whose values agree with the generic metadata: a visible headline
    first, then JSON-LD and meta tags."""
    from cleaner.metadata.jsonld import read_jsonld
    from cleaner.metadata.selectors import compile_meta_selector

    record = tr.result.record or {}
    ld = read_jsonld(tr.root).ordered()
    out: dict[str, list[str]] = {}
    title = record.get("title")
    if title:
        h1 = [el for el in page.select("h1") if _same(text_content(el), title)]
        visible = page.unique(h1[0]) if h1 else None
        found = [visible] if visible else []
        for spec in _META_CANDIDATES["title"]:
            values = compile_meta_selector(spec).values(tr.root, ld)
            if values and _same(values[0], title):
                found.append(spec)
                break
        out["title"] = found
    authors = record.get("authors") or []
    if authors:
        for spec in _META_CANDIDATES["authors"]:
            joined = " ".join(compile_meta_selector(spec).values(tr.root, ld)).casefold()
            if all(a.casefold() in joined for a in authors):
                out["authors"] = [spec]
                break
    for name in ("date_published", "date_modified"):
        wanted = (record.get(name) or "")[:10]
        if not wanted:
            continue
        for spec in _META_CANDIDATES[name]:
            values = compile_meta_selector(spec).values(tr.root, ld)
            if values and _day(values[0]) == wanted:
                out[name] = [spec]
                break
    return out


def _same(a: str, b: str) -> bool:
    return normalize(a).casefold().strip(" .") == normalize(b).casefold().strip(" .")


def _day(value: str) -> str:
    from cleaner.metadata.dates import parse_date

    parsed = parse_date(value)
    return parsed.iso()[:10] if parsed else ""


# ---- writing the rule ---------------------------------------------------------------------

def _toml_str(value: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML for what json.dumps emits)."""
    return json.dumps(value, ensure_ascii=False)


def _toml_list(values: list[str], notes: list[str] | None = None, indent: str = "  ") -> str:
    if not values:
        return "[]"
    if not notes and sum(len(v) + 4 for v in values) < 70:
        return "[" + ", ".join(_toml_str(v) for v in values) + "]"
    width = max(len(_toml_str(v)) for v in values) + 1
    lines = []
    for i, value in enumerate(values):
        note = notes[i] if notes else ""
        item = f"{_toml_str(value)},"
        lines.append(f"{indent}{item:<{width}}  # {note}" if note else f"{indent}{item}")
    return "[\n" + "\n".join(lines) + "\n]"


def render_rule(domain: str, suggestion: Suggestion, *, page_name: str, version_id: str) -> str:
    s = suggestion
    lines = [
        f"# {s.outlet or domain} ({domain}): written by `clean rules new` from {page_name}.",
        "# Check every selector: `clean explain PAGE --url URL` shows what each one removed;",
        "# `clean rules test` compares the fixtures with their snapshots. Format: docs/rules.md.",
        f"outlet = {_toml_str(s.outlet or domain)}",
        f"domains = [{_toml_str(domain)}]",
    ]
    lines.append(f"language = {_toml_str(s.language)}" if s.language
                 else "# language = \"en\"             # expected language (a mismatch is reported)")
    if s.dates_without_offset:
        lines.append("# NOTE: this page's dates have no UTC offset: set the outlet's time zone")
    lines += [
        "# timezone = \"Europe/Berlin\"   # for dates the page prints without an offset",
        "# signatures = []              # CSS selectors that identify this theme on other domains",
        "",
        "[[version]]",
        f"id = {_toml_str(version_id)}",
        "# valid_until = \"YYYY-MM-DD\"   # set when the layout changes, and add a new [[version]]",
    ]
    for note in s.notes:
        lines.append(f"# NOTE: {note}")
    body_note = f"  # {s.body_note}" if s.body_note else ""
    lines.append(f"body = {_toml_list(s.body)}{body_note}")
    lines.append("drop = " + _toml_list([d for d, _ in s.drop], [w for _, w in s.drop]))
    lines.append("drop_lines = []  # regexes for boilerplate paragraphs, e.g. '^Read more:'")
    lines.append("")
    lines.append("[version.meta]")
    for name in ("title", "authors", "date_published", "date_modified"):
        values = s.meta.get(name)
        if values:
            lines.append(f"{name} = {_toml_list(values)}")
        else:
            lines.append(f"# {name} = []  # {s.meta_notes.get(name, 'none suggested')}")
    lines.append("# agencies = []  # e.g. [\".article-source\"] where the page names the agency")
    return "\n".join(lines) + "\n"


# ---- fixtures -----------------------------------------------------------------------------

def slug_for(url: str | None, page: Path) -> str:
    """A fixture directory name from the URL's last path segment, else the file name."""
    path = urlsplit(url).path if url else ""
    last = [p for p in path.split("/") if p]
    base = last[-1] if last else page.name.split(".")[0]
    base = re.sub(r"\.(html?|php|aspx?)$", "", base)
    slug = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")
    if len(slug) > 60:
        slug = slug[:61].rsplit("-", 1)[0]
    return slug or "page"


@dataclass(slots=True)
class FixtureResult:
    fixture: Fixture
    record: dict[str, Any] | None
    snapshot_code: int | None = None
    snapshot_output: str = ""


def write_fixture(extractor: Extractor, *, stem: str, page: Path, data: bytes, url: str,
                  fetched: str, fixtures_dir: Path, slug: str | None = None) -> FixtureResult:
    """Copy the page into tests/fixtures/<stem>/<slug>/ and write page.toml from the
    extraction with the rules (the values to check by eye before committing)."""
    slug = slug or slug_for(url, page)
    case = fixtures_dir / stem / slug
    n = 2
    while case.exists():
        case = fixtures_dir / stem / f"{slug}-{n}"
        n += 1
    case.mkdir(parents=True)
    gz = page.name.endswith(".gz")
    target = case / ("source.html.gz" if gz else "source.html")
    shutil.copyfile(page, target)  # the raw bytes, never tidied
    tr = trace(extractor, data, source=page.name, url=url, fetched=fetched)
    record = tr.result.record
    (case / PAGE_FILE).write_text(page_toml(url, fetched, tr), encoding="utf-8")
    return FixtureResult(load_fixture(case), record)


def page_toml(url: str, fetched: str, tr: Trace) -> str:
    record = tr.result.record or {}
    text = record.get("text") or ""
    lines = [
        "# A fixture page and what its record must say. Written by `clean rules` from the",
        "# extraction with the rule: check each value against the page before committing.",
        f"url = {_toml_str(url)}",
        f"fetched = {fetched[:10]}  # picks the rule version (the first whose valid_until is later)",
    ]
    if record.get("title"):
        lines.append(f"title = {_toml_str(record['title'])}")
    for key in ("authors", "agencies"):
        lines.append(f"{key} = {_toml_list(record.get(key) or [])}")
    if record.get("date_published"):
        lines.append(f"date_published = {_toml_str(record['date_published'][:10])}")
    lines.append(f"must_contain = {_toml_list(_phrases(text))}")
    lines.append(f"must_not_contain = {_toml_list(_boilerplate(tr, text))}")
    return "\n".join(lines) + "\n"


def _phrases(text: str) -> list[str]:
    """The opening words of the first, a middle and the last paragraph."""
    paragraphs = [p for p in text.split("\n\n") if len(p.split()) >= 4]
    if not paragraphs:
        return [text[:60]] if text else []
    picks = [paragraphs[0], paragraphs[len(paragraphs) // 2], paragraphs[-1]]
    out: list[str] = []
    for paragraph in picks:
        phrase = " ".join(paragraph.split()[:8])
        if phrase not in out:
            out.append(phrase)
    return out


def _boilerplate(tr: Trace, text: str) -> list[str]:
    """Up to four phrases the text must not contain: from what the rule and the heuristics
    removed (one per label), then from what lies outside the body."""
    from cleaner.explain import document_rows

    rows = document_rows(tr)
    ordered = [r for r in rows if r.status in ("removed", "line")] + \
        [r for r in rows if r.status == "outside"]
    out: list[str] = []
    labels: set[str] = set()
    for row in ordered:
        if row.status != "outside" and row.label in labels:
            continue
        for block in row.blocks:
            phrase = " ".join(block.text.split()[:8])
            if len(phrase.split()) >= 3 and len(phrase) >= 15 and phrase not in text \
                    and phrase not in out:
                out.append(phrase)
                labels.add(row.label)
                break
        if len(out) >= 4:
            break
    return out


# ---- commands -----------------------------------------------------------------------------

@dataclass(slots=True)
class NewRule:
    rule_path: Path
    rule_text: str
    suggestion: Suggestion
    fixture: FixtureResult
    generic_chars: int
    url: str


class ScaffoldError(Exception):
    """A user error (clear message, exit 2)."""


def normalize_domain(domain: str) -> str:
    host = host_of(domain) if "://" in domain else domain
    host = (host or "").strip().lower().rstrip(".").removeprefix("www.")
    if not host or "." not in host or "/" in host or " " in host:
        raise ScaffoldError(f"{domain!r} is not a domain (expected e.g. example.com)")
    return host


def new_rule(domain: str, page: Path, *, url: str | None, fetched: str | None,
             rules_dir: Path, fixtures_dir: Path, force: bool = False,
             snapshot: bool = True) -> NewRule:
    """Write rules/<domain>.toml, the fixture and (with `snapshot`) its first snapshot."""
    from cleaner.api import _page_url
    from cleaner.decode import decode_html
    from cleaner.dom import parse
    from cleaner.sources import read_file_bytes

    domain = normalize_domain(domain)
    rule_path = rules_dir / f"{domain}.toml"
    if rule_path.exists() and not force:
        raise ScaffoldError(f"{rule_path} exists: add a page to it with `clean rules fixture "
                            f"{domain} --from PAGE`, or overwrite it with --force")
    owner = _owner_of(domain, rules_dir)
    if owner is not None and owner != rule_path:
        raise ScaffoldError(f"{domain} is already covered by {owner}: add a page to it with "
                            f"`clean rules fixture {owner.stem} --from PAGE`")
    data = read_file_bytes(str(page))
    url = url or _page_url(parse(decode_html(data)))
    if not url:
        url = f"https://{domain}/{slug_for(None, page)}"
    host = (host_of(url) or "").removeprefix("www.")
    if host != domain and not host.endswith("." + domain):
        raise ScaffoldError(f"the page's URL {url} is not on {domain}: pass the right --url")
    fetched = fetched or date.today().isoformat()
    generic = Extractor.load(rules_dir, use_rules=False)
    tr = trace(generic, data, source=page.name, url=url, fetched=fetched)
    suggestion = suggest(tr, generic.vocab)
    text = render_rule(domain, suggestion, page_name=page.name, version_id=fetched[:4])
    rules_dir.mkdir(parents=True, exist_ok=True)
    rule_path.write_text(text, encoding="utf-8")
    with_rules = Extractor.load(rules_dir)
    result = write_fixture(with_rules, stem=rule_path.stem, page=page, data=data, url=url,
                           fetched=fetched, fixtures_dir=fixtures_dir)
    if snapshot:
        _snapshot(result, rules_dir, fixtures_dir)
    generic_chars = len((tr.result.record or {}).get("text") or "")
    return NewRule(rule_path, text, suggestion, result, generic_chars, url)


def add_fixture(name: str, page: Path, *, url: str | None, fetched: str | None,
                rules_dir: Path, fixtures_dir: Path, snapshot: bool = True) -> FixtureResult:
    """Add a page to an existing rule's fixtures (e.g. for a new layout version)."""
    from cleaner.api import _page_url
    from cleaner.decode import decode_html
    from cleaner.dom import parse
    from cleaner.rules import load_rule
    from cleaner.sources import read_file_bytes

    rule_path = _find_rule(name, rules_dir)
    rule = load_rule(rule_path)
    data = read_file_bytes(str(page))
    url = url or _page_url(parse(decode_html(data)))
    if not url:
        raise ScaffoldError(f"{page} has no canonical link: pass --url")
    fetched = fetched or date.today().isoformat()
    result = write_fixture(Extractor.load(rules_dir), stem=rule_path.stem, page=page, data=data,
                           url=url, fetched=fetched, fixtures_dir=fixtures_dir)
    if result.record is not None and result.record.get("rule") is None:
        result.fixture.problems.append(f"the rule {rule.name} was not used for {url}")
    if snapshot:
        _snapshot(result, rules_dir, fixtures_dir)
    return result


def _snapshot(result: FixtureResult, rules_dir: Path, fixtures_dir: Path) -> None:
    """Write the fixture's first snapshot by running its tests with --snapshot-update."""
    result.snapshot_code, result.snapshot_output = run_fixture_tests(
        [result.fixture.id], rules_dir=rules_dir, fixtures_dir=fixtures_dir, update=True,
        capture=True)


def _owner_of(domain: str, rules_dir: Path) -> Path | None:
    """The rule file that claims this domain or a parent domain of it, if any."""
    from cleaner.errors import RuleError
    from cleaner.rules import load_rule

    parents = {".".join(domain.split(".")[i:]) for i in range(domain.count("."))}
    for path in sorted(rules_dir.glob("*.toml")):
        if path.name.startswith("_"):
            continue
        try:
            if parents & set(load_rule(path).domains):
                return path
        except RuleError:
            continue
    return None


def _find_rule(name: str, rules_dir: Path) -> Path:
    from cleaner.errors import RuleError
    from cleaner.rules import load_rule

    direct = rules_dir / f"{name.removesuffix('.toml')}.toml"
    if direct.is_file():
        return direct
    wanted = name.lower().removeprefix("www.")
    for path in sorted(rules_dir.glob("*.toml")):
        if path.name.startswith("_"):
            continue
        try:
            if wanted in load_rule(path).domains:
                return path
        except RuleError:
            continue
    raise ScaffoldError(f"no rule {name!r} in {rules_dir} (by file name or domain)")


__all__ = ["NewRule", "ScaffoldError", "Suggestion", "add_fixture", "is_generated", "new_rule",
           "render_rule", "stable_names", "suggest"]


# ---- terminal output ----------------------------------------------------------------------

def print_new_rule(made: NewRule) -> int:
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False, soft_wrap=True)
    console.print(f"[green]wrote[/] {escape(str(made.rule_path))}:")
    console.print(made.rule_text, markup=False)
    return _print_fixture(console, made.fixture, made.generic_chars)


def print_fixture(made: FixtureResult) -> int:
    from rich.console import Console

    return _print_fixture(Console(highlight=False, soft_wrap=True), made, None)


def _print_fixture(console: Any, made: FixtureResult, generic_chars: int | None) -> int:
    from rich.markup import escape

    fixture, record = made.fixture, made.record
    console.print(f"[green]wrote[/] {escape(str(fixture.dir))}/ "
                  f"({fixture.source.name if fixture.source else '?'}, {PAGE_FILE})")
    if record is None:
        console.print("[red]the page is rejected with the rule[/]: fix the rule, then "
                      "`clean rules test`")
        return 1
    chars = len(record.get("text") or "")
    versus = f" (generic extractor: {generic_chars})" if generic_chars is not None else ""
    console.print(f"record: rule {escape(str(record.get('rule')))}, {chars} characters of "
                  f"text{versus}, title {escape(repr(record.get('title')))}")
    for problem in fixture.problems:
        console.print(f"[red]problem[/] {escape(problem)}")
    if made.snapshot_code not in (None, 0):
        console.print(made.snapshot_output, markup=False)
        console.print("[red]the fixture's tests failed[/] (pytest's output above): fix the rule "
                      "or page.toml, then `clean rules test --update`")
        return 1
    if made.snapshot_code == 0:
        console.print(f"[green]snapshot written[/] for {escape(fixture.id)}")
    console.print("next: check page.toml, look at `clean explain` of the page, "
                  "then `clean rules check` and `clean rules test`")
    return 1 if fixture.problems else 0
