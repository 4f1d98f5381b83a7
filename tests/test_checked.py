"""Every field checked at load: versions and fields agree, a dispute's field has its event, a
date's precision fits the date, numbers are bounded, and no name passes for another in any
script Unicode knows to look like Latin."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import MINIMAL, Invoke, write_dataset

from talks_cli.dataset import fields as shape
from talks_cli.dataset import model
from talks_cli.dataset.model import ADDED_IN_3
from talks_cli.errors import ExitCode

TWO = MINIMAL.replace("schema_version: 3", "schema_version: 2")
FIRST_RECORD = "    locator: page 1\n  - id: south-refuses-truce"


def _with_record_fields(text: str, fields: str) -> str:
    """`text` with `fields` (YAML lines) added to its first record."""
    return text.replace(FIRST_RECORD, f"    locator: page 1\n{fields}  - id: south-refuses-truce", 1)


def _refused(talks: Invoke, tmp_path: Path, text: str) -> str:
    result = talks("--data", str(write_dataset(tmp_path, text)), "records")
    assert result.exit_code == ExitCode.DATA, result.stderr
    return result.stderr


@pytest.mark.parametrize(
    ("text", "path"),
    [
        (
            _with_record_fields(TWO, "    date_precision: about\n    date: 2025-01-01\n"),
            "records[0].date_precision",
        ),
        (TWO.replace("kind: web-page,", "kind: web-page, page: outlet,"), "sources[0].page"),
        (TWO.replace("kind: round, date", "kind: truce, date"), "events[0].kind"),
        (TWO.replace("title: A page,", ""), "sources[0].title"),
        (TWO.replace("title: A minimal dataset", "title: A minimal dataset\nas_of: 2025-02-01"), "as_of"),
    ],
)
def test_a_version_2_file_using_what_3_added_is_told_to_say_3(
    talks: Invoke, tmp_path: Path, text: str, path: str
) -> None:
    said = _refused(talks, tmp_path, text)
    assert f"{path}:" in said and "new in schema_version 3" in said and "set schema_version: 3" in said


def test_a_version_2_file_without_what_3_added_still_reads(talks: Invoke, tmp_path: Path) -> None:
    assert talks("--data", str(write_dataset(tmp_path, TWO)), "records").exit_code == 0


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


def test_every_addition_of_version_3_names_a_field_and_a_value_of_the_model() -> None:
    """ADDED_IN_3 is data the version check reads: a field renamed or moved must fail here."""
    for entry in ADDED_IN_3:
        owner, _, rest = entry.partition(".")
        name, equals, value = rest.partition("=")
        cls = getattr(model, owner)
        assert name in cls.__struct_fields__, entry
        if equals and value != "null":
            assert value in shape.choices(cls, name), entry
