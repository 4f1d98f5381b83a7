"""The command line: parse arguments, ask `query`, hand the answer to `render`. Nothing else."""

# No `from __future__ import annotations` here: Typer reads every command's annotations at
# each start, and evaluating them from strings costs a third of its time building the app.

import copy
import functools
import inspect
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any, TypeVar

import msgspec
import typer

from . import __version__, cache, load, render, views
from .catalog import Catalog, Filters, choice
from .compare import compare_columns, trajectories
from .environment import COMPLETION_VARIABLE, Environment
from .errors import EXIT_CODE_HELP, TalksError, UsageError
from .model import EVENT_KINDS, KINDS, SCHEMA_VERSION, STATUSES, json_schema
from .outcomes import outcomes_of
from .output import FORMAT_HELP, Format, Output
from .search import closest_query, find
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


class Settings:
    """The environment, the global options, and the dataset they point at, read on first use."""

    def __init__(self, environment: Environment, data: Path | None, use_cache: bool, color: bool) -> None:
        self.environment = environment
        self.data = data
        self.use_cache = use_cache
        self.color = color and environment.color
        self._catalog: Catalog | None = None

    @property
    def path(self) -> Path:
        return load.dataset_path(self.data, self.environment.variables)

    @property
    def cache_directory(self) -> Path | None:
        return cache.directory(self.environment.variables)

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            folder = self.cache_directory if self.use_cache else None
            self._catalog = Catalog(*load.load_indexed(self.path, cache_dir=folder))
        return self._catalog

    def output(self, chosen: Format | None, color: bool) -> Output:
        """How to write: the chosen format, else a table on a terminal and plain lines elsewhere."""
        env = self.environment
        fmt = chosen or (Format.TABLE if env.is_terminal else Format.PLAIN)
        sides = tuple(a.id for a in self.catalog.dataset.actors) if fmt is Format.TABLE else ()
        return Output(fmt, width=env.width, color=self.color and color, sides=sides, unicode=env.unicode)


def _settings(ctx: typer.Context) -> Settings:
    settings = ctx.find_root().obj
    assert isinstance(settings, Settings), "main_options runs before every command"
    return settings


def _version(ctx: typer.Context, value: bool) -> None:
    if value:
        environment: Environment = ctx.find_root().obj  # eager: main_options has not run yet
        environment.out.write(f"talks {__version__} (dataset schema_version {SCHEMA_VERSION})\n")
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
    ctx.obj = Settings(ctx.obj, data, not no_cache, not no_color)


# --- completion: values from the dataset the command line points at ----------------------


def _completer(
    values: Callable[[Catalog], list[str]],
) -> Callable[[typer.Context, str], list[str]]:
    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        root = ctx.find_root()  # completion runs before main_options: read its values
        try:
            settings = Settings(root.obj, root.params.get("data"), not root.params.get("no_cache"), False)
            catalog = settings.catalog
        except TalksError:
            return []
        return [v for v in values(catalog) if v.lower().startswith(incomplete.lower())]

    return complete


_complete_sides = _completer(lambda c: [a.id for a in c.dataset.actors])
_complete_topics = _completer(lambda c: [t.id for t in c.dataset.topics])
_complete_events = _completer(lambda c: [e.id for e in c.dataset.events])
_complete_records = _completer(lambda c: [r.id for r in c.dataset.records])

SideArg = Annotated[
    str,
    typer.Argument(
        metavar="SIDE",
        help="A side, by any name the dataset knows: russia, Russie, RU, Kremlin…",
        autocompletion=_complete_sides,
    ),
]
EventOpt = Annotated[
    str | None,
    typer.Option(
        "--event",
        "-e",
        help="Only this event: an id or name (round-2), a date (2025-06-02), a month (2025-06) or a year.",
        autocompletion=_complete_events,
    ),
]
TopicOpt = Annotated[
    str | None,
    typer.Option(
        "--topic",
        "-t",
        help="Only this topic (ceasefire, prisoners…).",
        autocompletion=_complete_topics,
    ),
]
_complete_documents = _completer(lambda c: [d.id for d in c.dataset.documents])
DocumentOpt = Annotated[
    str | None,
    typer.Option(
        "--document",
        "-d",
        help="Only this document's provisions (an id or title).",
        autocompletion=_complete_documents,
    ),
]
SinceOpt = Annotated[
    str | None, typer.Option("--since", help="Only from this date on (2025-06-02, 2025-06 or 2025).")
]
UntilOpt = Annotated[
    str | None, typer.Option("--until", help="Only up to this date (2025-06-02, 2025-06 or 2025).")
]
KindOpt = Annotated[str | None, typer.Option("--kind", "-k", help=f"Only this kind: {', '.join(KINDS)}.")]
StatusOpt = Annotated[
    str | None, typer.Option("--status", "-s", help=f"Only this status: {', '.join(STATUSES)}.")
]
SideOpt = Annotated[
    str | None, typer.Option("--side", help="Only this side.", autocompletion=_complete_sides)
]

# --- output options, shared by every command that prints data ------------------------------

F = TypeVar("F", bound=Callable[..., Any])


def _option(annotation: Any, name: str) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation)


_OUTPUT_PARAMETERS = [
    _option(
        Annotated[
            Format | None,
            typer.Option(
                "--format", "-f", help="Output format, by name.", rich_help_panel="Output", show_default=False
            ),
        ],
        "format_name",
    ),
    *[
        inspect.Parameter(
            f"format_{fmt.value}",
            inspect.Parameter.KEYWORD_ONLY,
            default=False,
            annotation=Annotated[bool, typer.Option(f"--{fmt.value}", help=text, rich_help_panel="Output")],
        )
        for fmt, text in FORMAT_HELP.items()
        if fmt is not Format.TABLE
    ],
    inspect.Parameter(
        "no_color",
        inspect.Parameter.KEYWORD_ONLY,
        default=False,
        annotation=Annotated[bool, typer.Option("--no-color", help="No colour.", rich_help_panel="Output")],
    ),
]


_FIELDS = _option(
    Annotated[
        str | None,
        typer.Option(
            "--fields",
            help="Only these columns (or JSON keys), in this order, in every format: id,summary,url",
            rich_help_panel="Output",
            show_default=False,
        ),
    ],
    "fields",
)


def output_options(command: F) -> F:
    """Give `command` the options --format NAME, --json, --jsonl, --csv, --markdown, --plain
    and --no-color; it receives the chosen `Output` as `output`."""
    return _with_output(command, [])


def listing_options(command: F) -> F:
    """`output_options`, and --fields to choose the columns of a listing."""
    return _with_output(command, [_FIELDS])


def _with_output(command: F, extra: list[inspect.Parameter]) -> F:
    def output(options: dict[str, Any]) -> Output:
        fields = _field_names(options.pop("fields", None))
        chosen = {options.pop("format_name")} - {None}
        chosen |= {fmt for fmt in Format if options.pop(f"format_{fmt.value}", False)}
        if len(chosen) > 1:
            names = " and ".join(sorted(f"--{f.value}" for f in chosen if f is not None))
            raise UsageError(f"choose one output format, not {names}")
        color = not options.pop("no_color")
        made = _settings(options["ctx"]).output(chosen.pop() if chosen else None, color)
        return msgspec.structs.replace(made, fields=fields) if fields else made

    return _replacing(command, "output", _OUTPUT_PARAMETERS + extra, output)


def _replacing(
    command: F, name: str, options: list[inspect.Parameter], make: Callable[[dict[str, Any]], Any]
) -> F:
    """`command` with its parameter `name` replaced on the command line by `options`: `make`
    takes their values out of the arguments (ctx stays) and gives the value `name` receives."""
    signature = inspect.signature(command, eval_str=True)
    parameters = [p for p in signature.parameters.values() if p.name != name] + options

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        value = make(kwargs)
        return command(*args, **kwargs, **{name: value})

    wrapper.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
    return wrapper  # type: ignore[return-value]


def _field_names(value: str | None) -> tuple[str, ...]:
    if value is None:
        return ()
    names = tuple(name.strip() for name in value.split(","))
    if not all(names):
        raise UsageError("--fields takes names separated by commas, such as id,summary,url")
    return names


# Every filter a listing command may take; each command names the ones that make sense for it.
FILTERS: dict[str, Any] = {
    "event": EventOpt,
    "topic": TopicOpt,
    "kind": KindOpt,
    "status": StatusOpt,
    "side": SideOpt,
    "document": DocumentOpt,
    "since": SinceOpt,
    "until": UntilOpt,
}


def filter_options(*names: str) -> Callable[[F], F]:
    """Give a command the filter options `names` (--event, --topic…); it receives them as
    `filters`, each value resolved against the dataset (aliases, folding, suggestions)."""

    def filters(options: dict[str, Any]) -> Filters:
        given = {name: options.pop(name) for name in names}
        return _settings(options["ctx"]).catalog.filters(**given)

    def decorate(command: F) -> F:
        return _replacing(command, "filters", [_option(FILTERS[name], name) for name in names], filters)

    return decorate


def _emit(ctx: typer.Context, listing: views.Listing, output: Output) -> None:
    render.emit(listing, output, _settings(ctx).environment)


# --- commands -----------------------------------------------------------------------------


@app.command()
@listing_options
def sides(ctx: typer.Context, output: Output) -> None:
    """The sides and third parties, their roles and every name they go by.

    Example: talks sides
    """
    catalog = _settings(ctx).catalog
    _emit(ctx, views.sides(catalog), output)


def _side_records(ctx: typer.Context, side: str, kind: str, output: Output, filters: Filters) -> None:
    catalog = _settings(ctx).catalog
    actor = catalog.side(side)
    filters = msgspec.structs.replace(filters, kind=kind, side=actor.id)
    one_event = filters.events is not None and len(filters.events) == 1
    title = f"{actor.name}: {kind}s" + _for_events(filters)
    named = ["side", "event"] if one_event else ["side"]
    _emit(ctx, views.records(catalog, catalog.select(filters), title, named=named), output)


def _for_events(filters: Filters) -> str:
    """The part of a title that names the --event filter: the event's id, or the period typed."""
    if filters.events is None:
        return ""
    return f", {next(iter(filters.events))}" if len(filters.events) == 1 else f", {filters.period}"


@app.command()
@listing_options
@filter_options("event", "topic", "status", "document", "since", "until")
def positions(ctx: typer.Context, side: SideArg, output: Output, filters: Filters) -> None:
    """A side's positions: what it proposed, demanded or rejected (a side's plan is its position).

    Example: talks positions russia --topic ceasefire
    """
    _side_records(ctx, side, "position", output, filters)


@app.command()
@listing_options
@filter_options("event", "topic", "status", "document", "since", "until")
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
    catalog = _settings(ctx).catalog
    _emit(ctx, views.records(catalog, catalog.select(filters), "Records"), output)


@app.command()
@listing_options
@filter_options("event", "topic", "status", "document", "since", "until")
def outcomes(ctx: typer.Context, output: Output, filters: Filters) -> None:
    """What the talks produced, and how far each outcome was carried out.

    Progress follows from the records that carry an outcome out: "implemented" when one of
    them completes it or what they delivered reaches its figures, "partly implemented" when
    they fall short, "under way" when its extent is not reported, "not implemented" when
    nothing carried it out.

    Example: talks outcomes --json | jq '.[] | {id, progress}'
    """
    catalog = _settings(ctx).catalog
    _emit(ctx, views.outcomes(catalog, outcomes_of(catalog, filters)), output)


@app.command()
@listing_options
@filter_options("event", "topic", "side", "since", "until")
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
            autocompletion=_complete_documents,
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
    catalog = _settings(ctx).catalog
    if documents and len(documents) == 1:
        filters = msgspec.structs.replace(filters, document=catalog.document(documents[0]).id)
    if across_events:
        _emit(ctx, views.across_events(catalog, trajectories(catalog, filters)), output)
        return
    if documents and len(documents) > 1:
        columns = [catalog.document(name).id for name in documents]  # resolved once, here
        rows = compare_columns(catalog, filters, documents=columns)
        title = "Documents compared: " + ", ".join(columns)
    else:
        columns = [p.id for p in catalog.parties()]
        rows = compare_columns(catalog, filters)
        title = "Positions and conditions compared" + _for_events(filters)
    _emit(ctx, views.compare(catalog, rows, title, columns), output)


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
    catalog = _settings(ctx).catalog
    hits = find(catalog, words, filters)
    guess = None if hits else closest_query(catalog, words)
    _emit(ctx, views.search(catalog, hits, " ".join(words), guess), output)


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
            help="Record ids; - reads more from stdin, one a line.",
            autocompletion=_complete_records,
        ),
    ],
    output: Output,
) -> None:
    """Records in full: summary, exact quote, source and locator, disputes and links.

    A document's id shows the document and its provisions.

    One id prints one JSON object; several ids (or -) print one array, in the order given. An
    unknown id is an error that names it, and nothing is printed.

    Example: talks show r1-prisoner-exchange-agreed

    Example: talks records --topic prisoners --json | jq -r '.[].id' | talks show - --json
    """
    settings = _settings(ctx)
    catalog = settings.catalog
    ids = [i for word in record_ids for i in (_stdin_ids(settings.environment) if word == "-" else [word])]
    details = [
        views.document_detail(catalog, catalog.documents[i.strip().lower()])
        if i.strip().lower() in catalog.documents
        else views.record_detail(catalog, catalog.record(i))
        for i in ids
    ]
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
    catalog = _settings(ctx).catalog
    _emit(ctx, views.sources(catalog, catalog.sources_matching(filters)), output)


@app.command()
@listing_options
@filter_options("event", "topic", "side", "since", "until")
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
    catalog = _settings(ctx).catalog
    found = catalog.events_matching(filters)
    if kind is not None:
        wanted = choice("kind", kind, EVENT_KINDS)
        found = [e for e in found if e.kind == wanted]
    _emit(ctx, views.events(catalog, found), output)


@app.command()
@listing_options
@filter_options("event", "side", "since", "until")
def documents(ctx: typer.Context, output: Output, filters: Filters) -> None:
    """The documents: communiqués, drafts, memoranda, plans, frameworks; their provisions.

    Each with its authors and how many provisions the dataset records; `talks show ID` lists
    them. --side keeps the documents that side wrote.

    Example: talks documents --since 2025-11
    """
    catalog = _settings(ctx).catalog
    _emit(ctx, views.documents(catalog, catalog.documents_matching(filters)), output)


@app.command()
@listing_options
@filter_options("event", "topic", "side", "document", "since", "until")
def timeline(ctx: typer.Context, output: Output, filters: Filters) -> None:
    """Events, documents and the exchanges that followed, in date order.

    Example: talks timeline --since 2025-06 --until 2025-08
    """
    catalog = _settings(ctx).catalog
    _emit(ctx, views.timeline(catalog, timeline_of(catalog, filters)), output)


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
    settings = _settings(ctx)
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
        typer.Argument(metavar="PATH", help="The file to write: .json, .jsonl, .csv or .db (SQLite)."),
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists.")] = False,
) -> None:
    """Write the whole dataset to PATH, in the format its suffix names.

    .json is the dataset itself (as `talks schema` describes it); .jsonl one object a line,
    each with its "type"; .csv the records with their source's URL, event date and document;
    .db a SQLite database for Datasette and sqlite-utils: a table per kind of object, foreign
    keys, a records_cited view and a full-text index (records_fts).

    Example: talks export talks.db && sqlite3 talks.db "SELECT id, source_url FROM records_cited"
    """
    from .export import export

    settings = _settings(ctx)
    written = export(settings.catalog, path, replace=force)
    settings.environment.say(f"wrote {written:,} records to {path}")


@app.command()
def schema(ctx: typer.Context) -> None:
    """Print the JSON Schema of a dataset file, generated from talks's own model.

    Example: talks schema > talks.schema.json
    """
    _settings(ctx).environment.out.write(render.json_text(json_schema()) + "\n")


@cache_app.command("clear")
def cache_clear(ctx: typer.Context) -> None:
    """Delete every cached dataset.

    Example: talks cache clear
    """
    settings = _settings(ctx)
    folder = settings.cache_directory
    removed = cache.clear(folder)
    settings.environment.say(
        f"removed {removed} cached dataset{'s' * (removed != 1)} from {folder or 'no cache'}"
    )


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
