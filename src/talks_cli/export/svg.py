"""A chart as an SVG file, written by hand: no library, no script, nothing fetched.

The layout is narrow, so that it stays legible where a page gives it half a screen: each figure
has a line naming it (its number, date or side, and record id) over its bar or marker, and for a
series that adds up, a panel below with the running total as a line, on the same scale. Every
mark carries a <title> (its record, date and figure) that a browser shows on hover and a screen
reader reads; the chart has a <title> and a <desc> (role="img", aria-labelledby). The same chart
gives the same bytes: no dates of writing, no random ids (ids derive from WHAT), numbers
rounded to a tenth of a pixel.
"""

from __future__ import annotations

import re
import textwrap
from html import escape
from pathlib import Path

from talks_cli.text import visible
from talks_cli.views.chart import MEANINGS, Category, Chart, Mark, Series, describe

# The viewBox's width: at 600 px wide its smallest text (11) still draws over 10 px. It is wider
# only where a record's id needs it, as an id is never cut.
WIDTH = 640
CHAR = 7.4  # width of a character of the 12px monospace font, generously (DejaVu Sans Mono: 7.22)
EM = 0.6  # width of a character of the sans-serif font, in ems, generously (DejaVu Sans: 0.56)
ROW = 22  # height of a row of one line
MARK_ROW = 36  # height of a figure's row: its name, then its bar or marker
MARGIN = 24
KEY = 4 * CHAR  # "12  ": where the bars start, under the figure's date
DATED = 14 * CHAR + 12  # "12  2025-05-23 ": where the running totals start
MIN_BAR = 200  # the least length of a bar's full scale
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
MONO = "DejaVu Sans Mono, Menlo, Consolas, monospace"
SIZES = {"text": 12, "title": 17, "series": 14, "tick": 11}  # font sizes, in viewBox units

STYLE = f"""
text {{ font-family: {FONT}; font-size: {SIZES["text"]}px; fill: #1a1a1a; }}
.mono {{ font-family: {MONO}; white-space: pre; paint-order: stroke; stroke: #fff; stroke-width: 3px; }}
.place {{ font-weight: bold; }}
.title {{ font-size: {SIZES["title"]}px; font-weight: bold; }}
.series {{ font-size: {SIZES["series"]}px; font-weight: bold; }}
.note, .tick {{ fill: #555; }}
.tick {{ font-size: {SIZES["tick"]}px; }}
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
    return f"{mark.key.rjust(2)}  {first}  {mark.record}"


def _value_label(mark: Mark) -> str:
    return mark.text + ("  disputed" if mark.dispute else "")


def _stated_label(mark: Mark) -> str:
    return mark.text + " stated"


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


def _rows(series: Series) -> list[Mark | str]:
    """The rows of a series' panel of figures: its marks, under the name of the document (else
    event) that states them where it is drawn across documents."""
    if series.layout == "time":
        return list(series.marks)
    rows: list[Mark | str] = []
    for place, marks in series.places():
        first = marks[0].when.isoformat()
        rows += [f"{place}, {first}" if place != first else place, *marks]
    return rows


class _Canvas:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, element: str) -> None:
        self.parts.append(element)

    def text(self, x: float, y: float, text: str, cls: str = "", anchor: str = "start") -> None:
        klass = f' class="{cls}"' if cls else ""
        end = f' text-anchor="{anchor}"' if anchor != "start" else ""
        self.add(f'<text x="{_n(x)}" y="{_n(y)}"{klass}{end}>{_t(text)}</text>')

    def lines(self, x: float, y: float, text: str, width: float, cls: str = "") -> float:
        """`text` wrapped at spaces to `width` (never inside a word, so an id stays whole), a
        line from `y` down; the y of its last line."""
        size = SIZES.get(cls, SIZES["text"])
        wrapped = textwrap.wrap(
            text, max(10, int(width / (size * EM))), break_long_words=False, break_on_hyphens=False
        )
        for index, line in enumerate(wrapped or [""]):
            self.text(x, y + index * size * 1.3, line, cls)
        return y + (len(wrapped) - 1) * size * 1.3 if wrapped else y


class _Frame:
    """The widths every panel of a chart shares: one length of bar for the figures and the
    running totals, so with one top per unit, one scale."""

    def __init__(self, chart: Chart) -> None:
        timed = any(s.layout == "time" for s in chart.series)
        names = [
            len(r if isinstance(r, str) else _label(r, s.layout == "time"))
            for s in chart.series
            for r in _rows(s)
        ]
        values = max(len(_value_label(m)) for m in chart.marks) * CHAR + 8
        texts = [m.total_text for m in chart.marks] + [
            _stated_label(m) for s in chart.series for m in s.stated_totals
        ]
        self.totals = max(len(t) for t in texts) * CHAR + 16
        needs = [WIDTH - 2 * MARGIN, max(names) * CHAR + 4, KEY + MIN_BAR + values + 8]
        needs += [DATED + MIN_BAR + self.totals] if timed else []
        self.content = max(needs)
        self.width = self.content + 2 * MARGIN
        rooms = [self.content - KEY - values - 8] + ([self.content - DATED - self.totals] if timed else [])
        self.bar = min(rooms)


def svg(chart: Chart) -> str:
    """The chart as an SVG document."""
    prefix = ident(chart.query)
    frame = _Frame(chart)
    canvas = _Canvas()
    y = canvas.lines(MARGIN, MARGIN + 16.0, chart.title, frame.content, "title") + 10
    for series in chart.series:
        y = _series(canvas, series, y + 28, frame, chart.top(series.unit))
    y = _legend(canvas, chart, y + 24)
    footer = f"talks chart {chart.query}" + (f", data as of {chart.as_of.isoformat()}" if chart.as_of else "")
    footer += ". Each mark's title names its record: talks show ID."
    y = canvas.lines(MARGIN, y + 22, footer, frame.content, "note")
    width, height = frame.width, y + MARGIN
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


def _series(canvas: _Canvas, series: Series, y: float, frame: _Frame, top: int) -> float:
    """Draw `series` from `y` down, on an axis from 0 to `top` (its unit's); the y below it."""
    timed = series.layout == "time"
    y = canvas.lines(MARGIN, y, series.name, frame.content, "series") + 18
    what = "per exchange or return" if timed else "as each document or event states it"
    canvas.text(MARGIN, y, f"{what}; {series.unit or 'number'}", "note")
    canvas.text(MARGIN, y + 18, "#  " + ("date" if timed else "side") + "  record", "tick mono")
    y = _figures(canvas, series, y + 34, frame, top)
    if timed:
        y = _totals(canvas, series, y + 28, frame, top)
    if series.total is None:
        return y
    total = series.total
    span = f"from {total.first.isoformat()} to {total.last.isoformat()}, {len(total.records)} added"
    words = f"Total recorded in this dataset: {series.total_text} ({span})"
    y = canvas.lines(MARGIN, y + 18, words, frame.content)
    for left in total.left_out:
        y = canvas.lines(
            MARGIN + 12, y + 16, f"left out: {left.record} ({left.why})", frame.content - 12, "note"
        )
    return y


def _axis(canvas: _Canvas, x0: float, axis_y: float, bottom: float, frame: _Frame, top: int) -> None:
    """Ticks over a panel from `x0`, its grid down to `bottom`, and its axis."""
    for tick in _ticks(top, frame.bar):
        x = x0 + tick / top * frame.bar
        canvas.add(f'<line class="grid" x1="{_n(x)}" y1="{_n(axis_y + 6)}" x2="{_n(x)}" y2="{_n(bottom)}"/>')
        canvas.text(x, axis_y, f"{tick:,}", "tick", "middle")
    canvas.add(f'<line class="axis" x1="{_n(x0)}" y1="{_n(axis_y + 6)}" x2="{_n(x0)}" y2="{_n(bottom)}"/>')


def _figures(canvas: _Canvas, series: Series, axis_y: float, frame: _Frame, top: int) -> float:
    """The panel of figures: a line naming each, over its bar or marker; the y below it."""
    rows = _rows(series)
    bars_x = MARGIN + KEY
    stated = {id(m) for m in series.stated_totals}
    bottom = axis_y + 6 + sum(ROW if isinstance(row, str) else MARK_ROW for row in rows)
    _axis(canvas, bars_x, axis_y, bottom, frame, top)
    row_top = axis_y + 6
    for row in rows:
        if isinstance(row, str):
            canvas.text(MARGIN, row_top + 15, row, "mono place")
            row_top += ROW
            continue
        canvas.text(MARGIN, row_top + 14, _label(row, series.layout == "time"), "mono")
        middle = row_top + 26
        row_top += MARK_ROW
        if id(row) in stated:  # a running total its source states: drawn with the totals below
            canvas.text(bars_x + 6, middle + 4, f"states {row.text} in total so far: see below", "note")
            continue
        end = _draw_mark(canvas, series, row, bars_x, frame.bar, top, middle)
        canvas.text(end + 6, middle + 4, _value_label(row), "disputed" if row.dispute else "")
    return bottom


def _totals(canvas: _Canvas, series: Series, y: float, frame: _Frame, top: int) -> float:
    """The panel of running totals, below the figures on the same scale: the total recorded here
    after each figure added, and those the sources state; the y below it."""
    stated = {id(m) for m in series.stated_totals}
    rows = [m for m in series.marks if id(m) in stated or m.total is not None]
    x0, right = MARGIN + DATED, MARGIN + DATED + frame.bar + frame.totals
    canvas.text(MARGIN, y, "in total so far, recorded in this dataset", "note")
    canvas.text(MARGIN, y + 18, "#  date", "tick mono")
    bottom = y + 24 + ROW * len(rows)
    _axis(canvas, x0, y + 18, bottom, frame, top)
    line: list[tuple[float, float]] = []
    for index, mark in enumerate(rows):
        middle = y + 24 + ROW * index + ROW / 2
        canvas.text(MARGIN, middle + 4, f"{mark.key.rjust(2)}  {mark.when.isoformat()}", "mono")
        if id(mark) in stated:  # beside the one recorded here
            x = x0 + mark.value / top * frame.bar
            _shape(canvas, "so far", x, middle, f"<title>{_t(_mark_title(series, mark))}</title>", "")
            canvas.text(right, middle + 4, _stated_label(mark), "", "end")
        elif mark.total is not None:
            x = x0 + mark.total.low / top * frame.bar
            line.append((x, middle))
            title = f"total recorded after {mark.record} ({mark.when.isoformat()}): {mark.total_text}"
            dot = f'<circle class="dot" cx="{_n(x)}" cy="{_n(middle)}" r="4">'
            canvas.add(f"{dot}<title>{_t(title)}</title></circle>")
            canvas.text(right, middle + 4, mark.total_text, "", "end")
    if len(line) > 1:
        points = " ".join(f"{_n(x)},{_n(y_)}" for x, y_ in line)
        canvas.add(f'<polyline class="line" points="{points}"/>')
    return bottom


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


def write(chart: Chart, target: Path, *, replace: bool) -> None:
    """Write the chart to `target`, whole or not at all (see `publish`)."""
    from talks_cli.export.publish import publish

    text = svg(chart)

    def write_to(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    publish(target, write_to, replace=replace)
