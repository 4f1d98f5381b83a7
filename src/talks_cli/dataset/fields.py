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
    description: str  # from the model's comments, for the docs


@functools.cache
def fields(cls: type[msgspec.Struct]) -> tuple[FieldInfo, ...]:
    """The fields of `cls` in the model's order."""
    hints = typing.get_type_hints(cls, include_extras=True)
    defaults = {f.name: f.required for f in msgspec.structs.fields(cls)}
    found = []
    for name, hint in hints.items():
        if name not in defaults:
            continue
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
        found.append(FieldInfo(name, shape, plain, ref, defaults[name], nullable, _description(cls, name)))
    return tuple(found)


def _description(cls: type[msgspec.Struct], name: str) -> str:
    """What the field `name` of `cls` means: its own entry (`Person.title`), else the entry
    its name shares with other fields (`title`)."""
    return _DESCRIPTIONS.get(f"{cls.__name__}.{name}") or _DESCRIPTIONS.get(name, "")


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
    hint = typing.get_type_hints(cls, include_extras=True)[name]
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


# What each field means, for the JSON reference in docs/ and the SQLite export's Datasette
# metadata (a field missing here is documented by its type alone; a test lists those). A key
# `Class.field` is for that field alone, where the meaning its name has elsewhere is wrong.
_DESCRIPTIONS: dict[str, str] = {
    "Dataset.sources": "The pages and texts the records cite.",
    "Dataset.people": "People named in the talks: negotiators, leaders, envoys.",
    "Person.title": "The person's office, where the sources give it.",
    "Delegation.side": "The side the delegation represents.",
    "Stance.question": "The question the stance is on.",
    "Dispute.event": "The event whose field the versions disagree on (null when none).",
    "Term.name": "The word, as the records usually write it (foreign ministry).",
    "Term.aliases": "Other ways it is written (MFA, МИД): a search for any finds them all.",
    "terms": "Words of the field and their abbreviations, which a search treats as one.",
    "id": "Stable identifier.",
    "title": "The title; for a source, the page's own (null where it is not known).",
    "kind": "What kind of item it is (see the allowed values).",
    "page": "What kind of page a source is: outlet, official, mirror or aggregator.",
    "mirror_of": "For a mirror: the outlet whose article it copies.",
    "confirmed_by": "Other pages that carry the record's fact, each with where on the page it stands.",
    "Confirmation.source": "A page that carries the record's fact (never the record's own source).",
    "Confirmation.locator": "Where on that page the fact stands.",
    "language": "Language of the source (ISO 639).",
    "publisher": "The site or organisation that published the page.",
    "published": "The page's date of publication, where known.",
    "url": "The page's address.",
    "file": "Path of the stored text, relative to the dataset file.",
    "note": "A note on the item.",
    "name": "Display name.",
    "role": "Role in the talks (or at an event).",
    "aliases": "Other names it goes by; each leads to this item.",
    "actor": "The actor (side, mediator, host…) concerned.",
    "label": "Display label.",
    "side": "The actor whose claim or position it is (null for a fact or a joint outcome).",
    "head": "Head of the delegation.",
    "members": "Members of the delegation.",
    "source": "The source it rests on.",
    "status": "Its status (for an event: held, declared, planned, postponed or called-off; required).",
    "date": "The date; for an event, its first day.",
    "end": "The last day, for an event over several days.",
    "place": "The city or place.",
    "venue": "The building or venue.",
    "participants": "Actors at the event, each with a role.",
    "chairs": "People who chaired the event.",
    "delegations": "Each side's delegation.",
    "sources": "Sources for the event's own facts.",
    "authors": "The actors who put the document forward.",
    "event": "The event it belongs to (null when none).",
    "question": "The question (for a dispute, what the versions disagree on).",
    "field": "For a dispute about an event: which of its fields is disputed.",
    "text": "The proposition, in words.",
    "figure": "The figure (what) that measures the question, if any.",
    "position": "for, against or conditional.",
    "condition": "For a conditional stance: on what.",
    "what": "What the number counts.",
    "value": "The number; for a range, its low end.",
    "qualifier": "exact, about, at least, over, up to or under.",
    "upper": "For a range: its high end.",
    "unit": "The unit (hours, days, %…).",
    "cumulative": "A running total (so far, in all): never added to another figure.",
    "topic": "The topic.",
    "summary": "What the source says, in English.",
    "quote": "The source's exact words in their original language; null where its text is not stored.",
    "locator": "Where in the source.",
    "people": "People named.",
    "figures": "Numbers the record states.",
    "document": "The document whose provision it is.",
    "date_precision": "How precise its date is: day, about (a day the page hedges) or month.",
    "implements": "For an implementation: the outcome it carries out.",
    "dispute": "The dispute it is one version of.",
    "related": "Related records.",
    "stance": "The record's stance on a question.",
    "mediators": "Who mediated (never the record's side).",
    "concerns": "Whom a claim is about, when not its side.",
    "reported_by": "Who reported it, when not its side.",
    "unconfirmed": "The side did not confirm what was reported of it.",
    "completes": "An implementation that fully carries out its outcome.",
    "schema_version": "The version of the dataset format.",
    "as_of": "The day the data was last brought up to date.",
    "coverage": "What the sources cover, and what they do not.",
    "actors": "Sides, mediators, hosts and third parties.",
    "topics": "The controlled vocabulary of topics.",
    "events": "Rounds, summits, meetings, calls, truces, publications.",
    "documents": "Communiqués, drafts, memoranda, plans, letters.",
    "questions": "Propositions sides hold stances on.",
    "disputes": "Questions the sources answer differently.",
    "records": "One claim from one source each.",
}


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
