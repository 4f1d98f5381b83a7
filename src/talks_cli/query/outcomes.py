"""Outcomes and how far each was carried out, derived from the records that carry them out."""

from __future__ import annotations

from typing import Literal

import msgspec

from talks_cli.dataset.model import Figure, Record
from talks_cli.query.catalog import Catalog
from talks_cli.query.figures import Amount, add
from talks_cli.query.filters import Filters

Progress = Literal[
    "implemented",
    "implemented (unconfirmed)",
    "implemented (disputed)",
    "partly implemented",
    "partly implemented (unconfirmed)",
    "partly implemented (disputed)",
    "under way",
    "under way (unconfirmed)",
    "under way (disputed)",
    "not implemented",
]
# The words of progress, without the caveat: what --progress takes.
PROGRESS_WORDS = ("implemented", "partly implemented", "under way", "not implemented")


def outcome_of(catalog: Catalog, record: Record) -> Outcome:
    return Outcome(record, catalog.implemented_by.get(record.id, []))


def outcomes_of(catalog: Catalog, filters: Filters) -> list[Outcome]:
    found = [r for r in catalog.dataset.records if r.kind == "outcome" and catalog.passes(r, filters)]
    return [outcome_of(catalog, record) for record in sorted(found, key=catalog.when)]


_CAVEATED: dict[tuple[str, str], Progress] = {
    ("implemented", ""): "implemented",
    ("implemented", "unconfirmed"): "implemented (unconfirmed)",
    ("implemented", "disputed"): "implemented (disputed)",
    ("partly implemented", ""): "partly implemented",
    ("partly implemented", "unconfirmed"): "partly implemented (unconfirmed)",
    ("partly implemented", "disputed"): "partly implemented (disputed)",
    ("under way", ""): "under way",
    ("under way", "unconfirmed"): "under way (unconfirmed)",
    ("under way", "disputed"): "under way (disputed)",
}


def _measures(figure: Figure, target: Figure) -> bool:
    """Whether `figure` counts towards `target`: the same thing, in the same unit. A number
    in another unit (30 days against 30 hours) is no evidence either way."""
    return figure.what == target.what and figure.unit == target.unit


class Outcome(msgspec.Struct, frozen=True):
    """An agreed outcome and what carried it out.

    Progress follows from the records, never from a label: "implemented" when an
    implementation completes it (unless what they report falls short of a figure it set), or
    when what its implementations delivered reaches every figure it set; "partly implemented"
    when they fall short; "under way" when it was acted on but its extent is not reported;
    "not implemented" when nothing carried it out. Where an implementation is a version of a
    dispute, or one its side did not confirm, the progress says so: "implemented (disputed)".
    """

    record: Record
    implementations: list[Record]  # in date order: their own date, else their event's

    @property
    def progress(self) -> Progress:
        if not self.implementations:
            return "not implemented"
        done = self.delivered()
        # A record that completes the outcome while what they report falls short of a figure
        # it set is contradicted by the numbers: they stand.
        short = any(f.what in done and done[f.what].value < f.value for f in self.record.figures)
        if any(r.completes for r in self.implementations) and not short:
            return _CAVEATED["implemented", self.caveat]
        if not done:
            return _CAVEATED["under way", self.caveat]
        met = all(
            f.what in done
            and done[f.what].value >= f.value
            and done[f.what].qualifier not in ("up to", "under")
            for f in self.record.figures
        )
        return _CAVEATED["implemented" if met else "partly implemented", self.caveat]

    @property
    def caveat(self) -> Literal["disputed", "unconfirmed", ""]:
        """ "disputed" when an implementation is a version of a dispute; else "unconfirmed"
        when one was not confirmed by its side; else ""."""
        if any(r.dispute for r in self.implementations):
            return "disputed"
        if any(r.unconfirmed for r in self.implementations):
            return "unconfirmed"
        return ""

    def delivered(self) -> dict[str, Amount]:
        """For each figure the outcome sets, the sum its implementations report in the same
        unit, with the loosest qualifier among its parts. Versions of one dispute are
        alternatives, not parts: of them, only the lowest counts. A running total a source gives
        ("over 6,000 in all") stands where it exceeds that sum."""
        totals: dict[str, Amount] = {}
        for target in self.record.figures:
            if target.what in totals:
                continue  # the same thing twice (in two units): the first figure stands
            parts: list[Amount] = []
            versions: dict[str, list[Amount]] = {}
            so_far: list[Amount] = []  # running totals a source gives: each is all delivered by then
            for record in self.implementations:
                measured = [f for f in record.figures if _measures(f, target)]
                so_far += [Amount(f.value, f.qualifier) for f in measured if f.cumulative]
                found = [Amount(f.value, f.qualifier) for f in measured if not f.cumulative]
                if record.dispute:
                    versions.setdefault(record.dispute, []).extend(found)
                else:
                    parts.extend(found)
            total = add(parts, versions.values())
            latest = max(so_far, key=lambda a: a.value, default=None)
            if latest is not None and (total is None or latest.value > total.value):
                total = latest
            if total is not None:
                totals[target.what] = total
        return totals
