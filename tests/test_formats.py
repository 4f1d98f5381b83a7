"""Generated formats a dataset cannot break: no noncharacter reaches an SVG (refused at load,
and made visible by the writer besides), and the JSON exports escape every control, bidi and
noncharacter, so that they read back with talks itself and print safely."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import msgspec
import pytest
from helpers import MINIMAL, TRACK, Invoke, write_dataset

from talks_cli.dataset.load import load
from talks_cli.dataset.model import SCHEMA_VERSION, Dataset
from talks_cli.errors import ExitCode
from talks_cli.export.svg import svg
from talks_cli.query.catalog import Catalog
from talks_cli.query.filters import Filters
from talks_cli.views.chart import chart_of

TRUCE = "summary: North wants a truce."


@pytest.mark.parametrize("escape", ["\\uFFFE", "\\uFFFF", "\\uFDD0", "\\U0001FFFE", "\\U0010FFFF"])
def test_a_noncharacter_is_refused_at_load_with_its_field(talks: Invoke, tmp_path: Path, escape: str) -> None:
    path = write_dataset(tmp_path, MINIMAL.replace(TRUCE, f'summary: "North {escape} wants a truce."'))
    result = talks("--data", str(path), "records")
    assert result.exit_code == ExitCode.DATA
    assert "records[0].summary" in result.stderr and "noncharacter" in result.stderr
    assert "remove it" in result.stderr


def test_the_svg_writer_keeps_a_noncharacter_out_of_the_xml() -> None:
    """The last line of defence, for a dataset that did not come through the loader's checks."""
    plain = msgspec.to_builtins(load(TRACK))
    for record in plain["records"]:
        record["summary"] = "a\ufffe\uffff\x1b b"
    for source in plain["sources"]:
        source["title"] = "t\ufdd0"
    dataset = msgspec.convert(plain, Dataset)
    drawn = svg(chart_of(Catalog(dataset), Filters(), "exchanged\ufffe"))
    assert not re.search("[\ufdd0-\ufdef\ufffe\uffff\x00-\x08\x0b\x0c\x0e-\x1f]", drawn)
    ElementTree.fromstring(drawn)  # well-formed XML


RAW = "\x85\x9b\u202e\u2066\x1b\x07"  # NEL and CSI (C1), bidi override and isolate, ESC, BEL


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    escaped = "".join(f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}" for c in RAW)
    return write_dataset(tmp_path, MINIMAL.replace(TRUCE, f'summary: "North{escaped} wants a truce."'))


def test_the_json_export_escapes_controls_and_reads_back_with_talks(
    talks: Invoke, tmp_path: Path, hostile: Path
) -> None:
    exported = tmp_path / "out.json"
    assert talks("--data", str(hostile), "export", str(exported)).exit_code == 0
    text = exported.read_text(encoding="utf-8")
    assert not any(char in text for char in RAW)
    assert "\\u0085" in text and "\\u202e" in text
    original = talks("--data", str(hostile), "records", "--json")
    again = talks("--data", str(exported), "records", "--json")
    assert again.exit_code == 0, again.stderr
    assert json.loads(again.stdout) == json.loads(original.stdout)


def test_the_jsonl_export_escapes_controls_on_every_line(
    talks: Invoke, tmp_path: Path, hostile: Path
) -> None:
    exported = tmp_path / "out.jsonl"
    assert talks("--data", str(hostile), "export", str(exported)).exit_code == 0
    text = exported.read_text(encoding="utf-8")
    assert not any(char in text for char in RAW)
    lines = [json.loads(line) for line in text.splitlines()]
    assert any(line.get("summary", "").startswith("North" + RAW) for line in lines)


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_an_export_states_the_version_of_what_it_holds(talks: Invoke, tmp_path: Path, suffix: str) -> None:
    """A file of version 2 is read as 3 (every field of 3 with its default): an export says 3."""
    two = write_dataset(tmp_path, MINIMAL.replace("schema_version: 3", "schema_version: 2"))
    exported = tmp_path / f"out{suffix}"
    assert talks("--data", str(two), "export", str(exported)).exit_code == 0
    first = json.loads(
        exported.read_text(encoding="utf-8").splitlines()[0]
        if suffix == ".jsonl"
        else exported.read_text(encoding="utf-8")
    )
    assert first["schema_version"] == SCHEMA_VERSION
