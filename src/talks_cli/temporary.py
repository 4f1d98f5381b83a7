"""The temporary paths talks creates (a cache entry being written, an export's private folder, a
target being copied into place), registered so that a signal handler that ends the process at
once (`cli/process`, with `os._exit`, which runs no `finally`) can remove them with `discard`.

A path whose name is ours (a random one) is registered before it is created, so no signal finds
it unlisted; one that is the user's is registered only once created. Plain os calls only: this
runs in signal handlers, where nothing new should be imported.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

PENDING: set[str] = set()


def claim(folder: Path, name: Callable[[], str], create: Callable[[Path], T]) -> tuple[T, Path]:
    """A path in `folder` under a fresh random `name()`, made by `create` (which must fail with
    FileExistsError where something is already there), registered before it exists."""
    for _ in range(100):
        path = folder / name()
        PENDING.add(str(path))
        try:
            return create(path), path
        except FileExistsError:
            PENDING.discard(str(path))
        except BaseException:
            PENDING.discard(str(path))
            raise
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))


def discard() -> None:
    """Remove every registered path: for a signal handler about to call `os._exit`."""
    for path in list(PENDING):
        remove(Path(path))
        PENDING.discard(path)


def remove(path: Path) -> None:
    """Remove a file, or a folder and the files in it; quietly, whatever is already gone."""
    try:
        with os.scandir(path) as entries:
            for entry in entries:
                with suppress(OSError):
                    os.unlink(entry.path)
        os.rmdir(path)
    except NotADirectoryError:
        with suppress(OSError):
            os.unlink(path)
    except OSError:
        pass
