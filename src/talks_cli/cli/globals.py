"""The global options (--data, --no-cache, --no-color, --color, --no-pager, --width), each
declared once, and `global_options`, which gives them to every command so that they work after
its name as well as before it.

No `from __future__ import annotations` here: Typer reads the annotations at each start.
"""

import inspect
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from talks_cli.cli.options import GLOBAL_PREFIX, F, replacing, settings_of
from talks_cli.dataset import load
from talks_cli.render.environment import MAX_WIDTH, MIN_WIDTH


class ColorChoice(StrEnum):
    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


# The global options, each declared once: on the application (before the command, `app`) and,
# through `global_options`, on every command (after it), as people type them: `talks positions
# russia --no-pager` as well as `talks --no-pager positions russia` (sqlite-utils gives every
# command its shared options the same way). Each maps a `Settings.choose` keyword to its option.
DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help=f"Read this dataset instead of the bundled one (also ${load.ENV_DATA}).",
        show_default=False,
        is_eager=True,  # read before --version, which names the data's as_of
    ),
]
NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help="Parse the dataset afresh; read and write no cache.")
]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="No colour (also NO_COLOR=1 or TERM=dumb).")]
ColorOpt = Annotated[
    ColorChoice | None,
    typer.Option(
        "--color",
        help="Colour: auto (on a terminal), always (also into `less -R`; or CLICOLOR_FORCE=1), never.",
        show_default=False,
    ),
]
NoPagerOpt = Annotated[
    bool, typer.Option("--no-pager", help="Never page a long answer (also TALKS_PAGER= or PAGER=cat).")
]
WidthOpt = Annotated[
    int | None,
    typer.Option(
        "--width",
        min=MIN_WIDTH,
        max=MAX_WIDTH,
        help="Lay tables out this many columns wide, in a pipe too (default: the terminal's, or $COLUMNS).",
        show_default=False,
    ),
]
GLOBAL_OPTIONS: dict[str, Any] = {
    "data": DataOpt,
    "no_cache": NoCacheOpt,
    "no_color": NoColorOpt,
    "color": ColorOpt,
    "no_pager": NoPagerOpt,
    "width": WidthOpt,
}
# An option given after the command keeps the value of the same option before it unless given.
_GLOBAL_DEFAULTS: dict[str, Any] = {"no_cache": False, "no_color": False, "no_pager": False}


def global_options(command: F) -> F:
    """Give `command` the global options, read before anything else it does (its dataset, its
    filters): `cli.registry` applies it to every command."""

    def apply(options: dict[str, Any]) -> None:
        given = {name: options.pop(GLOBAL_PREFIX + name) for name in GLOBAL_OPTIONS}
        color = given.pop("color")
        settings_of(options["ctx"]).choose(**given, color=color.value if color else None)

    parameters = [
        inspect.Parameter(
            GLOBAL_PREFIX + name,
            inspect.Parameter.KEYWORD_ONLY,
            default=_GLOBAL_DEFAULTS.get(name),
            annotation=annotation,
        )
        for name, annotation in GLOBAL_OPTIONS.items()
    ]
    return replacing(command, None, parameters, apply)
