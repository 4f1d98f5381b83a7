"""Exit codes and the errors that carry them: the one place both are defined."""

from __future__ import annotations

from enum import IntEnum

import msgspec

from talks_cli.text import visible


class ExitCode(IntEnum):
    OK = 0
    BUG = 1  # an unexpected error inside talks: please report it
    USAGE = 2  # bad command line: unknown option, side, id, topic or event
    DATA = 3  # the dataset (or its cache) cannot be read or is not valid
    OUTPUT = 4  # the answer cannot be written: disk full, stdout closed
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)


EXIT_CODE_HELP = {
    ExitCode.OK: "success (also when a query finds nothing)",
    ExitCode.BUG: "internal error in talks; rerun with TALKS_DEBUG=1 and report it",
    ExitCode.USAGE: "usage error: unknown command, option, side, id, topic or event",
    ExitCode.DATA: "data error: the dataset is missing, unreadable or invalid",
    ExitCode.OUTPUT: (
        "output error: the answer cannot be written (disk full, stdout closed, not a regular file)"
    ),
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C)",
}


class TalksError(Exception):
    """An error with a message meant for the user and the exit code it maps to."""

    exit_code = ExitCode.BUG


class UsageError(TalksError):
    exit_code = ExitCode.USAGE


class OutputError(TalksError):
    """stdout cannot take the answer (a full disk, a closed descriptor); not a closed pipe."""

    exit_code = ExitCode.OUTPUT

    def __init__(self, cause: OSError) -> None:
        super().__init__(f"cannot write output: {cause.strerror or cause}")


class WriteError(TalksError):
    """A file talks was asked to write cannot be written; whatever was at its path is untouched."""

    exit_code = ExitCode.OUTPUT

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"cannot write {visible(path)}: {visible(reason)}")


class TargetExists(UsageError):
    """A file talks was asked to write is already there, and the user did not say to replace it."""

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(f"{visible(path)} exists; choose another name, or add --force to replace it")


class PipeClosed(Exception):
    """The reader of stdout went away (`talks … | head -1`): a quiet, successful end.

    Not an OSError, so that nothing between the writer and `main` mistakes it for a failure.
    """


MAX_PATH = 200  # characters of a field's path in a message: keys in it are data, of any length


class Problem(msgspec.Struct, frozen=True):
    """One thing wrong in a dataset, at a place a person can find."""

    message: str
    path: str = ""  # the field, e.g. records[3].side
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    snippet: str = ""  # the offending line and a caret, when known

    def format(self, file: str) -> str:
        place = visible(file)
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        path = self.path if len(self.path) <= MAX_PATH else self.path[: MAX_PATH - 1] + "…"
        head = f"{place}: {path}: {self.message}" if path else f"{place}: {self.message}"
        head = visible(head)  # a value quoted in a message cannot start a line of its own
        return f"{head}\n{self.snippet}" if self.snippet else head


MAX_REPORTED = 50  # problems printed in full; a broken 100,000-record file has 100,000 of them


class DataError(TalksError):
    """The dataset at `file` cannot be used; `problems` lists every reason found."""

    exit_code = ExitCode.DATA

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        super().__init__(self.report())

    def report(self) -> str:
        lines = [p.format(self.file) for p in self.problems[:MAX_REPORTED]]
        if len(self.problems) > MAX_REPORTED:
            lines.append(f"… and {len(self.problems) - MAX_REPORTED:,} more")
        if len(self.problems) > 1:
            lines.append(f"{visible(self.file)}: {len(self.problems):,} problems")
        return "\n".join(lines)
