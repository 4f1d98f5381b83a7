"""The listing of `talks search`: the things found (an event, a source, a person…) first, then
the records, each with its `type`, where its words matched and its score."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import msgspec

from talks_cli.dataset import fields as shape
from talks_cli.dataset.model import Actor, Dispute, Document, Event, Person, Question, Record, Source, Topic
from talks_cli.query.catalog import Catalog
from talks_cli.query.search import Found, Hit
from talks_cli.text import shorten
from talks_cli.views.listing import Cell, Column, Listing, builtins
from talks_cli.views.listings import record_json, record_keys, records
from talks_cli.views.parts import cite


def search(
    catalog: Catalog, hits: Sequence[Hit], things: Sequence[Found], text: str, hint: str = ""
) -> Listing:
    """What a search found: the things themselves first (an event, a source, a person…), then
    records, each with its `type` and where its words matched; `hint`: what to try instead,
    said when nothing matches."""

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
    columns.insert(after_summary, Column("matched", lambda hit: matched_text(hit.matched), "prose", shed=7))

    def as_json(hit: Hit | Found) -> Any:
        found = {"matched": hit.matched, "matched_in": hit.matched_in}
        if isinstance(hit, Hit):
            return {"type": "record"} | record_json(catalog, hit.record) | found | {"score": hit.score}
        return {"type": hit.type} | builtins(hit.item) | found | {"score": None}

    kinds = (Event, Document, Source, Person, Actor, Topic, Dispute, Question)
    thing_keys = [name for cls in kinds for name in shape.names(cls)]
    items: list[Hit | Found] = [*things, *hits]
    return Listing(
        f"Matching '{text}'",
        columns,
        items,
        as_json,
        tuple(dict.fromkeys(["type", *record_keys("matched", "matched_in", "score"), *thing_keys])),
        lambda items: [cite(s) for s in catalog.cited(i.record for i in items if isinstance(i, Hit))],
        empty=f"nothing matches '{shorten(text)}'{hint}",
    )


def matched_text(matched: dict[str, str]) -> str:
    """Where the words of a search were found, compactly: "summary: russian language; topic: …"."""
    by_place: dict[str, list[str]] = {}
    for word, place in matched.items():
        by_place.setdefault(place, []).append(word)
    return "; ".join(f"{place}: {' '.join(words)}" for place, words in by_place.items())


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
        named = ("name", "title", "label", "question", "text", "id")
        return str(next(v for v in (getattr(item, f, None) for f in named) if v))
    if column == "source" and isinstance(item, Document):
        return item.source
    if column == "url" and isinstance(item, Source):
        return item.url or ""
    return ""
