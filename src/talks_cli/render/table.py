"""What a terminal shows: tables from TABLE_FROM columns on, one block per item below that.

The only module that imports rich. Rules, whatever the width:
- an identifier, a date, a number, a label or a URL is never broken across lines; prose folds
  between words, and a single word longer than the line stands whole on a line of its own;
- a table has a header and a rule under it, no borders, no rule between rows; where not every
  column fits, or rows would average more than LINES_PER_ROW lines, the columns each listing
  declares least needed (`Column.shed`) go under another column's value, on a line of their own
  under the row, or out; a table is drawn only where its identifiers stay whole and its prose
  readable, else each item becomes a block (its id as a heading, then a labelled line a field);
- each row cites its sources by their numbers in the list under it (`src`);
- a URL is printed whole on a line of its own, even past the edge, so copying it works.
The table is laid out here rather than by rich's Table, which crops a row too wide for the
screen without a mark and cannot give a URL the whole width under its row.
Data is wrapped in `rich.text.Text`, never parsed as markup, and passes through `visible`
first, so `[bold]`, `:emoji:` and control characters in a dataset print as themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from talks_cli.render.environment import Writer
from talks_cli.render.formats import Output
from talks_cli.text import visible
from talks_cli.views.listing import UNBROKEN, UNDER_ROW, Cell, Citation, Column, Detail, Field, Listing

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

TABLE_FROM = 60  # narrower than this, a table leaves prose too little room: one block per item
LINES_PER_ROW = 3.0  # columns are shed until rows average no more lines than this
LINES_AT_MOST = 3.5  # else the most columns within this many
PROSE_READABLE = 28  # the narrowest a table's main prose column may become
GAP = "  "  # between columns: no borders, rows told apart by alignment (as gh and kubectl do)
SHED_FIRST = 1_000  # the `shed` of a column that goes first: the source numbers
SAMPLE = 400
PRINTED_AT_ONCE = 500  # lines  # rows measured to choose a layout: a large listing is measured by a sample


class _Line(NamedTuple):
    text: str
    whole: bool  # never broken: an identifier, a date, a label, a URL
    style: str


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


def listing(view: Listing, output: Output, out: Writer) -> None:
    console = _console(output, out)
    styles = _Styles(output)
    citations = view.citations if output.sources else []
    columns = [c for c in view.columns if c.terminal]
    if citations and view.citing is not None and not output.fields:  # --fields: those columns only
        numbers = {c.id: n for n, c in enumerate(citations, 1)}
        kept = [c for c in columns if not c.shed] or columns  # under a column never shed, short if any
        first = next((c.name for c in kept if c.kind != "prose"), kept[0].name)
        columns.append(_markers(view.citing, numbers, first))
    _print_wrapped(console, view.title, output.width, "bold")
    plan = _plan(columns, view.items, output.width, styles) if output.width >= TABLE_FROM else None
    if plan is not None:
        _draw(console, plan, view.items, styles)
    else:
        _blocks(console, columns, view.items, output.width, styles)
    if citations:
        _citations(console, citations, output.width)


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


def _cell_lines(column: Column, item: Any, styles: _Styles, *, with_aside: bool) -> list[_Line]:
    value = column.get(item)
    whole = column.kind in UNBROKEN
    lines = [_Line(line, whole, styles.of(column.style, value)) for line in _lines(value)]
    aside = column.aside(item) if with_aside and column.aside else None
    if aside and not whole and lines:  # prose: the aside goes on as the same paragraph
        lines[-1] = lines[-1]._replace(text=f"{lines[-1].text} {visible(aside)}")
    elif aside:
        lines += [_Line(line, False, "italic") for line in _lines(aside)]
    return [line for line in lines if line.text]


def _slot_lines(slot: _Slot, item: Any, styles: _Styles) -> list[_Line]:
    """A slot's value, then the identifiers shed under it on one line, folding between them
    (each whole), then any prose shed under it."""
    lines = _cell_lines(slot.column, item, styles, with_aside=True)
    folded = [line for column in slot.under for line in _under(column, item, styles)]
    tokens = [line for line in folded if line.whole]
    if len(tokens) == 1:
        lines += tokens
    elif tokens:
        lines.append(_Line(" ".join(t.text for t in tokens), False, ""))
    return lines + [line for line in folded if not line.whole]


def _under(column: Column, item: Any, styles: _Styles) -> list[_Line]:
    lines = _cell_lines(column, item, styles, with_aside=True)
    if column.labelled and lines:  # coloured as its name would be: a side's colour
        text = f"{column.name}{':' if column.kind != 'refs' else ''} " + " ".join(line.text for line in lines)
        return [_Line(text, False, styles.of(column.style, column.name))]
    return lines


def _plan(columns: Sequence[Column], items: Sequence[Any], width: int, styles: _Styles) -> _Plan | None:
    """The table that shows the most columns with rows of LINES_PER_ROW lines or fewer on
    average, shedding the columns of highest `shed` first; else the one with the most columns
    within LINES_AT_MOST; else the one of fewest lines; None where none fits `width` with its
    identifiers whole and its prose readable."""
    sample = list(items[:: max(1, len(items) // SAMPLE)])
    # A column empty in every row tells nothing: a table leaves it out.
    shown = [c for c in columns if any(_lines(c.get(item)) != [""] for item in sample)]
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
    columns: Sequence[Column], rank: int | None, sample: Sequence[Any], width: int, styles: _Styles
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
    return _Plan(slots, widths, row_lines) if widths is not None else None


def _widths(slots: Sequence[_Slot], sample: Sequence[Any], width: int, styles: _Styles) -> list[int] | None:
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
        need = max(cell_len(line.text) if line.whole else _longest_word(line.text) for line in lines)
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


def _longest_word(text: str) -> int:
    return max((cell_len(word) for word in text.split()), default=0)


def _average_lines(plan: _Plan, sample: Sequence[Any], styles: _Styles) -> float:
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
        total += sum(len(_cell_lines(c, item, styles, with_aside=False)) for c in plan.row_lines)
    return total / len(sample)


def _fold(lines: Sequence[_Line], width: int) -> list[_Line]:
    """`lines` wrapped to `width`: prose between words, a whole value kept as it is."""
    return [
        _Line(text, line.whole, line.style)
        for line in lines
        for text in ([line.text] if line.whole else _wrap(line.text, width))
    ]


def _draw(console: Console, plan: _Plan, items: Sequence[Any], styles: _Styles) -> None:
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
        for column in plan.row_lines:
            lines += [
                Text(INDENT + line.text, style=line.style)
                for line in _cell_lines(column, item, styles, with_aside=False)
            ]
        if len(lines) >= PRINTED_AT_ONCE:  # printed a screenful at a time, not a line at a time
            console.print(Text("\n").join(lines), soft_wrap=True)
            lines = []
    if lines:
        console.print(Text("\n").join(lines), soft_wrap=True)


def _blocks(
    console: Console, columns: Sequence[Column], items: Sequence[Any], width: int, styles: _Styles
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
        return _lines(field.value)
    return [wrapped for line in _lines(field.value) for wrapped in _wrap(line, width)]


def _print_wrapped(console: Console, text: str, width: int, style: str) -> None:
    _indented(console, visible(text, keep_newlines=True), width, "", "", style)


def _citations(console: Console, citations: Sequence[Citation], width: int) -> None:
    """The sources, numbered as the table's `src` column cites them; each address on the same
    line where the line holds it whole, else whole on a line of its own."""
    console.print(Text("Sources:", style="bold"), soft_wrap=True)
    number_width = len(str(len(citations)))
    for number, citation in enumerate(citations, 1):
        first = f"{number:>{number_width}} "
        rest = " " * len(first)
        lines = _wrap(visible(f"{citation.id}: {citation.text}"), width - len(first))
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
    for index, line in enumerate(_wrap(text, width - len(rest))):
        console.print(Text((first if index == 0 else rest) + line, style=style), soft_wrap=True)


# --- one item in full ------------------------------------------------------------------------


def detail(view: Detail, output: Output, out: Writer) -> None:
    label_width = max(cell_len(f.label) for f in view.fields)
    _block(_console(output, out), view.title, view.fields, output.width, _Styles(output), label_width)
