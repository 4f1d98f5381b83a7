"""The command line: the application (`app`) with every command registered on it (`listings`,
`summaries`, `tools`), in the order of its help, and the lean copy a run builds with only the
command it needs."""

import copy
import inspect
import re
from collections.abc import Mapping
from typing import Any

import typer

# Importing the command modules registers their commands on `app`.
from talks_cli.cli import listings, summaries, tools  # noqa: F401
from talks_cli.cli.app import app, cache_app
from talks_cli.cli.globals import global_options
from talks_cli.render.environment import COMPLETION_VARIABLE

# The order `talks --help` and docs/cli.md list the commands in, whatever module holds each:
# who said what, what came of it and where sides clash, the things the records belong to, then
# the derived views and the tools. A command missing here fails every start (ValueError).
HELP_ORDER = (
    *("sides", "positions", "conditions", "records", "outcomes", "compare"),
    *("search", "sources", "events", "documents", "timeline", "figures", "disputes"),
    *("show", "info", "validate", "export", "schema", "chart", "cite"),
)


def _name(command: Any) -> str:
    return str(command.name or command.callback.__name__.replace("_", "-"))


def _examples_kept_whole(group: typer.Typer) -> None:
    """Each command's help with its examples marked for click (\\b) not to rewrap: a command
    line broken across two lines cannot be pasted; and its first line whole in `talks --help`.
    And each command given the global options, so that they work after its name too."""
    for info in group.registered_commands:
        if info.callback is not None:
            info.callback = global_options(info.callback)
        if info.help is None and info.callback is not None:
            doc = inspect.getdoc(info.callback) or ""
            info.help = re.sub(r"(?m)^(Example: )", "\b\n\\1", doc)
            info.short_help = doc.split("\n\n")[0].replace("\n", " ")


_examples_kept_whole(app)
_examples_kept_whole(cache_app)
app.registered_commands.sort(key=lambda command: HELP_ORDER.index(_name(command)))


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
        if word in ("--data", "--color", "--width"):
            next(words, None)
        elif word.startswith(("--data=", "--color=", "--width=")) or word in (
            "--no-cache",
            "--no-color",
            "--no-pager",
        ):
            continue
        elif word.startswith("-"):
            return app
        else:
            lean = copy.copy(app)
            lean.registered_commands = [c for c in app.registered_commands if _name(c) == word]
            lean.registered_groups = [g for g in app.registered_groups if g.name == word]
            return lean if lean.registered_commands or lean.registered_groups else app
    return app
