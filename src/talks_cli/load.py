"""Find, read, parse and validate a dataset: the only door into a typed `Dataset`.

Every failure becomes a `DataError` whose problems name the file, the line and column where
known, the field path (`records[3].side`) and what to do. Nothing else escapes: a hostile
file gets a message, never a traceback, a hang or executed code.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import re
import stat
import typing
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import msgspec

from . import cache
from . import index as search
from .errors import MAX_REPORTED, DataError, Problem
from .index import SearchIndex
from .model import ID_PATTERN, SCHEMA_VERSION, SECTIONS, Dataset, Id, Record
from .text import fold, shorten, suggest, visible

if TYPE_CHECKING:
    import yaml

ENV_DATA = "TALKS_DATA"
UTF8_BOM = b"\xef\xbb\xbf"
MAX_FILE_BYTES = 256 * 1024 * 1024  # a dataset of 100,000 records is about 60 MiB
# Memory follows the number of YAML items (each scalar, list and mapping costs some 350 to 500
# bytes while it is built), not the bytes: "[0,0,0,…]" is one item per 2 bytes. Real datasets
# hold one per 10 to 14 bytes; 100,000 records are about 2.7 million items.
MAX_ITEMS = 6_000_000
MIN_BYTES_PER_ITEM = 4
DENSE_ITEMS = 100_000  # below this many, density costs at most some 50 MB: no need to refuse
# Every item but the first starts after one of these bytes, so their count bounds the items.
_ITEM_STARTS = (b"\n", b",", b"[", b"{", b"-", b":")


def bundled_path() -> Path:
    """The dataset shipped with talks."""
    packaged = Path(__file__).parent / "data" / "positions.yaml"  # the wheel puts it there
    if packaged.is_file():
        return packaged
    # An editable install runs from the repository, where data/ sits beside src/.
    return Path(__file__).resolve().parents[2] / "data" / "positions.yaml"


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


_STARTS_WITH = f"a dataset starts with 'schema_version: {SCHEMA_VERSION}'"
# An entry is a compact binary form of the dataset: this many times the YAML's size is far more
# than any real entry needs, and bounds what a planted one can make talks read.
CACHE_SIZE_FACTOR = 4


def load(path: Path, *, cache_dir: Path | None = None) -> Dataset:
    """The validated dataset at `path`, from the cache in `cache_dir` (if any) when current."""
    return load_indexed(path, cache_dir=cache_dir)[0]


def load_indexed(path: Path, *, cache_dir: Path | None = None) -> tuple[Dataset, Callable[[], SearchIndex]]:
    """The validated dataset at `path`, and a function that gives its search index: read from
    the cache where a search stored it, else built (and then stored, for the next search)."""
    raw, regular = _read(path)
    if cache_dir is None or not regular:  # a pipe or /dev/stdin: new bytes each time, never cached
        dataset = parse(raw, str(path))
        return dataset, lambda: search.build(dataset)
    entry_key = cache.key(raw)
    with _collector_paused():
        cached = cache.get(cache_dir, path, entry_key, CACHE_SIZE_FACTOR * len(raw) + 65536)
    # A decoded entry passes the same reference checks as a parsed file (every id it names
    # exists), so that no planted entry can crash a query; its names were checked when parsed.
    if cached is not None and not reference_problems(cached.dataset, check_ids=False):
        dataset = cached.dataset
        entry = cached
    else:
        dataset = parse(raw, str(path))
        cache.put(cache_dir, path, entry_key, dataset)
        entry = None

    def search_index() -> SearchIndex:
        found = entry.index(len(dataset.records)) if entry is not None else None
        if found is None:
            found = search.build(dataset)
            cache.put(cache_dir, path, entry_key, dataset, found)
        return found

    return dataset, search_index


def validate_file(path: Path) -> Dataset:
    """Everything `load` checks, and every quote against the stored text of its source."""
    raw = read_bytes(path)
    dataset = parse(raw, str(path))
    problems = quote_problems(dataset, path.parent)
    if problems:
        raise DataError(str(path), _locate(_text(raw), problems))
    return dataset


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


def read_bytes(path: Path) -> bytes:
    return _read(path)[0]


def _read(path: Path) -> tuple[bytes, bool]:
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


@_collector_paused()
def parse(data: bytes, name: str) -> Dataset:
    """Decode, parse and validate the bytes of a dataset named `name` in messages."""
    _check_encoding(data, name)
    _check_items(data, name)
    # libyaml reads the bytes themselves; the text is decoded again only for an error message,
    # so a large file is not held twice (bytes and text) while its records are built.
    raw = _parse_yaml(data, name)
    return _validate(raw, data, name)


# --- bytes to text -------------------------------------------------------------------------


def _check_items(data: bytes, name: str) -> None:
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


def _check_encoding(data: bytes, name: str) -> None:
    if not data.strip():
        raise DataError(name, [Problem(f"is empty; {_STARTS_WITH}")])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError(name, [Problem("is UTF-16; save it as UTF-8")])
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_and_column(data, error.start)
        bad = data[error.start : error.start + 1].hex()
        message = f"byte 0x{bad} is not UTF-8; save the file as UTF-8"
        raise DataError(name, [Problem(message, line=line + 1, column=column + 1)]) from None


def _text(data: bytes) -> str:
    """The text of bytes already checked to be UTF-8, without a byte-order mark."""
    return data.decode("utf-8-sig")


def _line_and_column(data: bytes, offset: int) -> tuple[int, int]:
    """The 0-based line and column, in characters, of the byte at `offset` in `data`."""
    start = len(UTF8_BOM) if data.startswith(UTF8_BOM) else 0
    line_start = max(start, data.rfind(b"\n", 0, offset) + 1)
    column = len(data[line_start:offset].decode("utf-8", "replace"))
    return data.count(b"\n", 0, offset), column


# --- text to plain Python values -----------------------------------------------------------


def _parse_yaml(data: bytes, name: str) -> Any:
    import yaml  # only here: a cache hit never pays for importing PyYAML

    try:
        return yaml.load(data, Loader=_strict_loader())
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(filter(None, [error.context, error.problem])) or "invalid YAML"
        raise DataError(name, [_at_mark(_text(data), mark, message)]) from None
    except yaml.reader.ReaderError as error:  # a character YAML forbids, such as ESC
        # libyaml counts bytes, and the byte-order mark among them
        line, column = _line_and_column(data, error.position)
        char = error.character if isinstance(error.character, int) else ord(error.character)
        message = f"character U+{char:04X} is not allowed in YAML: {error.reason}"
        raise DataError(name, [_at_line(_text(data).split("\n"), line, column, message)]) from None
    except yaml.YAMLError as error:
        raise DataError(name, [Problem(f"invalid YAML: {error}")]) from None
    except RecursionError:
        raise DataError(
            name, [Problem("nesting is too deep; a dataset is at most a few levels deep")]
        ) from None


def _at_mark(text: str, mark: yaml.Mark | None, message: str) -> Problem:
    if mark is None:
        return Problem(message)
    return _at_line(text.split("\n"), mark.line, mark.column, message)


def _at_line(lines: list[str], line: int, column: int, message: str) -> Problem:
    """A problem at 0-based `line` and `column`, with that line of the file's `lines` and a caret
    under the column."""
    return Problem(message, line=line + 1, column=column + 1, snippet=_snippet(lines, line, column))


def _snippet(lines: list[str], line: int, column: int) -> str:
    """The line at 0-based `line` and a caret under `column`, like a compiler's message."""
    if not 0 <= line < len(lines):
        return ""
    source = lines[line].rstrip("\r")
    shown = visible(shorten(source, 200))
    caret = len(visible(source[:column])) if column <= 200 else 0
    gutter = f"{line + 1:>5} | "
    return f"{gutter}{shown}\n{' ' * (len(gutter) - 2)}| {' ' * caret}^"


@functools.cache
def _strict_loader() -> type:
    """A SafeLoader (libyaml's where present) that reads YAML as plain data and nothing else.

    - only null, true/false, decimal integers, strings, lists and mappings: no floats, dates,
      octal or sexagesimal numbers (`1.10`, `2001-13-01`, `1:30` stay text), and `yes`/`no`/`NO`
      stay text rather than turning into booleans;
    - every other tag, `!!python/...` included, is an error: nothing is ever executed;
    - anchors and aliases are refused, so a "billion laughs" file fails at its first alias;
    - a key repeated in a mapping is an error naming both lines, where PyYAML keeps the last.
    """
    import yaml
    from yaml.constructor import ConstructorError, SafeConstructor

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}
    for tag, pattern, first in (
        ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        ("int", r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789"),
        ("null", r"^(?:~|null|Null|NULL|)$", "~nN"),
    ):
        for char in first:
            resolvers.setdefault(char, []).append((f"tag:yaml.org,2002:{tag}", re.compile(pattern)))
    resolvers.setdefault("", []).append(("tag:yaml.org,2002:null", re.compile("^$")))

    constructors = {
        f"tag:yaml.org,2002:{tag}": SafeConstructor.yaml_constructors[f"tag:yaml.org,2002:{tag}"]
        for tag in ("null", "bool", "int", "str", "seq", "map")
    }

    def refuse_tag(loader: Any, node: yaml.Node) -> Any:
        raise ConstructorError(
            None,
            None,
            f"tag {node.tag!r} is not allowed; a dataset holds plain text, numbers, lists and mappings",
            node.start_mark,
        )

    constructors[None] = refuse_tag  # type: ignore[index]

    class StrictLoader(base):  # type: ignore[valid-type,misc]
        yaml_implicit_resolvers = resolvers
        yaml_constructors = constructors
        yaml_multi_constructors: ClassVar[dict[str, Any]] = {}

        def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
            if node in self.constructed_objects or node in self.recursive_objects:
                raise ConstructorError(
                    None,
                    None,
                    "anchors and aliases (&name, *name) are not allowed; write the value out",
                    node.start_mark,
                )
            return super().construct_object(node, deep=deep)

        def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
            if not isinstance(node, yaml.MappingNode):
                raise ConstructorError(None, None, "expected a mapping", node.start_mark)
            mapping: dict[Any, Any] = {}
            first_seen: dict[Any, yaml.Mark] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise ConstructorError(
                        None, None, "a mapping key must be plain text", key_node.start_mark
                    )
                key = self.construct_object(key_node, deep=deep)
                if key in first_seen:
                    raise ConstructorError(
                        None,
                        None,
                        f"duplicate key {shorten(str(key))!r}, first set on line "
                        f"{first_seen[key].line + 1}; keep only one",
                        key_node.start_mark,
                    )
                first_seen[key] = key_node.start_mark
                mapping[key] = self.construct_object(value_node, deep=deep)
            return mapping

    return StrictLoader


# --- plain values to a typed, checked Dataset ----------------------------------------------


def _validate(raw: Any, data: bytes, name: str) -> Dataset:
    if raw is None:
        raise DataError(name, [Problem(f"holds no data; {_STARTS_WITH}")])
    if not isinstance(raw, dict):
        raise DataError(
            name,
            [Problem(f"expected a mapping of schema_version, sources, actors, …; found {_kind_of(raw)}")],
        )
    version = raw.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version != SCHEMA_VERSION:
        raise DataError(
            name,
            [
                Problem(
                    f"schema_version {version} is not one this talks reads ({SCHEMA_VERSION}); "
                    + (
                        "to migrate, give each event a kind (round, summit…) and its host as a "
                        "participant, each document a kind and its side as authors, then set "
                        f"schema_version: {SCHEMA_VERSION} (README, Changelog)"
                        if version < SCHEMA_VERSION
                        else "upgrade talks"
                    ),
                    path="schema_version",
                )
            ],
        )
    try:
        dataset = msgspec.convert(raw, Dataset)
    except msgspec.ValidationError:
        # The fast path stops at the first error; walk again to report all of them.
        problems = list(_schema_problems(raw, Dataset, ""))
        raise DataError(name, _locate(_text(data), problems)) from None
    problems = reference_problems(dataset) + name_problems(dataset)
    if problems:
        raise DataError(name, _locate(_text(data), problems))
    return dataset


def _kind_of(value: Any) -> str:
    kinds = {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number"}
    return "null" if value is None else kinds.get(type(value), type(value).__name__)


def _schema_problems(value: Any, typ: Any, path: str) -> Iterator[Problem]:
    """Every schema error in `value` read as `typ`, each with the path of its field."""
    if isinstance(typ, type) and issubclass(typ, msgspec.Struct):
        if not isinstance(value, dict):
            yield Problem(f"expected a mapping, found {_kind_of(value)}", path=path or "$")
            return
        fields = {f.name: f for f in msgspec.structs.fields(typ)}
        for key in value:
            if key not in fields:
                guess = suggest(str(key), fields)
                hint = f"; did you mean '{guess}'?" if guess else f"; known fields: {', '.join(fields)}"
                yield Problem(f"unknown field {shorten(str(key))!r}{hint}", path=_join(path, str(key)))
        missing = [f.name for f in fields.values() if f.required and f.name not in value]
        if len(missing) == 1:
            yield Problem(f"missing required field '{missing[0]}'", path=_join(path, missing[0]))
        elif missing:
            # One problem for the item, not one per field each quoting the same line.
            names = ", ".join(f"'{name}'" for name in missing)
            yield Problem(f"missing required fields {names}", path=path or "$")
        for field in fields.values():
            if field.name in value:
                yield from _schema_problems(value[field.name], field.type, _join(path, field.name))
        return
    item_type = _struct_list_item(typ)
    if item_type is not None:
        if not isinstance(value, list):
            yield Problem(f"expected a list, found {_kind_of(value)}", path=path)
            return
        for index, item in enumerate(value):
            yield from _schema_problems(item, item_type, f"{path}[{index}]")
        return
    try:
        msgspec.convert(value, typ)
    except msgspec.ValidationError as error:
        message, _, where = str(error).partition(" - at `$")
        yield Problem(_friendly(message), path=path + where.rstrip("`"))
        return
    # The id pattern is not a msgspec constraint (see model.Id): check it here too, so that
    # a file with other schema errors learns of its bad ids in the same run.
    if typ == Id or Id in typing.get_args(typ):
        ids = {f"{path}[{i}]": v for i, v in enumerate(value)} if isinstance(value, list) else {path: value}
        for id_path, id_value in ids.items():
            problem = _id_problem(id_value, id_path) if isinstance(id_value, str) else None
            if problem is not None:
                yield problem


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


# Every reference in a dataset, as data: for each kind of item, its fields that hold the id of
# something else (or a list of them), and the section that id must be in.
_REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "sources": (("confirmed_by", "sources"),),
    "people": (("actor", "actors"),),
    "events": (("chairs", "people"), ("sources", "sources")),
    "participants": (("actor", "actors"),),
    "delegations": (("side", "actors"), ("head", "people"), ("source", "sources"), ("members", "people")),
    "documents": (("authors", "actors"), ("event", "events"), ("source", "sources")),
    "disputes": (("event", "events"),),
    "records": (
        ("event", "events"),
        ("side", "actors"),
        ("topic", "topics"),
        ("source", "sources"),
        ("document", "documents"),
        ("dispute", "disputes"),
        ("people", "people"),
        ("related", "records"),
        ("stance.question", "questions"),
        ("mediators", "actors"),
        ("concerns", "actors"),
        ("reported_by", "actors"),
    ),
}


def _referring(dataset: Dataset) -> Iterator[tuple[str, list[Any], tuple[tuple[str, str], ...]]]:
    """(path, items, their reference fields) for every list of items that refer to others."""
    yield "sources", dataset.sources, _REFERENCES["sources"]
    yield "people", dataset.people, _REFERENCES["people"]
    yield "events", dataset.events, _REFERENCES["events"]
    for i, event in enumerate(dataset.events):
        yield f"events[{i}].participants", event.participants, _REFERENCES["participants"]
        yield f"events[{i}].delegations", event.delegations, _REFERENCES["delegations"]
    yield "documents", dataset.documents, _REFERENCES["documents"]
    yield "disputes", dataset.disputes, _REFERENCES["disputes"]
    yield "records", dataset.records, _REFERENCES["records"]


def _field(item: Any, path: str) -> Any:
    """The value at a dotted field path of `item` (`stance.question`), None past a missing part."""
    for part in path.split("."):
        item = getattr(item, part) if item is not None else None
    return item


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


def reference_problems(dataset: Dataset, *, check_ids: bool = True) -> list[Problem]:
    """Ids well-formed (unless `check_ids` is off: a cache entry's were checked when it was
    parsed) and unique, source files inside the dataset's folder, and every reference leading to
    something the dataset defines; each problem at its field."""
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
                    Problem(
                        f"duplicate id '{item.id}'; ids must be unique",
                        path=f"{section}[{index}].id",
                    )
                )
            seen.add(item.id)
        tables[section] = seen

    def missing(path: str, value: str, section: str) -> None:
        # A guess only for the problems a report prints: difflib is slow on long lists.
        guess = suggest(value, tables[section]) if len(problems) < MAX_REPORTED else None
        hint = f"; did you mean '{guess}'?" if guess else f"; add it to {section}"
        problems.append(Problem(f"'{shorten(value)}' is not in {section}{hint}", path=path))

    for i, source in enumerate(dataset.sources):
        if source.file is not None and (wrong := _file_problem(source.file)):
            problems.append(Problem(wrong, path=f"sources[{i}].file"))
    for prefix, items, fields in _referring(dataset):
        for i, item in enumerate(items):
            for field, target in fields:
                value = _field(item, field)
                if isinstance(value, list):
                    for j, each in enumerate(value):
                        if each not in tables[target]:
                            missing(f"{prefix}[{i}].{field}[{j}]", each, target)
                elif value is not None and value not in tables[target]:
                    missing(f"{prefix}[{i}].{field}", value, target)
    for i, record in enumerate(dataset.records):
        if record.date is None and record.event is None:
            problems.append(Problem("a record needs an event or a date to date it", path=f"records[{i}]"))
    for i, document in enumerate(dataset.documents):
        if document.date is None and document.event is None:
            problems.append(Problem("a document needs a date or an event to date it", path=f"documents[{i}]"))
    outcome_ids = {r.id for r in dataset.records if r.kind == "outcome"}
    for i, record in enumerate(dataset.records):
        if (wrong := _implements_problem(record, outcome_ids)) is not None:
            problems.append(Problem(wrong, path=f"records[{i}].implements"))
    return problems


def name_problems(dataset: Dataset) -> list[Problem]:
    """Every name a person may type must lead to one thing.

    Names are compared as the command line compares them (folded: no case, accents or
    punctuation), and also with look-alike letters made one (Cyrillic "а" and Latin "a"), so
    that no alias can pass for another's name. A name that folds to nothing, or holds an
    invisible character, is refused: nobody could type it, or it would look like another.
    """
    problems: list[Problem] = []
    kinds: list[tuple[str, str, list[Any]]] = [
        ("actors", "actor", dataset.actors),
        ("people", "person", dataset.people),
        ("topics", "topic", dataset.topics),
        ("events", "event", dataset.events),
        ("documents", "document", dataset.documents),
    ]
    for section, kind, items in kinds:
        owners: dict[str, str] = {}
        for i, item in enumerate(items):
            for field, name in _named_fields(item):
                path = f"{section}[{i}].{field}"
                if (invisible := _invisible(name)) is not None:
                    problems.append(
                        Problem(
                            f"'{shorten(name)}' holds the invisible character {invisible}; remove it",
                            path=path,
                        )
                    )
                    continue
                folded = fold(name)
                if not folded:
                    problems.append(
                        Problem(
                            f"'{shorten(name)}' has no letters or digits, so nobody can type it", path=path
                        )
                    )
                    continue
                for form in {folded, unconfusable(folded)}:
                    owner = owners.setdefault(form, item.id)
                    if owner != item.id:
                        problems.append(
                            Problem(
                                f"'{shorten(name)}' already names {kind} '{owner}' (or looks like "
                                "one of its names); each name must lead to one thing",
                                path=path,
                            )
                        )
                        break
    return problems


def _named_fields(item: Any) -> list[tuple[str, str]]:
    """(field, name) for every name `item` answers to, id first."""
    label = next(field for field in ("label", "name", "title") if hasattr(item, field))
    aliases = getattr(item, "aliases", [])
    return [("id", item.id), (label, getattr(item, label))] + [
        (f"aliases[{j}]", alias) for j, alias in enumerate(aliases)
    ]


def _invisible(name: str) -> str | None:
    """The first character of `name` that shows nothing (a format or control character), as U+XXXX."""
    for char in name:
        if unicodedata.category(char) in ("Cf", "Cc", "Zl", "Zp"):
            return f"U+{ord(char):04X}"
    return None


# Lower-case letters of other scripts drawn like Latin ones (a folded name has no capitals): an
# alias "Russiа" with a Cyrillic "а" would otherwise pass the check and hijack a name.
_LOOKALIKES = str.maketrans(
    {
        **dict(zip("авеёкмнорстухіјѕԁһӏ", "abeekmhopctyxijsdhl", strict=True)),  # Cyrillic
        **dict(zip("αβεζηικμνορτυχ", "abeznikuvoptux", strict=True)),  # Greek
    }
)


def unconfusable(folded: str) -> str:
    """A folded name with look-alike letters of other scripts made Latin."""
    return folded.translate(_LOOKALIKES)


MAX_SOURCE_BYTES = 16 * 1024 * 1024  # a stored article is a few kilobytes


def _file_problem(file: str) -> str | None:
    """What is wrong with a source's `file` as a path, before it is ever opened."""
    parts = Path(file).parts
    if Path(file).is_absolute() or ".." in parts or not parts:
        return (
            f"'{shorten(file)}' must be a relative path inside the dataset's folder "
            "(such as sources/article.txt)"
        )
    return None


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


def _locate(text: str, problems: list[Problem]) -> list[Problem]:
    """The problems with the line and column of the field each one names.

    Only those a report prints are placed: the file is composed and split once, so the cost
    stays linear in the size of the file however many problems it has.
    """
    import yaml

    try:
        root = yaml.compose(text, Loader=_strict_loader())
    except yaml.YAMLError:
        return problems
    lines = text.split("\n")
    located = []
    for problem in problems[:MAX_REPORTED]:
        node = _find_node(root, problem.path)
        if node is None:
            located.append(problem)
            continue
        at = _at_line(lines, node.start_mark.line, node.start_mark.column, problem.message)
        located.append(msgspec.structs.replace(at, path=problem.path))
    return located + problems[MAX_REPORTED:]


_STEP = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


def _find_node(root: yaml.Node | None, path: str) -> yaml.Node | None:
    """The deepest node on `path` (`records[3].side`) that exists in the document."""
    import yaml

    node = root
    for key, index in _STEP.findall(path):
        child = None
        if index and isinstance(node, yaml.SequenceNode) and int(index) < len(node.value):
            child = node.value[int(index)]
        elif key and isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == key:
                    # A field's value, or the key itself when the value is the complaint's subject.
                    child = (
                        value_node
                        if not isinstance(value_node, yaml.ScalarNode) or value_node.value
                        else key_node
                    )
                    break
        if child is None:
            return node
        node = child
    return node
