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

from talks_cli.render.plot import nice
from talks_cli.text import visible
from talks_cli.views.chart import Chart, Mark, Series

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
.stated {{ fill: #805ad5; }}
.stated-disputed {{ fill: #fff; stroke: #c05621; stroke-width: 1.5; }}
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
    flags = "; ".join(mark.flags) or "delivered: added to the total"
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
    width = MARGIN * 2 + label_width + bars + (PANEL_GAP + TOTALS if timed else 0)
    canvas = _Canvas()
    y = MARGIN + 16.0
    canvas.text(MARGIN, y, chart.title, "title")
    if chart.filters:
        y += 18
        canvas.text(MARGIN, y, f"Only: {chart.filters}", "note")
    y += 10
    for series in chart.series:
        y = _series(canvas, series, y + 28, label_width, bars)
    y = _legend(canvas, chart, y + 24)
    footer = f"talks chart {chart.query}" + (f", data as of {chart.as_of.isoformat()}" if chart.as_of else "")
    canvas.text(MARGIN, y + 22, f"{footer}. Each mark's title names its record: talks show ID.", "note")
    height = y + 22 + MARGIN
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{prefix}-title {prefix}-desc"'
        f' width="{_n(width)}" height="{_n(height)}" viewBox="0 0 {_n(width)} {_n(height)}">'
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


def _series(canvas: _Canvas, series: Series, y: float, label_width: float, bars: float) -> float:
    """Draw `series` from `y` down; the y below it."""
    timed = series.layout == "time"
    canvas.text(MARGIN, y, series.name, "series")
    y += 18
    what = "per exchange or return" if timed else "as each document or event states it"
    canvas.text(MARGIN, y, f"{what}; {series.unit or 'number'}", "note")
    bars_x = MARGIN + label_width
    value_width = max(len(_value_label(m)) for m in series.marks) * CHAR + 8
    bar_width = bars - value_width - 8
    totals_x = bars_x + bars + PANEL_GAP
    total_width = TOTALS - max((len(m.total_text) for m in series.marks), default=0) * CHAR - 24
    top = nice(series.highest)
    top_total = nice(series.highest_total) if timed else 1
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
    # Axes and grid: ticks over the bars, and over the totals.
    canvas.text(MARGIN, axis_y, "#  " + ("date" if timed else "side") + "  record", "tick mono")
    for tick in _ticks(top, bar_width):
        x = bars_x + tick / top * bar_width
        canvas.add(
            f'<line class="grid" x1="{_n(x)}" y1="{_n(body_top)}" x2="{_n(x)}" y2="{_n(body_bottom)}"/>'
        )
        canvas.text(x, axis_y, f"{tick:,}", "tick", "middle")
    if timed:
        canvas.text(totals_x, axis_y - 14, "in total so far", "note")
        for tick in _ticks(top_total, total_width):
            x = totals_x + tick / top_total * total_width
            canvas.add(
                f'<line class="grid" x1="{_n(x)}" y1="{_n(body_top)}" x2="{_n(x)}" y2="{_n(body_bottom)}"/>'
            )
            canvas.text(x, axis_y, f"{tick:,}", "tick", "middle")
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
        end = _draw_mark(canvas, series, item, bars_x, bar_width, top, middle, timed)
        cls = "disputed" if item.dispute else ""
        canvas.text(end + 6, middle + 4, _value_label(item), cls)
        if timed and item.total is not None:
            x = totals_x + item.total.value / top_total * total_width
            line.append((x, middle))
            title = f"total after {item.record} ({item.when.isoformat()}): {item.total_text}"
            dot = f'<circle class="dot" cx="{_n(x)}" cy="{_n(middle)}" r="4">'
            canvas.add(f"{dot}<title>{_t(title)}</title></circle>")
            canvas.text(totals_x + TOTALS - 8, middle + 4, item.total_text, "", "end")
    if len(line) > 1:
        points = " ".join(f"{_n(x)},{_n(y_)}" for x, y_ in line)
        canvas.add(f'<polyline class="line" points="{points}"/>')
    return body_bottom


def _draw_mark(
    canvas: _Canvas, series: Series, mark: Mark, x0: float, width: float, top: int, middle: float, timed: bool
) -> float:
    """Draw one mark on its row; the x where its label may start."""
    title = f"<title>{_t(_mark_title(series, mark))}</title>"
    low = x0 + mark.value / top * width
    high = x0 + mark.high / top * width
    end = high
    if timed and not mark.addable:
        cls = "stated-disputed" if mark.dispute else "stated"
        size = 6
        path = f"M{_n(low)} {_n(middle - size)}l{size} {size}l{-size} {size}l{-size} {-size}Z"
        canvas.add(f'<path class="{cls}" d="{path}">{title}</path>')
        end = max(high, low + size)
    else:
        cls = "hollow" if mark.dispute or not (mark.added or not mark.addable) else "added"
        bar = max(low - x0, 1.5) if mark.value else 0
        box = f'x="{_n(x0)}" y="{_n(middle - 7)}" width="{_n(bar)}" height="14"'
        canvas.add(f'<rect class="{cls}" {box}>{title}</rect>')
        end = max(end, x0 + bar)
    if mark.upper is not None:
        ends = f"M{_n(low)} {_n(middle - 5)}v10M{_n(high)} {_n(middle - 5)}v10"
        canvas.add(f'<path class="range" d="{ends}M{_n(low)} {_n(middle)}H{_n(high)}">{title}</path>')
    return end


def _legend(canvas: _Canvas, chart: Chart, y: float) -> float:
    timed = any(s.layout == "time" for s in chart.series)
    disputed = bool(chart.disputed)
    ranged = any(m.upper is not None for m in chart.marks)
    x = float(MARGIN)
    entries: list[tuple[str, str]] = []
    entries.append(("added", "delivered, added to the total" if timed else "figure"))
    if timed:
        entries.append(("stated", "stated, not added (an outcome, a report)"))
        entries.append(("dot", "total so far"))
    if disputed:
        entries.append(("hollow", "disputed (sources differ)"))
    if ranged:
        entries.append(("range", "range, low to high"))
    for cls, words in entries:
        if cls == "stated":
            canvas.add(f'<path class="stated" d="M{_n(x + 6)} {_n(y - 10)}l6 6l-6 6l-6 -6Z"/>')
        elif cls == "dot":
            canvas.add(f'<circle class="dot" cx="{_n(x + 6)}" cy="{_n(y - 4)}" r="4"/>')
        elif cls == "range":
            ends = f"M{_n(x)} {_n(y - 9)}v10M{_n(x + 12)} {_n(y - 9)}v10"
            canvas.add(f'<path class="range" d="{ends}M{_n(x)} {_n(y - 4)}h12"/>')
        else:
            canvas.add(f'<rect class="{cls}" x="{_n(x)}" y="{_n(y - 10)}" width="12" height="12"/>')
        canvas.text(x + 18, y, words, "note")
        x += 18 + len(words) * 6.6 + 24
    return y


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
            text += f"; {delivered} delivered, adding up to {series.total_text}, drawn as a running total"
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
