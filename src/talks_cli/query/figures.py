"""Figures: every number the records state, in date order, and totals that can be added up.

A total adds the figures of one kind (`what`) and unit carried by records of kind
`implementation` (each reports what one exchange or return delivered). A figure stated in a
fact or a position (a demand, another report of the same exchange) or a running total
(`cumulative`) is listed but never added: adding it would count the same people twice.
Versions of one dispute are alternatives, not parts: of them, only the lowest counts. A sum
is only as exact as its least exact part ("over 6,000").
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import msgspec

from talks_cli.dataset.model import LOOSENESS, Figure, Record
from talks_cli.query.catalog import Catalog
from talks_cli.query.filters import Filters
from talks_cli.text import fold


class Amount(msgspec.Struct, frozen=True):
    """A number as a source gives it: "over 6,000" stays "over", whatever it is added to."""

    value: int
    qualifier: str = "exact"


def add(parts: Iterable[Amount], versions: Iterable[list[Amount]] = ()) -> Amount | None:
    """The sum of `parts` and of the lowest of each list of alternative `versions`."""
    every = list(parts) + [min(amounts, key=lambda a: a.value) for amounts in versions if amounts]
    if not every:
        return None
    qualifier = max((a.qualifier for a in every), key=LOOSENESS.__getitem__)
    return Amount(sum(a.value for a in every), qualifier)


class FigureRow(msgspec.Struct, frozen=True):
    """One figure of one record, dated as the record is."""

    when: datetime.date
    record: Record
    figure: Figure

    @property
    def addable(self) -> bool:
        """Whether a total may add it: what one implementation delivered, not a running total."""
        return self.record.kind == "implementation" and not self.figure.cumulative


class Total(msgspec.Struct, frozen=True):
    what: str
    unit: str | None
    amount: Amount
    first: datetime.date
    last: datetime.date
    records: list[str]  # the records added, in date order
    alternatives: list[str]  # versions of a dispute left out because a lower one counted


def figures_of(catalog: Catalog, filters: Filters, what: str | None = None) -> list[FigureRow]:
    """Every figure of the records that pass `filters` (and whose `what` holds the words of
    `what`, folded), in date order."""
    wanted = fold(what).split() if what else []
    rows = [
        FigureRow(catalog.when(record), record, figure)
        for record in catalog.dataset.records
        if record.figures and catalog.passes(record, filters)
        for figure in record.figures
        if all(word in fold(figure.what) for word in wanted)
    ]
    return sorted(rows, key=lambda row: row.when)


def totals(rows: Iterable[FigureRow]) -> list[Total]:
    """The addable rows summed by kind and unit, in order of each kind's first figure."""
    groups: dict[tuple[str, str | None], list[FigureRow]] = {}
    for row in rows:
        if row.addable:
            groups.setdefault((row.figure.what, row.figure.unit), []).append(row)
    found = []
    for (what, unit), group in groups.items():
        parts = [Amount(r.figure.value, r.figure.qualifier) for r in group if not r.record.dispute]
        versions: dict[str, list[FigureRow]] = {}
        for row in group:
            if row.record.dispute:
                versions.setdefault(row.record.dispute, []).append(row)
        lowest = [min(v, key=lambda r: r.figure.value) for v in versions.values()]
        amount = add(parts + [Amount(r.figure.value, r.figure.qualifier) for r in lowest])
        assert amount is not None  # every group holds a row
        counted = [r for r in group if not r.record.dispute] + lowest
        left_out = [r.record.id for v in versions.values() for r in v if r not in lowest]
        counted.sort(key=lambda r: r.when)
        found.append(
            Total(
                what,
                unit,
                amount,
                counted[0].when,
                counted[-1].when,
                [r.record.id for r in counted],
                left_out,
            )
        )
    return found
