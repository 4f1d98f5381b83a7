"""Regenerate the README's example outputs and the terminal pictures from the real CLI.

    python scripts/make_docs.py          # rewrite README.md and docs/*.svg
    python scripts/make_docs.py --check  # exit 1 if any of them is out of date (run by the tests)

In README.md, a block between `<!-- run: ARGS -->` (or `<!-- run WIDTH: ARGS -->`) and
`<!-- end -->` is replaced by the output of `talks ARGS` run on a terminal 100 (or WIDTH)
columns wide without colour (or piped, for `--json`, `--csv` and the other script formats).
Each picture in PICTURES is the coloured terminal output of a command, turned into SVG by rich.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from terminal import run_on_terminal  # scripts/terminal.py, beside this file

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
COLUMNS = 100
PICTURES = {
    "docs/positions-russia.svg": "positions russia",
    "docs/compare-round-2.svg": "compare --event round-2 --topic ceasefire",
}
BLOCK = re.compile(r"(<!-- run(?: (?P<width>\d+))?: (?P<args>.+?) -->\n)(?P<body>.*?)(<!-- end -->)", re.S)
PIPED_FLAGS = {"--json", "--jsonl", "--csv", "--plain", "--markdown", "--format"}


def _environment(cache: str, color: bool, columns: int = COLUMNS) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TALKS_DATA")}
    env.update({"COLUMNS": str(columns), "XDG_CACHE_HOME": cache, "TERM": "xterm-256color"})
    if not color:
        env["NO_COLOR"] = "1"
    return env


def on_terminal(args: list[str], env: dict[str, str], columns: int = COLUMNS) -> str:
    """What talks prints on a terminal `columns` wide."""
    return run_on_terminal([sys.executable, "-m", "talks_cli", *args], env, columns=columns, rows=60)[1]


def piped(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "talks_cli", *args], capture_output=True, text=True, env=env, check=False
    )
    return result.stdout + result.stderr


def output_of(args: list[str], cache: str, columns: int = COLUMNS) -> str:
    env = _environment(cache, color=False, columns=columns)
    scripted = PIPED_FLAGS & set(args) or "--help" in args
    text = piped(args, env) if scripted else on_terminal(args, env, columns)
    return "\n".join(line.rstrip() for line in text.rstrip("\n").split("\n")) + "\n"


def readme(cache: str) -> str:
    def replace(match: re.Match[str]) -> str:
        command = match["args"].removeprefix("talks ")
        shown = output_of(shlex.split(command), cache, int(match["width"] or COLUMNS))
        return f"{match[1]}```text\n$ talks {command}\n{shown}```\n{match[5]}"

    return BLOCK.sub(replace, README.read_text(encoding="utf-8"))


def picture(command: str, cache: str) -> str:
    from rich.console import Console
    from rich.text import Text

    screen = on_terminal(shlex.split(command), _environment(cache, color=True))
    console = Console(record=True, width=COLUMNS, force_terminal=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(Text.from_ansi(screen), end="")
    return console.export_svg(title=f"talks {command}")


def main() -> int:
    check = "--check" in sys.argv
    stale = []
    with tempfile.TemporaryDirectory() as cache:
        wanted = {README: readme(cache)}
        for name, command in PICTURES.items():
            wanted[REPO / name] = picture(command, cache)
    for path, text in wanted.items():
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            stale.append(path.relative_to(REPO))
            if not check:
                path.write_text(text, encoding="utf-8")
    if check and stale:
        print(f"out of date: {', '.join(map(str, stale))}; run python scripts/make_docs.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
