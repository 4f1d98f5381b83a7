"""The cast and the references in full, for `talks show ID`: a source, an actor, a person, a
topic or a question, with what the records say of each (`details` holds the rest)."""

from __future__ import annotations

from talks_cli.dataset.model import Actor, Person, Question, Source, Topic
from talks_cli.dataset.wording import possessive, stance_words
from talks_cli.query.catalog import Catalog, event_sources
from talks_cli.views.listing import Detail, Field, builtins
from talks_cli.views.listings import record_json
from talks_cli.views.parts import cited_fields, figure_note, record_line


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
    fields.append(Field("records", [record_line(catalog, r) for r in records] or "none"))
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
        fields.append(Field("mediated", [record_line(catalog, r) for r in mediated]))
    if roles:
        fields.append(Field("at events", roles))
    if documents:
        fields.append(Field("documents", ", ".join(documents)))
    if people:
        fields.append(Field("people", ", ".join(f"{p.name} [{p.id}]" for p in people)))
    fields += cited_fields(catalog, [r.source for r in mediated])
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
    fields.append(Field("records", [record_line(catalog, r) for r in named] or "none"))
    fields += cited_fields(catalog, [d.source for _, d in delegations] + [r.source for r in named])
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
    fields += cited_fields(catalog, [r.source for r in stances])
    return Detail(
        f"Question {question.id}",
        fields,
        builtins(question) | {"type": "question", "stances": [record_json(catalog, r) for r in stances]},
    )
