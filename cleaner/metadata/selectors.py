"""Metadata selectors from rule files (`[version.meta]`), compiled once at rule load.

A spec is one of:
- `"h1.headline"`: a CSS selector; each matching element gives its whitespace-normalised text;
- `"meta[property='article:published_time']@content"`: CSS selector, then `@attribute`;
- `"jsonld:author.name"`: a dotted path into the page's JSON-LD objects, the article object
  first; lists met on the way are flattened, `{"@id": ...}` references are followed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cssselect import HTMLTranslator, SelectorError
from lxml import etree

from cleaner.dom import text_content

__all__ = ["MetaSelector", "compile_meta_selector"]

_ATTR = re.compile(r"^[A-Za-z_:][\w:.-]*$")
_PATH_PART = re.compile(r"^@?[A-Za-z_][\w:-]*$")
_WS = re.compile(r"\s+")
# A selector that yields more values than this is matching a list page, not one article.
_MAX_VALUES = 50
_TRANSLATOR = HTMLTranslator()


def _split_attr(spec: str) -> tuple[str, str | None]:
    """Split "css@attr" at the last "@" outside brackets and quotes."""
    depth, quote, at = 0, "", -1
    for i, ch in enumerate(spec):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        elif ch == "@" and depth == 0:
            at = i
    if at < 0:
        return spec, None
    return spec[:at], spec[at + 1 :]


@dataclass(frozen=True, slots=True)
class MetaSelector:
    """One compiled spec; `values()` returns the strings it selects (possibly none)."""

    spec: str
    xpath: etree.XPath | None = None
    attr: str | None = None
    path: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return "jsonld" if self.xpath is None else ("attr" if self.attr else "text")

    def values(self, root: Any, jsonld: list[dict[str, Any]]) -> list[str]:
        out: list[str] = []
        if self.xpath is None:
            for obj in jsonld:
                got = _walk(obj, self.path, jsonld)
                if got:
                    out = got
                    break
        else:
            for el in self.xpath(root):
                raw = el.get(self.attr) if self.attr else text_content(el)
                if raw:
                    out.append(raw)
                if len(out) >= _MAX_VALUES:
                    break
        cleaned = (_WS.sub(" ", v).strip() for v in out)
        return [v for v in cleaned if v][:_MAX_VALUES]


def _walk(value: Any, path: tuple[str, ...], objs: list[dict[str, Any]]) -> list[str]:
    nodes = [value]
    for key in path:
        nxt: list[Any] = []
        for node in nodes:
            for item in node if isinstance(node, list) else [node]:
                if isinstance(item, dict) and "@id" in item and len(item) <= 2:
                    item = next((o for o in objs if o.get("@id") == item["@id"]), item)
                if isinstance(item, dict) and key in item:
                    v = item[key]
                    nxt.extend(v if isinstance(v, list) else [v])
        nodes = nxt
        if not nodes:
            return []
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, (int, float)) and not isinstance(node, bool):
            out.append(str(node))
        elif isinstance(node, dict):
            name = node.get("name") or node.get("@value")
            if isinstance(name, str):
                out.append(name)
    return out


def compile_meta_selector(spec: str) -> MetaSelector:
    """Compile a rule's metadata spec; ValueError with the reason on a bad one."""
    if not isinstance(spec, str) or not spec.strip():
        raise ValueError(f"metadata selector must be a non-empty string, got {spec!r}")
    spec = spec.strip()
    if spec.startswith("jsonld:"):
        dotted = spec[len("jsonld:") :].strip()
        parts = tuple(dotted.split(".")) if dotted else ()
        if not parts or not all(_PATH_PART.match(p) for p in parts):
            raise ValueError(f"bad JSON-LD path in {spec!r}: expected jsonld:key.subkey")
        return MetaSelector(spec=spec, path=parts)
    css, attr = _split_attr(spec)
    css = css.strip()
    if attr is not None and not _ATTR.match(attr.strip()):
        raise ValueError(f"bad attribute name after '@' in {spec!r}")
    if not css:
        raise ValueError(f"no CSS selector before '@' in {spec!r}")
    try:
        xp = _TRANSLATOR.css_to_xpath(css)
        compiled = etree.XPath(xp)
    except (SelectorError, etree.XPathSyntaxError) as exc:
        raise ValueError(f"bad CSS selector {css!r} in {spec!r}: {exc}") from None
    return MetaSelector(spec=spec, xpath=compiled, attr=attr.strip() if attr else None)
