"""Fixtures: tests never touch the real user cache or pager, and can run the real program
(helpers.py holds what tests import)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import Invoke, invoke_talks

# Variables a person may have exported that change what talks does (COLUMNS and LINES win over
# the width a test gives its terminal; LESS changes what a pager shows).
SET_BY_THE_USER = (
    *("TALKS_DATA", "TALKS_DEBUG", "NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "TERM"),
    *("PAGER", "LESS", "COLUMNS", "LINES", "PYTHONIOENCODING", "_TALKS_COMPLETE"),
)


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the cache at a fresh folder, and clear variables that change talks's behaviour: a
    test that wants one (a width, a pager) sets it itself, so the suite passes whatever the
    person running it has exported (COLUMNS, LINES, PAGER…)."""
    cache_home = tmp_path_factory.mktemp("cache-home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    for name in SET_BY_THE_USER:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TALKS_PAGER", "")  # no pager: a test reads what a terminal would show
    return cache_home / "talks"


@pytest.fixture
def talks() -> Invoke:
    """Run talks in-process, with stdout and stderr kept apart."""
    return invoke_talks


@pytest.fixture
def run_talks(isolated_cache: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the real program in a subprocess (python -m talks_cli), as a user's shell would."""

    def run(
        *args: str, env: dict[str, str] | None = None, **kwargs: object
    ) -> subprocess.CompletedProcess[str]:
        full_env = {**os.environ, "XDG_CACHE_HOME": str(isolated_cache.parent), **(env or {})}
        return subprocess.run(  # type: ignore[call-overload, no-any-return]
            [sys.executable, "-m", "talks_cli", *args],
            check=False,
            capture_output=True,
            text=True,
            env=full_env,
            timeout=60,
            **kwargs,
        )

    return run
