"""A file published whole or not at all: written aside, then linked (or renamed) into place.

`publish(target, write, replace=...)` hands `write` a fresh, empty file inside a private
temporary folder beside `target` (`.talks-<8 hex>.tmp`: short, whatever the length of the target's
name), makes it durable, then publishes it:

- without `replace`, with `os.link`, which fails if anything (a file, a directory, a dangling
  symlink) appeared at `target` meanwhile, so a file that is not ours is never replaced; where
  the file system has no hard links, with a copy into a file created exclusively (`O_EXCL`);
- with `replace`, with `os.replace`, and only over a regular file: a directory, a symbolic
  link, a device, a FIFO or a socket at `target` is refused before any work, with or without
  `replace` (`os.replace` onto `/dev/stdout` would replace the link, not write through it).

The temporary folder (not a single file) also catches whatever the writer puts beside its file,
such as SQLite's `-journal`, and is removed in every case. The file is created with mode 0o666,
so the kernel applies the umask (and any default ACL) exactly as for any other new file: no need
to read the process's umask, which cannot be read without changing it.

A signal handler that ends the process at once (`os._exit`, which runs no `finally`) calls
`temporary.discard()` first: it removes everything registered in `temporary.PENDING`, the cache's
temporary entries too. A path is registered before it
is created when its name is ours (the random temporary folder), and only once it is created,
with the signals that end talks held back meanwhile, when it is the user's (a copied target).

Any OSError becomes a `WriteError` ("cannot write PATH: reason"); a target that exists when
`replace` is false a `TargetExists`. Other errors from `write` pass through unchanged, after the
temporary folder is removed.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from talks_cli.errors import TargetExists, WriteError
from talks_cli.temporary import PENDING, claim, remove

# errno values of link(2) that mean "this file system has no hard links", not "you may not".
_NO_HARD_LINKS = frozenset(
    {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK, errno.EXDEV}
)
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def publish(target: Path, write: Callable[[Path], None], *, replace: bool) -> None:
    """Write `target` with `write(temporary_path)`, all or nothing; see the module's docstring."""
    name = str(target)
    check_target(target, replace=replace)
    folder = target.parent
    try:
        workspace = _workspace(folder)
    except OSError as error:
        raise WriteError(name, _reason(error)) from None
    try:
        temporary = workspace / f"file{target.suffix[:16]}"
        try:
            os.close(os.open(temporary, _FLAGS, 0o666))
            write(temporary)
            _sync(temporary)
            if replace:
                check_target(target, replace=True)  # again: a link may have appeared meanwhile
                os.replace(temporary, target)
            else:
                try:
                    _link(temporary, target)
                except FileExistsError:  # it appeared while we wrote: not ours to replace
                    raise TargetExists(name) from None
        except OSError as error:
            raise WriteError(name, _reason(error)) from None
        _sync_folder(folder)
    finally:
        remove(workspace)
        PENDING.discard(str(workspace))


# What talks calls what it will not replace, by the file type `lstat` gives.
_NOT_REGULAR = {
    stat.S_IFLNK: "a symbolic link",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFSOCK: "a socket",
}


def check_target(target: Path, *, replace: bool) -> None:
    """Refuse, before any work, a `target` that is not ours to write: anything that exists,
    without `replace`; with it, anything but a regular file (a directory, a symbolic link, a
    device, a FIFO, a socket), which `--force` never replaces."""
    name = str(target)
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise WriteError(name, _reason(error)) from None
    if stat.S_ISDIR(mode):
        if replace:
            raise WriteError(name, os.strerror(errno.EISDIR))
        raise TargetExists(name)
    kind = _NOT_REGULAR.get(stat.S_IFMT(mode))
    if kind is not None:
        raise WriteError(name, f"it is {kind}; talks replaces only regular files: give another name")
    if not replace:
        raise TargetExists(name)


def same_file(first: Path, second: Path) -> bool:
    """Whether writing `second` would write `first` too: the same path once links and `..`
    are resolved, or (both existing) the same file under another name, a hard link."""
    if os.path.realpath(first) == os.path.realpath(second):
        return True
    try:
        return os.path.samefile(first, second)
    except OSError:  # one of them does not exist yet: then they are not one file
        return False


def _workspace(folder: Path) -> Path:
    """A new private folder in `folder`, registered before it exists (its name is ours alone)."""
    return claim(folder, lambda: f".talks-{secrets.token_hex(4)}.tmp", lambda path: os.mkdir(path, 0o700))[1]


def _link(temporary: Path, target: Path) -> None:
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise
        _copy_exclusive(temporary, target)


def _copy_exclusive(source: Path, target: Path) -> None:
    """Copy `source` to a `target` that must not exist yet (`O_EXCL` fails on anything there,
    a dangling symlink included); a half-written copy is removed, on error and on a signal."""
    with _signals_held():
        fd = os.open(target, _FLAGS, 0o666)
        PENDING.add(str(target))
    try:
        with open(source, "rb") as reading, os.fdopen(fd, "wb") as writing:
            while chunk := reading.read(1 << 20):
                writing.write(chunk)
            writing.flush()
            os.fsync(writing.fileno())
    except BaseException:
        os.unlink(target)  # created by us, exclusively: ours to remove
        raise
    finally:
        PENDING.discard(str(target))


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back SIGINT and SIGTERM (delivered on leaving), where signal masks exist."""
    signal = sys.modules.get("signal")
    if signal is None or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _sync(path: Path) -> None:
    """Make the file's content durable before it is published: a crash then leaves the old file
    or the new one, never an empty one."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """Make the new name durable; best effort (the file is in place whatever happens here)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _reason(error: OSError) -> str:
    """What went wrong, without the file names an OSError carries (the message names the path)."""
    return error.strerror or str(error) or type(error).__name__
