"""News agencies: canonical names, aliases, and the credit lines that name them.

`AgencyTable.load(rules/_agencies.toml)` compiles every alias and credit pattern once; the
table is immutable afterwards and safe to share between threads and to pickle for workers.

What counts as a credit line is data (see the comments in `_agencies.toml`); this module only
runs it: a line is a credit line when one of the `frame` patterns matches the whole line and
what is left in its `list` group is nothing but agency names, generic words for "agencies",
separators, and (first, before "with") the outlet's own name.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner.errors import RuleError

__all__ = ["AgencyTable", "Credit"]

# An alias in capitals only and at most this long is matched case-sensitively in text
# ("AP", "PA", "TT", "ANI" are ordinary words or names in other cases). Five covers every
# acronym in the table (ANSA, UNIAN, KCNA) while "Reuters" stays case-insensitive.
_CASE_SENSITIVE_MAX_LEN = 5

_WS = re.compile(r"\s+")
_TOKEN = re.compile(r"[^\W\d_]+")
_EDGE_LEAD = re.compile(r"^[\s\-–—•*·|:]+")
_EDGE_TRAIL = re.compile(r"[\s.,;:·|\-–—]+$")
# Desk initials or a regional desk code joined to an agency by "/": "dpa/lnw", "jcg/AFP".
_DESK_CODE = re.compile(r"[a-zäöüéèß]{1,5}(?![\w-])")
_NAME_WORD = re.compile(r"^[^\W\d_][\w'’.\-]*$")
_NAME_PARTICLES = frozenset(
    [
        "von",
        "van",
        "der",
        "den",
        "de",
        "da",
        "di",
        "du",
        "del",
        "della",
        "la",
        "le",
        "bin",
        "ibn",
        "al",
        "el",
        "y",
        "e",
        "dos",
        "das",
        "ten",
        "ter",
        "zu",
        "st.",
    ]
)


@dataclass(frozen=True, slots=True)
class Credit:
    """What a credit line says: canonical agencies, people credited, desk initials."""

    agencies: list[str]
    contributors: list[str] = field(default_factory=list)
    initials: list[str] = field(default_factory=list)


def _compile(path: Path, where: str, pattern: Any, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise RuleError(
            str(path), f"{where}: expected a regex string, got {type(pattern).__name__}"
        )
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise RuleError(str(path), f"{where}: bad regex {pattern!r}: {exc}") from None


def _strings(path: Path, where: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(str(path), f"{where}: expected a list of strings")
    return value


def _norm_key(name: str) -> str:
    return _WS.sub(" ", name).strip().casefold()


@dataclass(frozen=True, slots=True)
class AgencyTable:
    """Canonical agency names and the compiled patterns that find them."""

    names: tuple[str, ...]
    kinds: dict[str, str]
    _by_key: dict[str, str]
    _alias_re: re.Pattern[str]  # every alias, longest first, anchored where used with .match
    _generic_re: re.Pattern[str] | None
    _noise: tuple[re.Pattern[str], ...]
    _frames: tuple[re.Pattern[str], ...]
    _contrib: tuple[re.Pattern[str], ...]
    _clause_sep: re.Pattern[str]
    _name_place: re.Pattern[str]
    _sep_re: re.Pattern[str]
    _with_re: re.Pattern[str]
    _photo_after: re.Pattern[str]
    _photo_before: re.Pattern[str]
    _trigger_words: frozenset[str]  # casefolded first words of aliases, generic and credit words
    _trigger_strings: tuple[str, ...]  # aliases in scripts without word breaks ("新华社")
    max_length: int
    max_words: int
    max_outlet_words: int

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, path: Path) -> AgencyTable:
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleError(str(path), f"cannot read: {exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise RuleError(str(path), f"invalid TOML: {exc}") from None
        return cls.from_dict(data, path)

    @classmethod
    def from_dict(cls, data: dict[str, Any], path: Path = Path("<agencies>")) -> AgencyTable:
        entries = data.get("agency")
        if not isinstance(entries, list) or not entries:
            raise RuleError(str(path), "no [[agency]] entries")
        by_key: dict[str, str] = {}
        kinds: dict[str, str] = {}
        names: list[str] = []
        alias_parts: list[tuple[str, str]] = []  # (alias, regex)
        for i, entry in enumerate(entries):
            where = f"agency[{i}]"
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                raise RuleError(str(path), f"{where}: needs a string `name`")
            name = entry["name"].strip()
            if not name:
                raise RuleError(str(path), f"{where}: empty `name`")
            aliases = _strings(path, f"{where}.aliases", entry.get("aliases", []))
            kind = entry.get("kind", "agency")
            if kind not in ("agency", "syndication"):
                raise RuleError(str(path), f"{where}: kind must be 'agency' or 'syndication'")
            if name in kinds:
                raise RuleError(str(path), f"{where}: duplicate agency {name!r}")
            names.append(name)
            kinds[name] = kind
            for alias in [name, *aliases]:
                alias = alias.strip()
                key = _norm_key(alias)
                if not key:
                    raise RuleError(str(path), f"{where}: empty alias")
                if by_key.get(key, name) != name:
                    raise RuleError(
                        str(path), f"{where}: alias {alias!r} also names {by_key[key]!r}"
                    )
                by_key[key] = name
                alias_parts.append((alias, cls._alias_regex(alias)))
        # Longest first, so "dpa-AFX" wins over "dpa" and "Agence France-Presse" over "AFP".
        alias_parts.sort(key=lambda p: -len(p[0]))
        alias_re = re.compile("|".join(rx for _, rx in alias_parts))

        credit = data.get("credit", {})
        if not isinstance(credit, dict):
            raise RuleError(str(path), "[credit] must be a table")
        frames_tbl = credit.get("frame", {})
        frames: list[re.Pattern[str]] = []
        for group in ("signoff", "wrapped", "prefixed", "suffixed", "bare"):
            for j, rx in enumerate(
                _strings(path, f"credit.frame.{group}", frames_tbl.get(group, []))
            ):
                pat = _compile(path, f"credit.frame.{group}[{j}]", rx)
                if "list" not in pat.groupindex:
                    raise RuleError(str(path), f"credit.frame.{group}[{j}]: needs a group `list`")
                frames.append(pat)
        contrib_tbl = credit.get("contributor", {})
        contrib = []
        for j, rx in enumerate(
            _strings(path, "credit.contributor.patterns", contrib_tbl.get("patterns", []))
        ):
            pat = _compile(path, f"credit.contributor.patterns[{j}]", rx)
            if "names" not in pat.groupindex:
                raise RuleError(
                    str(path), f"credit.contributor.patterns[{j}]: needs a group `names`"
                )
            contrib.append(pat)
        lst = credit.get("list", {})
        generic = _strings(path, "credit.list.generic_sources", lst.get("generic_sources", []))
        generic_re = None
        if generic:
            alts = sorted((re.escape(g) for g in generic), key=len, reverse=True)
            generic_re = re.compile(
                r"(?:the\s+)?(?:{})(?![\w])".format("|".join(alts)), re.IGNORECASE
            )
        byline = data.get("byline", {})
        words: set[str] = set()
        strings: list[str] = []
        contrib_words = contrib_tbl.get("trigger_words", [])
        for phrase in [
            *(a for a, _ in alias_parts),
            *generic,
            *_strings(path, "credit.contributor.trigger_words", contrib_words),
        ]:
            tokens = _TOKEN.findall(phrase.casefold())
            # The longest word is the most telling ("associated", not "the").
            word = max(tokens, key=len) if tokens else ""
            if word and all(ch.isascii() or ch.isupper() or ch.islower() for ch in word):
                words.add(word)
            else:
                strings.append(phrase)
        return cls(
            names=tuple(names),
            kinds=kinds,
            _by_key=by_key,
            _alias_re=alias_re,
            _generic_re=generic_re,
            _noise=tuple(
                _compile(path, f"credit.noise[{j}]", rx)
                for j, rx in enumerate(_strings(path, "credit.noise", credit.get("noise", [])))
            ),
            _frames=tuple(frames),
            _contrib=tuple(contrib),
            _clause_sep=_compile(
                path,
                "credit.contributor.clause_separator",
                contrib_tbl.get("clause_separator", r"\s*;\s*"),
            ),
            _name_place=_compile(
                path, "credit.contributor.name_place", contrib_tbl.get("name_place", r"(?!x)x")
            ),
            _sep_re=_compile(path, "credit.list.separators", lst.get("separators", r"\s*,\s*")),
            _with_re=_compile(path, "credit.list.with_words", lst.get("with_words", r"\s+with\s+")),
            _photo_after=_compile(
                path, "byline.photo_credit_after", byline.get("photo_credit_after", r"(?!x)x")
            ),
            _photo_before=_compile(
                path, "byline.photo_credit_before", byline.get("photo_credit_before", r"(?!x)x")
            ),
            _trigger_words=frozenset(words),
            _trigger_strings=tuple(strings),
            max_length=int(credit.get("max_length", 200)),
            max_words=int(credit.get("max_words", 40)),
            max_outlet_words=int(lst.get("max_outlet_words", 5)),
        )

    @staticmethod
    def _alias_regex(alias: str) -> str:
        body = re.escape(alias).replace(r"\ ", r"\s+")
        # Word boundaries that also work for aliases starting/ending in non-word characters.
        core = rf"(?<![\w-]){body}(?![\w]|-\w)"
        if alias.isupper() and len(alias) <= _CASE_SENSITIVE_MAX_LEN:
            return core
        return f"(?i:{core})"

    # ------------------------------------------------------------------ lookups
    def canonical(self, name: str) -> str | None:
        """The canonical name for any alias, case-insensitively; None if not an agency."""
        return self._by_key.get(_norm_key(name))

    def is_agency(self, name: str) -> bool:
        return self.canonical(name) is not None

    def find_in_byline(self, text: str) -> list[str]:
        """Agencies named in a byline ("By Jane Doe, Reuters"), never photo credits."""
        found: list[str] = []
        for m in self._alias_re.finditer(text):
            if self._photo_after.match(text, m.end()) or self._photo_before.search(
                text, 0, m.start()
            ):
                continue
            name = self.canonical(m.group())
            if name and name not in found:
                found.append(name)
        return found

    def strip_agencies(self, text: str) -> tuple[list[str], str]:
        """The agencies a byline fragment names, and the fragment without them."""
        found: list[str] = []
        pieces: list[str] = []
        last = 0
        for m in self._alias_re.finditer(text):
            if self._photo_after.match(text, m.end()) or self._photo_before.search(
                text, 0, m.start()
            ):
                continue
            name = self.canonical(m.group())
            if not name:
                continue
            if name not in found:
                found.append(name)
            pieces.append(text[last : m.start()])
            last = m.end()
        if not found:
            return [], text
        pieces.append(text[last:])
        return found, " ".join(p.strip() for p in pieces if p.strip())

    # ------------------------------------------------------------------ credit lines
    def parse_credit_line(self, line: str) -> list[str] | None:
        """Agencies credited by a whole paragraph, [] for a people-only credit, else None."""
        credit = self.parse_credit(line)
        return None if credit is None else credit.agencies

    def parse_credit(self, line: str) -> Credit | None:
        """Like `parse_credit_line`, with the contributors and desk initials as well."""
        if not line or len(line) > self.max_length * 2:
            return None
        text = self._normalise(line)
        if not text or len(text) > self.max_length or text.count(" ") >= self.max_words:
            return None
        if self._trigger_words.isdisjoint(_TOKEN.findall(text.casefold())) and not any(
            s in text for s in self._trigger_strings
        ):
            return None  # names no agency and no credit word: ordinary prose
        for noise in self._noise:
            text = noise.sub(" ", text)
        text = _EDGE_TRAIL.sub("", _WS.sub(" ", text)).strip()
        if not text:
            return None
        for frame in self._frames:
            m = frame.match(text)
            if not m:
                continue
            parsed = self._parse_list(m.group("list"))
            if parsed is None:
                continue
            agencies, initials = parsed
            if "initials" in frame.groupindex and m.group("initials"):
                initials = [*re.split(r"\s*[/,]\s*", m.group("initials")), *initials]
            return Credit(agencies=agencies, initials=initials)
        contributors = self._parse_contributors(text)
        if contributors:
            return Credit(agencies=[], contributors=contributors)
        return None

    @staticmethod
    def _normalise(line: str) -> str:
        text = _WS.sub(" ", line.replace("\u00a0", " ")).strip()
        return _EDGE_TRAIL.sub("", _EDGE_LEAD.sub("", text))

    def _parse_list(self, text: str) -> tuple[list[str], list[str]] | None:
        """Agencies and desk codes if `text` is only an agency list, else None."""
        text = _EDGE_TRAIL.sub("", text.strip())
        result = self._scan(text)
        if result is not None:
            return result
        # "FRANCE 24 with AFP": the outlet's own name, a connector, then the agencies.
        for m in self._with_re.finditer(text):
            outlet = text[: m.start()].strip()
            if not outlet or len(outlet.split()) > self.max_outlet_words:
                break
            rest = self._scan(text[m.end() :])
            if rest is not None and rest[0]:
                return rest
        return None

    def _scan(self, text: str) -> tuple[list[str], list[str]] | None:
        agencies: list[str] = []
        initials: list[str] = []
        pos, n = 0, len(text)
        seen_source = False
        prev_slash = False
        while pos < n:
            m = self._alias_re.match(text, pos)
            if m:
                name = self.canonical(m.group())
                if name and name not in agencies:
                    agencies.append(name)
                seen_source = True
                pos = m.end()
            elif self._generic_re is not None and (g := self._generic_re.match(text, pos)):
                seen_source = True
                pos = g.end()
            elif (d := _DESK_CODE.match(text, pos)) and (
                prev_slash or text.startswith("/", d.end())
            ):
                initials.append(d.group())
                pos = d.end()
            else:
                return None
            if pos >= n:
                break
            s = self._sep_re.match(text, pos)
            if not s or s.end() == pos:
                return None
            prev_slash = "/" in s.group()
            pos = s.end()
        if not seen_source:
            return None
        return agencies, initials

    def _parse_contributors(self, text: str) -> list[str]:
        names: list[str] = []
        for clause in self._clause_sep.split(text):
            clause = clause.strip()
            if not clause:
                continue
            for pat in self._contrib:
                m = pat.match(clause)
                if m:
                    got = self._split_names(m.group("names"))
                    if got is None:
                        return []
                    names.extend(n for n in got if n not in names)
                    break
            else:
                return []  # one clause is not a credit: the line is prose
        return names

    def _split_names(self, text: str) -> list[str] | None:
        out: list[str] = []
        for part in self._sep_re.split(text):
            part = self._name_place.sub("", part.strip()).strip(" .")
            if not part:
                continue
            words = part.split()
            if len(words) > 5 or not all(
                _NAME_WORD.match(w) and (w[0].isupper() or w.lower() in _NAME_PARTICLES)
                for w in words
            ):
                return None
            out.append(part)
        return out or None
