"""The `clean` command's entry point, light enough to act before the CLI's own imports.

`clean build` (local engine) needs its workers' fork server, whose imports (lxml, numpy,
the extractor's modules, langdetect's profiles: ~0.35 s) are the longest step before the
first page. Started here, before typer and the CLI load (~0.1 s), the server's imports
begin that much earlier and overlap with all of the main process's start-up
(bench/speed.py, 2026-12-02). Every other command goes straight to the CLI.
"""

from __future__ import annotations

import sys


def main() -> None:
    args = sys.argv[1:]
    if builds_locally(args):
        from cleaner.engine.server import start_server

        start_server(prewarm=uses_default_extractor(args))
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


# Options that change what the workers' extractor is built from.
_EXTRACTOR_OPTIONS = ("--rules", "--no-rules", "--max-bytes")


def uses_default_extractor(args: list[str]) -> bool:
    """Whether the build's workers use the extractor of the default rules and limits (then
    the fork server builds it once for all of them: engine/prewarm.py)."""
    return not any(arg == option or arg.startswith(option + "=")
                   for arg in args for option in _EXTRACTOR_OPTIONS)
