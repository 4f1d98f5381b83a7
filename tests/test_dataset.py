"""The bundled dataset: every quote is really in its source, and every source is used."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from helpers import ARTICLE, BUNDLED, FACTS

from talks_cli.dataset.load import load
from talks_cli.dataset.model import SCHEMA_VERSION
from talks_cli.dataset.reference_rules import quote_problems

# Facts of the bundled dataset: run apart with `pytest -m data`, so a data edit never reads as a
# code regression (`pytest -m 'not data'` runs the behaviour tests alone).
pytestmark = pytest.mark.data

DATASET = load(BUNDLED)
RECORDS = DATASET.records
SOURCES = {s.id: s for s in DATASET.sources}


def test_every_quote_appears_verbatim_in_its_source_text() -> None:
    # Read straight from the files, not through the loader's own check.
    quoted = [r for r in RECORDS if r.quote is not None]
    assert len(quoted) >= 20
    for record in quoted:
        source = SOURCES[record.source]
        assert source.file, f"{record.id}: quoted source has no stored text"
        text = (BUNDLED.parent / source.file).read_text(encoding="utf-8")
        assert record.quote is not None and record.quote in text, (
            f"{record.id}: quote not found in {source.file}"
        )


def test_the_loader_quote_check_agrees() -> None:
    assert quote_problems(DATASET, BUNDLED.parent) == []


def _article_sentences() -> list[str]:
    text = ARTICLE.read_text(encoding="utf-8")
    return [s for s in re.split(r"(?<=[.:])\s+(?=[A-ZÀ-Ý])", text) if s.strip()]


def test_every_sentence_of_the_article_is_covered_by_quotes() -> None:
    """Each sentence's letters are mostly inside some record's quote: nothing is left out."""
    quotes = [r.quote for r in RECORDS if r.quote and r.source == "article-istanbul-1"]
    sentences = _article_sentences()
    assert len(sentences) == 14
    for number, sentence in enumerate(sentences, 1):
        covered = [False] * len(sentence)
        for quote in quotes:
            start = sentence.find(quote)
            while start != -1:
                covered[start : start + len(quote)] = [True] * len(quote)
                start = sentence.find(quote, start + 1)
        letters = [c for c, ch in zip(covered, sentence, strict=True) if ch.isalpha()]
        share = sum(letters) / len(letters)
        assert share >= 0.75, f"sentence {number} is only {share:.0%} covered: {sentence}"


def test_article_records_cite_the_sentence_they_quote() -> None:
    sentences = _article_sentences()
    for record in RECORDS:
        if record.source == "article-istanbul-1":
            number = int(record.locator.removeprefix("sentence "))
            assert record.quote is not None and record.quote in sentences[number - 1], record.id


def test_every_page_in_the_fact_list_is_a_source_with_records() -> None:
    urls = set(re.findall(r"https?://[^\s);]+", FACTS.read_text(encoding="utf-8")))
    by_url = {s.url: s.id for s in DATASET.sources if s.url}
    assert urls <= set(by_url), f"pages missing from sources: {sorted(urls - set(by_url))}"
    cited = {r.source for r in RECORDS} | {d.source for e in DATASET.events for d in e.delegations}
    for url in urls:
        assert by_url[url] in cited, f"no record cites {url}"


def test_records_without_stored_text_have_no_quote() -> None:
    for record in RECORDS:
        if SOURCES[record.source].file is None:
            assert record.quote is None, f"{record.id} quotes a page whose text is not stored"


def test_numbers_are_numbers() -> None:
    exchange = next(r for r in RECORDS if r.id == "r1-prisoner-exchange-agreed")
    assert [(f.what, f.value) for f in exchange.figures] == [("prisoners each side", 1000)]
    assert isinstance(exchange.figures[0].value, int)


def test_article_record_ids_are_stable() -> None:
    """Scripts and links use these ids: renaming one is a breaking change."""
    article_ids = {r.id for r in RECORDS if r.source == "article-istanbul-1"}
    assert {
        "r1-expectations-unmet",
        "r1-russia-no-ceasefire-needed",
        "r1-prisoner-exchange-agreed",
        "r1-russia-rejects-30-day-ceasefire",
        "r1-ukraine-ceasefire-30-days",
        "r1-ukraine-troop-withdrawal",
        "r1-russia-no-preconditions",
        "r1-russia-root-causes",
    } <= article_ids


def test_the_yaml_file_has_no_anchors_and_parses_with_the_safe_loader() -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    assert yaml.load(text, Loader=yaml.CSafeLoader)["schema_version"] == SCHEMA_VERSION


def test_sources_ship_beside_the_dataset() -> None:
    for source in DATASET.sources:
        if source.file:
            assert (BUNDLED.parent / source.file).is_file()
    assert Path(BUNDLED.parent / "sources" / ARTICLE.name).read_bytes() == ARTICLE.read_bytes()
