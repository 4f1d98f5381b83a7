"""`talks chart`: figures drawn on a terminal, in a pipe and as an SVG file, each mark traceable
to its record, through the real command line."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path
from xml.etree import ElementTree

import pytest
from helpers import MINIMAL, Invoke, overlong, strip_colour, write_dataset

from talks_cli.dataset.load import load_indexed
from talks_cli.query.catalog import Catalog
from talks_cli.query.figures import figures_of, totals
from talks_cli.query.filters import Filters

SVG = "{http://www.w3.org/2000/svg}"
CHROMIUM = Path("/usr/bin/chromium")

# Exchanges (what implementations delivered, one of them disputed between two sources), the
# outcome that agreed them and another outlet's report (stated, not added); and a cap stated in
# two documents, once as a range and once with a qualifier.
CHARTED = (
    MINIMAL.replace(
        "topics:\n",
        "documents:\n"
        "  - {id: first-draft, title: First draft, kind: draft, authors: [north], event: round-1,"
        " source: src}\n"
        "  - {id: later-plan, title: Later plan, kind: plan, authors: [south], date: '2025-03-01',"
        " source: src}\n"
        "disputes:\n"
        "  - {id: second-swap-size, question: How many were exchanged on 2025-01-20?}\n"
        "topics:\n",
    )
    + """\
  - id: swap-agreed
    event: round-1
    side: null
    kind: outcome
    topic: ceasefire
    status: agreed
    summary: They agree to exchange 100 each.
    quote: null
    source: src
    locator: page 2
    figures: [{what: people exchanged, value: 100}]
  - id: swap-one
    event: null
    date: 2025-01-10
    side: null
    kind: implementation
    topic: ceasefire
    status: implemented
    summary: The first exchange.
    quote: null
    source: src
    locator: page 3
    implements: swap-agreed
    figures: [{what: people exchanged, value: 30}]
  - id: swap-two-low
    event: null
    date: 2025-01-20
    side: null
    kind: implementation
    topic: ceasefire
    status: implemented
    summary: The second exchange, by one count.
    quote: null
    source: src
    locator: page 4
    implements: swap-agreed
    dispute: second-swap-size
    figures: [{what: people exchanged, value: 20}]
  - id: swap-two-high
    event: null
    date: 2025-01-20
    side: null
    kind: implementation
    topic: ceasefire
    status: implemented
    summary: The second exchange, by another count.
    quote: null
    source: src
    locator: page 5
    implements: swap-agreed
    dispute: second-swap-size
    figures: [{what: people exchanged, value: 25}]
  - id: swap-three-reported-by-a-paper-with-a-long-record-id
    event: null
    date: 2025-02-01
    side: null
    kind: fact
    topic: ceasefire
    status: reported
    summary: A paper reports the third exchange.
    quote: null
    source: src
    locator: page 6
    figures: [{what: people exchanged, value: 40, qualifier: over}]
  - id: swap-three
    event: null
    date: 2025-02-01
    side: null
    kind: implementation
    topic: ceasefire
    status: implemented
    summary: The third exchange.
    quote: null
    source: src
    locator: page 7
    implements: swap-agreed
    figures: [{what: people exchanged, value: 40, qualifier: over}]
  - id: north-cap
    event: round-1
    side: north
    kind: position
    topic: ceasefire
    status: proposed
    summary: North would cap the army.
    quote: null
    source: src
    locator: page 8
    document: first-draft
    figures: [{what: army cap, value: 50000, upper: 80000, unit: soldiers}]
  - id: south-cap
    event: null
    date: 2025-03-01
    side: south
    kind: position
    topic: ceasefire
    status: proposed
    summary: South would allow about 600,000.
    quote: null
    source: src
    locator: page 9
    document: later-plan
    figures: [{what: army cap, value: 600000, qualifier: about, unit: soldiers}]
"""
)
SWAPS = ["swap-agreed", "swap-one", "swap-two-low", "swap-two-high", "swap-three"]
LONG_ID = "swap-three-reported-by-a-paper-with-a-long-record-id"
CAPS = ["north-cap", "south-cap"]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write_dataset(tmp_path, CHARTED)


def _marks(root: ElementTree.Element) -> list[ElementTree.Element]:
    """Every drawn mark (bar, marker, range, point of the total): each has a <title>."""
    return [e for e in root.iter() if e.tag in {f"{SVG}{n}" for n in ("rect", "path", "circle")}]


def test_a_pipe_gets_a_plain_chart_with_every_record_and_the_total(talks: Invoke, data: Path) -> None:
    result = talks("--data", str(data), "chart", "exchanged")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "\x1b" not in out
    for record in [*SWAPS, LONG_ID]:
        assert record in out
    for date in ("2025-01-01", "2025-01-10", "2025-01-20", "2025-02-01"):
        assert date in out
    assert "in total so far" in out
    # Totals as `talks figures` adds them: 30 + 20 (the lower version of the dispute) + over 40.
    assert "Total of people exchanged recorded in this dataset: over 90" in out
    assert "left out: swap-two-high (a higher version of second-swap-size" in out
    assert "(disputed: second-swap-size)" in out
    assert "(not added: outcome)" in out and "(not added: fact)" in out
    assert "Disputed (sources give different versions):" in out
    assert "over 40" in out  # the qualifier stays with the number


def test_a_figure_across_documents_shows_ranges_and_qualifiers(talks: Invoke, data: Path) -> None:
    result = talks("--data", str(data), "chart", "ARMY cap")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "across documents and events" in out
    assert "first-draft, 2025-01-01" in out and "later-plan, 2025-03-01" in out
    assert "50,000 to 80,000 soldiers" in out and "├" in out  # the range, drawn as one
    assert "about 600,000 soldiers" in out
    assert "in total so far" not in out  # positions are never added up


@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("what", ["exchanged", "army cap"])
def test_the_terminal_chart_fits_its_width_and_cuts_no_date_or_id(
    talks: Invoke, data: Path, width: int, what: str
) -> None:
    result = talks("--data", str(data), "chart", what, terminal=True, width=width)
    assert result.exit_code == 0, result.stderr
    screen = strip_colour(result.stdout)
    assert overlong(screen, width) == []
    words = set(screen.split())
    ids = [*SWAPS, LONG_ID] if what == "exchanged" else CAPS
    assert all(record in words for record in ids)  # each whole, as a word of its own
    timed = {"2025-01-10", "2025-01-20", "2025-02-01"}
    dates = timed if what == "exchanged" else {"2025-01-01", "2025-03-01"}
    assert dates <= {w.rstrip(",") for w in words}


def test_colour_on_a_terminal_only(talks: Invoke, data: Path) -> None:
    coloured = talks("--data", str(data), "chart", "exchanged", terminal=True, width=100)
    assert "\x1b[" in coloured.stdout
    plain = talks("--data", str(data), "chart", "exchanged", "--no-color", terminal=True, width=100)
    assert "\x1b" not in plain.stdout
    assert strip_colour(coloured.stdout) == plain.stdout


def test_too_narrow_for_bars_still_lists_every_point(talks: Invoke, data: Path) -> None:
    result = talks("--data", str(data), "chart", "exchanged", terminal=True, width=20)
    assert result.exit_code == 0
    assert "Too narrow to draw" in result.stdout
    assert all(record in result.stdout.split() for record in SWAPS)


def test_filters_apply(talks: Invoke, data: Path) -> None:
    result = talks("--data", str(data), "chart", "exchanged", "--since", "2025-01-15")
    assert result.exit_code == 0
    assert "swap-one" not in result.stdout and "swap-three" in result.stdout
    assert "(only since 2025-01-15)" in result.stdout
    south = talks("--data", str(data), "chart", "cap", "--side", "south")
    assert "south-cap" in south.stdout and "north-cap" not in south.stdout
    none = talks("--data", str(data), "chart", "cap", "--until", "2024")
    assert none.exit_code == 0 and none.stdout == ""
    assert "no figures about 'cap' match the filters" in none.stderr


def test_an_unknown_kind_is_a_usage_error_listing_the_kinds(talks: Invoke, data: Path) -> None:
    result = talks("--data", str(data), "chart", "exchangd people")
    assert result.exit_code == 2
    assert "no figure is about 'exchangd people'" in result.stderr
    assert "Kinds of figures: army cap; people exchanged" in result.stderr
    assert result.stdout == ""


def test_the_svg_is_accessible_and_every_mark_names_its_record(
    talks: Invoke, data: Path, tmp_path: Path
) -> None:
    target = tmp_path / "chart.svg"
    result = talks("--data", str(data), "chart", "exchanged", "--svg", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and "wrote" in result.stderr
    root = ElementTree.parse(target).getroot()
    assert root.get("role") == "img"
    labelled = (root.get("aria-labelledby") or "").split()
    found = {e.get("id"): e for e in root.iter() if e.get("id")}
    assert [found[i].tag for i in labelled] == [f"{SVG}title", f"{SVG}desc"]
    assert "exchanged" in (found[labelled[0]].text or "")
    description = found[labelled[1]].text or ""
    assert "second-swap-size: swap-two-low 20, swap-two-high 25" in description
    titles = [m.find(f"{SVG}title") for m in _marks(root)]
    texts = [t.text or "" for t in titles if t is not None]
    for record in [*SWAPS, LONG_ID]:
        assert any(record in text for text in texts), record
    # The disputed versions are hollow; the reported exchange is a marker, not a bar.
    classes = {m.get("class") for m in _marks(root) if m.find(f"{SVG}title") is not None}
    assert "hollow" in classes and "stated" in classes and "added" in classes and "dot" in classes
    assert root.find(f"{SVG}polyline") is not None  # the running total, as a line
    words = " ".join(e.text or "" for e in root.iter(f"{SVG}text"))
    assert "over 40" in words and "disputed" in words and "2025-01-20" in words


def test_the_svg_is_the_same_bytes_each_time_and_replaces_only_with_force(
    talks: Invoke, data: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    assert talks("--data", str(data), "chart", "cap", "--svg", str(first)).exit_code == 0
    assert talks("--data", str(data), "chart", "cap", "--svg", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    again = talks("--data", str(data), "chart", "cap", "--svg", str(first))
    assert again.exit_code == 2 and "add --force" in again.stderr
    assert talks("--data", str(data), "chart", "cap", "--svg", str(first), "--force").exit_code == 0
    to_stdout = talks("--data", str(data), "chart", "cap", "--svg", "-")
    assert to_stdout.stdout.encode() == first.read_bytes()
    root = ElementTree.fromstring(to_stdout.stdout)
    assert any(m.get("class") == "range" for m in _marks(root))  # 50,000 to 80,000


@pytest.mark.slow
def test_other_commands_do_not_load_the_chart_modules(run_talks: object, isolated_cache: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "talks_cli", "positions", "russia", "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={"XDG_CACHE_HOME": str(isolated_cache.parent), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert "talks_cli.cli.registry" in loaded  # the measurement saw talks itself
    assert not loaded & {"talks_cli.views.chart", "talks_cli.render.plot", "talks_cli.export.svg", "rich"}


def _png_has_ink(path: Path) -> bool:
    """Whether a PNG holds anything but white: its pixel rows, inflated, hold a darker byte."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        if kind == b"IDAT":
            chunks.append(data[offset + 8 : offset + 8 + length])
        offset += 12 + length
    pixels = zlib.decompress(b"".join(chunks))
    return sum(1 for byte in pixels[::7] if byte < 128) > 100


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium: apt-get install -y chromium")
def test_the_svg_renders_in_a_real_browser(talks: Invoke, data: Path, tmp_path: Path) -> None:
    target = tmp_path / "chart.svg"
    assert talks("--data", str(data), "chart", "exchanged", "--svg", str(target)).exit_code == 0
    shot = tmp_path / "shot.png"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                f"--user-data-dir={profile}",
                f"--screenshot={shot}",
                "--window-size=1000,700",
                target.as_uri(),
            ],
            capture_output=True,
            check=False,
            timeout=120,
        )
    assert shot.exists(), "chromium wrote no screenshot"
    assert _png_has_ink(shot)


@pytest.mark.data
@pytest.mark.parametrize(
    ("what", "records"),
    [
        ("prisoners", ["r1-exchange-2025-05-23", "r1-prisoner-exchange-agreed", "x26-exchange-2026-04-24"]),
        ("bodies", ["x25-bodies-2025-09-18", "r2-bodies-final-stage", "r3-russia-bodies-7000"]),
        ("troops cap", ["i22-ru-draft-army-50000", "i22-caps-welt-ukraine", "p25-berlin-forces-800000"]),
    ],
)
def test_the_bundled_charts(talks: Invoke, tmp_path: Path, what: str, records: list[str]) -> None:
    from helpers import BUNDLED

    catalog = Catalog(*load_indexed(BUNDLED, cache_dir=None))
    rows = figures_of(catalog, Filters(), what)
    screen = talks("chart", what, terminal=True, width=80)
    assert screen.exit_code == 0, screen.stderr
    assert overlong(strip_colour(screen.stdout), 80) == []
    for total in totals(catalog, Filters(), rows):
        amount = f"{total.amount.words[0]:,}"
        assert re.search(rf"Total of {re.escape(total.what)}.*: (\w+ )*{amount}", screen.stdout), total.what
    target = tmp_path / "chart.svg"
    assert talks("chart", what, "--svg", str(target)).exit_code == 0
    root = ElementTree.parse(target).getroot()
    texts = " ".join(t.text or "" for m in _marks(root) for t in m.iter(f"{SVG}title"))
    for record in {row.record.id for row in rows}:
        assert record in texts
    for record in records:
        assert record in screen.stdout
    _assert_legible_at_half_width(root)
    if what == "troops cap":
        assert "disputed" in texts and "about 800,000" in screen.stdout
    shutil.rmtree(tmp_path, ignore_errors=True)


NARROW = 640  # the widest viewBox a chart of short ids may have
HALF_WIDTH = 600  # the width of half a screen, in CSS pixels
LEGIBLE = 10  # the smallest text a reader can read, in CSS pixels


def _assert_legible_at_half_width(root: ElementTree.Element) -> None:
    """The viewBox is narrow, and the smallest font in it draws at least LEGIBLE px tall when
    the chart is HALF_WIDTH px wide."""
    _, _, width, _ = (float(n) for n in (root.get("viewBox") or "").split())
    assert width <= NARROW
    style = " ".join(e.text or "" for e in root.iter(f"{SVG}style"))
    sizes = [float(size) for size in re.findall(r"font-size:\s*([\d.]+)px", style)]
    sizes += [float(e.get("font-size") or "inf") for e in root.iter(f"{SVG}text")]
    assert sizes and min(sizes) * HALF_WIDTH / width >= LEGIBLE, (min(sizes), width)


@pytest.mark.parametrize("what", ["exchanged", "cap"])
def test_the_svg_stays_legible_at_half_width(talks: Invoke, data: Path, what: str) -> None:
    root = ElementTree.fromstring(talks("--data", str(data), "chart", what, "--svg", "-").stdout)
    _assert_legible_at_half_width(root)
    texts = [e.text or "" for e in root.iter(f"{SVG}text")]
    ids = [*SWAPS, LONG_ID] if what == "exchanged" else CAPS
    for record in ids:  # each id whole on the line that names its figure
        assert any(re.search(rf"(^|  ){re.escape(record)}$", text) for text in texts), record


def test_the_svg_scales_to_its_container(talks: Invoke, data: Path) -> None:
    root = ElementTree.fromstring(talks("--data", str(data), "chart", "exchanged", "--svg", "-").stdout)
    assert root.get("width") is None and root.get("height") is None  # no fixed size
    _, _, width, height = (float(n) for n in (root.get("viewBox") or "").split())
    assert width > 0 and height > 0 and "width: 100%" in (root.get("style") or "")
