"""Dates from the right place, events with a status of their own, and confirmations held per
record: each rule on a small dataset written here, through the real entry point."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

from helpers import MINIMAL, Invoke, write_dataset

from talks_cli.errors import ExitCode

PLAN = """\
documents:
  - {id: plan, title: North's plan, kind: plan, authors: [north], date: "2024-12-20", source: src}
"""
EVENTS = """\
  - {id: round-2, name: Second round, kind: round, status: held, date: "2025-02-01", end: "2025-02-03"}
  - {id: truce, name: North's truce, kind: truce, status: declared, date: "2025-03-01", date_precision: about}
"""


def _dataset(tmp_path: Path, text: str) -> str:
    return str(write_dataset(tmp_path, text))


def _with(*edits: tuple[str, str]) -> str:
    text = MINIMAL
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return text


def _records(talks: Invoke, data: str) -> dict[str, dict[str, object]]:
    return {r["id"]: r for r in json.loads(talks("--data", data, "records", "--json").stdout)}


def _refused(talks: Invoke, data: str) -> str:
    result = talks("--data", data, "records")
    assert result.exit_code == ExitCode.DATA, result.stderr
    return result.stderr


# --- when: the record's own date, else its own event's, else its document's -------------------


def test_a_record_is_dated_by_its_own_event_before_its_document(talks: Invoke, tmp_path: Path) -> None:
    text = _with(
        ("events:\n", "events:\n" + EVENTS),
        ("records:\n", PLAN + "records:\n"),
        ("    source: src\n    locator: page 1\n  - id: south", "    source: src\n    locator: page 1\n"
         "    document: plan\n  - id: south"),
    )  # fmt: skip
    records = _records(talks, _dataset(tmp_path, text))
    assert records["north-wants-truce"]["when"] == "2025-01-01"  # round-1, not the plan's 2024-12-20


def test_a_record_of_a_document_with_no_date_takes_its_events_span(talks: Invoke, tmp_path: Path) -> None:
    undated = (
        "  - {id: plan, title: North's plan, kind: plan, authors: [north], event: round-2, source: src}\n"
    )
    text = _with(
        ("events:\n", "events:\n" + EVENTS),
        ("records:\n", "documents:\n" + undated + "records:\n"),
        ("    event: round-1\n    side: north", "    event: null\n    document: plan\n    side: north"),
    )
    record = _records(talks, _dataset(tmp_path, text))["north-wants-truce"]
    assert (record["when"], record["when_end"]) == ("2025-02-01", "2025-02-03")


def test_an_events_date_precision_reaches_its_records(talks: Invoke, tmp_path: Path) -> None:
    text = _with(
        ("events:\n", "events:\n" + EVENTS),
        ("    event: round-1\n    side: north", "    event: truce\n    side: north"),
    )
    data = _dataset(tmp_path, text)
    assert _records(talks, data)["north-wants-truce"]["when_precision"] == "about"
    plain = talks("--data", data, "records", "--plain").stdout
    assert "north-wants-truce\tabout 2025-03-01" in plain


def test_a_report_published_before_its_event_may_not_take_its_date(talks: Invoke, tmp_path: Path) -> None:
    text = _with(('url: "https://example.org/a"}', 'url: "https://example.org/a", published: "2024-12-30"}'))
    message = _refused(talks, _dataset(tmp_path, text))
    assert "record 'north-wants-truce' would take the date of event 'round-1'" in message
    assert "give the record its own date" in message
    dated = text.replace("    locator: page 1\n", '    locator: page 1\n    date: "2024-12-30"\n')
    assert talks("--data", _dataset(tmp_path, dated), "records").exit_code == 0


# --- events say whether they took place ---------------------------------------------------------


def test_an_event_without_a_status_is_refused_with_the_fix(talks: Invoke, tmp_path: Path) -> None:
    message = _refused(talks, _dataset(tmp_path, _with(("kind: round, status: held,", "kind: round,"))))
    assert "event 'round-1' missing required field 'status'" in message
    assert "held (a page reports it took place), declared, planned, postponed or called-off" in message


def test_a_declared_truce_is_never_shown_as_held(talks: Invoke, tmp_path: Path) -> None:
    data = _dataset(tmp_path, _with(("events:\n", "events:\n" + EVENTS)))
    shown = talks("--data", data, "show", "truce", "--plain").stdout
    assert "status\tdeclared" in shown and "held" not in shown
    timeline = talks("--data", data, "timeline", "--plain").stdout
    assert "North's truce (declared)" in timeline and "about 2025-03-01" in timeline


# --- confirmation per record --------------------------------------------------------------------

AGGREGATOR = (
    '  - {id: digest, kind: web-page, page: aggregator, language: en, url: "https://d.example/x"}\n'
    '  - {id: wire, kind: web-page, page: outlet, language: en, url: "https://w.example/y"}\n'
)


def _on_digest(confirmation: str) -> str:
    return _with(
        ("actors:\n", AGGREGATOR + "actors:\n"),
        ("    source: src\n    locator: page 1\n  - id: south", "    source: digest\n    locator: item 2\n"
         f"{confirmation}  - id: south"),
    )  # fmt: skip


def test_the_caveat_names_the_pages_that_carry_the_records_fact(talks: Invoke, tmp_path: Path) -> None:
    confirmed = "    confirmed_by: [{source: wire, locator: para 3}]\n"
    data = _dataset(tmp_path, _on_digest(confirmed))
    rows = {
        r["id"]: r
        for r in json.loads(
            talks("--data", data, "records", "--fields", "id,caveat,confirmed_by", "--json").stdout
        )
    }
    assert rows["north-wants-truce"]["caveat"] == "source is an aggregator, confirmed by wire"
    assert rows["north-wants-truce"]["confirmed_by"] == [
        {"source": "wire", "locator": "para 3", "in_substance": False}
    ]
    assert "wire: para 3" in talks("--data", data, "show", "north-wants-truce", "--plain").stdout
    assert "north-wants-truce" in talks("--data", data, "show", "wire", "--plain").stdout
    bare = _dataset(tmp_path, _on_digest(""))
    rows = {
        r["id"]: r
        for r in json.loads(talks("--data", bare, "records", "--fields", "id,caveat", "--json").stdout)
    }
    assert rows["north-wants-truce"]["caveat"] == "source is an aggregator, not confirmed by another page"


def test_a_page_that_carries_the_fact_in_substance_only_says_so(talks: Invoke, tmp_path: Path) -> None:
    partly = "    confirmed_by: [{source: wire, in_substance: true, locator: 'the talks, not the truce'}]\n"
    data = _dataset(tmp_path, _on_digest(partly))
    (row,) = [
        r
        for r in json.loads(talks("--data", data, "records", "--fields", "id,caveat", "--json").stdout)
        if r["id"] == "north-wants-truce"
    ]
    assert row["caveat"] == "source is an aggregator, confirmed by wire (in substance only)"
    shown = talks("--data", data, "show", "north-wants-truce", "--plain").stdout
    assert "wire (in substance only): the talks, not the truce" in shown


def test_a_source_whose_kind_of_page_is_not_stated_says_so(talks: Invoke, tmp_path: Path) -> None:
    rows = json.loads(talks("--data", _dataset(tmp_path, MINIMAL), "records", "--json").stdout)
    assert {r["caveat"] for r in rows} == {"source's kind of page not stated"}  # MINIMAL's page has no kind
    outlet = MINIMAL.replace('url: "https://example.org/a"}', 'url: "https://example.org/a", page: outlet}')
    rows = json.loads(talks("--data", _dataset(tmp_path, outlet), "records", "--json").stdout)
    assert {r["caveat"] for r in rows} == {None}


def test_a_record_is_never_confirmed_by_its_own_source(talks: Invoke, tmp_path: Path) -> None:
    message = _refused(
        talks, _dataset(tmp_path, _on_digest("    confirmed_by: [{source: digest, locator: item 2}]\n"))
    )
    assert "record 'north-wants-truce' is confirmed by its own source 'digest'" in message
    assert "records[0].confirmed_by[0].source" in message


def test_the_same_page_under_another_id_is_no_confirmation(talks: Invoke, tmp_path: Path) -> None:
    again = '  - {id: digest-copy, kind: web-page, page: outlet, language: en, url: "https://d.example/x"}\n'
    text = _on_digest("    confirmed_by: [{source: digest-copy, locator: item 2}]\n")
    message = _refused(talks, _dataset(tmp_path, text.replace("actors:\n", again + "actors:\n")))
    assert "is confirmed by its own source 'digest' (as 'digest-copy')" in message


def test_a_confirmation_names_a_page_the_dataset_has(talks: Invoke, tmp_path: Path) -> None:
    message = _refused(
        talks, _dataset(tmp_path, _on_digest("    confirmed_by: [{source: wires, locator: x}]\n"))
    )
    assert "'wires' is not in sources; did you mean 'wire'?" in message


def test_one_page_confirms_a_record_once(talks: Invoke, tmp_path: Path) -> None:
    twice = "    confirmed_by: [{source: wire, locator: a}, {source: wire, locator: b}]\n"
    assert "names 'wire' twice in confirmed_by" in _refused(talks, _dataset(tmp_path, _on_digest(twice)))


# --- every export dates every record and document as talks does -----------------------------------


def test_the_exports_carry_the_date_talks_gives(talks: Invoke, tmp_path: Path) -> None:
    text = _with(
        ("events:\n", "events:\n" + EVENTS),
        ("records:\n", PLAN.replace('date: "2024-12-20", ', "event: round-2, ") + "records:\n"),
        ("    event: round-1\n    side: north", "    event: null\n    document: plan\n    side: north"),
    )
    data = _dataset(tmp_path, text)
    listed = _records(talks, data)
    database, sheet = tmp_path / "out.db", tmp_path / "out.csv"
    assert talks("--data", data, "export", str(database)).exit_code == 0
    assert talks("--data", data, "export", str(sheet)).exit_code == 0
    with sqlite3.connect(database) as db:
        rows = {
            r[0]: list(r[1:]) for r in db.execute('SELECT id, "when", when_end, when_precision FROM records')
        }
        documents = dict(db.execute('SELECT id, "when" FROM documents'))
    assert rows == {i: [r["when"], r["when_end"], r["when_precision"]] for i, r in listed.items()}
    assert rows["north-wants-truce"] == ["2025-02-01", "2025-02-03", "day"]
    assert documents == {"plan": "2025-02-01"}  # the document has no date of its own: its event's
    cells = {row["id"]: row for row in csv.DictReader(sheet.open(encoding="utf-8"))}
    assert (cells["north-wants-truce"]["when"], cells["north-wants-truce"]["when_precision"]) == (
        "2025-02-01",
        "day",
    )


def test_a_version_of_an_events_disputed_date_belongs_to_that_event(talks: Invoke, tmp_path: Path) -> None:
    # A report of a later plan (round-2) is a rescheduling, not a version of round-1's date.
    text = _with(
        ("events:\n", "events:\n" + EVENTS),
        (
            "records:\n",
            "disputes:\n  - {id: when-1, question: When?, event: round-1, field: date}\nrecords:\n",
        ),
        ("    event: round-1\n    side: south", "    event: round-2\n    side: south"),
        ("    locator: page 1\n", "    locator: page 1\n    dispute: when-1\n"),  # both records
    )
    message = _refused(talks, _dataset(tmp_path, text))
    assert "record 'south-refuses-truce' is a version of dispute 'when-1' about event 'round-1'" in message
    assert "belongs to event 'round-2'" in message and "a rescheduling is a new plan" in message
