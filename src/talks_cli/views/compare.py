"""The listings of `talks compare`: sides (or documents) side by side on each topic, with
their verdicts, and each side's stance from event to event."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence

from talks_cli.dataset.model import Record
from talks_cli.dataset.wording import caveat
from talks_cli.query.catalog import Catalog
from talks_cli.query.compare import Comparison, Trajectory
from talks_cli.views.listing import Cell, Column, Listing, builtins
from talks_cli.views.listings import record_json
from talks_cli.views.parts import cite, figure_note


def _stance(catalog: Catalog, record: Record, *, latest: bool = False) -> str:
    """A stance in a comparison: its date and event, status, summary, figures, id, and what a
    reader must know of it (disputed, reported by another, the latest)."""
    where = catalog.when_text(record) + (f" {record.event}" if record.event else "")
    notes = [f"disputed: {record.dispute}"] if record.dispute else []
    if said := caveat(record, catalog.sources):
        notes.append(said)
    if latest:
        notes.append("latest")
    mark = f" ({'; '.join(notes)})" if notes else ""
    return f"{where}: {record.status}: {record.summary}{figure_note(record)} [{record.id}]{mark}"


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
        held = "; ".join(f"{column} {words}" for column, words in f.held.items())
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
            Column("verdict", lambda row: row.verdict, style="status"),
            Column("questions", _findings_text, "prose"),
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
                    "held": f.held,
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
    )


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
