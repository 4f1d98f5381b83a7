"""The listing commands: the records and what they belong to, as the dataset holds them
(sides, positions, conditions, records, search, sources, events, documents). Each parses its
arguments, asks a query module, hands the answer to a view and `render`. The commands whose
answers are derived from the records are in `summaries`; what commands share is in `options`."""

# No `from __future__ import annotations` here: Typer reads every command's annotations at
# each start, and evaluating them from strings would slow every start down.

from typing import Annotated

import msgspec
import typer

from talks_cli.cli.app import app
from talks_cli.cli.options import (
    FILTERS,
    SideArg,
    emit,
    filter_options,
    fixed,
    listing_options,
    settings_of,
)
from talks_cli.dataset.model import EVENT_KINDS
from talks_cli.query.filters import Filters, choice
from talks_cli.render.formats import Output


@app.command()
@listing_options
def sides(ctx: typer.Context, output: Output) -> None:
    """The sides and third parties, their roles and every name they go by.

    Example: talks sides
    """
    from talks_cli.views import listings as views

    catalog = settings_of(ctx).catalog
    emit(ctx, views.sides(catalog), output)


def _side_records(
    ctx: typer.Context, side: str, kinds: tuple[str, ...], output: Output, filters: Filters
) -> None:
    from talks_cli.query.empty import what_would_match
    from talks_cli.query.names import side_named
    from talks_cli.views import listings as views

    catalog = settings_of(ctx).catalog
    actor = side_named(catalog, side)
    filters = msgspec.structs.replace(filters, side=actor.id)
    found = [r for r in catalog.select(filters) if r.kind in kinds]
    what = " and ".join(f"{kind}s" for kind in kinds)
    fixed, said = _fixed(msgspec.structs.replace(filters, side=None))
    shown = ["kind"] if len(kinds) > 1 else []
    hint = what_would_match(catalog, filters, kinds)
    named = ["side", *fixed]
    listing = views.records(
        catalog,
        found,
        f"{actor.name}: {what}{said}",
        named=named,
        shown=shown,
        empty=f"no {what} match{hint}",
    )
    emit(ctx, listing, output)


def for_events(filters: Filters) -> str:
    """The part of a title that names the --event filter: the event's id, or the period typed."""
    if filters.events is None:
        return ""
    return f", {next(iter(filters.events))}" if len(filters.events) == 1 else f", {filters.period}"


def _fixed(filters: Filters) -> tuple[list[str], str]:
    """The columns of records whose one value the filters fix (one event, a topic, a status, a
    side), which a terminal then leaves out, and the part of the title that names them."""
    fixed = {"event": next(iter(filters.events)) if filters.events and len(filters.events) == 1 else None}
    fixed |= {"side": filters.side, "topic": filters.topic, "status": filters.status}
    named = [column for column, value in fixed.items() if value is not None]
    said = for_events(filters) + "".join(f", {fixed[c]}" for c in ("side", "topic", "status") if c in named)
    return named, said


@app.command()
@listing_options
@filter_options("event", "topic", "status", "document", "since", "until", "mediator", "page")
def positions(ctx: typer.Context, side: SideArg, output: Output, filters: Filters) -> None:
    """Everything a side put forward: its positions and its conditions, the kind in a column.

    What it proposed, demanded, backed or rejected (a side's plan is its position), and what
    it requires before a ceasefire or a settlement; `talks conditions` lists only those.

    Example: talks positions russia --topic ceasefire
    """
    _side_records(ctx, side, ("position", "condition"), output, filters)


@app.command()
@listing_options
@filter_options("event", "topic", "status", "document", "since", "until", "mediator", "page")
def conditions(ctx: typer.Context, side: SideArg, output: Output, filters: Filters) -> None:
    """A side's conditions: what it requires before a ceasefire or a settlement.

    Example: talks conditions ukraine --event round-2
    """
    _side_records(ctx, side, ("condition",), output, filters)


@app.command()
@listing_options
@filter_options(*FILTERS)
def records(ctx: typer.Context, output: Output, filters: Filters) -> None:
    """Every record, or those that match the filters.

    Example: talks records --topic prisoners --kind implementation
    """
    from talks_cli.query.empty import what_would_match
    from talks_cli.views import listings as views

    catalog = settings_of(ctx).catalog
    named, said = _fixed(filters)
    empty = "no records match" + what_would_match(catalog, filters)
    found = catalog.select(filters)
    emit(ctx, views.records(catalog, found, "Records" + said, named=named, empty=empty), output)


@app.command()
@listing_options
@filter_options(*FILTERS)
def search(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="TEXT...", help="Words to find, quoted or not, in any language, case or accents."
        ),
    ],
    output: Output,
    filters: Filters,
) -> None:
    """Records, and the things they belong to, holding every word of TEXT, best first.

    The things themselves come first (an event by its place or venue, a source by its
    publisher, a dispute by its question, a mediator by any of its names), each with its
    type; then the records, ranked.

    A word may be in a record's summary, quote, id or note, or in what it belongs to: its
    side, people, event, document, source (title, publisher, the outlet it copies), dispute
    or question, or its topic. Each word scores by where it is found: the record's own words
    most, what it belongs to less, a topic's aliases least, and only when no record says the
    word itself (working groups finds the records that say it, not the whole topic). The
    matched column (`matched` in JSON) says where each word was found; ties keep the
    dataset's order, and --sort orders otherwise. Matching ignores case, accents and
    thousands separators, and knows names in several languages and the field's
    abbreviations: etats-unis finds "États-Unis", MFA finds "foreign ministry", Medinski
    finds Medinsky, ciragan finds Çırağan, 1000 finds 1,000 (a number only whole: 1 is not
    11). docs/search.md says how a hit ranks.

    Example: talks search russian language
    """
    from talks_cli.query.empty import search_would_match
    from talks_cli.query.search import closest_query, find, find_things
    from talks_cli.views import search as search_view

    catalog = settings_of(ctx).catalog
    hits = find(catalog, words, filters)
    things = find_things(catalog, words, filters)
    hint = ""
    if not hits and not things:
        guess = closest_query(catalog, words, filters)
        hint = f"; did you mean '{guess}'?" if guess else search_would_match(catalog, words, filters)
    emit(ctx, search_view.search(catalog, hits, things, " ".join(words), hint), output)


@app.command()
@listing_options
@filter_options(*FILTERS)
def sources(ctx: typer.Context, output: Output, filters: Filters) -> None:
    """The sources the records cite, with their addresses.

    Every one, or, with filters, those cited by the records that match them.

    Example: talks sources --topic prisoners --fields id,publisher,url
    """
    from talks_cli.views import listings as views

    catalog = settings_of(ctx).catalog
    emit(ctx, views.sources(catalog, catalog.sources_matching(filters)), output)


@app.command()
@listing_options
@filter_options("event", "topic", "side", "since", "until", "mediator")
def events(
    ctx: typer.Context,
    output: Output,
    filters: Filters,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            help=f"Only this kind of event: {', '.join(EVENT_KINDS)}.",
            autocompletion=fixed(lambda: EVENT_KINDS),
        ),
    ] = None,
) -> None:
    """The events: rounds, summits, meetings, calls, plans; who took part, and in what role.

    Each with its date, place, participants, chairs and delegations; with --topic or --side,
    those with records on it.

    Example: talks events --kind trilateral
    """
    from talks_cli.views import listings as views

    catalog = settings_of(ctx).catalog
    found = catalog.events_matching(filters)
    if kind is not None:
        wanted = choice("kind", kind, EVENT_KINDS)
        found = [e for e in found if e.kind == wanted]
    emit(ctx, views.events(catalog, found), output)


@app.command()
@listing_options
@filter_options("event", "side", "since", "until", "mediator")
def documents(ctx: typer.Context, output: Output, filters: Filters) -> None:
    """The documents: communiqués, drafts, memoranda, plans, frameworks; their provisions.

    Each with its authors and how many provisions the dataset records; `talks show ID` lists
    them. --side keeps the documents that side wrote.

    Example: talks documents --since 2025-11
    """
    from talks_cli.views import listings as views

    catalog = settings_of(ctx).catalog
    emit(ctx, views.documents(catalog, catalog.documents_matching(filters)), output)
