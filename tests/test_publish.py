"""`talks export PATH [--force]` never loses or misstates a file: a failed, refused or
interrupted export leaves what was at PATH as it was and no temporary file, says why on one line
of stderr and exits 4 (ExitCode.OUTPUT); without --force nothing at PATH is ever replaced; a new
file gets the mode the umask gives."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from helpers import REPO, Invoke

import talks_cli
from talks_cli import temporary
from talks_cli.errors import ExitCode
from talks_cli.export import files as export_module
from talks_cli.text import visible

Run = Callable[..., "subprocess.CompletedProcess[str]"]
OLD = b"the old file, which must survive\n"
EXISTS = "exists; choose another name, or add --force to replace it"
NOT_REGULAR = "it is a %s; talks replaces only regular files: give another name"


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry of `folder`, with what it holds: content, symlink target or a folder's entries."""
    found: dict[str, object] = {}
    for entry in sorted(folder.iterdir()):
        if entry.is_symlink():
            found[entry.name] = ("link", os.readlink(entry))
        elif entry.is_dir():
            found[entry.name] = ("dir", snapshot(entry))
        else:
            found[entry.name] = entry.read_bytes()
    return found


def cannot_write(target: Path, reason: str) -> str:
    return f"talks: error: cannot write {visible(str(target))}: {reason}\n"


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".talks-")]


def failing_writer(error: OSError, *, after: bytes = b"half a file") -> Callable[..., None]:
    def write(catalog: object, path: Path) -> None:
        path.write_bytes(after)
        raise error

    return write


# --- failures: exit 4, one line, the old file intact, nothing left behind ------------------------


@pytest.mark.parametrize("force", [False, True])
def test_a_full_disk_fails_cleanly(
    talks: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, force: bool
) -> None:
    target = tmp_path / "talks.json"
    if force:
        target.write_bytes(OLD)
    before = snapshot(tmp_path)
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(export_module, "_json", failing_writer(full))
    result = talks("export", str(target), *(["--force"] if force else []))
    assert result.exit_code == ExitCode.OUTPUT
    assert result.stderr == cannot_write(target, "No space left on device")
    assert snapshot(tmp_path) == before


def test_a_full_disk_found_only_by_fsync_fails_cleanly(
    talks: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Delayed allocation (or NFS) can report ENOSPC only when the data is flushed."""
    target = tmp_path / "talks.csv"
    target.write_bytes(OLD)

    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", fsync)
    result = talks("export", str(target), "--force")
    assert (result.exit_code, result.stderr) == (
        ExitCode.OUTPUT,
        cannot_write(target, "No space left on device"),
    )
    assert snapshot(tmp_path) == {"talks.csv": OLD}


def _limited(size: int) -> Callable[[], None]:
    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
@pytest.mark.parametrize(
    ("name", "reason"),
    [("talks.json", "File too large"), ("talks.db", "disk I/O error")],
)
def test_a_file_size_limit_fails_cleanly_not_by_sigxfsz(
    run_talks: Run, tmp_path: Path, name: str, reason: str
) -> None:
    """Past RLIMIT_FSIZE the kernel sends SIGXFSZ, which would kill talks with a core dump:
    talks ignores it, so the write fails (EFBIG; SQLite says SQLITE_IOERR_WRITE) and is reported."""
    target = tmp_path / name
    target.write_bytes(OLD)
    result = run_talks("export", str(target), "--force", cwd=tmp_path, preexec_fn=_limited(8192))
    assert result.returncode == ExitCode.OUTPUT, result.stderr
    assert result.stderr == cannot_write(target, reason)
    assert snapshot(tmp_path) == {name: OLD}


def test_a_directory_at_path_is_refused_with_or_without_force(talks: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "talks.json"
    target.mkdir()
    (target / "inside").write_bytes(OLD)
    before = snapshot(tmp_path)
    forced = talks("export", str(target), "--force")
    assert (forced.exit_code, forced.stderr) == (ExitCode.OUTPUT, cannot_write(target, "Is a directory"))
    plain = talks("export", str(target))
    assert plain.exit_code == ExitCode.USAGE
    assert plain.stderr == f"talks: error: {target} {EXISTS}\n"
    assert snapshot(tmp_path) == before


def test_a_directory_that_appears_at_path_while_forcing_is_reported(
    talks: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "talks.json"
    real = export_module._json

    def write(catalog: Any, path: Path) -> None:
        real(catalog, path)
        target.mkdir()

    monkeypatch.setattr(export_module, "_json", write)
    result = talks("export", str(target), "--force")
    assert (result.exit_code, result.stderr) == (ExitCode.OUTPUT, cannot_write(target, "Is a directory"))
    assert snapshot(tmp_path) == {"talks.json": ("dir", {})}


def test_a_missing_folder_fails_cleanly(talks: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "talks.json"
    result = talks("export", str(target))
    assert (result.exit_code, result.stderr) == (
        ExitCode.OUTPUT,
        cannot_write(target, "No such file or directory"),
    )
    assert snapshot(tmp_path) == {}


@pytest.mark.parametrize("code", [errno.EACCES, errno.EPERM, errno.EROFS])
def test_a_folder_that_refuses_new_files_fails_cleanly(
    talks: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    """A read-only folder (or file system), simulated: root may write in a folder of mode 0555."""
    target = tmp_path / "talks.json"
    target.write_bytes(OLD)
    real_mkdir = os.mkdir

    def mkdir(path: Any, mode: int = 0o777, **kwargs: Any) -> None:
        if Path(path).parent == tmp_path:
            raise OSError(code, os.strerror(code), str(path))
        real_mkdir(path, mode, **kwargs)

    monkeypatch.setattr(os, "mkdir", mkdir)
    result = talks("export", str(target), "--force")
    assert (result.exit_code, result.stderr) == (ExitCode.OUTPUT, cannot_write(target, os.strerror(code)))
    assert snapshot(tmp_path) == {"talks.json": OLD}


@pytest.mark.parametrize("code", [errno.EPERM, errno.EACCES])
def test_a_file_that_may_not_be_replaced_fails_cleanly(
    talks: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    """Another user's file in a sticky folder such as /tmp: rename(2) fails with EPERM."""
    target = tmp_path / "talks.db"
    target.write_bytes(OLD)

    def replace(source: Any, destination: Any, **kwargs: Any) -> None:
        raise OSError(code, os.strerror(code), str(source), None, str(destination))

    monkeypatch.setattr(os, "replace", replace)
    result = talks("export", str(target), "--force")
    assert (result.exit_code, result.stderr) == (ExitCode.OUTPUT, cannot_write(target, os.strerror(code)))
    assert snapshot(tmp_path) == {"talks.db": OLD}


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder outside pytest's private (0700) temporary tree, so that another user can reach it."""
    with tempfile.TemporaryDirectory(prefix="talks-shared-") as name:
        folder = Path(name)
        folder.chmod(0o755)
        yield folder


SETPRIV = shutil.which("setpriv")
NOBODY = [str(SETPRIV), "--reuid=65534", "--regid=65534", "--clear-groups"]

needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0 or SETPRIV is None,
    reason="runs talks as another user (as root, with setpriv)",
)


def _requirements(name: str) -> set[str]:
    """The distribution `name` and every one it needs (extras left out), as installed."""
    found: set[str] = set()
    pending = [name]
    while pending:
        wanted = re.sub(r"[-_.]+", "-", pending.pop()).lower()
        if wanted in found:
            continue
        try:
            requires = metadata.distribution(wanted).requires or []
        except metadata.PackageNotFoundError:
            continue  # for another platform (colorama on Windows)
        found.add(wanted)
        pending += [re.split(r"[\s;<>=!~\[(]", r, maxsplit=1)[0] for r in requires if "extra ==" not in r]
    return found


AsNobody = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture(scope="session")
def as_nobody() -> Iterator[AsNobody]:
    """Run talks as user nobody (65534), with no capabilities: what an ordinary user meets.

    The clone may sit where nobody cannot enter (a root's clone in /root, mode 0700), so talks,
    its bundled data and the packages it needs are copied to a folder anyone can read, and run
    with the interpreter itself (the venv's own bin/ may be out of reach too)."""
    interpreter = os.path.realpath(sys.executable)
    if subprocess.run([*NOBODY, interpreter, "-c", ""], capture_output=True, check=False).returncode:
        pytest.skip(f"user nobody cannot run the interpreter {interpreter}")
    site = Path(tempfile.mkdtemp(prefix="talks-for-nobody-"))  # not pytest's tree: it is 0700
    shutil.copytree(
        Path(talks_cli.__file__).parent, site / "talks_cli", ignore=shutil.ignore_patterns("__pycache__")
    )
    if not (site / "talks_cli" / "data").exists():  # an editable install reads the clone's data/
        shutil.copytree(REPO / "data", site / "talks_cli" / "data")
    for name in _requirements("talks-cli") - {"talks-cli"}:
        distribution = metadata.distribution(name)
        for file in distribution.files or []:
            if file.parts[0] != ".." and "__pycache__" not in file.parts:
                target = site / file
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(str(distribution.locate_file(file)), target)
    for path in [site, *site.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)

    def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*NOBODY, interpreter, "-s", "-m", "talks_cli", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
            # The cache is never made: / is not nobody's to write.
            env={**os.environ, "PYTHONPATH": str(site), "XDG_CACHE_HOME": "/nonexistent/cache"},
        )

    yield run
    shutil.rmtree(site)


@pytest.mark.slow
@needs_root
def test_a_read_only_folder_fails_cleanly_for_a_real_user(shared_folder: Path, as_nobody: AsNobody) -> None:
    target = shared_folder / "talks.json"
    target.write_bytes(OLD)
    result = as_nobody("export", str(target), "--force", cwd=shared_folder)
    assert result.returncode == ExitCode.OUTPUT
    assert result.stderr == cannot_write(target, "Permission denied")
    assert snapshot(shared_folder) == {"talks.json": OLD}


@pytest.mark.slow
@needs_root
def test_another_users_file_in_a_sticky_folder_fails_cleanly(
    shared_folder: Path, as_nobody: AsNobody
) -> None:
    """In a folder like /tmp (sticky, writable by all), a file of root's cannot be replaced by
    nobody: the temporary folder can be made, the rename is refused (EPERM), and nothing stays."""
    shared_folder.chmod(0o1777)
    target = shared_folder / "talks.json"
    target.write_bytes(OLD)
    result = as_nobody("export", str(target), "--force", cwd=shared_folder)
    assert result.returncode == ExitCode.OUTPUT
    assert result.stderr == cannot_write(target, "Operation not permitted")
    assert snapshot(shared_folder) == {"talks.json": OLD}


def test_an_error_that_is_not_about_storage_stays_a_bug(
    talks: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only storage failures become exit 4; a real bug is still reported as one, and cleaned up."""

    def broken(catalog: Any, path: Path) -> None:
        raise sqlite3.OperationalError("near 'SELEC': syntax error")

    monkeypatch.setattr(export_module, "write_sqlite", broken)
    result = talks("export", str(tmp_path / "talks.db"), bug_expected=True)
    assert result.exit_code == ExitCode.BUG and "internal error" in result.stderr
    assert snapshot(tmp_path) == {}


# --- without --force, nothing at PATH is ever replaced ---------------------------------------------


def appearing(target: Path, make: Callable[[Path], object]) -> Callable[..., None]:
    """A JSON writer during which something appears at `target`."""
    real = export_module._json

    def write(catalog: Any, path: Path) -> None:
        real(catalog, path)
        make(target)

    return write


@pytest.mark.parametrize("hard_links", [True, False])
def test_a_file_that_appears_during_the_export_is_kept(
    talks: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hard_links: bool
) -> None:
    target = tmp_path / "talks.json"
    monkeypatch.setattr(export_module, "_json", appearing(target, lambda p: p.write_bytes(OLD)))
    if not hard_links:
        monkeypatch.setattr(os, "link", _no_hard_links)
    result = talks("export", str(target))
    assert (result.exit_code, result.stderr) == (ExitCode.USAGE, f"talks: error: {target} {EXISTS}\n")
    assert snapshot(tmp_path) == {"talks.json": OLD}


@pytest.mark.parametrize("force", [False, True])
def test_a_dangling_symlink_at_path_is_never_replaced(talks: Invoke, tmp_path: Path, force: bool) -> None:
    target = tmp_path / "talks.json"
    target.symlink_to(tmp_path / "elsewhere.json")
    result = talks("export", str(target), *(["--force"] if force else []))
    assert (result.exit_code, result.stderr) == (
        ExitCode.OUTPUT,
        cannot_write(target, NOT_REGULAR % "symbolic link"),
    )
    assert snapshot(tmp_path) == {"talks.json": ("link", str(tmp_path / "elsewhere.json"))}


@pytest.mark.parametrize("hard_links", [True, False])
def test_a_dangling_symlink_that_appears_during_the_export_is_kept(
    talks: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hard_links: bool
) -> None:
    """Not followed either: the export never writes a file where the link points."""
    target = tmp_path / "talks.json"
    monkeypatch.setattr(export_module, "_json", appearing(target, lambda p: p.symlink_to("pointed.json")))
    if not hard_links:
        monkeypatch.setattr(os, "link", _no_hard_links)
    result = talks("export", str(target))
    assert result.exit_code == ExitCode.USAGE
    assert snapshot(tmp_path) == {"talks.json": ("link", "pointed.json")}


def _no_hard_links(source: Any, destination: Any, **kwargs: Any) -> None:
    raise OSError(errno.EPERM, os.strerror(errno.EPERM), str(source), None, str(destination))


def test_without_hard_links_the_file_is_copied_into_place(
    talks: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """vfat, some network file systems: link(2) fails with EPERM; a copy made with O_EXCL."""
    monkeypatch.setattr(os, "link", _no_hard_links)
    target = tmp_path / "talks.json"
    assert talks("export", str(target)).exit_code == 0
    assert json.loads(target.read_bytes())["records"]
    assert sorted(snapshot(tmp_path)) == ["talks.json"]


def test_a_failed_copy_removes_its_half_written_target(
    talks: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "link", _no_hard_links)
    real_fsync = os.fsync
    calls = []

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) > 1:  # the temporary file is synced first, the copy after
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    target = tmp_path / "talks.json"
    result = talks("export", str(target))
    assert (result.exit_code, result.stderr) == (ExitCode.OUTPUT, cannot_write(target, "Input/output error"))
    assert snapshot(tmp_path) == {}


def test_force_replaces_a_regular_file_and_never_a_symlink(talks: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "talks.json"
    target.write_bytes(OLD)
    assert talks("export", str(target), "--force").exit_code == 0
    assert json.loads(target.read_bytes())["records"]
    link = tmp_path / "link.json"
    link.symlink_to(target)
    written = target.read_bytes()
    result = talks("export", str(link), "--force")
    assert (result.exit_code, result.stderr) == (
        ExitCode.OUTPUT,
        cannot_write(link, NOT_REGULAR % "symbolic link"),
    )
    assert link.is_symlink() and target.read_bytes() == written


# --- modes and names ---------------------------------------------------------------------------------


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    previous = os.umask(0o022)
    os.umask(previous)

    def set_umask(mask: int) -> None:
        os.umask(mask)

    yield set_umask
    os.umask(previous)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
@pytest.mark.parametrize(
    "name", ["talks.json", "talks.jsonl", "talks.csv", pytest.param("talks.db", marks=pytest.mark.slow)]
)
def test_a_new_file_gets_the_mode_the_umask_gives(
    talks: Invoke, tmp_path: Path, umask: Callable[[int], None], mask: int, mode: int, name: str
) -> None:
    umask(mask)
    target = tmp_path / name
    assert talks("export", str(target)).exit_code == 0
    assert target.stat().st_mode & 0o7777 == mode
    replaced = tmp_path / f"replaced-{name}"
    replaced.write_bytes(OLD)
    replaced.chmod(0o640)
    assert talks("export", str(replaced), "--force").exit_code == 0
    assert replaced.stat().st_mode & 0o7777 == mode


def test_the_copy_made_without_hard_links_gets_the_umask_mode(
    talks: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, umask: Callable[[int], None]
) -> None:
    monkeypatch.setattr(os, "link", _no_hard_links)
    umask(0o027)
    target = tmp_path / "talks.csv"
    assert talks("export", str(target)).exit_code == 0
    assert target.stat().st_mode & 0o7777 == 0o640


def test_a_file_name_of_250_bytes_can_be_exported(talks: Invoke, tmp_path: Path) -> None:
    """The temporary name does not grow with the target's (255 bytes is the usual limit)."""
    target = tmp_path / ("é" * 122 + "t.json")
    assert len(target.name.encode()) == 250
    result = talks("export", str(target))
    assert result.exit_code == 0, result.stderr
    assert sorted(snapshot(tmp_path)) == [target.name]


HOSTILE = "evil\ntalks: error: forged\x1b[31m\u202e.json"


def test_a_path_with_control_characters_cannot_forge_a_line_of_stderr(talks: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "no\nsuch\rfolder"
    missing = talks("export", str(folder / HOSTILE))
    assert missing.exit_code == ExitCode.OUTPUT
    assert missing.stderr.count("\n") == 1 and "\x1b" not in missing.stderr
    assert missing.stderr == cannot_write(folder / HOSTILE, "No such file or directory")
    assert "\\x0atalks: error: forged\\x1b[31m\\u202e.json" in missing.stderr

    existing = tmp_path / HOSTILE
    existing.write_bytes(OLD)
    refused = talks("export", str(existing))
    assert refused.exit_code == ExitCode.USAGE
    assert refused.stderr.count("\n") == 1 and "\x1b" not in refused.stderr
    unknown = talks("export", str(tmp_path / "a\nb.xlsx"))
    assert unknown.exit_code == ExitCode.USAGE and unknown.stderr.count("\n") == 1


def test_the_success_message_cannot_forge_a_line_either(talks: Invoke, tmp_path: Path) -> None:
    result = talks("export", str(tmp_path / HOSTILE))
    assert result.exit_code == 0
    assert result.stderr.count("\n") == 1


# --- interrupted: no temporary file left -----------------------------------------------------------

# Loaded by the interpreter at start-up (PYTHONPATH): slows a writer down, after it has written
# part of its file (and, for SQLite, left a journal beside it), so a signal lands mid-export.
SLOW_WRITERS = """
import time
from talks_cli.export import files as export

def slow_json(catalog, path):
    path.write_bytes(b"[" * 100_000)
    time.sleep(60)

def slow_sqlite(catalog, path):
    real_sqlite(catalog, path)
    import sqlite3
    connection = sqlite3.connect(path)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("DELETE FROM records")
    time.sleep(60)

real_sqlite = export.write_sqlite
export._json = slow_json
export.write_sqlite = slow_sqlite
"""


def start_slow_export(folder: Path, site: Path, *args: str) -> subprocess.Popen[bytes]:
    (site / "sitecustomize.py").write_text(SLOW_WRITERS)
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.Popen(
        [sys.executable, "-m", "talks_cli", "export", *args],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for_temporary(folder: Path, process: subprocess.Popen[bytes], files: int) -> None:
    """Until a temporary folder holds `files` non-empty files (the writer is mid-way)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read() if process.stderr else b""
        for entry in folder.glob(".talks-*.tmp"):
            try:
                inside = [p for p in entry.iterdir() if p.stat().st_size > 0]
            except OSError:
                continue
            if len(inside) >= files:
                return
        time.sleep(0.02)
    process.kill()
    pytest.fail("the export never started writing")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sent", "code"),
    [(signal.SIGINT, ExitCode.INTERRUPTED), (signal.SIGTERM, -signal.SIGTERM)],
)
@pytest.mark.parametrize(("name", "files"), [("talks.json", 1), ("talks.db", 2)])
@pytest.mark.parametrize("force", [False, True])
def test_a_signal_mid_export_leaves_no_temporary_file(
    tmp_path: Path, sent: int, code: int, name: str, files: int, force: bool
) -> None:
    """A real process, stopped while its writer is half-way (SQLite's journal included)."""
    folder, site = tmp_path / "out", tmp_path / "site"
    folder.mkdir()
    site.mkdir()
    (folder / "notes.txt").write_bytes(OLD)
    if force:
        (folder / name).write_bytes(OLD)
    before = snapshot(folder)
    process = start_slow_export(folder, site, name, *(["--force"] if force else []))
    try:
        wait_for_temporary(folder, process, files)
        process.send_signal(sent)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == code
    assert process.stderr is not None and process.stderr.read() == b""
    assert snapshot(folder) == before


def test_discard_removes_what_is_registered(tmp_path: Path) -> None:
    """What the signal handlers call: folders and files, quietly, whatever is already gone."""
    folder = tmp_path / ".talks-0000.tmp"
    folder.mkdir()
    (folder / "file.db").write_bytes(b"x")
    (folder / "file.db-journal").write_bytes(b"x")
    single = tmp_path / "copy.json"
    single.write_bytes(b"x")
    temporary.PENDING.update({str(folder), str(single), str(tmp_path / "gone")})
    temporary.discard()
    assert not temporary.PENDING
    assert snapshot(tmp_path) == {}
