"""What an export or a chart may write over, and a pager that fails: nothing is replaced that the
user did not name as a regular file, and no answer is lost to a pager that could not show it."""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import TRACK, Invoke

from talks_cli.errors import ExitCode

NOT_REGULAR = "talks replaces only regular files"


def test_metadata_naming_the_database_through_dot_dot_is_refused_before_anything_is_written(
    talks: Invoke, tmp_path: Path
) -> None:
    (tmp_path / "sub").mkdir()
    database = tmp_path / "t.db"
    assert talks("export", str(database)).exit_code == 0
    written = database.read_bytes()
    result = talks("export", str(database), "--metadata", str(tmp_path / "sub" / ".." / "t.db"), "--force")
    assert result.exit_code == ExitCode.USAGE and "is the database" in result.stderr
    assert database.read_bytes() == written


@pytest.mark.parametrize("link", ["hard", "symbolic"])
def test_metadata_that_is_the_database_under_another_name_is_refused(
    talks: Invoke, tmp_path: Path, link: str
) -> None:
    database = tmp_path / "t.db"
    assert talks("export", str(database)).exit_code == 0
    written = database.read_bytes()
    other = tmp_path / "other.json"
    (os.link if link == "hard" else os.symlink)(database, other)
    result = talks("export", str(database), "--metadata", str(other), "--force")
    assert result.exit_code == ExitCode.USAGE and "is the database" in result.stderr
    assert database.read_bytes() == written


@pytest.fixture
def unix_socket(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "s.json"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    yield path
    server.close()


@pytest.mark.parametrize("force", [False, True])
def test_a_fifo_or_a_socket_at_the_target_is_never_replaced(
    talks: Invoke, tmp_path: Path, unix_socket: Path, force: bool
) -> None:
    fifo = tmp_path / "f.json"
    os.mkfifo(fifo)
    for target, test in ((fifo, stat.S_ISFIFO), (unix_socket, stat.S_ISSOCK)):
        result = talks("export", str(target), *(["--force"] if force else []))
        assert result.exit_code == ExitCode.OUTPUT and NOT_REGULAR in result.stderr
        assert test(os.lstat(target).st_mode)


def test_a_link_to_a_device_is_written_through_only_when_named_dash(talks: Invoke, tmp_path: Path) -> None:
    """`--svg /dev/stdout --force` (a link to a device) must not replace the link with a file."""
    link = tmp_path / "stdout.svg"
    link.symlink_to("/dev/null")
    refused = talks("--data", str(TRACK), "chart", "exchanged", "--svg", str(link), "--force")
    assert refused.exit_code == ExitCode.OUTPUT and NOT_REGULAR in refused.stderr
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
    dashed = talks("--data", str(TRACK), "chart", "exchanged", "--svg", "-")
    assert dashed.exit_code == 0 and dashed.stdout.startswith("<svg")


def test_dot_slash_dash_is_a_file_named_dash(
    talks: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = talks("--data", str(TRACK), "chart", "exchanged", "--svg", "./-")
    assert result.exit_code == 0 and result.stdout == ""
    assert (tmp_path / "-").read_text(encoding="utf-8").startswith("<svg")


# --- a pager that fails -------------------------------------------------------------------------


def _paged(talks: Invoke, pager: str) -> tuple[int, str, str]:
    """`talks sides` on a terminal 5 lines high, through `pager`: taller than the screen."""
    result = talks(
        "--data", str(TRACK), "sides", terminal=True, width=100, env={"TALKS_PAGER": pager, "LINES": "5"}
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("pager", ["false", "sh -c 'exit 2'"])
def test_a_pager_that_fails_loses_no_answer(talks: Invoke, pager: str) -> None:
    code, shown, said = _paged(talks, pager)
    unpaged = talks("--data", str(TRACK), "sides", terminal=True, width=100, env={"TALKS_PAGER": ""})
    assert code == 0 and shown == unpaged.stdout and "North" in shown
    assert "pager" in said and "failed" in said


def test_a_pager_that_cannot_start_loses_no_answer(talks: Invoke, tmp_path: Path) -> None:
    code, shown, said = _paged(talks, str(tmp_path / "no-such-pager"))
    assert code == 0 and "North" in shown and "cannot start the pager" in said


@pytest.mark.parametrize(("given", "seen"), [(None, "FRX"), ("-X", "-X")])
def test_less_gets_frx_unless_less_is_set(
    talks: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str | None, seen: str
) -> None:
    monkeypatch.delenv("LESS", raising=False)
    if given is not None:
        monkeypatch.setenv("LESS", given)
    record = tmp_path / "less.txt"
    code, _, said = _paged(talks, f"sh -c 'printf %s \"$LESS\" > {record}; cat > /dev/null'")
    assert code == 0 and said == ""
    assert record.read_text(encoding="utf-8") == seen
