"""`talks cite`: citations to paste of the source behind a record, document, event or source, in
every style; the `cite` column of record listings; and Markdown that keeps addresses whole."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from helpers import MINIMAL, Invoke, write_dataset

from talks_cli.errors import ExitCode

WIRE_URL = "https://example.org/news/truce_talks_end"
# MINIMAL with an as_of, a source whose every field is known (an address with underscores), one
# whose title and date are not, one stored as text with the dataset, a document and an event
# with sources of their own.
CITED = (
    MINIMAL.replace("title: A minimal dataset\n", "title: A minimal dataset\nas_of: '2026-03-01'\n")
    .replace(
        '  - {id: src, title: A page, kind: web-page, language: en, url: "https://example.org/a"}\n',
        '  - {id: src, kind: web-page, language: en, publisher: "Example News", url: "https://example.org/a"}\n'
        "  - {id: wire, title: 'Truce talks end: 100% of 50 & more_on #2', kind: web-page, language: en,\n"
        f'     publisher: "Wire & Co", published: "2025-01-03", url: "{WIRE_URL}", page: outlet}}\n'
        "  - {id: stored, title: Les pourparlers, kind: article, language: fr, file: stored.txt,\n"
        "     page: outlet}\n"
        "  - {id: copy, title: A copy, kind: web-page, language: en, publisher: Mirror Site,\n"
        '     url: "https://mirror.example/a_(b)|c", page: mirror, mirror_of: Wire}\n',
    )
    .replace(
        "  - {id: round-1, name: First round, kind: round, status: held, "
"date: \"2025-01-01\", place: Geneva}\n",
        '  - {id: round-1, name: First round, kind: round, status: held, '
'date: "2025-01-01", place: Geneva}\n'
        '  - {id: round-2, name: Second round, kind: round, status: held, '
'date: "2025-02-01", sources: [wire, copy]}\n'
        "documents:\n"
        "  - {id: north-plan, title: North's plan, kind: plan, authors: [north], event: round-1,\n"
        "     source: stored}\n",
    )
    .replace("    summary: South refuses a truce.\n    quote: null\n    source: src\n",
             "    summary: South refuses a truce.\n    quote: null\n    source: wire\n")
)  # fmt: skip


@pytest.fixture
def data(tmp_path: Path) -> Path:
    (tmp_path / "stored.txt").write_text("Les pourparlers ont pris fin.", encoding="utf-8")
    return write_dataset(tmp_path, CITED)


def _cite(talks: Invoke, data: Path, *args: str) -> str:
    result = talks("--data", str(data), "cite", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


# --- the styles ----------------------------------------------------------------------------------


def test_each_style_gives_publisher_title_date_address_and_the_day_accessed(
    talks: Invoke, data: Path
) -> None:
    assert _cite(talks, data, "wire", "--style", "apa") == (
        "Wire & Co. (2025, January 3). Truce talks end: 100% of 50 & more_on #2. "
        f"Retrieved March 1, 2026, from {WIRE_URL}\n"
    )
    assert _cite(talks, data, "wire", "--style", "chicago") == (
        "Wire & Co. “Truce talks end: 100% of 50 & more_on #2.” January 3, 2025. "
        f"Accessed March 1, 2026. {WIRE_URL}.\n"
    )
    assert _cite(talks, data, "wire", "--style", "mla") == (
        f"“Truce talks end: 100% of 50 & more_on #2.” Wire & Co, 3 Jan. 2025, {WIRE_URL}. "
        "Accessed 1 Mar. 2026.\n"
    )
    assert _cite(talks, data, "wire") == _cite(talks, data, "wire", "--style", "apa")  # the default


@pytest.mark.parametrize("style", ["apa", "chicago", "mla", "bibtex", "csl-json"])
def test_a_title_or_date_not_known_is_said_never_made_up(talks: Invoke, data: Path, style: str) -> None:
    text = _cite(talks, data, "src", "--style", style)
    assert "[title not known]" in text and "Example News" in text and "https://example.org/a" in text
    if style in ("apa", "chicago", "mla", "bibtex"):
        assert "n.d." in text
    else:
        assert "issued" not in json.loads(text)[0]  # a CSL processor writes "n.d." itself


def test_a_stored_article_says_what_is_known_of_it(talks: Invoke, data: Path) -> None:
    text = _cite(talks, data, "stored", "--style", "apa")
    assert text == (
        "[publisher not known]. (n.d.). Les pourparlers "
        "[News article, in French, text stored with the dataset as stored.txt]. Retrieved March 1, 2026.\n"
    )
    mirror = _cite(talks, data, "copy", "--style", "chicago")
    assert "Copy of Wire's article." in mirror


def test_bibtex_escapes_what_tex_reads_and_keys_entries_by_source_id(talks: Invoke, data: Path) -> None:
    text = _cite(talks, data, "wire", "src", "--style", "bibtex")
    entries = text.strip().split("\n\n")
    assert [re.findall(r"\A@misc\{([^,]+),\n", entry) for entry in entries] == [["wire"], ["src"]]
    wire = entries[0]
    assert r"title = {{Truce talks end: 100\% of 50 \& more\_on \#2}}" in wire
    assert r"howpublished = {Wire \& Co}" in wire
    assert f"url = {{{WIRE_URL}}}" in wire  # read verbatim: not escaped
    assert "urldate = {2026-03-01}" in wire and "date = {2025-01-03}" in wire
    for entry in entries:  # braces balance, outside escapes
        unescaped = re.sub(r"\\[{}]", "", entry)
        assert unescaped.count("{") == unescaped.count("}")


def test_csl_json_is_an_array_of_csl_items(talks: Invoke, data: Path) -> None:
    items = json.loads(_cite(talks, data, "wire", "stored", "src", "--style", "csl-json"))
    assert [item["id"] for item in items] == ["wire", "stored", "src"]
    wire = items[0]
    assert wire == {
        "id": "wire",
        "type": "article-newspaper",
        "title": "Truce talks end: 100% of 50 & more_on #2",
        "language": "en",
        "container-title": "Wire & Co",
        "publisher": "Wire & Co",
        "issued": {"date-parts": [[2025, 1, 3]]},
        "URL": WIRE_URL,
        "accessed": {"date-parts": [[2026, 3, 1]]},
    }
    assert items[2]["type"] == "webpage"  # a page that is not a news outlet's
    for item in items:  # the types CSL's schema allows its fields
        assert isinstance(item["id"], str) and isinstance(item["title"], str)
        for key in ("issued", "accessed"):
            if key in item:
                assert all(isinstance(n, int) for parts in item[key]["date-parts"] for n in parts)


# --- what an id cites ----------------------------------------------------------------------------


def test_records_documents_events_and_sources_cite_their_sources_once_each(talks: Invoke, data: Path) -> None:
    def ids(*args: str) -> list[str]:
        return [item["id"] for item in json.loads(_cite(talks, data, *args, "--style", "csl-json"))]

    assert ids("north-wants-truce") == ["src"]
    assert ids("north-plan") == ["stored"]
    assert ids("round-2") == ["wire", "copy"]
    assert ids("south-refuses-truce", "round-2", "WIRE", "src") == ["wire", "copy", "src"]


def test_an_unknown_id_is_a_usage_error_naming_the_closest(talks: Invoke, data: Path) -> None:
    result = talks("--data", str(data), "cite", "north-wants-truse", "wire")
    assert result.exit_code == ExitCode.USAGE and result.stdout == ""
    assert "unknown id 'north-wants-truse'" in result.stderr and "north-wants-truce" in result.stderr
    no_sources = talks("--data", str(data), "cite", "round-1")
    assert no_sources.exit_code == ExitCode.USAGE and "round-1" in no_sources.stderr
    style = talks("--data", str(data), "cite", "wire", "--style", "harvard")
    assert style.exit_code == ExitCode.USAGE and "apa" in style.stderr


# --- the cite column, and Markdown that keeps addresses whole --------------------------------------


def test_record_listings_carry_the_citation(talks: Invoke, data: Path) -> None:
    out = talks("--data", str(data), "records", "--fields", "id,summary,cite", "--csv").stdout
    rows = {row["id"]: row["cite"] for row in csv.DictReader(io.StringIO(out))}
    assert rows["south-refuses-truce"] == _cite(talks, data, "wire").strip()
    terminal = talks("--data", str(data), "records", terminal=True, width=200).stdout
    assert "Retrieved" not in terminal  # not a terminal column


def test_markdown_writes_urls_whole(talks: Invoke, data: Path) -> None:
    out = talks("--data", str(data), "records", "--fields", "id,url,cite", "--markdown").stdout
    row = next(line for line in out.splitlines() if line.startswith("| south-refuses-truce"))
    assert f"| <{WIRE_URL}> |" in row  # the url column: no backslash before its underscores
    assert f"from <{WIRE_URL}> |" in row  # inside the citation too
    assert r"more\_on \#2" in row  # the rest of the text is still escaped
    sources = talks("--data", str(data), "sources", "--markdown").stdout
    # A `|` would split the table's cell: percent-encoded, which leaves the address the same.
    assert "<https://mirror.example/a_(b)%7Cc>" in sources
    shown = talks("--data", str(data), "show", "south-refuses-truce", "--markdown").stdout
    assert f"- **url**: <{WIRE_URL}>" in shown


def test_a_url_in_prose_ends_before_the_sentence_does(talks: Invoke, tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "summary: North wants a truce.",
        f"summary: 'North wants a truce (see {WIRE_URL}).'",
    )
    data = write_dataset(tmp_path, text)
    out = talks("--data", str(data), "records", "--fields", "id,summary", "--markdown").stdout
    assert f"(see <{WIRE_URL}>)." in out


@pytest.mark.data
def test_the_bundled_stored_article_is_cited_as_what_it_is(talks: Invoke) -> None:
    result = talks("cite", "r1-prisoner-exchange-agreed", "--style", "mla")
    assert result.exit_code == 0
    assert result.stdout.startswith("“Les attentes étaient élevées lors de la réunion d’Istanbul…” ")
    assert "[publisher not known], n.d." in result.stdout and "in French" in result.stdout
    assert "000_a40a122afaa65fb4.txt" in result.stdout
