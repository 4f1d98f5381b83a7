"""Query results described as views: the columns people read and the objects scripts read.

A `Listing` is data: a title, its items, and its columns, each a name, how to get the value
from an item and what kind of value it is. Every format derives from it (`render`, `table`);
adding a column is one line. This is also where the JSON shape is decided (see README,
"JSON output").
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import Any, Literal

import msgspec

from . import shape
from .catalog import Catalog
from .compare import Comparison, Trajectory
from .errors import UsageError
from .model import Actor, Delegation, Document, Event, Figure, Record, Source
from .outcomes import Outcome, outcome_of
from .search import Hit
from .text import shorten
from .timeline import Moment
from .wording import amount_text, caveat, figure_text, stance_words

Cell = str | list[str]  # a list is one value per line on a terminal, joined with " | " elsewhere

# What a value is decides how a terminal shows it: identifiers, dates, numbers and URLs are
# never broken across lines; labels (a status, a role) are short words kept whole in a table;
# prose folds.
ValueKind = Literal["id", "label", "prose", "number", "date", "url"]
UNBROKEN: frozenset[str] = frozenset({"id", "label", "number", "date", "url"})


class Column(msgspec.Struct, frozen=True):
    name: str
    get: Callable[[Any], Cell]
    kind: ValueKind = "label"
    terminal: bool = True  # shown on a terminal (every other format shows every column)
    style: Literal["", "side", "status"] = ""  # coloured by value on a terminal
    # A second value shown under this one on a terminal only: a record's quote under its summary.
    aside: Callable[[Any], str | None] | None = None


class Citation(msgspec.Struct, frozen=True):
    """A source as the foot of a listing shows it: its id and description, its address apart."""

    id: str
    text: str
    url: str | None = None

    def line(self) -> str:
        return f"{self.id}: {self.text}" + (f", {self.url}" if self.url else "")


class Listing(msgspec.Struct):
    title: str
    columns: list[Column]
    items: Sequence[Any]
    as_json: Callable[[Any], Any]  # the JSON object of one item
    keys: Sequence[str]  # the keys of that object, declared up front: --fields is checked against them
    citations: list[Citation] = []
    empty: str = "nothing matches"  # said on stderr when there are no items

    def rows(self) -> list[list[Cell]]:
        return [[column.get(item) for column in self.columns] for item in self.items]

    def choose(self, fields: Sequence[str]) -> Listing:
        """This listing with only `fields`, in that order, shown in every format: a column's
        value, or a key of the JSON object where no column has that name."""
        columns = {c.name: c for c in self.columns}
        known = set(columns) | set(self.keys)
        unknown = [f for f in fields if f not in known]
        if unknown:
            raise UsageError(
                f"unknown field '{shorten(unknown[0])}' for --fields; choose from: {', '.join(sorted(known))}"
            )
        full = self.as_json

        def chosen(item: Any) -> Any:
            whole = full(item)
            return {f: whole[f] if f in whole else columns[f].get(item) for f in fields}

        picked = [
            msgspec.structs.replace(columns[f], terminal=True)
            if f in columns
            else Column(f, _json_key(full, f), "prose")
            for f in fields
        ]
        return msgspec.structs.replace(self, columns=picked, as_json=chosen, keys=tuple(fields))

    def objects(self) -> list[Any]:
        return [self.as_json(item) for item in self.items]


def _json_key(as_json: Callable[[Any], Any], key: str) -> Callable[[Any], Cell]:
    return lambda item: _text_of(as_json(item)[key])


def _text_of(value: Any) -> Cell:
    """A JSON value as a cell: text as is, a list one item a line, anything else as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return "" if value is None else msgspec.json.encode(value).decode()


class Field(msgspec.Struct, frozen=True):
    label: str
    value: Cell
    kind: ValueKind = "prose"
    style: Literal["", "side", "status"] = ""


class Detail(msgspec.Struct):
    """One item in full: labelled fields for people, one object for scripts."""

    title: str
    fields: list[Field]
    object: Any


def builtins(value: Any) -> Any:
    return msgspec.to_builtins(value)


def _model_keys(cls: type[msgspec.Struct], *extra: str) -> tuple[str, ...]:
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
    return Citation(source.id, ", ".join(parts) + f" [{source.language}]", source.url)


def _amount(figure: Figure) -> str:
    return amount_text(figure.value, figure.qualifier, figure.upper, figure.unit)


def _figures(record: Record) -> list[str]:
    return [figure_text(f) for f in record.figures]


def _url_column(catalog: Catalog, source_of: Callable[[Any], str]) -> Column:
    """The address of an item's source: what a reader of a spreadsheet wants, not its id."""
    return Column("url", lambda item: catalog.sources[source_of(item)].url or "", "url", terminal=False)


def record_keys(*extra: str) -> tuple[str, ...]:
    """The JSON keys of a record in a listing: every field of the model, `when` and `extra`."""
    return (*shape.names(Record), "when", *extra)


def record_json(catalog: Catalog, record: Record) -> dict[str, Any]:
    """A record as scripts read it: its fields, and `when` (its date, else its document's, else
    its event's)."""
    whole: dict[str, Any] = builtins(record)
    return whole | {"when": catalog.when(record).isoformat()}


def _record_columns(catalog: Catalog) -> list[Column]:
    def said(record: Record) -> str:
        return caveat(record, catalog.sources[record.source])

    def aside(record: Record) -> str | None:
        lines = [f"“{record.quote}”"] if record.quote is not None else []
        if words := said(record):
            lines.append(f"({words})")
        return "\n".join(lines) or None

    return [
        Column("id", lambda r: r.id, "id"),
        Column("when", lambda r: catalog.when(r).isoformat(), "date"),
        Column("event", lambda r: r.event or "", "id"),
        Column("side", lambda r: r.side or "", "id", style="side"),
        Column("kind", lambda r: r.kind, terminal=False),
        Column("topic", lambda r: r.topic, "id"),
        Column("status", lambda r: r.status, style="status"),
        Column("summary", lambda r: r.summary, "prose", aside=aside),
        Column("quote", lambda r: r.quote or "", "prose", terminal=False),
        Column("source", lambda r: r.source, "id"),
        Column("locator", lambda r: r.locator, "prose", terminal=False),
        Column("figures", _figures, "prose", terminal=False),
        Column("dispute", lambda r: r.dispute or "", "id", terminal=False),
        Column("document", lambda r: r.document or "", "id", terminal=False),
        Column("caveat", said, "prose", terminal=False),
    ]


def records(catalog: Catalog, found: Sequence[Record], title: str, *, named: Sequence[str] = ()) -> Listing:
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
        [cite(s) for s in catalog.cited(found)],
        empty="no records match",
    )


def search(catalog: Catalog, hits: Sequence[Hit], text: str, guess: str | None) -> Listing:
    """Records a search found, each with where its words matched outside its own text."""
    columns = [
        msgspec.structs.replace(c, get=_of_record(c.get), aside=_of_record(c.aside) if c.aside else None)
        for c in records(catalog, [], "").columns
    ]
    after_summary = next(i for i, c in enumerate(columns) if c.name == "summary") + 1
    columns.insert(after_summary, Column("matched", lambda hit: ", ".join(hit.matched_in)))
    hint = f"; did you mean '{guess}'?" if guess else ""
    return Listing(
        f"Records matching '{text}'",
        columns,
        hits,
        lambda hit: record_json(catalog, hit.record) | {"matched_in": hit.matched_in},
        record_keys("matched_in"),
        [cite(s) for s in catalog.cited(hit.record for hit in hits)],
        empty=f"no records match '{shorten(text)}'{hint}",
    )


def _of_record(get: Callable[[Record], Any]) -> Callable[[Hit], Any]:
    return lambda hit: get(hit.record)


def sides(catalog: Catalog) -> Listing:
    return Listing(
        "Sides and third parties",
        [
            Column("id", lambda a: a.id, "id", style="side"),
            Column("name", lambda a: a.name, "prose"),
            Column("role", lambda a: a.role),
            Column("aliases", lambda a: ", ".join(a.aliases), "prose"),
        ],
        catalog.dataset.actors,
        builtins,
        _model_keys(Actor),
    )


def events(catalog: Catalog, found: Sequence[Event]) -> Listing:
    def names(ids: list[str]) -> str:
        return ", ".join(catalog.people[i].name for i in ids)

    def delegation(d: Delegation) -> str:
        head = [f"{catalog.people[d.head].name} (head)"] if d.head else []
        return f"{d.side}: " + ", ".join(head + [catalog.people[m].name for m in d.members])

    return Listing(
        "Events of the talks",
        [
            Column("id", lambda e: e.id, "id"),
            Column("kind", lambda e: e.kind),
            Column("date", lambda e: [d.isoformat() for d in (e.date, e.end) if d], "date"),
            Column("name", lambda e: e.name, "prose"),
            Column("place", lambda e: e.place or "", "prose"),
            Column("venue", lambda e: e.venue or "", "prose"),
            Column(
                "participants", lambda e: ", ".join(f"{p.actor} ({p.role})" for p in e.participants), "prose"
            ),
            Column("chairs", lambda e: names(e.chairs), "prose"),
            Column("delegations", lambda e: [delegation(d) for d in e.delegations], "prose"),
        ],
        found,
        builtins,
        _model_keys(Event),
        empty="no events match",
    )


def sources(catalog: Catalog, found: Sequence[Source]) -> Listing:
    return Listing(
        "Sources",
        [
            Column("id", lambda s: s.id, "id"),
            Column("kind", lambda s: s.kind),
            Column("language", lambda s: s.language),
            Column("publisher", lambda s: s.publisher or "", "prose"),
            Column("published", lambda s: s.published.isoformat() if s.published else "", "date"),
            Column("title", lambda s: s.title or "", "prose"),
            Column("url", lambda s: s.url or "", "url"),
            Column("file", lambda s: s.file or "", "prose", terminal=False),
        ],
        found,
        builtins,
        _model_keys(Source),
        empty="no sources match",
    )


def documents(catalog: Catalog, found: Sequence[Document]) -> Listing:
    provisions = catalog.provisions
    return Listing(
        "Documents",
        [
            Column("id", lambda d: d.id, "id"),
            Column("kind", lambda d: d.kind),
            Column("date", lambda d: catalog.document_date(d).isoformat(), "date"),
            Column("authors", lambda d: ", ".join(d.authors), "prose"),
            Column("event", lambda d: d.event or "", "id"),
            Column("title", lambda d: d.title, "prose"),
            Column("provisions", lambda d: str(len(provisions.get(d.id, []))), "number"),
            Column("source", lambda d: d.source, "id"),
            _url_column(catalog, lambda d: d.source),
        ],
        found,
        lambda d: builtins(d) | {"date": catalog.document_date(d).isoformat(),
                                 "provisions": [r.id for r in provisions.get(d.id, [])]},
        _model_keys(Document, "provisions"),
        [cite(s) for s in catalog.cited_sources(d.source for d in found)],
        empty="no documents match",
    )  # fmt: skip


def document_detail(catalog: Catalog, document: Document) -> Detail:
    provisions = catalog.provisions.get(document.id, [])
    source = catalog.sources[document.source]
    fields = [
        Field("id", document.id, "id"),
        Field("title", document.title),
        Field("kind", document.kind, "label"),
        Field("date", catalog.document_date(document).isoformat(), "date"),
        Field("authors", ", ".join(catalog.actors[a].name for a in document.authors)),
    ]
    if document.event:
        event = catalog.events[document.event]
        fields.append(Field("event", f"{event.name} ({event.id}), {event.date.isoformat()}"))
    fields += _source_fields(source)
    if document.note:
        fields.append(Field("note", document.note))
    fields.append(
        Field("provisions", [f"{r.topic}: {r.summary}{_figure_note(r)} [{r.id}]" for r in provisions])
    )
    return Detail(
        f"Document {document.id}",
        fields,
        builtins(document) | {"provisions": [builtins(r) for r in provisions]},
    )


def _source_fields(source: Source) -> list[Field]:
    """A source as a detail shows it: the citation, then its address whole on a line of its own."""
    citation = cite(source)
    fields = [Field("source", f"{citation.id}: {citation.text}")]
    if citation.url:
        fields.append(Field("url", citation.url, "url"))
    return fields


def _figure_note(record: Record) -> str:
    return f" ({'; '.join(_figures(record))})" if record.figures else ""


def _delivered(outcome: Outcome) -> list[str]:
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
    cited = [o.record for o in found] + [i for o in found for i in o.implementations]
    return Listing(
        "What came out of the talks",
        [
            Column("id", lambda o: o.record.id, "id"),
            Column("event", lambda o: o.record.event or "", "id", terminal=False),
            Column("topic", lambda o: o.record.topic, "id", terminal=False),
            Column("summary", lambda o: o.record.summary, "prose"),
            Column("status", lambda o: o.record.status, style="status", terminal=False),
            Column("progress", lambda o: o.progress, style="status"),
            Column("delivered", _delivered, "prose"),
            Column("dates", lambda o: [d.isoformat() for d in o.dates()], "date"),
            Column("source", lambda o: o.record.source, "id", terminal=False),
            _url_column(catalog, lambda o: o.record.source),
        ],
        found,
        lambda o: _outcome_json(catalog, o),
        record_keys("progress", "delivered", "implemented_by", "implemented_on"),
        [cite(s) for s in catalog.cited(cited)],
        empty="no outcomes match",
    )


def _stance(record: Record) -> str:
    mark = f" (disputed: {record.dispute})" if record.dispute else ""
    return f"{record.status}: {record.summary}{_figure_note(record)} [{record.id}]{mark}"


def _stances(side: str) -> Callable[[Comparison], Cell]:
    return lambda row: [_stance(r) for r in row.stances[side]]


def compare(catalog: Catalog, rows: Sequence[Comparison], title: str, columns: Sequence[str]) -> Listing:
    parties = list(columns)
    return Listing(
        title,
        [
            Column("topic", lambda row: row.topic.id, "id"),
            *[Column(side, _stances(side), "prose") for side in parties],
            Column("clash", lambda row: row.clash, style="status"),
        ],
        rows,
        lambda row: {
            "topic": row.topic.id,
            "label": row.topic.label,
            "clash": row.clash or None,
            "stances": {side: [builtins(r) for r in found] for side, found in row.stances.items()},
            "findings": [
                {
                    "question": f.question.id,
                    "text": f.question.text,
                    "verdict": f.verdict,
                    "held": f.held,
                    "records": f.records,
                }
                for f in row.findings
            ],
        },
        ("topic", "label", "clash", "stances", "findings"),
        [cite(s) for s in catalog.cited(r for row in rows for found in row.stances.values() for r in found)],
        empty="no positions or conditions to compare",
    )


def _at_event(event: str) -> Callable[[Trajectory], Cell]:
    return lambda row: [_stance(r) for r in row.by_event.get(event, [])]


def across_events(catalog: Catalog, rows: Sequence[Trajectory]) -> Listing:
    """One column per event (or date, for what belongs to no event) where a row holds a
    stance, in date order."""
    used = {key for row in rows for key in row.by_event}
    event_ids = sorted(used, key=lambda key: (catalog.events[key].date if key in catalog.events
                                             else datetime.date.fromisoformat(key), key))  # fmt: skip
    return Listing(
        "How each side's stance moved from event to event",
        [
            Column("topic", lambda row: row.topic.id, "id"),
            Column("side", lambda row: row.side.id, "id", style="side"),
            *[Column(e, _at_event(e), "prose") for e in event_ids],
        ],
        rows,
        lambda row: {
            "topic": row.topic.id,
            "side": row.side.id,
            "by_event": {e: [builtins(r) for r in row.by_event.get(e, [])] for e in event_ids},
        },
        ("topic", "side", "by_event"),
        [cite(s) for s in catalog.cited(r for row in rows for found in row.by_event.values() for r in found)],
        empty="no positions or conditions match",
    )


def timeline(catalog: Catalog, moments: Sequence[Moment]) -> Listing:
    return Listing(
        "Timeline",
        [
            Column("date", lambda m: m.date.isoformat(), "date"),
            Column("type", lambda m: m.type),
            Column("id", lambda m: m.id, "id"),
            Column("event", lambda m: m.event or "", "id"),
            Column("sides", lambda m: m.sides, "id", style="side"),
            Column("what", lambda m: m.title, "prose"),
        ],
        moments,
        lambda m: {
            "date": m.date.isoformat(),
            "type": m.type,
            "id": m.id,
            "event": m.event,
            "sides": m.sides,
            "title": m.title,
        },
        ("date", "type", "id", "event", "sides", "title"),
        empty="nothing on the timeline matches",
    )


def _sideless(record: Record) -> str:
    return (
        "joint (both sides)" if record.kind == "outcome" else "none: a fact about the talks, no side's claim"
    )


def record_detail(catalog: Catalog, record: Record) -> Detail:
    source = catalog.sources[record.source]
    event = catalog.events[record.event] if record.event else None
    related = catalog.related(record)
    fields = [
        Field("id", record.id, "id"),
        Field(
            "event",
            ", ".join(filter(None, [f"{event.name} ({event.id})", event.date.isoformat(), event.place]))
            if event
            else "none",
        ),
        Field("side", catalog.actors[record.side].name if record.side else _sideless(record)),
        Field("kind", record.kind, "label"),
        Field("topic", f"{catalog.topics[record.topic].label} ({record.topic})"),
        Field("status", record.status, "label", style="status"),
        Field("summary", record.summary),
        Field(
            f"quote [{source.language}]",
            record.quote
            if record.quote is not None
            else "none: the source's text is not stored, so no verbatim quote is given",
        ),
        *_source_fields(source),
        Field("locator", record.locator),
    ]
    if record.date:
        fields.append(Field("date", record.date.isoformat(), "date"))
    if record.figures:
        fields.append(Field("figures", _figures(record)))
    if record.people:
        fields.append(Field("people", ", ".join(catalog.people[p].name for p in record.people)))
    if record.document:
        fields.append(Field("document", f"{catalog.documents[record.document].title} ({record.document})"))
    if record.stance:
        question = catalog.questions[record.stance.question]
        fields.append(Field("stance", f"{stance_words(record.stance)}: {question.text} ({question.id})"))
    if said := caveat(record, source):
        fields.append(Field("caveat", said))
    if record.note:
        fields.append(Field("note", record.note))
    context: dict[str, Any] = {"source": builtins(source), "event": builtins(event) if event else None}
    if record.dispute:
        dispute = catalog.disputes[record.dispute]
        versions = catalog.versions[record.dispute]
        fields.append(Field("disputed", dispute.question))
        fields.append(Field("versions", [f"{v.summary} ({v.source}) [{v.id}]" for v in versions]))
        context["dispute"] = {
            "id": dispute.id,
            "question": dispute.question,
            "versions": [builtins(v) for v in versions],
        }
    if record.kind == "outcome":
        outcome = outcome_of(catalog, record)
        fields.append(Field("progress", outcome.progress, "label", style="status"))
        if outcome.implementations:
            fields.append(Field("delivered", _delivered(outcome)))
        context["progress"] = outcome.progress
        context["implemented_by"] = [i.id for i in outcome.implementations]
    if related:
        fields.append(Field("related", [f"{r.id}: {r.summary}" for r in related]))
    context["related"] = [r.id for r in related]
    return Detail(f"Record {record.id}", fields, builtins(record) | {"context": context})
