"""Figures: every number the records state, in date order, and totals that can be added up.

A total adds the figures of one kind (`what`) and unit carried by records of kind
`implementation` (each reports what one exchange or return delivered); kinds and units are
compared folded (case, spacing, accents). A figure stated in a fact or a position (a demand,
another report of the same exchange) or a running total (`cumulative`) is never added: adding
it would count the same people twice. Versions of one dispute are alternatives, not parts: of
them, only the lowest counts.

Numbers are intervals (`Amount`): "at least 1,000" plus "up to 50" is "at least 1,000", 100
to 200 plus 50 is 150 to 250. A total knows what it could not count (`left_out`): an
implementation or a reported exchange in its range with no number of its kind, a figure only
reported or not confirmed, a running total its source states above the sum; then it is "at
least" its sum.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Iterable, Sequence
from typing import Literal

import msgspec

from talks_cli.dataset.model import Figure, Record
from talks_cli.dataset.wording import amount_text
from talks_cli.query.catalog import Catalog
from talks_cli.query.filters import Filters
from talks_cli.text import fold


class Amount(msgspec.Struct, frozen=True):
    """A number as an interval: its lower bound and its upper bound (None: no upper bound),
    each carried apart, so a sum never claims more than its parts. "over 6,000" is (6,000, none)
    with the low end left out; "up to 50" is 0 to 50; "about" marks both ends as approximate."""

    low: int
    high: int | None
    over: bool = False  # the low end itself is excluded ("over 6,000")
    under: bool = False  # the high end itself is excluded ("under 30")
    about: bool = False

    @classmethod
    def of(cls, value: int, qualifier: str = "exact", upper: int | None = None) -> Amount:
        """The interval a figure states: 24 to 48, "at least 1,200", "up to 800,000"."""
        top = value if upper is None else upper
        if qualifier in ("at least", "over"):
            return cls(value, None, over=qualifier == "over")
        if qualifier in ("up to", "under"):
            return cls(0, top, under=qualifier == "under")
        return cls(value, top, about=qualifier == "about")

    @classmethod
    def of_figure(cls, figure: Figure) -> Amount:
        return cls.of(figure.value, figure.qualifier, figure.upper)

    def __add__(self, other: Amount) -> Amount:
        high = None if self.high is None or other.high is None else self.high + other.high
        return Amount(
            self.low + other.low,
            high,
            over=self.over or other.over,
            under=high is not None and (self.under or other.under),
            about=self.about or other.about,
        )

    @property
    def order(self) -> tuple[int, float]:
        """What "the lowest" of several versions compares: the low end, then the high end."""
        return (self.low, float("inf") if self.high is None else self.high)

    def floor(self) -> Amount:
        """At least this: the same low end, with no upper bound (something was not counted)."""
        return msgspec.structs.replace(self, high=None, under=False)

    def reaches(self, target: Amount) -> bool:
        """Whether this surely reaches `target`'s low end: "over 6,000" reaches 6,000; "up to
        1,000" reaches nothing."""
        return self.low >= target.low

    def short_of(self, target: Amount) -> bool:
        """Whether this surely falls short of `target`: even its high end is below its low end."""
        return self.high is not None and self.high < target.low

    @property
    def words(self) -> tuple[int, str, int | None]:
        """The interval as people write it: (value, qualifier, upper) for `amount_text`."""
        about = " about" if self.about else ""
        if self.high is None:
            return self.low, ("over" if self.over and not self.about else "at least" + about), None
        if self.low == self.high:
            return self.low, "about" if self.about else "exact", None
        if self.low == 0:
            return self.high, ("under" if self.under and not self.about else "up to" + about), None
        return self.low, "about" if self.about else "exact", self.high

    def json(self) -> dict[str, int | str | None]:
        value, qualifier, upper = self.words
        return {"value": value, "qualifier": qualifier, "upper": upper}


def add(amounts: Iterable[Amount]) -> Amount | None:
    """The sum of `amounts` (None for none)."""
    total = None
    for amount in amounts:
        total = amount if total is None else total + amount
    return total


def lowest(versions: Iterable[Amount]) -> Amount:
    """Of a dispute's versions, the lowest: what a total counts."""
    return min(versions, key=lambda a: a.order)


def kind_of(figure: Figure) -> tuple[str, str]:
    """What a figure counts, compared folded: "Prisoners  each side" is "prisoners each side"."""
    return fold(figure.what), fold(figure.unit or "")


class FigureRow(msgspec.Struct, frozen=True):
    """One figure of one record, dated as the record is."""

    when: datetime.date
    record: Record
    figure: Figure

    @property
    def addable(self) -> bool:
        """Whether a total may add it: what one implementation delivered, not a running total."""
        return self.record.kind == "implementation" and not self.figure.cumulative

    @property
    def amount(self) -> Amount:
        return Amount.of_figure(self.figure)


Reason = Literal["higher version", "no number", "only reported", "running total"]
# The reasons that leave a total short of what happened: it is then "at least" its sum.
UNCOUNTED: tuple[Reason, ...] = ("no number", "only reported", "running total")


class LeftOut(msgspec.Struct, frozen=True):
    """A record in a total's scope that the sum does not hold, and why."""

    record: str
    reason: Reason
    why: str


class Total(msgspec.Struct, frozen=True):
    what: str
    unit: str | None
    amount: Amount
    first: datetime.date
    last: datetime.date
    records: list[str]  # the records added, in date order
    left_out: list[LeftOut]  # in date order; any reason in UNCOUNTED makes `amount` "at least"


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


class Tally:
    """A sum that can take a part back: plain parts, and of each dispute the lowest version so
    far, each step in constant time however many came before (a chart's running total)."""

    def __init__(self) -> None:
        self.count = self.low = self.high = self.open = self.over = self.under = self.about = 0
        self.plain: list[FigureRow] = []
        self.versions: dict[str, FigureRow] = {}  # each dispute's lowest version so far

    def _put(self, amount: Amount, sign: int) -> None:
        self.count += sign
        self.low += sign * amount.low
        if amount.high is None:
            self.open += sign
        else:
            self.high += sign * amount.high
        self.over += sign * amount.over
        self.under += sign * amount.under
        self.about += sign * amount.about

    def add(self, row: FigureRow) -> None:
        dispute = row.record.dispute
        if dispute is None:
            self.plain.append(row)
            self._put(row.amount, 1)
            return
        held = self.versions.get(dispute)
        if held is not None and held.amount.order <= row.amount.order:
            return
        if held is not None:
            self._put(held.amount, -1)
        self.versions[dispute] = row
        self._put(row.amount, 1)

    @property
    def total(self) -> Amount | None:
        if not self.count:
            return None
        high = None if self.open else self.high
        return Amount(self.low, high, self.over > 0, high is not None and self.under > 0, self.about > 0)

    @property
    def counted(self) -> list[FigureRow]:
        """The rows the sum holds, in date order."""
        return sorted([*self.plain, *self.versions.values()], key=lambda row: row.when)


def counts(row: FigureRow) -> bool:
    """Whether a total counts an addable figure: not one its side did not confirm, nor one
    only reported."""
    return row.addable and not (row.record.unconfirmed or row.record.status == "reported")


def running_totals(rows: Sequence[FigureRow]) -> list[Amount | None]:
    """For each row, the total of its kind up to it as `totals` adds it (None for a row not
    counted); linear in the rows."""
    tallies: dict[tuple[str, str], Tally] = {}
    out: list[Amount | None] = []
    for row in rows:
        if not counts(row):
            out.append(None)
            continue
        tally = tallies.setdefault(kind_of(row.figure), Tally())
        tally.add(row)
        out.append(tally.total)
    return out


def totals(catalog: Catalog, filters: Filters, rows: Sequence[FigureRow]) -> list[Total]:
    """The addable rows summed by kind and unit (folded), in order of each kind's first figure,
    each with what it could not count."""
    groups: dict[tuple[str, str], list[FigureRow]] = {}
    for row in rows:
        groups.setdefault(kind_of(row.figure), []).append(row)
    return [total for key, group in groups.items() if (total := _total(catalog, filters, key, group))]


def _total(
    catalog: Catalog, filters: Filters, key: tuple[str, str], group: Sequence[FigureRow]
) -> Total | None:
    addable = [row for row in group if row.addable]
    if not addable:
        return None
    tally = Tally()
    for row in addable:
        if counts(row):
            tally.add(row)
    counted = tally.counted
    kept = {id(row) for row in counted}
    left: list[tuple[datetime.date, LeftOut]] = []
    for row in addable:
        if not counts(row):
            left.append((row.when, _reported(row)))
        elif id(row) not in kept:
            why = f"a higher version of {row.record.dispute}: of a dispute's versions the lowest counts"
            left.append((row.when, LeftOut(row.record.id, "higher version", why)))
    days = {row.when for row in counted}
    reported = [row for row in group if row.when not in days and _reported_apart(catalog, row, key)]
    left += [(row.when, _reported(row)) for row in reported]
    dates = [row.when for row in counted or addable] + [row.when for row in reported]
    first, last = min(dates), max(dates)
    left += _unnumbered(catalog, filters, key, addable, (first, last), days)
    left += _running_above(group, counted)
    amount = tally.total or Amount(0, 0)  # none counted: every figure only reported
    if any(item.reason in UNCOUNTED for _, item in left):
        amount = amount.floor()
    left.sort(key=lambda pair: pair[0])
    figure = group[0].figure
    return Total(
        figure.what,
        figure.unit,
        amount,
        first,
        last,
        [row.record.id for row in counted],
        [item for _, item in left],
    )


def _reported(row: FigureRow) -> LeftOut:
    said = amount_text(*row.amount.words, row.figure.unit)
    who = "not confirmed by its side" if row.record.unconfirmed else "only reported"
    return LeftOut(row.record.id, "only reported", f"{said}, {who}: not added")


def _gives(record: Record, key: tuple[str, str]) -> bool:
    return any(kind_of(figure) == key for figure in record.figures if not figure.cumulative)


def _linked_to_number(catalog: Catalog, record: Record, key: tuple[str, str]) -> bool:
    """Whether a record linked to `record` gives a number of this kind: then `record` is another
    report of it (or of the agreement it carries out)."""
    return any(_gives(other, key) for other in catalog.related(record))


def _reported_apart(catalog: Catalog, row: FigureRow, key: tuple[str, str]) -> bool:
    """A fact's figure of the kind that no linked record gives: a delivery only reported (on the
    day of a counted delivery, it is taken as another report of it)."""
    return (
        row.record.kind == "fact"
        and not row.figure.cumulative
        and not _linked_to_number(catalog, row.record, key)
    )


def _unnumbered(
    catalog: Catalog,
    filters: Filters,
    key: tuple[str, str],
    addable: Sequence[FigureRow],
    span: tuple[datetime.date, datetime.date],
    days: set[datetime.date],
) -> list[tuple[datetime.date, LeftOut]]:
    """What was delivered in the total's range and topics with no number of its kind: an
    implementation without one, or a fact with no number at all, when no record linked to it
    gives the number and it is not of the day of a counted delivery."""
    first, last = span
    topics = {row.record.topic for row in addable}
    what = addable[0].figure.what
    found = []
    for record in catalog.select(filters):
        when = catalog.when(record)
        if not first <= when <= last or when in days or record.topic not in topics:
            continue
        if record.kind == "implementation":
            unnumbered = not _gives(record, key)
        else:
            unnumbered = record.kind == "fact" and not record.figures
        if unnumbered and not _linked_to_number(catalog, record, key):
            found.append((when, LeftOut(record.id, "no number", f"no figure of {what}")))
    return found


def _running_above(
    group: Sequence[FigureRow], counted: Sequence[FigureRow]
) -> list[tuple[datetime.date, LeftOut]]:
    """The running totals a source states above all the counted figures could add up to by
    their date."""
    sums = running_totals(counted)
    dates = [part.when for part in counted]
    found = []
    for row in group:
        if not row.figure.cumulative:
            continue
        by_then = bisect.bisect_right(dates, row.when)
        added = (sums[by_then - 1] if by_then else None) or Amount(0, 0)
        if added.high is not None and row.amount.low > added.high:
            stated = amount_text(*row.amount.words)
            why = (
                f"its source states {stated} so far, more than the {amount_text(*added.words)} added by then"
            )
            found.append((row.when, LeftOut(row.record.id, "running total", why)))
    return found
