"""What every view is made of: a `Listing` (a title, its items, and its columns, each a name,
how to get the value from an item and what kind of value it is, and the JSON object of an item
with its declared keys) or a `Detail` (one item in full). Every format derives from them
(`render`, `table`); the views themselves are in `views` and `details`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

import msgspec

from talks_cli.errors import UsageError
from talks_cli.text import shorten

Cell = str | list[str]  # a list is one value per line on a terminal, joined with " | " elsewhere

# What a value is decides how a terminal shows it: identifiers, dates, numbers and URLs are
# never broken across lines; labels (a status, a role) are short words kept whole in a table;
# prose folds; "refs" (the markers of a row's sources) folds between markers.
ValueKind = Literal["id", "label", "prose", "number", "date", "url", "refs"]
UNBROKEN: frozenset[str] = frozenset({"id", "label", "number", "date", "url"})


class Column(msgspec.Struct, frozen=True):
    name: str
    get: Callable[[Any], Cell]
    kind: ValueKind = "label"
    terminal: bool = True  # shown on a terminal (every other format shows every column)
    style: Literal["", "side", "status"] = ""  # coloured by value on a terminal
    # A second value shown under this one on a terminal only: a record's caveat under its summary.
    aside: Callable[[Any], str | None] | None = None
    # Where a terminal table is too narrow for every column, the columns with the highest
    # `shed` go first (0: never), each one `under` another column's value (its id under a
    # summary), on a line of its own under its row (UNDER_ROW: a URL), or (None) left out;
    # `show`, --fields and the other formats still give it.
    shed: int = 0
    under: str | None = None
    # Shed under another column, its value is preceded by its name ("russia: against").
    labelled: bool = False


UNDER_ROW = "row"  # `Column.under`: on a line of its own under the row


class Citation(msgspec.Struct, frozen=True):
    """A source as the foot of a listing shows it: its id and description, its address apart."""

    id: str
    text: str
    url: str | None = None

    def line(self) -> str:
        return f"{self.id}: {self.text}" + (f", {self.url}" if self.url else "")


class Listing(msgspec.Struct):
    title: str
    columns: list[Column]
    items: Sequence[Any]
    as_json: Callable[[Any], Any]  # the JSON object of one item
    keys: Sequence[str]  # the keys of that object, declared up front: --fields is checked against them
    # The citations of some of its items: computed from the items a listing shows, so that a
    # --limit cites only what it shows.
    citing: Callable[[Sequence[Any]], list[Citation]] | None = None
    empty: str = "nothing matches"  # said on stderr when there are no items
    # What a terminal draws instead, made from the items shown (`compare`: a row per question
    # where the other formats give a row per topic); None: these columns.
    terminal_view: Callable[[Sequence[Any]], Listing] | None = None

    @property
    def citations(self) -> list[Citation]:
        return self.citing(self.items) if self.citing else []

    def rows(self) -> list[list[Cell]]:
        return [[column.get(item) for column in self.columns] for item in self.items]

    def choose(self, fields: Sequence[str]) -> Listing:
        """This listing with only `fields`, in that order, shown in every format: a column's
        value, or a key of the JSON object where no column has that name."""
        columns = {c.name: c for c in self.columns}
        known = set(columns) | set(self.keys)
        unknown = [f for f in fields if f not in known]
        if unknown:
            raise UsageError(
                f"unknown field '{shorten(unknown[0])}' for --fields; choose from: {', '.join(sorted(known))}"
            )
        full = self.as_json

        def chosen(item: Any) -> Any:
            # A key that some kinds of item lack (a search's records have no `actor`) is null.
            whole = full(item)
            return {
                f: whole[f] if f in whole else columns[f].get(item) if f in columns else None for f in fields
            }

        picked = [_asked(columns[f], fields) if f in columns else Column(f, _json_key(full, f), "prose")
                  for f in fields]  # fmt: skip
        return msgspec.structs.replace(self, columns=picked, as_json=chosen, keys=tuple(fields))

    def objects(self) -> list[Any]:
        return [self.as_json(item) for item in self.items]

    def ordered(self, sort: str | None, *, reverse: bool, limit: int | None) -> Listing:
        """This listing ordered by the column or JSON key `sort` (empty values last), reversed,
        cut to `limit` items, its title saying how many it holds: "Records (5 of 310)"."""
        items = list(self.items)
        if sort is not None:
            columns = {c.name: c for c in self.columns}
            if sort not in columns and sort not in self.keys:
                valid = ", ".join(sorted(set(columns) | set(self.keys)))
                raise UsageError(f"unknown field '{shorten(sort)}' for --sort; choose from: {valid}")

            def key(item: Any) -> tuple[int, Any]:
                value = self.as_json(item).get(sort) if sort in self.keys else columns[sort].get(item)
                return _sort_key(value)

            items.sort(key=key)
        if reverse:
            items.reverse()
        total = len(items)
        if limit is not None:
            items = items[:limit]
        count = f"{len(items):,} of {total:,}" if len(items) < total else f"{total:,}"
        return msgspec.structs.replace(self, items=items, title=f"{self.title} ({count})")


def _asked(column: Column, fields: Sequence[str]) -> Column:
    """A column --fields asks for: shown on a terminal, and where the width is short moved under
    another column asked for or onto a line of its own, never left out."""
    moves = column.under == UNDER_ROW or column.under in fields
    return msgspec.structs.replace(
        column, terminal=True, shed=column.shed if moves else 0, under=column.under if moves else None
    )


def _sort_key(value: Any) -> tuple[int, Any]:
    """Numbers by value, text by its letters (case aside), empty values last."""
    if value is None or value in ("", []):
        return (2, "")
    if isinstance(value, bool | int | float):
        return (0, value)
    if isinstance(value, list):
        value = " ".join(map(str, value))
    return (1, str(value).casefold())


def _json_key(as_json: Callable[[Any], Any], key: str) -> Callable[[Any], Cell]:
    return lambda item: _text_of(as_json(item).get(key))


def _text_of(value: Any) -> Cell:
    """A JSON value as a cell: text as is, a list one item a line, anything else as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return "" if value is None else msgspec.json.encode(value).decode()


class Field(msgspec.Struct, frozen=True):
    label: str
    value: Cell
    kind: ValueKind = "prose"
    style: Literal["", "side", "status"] = ""


class Detail(msgspec.Struct):
    """One item in full: labelled fields for people, one object for scripts."""

    title: str
    fields: list[Field]
    object: Any


def builtins(value: Any) -> Any:
    return msgspec.to_builtins(value)
