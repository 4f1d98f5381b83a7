"""Reading at leisure: a pager on a terminal (never in a pipe), colour forced into `less -R`
or turned off, titles that count, one line per event and moment where the width allows."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

from helpers import TRACK, Invoke, strip_colour


def pager_into(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A pager that writes what it is given to a file: what talks handed it."""
    kept = tmp_path / "paged.txt"
    script = tmp_path / "pager.py"
    script.write_text("import sys\nopen(sys.argv[1], 'w').write(sys.stdin.read())\n", encoding="utf-8")
    command = " ".join(shlex.quote(part) for part in (sys.executable, str(script), str(kept)))
    return {"TALKS_PAGER": command}, kept


def test_a_long_answer_on_a_terminal_goes_through_the_pager(talks: Invoke, tmp_path: Path) -> None:
    env, kept = pager_into(tmp_path)
    result = talks("--data", str(TRACK), "records", terminal=True, width=120, env={**env, "LINES": "10"})
    assert result.exit_code == 0 and result.stdout == ""
    assert "Records (13)" in strip_colour(kept.read_text(encoding="utf-8"))


def test_an_answer_that_fits_the_screen_is_not_paged(talks: Invoke, tmp_path: Path) -> None:
    env, kept = pager_into(tmp_path)
    result = talks("--data", str(TRACK), "sides", terminal=True, width=120, env={**env, "LINES": "100"})
    assert "Sides and third parties (3)" in strip_colour(result.stdout) and not kept.exists()


def test_no_pager_in_a_pipe_with_no_pager_or_with_cat_as_pager(talks: Invoke, tmp_path: Path) -> None:
    env, kept = pager_into(tmp_path)
    small = {**env, "LINES": "5"}
    assert "n-truce-30" in talks("--data", str(TRACK), "records", env=small).stdout  # a pipe
    shown = talks("--data", str(TRACK), "--no-pager", "records", terminal=True, width=120, env=small)
    assert "n-truce-30" in shown.stdout
    shown = talks(
        "--data", str(TRACK), "records", terminal=True, width=120, env={"PAGER": "cat", "LINES": "5"}
    )
    assert "n-truce-30" in shown.stdout
    assert not kept.exists()


def test_a_pager_that_cannot_start_leaves_the_answer_on_the_screen(talks: Invoke) -> None:
    env = {"TALKS_PAGER": "/nonexistent/pager", "LINES": "5"}
    result = talks("--data", str(TRACK), "records", terminal=True, width=120, env=env)
    assert result.exit_code == 0 and "n-truce-30" in result.stdout


def test_colour_can_be_forced_into_a_pipe_and_no_color_wins(talks: Invoke) -> None:
    args = ["--data", str(TRACK)]
    table = ["sides", "--format", "table"]
    assert "\x1b[" in talks(*args, "--color", "always", *table).stdout
    assert "\x1b[" in talks(*args, *table, env={"CLICOLOR_FORCE": "1"}).stdout
    assert "\x1b[" not in talks(*args, *table, env={"CLICOLOR_FORCE": "1", "NO_COLOR": "1"}).stdout
    assert "\x1b[" not in talks(*args, "--color", "never", "sides", terminal=True, width=120).stdout
    assert "\x1b[" in talks(*args, "sides", terminal=True, width=120).stdout


def test_events_and_the_timeline_are_one_line_each_where_the_width_allows(talks: Invoke) -> None:
    screen = strip_colour(talks("--data", str(TRACK), "timeline", terminal=True, width=120).stdout)
    rows = [line for line in screen.splitlines() if line.startswith("2025-")]
    moments = json.loads(talks("--data", str(TRACK), "timeline", "--json").stdout)
    assert len(rows) == len(moments)
