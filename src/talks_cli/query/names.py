"""What a person typed, resolved to the dataset's ids: sides and mediators, topics, documents,
events and periods, any id, and the filters of a command.

Names are resolved case-, accent- and alias-insensitively: by id, name or alias, else by the
words of one (the word rules are in `query.filters`). A name that fits several things is a
usage error listing the candidates; one that fits nothing, an unknown value with a guess. The
name indexes are built once per catalog, on first use (`Catalog.memo`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from talks_cli.dataset.fields import singular
from talks_cli.dataset.model import KINDS, PAGE_KINDS, SECTIONS, STATUSES, Actor, Document, Event, Topic
from talks_cli.errors import UsageError
from talks_cli.query.catalog import Catalog
from talks_cli.query.filters import (
    EVENT_FORMS,
    MAX_LISTED,
    Filters,
    choice,
    day,
    event_tiers,
    names_of,
    nonblank,
    shaped,
    starts_a_word,
    unknown,
)
from talks_cli.text import fold, shorten, suggest_many


def side_named(catalog: Catalog, name: str, what: str = "side") -> Actor:
    """The actor `name` names: by id, name or alias (russia, Russie, RU, Kremlin…), or by
    the words of one (emirates: the United Arab Emirates)."""
    actor_id = _resolve(catalog, what, name, "actors", lambda a: a.names())
    return catalog.actors[actor_id]


def topic_named(catalog: Catalog, name: str) -> Topic:
    return catalog.topics[_resolve(catalog, "topic", name, "topics", lambda t: t.names())]


def document_named(catalog: Catalog, name: str) -> Document:
    """The document with this id or title, or the one whose title holds these words."""
    return catalog.documents[_resolve(catalog, "document", name, "documents", lambda d: [d.id, d.title])]


def event_named(catalog: Catalog, name: str) -> Event:
    """The event with this id, name, alias or date; else the one held at this place or
    venue (anchorage, dolmabahce), else the one whose name starts with these words. A name
    that fits several, or only words inside one event's name, asks: the candidates with
    their dates, a usage error. A date two events share is ambiguous too."""
    by_date = catalog.memo("events by date", lambda: _by_date(catalog.dataset.events))
    on_date = by_date.get(nonblank("--event", name).strip(), [])
    if len(on_date) > 1:
        raise _ambiguous(catalog, "event", name, on_date)
    if on_date:
        return catalog.events[on_date[0]]
    if shaped(name.strip(), "day"):
        raise UsageError(f"no event on {name.strip()}; give {EVENT_FORMS}")
    folded = fold(name)
    exact, _ = catalog.memo(
        "names of events",
        lambda: names_of(catalog.dataset.events, lambda e: [e.id, e.name, *e.aliases]),
    )
    if folded in exact:
        return catalog.events[exact[folded]]
    *sure, to_ask = event_tiers(catalog.dataset.events, folded.split())
    for found in sure:
        if len(found) == 1:
            return catalog.events[found[0]]
        if found:
            raise _ambiguous(catalog, "event", name, found)
    if to_ask:
        raise _ambiguous(catalog, "event", name, to_ask)
    raise unknown("event", name, catalog.events, "talks events")


def events_named(catalog: Catalog, value: str) -> frozenset[str]:
    """The events `value` names: one by id, name, place or date, or every one in a month or
    year."""
    period = nonblank("--event", value).strip()
    if shaped(period, "month", "year"):
        found = frozenset(e.id for e in catalog.dataset.events if e.date.isoformat().startswith(period))
        if not found:
            raise UsageError(f"no event in {period}; give {EVENT_FORMS}")
        return found
    return frozenset([event_named(catalog, value).id])


def item_with_id(catalog: Catalog, given: str) -> tuple[str, Any]:
    """The section and item with the id `given`; else a usage error naming the closest ids
    of any kind, with their kind."""
    found = catalog.items.get(nonblank("the id", given).strip().lower())
    if found is not None:
        return found
    raise unknown_id(catalog, given)


def unknown_id(
    catalog: Catalog,
    given: str,
    sections: tuple[str, ...] = SECTIONS,
    after: str = "`talks search WORDS` finds things by name.",
) -> UsageError:
    """The error for an id that names nothing of `sections`: the closest ids of those, with
    their kind, chosen as `text.suggest_many` chooses (bounded: a few thousand compared,
    however many the dataset holds)."""
    if sections == SECTIONS:
        options: Iterable[str] = catalog.items
        what = ""
    else:
        options = (i for i, (section, _) in catalog.items.items() if section in sections)
        kinds = [singular(section) for section in sections]
        what = f": not a {', '.join(kinds[:-1])} or {kinds[-1]}" if len(kinds) > 1 else f": not a {kinds[0]}"
    close = suggest_many(given.strip().lower(), options)
    named = ", ".join(f"{i} ({singular(catalog.items[i][0])})" for i in close)
    hint = f" Did you mean {named}?" if named else ""
    return UsageError(f"unknown id '{shorten(given)}'{what}.{hint} {after}")


def filters_from(
    catalog: Catalog,
    *,
    event: str | None = None,
    topic: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    side: str | None = None,
    document: str | None = None,
    since: str | None = None,
    until: str | None = None,
    mediator: str | None = None,
    page: list[str] | None = None,
) -> Filters:
    """Filters from what the user typed, each name checked against the dataset."""
    go_between = None if mediator is None else side_named(catalog, mediator, "mediator").id
    pages = None if not page else frozenset(choice("page", p, PAGE_KINDS) or "" for p in page)
    filters = Filters(
        events=None if event is None else events_named(catalog, event),
        topic=None if topic is None else topic_named(catalog, topic).id,
        kind=choice("kind", kind, KINDS),
        status=choice("status", status, STATUSES),
        side=None if side is None else side_named(catalog, side).id,
        document=None if document is None else document_named(catalog, document).id,
        since=None if since is None else day("--since", since, start=True),
        until=None if until is None else day("--until", until, start=False),
        period=None if event is None else event.strip(),
        mediator=go_between,
        mediated_events=frozenset(
            e.id
            for e in catalog.dataset.events
            if any(p.actor == go_between and p.role in ("mediator", "host") for p in e.participants)
        ),
        pages=pages,
        paged_sources=frozenset(s.id for s in catalog.dataset.sources if pages and s.page in pages),
    )
    if filters.since and filters.until and filters.since > filters.until:
        raise UsageError(f"--since {filters.since} is after --until {filters.until}")
    return filters


def _resolve(
    catalog: Catalog,
    what: str,
    given: str,
    section: str,
    names: Callable[[Any], list[str]],
) -> str:
    """The id of the one item of `section` that `given` names: exactly (one of its `names`,
    folded), or else by words (every word of `given` starts a word of its names). Several
    items are a usage error listing just them; none, an unknown value with a guess."""
    folded = fold(nonblank(what if what != "side" else "the side", given))
    exact, words = catalog.memo(
        f"names of {section}", lambda: names_of(getattr(catalog.dataset, section), names)
    )
    if folded in exact:
        return exact[folded]
    wanted = folded.split()
    found = [item for item, known in words.items() if wanted and all(starts_a_word(w, known) for w in wanted)]
    if len(found) == 1:
        return found[0]
    if found:
        raise _ambiguous(catalog, what, given, found)
    listing = {"actors": "talks sides", "events": "talks events", "documents": "talks documents"}
    raise unknown(what, given, getattr(catalog, section), listing.get(section, ""))


def _ambiguous(catalog: Catalog, what: str, given: str, ids: list[str]) -> UsageError:
    """The error for a name that fits several items: each candidate with its date."""
    shown = []
    for item_id in ids[:MAX_LISTED]:
        _, found = catalog.items[item_id]
        date = (
            found.date
            if isinstance(found, Event)
            else catalog.document_date(found)
            if isinstance(found, Document)
            else None
        )
        shown.append(f"{item_id} ({date.isoformat()})" if date else item_id)
    if len(ids) == 1:
        return UsageError(f"no {what} is called '{shorten(given)}'; did you mean {shown[0]}? give its id")
    more = f", … ({len(ids)} in all)" if len(ids) > MAX_LISTED else ""
    return UsageError(
        f"'{shorten(given)}' names more than one {what}: {', '.join(shown)}{more}; give one of them"
    )


def _by_date(events: Iterable[Event]) -> dict[str, list[str]]:
    """Each day an event starts on (as typed: 2025-06-02) to the events that start on it."""
    dates: dict[str, list[str]] = defaultdict(list)
    for event in events:
        dates[event.date.isoformat()].append(event.id)
    return dates
