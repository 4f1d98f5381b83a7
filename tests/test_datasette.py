"""The SQLite export as Datasette and sqlite-utils read it, tested with the real packages: their
own full-text detection, Datasette's test client serving the exported metadata (descriptions,
facets, labels, canned queries), and the `sqlite-utils` command."""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import MINIMAL, Invoke, write_dataset

from talks_cli.errors import ExitCode

datasette_app = pytest.importorskip("datasette.app")
datasette_utils = pytest.importorskip("datasette.utils")
sqlite_utils = pytest.importorskip("sqlite_utils")

# MINIMAL with what the export describes: an as_of and coverage, a question the sides hold
# opposite stances on, an outcome carried out in part, a figure, a source with no title and an
# address with underscores.
FIXTURE = (
    MINIMAL.replace(
        "title: A minimal dataset\n",
        "title: A minimal dataset\nas_of: '2026-03-01'\ncoverage: Two rounds in Geneva, nothing else.\n",
    )
    .replace(
        '  - {id: src, title: A page, kind: web-page, language: en, url: "https://example.org/a"}\n',
        '  - {id: src, title: A page, kind: web-page, language: en, url: "https://example.org/a"}\n'
        "  - {id: wire, kind: web-page, language: en, publisher: Wire, published: '2025-01-03',\n"
        '     url: "https://example.org/news/truce_talks_end", page: outlet}\n',
    )
    .replace(
        "events:\n",
        "questions:\n  - {id: truce-first, text: A truce comes before a settlement.}\nevents:\n",
    )
    .replace(
        "    summary: North wants a truce.\n",
        "    summary: North wants a truce.\n    stance: {question: truce-first, position: for}\n",
    )
    .replace(
        "    summary: South refuses a truce.\n",
        "    summary: South refuses a truce.\n    stance: {question: truce-first, position: against}\n",
    )
    + """\
  - id: exchange-agreed
    event: round-1
    side: null
    kind: outcome
    topic: ceasefire
    status: agreed
    summary: Both sides agree to exchange 100 prisoners each.
    quote: null
    source: wire
    locator: paragraph 2
    figures: [{what: prisoners exchanged, value: 100}]
  - id: exchange-first-stage
    event: null
    date: "2025-02-01"
    side: null
    kind: implementation
    topic: ceasefire
    status: implemented
    summary: 40 prisoners were exchanged.
    quote: null
    source: wire
    locator: paragraph 5
    implements: exchange-agreed
    figures: [{what: prisoners exchanged, value: 40}]
"""
)


def _export(talks: Invoke, folder: Path, name: str = "talks.db", *extra: str) -> Path:
    data = write_dataset(folder, FIXTURE)
    target = folder / name
    result = talks("--data", str(data), "export", str(target), *extra)
    assert result.exit_code == 0, result.stderr
    return target


def _get(database: Path, metadata: Path | None, *paths: str) -> list[Any]:
    """Datasette's own test client: each path's response, the database served as Datasette
    names it (after its file) with the metadata talks wrote."""
    meta = json.loads(metadata.read_text(encoding="utf-8")) if metadata else None

    async def fetch() -> list[Any]:
        app = datasette_app.Datasette([str(database)], metadata=meta)
        return [await app.client.get(path) for path in paths]

    return asyncio.run(fetch())


# --- full-text search, as each tool detects it ------------------------------------------------


def test_the_full_text_indexes_are_detected_by_datasette_and_sqlite_utils(
    talks: Invoke, tmp_path: Path
) -> None:
    target = _export(talks, tmp_path)
    db = sqlite_utils.Database(target)
    with sqlite3.connect(target) as connection:
        for table in ("records", "events", "documents", "sources"):
            assert db[table].detect_fts() == f"{table}_fts"
            assert datasette_utils.detect_fts(connection, table) == f"{table}_fts"
    assert [row["id"] for row in db["records"].search("truce")] != []
    assert [row["id"] for row in db["sources"].search("Wire")] == ["wire"]
    assert [row["id"] for row in db["events"].search("Geneva")] == ["round-1"]


@pytest.mark.slow
def test_sqlite_utils_search_finds_records_from_its_command_line(talks: Invoke, tmp_path: Path) -> None:
    target = _export(talks, tmp_path)
    command = shutil.which("sqlite-utils", path=str(Path(sys.executable).parent)) or "sqlite-utils"
    result = subprocess.run(
        [command, "search", str(target), "records", "truce", "-c", "id"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert {row["id"] for row in json.loads(result.stdout)} == {"north-wants-truce", "south-refuses-truce"}


def test_datasette_shows_a_search_box_and_answers_search(talks: Invoke, tmp_path: Path) -> None:
    target = _export(talks, tmp_path)
    page, found, events = _get(
        target,
        None,  # Datasette's own detection, with no metadata to point it at the index
        "/talks/records",
        "/talks/records.json?_search=refuses&_shape=array",
        "/talks/events.json?_search=geneva&_shape=array",
    )
    assert page.status_code == 200 and 'id="_search"' in page.text
    assert [row["id"] for row in found.json()] == ["south-refuses-truce"]
    assert [row["id"] for row in events.json()] == ["round-1"]


# --- the metadata --------------------------------------------------------------------------------


def test_export_writes_datasette_metadata_beside_the_database(talks: Invoke, tmp_path: Path) -> None:
    target = _export(talks, tmp_path)
    metadata = tmp_path / "talks.metadata.json"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.yaml", "talks.db", "talks.metadata.json"]
    described = json.loads(metadata.read_text(encoding="utf-8"))
    assert described["title"] == "A minimal dataset" and described["as_of"] == "2026-03-01"
    assert "MIT" in described["license"] and "cite" in described["license"]
    assert "A minimal dataset" in described["source"] and "Two rounds in Geneva" in described["source"]
    database = described["databases"]["talks"]  # named as Datasette names the file
    with sqlite3.connect(target) as db:
        names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for name in names:
            if "_fts_" in name:  # FTS5's own tables, which Datasette hides
                continue
            table = database["tables"][name]
            assert table["description"], name
            if name.endswith("_fts"):
                continue
            columns = [row[1] for row in db.execute(f"PRAGMA table_info({name})")]
            if name != "meta":
                assert set(table["columns"]) == set(columns), name
                assert all(table["columns"].values()), name
    records = database["tables"]["records"]
    assert records["facets"] == ["side", "topic", "status", "event", "kind"]
    assert records["columns"]["summary"] == "What the source says, in English."
    assert records["sort_desc"] == "when"  # the date talks gives, never blank
    assert database["tables"]["events"]["label_column"] == "name"
    assert database["tables"]["topics"]["label_column"] == "label"
    assert database["tables"]["sources"]["facets"] == ["kind", "page"]
    assert "linking records to people" in database["tables"]["record_people"]["description"]


def test_datasette_serves_the_descriptions_facets_and_metadata(talks: Invoke, tmp_path: Path) -> None:
    target = _export(talks, tmp_path)
    page, table, metadata = _get(
        target,
        tmp_path / "talks.metadata.json",
        "/talks/records",
        "/talks/records.json?_extra=facet_results",
        "/-/metadata.json",
    )
    assert page.status_code == 200
    assert "One claim from one source each." in page.text  # the table's description
    assert 'data-column-description="What the source says, in English."' in page.text
    assert "Data license" in page.text and "MIT" in page.text
    facets = table.json()["facet_results"]
    assert {"side", "topic", "status", "event", "kind"} <= set(facets)
    sides = {value["value"]: value["count"] for value in facets["side"]["results"]}
    assert sides == {"north": 1, "south": 1}
    served = metadata.json()
    assert served["as_of"] == "2026-03-01"
    assert "positions_on_a_topic" in served["databases"]["talks"]["queries"]


def test_the_canned_queries_answer(talks: Invoke, tmp_path: Path) -> None:
    target = _export(talks, tmp_path)
    positions, by_name, clashes, outcomes, figures, one_figure = (
        response.json()
        for response in _get(
            target,
            tmp_path / "talks.metadata.json",
            "/talks/positions_on_a_topic.json?side=north&topic=ceasefire&_shape=array",
            "/talks/positions_on_a_topic.json?side=Nord&topic=Cessez-le-feu&_shape=array",
            "/talks/clashes.json?topic=&_shape=array",
            "/talks/outcome_progress.json?_shape=array",
            "/talks/figures_over_time.json?what=&_shape=array",
            "/talks/figures_over_time.json?what=nothing+counted&_shape=array",
        )
    )
    assert [(row["id"], row["when"]) for row in positions] == [("north-wants-truce", "2025-01-01")]
    assert [row["id"] for row in by_name] == ["north-wants-truce"]  # an alias of each
    (clash,) = clashes
    assert (
        clash["question"],
        clash["side_a"],
        clash["position_a"],
        clash["side_b"],
        clash["position_b"],
    ) == (
        "truce-first",
        "north",
        "for",
        "south",
        "against",
    )
    (outcome,) = outcomes
    assert outcome["id"] == "exchange-agreed" and outcome["progress"] == "partly implemented"
    assert outcome["delivered"] == "prisoners exchanged: 40 of 100"
    assert (outcome["implementations"], outcome["last_implemented"]) == (1, "2025-02-01")
    assert [(row["when"], row["record"], row["value"]) for row in figures] == [
        ("2025-01-01", "exchange-agreed", 100),
        ("2025-02-01", "exchange-first-stage", 40),
    ]
    assert one_figure == []


def test_the_canned_query_finds_a_side_by_its_name(talks: Invoke, tmp_path: Path) -> None:
    target = _export(talks, tmp_path)
    (found,) = _get(
        target,
        tmp_path / "talks.metadata.json",
        "/talks/positions_on_a_topic.json?side=South&topic=Ceasefire&_shape=array",
    )
    assert [row["id"] for row in found.json()] == ["south-refuses-truce"]


def test_the_outcomes_table_holds_what_talks_outcomes_derives(talks: Invoke, tmp_path: Path) -> None:
    target = _export(talks, tmp_path)
    listed = json.loads(talks("--data", str(tmp_path / "data.yaml"), "outcomes", "--json").stdout)
    with sqlite3.connect(target) as db:
        exported = dict(db.execute("SELECT id, progress FROM outcomes"))
    assert exported == {o["id"]: o["progress"] for o in listed}


@pytest.mark.data
def test_the_bundled_export_agrees_with_the_commands(talks: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "talks.db"
    assert talks("export", str(target)).exit_code == 0
    outcomes = json.loads(talks("outcomes", "--json").stdout)
    records = json.loads(talks("records", "--json").stdout)
    with sqlite3.connect(target) as db:
        assert dict(db.execute("SELECT id, progress FROM outcomes")) == {
            o["id"]: o["progress"] for o in outcomes
        }
        assert dict(db.execute('SELECT id, "when" FROM records_cited')) == {
            r["id"]: r["when"] for r in records
        }
    clashes, figures = _get(
        target,
        tmp_path / "talks.metadata.json",
        "/talks/clashes.json?topic=&_shape=array",
        "/talks/figures_over_time.json?what=&_shape=array&_size=max",
    )
    assert clashes.json() and all(
        {row["position_a"], row["position_b"]} == {"for", "against"} and row["side_a"] != row["side_b"]
        for row in clashes.json()
    )
    assert figures.json()


# --- where the files go --------------------------------------------------------------------------


def test_a_sqlite_suffix_and_a_chosen_metadata_file(talks: Invoke, tmp_path: Path) -> None:
    chosen = tmp_path / "meta" / "site.json"
    chosen.parent.mkdir()
    target = _export(talks, tmp_path, "talks.sqlite", "--metadata", str(chosen))
    assert sqlite3.connect(target).execute("SELECT count(*) FROM records").fetchone()[0] == 4
    assert not (tmp_path / "talks.metadata.json").exists()
    assert "talks" in json.loads(chosen.read_text(encoding="utf-8"))["databases"]


def test_an_existing_metadata_file_refuses_the_export_before_anything_is_written(
    talks: Invoke, tmp_path: Path
) -> None:
    data = write_dataset(tmp_path, FIXTURE)
    (tmp_path / "talks.metadata.json").write_text("mine")
    result = talks("--data", str(data), "export", str(tmp_path / "talks.db"))
    assert result.exit_code == ExitCode.USAGE and "--force" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.yaml", "talks.metadata.json"]
    assert talks("--data", str(data), "export", str(tmp_path / "talks.db"), "--force").exit_code == 0
    assert json.loads((tmp_path / "talks.metadata.json").read_text(encoding="utf-8"))["databases"]


def test_metadata_goes_only_with_sqlite(talks: Invoke, tmp_path: Path) -> None:
    data = write_dataset(tmp_path, FIXTURE)
    result = talks("--data", str(data), "export", str(tmp_path / "t.csv"), "--metadata", str(tmp_path / "m"))
    assert result.exit_code == ExitCode.USAGE and "SQLite" in result.stderr
    same = talks("--data", str(data), "export", str(tmp_path / "t.db"), "--metadata", str(tmp_path / "t.db"))
    assert same.exit_code == ExitCode.USAGE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.yaml"]


def test_every_link_is_labelled_by_a_column_never_empty(talks: Invoke, tmp_path: Path) -> None:
    target = _export(talks, tmp_path)
    records, sources = _get(target, tmp_path / "talks.metadata.json", "/talks/records", "/talks/sources")
    assert records.status_code == 200 and sources.status_code == 200
    # The untitled source is named by its publisher and date in the links to it.
    assert '<a href="/talks/sources/wire">Wire, 2025-01-03</a>' in records.text
    assert ">None</a>" not in records.text and ">None</a>" not in sources.text
    metadata = json.loads((tmp_path / "talks.metadata.json").read_text(encoding="utf-8"))
    described = metadata["databases"]["talks"]["tables"]
    with sqlite3.connect(target) as connection:
        for name, table in described.items():
            if "label_column" in table:
                column = table["label_column"]
                empty = f"SELECT count(*) FROM {name} WHERE {column} IS NULL OR {column} = ''"
                assert connection.execute(empty).fetchone() == (0,), name
    assert described["sources"]["label_column"] == "label"
    assert described["records_cited"]["sort_desc"] == "when"
