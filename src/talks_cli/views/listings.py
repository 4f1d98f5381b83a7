"""Query results described as listings: the columns people read and the objects scripts read.

Each function here builds one command's `Listing` (see `listing`): adding a column is one
line, and this is where the JSON shape of each listing is decided (docs/json.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import msgspec

from talks_cli.dataset import fields as shape
from talks_cli.dataset.model import Actor, Delegation, Document, Event, Figure, Person, Record, Source, Topic
from talks_cli.dataset.wording import amount_text, caveat, figure_text
from talks_cli.query.catalog import Catalog, event_sources
from talks_cli.query.filters import Filters
from talks_cli.query.outcomes import Outcome
from talks_cli.query.search import Found, Hit
from talks_cli.query.timeline import Moment
from talks_cli.text import shorten
from talks_cli.views.citations import citation
from talks_cli.views.listing import UNDER_ROW, Cell, Citation, Column, Field, Listing, builtins


def model_keys(cls: type[msgspec.Struct], *extra: str) -> tuple[str, ...]:
    """The JSON keys of an item shown as the model has it, and those the view adds."""
    return (*shape.names(cls), *extra)


def cite(source: Source) -> Citation:
    """A reference to `source` for the foot of a listing; `talks sources` has the rest."""
    parts = [] if source.url else [f"“{source.title}”" if source.title else "title not known"]
    parts.append(source.publisher or "publisher not stated")
    if source.published:
        parts.append(source.published.isoformat())
    if source.file and not source.url:
        parts.append(f"stored as {source.file}")
    if source.page == "mirror":
        parts.append(f"mirror of {source.mirror_of or 'another outlet'}")
    elif source.page:
        parts.append(source.page)
    return Citation(source.id, ", ".join(parts) + f" [{source.language}]", source.url)


def _amount(figure: Figure) -> str:
    return amount_text(figure.value, figure.qualifier, figure.upper, figure.unit)


def figure_lines(record: Record) -> list[str]:
    return [figure_text(f) for f in record.figures]


def _url_column(catalog: Catalog, source_of: Callable[[Any], str]) -> Column:
    """The address of an item's source: what a reader of a spreadsheet wants, not its id."""
    return Column("url", lambda item: catalog.sources[source_of(item)].url or "", "url", terminal=False)


def record_keys(*extra: str) -> tuple[str, ...]:
    """The JSON keys of a record in a listing: every field of the model, `when` and `extra`."""
    return (*shape.names(Record), "when", "when_end", *extra)


def record_json(catalog: Catalog, record: Record) -> dict[str, Any]:
    """A record as scripts read it: its fields, and `when` (its date, else its document's, else
    its event's)."""
    whole: dict[str, Any] = builtins(record)
    end = catalog.when_end(record)
    return whole | {"when": catalog.when(record).isoformat(), "when_end": end.isoformat() if end else None}


def _record_columns(catalog: Catalog) -> list[Column]:
    def said(record: Record) -> str:
        return caveat(record, catalog.sources[record.source])

    def aside(record: Record) -> str | None:
        return f"({words})" if (words := said(record)) else None

    return [
        Column("id", lambda r: r.id, "id", shed=2, under="summary"),
        Column("when", catalog.when_text, "date"),
        Column("event", lambda r: r.event or "", "id", shed=5, under="summary"),
        Column("side", lambda r: r.side or "", "id", style="side", shed=3, under="summary"),
        Column("kind", lambda r: r.kind, terminal=False),
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
            lambda r: citation(catalog.sources[r.source], catalog.dataset.as_of),
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
    filters: Filters | None = None,
) -> Listing:
    """Records in full; `named`: columns whose one value the title names (the side of
    `positions russia`), which a terminal then omits."""
    columns = [
        msgspec.structs.replace(c, terminal=False) if c.name in named else c for c in _record_columns(catalog)
    ]
    columns.append(_url_column(catalog, lambda r: r.source))
    return Listing(
        title,
        columns,
        found,
        lambda r: record_json(catalog, r),
        record_keys(),
        lambda items: [cite(s) for s in catalog.cited(items)],
        empty="no records match" + catalog.why_empty(filters) if filters else "no records match",
    )


def search(
    catalog: Catalog, hits: Sequence[Hit], things: Sequence[Found], text: str, guess: str | None
) -> Listing:
    """What a search found: the things themselves first (an event, a source, a person…), then
    records, each with its `type` and where its words matched."""

    def thing_or_record(name: str, get: Callable[[Any], Any]) -> Callable[[Hit | Found], Any]:
        def value(hit: Hit | Found) -> Any:
            if isinstance(hit, Hit):
                return get(hit.record)
            return _thing_cell(catalog, hit, name)

        return value

    def record_aside(get: Callable[[Record], str | None]) -> Callable[[Hit | Found], str | None]:
        return lambda hit: get(hit.record) if isinstance(hit, Hit) else None

    columns = [
        msgspec.structs.replace(
            c, get=thing_or_record(c.name, c.get), aside=record_aside(c.aside) if c.aside else None
        )
        for c in records(catalog, [], "").columns
    ]
    columns.insert(
        0, Column("type", lambda hit: "record" if isinstance(hit, Hit) else hit.type, shed=1, under="when")
    )
    after_summary = next(i for i, c in enumerate(columns) if c.name == "summary") + 1
    columns.insert(after_summary, Column("matched", lambda hit: ", ".join(hit.matched_in), shed=7))
    hint = f"; did you mean '{guess}'?" if guess else ""

    def as_json(hit: Hit | Found) -> Any:
        if isinstance(hit, Hit):
            return {"type": "record"} | record_json(catalog, hit.record) | {"matched_in": hit.matched_in}
        return {"type": hit.type} | builtins(hit.item) | {"matched_in": hit.matched_in}

    kinds = (Event, Document, Source, Person, Actor, Topic)
    thing_keys = [name for cls in kinds for name in shape.names(cls)]
    items: list[Hit | Found] = [*things, *hits]
    return Listing(
        f"Matching '{text}'",
        columns,
        items,
        as_json,
        tuple(dict.fromkeys(["type", *record_keys("matched_in"), *thing_keys])),
        lambda items: [cite(s) for s in catalog.cited(i.record for i in items if isinstance(i, Hit))],
        empty=f"nothing matches '{shorten(text)}'{hint}",
    )


def _thing_cell(catalog: Catalog, found: Found, column: str) -> Cell:
    """A thing's value in a column of the search listing: its id, date, name and source."""
    item = found.item
    if column == "id":
        return str(item.id)
    if column == "when":
        date = (
            item.date
            if isinstance(item, Event)
            else catalog.document_date(item)
            if isinstance(item, Document)
            else item.published
            if isinstance(item, Source)
            else None
        )
        return date.isoformat() if date else ""
    if column == "summary":
        if isinstance(item, Source) and not item.title:
            return f"{item.publisher or 'publisher not stated'}: title not known"
        return str(next(v for v in (getattr(item, f, None) for f in ("name", "title", "label", "id")) if v))
    if column == "source" and isinstance(item, Document):
        return item.source
    if column == "url" and isinstance(item, Source):
        return item.url or ""
    return ""


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
            Column("confirmed_by", lambda s: s.confirmed_by, "id", terminal=False),
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
            Column("date", lambda d: catalog.document_date(d).isoformat(), "date"),
            Column("authors", lambda d: ", ".join(d.authors), "prose", shed=4),
            Column("event", lambda d: d.event or "", "id", shed=5),
            Column("title", lambda d: d.title, "prose"),
            Column("provisions", lambda d: str(len(provisions.get(d.id, []))), "number", shed=2),
            Column("source", lambda d: d.source, "id", terminal=False),
            _url_column(catalog, lambda d: d.source),
        ],
        found,
        lambda d: builtins(d) | {"date": catalog.document_date(d).isoformat(),
                                 "provisions": [r.id for r in provisions.get(d.id, [])]},
        model_keys(Document, "provisions"),
        lambda items: [cite(s) for s in catalog.cited_sources(d.source for d in items)],
        empty="no documents match",
    )  # fmt: skip


def source_fields(source: Source) -> list[Field]:
    """A source as a detail shows it: the citation, then its address whole on a line of its own."""
    citation = cite(source)
    fields = [Field("source", f"{citation.id}: {citation.text}")]
    if citation.url:
        fields.append(Field("url", citation.url, "url"))
    return fields


def figure_note(record: Record) -> str:
    return f" ({'; '.join(figure_lines(record))})" if record.figures else ""


def delivered_lines(outcome: Outcome) -> list[str]:
    done = outcome.delivered()
    lines = []
    for f in outcome.record.figures if outcome.implementations else []:
        so_far = amount_text(done[f.what].value, done[f.what].qualifier) if f.what in done else "0"
        lines.append(f"{f.what}: {so_far} of {_amount(f)}")
    return lines


def _outcome_json(catalog: Catalog, outcome: Outcome) -> Any:
    return record_json(catalog, outcome.record) | {
        "progress": outcome.progress,
        "delivered": builtins(outcome.delivered()),
        "implemented_by": [i.id for i in outcome.implementations],
        "implemented_on": [d.isoformat() for d in outcome.dates()],
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
            Column("dates", lambda o: [d.isoformat() for d in o.dates()], "date", shed=3, under="progress"),
            Column("source", lambda o: o.record.source, "id", terminal=False),
            _url_column(catalog, lambda o: o.record.source),
        ],
        found,
        lambda o: _outcome_json(catalog, o),
        record_keys("progress", "delivered", "implemented_by", "implemented_on"),
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
                "date", lambda m: [m.date.isoformat()] + (["(disputed)"] if m.date_dispute else []), "date"
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
            "type": m.type,
            "id": m.id,
            "event": m.event,
            "sides": m.sides,
            "title": m.title,
            "sources": m.sources,
            "date_dispute": m.date_dispute,
        },
        ("date", "type", "id", "event", "sides", "title", "sources", "date_dispute"),
        lambda items: [cite(s) for s in catalog.cited_sources(i for m in items for i in m.sources)],
        empty="nothing on the timeline matches",
    )


def disputed_fields(catalog: Catalog, event: Event) -> dict[str, str]:
    """The fields of `event` its records dispute (date, place…), each to its dispute's id."""
    return {d.field: d.id for d in catalog.event_disputes(event.id) if d.field}


def event_dates(event: Event) -> list[str]:
    """An event's date, and its last day if it lasted several."""
    return [d.isoformat() for d in (event.date, event.end) if d]


def date_caveat(catalog: Catalog, event: Event) -> str:
    """ "(disputed)" under an event's date on a terminal, where its records disagree on it."""
    disputed = disputed_fields(catalog, event)
    return "(disputed)" if "date" in disputed or "end" in disputed else ""
