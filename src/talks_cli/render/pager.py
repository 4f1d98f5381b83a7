"""Long answers on a terminal go through a pager (`$TALKS_PAGER`, `$PAGER`, else `less -FRX`),
as gh and git do: the answer is kept until the command ends, then shown in the pager if it is
taller than the screen, else written as it is. Never in a pipe; `--no-pager` turns it off."""

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
        if not (wanted() and text.count("\n") > environment.height and _page(command, text)):
            real.write(text)


def _page(command: list[str], text: str) -> bool:
    """Show `text` in the pager; False where it cannot be started (then the caller writes it)."""
    try:
        pager = subprocess.Popen(
            command, stdin=subprocess.PIPE, text=True, encoding="utf-8", errors="replace"
        )
    except OSError:
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
        pager.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    return True
