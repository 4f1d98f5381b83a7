"""The SQLite export, for Datasette and sqlite-utils: one table per section of the dataset,
its columns and link tables read from the model (`shape`), foreign keys, what talks derives (each
record's and document's date, each outcome's progress), a joined view and full-text indexes."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import msgspec

from talks_cli import __version__
from talks_cli.dataset.fields import FieldInfo, describe, fields, section_type, singular
from talks_cli.dataset.index import SEARCHED
from talks_cli.dataset.model import SECTIONS, Dataset
from talks_cli.dataset.wording import delivered_lines, source_label
from talks_cli.query.catalog import Catalog
from talks_cli.query.outcomes import PROGRESS_WORDS

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


# A column that names each row where none of the model's may: a source's title is null where
# it is not known. Datasette labels the links to a row by it (`datasette.LABELS`).
LABEL = "label"
_LABELLED: dict[str, tuple[str, Callable[[Any], str]]] = {
    "sources": ("What names the source: its title, else its publisher and date, else its id.", source_label),
}


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
        if section in _LABELLED:
            main.columns.append(f"{LABEL} TEXT NOT NULL")
            main.names.append(LABEL)
            main.descriptions[LABEL] = _LABELLED[section][0]
        for name, sql, description, _ in DATED.get(section, ()):
            main.columns.append(f'"{name}" {sql}')
            main.names.append(name)
            main.descriptions[name] = description
    return found


# Columns a section's table holds beside its fields: the date talks gives each record and
# document (derived by `catalog`, as every command shows it), so that a table sorts as talks does.
DATED: dict[str, tuple[tuple[str, str, str, Callable[[Catalog, Any], Any]], ...]] = {
    "records": (
        (
            "when",
            "TEXT NOT NULL",
            "The record's date as talks gives it: its own, else its event's, else its "
            "document's (YYYY-MM-DD).",
            lambda catalog, record: catalog.when(record).isoformat(),
        ),
        (
            "when_end",
            "TEXT",
            "The last day of the event's span the record is dated by, where it lasted several days.",
            lambda catalog, record: _sql(catalog.when_end(record)),
        ),
        (
            "when_precision",
            "TEXT NOT NULL",
            "How precise `when` is: day, about or month, from what gives the date.",
            lambda catalog, record: catalog.when_precision(record),
        ),
    ),
    "documents": (
        (
            "when",
            "TEXT NOT NULL",
            "The document's date as talks gives it: its own, else its event's (YYYY-MM-DD).",
            lambda catalog, document: catalog.document_date(document).isoformat(),
        ),
        (
            "when_precision",
            "TEXT NOT NULL",
            "How precise `when` is: day, about or month.",
            lambda catalog, document: catalog.when_precision(document),
        ),
    ),
}


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


def _rows(catalog: Catalog) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """(table, row) for every row of the database, in the order `tables` gives them."""
    for section in SECTIONS:
        owner = singular(section)
        label = _LABELLED[section][1] if section in _LABELLED else None
        dated = DATED.get(section, ())
        for item in getattr(catalog.dataset, section):
            rows = _item_rows(section, [owner], item, [item.id])
            table, row = next(rows)  # the item's own row comes first
            labelled = (label(item),) if label else ()
            yield table, (*row, *labelled, *(derive(catalog, item) for *_, derive in dated))
            yield from rows


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
    from talks_cli.query.filters import Filters
    from talks_cli.query.outcomes import outcomes_of

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
# each outcome's progress, computed by `outcomes.py` exactly
# as `talks outcomes` computes it.
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
                f"{describe('progress')} One of: {', '.join(PROGRESS_WORDS)}; with (disputed) or "
                "(unconfirmed) when a record that carries it out is."
            ),
            "delivered": f"{describe('delivered')} As text: each figure's what and amount.",
            "implementations": "How many records carry it out (records whose implements names it).",
            "first_implemented": "The date of the first record that carries it out.",
            "last_implemented": "The date of the last record that carries it out.",
        },
    ),
]

# Columns of each table that its full-text index (`<table>_fts`) holds: the text `talks search`
# looks in (its ids are for talks's own search; aliases have tables of their own).
FULL_TEXT = {
    table: tuple(name for name in SEARCHED[table] if name not in ("id", "aliases"))
    for table in ("records", "events", "documents", "sources")
}

# A view that joins what a reader of a record wants beside it, and indexes for the usual filters.
_EXTRAS = """
CREATE INDEX records_event ON records(event);
CREATE INDEX records_topic ON records(topic);
CREATE INDEX records_side ON records(side);
CREATE VIEW records_cited AS
    SELECT records.*,
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


def write_sqlite(catalog: Catalog, path: Path) -> None:
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
            for table, row in [*_rows(catalog), *_derived_rows(catalog)]:
                marks = ", ".join("?" * len(row))
                connection.execute(f"INSERT INTO {table} VALUES ({marks})", row)
            for table, columns in FULL_TEXT.items():
                names = ", ".join(columns)
                connection.execute(
                    f"INSERT INTO {table}_fts (rowid, {names}) SELECT rowid, {names} FROM {table}"
                )
    finally:
        connection.close()
