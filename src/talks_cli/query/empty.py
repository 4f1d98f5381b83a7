"""What a listing that found nothing could have asked instead: the command, or the filter left
out, that finds records, so that an empty answer is never a dead end."""

from __future__ import annotations

import shlex
from collections import Counter
from collections.abc import Callable, Sequence

import msgspec

from talks_cli.query.catalog import Catalog
from talks_cli.query.filters import Filters
from talks_cli.query.search import find

# The filters tried left out one at a time, narrowest first: the first that finds records is named.
_RELAXED = ("status", "document", "pages", "kind", "topic", "events", "since", "until", "mediator")


def what_would_match(catalog: Catalog, filters: Filters, kinds: tuple[str, ...] | None = None) -> str:
    """A hint for an empty listing of records of `kinds` (None: of every kind) that pass
    `filters`: "; 1 statement does: talks records --side russia --kind statement --topic
    language", or "" when nothing close would find a record."""
    if kinds is not None:
        other = Counter(r.kind for r in catalog.select(filters) if r.kind not in kinds)
        if other:
            kind, count = other.most_common(1)[0]
            wanted = msgspec.structs.replace(filters, kind=kind)
            return f"; {_count(count, kind)} {'does' if count == 1 else 'do'}: {command(wanted)}"
    if filters.side is not None:
        others = msgspec.structs.replace(filters, side=None)
        mediated = [
            r for r in catalog.records_by("mediators").get(filters.side, []) if catalog.passes(r, others)
        ]
        if mediated:
            side = filters.side
            return f"; {side} is the side of none, but it mediated {len(mediated)}: try --mediator {side}"
    found = without_one(filters, lambda f: sum(kinds is None or r.kind in kinds for r in catalog.select(f)))
    if found:
        option, relaxed, count = found
        noun = kinds[0] if kinds and len(kinds) == 1 else "record"
        return f"; {_count(count, noun)} without {option}: {command(relaxed, kinds)}"
    return ""


def search_would_match(catalog: Catalog, words: list[str], filters: Filters) -> str:
    """A hint for a search that found nothing with its filters: the filter left out that lets
    it find records ("; 3 records without --status: talks search truce --side south")."""
    found = without_one(filters, lambda f: len(find(catalog, words, f)))
    if not found:
        return ""
    option, relaxed, count = found
    line = " ".join(
        shlex.quote(arg) for arg in ["talks", "search", *words, *_side_and_kind(relaxed), *options(relaxed)]
    )
    return f"; {_count(count, 'record')} without {option}: {line}"


def listing_would_match(
    command_name: str, filters: Filters, count: Callable[[Filters], int], extra: Sequence[str] = ()
) -> str:
    """A hint for an empty listing `talks COMMAND_NAME` (outcomes, figures, disputes…): the
    filter left out that lets `count` find some, with the command line (its other options in
    `extra`); "" when none does."""
    found = without_one(filters, count)
    if not found:
        return ""
    option, relaxed, number = found
    args = ["talks", command_name, *_side_and_kind(relaxed), *options(relaxed), *extra]
    return f"; {number:,} without {option}: {' '.join(shlex.quote(arg) for arg in args)}"


def without_one(filters: Filters, count: Callable[[Filters], int]) -> tuple[str, Filters, int] | None:
    """The first filter, narrowest first, whose leaving out makes `count` more than 0: its
    option, the filters without it, and the count; None when none does."""
    for name in _RELAXED:
        if getattr(filters, name) is None:
            continue
        relaxed = msgspec.structs.replace(filters, **{name: None})
        if found := count(relaxed):
            return "--" + {"pages": "page", "events": "event"}.get(name, name), relaxed, found
    return None


def _count(count: int, kind: str) -> str:
    return f"{count:,} {kind}" + ("" if count == 1 else "s")


def command(filters: Filters, kinds: tuple[str, ...] | None = None) -> str:
    """The command line that lists the records `filters` pass: `talks positions SIDE` for a
    side's positions or conditions, else `talks records` with its options."""
    args = ["talks"]
    single = kinds[0] if kinds and len(kinds) == 1 else "position" if kinds else None
    listing = filters.kind or single
    if filters.side is not None and listing in ("position", "condition"):
        args += [f"{listing}s", filters.side]
    else:
        args += ["records", *_side_and_kind(filters)]
    return " ".join(shlex.quote(arg) for arg in args + options(filters))


def _side_and_kind(filters: Filters) -> list[str]:
    side = ["--side", filters.side] if filters.side else []
    return side + (["--kind", filters.kind] if filters.kind else [])


def options(filters: Filters) -> list[str]:
    """The options of a command line that give `filters`, but for its side and kind."""
    args: list[str] = []
    if filters.events is not None:
        args += ["--event", filters.period or next(iter(filters.events))]
    for name in ("topic", "status", "document", "mediator"):
        if (value := getattr(filters, name)) is not None:
            args += [f"--{name}", value]
    for name in ("since", "until"):
        if (value := getattr(filters, name)) is not None:
            args += [f"--{name}", value.isoformat()]
    for page in sorted(filters.pages or ()):
        args += ["--page", page]
    return args
