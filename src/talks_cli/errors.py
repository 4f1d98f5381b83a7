"""Exit codes and the errors that carry them: the one place both are defined."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from enum import IntEnum

import msgspec


class ExitCode(IntEnum):
    OK = 0
    BUG = 1  # an unexpected error inside talks: please report it
    USAGE = 2  # bad command line: unknown option, side, id, topic or event
    DATA = 3  # the dataset (or its cache) cannot be read or is not valid
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)


EXIT_CODE_HELP = {
    ExitCode.OK: "success (also when a query finds nothing)",
    ExitCode.BUG: "internal error in talks; rerun with TALKS_DEBUG=1 and report it",
    ExitCode.USAGE: "usage error: unknown command, option, side, id, topic or event",
    ExitCode.DATA: "data error: the dataset is missing, unreadable or invalid",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C)",
}


class TalksError(Exception):
    """An error with a message meant for the user and the exit code it maps to."""

    exit_code = ExitCode.BUG


class UsageError(TalksError):
    exit_code = ExitCode.USAGE


class Problem(msgspec.Struct, frozen=True):
    """One thing wrong in a dataset, at a place a person can find."""

    message: str
    path: str = ""  # the field, e.g. records[3].side
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    snippet: str = ""  # the offending line and a caret, when known

    def format(self, file: str) -> str:
        place = file
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        head = f"{place}: {self.path}: {self.message}" if self.path else f"{place}: {self.message}"
        return f"{head}\n{self.snippet}" if self.snippet else head


class DataError(TalksError):
    """The dataset at `file` cannot be used; `problems` lists every reason found."""

    exit_code = ExitCode.DATA

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        super().__init__(self.report())

    def report(self) -> str:
        lines = [p.format(self.file) for p in self.problems]
        if len(self.problems) > 1:
            lines.append(f"{self.file}: {len(self.problems)} problems")
        return "\n".join(lines)


def say(message: str) -> None:
    """Write a message for the user to stderr, control characters made visible."""
    from .text import visible

    try:
        sys.stderr.write(visible(message, keep_newlines=True) + "\n")
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass


def silence_stdout() -> None:
    """Point stdout at /dev/null, so that the flush at exit cannot fail on a closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


MAX_LISTED = 12  # valid values named in one message; a large dataset has 100,000 record ids
MAX_COMPARED = 2000  # candidates difflib compares, which is slow on large lists


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to `word`, for 'did you mean …?' hints."""
    import difflib  # only on the way to an error message

    candidates = list(choices)
    if len(candidates) > MAX_COMPARED:
        prefix = word.lower()[:3]
        candidates = [c for c in candidates if c.startswith(prefix)][:MAX_COMPARED]
    matches = difflib.get_close_matches(word.lower(), candidates, n=1, cutoff=0.6)
    return matches[0] if matches else None


def unknown(what: str, word: str, choices: Iterable[str]) -> UsageError:
    """The error for a value the dataset does not know, with a guess and the valid values."""
    from .text import shorten

    options = sorted(set(choices))
    guess = suggest(word, options)
    hint = f" Did you mean '{guess}'?" if guess else ""
    listed = ", ".join(options[:MAX_LISTED])
    if len(options) > MAX_LISTED:
        listed += f", … ({len(options)} in all)"
    return UsageError(f"unknown {what} '{shorten(word)}'.{hint} Valid values: {listed}")
