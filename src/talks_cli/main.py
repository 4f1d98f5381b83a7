"""The process around the command line: exit codes, Ctrl-C, closed pipes and unexpected bugs.

Kept apart from `cli` so that even an interrupt while Typer is being imported ends cleanly.
"""

from __future__ import annotations

import os
import sys

from .errors import ExitCode, TalksError, say, silence_stdout


def _debug() -> bool:
    return os.environ.get("TALKS_DEBUG", "") not in ("", "0")


def main(argv: list[str] | None = None) -> None:
    code = run(argv)
    sys.exit(int(code))


def run(argv: list[str] | None = None) -> int:
    try:
        from typer import Abort, TyperException

        from .cli import app

        try:
            result = app(args=argv, prog_name="talks", standalone_mode=False)
        except TyperException as error:  # Typer's usage errors: unknown option, missing argument…
            show = getattr(error, "show", None)
            if callable(show):
                show()
            else:
                say(f"talks: error: {error.format_message()}")
            return error.exit_code
        except Abort:
            return ExitCode.INTERRUPTED
        return result if isinstance(result, int) else ExitCode.OK
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except TalksError as error:  # raised outside a command, e.g. by shell completion
        say(f"talks: error: {error}")
        return error.exit_code
    except BrokenPipeError:
        silence_stdout()
        return ExitCode.OK
    except Exception as error:
        if _debug():
            raise
        say(
            f"talks: internal error: {type(error).__name__}: {error}\n"
            "This is a bug in talks. Run again with TALKS_DEBUG=1 to see the traceback, and report it."
        )
        return ExitCode.BUG
