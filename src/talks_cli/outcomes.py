"""Outcomes and how far each was carried out, derived from the records that carry them out."""

from __future__ import annotations

import datetime
from typing import Literal

import msgspec

from .catalog import Catalog, Filters
from .model import Record

Progress = Literal["implemented", "partly implemented", "under way", "not implemented"]


def outcome_of(catalog: Catalog, record: Record) -> Outcome:
    return Outcome(record, catalog.implemented_by.get(record.id, []))


def outcomes_of(catalog: Catalog, filters: Filters) -> list[Outcome]:
    return [
        outcome_of(catalog, record)
        for record in catalog.dataset.records
        if record.kind == "outcome" and catalog.passes(record, filters)
    ]


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
    def progress(self) -> Progress:
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
