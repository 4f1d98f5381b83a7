"""What a terminal shows one item a block: a listing under a table's width (`table`), and
one item in full (`show`); and what a table shares with them: the console, the colours of sides
and statuses, text split into lines and folded between words, the list of sources.

Rules, whatever the width: an identifier, a date, a number or a URL is never broken across
lines; prose folds between words, and a single word longer than the line stands whole on a line
of its own, so a URL can be copied. Data is wrapped in `rich.text.Text`, never parsed as markup,
and passes through `visible` first, so `[bold]`, `:emoji:` and control characters in a dataset
print as themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from talks_cli.render.environment import Writer
from talks_cli.render.formats import Output
from talks_cli.text import visible
from talks_cli.views.listing import UNBROKEN, Cell, Citation, Column, Detail, Field

SIDE_COLOURS = ("red", "blue", "green", "magenta", "cyan", "yellow")
STATUS_STYLES = {
    "demanded": "bold",
    "proposed": "cyan",
    "rejected": "bold red",
    "agreed": "green",
    "implemented": "bold green",
    "partly implemented": "yellow",
    "under way": "yellow",
    "not implemented": "red",
    "disputed": "yellow",
    "clash": "bold red",
    "both": "yellow",
}
PROSE_MIN = 20  # below this a prose column reads a word or two a line: use blocks instead
INDENT = "  "


def terminal_console(output: Output, out: Writer) -> Console:
    return Console(
        file=out,  # type: ignore[arg-type]
        width=output.width,
        height=output.height,  # both given: rich reads COLUMNS and LINES for any it lacks
        force_terminal=True,
        no_color=not output.color,
        color_system="auto" if output.color else None,
        highlight=False,
        emoji=False,
        markup=False,
    )


def value_lines(cell: Cell) -> list[str]:
    values = cell if isinstance(cell, list) else [cell]
    return [line for value in values for line in visible(value, keep_newlines=True).split("\n")]


def wrap(text: str, width: int, units: Sequence[str] = ()) -> list[str]:
    """`text` folded between words to `width` cells (between `units` where given, each kept
    whole: "src 1-3"); a longer word keeps a line to itself."""
    lines: list[str] = []
    for paragraph in [" ".join(units)] if units else text.split("\n"):
        line = ""
        for word in units or paragraph.split():
            if line and cell_len(line) + 1 + cell_len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return lines


class Styles:
    """The style of a value in a column styled by side or by status."""

    def __init__(self, output: Output) -> None:
        self.sides = {side: SIDE_COLOURS[i % len(SIDE_COLOURS)] for i, side in enumerate(output.sides)}

    def of(self, kind: str, value: Cell) -> str:
        if not isinstance(value, str):
            return ""
        if kind == "side":
            return self.sides.get(value, "")
        if kind == "status":
            # "implemented (disputed)" takes the style of "implemented".
            return STATUS_STYLES.get(value) or STATUS_STYLES.get(value.partition(" (")[0], "")
        return ""


# --- a listing, one item a block ----------------------------------------------------------


def blocks(
    console: Console, columns: Sequence[Column], items: Sequence[Any], width: int, styles: Styles
) -> None:
    """Each item a block headed by its id (a moment's, not its date), else its first column."""
    head = next((i for i, c in enumerate(columns) if c.name == "id"), 0)
    rest = [c for i, c in enumerate(columns) if i != head]
    label_width = max((cell_len(c.name) for c in rest), default=0)
    for item in items:
        console.print()
        fields = [Field(c.name, _with_aside(c.get(item), c.aside(item) if c.aside else None), c.kind,
                        c.style) for c in rest]  # fmt: skip
        heading = columns[head].get(item)
        _block(console, heading if isinstance(heading, str) else " ".join(heading), fields, width, styles,
               label_width)  # fmt: skip


def _with_aside(value: Cell, aside: str | None) -> Cell:
    if not aside:
        return value
    return [*(value if isinstance(value, list) else [value]), aside]


# --- blocks: one item a block, at any width --------------------------------------------------


def _block(
    console: Console,
    heading: Cell,
    fields: Sequence[Field],
    width: int,
    styles: Styles,
    label_width: int,
) -> None:
    """`heading` in bold, then each field that has a value: its label, and its value beside it
    (or below it, where the width leaves a value too little room)."""
    for line in value_lines(heading):
        print_wrapped(console, line, width, "bold")
    shown = [f for f in fields if f.value not in ("", [])]
    value_width = width - len(INDENT) - label_width - 2
    for field in shown:
        style = styles.of(field.style, field.value)
        lines = _field_lines(field, value_width)
        # Where a value cannot stand beside its label (a narrow screen, an identifier longer
        # than the room left), the label takes a line and the value the lines below it.
        if value_width < PROSE_MIN or any(cell_len(line) > value_width for line in lines):
            console.print(Text(INDENT + field.label), soft_wrap=True)
            lines = _field_lines(field, width - 2 * len(INDENT))
            prefixes = [INDENT * 2] * len(lines)
        else:
            prefixes = [INDENT + field.label.ljust(label_width) + "  "]
            prefixes += [" " * len(prefixes[0])] * (len(lines) - 1)
        for prefix, line in zip(prefixes, lines, strict=True):
            text = Text(prefix)
            text.append(line, style=style)
            console.print(text, soft_wrap=True)


def _field_lines(field: Field, width: int) -> list[str]:
    # A label ("partly implemented") may fold between its words here; a table keeps it whole.
    if field.kind in UNBROKEN and field.kind != "label":
        return value_lines(field.value)
    return [wrapped for line in value_lines(field.value) for wrapped in wrap(line, width)]


def print_wrapped(console: Console, text: str, width: int, style: str) -> None:
    _indented(console, visible(text, keep_newlines=True), width, "", "", style)


def sources_list(console: Console, citations: Sequence[Citation], width: int) -> None:
    """The sources, numbered as the table's `src` column cites them; each address on the same
    line where the line holds it whole, else whole on a line of its own."""
    console.print(Text("Sources:", style="bold"), soft_wrap=True)
    number_width = len(str(len(citations)))
    for number, citation in enumerate(citations, 1):
        first = f"{number:>{number_width}} "
        rest = " " * len(first)
        lines = wrap(visible(f"{citation.id}: {citation.text}"), width - len(first))
        if cell_len(first + lines[0]) > width:  # an id too long for the line: on a line of its own
            console.print(Text(first.rstrip()), soft_wrap=True)
            first = rest
        url = visible(citation.url) if citation.url else ""
        if url and cell_len(first + lines[-1] + " " + url) <= width:
            lines[-1] += " " + url
            url = ""
        for index, line in enumerate(lines):
            console.print(Text((first if index == 0 else rest) + line), soft_wrap=True)
        if url:
            console.print(Text(rest + url), soft_wrap=True)


def _indented(console: Console, text: str, width: int, first: str, rest: str, style: str) -> None:
    for index, line in enumerate(wrap(text, width - len(rest))):
        console.print(Text((first if index == 0 else rest) + line, style=style), soft_wrap=True)


# --- one item in full ------------------------------------------------------------------------


def detail(view: Detail, output: Output, out: Writer) -> None:
    label_width = max(cell_len(f.label) for f in view.fields)
    _block(terminal_console(output, out), view.title, view.fields, output.width, Styles(output), label_width)
