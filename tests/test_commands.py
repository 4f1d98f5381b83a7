"""Every command on the bundled data and on a dataset passed with --data, through CliRunner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import BUNDLED as BUNDLED_PATH
from helpers import MINIMAL, Invoke, Result, commands, write_dataset

from talks_cli.errors import ExitCode

# These read facts of the bundled dataset (its record ids and what they say): run apart with
# `pytest -m data`; tests/test_answers.py holds the same behaviours on a fixture.
pytestmark = pytest.mark.data


def as_json(result: Result) -> Any:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


RECORD_KEYS = {"id", "event", "side", "kind", "topic", "status", "summary", "quote", "source", "locator"}


def test_positions_russia_lists_everything_russia_put_forward(talks: Invoke) -> None:
    records = as_json(talks("positions", "russia", "--json"))
    assert isinstance(records, list) and records
    assert {r["side"] for r in records} == {"russia"}
    assert {r["kind"] for r in records} == {"position", "condition"}
    assert set(records[0]) >= RECORD_KEYS


@pytest.mark.parametrize("alias", ["russia", "Russie", "RU", "moscow", "Kremlin", "MOSCOU", "Россия"])
def test_every_alias_of_a_side_gives_the_same_answer(talks: Invoke, alias: str) -> None:
    assert as_json(talks("positions", alias, "--json")) == as_json(talks("positions", "russia", "--json"))


@pytest.mark.parametrize("alias", ["ukraine", "UA", "Kyiv", "kiev", "Україна"])
def test_ukraine_aliases(talks: Invoke, alias: str) -> None:
    records = as_json(talks("conditions", alias, "--json"))
    assert records and {r["side"] for r in records} == {"ukraine"}
    assert {r["kind"] for r in records} == {"condition"}


def test_unknown_side_suggests_and_lists_valid_values(talks: Invoke) -> None:
    result = talks("positions", "russa")
    assert result.exit_code == ExitCode.USAGE
    assert "Did you mean 'russia'?" in result.stderr
    assert "ukraine" in result.stderr and result.stdout == ""


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["records", "--topic", "cesefire"], "topic"),
        (["records", "--event", "round-9"], "event"),
        (["records", "--kind", "positon"], "kind"),
        (["records", "--status", "agred"], "status"),
    ],
)
def test_unknown_values_are_usage_errors(talks: Invoke, args: list[str], what: str) -> None:
    result = talks(*args)
    assert result.exit_code == ExitCode.USAGE
    assert f"unknown {what}" in result.stderr and "Valid values:" in result.stderr


def test_command_typo_gets_a_suggestion(talks: Invoke) -> None:
    result = talks("positons", "russia")
    assert result.exit_code == ExitCode.USAGE
    assert "Did you mean 'positions'" in result.stderr


def test_filters_narrow_the_listing(talks: Invoke) -> None:
    records = as_json(
        talks("records", "--event", "round-2", "--topic", "ceasefire", "--side", "russia", "--json")
    )
    assert records
    assert all(
        r["event"] == "round-2" and r["topic"] == "ceasefire" and r["side"] == "russia" for r in records
    )
    by_date = as_json(talks("records", "--event", "2025-06-02", "--json"))
    assert {r["event"] for r in by_date} == {"round-2"}
    by_alias = as_json(talks("records", "--topic", "cessez-le-feu", "--json"))
    assert {r["topic"] for r in by_alias} == {"ceasefire"}


def test_outcomes_say_how_far_each_was_carried_out(talks: Invoke) -> None:
    outcomes = {o["id"]: o for o in as_json(talks("outcomes", "--json"))}
    exchange = outcomes["r1-prisoner-exchange-agreed"]
    # 1,000 each side were agreed; the three stages, 390 + 307 + 303, make 1,000 each way and the
    # last page calls the swap complete (facts.md:17-19).
    assert exchange["progress"] == "implemented"
    assert exchange["delivered"] == {
        "prisoners each side": {"value": 390 + 307 + 303, "qualifier": "exact", "upper": None}
    }
    assert exchange["implemented_on"] == ["2025-05-23", "2025-05-24", "2025-05-25"]
    assert outcomes["r3-exchange-1200"]["progress"] == "partly implemented"
    assert outcomes["r2-wounded-and-young-exchange"]["progress"] == "under way"
    # Each side set out its ceasefire terms at round 2, as round 1 agreed (facts.md:16, 26, 29).
    assert outcomes["r1-ceasefire-visions"]["progress"] == "implemented"
    assert outcomes["r1-continue-talks"]["progress"] == "implemented"
    # "Over 6,000" stays "over" in what was delivered.
    assert outcomes["r2-bodies-6000"]["delivered"] == {
        "bodies": {"value": 6000, "qualifier": "over", "upper": None}
    }
    assert all(o["kind"] == "outcome" for o in outcomes.values())


def test_compare_shows_the_ceasefire_clash(talks: Invoke) -> None:
    rows = {row["topic"]: row for row in as_json(talks("compare", "--event", "round-1", "--json"))}
    ceasefire = rows["ceasefire"]
    assert ceasefire["verdict"] == "clash"
    assert any(r["status"] == "rejected" for r in ceasefire["stances"]["russia"])
    assert any(r["status"] == "demanded" for r in ceasefire["stances"]["ukraine"])


def test_compare_across_events_follows_a_topic(talks: Invoke) -> None:
    rows = as_json(
        talks(
            "compare",
            "--across-events",
            "--topic",
            "ceasefire",
            "--side",
            "ukraine",
            "--until",
            "2025",
            "--json",
        )
    )
    (row,) = rows
    assert row["side"] == "ukraine" and set(row["by_event"]) == {"round-1", "round-2", "round-3"}
    assert all(row["by_event"][e] for e in ("round-1", "round-2", "round-3"))


def test_show_prints_one_record_with_quote_source_and_links(talks: Invoke) -> None:
    record = as_json(talks("show", "r1-russia-rejects-30-day-ceasefire", "--json"))
    assert isinstance(record, dict)
    assert record["quote"].startswith("il a rejeté la demande de Kiev")
    assert record["context"]["source"]["language"] == "fr"
    assert "r1-ukraine-ceasefire-30-days" in record["context"]["related"]
    human = talks("show", "r1-russia-rejects-30-day-ceasefire")
    assert "il a rejeté la demande de Kiev" in human.stdout and "sentence 6" in human.stdout


def test_show_a_disputed_record_lists_every_version(talks: Invoke) -> None:
    record = as_json(talks("show", "r1-duration-100-minutes", "--json"))
    assert isinstance(record, dict)
    versions = record["context"]["dispute"]["versions"]
    assert {v["id"] for v in versions} == {
        "r1-duration-two-hours",
        "r1-duration-100-minutes",
        "r1-duration-ninety-minutes",
    }
    assert len({v["source"] for v in versions}) == 3
    human = talks("show", "r1-duration-100-minutes").stdout
    assert "disputed" in human and "about an hour and a half" in human


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cessez-le-feu", "ceasefire"),  # the topic; its records come only with what says it
        ("ceasefire", "r1-russia-rejects-30-day-ceasefire"),
        ("CESSEZ LE FEU", "r1-ukraine-ceasefire-30-days"),
        ("etats-unis", "r1-us-joined-pressure"),
        ("États-Unis", "r1-us-backs-ceasefire"),
        ("Medinski", "r1-medinsky-repeats-no-preconditions"),
        ("medinsky", "r1-medinsky-repeats-no-preconditions"),
        ("Zelenskyy", "r1-putin-stayed-away"),
        ("Зеленський", "r1-putin-stayed-away"),
        ("prisonniers", "r1-prisoner-exchange-agreed"),
        ("kremlin root causes", "r1-russia-root-causes-trt"),
    ],
)
def test_search_ignores_case_accents_language_and_transliteration(
    talks: Invoke, text: str, expected: str
) -> None:
    ids = [r["id"] for r in as_json(talks("search", text, "--json"))]
    assert expected in ids


def test_search_results_all_match(talks: Invoke) -> None:
    everything = as_json(talks("search", "ceasefire", "--json"))
    assert isinstance(everything, list) and everything
    assert everything[0]["type"] == "topic"  # the thing itself comes first
    found = [r for r in everything if r["type"] == "record"]
    own = [r for r in found if not r["matched_in"]]
    assert own and all(
        "ceasefire" in (r["summary"] + r["id"] + (r["note"] or "")).lower() or r["topic"] == "ceasefire"
        for r in own
    )
    # Records that say the word themselves come before those found through what they belong to.
    tiers = [bool(r["matched_in"]) for r in found]
    assert tiers == sorted(tiers)


def test_no_result_is_success_with_empty_json_and_a_note(talks: Invoke) -> None:
    result = talks("search", "zzzz-nothing", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    human = talks("search", "zzzz-nothing", "--plain")
    assert human.exit_code == 0 and human.stdout == ""
    assert "nothing matches" in human.stderr


def test_empty_search_is_a_usage_error(talks: Invoke) -> None:
    result = talks("search", "  -- ")
    assert result.exit_code == ExitCode.USAGE and "search needs some text" in result.stderr


def test_sides_events_sources_timeline(talks: Invoke) -> None:
    sides = {s["id"]: s for s in as_json(talks("sides", "--json"))}
    assert sides["russia"]["role"] == "party" and "Kremlin" in sides["russia"]["aliases"]
    assert sides["turkey"]["role"] == "host"
    rounds = as_json(talks("events", "--kind", "round", "--json"))
    assert [e["date"] for e in rounds] == ["2022-03-29", "2025-05-16", "2025-06-02", "2025-07-23"]
    sources = {s["id"]: s for s in as_json(talks("sources", "--json"))}
    assert sources["article-istanbul-1"]["language"] == "fr"
    moments = as_json(talks("timeline", "--json"))
    dates = [m["date"] for m in moments]
    assert dates == sorted(dates)
    kinds = {m["type"] for m in moments}
    assert {
        "round",
        "summit",
        "trilateral",
        "call",
        "document",
        "prisoner exchange",
        "return of bodies",
    } <= kinds


def test_timeline_filtered_by_event(talks: Invoke) -> None:
    moments = as_json(talks("timeline", "--event", "round-2", "--json"))
    assert {m["event"] for m in moments} == {"round-2"}


@pytest.mark.parametrize("fmt", ["--json", "--jsonl", "--csv", "--markdown", "--plain"])
def test_every_output_format_on_every_listing(talks: Invoke, fmt: str) -> None:
    for args in (["sides"], ["events"], ["sources"], ["outcomes"], ["compare"], ["timeline"], ["records"]):
        result = talks(*args, fmt)
        assert result.exit_code == 0, (args, result.stderr)
        assert result.stdout.strip()
        assert "\x1b" not in result.stdout


def test_jsonl_has_one_object_per_line_matching_json(talks: Invoke) -> None:
    lines = talks("outcomes", "--jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == as_json(talks("outcomes", "--json"))


def test_csv_round_trips(talks: Invoke) -> None:
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(talks("positions", "ukraine", "--csv").stdout)))
    expected = as_json(talks("positions", "ukraine", "--json"))
    assert [r["id"] for r in rows] == [r["id"] for r in expected]
    assert rows[0]["quote"] == (expected[0]["quote"] or "")


def test_two_formats_at_once_is_a_usage_error(talks: Invoke) -> None:
    result = talks("sides", "--json", "--csv")
    assert result.exit_code == ExitCode.USAGE


def test_every_command_works_on_a_dataset_given_with_data(talks: Invoke, tmp_path: Path) -> None:
    path = write_dataset(tmp_path, MINIMAL)
    assert [r["id"] for r in as_json(talks("--data", str(path), "positions", "Nord", "--json"))] == [
        "north-wants-truce"
    ]
    rows = as_json(talks("--data", str(path), "compare", "--json"))
    assert rows[0]["verdict"] == "clash"
    for args in (
        ["sides"],
        ["events"],
        ["sources"],
        ["outcomes"],
        ["timeline"],
        ["records"],
        ["search", "truce"],
    ):
        assert talks("--data", str(path), *args, "--json").exit_code == 0
    assert talks("--data", str(path), "show", "south-refuses-truce", "--json").exit_code == 0
    assert talks("--data", str(path), "validate").exit_code == 0


def test_talks_data_environment_variable(talks: Invoke, tmp_path: Path) -> None:
    path = write_dataset(tmp_path, MINIMAL)
    result = talks("sides", "--json", env={"TALKS_DATA": str(path)})
    assert [s["id"] for s in as_json(result)] == ["north", "south"]


def test_validate_reports_a_valid_and_an_invalid_dataset(talks: Invoke, tmp_path: Path) -> None:
    ok = talks("validate")
    assert ok.exit_code == 0 and "valid" in ok.stderr
    bad = write_dataset(tmp_path, MINIMAL.replace("side: south", "side: nobody"))
    result = talks("validate", str(bad))
    assert result.exit_code == ExitCode.DATA
    assert f"{bad}:" in result.stderr and "records[1].side" in result.stderr


def test_validate_checks_quotes_against_the_stored_text(talks: Invoke, tmp_path: Path) -> None:
    (tmp_path / "text.txt").write_text("The exact words are these.", encoding="utf-8")
    text = MINIMAL.replace(
        'url: "https://example.org/a"}', 'url: "https://example.org/a", file: text.txt}'
    ).replace("quote: null", "quote: The exact words", 1)
    good = write_dataset(tmp_path, text)
    assert talks("validate", str(good)).exit_code == 0
    bad = write_dataset(tmp_path, text.replace("The exact words", "The invented words"), "bad.yaml")
    result = talks("validate", str(bad))
    assert result.exit_code == ExitCode.DATA
    assert "records[0].quote: quote is not found word for word in text.txt" in result.stderr


def test_schema_is_json_schema_of_the_model(talks: Invoke) -> None:
    schema = as_json(talks("schema"))
    assert isinstance(schema, dict)
    assert schema["$schema"].startswith("https://json-schema.org/")
    record = schema["$defs"]["Record"]
    assert set(record["properties"]) >= RECORD_KEYS and record["additionalProperties"] is False


def test_version(talks: Invoke) -> None:
    from talks_cli import __version__

    result = talks("--version")
    assert result.exit_code == 0 and __version__ in result.stdout
    assert talks("-V").stdout == result.stdout


@pytest.mark.parametrize(("name", "command"), commands())
def test_every_command_has_help_with_an_example(name: str, command: object) -> None:
    help_text = command.help or ""  # type: ignore[attr-defined]
    assert "Example: talks " in help_text, f"talks {name} has no example in its help"


def test_help_lists_exit_codes(talks: Invoke) -> None:
    result = talks("--help")
    assert result.exit_code == 0
    for code in ExitCode:
        assert f"{int(code)} " in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["positions", "russia", "--json"],
        ["--data", str(BUNDLED_PATH), "--no-cache", "outcomes", "--csv"],
        [f"--data={BUNDLED_PATH}", "show", "r1-continue-talks"],
        ["positions", "--help"],
        ["cache", "--help"],
        ["--help"],
        ["positons", "russia"],
    ],
)
def test_only_the_named_command_is_built_and_it_answers_as_the_whole_app(
    talks: Invoke, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    from talks_cli.cli import registry
    from talks_cli.cli.app import app

    lean = talks(*args)
    monkeypatch.setattr(registry, "app_for", lambda argv, variables: app)
    whole = talks(*args)
    assert (lean.exit_code, lean.stdout, lean.stderr) == (whole.exit_code, whole.stdout, whole.stderr)
    if args == ["positons", "russia"]:
        assert lean.exit_code == ExitCode.USAGE and "No such command" in lean.stderr
