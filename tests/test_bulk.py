"""Bulk use by scripts: many ids in one call, chosen fields in every format, and the whole
dataset exported as JSON, JSON Lines, CSV and SQLite."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import msgspec
import pytest
from helpers import BUNDLED, MINIMAL, Invoke, strip_colour, table_header, write_dataset

from talks_cli.dataset.load import load
from talks_cli.dataset.model import Dataset
from talks_cli.errors import ExitCode

# --- show with many ids -----------------------------------------------------------------------


def test_show_takes_many_ids_and_keeps_their_order(talks: Invoke) -> None:
    ids = ["r2-children-339", "r1-continue-talks", "r2-children-339"]
    shown = json.loads(talks("show", *ids, "--json").stdout)
    assert [r["id"] for r in shown] == ids
    single = json.loads(talks("show", ids[1], "--json").stdout)
    assert single == shown[1]  # one id: one object, as before


def test_show_reads_ids_from_stdin(talks: Invoke) -> None:
    every = [r["id"] for r in json.loads(talks("records", "--json").stdout)]
    result = talks("show", "-", "--jsonl", stdin="\n".join(every) + "\n\n")
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == every
    one = json.loads(talks("show", "-", "--json", stdin="r1-continue-talks\n").stdout)
    assert isinstance(one, list) and one[0]["id"] == "r1-continue-talks"  # `-`: always an array


def test_an_unknown_id_among_many_is_named_and_nothing_is_printed(talks: Invoke) -> None:
    result = talks("show", "r1-continue-talks", "r1-nope", "--json")
    assert result.exit_code == ExitCode.USAGE and result.stdout == ""
    assert "unknown id 'r1-nope'" in result.stderr


def test_many_ids_as_csv_and_plain_carry_the_id_on_every_row(talks: Invoke) -> None:
    rows = list(
        csv.reader(io.StringIO(talks("show", "r1-continue-talks", "r2-children-339", "--csv").stdout))
    )
    assert rows[0] == ["id", "field", "value"]
    assert {row[0] for row in rows[1:]} == {"r1-continue-talks", "r2-children-339"}
    lines = talks("show", "r1-continue-talks", "r2-children-339", "--plain").stdout.splitlines()
    assert all(line.split("\t")[0] in ("r1-continue-talks", "r2-children-339") for line in lines)


# --- --fields ---------------------------------------------------------------------------------

FIELDS = ["id", "url", "summary"]


@pytest.mark.parametrize("fmt", ["--json", "--jsonl", "--csv", "--plain", "--markdown"])
def test_fields_choose_and_order_the_columns_of_every_format(talks: Invoke, fmt: str) -> None:
    out = talks("records", "--topic", "prisoners", "--fields", ",".join(FIELDS), fmt).stdout
    if fmt == "--json":
        assert all(list(r) == FIELDS for r in json.loads(out))
    elif fmt == "--jsonl":
        assert all(list(json.loads(line)) == FIELDS for line in out.splitlines())
    elif fmt == "--csv":
        assert next(csv.reader(io.StringIO(out))) == FIELDS
    elif fmt == "--plain":
        assert out.splitlines()[0].split("\t") == FIELDS
    else:
        assert "| id | url | summary |" in out


def test_fields_on_a_terminal_and_json_keys_that_are_not_columns(talks: Invoke) -> None:
    screen = strip_colour(talks("outcomes", "--fields", "id,progress", terminal=True, width=120).stdout)
    header = table_header(screen)
    assert header is not None and header.split() == ["id", "progress"]
    implemented = json.loads(talks("outcomes", "--fields", "id,implemented_by", "--json").stdout)
    assert all(
        set(o) == {"id", "implemented_by"} and isinstance(o["implemented_by"], list) for o in implemented
    )
    plain = talks("outcomes", "--fields", "id,implemented_by", "--plain").stdout.splitlines()
    assert "r1-exchange-2025-05-23 | r1-exchange-2025-05-24" in "\n".join(plain)


def test_an_unknown_field_is_a_usage_error_listing_the_valid_ones(talks: Invoke) -> None:
    result = talks("records", "--fields", "id,sumary", "--json")
    assert result.exit_code == ExitCode.USAGE and result.stdout == ""
    assert "unknown field 'sumary'" in result.stderr and "summary" in result.stderr
    assert talks("records", "--fields", "id,,summary").exit_code == ExitCode.USAGE


def test_records_csv_carries_the_source_url(talks: Invoke) -> None:
    rows = list(csv.DictReader(io.StringIO(talks("records", "--csv").stdout)))
    sources = {s["id"]: s["url"] for s in json.loads(talks("sources", "--json").stdout)}
    assert all(row["url"] == (sources[row["source"]] or "") for row in rows)
    assert any(row["url"].startswith("https://") for row in rows)


# --- export -----------------------------------------------------------------------------------


def test_export_json_is_the_dataset_itself(talks: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "talks.json"
    result = talks("export", str(target))
    assert result.exit_code == 0 and f"wrote {len(load(BUNDLED).records)} records" in result.stderr
    assert msgspec.json.decode(target.read_bytes(), type=Dataset) == load(BUNDLED)


def test_export_jsonl_has_one_typed_object_a_line(talks: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "talks.jsonl"
    talks("export", str(target))
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    dataset = load(BUNDLED)
    assert lines[0]["type"] == "dataset"
    assert sum(line["type"] == "record" for line in lines) == len(dataset.records)
    assert sum(line["type"] == "person" for line in lines) == len(dataset.people)


def test_export_csv_flattens_records_with_url_event_date_and_neutral_cells(
    talks: Invoke, tmp_path: Path
) -> None:
    path = write_dataset(tmp_path, MINIMAL.replace("North wants a truce.", "'=1+1'"))
    target = tmp_path / "out.csv"
    assert talks("--data", str(path), "export", str(target)).exit_code == 0
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert rows[0]["summary"] == "'=1+1" and rows[0]["url"] == "https://example.org/a"
    assert rows[0]["event_date"] == "2025-01-01"


def test_export_sqlite_answers_joins_and_full_text_queries(talks: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "talks.db"
    assert talks("export", str(target)).exit_code == 0
    dataset = load(BUNDLED)
    with sqlite3.connect(target) as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("SELECT count(*) FROM records").fetchone()[0] == len(dataset.records)
        joined = db.execute(
            "SELECT r.id, s.url, e.date FROM records r JOIN sources s ON s.id = r.source "
            "JOIN events e ON e.id = r.event WHERE r.id = 'r3-exchange-1200'"
        ).fetchone()
        record = next(r for r in dataset.records if r.id == "r3-exchange-1200")
        source = next(s for s in dataset.sources if s.id == record.source)
        assert joined == ("r3-exchange-1200", source.url, "2025-07-23")
        view = db.execute("SELECT source_url FROM records_cited WHERE id = 'r3-exchange-1200'").fetchone()
        assert view == (source.url,)
        found = {
            row[0]
            for row in db.execute(
                "SELECT r.id FROM records r JOIN records_fts f ON f.rowid = r.rowid "
                "WHERE records_fts MATCH 'prisoner'"
            )
        }
        assert "r1-prisoner-exchange-agreed" in found
        implemented = db.execute(
            "SELECT count(*) FROM records i JOIN records o ON o.id = i.implements WHERE o.kind = 'outcome'"
        ).fetchone()[0]
        assert implemented == sum(1 for r in dataset.records if r.implements)


def test_export_refuses_to_overwrite_and_unknown_suffixes(talks: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "talks.db"
    target.write_text("mine")
    refused = talks("export", str(target))
    assert refused.exit_code == ExitCode.USAGE and "--force" in refused.stderr
    assert target.read_text() == "mine"
    assert talks("export", str(target), "--force").exit_code == 0
    assert sqlite3.connect(target).execute("SELECT count(*) FROM records").fetchone()[0] > 0
    unknown = talks("export", str(tmp_path / "talks.xlsx"))
    assert unknown.exit_code == ExitCode.USAGE and ".db" in unknown.stderr
    # No temporary file left; Datasette's metadata beside the database.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["talks.db", "talks.metadata.json"]
