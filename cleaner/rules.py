"""Site rules: load TOML rule files, validate and compile them once, pick the rule and
layout version for a page (by domain, else by markup signature; by fetch date).

The format is documented in docs/rules.md. Rule files are data: tomllib never executes
code, every selector and regex is compiled at load, and any problem stops the load with an
error naming the file and the key.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from lxml.cssselect import CSSSelector

from cleaner.errors import RuleError

META_FIELDS = ("title", "authors", "date_published", "date_modified", "agencies")
_TOP_KEYS = {"outlet", "domains", "signatures", "language", "timezone", "min_words", "version"}
_VERSION_KEYS = {"id", "valid_until", "extends", "body", "drop", "drop_lines", "meta"}
_SHARED_PREFIX = "_"  # _agencies.toml, _generic.toml: shared data, not site rules


@dataclass(frozen=True, slots=True)
class Version:
    id: str
    valid_until: date | None
    body: tuple[CSSSelector, ...]
    drop: tuple[CSSSelector, ...]
    drop_lines: tuple[re.Pattern[str], ...]
    meta: Mapping[str, Sequence[Any]]
    body_specs: tuple[str, ...] = ()
    drop_specs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    name: str  # file name, e.g. "dw.toml"
    outlet: str
    domains: tuple[str, ...]
    signatures: tuple[CSSSelector, ...]
    language: str | None
    timezone: str | None
    versions: tuple[Version, ...]
    sha256: str
    min_words: int | None = None  # the quality gate's minimum for this outlet

    def version_for(self, fetched: str | None) -> Version:
        """The first version whose valid_until is after the fetch date; without a fetch
        date, the newest version (a page saved today has today's layout)."""
        day = _to_date(fetched)
        if day is not None:
            for version in self.versions:
                if version.valid_until is None or day < version.valid_until:
                    return version
        return self.versions[-1]


@dataclass(frozen=True, slots=True)
class RuleSet:
    rules: tuple[Rule, ...] = ()
    by_domain: Mapping[str, Rule] = field(default_factory=dict)
    fingerprint: str = ""

    def select(self, host: str | None, root: Any, fetched: str | None) -> tuple[Rule, Version] | None:
        """The rule for a page: its host or a parent domain, else a markup signature."""
        rule = self._by_host(host) if host else None
        if rule is None:
            rule = next((r for r in self.rules if r.signatures and _matches_any(r, root)), None)
        if rule is None:
            return None
        return rule, rule.version_for(fetched)

    def _by_host(self, host: str) -> Rule | None:
        host = host.lower().rstrip(".")
        while host:
            rule = self.by_domain.get(host)
            if rule is not None:
                return rule
            _, _, host = host.partition(".")
        return None


def _matches_any(rule: Rule, root: Any) -> bool:
    return any(sel(root) for sel in rule.signatures)


def _to_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def load_ruleset(rules_dir: Path | None) -> RuleSet:
    """Load every `*.toml` site rule in a directory (files starting with `_` are shared
    data). Raises RuleError on the first broken file; domains must be unique."""
    if rules_dir is None or not rules_dir.is_dir():
        return RuleSet()
    rules: list[Rule] = []
    by_domain: dict[str, Rule] = {}
    digest = hashlib.sha256()
    for path in sorted(rules_dir.glob("*.toml")):
        if path.name.startswith(_SHARED_PREFIX):
            continue
        rule = load_rule(path)
        digest.update(path.name.encode() + b"\0" + rule.sha256.encode())
        for domain in rule.domains:
            if domain in by_domain:
                raise RuleError(str(path), f"domains: {domain!r} is already claimed by "
                                           f"{by_domain[domain].name}")
            by_domain[domain] = rule
        rules.append(rule)
    return RuleSet(tuple(rules), by_domain, digest.hexdigest())


def load_rule(path: Path) -> Rule:
    raw_bytes = path.read_bytes()
    where = str(path)
    try:
        data = tomllib.loads(raw_bytes.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RuleError(where, f"not valid TOML: {exc}") from exc
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise RuleError(where, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(_TOP_KEYS)}")
    outlet = _str(data, "outlet", where, required=True)
    domains = tuple(d.lower().removeprefix("www.") for d in _strs(data, "domains", where))
    signatures = tuple(_css(s, where, "signatures") for s in _strs(data, "signatures", where))
    if not domains and not signatures:
        raise RuleError(where, "a rule needs `domains` or `signatures` to match pages")
    versions = _versions(data.get("version"), where)
    timezone = _str(data, "timezone", where)
    if timezone:
        _check_timezone(timezone, where)
    min_words = data.get("min_words")
    if min_words is not None and (isinstance(min_words, bool) or not isinstance(min_words, int)
                                  or min_words < 0):
        raise RuleError(where, f"min_words: expected a whole number >= 0, got {min_words!r}")
    return Rule(name=path.name, outlet=outlet or "", domains=domains, signatures=signatures,
                language=_str(data, "language", where), timezone=timezone,
                versions=versions, sha256=hashlib.sha256(raw_bytes).hexdigest(),
                min_words=min_words)


def _versions(raw: Any, where: str) -> tuple[Version, ...]:
    if not isinstance(raw, list) or not raw:
        raise RuleError(where, "needs at least one [[version]] table")
    merged: dict[str, dict[str, Any]] = {}
    out: list[Version] = []
    previous: date | None = None
    for index, table in enumerate(raw):
        key = f"version[{index}]"
        if not isinstance(table, dict):
            raise RuleError(where, f"{key}: must be a table")
        unknown = set(table) - _VERSION_KEYS
        if unknown:
            raise RuleError(where, f"{key}: unknown key(s) {sorted(unknown)}")
        vid = _str(table, "id", where, required=True, prefix=key)
        if vid in merged:
            raise RuleError(where, f"{key}.id: duplicate version id {vid!r}")
        base = table.get("extends")
        if base is not None and base not in merged:
            raise RuleError(where, f"{key}.extends: no earlier version {base!r}")
        spec = {**merged.get(base, {}), **table} if base else dict(table)
        if base and "meta" in table:
            spec["meta"] = {**merged[base].get("meta", {}), **table["meta"]}
        spec.pop("valid_until", None)
        merged[vid] = spec
        until = _until(table.get("valid_until"), where, key)
        if until is None and index != len(raw) - 1:
            raise RuleError(where, f"{key}.valid_until: only the last version may omit it")
        if until is not None and previous is not None and until <= previous:
            raise RuleError(where, f"{key}.valid_until: versions must be in date order")
        previous = until or previous
        out.append(_compile_version(vid, until, spec, where, key))
    return tuple(out)


def _compile_version(vid: str, until: date | None, spec: Mapping[str, Any], where: str,
                     key: str) -> Version:
    body_specs = tuple(_strs(spec, "body", where, prefix=key))
    drop_specs = tuple(_strs(spec, "drop", where, prefix=key))
    meta_raw = spec.get("meta", {})
    if not isinstance(meta_raw, dict):
        raise RuleError(where, f"{key}.meta: must be a table")
    unknown = set(meta_raw) - set(META_FIELDS)
    if unknown:
        raise RuleError(where, f"{key}.meta: unknown field(s) {sorted(unknown)}; "
                               f"allowed: {list(META_FIELDS)}")
    meta = {name: tuple(_meta(s, where, f"{key}.meta.{name}")
                        for s in _strs(meta_raw, name, where, prefix=f"{key}.meta"))
            for name in META_FIELDS if name in meta_raw}
    return Version(
        id=vid, valid_until=until,
        body=tuple(_css(s, where, f"{key}.body") for s in body_specs),
        drop=tuple(_css(s, where, f"{key}.drop") for s in drop_specs),
        drop_lines=tuple(_regex(s, where, f"{key}.drop_lines")
                         for s in _strs(spec, "drop_lines", where, prefix=key)),
        meta=meta, body_specs=body_specs, drop_specs=drop_specs)


def _str(data: Mapping[str, Any], key: str, where: str, *, required: bool = False,
         prefix: str = "") -> str | None:
    value = data.get(key)
    name = f"{prefix}.{key}" if prefix else key
    if value is None:
        if required:
            raise RuleError(where, f"{name}: missing")
        return None
    if not isinstance(value, str) or not value.strip():
        raise RuleError(where, f"{name}: must be a non-empty string")
    return value


def _strs(data: Mapping[str, Any], key: str, where: str, prefix: str = "") -> list[str]:
    value = data.get(key, [])
    name = f"{prefix}.{key}" if prefix else key
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RuleError(where, f"{name}: must be a list of non-empty strings")
    return value


def _until(value: Any, where: str, key: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            pass
    raise RuleError(where, f"{key}.valid_until: {value!r} is not a date (YYYY-MM-DD)")


def _css(spec: str, where: str, key: str) -> CSSSelector:
    try:
        return CSSSelector(spec)
    except Exception as exc:  # cssselect raises several unrelated error types
        raise RuleError(where, f"{key}: CSS selector {spec!r} does not compile: {exc}") from exc


def _meta(spec: str, where: str, key: str) -> Any:
    from cleaner.metadata.selectors import compile_meta_selector

    try:
        return compile_meta_selector(spec)
    except ValueError as exc:
        raise RuleError(where, f"{key}: {exc}") from exc


def _regex(spec: str, where: str, key: str) -> re.Pattern[str]:
    from cleaner.regex_safety import check_regex

    try:
        pattern = re.compile(spec)
    except re.error as exc:
        raise RuleError(where, f"{key}: regex {spec!r} does not compile: {exc}") from exc
    problem = check_regex(spec)
    if problem:
        raise RuleError(where, f"{key}: regex {spec!r} is unsafe: {problem}")
    return pattern


def _check_timezone(name: str, where: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise RuleError(where, f"timezone: unknown time zone {name!r}") from exc
