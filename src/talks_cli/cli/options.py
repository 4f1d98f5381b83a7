"""What every command shares: the session (environment, global options, the dataset read on
first use), the options that name things in the dataset, and the decorators that give a
command its output and filter options, resolved before it runs.

No `from __future__ import annotations` here: Typer reads the annotations at each start.
"""

import functools
import inspect
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, TypeVar

import msgspec
import typer

from talks_cli.dataset import cache, load
from talks_cli.dataset.model import KINDS, PAGE_KINDS, STATUSES
from talks_cli.errors import TalksError, UsageError
from talks_cli.query.catalog import Catalog
from talks_cli.query.filters import Filters
from talks_cli.render import writers as render
from talks_cli.render.environment import Environment
from talks_cli.render.formats import FORMAT_HELP, Format, Output
from talks_cli.views.listing import Listing


class Settings:
    """The one context object of a run, from `main.run` on: the environment, the global options
    (set by `main_options` once Typer has parsed them), and the dataset they point at, read on
    first use."""

    def __init__(self, environment: Environment) -> None:
        self.environment = environment
        self.data: Path | None = None
        self.use_cache = True
        self.color = environment.color
        self.paging = True  # --no-pager turns it off before the answer is shown
        self._catalog: Catalog | None = None

    def choose(
        self,
        *,
        data: Path | None = None,
        no_cache: bool = False,
        color: str | None = None,
        no_color: bool = False,
        no_pager: bool = False,
        width: int | None = None,
    ) -> None:
        """The global options, given before the command or after it (`global_options`): each one
        given changes the run; after the command, it overrides the same option before it."""
        if data is not None:
            self.data = data
        if no_cache:
            self.use_cache = False
        if no_color:
            color = "never"
        if color is not None:
            self.color = {"always": True, "never": False}.get(color, self.environment.color)
        if no_pager:
            self.paging = False
        if width is not None:  # a table laid out for this width, on a terminal or not
            self.environment.width = width

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
            self._catalog = Catalog(*load.load_indexed(self.path, cache_dir=folder), folder=self.path.parent)
        return self._catalog

    def output(self, chosen: Format | None) -> Output:
        """How to write: the chosen format, else a table on a terminal and plain lines elsewhere."""
        env = self.environment
        fmt = chosen or (Format.TABLE if env.is_terminal else Format.PLAIN)
        sides = tuple(a.id for a in self.catalog.dataset.actors) if fmt is Format.TABLE else ()
        return Output(fmt, width=env.width, color=self.color, sides=sides, unicode=env.unicode)


def settings_of(ctx: typer.Context) -> Settings:
    settings = ctx.find_root().obj
    assert isinstance(settings, Settings), "main.run hands every run its Settings"
    return settings


# --- completion: values from the dataset the command line points at ----------------------


def _completer(
    values: Callable[[Catalog], list[str]],
) -> Callable[[typer.Context, str], list[str]]:
    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        root = ctx.find_root()  # completion runs before main_options: read its values
        try:
            settings = settings_of(ctx)
            # Given before the command, then after it (`global_options` names them with a prefix).
            for params, prefix in ((root.params, ""), (ctx.params, GLOBAL_PREFIX)):
                settings.choose(
                    data=params.get(prefix + "data"), no_cache=bool(params.get(prefix + "no_cache"))
                )
            catalog = settings.catalog
        except TalksError:
            return []
        return [v for v in values(catalog) if v.lower().startswith(incomplete.lower())]

    return complete


def fixed(values: Callable[[], Sequence[str]]) -> Callable[[typer.Context, str], list[str]]:
    """Completion for an option with fixed choices (citation styles, kinds, progress words…):
    `values` gives them when asked, so that the module holding them loads only then."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        return [v for v in values() if v.lower().startswith(incomplete.lower())]

    return complete


complete_sides = _completer(lambda c: [a.id for a in c.dataset.actors])
complete_topics = _completer(lambda c: [t.id for t in c.dataset.topics])
complete_events = _completer(lambda c: [e.id for e in c.dataset.events])
complete_records = _completer(lambda c: [r.id for r in c.dataset.records])


def _timeline_types(catalog: Catalog) -> list[str]:
    from talks_cli.query.timeline import types_of

    return types_of(catalog)


complete_timeline_types = _completer(_timeline_types)
# The chart kinds: the kinds of figure the records state.
complete_figure_kinds = _completer(lambda c: sorted({f.what for r in c.dataset.records for f in r.figures}))

SideArg = Annotated[
    str,
    typer.Argument(
        metavar="SIDE",
        help="A side, by any name the dataset knows: russia, Russie, RU, Kremlin…",
        autocompletion=complete_sides,
    ),
]
EventOpt = Annotated[
    str | None,
    typer.Option(
        "--event",
        "-e",
        help="Only this event: an id or name (round-2), a date (2025-06-02), a month (2025-06) or a year.",
        autocompletion=complete_events,
    ),
]
TopicOpt = Annotated[
    str | None,
    typer.Option(
        "--topic",
        "-t",
        help="Only this topic (ceasefire, prisoners…).",
        autocompletion=complete_topics,
    ),
]
complete_documents = _completer(lambda c: [d.id for d in c.dataset.documents])
DocumentOpt = Annotated[
    str | None,
    typer.Option(
        "--document",
        "-d",
        help="Only this document's provisions (an id or title).",
        autocompletion=complete_documents,
    ),
]
SinceOpt = Annotated[
    str | None, typer.Option("--since", help="Only from this date on (2025-06-02, 2025-06 or 2025).")
]
UntilOpt = Annotated[
    str | None, typer.Option("--until", help="Only up to this date (2025-06-02, 2025-06 or 2025).")
]
KindOpt = Annotated[
    str | None,
    typer.Option(
        "--kind", "-k", help=f"Only this kind: {', '.join(KINDS)}.", autocompletion=fixed(lambda: KINDS)
    ),
]
StatusOpt = Annotated[
    str | None,
    typer.Option(
        "--status",
        "-s",
        help=f"Only this status: {', '.join(STATUSES)}.",
        autocompletion=fixed(lambda: STATUSES),
    ),
]
SideOpt = Annotated[str | None, typer.Option("--side", help="Only this side.", autocompletion=complete_sides)]
MediatorOpt = Annotated[
    str | None,
    typer.Option(
        "--mediator",
        "-m",
        help="Only what this actor mediated or hosted (uae, emirates, ОАЭ, turkey…).",
        autocompletion=complete_sides,
    ),
]
PageOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--page",
        help=f"Only records whose source is this kind of page: {', '.join(PAGE_KINDS)} (repeatable).",
        autocompletion=fixed(lambda: PAGE_KINDS),
    ),
]

# --- output options, shared by every command that prints data ------------------------------

F = TypeVar("F", bound=Callable[..., Any])
# The global options given after a command are its parameters with this prefix (`cli.globals`),
# so that none shares a name with a command's own (`compare --document` is `documents`).
GLOBAL_PREFIX = "global_"


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


_NO_SOURCES = inspect.Parameter(
    "no_sources",
    inspect.Parameter.KEYWORD_ONLY,
    default=False,
    annotation=Annotated[
        bool,
        typer.Option(
            "--no-sources", help="No list of sources under a table or Markdown.", rich_help_panel="Output"
        ),
    ],
)


_ORDER = [
    _option(
        Annotated[
            str | None,
            typer.Option(
                "--sort",
                help="Order by this column or JSON key (default: date order, or best first for search).",
                rich_help_panel="Output",
                show_default=False,
            ),
        ],
        "sort",
    ),
    inspect.Parameter(
        "reverse",
        inspect.Parameter.KEYWORD_ONLY,
        default=False,
        annotation=Annotated[
            bool, typer.Option("--reverse", help="Reverse the order.", rich_help_panel="Output")
        ],
    ),
    _option(
        Annotated[
            int | None,
            typer.Option(
                "--limit",
                "-n",
                min=1,
                help="Only the first N items (the title says how many there are in all).",
                rich_help_panel="Output",
                show_default=False,
            ),
        ],
        "limit",
    ),
]


def output_options(command: F) -> F:
    """Give `command` the options --format NAME, --json, --jsonl, --csv, --markdown, --plain
    and --no-color; it receives the chosen `Output` as `output`."""
    return _with_output(command, [])


def listing_options(command: F) -> F:
    """`output_options`, and --fields, --sort, --reverse, --limit and --no-sources for a listing."""
    return _with_output(command, [_FIELDS, *_ORDER, _NO_SOURCES])


def _with_output(command: F, extra: list[inspect.Parameter]) -> F:
    def output(options: dict[str, Any]) -> Output:
        fields = _field_names(options.pop("fields", None))
        sort = options.pop("sort", None)
        if sort is not None and not sort.strip():
            raise UsageError("--sort is empty; give a column name, or leave the option out")
        order = {"sort": sort, "reverse": options.pop("reverse", False), "limit": options.pop("limit", None)}
        order["sources"] = not options.pop("no_sources", False)
        chosen = {options.pop("format_name")} - {None}
        chosen |= {fmt for fmt in Format if options.pop(f"format_{fmt.value}", False)}
        if len(chosen) > 1:
            names = " and ".join(sorted(f"--{f.value}" for f in chosen if f is not None))
            raise UsageError(f"choose one output format, not {names}")
        made = settings_of(options["ctx"]).output(chosen.pop() if chosen else None)
        return msgspec.structs.replace(made, fields=fields, **order)

    return replacing(command, "output", _OUTPUT_PARAMETERS + extra, output)


def replacing(
    command: F, name: str | None, options: list[inspect.Parameter], make: Callable[[dict[str, Any]], Any]
) -> F:
    """`command` with its parameter `name` replaced on the command line by `options`: `make`
    takes their values out of the arguments (ctx stays) and gives the value `name` receives
    (with `name` None, `options` are added and `make` only acts on them)."""
    signature = inspect.signature(command, eval_str=True)
    parameters = [p for p in signature.parameters.values() if p.name != name] + options

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        value = make(kwargs)
        return command(*args, **kwargs, **({name: value} if name else {}))

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
    "mediator": MediatorOpt,
    "page": PageOpt,
}


def filter_options(*names: str) -> Callable[[F], F]:
    """Give a command the filter options `names` (--event, --topic…); it receives them as
    `filters`, each value resolved against the dataset (aliases, folding, suggestions)."""

    def filters(options: dict[str, Any]) -> Filters:
        from talks_cli.query.names import filters_from

        given = {name: options.pop(name) for name in names}
        return filters_from(settings_of(options["ctx"]).catalog, **given)

    def decorate(command: F) -> F:
        return replacing(command, "filters", [_option(FILTERS[name], name) for name in names], filters)

    return decorate


def emit(ctx: typer.Context, listing: Listing, output: Output) -> None:
    render.emit(listing, output, settings_of(ctx).environment)
