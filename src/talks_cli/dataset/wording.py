"""How data is worded for people, the same in every view, format and export."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Protocol

from talks_cli.dataset.model import Event, Figure, Record, Source, Stance


def date_text(date: datetime.date, precision: str) -> str:
    """A date as people read it with its precision: 2025-05-16, about 2025-11-20, 2026-07."""
    day = date.isoformat()
    return day[:7] if precision == "month" else f"about {day}" if precision == "about" else day


def event_date_text(event: Event) -> str:
    """An event's first day as people read it, with its precision."""
    return date_text(event.date, event.date_precision)


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


def figure_text(figure: Figure) -> str:
    """A figure as people read it: "truce length: 24 to 48 hours"."""
    return f"{figure.what}: {amount_text(figure.value, figure.qualifier, figure.upper, figure.unit)}"


class Delivery(Protocol):
    """What an outcome delivered, as `query.outcomes.Outcome` holds it."""

    @property
    def reached(self) -> Sequence[tuple[Figure, tuple[int, str, int | None] | None]]: ...

    @property
    def notes(self) -> Sequence[str]: ...


def delivered_lines(delivery: Delivery) -> list[str]:
    """For each figure an outcome sets, what was delivered of it, then how a stage was counted:
    "prisoners each side: 1,000 of 1,000"."""
    lines = [
        f"{figure.what}: {amount_text(*so_far) if so_far else '0'} of "
        + amount_text(figure.value, figure.qualifier, figure.upper, figure.unit)
        for figure, so_far in delivery.reached
    ]
    return lines + list(delivery.notes)


def caveat(record: Record, sources: Mapping[str, Source]) -> str:
    """What a reader must know of who says so: reported by another, unconfirmed, mediated, and
    a source that is only a copy or an aggregator, with the pages that carry the same fact
    (the record's own confirmations, never its source's other records')."""
    parts = []
    if record.reported_by:
        parts.append(f"reported by {record.reported_by}")
    if record.unconfirmed:
        parts.append(f"not confirmed by {record.side or 'its side'}")
    if record.concerns:
        parts.append(f"about {record.concerns}")
    if record.mediators:
        parts.append(f"mediated by {', '.join(record.mediators)}")
    source = sources[record.source]
    confirmed = ", ".join(
        f"{c.source} (in substance only)" if c.in_substance else c.source for c in record.confirmed_by
    )
    if source.page == "mirror":
        parts.append(f"source is a mirror, a copy of: {source.mirror_of or 'another outlet'}")
    elif source.page == "aggregator":
        weight = f"confirmed by {confirmed}" if confirmed else "not confirmed by another page"
        parts.append(f"source is an aggregator, {weight}")
        confirmed = ""
    elif source.page is None and source.kind != "fact-list":  # a reader cannot weigh it: say so
        parts.append("source's kind of page not stated")
    if confirmed:
        parts.append(f"confirmed by {confirmed}")
    return "; ".join(parts)


def source_label(source: Source) -> str:
    """What names a source where a name must never be empty (a link in Datasette): its title,
    else its publisher and date, else its id. Never a title made up."""
    if source.title:
        return source.title
    named = ", ".join(
        part for part in (source.publisher, source.published and source.published.isoformat()) if part
    )
    return named or source.id


# First words of names read with "the" before them: the United States, the European Union.
_WITH_ARTICLE = ("United ", "European ", "Coalition ", "Republic ")


def possessive(name: str) -> str:
    """A name in the possessive, as written: "Russia's", "the United States'"."""
    named = f"the {name}" if name.startswith(_WITH_ARTICLE) else name
    return named + ("'" if name.endswith("s") else "'s")
