"""Shared fixtures: tests never touch the real user cache, and can run the real program."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from talks_cli.environment import Environment
from talks_cli.main import run

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))  # scripts/terminal.py: the pty runner tests share with the docs
BUNDLED = REPO / "data" / "positions.yaml"
ARTICLE = REPO / "data" / "sources" / "000_a40a122afaa65fb4.txt"
FACTS = REPO / "data" / "sources" / "facts.md"


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the cache at a fresh folder, and clear variables that change talks's behaviour."""
    cache_home = tmp_path_factory.mktemp("cache-home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    for name in ("TALKS_DATA", "TALKS_DEBUG", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return cache_home / "talks"


Invoke = Callable[..., "Result"]


class Result:
    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.exit_code = code
        self.stdout = stdout
        self.stderr = stderr


def invoke_talks(
    *args: str,
    env: dict[str, str] | None = None,
    terminal: bool = False,
    width: int | None = None,
    stdin: str | None = None,
) -> Result:
    """Run talks in-process through its real entry point, `main.run`, with its own streams: a
    terminal `width` columns wide if `terminal`, else a pipe."""
    out, err = io.StringIO(), io.StringIO()
    environment = Environment(
        stdout=out,
        stderr=err,
        variables={**os.environ, **(env or {})},
        stdin=io.StringIO(stdin) if stdin is not None else None,
        is_terminal=terminal,
        terminal_width=width,
    )
    # Typer writes its own help and usage text to sys.stdout and sys.stderr.
    with redirect_stdout(out), redirect_stderr(err):
        code = run(list(args), environment)
    return Result(code, out.getvalue(), err.getvalue())


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


def write_dataset(folder: Path, text: str, name: str = "data.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = """\
schema_version: 2
title: A minimal dataset
sources:
  - {id: src, title: A page, kind: web-page, language: en, url: "https://example.org/a"}
actors:
  - {id: north, name: North, role: party, aliases: [N, Nord]}
  - {id: south, name: South, role: party, aliases: [S, Sud]}
topics:
  - {id: ceasefire, label: Ceasefire, aliases: [cessez-le-feu]}
events:
  - {id: round-1, name: First round, kind: round, date: "2025-01-01", place: Geneva}
records:
  - id: north-wants-truce
    event: round-1
    side: north
    kind: position
    topic: ceasefire
    status: demanded
    summary: North wants a truce.
    quote: null
    source: src
    locator: page 1
  - id: south-refuses-truce
    event: round-1
    side: south
    kind: position
    topic: ceasefire
    status: rejected
    summary: South refuses a truce.
    quote: null
    source: src
    locator: page 1
"""


BORDERS = "│┃|"


def overlong(screen: str, width: int) -> list[str]:
    """Lines of `screen` wider than `width`, other than those that hold one word alone (a URL
    or an identifier longer than the width: printed whole, for the terminal to soft-wrap)."""
    from rich.cells import cell_len

    return [
        line
        for line in strip_colour(screen).splitlines()
        if cell_len(line) > width and len(line.strip(" " + BORDERS).split()) != 1
    ]


def strip_colour(screen: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", screen)
