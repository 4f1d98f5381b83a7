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

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import msgspec

from . import __version__
from .catalog import Catalog
from .errors import UsageError, WriteError
from .model import SCHEMA_VERSION, SECTIONS, Dataset, Record
from .text import visible

RECORD_FIELDS = [
    "id",
    "event",
    "event_date",
    "side",
    "kind",
    "topic",
    "status",
    "summary",
    "quote",
    "source",
    "url",
    "locator",
    "date",
    "document",
    "document_title",
    "figures",
    "people",
    "implements",
    "dispute",
    "related",
    "note",
]


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


def flat_record(catalog: Catalog, record: Record) -> dict[str, Any]:
    """A record with what a spreadsheet needs beside it: its source's URL, event date, document."""
    document = catalog.documents.get(record.document or "")
    return {
        **msgspec.to_builtins(record),
        "event_date": catalog.events[record.event].date.isoformat() if record.event else None,
        "url": catalog.sources[record.source].url,
        "document_title": document.title if document else None,
    }


def _json(catalog: Catalog, path: Path) -> None:
    path.write_bytes(msgspec.json.format(msgspec.json.encode(catalog.dataset), indent=2) + b"\n")


def _jsonl(catalog: Catalog, path: Path) -> None:
    encoder = msgspec.json.Encoder()
    with path.open("wb") as handle:
        handle.write(
            encoder.encode(
                {"type": "dataset", "schema_version": SCHEMA_VERSION, "title": catalog.dataset.title}
            )
            + b"\n"
        )
        for section in SECTIONS:
            kind = section.removesuffix("s") if section != "people" else "person"
            for item in getattr(catalog.dataset, section):
                handle.write(encoder.encode({"type": kind, **msgspec.to_builtins(item)}) + b"\n")


def _csv(catalog: Catalog, path: Path) -> None:
    from .render import write_csv

    def cell(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, list):
            return " | ".join(
                f"{v['what']}: {v['qualifier'] + ' ' if v['qualifier'] != 'exact' else ''}{v['value']}"
                if isinstance(v, dict)
                else str(v)
                for v in value
            )
        return str(value)

    rows: list[list[str | list[str]]] = [list(RECORD_FIELDS)]
    for record in catalog.dataset.records:
        flat = flat_record(catalog, record)
        rows.append([cell(flat[name]) for name in RECORD_FIELDS])
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_csv(handle, rows)


# --- SQLite ------------------------------------------------------------------------------------

SCHEMA = """
PRAGMA foreign_keys = ON;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (
    id TEXT PRIMARY KEY, title TEXT, kind TEXT NOT NULL, language TEXT NOT NULL,
    publisher TEXT, published TEXT, url TEXT, file TEXT, note TEXT);
CREATE TABLE actors (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL);
CREATE TABLE actor_aliases (actor TEXT NOT NULL REFERENCES actors(id), alias TEXT NOT NULL);
CREATE TABLE people (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, actor TEXT REFERENCES actors(id), title TEXT);
CREATE TABLE person_aliases (person TEXT NOT NULL REFERENCES people(id), alias TEXT NOT NULL);
CREATE TABLE topics (id TEXT PRIMARY KEY, label TEXT NOT NULL);
CREATE TABLE topic_aliases (topic TEXT NOT NULL REFERENCES topics(id), alias TEXT NOT NULL);
CREATE TABLE events (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, date TEXT NOT NULL, end_date TEXT,
    place TEXT, venue TEXT);
CREATE TABLE event_participants (
    event TEXT NOT NULL REFERENCES events(id), actor TEXT NOT NULL REFERENCES actors(id),
    role TEXT NOT NULL);
CREATE TABLE event_chairs (
    event TEXT NOT NULL REFERENCES events(id), person TEXT NOT NULL REFERENCES people(id));
CREATE TABLE event_sources (
    event TEXT NOT NULL REFERENCES events(id), source TEXT NOT NULL REFERENCES sources(id));
CREATE TABLE delegations (
    event TEXT NOT NULL REFERENCES events(id), side TEXT NOT NULL REFERENCES actors(id),
    head TEXT REFERENCES people(id), source TEXT NOT NULL REFERENCES sources(id));
CREATE TABLE delegation_members (
    event TEXT NOT NULL REFERENCES events(id), side TEXT NOT NULL REFERENCES actors(id),
    person TEXT NOT NULL REFERENCES people(id));
CREATE TABLE documents (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, kind TEXT NOT NULL, event TEXT REFERENCES events(id),
    date TEXT, source TEXT NOT NULL REFERENCES sources(id), note TEXT);
CREATE TABLE document_authors (
    document TEXT NOT NULL REFERENCES documents(id), actor TEXT NOT NULL REFERENCES actors(id));
CREATE TABLE questions (id TEXT PRIMARY KEY, text TEXT NOT NULL, figure TEXT);
CREATE TABLE disputes (id TEXT PRIMARY KEY, question TEXT NOT NULL);
CREATE TABLE records (
    id TEXT PRIMARY KEY, event TEXT REFERENCES events(id), side TEXT REFERENCES actors(id),
    kind TEXT NOT NULL, topic TEXT NOT NULL REFERENCES topics(id), status TEXT NOT NULL,
    summary TEXT NOT NULL, quote TEXT, source TEXT NOT NULL REFERENCES sources(id),
    locator TEXT NOT NULL, date TEXT, document TEXT REFERENCES documents(id),
    implements TEXT REFERENCES records(id), dispute TEXT REFERENCES disputes(id), note TEXT,
    stance_question TEXT REFERENCES questions(id), stance_position TEXT, stance_condition TEXT,
    concerns TEXT REFERENCES actors(id), reported_by TEXT REFERENCES actors(id),
    unconfirmed INTEGER NOT NULL, completes INTEGER NOT NULL);
CREATE TABLE record_mediators (
    record TEXT NOT NULL REFERENCES records(id), actor TEXT NOT NULL REFERENCES actors(id));
CREATE TABLE record_people (
    record TEXT NOT NULL REFERENCES records(id), person TEXT NOT NULL REFERENCES people(id));
CREATE TABLE figures (
    record TEXT NOT NULL REFERENCES records(id), what TEXT NOT NULL, value INTEGER NOT NULL,
    qualifier TEXT NOT NULL, upper INTEGER, unit TEXT);
CREATE TABLE related (
    record TEXT NOT NULL REFERENCES records(id), other TEXT NOT NULL REFERENCES records(id));
CREATE INDEX records_event ON records(event);
CREATE INDEX records_topic ON records(topic);
CREATE INDEX records_side ON records(side);
CREATE VIEW records_cited AS
    SELECT records.*, events.name AS event_name, events.date AS event_date,
           sources.title AS source_title, sources.publisher AS source_publisher,
           sources.url AS source_url, documents.title AS document_title
    FROM records
    LEFT JOIN events ON events.id = records.event
    JOIN sources ON sources.id = records.source
    LEFT JOIN documents ON documents.id = records.document;
CREATE VIRTUAL TABLE records_fts USING fts5(
    id UNINDEXED, summary, quote, note, content='records', content_rowid='rowid');
"""


def _rows(dataset: Dataset) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """(table, row) for every row of the database, parents before children."""
    for s in dataset.sources:
        date = s.published.isoformat() if s.published else None
        yield "sources", (s.id, s.title, s.kind, s.language, s.publisher, date, s.url, s.file, s.note)
    for a in dataset.actors:
        yield "actors", (a.id, a.name, a.role)
        yield from (("actor_aliases", (a.id, alias)) for alias in a.aliases)
    for p in dataset.people:
        yield "people", (p.id, p.name, p.actor, p.title)
        yield from (("person_aliases", (p.id, alias)) for alias in p.aliases)
    for t in dataset.topics:
        yield "topics", (t.id, t.label)
        yield from (("topic_aliases", (t.id, alias)) for alias in t.aliases)
    for e in dataset.events:
        end = e.end.isoformat() if e.end else None
        yield "events", (e.id, e.name, e.kind, e.date.isoformat(), end, e.place, e.venue)
        yield from (("event_participants", (e.id, p.actor, p.role)) for p in e.participants)
        yield from (("event_chairs", (e.id, chair)) for chair in e.chairs)
        yield from (("event_sources", (e.id, source)) for source in e.sources)
        for d in e.delegations:
            yield "delegations", (e.id, d.side, d.head, d.source)
            yield from (("delegation_members", (e.id, d.side, member)) for member in d.members)
    for doc in dataset.documents:
        date = doc.date.isoformat() if doc.date else None
        yield "documents", (doc.id, doc.title, doc.kind, doc.event, date, doc.source, doc.note)
        yield from (("document_authors", (doc.id, author)) for author in doc.authors)
    for q in dataset.questions:
        yield "questions", (q.id, q.text, q.figure)
    for dispute in dataset.disputes:
        yield "disputes", (dispute.id, dispute.question)
    for r in dataset.records:
        date = r.date.isoformat() if r.date else None
        stance = r.stance
        yield "records", (
            r.id, r.event, r.side, r.kind, r.topic, r.status, r.summary, r.quote, r.source,
            r.locator, date, r.document, None, r.dispute, r.note,
            stance.question if stance else None, stance.position if stance else None,
            stance.condition if stance else None, r.concerns, r.reported_by, r.unconfirmed, r.completes,
        )  # fmt: skip
    for r in dataset.records:  # links between records, once every record exists
        yield from (("record_people", (r.id, person)) for person in r.people)
        yield from (("figures", (r.id, f.what, f.value, f.qualifier, f.upper, f.unit)) for f in r.figures)
        yield from (("record_mediators", (r.id, actor)) for actor in r.mediators)
        yield from (("related", (r.id, other)) for other in r.related)


def _sqlite(catalog: Catalog, path: Path) -> None:
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        connection.executescript(SCHEMA)
        with connection:
            connection.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [
                    ("title", catalog.dataset.title),
                    ("schema_version", str(SCHEMA_VERSION)),
                    ("talks_version", __version__),
                ],
            )
            for table, row in _rows(catalog.dataset):
                marks = ", ".join("?" * len(row))
                connection.execute(f"INSERT INTO {table} VALUES ({marks})", row)
            connection.executemany(
                "UPDATE records SET implements = ? WHERE id = ?",
                [(r.implements, r.id) for r in catalog.dataset.records if r.implements],
            )
            connection.execute(
                "INSERT INTO records_fts (rowid, id, summary, quote, note) "
                "SELECT rowid, id, summary, quote, note FROM records"
            )
    finally:
        connection.close()
