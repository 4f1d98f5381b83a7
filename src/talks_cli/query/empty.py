"""What a listing that found nothing could have asked instead: the command, or the filter left
out, that finds records, so that an empty answer is never a dead end."""

from __future__ import annotations

import shlex
from collections import Counter

import msgspec

from talks_cli.query.catalog import Catalog
from talks_cli.query.filters import Filters

# The filters tried left out one at a time, narrowest first: the first that finds records is named.
_RELAXED = ("status", "document", "pages", "kind", "topic", "events", "since", "until")


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
    for name in _RELAXED:
        if getattr(filters, name) is None:
            continue
        relaxed = msgspec.structs.replace(filters, **{name: None})
        count = sum(kinds is None or r.kind in kinds for r in catalog.select(relaxed))
        if count:
            option = {"pages": "page", "events": "event"}.get(name, name)
            noun = kinds[0] if kinds and len(kinds) == 1 else "record"
            return f"; {_count(count, noun)} without --{option}: {command(relaxed, kinds)}"
    return ""


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
        args += ["records"]
        if filters.side:
            args += ["--side", filters.side]
        if filters.kind:
            args += ["--kind", filters.kind]
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
    return " ".join(shlex.quote(arg) for arg in args)
