"""Terminal tables with rich: the only module that imports it.

Data is always wrapped in `rich.text.Text`, never parsed as markup, so `[bold]`, `[/x]`,
`[link=…]` and `:emoji:` in a dataset print as themselves.
"""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .render import Output
from .text import visible
from .views import Cell, Detail, Listing

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


def console(output: Output, out: TextIO, *, record: bool = False) -> Console:
    return Console(
        file=out,
        width=output.width,
        force_terminal=True,
        no_color=not output.color,
        color_system="auto" if output.color else None,
        highlight=False,
        emoji=False,
        markup=False,
        record=record,
    )


def _text(cell: Cell, style: str = "") -> Text:
    value = "\n".join(cell) if isinstance(cell, list) else cell
    return Text(visible(value, keep_newlines=True), style=style)


def _side_styles(values: list[str]) -> dict[str, str]:
    # Colours follow the dataset's order of actors, so each side keeps its colour everywhere.
    return {value: SIDE_COLOURS[i % len(SIDE_COLOURS)] for i, value in enumerate(values)}


def build_listing_table(listing: Listing, side_order: list[str]) -> Table:
    # A column with one value in every row (the side, in `positions russia`) says nothing.
    shown = [
        i
        for i, column in enumerate(listing.columns)
        if column.terminal and (len(listing.rows) < 2 or len({str(row[i]) for row in listing.rows}) > 1)
    ]
    names = [c.name for c in listing.columns]
    sides = _side_styles(side_order)
    table = Table(title=_text(listing.title), title_justify="left", expand=False, show_lines=True)
    for i in shown:
        column = listing.columns[i]
        if column.wide:
            table.add_column(_text(column.name), ratio=1, overflow="fold", min_width=16)
        else:
            table.add_column(_text(column.name), overflow="fold")
    has_hidden_quote = "quote" in names and not listing.columns[names.index("quote")].terminal
    for row in listing.rows:
        cells = []
        for i in shown:
            column = listing.columns[i]
            style = ""
            if column.style == "side" and isinstance(row[i], str):
                style = sides.get(str(row[i]), "")
            elif column.style == "status" and isinstance(row[i], str):
                style = STATUS_STYLES.get(str(row[i]), "")
            cell = _text(row[i], style)
            if column.name == "summary" and has_hidden_quote and row[names.index("quote")]:
                # The exact words of the source, under the English summary.
                cell.append("\n")
                cell.append(_text(f"“{row[names.index('quote')]}”", "italic dim"))
            cells.append(cell)
        table.add_row(*cells)
    return table


def citations(listing: Listing) -> Text:
    text = Text("Sources:\n", style="bold")
    for line in listing.citations:
        text.append(Text("  " + visible(line) + "\n", style="dim"))
    return text


def listing_table(listing: Listing, output: Output, out: TextIO) -> None:
    target = console(output, out)
    target.print(build_listing_table(listing, listing.sides))
    if listing.citations:
        target.print(citations(listing), end="")


def detail_table(detail: Detail, output: Output, out: TextIO) -> None:
    table = Table(title=_text(detail.title), title_justify="left", show_header=False, show_lines=True)
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    for label, value in detail.lines:
        style = "italic" if label.startswith("quote") else STATUS_STYLES.get(str(value), "")
        table.add_row(_text(label), _text(value, style))
    console(output, out).print(table)
