"""Find a dataset and make it a typed, checked `Dataset`: the only door into one.

The steps live in their own modules: `reading` (bounded bytes), `yaml_strict` (plain data
with places), `checks` (one function per rule) and `cache` (a trusted, parsed copy). Every
failure becomes a `DataError` whose problems name the file, the line and column where known,
the field path (`records[3].side`) and what to do. Nothing else escapes: a hostile file gets a
message, never a traceback, a hang or executed code.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import msgspec

from talks_cli.dataset import cache
from talks_cli.dataset import index as search
from talks_cli.dataset.index import SearchIndex
from talks_cli.dataset.model import READABLE_VERSIONS, SCHEMA_VERSION, Dataset
from talks_cli.dataset.reading import (
    ENV_DATA,
    STARTS_WITH,
    check_encoding,
    check_items,
    read_bytes,
    read_dataset,
    text_of,
)
from talks_cli.errors import DataError, Problem

# `checks` and `yaml_strict` (and with them `shape`, typing's introspection and PyYAML) are
# imported only where a file is parsed: a warm start from a trusted entry needs none of them.


def bundled_path() -> Path:
    """The dataset shipped with talks."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "data" / "positions.yaml"  # the wheel puts it there
    if packaged.is_file():
        return packaged
    # An editable install runs from the repository, where data/ sits beside src/.
    return package.parents[1] / "data" / "positions.yaml"


def dataset_path(option: Path | None, variables: Mapping[str, str]) -> Path:
    """The file to read: `--data`, else $TALKS_DATA, else the bundled dataset."""
    chosen = option or variables.get(ENV_DATA)
    return Path(chosen) if chosen else bundled_path()


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a dataset is built.

    Building 100,000 records makes millions of objects, and each batch of new objects wakes the
    collector to traverse them all again: that doubles the time of a YAML parse or a cache
    decode. A dataset holds no reference cycles (aliases are refused), so there is nothing for
    it to find; objects freed in the meantime are still freed by reference counting.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# An entry is a compact binary form of the dataset: this many times the YAML's size is far more
# than any real entry needs, and bounds what a planted one can make talks read.
CACHE_SIZE_FACTOR = 4


def load(path: Path, *, cache_dir: Path | None = None) -> Dataset:
    """The validated dataset at `path`, from the cache in `cache_dir` (if any) when current."""
    return load_indexed(path, cache_dir=cache_dir)[0]


def load_indexed(path: Path, *, cache_dir: Path | None = None) -> tuple[Dataset, Callable[[], SearchIndex]]:
    """The validated dataset at `path`, and a function that gives its search index: read from
    the cache entry, where it is stored with the dataset, else built with it."""
    raw, regular = read_dataset(path)
    if cache_dir is None or not regular:  # a pipe or /dev/stdin: new bytes each time, never cached
        dataset = parse(raw, str(path))
        return dataset, lambda: search.build(dataset)
    entry_key, limit = cache.key(raw), CACHE_SIZE_FACTOR * len(raw) + 65536
    del raw  # not held while an entry is read and decoded: a warm start's peak memory
    with _collector_paused():
        cached = cache.get(cache_dir, path, entry_key, limit)
    if cached is not None:
        # Trusted (cache.get): talks's own entry, from this user's private directory, with the
        # key of these bytes and this code, and a body matching its digest. So it is what
        # `put` below wrote after every check of `parse` passed on these very bytes, and the
        # checks are not run again (README, "The cache, and when it is trusted").
        return cached.dataset, _stored_index(cached, cache_dir, path, entry_key)
    # A miss: read again, and key the new entry by the bytes that are parsed (the file may have
    # changed since), so that no entry is ever stored under another content's key.
    raw, regular = read_dataset(path)
    entry_key = cache.key(raw)
    dataset = parse(raw, str(path))
    if not cache.usable(cache_dir):
        return dataset, lambda: search.build(dataset)
    # The search index is built with the entry, so that the first search after any command
    # finds it there (folding every record is most of a search's work).
    built = search.build(dataset)
    cache.put(cache_dir, path, entry_key, dataset, built)
    return dataset, lambda: built


def _stored_index(
    entry: cache.Entry, cache_dir: Path, path: Path, entry_key: bytes
) -> Callable[[], SearchIndex]:
    """The index stored in `entry`, decoded when a search first asks for it; rebuilt (and the
    entry rewritten with it) only if it is missing or does not fit the dataset."""

    def search_index() -> SearchIndex:
        found = entry.index(len(entry.dataset.records))
        if found is None:
            found = search.build(entry.dataset)
            cache.put(cache_dir, path, entry_key, entry.dataset, found)
        return found

    return search_index


def validate_file(path: Path) -> Dataset:
    """Everything `load` checks, and every quote against the stored text of its source."""
    from talks_cli.dataset import reference_rules

    raw = read_bytes(path)
    dataset = parse(raw, str(path))
    problems = reference_rules.quote_problems(dataset, path.parent)
    if problems:
        from talks_cli.dataset.yaml_strict import locate

        raise DataError(str(path), locate(text_of(raw), problems))
    return dataset


@_collector_paused()
def parse(data: bytes, name: str) -> Dataset:
    """Decode, parse and validate the bytes of a dataset named `name` in messages."""
    from talks_cli.dataset.yaml_strict import parse_yaml

    check_encoding(data, name)
    check_items(data, name)
    # libyaml reads the bytes themselves; the text is decoded again only for an error message,
    # so a large file is not held twice (bytes and text) while its records are built.
    raw = parse_yaml(data, name)
    return _validate(raw, data, name)


def _migration(version: int) -> str:
    """How to bring a file of an older `version` up to this one (docs/changelog.md)."""
    steps = [
        "give each event a kind (round, summit…) and its host as a participant, each document "
        "a kind and its side as authors"
    ] if version < 3 else []  # fmt: skip
    steps.append(
        "give each event its status (held, declared, planned, postponed or called-off: none is "
        "held by default), and move each source's confirmed_by to the records whose fact the "
        "confirming page carries, as confirmed_by: [{source: ID, locator: where on the page}]"
    )
    return f"to migrate, {'; '.join(steps)}; then set schema_version: {SCHEMA_VERSION} (docs/changelog.md)"


def _validate(raw: Any, data: bytes, name: str) -> Dataset:
    from talks_cli.dataset import names, reference_rules
    from talks_cli.dataset import rules as checks
    from talks_cli.dataset.yaml_strict import locate

    if raw is None:
        raise DataError(name, [Problem(f"holds no data; {STARTS_WITH}")])
    if not isinstance(raw, dict):
        raise DataError(
            name,
            [
                Problem(
                    f"expected a mapping of schema_version, sources, actors, …; found {checks.kind_of(raw)}"
                )
            ],
        )
    version = raw.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version not in READABLE_VERSIONS:
        readable = " or ".join(map(str, READABLE_VERSIONS))
        raise DataError(
            name,
            [
                Problem(
                    f"talks reads schema_version {readable}, not {version}; "
                    + (_migration(version) if version < SCHEMA_VERSION else "upgrade talks"),
                    path="schema_version",
                )
            ],
        )
    try:
        dataset = msgspec.convert(raw, Dataset)
    except msgspec.ValidationError:
        # The fast path stops at the first error; walk again to report all of them.
        problems = list(checks.schema_problems(raw, Dataset, ""))
        raise DataError(name, locate(text_of(data), problems)) from None
    problems = reference_rules.reference_problems(dataset) + names.name_problems(dataset)
    problems += reference_rules.consistency_problems(dataset) + checks.text_problems(dataset)
    if problems:
        raise DataError(name, locate(text_of(data), problems))
    return dataset
