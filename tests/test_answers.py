"""Every answer says when, about every kind of thing the dataset holds: dates and date order,
`show` of any id, search for the things themselves, names as people type them, disputes,
figures and totals, compare's verdicts, the timeline's types and `info`. On a small fixture
dataset written for these tests (tests/fixtures/track.yaml)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from helpers import TRACK, Invoke, strip_colour

from talks_cli.errors import ExitCode


def answer(talks: Invoke, *args: str) -> Any:
    result = talks("--data", str(TRACK), *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def refused(talks: Invoke, *args: str) -> str:
    result = talks("--data", str(TRACK), *args)
    assert result.exit_code == ExitCode.USAGE and result.stdout == ""
    return result.stderr


# --- when ---------------------------------------------------------------------------------------


def test_every_record_has_a_when_from_its_date_its_document_or_its_event(talks: Invoke) -> None:
    records = {r["id"]: r for r in answer(talks, "records")}
    assert records["exchange-stage-1"]["when"] == "2025-01-20"  # its own date
    assert records["plan-truce"]["when"] == "2025-01-15"  # its document's
    assert records["n-truce-30"]["when"] == "2025-01-01"  # its event's
    assert all(r["when"] for r in records.values())


def test_listings_are_in_date_order_and_sort_reverse_and_limit_apply(talks: Invoke) -> None:
    dates = [r["when"] for r in answer(talks, "records")]
    assert dates == sorted(dates)
    newest = answer(talks, "records", "--sort", "when", "--reverse", "--limit", "2")
    assert [r["when"] for r in newest] == sorted(dates, reverse=True)[:2]
    by_id = [r["id"] for r in answer(talks, "records", "--sort", "id")]
    assert by_id == sorted(by_id)


def test_an_unknown_sort_field_lists_the_valid_ones(talks: Invoke) -> None:
    message = refused(talks, "records", "--sort", "colour")
    assert "unknown field 'colour' for --sort" in message and "when" in message and "summary" in message


def test_titles_count_the_items_and_a_limit_says_how_many_in_all(talks: Invoke) -> None:
    shown = talks("--data", str(TRACK), "records", "--limit", "3", terminal=True, width=200).stdout
    assert "Records (3 of 13)" in strip_colour(shown)
    shown = talks("--data", str(TRACK), "sides", "--markdown").stdout
    assert "Sides and third parties (3)" in shown


def test_a_disputed_event_date_is_shown_as_disputed_everywhere(talks: Invoke) -> None:
    (event,) = [e for e in answer(talks, "events") if e["id"] == "round-3"]
    assert event["disputed"] == {"date": "round-3-date"}
    (moment,) = [m for m in answer(talks, "timeline") if m["id"] == "round-3"]
    assert moment["date_dispute"] == "round-3-date"
    screen = strip_colour(talks("--data", str(TRACK), "events", terminal=True, width=120).stdout)
    assert "(disputed)" in screen
    shown = answer(talks, "show", "round-3")
    versions = shown["disputes"][0]["versions"]
    assert [v["when"] for v in versions] == ["2025-04-01", "2025-04-02"]
    assert {v["source"] for v in versions} == {"mirror-c", "agg-d"}


# --- every kind of thing is first-class ------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "kind"),
    [
        ("n-truce-30", "record"),
        ("round-2", "event"),
        ("north-plan", "document"),
        ("stage-2-size", "dispute"),
        ("agency-b", "source"),
        ("mediatoria", "actor"),
        ("bruno", "person"),
        ("prisoners", "topic"),
        ("truce-holds", "question"),
    ],
)
def test_show_takes_the_id_of_anything(talks: Invoke, item: str, kind: str) -> None:
    shown = answer(talks, "show", item)
    assert shown["id"] == item and shown["type"] == kind
    text = talks("--data", str(TRACK), "show", item, "--plain").stdout
    assert text.startswith(f"id\t{item}")


def test_an_event_in_full_cites_its_sources_and_lists_its_records(talks: Invoke) -> None:
    shown = answer(talks, "show", "round-1")
    assert shown["records"] == ["n-truce-30", "s-truce-no", "exchange-agreed"]
    text = talks("--data", str(TRACK), "show", "round-1", "--plain").stdout
    assert "url\thttps://a.example/news/north_south_meet" in text
    assert "Palais Wilson" in text and "Republic of Mediatoria (mediator)" in text


def test_a_source_in_full_says_its_kind_of_page_and_the_records_citing_it(talks: Invoke) -> None:
    shown = answer(talks, "show", "agg-d")
    assert shown["page"] == "aggregator" and "confirmed_by" not in shown
    assert set(shown["records"]) == {"exchange-stage-2-b", "r3-date-b"}
    text = talks("--data", str(TRACK), "show", "agg-d", "--plain").stdout
    assert "title\tnot known" in text


def test_an_unknown_id_names_the_closest_ids_of_any_kind(talks: Invoke) -> None:
    message = refused(talks, "show", "round-4")
    assert "unknown id 'round-4'" in message and "round-1 (event)" in message


def test_events_and_timeline_carry_their_sources(talks: Invoke) -> None:
    events = {e["id"]: e for e in answer(talks, "events")}
    assert events["round-1"]["sources"] == ["outlet-a"]
    rows = talks("--data", str(TRACK), "events", "--csv").stdout.splitlines()
    assert rows[0].split(",")[-2:] == ["sources", "url"]
    screen = strip_colour(talks("--data", str(TRACK), "timeline", terminal=True, width=120).stdout)
    assert "Sources:" in screen and "https://b.example/statement" in screen


def test_a_record_resting_on_a_mirror_or_an_aggregator_says_so(talks: Invoke) -> None:
    rows = {r["id"]: r for r in answer(talks, "records", "--fields", "id,caveat")}
    assert "mirror, a copy of: Daily A" in rows["r3-date-a"]["caveat"]
    assert "aggregator, confirmed by outlet-a" in rows["r3-date-b"]["caveat"]
    assert "reported by north" in rows["call-summary"]["caveat"]


# --- search finds the things themselves -------------------------------------------------------


def test_search_finds_a_venue_a_mediator_and_a_publisher_themselves(talks: Invoke) -> None:
    (first, *rest) = answer(talks, "search", "holmenkollen")
    assert first["type"] == "event" and first["id"] == "round-2" and first["matched_in"] == ["venue"]
    assert {r["type"] for r in rest} == {"record"}
    assert (
        answer(talks, "search", "médiatorie")[0]["id"]
        == answer(talks, "search", "MED")[0]["id"]
        == "mediatoria"
    )
    assert answer(talks, "search", "Agency B")[0]["id"] == "agency-b"


def test_every_search_result_says_its_type(talks: Invoke) -> None:
    found = answer(talks, "search", "truce")
    assert found and all(item["type"] in {"record", "topic", "event", "question"} for item in found)
    assert found[0]["type"] == "topic"


# --- names as people type them ----------------------------------------------------------------


def test_an_event_by_a_word_of_its_place_or_venue(talks: Invoke) -> None:
    assert {r["event"] for r in answer(talks, "records", "--event", "oslo")} == {"round-2"}
    assert {r["event"] for r in answer(talks, "records", "--event", "wilson")} == {"round-1"}


def test_a_name_several_things_share_lists_just_them_with_their_dates(talks: Invoke) -> None:
    message = refused(talks, "records", "--event", "geneva")
    assert "round-1 (2025-01-01)" in message and "round-3 (2025-04-01)" in message
    assert "round-2" not in message


def test_a_mediator_by_any_of_its_names(talks: Invoke) -> None:
    expected = {"exchange-stage-1", *(r["id"] for r in answer(talks, "records", "--event", "round-1"))}
    for name in ("mediatoria", "MED", "Médiatorie", "republic"):
        assert {r["id"] for r in answer(talks, "records", "--mediator", name)} == expected


def test_a_side_that_only_mediated_says_so_when_nothing_matches(talks: Invoke) -> None:
    result = talks("--data", str(TRACK), "outcomes", "--progress", "under way")
    assert result.exit_code == 0 and "nothing" not in result.stdout
    result = talks("--data", str(TRACK), "records", "--side", "mediatoria", "--kind", "implementation")
    assert result.exit_code == 0
    assert "mediated" in result.stderr and "--mediator mediatoria" in result.stderr


# --- disputes, progress, figures --------------------------------------------------------------


def test_disputes_list_every_version_with_its_source(talks: Invoke) -> None:
    disputes = {d["id"]: d for d in answer(talks, "disputes")}
    assert set(disputes) == {"round-3-date", "stage-2-size"}
    assert [v["source"] for v in disputes["stage-2-size"]["versions"]] == ["agency-b", "agg-d"]
    assert [d["id"] for d in answer(talks, "disputes", "--topic", "prisoners")] == ["stage-2-size"]


def test_progress_counts_one_version_of_a_dispute_and_says_it_is_disputed(talks: Invoke) -> None:
    (outcome,) = answer(talks, "outcomes")
    assert outcome["progress"] == "implemented (disputed)"
    assert outcome["delivered"]["prisoners each side"] == {"value": 100, "qualifier": "exact", "upper": None}
    assert answer(talks, "outcomes", "--progress", "implemented") == [outcome]
    assert answer(talks, "outcomes", "--progress", "not implemented") == []
    assert "unknown progress" in refused(talks, "outcomes", "--progress", "done")


def test_figures_are_listed_in_date_order_and_totals_add_only_what_was_delivered(talks: Invoke) -> None:
    rows = answer(talks, "figures", "--what", "prisoners")
    assert [r["when"] for r in rows] == sorted(r["when"] for r in rows)
    assert {r["record"] for r in rows if not r["addable"]} == {"exchange-agreed"}
    (total,) = answer(talks, "figures", "--what", "prisoners", "--total")
    # 40, then the lower of the two versions of the second stage: never 40 + 60 + 70.
    assert total["value"] == 100 and total["qualifier"] == "exact"
    assert [(x["record"], x["reason"]) for x in total["left_out"]] == [
        ("exchange-stage-2-b", "higher version")
    ]
    (running,) = answer(talks, "figures", "--what", "so far", "--total") or [None]
    assert running is None  # a running total is never added to another


# --- compare ----------------------------------------------------------------------------------


def test_compare_gives_a_verdict_per_event_and_never_a_milder_one_over_all(talks: Invoke) -> None:
    (row,) = answer(talks, "compare", "--topic", "ceasefire")
    (finding,) = row["findings"]
    assert [(v["event"], v["verdict"]) for v in finding["at_events"]] == [
        ("round-1", "clash"),
        ("round-2", "agree"),
    ]
    assert finding["verdict"] == "clash" and row["verdict"] == "clash"
    assert finding["records"] == {
        "north": "n-truce-30-again",
        "south": "s-truce-30",
        "mediatoria": "med-truce",
    }


def test_compare_takes_any_sides_and_marks_the_latest_stance(talks: Invoke) -> None:
    (row,) = answer(talks, "compare", "--side", "mediatoria", "--side", "north", "--topic", "ceasefire")
    assert set(row["stances"]) == {"north", "mediatoria"}
    assert [r["when"] for r in row["stances"]["north"]] == sorted(r["when"] for r in row["stances"]["north"])
    text = talks("--data", str(TRACK), "compare", "--topic", "ceasefire", "--plain").stdout
    assert "[n-truce-30-again] (latest)" in text and "2025-01-01 round-1: demanded" in text


def test_one_side_only_is_said_as_such(talks: Invoke) -> None:
    (row,) = answer(talks, "compare", "--side", "north", "--topic", "ceasefire")
    assert row["verdict"] == "one side only"


# --- the timeline and info --------------------------------------------------------------------


def test_the_timeline_names_what_an_implementation_carried_out(talks: Invoke) -> None:
    moments = {m["id"]: m for m in answer(talks, "timeline")}
    assert moments["exchange-stage-1"]["type"] == "prisoner exchange"
    only = answer(talks, "timeline", "--type", "prisoner exchange")
    assert {m["id"] for m in only} == {"exchange-stage-1", "exchange-stage-2-a", "exchange-stage-2-b"}


def test_info_says_what_the_dataset_holds_and_when_it_was_brought_up_to_date(talks: Invoke) -> None:
    info = answer(talks, "info")
    assert info["counts"]["records"] == 13 and info["counts"]["events"] == 4
    assert (info["first"], info["last"], info["as_of"]) == ("2025-01-01", "2025-04-02", "2025-12-31")
    assert info["sources_without_title"] == ["agg-d"]
    version = talks("--data", str(TRACK), "--version").stdout
    assert "data as of 2025-12-31" in version


def test_a_date_is_shown_as_precisely_as_its_page_gives_it(talks: Invoke) -> None:
    rows = talks("--data", str(TRACK), "records", "--fields", "id,when", "--plain").stdout
    assert "r3-date-b\tabout 2025-04-02" in rows
    (record,) = [r for r in answer(talks, "records") if r["id"] == "r3-date-b"]
    assert record["when"] == "2025-04-02" and record["date_precision"] == "about"


@pytest.mark.parametrize(
    "command",
    [
        "records",
        "positions north",
        "search truce",
        "outcomes",
        "compare",
        "compare --across-events",
        "figures",
        "figures --total",
        "disputes",
        "timeline",
        "events",
        "documents",
        "sources",
        "sides",
    ],
)
def test_every_listing_declares_the_keys_it_gives(talks: Invoke, command: str) -> None:
    """--fields is checked against keys declared before the query runs: they must be the ones
    its JSON gives, so that a script's --fields works on an empty answer as on a full one."""
    args = command.split()
    message = refused(talks, *args, "--fields", "no-such-key")
    declared = set(message.split("choose from: ")[1].strip().split(", "))
    given = answer(talks, *args)
    assert given and set(given[0]) <= declared


def test_a_record_dated_by_an_event_of_several_days_carries_its_span(talks: Invoke) -> None:
    records = {r["id"]: r for r in answer(talks, "records")}
    assert (records["s-truce-30"]["when"], records["s-truce-30"]["when_end"]) == ("2025-02-10", "2025-02-11")
    assert records["exchange-stage-1"]["when_end"] is None  # dated by its own day
