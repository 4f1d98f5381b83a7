"""Trust nothing unchecked: the cache, the files a dataset names, its names, what reaches a
spreadsheet or a message, empty values a script passes, and the machine's own faults."""

from __future__ import annotations

import csv
import io
import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

import msgspec
import pytest
from helpers import MINIMAL, Invoke, write_dataset

from talks_cli.cli.process import STAGE_VARIABLE
from talks_cli.dataset import cache
from talks_cli.dataset.load import parse
from talks_cli.dataset.model import Dataset
from talks_cli.errors import ExitCode

# --- the cache never changes an answer --------------------------------------------------------


def _entry(isolated_cache: Path) -> Path:
    (entry,) = [p for p in isolated_cache.iterdir() if p.suffix == ".msgpack"]
    return entry


def _answer(talks: Invoke, path: Path) -> str:
    result = talks("--data", str(path), "records", "--json")
    assert result.exit_code == 0, result.stderr
    return result.stdout


class Cached(NamedTuple):
    path: Path  # the dataset
    truth: str  # its records as JSON, parsed afresh
    entry: Path  # its cache entry


@pytest.fixture
def cached(talks: Invoke, tmp_path: Path, isolated_cache: Path) -> Cached:
    """The minimal dataset, answered once: its true answer, and the cache entry that wrote."""
    path = write_dataset(tmp_path, MINIMAL)
    return Cached(path, _answer(talks, path), _entry(isolated_cache))


def test_a_forged_entry_with_the_right_key_is_not_believed(talks: Invoke, cached: Cached) -> None:
    forged = cached.entry.read_bytes().replace(b"North wants a truce.", b"FORGED FORGED FORGED")
    cached.entry.write_bytes(forged)
    assert _answer(talks, cached.path) == cached.truth


def test_no_single_flipped_byte_changes_an_answer(talks: Invoke, cached: Cached) -> None:
    blob = cached.entry.read_bytes()
    for offset in range(0, len(blob), max(1, len(blob) // 40)):
        damaged = bytearray(blob)
        damaged[offset] ^= 0x01
        cached.entry.write_bytes(bytes(damaged))
        assert _answer(talks, cached.path) == cached.truth, offset


@pytest.mark.parametrize("mode", [0o770, 0o707])
def test_a_planted_entry_is_never_read_where_others_could_have_planted_it(
    talks: Invoke, cached: Cached, isolated_cache: Path, mode: int
) -> None:
    dataset = msgspec.to_builtins(parse(cached.path.read_bytes(), "x"))
    dataset["records"][0]["source"] = "nowhere"  # a reference a YAML load would refuse
    # Written by the cache itself: right key, right digest, a body that decodes. A trusted entry
    # is not checked again (README, "The cache, and when it is trusted"): what keeps this one
    # out is that others may write to the directory, so it is not the user's own.
    planted = msgspec.convert(dataset, Dataset)
    cache.put(isolated_cache, cached.path, cache.key(cached.path.read_bytes()), planted)
    isolated_cache.chmod(mode)
    assert _answer(talks, cached.path) == cached.truth


@pytest.mark.parametrize("plant", ["fifo", "dev-zero", "foreign-owner"])
def test_entries_that_are_not_talks_own_files_are_ignored(talks: Invoke, cached: Cached, plant: str) -> None:
    if plant == "foreign-owner":
        if os.geteuid() != 0:
            pytest.skip("only root can give a file to another user")
        os.chown(cached.entry, 65534, 65534)
    else:
        cached.entry.unlink()
        if plant == "fifo":
            os.mkfifo(cached.entry)  # opened blocking, it would hang talks for ever
        else:
            cached.entry.symlink_to("/dev/zero")  # read, it would fill memory for ever
    assert _answer(talks, cached.path) == cached.truth


def test_a_cache_directory_others_can_write_is_not_used(
    talks: Invoke, cached: Cached, isolated_cache: Path
) -> None:
    isolated_cache.chmod(0o777)
    cached.entry.write_bytes(b"")  # a miss, were the directory trusted, would be rebuilt
    assert _answer(talks, cached.path) == cached.truth
    assert cached.entry.read_bytes() == b""  # neither read nor rewritten


def test_cache_clear_removes_only_talks_entries_and_never_follows_a_link(
    talks: Invoke, tmp_path: Path, isolated_cache: Path
) -> None:
    _answer(talks, write_dataset(tmp_path, MINIMAL))
    keep = [isolated_cache / "notes.txt", isolated_cache / ("0" * 32 + ".msgpack")]
    keep[0].write_text("mine")
    keep[1].write_bytes(b"not talks's header")
    result = talks("cache", "clear")
    assert result.exit_code == 0 and "removed 1 cached dataset " in result.stderr
    assert all(p.exists() for p in keep)
    # A cache directory that is a link to somewhere else is left alone.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    victim = elsewhere / ("1" * 32 + ".msgpack")
    victim.write_bytes(cache.MAGIC + b"x" * 80)
    linked = tmp_path / "linked-home"
    linked.mkdir()
    (linked / "talks").symlink_to(elsewhere)
    talks("cache", "clear", env={"XDG_CACHE_HOME": str(linked)})
    assert victim.exists()


@pytest.mark.slow
def test_a_pipe_is_never_cached_and_old_entries_are_evicted(tmp_path: Path, isolated_cache: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(isolated_cache.parent)}
    piped = subprocess.run(
        [sys.executable, "-m", "talks_cli", "--data", "/dev/stdin", "sides", "--json"],
        input=MINIMAL,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert piped.returncode == 0 and "north" in piped.stdout
    assert not isolated_cache.exists() or not list(isolated_cache.iterdir())
    for number in range(cache.MAX_ENTRIES + 3):
        folder = tmp_path / str(number)
        folder.mkdir()
        cache.put(isolated_cache, write_dataset(folder, MINIMAL), b"k" * 32, parse(MINIMAL.encode(), "x"))
    assert len(list(isolated_cache.glob("*.msgpack"))) == cache.MAX_ENTRIES


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"XDG_CACHE_HOME": "relative/cache", "HOME": "/home/ann"}, Path("/home/ann/.cache/talks")),
        ({"XDG_CACHE_HOME": "", "HOME": "/home/ann"}, Path("/home/ann/.cache/talks")),
        ({"XDG_CACHE_HOME": "/var/c", "HOME": ""}, Path("/var/c/talks")),
        ({"XDG_CACHE_HOME": "relative", "HOME": ""}, None),
        ({}, None),
    ],
)
def test_the_cache_directory_follows_the_xdg_rules(variables: dict[str, str], expected: Path | None) -> None:
    assert cache.directory(variables) == expected


@pytest.mark.slow
def test_without_home_nothing_is_written_anywhere(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "XDG_CACHE_HOME")}
    result = subprocess.run(
        [sys.executable, "-m", "talks_cli", "sides", "--json"],
        capture_output=True,
        text=True,
        env={**env, "HOME": "", "XDG_CACHE_HOME": "rel"},
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0 and list(tmp_path.iterdir()) == []


# --- a dataset may only reach its own files ---------------------------------------------------


def _with_file(folder: Path, file: str) -> Path:
    text = MINIMAL.replace(
        'url: "https://example.org/a"}', f'url: "https://example.org/a", file: {json.dumps(file)}}}'
    ).replace("quote: null", 'quote: "root"', 1)
    return write_dataset(folder, text)


@pytest.mark.parametrize("file", ["/etc/passwd", "../../etc/passwd", "sources/../../x.txt"])
def test_a_source_file_outside_the_dataset_folder_is_a_data_error(
    talks: Invoke, tmp_path: Path, file: str
) -> None:
    result = talks("validate", str(_with_file(tmp_path, file)))
    assert result.exit_code == ExitCode.DATA
    assert "must be a relative path inside the dataset's folder" in result.stderr


@pytest.mark.parametrize("target", ["link-out", "fifo", "dev-zero", "too-large"])
def test_a_source_file_that_is_not_a_small_regular_file_inside_is_refused(
    talks: Invoke, tmp_path: Path, target: str
) -> None:
    stored = tmp_path / "source.txt"
    if target == "link-out":
        stored.symlink_to("/etc/passwd")
    elif target == "fifo":
        os.mkfifo(stored)
    elif target == "dev-zero":
        stored.symlink_to("/dev/zero")
    else:
        with stored.open("wb") as handle:
            handle.truncate(16 * 1024 * 1024 + 1)
    result = talks("validate", str(_with_file(tmp_path, "source.txt")))
    assert result.exit_code == ExitCode.DATA, result.stderr
    assert "sources[0].file: cannot read source.txt" in result.stderr
    assert "valid:" not in result.stderr


# --- a dataset may not contradict itself -------------------------------------------------------

TWO_TOPICS = MINIMAL.replace(
    "  - {id: ceasefire, label: Ceasefire, aliases: [cessez-le-feu]}\n",
    "  - {id: ceasefire, label: Ceasefire, aliases: [cessez-le-feu]}\n"
    "  - {id: prisoners, label: Prisoners, aliases: [ceasefire]}\n",
)
SECOND_EVENT = (
    '  - {id: round-2, name: Second round, kind: round, status: held, date: "2025-01-01", place: Geneva}\n'
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (TWO_TOPICS, "topics[1].aliases[0]: 'ceasefire' already names topic 'ceasefire'"),
        (
            MINIMAL.replace(
                "  - {id: round-1, name: First round, kind: round, status: held, "
                'date: "2025-01-01", place: Geneva}\n',
                "  - {id: round-1, name: First round, kind: round, status: held, "
                'date: "2025-01-01", place: Geneva}\n'
                "  - {id: round-2, name: Round 1, kind: round, status: held, "
                'date: "2025-02-01", place: Geneva}\n',
            ),
            "events[1].name: 'Round 1' already names event 'round-1'",
        ),
        (MINIMAL.replace("aliases: [S, Sud]", "aliases: [S, '---']"), "'---' has no letters or digits"),
        (
            MINIMAL.replace(
                "records:\n",
                "documents:\n"
                "  - {id: plan-a, title: The Plan, kind: plan, authors: [north], event: round-1,"
                " source: src}\n"
                "  - {id: plan-b, title: the plan, kind: plan, authors: [south], event: round-1,"
                " source: src}\n"
                "records:\n",
            ),
            "documents[1].title: 'the plan' already names document 'plan-a'",
        ),
        (MINIMAL.replace("aliases: [S, Sud]", "aliases: [S, Nоrth]"), "already names actor 'north'"),
        (MINIMAL.replace("aliases: [S, Sud]", 'aliases: [S, "Su\\u00add"]'), "invisible character U+00AD"),
        (MINIMAL.replace("aliases: [S, Sud]", 'aliases: [S, "Su\\u200bd"]'), "invisible character U+200B"),
        (
            MINIMAL.replace(
                "    locator: page 1\n", "    locator: page 1\n    implements: north-wants-truce\n", 1
            ),
            "records[0].implements: a record of kind 'position' implements nothing",
        ),
        (MINIMAL.replace("language: en,", 'language: "en\\n",'), "sources[0].language"),
        (
            MINIMAL.replace('url: "https://example.org/a"', 'url: "https://example.org/a\\n"'),
            "sources[0].url",
        ),
    ],
)
def test_a_dataset_that_contradicts_itself_is_a_data_error(
    talks: Invoke, tmp_path: Path, text: str, expected: str
) -> None:
    result = talks("--data", str(write_dataset(tmp_path, text)), "sides")
    assert result.exit_code == ExitCode.DATA, result.stderr
    assert expected in result.stderr


def test_a_date_two_events_share_is_ambiguous(talks: Invoke, tmp_path: Path) -> None:
    first = (
        '  - {id: round-1, name: First round, kind: round, status: held, date: "2025-01-01", place: Geneva}\n'
    )
    path = write_dataset(tmp_path, MINIMAL.replace(first, first + SECOND_EVENT))
    result = talks("--data", str(path), "records", "--event", "2025-01-01")
    assert result.exit_code == ExitCode.USAGE
    assert (
        "'2025-01-01' names more than one event: round-1 (2025-01-01), round-2 (2025-01-01)" in result.stderr
    )
    assert talks("--data", str(path), "records", "--event", "round-2", "--json").stdout.strip() == "[]"


# --- output that cannot be turned against its reader ------------------------------------------


def test_csv_cells_that_would_be_formulas_are_neutralised(talks: Invoke, tmp_path: Path) -> None:
    formulas = ['=HYPERLINK("https://evil.example")', "+1+1", "-2", "@SUM(A1)", "\tx", "\rx"]
    text = MINIMAL
    for index, formula in enumerate(formulas[:2]):
        old = ["summary: North wants a truce.", "summary: South refuses a truce."][index]
        text = text.replace(old, f"summary: {json.dumps(formula)}")
    path = write_dataset(tmp_path, text.replace("locator: page 1", f"locator: {json.dumps(formulas[2])}", 1))
    rows = list(csv.DictReader(io.StringIO(talks("--data", str(path), "records", "--csv").stdout)))
    assert [r["summary"] for r in rows] == ["'" + formulas[0], "'" + formulas[1]]
    assert rows[0]["locator"] == "'-2"
    show = list(
        csv.reader(io.StringIO(talks("--data", str(path), "show", "north-wants-truce", "--csv").stdout))
    )
    assert show[0] == ["field", "value"] and ["summary", "'" + formulas[0]] in show


def test_tab_separated_output_escapes_backslashes_too(talks: Invoke, tmp_path: Path) -> None:
    path = write_dataset(tmp_path, MINIMAL.replace("North wants a truce.", r"'a\tb	c'"))
    line = talks("--data", str(path), "records", "--plain").stdout.splitlines()[1]
    assert r"a\\tb\x09c" in line  # the data's backslash doubled, its tab made visible


def test_a_value_cannot_forge_a_line_of_an_error_message(talks: Invoke, tmp_path: Path) -> None:
    forged = "russia\nx.yaml: valid: 2 records" + "x" * 500
    path = write_dataset(tmp_path, MINIMAL.replace("side: south", f"side: {json.dumps(forged)}"))
    result = talks("--data", str(path), "sides")
    assert result.exit_code == ExitCode.DATA
    assert not any(line.startswith("x.yaml: valid") for line in result.stderr.splitlines())
    assert "\\n" in result.stderr and "x" * 200 not in result.stderr
    result = talks("positions", forged)
    assert result.exit_code == ExitCode.USAGE and len(result.stderr.splitlines()) == 1


# --- inputs a script may pass by mistake -------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["records", "--side", ""],
        ["records", "--topic", ""],
        ["records", "--event", " "],
        ["records", "--kind", ""],
        ["records", "--status", ""],
        ["positions", ""],
        ["show", ""],
    ],
)
def test_an_empty_value_is_a_usage_error_not_no_filter(talks: Invoke, args: list[str]) -> None:
    result = talks(*args, "--json")
    assert result.exit_code == ExitCode.USAGE and result.stdout == ""
    assert "empty" in result.stderr


def test_a_repeated_option_keeps_the_last_value(talks: Invoke) -> None:
    twice = json.loads(talks("records", "--topic", "prisoners", "--topic", "ceasefire", "--json").stdout)
    once = json.loads(talks("records", "--topic", "ceasefire", "--json").stdout)
    assert twice == once and twice


def test_format_by_name_and_by_flag_agree_and_two_formats_are_refused(talks: Invoke) -> None:
    assert talks("outcomes", "--format", "json").stdout == talks("outcomes", "--json").stdout
    both = talks("outcomes", "--format", "csv", "--json")
    assert both.exit_code == ExitCode.USAGE and "choose one output format" in both.stderr


# --- faults of the machine around it -----------------------------------------------------------


def _talks_process(
    args: list[str], env: dict[str, str] | None = None, shell_tail: str = ""
) -> subprocess.CompletedProcess[bytes]:
    command = " ".join([sys.executable, "-m", "talks_cli", *args]) + shell_tail
    return subprocess.run(
        ["bash", "-c", command],
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "variables",
    [{"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "latin-1"}, {"LC_ALL": "C", "PYTHONIOENCODING": ""}],
)
def test_output_encodings_other_than_utf8(variables: dict[str, str]) -> None:
    utf8 = json.loads(_talks_process(["records", "--json"], {"PYTHONIOENCODING": "utf-8"}).stdout)
    other = _talks_process(["records", "--json"], variables)
    assert other.returncode == 0, other.stderr
    assert json.loads(other.stdout) == utf8  # valid and lossless
    for fmt in ("--plain", "--csv", "--markdown"):
        text = _talks_process(["positions", "russia", fmt], variables)
        assert text.returncode == 0 and b"internal error" not in text.stderr
        if variables.get("PYTHONIOENCODING") == "ascii":  # (LC_ALL=C: Python 3.11 writes UTF-8)
            assert b"\\u2019" in text.stdout and max(text.stdout) < 0x80


@pytest.mark.slow
def test_output_that_cannot_be_written_has_its_own_exit_status() -> None:
    full = _talks_process(["records", "--json"], shell_tail=" > /dev/full")
    assert full.returncode == ExitCode.OUTPUT
    assert b"cannot write output" in full.stderr and b"internal error" not in full.stderr
    closed = _talks_process(["records", "--json"], shell_tail=" >&-")
    assert closed.returncode == ExitCode.OUTPUT and b"cannot write output" in closed.stderr


@pytest.mark.slow
def test_a_closed_stderr_keeps_a_usage_error_a_usage_error() -> None:
    assert _talks_process(["positions", "nowhere"], shell_tail=" 2>&-").returncode == ExitCode.USAGE


@pytest.mark.slow
@pytest.mark.parametrize(
    "variables",
    [
        {"_TALKS_COMPLETE": "complete_bash", "COMP_WORDS": "talks positions ru", "COMP_CWORD": "abc"},
        {"_TALKS_COMPLETE": "complete_bash", "COMP_WORDS": "talks 'unclosed", "COMP_CWORD": "9"},
        {"_TALKS_COMPLETE": "nonsense_shell"},
    ],
)
def test_malformed_completion_variables_give_nothing_not_an_error(variables: dict[str, str]) -> None:
    result = _talks_process([], variables)
    assert b"internal error" not in result.stderr and b"Traceback" not in result.stderr
    assert result.returncode in (0, 1)  # click's own answer for an unknown shell is 1, silently


# The stages at which talks, given TALKS_STAGE_FD, writes a byte (cli/process.py): main entered,
# signal handlers set, command chosen, answer written.
STAGES = {"main": b"m", "handlers": b"s", "command": b"c", "answered": b"e"}


def _wait_for(reader: int, mark: bytes, process: subprocess.Popen[bytes]) -> None:
    """Until talks has written `mark` to the stage pipe (it writes them in order)."""
    seen = b""
    while mark not in seen:
        if not select.select([reader], [], [], 30)[0]:
            process.kill()
            pytest.fail(f"talks never reached stage {mark!r} (stages seen: {seen!r})")
        chunk = os.read(reader, 16)
        if not chunk:
            pytest.fail(f"talks ended before stage {mark!r} (stages seen: {seen!r})")
        seen += chunk


@pytest.mark.slow
@pytest.mark.parametrize("after", [0.0, 0.02, 0.08])
@pytest.mark.parametrize("stage", list(STAGES))
def test_ctrl_c_at_any_moment_of_talks_start_up_exits_130_without_a_traceback(
    stage: str, after: float
) -> None:
    # A Ctrl-C while Python itself starts (before talks's first line) is Python's own affair:
    # the signal is sent once talks says it reached `stage`, and `after` seconds later.
    script = Path(sys.executable).with_name("talks")  # the console script a user runs
    reader, writer = os.pipe()
    try:
        process = subprocess.Popen(
            [script, "records", "--json"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            pass_fds=(writer,),
            env={**os.environ, STAGE_VARIABLE: str(writer)},
        )
        os.close(writer)
        _wait_for(reader, STAGES[stage], process)
    finally:
        os.close(reader)
    time.sleep(after)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert b"Traceback" not in stderr, stderr.decode()
    # 0: it had finished. -SIGINT: it was finishing, and Python, shutting down, had put back the
    # default handler: the process ends by the signal itself, which a shell reports as 130.
    assert process.returncode in (ExitCode.INTERRUPTED, ExitCode.OK, -signal.SIGINT)


# --- bounded work on bad input -----------------------------------------------------------------


def test_thousands_of_problems_are_counted_and_only_the_first_are_printed(
    talks: Invoke, tmp_path: Path
) -> None:
    record = MINIMAL[
        MINIMAL.index("  - id: north-wants-truce") : MINIMAL.index("  - id: south-refuses-truce")
    ]
    many = "".join(
        record.replace("north-wants-truce", f"r-{i}").replace("topic: ceasefire", "topic: cesefire")
        for i in range(3000)
    )
    path = write_dataset(tmp_path, MINIMAL[: MINIMAL.index("records:\n")] + "records:\n" + many)
    result = talks("--data", str(path), "sides")
    assert result.exit_code == ExitCode.DATA
    assert "… and 2,950 more" in result.stderr and "3,000 problems" in result.stderr
    assert len(result.stderr.splitlines()) < 200


@pytest.mark.parametrize("dense", ["[" + "0," * 400_000 + "0]", "\n" + "- a\n" * 300_000])
def test_a_file_denser_than_memory_allows_is_refused_before_it_is_built(
    talks: Invoke, tmp_path: Path, dense: str
) -> None:
    path = write_dataset(tmp_path, "schema_version: 1\ntitle: " + dense)
    result = talks("--no-cache", "--data", str(path), "sides")
    assert result.exit_code == ExitCode.DATA
    assert "talks reads at most 6,000,000 items, and at most one per 4 bytes" in result.stderr
