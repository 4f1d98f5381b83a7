"""Each kind of thing in full, for `talks show ID`: a record, an event, a document, a dispute,
a source, an actor, a person, a topic or a question, with everything the dataset says of it
and the source of each statement, as labelled fields for people and one object for scripts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from talks_cli.dataset.model import Actor, Dispute, Document, Event, Person, Question, Record, Source, Topic
from talks_cli.dataset.wording import caveat, delivered_lines, event_date_text, possessive, stance_words
from talks_cli.query.catalog import Catalog, event_sources
from talks_cli.query.names import item_with_id
from talks_cli.query.outcomes import outcome_of
from talks_cli.views.listing import Detail, Field, builtins
from talks_cli.views.listings import record_json
from talks_cli.views.parts import (
    cite,
    disputed_fields,
    figure_lines,
    figure_note,
    source_fields,
)


def document_detail(catalog: Catalog, document: Document) -> Detail:
    provisions = catalog.provisions.get(document.id, [])
    source = catalog.sources[document.source]
    fields = [
        Field("id", document.id, "id"),
        Field("title", document.title),
        Field("kind", document.kind, "label"),
        Field("date", catalog.document_text(document), "date"),
        Field("authors", ", ".join(catalog.actors[a].name for a in document.authors)),
    ]
    if document.event:
        event = catalog.events[document.event]
        fields.append(Field("event", f"{event.name} ({event.id}), {event_date_text(event)}"))
    fields += source_fields(source)
    if document.note:
        fields.append(Field("note", document.note))
    fields.append(
        Field("provisions", [f"{r.topic}: {r.summary}{figure_note(r)} [{r.id}]" for r in provisions])
    )
    return Detail(
        f"Document {document.id}",
        fields,
        builtins(document)
        | {"type": "document", "provisions": [record_json(catalog, r) for r in provisions]},
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
            ", ".join(filter(None, [f"{event.name} ({event.id})", event_date_text(event), event.place]))
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
        *source_fields(source),
        Field("locator", record.locator),
    ]
    if record.date or record.event is None:  # else its event's, shown with the event
        fields.append(Field("date", catalog.when_text(record), "date"))
    if record.figures:
        fields.append(Field("figures", figure_lines(record)))
    if record.people:
        fields.append(Field("people", ", ".join(catalog.people[p].name for p in record.people)))
    if record.document:
        fields.append(Field("document", f"{catalog.documents[record.document].title} ({record.document})"))
    if record.stance:
        question = catalog.questions[record.stance.question]
        fields.append(Field("stance", f"{stance_words(record.stance)}: {question.text} ({question.id})"))
    if said := caveat(record, catalog.sources):
        fields.append(Field("caveat", said))
    if record.confirmed_by:
        confirmations = [
            f"{c.source}{' (in substance only)' if c.in_substance else ''}: {c.locator}"
            for c in record.confirmed_by
        ]
        fields.append(Field("confirmed by", confirmations))
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
        fields.append(Field("rests on", outcome.basis()))
        if delivered := delivered_lines(outcome):
            fields.append(Field("delivered", delivered))
        context["progress"] = outcome.progress
        context["rests_on"] = outcome.basis()
        context["implemented_by"] = [i.id for i in outcome.implementations]
    if related:
        fields.append(Field("related", [f"{r.id}: {r.summary}" for r in related]))
    context["related"] = [r.id for r in related]
    return Detail(
        f"Record {record.id}",
        fields,
        {"type": "record"} | record_json(catalog, record) | {"context": context},
    )


def _record_line(catalog: Catalog, record: Record) -> str:
    """A record on one line of a detail: its date, side, summary and id."""
    side = f"{record.side}: " if record.side else ""
    return f"{catalog.when_text(record)} {side}{record.summary} [{record.id}]"


def _citations(catalog: Catalog, ids: list[str]) -> list[Field]:
    """The published sources with these ids, each cited with its address whole on a line of its
    own (the dataset's fact lists are how it was compiled, not sources to cite)."""
    fields: list[Field] = []
    for source in catalog.cited_sources(ids):
        citation = cite(source)
        fields.append(Field("source", f"{citation.id}: {citation.text}"))
        if citation.url:
            fields.append(Field("url", citation.url, "url"))
    return fields


def _versions(catalog: Catalog, dispute: Dispute) -> tuple[list[str], list[Any]]:
    """A dispute's versions as lines (date, side, summary, source, id) and as objects."""
    versions = catalog.versions.get(dispute.id, [])
    lines = [f"{_record_line(catalog, v)} ({v.source})" for v in versions]
    return lines, [record_json(catalog, v) for v in versions]


def event_detail(catalog: Catalog, event: Event) -> Detail:
    disputes = catalog.event_disputes(event.id)
    disputed = {d.field for d in disputes if d.field}
    dates = " to ".join([event_date_text(event)] + ([event.end.isoformat()] if event.end else []))
    if disputed & {"date", "end"}:
        dates += " (disputed: see the versions below)"
    fields = [
        Field("id", event.id, "id"),
        Field("name", event.name),
        Field("kind", event.kind, "label"),
        Field("status", event.status, "label"),
        Field("date", dates, "date"),
    ]
    for label in ("place", "venue"):
        value = getattr(event, label)
        if value:
            fields.append(Field(label, value + (" (disputed)" if label in disputed else "")))
    if event.participants:
        fields.append(
            Field("participants", [f"{catalog.actors[p.actor].name} ({p.role})" for p in event.participants])
        )
    if event.chairs:
        fields.append(Field("chairs", ", ".join(catalog.people[c].name for c in event.chairs)))
    for delegation in event.delegations:
        head = [f"{catalog.people[delegation.head].name} (head)"] if delegation.head else []
        members = head + [catalog.people[m].name for m in delegation.members]
        fields.append(
            Field(f"delegation of {delegation.side}", f"{', '.join(members)} [{delegation.source}]")
        )
    for dispute in disputes:
        lines, _ = _versions(catalog, dispute)
        fields.append(Field(f"disputed {dispute.field or ''}".strip(), [dispute.question, *lines]))
    documents = [d for d in catalog.dataset.documents if d.event == event.id]
    if documents:
        fields.append(Field("documents", [f"{d.title} [{d.id}]" for d in documents]))
    records = catalog.records_by("event").get(event.id, [])
    fields.append(Field("records", [f"{_record_line(catalog, r)} ({r.source})" for r in records] or "none"))
    fields += _citations(catalog, event_sources(event))
    return Detail(
        f"Event {event.id}",
        fields,
        builtins(event)
        | {
            "type": "event",
            "disputed": disputed_fields(catalog, event),
            "disputes": [
                {"id": d.id, "question": d.question, "field": d.field, "versions": _versions(catalog, d)[1]}
                for d in disputes
            ],
            "documents": [d.id for d in documents],
            "records": [r.id for r in records],
        },
    )


def dispute_detail(catalog: Catalog, dispute: Dispute) -> Detail:
    lines, objects = _versions(catalog, dispute)
    fields = [Field("id", dispute.id, "id"), Field("question", dispute.question)]
    if dispute.event:
        event = catalog.events[dispute.event]
        fields.append(Field("about", f"the {dispute.field or 'facts'} of {event.name} ({event.id})"))
    fields.append(Field("versions", lines))
    fields += _citations(catalog, [v.source for v in catalog.versions.get(dispute.id, [])])
    return Detail(
        f"Dispute {dispute.id}", fields, builtins(dispute) | {"type": "dispute", "versions": objects}
    )


def source_detail(catalog: Catalog, source: Source) -> Detail:
    records = catalog.records_by("source").get(source.id, [])
    events = [e.id for e in catalog.dataset.events if source.id in event_sources(e)]
    documents = [d.id for d in catalog.dataset.documents if d.source == source.id]
    confirms = [r.id for r in catalog.dataset.records if any(c.source == source.id for c in r.confirmed_by)]
    fields = [
        Field("id", source.id, "id"),
        Field("title", source.title or "not known: the page's title could not be found"),
        Field("page", source.page or "not stated", "label"),
        Field("publisher", source.publisher or "not stated"),
        Field("published", source.published.isoformat() if source.published else "not known", "date"),
        Field("language", source.language, "label"),
    ]
    if source.mirror_of:
        fields.append(Field("mirror of", source.mirror_of))
    if confirms:
        fields.append(Field("confirms", ", ".join(confirms)))
    if source.url:
        fields.append(Field("url", source.url, "url"))
    if source.file:
        fields.append(Field("stored as", source.file))
    if source.note:
        fields.append(Field("note", source.note))
    fields.append(Field("records", [_record_line(catalog, r) for r in records] or "none"))
    if events:
        fields.append(Field("events", ", ".join(events)))
    if documents:
        fields.append(Field("documents", ", ".join(documents)))
    return Detail(
        f"Source {source.id}",
        fields,
        builtins(source)
        | {
            "type": "source",
            "records": [r.id for r in records],
            "events": events,
            "documents": documents,
            "confirms": confirms,
        },
    )


def actor_detail(catalog: Catalog, actor: Actor) -> Detail:
    as_side = catalog.records_by("side").get(actor.id, [])
    mediated = catalog.records_by("mediators").get(actor.id, [])
    roles = [
        f"{e.date.isoformat()} {e.name} [{e.id}]: {p.role}"
        for e in sorted(catalog.dataset.events, key=lambda e: e.date)
        for p in e.participants
        if p.actor == actor.id
    ]
    documents = [d.id for d in catalog.dataset.documents if actor.id in d.authors]
    people = [p for p in catalog.dataset.people if p.actor == actor.id]
    fields = [
        Field("id", actor.id, "id"),
        Field("name", actor.name),
        Field("role", actor.role, "label"),
        Field("aliases", ", ".join(actor.aliases) or "none"),
        Field("records as its side", f"{len(as_side)} (talks records --side {actor.id})"),
    ]
    if mediated:
        fields.append(Field("mediated", [_record_line(catalog, r) for r in mediated]))
    if roles:
        fields.append(Field("at events", roles))
    if documents:
        fields.append(Field("documents", ", ".join(documents)))
    if people:
        fields.append(Field("people", ", ".join(f"{p.name} [{p.id}]" for p in people)))
    fields += _citations(catalog, [r.source for r in mediated])
    return Detail(
        f"Actor {actor.id}",
        fields,
        builtins(actor)
        | {
            "type": "actor",
            "records": [r.id for r in as_side],
            "mediated": [r.id for r in mediated],
            "events": [
                e.id for e in catalog.dataset.events if any(p.actor == actor.id for p in e.participants)
            ],
            "documents": documents,
            "people": [p.id for p in people],
        },
    )


def person_detail(catalog: Catalog, person: Person) -> Detail:
    named = catalog.records_by("people").get(person.id, [])
    chaired = [e for e in catalog.dataset.events if person.id in e.chairs]
    delegations = [
        (e, d)
        for e in sorted(catalog.dataset.events, key=lambda e: e.date)
        for d in e.delegations
        if person.id == d.head or person.id in d.members
    ]
    fields = [Field("id", person.id, "id"), Field("name", person.name)]
    if person.title:
        fields.append(Field("title", person.title))
    if person.actor:
        fields.append(Field("actor", f"{catalog.actors[person.actor].name} ({person.actor})"))
    if person.aliases:
        fields.append(Field("aliases", ", ".join(person.aliases)))
    if chaired:
        fields.append(Field("chaired", [f"{e.date.isoformat()} {e.name} [{e.id}]" for e in chaired]))
    if delegations:
        lines = [
            f"{e.date.isoformat()} {e.name} [{e.id}]: "
            + ("head of " if d.head == person.id else "member of ")
            + f"{possessive(catalog.actors[d.side].name)} delegation"
            for e, d in delegations
        ]
        fields.append(Field("delegations", lines))
    fields.append(Field("records", [_record_line(catalog, r) for r in named] or "none"))
    fields += _citations(catalog, [d.source for _, d in delegations] + [r.source for r in named])
    return Detail(
        f"Person {person.id}",
        fields,
        builtins(person)
        | {
            "type": "person",
            "records": [r.id for r in named],
            "chaired": [e.id for e in chaired],
            "delegations": [e.id for e, _ in delegations],
            "roles": [
                {
                    "event": e.id,
                    "date": e.date.isoformat(),
                    "side": d.side,
                    "role": "head" if d.head == person.id else "member",
                }
                for e, d in delegations
            ],
        },
    )


def topic_detail(catalog: Catalog, topic: Topic) -> Detail:
    records = catalog.records_by("topic").get(topic.id, [])
    by_side: dict[str, int] = {}
    for record in records:
        by_side[record.side or "no side"] = by_side.get(record.side or "no side", 0) + 1
    fields = [
        Field("id", topic.id, "id"),
        Field("label", topic.label),
        Field("aliases", ", ".join(topic.aliases) or "none"),
        Field("records", [f"{side}: {count}" for side, count in by_side.items()] or "none"),
        Field("see", f"talks records --topic {topic.id}; talks compare --topic {topic.id}"),
    ]
    return Detail(
        f"Topic {topic.id}", fields, builtins(topic) | {"type": "topic", "records": [r.id for r in records]}
    )


def question_detail(catalog: Catalog, question: Question) -> Detail:
    stances = sorted(
        (r for r in catalog.dataset.records if r.stance and r.stance.question == question.id),
        key=catalog.when,
    )
    lines = [
        f"{catalog.when_text(r)} {r.side or 'no side'}: "
        + f"{stance_words(r.stance)}{figure_note(r)} [{r.id}]"
        for r in stances
        if r.stance
    ]
    fields = [Field("id", question.id, "id"), Field("text", question.text)]
    if question.figure:
        fields.append(Field("figure", question.figure))
    fields.append(Field("stances", lines or "none"))
    fields += _citations(catalog, [r.source for r in stances])
    return Detail(
        f"Question {question.id}",
        fields,
        builtins(question) | {"type": "question", "stances": [record_json(catalog, r) for r in stances]},
    )


# The detail of each section's items.
_DETAILS: dict[str, Callable[[Catalog, Any], Detail]] = {
    "records": record_detail,
    "documents": document_detail,
    "events": event_detail,
    "disputes": dispute_detail,
    "sources": source_detail,
    "actors": actor_detail,
    "people": person_detail,
    "topics": topic_detail,
    "questions": question_detail,
}


def detail_of(catalog: Catalog, given: str) -> Detail:
    """The detail of whatever the id `given` names."""
    section, item = item_with_id(catalog, given)
    return _DETAILS[section](catalog, item)
