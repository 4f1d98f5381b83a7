"""A chart as an SVG file, written by hand: no library, no script, nothing fetched.

The layout is the terminal's: one row per figure (its number, date or side, and record id on
the left), a panel of horizontal bars, and for a series that adds up a panel with the running
total as a line. Every mark carries a <title> (its record, date and figure) that a browser shows
on hover and a screen reader reads; the chart has a <title> and a <desc> (role="img",
aria-labelledby). The same chart gives the same bytes: no dates of writing, no random ids (ids
derive from WHAT), numbers rounded to a tenth of a pixel.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from pathlib import Path

from talks_cli.text import visible
from talks_cli.views.chart import MEANINGS, Category, Chart, Mark, Series

CHAR = 7.4  # width of a character of the 12px monospace font, generously (DejaVu Sans Mono: 7.22)
ROW = 22  # height of a row
MARGIN = 24
BARS = 400  # width of the panel of bars, labels included
WIDE_BARS = 560  # the same, where no panel of totals stands beside it
TOTALS = 320  # width of the panel of running totals, labels included
PANEL_GAP = 40
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
MONO = "DejaVu Sans Mono, Menlo, Consolas, monospace"

STYLE = f"""
text {{ font-family: {FONT}; font-size: 12px; fill: #1a1a1a; }}
.mono {{ font-family: {MONO}; white-space: pre; }}
.place {{ font-weight: bold; }}
.title {{ font-size: 17px; font-weight: bold; }}
.series {{ font-size: 14px; font-weight: bold; }}
.note, .tick {{ fill: #555; }}
.tick {{ font-size: 11px; }}
.grid {{ stroke: #ddd; stroke-width: 1; }}
.axis {{ stroke: #888; stroke-width: 1; }}
.added {{ fill: #2b6cb0; }}
.hollow {{ fill: #fff; stroke: #c05621; stroke-width: 1.5; stroke-dasharray: 4 2; }}
.agreed {{ fill: #2f855a; }}
.demanded {{ fill: #c53030; }}
.proposed {{ fill: #805ad5; }}
.rejected {{ fill: none; stroke: #4a5568; stroke-width: 2.5; }}
.stated {{ fill: #fff; stroke: #2b6cb0; stroke-width: 2; }}
.so-far {{ fill: #fff; stroke: #2f855a; stroke-width: 2; }}
.marker-disputed {{ stroke: #c05621; stroke-width: 1.5; stroke-dasharray: 2 1; }}
.range {{ stroke: #1a1a1a; stroke-width: 1.5; fill: none; }}
.line {{ stroke: #2f855a; stroke-width: 2; fill: none; }}
.dot {{ fill: #2f855a; }}
.disputed {{ fill: #c05621; }}
"""


def _t(text: str) -> str:
    """Text from the data, safe inside an element or an attribute: markup escaped, and every
    control character and noncharacter shown as an escape (`visible`), the last line of defence
    against what XML 1.0 forbids (C0 controls, U+FFFE, U+FFFF), which the loader refuses."""
    return escape(visible(text), quote=True)


def _n(number: float) -> str:
    """A coordinate as text: a tenth of a pixel, the same on every run."""
    text = f"{number:.1f}"
    return text[:-2] if text.endswith(".0") else text


def ident(query: str) -> str:
    """An id prefix from WHAT: "troops cap" gives talks-chart-troops-cap."""
    slug = re.sub(r"[^a-z0-9]+", "-", query.lower()).strip("-")[:40] or "figures"
    return f"talks-chart-{slug}"


def _label(mark: Mark, timed: bool) -> str:
    first = mark.when.isoformat() if timed else (mark.side or "-")
    return f"{first}  {mark.record}"


def _value_label(mark: Mark) -> str:
    return mark.text + ("  disputed" if mark.dispute else "")


def _mark_title(series: Series, mark: Mark) -> str:
    where = f", {mark.place}" if mark.place else ""
    side = f", {mark.side}" if mark.side else ""
    flags = "; ".join([MEANINGS[mark.category], *mark.flags])
    about = f"{mark.record} ({mark.when.isoformat()}{where}{side})"
    return f"{mark.key}. {about}: {series.what}: {mark.text} ({flags})"


def _ticks(top: int, width: float) -> list[int]:
    """Round values from 0 to `top` to label an axis `width` pixels long, labels apart."""
    lead = top
    while lead >= 10 and lead % 10 == 0:
        lead //= 10
    label = len(f"{top:,}") * 6.6 + 12
    for parts in (4 if lead == 2 else 5, 2, 1):
        if label * parts <= width and top % parts == 0:
            return [top * i // parts for i in range(parts + 1)]
    return [0, top]


class _Canvas:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, element: str) -> None:
        self.parts.append(element)

    def text(self, x: float, y: float, text: str, cls: str = "", anchor: str = "start") -> None:
        klass = f' class="{cls}"' if cls else ""
        end = f' text-anchor="{anchor}"' if anchor != "start" else ""
        self.add(f'<text x="{_n(x)}" y="{_n(y)}"{klass}{end}>{_t(text)}</text>')


def svg(chart: Chart) -> str:
    """The chart as an SVG document."""
    prefix = ident(chart.query)
    timed = any(s.layout == "time" for s in chart.series)
    labels = [len(m.key) + 2 + len(_label(m, s.layout == "time")) for s in chart.series for m in s.marks]
    places = [len(p) + 12 for s in chart.series if s.layout == "documents" for p, _ in s.places()]
    label_width = max([*labels, *places]) * CHAR + 12
    bars = BARS if timed else WIDE_BARS
    # One width of bars for every panel (of marks and of totals): with one top per unit, one scale.
    value_width = max(len(_value_label(m)) for m in chart.marks) * CHAR + 8
    total_width = max([len(m.total_text) for m in chart.marks] + [0]) * CHAR + 16
    frame = _Frame(label_width, bars - value_width - 8, value_width, total_width)
    width = MARGIN * 2 + label_width + bars + (PANEL_GAP + frame.bar + total_width if timed else 0)
    canvas = _Canvas()
    y = MARGIN + 16.0
    canvas.text(MARGIN, y, chart.title, "title")
    y += 10
    for series in chart.series:
        y = _series(canvas, series, y + 28, frame, chart.top(series.unit))
    y = _legend(canvas, chart, y + 24)
    footer = f"talks chart {chart.query}" + (f", data as of {chart.as_of.isoformat()}" if chart.as_of else "")
    canvas.text(MARGIN, y + 22, f"{footer}. Each mark's title names its record: talks show ID.", "note")
    height = y + 22 + MARGIN
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{prefix}-title {prefix}-desc"'
        # No fixed size: the chart takes its container's width, its height follows the viewBox.
        f' viewBox="0 0 {_n(width)} {_n(height)}" style="width: 100%; height: auto">'
    )
    return "\n".join(
        [
            head,
            f'<title id="{prefix}-title">{_t(chart.title)}</title>',
            f'<desc id="{prefix}-desc">{_t(describe(chart))}</desc>',
            f"<style>{STYLE}</style>",
            f'<rect width="{_n(width)}" height="{_n(height)}" fill="#fff"/>',
            *canvas.parts,
            "</svg>",
            "",
        ]
    )


class _Frame:
    """The widths every panel of a chart shares."""

    def __init__(self, labels: float, bar: float, values: float, totals: float) -> None:
        self.labels, self.bar, self.values, self.totals = labels, bar, values, totals


def _series(canvas: _Canvas, series: Series, y: float, frame: _Frame, top: int) -> float:
    """Draw `series` from `y` down, on an axis from 0 to `top` (its unit's); the y below it."""
    timed = series.layout == "time"
    canvas.text(MARGIN, y, series.name, "series")
    y += 18
    what = "per exchange or return" if timed else "as each document or event states it"
    canvas.text(MARGIN, y, f"{what}; {series.unit or 'number'}", "note")
    bars_x = MARGIN + frame.labels
    bar_width = frame.bar
    totals_x = bars_x + bar_width + frame.values + 8 + PANEL_GAP
    stated = {id(m) for m in series.stated_totals}
    rows: list[tuple[str, Mark | str]] = []
    for place, marks in [("", series.marks)] if timed else series.places():
        if place:
            first = marks[0].when.isoformat()
            rows.append(("place", f"{place}, {first}" if place != first else place))
        rows += [("mark", m) for m in marks]
    y += 22
    axis_y = y
    body_top = y + 6
    body_bottom = body_top + ROW * len(rows)
    # Axes and grid: ticks over the bars, and over the totals, on the same scale.
    canvas.text(MARGIN, axis_y, "#  " + ("date" if timed else "side") + "  record", "tick mono")
    for x0 in [bars_x, totals_x] if timed else [bars_x]:
        for tick in _ticks(top, bar_width):
            x = x0 + tick / top * bar_width
            canvas.add(
                f'<line class="grid" x1="{_n(x)}" y1="{_n(body_top)}" x2="{_n(x)}" y2="{_n(body_bottom)}"/>'
            )
            canvas.text(x, axis_y, f"{tick:,}", "tick", "middle")
    if timed:
        canvas.text(totals_x, axis_y - 14, "in total so far, recorded in this dataset", "note")
    canvas.add(
        f'<line class="axis" x1="{_n(bars_x)}" y1="{_n(body_top)}" x2="{_n(bars_x)}" y2="{_n(body_bottom)}"/>'
    )
    line: list[tuple[float, float]] = []
    for index, (_, item) in enumerate(rows):
        middle = body_top + ROW * index + ROW / 2
        if isinstance(item, str):
            canvas.text(MARGIN, middle + 4, item, "mono place")
            continue
        canvas.text(MARGIN, middle + 4, f"{item.key.rjust(2)}  {_label(item, timed)}", "mono")
        if id(item) in stated:  # a running total its source states: beside the one recorded here
            x = totals_x + item.value / top * bar_width
            _shape(canvas, "so far", x, middle, f"<title>{_t(_mark_title(series, item))}</title>", "")
            canvas.text(totals_x + bar_width + frame.totals, middle + 4, item.text + " stated", "", "end")
            continue
        end = _draw_mark(canvas, series, item, bars_x, bar_width, top, middle)
        cls = "disputed" if item.dispute else ""
        canvas.text(end + 6, middle + 4, _value_label(item), cls)
        if timed and item.total is not None:
            x = totals_x + item.total.low / top * bar_width
            line.append((x, middle))
            title = f"total recorded after {item.record} ({item.when.isoformat()}): {item.total_text}"
            dot = f'<circle class="dot" cx="{_n(x)}" cy="{_n(middle)}" r="4">'
            canvas.add(f"{dot}<title>{_t(title)}</title></circle>")
            canvas.text(totals_x + bar_width + frame.totals, middle + 4, item.total_text, "", "end")
    if len(line) > 1:
        points = " ".join(f"{_n(x)},{_n(y_)}" for x, y_ in line)
        canvas.add(f'<polyline class="line" points="{points}"/>')
    if series.total is None:
        return body_bottom
    total = series.total
    y = body_bottom + 18
    span = f"from {total.first.isoformat()} to {total.last.isoformat()}, {len(total.records)} added"
    canvas.text(MARGIN, y, f"Total recorded in this dataset: {series.total_text} ({span})")
    for left in total.left_out:
        y += 16
        canvas.text(MARGIN + 12, y, f"left out: {left.record} ({left.why})", "note")
    return y


def _shape(canvas: _Canvas, category: Category, x: float, middle: float, title: str, extra: str) -> None:
    """A category's marker centred on (x, middle): a square agreed, a triangle demanded, a
    diamond proposed, a cross rejected, a ring stated, a double ring a stated running total."""
    size = 6
    cls = category.replace(" ", "-") + extra
    if category == "agreed":
        box = f'x="{_n(x - size)}" y="{_n(middle - size)}" width="{2 * size}" height="{2 * size}"'
        canvas.add(f'<rect class="{cls}" {box}>{title}</rect>')
    elif category == "demanded":
        path = f"M{_n(x)} {_n(middle - size)}l{size} {2 * size}h{-2 * size}Z"
        canvas.add(f'<path class="{cls}" d="{path}">{title}</path>')
    elif category == "proposed":
        path = f"M{_n(x)} {_n(middle - size)}l{size} {size}l{-size} {size}l{-size} {-size}Z"
        canvas.add(f'<path class="{cls}" d="{path}">{title}</path>')
    elif category == "rejected":
        down = f"M{_n(x - size)} {_n(middle - size)}l{2 * size} {2 * size}"
        path = f"{down}M{_n(x + size)} {_n(middle - size)}l{-2 * size} {2 * size}"
        canvas.add(f'<path class="{cls}" d="{path}">{title}</path>')
    else:
        radius = size - 1 if category == "stated" else size
        circle = f'<circle class="{cls}" cx="{_n(x)}" cy="{_n(middle)}" r="{radius}">'
        canvas.add(f"{circle}{title}</circle>")
        if category == "so far":  # a double ring: the inner one
            canvas.add(f'<circle class="{cls}" cx="{_n(x)}" cy="{_n(middle)}" r="2.5"/>')


def _draw_mark(
    canvas: _Canvas, series: Series, mark: Mark, x0: float, width: float, top: int, middle: float
) -> float:
    """Draw one mark on its row: a bar for what was delivered, else its category's shape; the x
    where its label may start."""
    title = f"<title>{_t(_mark_title(series, mark))}</title>"
    low = x0 + mark.value / top * width
    high = x0 + mark.high / top * width
    end = high
    if mark.category != "delivered":
        _shape(canvas, mark.category, low, middle, title, " marker-disputed" if mark.dispute else "")
        end = max(high, low + 6)
    else:
        cls = "hollow" if mark.dispute or not mark.added else "added"
        bar = max(low - x0, 1.5) if mark.value else 0
        box = f'x="{_n(x0)}" y="{_n(middle - 7)}" width="{_n(bar)}" height="14"'
        canvas.add(f'<rect class="{cls}" {box}>{title}</rect>')
        end = max(end, x0 + bar)
    if mark.upper is not None:
        ends = f"M{_n(low)} {_n(middle - 5)}v10M{_n(high)} {_n(middle - 5)}v10"
        canvas.add(f'<path class="range" d="{ends}M{_n(low)} {_n(middle)}H{_n(high)}">{title}</path>')
    return end


def _legend(canvas: _Canvas, chart: Chart, y: float) -> float:
    """What each shape means, one entry a line: only the shapes the chart draws."""
    present = {m.category for m in chart.marks}
    x = float(MARGIN)
    entries: list[tuple[str, str]] = [(c, MEANINGS[c]) for c in MEANINGS if c in present]
    if any(s.layout == "time" for s in chart.series):
        entries.append(("dot", "total so far, recorded in this dataset"))
    if any(m.dispute or (m.addable and not m.added) for m in chart.marks):
        entries.append(("hollow", "disputed (sources differ), or not added"))
    if any(m.upper is not None for m in chart.marks):
        entries.append(("range", "range, low to high"))
    for index, (cls, words) in enumerate(entries):
        row_y = y + index * 18
        if cls == "delivered":
            canvas.add(f'<rect class="added" x="{_n(x)}" y="{_n(row_y - 10)}" width="12" height="12"/>')
        elif cls == "hollow":
            canvas.add(f'<rect class="hollow" x="{_n(x)}" y="{_n(row_y - 10)}" width="12" height="12"/>')
        elif cls == "dot":
            canvas.add(f'<circle class="dot" cx="{_n(x + 6)}" cy="{_n(row_y - 4)}" r="4"/>')
        elif cls == "range":
            ends = f"M{_n(x)} {_n(row_y - 9)}v10M{_n(x + 12)} {_n(row_y - 9)}v10"
            canvas.add(f'<path class="range" d="{ends}M{_n(x)} {_n(row_y - 4)}h12"/>')
        else:
            _shape(canvas, cls, x + 6, row_y - 4, "", "")  # type: ignore[arg-type]
        canvas.text(x + 18, row_y, words, "note")
    return y + 18 * max(0, len(entries) - 1)


def describe(chart: Chart) -> str:
    """The chart in words, for a screen reader."""
    parts = [
        f"Horizontal bar chart, one row per figure in date order, of the figures about '{chart.query}'"
        + (f" (only {chart.filters})" if chart.filters else "")
        + "."
    ]
    for series in chart.series:
        marks = series.marks
        span = f"{marks[0].when.isoformat()} to {marks[-1].when.isoformat()}"
        low = min(marks, key=lambda m: m.value)
        high = max(marks, key=lambda m: m.high)
        text = (
            f"{series.name}: {len(marks)} figure{'s' * (len(marks) != 1)} from {span}, "
            f"from {low.text} ({low.record}) to {high.text} ({high.record})"
        )
        if series.total is not None:
            delivered = sum(1 for m in marks if m.addable)
            text += (
                f"; {delivered} delivered, adding up to {series.total_text} as recorded in this dataset,"
                " drawn as a running total"
            )
            left = [f"{item.record} ({item.why})" for item in series.total.left_out]
            text += f"; left out: {'; '.join(left)}" if left else ""
        parts.append(text + ".")
    disputed = _disputed(chart.disputed)
    if disputed:
        parts.append("Disputed: " + "; ".join(disputed) + ".")
    return " ".join(parts)


def _disputed(marks: Sequence[Mark]) -> list[str]:
    groups: dict[str, list[str]] = {}
    for mark in marks:
        groups.setdefault(mark.dispute or "", []).append(f"{mark.record} {mark.text}")
    return [f"{dispute}: {', '.join(versions)}" for dispute, versions in groups.items()]


def write(chart: Chart, target: Path, *, replace: bool) -> None:
    """Write the chart to `target`, whole or not at all (see `publish`)."""
    from talks_cli.export.publish import publish

    text = svg(chart)

    def write_to(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    publish(target, write_to, replace=replace)
