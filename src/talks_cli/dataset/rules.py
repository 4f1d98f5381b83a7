"""The rules on each value of a dataset, one function per rule: the schema (every problem at
its field), the id pattern, and text (no noncharacters, nothing that folding for search would
grow beyond bounds).

Each returns the problems it finds; `load` turns them into one `DataError` with their places.
The rules on how items refer to each other and agree are in `reference_rules`; on what a record
rests on, in `record_rules`; on names, in `names`.
"""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Iterator
from typing import Any

import msgspec

from talks_cli.dataset import fields as shape
from talks_cli.dataset.model import ID_PATTERN, Dataset
from talks_cli.errors import Problem
from talks_cli.text import NONCHARACTERS, fold_limit, folded_size, shorten, suggest, widest_expansion

MAX_GUESSED = 100  # a key longer than this is no slip of the finger: no 'did you mean'

# The fix a missing required field calls for, where its name alone does not say it.
_FIXES = {
    "Event.status": (
        "; give it as its sources say: held (a page reports it took place), declared, planned, "
        "postponed or called-off (no event is held by default)"
    ),
}


def kind_of(value: Any) -> str:
    kinds = {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number"}
    return "null" if value is None else kinds.get(type(value), type(value).__name__)


def schema_problems(value: Any, typ: Any, path: str) -> Iterator[Problem]:
    """Every schema error in `value` read as `typ`, each with the path of its field."""
    if isinstance(typ, type) and issubclass(typ, msgspec.Struct):
        if not isinstance(value, dict):
            yield Problem(f"expected a mapping, found {kind_of(value)}", path=path or "$")
            return
        fields = {f.name: f for f in msgspec.structs.fields(typ)}
        for key in value:
            if key not in fields:
                guess = suggest(str(key), fields) if len(str(key)) <= MAX_GUESSED else None
                hint = f"; did you mean '{guess}'?" if guess else f"; known fields: {', '.join(fields)}"
                # The key is quoted shortened, in the path too: it may be a million characters.
                yield Problem(
                    f"unknown field {shorten(str(key))!r}{hint}", path=_join(path, shorten(str(key)))
                )
        missing = [f.name for f in fields.values() if f.required and f.name not in value]
        if len(missing) == 1:
            fix = _FIXES.get(f"{typ.__name__}.{missing[0]}", "")
            named = isinstance(value.get("id"), str) and fix  # a fix says which item needs it
            item = f"{typ.__name__.lower()} '{shorten(str(value['id']))}' " if named else ""
            yield Problem(f"{item}missing required field '{missing[0]}'{fix}", path=_join(path, missing[0]))
        elif missing:
            # One problem for the item, not one per field each quoting the same line.
            names = ", ".join(f"'{name}'" for name in missing)
            yield Problem(f"missing required fields {names}", path=path or "$")
        for field in fields.values():
            if field.name in value:
                yield from schema_problems(value[field.name], shape.bare(field.type), _join(path, field.name))
        return
    item_type = _struct_list_item(typ)
    if item_type is not None:
        if not isinstance(value, list):
            yield Problem(f"expected a list, found {kind_of(value)}", path=path)
            return
        for index, item in enumerate(value):
            yield from schema_problems(item, item_type, f"{path}[{index}]")
        return
    from talks_cli.dataset.yaml_strict import Oversized

    oversized = next(
        (v for v in (value if isinstance(value, list) else [value]) if isinstance(v, Oversized)), None
    )
    if oversized is not None:
        yield Problem(oversized.problem(), path=path)
        return
    try:
        msgspec.convert(value, typ)
    except msgspec.ValidationError as error:
        message, _, where = str(error).partition(" - at `$")
        yield Problem(_friendly(message), path=path + where.rstrip("`"))
        return
    # The id pattern is not a msgspec constraint (see model.Id): check it here too, so that
    # a file with other schema errors learns of its bad ids in the same run.
    if _holds_ids(typ):
        ids = {f"{path}[{i}]": v for i, v in enumerate(value)} if isinstance(value, list) else {path: value}
        for id_path, id_value in ids.items():
            problem = id_problem(id_value, id_path) if isinstance(id_value, str) else None
            if problem is not None:
                yield problem


def _holds_ids(typ: Any) -> bool:
    """Whether `typ` is an id, a reference, or an optional one or a list of them."""
    if typing.get_origin(typ) is typing.Annotated:
        metas = typ.__metadata__
        if any(
            isinstance(m, msgspec.Meta) and (m.extra_json_schema or {}).get("pattern") == ID_PATTERN
            for m in metas
        ):
            return True
        typ = typing.get_args(typ)[0]
    return any(_holds_ids(arg) for arg in typing.get_args(typ))


def _struct_list_item(typ: Any) -> type | None:
    if typing.get_origin(typ) is list:
        (item,) = typing.get_args(typ)
        if isinstance(item, type) and issubclass(item, msgspec.Struct):
            return item
    return None


def _friendly(message: str) -> str:
    """msgspec's message, with the fix for the common YAML surprise spelled out."""
    message = message.replace("`", "'")
    message = message[:1].lower() + message[1:]
    # Only a value YAML read as another type (12, true, null) is cured by quotes; a text that
    # breaks a pattern or a length limit is not.
    if message.startswith("expected 'str") and ", got '" in message:
        return message + " (put the value in quotes to keep it as text)"
    return message


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


_ID = re.compile(ID_PATTERN)


def id_problem(value: str, path: str) -> Problem | None:
    """The problem with an id that breaks the id pattern, if it does."""
    if _ID.fullmatch(value):
        return None
    return Problem(
        f"id '{shorten(value)}' may hold only lower-case letters, digits and hyphens, "
        "starting with a letter or digit (such as 'r1-ceasefire')",
        path=path,
    )


def text_problems(dataset: Dataset) -> list[Problem]:
    """Every text that holds a noncharacter (U+FFFE, U+FFFF, U+FDD0…), which is no text, and
    which XML (an SVG chart) forbids or JSON readers refuse; and every text that folding for
    search (`text.fold`) would grow beyond `text.fold_limit`: compatibility characters such as
    U+FDFA (18 characters once decomposed) would let a small file build a search index, kept in
    the cache, many times its size."""
    problems: list[Problem] = []
    _text_problems(dataset, "", problems)
    return problems


def _text_problems(item: msgspec.Struct, path: str, problems: list[Problem]) -> None:
    for name, kind in _text_fields(type(item)):
        value = getattr(item, name)
        if not value:
            continue
        if kind == "value":
            if not value.isascii():
                _text_problem(value, _join(path, name), problems)
        elif kind == "values":
            for i, text in enumerate(value):
                if not text.isascii():
                    _text_problem(text, f"{_join(path, name)}[{i}]", problems)
        elif kind == "struct":
            _text_problems(value, _join(path, name), problems)
        else:
            for i, child in enumerate(value):
                _text_problems(child, f"{_join(path, name)}[{i}]", problems)


_NONCHARACTER = re.compile(f"[{NONCHARACTERS}]")


def _text_problem(text: str, path: str, problems: list[Problem]) -> None:
    if (found := _NONCHARACTER.search(text)) is not None:
        code = ord(found.group())
        problems.append(
            Problem(
                f"holds U+{code:04X}, a noncharacter: no text, and invalid in XML (an SVG chart); "
                "remove it (a YAML escape such as \\uFFFE writes one)",
                path=path,
            )
        )
        return
    size, limit = folded_size(text), fold_limit(text)
    if size > limit:
        char, grows_to = widest_expansion(text)
        problems.append(
            Problem(
                f"grows to {size:,} characters when folded for search, more than {limit:,} for its "
                f"{len(text):,}: U+{ord(char):04X} alone becomes {grows_to} characters; write such "
                "characters out in plain letters",
                path=path,
            )
        )


@functools.cache
def _text_fields(cls: type[msgspec.Struct]) -> tuple[tuple[str, str], ...]:
    """The fields of `cls` that may hold any text, or objects that may: (name, shape). Ids and
    references are left out: their pattern allows only ASCII letters, digits and hyphens."""
    return tuple(
        (f.name, f.shape)
        for f in shape.fields(cls)
        if f.shape in ("struct", "structs")
        or (f.type is str and f.name != "id" and f.ref is None and not _is_literal(cls, f.name))
    )


def _is_literal(cls: type[msgspec.Struct], name: str) -> bool:
    hint = _hints(cls)[name]
    return any(typing.get_origin(arg) is typing.Literal for arg in (hint, *typing.get_args(hint)))


@functools.cache
def _hints(cls: type[msgspec.Struct]) -> dict[str, Any]:
    """typing's reading of the annotations of `cls`, once per class: it evaluates every one."""
    return typing.get_type_hints(cls)
