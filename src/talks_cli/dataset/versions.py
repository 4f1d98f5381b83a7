"""Versions of the dataset format: a file uses only what the version it states holds.

A file that says schema_version 2 is read as 3, which only added optional fields and values
(`model.ADDED_IN_3`); so a file of 2 that uses any of them would be read silently as something
it does not say it is. Each such use is refused once, at its first place, with the fix.
"""

from __future__ import annotations

import functools
from typing import Any

import msgspec

from talks_cli.dataset import fields as shape
from talks_cli.dataset.model import ADDED_IN_3, SCHEMA_VERSION, Dataset
from talks_cli.errors import Problem


def version_problems(dataset: Dataset) -> list[Problem]:
    """Each thing version 3 added (`model.ADDED_IN_3`) that a file saying schema_version 2 uses,
    once, at its first place: such a file is told to say 3, not read as if it were 2."""
    version = dataset.schema_version
    if version >= SCHEMA_VERSION:
        return []
    places: dict[str, list[str]] = {}
    _new_fields(dataset, "", places)
    problems = []
    for what, paths in places.items():
        others = len(paths) - 1
        more = f" (and in {others:,} more place{'s' * (others != 1)})" if others else ""
        problems.append(
            Problem(
                f"{what} is new in schema_version {SCHEMA_VERSION}{more}, and this file says schema_version "
                f"{version}: set schema_version: {SCHEMA_VERSION} (docs/changelog.md says what it added)",
                path=paths[0],
            )
        )
    return problems


def _new_fields(item: msgspec.Struct, path: str, places: dict[str, list[str]]) -> None:
    """The paths of what `item` and the objects in it hold that version 3 added, by what it is."""
    defaults = {
        f.name: f.default_factory() if f.default is msgspec.NODEFAULT else f.default
        for f in msgspec.structs.fields(type(item))
        if not f.required
    }
    for name, value in _added(type(item)):
        held = getattr(item, name)
        if (held == defaults.get(name)) if value is _DEFAULT else (held != value):
            continue
        what = f"'{name}'" if value is _DEFAULT else f"{name} {'null' if value is None else repr(value)}"
        places.setdefault(f"{type(item).__name__.lower()} {what}", []).append(_joined(path, name))
    for info in shape.fields(type(item)):
        if info.shape == "struct" and getattr(item, info.name) is not None:
            _new_fields(getattr(item, info.name), _joined(path, info.name), places)
        elif info.shape == "structs":
            for i, child in enumerate(getattr(item, info.name)):
                _new_fields(child, f"{_joined(path, info.name)}[{i}]", places)


_DEFAULT = object()  # in _added: any value but the field's default is new


@functools.cache
def _added(cls: type[msgspec.Struct]) -> tuple[tuple[str, Any], ...]:
    """The fields of `cls` that ADDED_IN_3 names, each with the value that is new (or _DEFAULT)."""
    found = []
    for entry in ADDED_IN_3:
        owner, _, rest = entry.partition(".")
        name, equals, value = rest.partition("=")
        if owner == cls.__name__:
            found.append((name, _DEFAULT if not equals else None if value == "null" else value))
    return tuple(found)


def _joined(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
