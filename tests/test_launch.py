"""The `clean` entry point starts the fork server early only for local builds."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("args", "local"), [
    (["build"], True),
    (["build", "--raw", "x", "--engine", "local"], True),
    (["build", "--engine=local"], True),
    (["build", "--engine", "dask"], False),
    (["build", "--engine=dask"], False),
    (["build", "--help"], False),
    (["extract", "page.html"], False),
    ([], False),
])
def test_launcher_starts_the_fork_server_only_for_local_builds(args: list[str],
                                                                local: bool) -> None:
    from cleaner.launch import builds_locally

    assert builds_locally(args) is local


DEFAULTS = {"rules_dir": None, "use_rules": True, "max_bytes": None}


@pytest.mark.parametrize(("args", "options"), [
    (["build"], DEFAULTS),
    (["build", "--raw", "x", "--jobs", "2", "--doc-timeout", "5"], DEFAULTS),
    (["build", "--rules", "my-rules/"], {**DEFAULTS, "rules_dir": "my-rules"}),
    (["build", "--rules=./my-rules"], {**DEFAULTS, "rules_dir": "my-rules"}),
    (["build", "--no-rules", "--max-bytes", "1000"],
     {**DEFAULTS, "use_rules": False, "max_bytes": 1000}),
    (["build", "--max-bytes=2000"], {**DEFAULTS, "max_bytes": 2000}),
    (["build", "--max-bytes", "lots"], None),  # the CLI reports it
    (["build", "--rules"], None),
])
def test_extractor_options_read_off_the_arguments(args: list[str], options: dict | None) -> None:
    from cleaner.launch import extractor_options

    assert extractor_options(args) == options


@pytest.mark.parametrize("options", [
    DEFAULTS,
    {"rules_dir": "RULES", "use_rules": True, "max_bytes": 5_000_000},
    {"rules_dir": None, "use_rules": False, "max_bytes": None},
])
def test_the_prewarmed_extractor_is_the_one_a_build_worker_uses(
        options: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    """engine/prewarm.py builds the extractor for the options in $CLEANER_PREWARM under the
    key a worker of that build (any time budget) looks up; other options get their own."""
    import importlib
    import json
    import sys
    from pathlib import Path

    from cleaner.api import default_rules_dir
    from cleaner.engine import local
    from cleaner.engine.server import PREWARM_ENV

    if options["rules_dir"] == "RULES":
        options = {**options, "rules_dir": str(Path(default_rules_dir()))}
    monkeypatch.setenv(PREWARM_ENV, json.dumps(options))
    local._state.__dict__.pop("extractors", None)
    sys.modules.pop("cleaner.engine.prewarm", None)
    importlib.import_module("cleaner.engine.prewarm")
    (built,) = local._state.extractors.values()
    # What build() makes of the same options (cleaner/build.py), with a time budget.
    build_config = local.WorkerConfig(rules_dir=options["rules_dir"],
                                      use_rules=options["use_rules"],
                                      max_bytes=options["max_bytes"], doc_timeout=60.0)
    assert local.load_extractor(build_config) is built
    other = local.WorkerConfig(rules_dir=options["rules_dir"],
                               use_rules=not options["use_rules"])
    assert local.load_extractor(other) is not built


def test_python_dash_m_cleaner_runs_the_clean_command() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "cleaner", "--help"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0 and "build" in done.stdout
