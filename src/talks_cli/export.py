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
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import msgspec

from . import __version__
from .catalog import Catalog
from .errors import UsageError, WriteError
from .model import SECTIONS, Dataset, Figure, Record
from .shape import FieldInfo, fields, section_type, singular
from .text import visible
from .wording import figure_text

# What a spreadsheet needs beside a record's own fields, which come from the model.
RECORD_EXTRAS = ("when", "event_date", "url", "page", "document_title")


def export(catalog: Catalog, target: Path, *, replace: bool) -> int:
    """Write the dataset to `target`; the number of records written.

    Published with `publish.publish`: a failed or interrupted export leaves whatever was at
    `target` as it was, and no temporary file; without `replace`, nothing at `target` (even a
    file that appears while the export runs) is ever replaced.
    """
    from .publish import publish

    writers: dict[str, Callable[[Catalog, Path], None]] = {
        ".json": _json,
        ".jsonl": _jsonl,
        ".csv": _csv,
        ".db": _sqlite,
    }
    writer = writers.get(target.suffix.lower())
    if writer is None:
        raise UsageError(
            f"cannot tell the format of '{visible(target.name)}': its name must end in {', '.join(writers)}"
        )

    def write(path: Path) -> None:
        try:
            writer(catalog, path)
        except Exception as error:
            reason = _storage_failure(error)
            if reason is None:
                raise
            raise WriteError(str(target), reason) from None

    publish(target, write, replace=replace)
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


def _reference(section: str | None) -> str:
    return f" REFERENCES {section}(id) DEFERRABLE INITIALLY DEFERRED" if section else ""


def _column(name: str, info: FieldInfo, *, in_optional: bool = False) -> str:
    """A column for `info`; NOT NULL unless the field, or the object it is in, may be null."""
    sql = _SQL_TYPES.get(info.type, "TEXT")
    not_null = "" if info.nullable or in_optional else " NOT NULL"
    return f"{name} {sql}{not_null}{_reference(info.ref)}"


def tables() -> list[Table]:
    """Every table of the SQLite export, parents first."""
    found: list[Table] = []
    for section in SECTIONS:
        owner = singular(section)
        main = Table(section, [], [])
        found.append(main)
        for info in fields(section_type(section)):
            _place(
                found,
                main,
                section,
                owner,
                [owner],
                info,
                parent_keys=[f"{owner} TEXT NOT NULL{_reference(section)}"],
            )
    return found


def _place(
    found: list[Table],
    table: Table,
    section: str,
    owner: str,
    prefix: list[str],
    info: FieldInfo,
    parent_keys: list[str],
) -> None:
    if info.shape == "value":
        definition = _column(info.name, info)
        if info.name == "id" and table.name == section:
            definition = "id TEXT PRIMARY KEY"
        table.columns.append(definition)
        table.names.append(info.name)
    elif info.shape == "struct":
        for inner in fields(info.type):
            table.columns.append(_column(f"{info.name}_{inner.name}", inner, in_optional=info.nullable))
            table.names.append(f"{info.name}_{inner.name}")
    elif info.shape == "values":
        name = "_".join([*prefix, info.name])
        value = _column(singular(info.name), info)
        found.append(
            Table(
                name,
                [*parent_keys, "position INTEGER NOT NULL", value],
                [*_key_names(parent_keys), "position", value.split()[0]],
            )
        )
    else:
        name = "_".join([*prefix, info.name])
        child = Table(
            name,
            [*parent_keys, "position INTEGER NOT NULL"],
            [*_key_names(parent_keys), "position"],
            [f"PRIMARY KEY ({', '.join([*_key_names(parent_keys), 'position'])})"],
        )
        found.append(child)
        position_key = f"{singular(info.name)}_position INTEGER NOT NULL"
        for inner in fields(info.type):
            _place(
                found,
                child,
                section,
                owner,
                [*prefix, singular(info.name)],
                inner,
                [*parent_keys, position_key],
            )


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


def schema_sql() -> str:
    statements = [
        "PRAGMA foreign_keys = ON;",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    ]
    for table in tables():
        body = ",\n    ".join([*table.columns, *table.keys])
        statements.append(f"CREATE TABLE {table.name} (\n    {body});")
    statements.append(_EXTRAS)
    return "\n".join(statements)


# A view that joins what a reader of a record wants beside it, indexes for the usual filters,
# and the records' full-text index, declared with content="records" (double quotes: Datasette
# and sqlite-utils detect the index only so).
_EXTRAS = """
CREATE INDEX records_event ON records(event);
CREATE INDEX records_topic ON records(topic);
CREATE INDEX records_side ON records(side);
CREATE VIEW records_cited AS
    SELECT records.*, events.name AS event_name, events.date AS event_date,
           sources.title AS source_title, sources.publisher AS source_publisher,
           sources.url AS source_url, sources.page AS source_page, documents.title AS document_title
    FROM records
    LEFT JOIN events ON events.id = records.event
    JOIN sources ON sources.id = records.source
    LEFT JOIN documents ON documents.id = records.document;
CREATE VIRTUAL TABLE records_fts USING fts5(
    summary, quote, note, content="records", content_rowid="rowid");
"""


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
            for table, row in _rows(dataset):
                marks = ", ".join("?" * len(row))
                connection.execute(f"INSERT INTO {table} VALUES ({marks})", row)
            connection.execute(
                "INSERT INTO records_fts (rowid, summary, quote, note) "
                "SELECT rowid, summary, quote, note FROM records"
            )
    finally:
        connection.close()
