"""Each kind of thing in full, for `talks show ID`: a record, an event, a document or a dispute
here, a source, an actor, a person, a topic or a question in `cast`; everything the dataset
says of it and the source of each statement, as labelled fields for people and one object for
scripts. `detail_of` gives the detail of whatever an id names."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from talks_cli.dataset.model import Dispute, Document, Event, Record
from talks_cli.dataset.wording import caveat, delivered_lines, event_date_text, stance_words
from talks_cli.query.catalog import Catalog, event_sources
from talks_cli.query.names import item_with_id
from talks_cli.query.outcomes import outcome_of
from talks_cli.views.cast import actor_detail, person_detail, question_detail, source_detail, topic_detail
from talks_cli.views.listing import Detail, Field, builtins
from talks_cli.views.listings import record_json
from talks_cli.views.parts import (
    cited_fields,
    disputed_fields,
    figure_lines,
    figure_note,
    record_line,
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


def _versions(catalog: Catalog, dispute: Dispute) -> tuple[list[str], list[Any]]:
    """A dispute's versions as lines (date, side, summary, source, id) and as objects."""
    versions = catalog.versions.get(dispute.id, [])
    lines = [f"{record_line(catalog, v)} ({v.source})" for v in versions]
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
    fields.append(Field("records", [f"{record_line(catalog, r)} ({r.source})" for r in records] or "none"))
    fields += cited_fields(catalog, event_sources(event))
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
    fields += cited_fields(catalog, [v.source for v in catalog.versions.get(dispute.id, [])])
    return Detail(
        f"Dispute {dispute.id}", fields, builtins(dispute) | {"type": "dispute", "versions": objects}
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
