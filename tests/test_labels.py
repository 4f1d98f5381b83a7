"""Derived labels agree with the records (progress, clash and agreement), or the dataset is refused."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from helpers import MINIMAL, Invoke, write_dataset

HEAD = """\
schema_version: 3
title: Labels
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
  - {id: round-1, name: First round, kind: round, date: "2025-01-01"}
  - {id: round-2, name: Second round, kind: round, date: "2025-03-01"}
questions:
  - {id: truce, text: A truce comes first., figure: truce length}
disputes:
  - {id: how-many, question: How many were exchanged?}
records:
"""


def record(record_id: str, **fields: Any) -> str:
    """A record in YAML flow style: an outcome of round-1 unless `fields` say otherwise."""
    values: dict[str, Any] = {
        "id": record_id,
        "event": "round-1",
        "side": None,
        "kind": "outcome",
        "topic": "prisoners",
        "status": "agreed",
        "summary": f"Record {record_id}.",
        "quote": None,
        "source": "src",
        "locator": "page 1",
    }
    values.update(fields)
    return "  - " + json.dumps(values) + "\n"


def implementation(record_id: str, outcome: str = "swap", **fields: Any) -> str:
    return record(record_id, kind="implementation", status="implemented", implements=outcome, **fields)


def figure(what: str, value: int, **more: Any) -> dict[str, Any]:
    return {"what": what, "value": value, **more}


SWAP = record("swap", figures=[figure("prisoners", 1000)])


def run(talks: Invoke, tmp_path: Path, records: str, *args: str) -> Any:
    path = write_dataset(tmp_path, HEAD + records)
    result = talks("--data", str(path), *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def outcome(talks: Invoke, tmp_path: Path, records: str, outcome_id: str = "swap") -> dict[str, Any]:
    found = {o["id"]: o for o in run(talks, tmp_path, records, "outcomes")}
    return found[outcome_id]  # type: ignore[no-any-return]


# --- progress ------------------------------------------------------------------------------------


def test_a_figure_in_another_unit_is_no_evidence(talks: Invoke, tmp_path: Path) -> None:
    records = record("truce-agreed", figures=[figure("truce length", 30, unit="days")]) + implementation(
        "truce-held", "truce-agreed", figures=[figure("truce length", 30, unit="hours")]
    )
    found = outcome(talks, tmp_path, records, "truce-agreed")
    assert found["progress"] == "under way" and found["delivered"] == {}


def test_figures_in_the_same_unit_count(talks: Invoke, tmp_path: Path) -> None:
    records = record("truce-agreed", figures=[figure("truce length", 30, unit="days")]) + implementation(
        "truce-held", "truce-agreed", figures=[figure("truce length", 30, unit="days")]
    )
    assert outcome(talks, tmp_path, records, "truce-agreed")["progress"] == "implemented"


def test_versions_of_one_dispute_are_alternatives_never_summed(talks: Invoke, tmp_path: Path) -> None:
    records = (
        SWAP
        + implementation("swap-per-north", dispute="how-many", figures=[figure("prisoners", 600)])
        + implementation("swap-per-south", dispute="how-many", figures=[figure("prisoners", 1000)])
    )
    found = outcome(talks, tmp_path, records)
    assert found["delivered"] == {"prisoners": {"value": 600, "qualifier": "exact"}}
    assert found["progress"] == "partly implemented (disputed)"


def test_versions_count_once_beside_undisputed_parts(talks: Invoke, tmp_path: Path) -> None:
    records = (
        SWAP
        + implementation("swap-first", figures=[figure("prisoners", 400)])
        + implementation("swap-per-north", dispute="how-many", figures=[figure("prisoners", 600)])
        + implementation(
            "swap-per-south", dispute="how-many", figures=[figure("prisoners", 700, qualifier="about")]
        )
    )
    found = outcome(talks, tmp_path, records)
    assert found["delivered"] == {"prisoners": {"value": 1000, "qualifier": "exact"}}
    assert found["progress"] == "implemented (disputed)"


def test_completing_with_less_than_the_figure_is_not_implemented(talks: Invoke, tmp_path: Path) -> None:
    records = SWAP + implementation("swap-done", completes=True, figures=[figure("prisoners", 300)])
    assert outcome(talks, tmp_path, records)["progress"] == "partly implemented"


def test_completing_with_the_whole_figure_over_several_records_is_implemented(
    talks: Invoke, tmp_path: Path
) -> None:
    records = (
        SWAP
        + implementation("swap-day-1", figures=[figure("prisoners", 700)])
        + implementation("swap-day-2", completes=True, figures=[figure("prisoners", 300)])
    )
    assert outcome(talks, tmp_path, records)["progress"] == "implemented"


def test_completing_without_a_number_is_implemented(talks: Invoke, tmp_path: Path) -> None:
    records = SWAP + implementation("swap-done", completes=True)
    assert outcome(talks, tmp_path, records)["progress"] == "implemented"


def test_an_unconfirmed_implementation_says_so(talks: Invoke, tmp_path: Path) -> None:
    records = SWAP + implementation("swap-claimed", unconfirmed=True, figures=[figure("prisoners", 1000)])
    assert outcome(talks, tmp_path, records)["progress"] == "implemented (unconfirmed)"
    under_way = SWAP + implementation("swap-claimed", unconfirmed=True)
    assert outcome(talks, tmp_path, under_way)["progress"] == "under way (unconfirmed)"


def test_implementations_are_in_date_order_their_own_else_their_events(talks: Invoke, tmp_path: Path) -> None:
    records = (
        SWAP
        + implementation("swap-at-round-2", event="round-2")  # 2025-03-01, from its event
        + implementation("swap-undated-event", event=None, date="2025-02-01")
        + implementation("swap-early", date="2025-01-15")
        + implementation("swap-late", date="2025-04-01")
    )
    found = outcome(talks, tmp_path, records)
    assert found["implemented_by"] == ["swap-early", "swap-undated-event", "swap-at-round-2", "swap-late"]


# --- agreement ----------------------------------------------------------------------------------


def stance(
    record_id: str, side: str, position: str, *figures: dict[str, Any], condition: str | None = None
) -> str:
    held = {"question": "truce", "position": position} | ({"condition": condition} if condition else {})
    return record(
        record_id,
        side=side,
        kind="position",
        topic="ceasefire",
        status="proposed",
        stance=held,
        figures=list(figures),
    )


def verdict(talks: Invoke, tmp_path: Path, north: str, south: str) -> tuple[str, str]:
    (row,) = run(talks, tmp_path, north + south, "compare")
    (finding,) = row["findings"]
    return finding["verdict"], row["verdict"]


@pytest.mark.parametrize(
    ("north", "south", "expected"),
    [
        ((figure("truce length", 30, unit="days"),), (figure("truce length", 30, unit="days"),), "agree"),
        ((figure("truce length", 30, unit="days"),), (figure("truce length", 30, unit="hours"),), "differ"),
        (
            (figure("truce length", 24, upper=48, unit="hours"),),
            (figure("truce length", 24, upper=720, unit="hours"),),
            "clash",
        ),
        (
            (figure("truce length", 24, upper=48, unit="hours"),),
            (figure("truce length", 24, upper=48, unit="hours"),),
            "agree",
        ),
        (
            (figure("truce length", 30, qualifier="at least"),),
            (figure("truce length", 30, qualifier="over"),),
            "agree",
        ),
        (
            (figure("truce length", 30, qualifier="at least"),),
            (figure("truce length", 30, qualifier="up to"),),
            "differ",
        ),
        ((figure("truce length", 30),), (), "differ"),
        ((), (), "agree"),
    ],
    ids=["same", "days-hours", "ranges", "same-range", "floors", "floor-cap", "one-number", "no-numbers"],
)
def test_agreement_needs_the_same_number_range_and_unit(
    talks: Invoke,
    tmp_path: Path,
    north: tuple[dict[str, Any], ...],
    south: tuple[dict[str, Any], ...],
    expected: str,
) -> None:
    found, topic = verdict(
        talks, tmp_path, stance("n", "north", "for", *north), stance("s", "south", "for", *south)
    )
    assert found == expected
    assert topic == found  # the topic's verdict is its one question's


def test_a_conditional_stance_beside_a_plain_one_is_no_agreement(talks: Invoke, tmp_path: Path) -> None:
    plain = stance("n", "north", "for")
    assert (
        verdict(talks, tmp_path, plain, stance("s", "south", "conditional", condition="if x"))[0] == "differ"
    )
    assert (
        verdict(talks, tmp_path, plain, stance("s", "south", "for", condition="during talks"))[0] == "differ"
    )
    same = stance("s", "south", "for", condition="during talks")
    assert verdict(talks, tmp_path, stance("n", "north", "for", condition="during talks"), same)[0] == "agree"


def test_opposite_positions_clash(talks: Invoke, tmp_path: Path) -> None:
    assert (
        verdict(talks, tmp_path, stance("n", "north", "for"), stance("s", "south", "against"))[0] == "clash"
    )


# --- a dataset that contradicts itself is refused at its place -------------------------------------


def refused(talks: Invoke, tmp_path: Path, text: str) -> str:
    result = talks("--data", str(write_dataset(tmp_path, text)), "validate")
    assert result.exit_code == 3, result.stderr
    return result.stderr


TRUCE = "    summary: North wants a truce.\n"


@pytest.mark.parametrize(
    ("change", "place", "words"),
    [
        (
            (TRUCE, TRUCE + "    figures: [{what: truce length, value: 48, upper: 24, unit: hours}]\n"),
            "records[0].figures[0].upper",
            "upper end (24) is below its value (48)",
        ),
        (
            ("place: Geneva}", 'place: Geneva, end: "2024-12-31"}'),
            "events[0].end",
            "ends (2024-12-31) before",
        ),
        (("id: north-wants-truce", "id: ceasefire"), "records[0].id", "also the id of one of the topics"),
        (("id: round-1,", 'id: "2025-06-02",'), "events[0].id", "reads as a date"),
        (("id: round-1,", 'id: "2025-06",'), "events[0].id", "reads as a date"),
        (("id: round-1,", 'id: "2025",'), "events[0].id", "reads as a date"),
        ((TRUCE, TRUCE + "    mediators: [north]\n"), "records[0].mediators[0]", "own side"),
        ((TRUCE, TRUCE + "    reported_by: north\n"), "records[0].reported_by", "own side"),
        ((TRUCE, TRUCE + "    concerns: north\n"), "records[0].concerns", "own side"),
        ((TRUCE, TRUCE + "    completes: true\n"), "records[0].completes", "only an 'implementation'"),
    ],
    ids=[
        "range",
        "event-end",
        "shared-id",
        "day-id",
        "month-id",
        "year-id",
        "mediator",
        "reporter",
        "concerns",
        "completes",
    ],
)
def test_a_dataset_that_contradicts_itself_is_refused(
    talks: Invoke, tmp_path: Path, change: tuple[str, str], place: str, words: str
) -> None:
    old, new = change
    text = MINIMAL.replace(old, new, 1)
    if "round-1" not in text.split("records:")[0]:  # the event was renamed: so are its references
        new_id = new.split('"')[1]
        text = text.replace("event: round-1", f'event: "{new_id}"')
    stderr = refused(talks, tmp_path, text)
    first = stderr.splitlines()[0]
    assert f": {place}: " in first and words in first, stderr
    assert re.search(r"data\.yaml:\d+:\d+: ", first)  # at a line and column of the file


def test_a_record_and_a_document_may_not_share_an_id(talks: Invoke, tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "records:\n",
        "documents:\n  - {id: north-wants-truce, title: A plan, kind: plan, authors: [north],"
        " event: round-1, source: src}\nrecords:\n",
    )
    stderr = refused(talks, tmp_path, text)
    assert "records[0].id: 'north-wants-truce' is also the id of one of the documents" in stderr


def test_the_bundled_dataset_passes_every_rule(talks: Invoke) -> None:
    result = talks("--no-cache", "validate")
    assert result.exit_code == 0, result.stderr
