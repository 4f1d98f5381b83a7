"""What a terminal shows: tables where they fit, one block per item where they do not.

The only module that imports rich. Rules, whatever the width:
- an identifier, a date, a number, a label or a URL is never broken across lines; prose folds
  between words, and a single word longer than the line stands whole on a line of its own;
- a table is drawn only if every column keeps its values whole and each prose column gets a
  readable width; otherwise each item becomes a block (its first value as a heading, then one
  labelled line per field), which keeps them whole at any width;
- a URL is printed whole on a line of its own, even past the edge, so copying it works.
Data is wrapped in `rich.text.Text`, never parsed as markup, and passes through `visible`
first, so `[bold]`, `:emoji:` and control characters in a dataset print as themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from talks_cli.render.environment import Writer
from talks_cli.render.formats import Output
from talks_cli.text import visible
from talks_cli.views.listing import UNBROKEN, Cell, Citation, Detail, Field, Listing

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


def _console(output: Output, out: Writer) -> Console:
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


def _lines(cell: Cell) -> list[str]:
    values = cell if isinstance(cell, list) else [cell]
    return [line for value in values for line in visible(value, keep_newlines=True).split("\n")]


def _wrap(text: str, width: int) -> list[str]:
    """`text` folded between words to `width` cells; a longer word keeps a line to itself."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            if line and cell_len(line) + 1 + cell_len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return lines


class _Styles:
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


# --- listings ---------------------------------------------------------------------------------


def listing(view: Listing, output: Output, out: Writer) -> None:
    console = _console(output, out)
    columns = [c for c in view.columns if c.terminal]
    # Each cell with its aside (a quote under its summary), shown only on a terminal.
    cells = [
        [(c.get(item), (c.aside(item) if c.aside else None) or "") for c in columns] for item in view.items
    ]
    widths = _table_widths(
        [c.name for c in columns],
        [c.kind in UNBROKEN for c in columns],
        [[_with_aside(value, aside) for value, aside in row] for row in cells],
        output.width,
    )
    _print_wrapped(console, view.title, output.width, "bold")
    styles = _Styles(output)
    # A block is headed by the item's id (a moment's, not its date), else by its first column.
    head = next((i for i, c in enumerate(columns) if c.name == "id"), 0)
    rest = [i for i in range(len(columns)) if i != head]
    label_width = max((cell_len(columns[i].name) for i in rest), default=0)
    if widths is not None:
        console.print(_table(columns, cells, widths, styles), soft_wrap=True)
    else:
        for row in cells:
            console.print()
            fields = [
                Field(columns[i].name, _with_aside(*row[i]), columns[i].kind, columns[i].style) for i in rest
            ]
            heading = row[head][0]
            _block(
                console,
                heading if isinstance(heading, str) else " ".join(heading),
                fields,
                output.width,
                styles,
                label_width,
            )
    if view.citations:
        _citations(console, view.citations, output.width)


def _with_aside(value: Cell, aside: str) -> Cell:
    if not aside:
        return value
    return [*(value if isinstance(value, list) else [value]), aside]


def _table_widths(
    names: Sequence[str], unbroken: Sequence[bool], cells: Sequence[Sequence[Cell]], width: int
) -> list[int] | None:
    """Each column's width in a table `width` cells wide, or None where no table fits.

    An unbroken column is as wide as its widest value; a prose column is at least as wide as
    its longest word and PROSE_MIN, and shares what is left in proportion to what it could use.
    """
    lowest: list[int] = []
    wanted: list[int] = []
    for index, (name, whole) in enumerate(zip(names, unbroken, strict=True)):
        lines = [line for row in cells for line in _lines(row[index])] + [name]
        longest_line = max(cell_len(line) for line in lines)
        if whole:
            lowest.append(longest_line)
        else:
            longest_word = max((cell_len(w) for line in lines for w in line.split()), default=1)
            lowest.append(max(longest_word, min(PROSE_MIN, longest_line)))
        wanted.append(longest_line)
    frame = 3 * len(names) + 1  # a border and two spaces of padding per column, and the last border
    spare = width - frame - sum(lowest)
    if spare < 0:
        return None
    room = [want - low for want, low in zip(wanted, lowest, strict=True)]
    if sum(room) <= spare:
        return wanted
    return [low + (r * spare) // sum(room) for low, r in zip(lowest, room, strict=True)]


def _table(
    columns: Sequence[Any], cells: Sequence[Sequence[tuple[Cell, str]]], widths: list[int], styles: _Styles
) -> Table:
    table = Table(box=box.HEAVY_HEAD, show_lines=True, expand=False, padding=(0, 1))
    for column, width in zip(columns, widths, strict=True):
        table.add_column(Text(column.name), width=width, no_wrap=column.kind in UNBROKEN, overflow="fold")
    for row in cells:
        rendered = []
        for column, (value, aside) in zip(columns, row, strict=True):
            text = Text("\n".join(_lines(value)), style=styles.of(column.style, value))
            if aside:
                text.append("\n")
                text.append(Text("\n".join(_lines(aside)), style="italic dim"))
            rendered.append(text)
        table.add_row(*rendered)
    return table


# --- blocks: one item a block, at any width --------------------------------------------------


def _block(
    console: Console,
    heading: Cell,
    fields: Sequence[Field],
    width: int,
    styles: _Styles,
    label_width: int,
) -> None:
    """`heading` in bold, then each field that has a value: its label, and its value beside it
    (or below it, where the width leaves a value too little room)."""
    for line in _lines(heading):
        _print_wrapped(console, line, width, "bold")
    shown = [f for f in fields if f.value not in ("", [])]
    value_width = width - len(INDENT) - label_width - 2
    for field in shown:
        style = styles.of(field.style, field.value)
        lines = _field_lines(field, value_width)
        # Where a value cannot stand beside its label (a narrow screen, an identifier longer
        # than the room left), the label takes a line and the value the lines below it.
        if value_width < PROSE_MIN or any(cell_len(line) > value_width for line in lines):
            console.print(Text(INDENT + field.label, style="dim"), soft_wrap=True)
            lines = _field_lines(field, width - 2 * len(INDENT))
            prefixes = [INDENT * 2] * len(lines)
        else:
            prefixes = [INDENT + field.label.ljust(label_width) + "  "]
            prefixes += [" " * len(prefixes[0])] * (len(lines) - 1)
        for prefix, line in zip(prefixes, lines, strict=True):
            text = Text(prefix, style="dim")
            text.append(line, style=style)
            console.print(text, soft_wrap=True)


def _field_lines(field: Field, width: int) -> list[str]:
    # A label ("partly implemented") may fold between its words here; a table keeps it whole.
    if field.kind in UNBROKEN and field.kind != "label":
        return _lines(field.value)
    return [wrapped for line in _lines(field.value) for wrapped in _wrap(line, width)]


def _print_wrapped(console: Console, text: str, width: int, style: str) -> None:
    _indented(console, visible(text, keep_newlines=True), width, "", "", style)


def _citations(console: Console, citations: Sequence[Citation], width: int) -> None:
    console.print(Text("Sources:", style="bold"), soft_wrap=True)
    for citation in citations:
        _indented(console, visible(f"{citation.id}: {citation.text}"), width, INDENT, INDENT * 2, "dim")
        if citation.url:
            console.print(Text(INDENT * 2 + visible(citation.url), style="dim"), soft_wrap=True)


def _indented(console: Console, text: str, width: int, first: str, rest: str, style: str) -> None:
    for index, line in enumerate(_wrap(text, width - len(rest))):
        console.print(Text((first if index == 0 else rest) + line, style=style), soft_wrap=True)


# --- one item in full ------------------------------------------------------------------------


def detail(view: Detail, output: Output, out: Writer) -> None:
    label_width = max(cell_len(f.label) for f in view.fields)
    _block(_console(output, out), view.title, view.fields, output.width, _Styles(output), label_width)
