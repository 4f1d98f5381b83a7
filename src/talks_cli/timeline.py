"""The timeline: events, documents and what carried out an outcome, in date order."""

from __future__ import annotations

import datetime

import msgspec

from .catalog import Catalog, Filters


def timeline_of(catalog: Catalog, filters: Filters) -> list[Moment]:
    """Rounds, documents and carried-out exchanges in date order."""
    moments = [
        Moment(
            event.date,
            event.kind,
            event.id,
            event.id,
            ", ".join(filter(None, [event.name, event.place, event.venue])),
            [p.actor for p in event.participants if p.role == "party"],
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
                Moment(date, "document", document.id, document.event, document.title, list(document.authors))
            )
    for record in catalog.dataset.records:
        if record.kind == "implementation" and catalog.passes(record, filters):
            moments.append(
                Moment(
                    catalog.when(record),
                    "exchange",
                    record.id,
                    record.event,
                    record.summary,
                    [record.side] if record.side else [],
                )
            )
    order = {"document": 1, "exchange": 2}  # an event first, then what came of it that day
    return sorted(moments, key=lambda m: (m.date, order.get(m.type, 0)))


class Moment(msgspec.Struct, frozen=True):
    date: datetime.date
    type: str  # the event's kind (round, summit, call…), document or exchange
    id: str
    event: str | None
    title: str
    sides: list[str]  # an event's parties, a document's authors, an exchange's side if it has one
