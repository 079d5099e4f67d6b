"""Generic main-content heuristics: run on every page, and alone on pages no rule matches.

The pipeline, top to bottom:
1. `strip_invisible`: hidden elements never render, so they are never text.
2. `prune`: remove boilerplate by tag, ARIA role and class/id vocabulary (rules/_generic.toml),
   guarded so that a wrapper holding most of the page's text is never removed.
3. `measure` + `best_candidate`: score containers by the paragraphs they hold (Readability's
   idea: commas and length, shared with the parent and grandparent), weighted by class
   vocabulary and link density, then take the best and its qualifying siblings.
4. `clean_inside`: inside the chosen roots, remove boilerplate sub-blocks and link lists.
Block-level filters (link-only list items, trailing headings) run on the extracted blocks.

Every threshold names the measurement that chose it (bench: `clean eval`, ScrapingHub dev set).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from cleaner.dom import HtmlElement, remove, text_content, tokens
from cleaner.text import CELL_TAGS, Block, holds_blocks, table_rows
from cleaner.vocab import Vocabulary

# Hidden elements: the attributes that can hide one, straight from libxml2 (attribute
# results know their element), tested in Python: 0.2 ms a page, where selecting elements
# by an XPath predicate took 0.46 ms and testing the style inside XPath with contains()
# 1.7 ms (181 ScrapingHub pages, 2026-12-01).
_HIDING_ATTRIBUTES = etree.XPath("//@style | //@hidden | //@aria-hidden")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_NEVER_TEXT = ("script", "style", "noscript", "template", "svg", "math", "iframe", "object",
               "embed", "canvas", "button", "select", "textarea", "input", "map", "video",
               "audio", "head")
PARAGRAPH_TAGS = frozenset({"p", "pre", "td", "blockquote"})
_INLINE_CONTAINERS = frozenset({"div", "section", "span", "font", "center", "article", "main"})
_BLOCK_CHILDREN = frozenset({"blockquote", "dl", "div", "ol", "p", "pre", "table",
                             "ul", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6",
                             "figure", "header", "footer", "aside", "nav", "form"})
_TAG_WEIGHT = {"div": 5, "article": 8, "main": 5, "section": 3, "pre": 3, "td": 3,
               "blockquote": 3, "address": -3, "ol": -3, "ul": -3, "dl": -3, "dd": -3,
               "dt": -3, "li": -3, "form": -3, "h1": -5, "h2": -5, "h3": -5, "h4": -5,
               "h5": -5, "h6": -5, "th": -5}
_COMMAS = re.compile(r"[,،、，]")
_SENTENCE_END = re.compile(r"[.!?。！？]['\"”’)]?(\s|$)")

# Readability's constants, kept: a paragraph shorter than 25 characters is not scored; a
# class or id word from the vocabulary moves a candidate by 25 points.
MIN_PARAGRAPH_CHARS = 25
CLASS_WEIGHT = 25
# A boilerplate-looking element holding more than this share of the page's text is a
# wrapper (e.g. <div class="content has-sidebar">) and is kept, unless its concept is one
# of [wrappers] never (rules/_generic.toml).
WRAPPER_SHARE = 0.4
# Inside the article, a block whose text is mostly link text and that holds under this
# share of the article is a link list (related stories, tags, share bars).
LINK_DENSITY_MAX = 0.5
# A sibling of the best candidate joins the article only if under a quarter of its text
# is links (teaser grids next to an article score well on their excerpts).
SIBLING_DENSITY_MAX = 0.25
# A paragraph counts as prose when under this share of its text is links.
PROSE_DENSITY_MAX = 0.3
# Climb to the parent when it holds 15% more prose and what it adds is under 20% links.
CLIMB_GAIN = 1.15
CLIMB_ADDED_DENSITY_MAX = 0.2
# A standfirst is at least 60 characters (a sentence; bylines and datelines are shorter)
# and at most two blocks.
LEAD_MIN_CHARS = 60
LEAD_MAX_BLOCKS = 2
# A "card" (a heading that is a link, then a short excerpt) inside the article is a teaser.
CARD_MAX_CHARS = 600
LINK_BLOCK_SHARE = 0.4


@dataclass(slots=True)
class Stats:
    """Bottom-up text measures: total text characters and characters inside links."""

    text: dict[HtmlElement, int] = field(default_factory=dict)
    links: dict[HtmlElement, int] = field(default_factory=dict)
    own: dict[HtmlElement, int] = field(default_factory=dict)  # direct text and tails only
    prose: dict[HtmlElement, int] = field(default_factory=dict)  # paragraph text held, any depth

    def forget(self, el: HtmlElement) -> None:
        """Subtract a subtree about to be removed from its ancestors' counts, so one
        measuring pass serves the whole pipeline."""
        text, links = self.text.get(el, 0), self.links.get(el, 0)
        if not text:
            return
        for ancestor in el.iterancestors():
            self.text[ancestor] = self.text.get(ancestor, 0) - text
            self.links[ancestor] = self.links.get(ancestor, 0) - links

    def density(self, el: HtmlElement) -> float:
        total = self.text.get(el, 0)
        return self.links.get(el, 0) / total if total else 0.0


@dataclass(slots=True)
class Removal:
    """What a heuristic removed, for `clean explain`."""

    by: str
    element: HtmlElement
    text: str


def strip_invisible(root: HtmlElement, vocab: Vocabulary | None = None) -> None:
    """Remove what is never text, and hidden elements, except a hidden article body: a
    paywall script hides the story until it has checked the reader (The Local's <div
    id="articleBody" style="display: none">), and the text is in the page all the same."""
    etree.strip_elements(root, *_NEVER_TEXT, with_tail=False)
    hidden = []
    for value in _HIDING_ATTRIBUTES(root):
        name = value.attrname
        if name == "hidden" or (name == "aria-hidden" and value == "true") \
                or (name == "style" and _HIDDEN_STYLE.search(value)):
            hidden.append(value.getparent())
    for el in hidden:
        if el.getparent() is not None and el.tag not in ("html", "body") \
                and not _names_article_body(el, vocab):
            remove(el)


# A run of rel="tag" links (microformats rel-tag: "this page is tagged"; WordPress's
# the_tags() and the_category() write them) is the page's taxonomy, never prose, whatever
# holds it: Autoracing's bare '<strong>Tags<br><a rel="tag">stock car brasil</a>, ...'. An
# element whose text is mostly such links goes, with its label.
TAG_LINKS_MIN = 2
TAG_LINKS_SHARE = 0.7


def drop_tag_lists(root: HtmlElement, removed: list[Removal],
                   links: Iterable[HtmlElement] | None = None) -> None:
    """Remove the elements whose text is mostly two or more rel="tag" links. `links`: the
    page's <a> elements when the caller has them listed (PageIndex.tag("a"): a walk of the
    tree for them cost 0.16 ms a page); any no longer under `root` are passed over."""
    parents: dict[HtmlElement, list[HtmlElement]] = {}
    for link in root.iter("a") if links is None else links:
        rel = link.get("rel")
        if rel and "tag" in rel.lower().split():
            parent = link.getparent()
            if parent is not None:
                parents.setdefault(parent, []).append(link)
    for parent, tagged in parents.items():
        if len(tagged) < TAG_LINKS_MIN or parent.tag in ("body", "html") \
                or root not in parent.iterancestors():
            continue
        linked = sum(len(text_content(link).strip()) for link in tagged)
        if linked >= TAG_LINKS_SHARE * len(" ".join(text_content(parent).split())):
            removed.append(Removal("rel:tag", parent, ""))
            remove(parent)


def _names_article_body(el: HtmlElement, vocab: Vocabulary | None) -> bool:
    if el.get("itemprop") == "articleBody":
        return True
    names = f"{el.get('class') or ''} {el.get('id') or ''}".strip()
    return bool(vocab is not None and names and _classify(vocab, names)[1])


def measure(root: HtmlElement) -> Stats:
    """One post-order pass: text and link characters of every element."""
    stats = Stats()
    text, links, owns = stats.text, stats.links, stats.own
    get_text, get_links = text.get, links.get
    for el in reversed(list(root.iter(etree.Element))):
        own = len(el.text.strip()) if el.text else 0
        total = link = 0
        for child in el:
            tail = child.tail
            if tail:
                own += len(tail.strip())
            total += get_text(child, 0)
            link += get_links(child, 0)
        owns[el] = own
        text[el] = total = total + own
        links[el] = total if el.tag == "a" else link
    return stats


# Article containers (<article>, <main>, schema.org articleBody) carry their CMS's labels
# as classes ("category-news", "tag-politics", "has-sidebar"): only these concepts, which
# never label an article, may remove one (a comment rendered as <article class="comment">).
_CONTAINER_TAGS = frozenset({"article", "main"})
_TABLE_PARTS = frozenset({"tr", "td", "th", "tbody", "thead", "tfoot", "caption", "col"})
_CONTAINER_REMOVABLE = frozenset({"comments", "consent", "popup", "ad"})


@functools.lru_cache(maxsize=1 << 16)
def _classify(vocab: Vocabulary, names: str) -> tuple[str | None, bool]:
    """(boilerplate concept, names an article body) for a class/id string. Memoised: the
    same few hundred class strings recur on every page of a site (a pure function of
    immutable inputs, so the cache cannot make one page's result depend on another's)."""
    words = vocab.class_words(names)
    return vocab.concept(words), bool(vocab.body.search(words))


@functools.lru_cache(maxsize=1 << 16)
def _keeps(vocab: Vocabulary, names: str) -> bool:
    return bool(vocab.keep.search(vocab.class_words(names)))


def boilerplate_reason(el: HtmlElement, vocab: Vocabulary) -> str | None:
    """Why an element looks like boilerplate: its tag, its role, or a vocabulary concept."""
    tag = el.tag
    if tag in vocab.drop_tags:
        return f"tag:{tag}"
    role = el.get("role")
    if role and role.lower() in vocab.drop_roles:
        return f"role:{role.lower()}"
    names = tokens(el)
    if not names:
        return None
    # The class name "hidden" alone is Bootstrap's and WordPress themes' display:none (the
    # Enfold theme's structured-data spans: image URLs, sizes, the publisher's account
    # name); "hidden-xs" and the like hide by screen size only. Tested here, on the class
    # prune reads anyway: a fourth XPath walk in strip_invisible cost 0.1 ms a page.
    if "hidden" in names and "hidden" in (el.get("class") or "").split():
        return "class:hidden"
    if tag in _TABLE_PARTS:
        return None  # a row or cell belongs to its table: "player-580" is a sports row
    concept, is_body = _classify(vocab, names)
    if concept is None:
        return None
    if (tag in _CONTAINER_TAGS or el.get("itemprop") == "articleBody" or is_body) \
            and concept not in _CONTAINER_REMOVABLE:
        return None
    if tag in _HEADINGS and _anchor_of_own_text(el, vocab):
        return None
    return f"class:{concept}"


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_ID_WORD = re.compile(r"[^\W\d_]{3,}")


def _anchor_of_own_text(heading: HtmlElement, vocab: Vocabulary) -> bool:
    """Whether the concept came from the heading's id alone and that id is an anchor made
    from the heading's text: heise.de's <h3 id="nav_nur_die_folie__1">Nur die Folie bleibt
    zurück</h3> is a subheading, its "nav" is the page's table of contents."""
    ident = heading.get("id")
    if not ident or _classify(vocab, heading.get("class") or "")[0] is not None:
        return False
    words = _ID_WORD.findall(ident.lower())
    text = text_content(heading).lower()
    found = sum(1 for word in words if word in text)
    return found >= 2 and 2 * found >= len(words)


def prune(root: HtmlElement, vocab: Vocabulary, stats: Stats, removed: list[Removal],
          *, limit_share: float = WRAPPER_SHARE, in_body: bool = False) -> None:
    """Remove boilerplate elements under `root`, outermost first, keeping wrappers (but
    never the concepts of [wrappers] never, or never_in_body inside a chosen body)."""
    never = vocab.never_wrappers_in_body if in_body else vocab.never_wrappers
    total = stats.text.get(root, 0) or 1
    stack = list(root)
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str):
            continue
        reason = boilerplate_reason(el, vocab) or _figure_reason(el, vocab, stats)
        if reason and (stats.text.get(el, 0) <= limit_share * total
                       or reason.removeprefix("class:") in never):
            if el.tag == "form" and stats.text.get(el, 0) > limit_share * total:
                stack.extend(el)  # ASP.NET pages wrap the whole page in a <form>
                continue
            if _false_short_match(el, reason, vocab, stats) or _in_running_text(el, reason, stats) \
                    or _article_sections(el, reason, vocab, stats):
                stack.extend(el)
                continue
            removed.append(Removal(reason, el, ""))
            stats.forget(el)
            remove(el)
            continue
        stack.extend(el)


FIGURE_REMOVAL = "class:figure"


def _figure_reason(el: HtmlElement, vocab: Vocabulary, stats: Stats) -> str | None:
    """FIGURE_REMOVAL for an image block in all but its tag ([figures]): named so by a
    class word, an image inside, little text."""
    if vocab.figure is None or stats.text.get(el, 0) > vocab.figure_max_chars \
            or el.tag in _CONTAINER_TAGS or el.tag in _INLINE_TAGS:
        return None
    names = tokens(el)
    if not names or not _names_figure(vocab, names):
        return None
    if next(el.iter("img", "picture"), None) is None:
        return None
    return FIGURE_REMOVAL


_LACKS = re.compile(r"(?:no|without)[-_]", re.IGNORECASE)


@functools.lru_cache(maxsize=1 << 12)
def _names_figure(vocab: Vocabulary, names: str) -> bool:
    """Whether class/id names call an element an image block (and not the article body).
    A name that opens with "no"/"without" says the element lacks one: BuzzFeed's header,
    with its headline and standfirst, is "no_custom_header_image"."""
    words = vocab.class_words(" ".join(n for n in names.split() if not _LACKS.match(n)))
    return vocab.figure is not None and bool(vocab.figure.found(words)) \
        and not vocab.body.found(words)


# Inline elements: part of a sentence when their parent has running text of its own.
_INLINE_TAGS = frozenset({"a", "span", "em", "strong", "b", "i", "u", "small", "time", "abbr",
                          "cite", "q", "sup", "sub", "mark", "font", "dfn", "var", "kbd"})
# Own text (text and tails directly in the parent) from which the parent is running text:
# a sentence's worth. Removing a word-sized <a class="popup"> or <span class="date"> from
# a sentence loses words mid-sentence (285 annotation links in Readability's clean-links
# page).
RUNNING_TEXT_CHARS = 40


def _in_running_text(el: HtmlElement, reason: str, stats: Stats) -> bool:
    """An inline element, matched by a class word, inside a sentence: it stays. Screen-
    reader-only text ("hidden") still goes: it is not in the sentence a reader sees."""
    if el.tag not in _INLINE_TAGS or not reason.startswith("class:") or reason == "class:hidden":
        return False
    parent = el.getparent()
    return parent is not None and stats.own.get(parent, 0) >= RUNNING_TEXT_CHARS


def _false_short_match(el: HtmlElement, reason: str, vocab: Vocabulary, stats: Stats) -> bool:
    """A class/id match of a short-block concept on a long prose block ([drop_guard])."""
    if not reason.startswith("class:") or not vocab.short_concepts:
        return False
    if stats.text.get(el, 0) < vocab.guard_prose_chars \
            or stats.density(el) > vocab.guard_max_density:
        return False
    return _concepts(vocab, tokens(el)) <= vocab.short_concepts


# An article's own sections ([drop_guard] sections): together at least half their parent's
# text and 1,000 characters, at most a fifth of it in links. A row of ad slots holds next to
# no text; a list of teasers is mostly links.
SECTIONS_SHARE = 0.5
SECTIONS_MIN_CHARS = 1000
SECTIONS_MAX_DENSITY = 0.2


def _article_sections(el: HtmlElement, reason: str, vocab: Vocabulary, stats: Stats) -> bool:
    """Whether `el` is one of several siblings of its first class name that together are
    the article's prose, matched by a [drop_guard] sections concept all the same (CHIP's
    conclusion is a "TestReport__Section TestReport__Section--Conclusion ...--Ads")."""
    if reason.removeprefix("class:") not in vocab.section_concepts:
        return False
    parent, names = el.getparent(), (el.get("class") or "").split()
    if parent is None or not names:
        return False
    group = [s for s in parent
             if isinstance(s.tag, str) and (s.get("class") or "").split()[:1] == names[:1]]
    if len(group) < 2:
        return False
    text = sum(stats.text.get(s, 0) for s in group)
    links = sum(stats.links.get(s, 0) for s in group)
    return text >= SECTIONS_MIN_CHARS and text >= SECTIONS_SHARE * stats.text.get(parent, 0) \
        and links <= SECTIONS_MAX_DENSITY * text


@functools.lru_cache(maxsize=1 << 12)
def _concepts(vocab: Vocabulary, names: str) -> frozenset[str]:
    return vocab.concepts(vocab.class_words(names))


def _paragraph_nodes(root: HtmlElement, stats: Stats) -> list[tuple[HtmlElement, int, HtmlElement]]:
    """Paragraphs as (element, text length, first element to credit): p/pre/td/blockquote
    credit their parent; containers whose children are all inline act as paragraphs and
    credit their parent; loose text in other containers (text between <br>s and images
    directly in a div) is a paragraph of that container and credits the container itself."""
    out = []
    for el in root.iter():
        tag = el.tag
        if tag in PARAGRAPH_TAGS:
            out.append((el, stats.text.get(el, 0), el.getparent()))
        elif tag in _INLINE_CONTAINERS:
            if not any(child.tag in _BLOCK_CHILDREN for child in el):
                out.append((el, stats.text.get(el, 0), el.getparent()))
            elif stats.own.get(el, 0) >= MIN_PARAGRAPH_CHARS:
                out.append((el, stats.own.get(el, 0), el))
    return out


def _class_weight(el: HtmlElement, vocab: Vocabulary) -> int:
    names = tokens(el)
    if not names:
        return 0
    weight = 0
    if _keeps(vocab, names):
        weight += CLASS_WEIGHT
    if _classify(vocab, names)[0]:
        weight -= CLASS_WEIGHT
    if el.get("itemprop") == "articleBody":
        weight += CLASS_WEIGHT
    return weight


def score_candidates(root: HtmlElement, vocab: Vocabulary, stats: Stats) -> dict[HtmlElement, float]:
    """Readability-style scores: each paragraph gives 1 + commas + length/100 (at most 3)
    to its parent, half to its grandparent, a third of that above."""
    scores: dict[HtmlElement, float] = {}
    prose = stats.prose
    for para, length, ancestor in _paragraph_nodes(root, stats):
        if length < MIN_PARAGRAPH_CHARS or ancestor is None:
            continue
        text = text_content(para)
        # Link text is not prose: a paragraph scores by its share of non-link text. A list
        # of thousands of linked user names ("kudos") otherwise outscores the story on its
        # commas alone.
        points = (1 + len(_COMMAS.findall(text)) + min(3, length // 100)) \
            * (1 - stats.density(para))
        if stats.density(para) < PROSE_DENSITY_MAX:
            holder = ancestor
            while holder is not None:
                prose[holder] = prose.get(holder, 0) + length
                holder = holder.getparent()
        level = 0
        while ancestor is not None and level < 5:
            if ancestor not in scores:
                scores[ancestor] = _TAG_WEIGHT.get(ancestor.tag, 0) + _class_weight(ancestor, vocab)
            divider = 1 if level == 0 else 2 if level == 1 else level * 3
            scores[ancestor] += points / divider
            ancestor = ancestor.getparent()
            level += 1
    for el in scores:
        scores[el] *= 1 - stats.density(el)
    return scores


def best_candidate(root: HtmlElement, scores: dict[HtmlElement, float]) -> HtmlElement:
    if not scores:
        return root
    top = max(scores, key=lambda el: (scores[el], -_depth(el)))
    top_score = scores[top]
    # Several near-best candidates under one ancestor: the article is split across sibling
    # containers, so the common ancestor is the article (Readability's rule of three).
    top_lineage = set(_ancestors(top))
    close = [el for el in scores if el is not top and scores[el] >= 0.75 * top_score
             and el not in top_lineage and top not in set(_ancestors(el))]
    if len(close) >= 2:
        lineage = _ancestors(top)
        holders = [sum(1 for el in close if anc in _ancestors(el)) for anc in lineage]
        for anc, count in zip(lineage, holders):
            if count >= 2 and anc.tag not in ("html",):
                top = anc
                break
    # A candidate that is its parent's only element child says nothing the parent doesn't.
    while top.getparent() is not None and top.getparent().tag != "html" and len(top.getparent()) == 1:
        top = top.getparent()
    return top


def climb(top: HtmlElement, stats: Stats) -> HtmlElement:
    """Widen the choice to an ancestor when it holds clearly more prose than the top
    candidate and what it adds is prose too (a lead or a second body section in a sibling
    container: USER_NEEDS A13)."""
    top = _out_of_data_table(top)
    while True:
        parent = _through_wrappers(top, stats)
        if parent is None or parent.tag in ("body", "html"):
            return top
        if _widens(top, parent, stats):
            top = parent
            continue
        # One box of a body split into boxes ("m-basic-text"), each in its own frame: the
        # frame adds little, the level above holds the other boxes.
        grand = parent.getparent()
        if grand is None or grand.tag in ("body", "html") or not _widens(top, grand, stats):
            return top
        top = grand


def _widens(top: HtmlElement, ancestor: HtmlElement, stats: Stats) -> bool:
    """Whether `ancestor` holds clearly more prose than `top` (15% and a paragraph more) and
    what it adds is not links."""
    prose_top, prose_ancestor = stats.prose.get(top, 0), stats.prose.get(ancestor, 0)
    if prose_ancestor < CLIMB_GAIN * prose_top \
            or prose_ancestor - prose_top < MIN_PARAGRAPH_CHARS:
        return False
    added_text = stats.text.get(ancestor, 0) - stats.text.get(top, 0)
    added_links = stats.links.get(ancestor, 0) - stats.links.get(top, 0)
    return added_text > 0 and added_links / added_text <= CLIMB_ADDED_DENSITY_MAX


def _through_wrappers(top: HtmlElement, stats: Stats) -> HtmlElement | None:
    """The first ancestor that adds something to `top`: wrappers holding the same prose
    and next to no other text are looked through, so that an article split in two
    containers, each in its own wrapper ("story-body-supplemental"), is seen whole."""
    prose, text = stats.prose.get(top, 0), stats.text.get(top, 0)
    first = parent = top.getparent()
    while parent is not None and parent.tag not in ("body", "html") \
            and stats.prose.get(parent, 0) == prose \
            and stats.text.get(parent, 0) - text < MIN_PARAGRAPH_CHARS:
        parent = parent.getparent()
    # Only into an article container (<article>, <main>): past a plain wrapper the next
    # ancestor may be a page row of teasers with excerpts, which is prose too (measured on
    # a ZDNet page of the ScrapingHub set: F1 0.98 -> 0.89 without this condition).
    if parent is not first and (parent is None or parent.tag not in _CONTAINER_TAGS):
        return first
    return parent


_TABLE_GROUPS = frozenset({"table", "tbody", "thead", "tfoot", "tr"})
# A data table: at least this many rows, most of them with two or more cells, and few cells
# holding paragraphs or divs (a layout table's cells hold the page's blocks; a data table
# may have a note in a <p> in one cell: Wikipedia's filmographies).
DATA_TABLE_MIN_ROWS = 4
LAYOUT_CELL_SHARE = 0.1


def _out_of_data_table(top: HtmlElement) -> HtmlElement:
    """A data table is part of an article, never all of it: its cells score as paragraphs
    and can outscore the prose around them (a filmography under a biography), so the choice
    moves to the table's parent, where climbing goes on as usual."""
    table = top
    while table is not None and table.tag in _TABLE_GROUPS - {"table"}:
        table = table.getparent()
    if table is None or table.tag != "table" or not _is_data_table(table):
        return top
    parent = table.getparent()
    return parent if parent is not None and parent.tag not in ("body", "html") else top


def _is_data_table(table: HtmlElement) -> bool:
    rows = table_rows(table)
    if len(rows) < DATA_TABLE_MIN_ROWS:
        return False
    multi = sum(1 for tr in rows if sum(1 for c in tr if c.tag in CELL_TAGS) >= 2)
    if multi < 0.75 * len(rows):
        return False
    cells = [cell for tr in rows for cell in tr if cell.tag in CELL_TAGS]
    return sum(1 for cell in cells if holds_blocks(cell)) <= LAYOUT_CELL_SHARE * len(cells)


def _ancestors(el: HtmlElement) -> list[HtmlElement]:
    out = []
    parent = el.getparent()
    while parent is not None:
        out.append(parent)
        parent = parent.getparent()
    return out


def _depth(el: HtmlElement) -> int:
    return len(_ancestors(el))


def with_siblings(top: HtmlElement, scores: dict[HtmlElement, float], stats: Stats) -> list[HtmlElement]:
    """The top candidate plus siblings that look like more of the article (Readability's
    sibling rule: score above a fifth of the top's, or prose-like paragraphs)."""
    parent = top.getparent()
    if parent is None or top.tag == "body":
        return [top]
    top_score = scores.get(top, 0.0)
    threshold = max(10.0, top_score * 0.2)
    top_class = top.get("class")
    out = []
    for sibling in parent:
        if not isinstance(sibling.tag, str):
            continue
        if sibling is top:
            out.append(sibling)
            continue
        bonus = top_score * 0.2 if top_class and sibling.get("class") == top_class else 0.0
        if scores.get(sibling, 0.0) + bonus >= threshold \
                and stats.density(sibling) < SIBLING_DENSITY_MAX:
            out.append(sibling)
        elif sibling.tag == "p":
            length = stats.text.get(sibling, 0)
            density = stats.density(sibling)
            text = text_content(sibling)
            if (length > 80 and density < 0.25) or (
                    0 < length <= 80 and density == 0 and _SENTENCE_END.search(text)):
                out.append(sibling)
    return out


def clean_inside(root: HtmlElement, vocab: Vocabulary, stats: Stats, removed: list[Removal]) -> None:
    """Remove boilerplate and link lists inside a chosen article root."""
    prune(root, vocab, stats, removed, limit_share=0.5, in_body=True)
    total = stats.text.get(root, 0) or 1
    for card in _teaser_cards(root, stats):
        removed.append(Removal("teaser-card", card, ""))
        stats.forget(card)
        remove(card)
    for block in _card_lists(root, vocab, stats):
        removed.append(Removal("card-list", block, ""))
        stats.forget(block)
        remove(block)
    for el in list(root.iter("ul", "ol", "dl", "div", "section", "table", "p", "li")):
        if el.getparent() is None or el is root:
            continue
        length = stats.text.get(el, 0)
        if length and length < LINK_BLOCK_SHARE * total and stats.density(el) > LINK_DENSITY_MAX \
                and el.tag != "p":
            removed.append(Removal("link-density", el, ""))
            stats.forget(el)
            remove(el)


_HEADINGS = ("h2", "h3", "h4", "h5", "h6")


# A teaser's heading may carry a kicker outside its link ("<strong class="kicker">Own
# backyard</strong> <a>Let's make local issues a priority</a>", the Herald Sun's opinion
# teasers): one to three words, up to this many characters.
KICKER_MAX_CHARS = 25


def _linked_heading(length: int, linked: int) -> bool:
    """A heading that is a link: all of it (90%), or all but a kicker, the link the most."""
    return linked >= 0.9 * length or (linked >= 0.5 * length
                                      and length - linked <= KICKER_MAX_CHARS)


def _teaser_cards(root: HtmlElement, stats: Stats) -> list[HtmlElement]:
    """Teaser cards inside the article: a container (not the root) of at most CARD_MAX_CHARS
    whose first heading is entirely a link to elsewhere, plus a little text (an excerpt)."""
    cards: list[HtmlElement] = []
    holding: set[HtmlElement] = set()  # ancestors of the cards so far: O(depth) per test
    for heading in root.iter(*_HEADINGS):
        length = stats.text.get(heading, 0)
        if not length:
            continue
        wrapped = heading.getparent() is not None and heading.getparent().tag == "a"
        if not wrapped and not _linked_heading(length, stats.links.get(heading, 0)):
            continue  # a heading that is a link, or sits in one (<a><h2>…</h2></a>)
        card = heading.getparent()
        while card is not None and card is not root and len(card) == 1:
            card = card.getparent()
        if card is None or card is root or stats.text.get(card, 0) > CARD_MAX_CHARS:
            continue
        if stats.text.get(card, 0) > length and card not in holding:
            cards.append(card)
            holding.update(card.iterancestors())
    return cards


# A card list: a block opened by a heading that names what follows as other content ("You
# may also like", "Você pode gostar...", "Related articles": a line of the [lines] promo
# concept), then at least CARD_LIST_MIN cards (elements of one card tag, each at most
# CARD_LIST_ITEM_MAX_CHARS). Excerpt cards without linked headings escape _teaser_cards (a
# WordPress "Você pode gostar" block of six <article> excerpts, 600 characters each, took
# 80% of one ScrapingHub page's output).
CARD_LIST_MIN = 2
CARD_LIST_ITEM_MAX_CHARS = 900
CARD_LIST_HEADING_MAX_CHARS = 80
_CARD_TAGS = frozenset({"article", "li", "div", "section", "figure"})


def _card_lists(root: HtmlElement, vocab: Vocabulary, stats: Stats) -> list[HtmlElement]:
    blocks: list[HtmlElement] = []
    for heading in list(root.iter(*_HEADINGS)):
        if any(heading in block.iter() for block in blocks):
            continue
        text = " ".join((text_content(heading) or "").split())
        if not text or len(text) > CARD_LIST_HEADING_MAX_CHARS \
                or vocab.line_concept(text) != "promo":
            continue
        block = _opened_by(heading, root)
        if block is not None and _holds_cards(block, heading, stats):
            blocks.append(block)
    return blocks


def _opened_by(heading: HtmlElement, root: HtmlElement) -> HtmlElement | None:
    """The largest element below `root` that `heading` opens (no text before the heading
    inside it), or None when the heading does not open even its parent."""
    node = heading
    while True:
        parent = node.getparent()
        if parent is None or parent is root or (parent.text or "").strip() \
                or _text_before(parent, node):
            return node if node is not heading else None
        node = parent


def _text_before(parent: HtmlElement, child: HtmlElement) -> bool:
    for sibling in parent:
        if sibling is child:
            return False
        if (sibling.tail or "").strip() or (
                isinstance(sibling.tag, str) and sibling.tag not in _NEVER_TEXT
                and (text_content(sibling) or "").strip()):
            return True
    return False


def _holds_cards(block: HtmlElement, heading: HtmlElement, stats: Stats) -> bool:
    """At least CARD_LIST_MIN elements of one card tag after the heading, each short: as
    the block's children, or as the children of its one other child (a list)."""
    items = [el for el in block if isinstance(el.tag, str) and el is not heading
             and heading not in el.iter() and stats.text.get(el, 0)]
    if len(items) == 1:
        items = [el for el in items[0] if isinstance(el.tag, str) and stats.text.get(el, 0)]
    tags = {el.tag for el in items}
    return len(items) >= CARD_LIST_MIN and len(tags) == 1 and tags <= _CARD_TAGS \
        and all(stats.text.get(el, 0) <= CARD_LIST_ITEM_MAX_CHARS for el in items)


def lead_before(body: HtmlElement, roots: list[HtmlElement], stats: Stats,
                vocab: Vocabulary) -> list[HtmlElement]:
    """The standfirst: prose between the headline and the chosen body, which layouts often
    put in the header container beside the <h1> (USER_NEEDS A13). Only paragraph-like
    elements of at least LEAD_MIN_CHARS, with few links and no boilerplate label, count."""
    first = roots[0]
    headline = _headline_of(body, roots)
    if headline is None:
        return []
    inside = {el for root in roots for el in root.iter()}  # elements, not id()s: proxies die
    leads: list[HtmlElement] = []
    for el in _following(headline):
        if el in inside or el is first:
            break
        if el.tag not in ("p", "div") or stats.text.get(el, 0) < LEAD_MIN_CHARS:
            continue
        if el.tag == "div" and any(c.tag in _BLOCK_CHILDREN for c in el):
            continue
        if any(el in root.iterancestors() for root in roots):
            continue
        if stats.density(el) > 0.2 or any(boilerplate_reason(a, vocab)
                                           for a in (el, *el.iterancestors())):
            continue
        if not any(lead in el.iterancestors() for lead in leads):
            leads.append(el)
        if len(leads) >= LEAD_MAX_BLOCKS:
            break
    return leads


def _headline_of(body: HtmlElement, roots: list[HtmlElement]) -> HtmlElement | None:
    """The article's headline: the first <h1> outside the chosen body, if it shares an
    article container (below <body>) with the body: a headline in a page banner far from
    the body says nothing about what lies between them. On a page without any <h1>, the
    last such <h2> before the body (Der Spiegel sets its headline in an <h2>)."""
    first = roots[0]
    first_lineage = set(first.iterancestors())

    def outside(h: HtmlElement) -> bool:
        return first not in h.iterancestors() \
            and not any(r in h.iterancestors() or r is h for r in roots)

    def shares_container(h: HtmlElement) -> bool:
        common = next((a for a in h.iterancestors() if a in first_lineage), None)
        return common is not None and common.tag not in ("body", "html")

    h1s = list(body.iter("h1"))
    if h1s:
        h1 = next((h for h in h1s if outside(h)), None)
        return h1 if h1 is not None and shares_container(h1) else None
    order = {el: n for n, el in enumerate(body.iter())}
    before = [h for h in body.iter("h2")
              if order[h] < order[first] and outside(h) and shares_container(h)]
    return before[-1] if before else None


def _following(el: HtmlElement):  # noqa: ANN202
    """Elements after `el` in document order (not its descendants)."""
    node = el
    while node is not None:
        for sibling in node.itersiblings():
            yield from sibling.iter()
        node = node.getparent()


def find_body(root: HtmlElement, vocab: Vocabulary, removed: list[Removal], *,
              relaxed: bool = False, links: Iterable[HtmlElement] | None = None
              ) -> list[HtmlElement]:
    """The article's root elements, in document order. `links`: the page's <a> elements,
    when listed already (see drop_tag_lists)."""
    body = root.find("body")
    if body is None:
        body = root
    strip_invisible(body, vocab)
    drop_tag_lists(body, removed, links)
    stats = measure(body)
    if not relaxed:
        prune(body, vocab, stats, removed)
    scores = score_candidates(body, vocab, stats)
    top = climb(best_candidate(body, scores), stats)
    roots = with_siblings(top, scores, stats)
    roots = lead_before(body, roots, stats, vocab) + roots
    for el in roots:
        clean_inside(el, vocab, stats, removed)
    return roots


# A short block that is all link is a teaser or menu entry; a long one (a whole paragraph
# wrapped in <a>, USER_NEEDS A16) is kept. 100 characters: the ScrapingHub teaser lines left
# in bodies are 30-90 characters, real linked paragraphs are longer.
LINK_LINE_MAX_CHARS = 100


# A linked paragraph that is a sentence (8+ words ending in a full stop) is prose wrapped in
# a link (USER_NEEDS A16), not a teaser: headlines do not end in a full stop, though they
# may ask ("Who will make the Rock Hall in 2020?") or exclaim ("Subscribe ... and more!").
SENTENCE_WORDS = 8
_CLOSING_PUNCTUATION = (".", ".”", ".\"", ".’", "。")


# An all-link line in capitals is a promoted headline ("TAYLOR SWIFT CLEARED TO PERFORM
# HITS AT AMAs ...: REPORT"), however long: prose is not set in capitals.
CAPS_LINK_MAX_CHARS = 200


def _is_link_line(block: Block) -> bool:
    if block.kind == "li":
        return block.link_chars >= 0.8 * len(block.text)
    if len(block.text) < CAPS_LINK_MAX_CHARS and block.link_chars >= 0.9 * len(block.text) \
            and _mostly_capitals(block.text):
        return True
    if len(block.text) >= LINK_LINE_MAX_CHARS or block.link_chars < 0.9 * len(block.text):
        return False
    return not (block.kind == "p" and block.text.endswith(_CLOSING_PUNCTUATION)
                and len(block.text.split()) >= SENTENCE_WORDS)


def _mostly_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 20 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def filter_blocks(blocks: list[Block]) -> list[Block]:
    """Block-level filters: list items that are only a link (menus left in the body), and
    headings with nothing after them."""
    out = [b for b in blocks if not _is_link_line(b)]
    while out and out[-1].kind == "h":
        out.pop()
    return out
