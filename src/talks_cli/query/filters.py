"""What a person typed, checked: filters resolved to dataset ids, dates and periods read from
2025-06-02, 2025-06 or 2025, a choice among fixed values, and the error for a value the dataset
does not know. `query.names` resolves the names; these are the rules it applies."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from typing import Any

import msgspec

from talks_cli.dataset.model import Event, Record
from talks_cli.errors import UsageError
from talks_cli.text import fold, shorten, suggest

MAX_LISTED = 12  # valid values named in one message; a large dataset has 100,000 record ids


def unknown(what: str, word: str, choices: Iterable[str], listing: str = "") -> UsageError:
    """The error for a value the dataset does not know, with a guess, the valid values and the
    command (`listing`) that lists them with their names."""
    options = sorted(set(choices))
    guess = suggest(word, options)
    hint = f" Did you mean '{guess}'?" if guess else ""
    listed = ", ".join(options[:MAX_LISTED])
    if len(options) > MAX_LISTED:
        listed += f", … ({len(options)} in all)"
    see = f"; `{listing}` lists them with every name they go by" if listing else ""
    return UsageError(f"unknown {what} '{shorten(word)}'.{hint} Valid values: {listed}{see}")


def nonblank(what: str, value: str) -> str:
    """`value`, refused when blank: an unset shell variable must not mean "no filter"."""
    if not value.strip():
        raise UsageError(f"{what} is empty; give a value, or leave the option out")
    return value


class Filters(msgspec.Struct, frozen=True):
    """Record filters, each already resolved to dataset ids (None: no filter)."""

    events: frozenset[str] | None = None
    topic: str | None = None
    kind: str | None = None
    status: str | None = None
    side: str | None = None
    document: str | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None
    period: str | None = None  # --event as typed, when it names a month or a year: for titles
    mediator: str | None = None
    mediated_events: frozenset[str] = frozenset()  # events the mediator mediated or hosted
    pages: frozenset[str] | None = None  # --page: the kinds of page a record's source may be
    paged_sources: frozenset[str] = frozenset()  # the sources of those kinds of page

    def match(self, record: Record, when: datetime.date) -> bool:
        """Whether `record`, dated `when` (its own date, else its event's), passes every filter."""
        return (
            (self.events is None or record.event in self.events)
            and (self.topic is None or record.topic == self.topic)
            and (self.kind is None or record.kind == self.kind)
            and (self.status is None or record.status == self.status)
            and (self.side is None or record.side == self.side)
            and (self.document is None or record.document == self.document)
            and (
                self.mediator is None
                or self.mediator in record.mediators
                or record.event in self.mediated_events
            )
            and (self.pages is None or record.source in self.paged_sources)
            and self.in_period(when)
        )

    def in_period(self, when: datetime.date) -> bool:
        return (self.since is None or when >= self.since) and (self.until is None or when <= self.until)

    def described(self) -> str:
        """The filters in words, for a chart's title and description: "event round-2, mediated
        by uae, since 2025-06-01". Every field of Filters is worded here or named as derived
        from another, so a new filter cannot be left out of a title."""
        parts = []
        for name in self.__struct_fields__:
            value = getattr(self, name)
            if name in DERIVED_FILTERS or value is None:
                continue
            if name == "events":
                value = self.period or ", ".join(sorted(value))
            elif isinstance(value, frozenset):
                value = " or ".join(sorted(value))
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            parts.append(f"{FILTER_WORDS[name]} {value}")
        return ", ".join(parts)

    @property
    def about_records(self) -> bool:
        """Whether any filter concerns records rather than only when and in which event."""
        concerned = (self.topic, self.kind, self.status, self.side, self.document, self.mediator, self.pages)
        return any(f is not None for f in concerned)


# How each filter reads in a title; `period`, `mediated_events` and `paged_sources` only serve
# another filter.
FILTER_WORDS = {
    "events": "event",
    "topic": "topic",
    "kind": "kind",
    "status": "status",
    "side": "side",
    "document": "document",
    "since": "since",
    "until": "until",
    "mediator": "mediated by",
    "pages": "from pages of kind",
}
DERIVED_FILTERS = ("period", "mediated_events", "paged_sources")

# Compiled by `re` on first use (when a date or period is given), not at every start.
_SHAPES = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}


def shaped(text: str, *shapes: str) -> bool:
    """Whether `text` is written as a day (2025-06-02), a month (2025-06) or a year (2025)."""
    return any(re.fullmatch(_SHAPES[shape], text) for shape in shapes)


EVENT_FORMS = "an event id or name (round-2), a date (2025-06-02), a month (2025-06) or a year (2025)"


def day(what: str, value: str, *, start: bool) -> datetime.date:
    """A date from YYYY-MM-DD, or the first (`start`) or last day of YYYY-MM or YYYY."""
    text = nonblank(what, value).strip()
    try:
        if shaped(text, "day"):
            return datetime.date.fromisoformat(text)
        if shaped(text, "month"):
            first = datetime.date.fromisoformat(f"{text}-01")
            if start:
                return first
            if first.month == 12:  # no arithmetic past the month: 9999-12 has no month after it
                return first.replace(day=31)
            return first.replace(month=first.month + 1) - datetime.timedelta(days=1)
        if shaped(text, "year"):
            return datetime.date(int(text), 1, 1) if start else datetime.date(int(text), 12, 31)
    except ValueError:
        pass
    raise UsageError(
        f"{what} takes a date (2025-06-02), a month (2025-06) or a year (2025), not '{shorten(text)}'"
    )


def choice(what: str, value: str | None, choices: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    if value.strip().lower() not in choices:
        raise unknown(what, nonblank(f"--{what}", value), choices)
    return value.strip().lower()


# --- names as people type them: the rules `query.names` resolves names by -------------------


def names_of(
    items: Iterable[Any], names: Callable[[Any], list[str]]
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Each item's names folded: every whole name to its item, and each item to the words of
    its names (to find an item by some of its words)."""
    exact: dict[str, str] = {}
    words: dict[str, list[str]] = {}
    for item in items:
        folded = [fold(name) for name in names(item)]
        for name in folded:
            exact.setdefault(name, item.id)
        words[item.id] = [word for text in folded for word in text.split()]
    return exact, words


def event_tiers(events: Iterable[Event], wanted: list[str]) -> list[list[str]]:
    """The events `wanted` (folded words) may name, tier by tier, the surest first: held at a
    place or venue called so; held at one whose words start with them; named by a name or id
    that starts with them; and last, never picked but asked about, named by a name that holds
    them anywhere (one word of a name is no reason to pick an event: "anchorage" is not the
    interview that mentions it)."""
    if not wanted:
        return [[]]
    text = " ".join(wanted)
    places = {e.id: [fold(p) for p in (e.place, e.venue) if p] for e in events}
    names = {e.id: [fold(e.name).split(), e.id.split("-")] for e in events}
    exact = [i for i, folded in places.items() if text in folded]
    near = [
        i for i, folded in places.items() if all(starts_a_word(w, " ".join(folded).split()) for w in wanted)
    ]
    anywhere = [
        i for i, forms in names.items() if any(all(starts_a_word(w, f) for w in wanted) for f in forms)
    ]
    # A name or id that starts with the words, picked when it is the only one that holds them
    # at all, or when they are at least half of its words ("second round", not "trilateral").
    starting = [
        i
        for i, forms in names.items()
        if any(starts(wanted, f) and (anywhere == [i] or 2 * len(wanted) >= len(f)) for f in forms)
    ]
    return [exact, near, starting, anywhere]


def starts(wanted: list[str], words: list[str]) -> bool:
    """Whether `wanted` starts `words`, each word (the last may be cut short) in turn."""
    if len(wanted) > len(words):
        return False
    pairs = list(zip(wanted, words, strict=False))
    whole = all(w == word for w, word in pairs[:-1])
    last, word = pairs[-1]
    return whole and (last == word or (len(last) >= 3 and word.startswith(last)))


def starts_a_word(word: str, words: list[str]) -> bool:
    """Whether `word` is one of `words`, or (three letters or more) the start of one."""
    return any(w == word or (len(word) >= 3 and w.startswith(word)) for w in words)
