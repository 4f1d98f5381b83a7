"""Questions asked of a validated dataset: resolve names, filter, search, compare, summarise.

A `Catalog` wraps a `Dataset` with the indexes the questions need, each built once on first
use. Every query is a single pass over the records; nothing here prints.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property

import msgspec

from .errors import UsageError
from .model import KINDS, STATUSES, Actor, Dataset, Dispute, Document, Event, Person, Record, Source, Topic
from .text import fold, shorten, suggest

MAX_LISTED = 12  # valid values named in one message; a large dataset has 100,000 record ids


def unknown(what: str, word: str, choices: Iterable[str]) -> UsageError:
    """The error for a value the dataset does not know, with a guess and the valid values."""
    options = sorted(set(choices))
    guess = suggest(word, options)
    hint = f" Did you mean '{guess}'?" if guess else ""
    listed = ", ".join(options[:MAX_LISTED])
    if len(options) > MAX_LISTED:
        listed += f", … ({len(options)} in all)"
    return UsageError(f"unknown {what} '{shorten(word)}'.{hint} Valid values: {listed}")


def _given(what: str, value: str) -> str:
    """`value`, refused when blank: an unset shell variable must not mean "no filter"."""
    if not value.strip():
        raise UsageError(f"{what} is empty; give a value, or leave the option out")
    return value


class Filters(msgspec.Struct, frozen=True):
    """Record filters, each already resolved to a dataset id (None: no filter)."""

    event: str | None = None
    topic: str | None = None
    kind: str | None = None
    status: str | None = None
    side: str | None = None

    def match(self, record: Record) -> bool:
        return (
            (self.event is None or record.event == self.event)
            and (self.topic is None or record.topic == self.topic)
            and (self.kind is None or record.kind == self.kind)
            and (self.status is None or record.status == self.status)
            and (self.side is None or record.side == self.side)
        )


class Catalog:
    """A dataset and its lookups. Names are resolved case-, accent- and alias-insensitively."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

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
            raise unknown("side", name, self.actors)
        return self.actors[actor_id]

    def topic(self, name: str) -> Topic:
        topic_id = self._topic_names.get(fold(_given("--topic", name)))
        if topic_id is None:
            raise unknown("topic", name, self.topics)
        return self.topics[topic_id]

    def event(self, name: str) -> Event:
        """The event with this id, name or date; a date two events share names both."""
        on_date = self._event_dates.get(_given("--event", name).strip(), [])
        if len(on_date) > 1:
            raise UsageError(
                f"more than one event on {shorten(name.strip())}: {', '.join(on_date)}; give an event id"
            )
        event_id = on_date[0] if on_date else self._event_names.get(fold(name))
        if event_id is None:
            raise unknown("event", name, self.events)
        return self.events[event_id]

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
    ) -> Filters:
        """Filters from what the user typed, each name checked against the dataset."""
        return Filters(
            event=None if event is None else self.event(event).id,
            topic=None if topic is None else self.topic(topic).id,
            kind=_choice("kind", kind, KINDS),
            status=_choice("status", status, STATUSES),
            side=None if side is None else self.side(side).id,
        )

    # --- questions ------------------------------------------------------------------------

    def select(self, filters: Filters) -> list[Record]:
        return [record for record in self.dataset.records if filters.match(record)]

    def search(self, text: str, filters: Filters) -> list[Record]:
        """Records whose words include every word of `text`, in any case, accent or language.

        A record's words are its summary, quote, note and id, and every name of its side,
        topic and people: `cessez-le-feu` finds ceasefire records through the topic's aliases,
        `Medinski` finds Medinsky through his.
        """
        words = fold(text).split()
        if not words:
            raise UsageError("search needs some text, for example: talks search cessez-le-feu")
        names = self._folded_names
        matches = []
        for record in self.dataset.records:
            if not filters.match(record):
                continue
            haystack = " ".join(
                [
                    fold(" ".join(filter(None, [record.id, record.summary, record.quote, record.note]))),
                    names.get(f"topic:{record.topic}", ""),
                    names.get(f"actor:{record.side}", ""),
                    *(names.get(f"person:{p}", "") for p in record.people),
                ]
            )
            if all(word in haystack for word in words):
                matches.append(record)
        return matches

    @cached_property
    def _folded_names(self) -> dict[str, str]:
        named: list[tuple[str, Actor | Topic | Person]] = [
            *(("actor", a) for a in self.dataset.actors),
            *(("topic", t) for t in self.dataset.topics),
            *(("person", p) for p in self.dataset.people),
        ]
        return {f"{kind}:{item.id}": fold(" ".join(item.names())) for kind, item in named}

    @cached_property
    def implemented_by(self) -> dict[str, list[Record]]:
        """Outcome id to the records that carried it out, in date order."""
        index: dict[str, list[Record]] = defaultdict(list)
        for record in self.dataset.records:
            if record.implements:
                index[record.implements].append(record)
        for records in index.values():
            records.sort(key=lambda r: r.date or datetime.date.max)
        return index

    @cached_property
    def versions(self) -> dict[str, list[Record]]:
        """Dispute id to its versions: one record per source's answer."""
        index: dict[str, list[Record]] = defaultdict(list)
        for record in self.dataset.records:
            if record.dispute:
                index[record.dispute].append(record)
        return index

    def outcome(self, record: Record) -> Outcome:
        return Outcome(record, self.implemented_by.get(record.id, []))

    def outcomes(self, filters: Filters) -> list[Outcome]:
        return [
            self.outcome(record)
            for record in self.dataset.records
            if record.kind == "outcome" and filters.match(record)
        ]

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

    def compare(self, filters: Filters) -> list[Comparison]:
        """Topic by topic, each party's positions and conditions side by side."""
        parties = self.parties()
        by_topic: dict[str, dict[str, list[Record]]] = {}
        for record in self.dataset.records:
            if record.kind in ("position", "condition") and record.side and filters.match(record):
                by_topic.setdefault(record.topic, {p.id: [] for p in parties})
                if record.side in by_topic[record.topic]:
                    by_topic[record.topic][record.side].append(record)
        rows = [
            Comparison(self.topics[topic], stances)
            for topic, stances in by_topic.items()
            if any(stances.values())
        ]
        return sorted(rows, key=lambda row: self._topic_order[row.topic.id])

    def across_events(self, filters: Filters) -> list[Trajectory]:
        """Each side's stance on each topic, round by round."""
        cells: dict[tuple[str, str], dict[str, list[Record]]] = {}
        for record in self.dataset.records:
            if record.kind in ("position", "condition") and record.side and filters.match(record):
                cells.setdefault((record.topic, record.side), {}).setdefault(record.event, []).append(record)
        side_order = {a.id: i for i, a in enumerate(self.dataset.actors)}
        return [
            Trajectory(self.topics[topic], self.actors[side], by_event)
            for (topic, side), by_event in sorted(
                cells.items(), key=lambda item: (self._topic_order[item[0][0]], side_order[item[0][1]])
            )
        ]

    def timeline(self, filters: Filters) -> list[Moment]:
        """Rounds, documents and carried-out exchanges in date order."""
        moments = [
            Moment(
                event.date,
                "round",
                event.id,
                event.id,
                f"{event.name}: {event.place}, {event.venue or ''}".rstrip(", "),
                None,
            )
            for event in self.dataset.events
            if filters.event in (None, event.id)
        ]
        for document in self.dataset.documents:
            if filters.event in (None, document.event):
                date = document.date or self.events[document.event].date
                moments.append(
                    Moment(date, "document", document.id, document.event, document.title, document.side)
                )
        for record in self.dataset.records:
            if record.kind == "implementation" and filters.match(record):
                moments.append(
                    Moment(
                        record.date or self.events[record.event].date,
                        "exchange",
                        record.id,
                        record.event,
                        record.summary,
                        record.side,
                    )
                )
        order = {"round": 0, "document": 1, "exchange": 2}
        return sorted(moments, key=lambda m: (m.date, order[m.type]))

    def cited(self, records: Iterable[Record]) -> list[Source]:
        """The sources of `records`, once each, in order of first citation."""
        seen: dict[str, Source] = {}
        for record in records:
            seen.setdefault(record.source, self.sources[record.source])
        return list(seen.values())


def _name_index(entries: Iterable[tuple[str, list[str]]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for target, names in entries:
        for name in names:
            index.setdefault(fold(name), target)
    return index


def _choice(what: str, value: str | None, choices: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    if value.strip().lower() not in choices:
        raise unknown(what, _given(f"--{what}", value), choices)
    return value.strip().lower()


class Outcome(msgspec.Struct, frozen=True):
    """An agreed outcome and what carried it out."""

    record: Record
    implementations: list[Record]

    @property
    def progress(self) -> str:
        """not implemented, under way (extent not reported), partly implemented or implemented."""
        if not self.implementations:
            return "not implemented"
        done = self.delivered()
        if not done:
            return "under way"
        target = {f.what: f.value for f in self.record.figures}
        met = all(done.get(what, 0) >= value for what, value in target.items())
        return "implemented" if met else "partly implemented"

    def delivered(self) -> dict[str, int]:
        """For each figure the outcome sets, the sum its implementations report."""
        targets = {figure.what for figure in self.record.figures}
        totals: dict[str, int] = {}
        for record in self.implementations:
            for figure in record.figures:
                if figure.what in targets:
                    totals[figure.what] = totals.get(figure.what, 0) + figure.value
        return totals

    def dates(self) -> list[datetime.date]:
        return [r.date for r in self.implementations if r.date is not None]


class Comparison(msgspec.Struct, frozen=True):
    topic: Topic
    stances: dict[str, list[Record]]  # party id to its records on the topic

    @property
    def clash(self) -> str:
        """'clash' where one side rejects what another demands or proposes; 'both' where both
        sides hold a stance; '' where only one does."""
        holding = [side for side, records in self.stances.items() if records]
        if len(holding) < 2:
            return ""
        statuses = [{r.status for r in self.stances[side]} for side in holding]
        asks = {"demanded", "proposed"}
        for mine in statuses:
            for theirs in statuses:
                if mine is not theirs and "rejected" in mine and theirs & asks:
                    return "clash"
        return "both"


class Trajectory(msgspec.Struct, frozen=True):
    topic: Topic
    side: Actor
    by_event: dict[str, list[Record]] = {}


class Moment(msgspec.Struct, frozen=True):
    date: datetime.date
    type: str  # round, document or exchange
    id: str
    event: str
    title: str
    side: str | None
