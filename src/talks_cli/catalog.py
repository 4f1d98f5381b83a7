"""A validated dataset with its lookups: names resolved as people type them, filters, dates.

A `Catalog` wraps a `Dataset` with the indexes the questions need, each built once on first
use. The questions themselves live in their own modules (`search`, `compare`, `outcomes`,
`timeline`); every query is a single pass over the records; nothing here prints.
"""

from __future__ import annotations

import datetime
import re
import typing
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cached_property
from typing import Any, TypeVar

import msgspec

from . import index
from .errors import UsageError
from .index import SearchIndex
from .model import (
    KINDS,
    STATUSES,
    Actor,
    Dataset,
    Dispute,
    Document,
    Event,
    Person,
    Question,
    Record,
    Source,
    Topic,
)
from .text import fold, shorten, suggest

T = TypeVar("T")

MAX_LISTED = 12  # valid values named in one message; a large dataset has 100,000 record ids


def unknown(what: str, word: str, choices: Iterable[str], listing: str = "") -> UsageError:
    """The error for a value the dataset does not know, with a guess, the valid values and the
    command (`listing`) that lists them with their names."""
    options = sorted(set(choices))
    guess = suggest(word, options)
    hint = f" Did you mean '{guess}'?" if guess else ""
    listed = ", ".join(options[:MAX_LISTED])
    if len(options) > MAX_LISTED:
        listed += f", … ({len(options)} in all)"
    see = f"; `{listing}` lists them with every name they go by" if listing else ""
    return UsageError(f"unknown {what} '{shorten(word)}'.{hint} Valid values: {listed}{see}")


def _given(what: str, value: str) -> str:
    """`value`, refused when blank: an unset shell variable must not mean "no filter"."""
    if not value.strip():
        raise UsageError(f"{what} is empty; give a value, or leave the option out")
    return value


class Filters(msgspec.Struct, frozen=True):
    """Record filters, each already resolved to dataset ids (None: no filter)."""

    events: frozenset[str] | None = None
    topic: str | None = None
    kind: str | None = None
    status: str | None = None
    side: str | None = None
    document: str | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None
    period: str | None = None  # --event as typed, when it names a month or a year: for titles

    def match(self, record: Record, when: datetime.date) -> bool:
        """Whether `record`, dated `when` (its own date, else its event's), passes every filter."""
        return (
            (self.events is None or record.event in self.events)
            and (self.topic is None or record.topic == self.topic)
            and (self.kind is None or record.kind == self.kind)
            and (self.status is None or record.status == self.status)
            and (self.side is None or record.side == self.side)
            and (self.document is None or record.document == self.document)
            and self.in_period(when)
        )

    def in_period(self, when: datetime.date) -> bool:
        return (self.since is None or when >= self.since) and (self.until is None or when <= self.until)

    @property
    def about_records(self) -> bool:
        """Whether any filter concerns records rather than only when and in which event."""
        return any(f is not None for f in (self.topic, self.kind, self.status, self.side, self.document))


# Compiled by `re` on first use (a date or period given): not at every start.
_DAY = r"\d{4}-\d{2}-\d{2}"
_MONTH = r"\d{4}-\d{2}"
_YEAR = r"\d{4}"
EVENT_FORMS = "an event id or name (round-2), a date (2025-06-02), a month (2025-06) or a year (2025)"


class Catalog:
    """A dataset and its lookups. Names are resolved case-, accent- and alias-insensitively."""

    def __init__(self, dataset: Dataset, search_index: Callable[[], SearchIndex] | None = None) -> None:
        """`search_index` gives the dataset's folded text, from the cache where it was kept."""
        self.dataset = dataset
        self._search_index = search_index or (lambda: index.build(dataset))
        self._memos: dict[str, Any] = {}

    @cached_property
    def search_index(self) -> SearchIndex:
        return self._search_index()

    def memo(self, name: str, build: Callable[[], T]) -> T:
        """What `build` gives, built once per catalog: an index a query module keeps."""
        if name not in self._memos:
            self._memos[name] = build()
        return typing.cast(T, self._memos[name])

    # --- lookups, built on first use --------------------------------------------------------

    @cached_property
    def actors(self) -> dict[str, Actor]:
        return {actor.id: actor for actor in self.dataset.actors}

    @cached_property
    def topics(self) -> dict[str, Topic]:
        return {topic.id: topic for topic in self.dataset.topics}

    @cached_property
    def events(self) -> dict[str, Event]:
        return {event.id: event for event in self.dataset.events}

    @cached_property
    def sources(self) -> dict[str, Source]:
        return {source.id: source for source in self.dataset.sources}

    @cached_property
    def people(self) -> dict[str, Person]:
        return {person.id: person for person in self.dataset.people}

    @cached_property
    def disputes(self) -> dict[str, Dispute]:
        return {dispute.id: dispute for dispute in self.dataset.disputes}

    @cached_property
    def documents(self) -> dict[str, Document]:
        return {document.id: document for document in self.dataset.documents}

    @cached_property
    def records(self) -> dict[str, Record]:
        return {record.id: record for record in self.dataset.records}

    @cached_property
    def _actor_names(self) -> dict[str, str]:
        return _name_index((a.id, a.names()) for a in self.dataset.actors)

    @cached_property
    def _topic_names(self) -> dict[str, str]:
        return _name_index((t.id, t.names()) for t in self.dataset.topics)

    @cached_property
    def _topic_order(self) -> dict[str, int]:
        """Topics in the dataset's order, which groups related topics together."""
        return {topic.id: index for index, topic in enumerate(self.dataset.topics)}

    @cached_property
    def _event_names(self) -> dict[str, str]:
        return _name_index((e.id, [e.id, e.name]) for e in self.dataset.events)

    @cached_property
    def _document_names(self) -> dict[str, str]:
        return _name_index((d.id, [d.id, d.title]) for d in self.dataset.documents)

    @cached_property
    def _event_dates(self) -> dict[str, list[str]]:
        dates: dict[str, list[str]] = defaultdict(list)
        for event in self.dataset.events:
            dates[event.date.isoformat()].append(event.id)
        return dates

    # --- resolving what the user typed -------------------------------------------------------

    def side(self, name: str) -> Actor:
        """The actor called `name` in any of its aliases (russia, Russie, RU, Kremlin…)."""
        actor_id = self._actor_names.get(fold(_given("the side", name)))
        if actor_id is None:
            raise unknown("side", name, self.actors, "talks sides")
        return self.actors[actor_id]

    def topic(self, name: str) -> Topic:
        topic_id = self._topic_names.get(fold(_given("--topic", name)))
        if topic_id is None:
            raise unknown("topic", name, self.topics)
        return self.topics[topic_id]

    def event(self, name: str) -> Event:
        """The event with this id, name or date; a date two events share is ambiguous."""
        on_date = self._event_dates.get(_given("--event", name).strip(), [])
        if len(on_date) > 1:
            raise UsageError(
                f"more than one event on {shorten(name.strip())}: {', '.join(on_date)}; give an event id"
            )
        event_id = on_date[0] if on_date else self._event_names.get(fold(name))
        if event_id is None:
            if re.fullmatch(_DAY, name.strip()):
                raise UsageError(f"no event on {name.strip()}; give {EVENT_FORMS}")
            raise unknown("event", name, self.events)
        return self.events[event_id]

    def events_in(self, value: str) -> frozenset[str]:
        """The events `value` names: one by id, name or date, or every one in a month or year."""
        period = _given("--event", value).strip()
        if re.fullmatch(_MONTH, period) or re.fullmatch(_YEAR, period):
            found = frozenset(e.id for e in self.dataset.events if e.date.isoformat().startswith(period))
            if not found:
                raise UsageError(f"no event in {period}; give {EVENT_FORMS}")
            return found
        return frozenset([self.event(value).id])

    def document(self, name: str) -> Document:
        """The document with this id or title."""
        document_id = self._document_names.get(fold(_given("--document", name)))
        if document_id is None:
            raise unknown("document", name, self.documents)
        return self.documents[document_id]

    def document_date(self, document: Document) -> datetime.date:
        """A document's own date, else its event's."""
        return self._dated(document)

    def when(self, record: Record) -> datetime.date:
        """The date a record speaks of: its own, else its event's."""
        return self._dated(record)

    def _dated(self, item: Record | Document) -> datetime.date:
        # The loader refuses an item with neither, so this cannot fail on a loaded dataset.
        if item.date is not None:
            return item.date
        if item.event is None:
            raise ValueError(f"{item.id} has neither a date nor an event")
        return self.events[item.event].date

    def record(self, record_id: str) -> Record:
        record = self.records.get(_given("the record id", record_id).strip().lower())
        if record is None:
            raise unknown("record id", record_id, self.records)
        return record

    def filters(
        self,
        *,
        event: str | None = None,
        topic: str | None = None,
        kind: str | None = None,
        status: str | None = None,
        side: str | None = None,
        document: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> Filters:
        """Filters from what the user typed, each name checked against the dataset."""
        filters = Filters(
            events=None if event is None else self.events_in(event),
            topic=None if topic is None else self.topic(topic).id,
            kind=choice("kind", kind, KINDS),
            status=choice("status", status, STATUSES),
            side=None if side is None else self.side(side).id,
            document=None if document is None else self.document(document).id,
            since=None if since is None else _day("--since", since, start=True),
            until=None if until is None else _day("--until", until, start=False),
            period=None if event is None else event.strip(),
        )
        if filters.since and filters.until and filters.since > filters.until:
            raise UsageError(f"--since {filters.since} is after --until {filters.until}")
        return filters

    # --- questions ------------------------------------------------------------------------

    def select(self, filters: Filters) -> list[Record]:
        return [record for record in self.dataset.records if self.passes(record, filters)]

    @cached_property
    def _links(self) -> tuple[dict[str, list[Record]], dict[str, list[Record]], dict[str, list[Record]]]:
        """Outcome id to the records that implement it, dispute id to its versions, and record
        id to the records whose `related` names it: one pass over the records for all three."""
        implementing: dict[str, list[Record]] = defaultdict(list)
        disputed: dict[str, list[Record]] = defaultdict(list)
        related_to: dict[str, list[Record]] = defaultdict(list)
        for record in self.dataset.records:
            if record.implements:
                implementing[record.implements].append(record)
            if record.dispute:
                disputed[record.dispute].append(record)
            for other_id in record.related:
                related_to[other_id].append(record)
        return implementing, disputed, related_to

    @cached_property
    def implemented_by(self) -> dict[str, list[Record]]:
        """Outcome id to the records that carried it out, in date order: each record's own
        date, else its event's (ties keep the dataset's order)."""
        index = self._links[0]
        for records in index.values():
            records.sort(key=self.when)
        return index

    @cached_property
    def versions(self) -> dict[str, list[Record]]:
        """Dispute id to its versions: one record per source's answer."""
        return self._links[1]

    @cached_property
    def _related_to(self) -> dict[str, list[Record]]:
        """Record id to the records whose `related` names it: links read backwards."""
        return self._links[2]

    def related(self, record: Record) -> list[Record]:
        """Records linked to `record` in either direction, by `related`, `implements`, or dispute."""
        linked: dict[str, Record] = {}
        ids = [*record.related, *([record.implements] if record.implements else [])]
        for other_id in ids:
            linked[other_id] = self.records[other_id]
        for other in self.implemented_by.get(record.id, []):
            linked[other.id] = other
        for other in self._related_to.get(record.id, []):
            linked[other.id] = other
        for other in self.versions.get(record.dispute or "", []):
            linked[other.id] = other
        linked.pop(record.id, None)
        return list(linked.values())

    def parties(self) -> list[Actor]:
        return [actor for actor in self.dataset.actors if actor.role == "party"]

    @cached_property
    def questions(self) -> dict[str, Question]:
        return {question.id: question for question in self.dataset.questions}

    def passes(self, record: Record, filters: Filters) -> bool:
        return filters.match(record, self.when(record))

    def events_matching(self, filters: Filters) -> list[Event]:
        """Events in the filters' events and period, and with a matching record if the filters
        concern records (a topic, side, kind, status or document)."""
        with_records = {r.event for r in self.select(filters)} if filters.about_records else None
        found = [
            e
            for e in self.dataset.events
            if (filters.events is None or e.id in filters.events)
            and filters.in_period(e.date)
            and (with_records is None or e.id in with_records)
        ]
        return sorted(found, key=lambda e: e.date)  # in date order; a day's events as the file has them

    def sources_matching(self, filters: Filters) -> list[Source]:
        """Every source, or, with any filter, the sources cited by the records that match."""
        if filters == Filters():
            return list(self.dataset.sources)
        return self.cited(self.select(filters))

    @cached_property
    def provisions(self) -> dict[str, list[Record]]:
        """Document id to the records that state its provisions, in dataset order."""
        return _grouped(self.dataset.records, "document")

    def documents_matching(self, filters: Filters) -> list[Document]:
        """Documents in the filters' events and period, by the filtered side."""
        found = [
            d
            for d in self.dataset.documents
            if (filters.events is None or d.event in filters.events)
            and filters.in_period(self.document_date(d))
            and (filters.side is None or filters.side in d.authors)
            and filters.document in (None, d.id)
        ]
        return sorted(found, key=self.document_date)

    def cited_sources(self, ids: Iterable[str]) -> list[Source]:
        """The sources with these ids, once each, in order of first mention."""
        return [self.sources[i] for i in dict.fromkeys(ids)]

    def cited(self, records: Iterable[Record]) -> list[Source]:
        """The sources of `records`, once each, in order of first citation."""
        return self.cited_sources(record.source for record in records)


def _grouped(records: Iterable[Record], field: str) -> dict[str, list[Record]]:
    """The id in each record's `field` to the records that name it, in dataset order."""
    index: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        if key := getattr(record, field):
            index[key].append(record)
    return index


def _name_index(entries: Iterable[tuple[str, list[str]]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for target, names in entries:
        for name in names:
            index.setdefault(fold(name), target)
    return index


def _day(what: str, value: str, *, start: bool) -> datetime.date:
    """A date from YYYY-MM-DD, or the first (`start`) or last day of YYYY-MM or YYYY."""
    text = _given(what, value).strip()
    try:
        if re.fullmatch(_DAY, text):
            return datetime.date.fromisoformat(text)
        if re.fullmatch(_MONTH, text):
            first = datetime.date.fromisoformat(f"{text}-01")
            if start:
                return first
            if first.month == 12:  # no arithmetic past the month: 9999-12 has no month after it
                return first.replace(day=31)
            return first.replace(month=first.month + 1) - datetime.timedelta(days=1)
        if re.fullmatch(_YEAR, text):
            return datetime.date(int(text), 1, 1) if start else datetime.date(int(text), 12, 31)
    except ValueError:
        pass
    raise UsageError(
        f"{what} takes a date (2025-06-02), a month (2025-06) or a year (2025), not '{shorten(text)}'"
    )


def choice(what: str, value: str | None, choices: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    if value.strip().lower() not in choices:
        raise unknown(what, _given(f"--{what}", value), choices)
    return value.strip().lower()
