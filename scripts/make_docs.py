"""Regenerate the documentation from the program itself, so that it cannot go stale.

    python scripts/make_docs.py          # rewrite README.md, docs/*.md and docs/*.svg
    python scripts/make_docs.py --check  # exit 1 if any of them is out of date (run by the tests)

- In README.md and docs/*.md, a block between `<!-- run: ARGS -->` (or `<!-- run WIDTH: ARGS
  -->`) and `<!-- end -->` is replaced by the output of `talks ARGS` on a terminal 100 (or
  WIDTH) columns wide without colour (or piped, for `--json`, `--csv` and the other formats).
- In README.md, the blocks `<!-- commands -->` and `<!-- exit codes -->` are the tables of every
  command (its help's first line) and every exit code, read from the program.
- docs/cli.md is every command's `--help`; docs/json.md the JSON keys each command gives, with
  what they mean (from the model and the views); docs/format.md the dataset format, field by
  field, from the model.
- docs/talks.1 is the man page, from the same help text (scripts/man.py).
- Each picture in PICTURES is the coloured terminal output of a command, made SVG by rich; each
  chart in CHARTS is `talks chart … --svg`.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import man  # scripts/man.py, beside this file
from terminal import run_on_terminal  # scripts/terminal.py, beside this file

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
DOCS = REPO / "docs"
FIXTURE = REPO / "tests" / "fixtures" / "track.yaml"
COLUMNS = 100
PICTURES = {
    "docs/positions-russia.svg": "positions russia --event round-1",
    "docs/compare-round-2.svg": "compare --event round-2 --topic ceasefire",
}
CHARTS = {
    "docs/chart-prisoners.svg": "prisoners",
    "docs/chart-bodies.svg": "bodies",
    "docs/chart-troops-cap.svg": "troops cap",
}
BLOCK = re.compile(r"(<!-- run(?: (?P<width>\d+))?: (?P<args>.+?) -->\n)(?P<body>.*?)(<!-- end -->)", re.S)
TABLE = re.compile(r"(<!-- (?P<name>commands|exit codes) -->\n)(?P<body>.*?)(<!-- end -->)", re.S)
PIPED_FLAGS = {"--json", "--jsonl", "--csv", "--plain", "--markdown", "--format"}
# What each command's JSON is documented from: the command run on the small fixture dataset (each
# run's objects together), and the kinds of object its keys are looked up in (`fields.describe`):
# a class of the model, or a view's own objects. A search's objects are described by their type.
JSON_EXAMPLES: dict[str, tuple[list[list[str]], tuple[str, ...]]] = {
    "records": ([["records"]], ("Record",)),
    "positions SIDE, conditions SIDE": ([["positions", "north"]], ("Record",)),
    "search": ([["search", word] for word in ("North", "Geneva", "Alba", "prisoners")], ()),
    "outcomes": ([["outcomes"]], ("Record",)),
    "compare": ([["compare"]], ("Record",)),
    "compare --across-events": ([["compare", "--across-events"]], ("Record",)),
    "figures": ([["figures"]], ("Figure", "Record")),
    "figures --total": ([["figures", "--total"]], ("total", "Figure")),
    "disputes": ([["disputes"]], ("Dispute",)),
    "timeline": ([["timeline"]], ("timeline",)),
    "events": ([["events"]], ("Event",)),
    "documents": ([["documents"]], ("Document",)),
    "sources": ([["sources"]], ("Source",)),
    "sides": ([["sides"]], ("Actor",)),
    "show RECORD-ID": ([["show", "exchange-agreed"], ["show", "r3-date-a"]], ("Record",)),
    "show EVENT-ID": ([["show", "round-3"]], ("Event",)),
    "info": ([["info"]], ("Dataset",)),
}
# A search's objects, by their `type`: the class of the model each one is.
SEARCH_TYPES = {
    "record": "Record",
    "event": "Event",
    "document": "Document",
    "source": "Source",
    "actor": "Actor",
    "person": "Person",
    "topic": "Topic",
}


def _environment(cache: str, color: bool, columns: int = COLUMNS) -> dict[str, str]:
    drop = ("NO_COLOR", "FORCE_COLOR", "TALKS_DATA", "CLICOLOR_FORCE", "PAGER")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update({"COLUMNS": str(columns), "LINES": "60", "XDG_CACHE_HOME": cache, "TERM": "xterm-256color"})
    env["TALKS_PAGER"] = ""
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


def with_outputs(text: str, cache: str) -> str:
    def replace(match: re.Match[str]) -> str:
        command = match["args"].removeprefix("talks ")
        shown = output_of(shlex.split(command), cache, int(match["width"] or COLUMNS))
        return f"{match[1]}```text\n$ talks {command}\n{shown}```\n{match[5]}"

    return BLOCK.sub(replace, text)


def commands() -> list[tuple[str, Any]]:
    """Every command of talks, `cache clear` as one, in the order of `talks --help`."""
    import typer.main

    from talks_cli.cli.registry import app

    group = typer.main.get_command(app)
    found = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        found += [(f"{name} {n}", c) for n, c in sub.items()] if sub else [(name, command)]
    return found


def tables(text: str) -> str:
    from talks_cli.errors import EXIT_CODE_HELP

    def replace(match: re.Match[str]) -> str:
        if match["name"] == "commands":
            rows = ["| command | what it answers |", "|---|---|"]
            for name, command in commands():
                usage = " ".join(
                    p.human_readable_name for p in command.params if p.param_type_name == "argument"
                )
                first = (command.help or "").split("\n\n")[0].replace("\n", " ")
                rows.append(f"| `talks {name}{' ' + usage if usage else ''}` | {first} |")
        else:
            rows = ["| exit code | meaning |", "|---|---|"]
            rows += [f"| {int(code)} | {meaning} |" for code, meaning in EXIT_CODE_HELP.items()]
        return f"{match[1]}" + "\n".join(rows) + f"\n{match[4]}"

    return TABLE.sub(replace, text)


def cli_reference(cache: str) -> str:
    parts = [
        "# Command-line reference\n",
        "Every command's `--help`, as `talks` prints it (generated by `scripts/make_docs.py`).\n",
    ]
    for args in [[], *(name.split() for name, _ in commands())]:
        title = " ".join(["talks", *args])
        shown = output_of([*args, "--help"], cache)
        parts.append(f"## {title}\n\n```text\n$ {title} --help\n{shown}```\n")
    return "\n".join(parts)


def _key_table(objects: list[dict[str, Any]], kinds: tuple[str, ...]) -> list[str]:
    """Every key of `objects`, in order of first appearance, with what it means; a record's
    `context` key by key too."""
    from talks_cli.dataset.fields import describe

    keys = list(dict.fromkeys(key for item in objects for key in item))
    rows = ["| key | meaning |", "|---|---|"]
    for key in keys:
        rows.append(f"| `{key}` | {describe(key, *kinds) or '(not described)'} |")
        if key == "context":
            inner = dict.fromkeys(k for item in objects for k in (item.get(key) or {}))
            rows += [f"| `{key}.{k}` | {describe(k, 'context') or '(not described)'} |" for k in inner]
    return [*rows, ""]


def json_reference(cache: str) -> str:
    env = _environment(cache, color=False)
    parts = [
        "# JSON reference\n",
        "What each command gives with `--json` (an array of objects; `show ID` and `info` one object;",
        "`--jsonl` one object a line), key by key, generated by `scripts/make_docs.py` from the program",
        "run on a small dataset. The objects of the dataset itself (a record's `figures`, an event's",
        "`participants`…) are described field by field in [format.md](format.md). Nothing else is",
        "ever on stdout; control characters in data are escaped as `\\uXXXX`. The shape changes only",
        "with a new `schema_version` ([changelog.md](changelog.md)).\n",
    ]
    for title, (runs, kinds) in JSON_EXAMPLES.items():
        objects: list[dict[str, Any]] = []
        for args in runs:
            value = json.loads(piped(["--data", str(FIXTURE), *args, "--json"], env).split("\ntalks:")[0])
            objects += value if isinstance(value, list) else [value]
        parts.append(f"## talks {title}\n")
        if kinds:
            parts += _key_table(objects, kinds)
            continue
        parts.append("Each object is one of these, by its `type`:\n")
        for type_, kind in SEARCH_TYPES.items():
            parts.append(f"### `type`: {type_}\n")
            parts += _key_table([o for o in objects if o["type"] == type_], (kind,))
    return "\n".join(parts)


def format_reference() -> str:
    from talks_cli.dataset import fields as shape
    from talks_cli.dataset import model

    parts = [
        "# Dataset format\n",
        f"A dataset is a YAML file with `schema_version: {model.SCHEMA_VERSION}`"
        f" (talks reads {' and '.join(map(str, model.READABLE_VERSIONS))}) and the lists below;",
        "`talks schema` prints the same as a JSON Schema, and `talks validate FILE` checks a file.",
        "Generated by `scripts/make_docs.py` from talks's model (`src/talks_cli/dataset/model.py`).\n",
    ]
    done: set[str] = set()
    pending: list[tuple[str, Any]] = [("Dataset", model.Dataset)]
    while pending:
        title, cls = pending.pop(0)
        if cls.__name__ in done:
            continue
        done.add(cls.__name__)
        parts.append(f"## {title}\n")
        parts.append("| field | type | required | allowed values | meaning |\n|---|---|---|---|---|")
        for info in shape.fields(cls):
            allowed = ", ".join(f"`{v}`" for v in shape.choices(cls, info.name))
            parts.append(
                f"| `{info.name}` | {shape.type_name(info)} | {'yes' if info.required else 'no'} | "
                f"{allowed} | {info.description} |"
            )
            if info.shape in ("struct", "structs"):
                pending.append((info.type.__name__, info.type))
        parts.append("")
    return "\n".join(parts)


def picture(command: str, cache: str) -> str:
    from rich.console import Console
    from rich.text import Text

    screen = on_terminal(shlex.split(command), _environment(cache, color=True))
    console = Console(record=True, width=COLUMNS, force_terminal=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(Text.from_ansi(screen), end="")
    return console.export_svg(title=f"talks {command}")


def chart(what: str, cache: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "chart.svg"
        piped(["chart", what, "--svg", str(target)], _environment(cache, color=False))
        return target.read_text(encoding="utf-8")


def main() -> int:
    check = "--check" in sys.argv
    stale = []
    with tempfile.TemporaryDirectory() as cache:
        wanted = {README: tables(with_outputs(README.read_text(encoding="utf-8"), cache))}
        for page in sorted(DOCS.glob("*.md")):
            if page.name not in ("cli.md", "json.md", "format.md"):
                wanted[page] = with_outputs(page.read_text(encoding="utf-8"), cache)
        wanted[DOCS / "cli.md"] = cli_reference(cache)
        wanted[DOCS / "json.md"] = json_reference(cache)
        wanted[DOCS / "format.md"] = format_reference()
        wanted[DOCS / "talks.1"] = man.page(commands())
        for name, command in PICTURES.items():
            wanted[REPO / name] = picture(command, cache)
        for name, what in CHARTS.items():
            wanted[REPO / name] = chart(what, cache)
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
