"""Search and filters find what people type: words unquoted, venues, numbers however written,
letters decomposition leaves alone, months and years, and a hint when nothing matches."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from helpers import MINIMAL, TRACK, Invoke, write_dataset

from talks_cli.errors import ExitCode

# These read facts of the bundled dataset (its record ids and what they say): run apart with
# `pytest -m data`; tests/test_answers.py holds the same behaviours on a fixture.
pytestmark = pytest.mark.data


def found(talks: Invoke, *args: str) -> list[dict[str, Any]]:
    """The records a command found (a search also finds events, sources…: see `things`)."""
    return [item for item in everything(talks, *args) if item.get("type", "record") == "record"]


def everything(talks: Invoke, *args: str) -> list[dict[str, Any]]:
    result = talks(*args, "--json")
    assert result.exit_code == 0, result.stderr
    items: list[dict[str, Any]] = json.loads(result.stdout)
    return items


def ids(talks: Invoke, *args: str) -> list[str]:
    return [r["id"] for r in found(talks, *args)]


def test_words_need_no_quotes(talks: Invoke) -> None:
    unquoted = ids(talks, "search", "russian", "language")
    assert unquoted == ids(talks, "search", "russian language")
    assert unquoted[0] == "r2-ru-memo-language" and "i22-caps-wsj-language" in unquoted


@pytest.mark.parametrize("venue", ["ciragan", "Çırağan", "CIRAGAN", "çırağan palace"])
def test_a_venue_finds_the_records_of_its_rounds_and_says_so(talks: Invoke, venue: str) -> None:
    hits = found(talks, "search", venue)
    assert {h["event"] for h in hits} == {"round-2", "round-3"}
    assert all(h["matched_in"] == ["event"] for h in hits)


def test_dolmabahce_finds_the_first_round(talks: Invoke) -> None:
    # The 2022 talks were held at Dolmabahçe Palace, the first 2025 round at its Presidential Office.
    assert {h["event"] for h in found(talks, "search", "Dolmabahce")} == {"round-1", "istanbul-2022"}


@pytest.mark.parametrize("number", ["1,000", "1 000", "1.000", "1000"])
def test_numbers_match_however_their_thousands_are_written(talks: Invoke, number: str) -> None:
    assert ids(talks, "search", number) == ids(talks, "search", "1000")
    assert "r1-prisoner-exchange-agreed" in ids(talks, "search", number)


def test_records_that_say_the_words_come_before_those_found_through_an_alias(talks: Invoke) -> None:
    hits = found(talks, "search", "duration", "--event", "round-3")
    assert hits and hits[0]["matched_in"] == []
    assert "duration" in (hits[0]["summary"] + hits[0]["id"]).lower()
    later = [h for h in hits if h["matched_in"]]
    assert all(h["matched_in"] == ["topic"] for h in later)
    tiers = [bool(h["matched_in"]) for h in hits]
    assert tiers == sorted(tiers)


def test_more_words_in_the_summary_rank_first_and_ties_keep_the_dataset_order(
    talks: Invoke, tmp_path: Path
) -> None:
    text = MINIMAL.replace("North wants a truce.", "A truce.").replace(
        "South refuses a truce.", "South refuses a truce, a North truce."
    )
    path = write_dataset(tmp_path, text)
    assert ids(talks, "--data", str(path), "search", "truce") == ["north-wants-truce", "south-refuses-truce"]
    # "north" is in both records' own text (an id, a summary), "truce" too: the summary with
    # both words ranks first.
    assert ids(talks, "--data", str(path), "search", "north", "truce") == [
        "south-refuses-truce",
        "north-wants-truce",
    ]


@pytest.mark.parametrize(
    ("written", "typed"),
    [("Kırıkkale", "kirikkale"), ("İzmir", "izmir"), ("Straße", "strasse"), ("Œuvre", "oeuvre"),
     ("Łódź", "lodz"), ("Ørsted", "orsted"), ("l’accord", "l'accord"), ("Genève", "geneve")],
)  # fmt: skip
def test_letters_decomposition_leaves_alone_fold_as_people_type_them(
    talks: Invoke, tmp_path: Path, written: str, typed: str
) -> None:
    path = write_dataset(
        tmp_path, MINIMAL.replace("North wants a truce.", f"North wants a truce in {written}.")
    )
    assert ids(talks, "--data", str(path), "search", typed) == ["north-wants-truce"]


def test_no_hits_exits_0_with_an_empty_array_and_a_hint_on_stderr(talks: Invoke) -> None:
    result = talks("search", "cesefire", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert "did you mean 'ceasefire'?" in result.stderr
    plain = talks("search", "prisonners", "exchnage")
    assert plain.exit_code == 0 and plain.stdout == ""
    # "prisonniers" (in the French quotes) is as close to the typo as "prisoners".
    assert re.search(r"did you mean 'prison(er|nier)s exchange'\?", plain.stderr)


def test_a_search_reads_its_index_from_the_cache_the_second_time(
    talks: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    from talks_cli.dataset import index

    first = talks("search", "ceasefire", "--json").stdout

    def no_folding(*args: object) -> None:
        raise AssertionError("folded every record again")

    monkeypatch.setattr(index, "build", no_folding)
    assert talks("search", "ceasefire", "--json").stdout == first


# --- filters ----------------------------------------------------------------------------------


def test_event_takes_a_month_or_a_year(talks: Invoke) -> None:
    may = found(talks, "records", "--event", "2025-05")
    assert may and {r["event"] for r in may} == {"round-1"}
    events = {e["id"]: e["date"] for e in found(talks, "events")}
    year = {r["event"] for r in found(talks, "records", "--event", "2025")}
    assert {"round-1", "round-2", "round-3", "alaska-summit"} <= year
    assert all(events[e].startswith("2025") for e in year)
    assert ids(talks, "records", "--event", "2025-06-02") == ids(talks, "records", "--event", "round-2")


@pytest.mark.parametrize("value", ["2025-13", "2024", "2025-06-03", "06/2025"])
def test_an_event_value_that_matches_nothing_lists_the_valid_forms(talks: Invoke, value: str) -> None:
    result = talks("records", "--event", value)
    assert result.exit_code == ExitCode.USAGE
    assert "a month (2025-06)" in result.stderr or "unknown event" in result.stderr


def test_since_and_until_date_records_by_their_own_date_else_their_events(talks: Invoke) -> None:
    june = found(talks, "records", "--since", "2025-06-05", "--until", "2025-06")
    assert june and all("2025-06-05" <= (r["date"] or "2025-06-02") <= "2025-06-30" for r in june)
    assert all(r["date"] for r in june)  # round 2's own records are dated 2 June: left out
    assert talks("records", "--since", "2025-07", "--until", "2025-06").exit_code == ExitCode.USAGE
    assert talks("records", "--since", "yesterday").exit_code == ExitCode.USAGE


def test_document_filters_the_provisions_of_one_document(talks: Invoke) -> None:
    provisions = found(talks, "records", "--document", "ru-memorandum-june")
    assert provisions and {r["document"] for r in provisions} == {"ru-memorandum-june"}
    by_title = found(talks, "records", "--document", "Russia's memorandum for the second round")
    assert by_title == provisions
    assert talks("records", "--document", "nope").exit_code == ExitCode.USAGE


def test_sources_take_the_filters_of_the_records_that_cite_them(talks: Invoke) -> None:
    cited = {r["source"] for r in found(talks, "records", "--topic", "prisoners")}
    sources = found(talks, "sources", "--topic", "prisoners")
    assert {s["id"] for s in sources} == cited
    assert any(s["url"] for s in sources)
    assert len(found(talks, "sources")) > len(sources)


def test_events_and_timeline_take_filters(talks: Invoke) -> None:
    assert [e["id"] for e in found(talks, "events", "--since", "2025-06", "--until", "2025-07")] == [
        "round-2",
        "round-3",
    ]
    assert [e["id"] for e in found(talks, "events", "--topic", "children")] == ["round-2"]
    moments = everything(talks, "timeline", "--since", "2025-08", "--until", "2025-09")
    assert moments and all("2025-08-01" <= m["date"] <= "2025-09-30" for m in moments)
    russian = everything(talks, "timeline", "--side", "russia")
    assert russian and all("russia" in m["sides"] for m in russian if m["type"] == "document")
    assert {"ru-memorandum-june", "ru-draft-2022-03-07"} <= {m["id"] for m in russian}
    assert "us-28-point-plan" not in {m["id"] for m in russian}


def test_folding_many_texts_at_once_is_folding_each() -> None:
    # The search index folds every record in one pass (text.fold_all): the same as one by one,
    # also where a text holds the NUL that joins them (then each is folded alone).
    import random

    from talks_cli.text import fold, fold_all

    letters = "aZé É1,0 .'’\u00a0\u202f\u2009_-ßıæœłø\u0301\u0327\ufdfa①²ǅİΣςﬁ\t\nЖ日\U0001f600"
    pick = random.Random(7)
    for alphabet in (letters, letters + "\x00"):
        for _ in range(1000):
            texts = [
                "".join(pick.choice(alphabet) for _ in range(pick.randint(0, 12)))
                for _ in range(pick.randint(0, 6))
            ]
            assert fold_all(texts) == [fold(text) for text in texts], texts


# --- the journalists' questions of issue 27, each answered in one command -------------------------


def test_positions_hold_the_demands_conditions_carry(talks: Invoke) -> None:
    demanded = found(talks, "positions", "russia", "--status", "demanded")
    conditions = ids(talks, "conditions", "russia", "--status", "demanded")
    assert set(conditions) <= {r["id"] for r in demanded} and len(conditions) > 1


def test_round_1_duration_puts_the_records_of_round_1s_length_first(talks: Invoke) -> None:
    hits = found(talks, "search", "round", "1", "duration")
    assert hits and all(h["event"] == "round-1" and "duration" in h["id"] for h in hits[:3])


def test_working_groups_finds_what_says_it_not_the_whole_topic(talks: Invoke) -> None:
    topic = ids(talks, "records", "--topic", "negotiation-format")
    hits = found(talks, "search", "working", "groups")
    assert hits and len(hits) < len(topic) // 2
    assert all("topic alias" not in h["matched"].values() for h in hits)


def test_mfa_and_bloomberg_find_the_records(talks: Invoke) -> None:
    assert "r1-russia-ready-to-work" in ids(talks, "search", "MFA", "ready")
    assert "p25-florida-meeting" in ids(talks, "search", "bloomberg")


def test_anchorage_is_the_alaska_summit(talks: Invoke) -> None:
    assert {r["event"] for r in found(talks, "records", "--event", "anchorage")} == {"alaska-summit"}
    things = [t["id"] for t in everything(talks, "search", "anchorage") if t["type"] == "event"]
    assert things[0] == "alaska-summit"


def test_kostyukov_led_russias_team_at_the_first_trilateral_round(talks: Invoke) -> None:
    result = talks("show", "kostyukov", "--json")
    roles = {r["event"]: r["role"] for r in json.loads(result.stdout)["roles"]}
    assert roles == {"round-1": "member", "abu-dhabi-trilateral-1": "head"}


def test_weak_pages_are_filtered_and_caveated(talks: Invoke) -> None:
    weak = found(talks, "records", "--page", "aggregator", "--page", "mirror")
    assert weak and all(
        r["caveat"] and ("aggregator" in r["caveat"] or "mirror" in r["caveat"]) for r in weak
    )


def test_a_record_is_found_by_the_same_fields_as_the_thing_it_belongs_to(talks: Invoke) -> None:
    """A mirror is found by the outlet it copies; so are the records that cite it."""
    hits = json.loads(talks("--data", str(TRACK), "search", "copies", "Daily", "A", "--json").stdout)
    mirror = [(hit["type"], hit["id"]) for hit in hits if hit["type"] == "source"]
    assert mirror == [("source", "mirror-c")]
    cited = {hit["id"] for hit in hits if hit["type"] == "record"}
    assert "r3-date-a" in cited  # cites mirror-c
    assert {hit["matched_in"] == ["source"] for hit in hits if hit["type"] == "record"} == {True}
