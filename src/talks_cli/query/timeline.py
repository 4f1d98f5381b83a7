"""The timeline: events, documents and what carried out an outcome, in date order."""

from __future__ import annotations

import datetime

import msgspec

from talks_cli.dataset.model import EVENT_KINDS, Event, Record
from talks_cli.query.catalog import Catalog, event_sources
from talks_cli.query.filters import Filters

# What carrying out an outcome on a topic is called on the timeline; any other topic reads
# "<topic label> carried out".
_CARRIED_OUT = {
    "prisoners": "prisoner exchange",
    "bodies": "return of bodies",
    "negotiation-format": "round held",
}


def carried_out(catalog: Catalog, record: Record) -> str:
    """The type of an implementation on the timeline: what it carried out."""
    return _CARRIED_OUT.get(record.topic) or f"{catalog.topics[record.topic].label.lower()} carried out"


def types_of(catalog: Catalog) -> list[str]:
    """Every type the timeline can show: event kinds, document, and what implementations did."""
    done = sorted({carried_out(catalog, r) for r in catalog.dataset.records if r.kind == "implementation"})
    return [*EVENT_KINDS, "document", *done]


def _event_title(event: Event) -> str:
    """An event as the timeline names it: its name, place and venue, and its status when it was
    not held (unless its name says so already)."""
    title = ", ".join(filter(None, [event.name, event.place, event.venue]))
    return title if event.status == "held" or event.status in title.lower() else f"{title} ({event.status})"


def timeline_of(catalog: Catalog, filters: Filters, kind: str | None = None) -> list[Moment]:
    """Events, documents and what carried out an outcome, in date order; only of type `kind`."""
    moments = [
        Moment(
            event.date,
            event.kind,
            event.id,
            event.id,
            _event_title(event),
            [p.actor for p in event.participants if p.role == "party"],
            sources=event_sources(event),
            date_dispute=next(
                (d.id for d in catalog.event_disputes(event.id) if d.field in ("date", "end")), None
            ),
            precision=event.date_precision,
        )
        for event in catalog.events_matching(filters)
    ]
    for document in catalog.dataset.documents:
        date = catalog.document_date(document)
        wanted = (
            (filters.events is None or document.event in filters.events)
            and filters.in_period(date)
            and (filters.side is None or filters.side in document.authors)
            and filters.document in (None, document.id)
            and not (filters.topic or filters.kind or filters.status)
        )
        if wanted:
            moments.append(
                Moment(
                    date,
                    "document",
                    document.id,
                    document.event,
                    document.title,
                    list(document.authors),
                    1,
                    [document.source],
                    precision=catalog.when_precision(document),
                )
            )
    for record in catalog.dataset.records:
        if record.kind == "implementation" and catalog.passes(record, filters):
            moments.append(
                Moment(
                    catalog.when(record),
                    carried_out(catalog, record),
                    record.id,
                    record.event,
                    record.summary,
                    [record.side] if record.side else [],
                    2,
                    [record.source],
                    precision=catalog.when_precision(record),
                )
            )
    if kind is not None:
        moments = [m for m in moments if m.type == kind]
    # An event first, then a document, then what came of it that day.
    return sorted(moments, key=lambda m: (m.date, m.order))


class Moment(msgspec.Struct, frozen=True):
    date: datetime.date
    type: str  # the event's kind (round, summit, call…), document, or what was carried out
    id: str
    event: str | None
    title: str
    sides: list[str]  # an event's parties, a document's authors, an implementation's side
    order: int = 0  # within a day: 0 an event, 1 a document, 2 what carried out an outcome
    sources: list[str] = []  # what the moment rests on
    date_dispute: str | None = None  # the dispute over an event's date, when its records disagree
    precision: str = "day"  # how precise `date` is: day, about or month
