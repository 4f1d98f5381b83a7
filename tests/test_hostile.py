"""Hostile data: markup and control characters in a dataset never reach a terminal as codes,
and no input, however broken, gets anything but a valid dataset or a DataError."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from pathlib import Path

import msgspec
import pytest
from helpers import MINIMAL, Invoke, run_in_terminal, write_dataset
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talks_cli.dataset.load import parse
from talks_cli.dataset.model import Dataset
from talks_cli.errors import DataError
from talks_cli.query.catalog import Catalog
from talks_cli.query.compare import compare_columns
from talks_cli.query.filters import Filters
from talks_cli.render.environment import Environment
from talks_cli.render.formats import Format, Output
from talks_cli.render.writers import emit, emit_details
from talks_cli.text import UNSAFE
from talks_cli.views import compare as comparisons
from talks_cli.views import details
from talks_cli.views import listings as views

ATTACKS = [
    "[bold]bold[/bold]",
    "x [/demand] y",
    "[link=https://evil.example]click[/link]",
    ":warning: :pile_of_poo:",
    "\x1b[31mred\x1b[0m",
    "\x1b]0;pwned title\x07",
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "\x9b31m C1 CSI",
    "\u202eevil reversed\u202c",
    "\u2066isolate\u2069",
    "bell\x07 backspace\x08 cr\r del\x7f",
]
SGR = re.compile(r"\x1b\[[0-9;]*m")  # styles rich itself writes


def _invisible(text: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cf") for c in text)


def hostile_dataset(payload: str) -> str:
    """MINIMAL with `payload` in its text fields, and in its names where a name may hold it (a
    name with a control or format character is refused: see the test below)."""
    quoted = json.dumps(payload)  # a JSON string is a valid YAML double-quoted scalar
    text = (
        MINIMAL.replace("summary: North wants a truce.", f"summary: {quoted}")
        .replace("title: A minimal dataset", f"title: {quoted}")
        .replace("locator: page 1", f"locator: {quoted}", 1)
    )
    if _invisible(payload):
        return text
    return text.replace("name: North,", f"name: {quoted},").replace("label: Ceasefire,", f"label: {quoted},")


@pytest.mark.parametrize("payload", [a for a in ATTACKS if _invisible(a)])
def test_a_name_with_a_control_or_format_character_is_refused(
    talks: Invoke, tmp_path: Path, payload: str
) -> None:
    path = write_dataset(tmp_path, MINIMAL.replace("name: North,", f"name: {json.dumps(payload)},"))
    result = talks("--data", str(path), "sides")
    assert result.exit_code == 3
    assert "actors[0].name" in result.stderr and "invisible character U+" in result.stderr
    assert_no_data_controls(result.stderr)


def assert_no_data_controls(output: str) -> None:
    leftover = SGR.sub("", output.replace("\r\n", "\n"))  # a terminal ends its lines with CR LF
    found = UNSAFE.findall(leftover)
    assert not found, f"control characters reached the output: {found!r}"


@pytest.mark.parametrize("payload", ATTACKS)
@pytest.mark.parametrize("fmt", ["--json", "--jsonl", "--csv", "--markdown", "--plain"])
def test_attacks_are_inert_in_every_piped_mode(talks: Invoke, tmp_path: Path, payload: str, fmt: str) -> None:
    path = write_dataset(tmp_path, hostile_dataset(payload))
    for args in (
        ["positions", "north"],
        ["sides"],
        ["show", "north-wants-truce"],
        ["compare"],
        ["search", "truce"],
    ):
        result = talks("--data", str(path), *args, fmt)
        assert result.exit_code == 0, result.stderr
        assert_no_data_controls(result.stdout)


@pytest.mark.parametrize("payload", ATTACKS)
def test_json_keeps_the_data_exactly(talks: Invoke, tmp_path: Path, payload: str) -> None:
    path = write_dataset(tmp_path, hostile_dataset(payload))
    (record, _) = json.loads(talks("--data", str(path), "records", "--json").stdout)
    assert record["summary"] == payload


@pytest.mark.slow
@pytest.mark.parametrize("payload", ATTACKS)
def test_attacks_are_shown_as_text_in_the_terminal_table(tmp_path: Path, payload: str) -> None:
    path = write_dataset(tmp_path, hostile_dataset(payload))
    for args in (["positions", "north"], ["show", "north-wants-truce"], ["sides"]):
        code, screen = run_in_terminal(["--data", str(path), *args], {"TERM": "xterm-256color"}, columns=200)
        assert code == 0
        assert_no_data_controls(screen)
    # Markup is printed as written, not interpreted.
    if payload.startswith("[bold]"):
        assert "[bold]bold[/bold]" in screen or "[bold]" in screen


@pytest.mark.slow
def test_markup_stays_literal_in_the_table(tmp_path: Path) -> None:
    path = write_dataset(tmp_path, hostile_dataset("[bold]x[/bold] :warning: [link=https://e.x]y[/link]"))
    code, screen = run_in_terminal(["--data", str(path), "records"], {"NO_COLOR": "1"}, columns=250)
    assert code == 0
    assert "[bold]x[/bold] :warning: [link=https://e.x]y[/link]" in SGR.sub("", screen)


def test_errors_that_quote_hostile_input_are_inert(talks: Invoke, tmp_path: Path) -> None:
    result = talks("positions", "\x1b]0;pwned\x07")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\\x1b" in result.stderr
    path = write_dataset(tmp_path, MINIMAL.replace("side: south", 'side: "\\e[31mx"'))
    bad = talks("--data", str(path), "records")
    assert bad.exit_code == 3 and "\x1b" not in bad.stderr


# --- properties -------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_bytes_give_a_dataset_or_a_data_error(data: bytes) -> None:
    try:
        assert isinstance(parse(data, "x.yaml"), Dataset)
    except DataError as error:
        assert error.problems


yaml_alphabet = st.sampled_from([*"abc:-[]{}&*!|>'\"#%@`,? \n\t0123456789.~", "\x1b", "é", "\u202e"])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=yaml_alphabet, max_size=200))
def test_any_yaml_like_text_gives_a_dataset_or_a_data_error(text: str) -> None:
    try:
        parse(text.encode(), "x.yaml")
    except DataError as error:
        assert error.problems


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80).filter(lambda s: s.strip() != ""))
def test_text_in_any_field_is_inert_in_every_renderer(value: str) -> None:
    base = msgspec.to_builtins(parse(MINIMAL.encode(), "x.yaml"))
    base["records"][0]["summary"] = value
    base["records"][0]["quote"] = value
    base["actors"][0]["aliases"] = [value]
    base["topics"][0]["label"] = value
    catalog = Catalog(msgspec.convert(base, Dataset))
    listings = [
        views.records(catalog, catalog.dataset.records, value),
        views.sides(catalog),
        comparisons.compare(catalog, compare_columns(catalog, Filters())[1], value, ["north", "south"]),
    ]
    detail = details.record_detail(catalog, catalog.dataset.records[0])
    for fmt in Format:
        output = Output(fmt, color=True, width=120, sides=("north", "south"))
        for listing in listings:
            out = io.StringIO()
            emit(listing, output, Environment(stdout=out, stderr=io.StringIO(), variables={}))
            assert_no_data_controls(out.getvalue())
        out = io.StringIO()
        emit_details(
            [detail], output, Environment(stdout=out, stderr=io.StringIO(), variables={}), many=False
        )
        assert_no_data_controls(out.getvalue())


BAD_INPUTS = {
    "python tag": (b"schema_version: 1\ntitle: !!python/object/apply:os.system ['true']\n", "is not allowed"),
    "unknown tag": (b"schema_version: 1\ntitle: !foo bar\n", "is not allowed"),
    "self alias": (b"schema_version: 1\ntitle: &a [*a]\n", "anchors and aliases"),
    "billion laughs": (
        b"a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n",
        "anchors and aliases",
    ),
    "deep nesting": (b"title: " + b"[" * 3000 + b"]" * 3000 + b"\n", "nesting depth"),
    "duplicate key": (b"schema_version: 1\nschema_version: 1\n", "duplicate key 'schema_version'"),
    "invalid date": (MINIMAL.replace('date: "2025-01-01"', "date: 2001-13-01").encode(), "invalid RFC3339"),
    "implicit bool": (
        MINIMAL.replace("summary: North wants a truce.", "summary: true").encode(),
        "got 'bool'",
    ),
    "not utf-8": (b"schema_version: 1\ntitle: \xff\xfe\n", "is not UTF-8"),
    "random bytes": (bytes(range(256)), "not UTF-8"),
    "empty": (b"", "is empty"),
    "wrong types": (MINIMAL.replace("status: demanded", "status: [1]").encode(), "records[0].status"),
    "unknown field": (
        MINIMAL.replace("locator: page 1", "locatr: page 1", 1).encode(),
        "unknown field 'locatr'",
    ),
    "dangling reference": (
        MINIMAL.replace("source: src", "source: nowhere", 1).encode(),
        "'nowhere' is not in sources",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_each_class_of_bad_input_through_the_cli(talks: Invoke, tmp_path: Path, name: str) -> None:
    content, expected = BAD_INPUTS[name]
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    result = talks("--data", str(path), "positions", "russia", "--json")
    assert result.exit_code == 3, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(f"talks: error: {path}")
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("target", ["missing", "directory"])
def test_missing_path_and_directory_through_the_cli(talks: Invoke, tmp_path: Path, target: str) -> None:
    path = tmp_path / "nope.yaml" if target == "missing" else tmp_path
    result = talks("--data", str(path), "sides")
    assert result.exit_code == 3 and ("no such file" in result.stderr or "is a directory" in result.stderr)
