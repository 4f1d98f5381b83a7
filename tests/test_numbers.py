"""Numbers that never claim more than the records hold: totals that say what they left out,
interval arithmetic, progress that follows the records (stages, truces that ended, what is not
reported), and charts with one scale per unit, a shape per status and every filter named."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from helpers import Invoke, strip_colour, write_dataset

from talks_cli.query.filters import DERIVED_FILTERS, FILTER_WORDS, Filters

SVG = "{http://www.w3.org/2000/svg}"

HEAD = """\
schema_version: 4
title: Numbers
as_of: "2025-12-31"
sources:
  - {id: src, title: A page, kind: web-page, language: en, url: "https://example.org/a"}
actors:
  - {id: north, name: North, role: party}
  - {id: south, name: South, role: party}
  - {id: broker, name: Broker, role: mediator}
topics:
  - {id: prisoners, label: Prisoners}
  - {id: ceasefire, label: Ceasefire}
events:
  - {id: round-1, name: First round, kind: round, status: held, date: "2025-01-01"}
  - id: truce
    name: A three-day truce
    kind: truce
    status: held
    date: "2025-05-09"
    end: "2025-05-11"
    participants: [{actor: broker, role: mediator}]
disputes:
  - {id: how-many, question: How many were exchanged?}
  - {id: truce-kept, question: Was the truce kept?}
records:
"""


def record(record_id: str, **fields: Any) -> str:
    """A record in YAML flow style: an implementation of no outcome, dated in 2025, unless
    `fields` say otherwise."""
    values: dict[str, Any] = {
        "id": record_id,
        "event": None,
        "date": "2025-02-01",
        "side": None,
        "kind": "implementation",
        "topic": "prisoners",
        "status": "implemented",
        "summary": f"Record {record_id}.",
        "quote": None,
        "source": "src",
        "locator": "page 1",
    }
    values.update(fields)
    return "  - " + json.dumps(values) + "\n"


def figure(what: str, value: int, **more: Any) -> dict[str, Any]:
    return {"what": what, "value": value, **more}


def dataset(tmp_path: Path, *records: str, head: str = HEAD) -> Path:
    return write_dataset(tmp_path, head + "".join(records))


def answer(talks: Invoke, data: Path, *args: str) -> Any:
    result = talks("--data", str(data), *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def total_of(talks: Invoke, data: Path, *args: str) -> dict[str, Any]:
    (total,) = answer(talks, data, "figures", "--total", *args)
    return total  # type: ignore[no-any-return]


def outcome(talks: Invoke, data: Path, outcome_id: str) -> dict[str, Any]:
    return {o["id"]: o for o in answer(talks, data, "outcomes")}[outcome_id]  # type: ignore[no-any-return]


def swap(n: int, day: int, **more: Any) -> str:
    """An exchange of `n` each side on `day` of February 2025."""
    more.setdefault("figures", [figure("prisoners each side", n)])
    return record(f"swap-{day}", date=f"2025-02-{day:02d}", **more)


# --- totals: what they could not count -----------------------------------------------------------


def test_a_total_with_an_unnumbered_delivery_in_its_range_is_at_least_and_lists_it(
    talks: Invoke, tmp_path: Path
) -> None:
    data = dataset(tmp_path, swap(100, 1), record("swap-unknown", date="2025-02-05"), swap(50, 10))
    total = total_of(talks, data)
    assert (total["value"], total["qualifier"]) == (150, "at least")
    assert [(x["record"], x["reason"]) for x in total["left_out"]] == [("swap-unknown", "no number")]
    plain = talks("--data", str(data), "figures", "--total", "--plain").stdout
    assert "at least 150" in plain and "swap-unknown (no figure of prisoners each side)" in plain
    csv = talks("--data", str(data), "figures", "--total", "--csv").stdout
    assert "at least 150" in csv and "swap-unknown" in csv
    chart = talks("--data", str(data), "chart", "prisoners").stdout
    assert "recorded in this dataset: at least 150" in chart and "left out: swap-unknown" in chart
    # Outside its range (before the first figure), a delivery with no number is not its scope.
    early = dataset(tmp_path, record("swap-unknown", date="2025-01-05"), swap(100, 1), swap(50, 10))
    assert total_of(talks, early)["qualifier"] == "exact"


def test_a_reported_exchange_with_no_number_is_left_out_but_another_report_is_not(
    talks: Invoke, tmp_path: Path
) -> None:
    reported = record("swap-heard-of", kind="fact", status="reported", date="2025-02-05")
    again = record("swap-1-again", kind="fact", status="reported", related=["swap-1"], date="2025-02-06")
    total = total_of(talks, dataset(tmp_path, swap(100, 1), reported, again, swap(50, 10)))
    assert total["qualifier"] == "at least"
    assert [x["record"] for x in total["left_out"]] == ["swap-heard-of"]


def test_a_figure_only_reported_or_unconfirmed_is_not_added_and_makes_it_at_least(
    talks: Invoke, tmp_path: Path
) -> None:
    claimed = swap(70, 5, unconfirmed=True)
    heard = record(
        "swap-heard",
        kind="fact",
        status="reported",
        date="2025-02-07",
        figures=[figure("prisoners each side", 35)],
    )
    total = total_of(talks, dataset(tmp_path, swap(100, 1), claimed, heard))
    assert (total["value"], total["qualifier"]) == (100, "at least")
    assert [(x["record"], x["reason"]) for x in total["left_out"]] == [
        ("swap-5", "only reported"),
        ("swap-heard", "only reported"),
    ]


def test_a_running_total_above_the_sum_makes_it_at_least(talks: Invoke, tmp_path: Path) -> None:
    so_far = figure("prisoners each side", 400, cumulative=True)
    data = dataset(
        tmp_path,
        swap(100, 1),
        record("swap-10", date="2025-02-10", figures=[figure("prisoners each side", 50), so_far]),
    )
    total = total_of(talks, data)
    assert (total["value"], total["qualifier"]) == (150, "at least")
    (left,) = total["left_out"]
    assert left["reason"] == "running total" and "400" in left["why"]
    # The chart draws the source's own running total beside the one recorded here.
    chart = talks("--data", str(data), "chart", "prisoners").stdout
    panel = chart.split("in total so far")[1].split("Records")[0]
    assert "◎" in panel and "400" in panel and "◎ a running total its source states" in chart
    # A running total that the parts reach says nothing is missing.
    exact = dataset(
        tmp_path,
        swap(100, 1),
        record(
            "swap-10",
            date="2025-02-10",
            figures=[figure("prisoners each side", 50), figure("prisoners each side", 150, cumulative=True)],
        ),
    )
    assert total_of(talks, exact)["qualifier"] == "exact"


# --- interval arithmetic ------------------------------------------------------------------------


def test_at_least_plus_up_to_is_at_least(talks: Invoke, tmp_path: Path) -> None:
    data = dataset(
        tmp_path,
        swap(1000, 1, figures=[figure("prisoners each side", 1000, qualifier="at least")]),
        swap(50, 2, figures=[figure("prisoners each side", 50, qualifier="up to")]),
    )
    total = total_of(talks, data)
    assert (total["value"], total["qualifier"], total["upper"]) == (1000, "at least", None)


def test_ranges_add_as_ranges(talks: Invoke, tmp_path: Path) -> None:
    data = dataset(
        tmp_path, swap(100, 1, figures=[figure("prisoners each side", 100, upper=200)]), swap(50, 2)
    )
    total = total_of(talks, data)
    assert (total["value"], total["qualifier"], total["upper"]) == (150, "exact", 250)
    assert "150 to 250" in talks("--data", str(data), "figures", "--total", "--plain").stdout


def test_of_disputed_versions_the_lowest_counts_in_totals_and_running_totals(
    talks: Invoke, tmp_path: Path
) -> None:
    high = swap(
        90,
        3,
        dispute="how-many",
        implements="swap-agreed",
        figures=[figure("prisoners each side", 90), figure("exchanged so far", 500, cumulative=True)],
    )
    low = swap(
        60,
        4,
        dispute="how-many",
        implements="swap-agreed",
        figures=[figure("prisoners each side", 60), figure("exchanged so far", 300, cumulative=True)],
    )
    agreed = record(
        "swap-agreed",
        kind="outcome",
        status="agreed",
        date="2025-01-01",
        figures=[figure("exchanged so far", 400)],
    )
    data = dataset(
        tmp_path,
        agreed,
        swap(100, 1),
        high,
        low,
    )
    total = next(t for t in answer(talks, data, "figures", "--total") if t["what"] == "prisoners each side")
    assert total["value"] == 160 and [x["record"] for x in total["left_out"]] == ["swap-3"]
    # Two disputed running totals (500 and 300): the lower stands, so 400 is not reached.
    found = outcome(talks, data, "swap-agreed")
    assert found["delivered"]["exchanged so far"]["value"] == 300
    assert found["progress"] == "partly implemented (disputed)"


def test_kinds_are_compared_folded(talks: Invoke, tmp_path: Path) -> None:
    agreed = record(
        "swap-agreed",
        kind="outcome",
        status="agreed",
        date="2025-01-01",
        figures=[figure("Prisoners each side", 150)],
    )
    first = record("swap-1", implements="swap-agreed", figures=[figure("prisoners  each side", 100)])
    second = record(
        "swap-2", implements="swap-agreed", date="2025-02-02", figures=[figure("PRISONERS each side", 50)]
    )
    data = dataset(tmp_path, agreed, first, second)
    (total,) = answer(talks, data, "figures", "--total")
    assert total["value"] == 150 and total["records"] == ["swap-1", "swap-2"]
    assert outcome(talks, data, "swap-agreed")["progress"] == "implemented"


# --- progress ----------------------------------------------------------------------------------


def test_a_stage_counts_the_whole_its_parts_add_up_to_with_a_note(talks: Invoke, tmp_path: Path) -> None:
    agreed = record(
        "swap-agreed",
        kind="outcome",
        status="agreed",
        date="2025-01-01",
        figures=[figure("prisoners each side", 1000)],
    )
    stage = record(
        "stage-1",
        implements="swap-agreed",
        figures=[
            figure("prisoners each side", 270),
            figure("civilians each side", 120),
            figure("people each side", 390),
        ],
    )
    rest = record(
        "stage-2", implements="swap-agreed", date="2025-02-02", figures=[figure("prisoners each side", 610)]
    )
    found = outcome(talks, dataset(tmp_path, agreed, stage, rest), "swap-agreed")
    assert found["progress"] == "implemented"
    assert found["delivered"]["prisoners each side"]["value"] == 1000
    (note,) = found["delivery_notes"]
    assert "stage-1" in note and "390" in note and "120 civilians each side" in note


TRUCE = record(
    "truce-agreed", kind="outcome", status="agreed", topic="ceasefire", event="truce", date="2025-05-08"
)
IN_FORCE = record(
    "truce-in-force", implements="truce-agreed", topic="ceasefire", event="truce", date="2025-05-09"
)


def test_a_truce_whose_time_is_over_is_not_under_way(talks: Invoke, tmp_path: Path) -> None:
    assert outcome(talks, dataset(tmp_path, TRUCE, IN_FORCE), "truce-agreed")["progress"] == "ended"
    still = dataset(
        tmp_path, TRUCE, IN_FORCE, head=HEAD.replace('as_of: "2025-12-31"', 'as_of: "2025-05-10"')
    )
    assert outcome(talks, still, "truce-agreed")["progress"] == "under way"
    claims = [
        record(
            f"claim-{side}",
            kind="statement",
            status="stated",
            side=side,
            topic="ceasefire",
            event="truce",
            dispute="truce-kept",
        )
        for side in ("north", "south")
    ]
    disputed = dataset(tmp_path, TRUCE, IN_FORCE, *claims)
    found = outcome(talks, disputed, "truce-agreed")
    assert found["progress"] == "ended (disputed)" and found["ends"] == "2025-05-11"
    broken = record(
        "truce-broken", implements="truce-agreed", topic="ceasefire", status="rejected", date="2025-05-10"
    )
    assert (
        outcome(talks, dataset(tmp_path, TRUCE, IN_FORCE, broken), "truce-agreed")["progress"]
        == "ended (broken)"
    )
    kept = record(
        "truce-in-force",
        implements="truce-agreed",
        topic="ceasefire",
        event="truce",
        date="2025-05-09",
        completes=True,
    )
    assert outcome(talks, dataset(tmp_path, TRUCE, kept), "truce-agreed")["progress"] == "ended (kept)"


def test_a_duration_ends_its_outcome(talks: Invoke, tmp_path: Path) -> None:
    agreed = record(
        "pause",
        kind="outcome",
        status="agreed",
        topic="ceasefire",
        date="2025-03-01",
        figures=[figure("pause", 30, unit="days")],
    )
    started = record("pause-began", implements="pause", topic="ceasefire", date="2025-03-02")
    found = outcome(talks, dataset(tmp_path, agreed, started), "pause")
    assert found["progress"] == "ended" and found["ends"] == "2025-03-31"


def test_not_reported_is_not_not_implemented(talks: Invoke, tmp_path: Path) -> None:
    agreed = record("swap-agreed", kind="outcome", status="agreed", date="2025-01-01")
    assert outcome(talks, dataset(tmp_path, agreed), "swap-agreed")["progress"] == "not reported"
    refused = record("swap-refused", implements="swap-agreed", status="rejected")
    data = dataset(tmp_path, agreed, refused)
    assert outcome(talks, data, "swap-agreed")["progress"] == "not implemented"
    assert [o["id"] for o in answer(talks, data, "outcomes", "--progress", "not implemented")] == [
        "swap-agreed"
    ]
    assert answer(talks, data, "outcomes", "--progress", "not reported") == []


def test_show_says_what_a_progress_rests_on(talks: Invoke, tmp_path: Path) -> None:
    data = dataset(tmp_path, TRUCE, IN_FORCE)
    shown = talks("--data", str(data), "show", "truce-agreed", "--plain").stdout
    assert "rests on" in shown and "truce-in-force: carries it out" in shown and "to 2025-05-11" in shown
    context = answer(talks, data, "show", "truce-agreed")["context"]
    assert any("truce-in-force" in line for line in context["rests_on"])


# --- charts ------------------------------------------------------------------------------------


def _bar_widths(svg: str) -> dict[str, float]:
    """Each delivered bar's width, by the record its title names."""
    root = ElementTree.fromstring(svg)
    widths = {}
    for rect in root.iter(f"{SVG}rect"):
        title = rect.find(f"{SVG}title")
        if title is not None and title.text:
            widths[title.text.split()[1]] = float(rect.get("width") or 0)
    return widths


def test_one_chart_one_scale_per_unit(talks: Invoke, tmp_path: Path) -> None:
    returns = [
        record("to-north", figures=[figure("bodies to north", 1000)]),
        record("to-south", date="2025-02-02", figures=[figure("bodies to south", 38)]),
    ]
    data = dataset(tmp_path, *returns)
    widths = _bar_widths(talks("--data", str(data), "chart", "bodies", "--svg", "-").stdout)
    assert widths["to-south"] < widths["to-north"] / 20
    screen = strip_colour(talks("--data", str(data), "chart", "bodies", terminal=True, width=100).stdout)
    bars = {
        line.split()[-1]: line.count("█")
        for line in screen.splitlines()
        if "█" in line and "delivered" not in line
    }
    assert bars["38"] < bars["1,000"]
    # Shares across documents: 20 % never drawn further out than 90 %.
    shares = [
        record(
            "share-a",
            kind="position",
            status="demanded",
            side="north",
            figures=[figure("share held", 20, unit="%")],
        ),
        record(
            "share-b",
            kind="statement",
            status="stated",
            side="south",
            date="2025-02-02",
            figures=[figure("share agreed", 90, unit="%")],
        ),
    ]
    lines = talks(
        "--data", str(dataset(tmp_path, *shares)), "chart", "share", terminal=True, width=100
    ).stdout
    at = {
        line.split()[-2]: mark.start()
        for line in strip_colour(lines).splitlines()
        if re.search(r"  [▲○] ", line) and (mark := re.search(r"[▲○]", line))
    }
    assert at["20"] < at["90"]


def test_each_status_has_its_shape_and_the_legend_says_what_it_means(talks: Invoke, tmp_path: Path) -> None:
    stances = [
        record("asks", kind="position", status="demanded", side="north", figures=[figure("truce days", 30)]),
        record(
            "refuses",
            kind="position",
            status="rejected",
            side="south",
            date="2025-02-02",
            figures=[figure("truce days", 30)],
        ),
        record(
            "says",
            kind="statement",
            status="stated",
            side="south",
            date="2025-02-03",
            figures=[figure("truce days", 3)],
        ),
    ]
    out = talks("--data", str(dataset(tmp_path, *stances)), "chart", "truce days").stdout
    assert "▲ demanded by a side" in out and "✕ rejected by a side" in out
    assert "○ stated or reported: not a delivery" in out and "delivered" not in out.split("Records")[
        0
    ].replace("not a delivery", "")


def test_every_filter_is_in_the_chart_title_and_description(talks: Invoke, tmp_path: Path) -> None:
    mediated = record(
        "swap-1", event="truce", date=None, mediators=["broker"], figures=[figure("prisoners each side", 10)]
    )
    data = dataset(tmp_path, mediated)
    args = ("--mediator", "broker", "--since", "2025-05", "--until", "2025-06", "--event", "truce")
    svg = talks("--data", str(data), "chart", "prisoners", *args, "--svg", "-").stdout
    root = ElementTree.fromstring(svg)
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    for words in ("mediated by broker", "since 2025-05-01", "until 2025-06-30", "event truce"):
        assert words in (title.text or "") and words in (desc.text or ""), words  # type: ignore[union-attr]
    screen = talks("--data", str(data), "chart", "prisoners", *args).stdout
    assert "mediated by broker" in screen.splitlines()[0] + screen.splitlines()[1]


def test_every_filter_has_words() -> None:
    """A filter added to Filters without words for titles fails here, not silently in a chart."""
    assert set(Filters.__struct_fields__) == set(FILTER_WORDS) | set(DERIVED_FILTERS)
    described = Filters(topic="ceasefire", kind="fact", mediator="broker").described()
    assert described == "topic ceasefire, kind fact, mediated by broker"


@pytest.mark.parametrize("count", [2000])
def test_a_chart_of_many_deliveries_adds_them_all(talks: Invoke, tmp_path: Path, count: int) -> None:
    swaps = [
        record(
            f"swap-{i}",
            date=f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
            figures=[figure("prisoners each side", 1)],
        )
        for i in range(count)
    ]
    out = talks("--data", str(dataset(tmp_path, *swaps)), "chart", "prisoners").stdout
    assert f"recorded in this dataset: {count:,}" in out
