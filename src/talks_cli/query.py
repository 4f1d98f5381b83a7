"""Questions asked of a validated dataset: resolve names, filter, search, compare, summarise.

A `Catalog` wraps a `Dataset` with the indexes the questions need, each built once on first
use. Every query is a single pass over the records; nothing here prints.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cached_property

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
    Stance,
    Topic,
)
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


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"\d{4}-\d{2}")
_YEAR = re.compile(r"\d{4}")
EVENT_FORMS = "an event id or name (round-2), a date (2025-06-02), a month (2025-06) or a year (2025)"


class Catalog:
    """A dataset and its lookups. Names are resolved case-, accent- and alias-insensitively."""

    def __init__(self, dataset: Dataset, search_index: Callable[[], SearchIndex] | None = None) -> None:
        """`search_index` gives the dataset's folded text, from the cache where it was kept."""
        self.dataset = dataset
        self._search_index = search_index or (lambda: index.build(dataset))

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
            raise unknown("side", name, self.actors)
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
            if _DAY.fullmatch(name.strip()):
                raise UsageError(f"no event on {name.strip()}; give {EVENT_FORMS}")
            raise unknown("event", name, self.events)
        return self.events[event_id]

    def events_in(self, value: str) -> frozenset[str]:
        """The events `value` names: one by id, name or date, or every one in a month or year."""
        period = _given("--event", value).strip()
        if _MONTH.fullmatch(period) or _YEAR.fullmatch(period):
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
        return [record for record in self.dataset.records if self._passes(record, filters)]

    def search(self, words: Iterable[str], filters: Filters) -> list[Hit]:
        """Records that hold every word, in any case, accent or language, best first.

        A word may be found in the record's own text (summary, quote, note, id), or in what it
        belongs to: every name of its side, topic and people, its event (name, place, venue),
        its document (title) and its source (title, publisher). Records that hold every word in
        their own text come first; then, in both groups, those with more of the words in their
        summary or quote; ties keep the dataset's order.
        """
        folded = [w for word in words for w in fold(word).split()]
        if not folded:
            raise UsageError("search needs some text, for example: talks search cessez-le-feu")
        # Which topics, sides, people, events, documents and sources hold each word: looked up
        # once in those short tables, then tested by id for every record.
        holders = {word: self._holders(word) for word in folded}
        own_text, spoken_text = self._index.own, self._index.spoken
        hits = []
        for position, record in enumerate(self.dataset.records):
            own = own_text[position]
            if not all(word in own or holders[word] for word in folded):
                continue
            if not self._passes(record, filters):
                continue
            outside = []
            for word in folded:
                if word in own:
                    continue
                place = next(
                    (
                        kind
                        for kind, ids in _belongs(record)
                        if not ids.isdisjoint(holders[word].get(kind, ()))
                    ),
                    None,
                )
                if place is None:
                    break
                outside.append(place)
            else:
                in_words = sum(word in spoken_text[position] for word in folded)
                hits.append((bool(outside), -in_words, position, Hit(record, sorted(set(outside)))))
        return [hit for *_, hit in sorted(hits, key=lambda h: h[:3])]

    def _holders(self, word: str) -> dict[str, set[str]]:
        """What holds `word` among the things records belong to: kind to ids."""
        found: dict[str, set[str]] = defaultdict(set)
        for key, text in self._folded_names.items():
            if word in text:
                kind, _, item = key.partition(":")
                found[kind].add(item)
        return found

    def closest_query(self, words: Iterable[str]) -> str | None:
        """`words` with each word the data does not hold replaced by the closest one it does,
        for 'did you mean …?'; None where there is nothing to correct."""
        folded = [w for given in words for w in fold(given).split()]
        corrected = [
            word
            if any(word in known for known in self._vocabulary)
            else suggest(word, self._vocabulary) or word
            for word in folded
        ]
        return " ".join(corrected) if corrected != folded else None

    @cached_property
    def _index(self) -> SearchIndex:
        return self._search_index()

    @cached_property
    def _vocabulary(self) -> frozenset[str]:
        """Every word of three letters or more that a search can find."""
        texts = [*self._index.own, *self._folded_names.values()]
        return frozenset(w for text in texts for w in text.split() if len(w) >= 3)

    @cached_property
    def _folded_names(self) -> dict[str, str]:
        """Everything a record belongs to, by "kind:id", as folded words a search looks in."""
        named: list[tuple[str, Actor | Topic | Person]] = [
            *(("side", a) for a in self.dataset.actors),
            *(("topic", t) for t in self.dataset.topics),
            *(("people", p) for p in self.dataset.people),
        ]
        folded = {f"{kind}:{item.id}": fold(" ".join(item.names())) for kind, item in named}
        for e in self.dataset.events:
            folded[f"event:{e.id}"] = fold(" ".join(filter(None, [e.id, e.name, e.place, e.venue])))
        for d in self.dataset.documents:
            folded[f"document:{d.id}"] = fold(f"{d.id} {d.title}")
        for s in self.dataset.sources:
            folded[f"source:{s.id}"] = fold(" ".join(filter(None, [s.id, s.title, s.publisher])))
        return folded

    @cached_property
    def implemented_by(self) -> dict[str, list[Record]]:
        """Outcome id to the records that carried it out, in date order."""
        index = _grouped(self.dataset.records, "implements")
        for records in index.values():
            records.sort(key=lambda r: r.date or datetime.date.max)
        return index

    @cached_property
    def versions(self) -> dict[str, list[Record]]:
        """Dispute id to its versions: one record per source's answer."""
        return _grouped(self.dataset.records, "dispute")

    def outcome(self, record: Record) -> Outcome:
        return Outcome(record, self.implemented_by.get(record.id, []))

    def outcomes(self, filters: Filters) -> list[Outcome]:
        return [
            self.outcome(record)
            for record in self.dataset.records
            if record.kind == "outcome" and self._passes(record, filters)
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

    def compare(self, filters: Filters, documents: list[str] | None = None) -> list[Comparison]:
        """Topic by topic, each party's positions and conditions side by side, with where they
        clash or agree; or, given the ids of `documents`, their provisions side by side."""
        if documents:
            columns = list(documents)
            column_of: Callable[[Record], str | None] = lambda r: r.document  # noqa: E731
        else:
            columns = [p.id for p in self.parties()]
            column_of = lambda r: r.side  # noqa: E731
        by_topic: dict[str, dict[str, list[Record]]] = {}
        for record in self.dataset.records:
            if record.kind not in ("position", "condition") or not self._passes(record, filters):
                continue
            column = column_of(record)
            if column in columns:
                by_topic.setdefault(record.topic, {c: [] for c in columns})[column].append(record)
        rows = [
            Comparison(self.topics[topic], stances, self._findings(stances))
            for topic, stances in by_topic.items()
            if any(stances.values())
        ]
        return sorted(rows, key=lambda row: self._topic_order[row.topic.id])

    @cached_property
    def questions(self) -> dict[str, Question]:
        return {question.id: question for question in self.dataset.questions}

    def _findings(self, stances: dict[str, list[Record]]) -> list[Finding]:
        """Where the columns' stances on one question clash (opposite positions, or different
        numbers for its figure) or agree (the same position and number)."""
        held: dict[str, dict[str, Record]] = defaultdict(dict)  # question, column: latest stance
        for column, records in stances.items():
            for record in sorted(records, key=self.when):  # the latest stance stands
                if record.stance is not None:
                    held[record.stance.question][column] = record
        findings = []
        for question_id, by_column in held.items():
            if len(by_column) < 2:
                continue
            question = self.questions[question_id]
            held_as = {column: _held_as(record, question) for column, record in by_column.items()}
            positions = {record.stance.position for record in by_column.values() if record.stance}
            numbers = [number for _, number in held_as.values()]
            named = set(numbers) - {None}
            clash = {"for", "against"} <= positions or len(named) > 1
            # Agreement needs the same position and, if a number is named, the same number by all.
            same_numbers = not named or None not in numbers
            verdict = "clash" if clash else "agree" if len(positions) == 1 and same_numbers else "differ"
            findings.append(
                Finding(question, verdict, {c: text for c, (text, _) in held_as.items()},
                        {c: r.id for c, r in by_column.items()})
            )  # fmt: skip
        return findings

    def across_events(self, filters: Filters) -> list[Trajectory]:
        """Each side's stance on each topic, round by round."""
        cells: dict[tuple[str, str], dict[str, list[Record]]] = {}
        for record in self.dataset.records:
            if record.kind in ("position", "condition") and record.side and self._passes(record, filters):
                when = record.event or self.when(record).isoformat()  # no event: its date
                cells.setdefault((record.topic, record.side), {}).setdefault(when, []).append(record)
        side_order = {a.id: i for i, a in enumerate(self.dataset.actors)}
        return [
            Trajectory(self.topics[topic], self.actors[side], by_event)
            for (topic, side), by_event in sorted(
                cells.items(), key=lambda item: (self._topic_order[item[0][0]], side_order[item[0][1]])
            )
        ]

    def _passes(self, record: Record, filters: Filters) -> bool:
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

    def timeline(self, filters: Filters) -> list[Moment]:
        """Rounds, documents and carried-out exchanges in date order."""
        moments = [
            Moment(
                event.date,
                event.kind,
                event.id,
                event.id,
                ", ".join(filter(None, [event.name, event.place, event.venue])),
                [p.actor for p in event.participants if p.role == "party"],
            )
            for event in self.events_matching(filters)
        ]
        for document in self.dataset.documents:
            date = self.document_date(document)
            wanted = (
                (filters.events is None or document.event in filters.events)
                and filters.in_period(date)
                and (filters.side is None or filters.side in document.authors)
                and filters.document in (None, document.id)
                and not (filters.topic or filters.kind or filters.status)
            )
            if wanted:
                moments.append(
                    Moment(
                        date, "document", document.id, document.event, document.title, list(document.authors)
                    )
                )
        for record in self.dataset.records:
            if record.kind == "implementation" and self._passes(record, filters):
                moments.append(
                    Moment(
                        self.when(record),
                        "exchange",
                        record.id,
                        record.event,
                        record.summary,
                        [record.side] if record.side else [],
                    )
                )
        order = {"document": 1, "exchange": 2}  # an event first, then what came of it that day
        return sorted(moments, key=lambda m: (m.date, order.get(m.type, 0)))

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
        if _DAY.fullmatch(text):
            return datetime.date.fromisoformat(text)
        if _MONTH.fullmatch(text):
            first = datetime.date.fromisoformat(f"{text}-01")
            if start:
                return first
            following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            return following - datetime.timedelta(days=1)
        if _YEAR.fullmatch(text):
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


class Amount(msgspec.Struct, frozen=True):
    """A number as a source gives it: "over 6,000" stays "over", whatever it is added to."""

    value: int
    qualifier: str = "exact"


# Adding amounts: the sum is only as exact as its least exact part.
_LOOSENESS = {"exact": 0, "at least": 1, "over": 2, "about": 3, "up to": 4, "under": 5}


class Outcome(msgspec.Struct, frozen=True):
    """An agreed outcome and what carried it out.

    Progress follows from the records, never from a label: "implemented" when an
    implementation completes it, or when what its implementations delivered reaches every
    figure it set; "partly implemented" when they fall short; "under way" when it was acted on
    but its extent is not reported; "not implemented" when nothing carried it out.
    """

    record: Record
    implementations: list[Record]

    @property
    def progress(self) -> str:
        if not self.implementations:
            return "not implemented"
        if any(r.completes for r in self.implementations):
            return "implemented"
        done = self.delivered()
        if not done:
            return "under way"
        met = all(
            f.what in done
            and done[f.what].value >= f.value
            and done[f.what].qualifier not in ("up to", "under")
            for f in self.record.figures
        )
        return "implemented" if met else "partly implemented"

    def delivered(self) -> dict[str, Amount]:
        """For each figure the outcome sets, the sum its implementations report, with the
        loosest qualifier among its parts."""
        targets = {figure.what for figure in self.record.figures}
        totals: dict[str, Amount] = {}
        for record in self.implementations:
            for figure in record.figures:
                if figure.what not in targets:
                    continue
                before = totals.get(figure.what, Amount(0))
                qualifier = max(before.qualifier, figure.qualifier, key=_LOOSENESS.__getitem__)
                totals[figure.what] = Amount(before.value + figure.value, qualifier)
        return totals

    def dates(self) -> list[datetime.date]:
        return [r.date for r in self.implementations if r.date is not None]


def _belongs(record: Record) -> Iterable[tuple[str, frozenset[str]]]:
    """(kind, ids) of everything `record` belongs to, in the order a search names them."""
    yield "topic", frozenset([record.topic])
    if record.side:
        yield "side", frozenset([record.side])
    if record.people:
        yield "people", frozenset(record.people)
    if record.event:
        yield "event", frozenset([record.event])
    if record.document:
        yield "document", frozenset([record.document])
    yield "source", frozenset([record.source])


class Hit(msgspec.Struct, frozen=True):
    """A record a search found, and where its words were found outside the record's own text."""

    record: Record
    matched_in: list[str]  # topic, side, people, event, document or source; [] for its own words


class Finding(msgspec.Struct, frozen=True):
    """Two or more columns' stances on one question: do they clash, agree or differ?"""

    question: Question
    verdict: str  # clash, agree or differ (a conditional stance beside a plain one)
    held: dict[str, str]  # column (side or document) to its stance, as words: "for", "against: 600,000"
    records: dict[str, str]  # column to the id of the record that holds it


def _held_as(record: Record, question: Question) -> tuple[str, int | None]:
    """A stance in words, and the number it sets for the question's figure, if any."""
    assert record.stance is not None
    number = next((f for f in record.figures if question.figure and f.what == question.figure), None)
    words = stance_words(record.stance)
    if number is not None:
        words += ": " + amount_text(number.value, number.qualifier, number.upper, number.unit)
    return words, None if number is None else number.value


def stance_words(stance: Stance) -> str:
    """A stance as people read it: "for", "conditional (once Ukraine withdraws)"."""
    return stance.position + (f" ({stance.condition})" if stance.condition else "")


def amount_text(
    value: int, qualifier: str = "exact", upper: int | None = None, unit: str | None = None
) -> str:
    """A number as people write it: "over 6,000", "24 to 48 hours"."""
    text = f"{value:,}" if upper is None else f"{value:,} to {upper:,}"
    if qualifier != "exact":
        text = f"{qualifier} {text}"
    return f"{text} {unit}" if unit else text


class Comparison(msgspec.Struct, frozen=True):
    topic: Topic
    stances: dict[str, list[Record]]  # column (party or document) to its records on the topic
    findings: list[Finding] = []

    @property
    def clash(self) -> str:
        """'clash' where two columns hold opposite stances on one question, different numbers
        for its figure, or one rejects what another demands or proposes; 'agree' where their
        stances match; 'both' where both hold a stance on the topic; '' where only one does."""
        holding = [side for side, records in self.stances.items() if records]
        if len(holding) < 2:
            return ""
        if any(f.verdict == "clash" for f in self.findings):
            return "clash"
        statuses = [{r.status for r in self.stances[side]} for side in holding]
        asks = {"demanded", "proposed"}
        for mine in statuses:
            for theirs in statuses:
                if mine is not theirs and "rejected" in mine and theirs & asks:
                    return "clash"
        if self.findings and all(f.verdict == "agree" for f in self.findings):
            return "agree"
        return "both"


class Trajectory(msgspec.Struct, frozen=True):
    topic: Topic
    side: Actor
    by_event: dict[str, list[Record]] = {}


class Moment(msgspec.Struct, frozen=True):
    date: datetime.date
    type: str  # the event's kind (round, summit, call…), document or exchange
    id: str
    event: str | None
    title: str
    sides: list[str]  # an event's parties, a document's authors, an exchange's side if it has one
