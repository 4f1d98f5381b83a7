"""Where sides (or documents) clash or agree: topic by topic, question by question."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Literal

import msgspec

from .catalog import Catalog, Filters
from .model import Actor, Figure, Question, Record, Topic
from .wording import amount_text, stance_words

Verdict = Literal["clash", "agree", "differ"]
Clash = Literal["clash", "agree", "both", ""]


def compare_columns(
    catalog: Catalog, filters: Filters, documents: list[str] | None = None
) -> list[Comparison]:
    """Topic by topic, each party's positions and conditions side by side, with where they
    clash or agree; or, given the ids of `documents`, their provisions side by side."""
    if documents:
        columns = list(documents)
        column_of: Callable[[Record], str | None] = lambda r: r.document  # noqa: E731
    else:
        columns = [p.id for p in catalog.parties()]
        column_of = lambda r: r.side  # noqa: E731
    by_topic: dict[str, dict[str, list[Record]]] = {}
    for record in catalog.dataset.records:
        if record.kind not in ("position", "condition") or not catalog.passes(record, filters):
            continue
        column = column_of(record)
        if column in columns:
            by_topic.setdefault(record.topic, {c: [] for c in columns})[column].append(record)
    rows = [
        Comparison(catalog.topics[topic], stances, _findings(catalog, stances))
        for topic, stances in by_topic.items()
        if any(stances.values())
    ]
    return sorted(rows, key=lambda row: catalog._topic_order[row.topic.id])


def _findings(catalog: Catalog, stances: dict[str, list[Record]]) -> list[Finding]:
    """Where the columns' stances on one question clash (opposite positions, or different
    numbers for its figure) or agree (the same position and number)."""
    held: dict[str, dict[str, Record]] = defaultdict(dict)  # question, column: latest stance
    for column, records in stances.items():
        for record in sorted(records, key=catalog.when):  # the latest stance stands
            if record.stance is not None:
                held[record.stance.question][column] = record
    findings = []
    for question_id, by_column in held.items():
        if len(by_column) < 2:
            continue
        question = catalog.questions[question_id]
        held_as = {column: _held_as(record, question) for column, record in by_column.items()}
        findings.append(
            Finding(question, _verdict(list(by_column.values()), question),
                    {c: text for c, (text, _) in held_as.items()},
                    {c: r.id for c, r in by_column.items()})
        )  # fmt: skip
    return findings


# Qualifiers that say the same kind of thing about a number: it is the number (give or take),
# the least, or the most. "at least 500" and "over 500" are compatible; "up to 500" is not.
_QUALIFIER_SENSE = {
    "exact": "point",
    "about": "point",
    "at least": "floor",
    "over": "floor",
    "up to": "cap",
    "under": "cap",
}


def _verdict(records: list[Record], question: Question) -> Verdict:
    """Clash: opposite positions, or different numbers in one unit for the question's figure.
    Agree: the same position on the same condition, and, if any names a number, all name the
    same number or range in the same unit with compatible qualifiers. Anything else differs
    (a conditional stance beside a plain one, 30 days beside 30 hours)."""
    stances = [r.stance for r in records if r.stance is not None]
    positions = {s.position for s in stances}
    numbers = [_figure(record, question) for record in records]
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
        and len({_QUALIFIER_SENSE[f.qualifier] for f in named}) == 1
    )
    return "agree" if same_stance and same_number else "differ"


def trajectories(catalog: Catalog, filters: Filters) -> list[Trajectory]:
    """Each side's stance on each topic, round by round."""
    cells: dict[tuple[str, str], dict[str, list[Record]]] = {}
    for record in catalog.dataset.records:
        if record.kind in ("position", "condition") and record.side and catalog.passes(record, filters):
            when = record.event or catalog.when(record).isoformat()  # no event: its date
            cells.setdefault((record.topic, record.side), {}).setdefault(when, []).append(record)
    side_order = {a.id: i for i, a in enumerate(catalog.dataset.actors)}
    return [
        Trajectory(catalog.topics[topic], catalog.actors[side], by_event)
        for (topic, side), by_event in sorted(
            cells.items(), key=lambda item: (catalog._topic_order[item[0][0]], side_order[item[0][1]])
        )
    ]


class Finding(msgspec.Struct, frozen=True):
    """Two or more columns' stances on one question: do they clash, agree or differ?"""

    question: Question
    verdict: Verdict  # clash, agree or differ (a conditional stance beside a plain one)
    held: dict[str, str]  # column (side or document) to its stance, as words: "for", "against: 600,000"
    records: dict[str, str]  # column to the id of the record that holds it


def _figure(record: Record, question: Question) -> Figure | None:
    """The figure `record` gives for the question's figure, if any."""
    return next((f for f in record.figures if question.figure and f.what == question.figure), None)


def _held_as(record: Record, question: Question) -> tuple[str, int | None]:
    """A stance in words, and the number it sets for the question's figure, if any."""
    assert record.stance is not None
    number = _figure(record, question)
    words = stance_words(record.stance)
    if number is not None:
        words += ": " + amount_text(number.value, number.qualifier, number.upper, number.unit)
    return words, None if number is None else number.value


class Comparison(msgspec.Struct, frozen=True):
    topic: Topic
    stances: dict[str, list[Record]]  # column (party or document) to its records on the topic
    findings: list[Finding] = []

    @property
    def clash(self) -> Clash:
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
