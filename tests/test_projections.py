"""Every field of the model reaches every projection: the JSON and JSON Lines exports, the
CSV export of records and the SQLite export. The projections read the model (`shape`), so a
field added to `model.py` appears in all of them or this test fails."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

from helpers import MINIMAL, Invoke, write_dataset

from talks_cli.dataset import fields as shape
from talks_cli.dataset.model import SECTIONS, Dataset, Record


def _every_struct() -> list[tuple[str, type]]:
    """(table prefix, class) for every kind of object a dataset holds, nested ones included."""
    found = []
    for section in SECTIONS:
        pending = [(shape.singular(section), shape.section_type(section))]
        while pending:
            prefix, cls = pending.pop()
            found.append((prefix, cls))
            for info in shape.fields(cls):
                if info.shape == "structs":
                    pending.append((f"{prefix}_{shape.singular(info.name)}", info.type))
    return found


def test_the_sqlite_export_has_a_column_or_a_table_for_every_field(talks: Invoke, tmp_path: Path) -> None:
    data = write_dataset(tmp_path, MINIMAL)
    target = tmp_path / "out.db"
    assert talks("--data", str(data), "export", str(target)).exit_code == 0
    db = sqlite3.connect(target)
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = []
    for section in SECTIONS:
        columns = {row[1] for row in db.execute(f"PRAGMA table_info({section})")}
        for info in shape.fields(shape.section_type(section)):
            prefix = shape.singular(section)
            if info.shape == "value":
                found = info.name in columns
            elif info.shape == "struct":
                found = all(f"{info.name}_{inner.name}" in columns for inner in shape.fields(info.type))
            else:
                found = f"{prefix}_{info.name}" in tables
            if not found:
                missing.append(f"{section}.{info.name}")
    for prefix, cls in _every_struct():
        for info in shape.fields(cls):
            if info.shape in ("values", "structs") and f"{prefix}_{info.name}" not in tables:
                missing.append(f"{prefix}.{info.name}")
    assert missing == []
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    meta = dict(db.execute("SELECT key, value FROM meta"))
    assert {info.name for info in shape.fields(Dataset) if info.shape == "value"} - {
        "as_of",
        "coverage",
    } <= set(meta)


def test_the_csv_export_has_a_column_for_every_field_of_a_record(talks: Invoke, tmp_path: Path) -> None:
    data = write_dataset(tmp_path, MINIMAL)
    target = tmp_path / "out.csv"
    assert talks("--data", str(data), "export", str(target)).exit_code == 0
    header = next(csv.reader(target.open(encoding="utf-8")))
    for info in shape.fields(Record):
        if info.shape == "struct":
            assert all(f"{info.name}_{inner.name}" in header for inner in shape.fields(info.type))
        else:
            assert info.name in header, info.name


def test_the_json_exports_carry_every_field_of_every_item(talks: Invoke, tmp_path: Path) -> None:
    data = write_dataset(tmp_path, MINIMAL)
    whole, lines = tmp_path / "out.json", tmp_path / "out.jsonl"
    assert talks("--data", str(data), "export", str(whole)).exit_code == 0
    assert talks("--data", str(data), "export", str(lines)).exit_code == 0
    exported = json.loads(whole.read_text(encoding="utf-8"))
    typed = [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()]
    for section in SECTIONS:
        names = {info.name for info in shape.fields(shape.section_type(section))}
        for item in exported[section]:
            assert set(item) == names
        for item in (t for t in typed if t["type"] == shape.singular(section)):
            assert set(item) == names | {"type"}


def test_figures_are_worded_in_the_export_as_in_every_listing(talks: Invoke, tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "summary: North wants a truce.",
        "summary: North wants a truce.\n    figures:\n"
        "      - {what: truce length, value: 24, upper: 48, unit: hours}\n"
        "      - {what: share, value: 30, qualifier: under, unit: '%'}",
    )
    data = write_dataset(tmp_path, text)
    target = tmp_path / "out.csv"
    assert talks("--data", str(data), "export", str(target)).exit_code == 0
    exported = {row["id"]: row["figures"] for row in csv.DictReader(target.open(encoding="utf-8"))}
    listed = {
        row["id"]: row["figures"]
        for row in csv.DictReader(talks("--data", str(data), "records", "--csv").stdout.splitlines())
    }
    assert exported == listed
    assert "truce length: 24 to 48 hours | share: under 30 %" in exported.values()


def test_field_names_without_annotations_are_the_fields_of_the_model() -> None:
    # shape.names (for listings, on the warm path) and shape.fields (typing's introspection)
    # give the same names in the same order, for every kind of object in the model.
    import msgspec

    from talks_cli.dataset import fields as shape
    from talks_cli.dataset import model

    kinds = [v for v in vars(model).values() if isinstance(v, type) and issubclass(v, msgspec.Struct)]
    assert len(kinds) > 10
    for kind in kinds:
        assert shape.names(kind) == tuple(info.name for info in shape.fields(kind)), kind
