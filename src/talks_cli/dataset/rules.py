"""The dataset checks, one function per rule: the schema (every problem at its field), ids,
references, dates, names, implementations, source files and quotes.

Each returns the problems it finds; `load` turns them into one `DataError` with their places.
"""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec

from talks_cli.dataset import fields as shape
from talks_cli.dataset.model import ID_PATTERN, SECTIONS, Dataset, Record
from talks_cli.dataset.reading import source_text
from talks_cli.dataset.record_rules import confirmation_problems, early_report_problems, version_problems
from talks_cli.errors import MAX_REPORTED, Problem
from talks_cli.text import NONCHARACTERS, fold_limit, folded_size, shorten, suggest, widest_expansion


def quote_problems(dataset: Dataset, base: Path) -> list[Problem]:
    """Each quote that is not found, character for character, in its source's stored text."""
    problems = []
    texts: dict[str, str] = {}  # source id to stored text, for the sources that have one
    files: dict[str, str] = {}
    for index, source in enumerate(dataset.sources):
        if source.file is None:
            continue
        files[source.id] = source.file
        try:
            texts[source.id] = source_text(base, source.file)
        except (OSError, ValueError) as error:  # UnicodeDecodeError is a ValueError
            reason = (error.strerror if isinstance(error, OSError) else None) or str(error)
            problems.append(
                Problem(f"cannot read {shorten(source.file)}: {reason}", path=f"sources[{index}].file")
            )
    for index, record in enumerate(dataset.records):
        if record.quote is None or (record.source in files and record.source not in texts):
            continue  # no quote, or its text is unreadable (reported above)
        if record.source not in files:
            problems.append(
                Problem(
                    f"source '{record.source}' has no stored text (file), so the quote cannot be "
                    "checked; add the file or set quote to null",
                    path=f"records[{index}].quote",
                )
            )
        elif record.quote not in texts[record.source]:
            problems.append(
                Problem(
                    f"quote is not found word for word in {files[record.source]}; "
                    "copy it exactly from the source",
                    path=f"records[{index}].quote",
                )
            )
    return problems


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
            problem = _id_problem(id_value, id_path) if isinstance(id_value, str) else None
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


def _id_problem(value: str, path: str) -> Problem | None:
    """The problem with an id that breaks the id pattern, if it does."""
    if _ID.fullmatch(value):
        return None
    return Problem(
        f"id '{shorten(value)}' may hold only lower-case letters, digits and hyphens, "
        "starting with a letter or digit (such as 'r1-ceasefire')",
        path=path,
    )


def _implements_problem(record: Record, outcome_ids: set[str]) -> str | None:
    if record.implements is None:
        return None
    if record.kind != "implementation":
        return (
            f"a record of kind '{record.kind}' implements nothing; only an 'implementation' "
            "record may carry out an outcome"
        )
    if record.implements not in outcome_ids:
        return f"'{shorten(record.implements)}' is not the id of an outcome record"
    return None


def id_problems(dataset: Dataset, *, check_ids: bool = True) -> tuple[list[Problem], dict[str, set[str]]]:
    """Ids well-formed (unless `check_ids` is off: a cache entry's were checked when it was
    parsed) and unique; and the ids of each section, for the reference check."""
    problems: list[Problem] = []
    tables: dict[str, set[str]] = {}
    for section in SECTIONS:
        seen: set[str] = set()
        for index, item in enumerate(getattr(dataset, section)):
            # References need no such check: each must equal an id that passed it.
            problem = _id_problem(item.id, f"{section}[{index}].id") if check_ids else None
            if problem is not None:
                problems.append(problem)
            if item.id in seen:
                problems.append(
                    Problem(f"duplicate id '{item.id}'; ids must be unique", path=f"{section}[{index}].id")
                )
            seen.add(item.id)
        tables[section] = seen
    return problems, tables


def reference_problems(dataset: Dataset, *, check_ids: bool = True) -> list[Problem]:
    """Every rule on how items refer to each other, each problem at its field: ids (see
    `id_problems`), source files inside the dataset's folder, every reference (a field typed
    as the id of a section, in `model`) leading to something the dataset defines, every record
    and document dated, and implementations linked to outcomes."""
    problems, tables = id_problems(dataset, check_ids=check_ids)
    for i, source in enumerate(dataset.sources):
        if source.file is not None and (wrong := _file_problem(source.file)):
            problems.append(Problem(wrong, path=f"sources[{i}].file"))
    for section in SECTIONS:
        for i, item in enumerate(getattr(dataset, section)):
            for path, target, value in shape.references(item, f"{section}[{i}]"):
                if value not in tables[target]:
                    # A guess only for the problems a report prints: difflib is slow on long lists.
                    guess = suggest(value, tables[target]) if len(problems) < MAX_REPORTED else None
                    hint = f"; did you mean '{guess}'?" if guess else f"; add it to {target}"
                    problems.append(Problem(f"'{shorten(value)}' is not in {target}{hint}", path=path))
    problems += date_problems(dataset)
    outcome_ids = {r.id for r in dataset.records if r.kind == "outcome"}
    for i, record in enumerate(dataset.records):
        if (wrong := _implements_problem(record, outcome_ids)) is not None:
            problems.append(Problem(wrong, path=f"records[{i}].implements"))
    return problems


def date_problems(dataset: Dataset) -> list[Problem]:
    """Every record and document can be dated: by its own date, else (a record) by its
    document's, else by its event's."""
    problems = []
    for i, record in enumerate(dataset.records):
        if record.date is None and record.event is None and record.document is None:
            problems.append(
                Problem("a record needs a date, an event or a document to date it", path=f"records[{i}]")
            )
    for i, document in enumerate(dataset.documents):
        if document.date is None and document.event is None:
            problems.append(Problem("a document needs a date or an event to date it", path=f"documents[{i}]"))
    return problems + early_report_problems(dataset)


def _file_problem(file: str) -> str | None:
    """What is wrong with a source's `file` as a path, before it is ever opened."""
    parts = Path(file).parts
    if Path(file).is_absolute() or ".." in parts or not parts:
        return (
            f"'{shorten(file)}' must be a relative path inside the dataset's folder "
            "(such as sources/article.txt)"
        )
    return None


_DATE_LIKE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def consistency_problems(dataset: Dataset) -> list[Problem]:
    """What a dataset says that contradicts itself, or that a derived label would misread,
    each at its field: a range whose upper end is below its low end, an event that ends before
    it begins, one id for two kinds of object (`show ID` could reach only one), an event id
    that --event would read as a date, a record mediated, reported or concerning its own side,
    a record confirmed by its own source or twice by one page, a version of a dispute about an
    event's field that belongs to another event, and `completes` on anything but an
    implementation."""
    problems: list[Problem] = []
    owners: dict[str, str] = {}
    for section in SECTIONS:
        for i, item in enumerate(getattr(dataset, section)):
            owner = owners.setdefault(item.id, section)
            if owner != section:
                problems.append(
                    Problem(
                        f"'{item.id}' is also the id of one of the {owner}; an id must name one "
                        "thing, in every section: rename one of them",
                        path=f"{section}[{i}].id",
                    )
                )
    for i, event in enumerate(dataset.events):
        if _DATE_LIKE.fullmatch(event.id):
            problems.append(
                Problem(
                    f"event id '{event.id}' reads as a date, a month or a year to --event; "
                    "give it a name (such as round-1 or summit-2025-06)",
                    path=f"events[{i}].id",
                )
            )
        if event.end is not None and event.end < event.date:
            problems.append(
                Problem(
                    f"the event ends ({event.end}) before it begins ({event.date})", path=f"events[{i}].end"
                )
            )
    for i, dispute in enumerate(dataset.disputes):
        if dispute.field is not None and dispute.event is None:
            problems.append(
                Problem(
                    f"field '{dispute.field}' is a field of the dispute's event, and it names none: "
                    "give its event (event: ID), or remove field",
                    path=f"disputes[{i}].field",
                )
            )
    event_of = {d.id: d.event for d in dataset.disputes if d.event is not None and d.field is not None}
    urls = {s.id: s.url for s in dataset.sources if s.url}
    for i, record in enumerate(dataset.records):
        where = f"records[{i}]"
        for j, figure in enumerate(record.figures):
            if figure.upper is not None and figure.upper < figure.value:
                problems.append(
                    Problem(
                        f"the range's upper end ({figure.upper:,}) is below its value ({figure.value:,}); "
                        "value is the low end",
                        path=f"{where}.figures[{j}].upper",
                    )
                )
        if record.side is not None:
            own = f"'{record.side}' is the record's own side; "
            for j, mediator in enumerate(record.mediators):
                if mediator == record.side:
                    problems.append(
                        Problem(
                            own + "a side does not mediate its own exchange", path=f"{where}.mediators[{j}]"
                        )
                    )
            if record.reported_by == record.side:
                problems.append(
                    Problem(
                        own + "reported_by is for another who reported it: remove it",
                        path=f"{where}.reported_by",
                    )
                )
            if record.concerns == record.side:
                problems.append(
                    Problem(own + "concerns is for whom a claim is about, when not its side: remove it",
                            path=f"{where}.concerns")
                )  # fmt: skip
        if record.date_precision != "day" and record.date is None:
            problems.append(
                Problem(
                    "date_precision says how precise the record's own date is, and it has none: "
                    "give its date, or remove date_precision",
                    path=f"{where}.date_precision",
                )
            )
        elif record.date_precision == "month" and record.date is not None and record.date.day != 1:
            problems.append(
                Problem(
                    f"a date of month precision is its month's first day: write "
                    f"{record.date.replace(day=1)} for {record.date:%Y-%m}, or set date_precision: day",
                    path=f"{where}.date",
                )
            )
        problems += confirmation_problems(record, where, urls) + version_problems(record, where, event_of)
        if record.completes and record.kind != "implementation":
            problems.append(
                Problem(
                    f"a record of kind '{record.kind}' completes nothing; only an 'implementation' "
                    "that carries out an outcome may complete it",
                    path=f"{where}.completes",
                )
            )
    return problems


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
