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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

from talks_cli.dataset.fields import FieldInfo, fields, singular
from talks_cli.dataset.model import SCHEMA_VERSION, SECTIONS, Dataset, Figure, Record
from talks_cli.dataset.wording import figure_text
from talks_cli.errors import UsageError, WriteError
from talks_cli.export.sqlite import write_sqlite
from talks_cli.query.catalog import Catalog
from talks_cli.text import visible

# What a spreadsheet needs beside a record's own fields, which come from the model.
RECORD_EXTRAS = ("when", "when_end", "when_precision", "event_date", "url", "page", "document_title")


SQLITE_SUFFIXES = (".db", ".sqlite")


def metadata_target(target: Path, chosen: Path | None) -> Path | None:
    """Where the Datasette metadata of an export to `target` goes: `chosen`, else beside a
    SQLite file (`talks.db` -> `talks.metadata.json`); None for the other formats."""
    if target.suffix.lower() not in SQLITE_SUFFIXES:
        if chosen is not None:
            raise UsageError("--metadata goes with a SQLite export (.db or .sqlite)")
        return None
    from talks_cli.export.publish import same_file

    found = chosen or target.with_name(f"{target.stem}.metadata.json")
    if same_file(found, target):
        raise UsageError(
            f"the metadata file {visible(str(found))} is the database {visible(str(target))} under "
            "another name; --metadata must name another file"
        )
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
    from talks_cli.export.publish import check_target, publish

    writers: dict[str, Callable[[Catalog, Path], None]] = {
        ".json": _json,
        ".jsonl": _jsonl,
        ".csv": _csv,
        ".db": write_sqlite,
        ".sqlite": write_sqlite,
    }
    writer = writers.get(target.suffix.lower())
    if writer is None:
        raise UsageError(
            f"cannot tell the format of '{visible(target.name)}': its name must end in {', '.join(writers)}"
        )
    described = b""
    if metadata is not None:
        check_target(metadata, replace=replace)  # refused before the database is written
        from talks_cli.export.datasette import metadata as datasette_metadata

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
        "when_end": end.isoformat() if (end := catalog.when_end(record)) else "",
        "when_precision": catalog.when_precision(record),
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


# JSON as `--json` writes it: controls, bidi characters and noncharacters escaped as \\u
# sequences, so that the file reads back with talks (`--data`), whose YAML reader refuses C1
# controls written raw, and `cat`s safely.


def _json(catalog: Catalog, path: Path) -> None:
    from talks_cli.render.writers import json_text

    dataset = msgspec.structs.replace(catalog.dataset, schema_version=SCHEMA_VERSION)
    path.write_text(json_text(dataset) + "\n", encoding="utf-8")


def _jsonl(catalog: Catalog, path: Path) -> None:
    from talks_cli.render.writers import json_text

    header = {
        "type": "dataset",
        **{
            f.name: msgspec.to_builtins(getattr(catalog.dataset, f.name))
            for f in fields(Dataset)
            if f.shape == "value"
        },
        "schema_version": SCHEMA_VERSION,
    }
    with path.open("w", encoding="utf-8") as handle:
        handle.write(json_text(header, indent=0) + "\n")
        for section in SECTIONS:
            for item in getattr(catalog.dataset, section):
                line = json_text({"type": singular(section), **msgspec.to_builtins(item)}, indent=0)
                handle.write(line + "\n")


def _csv(catalog: Catalog, path: Path) -> None:
    from talks_cli.render.writers import write_csv

    names = csv_columns()
    rows: list[list[str | list[str]]] = [list(names)]
    for record in catalog.dataset.records:
        flat_row = flat_record(catalog, record)
        rows.append([flat_row[name] for name in names])
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_csv(handle, rows)
