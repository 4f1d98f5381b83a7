"""The real program in a real process: pipes, terminals, colour, closed pipes and Ctrl-C."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import MINIMAL, REPO, TRACK, invoke_talks, overlong, run_in_terminal, strip_colour, table_header
from terminal import run_on_terminal

from talks_cli.errors import ExitCode

ESCAPE = re.compile(r"\x1b")
Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def terminal_env(isolated_cache: Path) -> dict[str, str]:
    return {"XDG_CACHE_HOME": str(isolated_cache.parent), "TERM": "xterm-256color"}


@pytest.mark.slow
def test_piped_output_is_plain_tab_separated_with_a_header(run_talks: Run) -> None:
    result = run_talks("positions", "russia")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].split("\t")[:3] == ["id", "when", "event"]
    assert all(len(line.split("\t")) == len(lines[0].split("\t")) for line in lines)
    assert not ESCAPE.search(result.stdout)
    # Untruncated: the full quote is on the line.
    assert (
        "Vladimir Poutine, dès le début, voulait clarifier qu’il n’y avait pas besoin de cessez-le-feu"
        in result.stdout
    )


@pytest.mark.slow
def test_terminal_output_is_a_coloured_table_that_fits(terminal_env: dict[str, str]) -> None:
    code, screen = run_in_terminal(["positions", "russia", "--event", "round-1"], terminal_env, columns=80)
    assert code == 0
    assert table_header(screen) is not None and "Sources:" in screen
    assert "\x1b[" in screen  # colour
    plain = re.sub(r"\x1b\[[0-9;]*m", "", screen)
    assert overlong(plain, 80) == []


@pytest.mark.slow
def test_the_terminal_width_is_detected_without_columns(terminal_env: dict[str, str]) -> None:
    # The pty is 50 wide and COLUMNS is unset: talks asks the terminal, and lays out blocks.
    env = {k: v for k, v in terminal_env.items() if k != "COLUMNS"}
    code, screen = run_on_terminal(
        [
            sys.executable,
            "-c",
            "import os, sys; os.environ.pop('COLUMNS', None); "
            "from talks_cli.cli.process import main; sys.argv[1:] = ['outcomes', '--no-color']; main()",
        ],
        {**os.environ, **env},
        columns=50,
        timeout=30,
    )
    assert code == 0 and table_header(screen) is None
    assert overlong(screen, 50) == []
    assert max(len(line) for line in screen.splitlines()) > 50  # a URL, whole


@pytest.mark.slow
@pytest.mark.parametrize(
    ("env", "args"),
    [({"NO_COLOR": "1"}, []), ({"TERM": "dumb"}, []), ({}, ["--no-color"])],
)
def test_no_colour_on_request(terminal_env: dict[str, str], env: dict[str, str], args: list[str]) -> None:
    code, screen = run_in_terminal(
        ["positions", "russia", "--event", "round-1", *args], {**terminal_env, **env}, columns=160
    )
    assert code == 0 and table_header(screen) is not None
    assert not re.search(r"\x1b\[[0-9;]*m", screen)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["--json", "--jsonl", "--csv", "--plain", "--markdown"])
def test_a_closed_pipe_ends_quietly_in_every_mode(fmt: str, isolated_cache: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(isolated_cache.parent)}
    # records prints the whole dataset: far more than `head -1` reads, and more than a pipe holds.
    command = f"{sys.executable} -m talks_cli records {fmt} | head -1; exit ${{PIPESTATUS[0]}}"
    result = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 1


@pytest.mark.slow
def test_a_closed_pipe_on_a_terminal_table(isolated_cache: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(isolated_cache.parent)}
    command = f"{sys.executable} -m talks_cli show r1-prisoner-exchange-agreed | head -c 10"
    result = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert result.stderr == ""


@pytest.mark.slow
def test_ctrl_c_exits_130_without_a_traceback(tmp_path: Path, isolated_cache: Path) -> None:
    big = tmp_path / "big.yaml"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "scale.py"), "3000", str(big)], check=True)
    env = {**os.environ, "XDG_CACHE_HOME": str(isolated_cache.parent)}
    # Nobody reads the pipe, so talks blocks on a full pipe while writing: a sure place to interrupt.
    process = subprocess.Popen(
        [sys.executable, "-m", "talks_cli", "--data", str(big), "records", "--jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None
    process.stdout.read(1)  # talks is writing
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == ExitCode.INTERRUPTED
    assert b"Traceback" not in stderr


@pytest.mark.slow
def test_data_errors_go_to_stderr_with_exit_code_3(run_talks: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\ntitle: [\n", encoding="utf-8")
    result = run_talks("--data", str(bad), "positions", "russia", "--json")
    assert result.returncode == ExitCode.DATA
    assert result.stdout == ""
    assert result.stderr.startswith(f"talks: error: {bad}:")
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_a_bug_prints_a_short_message_and_debug_shows_the_traceback(run_talks: Run, tmp_path: Path) -> None:
    # A sitecustomize that breaks one internal function stands in for a real bug.
    (tmp_path / "sitecustomize.py").write_text(
        "import talks_cli.query.catalog as q\n"
        "def broken(self, filters):\n    raise ZeroDivisionError('boom')\n"
        "q.Catalog.select = broken\n",
        encoding="utf-8",
    )
    pythonpath = os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])
    result = run_talks("records", env={"PYTHONPATH": pythonpath})
    assert result.returncode == ExitCode.BUG
    assert "internal error: ZeroDivisionError: boom" in result.stderr
    assert "Traceback" not in result.stderr
    debug = run_talks("records", env={"PYTHONPATH": pythonpath, "TALKS_DEBUG": "1"})
    assert "Traceback" in debug.stderr


@pytest.mark.slow
def test_unknown_option_is_a_usage_error(run_talks: Run) -> None:
    result = run_talks("positions", "russia", "--jsn")
    assert result.returncode == ExitCode.USAGE
    assert "No such option" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_shell_completion_offers_values_from_the_dataset(run_talks: Run, tmp_path: Path) -> None:
    result = run_talks(
        env={"_TALKS_COMPLETE": "complete_bash", "COMP_WORDS": "talks positions ru", "COMP_CWORD": "2"}
    )
    assert result.returncode == 0 and result.stdout.split() == ["russia"]
    records = run_talks(
        env={"_TALKS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "talks show r1-russia-ro"}
    )
    assert "r1-russia-root-causes" in records.stdout and "r1-russia-ready-to-work" not in records.stdout
    # Completion reads the dataset that --data names, and stays silent when it is broken.
    (tmp_path / "other.yaml").write_text(MINIMAL, encoding="utf-8")
    words = f"talks --data {tmp_path / 'other.yaml'} positions "
    other = run_talks(env={"_TALKS_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": "4"})
    assert other.stdout.split() == ["north", "south"]
    (tmp_path / "bad.yaml").write_text("title: [", encoding="utf-8")
    words = f"talks --data {tmp_path / 'bad.yaml'} positions "
    broken = run_talks(env={"_TALKS_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": "4"})
    assert broken.returncode == 0 and broken.stdout.strip() == "" and "Traceback" not in broken.stderr


@pytest.mark.parametrize(
    ("words", "offered"),
    [
        ("talks cite x --style c", ["chicago", "csl-json"]),
        ("talks chart tr", ["truce length"]),
        ("talks records --format j", ["json", "jsonl"]),
        ("talks events --kind tr", ["trilateral", "truce"]),
        ("talks outcomes --progress p", ["partly implemented"]),
        ("talks records --status re", ["rejected", "reported"]),
        ("talks records --page m", ["mirror"]),
    ],
)
def test_shell_completion_offers_fixed_choices(run_talks: Run, words: str, offered: list[str]) -> None:
    words = words.replace("talks ", f"talks --data {TRACK} ", 1)  # the fixture's figure kinds
    cword = str(len(words.split()) - 1)
    result = run_talks(env={"_TALKS_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword})
    assert result.returncode == 0 and result.stdout.splitlines() == offered, result.stdout


# --- tables at ordinary widths, in-process with the width given ------------------------------

LISTINGS = [
    "positions north",
    "outcomes",
    "records",
    "search truce",
    "events",
    "documents",
    "timeline",
    "figures",
    "figures --total",
    "disputes",
    "sources",
    "compare --side north --side south",
]


@pytest.mark.parametrize("width", [80, 100, 120])
@pytest.mark.parametrize("command", LISTINGS)
def test_every_listing_is_a_table_from_80_columns(command: str, width: int) -> None:
    args = ["--data", str(TRACK), *command.split()]
    rows = len(json.loads(invoke_talks(*args, "--json").stdout))
    screen = strip_colour(invoke_talks(*args, "--no-sources", terminal=True, width=width).stdout)
    lines = screen.splitlines()
    assert table_header(screen) == lines[1], "the title, then the header"
    assert sum(1 for line in lines if set(line) <= {"─", " "} and line) == 1, "one rule: the header's"
    assert overlong(screen, width) == []
    limit = 6 if command.startswith(("compare", "disputes")) else 3.5  # several stances a cell
    assert (len(lines) - 3) / rows <= limit


def test_under_60_columns_each_item_is_a_block_not_dimmed() -> None:
    screen = invoke_talks(
        "--data", str(TRACK), "records", "--color", "always", terminal=True, width=50
    ).stdout
    assert table_header(screen) is None
    assert "\nn-truce-30\x1b" in screen or "\n\x1b[1mn-truce-30" in screen  # a block headed by its id
    assert "\x1b[2m" not in screen  # nothing dim


@pytest.mark.parametrize("width", [80, 200])
def test_each_row_cites_its_sources_by_number_and_the_list_names_each_once(width: int) -> None:
    args = ["--data", str(TRACK), "outcomes"]
    screen = strip_colour(invoke_talks(*args, terminal=True, width=width).stdout)
    table, listed = screen.split("Sources:\n")
    ids = [m.group(1) for line in listed.splitlines() if (m := re.match(r" *\d+ (\S+):", line))]
    assert len(ids) == len(set(ids))
    # The one outcome rests on outlet-a, what carried it out on outlet-a, agency-b and agg-d: its
    # row cites all three, in a src column or, where the width is short, under another column.
    header = table_header(table) or ""
    first_row = table.split(header + "\n")[1].splitlines()[1]  # under the header's rule
    marks = first_row.split()[-1] if header.split()[-1] == "src" else ""
    marks = marks or re.findall(r"src (\d+(?:-\d+)?(?: \d+(?:-\d+)?)*)", table)[0]
    cited: set[int] = set()
    for mark in marks.split():  # "1-3": sources 1 to 3
        first, _, last = mark.partition("-")
        cited |= set(range(int(first), int(last or first) + 1))
    assert {ids[n - 1] for n in cited} == {"outlet-a", "agency-b", "agg-d"}
    bare = strip_colour(invoke_talks(*args, "--no-sources", terminal=True, width=width).stdout)
    assert "Sources:" not in bare and "src" not in bare


def test_show_event_gives_each_records_source() -> None:
    shown = invoke_talks("--data", str(TRACK), "show", "round-1", terminal=True, width=120).stdout
    assert "North demands a 30-day truce. [n-truce-30] (outlet-a)" in strip_colour(shown)


def test_global_options_work_after_the_command(tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(MINIMAL, encoding="utf-8")
    after = invoke_talks(
        "positions", "north", "--no-pager", "--no-cache", "--color", "never", "--data", str(other), "--json"
    )
    assert after.exit_code == 0 and [r["id"] for r in json.loads(after.stdout)] == ["north-wants-truce"]
    coloured = invoke_talks("--data", str(other), "positions", "north", "--color", "always", terminal=True)
    assert "\x1b[" in coloured.stdout


def test_width_lays_a_table_out_in_a_pipe() -> None:
    wide = invoke_talks("--data", str(TRACK), "records", "--format", "table", "--width", "120").stdout
    assert table_header(wide) is not None and overlong(wide, 120) == []
    assert max(len(line) for line in wide.splitlines() if "://" not in line) > 80
    before = invoke_talks("--width", "120", "--data", str(TRACK), "records", "--format", "table").stdout
    assert before == wide


def test_compare_is_side_by_side_a_row_per_question() -> None:
    args = ["--data", str(TRACK), "compare", "--side", "north", "--side", "south", "--no-sources"]
    wide = strip_colour(invoke_talks(*args, terminal=True, width=200).stdout)
    assert (table_header(wide) or "").split() == ["question", "north", "south", "verdict"]
    finding = json.loads(invoke_talks(*args, "--json").stdout)[0]["findings"][0]
    row = next(line for line in wide.splitlines() if finding["text"] in line)
    # Each side's latest stance on the question, with its record, its date and the earlier ones
    # counted; the verdict in its own column.
    assert row.split()[-1] == finding["verdict"]
    for side, record in finding["records"].items():
        assert record in wide and f"{finding['held'][side]}," in row
    assert "(and 1 earlier)" in wide
    narrow = strip_colour(invoke_talks(*args, terminal=True, width=60).stdout)
    assert table_header(narrow) is not None
    assert any(line.startswith(f"north: {finding['held']['north']}, ") for line in narrow.splitlines())


def test_no_pager_after_the_command_turns_the_pager_off() -> None:
    # `true` as the pager swallows the answer: what reaches stdout was not paged.
    env = {"TALKS_PAGER": "true", "LINES": "5"}
    paged = invoke_talks("--data", str(TRACK), "records", terminal=True, width=100, env=env)
    assert paged.exit_code == 0 and paged.stdout == ""
    after = invoke_talks("--data", str(TRACK), "records", "--no-pager", terminal=True, width=100, env=env)
    assert "Records" in after.stdout


def test_a_column_the_filters_fix_is_named_in_the_title_not_repeated() -> None:
    args = ["--data", str(TRACK), "records", "--topic", "ceasefire", "--side", "north"]
    screen = strip_colour(invoke_talks(*args, "--no-sources", terminal=True, width=200).stdout)
    assert screen.startswith("Records, north, ceasefire (")
    header = (table_header(screen) or "").split()
    assert "summary" in header and "topic" not in header and "side" not in header
    assert "\tceasefire\t" in invoke_talks(*args).stdout  # piped: every column, as before


def test_fields_asked_for_are_all_shown_however_narrow_the_table() -> None:
    args = ["--data", str(TRACK), "records", "--fields", "id,when,topic,status", "--no-sources"]
    records = json.loads(invoke_talks(*args, "--json").stdout)
    screen = strip_colour(invoke_talks(*args, terminal=True, width=60).stdout)
    assert table_header(screen) is not None
    for record in records:
        assert all(record[key] in screen for key in ("id", "topic", "status"))
