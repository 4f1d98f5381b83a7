"""Bounded work and answers that hold for every kind of row: --fields on mixed rows, a side
named like a column, an implementation dated by its event, guesses for an unknown id among
many, `show -` with many ids, and a cache write cut short."""

from __future__ import annotations

import difflib
import io
import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from helpers import MINIMAL, TRACK, Invoke, write_dataset

from talks_cli.cli.process import run
from talks_cli.errors import ExitCode
from talks_cli.render.environment import Environment
from talks_cli.text import MAX_COMPARED


def test_every_field_search_offers_works_on_things_and_records_alike(talks: Invoke) -> None:
    refused = talks("--data", str(TRACK), "search", "north", "--fields", "no-such-field")
    assert refused.exit_code == ExitCode.USAGE and refused.stdout == ""
    offered = refused.stderr.split("choose from: ")[1].strip().split(", ")
    assert {"actor", "label", "summary", "published"} <= set(offered)
    for field in offered:
        chosen = ["id"] if field == "id" else ["id", field]
        result = talks("--data", str(TRACK), "search", "north", "--fields", ",".join(chosen), "--json")
        assert result.exit_code == 0, (field, result.stderr)
        rows = json.loads(result.stdout)
        assert {row["id"] for row in rows} >= {"north", "n-truce-30"}
        assert all(list(row) == chosen for row in rows)
        table = talks(
            "--data", str(TRACK), "search", "north", "--fields", ",".join(chosen), "--format", "plain"
        )
        assert table.exit_code == 0, (field, table.stderr)


def test_a_side_named_like_a_column_keeps_the_compare_header_apart(talks: Invoke, tmp_path: Path) -> None:
    text = MINIMAL.replace("id: north, name: North", "id: topic, name: Topic side").replace(
        "side: north", "side: topic"
    )
    path = write_dataset(tmp_path, text)
    result = talks("--data", str(path), "compare", "--side", "topic", "--side", "south", "--format", "plain")
    assert result.exit_code == 0, result.stderr
    header = result.stdout.splitlines()[0].split("\t")
    assert len(header) == len(set(header)) and header[0] == "topic" and "topic (side)" in header
    chosen = talks("--data", str(path), "compare", "--side", "topic", "--side", "south", "--fields", "topic")
    assert chosen.stdout.split() == ["topic", "ceasefire"]


SWAP = """\
  - {id: swap, event: round-1, side: null, kind: outcome, topic: ceasefire, status: agreed, summary: A swap., quote: null, source: src, locator: p}
  - {id: swap-at-round, event: round-1, side: null, kind: implementation, topic: ceasefire, status: implemented, summary: Done at the round., quote: null, source: src, locator: p, implements: swap}
  - {id: swap-dated, event: null, date: "2025-03-01", side: null, kind: implementation, topic: ceasefire, status: implemented, summary: Done later., quote: null, source: src, locator: p, implements: swap}
"""  # noqa: E501


def test_implemented_on_holds_a_delivery_dated_by_its_event(talks: Invoke, tmp_path: Path) -> None:
    result = talks("--data", str(write_dataset(tmp_path, MINIMAL + SWAP)), "outcomes", "--json")
    (swap,) = json.loads(result.stdout)
    assert swap["implemented_by"] == ["swap-at-round", "swap-dated"]
    assert swap["implemented_on"] == ["2025-01-01", "2025-03-01"]


RECORD = (
    "  - {{id: r-{0:05d}-agreed, event: round-1, side: north, kind: position, topic: ceasefire, "
    "status: demanded, summary: Record {0}., quote: null, source: src, locator: p}}\n"
)


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many candidates each guess of difflib compared."""
    sizes: list[int] = []
    real = difflib.get_close_matches

    def counted(word: Any, possibilities: Any, *args: Any, **kwargs: Any) -> Any:
        possibilities = list(possibilities)
        sizes.append(len(possibilities))
        return real(word, possibilities, *args, **kwargs)

    monkeypatch.setattr(difflib, "get_close_matches", counted)
    return sizes


@pytest.mark.parametrize("command", ["cite", "show"])
def test_an_unknown_id_among_many_is_guessed_from_a_bounded_few(
    talks: Invoke, tmp_path: Path, compared: list[int], command: str
) -> None:
    many = MINIMAL + "".join(RECORD.format(i) for i in range(MAX_COMPARED + 1000))
    path = write_dataset(tmp_path, many)
    result = talks("--data", str(path), command, "r-00042-agreet")
    assert result.exit_code == ExitCode.USAGE and "r-00042-agreed" in result.stderr
    assert compared and max(compared) <= MAX_COMPARED


def test_show_dash_checks_every_id_before_printing_any(talks: Invoke) -> None:
    result = talks("--data", str(TRACK), "show", "-", "--jsonl", stdin="north\nn-truce-30\nnope\n")
    assert result.exit_code == ExitCode.USAGE and "unknown id 'nope'" in result.stderr
    assert result.stdout == ""


class _FirstWrite(io.StringIO):
    """stdout that keeps nothing, and notes how much memory talks held when it first wrote."""

    held: int | None = None

    def write(self, text: str) -> int:
        if self.held is None:
            self.held = tracemalloc.get_traced_memory()[0]
        return len(text)


def _held_at_first_write(ids: int) -> int:
    stdin = io.StringIO("n-truce-30\n" * ids)
    stdout = _FirstWrite()
    env = Environment(stdout=stdout, stderr=io.StringIO(), stdin=stdin, variables=dict(os.environ))
    tracemalloc.start()
    try:
        assert run(["--data", str(TRACK), "show", "-", "--jsonl"], env) == 0
    finally:
        tracemalloc.stop()
    assert stdout.held is not None
    return stdout.held


def test_show_dash_holds_no_detail_per_id() -> None:
    _held_at_first_write(10)  # the cache entry written, modules imported
    few, many = _held_at_first_write(1_000), _held_at_first_write(8_000)
    # When the first detail is written, talks holds a reference per id (8 bytes), not 7,000
    # more details built ahead of it.
    assert many - few < 7_000 * 100, (few, many)


# --- the cache's temporary files ------------------------------------------------------------------


def test_cache_clear_removes_a_temporary_file_left_by_an_interrupted_write(
    talks: Invoke, isolated_cache: Path
) -> None:
    assert talks("--data", str(TRACK), "records").exit_code == 0  # the cache folder, with an entry
    left = isolated_cache / ".tmp-0123456789abcdef.msgpack"
    left.write_bytes(b"")  # cut short before its header
    kept = [isolated_cache / ".tmp-notours.txt", isolated_cache / "notes.msgpack"]
    for path in kept:
        path.write_bytes(b"mine")
    result = talks("cache", "clear")
    assert result.exit_code == 0 and "removed 1 cached dataset " in result.stderr  # the entry
    assert sorted(p.name for p in isolated_cache.iterdir()) == sorted(p.name for p in kept)


def test_ctrl_c_during_a_cache_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    """The handler talks installs removes what `put` registered, though os._exit runs no finally:
    the signal is sent from inside the write, so nothing waits for a moment to come."""
    script = f"""
import os, signal, sys
from pathlib import Path
from talks_cli.cli import process
from talks_cli.dataset import cache
signal.signal(signal.SIGINT, process._interrupted)
real = os.fdopen
def interrupted(fd, *args, **kwargs):
    os.kill(os.getpid(), signal.SIGINT)  # mid-write: the temporary file exists, empty
    return real(fd, *args, **kwargs)
os.fdopen = interrupted
cache.put(Path({str(tmp_path)!r}), Path("data.yaml"), b"k" * 32, None)
sys.exit(0)
"""
    done = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, timeout=60)
    assert done.returncode == ExitCode.INTERRUPTED, done.stderr
    assert list(tmp_path.iterdir()) == []
