"""The `clean` command line: a typer app and nothing else; every command calls into the
library. Heavy imports happen inside the commands so `clean --help` starts fast."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn raw news HTML into a clean, deduplicated, metadata-rich JSONL corpus.")
rules_app = typer.Typer(no_args_is_help=True, help="Create, check and test site rules.")
app.add_typer(rules_app, name="rules")


def _setup_logging(verbose: bool = False) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def _fail(message: str, code: int = 2) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


# ---- build (section owned by the builder: cleaner/build.py) --------------------------------
@app.command()
def build(
    raw: Path = typer.Option(Path("corpus_raw"), "--raw", help="Input directory (or fsspec URL)."),
    out: Path = typer.Option(Path("corpus_clean"), "--out", help="Output directory."),
    rules: Optional[Path] = typer.Option(None, "--rules", help="Rules directory [default: rules/]."),
    no_rules: bool = typer.Option(False, "--no-rules", help="Generic heuristics only."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes [default: all cores]."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when any page is rejected."),
) -> None:
    """Build the corpus: every page under --raw becomes a record in --out."""
    _setup_logging()
    from cleaner.build import build as run_build
    from cleaner.errors import RuleError

    try:
        report = run_build(raw=raw, out=out, rules_dir=rules, use_rules=not no_rules,
                           jobs=jobs or None)
    except RuleError as exc:
        _fail(f"rule file {exc}")
        return
    if strict and report.get("rejected_total", 0):
        raise typer.Exit(1)


# ---- extract / explain --------------------------------------------------------------------
@app.command()
def extract(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="An HTML file (or .gz)."),
    url: Optional[str] = typer.Option(None, "--url", help="The page's URL (picks the rule)."),
    no_rules: bool = typer.Option(False, "--no-rules", help="Generic heuristics only."),
    as_json: bool = typer.Option(False, "--json", help="Print the whole record as JSON."),
    rules: Optional[Path] = typer.Option(None, "--rules", help="Rules directory."),
) -> None:
    """Extract one page: its text, or with --json its whole record."""
    _setup_logging()
    from cleaner.api import Extractor, RawDoc
    from cleaner.errors import RuleError
    from cleaner.sources import read_file_bytes

    try:
        extractor = Extractor.load(rules, use_rules=not no_rules)
    except RuleError as exc:
        _fail(f"rule file {exc}")
        return
    try:
        data = read_file_bytes(file)
    except OSError as exc:
        _fail(f"{file}: {exc}")
        return
    except ValueError as exc:
        _fail(f"{file}: {exc}", 1)
        return
    result = extractor.explain(RawDoc(source=file.name, data=data, url=url))
    if result.record is None:
        _fail(f"{file}: rejected ({result.reason}): {result.detail}", 1)
        return
    if as_json:
        typer.echo(json.dumps(result.record, ensure_ascii=False, indent=2))
    else:
        typer.echo(result.record["text"])


@app.command()
def explain(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="An HTML file (or .gz)."),
    url: Optional[str] = typer.Option(None, "--url", help="The page's URL (picks the rule)."),
    no_rules: bool = typer.Option(False, "--no-rules", help="Generic heuristics only."),
    html_report: Optional[Path] = typer.Option(None, "--html", help="Write an HTML report."),
    rules: Optional[Path] = typer.Option(None, "--rules", help="Rules directory."),
) -> None:
    """Show what each rule and heuristic removed and why, and where metadata came from."""
    _setup_logging()
    from cleaner.explain import explain_file

    code = explain_file(file, url=url, use_rules=not no_rules, rules_dir=rules,
                        html_path=html_report)
    raise typer.Exit(code)


# ---- eval ---------------------------------------------------------------------------------
@app.command(name="eval", context_settings={"allow_extra_args": True,
                                            "ignore_unknown_options": True})
def eval_(ctx: typer.Context,
          metadata: bool = typer.Option(False, "--metadata", help="Score metadata instead.")) -> None:
    """Score extraction on a gold set (text: F1/P/R with and without rules; --metadata:
    title/author/date agreement). Extra arguments go to the evaluator (see --help there)."""
    if metadata:
        from cleaner.evaluation.metadata import main as meta_main

        raise typer.Exit(meta_main(list(ctx.args)))
    from cleaner.evaluation.text import main as text_main

    raise typer.Exit(text_main(list(ctx.args)))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
