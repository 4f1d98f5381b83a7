"""Datasette's metadata for the SQLite export: what the database is, whose it is, what every
table and column holds, how to browse each table, and the queries a journalist asks first.

Table and column descriptions come from the export's tables (`export.tables`), which read them
from the model (`shape`), so a field added to the model is described here without an edit.
Written beside the database by `talks export` (`talks.metadata.json`); serve both with
`datasette talks.db --metadata talks.metadata.json`.
"""

from __future__ import annotations

from typing import Any

from talks_cli import __version__
from talks_cli.dataset.fields import describe
from talks_cli.dataset.model import STANCE_KINDS
from talks_cli.export.sqlite import DERIVED, FULL_TEXT, LABEL, Table, tables
from talks_cli.query.catalog import Catalog

LICENSE = "MIT, for the code of talks; the facts are from the pages each record cites"
LICENSE_URL = "https://opensource.org/license/mit"

# Columns a reader narrows a table by, where the table has them.
FACETS = ("side", "topic", "status", "event", "kind", "page", "role", "progress", "what", "unit", "actor")
# The column that names a row, for the links Datasette shows in place of bare ids: the first
# of these a table has that is never empty (NOT NULL), so that no link reads "None".
LABELS = (LABEL, "name", "title", "summary", "text")
# The column a table is best read by, newest first: `when` (a record's date as talks gives it)
# wherever a table has it.
DATES = ("when", "date", "published", "last_implemented")


def _of_its(kind: str, key: str) -> str:
    """A column a view takes from what a record names (`event_name`): what the key means there."""
    meaning = describe(key, kind.capitalize())
    return f"Of the record's {kind}: {meaning[:1].lower()}{meaning[1:]}"


RECORDS_CITED = {
    "description": (
        "Each record with what a reader wants beside it: its date (`when`), its event, its "
        "source's title, publisher, address and kind of page, and its document."
    ),
    "facets": ["side", "topic", "kind", "status", "source_page"],
    "sort_desc": "when",
    "columns": {
        "when": describe("when"),
        **{f"event_{key}": _of_its("event", key) for key in ("name", "date")},
        **{f"source_{key}": _of_its("source", key) for key in ("title", "publisher", "url", "page")},
        "document_title": _of_its("document", "title"),
    },
}

_STANCE_KINDS = ", ".join(f"'{kind}'" for kind in STANCE_KINDS)  # as SQL: 'position', 'condition'

# The questions a journalist asks first. Parameters are ids or names as `talks sides` and the
# topics table give them; an empty optional parameter matches everything.
QUERIES: dict[str, dict[str, Any]] = {
    "positions_on_a_topic": {
        "title": "A side's positions and conditions on a topic, in date order",
        "description": (
            "Give a side (russia, ukraine, or any name the actors and actor_aliases tables give it) "
            "and a topic (ceasefire, territory, or its label or an alias): every position and "
            "condition the side stated on it, oldest first, with the source's publisher and address."
        ),
        "sql": f"""SELECT c."when", c.id, c.kind, c.status, c.summary, c.quote,
       c.stance_question, c.stance_position, c.event, c.document,
       c.source, c.source_publisher, c.source_url
FROM records_cited c
WHERE c.kind IN ({_STANCE_KINDS})
  AND c.side IN (SELECT id FROM actors WHERE lower(id) = lower(trim(:side))
                 OR lower(name) = lower(trim(:side))
                 UNION SELECT actor FROM actor_aliases WHERE lower(alias) = lower(trim(:side)))
  AND c.topic IN (SELECT id FROM topics WHERE lower(id) = lower(trim(:topic))
                  OR lower(label) = lower(trim(:topic))
                  UNION SELECT topic FROM topic_aliases WHERE lower(alias) = lower(trim(:topic)))
ORDER BY c."when", c.id""",
    },
    "clashes": {
        "title": "Where the sides clash: opposite stances on one question",
        "description": (
            "Pairs of records by two different sides that hold opposite positions (for, against) "
            "on one of the questions, each with its date and source. Optional: a topic."
        ),
        "sql": """SELECT q.id AS question, q.text AS proposition,
       a.side AS side_a, a.stance_position AS position_a, a."when" AS when_a, a.id AS record_a,
       a.summary AS summary_a, a.source_url AS source_a,
       b.side AS side_b, b.stance_position AS position_b, b."when" AS when_b, b.id AS record_b,
       b.summary AS summary_b, b.source_url AS source_b
FROM records_cited a
JOIN records_cited b
  ON b.stance_question = a.stance_question AND b.side > a.side
 AND ((a.stance_position = 'for' AND b.stance_position = 'against')
   OR (a.stance_position = 'against' AND b.stance_position = 'for'))
JOIN questions q ON q.id = a.stance_question
WHERE :topic = '' OR a.topic = lower(trim(:topic)) OR b.topic = lower(trim(:topic))
ORDER BY q.id, a."when", b."when\"""",
    },
    "outcome_progress": {
        "title": "What the talks produced, and how far each outcome was carried out",
        "description": (
            "Each outcome with its progress, as `talks outcomes` derives it from the records that "
            "carry it out (never re-derived in SQL), what they delivered, and when."
        ),
        "sql": """SELECT c."when", o.id, c.topic, c.summary, o.progress, o.delivered,
       o.implementations, o.first_implemented, o.last_implemented, c.source_url
FROM outcomes o
JOIN records_cited c ON c.id = o.id
ORDER BY c."when", o.id""",
    },
    "figures_over_time": {
        "title": "Figures over time",
        "description": (
            "Every number a record states (prisoners exchanged, days of truce, troop caps), with "
            "the record's date (its own, else its event's), side and source. Optional: what the "
            "number counts."
        ),
        "sql": """SELECT c."when", f.what, f.qualifier, f.value, f.upper, f.unit,
       c.side, c.kind, c.status, c.id AS record, c.summary, c.source_url
FROM record_figures f
JOIN records_cited c ON c.id = f.record
WHERE :what = '' OR f.what = :what
ORDER BY f.what, c."when", c.id, f.position""",
    },
}


def metadata(catalog: Catalog, database: str) -> dict[str, Any]:
    """Datasette's metadata for the export of `catalog` served as the database `database` (the
    file's name without its suffix, as Datasette names it)."""
    dataset = catalog.dataset
    as_of = dataset.as_of.isoformat() if dataset.as_of else None
    source = dataset.title + (f". Coverage: {dataset.coverage}" if dataset.coverage else "")
    description = (
        "Cited facts on the Russia–Ukraine negotiations: each record is one claim from one source, "
        "with the source's exact words where its text is stored. Exported by talks "
        f"{__version__}" + (f"; data as of {as_of}." if as_of else ".")
    )
    described = [*tables(), *DERIVED]
    database_metadata: dict[str, Any] = {
        "title": dataset.title,
        "description": description,
        "source": source,
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "tables": {table.name: _table(table) for table in described}
        | {
            "records_cited": RECORDS_CITED,
            "meta": {
                "description": "The dataset's own fields (its title, as_of, coverage) and the version "
                "of talks that wrote the file."
            },
        }
        | {
            f"{name}_fts": {"description": f"The full-text index of {name} ({', '.join(columns)})."}
            for name, columns in FULL_TEXT.items()
        },
        "queries": QUERIES,
    }
    if as_of:
        database_metadata["as_of"] = as_of
    top: dict[str, Any] = {
        "title": dataset.title,
        "description": description,
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "source": source,
    }
    if as_of:
        top["as_of"] = as_of
    return top | {"databases": {database: database_metadata}}


def _table(table: Table) -> dict[str, Any]:
    described: dict[str, Any] = {"description": table.description, "columns": dict(table.descriptions)}
    facets = [name for name in FACETS if name in table.names and name != _parent(table)]
    if facets:
        described["facets"] = facets
    never_empty = {c.split()[0] for c in table.columns if "NOT NULL" in c or "PRIMARY KEY" in c}
    label = next((name for name in LABELS if name in never_empty), None)
    if label:
        described["label_column"] = label
    date = next((name for name in DATES if name in table.names), None)
    if date:
        described["sort_desc"] = date
    return described


def _parent(table: Table) -> str | None:
    """The column of a link or child table that names the row it belongs to (not a facet: one
    value a row of the parent)."""
    return table.names[0] if "position" in table.names else None
