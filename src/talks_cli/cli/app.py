"""The `talks` application: its help, its global options (--data, --no-cache, --no-color,
--color, --no-pager, --width, --version) and the `cache` group. The commands register
themselves on it (`listings`, `summaries`, `tools`)."""

# No `from __future__ import annotations` here: Typer reads every command's annotations at
# each start, and evaluating them from strings would slow every start down.

from typing import Annotated

import typer

from talks_cli import __version__
from talks_cli.cli.globals import ColorOpt, DataOpt, NoCacheOpt, NoColorOpt, NoPagerOpt, WidthOpt
from talks_cli.cli.options import settings_of
from talks_cli.dataset.model import SCHEMA_VERSION
from talks_cli.errors import EXIT_CODE_HELP, TalksError

EPILOG = "Exit codes: " + "; ".join(f"{int(code)} {text}" for code, text in EXIT_CODE_HELP.items()) + "."

app = typer.Typer(
    rich_markup_mode=None,  # click rewraps each paragraph to the width; rich kept our line breaks
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
    settings.choose(data=ctx.params.get("data"), no_cache=bool(ctx.params.get("no_cache")), color="never")
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
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
    no_color: NoColorOpt = False,
    color: ColorOpt = None,
    no_pager: NoPagerOpt = False,
    width: WidthOpt = None,
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """The global options before the command; `globals.global_options` gives each command them too."""
    settings_of(ctx).choose(
        data=data,
        no_cache=no_cache,
        color=color.value if color else None,
        no_color=no_color,
        no_pager=no_pager,
        width=width,
    )
