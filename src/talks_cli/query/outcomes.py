"""Outcomes and how far each was carried out, derived from the records that carry them out."""

from __future__ import annotations

import datetime
from typing import Literal, get_args

import msgspec

from talks_cli.dataset.model import Figure, Record
from talks_cli.dataset.wording import amount_text
from talks_cli.query.catalog import Catalog
from talks_cli.query.figures import Amount, add, kind_of, lowest
from talks_cli.query.filters import Filters
from talks_cli.text import fold

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
    "ended",
    "ended (kept)",
    "ended (disputed)",
    "ended (broken)",
    "not implemented",
    "not reported",
]
# The words of progress, without the caveat: what --progress takes.
PROGRESS_WORDS = (
    "implemented",
    "partly implemented",
    "under way",
    "ended",
    "not implemented",
    "not reported",
)
# How a time-bound outcome went, once its time was over.
How = Literal["kept", "disputed", "broken", ""]

# Units a duration is counted in, in days: a truce of 3 days, of 72 hours.
DURATIONS = {"day": 1.0, "days": 1.0, "hour": 1 / 24, "hours": 1 / 24, "week": 7.0, "weeks": 7.0}


def outcome_of(catalog: Catalog, record: Record) -> Outcome:
    carried = catalog.implemented_by.get(record.id, [])
    return Outcome(
        record,
        carried,
        _end(catalog, record, carried),
        _data_end(catalog),
        _disputes(catalog, record, carried),
        _delivered(record, [r for r in carried if r.status != "rejected"]),
    )


def outcomes_of(catalog: Catalog, filters: Filters) -> list[Outcome]:
    found = [r for r in catalog.dataset.records if r.kind == "outcome" and catalog.passes(r, filters)]
    return [outcome_of(catalog, record) for record in sorted(found, key=catalog.when)]


def _data_end(catalog: Catalog) -> datetime.date:
    """The day the data speak up to: the dataset's `as_of`, else its latest date."""

    def latest() -> datetime.date:
        dates = [catalog.when(r) for r in catalog.dataset.records] + [
            e.end or e.date for e in catalog.dataset.events
        ]
        return max(dates, default=datetime.date.min)

    return catalog.dataset.as_of or catalog.memo("latest date", latest)


def duration(figure: Figure) -> datetime.timedelta | None:
    """How long a figure says something lasts (its high end), when it counts time: "3 days",
    "ceasefire days: 30", "24 to 48 hours"; None for any other figure or one with no end."""
    words = fold(figure.unit or "").split() or fold(figure.what).split()[-1:]
    days = DURATIONS.get(words[-1]) if words else None
    high = Amount.of_figure(figure).high
    if days is None or high is None:
        return None
    return datetime.timedelta(days=high * days)


def _end(catalog: Catalog, record: Record, carried: list[Record]) -> datetime.date | None:
    """The last day of a time-bound outcome: its truce's last day, or its start (its first
    implementation, else its own date) plus the duration it sets (every figure a duration)."""
    lengths = [duration(f) for f in record.figures]
    if _of_truce(catalog, record):
        return catalog.events[record.event or ""].end or catalog.events[record.event or ""].date
    if not lengths or None in lengths:
        return None
    start = catalog.when(carried[0]) if carried else catalog.when(record)
    return start + max(d for d in lengths if d) - datetime.timedelta(days=1)


def _of_truce(catalog: Catalog, record: Record) -> bool:
    """Whether an outcome is its truce event's truce: one of a truce that sets no figure but
    durations (an exchange agreed during a truce is not the truce)."""
    event = catalog.events.get(record.event or "")
    return event is not None and event.kind == "truce" and all(duration(f) for f in record.figures)


def _disputes(catalog: Catalog, record: Record, carried: list[Record]) -> list[str]:
    """The disputes about how an outcome went: those its implementations are versions of, and,
    for one of a truce, the disputes of the records of its event and topic."""
    found = [r.dispute for r in carried if r.dispute]
    if _of_truce(catalog, record):
        event = catalog.events[record.event or ""]
        found += [
            r.dispute
            for r in catalog.records_by("event").get(event.id, [])
            if r.dispute and r.topic == record.topic
        ]
    return list(dict.fromkeys(found))


class Delivered(msgspec.Struct, frozen=True):
    """What the implementations delivered of one figure the outcome set."""

    amount: Amount
    notes: list[str]  # how a stage was counted, where its parts are named apart


class Outcome(msgspec.Struct, frozen=True):
    """An agreed outcome and what carried it out.

    Progress follows from the records, never from a label: "implemented" when an
    implementation completes it (unless what they report falls short of a figure it set), or
    when what its implementations delivered reaches every figure it set; "partly implemented"
    when they fall short; "under way" when it was acted on but its extent is not reported. A
    time-bound outcome (a truce, or one that sets a duration) whose time ended before the data
    do is "ended", with how it went: kept (an implementation completes it, or what they delivered
    reaches its figures), disputed (a dispute about it), broken (a record that implements it is
    `rejected`). "not implemented" where the
    only records that implement it are `rejected`; "not reported" where no record says either
    way. Where an implementation is a version of a dispute, or one its side did not confirm,
    the progress says so: "implemented (disputed)".
    """

    record: Record
    implementations: list[Record]  # in date order: their own date, else their event's
    end: datetime.date | None  # the last day of a time-bound outcome
    as_of: datetime.date  # the day the data speak up to
    disputes: list[str]  # the disputes about how it went
    done: dict[tuple[str, str], Delivered]  # what was delivered of each figure it sets

    @property
    def carried(self) -> list[Record]:
        """The implementations that acted on it, not those that say it was refused."""
        return [r for r in self.implementations if r.status != "rejected"]

    @property
    def refused(self) -> list[Record]:
        return [r for r in self.implementations if r.status == "rejected"]

    @property
    def ended(self) -> bool:
        return self.end is not None and self.end < self.as_of

    @property
    def how(self) -> How:
        """How a time-bound outcome went, from its records."""
        if self.disputes:
            return "disputed"
        if self.refused:
            return "broken"
        if any(r.completes for r in self.carried) or (self.record.figures and self.met):
            return "kept"
        return ""

    @property
    def met(self) -> bool:
        """Whether what was delivered surely reaches every figure the outcome set."""
        done = self.delivered()
        return all(
            kind_of(f) in done and done[kind_of(f)].amount.reaches(Amount.of_figure(f))
            for f in self.record.figures
        )

    @property
    def progress(self) -> Progress:
        if not self.implementations:
            return "not reported"
        if not self.carried:
            return "not implemented"
        if self.ended:
            return _ENDED[self.how]
        done = self.delivered()
        targets = {kind_of(f): Amount.of_figure(f) for f in self.record.figures}
        # A record that completes the outcome while what they report surely falls short of a
        # figure it set is contradicted by the numbers: they stand.
        short = any(key in done and done[key].amount.short_of(target) for key, target in targets.items())
        caveat = self.caveat
        if any(r.completes for r in self.carried) and not short:
            return _caveated("implemented", caveat)
        if not done:
            return _caveated("under way", caveat)
        return _caveated("implemented" if self.met else "partly implemented", caveat)

    @property
    def caveat(self) -> Literal["disputed", "unconfirmed", ""]:
        """ "disputed" when an implementation is a version of a dispute; else "unconfirmed"
        when one was not confirmed by its side; else ""."""
        if any(r.dispute for r in self.implementations):
            return "disputed"
        if any(r.unconfirmed for r in self.implementations):
            return "unconfirmed"
        return ""

    def delivered(self) -> dict[tuple[str, str], Delivered]:
        """For each figure the outcome sets (its kind and unit, folded), what was delivered."""
        return self.done

    @property
    def reached(self) -> list[tuple[Figure, tuple[int, str, int | None] | None]]:
        """Once it was acted on, each figure it sets with what was delivered of it, as
        (value, qualifier, upper), or None where nothing of it is reported."""
        done = self.delivered()
        figures = self.record.figures if self.carried else []
        return [(f, done[kind_of(f)].amount.words if kind_of(f) in done else None) for f in figures]

    @property
    def notes(self) -> list[str]:
        """How each stage that carried it out was counted, where its parts are named apart."""
        return [note for d in self.delivered().values() for note in d.notes]

    def basis(self) -> list[str]:
        """The records (and disputes) its progress rests on, in words, for `show`."""
        lines = [
            f"{r.id}: {'refused or not carried out' if r.status == 'rejected' else 'carries it out'}"
            + (" (completes it)" if r.completes else "")
            for r in self.implementations
        ]
        lines += [f"dispute {d}: the sources differ" for d in self.disputes]
        if self.end is not None:
            state = "ended" if self.ended else "runs"
            data = f"the dataset is as of {self.as_of.isoformat()}"
            lines.append(f"its time: to {self.end.isoformat()}; {data}, so it {state}")
        if not self.implementations:
            lines.append("no record carries it out or says it was not")
        return lines


def _delivered(outcome: Record, carried: list[Record]) -> dict[tuple[str, str], Delivered]:
    """For each figure an outcome sets (its kind and unit, folded), the sum the records that
    carried it out report of it. Each stage counts all it delivered: where its figures of
    the target's unit add up to another of its figures (270 military and 120 civilians, 390
    people), that whole counts, with a note. Versions of one dispute are alternatives, not
    parts: of them, only the lowest counts. A running total a source gives ("over 6,000 in
    all") stands where it exceeds that sum (of a dispute's running totals, the lowest)."""
    found: dict[tuple[str, str], Delivered] = {}
    for target in outcome.figures:
        key = kind_of(target)
        if key in found:
            continue  # the same thing twice: the first figure stands
        parts: list[Amount] = []
        versions: dict[str, list[Amount]] = {}
        so_far: dict[str, list[Amount]] = {}  # running totals by dispute ("" for none)
        notes: list[str] = []
        for record in carried:
            counted, note = _stage(record, key)
            notes += [note] if note else []
            stated = [Amount.of_figure(f) for f in record.figures if f.cumulative and kind_of(f) == key]
            so_far.setdefault(record.dispute or "", []).extend(stated)
            if counted is None:
                continue
            if record.dispute:
                versions.setdefault(record.dispute, []).append(counted)
            else:
                parts.append(counted)
        total = add([*parts, *(lowest(v) for v in versions.values() if v)])
        stated_totals = [
            lowest(amounts) if dispute else max(amounts, key=lambda a: a.order)
            for dispute, amounts in so_far.items()
            if amounts
        ]
        latest = max(stated_totals, key=lambda a: a.order, default=None)
        if latest is not None and (total is None or latest.low > total.low):
            total = latest
        if total is not None:
            found[key] = Delivered(total, notes)
    return found


def _caveated(words: str, caveat: str) -> Progress:
    return _CAVEATED[words, caveat]


_ENDED: dict[How, Progress] = {
    "": "ended",
    "kept": "ended (kept)",
    "disputed": "ended (disputed)",
    "broken": "ended (broken)",
}
# Every progress that carries a caveat, by its words and caveat.
_CAVEATED: dict[tuple[str, str], Progress] = {
    (words, caveat): progress
    for progress in get_args(Progress)
    for words, caveat in [(progress.split(" (")[0], progress.partition(" (")[2].rstrip(")"))]
}


def _stage(record: Record, key: tuple[str, str]) -> tuple[Amount | None, str]:
    """What one implementation delivered of the kind `key`, and a note where it counted a
    whole its parts add up to."""
    plain = [f for f in record.figures if not f.cumulative]
    mine = [f for f in plain if kind_of(f) == key]
    if not mine:
        return None, ""
    unit = key[1]
    same_unit = [f for f in plain if kind_of(f)[1] == unit]
    for whole in same_unit:
        others = [f for f in same_unit if f is not whole]
        if (
            len(others) >= 2
            and mine[0] in others
            and sum(f.value for f in others) == whole.value
            and all(f.qualifier == "exact" and f.upper is None for f in [whole, *others])
        ):
            named = ", ".join(f"{amount_text(f.value, unit=f.unit)} {f.what}" for f in others)
            counted = amount_text(whole.value, unit=whole.unit)
            note = f"{record.id}: {counted} counted ({named}, as its source counts them)"
            return Amount.of_figure(whole), note
    return Amount.of_figure(mine[0]), ""
