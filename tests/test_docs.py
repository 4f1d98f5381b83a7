"""The README is the front door and docs/ the rest: their outputs, tables, references and
pictures are generated from the program (scripts/make_docs.py), so none can go stale."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from helpers import REPO, Invoke, commands


@pytest.mark.slow
def test_readme_docs_and_pictures_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "make_docs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr


def test_readme_documents_every_command_and_exit_code() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    reference = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    for name, _ in commands():
        assert f"`talks {name}" in readme, f"talks {name} is missing from the README"
        assert f"## talks {name}\n" in reference, f"talks {name} is missing from docs/cli.md"
    from talks_cli.errors import ExitCode

    for code in ExitCode:
        assert f"| {int(code)} |" in readme


def test_readme_has_exactly_the_two_setup_commands_first() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = readme.split("```sh\n")[1:3]
    install = "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/talks positions russia\n"
    tests = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest\n"
    assert blocks[0].startswith(install) and blocks[1].startswith(tests)
    # CI runs exactly these two: it reads them from the README with this awk program.
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    program = re.search(r"awk '([^']+)' README\.md", ci)
    assert program is not None
    found = subprocess.run(
        ["awk", program[1]], input=readme, capture_output=True, text=True, check=True
    ).stdout
    assert found == install + tests


def test_every_json_key_is_described() -> None:
    reference = (REPO / "docs" / "json.md").read_text(encoding="utf-8")
    assert "## talks records" in reference and "(not described)" not in reference


def test_the_readme_is_a_front_door() -> None:
    assert len((REPO / "README.md").read_bytes()) <= 22_000


def test_talks_schema_describes_every_property(talks: Invoke) -> None:
    """The model gives every field its meaning; `talks schema` (and format.md, json.md and the
    Datasette metadata, which read the same) shows it for each property of each object."""
    schema = json.loads(talks("schema").stdout)
    properties = [
        (name, key, value)
        for name, definition in schema["$defs"].items()
        for key, value in definition.get("properties", {}).items()
    ]
    assert len(properties) > 100
    assert [f"{name}.{key}" for name, key, value in properties if not value.get("description")] == []
    format_reference = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    assert not re.search(r"\| \|\n", format_reference)  # no row ends with an empty meaning
