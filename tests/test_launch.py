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
