"""The world talks runs in: its streams, whether stdout is a terminal, its width, colour, the
environment variables. Built once by `main.run` (tests build their own), handed to every
command, and the only place that reads these facts or writes to stderr.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Mapping
from typing import Any, TextIO

from talks_cli.errors import OutputError, PipeClosed
from talks_cli.text import visible

COMPLETION_VARIABLE = "_TALKS_COMPLETE"  # set by the shell when it asks for completions
DEFAULT_WIDTH = 80  # COLUMNS=0, a width nobody reports, or output that is not a terminal
MIN_WIDTH = 20  # narrower than this, nothing talks prints is readable: lay out for 20
MAX_WIDTH = 10_000  # wider than any screen: a larger COLUMNS is a mistake, not a terminal
DEFAULT_HEIGHT = 25  # LINES unset or not a number, and no terminal to ask


class Writer:
    """stdout for talks: a failed write is an `OutputError`, a closed pipe `PipeClosed`."""

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream
        self.encoding = (getattr(stream, "encoding", None) or "utf-8").lower()

    def write(self, text: str) -> int:
        try:
            if self._stream is None:
                raise OSError("standard output is closed")
            return self._stream.write(text)
        except BrokenPipeError:
            raise PipeClosed from None
        except OSError as error:
            raise OutputError(error) from None

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise PipeClosed from None
        except OSError as error:
            raise OutputError(error) from None

    def isatty(self) -> bool:
        return False  # rich asks; whether to draw a table is decided in Environment


class Environment:
    """Streams and terminal facts, decided once."""

    def __init__(
        self,
        *,
        stdout: TextIO | None,
        stderr: TextIO | None,
        variables: Mapping[str, str],
        stdin: TextIO | None = None,
        is_terminal: bool = False,
        terminal_width: int | None = None,
        terminal_height: int | None = None,
    ) -> None:
        self.variables = variables
        self.stdin = stdin
        self.out = Writer(stdout)
        self._err = stderr
        self.is_terminal = is_terminal
        self.width = max(MIN_WIDTH, _size(variables.get("COLUMNS"), terminal_width, DEFAULT_WIDTH))
        # rich reads neither variable itself: it would take int() of "²" (see blocks.terminal_console).
        self.height = _size(variables.get("LINES"), terminal_height, DEFAULT_HEIGHT)
        # NO_COLOR (no-color.org) set to anything non-empty, or a dumb terminal: no colour.
        # NO_COLOR wins; CLICOLOR_FORCE (bixense.com/clicolors) colours a pipe, for `less -R`.
        forced = variables.get("CLICOLOR_FORCE", "") not in ("", "0")
        self.color = not variables.get("NO_COLOR") and (
            forced or (is_terminal and variables.get("TERM") != "dumb")
        )
        # Only UTF-8 carries every character; elsewhere JSON escapes them as \\uXXXX.
        self.unicode = _is_utf8(self.out.encoding)

    @classmethod
    def from_process(cls) -> Environment:
        # rich, in the help Typer draws, calls int() on any LINES or COLUMNS that str.isdigit
        # accepts ("²" fails, 10**20 overflows): a value that is not a plain ASCII number below
        # MAX_WIDTH goes, as if unset.
        for name in ("LINES", "COLUMNS"):
            value = os.environ.get(name)
            if value is not None and not (value.isascii() and value.isdigit() and len(value) < 5):
                del os.environ[name]
        stdout = _tolerant(sys.stdout)
        is_terminal = _isatty(stdout)
        width = height = None
        if is_terminal and stdout is not None:
            try:
                width, height = os.get_terminal_size(stdout.fileno())
            except (OSError, ValueError):
                width = height = None
        return cls(
            stdout=stdout,
            stderr=_tolerant(sys.stderr),
            stdin=sys.stdin,
            variables=os.environ,
            is_terminal=is_terminal,
            terminal_width=width,
            terminal_height=height,
        )

    def say(self, message: str) -> None:
        """Write a message for the user to stderr, control characters made visible."""
        if self._err is None:
            return
        try:
            self._err.write(visible(message, keep_newlines=True) + "\n")
            self._err.flush()
        except (OSError, ValueError):
            pass  # stderr closed or full: the exit code still tells

    def flush(self) -> None:
        self.out.flush()

    def pager(self) -> list[str] | None:
        """The pager to show a long answer in: $TALKS_PAGER, else $PAGER, else `less -FRX` (quit
        at once if it fits, keep colours, leave the screen as it is); None where it is set empty
        or to `cat`, or where stdout is no terminal."""
        import shlex

        if not self.is_terminal:
            return None
        chosen = self.variables.get("TALKS_PAGER", self.variables.get("PAGER", "less -FRX"))
        try:
            command = shlex.split(chosen)
        except ValueError:
            return None  # an unbalanced quote: write the answer as it is
        return None if not command or command == ["cat"] else command

    @property
    def error_stream(self) -> TextIO:
        """stderr as a stream, for the text Typer writes there itself (nothing when closed)."""
        return self._err if self._err is not None else io.StringIO()


def _size(variable: str | None, measured: int | None, default: int) -> int:
    """COLUMNS or LINES when it is a positive number in ASCII digits, else the terminal's own
    size, else `default`; never more than MAX_WIDTH. ("²", "①" and "٣" are digits to Python's
    str.isdigit or int(), not to a shell.)"""
    text = (variable or "").strip()
    chosen = int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else 0
    if chosen <= 0:
        chosen = measured if measured and measured > 0 else default
    return min(chosen, MAX_WIDTH)


def _is_utf8(encoding: str) -> bool:
    return encoding.lower().replace("-", "").replace("_", "") == "utf8"


def _isatty(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (OSError, ValueError):
        return False


def _tolerant(stream: Any) -> TextIO | None:
    """`stream`, set to write an unencodable character as a backslash escape, not to fail."""
    if stream is None:
        return None
    reconfigure = getattr(stream, "reconfigure", None)
    if not _is_utf8(getattr(stream, "encoding", None) or "") and callable(reconfigure):
        with contextlib.suppress(OSError, ValueError):
            reconfigure(errors="backslashreplace")
    return stream  # type: ignore[no-any-return]
