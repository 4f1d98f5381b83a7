"""A cache of validated datasets, so that a warm start skips YAML entirely.

An entry is keyed by a hash of the dataset's bytes and of the code that read them (talks's
version, the schema version and the loader's own files), so it is never stale: an edited
dataset, a new release or a changed schema all miss. Writes are atomic (a temporary file and
`os.replace`); an entry that is corrupt, truncated or from another program is ignored and
rebuilt; a cache directory that cannot be written means running without a cache.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import msgspec

from . import __version__
from .model import SCHEMA_VERSION, Dataset

MAGIC = b"talks-cache\x00"
_decoder = msgspec.msgpack.Decoder(Dataset)


def directory() -> Path:
    """$XDG_CACHE_HOME/talks, else ~/.cache/talks."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "talks"


def _code_stamp() -> bytes:
    # The loader's files: editing the schema or the checks in a checkout invalidates entries.
    here = Path(__file__).parent
    stamps = [str(os.stat(here / name).st_mtime_ns) for name in ("model.py", "load.py")]
    return f"{__version__}|{SCHEMA_VERSION}|{msgspec.__version__}|{'|'.join(stamps)}".encode()


def key(data: bytes) -> bytes:
    """The entry key for a dataset with these bytes, read by this version of talks."""
    # SHA-256 rather than BLAKE2: OpenSSL's runs on the CPU's SHA instructions where present,
    # nearly three times as fast here, and every warm start hashes the whole file.
    digest = hashlib.sha256(_code_stamp())
    digest.update(data)
    return digest.digest()


def _entry(path: Path) -> Path:
    """One entry per dataset path, so switching datasets does not evict the other."""
    name = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:32]
    return directory() / f"{name}.msgpack"


def get(path: Path, entry_key: bytes) -> Dataset | None:
    """The cached dataset at `path` if its entry has `entry_key`, or None on any miss."""
    try:
        blob = _entry(path).read_bytes()
    except OSError:
        return None
    header = len(MAGIC) + len(entry_key)
    if blob[: len(MAGIC)] != MAGIC or blob[len(MAGIC) : header] != entry_key:
        return None
    try:
        return _decoder.decode(memoryview(blob)[header:])
    except (msgspec.DecodeError, ValueError):
        return None  # corrupt or truncated: rebuilt by the caller


def put(path: Path, entry_key: bytes, dataset: Dataset) -> None:
    """Store `dataset` under `entry_key`; silently does nothing if the cache can't be written."""
    import tempfile  # only when writing: a warm start never needs it

    target = _entry(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".msgpack")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(MAGIC + entry_key)
                handle.write(msgspec.msgpack.encode(dataset))
            os.replace(temporary, target)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass  # read-only home, full disk: correct answers matter more than a warm start


def clear() -> int:
    """Remove every entry; the number removed."""
    removed = 0
    try:
        entries = list(directory().glob("*.msgpack"))
    except OSError:
        return 0
    for entry in entries:
        try:
            entry.unlink()
            removed += 1
        except OSError:
            pass
    return removed
