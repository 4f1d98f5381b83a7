"""The listings of `talks compare`: sides (or documents) side by side on each topic, with
their verdicts, and each side's stance from event to event."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence

import msgspec

from talks_cli.dataset.model import Question, Record
from talks_cli.dataset.wording import amount_text, caveat, stance_words
from talks_cli.query.catalog import Catalog
from talks_cli.query.compare import Comparison, Finding, Trajectory, figure_asked
from talks_cli.views.listing import Cell, Column, Listing, builtins
from talks_cli.views.listings import record_json
from talks_cli.views.parts import cite, figure_note


def _stance(catalog: Catalog, record: Record, *, latest: bool = False) -> str:
    """A stance in a comparison: its date and event, status, summary, figures, id, and what a
    reader must know of it (disputed, reported by another, the latest)."""
    where = catalog.when_text(record) + (f" {record.event}" if record.event else "")
    notes = _notes(catalog, record) + (["latest"] if latest else [])
    mark = f" ({'; '.join(notes)})" if notes else ""
    return f"{where}: {record.status}: {record.summary}{figure_note(record)} [{record.id}]{mark}"


def _notes(catalog: Catalog, record: Record) -> list[str]:
    """What a reader must know of a stance: disputed, reported by another, only a copy…"""
    notes = [f"disputed: {record.dispute}"] if record.dispute else []
    if said := caveat(record, catalog.sources):
        notes.append(said)
    return notes


def _held_as(record: Record, question: Question) -> str:
    """A stance on `question` in words, with the number it sets for its figure: "for",
    "against: 600,000"."""
    assert record.stance is not None
    words = stance_words(record.stance)
    if (number := figure_asked(record, question)) is not None:
        words += ": " + amount_text(number.value, number.qualifier, number.upper, number.unit)
    return words


def _held(finding: Finding) -> dict[str, str]:
    """Each column's latest stance in words; where its versions of a dispute say different
    things, every version ("several versions (…): for | against")."""
    held = {}
    for column, records in finding.latest.items():
        said = list(dict.fromkeys(_held_as(r, finding.question) for r in records))
        several = f"several versions ({records[-1].dispute}): " if len(said) > 1 else ""
        held[column] = several + " | ".join(said)
    return held


def _stances(catalog: Catalog, side: str) -> Callable[[Comparison], Cell]:
    def cell(row: Comparison) -> Cell:
        found = row.stances[side]
        return [_stance(catalog, r, latest=len(found) > 1 and r is found[-1]) for r in found]

    return cell


def _findings_text(row: Comparison) -> list[str]:
    """Each question two columns spoke to: its verdict over all, at each event, the latest stances."""
    lines = []
    for f in row.findings:
        events = ", ".join(f"{v.event}: {v.verdict}" for v in f.at_events)
        held = "; ".join(f"{column} {words}" for column, words in _held(f).items())
        lines.append(
            f"{f.question.id}: {f.verdict}" + (f" ({events})" if events else "") + f"; latest: {held}"
        )
    return lines


# The columns every comparison has: a side or an event of the same id is named apart from them.
_COMPARE_COLUMNS = ("topic", "verdict", "questions")
_ACROSS_COLUMNS = ("topic", "side")


def _apart(name: str, fixed: tuple[str, ...], what: str) -> str:
    """A column's name for the side or event `name`: its id, or, where the id is also the name
    of a fixed column (a side called `topic`), the id and what it is ("topic (side)"), which no
    id can spell, so that the header and --fields and --sort name each column once."""
    return f"{name} ({what})" if name in fixed else name


def compare(catalog: Catalog, rows: Sequence[Comparison], title: str, columns: Sequence[str]) -> Listing:
    parties = list(columns)
    return Listing(
        title,
        [
            Column("topic", lambda row: row.topic.id, "id"),
            *[
                Column(_apart(side, _COMPARE_COLUMNS, "side"), _stances(catalog, side), "prose")
                for side in parties
            ],
            Column("verdict", lambda row: row.verdict, style="status", shed=1, under="topic"),
            Column("questions", _findings_text, "prose", shed=2),
        ],
        rows,
        lambda row: {
            "topic": row.topic.id,
            "label": row.topic.label,
            "verdict": row.verdict,
            "stances": {
                side: [record_json(catalog, r) for r in found] for side, found in row.stances.items()
            },
            "findings": [
                {
                    "question": f.question.id,
                    "text": f.question.text,
                    "verdict": f.verdict,
                    "held": _held(f),
                    "records": f.records,
                    "at_events": [builtins(v) for v in f.at_events],
                }
                for f in row.findings
            ],
        },
        ("topic", "label", "verdict", "stances", "findings"),
        lambda items: [
            cite(s)
            for s in catalog.cited(r for row in items for found in row.stances.values() for r in found)
        ],
        empty="no positions or conditions to compare",
        terminal_view=lambda shown: _side_by_side(catalog, shown, parties),
    )


class _Row(msgspec.Struct, frozen=True):
    """A row of the table a terminal draws: a question two sides spoke to, or the rest of a
    topic's stances, with each side's latest stance, its date and how many came before it."""

    question: str  # the topic, and the question's text or "other stances"
    cells: dict[str, str]
    latest: list[Record]
    verdict: str


def _side_by_side(catalog: Catalog, rows: Sequence[Comparison], parties: Sequence[str]) -> Listing:
    """`talks compare` on a terminal: a row per question (then one for a topic's other stances),
    a column per side holding its latest stance there, the verdict in a column of its own."""
    table = [row for comparison in rows for row in _rows_of(catalog, comparison)]
    return Listing(
        "",
        [
            Column("question", lambda row: row.question, "prose"),
            *[_side_column(side) for side in parties],
            Column("verdict", lambda row: row.verdict, style="status"),
        ],
        table,
        lambda row: {},
        (),
        lambda items: [cite(s) for s in catalog.cited(r for row in items for r in row.latest)],
    )  # fmt: skip


def _side_column(side: str) -> Column:
    """A side's column; where the width is short, its stance under the question, named."""

    def cell(row: _Row) -> Cell:
        return row.cells.get(side, "")

    return Column(side, cell, "prose", style="side", shed=1, under="question", labelled=True)


def _rows_of(catalog: Catalog, comparison: Comparison) -> list[_Row]:
    asked = {f.question.id for f in comparison.findings}

    def on(records: list[Record], question: str | None) -> list[Record]:
        if question is None:  # the other stances: on no question two sides spoke to
            return [r for r in records if r.stance is None or r.stance.question not in asked]
        return [r for r in records if r.stance is not None and r.stance.question == question]

    def earlier(count: int) -> str:
        return f" (and {count} earlier)" if count else ""

    topic = comparison.topic.id
    rows = []
    for finding in comparison.findings:
        cells, latest, words = {}, [], _held(finding)
        for side, records in comparison.stances.items():
            if held := on(records, finding.question.id):
                record = held[-1]
                notes = "".join(f"; {n}" for n in _notes(catalog, record))
                where = f"{catalog.when_text(record)} [{record.id}]{notes}"
                cells[side] = f"{words[side]}, {where}{earlier(len(held) - 1)}"
                latest.append(record)
        rows.append(_Row(f"{topic}: {finding.question.text}", cells, latest, finding.verdict))
    rest = {side: held for side, records in comparison.stances.items() if (held := on(records, None))}
    if rest:
        cells = {side: _stance(catalog, held[-1]) + earlier(len(held) - 1) for side, held in rest.items()}
        question = f"{topic}: other stances" if comparison.findings else topic
        verdict = "" if comparison.findings else comparison.verdict
        rows.append(_Row(question, cells, [held[-1] for held in rest.values()], verdict))
    return rows


def _at_event(catalog: Catalog, event: str) -> Callable[[Trajectory], Cell]:
    return lambda row: [_stance(catalog, r) for r in row.by_event.get(event, [])]


def across_events(catalog: Catalog, rows: Sequence[Trajectory]) -> Listing:
    """One column per event (or date, for what belongs to no event) where a row holds a
    stance, in date order."""
    used = {key for row in rows for key in row.by_event}
    event_ids = sorted(used, key=lambda key: (catalog.events[key].date if key in catalog.events
                                             else datetime.date.fromisoformat(key), key))  # fmt: skip
    return Listing(
        "How each side's stance moved from event to event",
        [
            Column("topic", lambda row: row.topic.id, "id"),
            Column("side", lambda row: row.side.id, "id", style="side"),
            *[Column(_apart(e, _ACROSS_COLUMNS, "event"), _at_event(catalog, e), "prose") for e in event_ids],
        ],
        rows,
        lambda row: {
            "topic": row.topic.id,
            "side": row.side.id,
            "by_event": {e: [record_json(catalog, r) for r in row.by_event.get(e, [])] for e in event_ids},
        },
        ("topic", "side", "by_event"),
        lambda items: [
            cite(s)
            for s in catalog.cited(r for row in items for found in row.by_event.values() for r in found)
        ],
        empty="no positions or conditions match",
    )
