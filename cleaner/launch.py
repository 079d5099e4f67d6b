"""The `clean` command's entry point, light enough to act before the CLI's own imports.

`clean build` (local engine) needs its workers' fork server, whose imports (lxml, numpy,
the extractor's modules, langdetect's profiles: ~0.35 s) are the longest step before the
first page. Started here, before typer and the CLI load (~0.1 s), the server's imports
begin that much earlier and overlap with all of the main process's start-up
(bench/speed.py, 2026-12-02). Every other command goes straight to the CLI.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any


def main() -> None:
    args = sys.argv[1:]
    if builds_locally(args):
        from cleaner.engine.server import PREWARM_ENV, start_server

        options = extractor_options(args)
        if options is not None:
            os.environ[PREWARM_ENV] = json.dumps(options)
        start_server(prewarm=options is not None)
    from cleaner.cli import main as cli_main

    cli_main()


def builds_locally(args: list[str]) -> bool:
    """Whether these arguments run `clean build` on the local engine (the default). A
    wrong guess costs nothing but an idle server: the CLI still parses the arguments."""
    if not args or args[0] != "build" or "--help" in args:
        return False
    for index, arg in enumerate(args):
        if arg == "--engine" and index + 1 < len(args):
            return args[index + 1] == "local"
        if arg.startswith("--engine="):
            return arg.partition("=")[2] == "local"
    return True


def extractor_options(args: list[str]) -> dict[str, Any] | None:
    """The options the build's workers build their extractor from, as engine/prewarm.py
    takes them (rules_dir as build() writes it, use_rules, max_bytes), or None when they
    cannot be read off the arguments (then each worker builds its own, as before)."""
    options: dict[str, Any] = {"rules_dir": None, "use_rules": True, "max_bytes": None}
    index = 1
    while index < len(args):
        arg = args[index]
        name, has_value, value = arg.partition("=")
        if name in ("--rules", "--max-bytes"):
            if not has_value:
                if index + 1 >= len(args):
                    return None
                index += 1
                value = args[index]
            if name == "--rules":
                options["rules_dir"] = str(Path(value))
            else:
                try:
                    options["max_bytes"] = int(value)
                except ValueError:
                    return None  # the CLI reports it
        elif arg == "--no-rules":
            options["use_rules"] = False
        index += 1
    return options
