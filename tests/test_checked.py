"""Every field checked at load: a dispute's field has its event, a
date's precision fits the date, numbers are bounded, and no name passes for another in any
script Unicode knows to look like Latin."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import MINIMAL, Invoke, write_dataset

from talks_cli.errors import ExitCode

FIRST_RECORD = "    locator: page 1\n  - id: south-refuses-truce"


def _with_record_fields(text: str, fields: str) -> str:
    """`text` with `fields` (YAML lines) added to its first record."""
    return text.replace(FIRST_RECORD, f"    locator: page 1\n{fields}  - id: south-refuses-truce", 1)


def _refused(talks: Invoke, tmp_path: Path, text: str) -> str:
    result = talks("--data", str(write_dataset(tmp_path, text)), "records")
    assert result.exit_code == ExitCode.DATA, result.stderr
    return result.stderr


def test_a_disputes_field_needs_its_event(talks: Invoke, tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "records:\n", "disputes:\n  - {id: when, question: When?, field: date}\nrecords:\n"
    )
    said = _refused(talks, tmp_path, text)
    assert "disputes[0].field:" in said and "give its event" in said


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ("    date: 2025-07-15\n    date_precision: month\n", "records[0].date:"),
        ("    date_precision: about\n", "records[0].date_precision:"),
    ],
)
def test_a_date_precision_agrees_with_its_date(talks: Invoke, tmp_path: Path, fields: str, path: str) -> None:
    assert path in _refused(talks, tmp_path, _with_record_fields(MINIMAL, fields))


def test_a_month_is_dated_by_its_first_day(talks: Invoke, tmp_path: Path) -> None:
    text = _with_record_fields(MINIMAL, "    date: 2025-07-01\n    date_precision: month\n")
    result = talks("--data", str(write_dataset(tmp_path, text)), "records", "--format", "plain")
    assert result.exit_code == 0 and "\t2025-07\t" in result.stdout


@pytest.mark.parametrize("digits", [19, 5000])
def test_an_integer_beyond_any_count_is_a_data_error_at_its_path(
    talks: Invoke, tmp_path: Path, digits: int
) -> None:
    text = _with_record_fields(MINIMAL, f"    figures: [{{what: prisoners, value: {'9' * digits}}}]\n")
    said = _refused(talks, tmp_path, text)
    assert "records[0].figures[0].value:" in said and f"{digits:,} digits" in said
    assert len(said) < 1000  # the number is not printed whole


# "North" written with a letter of another script drawn like a Latin one.
@pytest.mark.parametrize(
    "alias",
    [
        "N\u0585rth",  # Armenian small letter oh
        "N\u2c9frth",  # Coptic small letter o
        "\u0274orth",  # Latin letter small capital n
        "\u039dorth",  # Greek capital letter nu
        "Nort\u04bb",  # Cyrillic small letter shha
    ],
)
def test_a_look_alike_of_another_name_is_refused_in_every_script(
    talks: Invoke, tmp_path: Path, alias: str
) -> None:
    text = MINIMAL.replace("aliases: [S, Sud]", f"aliases: [S, Sud, {alias}]")
    said = _refused(talks, tmp_path, text)
    assert "actors[1].aliases[2]:" in said and "already names actor 'north'" in said


def test_a_name_in_another_script_that_looks_like_no_other_is_accepted(talks: Invoke, tmp_path: Path) -> None:
    text = MINIMAL.replace("aliases: [S, Sud]", "aliases: [S, Sud, Юг, Հարավ]")
    assert talks("--data", str(write_dataset(tmp_path, text)), "records").exit_code == 0
