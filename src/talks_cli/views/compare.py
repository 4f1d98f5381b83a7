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
from talks_cli.views.listings import cite, figure_note, record_json


def _stance(catalog: Catalog, record: Record, *, latest: bool = False) -> str:
    """A stance in a comparison: its date and event, status, summary, figures, id, and what a
    reader must know of it (disputed, reported by another, the latest)."""
    where = catalog.when_text(record) + (f" {record.event}" if record.event else "")
    notes = [f"disputed: {record.dispute}"] if record.dispute else []
    if said := caveat(record, catalog.sources[record.source]):
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


def _latest(catalog: Catalog, side: str) -> Callable[[Comparison], Cell]:
    """A side's latest stance on a row's topic, as a table shows it, its earlier ones counted."""

    def cell(row: Comparison) -> Cell:
        found = row.stances[side]
        if not found:
            return ""
        latest = found[-1]
        lines = [f"{catalog.when_text(latest)} {latest.status}: {latest.summary}", latest.id]
        return lines + ([f"(and {len(found) - 1} earlier)"] if len(found) > 1 else [])

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


def compare(catalog: Catalog, rows: Sequence[Comparison], title: str, columns: Sequence[str]) -> Listing:
    parties = list(columns)
    return Listing(
        title,
        [
            Column("topic", lambda row: row.topic.id, "id"),
            *[
                Column(side, _stances(catalog, side), "prose", brief=_latest(catalog, side))
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
            *[Column(e, _at_event(catalog, e), "prose") for e in event_ids],
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
