"""What a terminal shows is true at every width: each identifier, date and URL that the command's
own JSON holds is whole on one line, and every line fits the width, except one that holds a
single word too long for it (a URL, or an identifier wider than a very narrow screen)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import MINIMAL, Invoke, overlong, strip_colour, table_header, write_dataset

# The narrowest width and the default run in the quick subset; the rest are marked slow.
WIDTHS = [20, 80, *(pytest.param(width, marks=pytest.mark.slow) for width in (60, 100, 120, 200))]


def _record_tokens(record: dict[str, Any], *, side: bool = True) -> list[str]:
    tokens = [record["id"], record["event"], record["topic"], record["source"]]
    return [t for t in tokens if t] + ([record["side"]] if side and record["side"] else [])


# Each command, and what of its JSON its terminal output must show whole.
Tokens = Callable[[Any], list[str]]
COMMANDS: dict[str, Tokens] = {
    "sides": lambda items: [a["id"] for a in items],
    "positions russia": lambda items: [t for r in items for t in _record_tokens(r, side=False)],
    "conditions ukraine": lambda items: [t for r in items for t in _record_tokens(r, side=False)],
    "records --topic prisoners": lambda items: [t for r in items for t in _record_tokens(r)],
    "search ceasefire": lambda items: [
        t for r in items for t in (_record_tokens(r) if r["type"] == "record" else [r["id"]])
    ],
    "outcomes": lambda items: [t for o in items for t in [o["id"], *o["implemented_on"]]],
    # A terminal shows each side's latest stance on each question (earlier ones counted).
    "compare": lambda rows: [
        t
        for row in rows
        for t in [row["topic"], *(r for f in row["findings"] for r in f["records"].values())]
    ],
    "compare --across-events --topic ceasefire": lambda rows: [
        t
        for row in rows
        for t in [row["topic"], row["side"], *(r["id"] for s in row["by_event"].values() for r in s)]
    ],
    "timeline": lambda items: [t for m in items for t in [m["date"], m["id"]] if t],
    "sources": lambda items: [t for s in items for t in [s["id"], s["url"], s["published"]] if t],
    "events": lambda items: [t for e in items for t in [e["id"], e["date"]]],
    "show r1-prisoner-exchange-agreed": lambda r: [
        r["id"],
        r["event"],
        r["topic"],
        r["source"],
        *r["context"]["related"],
        *r["context"]["implemented_by"],
    ],
    "show r2-children-339": lambda r: [
        r["id"],
        r["source"],
        r["context"]["source"]["url"],
        *(v["id"] for v in r["context"]["dispute"]["versions"]),
    ],
}


def _check(screen: str, width: int, tokens: list[str]) -> None:
    assert screen.strip()
    assert overlong(screen, width) == [], f"lines wider than {width}"
    lines = strip_colour(screen).splitlines()
    broken = [t for t in tokens if not any(t in line for line in lines)]
    assert broken == [], f"not whole on any line at {width} columns"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_identifier_date_and_url_is_whole_at_every_width(
    talks: Invoke, command: str, width: int
) -> None:
    args = command.split()
    tokens = COMMANDS[command](json.loads(talks(*args, "--json").stdout))
    assert tokens
    result = talks(*args, terminal=True, width=width)
    assert result.exit_code == 0, result.stderr
    _check(result.stdout, width, tokens)


@pytest.mark.parametrize("columns", ["0", "", "abc", "-5"])
def test_an_unknown_width_lays_out_for_80_columns(talks: Invoke, columns: str) -> None:
    tokens = COMMANDS["outcomes"](json.loads(talks("outcomes", "--json").stdout))
    result = talks("sides", terminal=True, env={"COLUMNS": columns})
    assert result.exit_code == 0 and "russia" in result.stdout
    result = talks("outcomes", terminal=True, env={"COLUMNS": columns})
    _check(result.stdout, 80, tokens)


def test_a_wide_terminal_gets_a_table_and_a_narrow_one_blocks(talks: Invoke) -> None:
    wide = strip_colour(talks("outcomes", terminal=True, width=80).stdout)
    narrow = strip_colour(talks("outcomes", terminal=True, width=50).stdout)
    header = table_header(wide)
    assert header is not None and "progress" in header.split()
    assert table_header(narrow) is None
    assert "\nr1-prisoner-exchange-agreed\n" in narrow  # a block's heading: the id alone
    assert "  progress   implemented" in narrow


def test_urls_stand_whole(talks: Invoke) -> None:
    urls = [s["url"] for s in json.loads(talks("sources", "--json").stdout) if s["url"]]
    for width in (50, 120):
        lines = strip_colour(talks("outcomes", terminal=True, width=width).stdout).splitlines()
        shown = [line.split()[-1] for line in lines if "://" in line]
        assert shown and all(url in urls for url in shown)


def test_a_column_with_one_value_in_every_row_is_still_shown(talks: Invoke, tmp_path: Path) -> None:
    outcome = """\
  - id: truce-agreed
    event: round-1
    side: null
    kind: outcome
    topic: ceasefire
    status: agreed
    summary: A truce was agreed.
    quote: null
    source: src
    locator: page 2
"""
    path = write_dataset(tmp_path, MINIMAL + outcome + outcome.replace("truce-agreed", "talks-agreed"))
    for width in (60, 200):
        screen = strip_colour(talks("--data", str(path), "outcomes", terminal=True, width=width).stdout)
        assert screen.count("not reported") == 2
        assert "progress" in screen


def test_positions_omit_the_side_their_title_names_but_keep_the_status(talks: Invoke) -> None:
    screen = strip_colour(talks("positions", "russia", terminal=True, width=200).stdout)
    assert screen.startswith("Russia: positions")
    header = table_header(screen)
    assert header is not None and "status" in header.split() and "side" not in header.split()
