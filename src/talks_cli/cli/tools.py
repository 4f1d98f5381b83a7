"""The other commands: `show` (anything in full), `validate`, `export`, `schema`, `cache
clear`, `chart` and `cite`."""

# No `from __future__ import annotations` here: Typer reads every command's annotations at
# each start, and evaluating them from strings would slow every start down.

import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import msgspec
import typer

from talks_cli.cli.app import app, cache_app
from talks_cli.cli.options import (
    complete_figure_kinds,
    complete_records,
    filter_options,
    fixed,
    output_options,
    settings_of,
)
from talks_cli.dataset import cache, load
from talks_cli.dataset.model import json_schema
from talks_cli.errors import UsageError
from talks_cli.query.filters import Filters, choice
from talks_cli.render import writers as render
from talks_cli.render.environment import Environment
from talks_cli.render.formats import Output
from talks_cli.text import visible
from talks_cli.views.citations import DEFAULT_STYLE, STYLES, Style

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
    """Anything in full, by its id: a record, event, document, dispute, source, side, person…

    Whatever the id names (record, event, document, dispute, source, actor, person, topic or
    question), with everything the dataset says of it and the source of each statement.

    A record: its summary, exact quote, source and locator, disputes and links. An event: its
    dates (disputed where the records disagree), place, participants, delegations, records and
    sources. A document: its provisions. A dispute: every version with its source. A source:
    its kind of page and the records citing it.

    One id prints one JSON object; several ids (or -) print one array, in the order given. An
    unknown id is an error that names it, and nothing is printed.

    Example: talks show r1-prisoner-exchange-agreed

    Example: talks records --topic prisoners --json | jq -r '.[].id' | talks show - --json
    """
    from talks_cli.query.names import item_with_id
    from talks_cli.views.details import detail_of

    settings = settings_of(ctx)
    catalog = settings.catalog
    # Every id is checked before anything is printed (an unknown one prints nothing), and held
    # as the dataset's own id, not the line read: however many lines stdin gives, what is held
    # is a reference each; each detail is built as it is written, never all at once.
    ids = [
        item_with_id(catalog, i)[1].id
        for word in record_ids
        for i in (_stdin_ids(settings.environment) if word == "-" else [word])
    ]
    details = (detail_of(catalog, i) for i in ids)
    render.emit_details(details, output, settings.environment, many=len(ids) > 1 or "-" in record_ids)


def _stdin_ids(environment: Environment) -> Iterator[str]:
    """Ids from stdin, one a line, read a line at a time: a line longer than MAX_LINE, more
    than MAX_IDS lines, or bytes that are not UTF-8 are a usage error, whatever the input."""
    stdin = environment.stdin
    if stdin is None:
        raise UsageError("- reads ids from stdin, but stdin is closed")
    binary = getattr(stdin, "buffer", None)  # the process's stdin: decoded here, strictly
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
            yield text.strip()


@app.command()
@output_options
def info(ctx: typer.Context, output: Output) -> None:
    """What the dataset holds, the dates it spans, and when it was brought up to date.

    How many of each kind of thing, its first and last dates, the day it was last brought up to
    date (as_of), its schema version, what its sources cover, and how many sources lack a known
    title or date.

    Example: talks info --json | jq .as_of
    """
    from talks_cli.views import summaries

    settings = settings_of(ctx)
    render.emit_details([summaries.info(settings.catalog)], output, settings.environment, many=False)


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
    from talks_cli.export.files import export, metadata_target

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
            metavar="WHAT",
            help='The kind of figure, by its words: prisoners, bodies, "troops cap".',
            autocompletion=complete_figure_kinds,
        ),
    ],
    filters: Filters,
    # Text, not a Path: Path("./-") is "-", and only a bare - means stdout (./- is a file named -).
    svg: Annotated[
        str | None,
        typer.Option(
            "--svg",
            metavar="<path>",
            help="Write the chart to this SVG file instead (- for stdout; ./- for a file named -).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the --svg file if it exists.")] = False,
) -> None:
    """Draw the figures of one kind: per exchange and in total over time, or across documents.

    WHAT matches a figure's kind by its words, ignoring case and accents; a WHAT that matches
    several kinds draws one series per kind and unit, all of one unit on one scale. What
    implementations delivered is drawn as a bar per exchange or return, with the running total
    recorded in this dataset (as `talks figures --total` adds it; beside it, any running total
    a source states); other figures (a cap on forces) across the documents and events that
    state them, each status with its shape (demanded, offered, rejected, agreed, stated) as the
    legend says. Disputed figures are hollow and listed; ranges are drawn from low to high; a
    caption gives each mark's record; the title names every filter.

    Example: talks chart prisoners

    Example: talks chart "troops cap" --svg troops-cap.svg
    """
    from talks_cli.views.chart import chart_of

    settings = settings_of(ctx)
    drawn = chart_of(settings.catalog, filters, what)
    env = settings.environment
    if not drawn.series:
        env.say(f"talks: no figures about '{visible(what)}' match the filters")
        return
    if svg is not None:
        from talks_cli.export import svg as svg_file

        if svg == "-":
            env.out.write(svg_file.svg(drawn))
            return
        svg_file.write(drawn, Path(svg), replace=force)
        env.say(f"wrote {visible(str(svg))}")
        return
    from talks_cli.render import plot

    plot.write(drawn, env.out, width=env.width, height=env.height, color=settings.color, unicode=env.unicode)


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
            autocompletion=fixed(lambda: STYLES),
        ),
    ] = DEFAULT_STYLE,
) -> None:
    """Citations to paste: the pages behind each ID, in APA 7, Chicago, MLA 9, BibTeX or CSL-JSON.

    A record or document cites its source, an event the pages of its own facts, a source itself;
    each once, in the order named. What was published is cited: a page, or a text stored with the
    dataset; the dataset's own fact lists are how it was compiled (`talks info`), not sources,
    so what rests on one cites its event's pages. Each style's rules apply to what is missing:
    no author (the title comes first, or the publisher), no title (a description of the page,
    never a title made up; an untitled stored text by its first words), no date ("n.d." or the
    date accessed, the day the data was brought up to date). BibTeX leaves out the year or title
    it does not know. --style csl-json prints one JSON array of CSL items, for Zotero, Pandoc and
    citeproc.

    Example: talks cite r1-prisoner-exchange-agreed --style chicago

    Example: talks records --topic prisoners --json | jq -r '.[].id' | xargs talks cite --style bibtex
    """
    from talks_cli.views.citations import citations, sources_of

    settings = settings_of(ctx)
    catalog = settings.catalog
    chosen = typing.cast("Style", choice("style", style, STYLES))
    found = sources_of(catalog, ids)
    text = citations(catalog, found, chosen)
    if chosen == "csl-json":  # JSON's escapes, with every control and bidi character escaped
        text = render.json_text(msgspec.json.decode(text)) + "\n"
    else:
        text = visible(text, keep_newlines=True)
    settings.environment.out.write(text)
