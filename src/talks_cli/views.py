"""Query results as listings: the columns people read and the JSON objects scripts read.

This is where the JSON shape is decided (see README, "JSON output"). A `Listing` is
format-free; `render` turns it into a table, tab-separated lines, CSV, Markdown or JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec

from .model import Figure, Record, Source
from .query import Catalog, Comparison, Moment, Outcome, Trajectory

Cell = str | list[str]  # a list is one value per line in a table, joined with " | " elsewhere


class Column(msgspec.Struct, frozen=True):
    name: str
    terminal: bool = True  # shown in the terminal table (plain, CSV and JSON show everything)
    wide: bool = False  # takes the spare width of a terminal table
    style: str = ""  # "side" or "status": coloured by value in a terminal table


class Listing(msgspec.Struct):
    title: str
    columns: list[Column]
    rows: list[list[Cell]]
    objects: list[Any]  # the JSON form of each row
    citations: list[str] = []  # printed under a terminal table
    empty: str = "nothing matches"  # the note on stderr when there are no rows
    sides: list[str] = []  # actor ids in dataset order, for colours


class Detail(msgspec.Struct):
    """One item in full: labelled lines for people, one object for scripts."""

    title: str
    lines: list[tuple[str, Cell]]
    object: Any
    side: str | None = None


def builtins(value: Any) -> Any:
    return msgspec.to_builtins(value)


def cite(source: Source) -> str:
    """A one-line reference to `source` for the foot of a table; `talks sources` has the rest."""
    where = source.url or (f"stored as {source.file}" if source.file else "")
    if source.url:  # the page's address says more than its title
        parts = [source.publisher or "publisher not stated", where]
    else:
        parts = [f"“{source.title}”", source.publisher or "publisher not stated", where]
    if source.published:
        parts.insert(-1, source.published.isoformat())
    return f"{source.id}: " + ", ".join(p for p in parts if p) + f" [{source.language}]"


def _quote_cell(record: Record) -> str:
    return record.quote if record.quote is not None else ""


def _figures(record: Record) -> list[str]:
    return [f"{f.what}: {_amount(f)}" for f in record.figures]


RECORD_COLUMNS = [
    Column("id"),
    Column("event"),
    Column("side", style="side"),
    Column("kind", terminal=False),
    Column("topic"),
    Column("status", style="status"),
    Column("summary", wide=True),
    Column("quote", terminal=False),
    Column("source"),
    Column("locator", terminal=False),
    Column("figures", terminal=False),
    Column("dispute", terminal=False),
]


def records(catalog: Catalog, found: Sequence[Record], title: str) -> Listing:
    rows: list[list[Cell]] = [
        [
            r.id,
            r.event,
            r.side or "joint",
            r.kind,
            r.topic,
            r.status,
            r.summary,
            _quote_cell(r),
            r.source,
            r.locator,
            _figures(r),
            r.dispute or "",
        ]
        for r in found
    ]
    return Listing(
        title,
        RECORD_COLUMNS,
        rows,
        [builtins(r) for r in found],
        [cite(s) for s in catalog.cited(found)],
        empty="no records match",
    )


def sides(catalog: Catalog) -> Listing:
    actors = catalog.dataset.actors
    return Listing(
        "Sides and third parties",
        [Column("id", style="side"), Column("name"), Column("role"), Column("aliases", wide=True)],
        [[a.id, a.name, a.role, ", ".join(a.aliases)] for a in actors],
        [builtins(a) for a in actors],
    )


def events(catalog: Catalog) -> Listing:
    rows: list[list[Cell]] = []
    for event in catalog.dataset.events:
        delegations = [
            f"{d.side}: "
            + ", ".join(
                ([f"{catalog.people[d.head].name} (head)"] if d.head else [])
                + [catalog.people[m].name for m in d.members]
            )
            for d in event.delegations
        ]
        chairs = ", ".join(catalog.people[c].name for c in event.chairs)
        rows.append(
            [
                event.id,
                event.date.isoformat(),
                event.name,
                event.place,
                event.venue or "",
                chairs,
                delegations,
            ]
        )
    return Listing(
        "Rounds of talks",
        [
            Column("id"),
            Column("date"),
            Column("name"),
            Column("place"),
            Column("venue"),
            Column("chairs"),
            Column("delegations", wide=True),
        ],
        rows,
        [builtins(e) for e in catalog.dataset.events],
    )


def sources(catalog: Catalog) -> Listing:
    items = catalog.dataset.sources
    return Listing(
        "Sources",
        [
            Column("id"),
            Column("kind"),
            Column("language"),
            Column("publisher"),
            Column("published"),
            Column("title", wide=True),
            Column("url"),
            Column("file", terminal=False),
        ],
        [
            [
                s.id,
                s.kind,
                s.language,
                s.publisher or "",
                s.published.isoformat() if s.published else "",
                s.title,
                s.url or "",
                s.file or "",
            ]
            for s in items
        ],
        [builtins(s) for s in items],
    )


def _amount(figure: Figure) -> str:
    return f"{'' if figure.qualifier == 'exact' else figure.qualifier + ' '}{figure.value:,}"


def _delivered(outcome: Outcome) -> list[str]:
    done = outcome.delivered()
    return [
        f"{f.what}: {done.get(f.what, 0):,} of {_amount(f)}"
        for f in outcome.record.figures
        if outcome.implementations
    ]


def outcomes(catalog: Catalog, found: Sequence[Outcome]) -> Listing:
    rows: list[list[Cell]] = []
    objects = []
    for outcome in found:
        r = outcome.record
        dates = [d.isoformat() for d in outcome.dates()]
        rows.append(
            [
                r.id,
                r.event,
                r.topic,
                r.summary,
                r.status,
                outcome.progress,
                _delivered(outcome),
                dates,
                r.source,
            ]
        )
        objects.append(
            builtins(r)
            | {
                "progress": outcome.progress,
                "delivered": outcome.delivered(),
                "implemented_by": [i.id for i in outcome.implementations],
                "implemented_on": dates,
            }
        )
    return Listing(
        "What came out of the talks",
        [
            Column("id"),
            Column("event", terminal=False),
            Column("topic", terminal=False),
            Column("summary", wide=True),
            Column("status", style="status", terminal=False),
            Column("progress", style="status"),
            Column("delivered"),
            Column("dates"),
            Column("source", terminal=False),
        ],
        rows,
        objects,
        [
            cite(s)
            for s in catalog.cited([o.record for o in found] + [i for o in found for i in o.implementations])
        ],
        empty="no outcomes match",
    )


def _stance(record: Record) -> str:
    mark = f" (disputed: {record.dispute})" if record.dispute else ""
    return f"{record.status}: {record.summary} [{record.id}]{mark}"


def compare(catalog: Catalog, rows_in: Sequence[Comparison], title: str) -> Listing:
    parties = catalog.parties()
    rows: list[list[Cell]] = [
        [row.topic.id, *[[_stance(r) for r in row.stances[p.id]] for p in parties], row.clash]
        for row in rows_in
    ]
    objects = [
        {
            "topic": row.topic.id,
            "label": row.topic.label,
            "clash": row.clash or None,
            "stances": {side: [builtins(r) for r in found] for side, found in row.stances.items()},
        }
        for row in rows_in
    ]
    cited = [r for row in rows_in for found in row.stances.values() for r in found]
    return Listing(
        title,
        [
            Column("topic"),
            *[Column(p.id, wide=True) for p in parties],
            Column("clash", style="status"),
        ],
        rows,
        objects,
        [cite(s) for s in catalog.cited(cited)],
        empty="no positions or conditions to compare",
    )


def across_events(catalog: Catalog, rows_in: Sequence[Trajectory]) -> Listing:
    event_ids = [e.id for e in catalog.dataset.events]
    rows: list[list[Cell]] = [
        [
            row.topic.id,
            row.side.id,
            *[[_stance(r) for r in row.by_event.get(e, [])] for e in event_ids],
        ]
        for row in rows_in
    ]
    objects = [
        {
            "topic": row.topic.id,
            "side": row.side.id,
            "by_event": {e: [builtins(r) for r in row.by_event.get(e, [])] for e in event_ids},
        }
        for row in rows_in
    ]
    cited = [r for row in rows_in for found in row.by_event.values() for r in found]
    return Listing(
        "How each side's stance moved from round to round",
        [Column("topic"), Column("side", style="side"), *[Column(e, wide=True) for e in event_ids]],
        rows,
        objects,
        [cite(s) for s in catalog.cited(cited)],
        empty="no positions or conditions match",
    )


def timeline(catalog: Catalog, moments: Sequence[Moment]) -> Listing:
    return Listing(
        "Timeline",
        [
            Column("date"),
            Column("type"),
            Column("id"),
            Column("event"),
            Column("side", style="side"),
            Column("what", wide=True),
        ],
        [[m.date.isoformat(), m.type, m.id, m.event, m.side or "", m.title] for m in moments],
        [
            {
                "date": m.date.isoformat(),
                "type": m.type,
                "id": m.id,
                "event": m.event,
                "side": m.side,
                "title": m.title,
            }
            for m in moments
        ],
        empty="nothing on the timeline matches",
    )


def record_detail(catalog: Catalog, record: Record) -> Detail:
    source = catalog.sources[record.source]
    event = catalog.events[record.event]
    related = catalog.related(record)
    lines: list[tuple[str, Cell]] = [
        ("id", record.id),
        ("event", f"{event.name} ({event.id}), {event.date.isoformat()}, {event.place}"),
        ("side", catalog.actors[record.side].name if record.side else "joint (both sides)"),
        ("kind", record.kind),
        ("topic", f"{catalog.topics[record.topic].label} ({record.topic})"),
        ("status", record.status),
        ("summary", record.summary),
        (
            f"quote [{source.language}]",
            record.quote
            if record.quote is not None
            else "none: the source's text is not stored, so no verbatim quote is given",
        ),
        ("source", cite(source)),
        ("locator", record.locator),
    ]
    if record.date:
        lines.append(("date", record.date.isoformat()))
    if record.figures:
        lines.append(("figures", _figures(record)))
    if record.people:
        lines.append(("people", ", ".join(catalog.people[p].name for p in record.people)))
    if record.document:
        lines.append(
            (
                "document",
                next(d.title for d in catalog.dataset.documents if d.id == record.document),
            )
        )
    if record.note:
        lines.append(("note", record.note))
    context: dict[str, Any] = {"source": builtins(source), "event": builtins(event)}
    if record.dispute:
        dispute = catalog.disputes[record.dispute]
        versions = catalog.versions[record.dispute]
        lines.append(("disputed", dispute.question))
        lines.append(("versions", [f"{v.summary} ({v.source}) [{v.id}]" for v in versions]))
        context["dispute"] = {
            "id": dispute.id,
            "question": dispute.question,
            "versions": [builtins(v) for v in versions],
        }
    if record.kind == "outcome":
        outcome = Outcome(record, catalog.implemented_by.get(record.id, []))
        lines.append(("progress", [outcome.progress, *_delivered(outcome)]))
        context["progress"] = outcome.progress
        context["implemented_by"] = [i.id for i in outcome.implementations]
    if related:
        lines.append(("related", [f"{r.id}: {r.summary}" for r in related]))
    context["related"] = [r.id for r in related]
    return Detail(f"Record {record.id}", lines, builtins(record) | {"context": context}, record.side)
