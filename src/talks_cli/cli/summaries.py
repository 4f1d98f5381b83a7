"""The summary commands: answers derived from the records (outcomes and their progress,
comparisons, the timeline, figures and totals, disputes). Each parses its arguments, asks a
query module, hands the answer to a view and `render`, as the listing commands (`listings`) do;
what commands share is in `options`."""

# No `from __future__ import annotations` here: Typer reads every command's annotations at
# each start, and evaluating them from strings would slow every start down.

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import msgspec
import typer

from talks_cli.cli.app import app
from talks_cli.cli.listings import for_events
from talks_cli.cli.options import (
    FILTERS,
    complete_documents,
    complete_sides,
    complete_timeline_types,
    emit,
    filter_options,
    fixed,
    listing_options,
    settings_of,
)
from talks_cli.query.filters import Filters, choice
from talks_cli.render.formats import Output

if TYPE_CHECKING:
    from talks_cli.views.listing import Listing


def _progress_words() -> tuple[str, ...]:
    from talks_cli.query.outcomes import PROGRESS_WORDS

    return PROGRESS_WORDS


def _hinted(
    listing: "Listing", name: str, filters: Filters, count: Callable[[Filters], int], *extra: str
) -> "Listing":
    """`listing`, whose message when empty names the filter left out that finds some (`extra`:
    the command's other options, to repeat)."""
    from talks_cli.query.empty import listing_would_match

    if not listing.items:
        listing.empty += listing_would_match(name, filters, count, extra)
    return listing


@app.command()
@listing_options
@filter_options("event", "topic", "status", "document", "since", "until", "mediator", "page")
def outcomes(
    ctx: typer.Context,
    output: Output,
    filters: Filters,
    progress: Annotated[
        str | None,
        typer.Option(
            "--progress",
            "-p",
            help=(
                "Only outcomes this far along: implemented, partly implemented, under way, ended, "
                "not implemented, not reported."
            ),
            autocompletion=fixed(_progress_words),
        ),
    ] = None,
) -> None:
    """What the talks produced, and how far each outcome was carried out.

    Progress follows from the records that carry an outcome out: "implemented" when one of
    them completes it or what they delivered reaches its figures, "partly implemented" when
    they fall short, "under way" when its extent is not reported; "ended" for a truce (or an
    outcome that sets a duration) whose time is over, with how it went: kept, disputed or
    broken; "not implemented" when a record says it was refused, "not reported" when no
    record says either way; "(disputed)" or "(unconfirmed)" when one of them is.
    --progress implemented keeps those words' outcomes, caveated or not; `show ID` says which
    records a progress rests on.

    Example: talks outcomes --progress "partly implemented" --json | jq '.[] | {id, delivered}'
    """
    from talks_cli.query.outcomes import PROGRESS_WORDS, Outcome, outcomes_of
    from talks_cli.views import listings as views

    catalog = settings_of(ctx).catalog
    wanted = None if progress is None else choice("progress", progress, PROGRESS_WORDS)

    def chosen(given: Filters) -> list[Outcome]:
        found = outcomes_of(catalog, given)
        return [o for o in found if wanted is None or o.progress.split(" (")[0] == wanted]

    listing = views.outcomes(catalog, chosen(filters))
    again = ["--progress", wanted] if wanted else []
    emit(ctx, _hinted(listing, "outcomes", filters, lambda f: len(chosen(f)), *again), output)


@app.command()
@listing_options
@filter_options("event", "topic", "since", "until", "mediator", "page")
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
    from talks_cli.query.names import document_named, side_named
    from talks_cli.views import compare as comparisons

    catalog = settings_of(ctx).catalog
    chosen = [side_named(catalog, side).id for side in sides] if sides else None
    if documents and len(documents) == 1:
        filters = msgspec.structs.replace(filters, document=document_named(catalog, documents[0]).id)
    if across_events:
        if chosen and len(chosen) == 1:
            filters = msgspec.structs.replace(filters, side=chosen[0])
        found = trajectories(catalog, filters)
        if chosen:
            found = [row for row in found if row.side.id in chosen]
        emit(ctx, comparisons.across_events(catalog, found), output)
        return
    if documents and len(documents) > 1:
        named = [document_named(catalog, name).id for name in documents]  # resolved once, here
        columns, rows = compare_columns(catalog, filters, documents=named)
        title = "Documents compared: " + ", ".join(columns)
    else:
        columns, rows = compare_columns(catalog, filters, sides=chosen)
        title = "Positions and conditions compared" + for_events(filters)
    emit(ctx, comparisons.compare(catalog, rows, title, columns), output)


@app.command()
@listing_options
@filter_options("event", "topic", "side", "document", "since", "until", "mediator")
def timeline(
    ctx: typer.Context,
    output: Output,
    filters: Filters,
    kind: Annotated[
        str | None,
        typer.Option(
            "--type",
            "-T",
            help="Only this type: an event kind, document, prisoner exchange…",
            autocompletion=complete_timeline_types,
        ),
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
    never added. Numbers add as intervals: "at least 1,000" and "up to 50" make "at least
    1,000", 100 to 200 and 50 make 150 to 250. A total is "at least" its sum when something in
    its range has no number, is only reported, or a source states more so far: left_out lists
    each, with why.

    Example: talks figures --what bodies --since 2025-09 --until 2026-02 --total

    Example: talks figures --what "troops cap" --json
    """
    from talks_cli.query.figures import figures_of, totals
    from talks_cli.views import summaries

    catalog = settings_of(ctx).catalog
    rows = figures_of(catalog, filters, what)
    listing = (
        summaries.totals(catalog, totals(catalog, filters, rows))
        if total
        else summaries.figures(catalog, rows)
    )
    again = (["--what", what] if what else []) + (["--total"] if total else [])
    emit(
        ctx, _hinted(listing, "figures", filters, lambda f: len(figures_of(catalog, f, what)), *again), output
    )


@app.command()
@listing_options
@filter_options("event", "topic", "side", "since", "until", "mediator", "page")
def disputes(ctx: typer.Context, output: Output, filters: Filters) -> None:
    """Questions the sources answer differently, each with every version and its source.

    Example: talks disputes --topic prisoners
    """
    from talks_cli.views import summaries

    catalog = settings_of(ctx).catalog
    listing = summaries.disputes(catalog, catalog.disputes_matching(filters))
    emit(ctx, _hinted(listing, "disputes", filters, lambda f: len(catalog.disputes_matching(f))), output)
