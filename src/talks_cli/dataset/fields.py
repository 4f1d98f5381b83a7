"""The model read as data: for each kind of object, its fields and what each one holds.

`model` is the one description of a dataset; everything that must list its fields (the
reference checks, the CSV and SQLite exports, the JSON keys a listing offers, the JSON
reference in the docs) reads them from here instead of naming them again, so adding a field
to the model is one edit.
"""

from __future__ import annotations

import datetime
import functools
import types
import typing
from typing import Any, Literal, NamedTuple

import msgspec

from talks_cli.dataset import model

Shape = Literal["value", "struct", "values", "structs"]


class FieldInfo(NamedTuple):
    name: str
    shape: Shape  # one value, one nested object, a list of values, a list of objects
    type: Any  # the value's Python type (str, int, bool, datetime.date), or the nested Struct
    ref: str | None  # for an id of another item: the section it points into
    required: bool  # has no default: always present
    nullable: bool  # may be null
    description: str  # what it means, from the model (`model._means`)


@functools.cache
def fields(cls: type[msgspec.Struct]) -> tuple[FieldInfo, ...]:
    """The fields of `cls` in the model's order."""
    hints = typing.get_type_hints(cls, include_extras=True)
    defaults = {f.name: f.required for f in msgspec.structs.fields(cls)}
    found = []
    for name, described in hints.items():
        if name not in defaults:
            continue
        hint, description = _meaning(described)
        base, nullable = _strip_none(hint)
        items = _list_item(base)
        inner = items if items is not None else base
        plain, ref = _unannotated(inner)
        is_struct = isinstance(plain, type) and issubclass(plain, msgspec.Struct)
        shape: Shape = (
            ("structs" if is_struct else "values")
            if items is not None
            else ("struct" if is_struct else "value")
        )
        found.append(FieldInfo(name, shape, plain, ref, defaults[name], nullable, description))
    return tuple(found)


def _meaning(hint: Any) -> tuple[Any, str]:
    """A field's type without the description wrapped around it (`model._means`), and that
    description: the last one given, so a field's own wins over its type's (`Id`'s)."""
    if typing.get_origin(hint) is not typing.Annotated:
        return hint, ""
    given = [m.description for m in hint.__metadata__ if isinstance(m, msgspec.Meta) and m.description]
    inner = typing.get_args(hint)[0]
    # Annotated[X | None, meaning] wraps a union: unwrapped, the union says what is nullable.
    # Annotated[str, ref, meaning] stays whole: its metadata says what a reference points into.
    unwrapped = typing.get_origin(inner) in (typing.Union, types.UnionType)
    return (inner if unwrapped else hint), (given[-1] if given else "")


def bare(hint: Any) -> Any:
    """`hint` without the meaning the model wraps around a field's type (`model._means`): what
    a type's own checks see (a list of records, not an annotated one)."""
    if typing.get_origin(hint) is typing.Annotated and all(
        isinstance(m, msgspec.Meta) and m == msgspec.Meta(description=m.description)
        for m in hint.__metadata__
    ):
        return typing.get_args(hint)[0]
    return hint


def describe(key: str, *kinds: str) -> str:
    """What `key` means in an object of the first of `kinds` that says: a kind names a class of
    the model (its field `key`) or a view's objects (`timeline`, `total`), and either may have
    derived keys of its own (`Event.records`); else what the bare key means where talks derives
    it (`when`); "" when nothing says."""
    for kind in kinds:
        cls = getattr(model, kind, None)
        if isinstance(cls, type) and issubclass(cls, msgspec.Struct):
            info = next((f for f in fields(cls) if f.name == key), None)
            if info is not None:
                return info.description
        if specific := DERIVED.get(f"{kind}.{key}"):
            return specific
    return DERIVED.get(key, "")


def names(cls: type[msgspec.Struct]) -> tuple[str, ...]:
    """The names of the fields of `cls` in the model's order, as `fields` gives them, without
    evaluating a single annotation: what a listing needs on the warm path (typing's
    introspection costs more there than a listing's own work)."""
    return cls.__struct_fields__


def _strip_none(hint: Any) -> tuple[Any, bool]:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0], len(args) < len(typing.get_args(hint))
    return hint, False


def _list_item(hint: Any) -> Any | None:
    plain, _ = _unannotated(hint)
    if typing.get_origin(plain) is list:
        return typing.get_args(plain)[0]
    return None


def _unannotated(hint: Any) -> tuple[Any, str | None]:
    """The type under Annotated, and the section a reference points into (model._ref)."""
    ref = None
    if typing.get_origin(hint) is typing.Annotated:
        for meta in hint.__metadata__:
            if isinstance(meta, msgspec.Meta) and meta.extra and "ref" in meta.extra:
                ref = meta.extra["ref"]
        hint = typing.get_args(hint)[0]
    if typing.get_origin(hint) is typing.Literal:
        return str, ref
    if typing.get_origin(hint) is typing.Annotated:  # Annotated[list[...]] inside
        return _unannotated(hint)[0], ref
    return hint, ref


def section_type(section: str) -> type[msgspec.Struct]:
    """The kind of object a list of the dataset holds (`records` -> Record)."""
    info = next(f for f in fields(model.Dataset) if f.name == section)
    return typing.cast(type[msgspec.Struct], info.type)


def singular(plural: str) -> str:
    """One of a list's items, as a name: people -> person, aliases -> alias."""
    irregular = {"people": "person", "aliases": "alias", "related": "related", "confirmed_by": "confirmation"}
    return irregular.get(plural, plural.removesuffix("s"))


def choices(cls: type[msgspec.Struct], name: str) -> tuple[str, ...]:
    """The values a Literal field may take (a record's status), for docs and checks."""
    hint, _ = _meaning(typing.get_type_hints(cls, include_extras=True)[name])
    base, _ = _strip_none(hint)
    while typing.get_origin(base) is typing.Annotated:
        base = typing.get_args(base)[0]
    return tuple(typing.get_args(base)) if typing.get_origin(base) is typing.Literal else ()


def type_name(info: FieldInfo) -> str:
    """How the docs name a field's type: text, integer, date, true/false, an id of …, a list of …"""
    if info.ref:
        one = f"id of a {singular(info.ref)}"
    elif info.shape in ("struct", "structs"):
        one = f"object ({info.type.__name__})"
    else:
        one = {str: "text", int: "integer", bool: "true/false", datetime.date: "date (YYYY-MM-DD)"}.get(
            info.type, getattr(info.type, "__name__", str(info.type))
        )
    text = f"list of {one}" if info.shape in ("values", "structs") else one
    return text + (" or null" if info.nullable else "")


def references(item: msgspec.Struct, path: str) -> typing.Iterator[tuple[str, str, str]]:
    """(path, section, id) for every reference `item` holds, nested objects included."""
    for name, ref, shape in _linking(type(item)):
        value = getattr(item, name)
        if not value:  # None, or an empty list (an id is never empty)
            continue
        where = f"{path}.{name}"
        if ref is not None:
            if shape == "values":
                for index, each in enumerate(value):
                    yield f"{where}[{index}]", ref, each
            else:
                yield where, ref, value
        elif shape == "struct":
            yield from references(value, where)
        else:
            for index, each in enumerate(value):
                yield from references(each, f"{where}[{index}]")


@functools.cache
def _linking(cls: type[msgspec.Struct]) -> tuple[tuple[str, str | None, Shape], ...]:
    """The fields of `cls` that may hold a reference: ids of other items, and nested objects."""
    return tuple(
        (info.name, info.ref, info.shape)
        for info in fields(cls)
        if info.ref is not None or info.shape in ("struct", "structs")
    )


# What each key talks derives from a dataset means, where its output (JSON, the SQLite export)
# adds it to the model's fields (whose meanings the model gives, `model._means`): the docs and
# the Datasette metadata read every meaning through `describe`. A key
# `Kind.key` is for that kind of object alone (`Event.records`), where the bare key's meaning,
# or a field's of that name, would be wrong.
DERIVED: dict[str, str] = {
    "type": "What the item is: record, event, document, dispute, source, actor, person, topic or question.",
    "when": "The record's date: its own, else its event's, else its document's (YYYY-MM-DD).",
    "when_precision": "How precise `when` is (day, about or month), from what gives the date.",
    "when_end": "The last day of the event's span a record is dated by, where it lasted several days.",
    "caveat": (
        "Who says so: reported by, unconfirmed, a mirror or aggregator, a kind of page not stated, "
        "one version of a dispute (null when none)."
    ),
    "url": "The address of the source it rests on.",
    "cite": "The citation of the source it rests on (APA).",
    "matched_in": "Where the words were found outside the item's own text (for a thing: its fields).",
    "matched": "Each word searched for, to where it was found at best: summary, id, event, topic alias…",
    "score": "What a search hit scored: the points of the places its words were found in (docs/search.md).",
    "progress": "How far an outcome was carried out, derived from the records that carry it out.",
    "delivered": (
        "For each figure an outcome sets, what its implementations delivered: {value, qualifier, upper}."
    ),
    "delivery_notes": "How a stage was counted where its source names its parts apart (390: 270 and 120).",
    "ends": "The last day of a time-bound outcome (a truce, or one that sets a duration), else null.",
    "rests_on": "The records and disputes an outcome's progress rests on, in words.",
    "implemented_by": (
        "The records that implement the outcome, in date order: those that carry it out, and any "
        "that says it was refused or called off (status rejected)."
    ),
    "implemented_on": "The dates of those records.",
    "verdict": "clash, agree or differ (a question); also no shared question or one side only (a topic).",
    "findings": "Each question two sides spoke to, with its verdict over all and at each event.",
    "at_events": "The verdict at each event (or date) where two sides spoke to the question.",
    "held": "Each side's latest stance on the question, in words.",
    "stances": "Each side's (or document's) records on the topic, in date order.",
    "by_event": "Each event's (or date's) records of the side on the topic.",
    "label": "The topic's label.",
    "sides": "An event's parties, a document's authors, an implementation's side.",
    "disputed": "The fields of an event its records dispute, each to its dispute's id.",
    "date_dispute": "The dispute over the event's date, where its records disagree.",
    "provisions": "The records that state the document's provisions.",
    "versions": "The records that give each version, in date order.",
    "context": "What a record belongs to: its source, event, dispute, progress and related records.",
    "record": "The id of the record that states the figure.",
    "addable": "Whether a total adds the figure: what an implementation delivered, not a running total.",
    "counts": "How many of each kind of thing the dataset holds.",
    "first": "The earliest date of a record or event.",
    "last": "The latest date of a record or event.",
    "pages": "How many sources are of each kind of page.",
    "sources_without_title": "Sources whose page's title is not known.",
    "sources_without_date": "Sources whose page's date is not known.",
    "compiled_from": "How the dataset was compiled: its own lists of facts (id, title, file), never cited.",
    "roles": "A person's role at each event, in date order: {event, date, side, role (head or member)}.",
    "confirms": "The sources this one confirms.",
    "mediated": "The records of what the actor mediated.",
    "chaired": "The events the person chaired.",
    # `talks show EVENT`
    "Event.disputes": "The disputes about the event's fields, each with its question, field and versions.",
    "Event.documents": "The ids of the documents put forward at the event.",
    "Event.records": "The ids of the event's records.",
    # `talks show RECORD`: what `context` holds
    "context.source": "The record's source, in full.",
    "context.event": "The record's event, in full (null when none).",
    "context.dispute": "The dispute it is a version of: its id, its question and every version in full.",
    "context.progress": "For an outcome: how far it was carried out.",
    "context.implemented_by": (
        "For an outcome: the ids of the records that implement it (carry it out, or say it was refused)."
    ),
    "context.related": "The ids of its related records.",
    # `talks figures --total`: one total for each kind of figure and unit
    "total.value": "The sum of the figures added, its low end (of each dispute, its lowest version only).",
    "total.upper": "For a sum of ranges: its high end (null when the sum is not a range).",
    "total.qualifier": (
        "How exact the sum is: as exact as the least exact figure added; 'at least' where something "
        "in its range is not counted."
    ),
    "total.from": "The date of the first figure added.",
    "total.to": "The date of the last figure added.",
    "total.records": "The ids of the records whose figures are added, in date order.",
    "total.left_out": (
        "What the total does not hold, each {record, reason, why}: reason 'no number', 'only reported' or "
        "'running total' (then the total is 'at least'), or 'higher version' of a dispute."
    ),
    # `talks timeline`: events, documents and what carried out an outcome
    "timeline.date": "The day: an event's first, a document's, or that of what was carried out.",
    "timeline.type": "An event's kind (round, call…), document, or what was carried out (an exchange…).",
    "timeline.id": "The id of the event, document or record.",
    "timeline.event": "The event it belongs to (null when none).",
    "timeline.title": "An event's name, place and venue; a document's title; a record's summary.",
    "timeline.sources": "The sources it rests on.",
    "timeline.date_precision": "How precise the date is (day, about or month).",
}
