"""The answer in one command (issue 27): `positions` holds a side's conditions, an empty listing
names what would match, search ranks by where the words fall and says why, disputes and sources
are found by their words, names resolve or ask, --page filters and `caveat` is in the JSON. On
tests/fixtures/track.yaml, or a copy of it with a few lines added for the rule at hand."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from helpers import TRACK, Invoke, write_dataset

from talks_cli.errors import ExitCode

# A condition of North's, a source of each kind cited by it, and words of the field, added to
# the fixture where a rule needs them.
CONDITION = (
    "  - {id: n-withdraw-first, event: round-2, side: north, kind: condition, topic: prisoners, "
    "status: demanded, summary: North requires a list of names first., quote: null, source: agency-b, "
    "locator: para 5}\n"
)


def track(tmp_path: Path, *, records: str = "", replace: tuple[tuple[str, str], ...] = ()) -> Path:
    """The fixture with `records` appended and each (old, new) of `replace` applied once."""
    text = TRACK.read_text(encoding="utf-8")
    for old, new in replace:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return write_dataset(tmp_path, text + records)


def listed(talks: Invoke, data: Path, *args: str) -> list[dict[str, Any]]:
    result = talks("--data", str(data), *args, "--json")
    assert result.exit_code == 0, result.stderr
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def records_of(talks: Invoke, data: Path, *args: str) -> list[dict[str, Any]]:
    return [item for item in listed(talks, data, *args) if item.get("type", "record") == "record"]


# --- positions and empty listings ---------------------------------------------------------------


def test_positions_lists_a_sides_conditions_with_the_kind_in_a_column(talks: Invoke, tmp_path: Path) -> None:
    data = track(tmp_path, records=CONDITION)
    found = records_of(talks, data, "positions", "north")
    assert "n-withdraw-first" in [r["id"] for r in found]
    assert {r["kind"] for r in found} == {"position", "condition"}
    assert [r["id"] for r in records_of(talks, data, "conditions", "north")] == ["n-withdraw-first"]
    shown = talks("--data", str(data), "positions", "north", terminal=True, width=200).stdout
    assert "kind" in shown and "condition" in shown


def test_an_empty_listing_names_the_command_that_would_find_records(talks: Invoke, tmp_path: Path) -> None:
    data = track(tmp_path, records=CONDITION)
    result = talks("--data", str(data), "conditions", "north", "--topic", "ceasefire")
    assert result.exit_code == 0 and result.stdout == ""
    assert "no conditions match; 3 positions do: talks positions north --topic ceasefire" in result.stderr
    statement = talks("--data", str(data), "positions", "south", "--event", "call-1")
    assert "1 statement does: talks records --side south --kind statement --event call-1" in statement.stderr
    # No other kind: the filter left out that finds some.
    relaxed = talks("--data", str(data), "records", "--side", "south", "--status", "agreed")
    assert "without --status: talks records --side south" in relaxed.stderr
    # Other listings too, with the options the command was given.
    outcomes = listed(talks, data, "outcomes", "--progress", "implemented")
    refused = talks("--data", str(data), "outcomes", "--progress", "implemented", "--topic", "ceasefire")
    assert f"{len(outcomes)} without --topic: talks outcomes --progress implemented" in refused.stderr
    # A search too: the filter to leave out, and how many it then finds.
    south = records_of(talks, data, "search", "truce", "--side", "south")
    searched = talks("--data", str(data), "search", "truce", "--side", "south", "--status", "agreed")
    assert f"{len(south)} records without --status: talks search truce --side south" in searched.stderr


# --- ranking ------------------------------------------------------------------------------------


def test_a_word_in_a_summary_outranks_the_same_word_elsewhere(talks: Invoke) -> None:
    hits = records_of(talks, TRACK, "search", "north", "truce")
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)
    best = hits[0]
    assert best["matched"] == {"north": "summary", "truce": "summary"}
    # "North" only in what the record belongs to (its source's title): ranked below the records
    # that say it.
    elsewhere = [h for h in hits if h["matched"]["north"] != "summary"]
    assert elsewhere and all(h["score"] < best["score"] for h in elsewhere)
    assert hits.index(elsewhere[0]) == len(hits) - len(elsewhere)


def test_a_topic_alias_adds_no_record_where_records_say_the_word(talks: Invoke) -> None:
    # "truce" is an alias of the topic ceasefire, and some of its records say it: only they come.
    everything = records_of(talks, TRACK, "records")
    saying = {r["id"] for r in everything if "truce" in r["summary"].lower()}
    hits = records_of(talks, TRACK, "search", "truce")
    assert {h["id"] for h in hits} == saying
    assert all(h["matched"] == {"truce": "summary"} for h in hits)


def test_a_topic_alias_no_record_says_finds_the_topics_records_last(talks: Invoke) -> None:
    hits = records_of(talks, TRACK, "search", "cessez")
    ceasefire = {r["id"] for r in records_of(talks, TRACK, "records", "--topic", "ceasefire")}
    assert {h["id"] for h in hits} == ceasefire
    assert all(h["matched"] == {"cessez": "topic alias"} and h["matched_in"] == ["topic alias"] for h in hits)


def test_results_keep_the_dataset_order_on_ties_and_sort_overrides(talks: Invoke) -> None:
    hits = records_of(talks, TRACK, "search", "prisoners")
    tied = [h["id"] for h in hits if h["score"] == hits[0]["score"]]
    assert len(tied) > 1 and tied == [i for i in _dataset_order() if i in tied]
    by_when = [h["when"] for h in records_of(talks, TRACK, "search", "prisoners", "--sort", "when")]
    assert by_when == sorted(by_when) and len(by_when) == len(hits)


def _dataset_order() -> list[str]:
    """The fixture's record ids in the order the file gives them."""
    records = TRACK.read_text(encoding="utf-8").split("\nrecords:\n", 1)[1]
    return re.findall(r"^  - \{id: ([a-z0-9-]+)", records, re.MULTILINE)


def test_the_matched_column_says_where_each_word_was_found(talks: Invoke) -> None:
    shown = talks("--data", str(TRACK), "search", "oslo", "truce", "--plain").stdout
    header, *rows = shown.splitlines()
    column = header.split("\t").index("matched")
    assert rows and all(row.split("\t")[column] == "event: oslo; summary: truce" for row in rows)


# --- every kind is searchable -------------------------------------------------------------------


def test_disputes_come_back_by_their_words_and_by_their_id(talks: Invoke) -> None:
    by_words = listed(talks, TRACK, "search", "how", "many", "exchanged")
    assert by_words[0]["type"] == "dispute" and by_words[0]["id"] == "stage-2-size"
    by_id = listed(talks, TRACK, "search", "stage-2-size")
    assert (by_id[0]["type"], by_id[0]["id"]) == ("dispute", "stage-2-size")
    versions = {h["id"] for h in by_id if h["type"] == "record"}
    assert versions == {"exchange-stage-2-a", "exchange-stage-2-b"}


def test_a_question_is_found_by_its_words(talks: Invoke) -> None:
    found = listed(talks, TRACK, "search", "truce", "holds")
    assert [f["id"] for f in found if f["type"] == "question"] == ["truce-holds"]


def test_a_sources_publisher_finds_the_records_citing_it(talks: Invoke) -> None:
    found = listed(talks, TRACK, "search", "digest")
    assert [f["id"] for f in found if f["type"] == "source"] == ["agg-d"]
    cited = {r["id"] for r in records_of(talks, TRACK, "records") if r["source"] == "agg-d"}
    assert {f["id"] for f in found if f["type"] == "record"} == cited
    assert all(f["matched"] == {"digest": "source"} for f in found if f["type"] == "record")


def test_a_term_of_the_field_finds_what_it_abbreviates(talks: Invoke, tmp_path: Path) -> None:
    said = ("South says the call was useful.", "South's foreign ministry says the call was useful.")
    terms = ("records:\n", "terms:\n  - {name: foreign ministry, aliases: [MFA, МИД]}\nrecords:\n")
    (tmp_path / "plain").mkdir()
    assert records_of(talks, track(tmp_path / "plain", replace=(said,)), "search", "mfa") == []
    data = track(tmp_path, replace=(said, terms))
    for typed in ("MFA", "мид", "foreign ministry"):
        assert [h["id"] for h in records_of(talks, data, "search", typed)] == ["call-summary"]


def test_a_suggestion_is_offered_only_when_close_and_it_finds_something(talks: Invoke) -> None:
    close = talks("--data", str(TRACK), "search", "truse")
    assert "did you mean 'truce'?" in close.stderr
    # "nrth" is close to "north", but nothing holds both it and "oslo geneva" together.
    nothing = talks("--data", str(TRACK), "search", "nrth", "oslo", "geneva")
    assert "nothing matches" in nothing.stderr and "did you mean" not in nothing.stderr
    short = talks("--data", str(TRACK), "search", "mfa")
    assert "did you mean" not in short.stderr


# --- names resolve or ask -----------------------------------------------------------------------


def test_an_event_resolves_by_its_place_venue_or_alias(talks: Invoke, tmp_path: Path) -> None:
    # A call whose name mentions Oslo was not held there: --event oslo is the round held there.
    data = track(
        tmp_path,
        replace=(("name: Leaders' call,", "name: Leaders' call about Oslo, aliases: [the phone call],"),),
    )
    for name, event in (("oslo", "round-2"), ("holmenkollen", "round-2"), ("the phone call", "call-1")):
        found = records_of(talks, data, "records", "--event", name)
        assert found and {r["event"] for r in found} == {event}, name


def test_an_ambiguous_or_partial_name_lists_the_candidates_with_dates(talks: Invoke, tmp_path: Path) -> None:
    geneva = talks("--data", str(TRACK), "records", "--event", "geneva")
    assert geneva.exit_code == ExitCode.USAGE and "round-1 (2025-01-01)" in geneva.stderr
    # One word inside a name is no reason to pick that event: it asks.
    data = track(tmp_path, replace=(("name: Leaders' call,", "name: Leaders' call about Oslo,"),))
    partial = talks("--data", str(data), "records", "--event", "about")
    assert partial.exit_code == ExitCode.USAGE and partial.stdout == ""
    assert "did you mean call-1 (2025-03-05)?" in partial.stderr


# --- kinds of page and caveats ------------------------------------------------------------------


def test_page_keeps_the_records_resting_on_those_kinds_of_page(talks: Invoke) -> None:
    everything = records_of(talks, TRACK, "records")
    pages = {"outlet-a": "outlet", "agency-b": "official", "mirror-c": "mirror", "agg-d": "aggregator"}
    weak = records_of(talks, TRACK, "records", "--page", "mirror", "--page", "aggregator")
    assert weak and {r["id"] for r in weak} == {
        r["id"] for r in everything if pages[r["source"]] in ("mirror", "aggregator")
    }
    searched = records_of(talks, TRACK, "search", "round", "--page", "aggregator")
    assert searched and {r["source"] for r in searched} == {"agg-d"}
    assert {r["source"] for r in records_of(talks, TRACK, "positions", "north", "--page", "official")} == {
        "agency-b"
    }
    refused = talks("--data", str(TRACK), "records", "--page", "blog")
    assert refused.exit_code == ExitCode.USAGE and "aggregator, mirror, official, outlet" in refused.stderr


def test_caveat_is_in_the_default_json_of_a_record(talks: Invoke) -> None:
    records = {r["id"]: r for r in records_of(talks, TRACK, "records")}
    assert records["n-truce-30"]["caveat"] is None
    assert "aggregator" in records["exchange-stage-2-b"]["caveat"]
    assert "stage-2-size" in records["exchange-stage-2-b"]["caveat"]
    assert "mirror" in records["r3-date-a"]["caveat"]
    assert "reported by north" in records["call-summary"]["caveat"]


# --- people as the record knows them --------------------------------------------------------------


def test_a_person_shows_a_role_at_each_event_with_possessives_written_for_names(
    talks: Invoke, tmp_path: Path
) -> None:
    delegation = "    delegations: [{side: mediatoria, members: [alba], source: agency-b}]\n"
    data = track(tmp_path, replace=(("    sources: [agency-b]\n", delegation + "    sources: [agency-b]\n"),))
    roles = listed_one(talks, data, "show", "alba")["roles"]
    assert [(r["event"], r["side"], r["role"]) for r in roles] == [
        ("round-1", "north", "head"),
        ("round-2", "mediatoria", "member"),
    ]
    shown = talks("--data", str(data), "show", "alba", "--plain").stdout
    assert "head of North's delegation" in shown
    assert "member of the Republic of Mediatoria's delegation" in shown


def listed_one(talks: Invoke, data: Path, *args: str) -> dict[str, Any]:
    result = talks("--data", str(data), *args, "--json")
    assert result.exit_code == 0, result.stderr
    found: dict[str, Any] = json.loads(result.stdout)
    return found
