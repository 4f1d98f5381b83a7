"""Every field of the model reaches every projection: the JSON and JSON Lines exports, the
CSV export of records and the SQLite export. What each export holds is written out here, not
computed with the exporter's own code (`shape`), so that a mistake there cannot hide behind
the same mistake here; a field added to `model.py` must be added here too, or a test fails."""

from __future__ import annotations

import csv
import json
import sqlite3
import typing
from pathlib import Path

import msgspec
from helpers import MINIMAL, Invoke, write_dataset

from talks_cli.dataset import model

# The JSON export's keys for each kind of item: the model's fields, in the model's order.
ITEM_KEYS = {
    "sources": [
        "id",
        "title",
        "kind",
        "page",
        "mirror_of",
        "language",
        "publisher",
        "published",
        "url",
        "file",
        "note",
    ],
    "actors": ["id", "name", "role", "aliases"],
    "people": ["id", "name", "actor", "title", "aliases"],
    "topics": ["id", "label", "aliases"],
    "events": [
        "id",
        "name",
        "kind",
        "status",
        "date",
        "date_precision",
        "end",
        "place",
        "venue",
        "aliases",
        "participants",
        "chairs",
        "delegations",
        "sources",
    ],
    "documents": ["id", "title", "kind", "authors", "event", "date", "date_precision", "source", "note"],
    "questions": ["id", "text", "figure"],
    "disputes": ["id", "question", "event", "field"],
    "records": [
        "id",
        "event",
        "side",
        "kind",
        "topic",
        "status",
        "summary",
        "quote",
        "source",
        "locator",
        "people",
        "figures",
        "date",
        "date_precision",
        "document",
        "implements",
        "dispute",
        "related",
        "note",
        "stance",
        "mediators",
        "concerns",
        "reported_by",
        "unconfirmed",
        "completes",
        "confirmed_by",
    ],
}
# A record in the CSV export: its fields (a stance spread over three columns, lists joined),
# then what talks derives for a reader: its date, its event's, its source's address and page.
CSV_COLUMNS = [
    *ITEM_KEYS["records"][: ITEM_KEYS["records"].index("stance")],
    *("stance_question", "stance_position", "stance_condition"),
    *ITEM_KEYS["records"][ITEM_KEYS["records"].index("stance") + 1 :],
    *("when", "when_end", "when_precision", "event_date", "url", "page", "document_title"),
]
# The SQLite export: one table for each list of the dataset, one for each list inside an item
# (its rows keyed by the item and their position), a nested object as columns, and the tables
# talks derives (each outcome's progress); a record's and a document's date as talks gives it are columns.
SQLITE_TABLES = {
    "meta": ["key", "value"],
    "sources": [
        "id",
        "title",
        "kind",
        "page",
        "mirror_of",
        "language",
        "publisher",
        "published",
        "url",
        "file",
        "note",
        "label",
    ],
    "actors": ["id", "name", "role"],
    "actor_aliases": ["actor", "position", "alias"],
    "people": ["id", "name", "actor", "title"],
    "person_aliases": ["person", "position", "alias"],
    "topics": ["id", "label"],
    "topic_aliases": ["topic", "position", "alias"],
    "events": ["id", "name", "kind", "status", "date", "date_precision", "end", "place", "venue"],
    "event_aliases": ["event", "position", "alias"],
    "event_participants": ["event", "position", "actor", "role"],
    "event_chairs": ["event", "position", "chair"],
    "event_delegations": ["event", "position", "side", "head", "source"],
    "event_delegation_members": ["event", "delegation_position", "position", "member"],
    "event_sources": ["event", "position", "source"],
    "documents": [
        "id",
        "title",
        "kind",
        "event",
        "date",
        "date_precision",
        "source",
        "note",
        "when",
        "when_precision",
    ],
    "document_authors": ["document", "position", "author"],
    "questions": ["id", "text", "figure"],
    "disputes": ["id", "question", "event", "field"],
    "records": [
        "id",
        "event",
        "side",
        "kind",
        "topic",
        "status",
        "summary",
        "quote",
        "source",
        "locator",
        "date",
        "date_precision",
        "document",
        "implements",
        "dispute",
        "note",
        "stance_question",
        "stance_position",
        "stance_condition",
        "concerns",
        "reported_by",
        "unconfirmed",
        "completes",
        "when",
        "when_end",
        "when_precision",
    ],
    "record_people": ["record", "position", "person"],
    "record_figures": ["record", "position", "what", "value", "qualifier", "upper", "unit", "cumulative"],
    "record_related": ["record", "position", "related"],
    "record_mediators": ["record", "position", "mediator"],
    "record_confirmed_by": ["record", "position", "source", "locator", "in_substance"],
    "outcomes": ["id", "progress", "delivered", "implementations", "first_implemented", "last_implemented"],
}


def test_the_lists_above_name_every_field_of_the_model() -> None:
    """The check on this file: a field added to the model, and not to the lists above, fails."""
    structs = [v for v in vars(model).values() if isinstance(v, type) and issubclass(v, msgspec.Struct)]
    named = {word for columns in [*ITEM_KEYS.values(), *SQLITE_TABLES.values()] for word in columns}
    named |= {part for name in [*SQLITE_TABLES, *CSV_COLUMNS] for part in name.split("_")}
    missing = [
        f"{cls.__name__}.{name}"
        for cls in structs
        for name in cls.__struct_fields__
        if name not in named and cls is not model.Dataset
    ]
    assert missing == []
    for section, keys in ITEM_KEYS.items():
        item = next(v for v in vars(model).values() if getattr(v, "__struct_fields__", None) == tuple(keys))
        assert section in model.SECTIONS and issubclass(item, msgspec.Struct)


def test_the_sqlite_export_has_a_column_or_a_table_for_every_field(talks: Invoke, tmp_path: Path) -> None:
    data = write_dataset(tmp_path, MINIMAL)
    target = tmp_path / "out.db"
    assert talks("--data", str(data), "export", str(target)).exit_code == 0
    db = sqlite3.connect(target)
    names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    tables = {name: [row[1] for row in db.execute(f"PRAGMA table_info({name})")] for name in names}
    assert {name: columns for name, columns in tables.items() if "_fts" not in name} == SQLITE_TABLES
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    meta = dict(db.execute("SELECT key, value FROM meta"))
    assert {"schema_version", "title"} <= set(meta)


def test_the_csv_export_has_a_column_for_every_field_of_a_record(talks: Invoke, tmp_path: Path) -> None:
    data = write_dataset(tmp_path, MINIMAL)
    target = tmp_path / "out.csv"
    assert talks("--data", str(data), "export", str(target)).exit_code == 0
    assert next(csv.reader(target.open(encoding="utf-8"))) == CSV_COLUMNS


def test_the_json_exports_carry_every_field_of_every_item(talks: Invoke, tmp_path: Path) -> None:
    data = write_dataset(tmp_path, MINIMAL)
    whole, lines = tmp_path / "out.json", tmp_path / "out.jsonl"
    assert talks("--data", str(data), "export", str(whole)).exit_code == 0
    assert talks("--data", str(data), "export", str(lines)).exit_code == 0
    exported = json.loads(whole.read_text(encoding="utf-8"))
    typed = [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()]
    singular = {"people": "person"}
    for section, keys in ITEM_KEYS.items():
        for item in exported[section]:
            assert list(item) == keys
        kind = singular.get(section, section.removesuffix("s"))
        for item in (t for t in typed if t["type"] == kind):
            assert sorted(item) == sorted([*keys, "type"])
    assert {t["type"] for t in typed} >= {"source", "actor", "topic", "event", "record"}


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


def test_every_qualifier_has_its_sense_and_looseness() -> None:
    """A qualifier added to the model without its rules would fail a comparison or a sum."""
    qualifiers = set(typing.get_args(model.Qualifier))
    assert set(model.QUALIFIER_SENSE) == qualifiers == set(model.LOOSENESS)
