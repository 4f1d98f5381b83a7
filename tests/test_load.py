"""The loader: good data in, typed objects out; bad data, a precise DataError and nothing else."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from helpers import BUNDLED, MINIMAL, write_dataset

from talks_cli.dataset.load import bundled_path, dataset_path, load, parse
from talks_cli.dataset.model import Dataset
from talks_cli.errors import DataError


def problems(text: str | bytes) -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    with pytest.raises(DataError) as caught:
        parse(data, "data.yaml")
    return [p.format("data.yaml") for p in caught.value.problems]


def test_bundled_dataset_loads_as_typed_objects() -> None:
    dataset = load(BUNDLED)
    assert isinstance(dataset, Dataset)
    assert {"round-1", "round-2", "round-3", "istanbul-2022", "alaska-summit"} <= {
        e.id for e in dataset.events
    }
    assert bundled_path().is_file()


def test_data_option_then_environment_then_bundled(tmp_path: Path) -> None:
    assert dataset_path(None, {}) == bundled_path()
    variables = {"TALKS_DATA": str(tmp_path / "env.yaml")}
    assert dataset_path(None, variables) == tmp_path / "env.yaml"
    assert dataset_path(tmp_path / "opt.yaml", variables) == tmp_path / "opt.yaml"


def test_minimal_dataset_is_valid() -> None:
    dataset = parse(MINIMAL.encode(), "data.yaml")
    assert [r.id for r in dataset.records] == ["north-wants-truce", "south-refuses-truce"]


def test_syntax_error_points_at_line_and_column_with_a_caret() -> None:
    (message,) = problems("schema_version: 1\ntitle: [unclosed\nsources: []\n")
    first = message.splitlines()[0]
    assert first.startswith("data.yaml:3:")
    assert "|" in message and "^" in message


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["plain", "byte-order mark"])
def test_a_forbidden_character_is_placed_in_characters_not_bytes(bom: bytes) -> None:
    text = MINIMAL.replace("summary: North wants a truce.", "summary: Zélé \x1b truce.")
    with pytest.raises(DataError) as caught:
        parse(bom + text.encode(), "data.yaml")
    (problem,) = caught.value.problems
    line = text.splitlines()[problem.line - 1]
    assert line[problem.column - 1] == "\x1b"


def test_every_schema_error_is_listed_with_its_path() -> None:
    text = MINIMAL.replace("side: north", "side: 12").replace("status: rejected", "status: maybe")
    text = text.replace("summary: North wants a truce.", "summery: North wants a truce.")
    found = problems(text)
    joined = "\n".join(found)
    assert "records[0].side: expected 'str | null', got 'int'" in joined
    assert "records[1].status:" in joined
    assert "records[0].summery: unknown field 'summery'; did you mean 'summary'?" in joined
    assert "records[0].summary: missing required field 'summary'" in joined
    assert len(found) == 4
    # Each problem carries the line of the field it names.
    side_line = next(p for p in found if "records[0].side" in p).split(":")[1]
    assert text.splitlines()[int(side_line) - 1].strip() == "side: 12"


def test_a_record_missing_several_fields_is_one_problem_at_the_record() -> None:
    text = MINIMAL.replace("    summary: North wants a truce.\n", "").replace("    locator: page 1\n", "", 1)
    (message,) = problems(text)
    first = message.splitlines()[0]
    assert first.endswith("records[0]: missing required fields 'summary', 'locator'")
    line = int(first.split(":")[1])
    assert text.splitlines()[line - 1].strip() == "- id: north-wants-truce"


def test_dangling_references_and_duplicate_ids_are_reported() -> None:
    text = MINIMAL.replace("side: south", "side: sout").replace(
        "id: south-refuses-truce", "id: north-wants-truce"
    )
    joined = "\n".join(problems(text))
    assert "records[1].id: duplicate id 'north-wants-truce'" in joined
    assert "records[1].side: 'sout' is not in actors; did you mean 'south'?" in joined


def test_alias_naming_two_actors_is_an_error() -> None:
    text = MINIMAL.replace("aliases: [S, Sud]", "aliases: [S, Nord]")
    assert any("'Nord' already names actor 'north'" in p for p in problems(text))


def test_names_that_fold_alike_collide_and_the_path_names_the_field() -> None:
    # "Nörd" and "nord" are one SIDE argument once case and accents are folded away.
    text = MINIMAL.replace("aliases: [S, Sud]", "aliases: [S, Nörd]").replace("name: South,", "name: n,")
    found = problems(text)
    assert any("actors[1].aliases[1]: 'Nörd' already names actor 'north'" in p for p in found)
    assert any("actors[1].name: 'n' already names actor 'north'" in p for p in found)


def test_newer_schema_version_is_refused_with_the_fix() -> None:
    (message,) = problems(MINIMAL.replace("schema_version: 3", "schema_version: 4"))
    assert "not 4" in message and "upgrade talks" in message


def test_versions_2_and_3_both_read_as_3_only_added_optional_fields(tmp_path: Path) -> None:
    two = load(write_dataset(tmp_path, MINIMAL.replace("schema_version: 3", "schema_version: 2"), "two.yaml"))
    three = load(write_dataset(tmp_path, MINIMAL, "three.yaml"))
    assert two.records == three.records


def test_an_older_schema_version_is_refused_with_the_way_to_migrate() -> None:
    (message,) = problems(MINIMAL.replace("schema_version: 3", "schema_version: 1"))
    assert "not 1" in message and "docs/changelog.md" in message and "kind" in message


# --- hostile YAML ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        "!!python/object/apply:os.system ['touch /tmp/talks-pwned']",
        "!!python/name:os.system",
        "!custom 1",
        "!!binary aGVsbG8=",
        "!!set {a, b}",
    ],
)
def test_tags_are_refused_and_nothing_runs(payload: str, tmp_path: Path) -> None:
    marker = Path("/tmp/talks-pwned")
    marker.unlink(missing_ok=True)
    (message,) = problems(f"schema_version: 1\ntitle: {payload}\n")
    assert "is not allowed" in message and message.startswith("data.yaml:2:")
    assert not marker.exists()


def test_self_referencing_alias_is_refused() -> None:
    (message,) = problems("schema_version: 1\ntitle: &a [*a]\n")
    assert "anchors and aliases" in message


def test_billion_laughs_is_refused_fast_even_inside_a_valid_dataset() -> None:
    lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        prev = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        lol.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    bomb = "\n".join("  " + line for line in lol)
    text = MINIMAL.replace("title: A minimal dataset", "title: A minimal dataset\nextra:\n" + bomb)
    started = time.perf_counter()
    (message,) = problems(text)
    assert time.perf_counter() - started < 1.0
    assert "anchors and aliases" in message


def test_deep_nesting_gets_a_limit_not_a_recursion_error() -> None:
    started = time.perf_counter()
    (message,) = problems("schema_version: 1\ntitle: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nesting depth" in message
    assert time.perf_counter() - started < 1.0


def test_huge_scalar_is_a_schema_error_with_the_limit() -> None:
    text = MINIMAL.replace("summary: North wants a truce.", "summary: " + "x" * 50_000)
    joined = "\n".join(problems(text))
    assert "records[0].summary" in joined and "length <= 20000" in joined


def test_huge_file_is_refused_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from talks_cli.dataset import reading as load_module

    monkeypatch.setattr(load_module, "MAX_FILE_BYTES", 1000)
    path = write_dataset(tmp_path, MINIMAL + "#" * 2000)
    with pytest.raises(DataError) as caught:
        load(path)
    assert "at most 1,000" in str(caught.value)


def test_duplicate_key_names_the_key_and_both_lines() -> None:
    text = MINIMAL.replace("    status: demanded\n", "    status: demanded\n    status: rejected\n")
    (message,) = problems(text)
    first = text.splitlines().index("    status: demanded") + 1
    assert f"duplicate key 'status', first set on line {first}" in message
    assert message.startswith(f"data.yaml:{first + 1}:5:")


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("summary", "NO", None),  # stays the text "NO"
        ("summary", "1.10", None),  # stays the text "1.10", not 1.1
        ("summary", "2025-05-16", None),  # stays text, not a date
        ("summary", "yes", None),
        ("summary", "12", "expected 'str', got 'int' (put the value in quotes"),
        ("summary", "true", "expected 'str', got 'bool'"),
    ],
)
def test_implicit_typing_traps(field: str, value: str, expected: str | None) -> None:
    text = MINIMAL.replace("summary: North wants a truce.", f"{field}: {value}")
    if expected is None:
        record = parse(text.encode(), "data.yaml").records[0]
        assert record.summary == value
    else:
        assert any(expected in p for p in problems(text))


def test_a_bad_id_says_what_an_id_may_hold_and_not_to_add_quotes() -> None:
    (message,) = problems(MINIMAL.replace("id: north-wants-truce", "id: North Wants Truce"))
    assert "records[0].id: id 'North Wants Truce' may hold only lower-case letters" in message
    assert "put the value in quotes" not in message


@pytest.mark.parametrize("bad", ['"-north"', '"north\\n"', '"nörth"', "x" * 81])
def test_ids_are_checked_against_the_published_pattern(bad: str) -> None:
    text = MINIMAL.replace("id: north-wants-truce", f"id: {bad}")
    assert any("records[0].id" in p for p in problems(text)), problems(text)


def test_bad_ids_are_reported_in_the_same_run_as_other_schema_errors() -> None:
    text = (
        MINIMAL.replace("id: north-wants-truce", "id: North Wants Truce")
        .replace("side: south", "side: null")
        .replace("status: rejected", "status: maybe")
        .replace("event: round-1", "event: Round 1", 1)
    )
    joined = "\n".join(problems(text))
    assert "records[1].status:" in joined
    assert "records[0].id: id 'North Wants Truce' may hold only" in joined
    assert "records[0].event: id 'Round 1' may hold only" in joined
    assert "records[1].side" not in joined  # null is allowed there


def test_a_reference_that_breaks_the_id_pattern_is_reported_as_unknown() -> None:
    (message,) = problems(MINIMAL.replace("topic: ceasefire", "topic: Truce Now", 1))
    assert "records[0].topic: 'Truce Now' is not in topics" in message


def test_invalid_date_is_a_data_error_with_its_path() -> None:
    text = MINIMAL.replace('date: "2025-01-01"', "date: 2001-13-01")
    (message,) = problems(text)
    assert "events[0].date: invalid RFC3339 encoded date" in message


def test_sexagesimal_and_octal_stay_text() -> None:
    text = MINIMAL.replace("locator: page 1", "locator: 1:30", 1)
    assert parse(text.encode(), "data.yaml").records[0].locator == "1:30"


# --- bytes and files ---------------------------------------------------------------------------


def test_non_utf8_bytes_point_at_the_byte() -> None:
    (message,) = problems(MINIMAL.encode().replace(b"North wants", b"North \xff wants"))
    line = next(i for i, text in enumerate(MINIMAL.splitlines(), 1) if "North wants" in text)
    assert message.startswith(f"data.yaml:{line}:20: byte 0xff is not UTF-8")


def test_utf8_bom_is_accepted() -> None:
    assert parse(b"\xef\xbb\xbf" + MINIMAL.encode(), "data.yaml").title == "A minimal dataset"


def test_utf16_is_named() -> None:
    (message,) = problems(MINIMAL.encode("utf-16"))
    assert "UTF-16" in message


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"# only a comment\n"])
def test_empty_file(content: bytes) -> None:
    (message,) = problems(content)
    assert "empty" in message or "no data" in message


def test_top_level_not_a_mapping() -> None:
    (message,) = problems("- just\n- a list\n")
    assert "expected a mapping" in message and "found a list" in message


def test_control_characters_in_yaml_are_a_syntax_error() -> None:
    (message,) = problems("schema_version: 1\ntitle: a\x1b[31mred\n")
    assert message.startswith("data.yaml:2:")
    assert "\x1b" not in message  # the snippet shows it escaped


def test_missing_path_directory_and_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file"):
        load(tmp_path / "nope.yaml")
    with pytest.raises(DataError, match="is a directory"):
        load(tmp_path)
    locked = write_dataset(tmp_path, MINIMAL)
    locked.chmod(0)
    try:
        if not locked.exists() or _can_read(locked):
            pytest.skip("running as a user that reads any file (root)")
        with pytest.raises(DataError, match="permission denied"):
            load(locked)
    finally:
        locked.chmod(0o644)


def _can_read(path: Path) -> bool:
    try:
        path.read_bytes()
    except PermissionError:
        return False
    return True
