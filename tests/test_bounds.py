"""Bounded work on any input: stdin, folding, queries, odd values, messages and big outputs."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import MINIMAL, Invoke, overlong, write_dataset

from talks_cli.cli import tools
from talks_cli.query import search
from talks_cli.render.writers import json_text
from talks_cli.text import suggest

Run = Callable[..., Any]


# --- show -: stdin read a line at a time, each line and the count bounded -----------------


def test_a_long_line_on_stdin_is_a_usage_error_naming_it(talks: Invoke) -> None:
    result = talks("show", "-", stdin="r1-prisoner-exchange-agreed\n" + "x" * 500 + "\n")
    assert result.exit_code == 2
    assert "line 2 of stdin is longer than 200 characters" in result.stderr
    assert "x" * 100 not in result.stderr and result.stdout == ""


def test_a_line_of_exactly_the_limit_is_read(talks: Invoke) -> None:
    # 200 characters is allowed (and then unknown as an id): the limit is not off by one.
    result = talks("show", "-", stdin="a" * 200 + "\r\n")
    assert result.exit_code == 2 and "unknown id" in result.stderr


def test_more_lines_than_the_limit_is_a_usage_error(talks: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tools, "MAX_IDS", 3)
    ok = talks("show", "-", "--json", stdin="r1-prisoner-exchange-agreed\n\n\n")
    assert ok.exit_code == 0, ok.stderr
    blank = talks("show", "-", stdin="\n" * 4)  # blank lines count: `yes ''` must end too
    assert blank.exit_code == 2 and "more than 3 lines on stdin" in blank.stderr


def test_undecodable_text_on_stdin_is_a_usage_error(talks: Invoke) -> None:
    # What a surrogateescape decoder (a C locale) makes of bytes that are not UTF-8.
    result = talks("show", "-", stdin="r1-prisoner-exchange-agreed\n\udcff\udcfe\n")
    assert result.exit_code == 2 and "line 2 of stdin is not UTF-8 text" in result.stderr


@pytest.mark.slow
def test_undecodable_bytes_on_stdin_are_a_usage_error(run_talks: Run, tmp_path: Path) -> None:
    given = tmp_path / "ids"
    given.write_bytes(b"r1-prisoner-exchange-agreed\n\xff\xfe\x80\n")
    with given.open("rb") as stdin:
        result = run_talks("show", "-", "--json", stdin=stdin)
    assert result.returncode == 2, result.stderr
    assert "line 2 of stdin is not UTF-8 text" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_dev_zero_on_stdin_ends_quickly_with_a_usage_error(run_talks: Run) -> None:
    started = time.monotonic()
    with open("/dev/zero", "rb") as stdin:
        result = run_talks("show", "-", stdin=stdin)
    assert result.returncode == 2, result.stderr
    assert "line 1 of stdin is longer than 200 characters" in result.stderr
    assert time.monotonic() - started < 20


# --- folding: no text may grow into a memory bomb ---------------------------------------------


def _with_summary(tmp_path: Path, summary: str) -> Path:
    return write_dataset(tmp_path, MINIMAL.replace("summary: North wants a truce.", f"summary: {summary}"))


def test_a_text_that_folding_would_blow_up_is_refused_at_its_place(
    talks: Invoke, tmp_path: Path, isolated_cache: Path
) -> None:
    path = _with_summary(tmp_path, "\ufdfa" * 10_000)  # 30 kB of YAML, 180,000 folded characters
    result = talks("--data", str(path), "search", "truce")
    assert result.exit_code == 3
    first = result.stderr.splitlines()[0]
    assert "data.yaml:19:14: records[0].summary:" in first
    assert "U+FDFA alone becomes 18 characters" in first and "plain letters" in first
    assert len(result.stderr) < 1000
    assert not [p for p in isolated_cache.rglob("*") if p.is_file()]  # nothing cached


def test_a_name_that_folding_would_blow_up_is_refused(talks: Invoke, tmp_path: Path) -> None:
    text = MINIMAL.replace("aliases: [N, Nord]", 'aliases: [N, Nord, "' + "\ufdfa" * 20 + '"]')
    result = talks("--data", str(write_dataset(tmp_path, text)), "sides")
    assert result.exit_code == 3 and "actors[0].aliases[2]:" in result.stderr


def test_a_few_compatibility_characters_in_ordinary_text_still_load(talks: Invoke, tmp_path: Path) -> None:
    path = _with_summary(tmp_path, "North says \ufdfa and ½ and ﬁne, and Straße.")
    result = talks("--data", str(path), "search", "fine", "--json")
    assert result.exit_code == 0, result.stderr
    assert [r["id"] for r in json.loads(result.stdout)] == ["north-wants-truce"]


# --- search: repeated and unknown words cost nothing more ----------------------------------


def test_repeated_words_are_searched_once(talks: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    looked_up: list[str] = []
    holders = search._holders

    def counted(catalog: Any, word: Any) -> Any:
        looked_up.append(word.typed)
        return holders(catalog, word)

    monkeypatch.setattr(search, "_holders", counted)
    once = talks("search", "prisoners", "--json")
    looked_up.clear()
    many = talks("search", *["prisoners", "Prisoners", "PRISONERS"] * 2000, "--json")
    assert many.exit_code == 0 and many.stdout == once.stdout
    assert looked_up == ["prisoners"]


def test_too_many_different_words_is_a_usage_error(talks: Invoke) -> None:
    result = talks("search", *[f"word{i}" for i in range(100)])
    assert result.exit_code == 2 and "at most 32 different words" in result.stderr


def test_unknown_words_get_few_suggestions_and_a_short_hint(
    talks: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def counted(word: str, candidates: Any) -> str | None:
        asked.append(word)
        return suggest(word, candidates)

    monkeypatch.setattr(search, "suggest", counted)  # the name search calls it by
    typos = ["cesefire", "prisonners", "exhcange", "negotiatons", "memorandom", "withdrawl"] * 5
    words = [f"{word}{'q' * i}" for i, word in enumerate(typos)]  # 30 different unknown words
    result = talks("search", *words)
    assert result.exit_code == 0
    assert len(asked) <= search.MAX_SUGGESTED
    # Past MAX_SUGGESTED the words stay uncorrected, so the guess would find nothing either:
    # none is offered.
    assert "nothing matches" in result.stderr and "did you mean" not in result.stderr


# --- odd values never crash ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "period",
    [("--since", "9999-12"), ("--until", "9999-12"), ("--until", "9999"), ("--since", "9999-12-31")],
)
def test_the_last_month_there_is_is_a_period(talks: Invoke, period: tuple[str, str]) -> None:
    result = talks("records", *period, "--json")
    assert result.exit_code == 0, result.stderr


def test_a_month_ends_on_its_own_last_day(talks: Invoke) -> None:
    for month, last in [("2025-02", "2025-02-28"), ("2025-05", "2025-05-31"), ("2025-12", "2025-12-31")]:
        by_month = talks("timeline", "--since", "2025", "--until", month, "--json")
        by_day = talks("timeline", "--since", "2025", "--until", last, "--json")
        assert by_month.exit_code == 0 and by_month.stdout == by_day.stdout


@pytest.mark.parametrize("value", ["²", "①", "٣", "99999999999999999999", "-3", " "])
def test_odd_lines_and_columns_lay_out_a_table(
    talks: Invoke, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    # rich reads the process's own variables for any size it is not given.
    monkeypatch.setenv("LINES", value)
    monkeypatch.setenv("COLUMNS", value)
    result = talks("sides", terminal=True, env={"LINES": value, "COLUMNS": value})
    assert result.exit_code == 0, result.stderr
    assert "russia" in result.stdout
    if value != "99999999999999999999":
        assert not overlong(result.stdout, 80)


@pytest.mark.slow
@pytest.mark.parametrize("value", ["²", "①", "99999999999999999999"])
def test_odd_lines_and_columns_do_not_break_help(run_talks: Run, value: str) -> None:
    result = run_talks("--help", env={"LINES": value, "COLUMNS": value})
    assert result.returncode == 0, result.stderr
    assert "positions" in result.stdout


# --- messages stay short whatever the input ------------------------------------------------------


def test_a_huge_unknown_key_is_quoted_short_in_path_and_message(talks: Invoke, tmp_path: Path) -> None:
    key = "k" * 1_000_000
    text = MINIMAL.replace("    locator: page 1\n", f"    locator: page 1\n    ? {key}\n    : 1\n", 1)
    result = talks("--data", str(write_dataset(tmp_path, text)), "validate")
    assert result.exit_code == 3
    assert len(result.stderr) < 2000
    first = result.stderr.splitlines()[0]
    assert "data.yaml:24:" in first and "records[0].kkkk" in first and "…: unknown field 'kkk" in first


# --- big outputs are written an item at a time, byte for byte as one array ------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["records"],
        ["outcomes"],
        ["compare"],
        ["search", "prisoners"],
        ["records", "--since", "2099"],
        ["records", "--fields", "id,summary"],
    ],
)
def test_a_json_array_written_item_by_item_is_the_indented_array(talks: Invoke, args: list[str]) -> None:
    result = talks(*args, "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == json_text(json.loads(result.stdout)) + "\n"


def test_show_many_writes_the_same_array_item_by_item(talks: Invoke) -> None:
    ids = "r1-prisoner-exchange-agreed\nr1-prisoner-exchange-agreed\n"
    result = talks("show", "-", "--json", stdin=ids)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == json_text(json.loads(result.stdout)) + "\n"
    ascii_only = talks("show", "-", "--json", stdin=ids, env={"PYTHONIOENCODING": "ascii"})
    assert ascii_only.exit_code == 0
