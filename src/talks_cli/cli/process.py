"""The process around the command line: the one place errors become exit codes.

`run` is the entry point of the console script and of the tests, which hand it their own
`Environment` (streams, terminal width, variables). Nothing is imported at module level beyond
what Python has already loaded, so that even a Ctrl-C while talks starts ends cleanly.
"""

from __future__ import annotations

import os
import sys

# Not `from typing import TYPE_CHECKING`: importing typing (and re with it) takes long enough
# for a Ctrl-C to land there, outside any handler. Type checkers know this spelling too.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from talks_cli.render.environment import Environment


INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a Ctrl-C

# For the tests of Ctrl-C during start-up (tests/test_trust.py), never for users: with
# TALKS_STAGE_FD naming a file descriptor it inherited, the console script writes one byte there
# as it reaches each stage (m: main entered, s: signal handlers set, c: command chosen, e: answer
# written), so a test interrupts it at a known stage instead of guessing how long Python takes
# to start. Unset, it costs one lookup in os.environ.
STAGE_VARIABLE = "TALKS_STAGE_FD"
_stage_fds: list[int] = []  # the descriptor TALKS_STAGE_FD names, once main() has read it


def _stage(mark: bytes) -> None:
    for fd in _stage_fds:
        try:  # noqa: SIM105 (contextlib is not loaded here)
            os.write(fd, mark)
        except OSError:
            pass


def main(argv: list[str] | None = None) -> None:
    """The console script: the process's own streams, and Ctrl-C ends it at once."""
    try:
        if (value := os.environ.get(STAGE_VARIABLE, "")).isascii() and value.isdigit():
            _stage_fds.append(int(value))
        _stage(b"m")
        import signal  # imports enum: long enough for a Ctrl-C to land in
    except KeyboardInterrupt:
        os._exit(INTERRUPTED)
    # A KeyboardInterrupt raised inside libyaml's callbacks or during shutdown can crash the
    # interpreter or print a traceback: end the process at once, silently, with the shell's code.
    # os._exit runs no `finally`, so the handlers first remove the temporary files an export or
    # a cache entry being written has registered (publish.py, cache.py).
    signal.signal(signal.SIGINT, _interrupted)
    signal.signal(signal.SIGTERM, _terminated)
    if hasattr(signal, "SIGXFSZ"):  # past a file-size limit, a write fails (EFBIG), not the process
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    # No cyclic garbage collection in the command's own process: it lives for one command, and
    # what it builds (a dataset: no reference cycles, see load._collector_paused) is freed by
    # reference counting. Re-enabled after a load, the collector would traverse every list of
    # the records it holds (7 ms at 20,000 records), and again as it promotes them.
    import gc  # built in: no time for a Ctrl-C to land in

    gc.disable()
    _stage(b"s")
    code = run(argv)
    _stage(b"e")
    sys.exit(code)


def _interrupted(signum: int, frame: object) -> None:
    _discard_temporary_files()
    os._exit(INTERRUPTED)


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM: clean up, then end by the signal itself, as a parent expects of a killed child."""
    _discard_temporary_files()
    import signal  # already loaded: main() installed this handler with it

    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)
    os._exit(128 + signum)  # only if the signal did not end the process


def _discard_temporary_files() -> None:
    """Remove the temporary paths of an export or a cache entry under way (`temporary`), if that
    module was ever loaded: a handler imports nothing."""
    module = sys.modules.get("talks_cli.temporary")
    if module is not None:
        try:  # noqa: SIM105 (contextlib is not loaded here, and a handler imports nothing)
            module.discard()
        except BaseException:  # a second signal, or anything else: the exit must still happen
            pass


def run(argv: list[str] | None = None, environment: Environment | None = None) -> int:
    """Run talks with `argv` (default: the process's) in `environment`; the exit code."""
    try:
        from talks_cli.render.environment import Environment

        env = environment or Environment.from_process()
        return _run(argv, env)
    except KeyboardInterrupt:
        return INTERRUPTED


def _run(argv: list[str] | None, env: Environment) -> int:
    import io

    from typer import Abort, Exit, TyperException

    from talks_cli.errors import ExitCode, PipeClosed, TalksError
    from talks_cli.render.environment import COMPLETION_VARIABLE

    try:
        from contextlib import redirect_stderr, redirect_stdout

        from talks_cli.cli.options import Settings
        from talks_cli.cli.registry import app_for

        args = sys.argv[1:] if argv is None else argv
        app = app_for(args, env.variables)
        _stage(b"c")
        # Typer writes its help and usage text to sys.stdout and sys.stderr: those are the
        # environment's streams too, so a test's streams get everything a run prints.
        from talks_cli.render.pager import paged

        settings = Settings(env)
        with paged(env, lambda: settings.paging), redirect_stdout(env.out), redirect_stderr(env.error_stream):
            result = app(args=args, prog_name="talks", standalone_mode=False, obj=settings)
        env.flush()
        return result if isinstance(result, int) else ExitCode.OK
    except TyperException as error:  # Typer's usage errors: unknown option, missing argument…
        shown = io.StringIO()
        error.show(file=shown)  # type: ignore[attr-defined]
        env.say(shown.getvalue().rstrip("\n"))
        return error.exit_code
    except Exit as exit_:
        return exit_.exit_code
    except Abort:
        return ExitCode.INTERRUPTED
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except (PipeClosed, BrokenPipeError):  # `talks … | head -1`: the reader has all it wanted
        _silence_stdout()
        return ExitCode.OK
    except SystemExit as exit_:  # shell completion ends this way
        return exit_.code if isinstance(exit_.code, int) else ExitCode.OK
    except TalksError as error:
        env.say(f"talks: error: {error}")
        return error.exit_code
    except Exception as error:
        if COMPLETION_VARIABLE in env.variables:
            return ExitCode.OK  # malformed completion variables: offer nothing, print nothing
        if env.variables.get("TALKS_DEBUG", "") not in ("", "0"):
            raise
        env.say(
            f"talks: internal error: {type(error).__name__}: {error}\n"
            "This is a bug in talks. Run again with TALKS_DEBUG=1 to see the traceback, and report it."
        )
        return ExitCode.BUG


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the flush at exit cannot fail on a closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
