"""A chart drawn in text: bars on a terminal (coloured) or in a pipe (plain, no escape codes).

Each series is a panel of horizontal bars, one row per figure, its number and date (or side)
on the left and its value on the right; a series that adds up has a second panel with the
running total. Below the panels, a caption maps each number to its record id, date and figure,
and lists the disputed ones. Rows are laid out within `width`: a date, a number and a value are
never cut; an id is never cut either (the caption folds between whole pieces, and an id longer
than the line stands whole on a line of its own). Where the width leaves a bar too little room,
only the caption is printed: the table of points.

Data passes through `visible` on its way out. rich is imported only to colour a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from talks_cli.text import visible
from talks_cli.views.chart import MEANINGS, Category, Chart, Mark, Series

if TYPE_CHECKING:
    from talks_cli.render.environment import Writer

Segment = tuple[str, str]  # text and its style on a terminal ("" for none)
Line = list[Segment]

MIN_BAR = 8  # cells a bar may take at least; with fewer, the chart is its table of points
EIGHTHS = " ▏▎▍▌▋▊▉█"
GAP = "  "


# Each category's shape (block elements and geometric shapes, else ASCII) and colour.
SHAPES: dict[Category, tuple[str, str, str]] = {
    "delivered": ("█", "#", "cyan"),
    "agreed": ("■", "=", "green"),
    "demanded": ("▲", "^", "red"),
    "proposed": ("◆", "*", "magenta"),
    "rejected": ("✕", "x", "bright_black"),
    "stated": ("○", "o", "blue"),
    "so far": ("◎", "O", "green"),
}


class Glyphs:
    """The characters marks are drawn with: block elements, or ASCII where stdout is not UTF-8."""

    def __init__(self, unicode: bool) -> None:
        self.unicode = unicode
        self.solid = "█" if unicode else "#"
        self.hollow = "░" if unicode else ":"
        self.total = "●" if unicode else "@"
        self.trail = "·" if unicode else "."
        self.range = ("├", "─", "┤") if unicode else ("|", "-", "|")

    def shape(self, category: Category) -> str:
        unicode, ascii_, _ = SHAPES[category]
        return unicode if self.unicode else ascii_

    def legend(self, chart: Chart) -> list[str]:
        marks = chart.marks
        present = {m.category for m in marks}
        parts = [f"{self.shape(c)} {MEANINGS[c]}" for c in MEANINGS if c in present]
        if any(s.layout == "time" for s in chart.series):
            parts.append(f"{self.trail}{self.total} total so far, recorded in this dataset")
        if any(m.dispute or (m.addable and not m.added) for m in marks):
            parts.append(f"{self.hollow} disputed or not added; yellow: disputed (sources differ)")
        if any(m.upper is not None for m in marks):
            low, line, high = self.range
            parts.append(f"{low}{line}{high} range, low to high")
        return parts


def lines(chart: Chart, width: int, *, unicode: bool = True) -> list[Line]:
    """The chart as lines of at most `width` cells (but for an id longer than that, whole)."""
    glyphs = Glyphs(unicode)
    out: list[Line] = [[(line, "bold")] for line in _wrap([chart.title], width)]
    keys = max(len(m.key) for m in chart.marks)
    values = max(len(m.text) for m in chart.marks)
    totals = max((len(m.total_text) for m in chart.marks if m.total is not None), default=0)
    labels = [
        m.when.isoformat() if s.layout == "time" else (m.side or "-") for s in chart.series for m in s.marks
    ]
    label_width = max(len(label) for label in [*labels, "date", "side"])
    # One width of bars for every panel: with one top per unit, one scale per unit.
    bar = width - (keys + len(GAP) + label_width + len(GAP)) - 1 - max(values, totals)
    for series in chart.series:
        out.append([])
        out += _panel(
            series, Frame(width, keys, label_width, max(values, totals), bar, chart.top(series.unit)), glyphs
        )
    out.append([])
    out += _styled(_wrap(glyphs.legend(chart), width, separator="; "), "dim")
    out.append([])
    out += _caption(chart, width, keys)
    return out


class Frame:
    """Where a panel's pieces stand: the widths every panel of a chart shares, and the value at
    the end of its axis (the same for every panel of one unit)."""

    def __init__(self, width: int, keys: int, labels: int, values: int, bar: int, top: int) -> None:
        self.width, self.keys, self.labels, self.values, self.bar, self.top = (
            width,
            keys,
            labels,
            values,
            bar,
            top,
        )

    def prefix(self, key: str, label: str) -> str:
        return key.rjust(self.keys) + GAP + visible(label).ljust(self.labels) + GAP

    def cells(self, value: int) -> int:
        return min(self.bar - 1, round(value / self.top * (self.bar - 1)))


def _panel(series: Series, frame: Frame, glyphs: Glyphs) -> list[Line]:
    """A series' marks (and running total), or a note where the width leaves a bar too little room."""
    timed = series.layout == "time"
    width, bar = frame.width, frame.bar
    out: list[Line] = _styled(_wrap([visible(series.name)], width, indent=GAP), "bold")
    if bar < MIN_BAR:
        return [*out, *_styled(_wrap(["Too narrow to draw: its figures are listed below."], width), "dim")]
    heading = "per exchange or return" if timed else "as each document or event states it"
    out += _styled(_wrap([f"{heading}, {_unit(series)}"], width), "dim")
    header = frame.prefix("#", "date" if timed else "side")
    out.append([(header + _axis(frame.top, bar), "dim")])
    groups = [("", series.bars)] if timed else series.places()
    for place, marks in groups:
        if place:
            first = marks[0].when.isoformat()
            heading = f"{place}, {first}" if place != first else place
            out += [[(line, "bold")] for line in _wrap([visible(heading)], width, indent=GAP)]
        for mark in marks:
            prefix = frame.prefix(mark.key, mark.when.isoformat() if timed else (mark.side or "-"))
            drawn, style = _mark(mark, frame.top, bar, glyphs)
            out.append(
                [(prefix, "dim"), (drawn.ljust(bar), style), (" " + mark.text.rjust(frame.values), "")]
            )
    if timed:
        out.append([])
        out += _styled(
            _wrap([f"{visible(series.what)}, in total so far ({_total_words(series)})"], width), "dim"
        )
        out.append([(header + _axis(frame.top, bar), "dim")])
        stated = {id(m) for m in series.stated_totals}
        for mark in sorted(
            [m for m in series.marks if m.total is not None or id(m) in stated], key=lambda m: m.when
        ):
            prefix = frame.prefix(mark.key, mark.when.isoformat())
            if id(mark) in stated:
                drawn = " " * frame.cells(mark.value) + glyphs.shape("so far")
                out.append(
                    [
                        (prefix, "dim"),
                        (drawn.ljust(bar), SHAPES["so far"][2]),
                        (" " + mark.text.rjust(frame.values), ""),
                    ]
                )
                continue
            assert mark.total is not None
            drawn = glyphs.trail * frame.cells(mark.total.low) + glyphs.total
            out.append(
                [(prefix, "dim"), (drawn.ljust(bar), "bold"), (" " + mark.total_text.rjust(frame.values), "")]
            )
    return out


def _styled(texts: Sequence[str], style: str) -> list[Line]:
    return [[(text, style)] for text in texts]


def _unit(series: Series) -> str:
    return series.unit or "number"


def _total_words(series: Series) -> str:
    words = "recorded in this dataset: what its implementations delivered"
    if any(m.dispute for m in series.marks if m.addable):
        words += "; of a dispute's versions, the lowest"
    if series.stated_totals:
        words += "; beside it, the running totals its sources state"
    return words


def _mark(mark: Mark, top: int, bar: int, glyphs: Glyphs) -> tuple[str, str]:
    """A mark as text `bar` cells wide at most, and its style: a bar for what was delivered,
    else its category's shape where its value stands (a range drawn from low to high)."""
    low = mark.value / top * bar
    ranged = ""
    if mark.upper is not None:
        start, line, end = glyphs.range
        span = max(2, round((mark.upper - mark.value) / top * bar))
        ranged = start + line * (span - 2) + end
    colour = "yellow" if mark.dispute else SHAPES[mark.category][2]
    if mark.category != "delivered":
        shape = glyphs.shape(mark.category)
        cells = min(bar - 1 - len(ranged), round(low))
        text = " " * max(0, cells - 1) + shape + ranged[1:]
        return text[:bar], colour
    if mark.dispute or (mark.addable and not mark.added):
        cells = max(1, round(low)) if mark.value else 0
        return (glyphs.hollow * cells + ranged)[:bar], "yellow"
    return (_solid(low, glyphs) + ranged)[:bar], colour


def _solid(cells: float, glyphs: Glyphs) -> str:
    """A bar `cells` long, to an eighth of a cell where the terminal has block elements."""
    if not glyphs.unicode:
        return glyphs.solid * max(1 if cells > 0 else 0, round(cells))
    eighths = max(1 if cells > 0 else 0, round(cells * 8))
    whole, part = divmod(eighths, 8)
    return EIGHTHS[8] * whole + (EIGHTHS[part] if part else "")


def _axis(top: int, bar: int) -> str:
    """The value axis over the bars: 0 at the left, `top` at the right, and the middle between."""
    low, high, middle = "0", f"{top:,}", f"{top // 2:,}" if top % 2 == 0 else f"{top / 2:,}"
    text = low + " " * (bar - len(low) - len(high)) + high
    centre = bar // 2 - len(middle) // 2
    if len(middle) + 2 <= bar - len(low) - len(high) - 2 and centre > len(low) + 1:
        text = text[:centre] + middle + text[centre + len(middle) :]
    return text


def _caption(chart: Chart, width: int, keys: int) -> list[Line]:
    """Each mark's number, date, figure, record and what to know of it; then the disputes and
    the totals."""
    out = _styled(_wrap(["Records (talks show ID gives each in full):"], width), "bold")
    indent = " " * (keys + len(GAP))
    values = max(len(m.text) for m in chart.marks)
    for series in chart.series:
        if len(chart.series) > 1:
            out += [[(line, "bold")] for line in _wrap([series.name], width, indent=GAP)]
        for mark in series.marks:
            pieces = [mark.key.rjust(keys), mark.when.isoformat(), mark.text.rjust(values)]
            pieces += [visible(mark.side)] if mark.side and series.layout == "documents" else []
            pieces.append(visible(mark.record))
            pieces += [f"({flag})" for flag in mark.flags]
            for index, line in enumerate(_wrap(pieces, width, indent=indent)):
                out.append([(line, "yellow" if mark.dispute and index == 0 else "")])
    disputes: dict[str, list[str]] = {}
    for mark in chart.disputed:
        disputes.setdefault(mark.dispute or "", []).append(mark.key)
    if disputes:
        out += _styled(_wrap(["Disputed (sources give different versions):"], width), "bold")
        for dispute, keys_of in disputes.items():
            pieces = [GAP + visible(dispute) + ":", "marks", ", ".join(keys_of)]
            out += [[(line, "")] for line in _wrap(pieces, width, indent=GAP * 2, separator=" ")]
    for series in chart.series:
        if series.total is None:
            continue
        total = series.total
        pieces = [
            f"Total of {series.name} recorded in this dataset:",
            series.total_text,
            f"from {total.first.isoformat()} to {total.last.isoformat()},",
            f"{len(total.records)} added",
        ]
        out += [[(line, "")] for line in _wrap(pieces, width, indent=GAP, separator=" ")]
        for item in total.left_out:
            left = [GAP + "left out:", visible(item.record), f"({item.why})"]
            out += [[(line, "dim")] for line in _wrap(left, width, indent=GAP * 2, separator=" ")]
    return out


def _wrap(pieces: Sequence[str], width: int, *, indent: str = "", separator: str = GAP) -> list[str]:
    """`pieces` joined on lines of `width` cells, each kept whole ("over 6,000", an id); only a
    piece longer than a line folds between its words, and a word longer than a line stands
    whole on a line of its own."""
    room = max(1, width - len(indent))
    words: list[tuple[str, str]] = []  # each unbreakable word, and what joins it to the one before
    for piece in pieces:
        parts = piece.split(" ") if len(piece) > room else [piece]
        words += [(word, separator if index == 0 else " ") for index, word in enumerate(parts) if word]
    lines: list[str] = []
    line = ""
    for word, before in words:
        if not line:
            line = word
        elif len(line) + len(before) + len(word) > width:
            lines.append(line)
            line = indent + word
        else:
            line += before + word
    if line:
        lines.append(line)
    return lines


def write(chart: Chart, out: Writer, *, width: int, height: int, color: bool, unicode: bool) -> None:
    """The chart on `out`: coloured where `color`, else plain text with no escape codes."""
    drawn = lines(chart, width, unicode=unicode)
    if not color:
        for line in drawn:
            out.write("".join(text for text, _ in line).rstrip() + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(
        file=out,  # type: ignore[arg-type]
        width=width,
        height=height,
        force_terminal=True,
        highlight=False,
        emoji=False,
        markup=False,
    )
    for line in drawn:
        text = Text()
        for part, style in line:
            text.append(part, style=style or None)
        text.rstrip()
        console.print(text, soft_wrap=True)
