"""The whole dataset written to a file, in the format its suffix names, for people who outgrow a
command line: JSON (the dataset itself), JSON Lines (one object a line, each with its `type`),
CSV (records flattened with their source's address, their event's date and their document),
and SQLite (a table per kind of object, foreign keys, a joined view and a full-text index,
ready for Datasette and sqlite-utils).

A file is written beside its target and published whole (`publish.py`), so a failed or
interrupted export leaves no half-written or temporary file; an existing file is replaced only
when the caller says so.
"""

from __future__ import annotations

import datetime
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import msgspec

from . import __version__
from .catalog import Catalog
from .errors import TargetExists, UsageError, WriteError
from .model import SECTIONS, Dataset, Figure, Record
from .shape import FieldInfo, fields, section_type, singular
from .text import visible
from .wording import figure_text

# What a spreadsheet needs beside a record's own fields, which come from the model.
RECORD_EXTRAS = ("when", "event_date", "url", "page", "document_title")


SQLITE_SUFFIXES = (".db", ".sqlite")


def metadata_target(target: Path, chosen: Path | None) -> Path | None:
    """Where the Datasette metadata of an export to `target` goes: `chosen`, else beside a
    SQLite file (`talks.db` -> `talks.metadata.json`); None for the other formats."""
    if target.suffix.lower() not in SQLITE_SUFFIXES:
        if chosen is not None:
            raise UsageError("--metadata goes with a SQLite export (.db or .sqlite)")
        return None
    found = chosen or target.with_name(f"{target.stem}.metadata.json")
    if found.absolute() == target.absolute():
        raise UsageError("--metadata must name another file than the database")
    return found


def export(catalog: Catalog, target: Path, *, replace: bool, metadata: Path | None = None) -> int:
    """Write the dataset to `target`, and Datasette's metadata to `metadata` if given; the
    number of records written.

    Published with `publish.publish`: a failed or interrupted export leaves whatever was at
    `target` as it was, and no temporary file; without `replace`, nothing at `target` (even a
    file that appears while the export runs) is ever replaced. The metadata is built first and
    published the same way once the database is in place: an existing metadata file (without
    `replace`) refuses the export before anything is written, a database that cannot be written
    leaves both files as they were, and a metadata file that cannot be written is the error
    reported, with the new database already in place.
    """
    from .publish import publish

    writers: dict[str, Callable[[Catalog, Path], None]] = {
        ".json": _json,
        ".jsonl": _jsonl,
        ".csv": _csv,
        ".db": _sqlite,
        ".sqlite": _sqlite,
    }
    writer = writers.get(target.suffix.lower())
    if writer is None:
        raise UsageError(
            f"cannot tell the format of '{visible(target.name)}': its name must end in {', '.join(writers)}"
        )
    described = b""
    if metadata is not None:
        if not replace and os.path.lexists(metadata):
            raise TargetExists(str(metadata))
        from .metadata import metadata as datasette_metadata

        described = msgspec.json.format(
            msgspec.json.encode(datasette_metadata(catalog, target.stem)), indent=2
        )

    def write(path: Path) -> None:
        try:
            writer(catalog, path)
        except Exception as error:
            reason = _storage_failure(error)
            if reason is None:
                raise
            raise WriteError(str(target), reason) from None

    def write_metadata(path: Path) -> None:
        path.write_bytes(described + b"\n")

    publish(target, write, replace=replace)
    if metadata is not None:
        publish(metadata, write_metadata, replace=replace)
    return len(catalog.dataset.records)


# SQLite's result codes for a file that cannot be written (a full disk, a file-size limit, a
# read-only or unopenable file, an I/O error): SQLITE_PERM, _READONLY, _IOERR, _FULL, _CANTOPEN.
_SQLITE_STORAGE_CODES = {3, 8, 10, 13, 14}


def _storage_failure(error: Exception) -> str | None:
    """Why the storage refused a write, for errors that are not OSError (SQLite's); else None."""
    sqlite3 = sys.modules.get("sqlite3")
    if sqlite3 is not None and isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        if isinstance(code, int) and code & 0xFF in _SQLITE_STORAGE_CODES:
            return str(error)
    return None


def flat_record(catalog: Catalog, record: Record) -> dict[str, str]:
    """A record as one row of text cells: every field of the model (a nested object as one
    column per field, a list joined by " | ", figures worded as everywhere else), then what a
    spreadsheet needs beside it: its date, its source's address and kind of page, its document."""
    document = catalog.documents.get(record.document or "")
    source = catalog.sources[record.source]
    extras = {
        "when": catalog.when(record).isoformat(),
        "event_date": catalog.events[record.event].date.isoformat() if record.event else "",
        "url": source.url or "",
        "page": source.page or "",
        "document_title": document.title if document else "",
    }
    return flat(record) | extras


def csv_columns() -> list[str]:
    """The columns of the CSV export: the record's fields, flattened, then RECORD_EXTRAS."""
    return [name for info in fields(Record) for name in _flat_names(info)] + list(RECORD_EXTRAS)


def _flat_names(info: FieldInfo) -> list[str]:
    if info.shape == "struct":
        return [f"{info.name}_{inner.name}" for inner in fields(info.type)]
    return [info.name]


def flat(item: msgspec.Struct) -> dict[str, str]:
    """`item`'s fields as text cells, named as `_flat_names` names them."""
    cells: dict[str, str] = {}
    for info in fields(type(item)):
        value = getattr(item, info.name)
        if info.shape == "struct":
            for inner in fields(info.type):
                cells[f"{info.name}_{inner.name}"] = _cell(getattr(value, inner.name) if value else None)
        elif info.shape == "structs":
            cells[info.name] = " | ".join(_item_text(each) for each in value)
        elif info.shape == "values":
            cells[info.name] = " | ".join(_cell(each) for each in value)
        else:
            cells[info.name] = _cell(value)
    return cells


def _item_text(item: msgspec.Struct) -> str:
    if isinstance(item, Figure):
        return figure_text(item)
    return ", ".join(f"{k}: {v}" for k, v in flat(item).items() if v)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _json(catalog: Catalog, path: Path) -> None:
    path.write_bytes(msgspec.json.format(msgspec.json.encode(catalog.dataset), indent=2) + b"\n")


def _jsonl(catalog: Catalog, path: Path) -> None:
    encoder = msgspec.json.Encoder()
    header = {
        "type": "dataset",
        **{
            f.name: msgspec.to_builtins(getattr(catalog.dataset, f.name))
            for f in fields(Dataset)
            if f.shape == "value"
        },
    }
    with path.open("wb") as handle:
        handle.write(encoder.encode(header) + b"\n")
        for section in SECTIONS:
            for item in getattr(catalog.dataset, section):
                handle.write(encoder.encode({"type": singular(section), **msgspec.to_builtins(item)}) + b"\n")


def _csv(catalog: Catalog, path: Path) -> None:
    from .render import write_csv

    names = csv_columns()
    rows: list[list[str | list[str]]] = [list(names)]
    for record in catalog.dataset.records:
        flat_row = flat_record(catalog, record)
        rows.append([flat_row[name] for name in names])
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_csv(handle, rows)


# --- SQLite ------------------------------------------------------------------------------------
# One table per section of the dataset, its columns and link tables read from the model
# (`shape`): a field is a column (a nested object, one column per field, prefixed), a list of
# ids or values is a link table `<item>_<field>`, a list of objects a child table with its
# position. References are foreign keys, deferred so that rows go in in any order.

_SQL_TYPES = {int: "INTEGER", bool: "INTEGER"}


class Table(msgspec.Struct):
    name: str
    columns: list[str]  # SQL column definitions
    names: list[str]  # column names, in order
    keys: list[str] = []  # table constraints
    description: str = ""  # what a row is, from the model's descriptions (`shape`)
    descriptions: dict[str, str] = {}  # column name to what it holds


def _reference(section: str | None) -> str:
    return f" REFERENCES {section}(id) DEFERRABLE INITIALLY DEFERRED" if section else ""


def _column(name: str, info: FieldInfo, *, in_optional: bool = False) -> str:
    """A column for `info`; NOT NULL unless the field, or the object it is in, may be null."""
    sql = _SQL_TYPES.get(info.type, "TEXT")
    not_null = "" if info.nullable or in_optional else " NOT NULL"
    return f"{name} {sql}{not_null}{_reference(info.ref)}"


def tables() -> list[Table]:
    """Every table of the SQLite export, parents first, each described from the model."""
    found: list[Table] = []
    sections = {info.name: info for info in fields(Dataset)}
    for section in SECTIONS:
        owner = singular(section)
        main = Table(section, [], [], description=sections[section].description)
        found.append(main)
        for info in fields(section_type(section)):
            _place(
                found,
                main,
                section,
                [owner],
                info,
                parent_keys=[f"{owner} TEXT NOT NULL{_reference(section)}"],
                key_notes={owner: f"The {owner} the row belongs to (an id in {section})."},
            )
    return found


def _stem(description: str) -> str:
    return description.rstrip(".") or "A value"


def _place(
    found: list[Table],
    table: Table,
    section: str,
    prefix: list[str],
    info: FieldInfo,
    parent_keys: list[str],
    key_notes: dict[str, str],
) -> None:
    """Add `info` to `table`: a column, columns for a nested object, or a table of its own
    (a link table for a list of values, a child table for a list of objects)."""
    holder = prefix[-1]  # what holds the field: record, event, delegation…
    if info.shape == "value":
        definition = _column(info.name, info)
        if info.name == "id" and table.name == section:
            definition = "id TEXT PRIMARY KEY"
        table.columns.append(definition)
        table.names.append(info.name)
        table.descriptions[info.name] = info.description
    elif info.shape == "struct":
        for inner in fields(info.type):
            name = f"{info.name}_{inner.name}"
            table.columns.append(_column(name, inner, in_optional=info.nullable))
            table.names.append(name)
            inner_text = inner.description[:1].lower() + inner.description[1:]
            table.descriptions[name] = f"{_stem(info.description)}: {inner_text}"
    elif info.shape == "values":
        name = "_".join([*prefix, info.name])
        value = _column(singular(info.name), info)
        column = value.split()[0]
        target = f", an id in {info.ref}" if info.ref else ""
        found.append(
            Table(
                name,
                [*parent_keys, "position INTEGER NOT NULL", value],
                [*_key_names(parent_keys), "position", column],
                description=f"{_stem(info.description)}: one row for each of {_a(holder)}'s {info.name}"
                + (f", linking {_plural(holder)} to {info.ref}." if info.ref else "."),
                descriptions=key_notes
                | {
                    "position": _position_note(holder, info.name),
                    column: f"{_stem(info.description)}: one a row{target}.",
                },
            )
        )
    else:
        name = "_".join([*prefix, info.name])
        child = Table(
            name,
            [*parent_keys, "position INTEGER NOT NULL"],
            [*_key_names(parent_keys), "position"],
            [f"PRIMARY KEY ({', '.join([*_key_names(parent_keys), 'position'])})"],
            description=f"{_stem(info.description)}: one row for each of {_a(holder)}'s {info.name}.",
            descriptions=key_notes | {"position": _position_note(holder, info.name)},
        )
        found.append(child)
        position = f"{singular(info.name)}_position"
        notes = key_notes | {position: f"Which of the {holder}'s {info.name} it belongs to (its position)."}
        for inner in fields(info.type):
            _place(
                found,
                child,
                section,
                [*prefix, singular(info.name)],
                inner,
                [*parent_keys, f"{position} INTEGER NOT NULL"],
                notes,
            )


def _position_note(holder: str, field: str) -> str:
    return f"Its place in the {holder}'s list of {field}, from 0."


def _a(name: str) -> str:
    return f"an {name}" if name[:1] in "aeiou" else f"a {name}"


def _plural(name: str) -> str:
    return {"person": "people"}.get(name, name + "s")


def _key_names(definitions: list[str]) -> list[str]:
    return [d.split()[0] for d in definitions]


def _rows(dataset: Dataset) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """(table, row) for every row of the database, in the order `tables` gives them."""
    for section in SECTIONS:
        owner = singular(section)
        for item in getattr(dataset, section):
            yield from _item_rows(section, [owner], item, [item.id])


def _item_rows(
    table: str, prefix: list[str], item: msgspec.Struct, keys: list[Any]
) -> Iterator[tuple[str, tuple[Any, ...]]]:
    row: list[Any] = [] if len(keys) == 1 else list(keys)
    children: list[tuple[str, tuple[Any, ...]]] = []
    for info in fields(type(item)):
        value = getattr(item, info.name)
        if info.shape == "value":
            row.append(_sql(value))
        elif info.shape == "struct":
            row += [
                _sql(getattr(value, inner.name)) if value is not None else None for inner in fields(info.type)
            ]
        elif info.shape == "values":
            name = "_".join([*prefix, info.name])
            children += [(name, (*keys, position, _sql(each))) for position, each in enumerate(value)]
        else:
            name = "_".join([*prefix, info.name])
            for position, each in enumerate(value):
                children += _item_rows(name, [*prefix, singular(info.name)], each, [*keys, position])
    yield table, tuple(row)
    yield from children


def _sql(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _derived_rows(catalog: Catalog) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Rows of the DERIVED tables, from the code the commands use."""
    from .catalog import Filters
    from .outcomes import outcomes_of
    from .views import delivered_lines

    for outcome in outcomes_of(catalog, Filters()):
        dates = [catalog.when(record).isoformat() for record in outcome.implementations]
        yield (
            "outcomes",
            (
                outcome.record.id,
                outcome.progress,
                " | ".join(delivered_lines(outcome)),
                len(outcome.implementations),
                min(dates, default=None),
                max(dates, default=None),
            ),
        )


def schema_sql() -> str:
    statements = [
        "PRAGMA foreign_keys = ON;",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    ]
    for table in [*tables(), *DERIVED]:
        body = ",\n    ".join([*table.columns, *table.keys])
        statements.append(f"CREATE TABLE {table.name} (\n    {body});")
    statements += [_EXTRAS, _full_text_sql()]
    return "\n".join(statements)


# Tables derived from the records by talks's own rules, so that SQL never re-derives them:
# each outcome's progress, computed by `outcomes.py` exactly as `talks outcomes` computes it.
DERIVED = [
    Table(
        "outcomes",
        [
            f"id TEXT PRIMARY KEY{_reference('records')}",
            "progress TEXT NOT NULL",
            "delivered TEXT NOT NULL",
            "implementations INTEGER NOT NULL",
            "first_implemented TEXT",
            "last_implemented TEXT",
        ],
        ["id", "progress", "delivered", "implementations", "first_implemented", "last_implemented"],
        description=(
            "What the talks produced (records of kind outcome), with how far each was carried out, "
            "derived by talks from the records that implement it, as `talks outcomes` shows it."
        ),
        descriptions={
            "id": "The outcome's record (an id in records).",
            "progress": (
                "implemented, partly implemented, under way or not implemented, from the records "
                "that carry it out; (disputed) or (unconfirmed) when one of them is."
            ),
            "delivered": "For each figure the outcome sets: what its implementations delivered, of what.",
            "implementations": "How many records carry it out (records whose implements names it).",
            "first_implemented": "The date of the first record that carries it out.",
            "last_implemented": "The date of the last record that carries it out.",
        },
    )
]

# Columns of each table that its full-text index (`<table>_fts`) holds.
FULL_TEXT = {
    "records": ("summary", "quote", "note"),
    "events": ("name", "place", "venue"),
    "documents": ("title", "note"),
    "sources": ("title", "publisher", "note"),
}

# A view that joins what a reader of a record wants beside it (its date: its own, else its
# event's, as `when` everywhere in talks), and indexes for the usual filters.
_EXTRAS = """
CREATE INDEX records_event ON records(event);
CREATE INDEX records_topic ON records(topic);
CREATE INDEX records_side ON records(side);
CREATE VIEW records_cited AS
    SELECT records.*, COALESCE(records.date, events.date) AS "when",
           events.name AS event_name, events.date AS event_date,
           sources.title AS source_title, sources.publisher AS source_publisher,
           sources.url AS source_url, sources.page AS source_page, documents.title AS document_title
    FROM records
    LEFT JOIN events ON events.id = records.event
    JOIN sources ON sources.id = records.source
    LEFT JOIN documents ON documents.id = records.document;
"""


def _full_text_sql() -> str:
    """Each full-text index, declared with content="table" in double quotes: Datasette and
    sqlite-utils detect an index only so (not with content='table')."""
    return "\n".join(
        f"CREATE VIRTUAL TABLE {table}_fts USING fts5(\n"
        f'    {", ".join(columns)}, content="{table}", content_rowid="rowid");'
        for table, columns in FULL_TEXT.items()
    )


def _sqlite(catalog: Catalog, path: Path) -> None:
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        connection.executescript(schema_sql())
        with connection:
            dataset = catalog.dataset
            meta = [(f.name, _sql(getattr(dataset, f.name))) for f in fields(Dataset) if f.shape == "value"]
            connection.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [(key, str(value)) for key, value in meta if value is not None]
                + [("talks_version", __version__)],
            )
            for table, row in [*_rows(dataset), *_derived_rows(catalog)]:
                marks = ", ".join("?" * len(row))
                connection.execute(f"INSERT INTO {table} VALUES ({marks})", row)
            for table, columns in FULL_TEXT.items():
                names = ", ".join(columns)
                connection.execute(
                    f"INSERT INTO {table}_fts (rowid, {names}) SELECT rowid, {names} FROM {table}"
                )
    finally:
        connection.close()
