"""Search: records, and what they belong to, that hold every word a person typed.

Matching ignores case, accents and thousands separators (`text.fold`); each record's own
folded text comes from the search index, kept in the cache (`index`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import msgspec

from talks_cli.dataset.fields import singular
from talks_cli.dataset.index import SEARCHED
from talks_cli.dataset.model import Record
from talks_cli.errors import UsageError
from talks_cli.query.catalog import Catalog
from talks_cli.query.filters import Filters
from talks_cli.text import fold, shorten, suggest

MAX_WORDS = 32  # different words in one search: each costs a pass over every name
MAX_SUGGESTED = 8  # unknown words a 'did you mean' corrects at most: each costs a pass over every word
MAX_SUGGESTED_LENGTH = 40  # longer words are nobody's slip of the finger: not corrected
MAX_HINT = 80  # characters of a 'did you mean' at most


def _words(words: Iterable[str]) -> list[str]:
    """The folded words of a query, each once, in the order typed."""
    folded = list(dict.fromkeys(w for word in words for w in fold(word).split()))
    if len(folded) > MAX_WORDS:
        raise UsageError(f"search takes at most {MAX_WORDS} different words, not {len(folded):,}")
    return folded


class Hit(msgspec.Struct, frozen=True):
    """A record a search found, and where its words were found outside the record's own text."""

    record: Record
    matched_in: list[str]  # topic, side, people, event, document or source; [] for its own words


def find(catalog: Catalog, words: Iterable[str], filters: Filters) -> list[Hit]:
    """Records that hold every word, in any case, accent or language, best first.

    A word may be found in the record's own text, or in what it belongs to: its side, topic,
    people, event, document and source, each by its own fields (index.SEARCHED). Records that
    hold every word in their own text come first; then, in both groups, those with more of the
    words in their summary or quote; ties keep the dataset's order.
    """
    folded = _words(words)
    if not folded:
        raise UsageError("search needs some text, for example: talks search cessez-le-feu")
    # Which topics, sides, people, events, documents and sources hold each word: looked up
    # once in those short tables, then tested by id for every record.
    holders = {word: _holders(catalog, word) for word in folded}
    # Words only a record's own text can hold are tested first: an unknown word ends the test
    # of each record at once, however many words follow it.
    folded.sort(key=lambda word: bool(holders[word]))
    own_text, spoken_text = catalog.search_index.own, catalog.search_index.spoken
    records = catalog.dataset.records
    # The first word, when only a record's own text can hold it, picks the candidates in one
    # tight pass (a selective search then looks no further at most records).
    first = folded[0]
    candidates = (
        range(len(records)) if holders[first] else [i for i, text in enumerate(own_text) if first in text]
    )
    hits = []
    for position in candidates:
        record, own = records[position], own_text[position]
        if not all(word in own or holders[word] for word in folded):
            continue
        if not catalog.passes(record, filters):
            continue
        outside = []
        for word in folded:
            if word in own:
                continue
            place = next(
                (kind for kind, ids in _belongs(record) if not ids.isdisjoint(holders[word].get(kind, ()))),
                None,
            )
            if place is None:
                break
            outside.append(place)
        else:
            in_words = sum(word in spoken_text[position] for word in folded)
            hits.append((bool(outside), -in_words, position, Hit(record, sorted(set(outside)))))
    return [hit for *_, hit in sorted(hits, key=lambda h: h[:3])]


def _holders(catalog: Catalog, word: str) -> dict[str, set[str]]:
    """What holds `word` among the things records belong to: kind to ids."""
    found: dict[str, set[str]] = defaultdict(set)
    for key, text in _folded_names(catalog).items():
        if word in text:
            kind, _, item = key.partition(":")
            found[kind].add(item)
    return found


def closest_query(catalog: Catalog, words: Iterable[str]) -> str | None:
    """`words` with each word the data does not hold replaced by the closest one it does,
    for 'did you mean …?'; None where there is nothing to correct. At most MAX_SUGGESTED
    words are corrected, and the answer is shortened to MAX_HINT characters."""
    folded = _words(words)
    vocabulary = _vocabulary(catalog)
    corrected = list(folded)
    unknown = 0
    for position, word in enumerate(folded):
        if word in vocabulary or any(word in known for known in vocabulary):
            continue
        unknown += 1
        if unknown > MAX_SUGGESTED:
            break
        if len(word) <= MAX_SUGGESTED_LENGTH:
            corrected[position] = suggest(word, vocabulary) or word
    return shorten(" ".join(corrected), MAX_HINT) if corrected != folded else None


def _vocabulary(catalog: Catalog) -> frozenset[str]:
    return catalog.memo("vocabulary", lambda: _build_vocabulary(catalog))


def _build_vocabulary(catalog: Catalog) -> frozenset[str]:
    """Every word of three letters or more that a search can find."""
    texts = [*catalog.search_index.own, *_folded_names(catalog).values()]
    return frozenset(w for text in texts for w in text.split() if len(w) >= 3)


def _folded_names(catalog: Catalog) -> dict[str, str]:
    return catalog.memo("folded names", lambda: _build_folded_names(catalog))


def _build_folded_names(catalog: Catalog) -> dict[str, str]:
    """Everything a record belongs to, by "kind:id", as folded words a search looks in: the
    same fields a search finds each of these things by."""
    kinds = {
        "actors": "side",
        "topics": "topic",
        "people": "people",
        "events": "event",
        "documents": "document",
        "sources": "source",
    }
    return {
        f"{kind}:{item_id}": " ".join(filter(None, fields.values()))
        for section, kind in kinds.items()
        for item_id, fields in _thing_texts(catalog)[section].items()
    }


def _belongs(record: Record) -> Iterable[tuple[str, frozenset[str]]]:
    """(kind, ids) of everything `record` belongs to, in the order a search names them."""
    yield "topic", frozenset([record.topic])
    if record.side:
        yield "side", frozenset([record.side])
    if record.people:
        yield "people", frozenset(record.people)
    if record.event:
        yield "event", frozenset([record.event])
    if record.document:
        yield "document", frozenset([record.document])
    yield "source", frozenset([record.source])


class Found(msgspec.Struct, frozen=True):
    """A thing other than a record that holds every word: an event, a document, a source, a
    person, an actor or a topic; and which of its fields hold them."""

    type: str  # event, document, source, person, actor or topic
    item: Any
    matched_in: list[str]


# The fields of each kind of thing a search looks in.
_THING_FIELDS = {section: names for section, names in SEARCHED.items() if section != "records"}


def find_things(catalog: Catalog, words: Iterable[str], filters: Filters) -> list[Found]:
    """Actors, people, topics, events, documents and sources that hold every word in their own
    names (a person's names in any language, an event's place or venue, a source's
    publisher), in that order; each with the fields that hold them. Filters about records (a
    topic, a side, a status…) leave them out; --event, --since and --until keep the events and
    documents they name."""
    folded = _words(words)
    if not folded or filters.about_records:
        return []
    found = []
    for section, texts in _thing_texts(catalog).items():
        for item_id, fields in texts.items():
            if not all(any(word in text for text in fields.values()) for word in folded):
                continue
            item = catalog.items[item_id][1]
            if not _in_scope(catalog, section, item, filters):
                continue
            matched = [name for name, text in fields.items() if any(word in text for word in folded)]
            found.append(Found(singular(section), item, matched))
    return found


def _in_scope(catalog: Catalog, section: str, item: Any, filters: Filters) -> bool:
    if section == "events":
        return (filters.events is None or item.id in filters.events) and filters.in_period(item.date)
    if section == "documents":
        in_event = filters.events is None or item.event in filters.events
        return in_event and filters.in_period(catalog.document_date(item))
    return filters.events is None and filters.since is None and filters.until is None


def _thing_texts(catalog: Catalog) -> dict[str, dict[str, dict[str, str]]]:
    """Section to item id to field to its folded text: built once per catalog."""

    def build() -> dict[str, dict[str, dict[str, str]]]:
        texts: dict[str, dict[str, dict[str, str]]] = {}
        for section, names in _THING_FIELDS.items():
            texts[section] = {
                item.id: {name: fold(_text(getattr(item, name))) for name in names}
                for item in getattr(catalog.dataset, section)
            }
        return texts

    return catalog.memo("thing texts", build)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(value) if isinstance(value, list) else str(value)
