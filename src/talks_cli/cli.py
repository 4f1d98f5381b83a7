"""The command line: each command parses its arguments, asks a query module, hands the answer
to a view and `render`. Nothing else: what commands share is in `options`."""

# No `from __future__ import annotations` here: Typer reads every command's annotations at
# each start, and evaluating them from strings costs a third of its time building the app.

import copy
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import msgspec
import typer

from . import __version__, cache, load, render, views
from .catalog import Filters, choice
from .cite import DEFAULT_STYLE, STYLES, Style
from .compare import compare_columns, trajectories
from .details import detail_of
from .environment import COMPLETION_VARIABLE, Environment
from .errors import EXIT_CODE_HELP, TalksError, UsageError
from .model import EVENT_KINDS, SCHEMA_VERSION, json_schema
from .options import (
    FILTERS,
    SideArg,
    complete_documents,
    complete_records,
    emit,
    filter_options,
    listing_options,
    output_options,
    settings_of,
)
from .outcomes import outcomes_of
from .output import Output
from .search import closest_query, find
from .text import visible
from .timeline import timeline_of

EPILOG = "Exit codes: " + "; ".join(f"{int(code)} {text}" for code, text in EXIT_CODE_HELP.items()) + "."

app = typer.Typer(
    name="talks",
    help=(
        "Cited facts on the direct Russia–Ukraine negotiations, from the 2022 Istanbul talks to "
        "the plans and trilateral rounds of 2025–2026: each side's positions and conditions, where "
        "they clash, what was agreed and what was carried out, each with its source.\n\n"
        "Example: talks positions russia"
    ),
    epilog=EPILOG,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
cache_app = typer.Typer(help="Manage the cache of parsed datasets.\n\nExample: talks cache clear")
app.add_typer(cache_app, name="cache")


def _version(ctx: typer.Context, value: bool) -> None:
    """The version of talks, of the dataset format, and the day the data was brought up to date."""
    if not value:
        return
    settings = settings_of(ctx)
    settings.choose(data=ctx.params.get("data"), use_cache=not ctx.params.get("no_cache"), color=False)
    try:
        as_of = settings.catalog.dataset.as_of
    except TalksError:  # a broken dataset must not hide the version
        as_of = None
    data = f", data as of {as_of.isoformat()}" if as_of else ""
    settings.environment.out.write(f"talks {__version__} (dataset schema_version {SCHEMA_VERSION}{data})\n")
    raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            help=f"Read this dataset instead of the bundled one (also ${load.ENV_DATA}).",
            show_default=False,
        ),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Parse the dataset afresh; read and write no cache.")
    ] = False,
    no_color: Annotated[
        bool, typer.Option("--no-color", help="No colour (also NO_COLOR=1 or TERM=dumb).")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    settings_of(ctx).choose(data=data, use_cache=not no_cache, color=not no_color)


# --- commands -----------------------------------------------------------------------------


@app.command()
@listing_options
def sides(ctx: typer.Context, output: Output) -> None:
    """The sides and third parties, their roles and every name they go by.

    Example: talks sides
    """
    catalog = settings_of(ctx).catalog
    emit(ctx, views.sides(catalog), output)


def _side_records(ctx: typer.Context, side: str, kind: str, output: Output, filters: Filters) -> None:
    catalog = settings_of(ctx).catalog
    actor = catalog.side(side)
    filters = msgspec.structs.replace(filters, kind=kind, side=actor.id)
    one_event = filters.events is not None and len(filters.events) == 1
    title = f"{actor.name}: {kind}s" + _for_events(filters)
    named = ["side", "event"] if one_event else ["side"]
    emit(ctx, views.records(catalog, catalog.select(filters), title, named=named, filters=filters), output)


def _for_events(filters: Filters) -> str:
    """The part of a title that names the --event filter: the event's id, or the period typed."""
    if filters.events is None:
        return ""
    return f", {next(iter(filters.events))}" if len(filters.events) == 1 else f", {filters.period}"


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
    catalog = settings_of(ctx).catalog
    emit(ctx, views.records(catalog, catalog.select(filters), "Records", filters=filters), output)


@app.command()
@listing_options
@filter_options("event", "topic", "status", "document", "since", "until", "mediator")
def outcomes(ctx: typer.Context, output: Output, filters: Filters) -> None:
    """What the talks produced, and how far each outcome was carried out.

    Progress follows from the records that carry an outcome out: "implemented" when one of
    them completes it or what they delivered reaches its figures, "partly implemented" when
    they fall short, "under way" when its extent is not reported, "not implemented" when
    nothing carried it out.

    Example: talks outcomes --json | jq '.[] | {id, progress}'
    """
    catalog = settings_of(ctx).catalog
    emit(ctx, views.outcomes(catalog, outcomes_of(catalog, filters)), output)


@app.command()
@listing_options
@filter_options("event", "topic", "side", "since", "until", "mediator")
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
) -> None:
    """Topic by topic, each side's positions and conditions side by side, and where they clash.

    The clash column says "clash" where two sides hold opposite stances on one question
    (Ukraine is neutral: for, against), set different numbers for its figure (a cap on
    Ukraine's forces of 600,000 against 800,000), or one rejects what another demands;
    "agree" where their stances match; "both" where both hold a stance on the topic. With
    two --document options, the documents take the sides' places.

    Example: talks compare --event round-2

    Example: talks compare --document us-28-point-plan --document e3-counter-proposal
    """
    catalog = settings_of(ctx).catalog
    if documents and len(documents) == 1:
        filters = msgspec.structs.replace(filters, document=catalog.document(documents[0]).id)
    if across_events:
        emit(ctx, views.across_events(catalog, trajectories(catalog, filters)), output)
        return
    if documents and len(documents) > 1:
        columns = [catalog.document(name).id for name in documents]  # resolved once, here
        rows = compare_columns(catalog, filters, documents=columns)
        title = "Documents compared: " + ", ".join(columns)
    else:
        columns = [p.id for p in catalog.parties()]
        rows = compare_columns(catalog, filters)
        title = "Positions and conditions compared" + _for_events(filters)
    emit(ctx, views.compare(catalog, rows, title, columns), output)


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
    """Records that hold every word of TEXT, in their own words or in what they belong to.

    A word may be in a record's summary, quote, note or id, or in the names of its side, topic
    and people, in its event (name, place, venue), document or source (title, publisher).
    Matching ignores case, accents and thousands separators, and knows names in several
    languages: etats-unis finds "États-Unis", cessez-le-feu finds ceasefire, Medinski finds
    Medinsky, ciragan finds Çırağan, 1000 finds 1,000. Records that hold the words themselves
    come first; the matched column says where the others matched.

    Example: talks search russian language
    """
    catalog = settings_of(ctx).catalog
    hits = find(catalog, words, filters)
    guess = None if hits else closest_query(catalog, words)
    emit(ctx, views.search(catalog, hits, " ".join(words), guess), output)


MAX_IDS = 1_000_000  # lines read from stdin at most: a runaway pipe must not fill memory
MAX_LINE = 200  # characters in a line of stdin at most: an id has 80


@app.command()
@output_options
def show(
    ctx: typer.Context,
    record_ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID...",
            help="Ids of anything in the dataset; - reads more from stdin, one a line.",
            autocompletion=complete_records,
        ),
    ],
    output: Output,
) -> None:
    """Anything in full, by its id: a record, event, document, dispute, source, side, person,
    topic or question, with everything the dataset says of it and the source of each statement.

    A record: its summary, exact quote, source and locator, disputes and links. An event: its
    dates (disputed where the records disagree), place, participants, delegations, records and
    sources. A document: its provisions. A dispute: every version with its source. A source:
    its kind of page and the records citing it.

    One id prints one JSON object; several ids (or -) print one array, in the order given. An
    unknown id is an error that names it, and nothing is printed.

    Example: talks show r1-prisoner-exchange-agreed

    Example: talks records --topic prisoners --json | jq -r '.[].id' | talks show - --json
    """
    settings = settings_of(ctx)
    catalog = settings.catalog
    ids = [i for word in record_ids for i in (_stdin_ids(settings.environment) if word == "-" else [word])]
    details = [detail_of(catalog, i) for i in ids]
    render.emit_details(details, output, settings.environment, many=len(ids) > 1 or "-" in record_ids)


def _stdin_ids(environment: Environment) -> list[str]:
    """Ids from stdin, one a line, read a line at a time: a line longer than MAX_LINE, more
    than MAX_IDS lines, or bytes that are not UTF-8 are a usage error, whatever the input."""
    stdin = environment.stdin
    if stdin is None:
        raise UsageError("- reads ids from stdin, but stdin is closed")
    binary = getattr(stdin, "buffer", None)  # the process's stdin: decoded here, strictly
    ids = []
    number = 0
    while True:
        number += 1
        if binary is not None:
            raw = binary.readline(4 * MAX_LINE + 2)  # 4 bytes a character at most in UTF-8
            if len(raw) == 4 * MAX_LINE + 2 and not raw.endswith(b"\n"):
                raise UsageError(f"line {number:,} of stdin is longer than {MAX_LINE} characters")
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise UsageError(f"line {number:,} of stdin is not UTF-8 text") from None
        else:
            line = stdin.readline(MAX_LINE + 2)
        if not line:
            break
        if number > MAX_IDS:
            raise UsageError(f"more than {MAX_IDS:,} lines on stdin")
        text = line.rstrip("\r\n")
        if len(text) > MAX_LINE:
            raise UsageError(f"line {number:,} of stdin is longer than {MAX_LINE} characters")
        if any("\udc80" <= char <= "\udcff" for char in text):  # bytes a decoder let through
            raise UsageError(f"line {number:,} of stdin is not UTF-8 text")
        if text.strip():
            ids.append(text.strip())
    return ids


@app.command()
@listing_options
@filter_options(*FILTERS)
def sources(ctx: typer.Context, output: Output, filters: Filters) -> None:
    """The sources the records cite, with their addresses.

    Every one, or, with filters, those cited by the records that match them.

    Example: talks sources --topic prisoners --fields id,publisher,url
    """
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
    catalog = settings_of(ctx).catalog
    emit(ctx, views.documents(catalog, catalog.documents_matching(filters)), output)


@app.command()
@listing_options
@filter_options("event", "topic", "side", "document", "since", "until", "mediator")
def timeline(ctx: typer.Context, output: Output, filters: Filters) -> None:
    """Events, documents and the exchanges that followed, in date order.

    Example: talks timeline --since 2025-06 --until 2025-08
    """
    catalog = settings_of(ctx).catalog
    emit(ctx, views.timeline(catalog, timeline_of(catalog, filters)), output)


@app.command()
def validate(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="[PATH]",
            help="The dataset to check (default: --data, $TALKS_DATA or the bundled one).",
        ),
    ] = None,
) -> None:
    """Check a dataset: YAML, schema, references and every quote against its stored source.

    Prints each problem as file:line:col and exits 3, or says the dataset is valid.

    Example: talks validate my-talks.yaml
    """
    settings = settings_of(ctx)
    target = path or settings.path
    dataset = load.validate_file(target)
    settings.environment.say(
        f"{target}: valid: {len(dataset.records)} records, {len(dataset.sources)} sources"
    )


@app.command("export")
def export_command(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(
            metavar="PATH", help="The file to write: .json, .jsonl, .csv, or .db or .sqlite (SQLite)."
        ),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Replace PATH (and the metadata file) if it exists.")
    ] = False,
    metadata: Annotated[
        Path | None,
        typer.Option(
            "--metadata",
            metavar="FILE",
            help="For SQLite: write Datasette's metadata to FILE (default: PATH's name, .metadata.json).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write the whole dataset to PATH, in the format its suffix names.

    .json is the dataset itself (as `talks schema` describes it); .jsonl one object a line,
    each with its "type"; .csv the records with their source's URL, event date and document;
    .db (or .sqlite) a SQLite database for Datasette and sqlite-utils: a table per kind of
    object, foreign keys, a records_cited view, each outcome's progress (outcomes), and
    full-text indexes of records, events, documents and sources. Beside it, Datasette's
    metadata (talks.metadata.json for talks.db): descriptions of every table and column,
    facets, and canned queries.

    Example: talks export talks.db && datasette talks.db --metadata talks.metadata.json
    """
    from .export import export, metadata_target

    settings = settings_of(ctx)
    described = metadata_target(path, metadata)
    written = export(settings.catalog, path, replace=force, metadata=described)
    also = f" and Datasette metadata to {visible(str(described))}" if described else ""
    settings.environment.say(f"wrote {written:,} records to {visible(str(path))}{also}")


@app.command()
def schema(ctx: typer.Context) -> None:
    """Print the JSON Schema of a dataset file, generated from talks's own model.

    Example: talks schema > talks.schema.json
    """
    settings_of(ctx).environment.out.write(render.json_text(json_schema()) + "\n")


@cache_app.command("clear")
def cache_clear(ctx: typer.Context) -> None:
    """Delete every cached dataset.

    Example: talks cache clear
    """
    settings = settings_of(ctx)
    folder = settings.cache_directory
    removed = cache.clear(folder)
    settings.environment.say(
        f"removed {removed} cached dataset{'s' * (removed != 1)} from {folder or 'no cache'}"
    )


@app.command()
@filter_options("event", "topic", "side", "document", "since", "until", "mediator")
def chart(
    ctx: typer.Context,
    what: Annotated[
        str,
        typer.Argument(
            metavar="WHAT", help='The kind of figure, by its words: prisoners, bodies, "troops cap".'
        ),
    ],
    filters: Filters,
    svg: Annotated[
        Path | None,
        typer.Option(
            "--svg", help="Write the chart to this SVG file instead (- for stdout).", show_default=False
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the --svg file if it exists.")] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour.")] = False,
) -> None:
    """Draw the figures of one kind: per exchange and in total over time, or across documents.

    WHAT matches a figure's kind by its words, ignoring case and accents; a WHAT that matches
    several kinds draws one series per kind and unit. What implementations delivered is drawn as
    a bar per exchange or return, with the running total that `talks outcomes` adds up; other
    figures (a cap on forces) across the documents and events that state them. Disputed figures
    are hollow and listed; ranges are drawn from low to high; a caption gives each mark's record.

    Example: talks chart prisoners

    Example: talks chart "troops cap" --svg troops-cap.svg
    """
    from .chart import chart_of

    settings = settings_of(ctx)
    drawn = chart_of(settings.catalog, filters, what)
    env = settings.environment
    if not drawn.series:
        env.say(f"talks: no figures about '{visible(what)}' match the filters")
        return
    if svg is not None:
        from . import svg as svg_file

        if str(svg) == "-":
            env.out.write(svg_file.svg(drawn))
            return
        svg_file.write(drawn, svg, replace=force)
        env.say(f"wrote {visible(str(svg))}")
        return
    from . import plot

    color = settings.color and not no_color
    plot.write(drawn, env.out, width=env.width, height=env.height, color=color, unicode=env.unicode)


@app.command()
def cite(
    ctx: typer.Context,
    ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID...",
            help="Record, document, event or source ids; each cites the source behind it.",
            autocompletion=complete_records,
        ),
    ],
    style: Annotated[
        str,
        typer.Option(
            "--style",
            "-s",
            metavar="STYLE",
            help=f"The citation style: {', '.join(STYLES)}.",
        ),
    ] = DEFAULT_STYLE,
) -> None:
    """Citations to paste: the source behind each ID, in APA, Chicago, MLA, BibTeX or CSL-JSON.

    A record or document cites its source, an event the sources of its own facts, a source
    itself; each source once, in the order named. A citation gives the publisher, the title
    ("[title not known]" where the dataset has none: never one made up), the date ("n.d."
    where it is not known), the address, and as the date accessed the day the data was brought
    up to date; for a text stored with the dataset, its language and file. --style csl-json
    prints one JSON array of CSL items, for Zotero, Pandoc and citeproc.

    Example: talks cite r1-prisoner-exchange-agreed --style chicago

    Example: talks records --topic prisoners --json | jq -r '.[].id' | xargs talks cite --style bibtex
    """
    from .cite import citations, sources_of

    settings = settings_of(ctx)
    catalog = settings.catalog
    chosen = typing.cast("Style", choice("style", style, STYLES))
    found = sources_of(catalog, ids)
    text = citations(found, catalog.dataset.as_of, chosen)
    if chosen == "csl-json":  # JSON's escapes, with every control and bidi character escaped
        text = render.json_text(msgspec.json.decode(text)) + "\n"
    else:
        text = visible(text, keep_newlines=True)
    settings.environment.out.write(text)


def app_for(argv: list[str], variables: Mapping[str, str]) -> typer.Typer:
    """`app` with only the command `argv` names, or the whole of it.

    Typer builds the parameters of every registered command at each start, a tenth of a warm
    start; one command needs only its own. Help, completion, and anything not plainly a
    command after the global options get the whole app, so that they list every command.
    """
    if COMPLETION_VARIABLE in variables:
        return app
    words = iter(argv)
    for word in words:
        if word == "--data":
            next(words, None)
        elif word.startswith("--data=") or word in ("--no-cache", "--no-color"):
            continue
        elif word.startswith("-"):
            return app
        else:
            lean = copy.copy(app)
            lean.registered_commands = [c for c in app.registered_commands if _name(c) == word]
            lean.registered_groups = [g for g in app.registered_groups if g.name == word]
            return lean if lean.registered_commands or lean.registered_groups else app
    return app


def _name(command: Any) -> str:
    return str(command.name or command.callback.__name__.replace("_", "-"))
