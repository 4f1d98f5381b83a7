"""Comparing documents: a document of several authors holds each author's stance, never one
"latest" picked by its place in the file."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import MINIMAL, Invoke, write_dataset

DOCUMENTS = """\
questions:
  - {id: cap, text: The army is capped., figure: troops cap}
documents:
  - {id: first-draft, title: First draft, kind: draft, authors: [north], date: "2025-01-10", source: src}
  - {id: joint-draft, title: Joint, kind: draft, authors: [north, south], date: "2025-02-10", source: src}
records:
"""


def _provision(record_id: str, document: str, side: str, cap: int) -> str:
    return (
        f"  - {{id: {record_id}, event: null, document: {document}, side: {side}, kind: position, "
        f"topic: ceasefire, status: proposed, summary: A cap of {cap}., quote: null, source: src, "
        f"locator: p, stance: {{question: cap, position: for}}, "
        f"figures: [{{what: troops cap, value: {cap}}}]}}\n"
    )


def test_a_document_of_two_authors_shows_each_authors_stance(talks: Invoke, tmp_path: Path) -> None:
    # The joint draft's last provision in the file is south's: it must not stand for the draft.
    text = MINIMAL.replace("records:\n", DOCUMENTS) + (
        _provision("first-cap", "first-draft", "north", 50)
        + _provision("joint-north", "joint-draft", "north", 85)
        + _provision("joint-south", "joint-draft", "south", 250)
    )
    data = str(write_dataset(tmp_path, text))
    result = talks(
        "--data", data, "compare", "--document", "first-draft", "--document", "joint-draft", "--json"
    )
    (row,) = json.loads(result.stdout)
    (finding,) = row["findings"]
    assert finding["held"] == {
        "first-draft": "for: 50",
        "joint-draft (north)": "for: 85",
        "joint-draft (south)": "for: 250",
    }
    assert finding["records"]["joint-draft (south)"] == "joint-south" and finding["verdict"] == "clash"
    plain = talks(
        "--data", data, "compare", "--document", "first-draft", "--document", "joint-draft", "--plain"
    )
    assert "joint-draft (north) for: 85; joint-draft (south) for: 250" in plain.stdout


def test_versions_of_one_dispute_in_a_document_are_all_shown(talks: Invoke, tmp_path: Path) -> None:
    disputed = "disputes:\n  - {id: how-big, question: How big was the cap?}\n" + DOCUMENTS
    versions = _provision("cap-per-a", "joint-draft", "north", 60).replace(
        "locator: p,", "locator: p, dispute: how-big,"
    ) + _provision("cap-per-b", "joint-draft", "north", 85).replace(
        "locator: p,", "locator: p, dispute: how-big,"
    )
    text = (
        MINIMAL.replace("records:\n", disputed)
        + _provision("first-cap", "first-draft", "north", 50)
        + versions
    )
    data = str(write_dataset(tmp_path, text))
    both = ("compare", "--document", "first-draft", "--document", "joint-draft", "--json")
    (row,) = json.loads(talks("--data", data, *both).stdout)
    (finding,) = row["findings"]
    assert finding["held"]["joint-draft"] == "several versions (how-big): for: 60 | for: 85"
