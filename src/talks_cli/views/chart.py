"""A chart of figures as data: which marks to draw, where, and which record each comes from.

`chart_of` asks `figures.figures_of` for the figures whose `what` holds the words typed, and
makes one `Series` per kind (`what`) and unit. A series that holds what implementations
delivered is drawn over time: a bar per exchange or return, and the running total beside it,
each step computed by `figures.totals` on the figures up to that date, so the chart adds
exactly as `talks figures` does (one version of a dispute, the loosest qualifier). Any other
series (a cap on forces, proposed in drafts and plans) is drawn across the documents and
events that state it. Figures that are not added (an agreed target, another outlet's report of
the same exchange) stay on the chart as markers, and disputed ones are marked as such.

Drawing lives in `plot` (a terminal, or plain text in a pipe) and `svg` (a file); both read
only these objects. Nothing here imports rich.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from typing import Literal

import msgspec

from talks_cli.dataset.wording import amount_text
from talks_cli.errors import UsageError
from talks_cli.query.catalog import Catalog
from talks_cli.query.figures import (
    Amount,
    FigureRow,
    Total,
    counts,
    figures_of,
    kind_of,
    running_totals,
    totals,
)
from talks_cli.query.filters import Filters
from talks_cli.text import fold, shorten, suggest, visible

Layout = Literal["time", "documents"]
MAX_KINDS_LISTED = 100  # kinds of figures named in the error for a WHAT that matches none

# What a mark stands for, by its record's kind and status: each is drawn with its own shape and
# colour, and the legend says what it means (a stated figure is never "delivered").
Category = Literal["delivered", "agreed", "demanded", "proposed", "rejected", "stated", "so far"]
MEANINGS: dict[Category, str] = {
    "delivered": "delivered: what one exchange or return carried out",
    "agreed": "agreed: a target set, not a delivery",
    "demanded": "demanded by a side",
    "proposed": "offered, proposed or backed",
    "rejected": "rejected by a side",
    "stated": "stated or reported: not a delivery, not added",
    "so far": "a running total its source states",
}
_BY_STATUS: dict[str, Category] = {
    "demanded": "demanded",
    "proposed": "proposed",
    "backed": "proposed",
    "rejected": "rejected",
    "agreed": "agreed",
}


def category(row: FigureRow) -> Category:
    """What a figure stands for on a chart: a delivery, a running total a source states, else
    its record's status (demanded, offered, rejected, agreed), else stated."""
    if row.figure.cumulative:
        return "so far"
    if row.record.kind == "implementation":
        return "delivered"
    return _BY_STATUS.get(row.record.status, "stated")


def nice(value: int) -> int:
    """The smallest round number (1, 2, 2.5 or 5 times a power of ten) at least `value`."""
    if value <= 0:
        return 1
    power = 1
    while power * 10 <= value:
        power *= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return int(step * power)
    return 10 * power  # unreachable: 10 × power > value


class Mark(msgspec.Struct, frozen=True):
    """One figure of one record, as a chart draws it."""

    key: str  # its number on the chart, which the caption maps to the record
    when: datetime.date
    record: str
    kind: str  # the record's kind: implementation, outcome, fact…
    side: str | None
    place: str | None  # the document that states it, else its event
    value: int
    upper: int | None  # a range's high end
    qualifier: str
    unit: str | None
    dispute: str | None  # the dispute it is a version of
    addable: bool  # what one implementation delivered: drawn as a bar, added to the total
    added: bool  # counted in the total (a dispute's higher versions are not)
    summed: bool  # its series adds up: whether it is added matters
    category: Category = "stated"
    total: Amount | None = None  # the total recorded in this dataset once this figure is added

    @property
    def high(self) -> int:
        return self.upper if self.upper is not None else self.value

    @property
    def text(self) -> str:
        """The figure as people read it, qualifier and range included: "over 6,000"."""
        return amount_text(self.value, self.qualifier, self.upper, self.unit)

    @property
    def total_text(self) -> str:
        """The running total as people read it: "over 6,000"."""
        return amount_text(*self.total.words, self.unit) if self.total else ""

    @property
    def flags(self) -> list[str]:
        """What a reader must know of this mark beyond its number."""
        flags = []
        if self.dispute:
            flags.append(f"disputed: {self.dispute}")
        if self.summed and self.addable and not self.added:
            flags.append(
                "not added: " + ("a higher version of its dispute" if self.dispute else "only reported")
            )
        elif self.summed and not self.addable:
            flags.append("not added: " + ("a running total" if self.category == "so far" else self.kind))
        return flags


class Series(msgspec.Struct, frozen=True):
    what: str
    unit: str | None
    marks: list[Mark]
    total: Total | None  # what its implementations add up to, if any

    @property
    def name(self) -> str:
        return f"{self.what} ({self.unit})" if self.unit else self.what

    @property
    def total_text(self) -> str:
        if self.total is None:
            return ""
        return amount_text(*self.total.amount.words, self.unit)

    @property
    def layout(self) -> Layout:
        return "time" if self.total is not None else "documents"

    @property
    def highest(self) -> int:
        return max(mark.high for mark in self.marks)

    @property
    def bars(self) -> list[Mark]:
        """The marks of the panel of figures: on a time line, all but the running totals."""
        return [m for m in self.marks if self.layout == "documents" or m.category != "so far"]

    @property
    def stated_totals(self) -> list[Mark]:
        """The running totals its sources state, drawn beside the one recorded here."""
        return [m for m in self.marks if self.layout == "time" and m.category == "so far"]

    @property
    def highest_total(self) -> int:
        recorded = [m.total.high or m.total.low for m in self.marks if m.total is not None]
        return max([*recorded, *(m.high for m in self.stated_totals)], default=0)

    def places(self) -> list[tuple[str, list[Mark]]]:
        """The marks grouped by the document (else event, else date) that states them, in the
        order of each group's first mark."""
        groups: dict[str, list[Mark]] = {}
        for mark in self.marks:
            groups.setdefault(mark.place or mark.when.isoformat(), []).append(mark)
        return list(groups.items())


class Chart(msgspec.Struct, frozen=True):
    title: str
    query: str  # WHAT, as typed
    series: list[Series]
    as_of: datetime.date | None  # the dataset's date
    filters: str  # the filters applied, as words ("" for none)

    def top(self, unit: str | None) -> int:
        """The value at the end of every axis of this unit: one scale per unit across panels, so
        38 is never drawn longer than 1,000, nor 20 % longer than 90 %."""
        highs = [
            value
            for series in self.series
            if series.unit == unit
            for value in [series.highest, series.highest_total]
        ]
        return nice(max(highs, default=0))

    @property
    def marks(self) -> list[Mark]:
        return [mark for series in self.series for mark in series.marks]

    @property
    def disputed(self) -> list[Mark]:
        return [mark for mark in self.marks if mark.dispute]


def chart_of(catalog: Catalog, filters: Filters, what: str) -> Chart:
    """The chart of the figures whose `what` holds every word of `what`, in the records that
    pass `filters`; a `what` no figure of the dataset holds is a usage error naming the kinds."""
    if not fold(what):
        raise UsageError("WHAT is empty; give the kind of figure to chart, such as prisoners")
    rows = figures_of(catalog, filters, what)
    if not rows and not figures_of(catalog, Filters(), what):
        raise _no_such_kind(catalog, what)
    groups: dict[tuple[str, str], list[FigureRow]] = {}
    for row in rows:
        groups.setdefault(kind_of(row.figure), []).append(row)
    numbers = iter(range(1, len(rows) + 1))
    series = [_series(catalog, filters, group, numbers) for group in groups.values()]
    return Chart(
        title=_title(series, what, filters.described()),
        query=what,
        series=series,
        as_of=catalog.dataset.as_of,
        filters=filters.described(),
    )


def _series(catalog: Catalog, filters: Filters, rows: Sequence[FigureRow], numbers: Iterator[int]) -> Series:
    found = totals(catalog, filters, rows)
    total = found[0] if found else None
    counted = set(total.records) if total else set()
    running = running_totals(rows)  # one pass: the chart is linear in its marks
    marks = []
    for row, so_far in zip(rows, running, strict=True):
        record = row.record
        marks.append(
            Mark(
                key=str(next(numbers)),
                when=row.when,
                record=record.id,
                kind=record.kind,
                side=record.side,
                place=record.document or record.event,
                value=row.figure.value,
                upper=row.figure.upper,
                qualifier=row.figure.qualifier,
                unit=rows[0].figure.unit,
                dispute=record.dispute,
                addable=row.addable,
                added=record.id in counted and counts(row),
                summed=total is not None,
                category=category(row),
                total=so_far,
            )
        )
    return Series(rows[0].figure.what, rows[0].figure.unit, marks, total)


def _title(series: Sequence[Series], what: str, filters: str) -> str:
    """What the chart shows, with every filter applied to it."""
    only = f" (only {filters})" if filters else ""
    if not series:
        return f"Figures about '{visible(what)}'{only}"
    name = _capital(series[0].name) if len(series) == 1 else f"Figures about “{visible(what)}”"
    if all(s.layout == "time" for s in series):
        return f"{name}: per exchange or return, and in total{only}"
    if all(s.layout == "documents" for s in series):
        return f"{name}: across documents and events{only}"
    return name + only


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _no_such_kind(catalog: Catalog, what: str) -> UsageError:
    kinds = sorted({figure.what for record in catalog.dataset.records for figure in record.figures})
    folded = {fold(kind): kind for kind in kinds}
    guess = suggest(fold(what), folded)
    hint = f" Did you mean '{folded[guess]}'?" if guess else ""
    listed = "; ".join(kinds[:MAX_KINDS_LISTED])
    if len(kinds) > MAX_KINDS_LISTED:
        listed += f"; … ({len(kinds)} in all)"
    return UsageError(f"no figure is about '{shorten(what)}'.{hint} Kinds of figures: {listed}")


def describe(chart: Chart) -> str:
    """The chart in words, for a screen reader."""
    parts = [
        f"Horizontal bar chart, one row per figure in date order, of the figures about '{chart.query}'"
        + (f" (only {chart.filters})" if chart.filters else "")
        + "."
    ]
    for series in chart.series:
        marks = series.marks
        span = f"{marks[0].when.isoformat()} to {marks[-1].when.isoformat()}"
        low = min(marks, key=lambda m: m.value)
        high = max(marks, key=lambda m: m.high)
        text = (
            f"{series.name}: {len(marks)} figure{'s' * (len(marks) != 1)} from {span}, "
            f"from {low.text} ({low.record}) to {high.text} ({high.record})"
        )
        if series.total is not None:
            delivered = sum(1 for m in marks if m.addable)
            text += (
                f"; {delivered} delivered, adding up to {series.total_text} as recorded in this dataset,"
                " drawn as a running total"
            )
            left = [f"{item.record} ({item.why})" for item in series.total.left_out]
            text += f"; left out: {'; '.join(left)}" if left else ""
        parts.append(text + ".")
    disputed = _disputed(chart.disputed)
    if disputed:
        parts.append("Disputed: " + "; ".join(disputed) + ".")
    return " ".join(parts)


def _disputed(marks: Sequence[Mark]) -> list[str]:
    groups: dict[str, list[str]] = {}
    for mark in marks:
        groups.setdefault(mark.dispute or "", []).append(f"{mark.record} {mark.text}")
    return [f"{dispute}: {', '.join(versions)}" for dispute, versions in groups.items()]
