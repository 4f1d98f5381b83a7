"""The strict YAML loader: plain data and nothing else, with the line and column of every
problem (libyaml's marks carry no snippet, so the line and a caret are printed here)."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any, ClassVar

import msgspec

from talks_cli.dataset.reading import line_and_column, text_of
from talks_cli.errors import MAX_REPORTED, DataError, Problem
from talks_cli.text import SHORT, shorten, visible

if TYPE_CHECKING:
    import yaml


def parse_yaml(data: bytes, name: str) -> Any:
    import yaml  # only here: a cache hit never pays for importing PyYAML

    try:
        return yaml.load(data, Loader=_strict_loader())
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(filter(None, [error.context, error.problem])) or "invalid YAML"
        raise DataError(name, [_at_mark(text_of(data), mark, message)]) from None
    except yaml.reader.ReaderError as error:  # a character YAML forbids, such as ESC
        # libyaml counts bytes, and the byte-order mark among them
        line, column = line_and_column(data, error.position)
        char = error.character if isinstance(error.character, int) else ord(error.character)
        message = f"character U+{char:04X} is not allowed in YAML: {error.reason}"
        raise DataError(name, [_at_line(text_of(data).split("\n"), line, column, message)]) from None
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


_STR = "tag:yaml.org,2002:str"
MAX_DIGITS = 18  # of a number in a dataset: a count is at most 10**12 (model.Count)


class Oversized:
    """A number of more than MAX_DIGITS digits, read as this marker instead: the schema check
    (rules.schema_problems) reports it at its field's path, as any other wrong value."""

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def problem(self) -> str:
        return (
            f"a number of {self.digits:,} digits is beyond any this format holds (a count is at most "
            "1,000,000,000,000); write the number it should be"
        )


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
    integer = constructors["tag:yaml.org,2002:int"]

    def bounded_integer(loader: Any, node: yaml.ScalarNode) -> Any:
        # int() of 5,000 digits raises ValueError; far fewer already make a message unreadable.
        digits = len(node.value.lstrip("+-"))
        return Oversized(digits) if digits > MAX_DIGITS else integer(loader, node)

    constructors["tag:yaml.org,2002:int"] = bounded_integer

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
                key = self._text_or_object(key_node, deep)
                if key in first_seen:
                    raise ConstructorError(
                        None,
                        None,
                        f"duplicate key {shorten(str(key))!r}, first set on line "
                        f"{first_seen[key].line + 1}; keep only one",
                        key_node.start_mark,
                    )
                first_seen[key] = key_node.start_mark
                mapping[key] = self._text_or_object(value_node, deep)
            return mapping

        def _text_or_object(self, node: yaml.Node, deep: bool) -> Any:
            """`construct_object(node)`, without its generic steps for plain text, most of a
            dataset's nodes: the same alias check, and the same value, the node's own text."""
            if node.tag != _STR or type(node) is not yaml.ScalarNode:
                return self.construct_object(node, deep=deep)
            if node in self.constructed_objects:
                raise ConstructorError(
                    None,
                    None,
                    "anchors and aliases (&name, *name) are not allowed; write the value out",
                    node.start_mark,
                )
            self.constructed_objects[node] = node.value
            return node.value

    return StrictLoader


def locate(text: str, problems: list[Problem]) -> list[Problem]:
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


def _shortened(key: object) -> str | None:
    """A long key as a problem's path names it (checks.schema_problems shortens it)."""
    return shorten(key) if isinstance(key, str) and len(key) > SHORT else None


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
                if key_node.value == key or _shortened(key_node.value) == key:
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
