"""A cache of validated datasets, so that a warm start skips YAML entirely.

An entry is keyed by a hash of the dataset's bytes and of the code that reads them (the name,
size and modification time of every source file of talks, its version and msgspec's), so it
is never stale. An entry must earn trust before it is used; anything else is a miss, and the
caller parses the YAML:
- the cache directory is a real directory (not a symlink), owned by this user, and writable by
  no one else; else talks neither reads nor writes there;
- the entry is a regular file owned by this user, opened without following a symlink and
  without blocking (a FIFO planted there cannot hang talks), no larger than a bound the caller
  derives from the dataset, with talks's header, the right key, and each part it reads (the
  dataset; its search index, when a search asks) matching the SHA-256 digest stored with it
  (a flipped byte is a miss, not a wrong answer).
A trusted entry is used as it is, without running the loader's checks again: only `put`
writes one, after those checks passed on the very bytes its key names, and the only others who
could write to a private directory of this user's (the user, or root) can already run any code
as the user, so a planted entry gives them nothing they did not have. The digest catches what
is not planted: a torn write, a flipped bit. Writes are atomic (a temporary file and
`os.replace`); at most MAX_ENTRIES entries are kept, the least recently written evicted first.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import msgspec

from talks_cli import __version__
from talks_cli.dataset.index import SearchIndex
from talks_cli.dataset.model import SCHEMA_VERSION, Dataset
from talks_cli.temporary import PENDING, claim

MAGIC = b"talks-cache\x00"
DIGEST_SIZE = 32  # SHA-256
# Magic, key, the digests of the two parts (the dataset, then its search index), and the length
# of the first: a command that does not search reads and hashes only the dataset's part.
HEADER_SIZE = len(MAGIC) + 3 * DIGEST_SIZE + 8
MAX_ENTRIES = 8  # one per dataset file a person switches between
# Names of talks's own files, compiled only when entries are listed (on a write): never at start.
ENTRY_NAME = r"[0-9a-f]{32}\.msgpack\Z"
TEMPORARY_NAME = r"\.tmp-[A-Za-z0-9_]+\.msgpack\Z"


class Entry:
    """A trusted entry: its dataset, decoded, and where to read its search index, which a
    command that does not search never reads."""

    def __init__(self, dataset: Dataset, location: tuple[Path, Path, bytes, int]) -> None:
        self.dataset = dataset
        self._location = location  # folder, dataset path, key, size limit: for `_read`

    def index(self, records: int) -> SearchIndex | None:
        """The stored index, if there is one for this many records."""
        part = _read(*self._location, part=1)
        if part is None:
            return None
        try:  # an entry written without an index holds null there: not a SearchIndex
            found = msgspec.msgpack.decode(part, type=SearchIndex)
        except (msgspec.DecodeError, ValueError):
            return None
        return found if found.holds(records) else None


@functools.cache
def _decoder() -> msgspec.msgpack.Decoder[Dataset]:
    """Built on the first read of an entry: a cold start, which only writes one, never needs it."""
    return msgspec.msgpack.Decoder(Dataset)


# A file in the cache is opened without following a link, and without blocking on a FIFO.
_UNTRUSTED_OPEN = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def directory(variables: Mapping[str, str]) -> Path | None:
    """$XDG_CACHE_HOME/talks, else $HOME/.cache/talks; None when neither is an absolute path.

    The XDG spec says to ignore a relative XDG_CACHE_HOME; an unset or relative HOME would put
    the cache in / or wherever talks happens to run.
    """
    xdg = variables.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "talks"
    home = variables.get("HOME", "")
    if os.path.isabs(home):
        return Path(home) / ".cache" / "talks"
    return None


PACKAGE = Path(__file__).resolve().parents[1]  # talks_cli, with every sub-package

# Below this many bytes, SHA-256 is computed by CPython's own module: loading OpenSSL's
# (`hashlib`) takes longer than hashing the bundled dataset and its entry without it. Above it,
# OpenSSL's runs on the CPU's SHA instructions where present, several times faster. Both are
# SHA-256: the digests, and so the keys, are the same whichever computes them.
SMALL = 1 << 20


def sha256(data: bytes | memoryview) -> bytes:
    """The SHA-256 digest of `data`."""
    digest: bytes = (_small_sha256() if len(data) < SMALL else _large_sha256())(data).digest()
    return digest


@functools.cache
def _small_sha256() -> Any:
    for name in ("_sha256", "_sha2"):  # CPython 3.11, CPython 3.12 on
        try:
            return __import__(name).sha256
        except ImportError:
            pass
    return _large_sha256()


def _large_sha256() -> Any:
    import hashlib

    return hashlib.sha256


@functools.cache
def code_stamp(package: Path = PACKAGE) -> bytes:
    """A digest of the name, size and modification time (in nanoseconds) of every source file
    of talks in `package`: any change to what decides a dataset's decoded form (schema,
    loader, checks) makes every entry a miss.

    Python itself decides by a file's size and modification time (in seconds) whether to
    compile it again, so the stamp changes whenever the code that runs does; reading and
    hashing every source file at each start would cost more than the rest of a warm start's
    own work.
    """
    parts = [f"{__version__}|{SCHEMA_VERSION}|{msgspec.__version__}"]
    _stamp_parts(package, "", parts)
    return sha256("\0".join(parts).encode())


def _stamp_parts(folder: Path, prefix: str, parts: list[str]) -> None:
    """Each source file under `folder`, sub-packages included (not the bundled data)."""
    with os.scandir(folder) as found:
        for entry in sorted(found, key=lambda each: each.name):
            if entry.name.endswith(".py") and entry.is_file():
                info = entry.stat()
                parts.append(f"{prefix}{entry.name}|{info.st_size}|{info.st_mtime_ns}")
            elif entry.is_dir(follow_symlinks=False) and os.path.isfile(Path(entry.path, "__init__.py")):
                _stamp_parts(Path(entry.path), f"{prefix}{entry.name}/", parts)


def key(data: bytes) -> bytes:
    """The entry key for a dataset with these bytes, read by this version of talks."""
    return sha256(code_stamp() + sha256(data))


def _entry(folder: Path, dataset: Path) -> Path:
    """One entry per dataset path, so switching datasets does not evict the other."""
    return folder / f"{sha256(str(dataset.resolve()).encode()).hex()[:32]}.msgpack"


def _owned(info: os.stat_result) -> bool:
    return info.st_uid == os.geteuid()


def _trusted_directory(folder: Path, *, create: bool, private: bool = True) -> bool:
    """Whether `folder` is a real directory (not a link) of this user's, made if `create`, and,
    if `private`, one only this user can write to."""
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        if not create:
            return False
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            info = os.lstat(folder)
        except OSError:
            return False
    except OSError:
        return False
    shared = bool(info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))
    return stat.S_ISDIR(info.st_mode) and _owned(info) and not (private and shared)


def usable(folder: Path) -> bool:
    """Whether entries can be written in `folder` (made if missing): `put` would store one."""
    return _trusted_directory(folder, create=True)


def get(folder: Path | None, dataset: Path, entry_key: bytes, limit: int) -> Entry | None:
    """The cached dataset for `dataset` if a trusted entry of at most `limit` bytes has
    `entry_key`; None on any miss."""
    if folder is None or not _trusted_directory(folder, create=False):
        return None
    part = _read(folder, dataset, entry_key, limit, part=0)
    if part is None:
        return None
    try:
        return Entry(_decoder().decode(part), (folder, dataset, entry_key, limit))
    except (msgspec.DecodeError, ValueError):
        return None


def _read(folder: Path, dataset: Path, entry_key: bytes, limit: int, *, part: int) -> bytes | None:
    """Part 0 (the dataset) or 1 (its search index) of the entry for `dataset`, if that entry
    is a regular file of this user's, of at most `limit` bytes besides its header, with talks's
    header and `entry_key`, and the part matches its digest; None on any miss."""
    try:
        fd = os.open(_entry(folder, dataset), _UNTRUSTED_OPEN)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not _owned(info) or info.st_size > HEADER_SIZE + limit:
            return None
        header = _read_at(fd, HEADER_SIZE, 0)
        keyed = len(MAGIC) + DIGEST_SIZE
        if (
            len(header) != HEADER_SIZE
            or header[: len(MAGIC)] != MAGIC
            or header[len(MAGIC) : keyed] != entry_key
        ):
            return None
        first = int.from_bytes(header[-8:], "big")
        second = info.st_size - HEADER_SIZE - first
        if first > limit or second < 0:
            return None
        offset, size = (HEADER_SIZE, first) if part == 0 else (HEADER_SIZE + first, second)
        digest = header[keyed + part * DIGEST_SIZE : keyed + (part + 1) * DIGEST_SIZE]
        data = _read_at(fd, size, offset)  # bounded by the size checked above
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) == size and sha256(data) == digest else None


def _read_at(fd: int, size: int, offset: int) -> bytes:
    """Up to `size` bytes of `fd` from `offset` (fewer at the end of the file)."""
    chunks = []
    while size > 0:
        chunk = os.pread(fd, size, offset)
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
        offset += len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def put(
    folder: Path | None,
    dataset_path: Path,
    entry_key: bytes,
    dataset: Dataset,
    search_index: SearchIndex | None = None,
) -> None:
    """Store `dataset` and its search index under `entry_key`; does nothing where the cache
    cannot be trusted or written."""
    if folder is None or not _trusted_directory(folder, create=True):
        return
    first, second = msgspec.msgpack.encode(dataset), msgspec.msgpack.encode(search_index)
    try:
        fd, temporary = _temporary_file(folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(
                    MAGIC + entry_key + sha256(first) + sha256(second) + len(first).to_bytes(8, "big")
                )
                handle.write(first)
                handle.write(second)
            os.replace(temporary, _entry(folder, dataset_path))
        except BaseException:
            os.unlink(temporary)
            raise
        finally:
            PENDING.discard(str(temporary))
    except OSError:
        return  # full disk: correct answers matter more than a warm start
    _evict(folder)


def _temporary_file(folder: Path) -> tuple[int, Path]:
    """A new file in `folder` only this user can read or write, open for writing: what
    tempfile.mkstemp makes (O_EXCL, mode 0600, no link followed), without importing tempfile
    and random on a cold start; registered for a signal handler to remove (`temporary`)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    return claim(
        folder, lambda: f".tmp-{os.urandom(8).hex()}.msgpack", lambda path: os.open(path, flags, 0o600)
    )


def _entries(folder: Path) -> list[tuple[Path, os.stat_result]]:
    """talks's own files in `folder`: regular files owned by this user, with talks's names, and
    (an entry) its header; a temporary file needs none, as one cut short may be empty."""
    found = []
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    for name in names:
        temporary = re.match(TEMPORARY_NAME, name) is not None
        if not (temporary or re.match(ENTRY_NAME, name)):
            continue
        path = folder / name
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and _owned(info) and (temporary or _has_magic(path)):
            found.append((path, info))
    return found


def _has_magic(path: Path) -> bool:
    try:
        fd = os.open(path, _UNTRUSTED_OPEN)
    except OSError:
        return False
    with os.fdopen(fd, "rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


def _evict(folder: Path) -> None:
    entries = sorted(_entries(folder), key=lambda entry: entry[1].st_mtime_ns, reverse=True)
    for path, _ in entries[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            path.unlink()


def clear(folder: Path | None) -> int:
    """Remove talks's own entries, and the temporary files of writes cut short (never other
    files, never through a symlinked directory); the number of entries removed."""
    # Talks's own entries may go even from a directory others can write to; never through a link.
    if folder is None or not _trusted_directory(folder, create=False, private=False):
        return 0
    removed = 0
    for path, _ in _entries(folder):
        try:
            path.unlink()
        except OSError:
            continue
        removed += re.match(ENTRY_NAME, path.name) is not None
    return removed
