"""The `clean` command line: a typer app and nothing else; every command calls into the
library. Heavy imports happen inside the commands so `clean --help` starts fast."""

from __future__ import annotations

import contextlib
import json
import logging
import os
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
    raw: str = typer.Option("corpus_raw", "--raw", help="Input directory or fsspec URL."),
    out: str = typer.Option("corpus_clean", "--out", help="Output directory or fsspec URL."),
    rules: Optional[Path] = typer.Option(None, "--rules", help="Rules directory (default: rules/)."),
    no_rules: bool = typer.Option(False, "--no-rules", help="Generic heuristics only."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (0: all cores)."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when any page is rejected."),
    engine: str = typer.Option("local", "--engine", help="local (process pool) or dask."),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", help="dask scheduler address, tcp://host:8786 (default: "
                                  "start a LocalCluster)."),
    full: bool = typer.Option(False, "--full", help="Reprocess every input (ignore the cache)."),
    dedup: str = typer.Option("mark", "--dedup",
                              help="mark duplicates (duplicate_of), drop them, or off."),
    near_threshold: float = typer.Option(0.8, "--near-threshold",
                                         help="MinHash Jaccard for a near duplicate."),
    cluster_threshold: float = typer.Option(
        0.3, "--cluster-threshold", help="Share of the shorter text's 5-grams for a wire cluster."),
    shard_size: int = typer.Option(10_000, "--shard-size", help="Records per corpus shard."),
    compress: str = typer.Option("none", "--compress", help="Shard compression: none, gz, zst."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress and no summary."),
    progress: str = typer.Option("auto", "--progress",
                                 help="auto, rich, plain, jsonl (JSON lines on stderr) or none."),
    doc_timeout: float = typer.Option(60.0, "--doc-timeout",
                                      help="Seconds per page before it is rejected (0: none)."),
    max_bytes: Optional[int] = typer.Option(None, "--max-bytes",
                                            help="Largest page in bytes (default: 20 MB)."),
    max_duplicate_share: float = typer.Option(
        0.8, "--max-duplicate-share",
        help="Stop (keeping the previous corpus) when dedup marks more than this share."),
) -> None:
    """Build the corpus: every page under --raw becomes a record in --out."""
    _setup_logging()
    if engine == "local":
        from cleaner.engine.server import start_server

        start_server()  # first: its imports overlap with ours
    from cleaner.build import build as run_build
    from cleaner.engine.local import WorkerStartError
    from cleaner.errors import RuleError
    from cleaner.writer import OutputDirError

    try:
        report = run_build(raw=raw, out=out, rules_dir=rules, use_rules=not no_rules,
                           jobs=jobs or None, engine=engine, scheduler=scheduler, full=full,
                           dedup=dedup, near_threshold=near_threshold,
                           cluster_threshold=cluster_threshold, shard_size=shard_size,
                           compress=compress, quiet=quiet, doc_timeout=doc_timeout or None,
                           max_bytes=max_bytes, max_duplicate_share=max_duplicate_share,
                           progress=progress)
    except RuleError as exc:
        _fail(f"rule file {exc}")
        return
    except (OutputDirError, FileNotFoundError, ValueError, WorkerStartError) as exc:
        _fail(str(exc))
        return
    if strict and report.get("rejected_total", 0):
        raise typer.Exit(1)


# ---- extract / explain --------------------------------------------------------------------
def _stdin_bytes() -> bytes:
    """The page piped in (`curl -s URL | clean extract - --url URL`), gunzipped when it is
    gzip, within the same size limit as a file."""
    from cleaner.sources import read_stream_bytes

    return read_stream_bytes(sys.stdin.buffer, "<stdin>")


@app.command()
def extract(
    file: Path = typer.Argument(..., dir_okay=False,
                                help="An HTML file (or .gz, .mhtml, .webarchive); - reads "
                                     "standard input."),
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
    piped = str(file) == "-"
    try:
        data = _stdin_bytes() if piped else read_file_bytes(file)
    except FileNotFoundError:
        _fail(f"{file}: no such file")
        return
    except OSError as exc:
        _fail(f"{file}: {exc}")
        return
    except ValueError as exc:
        _fail(f"{file}: {exc}", 1)
        return
    source = "<stdin>" if piped else file.name
    result = extractor.explain(RawDoc(source=source, data=data, url=url))
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
    fetched: Optional[str] = typer.Option(
        None, "--fetched", help="Fetch date (ISO); picks the rule version [default: newest]."),
) -> None:
    """Show what each rule and heuristic removed and why, and where metadata came from."""
    _setup_logging()
    from cleaner.explain import explain_file

    code = explain_file(file, url=url, use_rules=not no_rules, rules_dir=rules,
                        html_path=html_report, fetched=fetched)
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


# ---- rules (section owned by cleaner/ruletools.py and cleaner/scaffold.py) ----------------
_RULES_OPT = typer.Option(None, "--rules", help="Rules directory [default: rules/].")
_FIXTURES_OPT = typer.Option(None, "--fixtures",
                             help="Fixtures directory [default: tests/fixtures/].")


def _rule_dirs(rules: Optional[Path], fixtures: Optional[Path]) -> tuple[Path, Path]:
    from cleaner.api import default_rules_dir
    from cleaner.ruletools import default_fixtures_dir

    return rules or default_rules_dir(), fixtures or default_fixtures_dir()


@rules_app.command("new")
def rules_new(
    domain: str = typer.Argument(..., help="The site's domain, e.g. example.com."),
    page: Path = typer.Option(..., "--from", exists=True, dir_okay=False,
                              help="A saved article page of the site (.html or .html.gz)."),
    url: Optional[str] = typer.Option(None, "--url", help="The page's URL [default: its canonical link]."),
    fetched: Optional[str] = typer.Option(None, "--fetched", help="When the page was saved, "
                                          "YYYY-MM-DD [default: today]."),
    rules: Optional[Path] = _RULES_OPT,
    fixtures: Optional[Path] = _FIXTURES_OPT,
    force: bool = typer.Option(False, "--force", help="Overwrite an existing rule file."),
    no_snapshot: bool = typer.Option(False, "--no-snapshot", help="Do not write the snapshot."),
) -> None:
    """Write rules/DOMAIN.toml suggested by the page, its fixture and first snapshot."""
    _setup_logging()
    from cleaner.errors import RuleError
    from cleaner.scaffold import ScaffoldError, new_rule, print_new_rule

    rules_dir, fixtures_dir = _rule_dirs(rules, fixtures)
    try:
        made = new_rule(domain, page, url=url, fetched=fetched, rules_dir=rules_dir,
                        fixtures_dir=fixtures_dir, force=force, snapshot=not no_snapshot)
    except (ScaffoldError, RuleError, ValueError, OSError) as exc:
        _fail(str(exc))
        return
    raise typer.Exit(print_new_rule(made))


@rules_app.command("fixture")
def rules_fixture(
    rule: str = typer.Argument(..., help="The rule: file name (dw) or one of its domains."),
    page: Path = typer.Option(..., "--from", exists=True, dir_okay=False,
                              help="A saved page of the site (.html or .html.gz)."),
    url: Optional[str] = typer.Option(None, "--url", help="The page's URL [default: its canonical link]."),
    fetched: Optional[str] = typer.Option(None, "--fetched", help="When the page was saved, "
                                          "YYYY-MM-DD (picks the version) [default: today]."),
    rules: Optional[Path] = _RULES_OPT,
    fixtures: Optional[Path] = _FIXTURES_OPT,
    no_snapshot: bool = typer.Option(False, "--no-snapshot", help="Do not write the snapshot."),
) -> None:
    """Add a page to a rule's fixtures (every version needs one), with its snapshot."""
    _setup_logging()
    from cleaner.errors import RuleError
    from cleaner.scaffold import ScaffoldError, add_fixture, print_fixture

    rules_dir, fixtures_dir = _rule_dirs(rules, fixtures)
    try:
        made = add_fixture(rule, page, url=url, fetched=fetched, rules_dir=rules_dir,
                           fixtures_dir=fixtures_dir, snapshot=not no_snapshot)
    except (ScaffoldError, RuleError, ValueError, OSError) as exc:
        _fail(str(exc))
        return
    raise typer.Exit(print_fixture(made))


@rules_app.command("check")
def rules_check(rules: Optional[Path] = _RULES_OPT,
                fixtures: Optional[Path] = _FIXTURES_OPT) -> None:
    """Validate every rule file and its fixtures; list every problem; exit 1 on any."""
    _setup_logging()
    from cleaner.ruletools import check_rules, print_check

    rules_dir, fixtures_dir = _rule_dirs(rules, fixtures)
    raise typer.Exit(print_check(check_rules(rules_dir, fixtures_dir), rules_dir))


@rules_app.command("test")
def rules_test(
    rule: Optional[str] = typer.Argument(None, help="Only this rule (file name or domain)."),
    update: bool = typer.Option(False, "--update", help="Accept the current records as the "
                                "new snapshots (review the diff first)."),
    rules: Optional[Path] = _RULES_OPT,
    fixtures: Optional[Path] = _FIXTURES_OPT,
) -> None:
    """Run the fixtures against page.toml and their snapshots, showing diffs."""
    _setup_logging()
    from cleaner.ruletools import discover_fixtures, run_fixture_tests, select_fixtures

    rules_dir, fixtures_dir = _rule_dirs(rules, fixtures)
    chosen = select_fixtures(discover_fixtures(fixtures_dir), rule, rules_dir)
    if not chosen:
        _fail(f"no fixtures{f' for {rule!r}' if rule else ''} under {fixtures_dir}", 1)
        return
    try:
        code, _ = run_fixture_tests([f.id for f in chosen], rules_dir=rules_dir,
                                    fixtures_dir=fixtures_dir, update=update)
    except FileNotFoundError as exc:
        _fail(str(exc))
        return
    if code and not update:
        typer.echo(f"\n'-' is the snapshot, '+' the record now. If the change is intended: "
                   f"clean rules test {rule or ''} --update".replace("  ", " "))
    raise typer.Exit(code)


@rules_app.command("list")
def rules_list(rules: Optional[Path] = _RULES_OPT,
               fixtures: Optional[Path] = _FIXTURES_OPT) -> None:
    """Outlets, domains, versions and fixture counts."""
    from cleaner.ruletools import print_list, summarize

    rules_dir, fixtures_dir = _rule_dirs(rules, fixtures)
    raise typer.Exit(print_list(summarize(rules_dir, fixtures_dir)))


@rules_app.command("drift")
def rules_drift(
    raw: Path = typer.Argument(..., help="A directory of raw pages (as for `clean build`)."),
    rules: Optional[Path] = _RULES_OPT,
) -> None:
    """Report rules whose selectors no longer match their domains' pages (exit 1 if any)."""
    _setup_logging()
    from cleaner.errors import RuleError
    from cleaner.ruletools import drift, print_drift

    rules_dir, _ = _rule_dirs(rules, None)
    try:
        pages = drift(raw, rules_dir)
    except RuleError as exc:
        _fail(f"rule file {exc}")
        return
    except FileNotFoundError as exc:
        _fail(str(exc))
        return
    raise typer.Exit(print_drift(pages))


def main() -> None:
    _never_fail_on_output_encoding()
    try:
        app()
    except SystemExit as done:
        _exit_now(done.code)


def _exit_now(code: object) -> None:
    """Exit without the interpreter's teardown. A command has closed every file it wrote
    by the time it returns; what teardown would add is freeing every object and module one
    by one (numpy, scipy, lxml, the build's tables): 0.13 s at the end of a 181-page build
    (bench/speed.py, 2026-12-01). Streams and logs are flushed first."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # SystemExit("message"): Python prints it and exits with 1
        print(code, file=sys.stderr)
        status = 1
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(status)


def _never_fail_on_output_encoding() -> None:
    """A terminal whose encoding cannot show a character (cp932, cp1252, ASCII under LANG=C)
    must not crash `clean extract` on an emoji: unencodable characters print as escapes
    there. Files and pipes get what the locale gives; set PYTHONIOENCODING=utf-8 for UTF-8
    (the corpus files themselves are always written as UTF-8)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.encoding or "").lower().replace("-", "") != "utf8":
            reconfigure(errors="backslashreplace")


if __name__ == "__main__":
    main()
