"""A validated dataset with its lookups: each kind of thing by id, records by what they name,
dates, and the record selections every question starts from.

A `Catalog` wraps a `Dataset` with the indexes the questions need, each built once on first
use. What a person typed is resolved to ids in `names`; what dates a record, in `dates`. The
questions themselves live in their own modules (`search`, `compare`, `outcomes`, `timeline`);
every query is a single pass over the records; nothing here prints.
"""

from __future__ import annotations

import datetime
import typing
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from talks_cli.dataset import index
from talks_cli.dataset.index import SearchIndex
from talks_cli.dataset.model import (
    SECTIONS,
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
from talks_cli.query.dates import Dating, dating
from talks_cli.query.filters import Filters

T = TypeVar("T")
U = TypeVar("U")


class Catalog:
    """A dataset and its lookups, each built on first use (names people type: `query.names`)."""

    def __init__(
        self,
        dataset: Dataset,
        search_index: Callable[[], SearchIndex] | None = None,
        folder: Path | None = None,
    ) -> None:
        """`search_index` gives the dataset's folded text, from the cache where it was kept;
        `folder` is the dataset file's, where its sources' stored texts are."""
        self.dataset = dataset
        self.folder = folder
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
    def topic_order(self) -> dict[str, int]:
        """Topics in the dataset's order, which groups related topics together."""
        return {topic.id: index for index, topic in enumerate(self.dataset.topics)}

    @cached_property
    def items(self) -> dict[str, tuple[str, Any]]:
        """Every id of the dataset to its section and item: an id names one thing (the loader
        refuses an id shared by two sections)."""
        return {item.id: (section, item) for section in SECTIONS for item in getattr(self.dataset, section)}

    # --- dates, by the rule in `query.dates` ------------------------------------------------

    def dating(self, item: Record | Document) -> Dating:
        """The date of `item`, its span and precision, from what gives it (see `dates.dating`)."""
        return dating(item, self.events, self.documents)

    def document_date(self, document: Document) -> datetime.date:
        """A document's own date, else its event's."""
        return self.dating(document).date

    def when(self, record: Record) -> datetime.date:
        """The date a record speaks of: its own, else its event's, else its document's."""
        return self.dating(record).date

    def when_end(self, record: Record) -> datetime.date | None:
        """The last day of the span a record is dated by, where it is dated by an event that
        lasted several days (its own, or its document's when the document has no date)."""
        return self.dating(record).end

    def when_precision(self, item: Record | Document) -> str:
        """How precise a record's or document's date is, from what dates it: day, about or month."""
        return self.dating(item).precision

    def document_text(self, document: Document) -> str:
        """A document's date as people read it (see `date_text`)."""
        return self.dating(document).text

    def when_text(self, record: Record) -> str:
        """A record's date as people read it: 2025-05-16, about 2025-11-20, or 2026-07 when
        its page gives only the month."""
        return self.dating(record).text

    def records_by(self, field: str) -> dict[str, list[Record]]:
        """The id in each record's `field` (one id or a list of them) to the records that name
        it, in date order: a record's event, source, side, people, mediators…"""

        def build() -> dict[str, list[Record]]:
            index: dict[str, list[Record]] = defaultdict(list)
            for record in sorted(self.dataset.records, key=self.when):
                value = getattr(record, field)
                for key in value if isinstance(value, list) else [value]:
                    if key:
                        index[key].append(record)
            return index

        return self.memo(f"records by {field}", build)

    def event_disputes(self, event_id: str) -> list[Dispute]:
        """The disputes about a field of this event (its date, its place)."""
        by_event = self.memo("event disputes", lambda: _grouped_by(self.dataset.disputes, lambda d: d.event))
        return by_event.get(event_id, [])

    # --- questions ------------------------------------------------------------------------

    def select(self, filters: Filters) -> list[Record]:
        """The records that pass `filters`, in date order (a day's records as the file has them)."""
        return sorted((r for r in self.dataset.records if self.passes(r, filters)), key=self.when)

    @cached_property
    def implemented_by(self) -> dict[str, list[Record]]:
        """Outcome id to the records that carried it out, in date order: each record's own
        date, else its event's (ties keep the dataset's order)."""
        return self.records_by("implements")

    @cached_property
    def versions(self) -> dict[str, list[Record]]:
        """Dispute id to its versions, in date order: one record per source's answer."""
        return self.records_by("dispute")

    @cached_property
    def _related_to(self) -> dict[str, list[Record]]:
        """Record id to the records whose `related` names it: links read backwards."""
        index: dict[str, list[Record]] = defaultdict(list)
        for record in self.dataset.records:
            for other_id in record.related:
                index[other_id].append(record)
        return index

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
            and (with_records is None or e.id in with_records or e.id in filters.mediated_events)
        ]
        return sorted(found, key=lambda e: e.date)  # in date order; a day's events as the file has them

    def disputes_matching(self, filters: Filters) -> list[Dispute]:
        """The disputes with a version that passes `filters` (every one without filters), in
        order of their first version."""
        firsts = {}
        for dispute in self.dataset.disputes:
            versions = [v for v in self.versions.get(dispute.id, []) if self.passes(v, filters)]
            if versions or (filters == Filters() and not self.versions.get(dispute.id)):
                firsts[dispute.id] = min((self.when(v) for v in versions), default=datetime.date.max)
        return sorted((self.disputes[i] for i in firsts), key=lambda d: firsts[d.id])

    def sources_matching(self, filters: Filters) -> list[Source]:
        """Every source, or, with any filter, the sources cited by the records that match."""
        if filters == Filters():
            return list(self.dataset.sources)
        return [self.sources[i] for i in dict.fromkeys(r.source for r in self.select(filters))]

    @cached_property
    def provisions(self) -> dict[str, list[Record]]:
        """Document id to the records that state its provisions, in dataset order."""
        return _grouped_by(self.dataset.records, lambda r: r.document)

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
        """The published sources with these ids (pages and stored texts), once each, in order of
        first mention: the dataset's own fact lists are how it was compiled, not sources to cite."""
        return [s for s in (self.sources[i] for i in dict.fromkeys(ids)) if not is_fact_list(s)]

    def cited(self, records: Iterable[Record]) -> list[Source]:
        """The published sources of `records`, once each, in order of first citation: a record
        resting on one of the dataset's fact lists cites its event's pages instead."""
        return self.cited_sources(i for record in records for i in self._pages_of(record))

    def _pages_of(self, record: Record) -> list[str]:
        if is_fact_list(self.sources[record.source]) and record.event:
            return [record.source, *event_sources(self.events[record.event])]
        return [record.source]


def is_fact_list(source: Source) -> bool:
    """Whether `source` is one of the dataset's own lists of facts: its method, not a publication."""
    return source.kind == "fact-list"


def event_sources(event: Event) -> list[str]:
    """The sources of an event's own facts: its sources, then its delegations', once each."""
    return list(dict.fromkeys([*event.sources, *(d.source for d in event.delegations)]))


def _grouped_by(items: Iterable[U], key: Callable[[U], str | None]) -> dict[str, list[U]]:
    index: dict[str, list[U]] = defaultdict(list)
    for item in items:
        if (value := key(item)) is not None:
            index[value].append(item)
    return index
