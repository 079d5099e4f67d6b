"""Text-quality evaluation: how close cleaner's body text is to a gold text.

The metric is the ScrapingHub article-extraction-benchmark's own (its ``evaluate.py``), so our
figures sit beside the ones published for other extractors:

* a text is split into tokens with ``re.findall(r"\\w+", text)`` (Unicode ``\\w``, **case
  kept**: the benchmark does not lowercase, ``Apple`` and ``apple`` differ);
* the tokens become word 4-gram shingles (tuples of 4 consecutive tokens). A text of 1 to 3
  tokens gives one shingle, the whole token tuple; an empty text (no token) gives none;
* per page, true positives, false positives and false negatives are counted on the shingle
  *multisets* (a paragraph emitted twice costs false positives), then normalised to sum 1
  so that long pages do not weigh more;
* page precision = tp / (tp + fp), page recall = tp / (tp + fn), with the benchmark's edge
  rules: a perfect page (fp == fn == 0) scores 1 for both;
* precision is averaged over the pages whose prediction has at least one shingle, recall over
  the pages whose gold has at least one shingle, and F1 is the harmonic mean of those two
  averages (not the mean of per-page F1s);
* accuracy is the share of pages whose token sequence equals the gold's exactly.

Edge cases (the benchmark's behaviour, kept so figures stay comparable):

* an **empty prediction** (nothing extracted, or the page was dropped) is *left out of the
  precision average* and counts recall 0. It therefore costs recall only; the report shows
  how many pages were empty so that this cannot hide;
* an empty gold is left out of the recall average (and, with an empty prediction too, out of
  both averages); a non-empty prediction for it scores precision 0;
* if no page at all enters an average (e.g. every prediction is empty), that average is 0
  (the benchmark would crash);
* a gold id missing from the predictions is scored as an empty prediction; a predicted id
  that is not in the gold is an error (``ValueError``).

Gold sets:

* the ScrapingHub layout (:func:`load_scrapinghub`): ``ground-truth.json`` mapping an id to
  ``{"url", "articleBody"}`` and ``html/<id>.html.gz``;
* a directory of page + expected text pairs (:func:`load_pairs`): ``<name>.html`` with
  ``<name>.txt``, or ``<name>/source.html`` with ``<name>/expected.txt``; an optional
  ``<name>.url`` / ``<name>/url.txt`` gives the page URL.

Run ``python -m cleaner.evaluation.text [DATA_DIR] [--worst 10]``; ``main(argv)`` is what
``clean eval`` calls.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NGRAM_N = 4
_TOKEN_RE = re.compile(r"\w+")

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA_DIR = REPO_ROOT / "bench" / "data" / "scrapinghub"
DEFAULT_RULES_DIR = REPO_ROOT / "rules"

Shingle = tuple[str, ...]


# --------------------------------------------------------------------------- metric


def tokenize(text: str | None) -> list[str]:
    """``\\w+`` tokens, case kept (as the benchmark does)."""
    return _TOKEN_RE.findall(text or "")


def shingles(tokens: list[str], n: int = NGRAM_N) -> list[Shingle]:
    """Word n-gram shingles; 1..n-1 tokens give one shingle (the whole tuple), 0 give none."""
    if not tokens:
        return []
    if len(tokens) < n:
        return [tuple(tokens)]
    return [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


def shingle_counts(text: str | None, n: int = NGRAM_N) -> Counter[Shingle]:
    return Counter(shingles(tokenize(text), n))


def tp_fp_fn(gold: str | None, pred: str | None, n: int = NGRAM_N) -> tuple[float, float, float]:
    """Normalised (sum 1, unless all 0) true/false positive and false negative shingle mass."""
    g = shingle_counts(gold, n)
    p = shingle_counts(pred, n)
    tp = fp = fn = 0
    for key in g.keys() | p.keys():
        gc, pc = g.get(key, 0), p.get(key, 0)
        tp += min(gc, pc)
        fp += max(0, pc - gc)
        fn += max(0, gc - pc)
    s = tp + fp + fn
    if s == 0:
        return 0.0, 0.0, 0.0
    return tp / s, fp / s, fn / s


def precision_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def recall_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


@dataclass
class PageScore:
    """One page. ``precision`` is None when the prediction is empty (page left out of the
    precision average), ``recall`` None when the gold is empty (left out of recall)."""

    tp: float
    fp: float
    fn: float
    precision: float | None
    recall: float | None
    exact: bool
    pred_tokens: int
    gold_tokens: int

    @property
    def f1(self) -> float:
        """Per-page F1 (for ranking worst pages only; the headline F1 is not their mean)."""
        if self.tp == self.fp == self.fn == 0:
            return 1.0  # both empty
        if self.tp == 0:
            return 0.0
        return self.tp / (self.tp + 0.5 * (self.fp + self.fn))


@dataclass
class Scores:
    f1: float
    precision: float
    recall: float
    accuracy: float
    pages: dict[str, PageScore]
    n_empty_pred: int = 0
    n_empty_gold: int = 0
    # Filled by run_eval, for the report (not part of the metric):
    predictions: dict[str, str] = field(default_factory=dict, repr=False)
    gold: dict[str, str] = field(default_factory=dict, repr=False)
    urls: dict[str, str | None] = field(default_factory=dict, repr=False)
    errors: dict[str, str] = field(default_factory=dict)
    drops: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    label: str = ""

    @property
    def n_pages(self) -> int:
        return len(self.pages)

    def summary(self) -> dict[str, Any]:
        return {
            "f1": self.f1,
            "precision": self.precision,
            "recall": self.recall,
            "accuracy": self.accuracy,
            "n_pages": self.n_pages,
            "n_empty_pred": self.n_empty_pred,
            "n_drops": len(self.drops),
            "n_errors": len(self.errors),
            "seconds": round(self.seconds, 2),
        }

    def to_json(self) -> dict[str, Any]:
        out = self.summary()
        out["pages"] = {
            pid: {
                "precision": ps.precision,
                "recall": ps.recall,
                "f1": ps.f1,
                "exact": ps.exact,
                "pred_tokens": ps.pred_tokens,
                "gold_tokens": ps.gold_tokens,
            }
            for pid, ps in sorted(self.pages.items())
        }
        out["errors"] = dict(sorted(self.errors.items()))
        out["drops"] = dict(sorted(self.drops.items()))
        return out


def _mean_or_zero(values: list[float]) -> float:
    return statistics.fmean(values) if values else 0.0


def score_pages(pred: Mapping[str, str | None], gold: Mapping[str, str | None]) -> Scores:
    """Score predicted texts against gold texts, keyed by page id (see module docstring)."""
    extra = set(pred) - set(gold)
    if extra:
        raise ValueError(f"{len(extra)} predicted id(s) not in the gold set, e.g. {min(extra)!r}")
    pages: dict[str, PageScore] = {}
    precisions: list[float] = []
    recalls: list[float] = []
    n_exact = n_empty_pred = n_empty_gold = 0
    for pid in gold:
        g_text, p_text = gold[pid] or "", pred.get(pid) or ""
        g_tokens, p_tokens = tokenize(g_text), tokenize(p_text)
        tp, fp, fn = tp_fp_fn(g_text, p_text)
        prec = precision_score(tp, fp, fn) if tp + fp > 0 else None
        rec = recall_score(tp, fp, fn) if tp + fn > 0 else None
        if prec is not None:
            precisions.append(prec)
        if rec is not None:
            recalls.append(rec)
        exact = g_tokens == p_tokens
        n_exact += exact
        n_empty_pred += not p_tokens
        n_empty_gold += not g_tokens
        pages[pid] = PageScore(tp, fp, fn, prec, rec, exact, len(p_tokens), len(g_tokens))
    p = _mean_or_zero(precisions)
    r = _mean_or_zero(recalls)
    f1 = 2 * p * r / (p + r) if p + r > 0 else 0.0
    acc = n_exact / len(gold) if gold else 0.0
    return Scores(f1, p, r, acc, pages, n_empty_pred=n_empty_pred, n_empty_gold=n_empty_gold)


# --------------------------------------------------------------------------- gold sets


@dataclass
class EvalPage:
    id: str
    html: bytes
    gold: str
    url: str | None = None
    charset: str | None = None  # declared encoding of `html`, when the data set states one


def load_scrapinghub(data_dir: str | Path) -> dict[str, EvalPage]:
    """The ScrapingHub benchmark layout. Its pages are UTF-8 (its harness reads them so)."""
    data_dir = Path(data_dir)
    truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    pages: dict[str, EvalPage] = {}
    for pid in sorted(truth):
        path = data_dir / "html" / f"{pid}.html.gz"
        if not path.exists():
            raise FileNotFoundError(f"{path}: listed in ground-truth.json but missing")
        entry = truth[pid]
        pages[pid] = EvalPage(
            id=pid,
            html=gzip.decompress(path.read_bytes()),
            gold=entry.get("articleBody") or "",
            url=entry.get("url"),
            charset="utf-8",
        )
    return pages


def _read_url(path: Path) -> str | None:
    if path.is_file():
        url = path.read_text(encoding="utf-8").strip()
        return url or None
    return None


def load_pairs(data_dir: str | Path) -> dict[str, EvalPage]:
    """Page + expected text pairs: ``<name>.html`` + ``<name>.txt``, or
    ``<name>/source.html`` (or ``source.html.gz``) + ``<name>/expected.txt``. A page without its text (or the
    reverse) is skipped. The HTML is passed as bytes (cleaner detects the encoding)."""
    data_dir = Path(data_dir)
    pages: dict[str, EvalPage] = {}
    for html_path in sorted(data_dir.glob("*.html")):
        txt = html_path.with_suffix(".txt")
        if txt.is_file():
            name = html_path.stem
            pages[name] = EvalPage(
                id=name,
                html=html_path.read_bytes(),
                gold=txt.read_text(encoding="utf-8"),
                url=_read_url(html_path.with_suffix(".url")),
            )
    for sub in sorted(p for p in data_dir.iterdir() if p.is_dir()):
        src, exp = sub / "source.html", sub / "expected.txt"
        if not src.is_file():
            src = sub / "source.html.gz"
        if src.is_file() and exp.is_file():
            if sub.name in pages:
                raise ValueError(f"{data_dir}: page {sub.name!r} given twice")
            data = src.read_bytes()
            pages[sub.name] = EvalPage(
                id=sub.name,
                html=gzip.decompress(data) if src.suffix == ".gz" else data,
                gold=exp.read_text(encoding="utf-8"),
                url=_read_url(sub / "url.txt"),
            )
    return pages


def load_gold_set(data_dir: str | Path) -> tuple[str, dict[str, EvalPage]]:
    """Detect the layout: ``ground-truth.json`` means ScrapingHub, else pairs."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise FileNotFoundError(f"{data_dir}: no such directory")
    if (data_dir / "ground-truth.json").is_file():
        return "scrapinghub", load_scrapinghub(data_dir)
    pages = load_pairs(data_dir)
    if not pages:
        raise ValueError(
            f"{data_dir}: no gold pages (need ground-truth.json + html/, "
            "<name>.html + <name>.txt, or <name>/source.html + <name>/expected.txt)"
        )
    return "pairs", pages


# --------------------------------------------------------------------------- running cleaner


def _make_rawdoc(api: Any, page: EvalPage) -> Any:
    kwargs: dict[str, Any] = {"source": page.id, "data": page.html, "url": page.url}
    if page.charset:
        try:
            return api.RawDoc(**kwargs, charset=page.charset)
        except TypeError:
            pass
    return api.RawDoc(**kwargs)


def predict(
    pages: Mapping[str, EvalPage],
    rules_dir: str | Path | None = DEFAULT_RULES_DIR,
    use_rules: bool = True,
    extractor: Any = None,
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Run cleaner on every page. Returns (texts, drops {id: reason}, errors {id: message}).

    A ``Drop`` counts as an empty text; any other exception too, but it is reported as an
    error (the gate fails on errors)."""
    from cleaner import api
    from cleaner.errors import Drop

    if extractor is None:
        rd = Path(rules_dir) if rules_dir is not None else None
        extractor = api.Extractor.load(rd, use_rules=use_rules)
    texts: dict[str, str] = {}
    drops: dict[str, str] = {}
    errors: dict[str, str] = {}
    for pid, page in pages.items():
        try:
            record = extractor.run(_make_rawdoc(api, page))
            texts[pid] = (record or {}).get("text") or ""
        except Drop as exc:
            texts[pid] = ""
            drops[pid] = getattr(exc, "reason", str(exc))
        except Exception as exc:  # noqa: BLE001 - one broken page must not hide the others
            texts[pid] = ""
            errors[pid] = f"{type(exc).__name__}: {exc}"
    return texts, drops, errors


def evaluate_pages(
    pages: Mapping[str, EvalPage],
    rules_dir: str | Path | None = DEFAULT_RULES_DIR,
    use_rules: bool = True,
) -> Scores:
    t0 = time.perf_counter()
    texts, drops, errors = predict(pages, rules_dir, use_rules)
    scores = score_pages(texts, {pid: p.gold for pid, p in pages.items()})
    scores.seconds = time.perf_counter() - t0
    scores.predictions = texts
    scores.gold = {pid: p.gold for pid, p in pages.items()}
    scores.urls = {pid: p.url for pid, p in pages.items()}
    scores.drops = drops
    scores.errors = errors
    scores.label = "with rules" if use_rules else "without rules"
    return scores


def run_eval(
    data_dir: str | Path = DEFAULT_DATA_DIR,
    rules_dir: str | Path | None = DEFAULT_RULES_DIR,
    use_rules: bool = True,
) -> Scores:
    """Score cleaner on a gold set. With ``use_rules=False`` the rules dir is still passed:
    the generic vocabulary (``_generic.toml``) lives there; only site rules are switched off."""
    _, pages = load_gold_set(data_dir)
    return evaluate_pages(pages, rules_dir, use_rules)


# --------------------------------------------------------------------------- report


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class _ShinglePool:
    """The n-gram multisets (n = 1..4) of one text, built lazily. `take` consumes what it
    finds, so text the other side has once is matched once (multiset, like the metric)."""

    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self._pools: dict[int, Counter[Shingle]] = {}

    def _pool(self, n: int) -> Counter[Shingle]:
        if n not in self._pools:
            t = self.tokens
            self._pools[n] = Counter(tuple(t[i : i + n]) for i in range(len(t) - n + 1))
        return self._pools[n]

    def take(self, paragraph_tokens: list[str]) -> float:
        """Share (0..1) of the paragraph's shingles still available here; consumes them."""
        if not paragraph_tokens:
            return 1.0
        sh = shingles(paragraph_tokens)
        pool = self._pool(len(sh[0]))
        found = 0
        for s in sh:
            if pool[s] > 0:
                pool[s] -= 1
                found += 1
        return found / len(sh)


@dataclass
class PageDiff:
    leaked: list[tuple[str, float]]  # (paragraph of ours, share found in gold)
    lost: list[tuple[str, float]]  # (gold paragraph, share found in ours)
    duplicated: list[str]  # repeats of a paragraph of ours that the gold has fewer times


def diff_page(pred: str, gold: str, threshold: float = 0.5) -> PageDiff:
    """Paragraphs of ours mostly absent from the gold (leaked), gold paragraphs mostly absent
    from ours (lost), and extra copies of a paragraph we emitted more often than the gold has
    it (duplicated; not listed again as leaked). "Mostly": under `threshold` of the
    paragraph's shingles are found on the other side, counting multisets (gold text present
    once covers one copy of ours, and the reverse)."""
    gold_pool, pred_pool = _ShinglePool(gold), _ShinglePool(pred)
    leaked: list[tuple[str, float]] = []
    duplicated: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for para in _paragraphs(pred):
        toks = tokenize(para)
        c = gold_pool.take(toks)
        if c < threshold:
            if toks and tuple(toks) in seen:
                duplicated.append(para)
            else:
                leaked.append((para, c))
        seen.add(tuple(toks))
    lost = [
        (para, c) for para in _paragraphs(gold) if (c := pred_pool.take(tokenize(para))) < threshold
    ]
    return PageDiff(leaked, lost, duplicated)


def _snip(text: str, width: int = 150) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def format_summary(runs: Iterable[Scores]) -> str:
    lines = [
        (
            f"{'':<15} {'F1':>6} {'prec':>6} {'recall':>6} {'acc':>6} "
            f"{'empty':>5} {'drops':>5} {'errors':>6} {'secs':>6}"
        )
    ]
    for s in runs:
        lines.append(
            f"{s.label:<15} {s.f1:6.3f} {s.precision:6.3f} {s.recall:6.3f} {s.accuracy:6.3f} "
            f"{s.n_empty_pred:5d} {len(s.drops):5d} {len(s.errors):6d} {s.seconds:6.1f}"
        )
    return "\n".join(lines)


def format_worst(scores: Scores, n: int = 10, snippets: int = 4) -> str:
    """The n worst pages (per-page F1) with what leaked and what was lost."""
    if n <= 0:
        return ""
    ranked = sorted(scores.pages.items(), key=lambda kv: (kv[1].f1, kv[0]))[:n]
    out = [f"{len(ranked)} worst page(s) ({scores.label}), by page F1:"]
    for rank, (pid, ps) in enumerate(ranked, 1):
        url = scores.urls.get(pid) or ""
        out.append("")
        out.append(
            f"#{rank} {pid[:16]}  F1 {ps.f1:.3f}  P {_fmt(ps.precision)}  R {_fmt(ps.recall)}  "
            f"tokens ours {ps.pred_tokens} / gold {ps.gold_tokens}  {url}"
        )
        if pid in scores.errors:
            out.append(f"   ERROR {scores.errors[pid]}")
        if pid in scores.drops:
            out.append(f"   dropped: {scores.drops[pid]}")
        d = diff_page(scores.predictions.get(pid, ""), scores.gold.get(pid, ""))
        for title, items, sign in (("leaked", d.leaked, "+"), ("lost", d.lost, "-")):
            if not items:
                continue
            ntok = sum(len(tokenize(p)) for p, _ in items)
            out.append(f"   {title}: {len(items)} paragraph(s), {ntok} tokens")
            for para, c in sorted(items, key=lambda pc: -len(tokenize(pc[0])))[:snippets]:
                part = f" ({c:.0%} found)" if c > 0 else ""
                out.append(f"     {sign} {_snip(para)}{part}")
            if len(items) > snippets:
                out.append(f"     … and {len(items) - snippets} more")
        if d.duplicated:
            out.append(f"   duplicated: {len(d.duplicated)} paragraph(s)")
            for para in d.duplicated[:snippets]:
                out.append(f"     = {_snip(para)}")
    return "\n".join(out)


def format_report(runs: list[Scores], data_dir: Path, layout: str, worst: int = 10) -> str:
    n = runs[0].n_pages if runs else 0
    parts = [
        (
            f"data: {data_dir} ({n} pages, {layout} layout); metric: word 4-gram shingles, "
            "P and R averaged per page, F1 = harmonic mean (ScrapingHub benchmark)"
        ),
        format_summary(runs),
        (
            "(empty = pages with an empty text: they count recall 0 and are left out of "
            "precision, as in the benchmark)"
        ),
    ]
    for s in runs:
        if s.errors:
            parts.append(
                f"ERRORS {s.label}: "
                + "; ".join(f"{pid[:16]}: {msg}" for pid, msg in sorted(s.errors.items())[:10])
            )
    if worst and runs:
        target = next((s for s in runs if s.label == "without rules"), runs[0])
        parts.append(format_worst(target, worst))
    return "\n\n".join(p for p in parts if p)


# --------------------------------------------------------------------------- CLI


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m cleaner.evaluation.text",
        description="Score cleaner's body text against a gold set (ScrapingHub metric).",
    )
    ap.add_argument(
        "data_dir",
        nargs="?",
        type=Path,
        default=DEFAULT_DATA_DIR,
        help="gold set: ScrapingHub layout or page+text pairs "
        f"(default: {DEFAULT_DATA_DIR.relative_to(REPO_ROOT)})",
    )
    ap.add_argument(
        "--rules-dir",
        type=Path,
        default=DEFAULT_RULES_DIR,
        help="rules directory (its _generic.toml is used even without rules)",
    )
    ap.add_argument(
        "--mode",
        choices=("both", "rules", "no-rules"),
        default="both",
        help="score with rules, without, or both (default)",
    )
    ap.add_argument(
        "--worst",
        type=int,
        default=10,
        metavar="N",
        help="show the N worst pages of the no-rules run (0: none)",
    )
    ap.add_argument(
        "--json",
        type=Path,
        metavar="PATH",
        help="also write the scores (with per-page figures) as JSON",
    )
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        layout, pages = load_gold_set(args.data_dir)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    modes = {"both": (True, False), "rules": (True,), "no-rules": (False,)}[args.mode]
    try:
        import cleaner.api  # noqa: F401
    except ImportError as exc:
        print(f"error: cleaner.api cannot be imported: {exc}", file=sys.stderr)
        return 2
    runs = [evaluate_pages(pages, args.rules_dir, use_rules=m) for m in modes]
    print(format_report(runs, args.data_dir, layout, args.worst))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "data_dir": str(args.data_dir),
            "layout": layout,
            "runs": {s.label.replace(" ", "_"): s.to_json() for s in runs},
        }
        args.json.write_text(
            json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return 1 if any(s.errors for s in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
