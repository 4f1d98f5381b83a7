"""Bounded reading: the bytes of a dataset or of a source's stored text, refused before they
can fill memory, and checked to be UTF-8 text."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from talks_cli.dataset.model import SCHEMA_VERSION
from talks_cli.errors import DataError, Problem

ENV_DATA = "TALKS_DATA"
UTF8_BOM = b"\xef\xbb\xbf"
STARTS_WITH = f"a dataset starts with 'schema_version: {SCHEMA_VERSION}'"
MAX_FILE_BYTES = 256 * 1024 * 1024  # a dataset of 100,000 records is about 60 MiB
# Memory follows the number of YAML items (each scalar, list and mapping costs some 350 to 500
# bytes while it is built), not the bytes: "[0,0,0,…]" is one item per 2 bytes. Real datasets
# hold one per 10 to 14 bytes; 100,000 records are about 2.7 million items.
MAX_ITEMS = 6_000_000
MIN_BYTES_PER_ITEM = 4
DENSE_ITEMS = 100_000  # below this many, density costs at most some 50 MB: no need to refuse
# Every item but the first starts after one of these bytes, so their count bounds the items.
_ITEM_STARTS = (b"\n", b",", b"[", b"{", b"-", b":")


def read_bytes(path: Path) -> bytes:
    return read_dataset(path)[0]


def read_dataset(path: Path) -> tuple[bytes, bool]:
    """The bytes of the dataset at `path`, and whether it is a regular file."""
    name = str(path)
    too_large = Problem(f"is larger than talks reads: at most {MAX_FILE_BYTES:,} bytes")
    try:
        info = path.stat()
        if info.st_size > MAX_FILE_BYTES:
            raise DataError(name, [too_large])
        with path.open("rb") as handle:
            # Read one byte past the limit: a file that grows, or a device, stays bounded.
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise DataError(name, [Problem(f"no such file; check the path, --data or ${ENV_DATA}")]) from None
    except PermissionError:
        raise DataError(name, [Problem("permission denied; make the file readable")]) from None
    except IsADirectoryError:
        raise DataError(name, [Problem("is a directory; give the path of a .yaml file")]) from None
    except OSError as error:
        raise DataError(name, [Problem(f"cannot be read: {error.strerror or error}")]) from None
    if len(data) > MAX_FILE_BYTES:
        raise DataError(name, [too_large])
    return data, stat.S_ISREG(info.st_mode)


def check_items(data: bytes, name: str) -> None:
    """Refuse, before building anything, a file that could hold more items than memory allows."""
    bound = 1 + sum(data.count(start) for start in _ITEM_STARTS)
    if bound > MAX_ITEMS or (bound > DENSE_ITEMS and bound * MIN_BYTES_PER_ITEM > len(data)):
        raise DataError(
            name,
            [
                Problem(
                    f"may hold up to {bound:,} YAML items in {len(data):,} bytes; talks reads at most "
                    f"{MAX_ITEMS:,} items, and at most one per {MIN_BYTES_PER_ITEM} bytes, so that "
                    "its memory stays bounded; split the file or write each value out"
                )
            ],
        )


def check_encoding(data: bytes, name: str) -> None:
    if not data.strip():
        raise DataError(name, [Problem(f"is empty; {STARTS_WITH}")])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError(name, [Problem("is UTF-16; save it as UTF-8")])
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = line_and_column(data, error.start)
        bad = data[error.start : error.start + 1].hex()
        message = f"byte 0x{bad} is not UTF-8; save the file as UTF-8"
        raise DataError(name, [Problem(message, line=line + 1, column=column + 1)]) from None


def text_of(data: bytes) -> str:
    """The text of bytes already checked to be UTF-8, without a byte-order mark."""
    return data.decode("utf-8-sig")


def line_and_column(data: bytes, offset: int) -> tuple[int, int]:
    """The 0-based line and column, in characters, of the byte at `offset` in `data`."""
    start = len(UTF8_BOM) if data.startswith(UTF8_BOM) else 0
    line_start = max(start, data.rfind(b"\n", 0, offset) + 1)
    column = len(data[line_start:offset].decode("utf-8", "replace"))
    return data.count(b"\n", 0, offset), column


MAX_SOURCE_BYTES = 16 * 1024 * 1024  # a stored article is a few kilobytes


def source_text(base: Path, file: str) -> str:
    """The stored text of a source: a regular file inside `base` (symlinks resolved), at most
    MAX_SOURCE_BYTES; OSError or ValueError with the reason otherwise."""
    folder = base.resolve()
    path = (base / file).resolve()
    if not path.is_relative_to(folder):
        raise ValueError("it leads outside the dataset's folder (through a link)")
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # a FIFO cannot hang us
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError("it is not a regular file")
        data: bytes = handle.read(MAX_SOURCE_BYTES + 1)
    if len(data) > MAX_SOURCE_BYTES:
        raise ValueError(f"it is larger than {MAX_SOURCE_BYTES:,} bytes")
    return data.decode("utf-8")


OPENING_WORDS = 12  # at most, of a stored text's first words
_CLAUSE_END = re.compile(r"[,;:.!?…]")


def source_opening(base: Path, file: str) -> str | None:
    """The first words of a source's stored text, to describe an untitled text by: its first
    clause, at most OPENING_WORDS words, with " …" where the text goes on; None where the text
    cannot be read or holds no words."""
    try:
        text = source_text(base, file)[:4096]
    except (OSError, ValueError):
        return None
    words = _CLAUSE_END.split(text, maxsplit=1)[0].split()[:OPENING_WORDS]
    if not words:
        return None
    opening = " ".join(words)
    goes_on = any(char.isalnum() for char in " ".join(text.split())[len(opening) :])
    return opening + " …" if goes_on else opening
