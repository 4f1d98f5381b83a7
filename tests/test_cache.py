"""The cache of parsed datasets: faster, never stale, never a reason to fail; and lazy imports."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import BUNDLED, MINIMAL, Invoke, write_dataset

from talks_cli.dataset import cache
from talks_cli.dataset.load import load as parse_afresh
from talks_cli.dataset.model import Dataset


def load(path: Path) -> Dataset:
    """Load through the cache the tests' environment points at."""
    return parse_afresh(path, cache_dir=cache.directory(os.environ))


def entries(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("*.msgpack")) if cache_dir.exists() else []


def test_first_load_writes_an_entry_and_the_second_reads_it(isolated_cache: Path, tmp_path: Path) -> None:
    path = write_dataset(tmp_path, MINIMAL)
    first = load(path)
    assert len(entries(isolated_cache)) == 1
    assert load(path) == first


def test_cache_hit_skips_yaml_entirely(
    isolated_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from talks_cli.dataset import load as load_module

    path = write_dataset(tmp_path, MINIMAL)
    expected = load(path)

    def no_parsing(*args: object) -> None:
        raise AssertionError("parsed YAML on a cache hit")

    monkeypatch.setattr(load_module, "parse", no_parsing)
    assert load(path) == expected


def test_an_edited_dataset_is_never_served_stale(tmp_path: Path) -> None:
    path = write_dataset(tmp_path, MINIMAL)
    assert load(path).title == "A minimal dataset"
    stat = path.stat()
    path.write_text(MINIMAL.replace("A minimal dataset", "A changed dataset"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same mtime: only the content differs
    assert load(path).title == "A changed dataset"


def test_a_new_version_of_talks_misses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = write_dataset(tmp_path, MINIMAL).read_bytes()
    old_key = cache.key(data)
    for name, value in (("__version__", "999.0"), ("SCHEMA_VERSION", 999)):
        with monkeypatch.context() as patch:
            patch.setattr(cache, name, value)
            cache.code_stamp.cache_clear()
            assert cache.key(data) != old_key, name
    cache.code_stamp.cache_clear()
    assert cache.key(data) == old_key


def test_an_edit_to_any_file_of_talks_changes_the_stamp(tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "talks_cli"
    shutil.copytree(cache.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "data"))
    before = cache.code_stamp(copy)
    assert before == cache.code_stamp.__wrapped__(cache.PACKAGE)
    # Every module counts, in every sub-package: a view decides no decoded form, but is talks's.
    modules = sorted(copy.rglob("*.py"))
    assert {m.parent.name for m in modules} >= {"talks_cli", "dataset", "query", "views", "render", "cli"}
    for module in modules:
        unedited = cache.code_stamp.__wrapped__(copy)
        module.write_text(module.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        assert cache.code_stamp.__wrapped__(copy) != unedited, module


@pytest.mark.parametrize("damage", ["truncate", "garbage", "foreign", "empty"])
def test_a_damaged_entry_is_ignored_and_rebuilt(isolated_cache: Path, tmp_path: Path, damage: str) -> None:
    path = write_dataset(tmp_path, MINIMAL)
    expected = load(path)
    (entry,) = entries(isolated_cache)
    blob = entry.read_bytes()
    entry.write_bytes(
        {
            "truncate": blob[: len(blob) // 2],
            "garbage": blob[:40] + os.urandom(200),
            "foreign": b"\x89PNG\r\n\x1a\n" + os.urandom(100),
            "empty": b"",
        }[damage]
    )
    assert load(path) == expected
    assert entry.read_bytes() == blob  # rebuilt


def test_an_unwritable_cache_directory_means_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    path = write_dataset(tmp_path, MINIMAL)
    assert load(path).title == "A minimal dataset"
    assert load(path).title == "A minimal dataset"


def test_no_cache_reads_and_writes_nothing(talks: Invoke, isolated_cache: Path) -> None:
    assert talks("--no-cache", "sides", "--json").exit_code == 0
    assert entries(isolated_cache) == []


def test_cache_clear(talks: Invoke, isolated_cache: Path) -> None:
    talks("sides", "--json")
    assert entries(isolated_cache)
    result = talks("cache", "clear")
    assert result.exit_code == 0 and "removed 1 cached dataset" in result.stderr
    assert entries(isolated_cache) == []


@pytest.mark.slow
def test_sixteen_processes_on_a_cold_cache_all_answer_correctly(isolated_cache: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(isolated_cache.parent)}
    command = [sys.executable, "-m", "talks_cli", "outcomes", "--json"]
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(16)
    ]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert all(p.returncode == 0 for p in processes), [e for _, e in outputs]
    answers = {out for out, _ in outputs}
    assert len(answers) == 1
    assert json.loads(answers.pop())
    assert len(entries(isolated_cache)) == 1
    assert not list(isolated_cache.glob(".tmp-*"))  # no temporary file left behind


def _modules_after(args: list[str], env: dict[str, str]) -> set[str]:
    """The modules loaded by a real run of talks with these arguments."""
    probe = (
        "import sys, json\n"
        "from talks_cli.cli.process import run\n"
        f"code = run({args!r})\n"
        "sys.stderr.write('\\nMODULES ' + json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env={**os.environ, **env}, check=True
    )
    return set(json.loads(result.stderr.rsplit("MODULES ", 1)[1]))


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["--json", "--jsonl", "--csv"])
def test_script_formats_never_import_rich(isolated_cache: Path, fmt: str) -> None:
    env = {"XDG_CACHE_HOME": str(isolated_cache.parent)}
    cold = _modules_after(["positions", "russia", fmt], env)
    warm = _modules_after(["positions", "russia", fmt], env)
    assert not any(m == "rich" or m.startswith("rich.") for m in cold | warm)


@pytest.mark.slow
@pytest.mark.parametrize("args", [["positions", "russia", "--json"], ["show", "r1-continue-talks", "--csv"]])
def test_the_hot_path_imports_no_pydantic(isolated_cache: Path, args: list[str]) -> None:
    # Typer 0.29 and later import pydantic for every parameter; talks stays below (pyproject).
    env = {"XDG_CACHE_HOME": str(isolated_cache.parent)}
    _modules_after(args, env)
    assert not any(m.split(".")[0] in ("pydantic", "pydantic_core") for m in _modules_after(args, env))


@pytest.mark.slow
def test_yaml_is_imported_only_when_a_file_must_be_parsed(isolated_cache: Path) -> None:
    env = {"XDG_CACHE_HOME": str(isolated_cache.parent)}
    assert "yaml" in _modules_after(["sides", "--json"], env)  # cold: parsed
    assert "yaml" not in _modules_after(["sides", "--json"], env)  # warm: from the cache


def test_bundled_dataset_round_trips_through_the_cache() -> None:
    assert load(BUNDLED) == parse_afresh(BUNDLED) == load(BUNDLED)


def test_records_are_not_tracked_by_the_cyclic_garbage_collector() -> None:
    import gc

    dataset = parse_afresh(BUNDLED)
    assert dataset.records and not any(gc.is_tracked(r) for r in dataset.records)
    assert not gc.is_tracked(dataset)


@pytest.mark.parametrize("text", [MINIMAL, "schema_version: 1\nrecords: [\n"])
def test_loading_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path, text: str) -> None:
    import gc

    from talks_cli.errors import DataError

    path = write_dataset(tmp_path, text)
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            for reader in (parse_afresh, load, load):  # parsed, written, then read from the cache
                with contextlib.suppress(DataError):
                    reader(path)
                assert gc.isenabled() is enabled
        finally:
            gc.enable()


def test_a_fresh_entry_holds_the_search_index(talks: Invoke, isolated_cache: Path, tmp_path: Path) -> None:
    # Written by a command that does not search: the first search then only reads it.
    from talks_cli.dataset import index

    path = write_dataset(tmp_path, MINIMAL)
    assert talks("--data", str(path), "sides", "--json").exit_code == 0
    entry = cache.get(isolated_cache, path, cache.key(path.read_bytes()), 10**6)
    assert entry is not None
    stored = entry.index(len(entry.dataset.records))
    assert stored is not None and stored == index.build(parse_afresh(path))


def test_the_first_search_after_another_command_builds_no_index(
    talks: Invoke, isolated_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from talks_cli.dataset import index

    path = write_dataset(tmp_path, MINIMAL)
    assert talks("--data", str(path), "sides", "--json").exit_code == 0

    def no_building(*args: object) -> None:
        raise AssertionError("built the search index again")

    monkeypatch.setattr(index, "build", no_building)
    result = talks("--data", str(path), "search", "truce", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)


def test_a_trusted_entry_is_used_without_checking_it_again(
    isolated_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The checks ran when the entry was written; only its trust (cache.get) is checked again.
    from talks_cli.dataset import names, reference_rules
    from talks_cli.dataset import rules as checks

    path = write_dataset(tmp_path, MINIMAL)
    expected = load(path)

    def no_checking(*args: object, **kwargs: object) -> None:
        raise AssertionError("checked a trusted entry again")

    for name in ("reference_problems", "consistency_problems"):
        monkeypatch.setattr(reference_rules, name, no_checking)
    monkeypatch.setattr(checks, "text_problems", no_checking)
    monkeypatch.setattr(names, "name_problems", no_checking)
    assert load(path) == expected


@pytest.mark.slow
@pytest.mark.parametrize("args", [["positions", "russia", "--json"], ["show", "r1-continue-talks", "--json"]])
def test_a_warm_start_imports_no_checks_and_no_yaml(isolated_cache: Path, args: list[str]) -> None:
    # Module-level work the warm path does not need: the loader's checks (and typing's
    # introspection in shape), the strict YAML loader, PyYAML.
    env = {"XDG_CACHE_HOME": str(isolated_cache.parent)}
    _modules_after(args, env)  # cold: fills the cache
    warm = _modules_after(args, env)
    # hashlib (OpenSSL) only for files of a mebibyte or more; tempfile only to write an entry.
    unneeded = {"talks_cli.dataset.rules", "talks_cli.dataset.reference_rules", "talks_cli.dataset.names"}
    unneeded |= {"talks_cli.dataset.record_rules", "talks_cli.dataset.yaml_strict"}
    unneeded |= {"yaml", "hashlib", "tempfile"}
    assert not warm & unneeded


@pytest.mark.slow
def test_a_warm_listing_evaluates_no_annotations_of_the_model(isolated_cache: Path) -> None:
    # shape.fields runs typing's get_type_hints: for the checks and the docs, not for a listing.
    probe = (
        "import sys\n"
        "from talks_cli.cli.process import run\n"
        "from talks_cli.dataset import fields as shape\n"
        "run(['positions', 'russia', '--json'])\n"
        "sys.stderr.write(f'\\nFIELDS {shape.fields.cache_info().currsize}')\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(isolated_cache.parent)}
    for _ in ("cold", "warm"):
        result = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
        )
    assert result.stderr.rsplit("FIELDS ", 1)[1] == "0"
