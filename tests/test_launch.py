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


@pytest.mark.parametrize(("args", "default"), [
    (["build"], True),
    (["build", "--raw", "x", "--jobs", "2", "--doc-timeout", "5"], True),
    (["build", "--rules", "my-rules"], False),
    (["build", "--rules=my-rules"], False),
    (["build", "--no-rules"], False),
    (["build", "--max-bytes", "1000"], False),
])
def test_prewarm_only_for_the_default_extractor(args: list[str], default: bool) -> None:
    from cleaner.launch import uses_default_extractor

    assert uses_default_extractor(args) is default


def test_the_prewarmed_extractor_is_the_one_a_default_build_worker_uses() -> None:
    """engine/prewarm.py builds the extractor under the key a worker of a default build
    (any time budget) looks up; another configuration gets its own."""
    import importlib
    import sys

    from cleaner.engine import local

    local._state.__dict__.pop("extractors", None)
    sys.modules.pop("cleaner.engine.prewarm", None)
    importlib.import_module("cleaner.engine.prewarm")
    (built,) = local._state.extractors.values()
    build_config = local.WorkerConfig(rules_dir=None, use_rules=True, max_bytes=None,
                                      doc_timeout=60.0)
    assert local.load_extractor(build_config) is built
    assert local.load_extractor(local.WorkerConfig(rules_dir=None, use_rules=False)) is not built


def test_python_dash_m_cleaner_runs_the_clean_command() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "cleaner", "--help"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0 and "build" in done.stdout
