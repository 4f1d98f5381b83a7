"""The listing commands: each parses its arguments, asks a query module, hands the answer to
a view and `render`. Nothing else: what commands share is in `options`."""

# No `from __future__ import annotations` here: Typer reads every command's annotations at
# each start, and evaluating them from strings would slow every start down.

from typing import Annotated

import msgspec
import typer

from talks_cli.cli.app import app
from talks_cli.cli.options import (
    FILTERS,
    SideArg,
    complete_documents,
    complete_sides,
    emit,
    filter_options,
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


def _side_records(ctx: typer.Context, side: str, kind: str, output: Output, filters: Filters) -> None:
    from talks_cli.views import listings as views

    catalog = settings_of(ctx).catalog
    actor = catalog.side(side)
    filters = msgspec.structs.replace(filters, kind=kind, side=actor.id)
    fixed, said = _fixed(msgspec.structs.replace(filters, side=None))
    title = f"{actor.name}: {kind}s" + said
    found = catalog.select(filters)
    emit(ctx, views.records(catalog, found, title, named=["side", *fixed], filters=filters), output)


def _for_events(filters: Filters) -> str:
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
    said = _for_events(filters) + "".join(f", {fixed[c]}" for c in ("side", "topic", "status") if c in named)
    return named, said


@app.command()
@listing_options
@filter_options("event", "topic", "status", "document", "since", "until", "mediator")
def positions(ctx: typer.Context, side: SideArg, output: Output, filters: Filters) -> None:
    """A side's positions: what it proposed, demanded or rejected (a side's plan is its position).

    Example: talks positions russia --topic ceasefire
    """
    _side_records(ctx, side, "position", output, filters)


@app.command()
@listing_options
@filter_options("event", "topic", "status", "document", "since", "until", "mediator")
def conditions(ctx: typer.Context, side: SideArg, output: Output, filters: Filters) -> None:
    """A side's conditions: what it requires before a ceasefire or a settlement.

    Example: talks conditions ukraine --event round-2
    """
    _side_records(ctx, side, "condition", output, filters)


@app.command()
@listing_options
@filter_options(*FILTERS)
def records(ctx: typer.Context, output: Output, filters: Filters) -> None:
    """Every record, or those that match the filters.

    Example: talks records --topic prisoners --kind implementation
    """
    from talks_cli.views import listings as views

    catalog = settings_of(ctx).catalog
    named, said = _fixed(filters)
    found = catalog.select(filters)
    emit(ctx, views.records(catalog, found, "Records" + said, named=named, filters=filters), output)


@app.command()
@listing_options
@filter_options("event", "topic", "status", "document", "since", "until", "mediator")
def outcomes(
    ctx: typer.Context,
    output: Output,
    filters: Filters,
    progress: Annotated[
        str | None,
        typer.Option(
            "--progress",
            "-p",
            help="Only outcomes this far along: implemented, partly implemented, under way, not implemented.",
        ),
    ] = None,
) -> None:
    """What the talks produced, and how far each outcome was carried out.

    Progress follows from the records that carry an outcome out: "implemented" when one of
    them completes it or what they delivered reaches its figures, "partly implemented" when
    they fall short, "under way" when its extent is not reported, "not implemented" when
    nothing carried it out; "(disputed)" or "(unconfirmed)" when one of them is.
    --progress implemented keeps those three words' outcomes, caveated or not.

    Example: talks outcomes --progress "partly implemented" --json | jq '.[] | {id, delivered}'
    """
    from talks_cli.query.outcomes import PROGRESS_WORDS, outcomes_of
    from talks_cli.views import listings as views

    catalog = settings_of(ctx).catalog
    found = outcomes_of(catalog, filters)
    if progress is not None:
        wanted = choice("progress", progress, PROGRESS_WORDS)
        found = [o for o in found if o.progress.split(" (")[0] == wanted]
    emit(ctx, views.outcomes(catalog, found), output)


@app.command()
@listing_options
@filter_options("event", "topic", "since", "until", "mediator")
def compare(
    ctx: typer.Context,
    output: Output,
    filters: Filters,
    across_events: Annotated[
        bool,
        typer.Option("--across-events", help="One column per event: how each side's stance moved."),
    ] = False,
    documents: Annotated[
        list[str] | None,
        typer.Option(
            "--document",
            "-d",
            help="One document's provisions only; given twice or more, those documents side by side.",
            autocompletion=complete_documents,
        ),
    ] = None,
    sides: Annotated[
        list[str] | None,
        typer.Option(
            "--side",
            help="These sides only (give it once for each); default: every side that holds a stance.",
            autocompletion=complete_sides,
        ),
    ] = None,
) -> None:
    """Topic by topic, each side's stances side by side in date order, and where they clash.

    Each question two sides spoke to gets a verdict: "clash" where they hold opposite stances
    (Ukraine is neutral: for, against) or set different numbers for its figure (a cap of
    600,000 against 800,000), "agree" where their stances match (the same position, condition
    and number), "differ" otherwise (a conditional stance beside a plain one, 30 days beside 30
    hours). The verdict is given at each event where both spoke, and over all events it is
    never milder than at any one of them; the latest stance of each side is marked. A topic's
    verdict is its severest question's, "clash" too where one side rejects what another
    demands, "no shared question" where they spoke to different questions, and "one side only".
    With two --document options, the documents take the sides' places.

    Example: talks compare --topic armed-forces

    Example: talks compare --side united-states --side russia --topic ceasefire

    Example: talks compare --document us-28-point-plan --document e3-counter-proposal
    """
    from talks_cli.query.compare import compare_columns, trajectories
    from talks_cli.views import compare as comparisons

    catalog = settings_of(ctx).catalog
    chosen = [catalog.side(side).id for side in sides] if sides else None
    if documents and len(documents) == 1:
        filters = msgspec.structs.replace(filters, document=catalog.document(documents[0]).id)
    if across_events:
        if chosen and len(chosen) == 1:
            filters = msgspec.structs.replace(filters, side=chosen[0])
        found = trajectories(catalog, filters)
        if chosen:
            found = [row for row in found if row.side.id in chosen]
        emit(ctx, comparisons.across_events(catalog, found), output)
        return
    if documents and len(documents) > 1:
        named = [catalog.document(name).id for name in documents]  # resolved once, here
        columns, rows = compare_columns(catalog, filters, documents=named)
        title = "Documents compared: " + ", ".join(columns)
    else:
        columns, rows = compare_columns(catalog, filters, sides=chosen)
        title = "Positions and conditions compared" + _for_events(filters)
    emit(ctx, comparisons.compare(catalog, rows, title, columns), output)


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
    """Records, and the sides, people, events, documents and sources, holding every word of TEXT.

    The things themselves come first (an event by its venue, a source by its publisher, a
    mediator by any of its names), each with its type; then the records.

    A word may be in a record's summary, quote, note or id, or in the names of its side, topic
    and people, in its event (name, place, venue), document or source (title, publisher).
    Matching ignores case, accents and thousands separators, and knows names in several
    languages: etats-unis finds "États-Unis", cessez-le-feu finds ceasefire, Medinski finds
    Medinsky, ciragan finds Çırağan, 1000 finds 1,000. Records that hold the words themselves
    come first; the matched column says where the others matched.

    Example: talks search russian language
    """
    from talks_cli.query.search import closest_query, find, find_things
    from talks_cli.views import listings as views

    catalog = settings_of(ctx).catalog
    hits = find(catalog, words, filters)
    things = find_things(catalog, words, filters)
    guess = None if hits or things else closest_query(catalog, words)
    emit(ctx, views.search(catalog, hits, things, " ".join(words), guess), output)


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
        str | None, typer.Option("--kind", "-k", help=f"Only this kind of event: {', '.join(EVENT_KINDS)}.")
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


@app.command()
@listing_options
@filter_options("event", "topic", "side", "document", "since", "until", "mediator")
def timeline(
    ctx: typer.Context,
    output: Output,
    filters: Filters,
    kind: Annotated[
        str | None,
        typer.Option("--type", "-T", help="Only this type: an event kind, document, prisoner exchange…"),
    ] = None,
) -> None:
    """Events, documents and what carried out an outcome, in date order, one a line.

    What carried out an outcome is named for what it did: a prisoner exchange, a return of
    bodies, a round held.

    Example: talks timeline --since 2025-06 --until 2025-08

    Example: talks timeline --type "return of bodies" --json
    """
    from talks_cli.query.timeline import timeline_of, types_of
    from talks_cli.views import listings as views

    catalog = settings_of(ctx).catalog
    wanted = None if kind is None else choice("type", kind, tuple(types_of(catalog)))
    emit(ctx, views.timeline(catalog, timeline_of(catalog, filters, wanted)), output)


@app.command()
@listing_options
@filter_options(*FILTERS)
def figures(
    ctx: typer.Context,
    output: Output,
    filters: Filters,
    what: Annotated[
        str | None,
        typer.Option("--what", "-w", help="Only figures whose `what` holds these words: prisoners, bodies…"),
    ] = None,
    total: Annotated[
        bool,
        typer.Option("--total", help="Add up the figures of each kind and unit (what was carried out only)."),
    ] = False,
) -> None:
    """Every number the records state, in date order; with --total, what was carried out, added up.

    A total adds only what implementations delivered (each exchange or return once), in the
    same unit; of the versions of one dispute only the lowest; a running total ("so far") is
    never added. The sum is only as exact as its loosest part: "over 6,000".

    Example: talks figures --what bodies --since 2025-09 --until 2026-02 --total

    Example: talks figures --what "troops cap" --json
    """
    from talks_cli.query.figures import figures_of, totals
    from talks_cli.views import summaries

    catalog = settings_of(ctx).catalog
    rows = figures_of(catalog, filters, what)
    listing = summaries.totals(catalog, totals(rows)) if total else summaries.figures(catalog, rows)
    emit(ctx, listing, output)


@app.command()
@listing_options
@filter_options("event", "topic", "side", "since", "until", "mediator")
def disputes(ctx: typer.Context, output: Output, filters: Filters) -> None:
    """Questions the sources answer differently, each with every version and its source.

    Example: talks disputes --topic prisoners
    """
    from talks_cli.views import summaries

    catalog = settings_of(ctx).catalog
    emit(ctx, summaries.disputes(catalog, catalog.disputes_matching(filters)), output)
