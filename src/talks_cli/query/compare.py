"""Where sides (or documents) clash or agree: topic by topic, question by question."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Literal

import msgspec

from talks_cli.dataset.model import QUALIFIER_SENSE, STANCE_KINDS, Actor, Figure, Question, Record, Topic
from talks_cli.query.catalog import Catalog
from talks_cli.query.filters import Filters

Verdict = Literal["clash", "agree", "differ"]
# A topic's verdict: the severest of its questions'; "no shared question" where the sides spoke
# on the topic but never to one question; "one side only" where only one did.
TopicVerdict = Literal["clash", "differ", "agree", "no shared question", "one side only"]
_SEVERITY = {"agree": 0, "differ": 1, "clash": 2}


def compare_columns(
    catalog: Catalog,
    filters: Filters,
    documents: list[str] | None = None,
    sides: list[str] | None = None,
) -> tuple[list[str], list[Comparison]]:
    """Topic by topic, the positions and conditions of each side (those named in `sides`, else
    every side that holds one), or given the ids of `documents` their provisions, side by side
    in date order, with where they clash or agree; and the columns, in the dataset's order."""
    if documents:
        columns = list(documents)
        column_of: Callable[[Record], str | None] = lambda r: r.document  # noqa: E731
    else:
        column_of = lambda r: r.side  # noqa: E731
    by_topic: dict[str, dict[str, list[Record]]] = {}
    for record in catalog.select(filters):  # in date order
        column = column_of(record)
        if record.kind not in STANCE_KINDS or column is None:
            continue
        if (documents and column not in documents) or (sides and column not in sides):
            continue
        by_topic.setdefault(record.topic, {}).setdefault(column, []).append(record)
    if not documents:
        held = {column for stances in by_topic.values() for column in stances}
        columns = [a.id for a in catalog.dataset.actors if a.id in (sides or held)]
    rows = [
        Comparison(
            catalog.topics[topic],
            {column: stances.get(column, []) for column in columns},
            _findings(catalog, stances, by_author=bool(documents)),
        )
        for topic, stances in by_topic.items()
    ]
    return columns, sorted(rows, key=lambda row: catalog.topic_order[row.topic.id])


def _findings(
    catalog: Catalog, stances: dict[str, list[Record]], *, by_author: bool = False
) -> list[Finding]:
    """For each question two or more columns hold a stance on: the verdict at each event (or
    date) where two of them spoke, and over all of them the latest stances' verdict, never
    milder than any single event's. With `by_author` (columns are documents), a document whose
    provisions on a question come from several sides (a draft of two authors) is one column per
    side, "draft (russia)": its latest stance is each author's, never one of them."""
    by_question: dict[str, dict[str, list[Record]]] = defaultdict(lambda: defaultdict(list))
    for column, records in stances.items():
        for record in records:  # in date order
            if record.stance is not None:
                by_question[record.stance.question][column].append(record)
    findings = []
    for question_id, held_by in by_question.items():
        by_column = _by_author(held_by) if by_author else held_by
        if len(by_column) < 2:
            continue
        question = catalog.questions[question_id]
        latest = {column: records[-1] for column, records in by_column.items()}
        moments: dict[str, dict[str, Record]] = defaultdict(dict)  # event (or date): column, stance
        for column, records in by_column.items():
            for record in records:
                moments[record.event or catalog.when(record).isoformat()][column] = record
        at_events = [
            EventVerdict(
                moment,
                min(catalog.when(r) for r in held.values()).isoformat(),
                _verdict(list(held.values()), question),
                {c: r.id for c, r in held.items()},
            )
            for moment, held in moments.items()
            if len(held) >= 2
        ]
        at_events.sort(key=lambda v: v.date)
        verdicts = [_verdict(list(latest.values()), question), *(v.verdict for v in at_events)]
        findings.append(
            Finding(
                question,
                max(verdicts, key=_SEVERITY.__getitem__),
                {c: _latest(by_column[c]) for c in latest},
                at_events,
            )
        )
    return findings


def _by_author(by_column: dict[str, list[Record]]) -> dict[str, list[Record]]:
    """Each document's records on a question, split by side where several sides hold them."""
    split: dict[str, list[Record]] = {}
    for column, records in by_column.items():
        sides = list(dict.fromkeys(r.side for r in records))
        for side in sides:
            key = column if len(sides) == 1 else f"{column} ({side or 'no side'})"
            split[key] = [r for r in records if r.side == side]
    return split


def _latest(records: list[Record]) -> list[Record]:
    """A column's latest stance: its last record, or where that is a version of a dispute,
    every version of it the column holds (they may say different things), in date order."""
    last = records[-1]
    return [r for r in records if r.dispute == last.dispute] if last.dispute else [last]


def _verdict(records: list[Record], question: Question) -> Verdict:
    """Clash: opposite positions, or different numbers in one unit for the question's figure.
    Agree: the same position on the same condition, and, if any names a number, all name the
    same number or range in the same unit with compatible qualifiers. Anything else differs
    (a conditional stance beside a plain one, 30 days beside 30 hours)."""
    stances = [r.stance for r in records if r.stance is not None]
    positions = {s.position for s in stances}
    numbers = [figure_asked(record, question) for record in records]
    named = [f for f in numbers if f is not None]
    units = {f.unit for f in named}
    if {"for", "against"} <= positions:
        return "clash"
    if len(units) == 1 and len({(f.value, f.upper) for f in named}) > 1:
        return "clash"  # different numbers, in the same unit
    same_stance = len(positions) == 1 and len({(s.condition or "").strip() for s in stances}) == 1
    same_number = not named or (
        len(named) == len(numbers)
        and len(units) == 1
        and len({(f.value, f.upper) for f in named}) == 1
        and len({QUALIFIER_SENSE[f.qualifier] for f in named}) == 1
    )
    return "agree" if same_stance and same_number else "differ"


def trajectories(catalog: Catalog, filters: Filters) -> list[Trajectory]:
    """Each side's stance on each topic, round by round."""
    cells: dict[tuple[str, str], dict[str, list[Record]]] = {}
    for record in catalog.dataset.records:
        if record.kind in STANCE_KINDS and record.side and catalog.passes(record, filters):
            when = record.event or catalog.when(record).isoformat()  # no event: its date
            cells.setdefault((record.topic, record.side), {}).setdefault(when, []).append(record)
    side_order = {a.id: i for i, a in enumerate(catalog.dataset.actors)}
    return [
        Trajectory(catalog.topics[topic], catalog.actors[side], by_event)
        for (topic, side), by_event in sorted(
            cells.items(), key=lambda item: (catalog.topic_order[item[0][0]], side_order[item[0][1]])
        )
    ]


class EventVerdict(msgspec.Struct, frozen=True):
    """The verdict on one question at one event (or date), where two or more columns spoke."""

    event: str  # an event id, or the date of what belongs to no event
    date: str
    verdict: Verdict
    records: dict[str, str]  # column to the record that held its stance there


class Finding(msgspec.Struct, frozen=True):
    """Two or more columns' stances on one question: do they clash, agree or differ?"""

    question: Question
    verdict: Verdict  # the severest of the latest stances' and of every event's
    latest: dict[str, list[Record]]  # column to its latest stance's records (see `_latest`)
    at_events: list[EventVerdict] = []

    @property
    def records(self) -> dict[str, str]:
        """Column to the id of the record that holds its latest stance."""
        return {column: records[-1].id for column, records in self.latest.items()}


def figure_asked(record: Record, question: Question) -> Figure | None:
    """The figure `record` gives for the question's figure, if any."""
    return next((f for f in record.figures if question.figure and f.what == question.figure), None)


class Comparison(msgspec.Struct, frozen=True):
    topic: Topic
    stances: dict[str, list[Record]]  # column (side or document) to its records, in date order
    findings: list[Finding] = []

    @property
    def verdict(self) -> TopicVerdict:
        """'clash' where two columns hold opposite stances on one question, different numbers
        for its figure, or one rejects what another demands or proposes; else the severest of
        its questions' verdicts ('differ', 'agree'); 'no shared question' where the columns
        spoke on the topic but never to one question; 'one side only' where one did."""
        holding = [side for side, records in self.stances.items() if records]
        if len(holding) < 2:
            return "one side only"
        if any(f.verdict == "clash" for f in self.findings):
            return "clash"
        statuses = [{r.status for r in self.stances[side]} for side in holding]
        asks = {"demanded", "proposed"}
        for mine in statuses:
            for theirs in statuses:
                if mine is not theirs and "rejected" in mine and theirs & asks:
                    return "clash"
        if not self.findings:
            return "no shared question"
        return max((f.verdict for f in self.findings), key=_SEVERITY.__getitem__)


class Trajectory(msgspec.Struct, frozen=True):
    topic: Topic
    side: Actor
    by_event: dict[str, list[Record]] = {}
