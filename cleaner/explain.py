"""`clean explain`: what each rule and heuristic removed from one page and why, the kept
text, and where every metadata field came from; in the terminal (rich) and as a
self-contained HTML report that shows the page's blocks in document order, the removed ones
struck through and labelled.

How removed blocks are put back in document order: the extractor detaches what it removes,
so the page is parsed once more, every element is numbered (`data-cleaner-idx`), and the
numbered copy is extracted too. Removed elements and kept blocks carry their number, which
points back into the numbered pristine tree. The record and metadata shown are those of the
ordinary extraction of the original bytes; the numbered copy only locates things (the two
texts are compared, and a difference is reported).
"""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from cleaner import dom
from cleaner.api import Extraction, Extractor, RawDoc
from cleaner.text import Block, blocks_of, normalize

IDX = "data-cleaner-idx"
SNIPPET_CHARS = 90
# In the HTML report, a run of more removed (or outside-body) blocks than this is folded
# after its first ones: a 60-item menu would otherwise push the article off the screen.
FOLD_AFTER = 4
# What each kind of label means, for the legend of both outputs.
LABELS = {
    "tag": "generic: a boilerplate tag (rules/_generic.toml [tags])",
    "role": "generic: an ARIA role that is never article text",
    "class": "generic: a class/id word of this concept (rules/_generic.toml [drop])",
    "link-density": "generic: mostly link text inside the article (a link list)",
    "rule-drop": "site rule: one of the version's `drop` selectors",
    "rule-line": "site rule: one of the version's `drop_lines` patterns",
    "line": "generic: a boilerplate line pattern (rules/_generic.toml [lines])",
    "credit": "an agency or credit line, moved to the record's agencies/contributors",
    "headline": "the body repeats the title",
    "duplicate": "a paragraph seen earlier on the page",
    "hidden": "hidden on the page (hidden, aria-hidden, display:none): never text",
    "outside body": "not in the body the rule's selector or the generic scoring chose",
}
_INVISIBLE = etree.XPath(
    "descendant-or-self::*[@hidden or @aria-hidden='true' or contains(translate(@style, ' ', ''),"
    " 'display:none') or contains(translate(@style, ' ', ''), 'visibility:hidden')]")


@dataclass(slots=True)
class Trace:
    """One page's extraction with everything located in the numbered pristine tree."""

    result: Extraction  # the ordinary extraction of the original bytes
    root: dom.HtmlElement  # the pristine tree, every element numbered
    removed: dict[int, str] = field(default_factory=dict)  # element number -> label
    kept: dict[int, int] = field(default_factory=dict)  # kept block's element -> characters
    text_differs: bool = False
    elements: list[dom.HtmlElement] = field(default_factory=list)  # by number


def number_of(el: Any) -> int | None:
    value = el.get(IDX) if el is not None else None
    return int(value) if value is not None else None


def trace(extractor: Extractor, data: bytes, *, source: str, url: str | None = None,
          fetched: str | None = None) -> Trace:
    """Extract a page and locate its removed elements and kept blocks in the pristine tree."""
    from cleaner.decode import decode_html
    from cleaner.errors import Drop
    from cleaner.saved import unpack

    doc = RawDoc(source, data, url=url, fetched=fetched)
    result = extractor.explain(doc)
    try:
        doc = unpack(doc)  # a browser's archive (MHTML, Safari's): the page in it
        root = dom.parse(decode_html(doc.data, doc.charset), dom.make_parser())
    except Drop:
        return Trace(result, dom.parse("<html><body></body></html>"))
    elements: list[Any] = list(dom.iter_elements(root))
    for index, el in enumerate(elements):
        el.set(IDX, str(index))
    numbered = etree.tostring(root, encoding="unicode", method="html").encode("utf-8")
    located = extractor.explain(RawDoc(source, numbered, url=doc.url or _url_of(result),
                                       fetched=doc.fetched, charset="utf-8"))
    out = Trace(result, root, elements=elements)
    for removal in located.removed:
        number = number_of(removal.element)
        if number is not None:
            out.removed.setdefault(number, removal.by)
    for block in located.blocks:
        number = number_of(block.element)
        if number is not None:
            out.kept[number] = out.kept.get(number, 0) + len(block.text)
    plain = (result.record or {}).get("text")
    again = (located.record or {}).get("text")
    out.text_differs = plain != again
    return out


def _url_of(result: Extraction) -> str | None:
    return result.record.get("url") if result.record else None


# ---- the page's blocks in document order --------------------------------------------------

@dataclass(slots=True)
class Row:
    """A run of consecutive blocks of the pristine page with one status and label."""

    status: str  # kept | removed | line | hidden | outside
    label: str
    blocks: list[Block]
    element: str = ""  # a short description of the element that was removed


def document_rows(tr: Trace) -> list[Row]:
    """Every text block of the page in document order, with what happened to it.

    Each removed (or hidden) element of a copy of the page is swapped for a placeholder
    block, so the page's blocks come out in order with the removed content exactly where it
    was; a placeholder expands into the removed element's own rows (labelled by what
    removed it, and by what removed anything nested in it)."""
    body = tr.root.find("body")
    body = copy.deepcopy(body if body is not None else tr.root)
    hidden = {n for el in _INVISIBLE(body) if (n := number_of(el)) is not None}
    context = _RowContext(tr, hidden, list(tr.result.lines.removed) if tr.result.lines else [],
                          {b.text for b in tr.result.blocks})
    rows: list[Row] = []
    context.walk(body, None, rows)
    return rows


_MARK = re.compile("^\ue000(\\d+)\ue001$")


@dataclass(slots=True)
class _RowContext:
    tr: Trace
    hidden: set[int]
    lines: list[tuple[str, str]]
    kept_texts: set[str]

    def label_of(self, el: Any) -> str | None:
        number = number_of(el)
        if number is None:
            return None
        if number in self.tr.removed:
            return self.tr.removed[number]
        return "hidden" if number in self.hidden else None

    def walk(self, root: Any, removed_as: tuple[str, str] | None, rows: list[Row]) -> None:
        """Rows of `root`'s blocks; `removed_as` = (label, element) when root was removed."""
        holes: dict[int, Any] = {}
        for el in list(root.iterdescendants()):
            if not isinstance(el.tag, str) or self.label_of(el) is None:
                continue
            if removed_as is not None and self.label_of(el) == "hidden":
                continue  # hidden inside removed: part of the removed run
            if any(anc is not root and number_of(anc) in holes for anc in el.iterancestors()):
                continue  # inside an element already swapped out
            number = number_of(el)
            if number is None:
                continue
            mark = etree.Element("div")
            mark.text = f"\ue000{number}\ue001"
            dom.set_tail(mark, el.tail)
            el.tail = None
            el.getparent().replace(el, mark)
            holes[number] = el
        for block in blocks_of([root]):
            hit = _MARK.match(block.text)
            if hit and int(hit.group(1)) in holes:
                el = holes[int(hit.group(1))]
                label = self.label_of(el) or "?"
                before = len(rows)
                self.walk(el, (label, describe(el)), rows)
                if len(rows) == before and removed_as is None and label != "hidden":
                    rows.append(Row("removed", label, [], describe(el)))  # an image, an embed
                continue
            if removed_as is not None:
                status = "hidden" if removed_as[0] == "hidden" else "removed"
                self.add(rows, Row(status, removed_as[0], [block], removed_as[1]))
            else:
                self.add(rows, self.plain(block))

    def plain(self, block: Block) -> Row:
        for why, text in self.lines:
            if text == block.text:
                return Row("line", why, [block])
        number = number_of(block.element)
        if block.text in self.kept_texts or (number is not None and number in self.tr.kept):
            return Row("kept", "kept", [block])
        return Row("outside", "outside body", [block])

    @staticmethod
    def add(rows: list[Row], row: Row) -> None:
        last = rows[-1] if rows else None
        if last and last.blocks and \
                (last.status, last.label, last.element) == (row.status, row.label, row.element):
            last.blocks.extend(row.blocks)
        else:
            rows.append(row)


def describe(el: Any) -> str:
    """`<div class="share-bar" id="x">`, shortened."""
    if el is None or not isinstance(el.tag, str):
        return ""
    attrs = "".join(f' {k}="{el.get(k)}"' for k in ("id", "class", "role") if el.get(k))
    text = f"<{el.tag}{attrs}>"
    return text if len(text) <= 70 else text[:67] + "…>"


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    text = normalize(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def removal_rows(tr: Trace) -> list[tuple[str, str, str]]:
    """(label, element, text snippet) of every removed element, in document order; a run
    of textless elements with the same label and tag (13 image figures) is one row."""
    out: list[tuple[str, str, str]] = []
    run: list[Any] = []
    for number in sorted(tr.removed):
        el = tr.elements[number]
        label = tr.removed[number]
        text = dom.text_content(el).strip()
        if not text and run and tr.removed[number_of(run[0]) or 0] == label \
                and run[0].tag == el.tag and out and out[-1][2] == "(no text)":
            run.append(el)
            out[-1] = (label, f"{describe(run[0])} and {len(run) - 1} more", "(no text)")
            continue
        run = [el] if not text else []
        out.append((label, describe(el), snippet(text) if text else "(no text)"))
    return out


def metadata_rows(result: Extraction) -> list[tuple[str, str, str]]:
    """(field, value, where it came from) for the record's metadata fields."""
    record = result.record or {}
    meta = result.metadata
    prov = dict(meta.provenance) if meta else {}
    line_agencies = result.lines.agencies if result.lines else []
    rows = []
    for name in ("title", "authors", "agencies", "contributors", "date_published",
                 "date_modified", "outlet", "url", "language", "description", "tags"):
        value = record.get(name) if record else getattr(meta, name, None)
        if name == "language":
            source = f"langdetect on the text (html lang: {record.get('lang_html') or 'none'})"
        elif name == "agencies" and line_agencies and not prov.get(name):
            source = "credit line in the text"
        elif name == "outlet" and record.get("rule"):
            source = f"rule {record['rule'].split('@')[0]}"
        else:
            source = prov.get(name, "")
        zone = prov.get(f"{name}_tz")
        if name in ("date_published", "date_modified") and zone and value:
            source += {"value": " (offset given)", "rule": " (offset from the rule's timezone)",
                       "none": " (no offset: set the rule's timezone)"}.get(zone, f" ({zone})")
        rows.append((name, _show(value), source or ("-" if not value else "?")))
    return rows


def _show(value: Any) -> str:
    if value is None or value == []:
        return "-"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


# ---- terminal -----------------------------------------------------------------------------

def explain_file(path: Path, *, url: str | None, use_rules: bool, rules_dir: Path | None,
                 html_path: Path | None, fetched: str | None = None) -> int:
    """`clean explain`: print the explanation, write the HTML report. Exit code 0 when the
    page gives a record, 1 when it is rejected, 2 when the file or rules cannot be read.
    `fetched` (ISO date) picks the rule version; without it the newest version is used."""
    from rich.console import Console

    from cleaner.errors import RuleError
    from cleaner.sources import read_file_bytes

    console = Console(highlight=False)
    err = Console(stderr=True, highlight=False)
    try:
        extractor = Extractor.load(rules_dir, use_rules=use_rules)
    except RuleError as exc:
        err.print(f"[red]error:[/] rule file {exc}", markup=True)
        return 2
    try:
        data = read_file_bytes(str(path))
    except (OSError, ValueError) as exc:
        err.print(f"[red]error:[/] {path}: {exc}")
        return 2
    tr = trace(extractor, data, source=path.name, url=url, fetched=fetched)
    print_trace(console, tr, path, use_rules)
    if html_path is not None:
        html_path.write_text(render_html(tr, path), encoding="utf-8")
        console.print(f"\nHTML report: {html_path}")
    return 0 if tr.result.record is not None else 1


def print_trace(console: Any, tr: Trace, path: Path, use_rules: bool) -> None:
    from rich.table import Table
    from rich.text import Text

    result, record = tr.result, tr.result.record or {}
    head = Table.grid(padding=(0, 2))
    head.add_row("page", Text(str(path)))
    head.add_row("url", Text(record.get("url") or "-"))
    rule = result.rule or ("none: --no-rules" if not use_rules else "none: generic heuristics")
    head.add_row("rule", Text(rule))
    if result.record is None:
        head.add_row("result", Text(f"rejected ({result.reason}): {result.detail}", style="red"))
    else:
        head.add_row("result", Text(
            f"{len(result.blocks)} blocks, {len(record['text'])} characters of text, "
            f"{len(tr.removed)} elements and "
            f"{len(result.lines.removed) if result.lines else 0} lines removed"))
    console.print(head)

    removed = Table(title="Removed elements (document order)", title_justify="left",
                    show_lines=False, expand=True)
    removed.add_column("by", style="magenta", no_wrap=True)
    removed.add_column("element", style="cyan", overflow="fold", max_width=40)
    removed.add_column("text", overflow="fold")
    for label, element, text in removal_rows(tr):
        removed.add_row(Text(label), Text(element),
                        Text(text, style="dim" if text == "(no text)" else ""))
    console.print(removed)

    if result.lines and result.lines.removed:
        lines = Table(title="Removed lines", title_justify="left", expand=True)
        lines.add_column("why", style="magenta", no_wrap=True)
        lines.add_column("text", overflow="fold")
        for why, text in result.lines.removed:
            lines.add_row(Text(why), Text(snippet(text, 160)))
        console.print(lines)

    meta = Table(title="Metadata", title_justify="left", expand=True)
    meta.add_column("field", style="bold", no_wrap=True)
    meta.add_column("value", overflow="fold")
    meta.add_column("from", style="green", overflow="fold")
    for name, value, source in metadata_rows(result):
        meta.add_row(name, Text(value), Text(source))  # Text: page strings are not markup
    console.print(meta)

    if record:
        console.rule("Kept text")
        console.print(Text(record["text"]))
        console.rule()
    if tr.text_differs:
        console.print(Text("note: the located copy of the page extracted differently; the "
                           "positions above may be approximate", style="yellow"))


# ---- HTML report --------------------------------------------------------------------------

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d1d1f;background:#f4f4f6}
header{background:#1f2937;color:#f9fafb;padding:14px 28px}
header h1{font-size:18px;margin:0 0 6px}
header dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0;font-size:13px}
header dt{color:#9ca3af}header dd{margin:0;word-break:break-all}
main{display:grid;grid-template-columns:minmax(0,1fr) 330px;gap:20px;padding:20px 28px}
main section{background:#fff;border-radius:8px;padding:14px 22px;box-shadow:0 1px 3px #0002;margin-bottom:20px}
section.meta{font-size:13px}th{text-align:left;color:#6b7280;font-weight:600;padding:2px 4px}
aside>div{position:sticky;top:12px}
details summary{cursor:pointer;font-size:12px;color:#6b7280;text-decoration:none}
aside>div{background:#fff;border-radius:8px;padding:12px 14px;margin-bottom:16px;box-shadow:0 1px 3px #0002;font-size:13px}
aside h2,section h2{font-size:14px;text-transform:uppercase;letter-spacing:.05em;color:#6b7280;margin:0 0 8px}
table{border-collapse:collapse;width:100%}td{border-top:1px solid #eee;padding:3px 4px;vertical-align:top;word-break:break-word}
td.k{font-weight:600;white-space:nowrap}td.src{color:#047857;font-size:12px;width:30%}
.row{position:relative;margin:6px 0;padding:6px 10px;border-left:4px solid transparent;border-radius:4px}
.row p{margin:4px 0}.row .h{font-weight:700;font-size:17px}.row .li:before{content:"• "}
.row .quote{font-style:italic;padding-left:10px;border-left:2px solid #ddd}
.kept{border-left-color:#16a34a}
.removed,.line,.hidden{background:#fef2f2;border-left-color:#dc2626;color:#7f1d1d}
.removed p,.line p,.hidden p{text-decoration:line-through;text-decoration-color:#dc262699}
.outside{border-left-color:#d1d5db;color:#9ca3af;font-size:13px}
.outside p{margin:1px 0}
.label{display:inline-block;font:600 11px/1.6 ui-monospace,Menlo,Consolas,monospace;padding:0 6px;border-radius:3px;margin-bottom:2px}
.removed .label,.line .label,.hidden .label{background:#dc2626;color:#fff}
.kept .label{background:#16a34a;color:#fff}.outside .label{background:#e5e7eb;color:#4b5563}
.el{font:11px ui-monospace,Menlo,Consolas,monospace;color:#9f1239;margin-left:6px}
.legend td:first-child{font-family:ui-monospace,Menlo,Consolas,monospace;white-space:nowrap;color:#b91c1c}
.row.empty{padding:2px 10px;margin:3px 0}.none{font-size:11px;color:#9ca3af;margin-left:6px;font-style:italic}
.note{color:#92400e;background:#fffbeb;padding:6px 10px;border-radius:4px}
"""


def render_html(tr: Trace, path: Path) -> str:
    """A self-contained report (inline CSS, no scripts, every page string escaped)."""
    e = html.escape
    result, record = tr.result, tr.result.record or {}
    rows = document_rows(tr)
    counts = {s: sum(len(r.blocks) for r in rows if r.status == s)
              for s in ("kept", "removed", "line", "hidden", "outside")}
    head = [("page", str(path)), ("url", record.get("url") or "-"),
            ("rule", result.rule or "none (generic heuristics)"),
            ("result", f"rejected ({result.reason}): {result.detail}" if result.record is None
             else f"{counts['kept']} blocks kept; {counts['removed'] + counts['line']} removed "
                  f"by rules and heuristics; {counts['outside']} outside the body; "
                  f"{counts['hidden']} hidden")]
    out = ["<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">",
           f"<title>clean explain: {e(path.name)}</title><style>{_CSS}</style></head><body>",
           f"<header><h1>clean explain: {e(record.get('title') or path.name)}</h1><dl>"]
    out += [f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in head]
    out.append("</dl></header><main><div><section class=\"meta\"><h2>Metadata</h2><table>"
               "<tr><th>field</th><th>value</th><th>from</th></tr>")
    out += [f"<tr><td class=\"k\">{e(n)}</td><td>{e(v)}</td><td class=\"src\">{e(s)}</td></tr>"
            for n, v, s in metadata_rows(result)]
    out.append("</table></section><section class=\"page\"><h2>The page, block by block</h2>")
    if tr.text_differs:
        out.append("<p class=\"note\">The located copy of the page extracted differently: "
                   "positions may be approximate.</p>")
    out += [_html_row(row) for row in rows]
    out.append("</section></div><aside><div class=\"legend\"><h2>Labels</h2><table>")
    out += [f"<tr><td>{e(k)}</td><td>{e(v)}</td></tr>" for k, v in legend(rows)]
    out.append("</table></div></aside></main></body></html>")
    return "\n".join(out)


def _html_row(row: Row) -> str:
    e = html.escape
    element = f"<span class=\"el\">{e(row.element)}</span>" if row.element else ""
    shown, more = row.blocks, []
    if row.status != "kept" and len(row.blocks) > FOLD_AFTER + 2:
        shown, more = row.blocks[:FOLD_AFTER], row.blocks[FOLD_AFTER:]
    paragraphs = "".join(f"<p class=\"{e(b.kind)}\">{e(b.text)}</p>" for b in shown)
    if not row.blocks:
        return (f"<div class=\"row {row.status} empty\"><span class=\"label\">{e(row.label)}"
                f"</span>{element}<span class=\"none\">no text</span></div>")
    if more:
        paragraphs += (f"<details><summary>{len(more)} more blocks</summary>"
                       + "".join(f"<p class=\"{e(b.kind)}\">{e(b.text)}</p>" for b in more)
                       + "</details>")
    return (f"<div class=\"row {row.status}\"><span class=\"label\">{e(row.label)}</span>"
            f"{element}{paragraphs}</div>")


def legend(rows: Iterable[Row]) -> list[tuple[str, str]]:
    """(kind, meaning) of the labels these rows use ("class:share" -> "class")."""
    kinds = {row.label.split(":", 1)[0] for row in rows if row.status != "kept"}
    known = [(k, v) for k, v in LABELS.items() if k in kinds]
    other = sorted(kinds - set(LABELS))
    return known + [(k, "generic heuristic (cleaner/generic.py)") for k in other]
