"""Query results described as listings: the columns people read and the objects scripts read.

Each function here builds one command's `Listing` (see `listing`): adding a column is one
line, and this is where the JSON shape of each listing is decided (docs/json.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import msgspec

from talks_cli.dataset import fields as shape
from talks_cli.dataset.model import (
    Actor,
    Delegation,
    Document,
    Event,
    Record,
    Source,
)
from talks_cli.dataset.wording import caveat, date_text, delivered_lines
from talks_cli.query.catalog import Catalog, event_sources
from talks_cli.query.figures import kind_of
from talks_cli.query.outcomes import Outcome
from talks_cli.query.timeline import Moment
from talks_cli.views.citations import record_citation
from talks_cli.views.listing import UNDER_ROW, Column, Listing, builtins
from talks_cli.views.parts import (
    cite,
    date_caveat,
    disputed_fields,
    event_dates,
    figure_lines,
)


def model_keys(cls: type[msgspec.Struct], *extra: str) -> tuple[str, ...]:
    """The JSON keys of an item shown as the model has it, and those the view adds."""
    return (*shape.names(cls), *extra)


def _url_column(catalog: Catalog, source_of: Callable[[Any], str]) -> Column:
    """The address of an item's source: what a reader of a spreadsheet wants, not its id."""
    return Column("url", lambda item: catalog.sources[source_of(item)].url or "", "url", terminal=False)


def record_keys(*extra: str) -> tuple[str, ...]:
    """The JSON keys of a record in a listing: every field of the model, its date (`when`,
    `when_end`, `when_precision`), its `caveat` and `extra`."""
    return (*shape.names(Record), "when", "when_end", "when_precision", "caveat", *extra)


def record_caveat(catalog: Catalog, record: Record) -> str:
    """What a reader must know of who says so (`wording.caveat`), and that the record is one
    version of a dispute."""
    words = [caveat(record, catalog.sources)]
    if record.dispute:
        words.append(f"one version of dispute {record.dispute}")
    return "; ".join(filter(None, words))


def record_json(catalog: Catalog, record: Record) -> dict[str, Any]:
    """A record as scripts read it: its fields, `when` (its date, else its event's, else its
    document's) with its span's end and precision, and its `caveat` (null when there is none)."""
    whole: dict[str, Any] = builtins(record)
    end = catalog.when_end(record)
    return whole | {
        "when": catalog.when(record).isoformat(),
        "when_end": end.isoformat() if end else None,
        "when_precision": catalog.when_precision(record),
        "caveat": record_caveat(catalog, record) or None,
    }


def _record_columns(catalog: Catalog) -> list[Column]:
    def said(record: Record) -> str:
        return record_caveat(catalog, record)

    def aside(record: Record) -> str | None:
        return f"({words})" if (words := said(record)) else None

    return [
        Column("id", lambda r: r.id, "id", shed=2, under="summary"),
        Column("when", catalog.when_text, "date"),
        Column("event", lambda r: r.event or "", "id", shed=5, under="summary"),
        Column("side", lambda r: r.side or "", "id", style="side", shed=3, under="summary"),
        Column("kind", lambda r: r.kind, terminal=False, shed=1, under="when"),
        Column("topic", lambda r: r.topic, "id", shed=4, under="summary"),
        Column("status", lambda r: r.status, style="status", shed=1, under="when"),
        Column("summary", lambda r: r.summary, "prose", aside=aside),
        Column("quote", lambda r: r.quote or "", "prose", shed=6, under="summary", labelled=True),
        Column("source", lambda r: r.source, "id", terminal=False),  # a table cites by number (src)
        Column("locator", lambda r: r.locator, "prose", terminal=False),
        Column("figures", figure_lines, "prose", terminal=False),
        Column("dispute", lambda r: r.dispute or "", "id", terminal=False),
        Column("document", lambda r: r.document or "", "id", terminal=False),
        Column("caveat", said, "prose", terminal=False),
        Column(
            "cite",
            lambda r: record_citation(catalog, r),
            "prose",
            terminal=False,
        ),
    ]


def records(
    catalog: Catalog,
    found: Sequence[Record],
    title: str,
    *,
    named: Sequence[str] = (),
    shown: Sequence[str] = (),
    empty: str = "no records match",
) -> Listing:
    """Records in full; `named`: columns whose one value the title names (the side of
    `positions russia`), which a terminal then omits; `shown`: columns a terminal shows though
    it usually leaves them out (the kind, where a listing holds several)."""
    columns = [
        msgspec.structs.replace(c, terminal=c.name in shown or (c.terminal and c.name not in named))
        for c in _record_columns(catalog)
    ]
    columns.append(_url_column(catalog, lambda r: r.source))
    return Listing(
        title,
        columns,
        found,
        lambda r: record_json(catalog, r),
        record_keys(),
        lambda items: [cite(s) for s in catalog.cited(items)],
        empty=empty,
    )


def sides(catalog: Catalog) -> Listing:
    return Listing(
        "Sides and third parties",
        [
            Column("id", lambda a: a.id, "id", style="side"),
            Column("name", lambda a: a.name, "prose"),
            Column("role", lambda a: a.role, shed=1, under="name"),
            Column("aliases", lambda a: ", ".join(a.aliases), "prose"),
        ],
        catalog.dataset.actors,
        builtins,
        model_keys(Actor),
    )


def events(catalog: Catalog, found: Sequence[Event]) -> Listing:
    """Events, a row each on a terminal (date, kind, id, name, place, venue); every field
    elsewhere, with the sources of what is said of each event."""

    def names(ids: list[str]) -> str:
        return ", ".join(catalog.people[i].name for i in ids)

    def delegation(d: Delegation) -> str:
        head = [f"{catalog.people[d.head].name} (head)"] if d.head else []
        return f"{d.side}: " + ", ".join(head + [catalog.people[m].name for m in d.members])

    return Listing(
        "Events of the talks",
        [
            Column("date", event_dates, "date", aside=lambda e: date_caveat(catalog, e)),
            Column(
                "kind",
                lambda e: e.kind if e.status == "held" else f"{e.kind}, {e.status}",
                shed=3,
                under="name",
            ),
            Column("id", lambda e: e.id, "id", shed=2, under="name"),
            Column("name", lambda e: e.name, "prose"),
            Column("status", lambda e: e.status, terminal=False),
            Column("disputed", lambda e: list(disputed_fields(catalog, e)), terminal=False),
            Column("place", lambda e: e.place or "", "prose", shed=1),
            Column("venue", lambda e: e.venue or "", "prose", shed=4, under="place"),
            Column(
                "participants",
                lambda e: ", ".join(f"{p.actor} ({p.role})" for p in e.participants),
                "prose",
                terminal=False,
            ),
            Column("chairs", lambda e: names(e.chairs), "prose", terminal=False),
            Column("delegations", lambda e: [delegation(d) for d in e.delegations], "prose", terminal=False),
            Column("sources", event_sources, "id", terminal=False),
            Column(
                "url",
                lambda e: [catalog.sources[i].url or "" for i in event_sources(e)],
                "url",
                terminal=False,
            ),
        ],
        found,
        lambda e: builtins(e) | {"disputed": disputed_fields(catalog, e)},
        model_keys(Event, "disputed"),
        lambda items: [cite(s) for s in catalog.cited_sources(i for e in items for i in event_sources(e))],
        empty="no events match",
    )


def sources(catalog: Catalog, found: Sequence[Source]) -> Listing:
    return Listing(
        "Sources",
        [
            Column("id", lambda s: s.id, "id"),
            Column("kind", lambda s: s.kind, terminal=False),
            Column("page", lambda s: s.page or "", shed=5),
            Column("mirror_of", lambda s: s.mirror_of or "", "prose", terminal=False),
            Column("language", lambda s: s.language, shed=4),
            Column("publisher", lambda s: s.publisher or "", "prose", shed=2, under="title"),
            Column(
                "published",
                lambda s: s.published.isoformat() if s.published else "",
                "date",
                shed=3,
                under="id",
            ),
            Column("title", lambda s: s.title or "", "prose"),
            Column("url", lambda s: s.url or "", "url", shed=6, under=UNDER_ROW),
            Column("file", lambda s: s.file or "", "prose", terminal=False),
        ],
        found,
        builtins,
        model_keys(Source),
        empty="no sources match",
    )


def documents(catalog: Catalog, found: Sequence[Document]) -> Listing:
    provisions = catalog.provisions
    return Listing(
        "Documents",
        [
            Column("id", lambda d: d.id, "id", shed=1, under="title"),
            Column("kind", lambda d: d.kind, shed=3, under="date"),
            Column("date", catalog.document_text, "date"),
            Column("authors", lambda d: ", ".join(d.authors), "prose", shed=4),
            Column("event", lambda d: d.event or "", "id", shed=5),
            Column("title", lambda d: d.title, "prose"),
            Column("provisions", lambda d: str(len(provisions.get(d.id, []))), "number", shed=2),
            Column("source", lambda d: d.source, "id", terminal=False),
            _url_column(catalog, lambda d: d.source),
        ],
        found,
        lambda d: builtins(d) | {"date": catalog.document_date(d).isoformat(),
                                 "date_precision": catalog.when_precision(d),
                                 "provisions": [r.id for r in provisions.get(d.id, [])]},
        model_keys(Document, "provisions"),
        lambda items: [cite(s) for s in catalog.cited_sources(d.source for d in items)],
        empty="no documents match",
    )  # fmt: skip


def _dates(catalog: Catalog, outcome: Outcome) -> list[str]:
    """When each implementation took place: its own date, else its document's or event's."""
    return [catalog.when(record).isoformat() for record in outcome.implementations]


def _outcome_json(catalog: Catalog, outcome: Outcome) -> Any:
    done = outcome.delivered()
    return record_json(catalog, outcome.record) | {
        "progress": outcome.progress,
        "delivered": {
            f.what: done[kind_of(f)].amount.json() for f in outcome.record.figures if kind_of(f) in done
        },
        "delivery_notes": [note for d in done.values() for note in d.notes],
        "ends": outcome.end.isoformat() if outcome.end else None,
        "implemented_by": [i.id for i in outcome.implementations],
        "implemented_on": _dates(catalog, outcome),
    }


def outcomes(catalog: Catalog, found: Sequence[Outcome]) -> Listing:
    return Listing(
        "What came out of the talks",
        [
            Column("id", lambda o: o.record.id, "id", shed=1, under="summary"),
            Column("event", lambda o: o.record.event or "", "id", terminal=False),
            Column("topic", lambda o: o.record.topic, "id", terminal=False),
            Column("summary", lambda o: o.record.summary, "prose"),
            Column("status", lambda o: o.record.status, style="status", terminal=False),
            Column("progress", lambda o: o.progress, style="status"),
            Column("delivered", delivered_lines, "prose", shed=2, under="summary"),
            Column("dates", lambda o: _dates(catalog, o), "date", shed=3, under="progress"),
            Column("source", lambda o: o.record.source, "id", terminal=False),
            _url_column(catalog, lambda o: o.record.source),
        ],
        found,
        lambda o: _outcome_json(catalog, o),
        record_keys("progress", "delivered", "delivery_notes", "ends", "implemented_by", "implemented_on"),
        lambda items: [
            cite(s)
            for s in catalog.cited([o.record for o in items] + [i for o in items for i in o.implementations])
        ],
        empty="no outcomes match",
    )


def timeline(catalog: Catalog, moments: Sequence[Moment]) -> Listing:
    """The timeline, a row a moment on a terminal (date, type, id, what), with its sources."""
    return Listing(
        "Timeline",
        [
            Column(
                "date",
                lambda m: [date_text(m.date, m.precision)] + (["(disputed)"] if m.date_dispute else []),
                "date",
            ),
            Column("type", lambda m: m.type, shed=2, under="date"),
            Column("id", lambda m: m.id, "id", shed=1, under="what"),
            Column("event", lambda m: m.event or "", "id", terminal=False),
            Column("sides", lambda m: m.sides, "id", style="side", terminal=False),
            Column("what", lambda m: m.title, "prose"),
            Column("sources", lambda m: m.sources, "id", terminal=False),
            Column("url", lambda m: [catalog.sources[i].url or "" for i in m.sources], "url", terminal=False),
        ],
        moments,
        lambda m: {
            "date": m.date.isoformat(),
            "date_precision": m.precision,
            "type": m.type,
            "id": m.id,
            "event": m.event,
            "sides": m.sides,
            "title": m.title,
            "sources": m.sources,
            "date_dispute": m.date_dispute,
        },
        ("date", "date_precision", "type", "id", "event", "sides", "title", "sources", "date_dispute"),
        lambda items: [cite(s) for s in catalog.cited_sources(i for m in items for i in m.sources)],
        empty="nothing on the timeline matches",
    )
