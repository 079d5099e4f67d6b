"""Quality gate: cleaner's no-rules scores on the vendored eval data must stay at their floors.

``bench/floors.toml`` pins, for ``--no-rules`` extraction on ``bench/data/scrapinghub``:

* ``f1``, ``precision``, ``recall``: the floors (scores rounded DOWN to 3 decimals);
* ``data_sha256``: a hash of the eval data the floors were measured on (see
  :func:`data_sha256`). Changing the data without re-pinning fails the gate.

Commands::

    python -m cleaner.evaluation.gate            # check; exit 1 with the problems
    python -m cleaner.evaluation.gate --pin      # set floors to the current scores
    python -m cleaner.evaluation.gate --pin --allow-lower --reason "why"   # may lower

``--pin`` raises floors freely (a normal commit) but refuses to lower any of them unless
``--allow-lower`` and a ``--reason`` are given; the reason and the date are written into the
floors file (``lowered_reason``, ``lowered_on`` and a ``[[lowering]]`` history entry).
``--pin --raise-only`` keeps a floor that the current score is below and raises the others.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import sys
import tomllib
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

from cleaner.evaluation.text import DEFAULT_DATA_DIR, DEFAULT_RULES_DIR, REPO_ROOT, Scores

DEFAULT_FLOORS = REPO_ROOT / "bench" / "floors.toml"
METRICS = ("f1", "precision", "recall")
_EXCLUDED_NAMES = {"README.md"}


def data_sha256(data_dir: str | Path) -> str:
    """SHA-256 over the eval data: every regular file under `data_dir` (recursively), in
    sorted order of its relative POSIX path, as ``path NUL sha256(content) LF``. Hidden files
    (a name starting with ".") and the top-level README.md (documentation) are left out."""
    data_dir = Path(data_dir)
    files = []
    for p in data_dir.rglob("*"):
        rel = p.relative_to(data_dir)
        if not p.is_file() or any(part.startswith(".") for part in rel.parts):
            continue
        if len(rel.parts) == 1 and rel.name in _EXCLUDED_NAMES:
            continue
        files.append((rel.as_posix(), p))
    if not files:
        raise FileNotFoundError(f"{data_dir}: no eval data files")
    h = hashlib.sha256()
    for rel, p in sorted(files):
        h.update(rel.encode("utf-8") + b"\0")
        h.update(hashlib.sha256(p.read_bytes()).hexdigest().encode("ascii") + b"\n")
    return h.hexdigest()


def floor3(x: float) -> float:
    """Round down to 3 decimals, exactly (0.97 stays 0.97, 0.9719 -> 0.971)."""
    return float(Decimal(repr(x)).quantize(Decimal("0.001"), rounding=ROUND_FLOOR))


@dataclass
class Floors:
    f1: float = 0.0
    precision: float = 0.0
    recall: float = 0.0
    data_sha256: str = ""
    data_dir: str = "bench/data/scrapinghub"
    pinned_on: str = ""
    lowered_reason: str = ""
    lowered_on: str = ""
    lowering: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def load(cls, path: str | Path) -> Floors:
        with open(path, "rb") as f:
            d = tomllib.load(f)
        missing = [k for k in (*METRICS, "data_sha256") if k not in d]
        if missing:
            raise ValueError(f"{path}: missing key(s) {', '.join(missing)}")
        known = {k: d[k] for k in cls.__dataclass_fields__ if k in d}
        return cls(**known)

    def dump(self) -> str:
        def q(s: str) -> str:
            return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'

        lines = [
            f"# Quality floors: `clean build --no-rules` scored on the vendored pages in {self.data_dir}",
            "# with the ScrapingHub benchmark's metric (cleaner/evaluation/text.py). Checked in CI",
            "# by tests/test_quality_gate.py (python -m cleaner.evaluation.gate --floors FILE",
            "# --data DIR). Raise: the same with --pin (a normal commit).",
            '# Lower: only with --pin --allow-lower --reason "..."  (recorded below).',
            "# data_sha256: see cleaner.evaluation.gate.data_sha256; re-pin when the data changes.",
            "",
            f"f1 = {self.f1:.3f}",
            f"precision = {self.precision:.3f}",
            f"recall = {self.recall:.3f}",
            f"data_dir = {q(self.data_dir)}",
            f"data_sha256 = {q(self.data_sha256)}",
            f"pinned_on = {q(self.pinned_on)}",
        ]
        if self.lowered_reason:
            lines.append(f"lowered_reason = {q(self.lowered_reason)}")
            lines.append(f"lowered_on = {q(self.lowered_on)}")
        for entry in self.lowering:
            lines.append("")
            lines.append("[[lowering]]")
            for k, v in entry.items():
                lines.append(f"{k} = {q(v) if isinstance(v, str) else repr(float(v))}")
        return "\n".join(lines) + "\n"


def score_no_rules(
    data_dir: str | Path, rules_dir: str | Path | None = DEFAULT_RULES_DIR
) -> Scores:
    from cleaner.evaluation.text import run_eval

    return run_eval(data_dir, rules_dir, use_rules=False)


def problems_for(floors: Floors, data_dir: str | Path, scores: Scores | None) -> list[str]:
    """Compare: data hash, then each metric against its floor, then page errors."""
    problems = []
    if not floors.pinned_on:
        problems.append(
            "floors were never pinned (no pinned_on): run "
            "`python -m cleaner.evaluation.gate --pin` and commit bench/floors.toml"
        )
    actual = data_sha256(data_dir)
    if actual != floors.data_sha256:
        problems.append(
            f"eval data changed without re-pinning: {data_dir} hashes to {actual[:16]}…, "
            f"floors were pinned on {floors.data_sha256[:16]}… "
            "(run `python -m cleaner.evaluation.gate --pin` if the change is intended)"
        )
    if scores is not None:
        for m in METRICS:
            got, floor = getattr(scores, m), getattr(floors, m)
            if got < floor:
                problems.append(f"{m} {got:.4f} is below its floor {floor:.3f}")
        if scores.errors:
            sample = "; ".join(f"{k[:16]}: {v}" for k, v in sorted(scores.errors.items())[:3])
            problems.append(f"{len(scores.errors)} page(s) raised an exception: {sample}")
    return problems


def check(
    floors_path: str | Path = DEFAULT_FLOORS,
    data_dir: str | Path = DEFAULT_DATA_DIR,
    rules_dir: str | Path | None = DEFAULT_RULES_DIR,
    *,
    scores: Scores | None = None,
) -> list[str]:
    """The gate's problems (empty list = pass). Scores cleaner without rules unless `scores`
    is given."""
    floors = Floors.load(floors_path)
    if scores is None:
        scores = score_no_rules(data_dir, rules_dir)
    return problems_for(floors, data_dir, scores)


def pin(
    floors_path: str | Path,
    data_dir: str | Path,
    scores: Scores,
    *,
    allow_lower: bool = False,
    reason: str = "",
    raise_only: bool = False,
    today: str | None = None,
) -> tuple[bool, list[str]]:
    """Rewrite the floors to the current scores (rounded down). Returns (written, messages).
    Refuses to lower a floor without `allow_lower` and a non-empty `reason`."""
    today = today or dt.date.today().isoformat()
    floors_path = Path(floors_path)
    old = Floors.load(floors_path) if floors_path.exists() else None
    new_values = {m: floor3(getattr(scores, m)) for m in METRICS}
    msgs: list[str] = []
    lowered = {}
    if old is not None:
        for m in METRICS:
            before = getattr(old, m)
            if new_values[m] < before:
                if raise_only:
                    new_values[m] = before
                    msgs.append(f"{m}: kept at {before:.3f} (current {getattr(scores, m):.4f})")
                else:
                    lowered[m] = (before, new_values[m])
    if lowered and not (allow_lower and reason.strip()):
        what = ", ".join(f"{m} {a:.3f} -> {b:.3f}" for m, (a, b) in lowered.items())
        msgs.append(
            f"refusing to lower floor(s): {what}. Fix the regression, or pass "
            '--allow-lower --reason "..." to record why lowering is right.'
        )
        return False, msgs
    if scores.errors:
        msgs.append(f"refusing to pin: {len(scores.errors)} page(s) raised an exception")
        return False, msgs
    floors = Floors(
        **new_values,
        data_sha256=data_sha256(data_dir),
        data_dir=_display_path(data_dir),
        pinned_on=today,
    )
    if old is not None:
        floors.lowering = list(old.lowering)
        floors.lowered_reason, floors.lowered_on = old.lowered_reason, old.lowered_on
        if old.data_sha256 != floors.data_sha256:
            msgs.append("eval data hash changed: re-pinned on the new data")
    if lowered:
        floors.lowered_reason, floors.lowered_on = reason.strip(), today
        entry: dict[str, Any] = {"date": today, "reason": reason.strip()}
        for m, (a, b) in lowered.items():
            entry[f"{m}_from"], entry[f"{m}_to"] = a, b
        floors.lowering.append(entry)
    floors_path.parent.mkdir(parents=True, exist_ok=True)
    floors_path.write_text(floors.dump(), encoding="utf-8")
    for m in METRICS:
        before = f"{getattr(old, m):.3f}" if old else "-"
        msgs.append(f"{m}: {before} -> {getattr(floors, m):.3f} (score {getattr(scores, m):.4f})")
    return True, msgs


def _display_path(p: str | Path) -> str:
    p = Path(p).resolve()
    return p.relative_to(REPO_ROOT).as_posix() if p.is_relative_to(REPO_ROOT) else str(p)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m cleaner.evaluation.gate",
        description="Check (or pin) the no-rules quality floors.",
    )
    ap.add_argument("--floors", type=Path, default=DEFAULT_FLOORS)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR)
    ap.add_argument("--rules-dir", type=Path, default=DEFAULT_RULES_DIR)
    ap.add_argument("--pin", action="store_true", help="set the floors to the current scores")
    ap.add_argument("--allow-lower", action="store_true", help="with --pin: may lower a floor")
    ap.add_argument("--reason", default="", help="with --allow-lower: why (recorded)")
    ap.add_argument(
        "--raise-only",
        action="store_true",
        help="with --pin: keep floors the scores are below, raise the others",
    )
    args = ap.parse_args(argv)
    if args.allow_lower and not args.reason.strip():
        ap.error("--allow-lower needs --reason")

    scores = score_no_rules(args.data, args.rules_dir)
    line = (
        f"no-rules on {args.data}: F1 {scores.f1:.4f}  P {scores.precision:.4f}  "
        f"R {scores.recall:.4f}  ({scores.n_pages} pages, {scores.seconds:.1f}s)"
    )
    print(line)
    if args.pin:
        ok, msgs = pin(
            args.floors,
            args.data,
            scores,
            allow_lower=args.allow_lower,
            reason=args.reason,
            raise_only=args.raise_only,
        )
        print("\n".join(msgs))
        if ok:
            print(f"wrote {args.floors}")
        return 0 if ok else 1
    if not args.floors.exists():
        print(f"error: {args.floors} does not exist; create it with --pin", file=sys.stderr)
        return 2
    problems = check(args.floors, args.data, args.rules_dir, scores=scores)
    if problems:
        print("quality gate FAILED:\n" + "\n".join(f"- {p}" for p in problems))
        return 1
    floors = Floors.load(args.floors)
    print(
        f"quality gate passed (floors F1 {floors.f1:.3f}, P {floors.precision:.3f}, "
        f"R {floors.recall:.3f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
