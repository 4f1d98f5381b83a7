"""What a terminal shows of a listing: a table from TABLE_FROM columns on, one block per item
below that (`blocks`).

A table has a header and a rule under it, no borders, no rule between rows. Where not every
column fits, or rows would average more than LINES_PER_ROW lines, the columns each listing
declares least needed (`Column.shed`) go under another column's value, on a line of their own
under the row, or out; a table is drawn only where its identifiers stay whole and its prose
readable. Each row cites its sources by their numbers in the list under it (`src`).
The table is laid out here rather than by rich's Table, which crops a row too wide for the
screen without a mark and cannot give a URL the whole width under its row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from talks_cli.render.blocks import (
    INDENT,
    PROSE_MIN,
    Styles,
    blocks,
    print_wrapped,
    sources_list,
    terminal_console,
    value_lines,
    wrap,
)
from talks_cli.render.environment import Writer
from talks_cli.render.formats import Output
from talks_cli.text import visible
from talks_cli.views.listing import UNBROKEN, UNDER_ROW, Citation, Column, Listing

# --- listings ---------------------------------------------------------------------------------

TABLE_FROM = 60  # narrower than this, a table leaves prose too little room: one block per item
LINES_PER_ROW = 3.0  # columns are shed until rows average no more lines than this
LINES_AT_MOST = 3.5  # else the most columns within this many
PROSE_READABLE = 28  # the narrowest a table's main prose column may become
GAP = "  "  # between columns: no borders, rows told apart by alignment (as gh and kubectl do)
SHED_FIRST = 1_000  # the `shed` of a column that goes first: the source numbers
SAMPLE = 400  # rows measured to choose a layout: a large listing is measured by a sample
PRINTED_AT_ONCE = 500  # lines


class _Line(NamedTuple):
    text: str
    whole: bool  # never broken: an identifier, a date, a label, a URL
    style: str
    words: tuple[str, ...] = ()  # where set, the line breaks only between these (ids, "src 1-3")


class _Slot(NamedTuple):
    """A table's column: a view's column, with the values of the columns shed under it."""

    column: Column
    under: tuple[Column, ...]

    @property
    def header(self) -> str:
        return self.column.name


class _Plan(NamedTuple):
    slots: list[_Slot]
    widths: list[int]
    row_lines: list[Column]  # shed to a line of their own under each row
    width: int  # the terminal's: what a line of its own may fill


def listing(view: Listing, output: Output, out: Writer) -> None:
    console = terminal_console(output, out)
    styles = Styles(output)
    citations = view.citations if output.sources else []
    columns = [c for c in view.columns if c.terminal]
    if citations and view.citing is not None and not output.fields:  # --fields: those columns only
        numbers = {c.id: n for n, c in enumerate(citations, 1)}
        kept = [c for c in columns if not c.shed] or columns  # under a column never shed
        # Under the answer itself (its prose), on the line of the ids shed there, where it costs
        # no line; else under the first short column.
        prose = [c for c in kept if c.kind == "prose"]
        first = prose[0].name if prose else kept[0].name
        columns.append(_markers(view.citing, numbers, first))
    print_wrapped(console, view.title, output.width, "bold")
    plan = _plan(columns, view.items, output.width, styles) if output.width >= TABLE_FROM else None
    if plan is not None:
        _draw(console, plan, view.items, styles)
    else:
        blocks(console, columns, view.items, output.width, styles)
    if citations:
        sources_list(console, citations, output.width)


def _markers(
    citing: Callable[[Sequence[Any]], list[Citation]], numbers: dict[str, int], first: str
) -> Column:
    """The column that cites each row's sources by their numbers in the list under the table;
    the first to go under another column ("src 3") where the width is short: it costs no line
    there, under a date."""

    def marks(item: Any) -> str:
        return _ranges(sorted({numbers[c.id] for c in citing([item]) if c.id in numbers}))

    return Column("src", marks, "refs", shed=SHED_FIRST, under=first, labelled=True)


def _ranges(numbers: list[int]) -> str:
    """1 2 3 5 as "1-3 5": a total adding twenty records cites them in a few characters."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return " ".join(f"{run[0]}-{run[-1]}" if len(run) > 2 else " ".join(map(str, run)) for run in runs)


def _cell_lines(column: Column, item: Any, styles: Styles, *, with_aside: bool) -> list[_Line]:
    value = column.get(item)
    whole = column.kind in UNBROKEN
    lines = [_Line(line, whole, styles.of(column.style, value)) for line in value_lines(value)]
    aside = column.aside(item) if with_aside and column.aside else None
    if aside and not whole and lines:  # prose: the aside goes on as the same paragraph
        lines[-1] = lines[-1]._replace(text=f"{lines[-1].text} {visible(aside)}")
    elif aside:
        lines += [_Line(line, False, "italic") for line in value_lines(aside)]
    return [line for line in lines if line.text]


def _slot_lines(slot: _Slot, item: Any, styles: Styles) -> list[_Line]:
    """A slot's value, then the identifiers shed under it on one line, folding between them
    (each whole), then any prose shed under it."""
    lines = _cell_lines(slot.column, item, styles, with_aside=True)
    folded = [line for column in slot.under for line in _under(column, item, styles)]
    tokens = [line for line in folded if line.whole]
    if len(tokens) == 1:
        lines += tokens
    elif tokens:
        lines.append(_Line(" ".join(t.text for t in tokens), False, "", tuple(t.text for t in tokens)))
    return lines + [line for line in folded if not line.whole]


def _under(column: Column, item: Any, styles: Styles) -> list[_Line]:
    lines = _cell_lines(column, item, styles, with_aside=True)
    if column.labelled and lines:  # coloured as its name would be: a side's colour
        text = f"{column.name}{':' if column.kind != 'refs' else ''} " + " ".join(line.text for line in lines)
        # Source numbers ("src 1-3") join the ids' line like an id; other labelled values are prose.
        return [_Line(text, column.kind == "refs", styles.of(column.style, column.name))]
    return lines


def _plan(columns: Sequence[Column], items: Sequence[Any], width: int, styles: Styles) -> _Plan | None:
    """The table that shows the most columns with rows of LINES_PER_ROW lines or fewer on
    average, shedding the columns of highest `shed` first; else the one with the most columns
    within LINES_AT_MOST; else the one of fewest lines; None where none fits `width` with its
    identifiers whole and its prose readable."""
    sample = list(items[:: max(1, len(items) // SAMPLE)])
    # A column empty in every row tells nothing: a table leaves it out.
    shown = [c for c in columns if any(value_lines(c.get(item)) != [""] for item in sample)] or columns
    fitting: list[tuple[float, _Plan]] = []
    for rank in [None, *sorted({c.shed for c in shown if c.shed}, reverse=True)]:
        plan = _arranged(shown, rank, sample, width, styles)
        if plan is None:
            continue
        lines = _average_lines(plan, sample, styles)
        if lines <= LINES_PER_ROW:
            return plan
        fitting.append((lines, plan))
    tolerable = [plan for lines, plan in fitting if lines <= LINES_AT_MOST]
    if tolerable:
        return tolerable[0]
    return min(fitting, key=lambda pair: pair[0])[1] if fitting else None


def _arranged(
    columns: Sequence[Column], rank: int | None, sample: Sequence[Any], width: int, styles: Styles
) -> _Plan | None:
    """The columns with every one of `shed` at least `rank` moved as it declares, and their widths."""
    kept = [c for c in columns if rank is None or not c.shed or c.shed < rank]
    by_name = {c.name: c for c in columns}

    def place(column: Column) -> str | None:
        """Where a shed column goes: under a kept column, under its row, or (None) nowhere;
        under a column shed too, where that one goes."""
        target = column.under
        while target in by_name and by_name[target] not in kept:
            target = by_name[target].under
        return target if target == UNDER_ROW or target in by_name else None

    moved = [(c, place(c)) for c in columns if c not in kept]
    slots = [_Slot(c, tuple(m for m, at in moved if at == c.name)) for c in kept]
    row_lines = [m for m, at in moved if at == UNDER_ROW]
    widths = _widths(slots, sample, width, styles)
    return _Plan(slots, widths, row_lines, width) if widths is not None else None


def _widths(slots: Sequence[_Slot], sample: Sequence[Any], width: int, styles: Styles) -> list[int] | None:
    """Each slot's width in a table `width` cells wide, or None where none fits.

    A value never broken makes its column as wide as it is; a prose column is at least as wide
    as its longest word and PROSE_MIN, and prose columns share what is left in proportion to
    what they could use; the main prose column (the longest) gets at least PROSE_READABLE."""
    lowest: list[int] = []
    wanted: list[int] = []
    for slot in slots:
        lines = [line for item in sample for line in _slot_lines(slot, item, styles)]
        lines.append(_Line(slot.header, True, ""))
        longest = max(cell_len(line.text) for line in lines)
        need = max(_unbreakable(line) for line in lines)
        if slot.column.kind == "prose":
            need = max(need, min(PROSE_MIN, longest))
        lowest.append(need)
        wanted.append(longest)
    spare = width - cell_len(GAP) * (len(slots) - 1) - sum(lowest)
    if spare < 0:
        return None
    room = [want - low for want, low in zip(wanted, lowest, strict=True)]
    if sum(room) <= spare:
        widths = wanted
    else:
        widths = [low + (r * spare) // sum(room) for low, r in zip(lowest, room, strict=True)]
    prose = [
        (w, want) for slot, w, want in zip(slots, widths, wanted, strict=True) if slot.column.kind == "prose"
    ]
    main = max(prose, key=lambda pair: pair[1], default=None)  # the longest prose: the answer
    if main and main[0] < min(PROSE_READABLE, main[1]):
        return None
    return widths


def _unbreakable(line: _Line) -> int:
    """The widest part of `line` that is never broken: all of it, its widest unit or word."""
    if line.whole:
        return cell_len(line.text)
    return max((cell_len(word) for word in line.words or line.text.split()), default=0)


def _average_lines(plan: _Plan, sample: Sequence[Any], styles: Styles) -> float:
    if not sample:
        return 0.0
    total = 0
    for item in sample:
        total += max(
            (
                len(_fold(_slot_lines(s, item, styles), w))
                for s, w in zip(plan.slots, plan.widths, strict=True)
            ),
            default=1,
        )
        total += len(_row_lines(plan, item, styles))
    return total / len(sample)


def _row_lines(plan: _Plan, item: Any, styles: Styles) -> list[_Line]:
    """The values shed to lines of their own under a row, wrapped to the terminal's width."""
    lines = [line for c in plan.row_lines for line in _cell_lines(c, item, styles, with_aside=False)]
    return _fold(lines, plan.width - cell_len(INDENT))


def _fold(lines: Sequence[_Line], width: int) -> list[_Line]:
    """`lines` wrapped to `width`: prose between words, a whole value kept as it is."""
    return [
        _Line(text, line.whole, line.style)
        for line in lines
        for text in ([line.text] if line.whole else wrap(line.text, width, line.words))
    ]


def _draw(console: Console, plan: _Plan, items: Sequence[Any], styles: Styles) -> None:
    """A header, a rule under it, and each row's cells side by side, wrapped in their columns."""
    right = [slot.column.kind in ("number", "refs") for slot in plan.slots]
    last = len(plan.slots) - 1

    def joined(cells: Sequence[_Line | None]) -> Text:
        text = Text()
        for index, (cell, width) in enumerate(zip(cells, plan.widths, strict=True)):
            value = cell.text if cell else ""
            pad = " " * (width - cell_len(value))
            if index:
                text.append(GAP)
            if right[index]:
                text.append(pad)
            text.append(value, style=cell.style if cell else "")
            if not right[index] and index < last:
                text.append(pad)
        text.rstrip()
        return text

    lines = [joined([_Line(s.header, True, "bold") for s in plan.slots])]
    lines.append(Text(GAP.join("─" * w for w in plan.widths)))
    for item in items:
        cells = [_fold(_slot_lines(s, item, styles), w) for s, w in zip(plan.slots, plan.widths, strict=True)]
        for index in range(max(map(len, cells), default=1) or 1):
            lines.append(joined([c[index] if index < len(c) else None for c in cells]))
        lines += [Text(INDENT + line.text, style=line.style) for line in _row_lines(plan, item, styles)]
        if len(lines) >= PRINTED_AT_ONCE:  # printed a screenful at a time, not a line at a time
            console.print(Text("\n").join(lines), soft_wrap=True)
            lines = []
    if lines:
        console.print(Text("\n").join(lines), soft_wrap=True)
