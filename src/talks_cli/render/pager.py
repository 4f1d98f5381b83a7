"""Long answers on a terminal go through a pager (`$TALKS_PAGER`, `$PAGER`, else `less -FRX`),
as gh and git do: the answer is kept until the command ends, then shown in the pager if it is
taller than the screen, else written as it is. Never in a pipe; `--no-pager` turns it off.

A pager that cannot start, or that ends in failure (`TALKS_PAGER=false`, a pager refusing its
options), loses nothing: the answer is written as it is, and stderr says why. `less` gets
`LESS=FRX` when `LESS` is unset, as git gives it, so that `PAGER=less` shows colours, not
`ESC[1m`."""

from __future__ import annotations

import io
import signal
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from talks_cli.render.environment import Environment, Writer


@contextmanager
def paged(environment: Environment, wanted: Callable[[], bool]) -> Iterator[None]:
    """Keep what the run writes to stdout, then page it or write it. `wanted` says, once the run
    has ended, whether paging is still wanted (--no-pager turns it off)."""
    command = environment.pager()
    if command is None:
        yield
        return
    real = environment.out
    kept = io.StringIO()
    environment.out = Writer(kept)
    try:
        yield
    finally:
        environment.out = real
        text = kept.getvalue()
        # Paged only when the screen cannot hold it; what a failed run wrote is written as is.
        if not (wanted() and text.count("\n") > environment.height and _page(command, text, environment)):
            real.write(text)


def _page(command: list[str], text: str, environment: Environment) -> bool:
    """Show `text` in the pager; False where it cannot be started or fails (then the caller
    writes it, and stderr says why)."""
    variables = dict(environment.variables)
    variables.setdefault("LESS", "FRX")  # quit if it fits, keep colours, leave the screen as it is
    try:
        pager = subprocess.Popen(
            command, stdin=subprocess.PIPE, text=True, encoding="utf-8", errors="replace", env=variables
        )
    except OSError as error:
        environment.say(f"talks: cannot start the pager {command[0]!r}: {error.strerror or error}")
        return False
    # Ctrl-C belongs to the pager while it runs (less uses it to stop a search), not to talks.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        assert pager.stdin is not None
        try:
            pager.stdin.write(text)
            pager.stdin.close()
        except BrokenPipeError:  # the reader quit before reading it all: what it wanted
            pass
        status = pager.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    if status != 0:  # it may have shown nothing (false, an unknown option): the answer is not lost
        how = f"exit status {status}" if status > 0 else f"signal {-status}"
        environment.say(f"talks: the pager {command[0]!r} failed ({how}); the answer follows without it")
        return False
    return True
