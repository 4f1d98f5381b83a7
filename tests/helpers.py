"""What the tests share: the real program run in-process or in a subprocess, small datasets
written for a test, and checks of what a terminal shows. Fixtures live in conftest.py; tests
import these helpers from here, never from conftest or from each other."""

from __future__ import annotations

import io
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from talks_cli.cli.process import run
from talks_cli.errors import ExitCode
from talks_cli.render.environment import Environment

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))  # scripts/terminal.py: the pty runner tests share with the docs
BUNDLED = REPO / "data" / "positions.yaml"
ARTICLE = REPO / "data" / "sources" / "000_a40a122afaa65fb4.txt"
FACTS = REPO / "data" / "sources" / "facts.md"
FIXTURES = REPO / "tests" / "fixtures"
TRACK = FIXTURES / "track.yaml"  # a small dataset with one of everything, for behaviour tests


if TYPE_CHECKING:
    from typer._click.core import Command

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
    bug_expected: bool = False,
) -> Result:
    """Run talks in-process through its real entry point, `main.run`, with its own streams: a
    terminal `width` columns wide if `terminal`, else a pipe. An internal error (exit 1) fails
    the test with its traceback, as httpie's test helper does: a crash never passes as a code."""
    variables = {**os.environ, **(env or {})}

    def environment(out: io.StringIO, err: io.StringIO, debug: bool = False) -> Environment:
        return Environment(
            stdout=out,
            stderr=err,
            variables={**variables, "TALKS_DEBUG": "1"} if debug else variables,
            stdin=io.StringIO(stdin) if stdin is not None else None,
            is_terminal=terminal,
            terminal_width=width,
        )

    out, err = io.StringIO(), io.StringIO()
    code = run(list(args), environment(out, err))
    if code == ExitCode.BUG and not bug_expected and not (env or {}).get("TALKS_DEBUG"):
        try:
            run(list(args), environment(io.StringIO(), io.StringIO(), debug=True))
        except Exception:
            raise AssertionError(f"talks {' '.join(args)} crashed:\n{traceback.format_exc()}") from None
        raise AssertionError(f"talks {' '.join(args)} exited {code}: {err.getvalue()}")
    return Result(code, out.getvalue(), err.getvalue())


def write_dataset(folder: Path, text: str, name: str = "data.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = """\
schema_version: 4
title: A minimal dataset
sources:
  - {id: src, title: A page, kind: web-page, language: en, url: "https://example.org/a"}
actors:
  - {id: north, name: North, role: party, aliases: [N, Nord]}
  - {id: south, name: South, role: party, aliases: [S, Sud]}
topics:
  - {id: ceasefire, label: Ceasefire, aliases: [cessez-le-feu]}
events:
  - {id: round-1, name: First round, kind: round, status: held, date: "2025-01-01", place: Geneva}
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


def table_header(screen: str) -> str | None:
    """The header of the table on `screen` (the line over the rule of dashes under it), or None
    where the screen holds no table (blocks)."""
    import itertools
    import re

    lines = strip_colour(screen).splitlines()
    for above, line in itertools.pairwise(lines):
        if re.fullmatch(r"─+( +─+)*", line) and above.strip():
            return above
    return None


def strip_colour(screen: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", screen)


def run_in_terminal(args: list[str], env: dict[str, str], columns: int = 100) -> tuple[int, str]:
    """Run talks with stdout and stderr on a pseudo-terminal; its exit code and screen output."""
    from terminal import run_on_terminal  # scripts/terminal.py (on sys.path above)

    return run_on_terminal(
        [sys.executable, "-m", "talks_cli", *args], {**os.environ, **env}, columns=columns, timeout=30
    )


def commands() -> list[tuple[str, Command]]:
    """Every command of talks (`cache clear` as one), with its click command."""
    import typer.main

    from talks_cli.cli import registry  # noqa: F401 (registers every command on the app)
    from talks_cli.cli.app import app

    group = typer.main.get_command(app)
    found: list[tuple[str, Command]] = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        found += [(f"{name} {n}", c) for n, c in sub.items()] if sub else [(name, command)]
    return found
