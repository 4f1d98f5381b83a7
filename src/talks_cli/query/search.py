"""Search: records, and what they belong to, that hold every word a person typed, best first.

Matching ignores case, accents and thousands separators (`text.fold`); each record's own
folded text comes from the search index, kept in the cache (`index`). How a hit ranks is
decided here, in `POINTS` (docs/search.md says it in words).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import msgspec

from talks_cli.dataset.fields import singular
from talks_cli.dataset.index import SEARCHED, SearchIndex
from talks_cli.dataset.model import Record
from talks_cli.errors import UsageError
from talks_cli.query.catalog import Catalog
from talks_cli.query.filters import Filters
from talks_cli.text import fold, shorten, suggest

MAX_WORDS = 32  # different words in one search: each costs a pass over every name
MAX_SUGGESTED = 8  # unknown words a 'did you mean' corrects at most: each costs a pass over every word
MAX_SUGGESTED_LENGTH = 40  # longer words are nobody's slip of the finger: not corrected
MAX_HINT = 80  # characters of a 'did you mean' at most

# What a word is worth where it is found: in the record's own words first, then in what the
# record belongs to, last in a topic's aliases (which name a whole topic, not what a record
# says). A whole word is worth one more than a part of one ("truce", not "truces").
POINTS = {
    "id": 4,
    "summary": 4,
    "quote": 4,
    "note": 3,
    "side": 2,
    "people": 2,
    "event": 2,
    "document": 2,
    "source": 2,
    "dispute": 2,
    "question": 2,
    "topic": 2,
    "topic alias": 1,
}
OWN = ("summary", "quote", "id", "note")  # the record's own fields, in the order one is named


class Word(msgspec.Struct, frozen=True):
    """A word typed, folded, and every form it is found by: itself, and the other names a term
    of the dataset gives it (mfa: foreign ministry, мид); with the test of each form."""

    typed: str
    forms: tuple[str, ...]
    tests: tuple[Callable[[str], object], ...]  # each form's search in a folded text
    plain: str | None  # the one form, when `in` finds it (no number, no other form): quicker


def _word(typed: str, forms: tuple[str, ...]) -> Word:
    plain = forms[0] if len(forms) == 1 and not forms[0].isdigit() else None
    # The word typed is found as typed; a term's other names only whole ("eau" is not "bureau").
    tests = (_pattern(forms[0], forms[0].isdigit()), *(_pattern(form, True) for form in forms[1:]))
    return Word(typed, forms, tuple(test.search for test in tests), plain)


@functools.cache
def _pattern(form: str, whole: bool) -> re.Pattern[str]:
    """A form as found in folded text (words split by single spaces): `whole`, as a number is
    (1 is not in 11), or anywhere, as cessez finds cessez-le-feu."""
    return re.compile(rf"(?<!\S){re.escape(form)}(?!\S)" if whole else re.escape(form))


def holds(text: str, word: Word) -> bool:
    if word.plain is not None:
        return word.plain in text
    return any(test(text) for test in word.tests)


def _whole(text: str, word: Word) -> bool:
    padded = f" {text} "
    return any(f" {form} " in padded for form in word.forms)


def _words(catalog: Catalog, words: Iterable[str]) -> list[Word]:
    """The folded words of a query, each once, in the order typed, each with its forms."""
    folded = list(dict.fromkeys(w for word in words for w in fold(word).split()))
    if len(folded) > MAX_WORDS:
        raise UsageError(f"search takes at most {MAX_WORDS} different words, not {len(folded):,}")
    terms = _terms(catalog)
    return [_word(word, (word, *terms.get(word, ()))) for word in folded]


def _terms(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """Each folded one-word name of a term to its other names, folded (mfa: foreign ministry…)."""

    def build() -> dict[str, tuple[str, ...]]:
        forms: dict[str, tuple[str, ...]] = {}
        for term in catalog.dataset.terms:
            names = [fold(name) for name in term.names()]
            for name in names:
                if name and " " not in name:
                    forms[name] = tuple(n for n in dict.fromkeys(names) if n and n != name)
        return forms

    return catalog.memo("terms", build)


class Hit(msgspec.Struct, frozen=True):
    """A record a search found, where each word was found, and what that is worth."""

    record: Record
    matched: dict[str, str]  # each word typed to where it was found: summary, event, topic alias…
    score: int

    @property
    def matched_in(self) -> list[str]:
        """Where the words were found outside the record's own words ([] for none)."""
        return sorted({place for place in self.matched.values() if place not in OWN})


def find(catalog: Catalog, words: Iterable[str], filters: Filters) -> list[Hit]:
    """Records that hold every word, in any case, accent or language, best first.

    A word may be found in the record's own words (summary, quote, id, note), or in what it
    belongs to: every name of its side, topic and people, its event (name, place, venue,
    aliases), its document (title), its source (title, publisher, the outlet it copies), its
    dispute and its question. A topic's aliases count for a word only when no record and
    nothing else holds that word itself. Each word scores `POINTS` for its best place; the
    highest total ranks first, then the most words in the summary or quote, then the
    dataset's order.
    """
    folded = _words(catalog, words)
    if not folded:
        raise UsageError("search needs some text, for example: talks search cessez-le-feu")
    # Which topics, sides, people, events… hold each word: looked up once in those short
    # tables, then tested by id for every record.
    holders = {word.typed: _holders(catalog, word) for word in folded}
    # Words only a record's own text can hold are tested first: an unknown word ends the test
    # of each record at once, however many words follow it.
    typed = [word.typed for word in folded]
    folded.sort(key=lambda word: bool(holders[word.typed]))
    index = catalog.search_index
    own_text, records = index.own, catalog.dataset.records
    # The first word, when only a record's own text can hold it, picks the candidates in one
    # tight pass (a selective search then looks no further at most records).
    first = folded[0]
    candidates = range(len(records)) if holders[first.typed] else _holding(own_text, first)
    hits = []
    for position in candidates:
        record, own = records[position], own_text[position]
        if not all(holders[word.typed] or holds(own, word) for word in folded):
            continue
        if not catalog.passes(record, filters):
            continue
        found = _placed(catalog, position, folded, holders)
        if found is None:
            continue
        matched, score = found
        spoken = sum(place in ("summary", "quote") for place in matched.values())
        in_order = {word: matched[word] for word in typed}
        hits.append((-score, -spoken, position, Hit(record, in_order, score)))
    return [hit for *_, hit in sorted(hits, key=lambda h: h[:3])]


def _holding(texts: list[str], word: Word) -> list[int]:
    """The positions of the texts that hold `word`: one pass of a search for each of its forms."""
    if word.plain is not None:  # `in` is quicker than a regular expression's search
        return [i for i, text in enumerate(texts) if word.plain in text]
    found: set[int] = set()
    for test in word.tests:
        found.update(i for i, text in enumerate(texts) if test(text))
    return sorted(found)


def _placed(
    catalog: Catalog, position: int, words: list[Word], holders: dict[str, dict[str, set[str]]]
) -> tuple[dict[str, str], int] | None:
    """Where in record `position` each word is found at best, and the points it makes; None
    when a word is nowhere in it."""
    index, record = catalog.search_index, catalog.dataset.records[position]
    matched: dict[str, str] = {}
    score = 0
    for word in words:
        if holds(index.own[position], word):
            place, text = next(
                ((p, t) for p, t in _own_fields(index, position, record) if holds(t, word)), ("note", "")
            )
            matched[word.typed] = place
            score += POINTS[place] + (place != "note" and _whole(text, word))
            continue
        # The holders, best place first: the first that holds one of the record's ids wins.
        held = next(
            (kind for kind, ids in holders[word.typed].items() if _belongs_to(record, kind, ids)), None
        )
        if held is None:
            return None
        matched[word.typed] = held
        score += POINTS[held]
    return matched, score


def _own_fields(index: SearchIndex, position: int, record: Record) -> Iterator[tuple[str, str]]:
    """A record's own folded fields a word may be found in, in the order one is named."""
    yield "summary", index.summary[position]
    yield "quote", index.quote[position]
    yield "id", record.id.replace("-", " ")


def _belongs_to(record: Record, kind: str, ids: set[str]) -> bool:
    """Whether `record` belongs to one of `ids`, things of `kind` (its topic, its people…)."""
    if kind == "people":
        return not ids.isdisjoint(record.people)
    if kind == "question":
        return record.stance is not None and record.stance.question in ids
    value = record.topic if kind in ("topic", "topic alias") else getattr(record, kind)
    return value in ids


def _holders(catalog: Catalog, word: Word) -> dict[str, set[str]]:
    """What holds `word` among the things records belong to: kind to ids. A topic's aliases
    hold it only when nothing else does, no record's own words included."""
    found: dict[str, set[str]] = defaultdict(set)
    for key, text in _folded_names(catalog).items():
        if holds(text, word):
            kind, _, item = key.partition(":")
            found[kind].add(item)
    if "topic alias" in found and (len(found) > 1 or _said_anywhere(catalog, word)):
        del found["topic alias"]
    return dict(sorted(found.items(), key=lambda kind_ids: -POINTS[kind_ids[0]]))


def _said_anywhere(catalog: Catalog, word: Word) -> bool:
    """Whether some record's own words hold `word` whole: one pass, at the speed of C."""
    joined = catalog.memo("own words joined", lambda: f" {'  '.join(catalog.search_index.own)} ")
    return any(f" {form} " in joined for form in word.forms)


def closest_query(catalog: Catalog, words: Iterable[str], filters: Filters) -> str | None:
    """`words` with each word the data does not hold replaced by the closest one it does,
    for 'did you mean …?'; None where there is nothing to correct, where no word is close
    enough, or where the corrected words would find nothing either. At most MAX_SUGGESTED
    words are corrected, and the answer is shortened to MAX_HINT characters."""
    folded = [word.typed for word in _words(catalog, words)]
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
            corrected[position] = _close(word, vocabulary) or word
    if corrected == folded:
        return None
    if not find(catalog, corrected, filters) and not find_things(catalog, corrected, filters):
        return None
    return shorten(" ".join(corrected), MAX_HINT)


SHORT_WORD = 4  # letters up to which one wrong letter is a different word (mfa is not map)


def _close(word: str, vocabulary: frozenset[str]) -> str | None:
    """The known word closest to `word`, when it is close: a short word needs a closer one."""
    import difflib  # only on the way to a hint

    guess = suggest(word, vocabulary)
    if guess is None or len(word) > SHORT_WORD:
        return guess
    return guess if difflib.SequenceMatcher(None, word, guess).ratio() >= 0.8 else None


def _vocabulary(catalog: Catalog) -> frozenset[str]:
    return catalog.memo("vocabulary", lambda: _build_vocabulary(catalog))


def _build_vocabulary(catalog: Catalog) -> frozenset[str]:
    """Every word of three letters or more that a search can find, a term's names included."""
    terms = [fold(name) for term in catalog.dataset.terms for name in term.names()]
    texts = [*catalog.search_index.own, *_folded_names(catalog).values(), *terms]
    return frozenset(w for text in texts for w in text.split() if len(w) >= 3)


def _folded_names(catalog: Catalog) -> dict[str, str]:
    return catalog.memo("folded names", lambda: _build_folded_names(catalog))


# What a record's belongings are called where a word was found ("matched"), by section.
_BELONGINGS = {
    "actors": "side",
    "topics": "topic",
    "people": "people",
    "events": "event",
    "documents": "document",
    "sources": "source",
    "disputes": "dispute",
    "questions": "question",
}


def _build_folded_names(catalog: Catalog) -> dict[str, str]:
    """Everything a record belongs to, by "kind:id", as the folded words a search finds each
    of them by (index.SEARCHED); a topic's aliases apart from its id and label ("topic
    alias:id"), as they count only where nothing else holds a word."""
    folded: dict[str, str] = {}
    for section, kind in _BELONGINGS.items():
        for item_id, fields in _thing_texts(catalog)[section].items():
            aside = "aliases" if section == "topics" else ""  # the memo is shared: read, never change
            if aside:
                folded[f"topic alias:{item_id}"] = fields[aside]
            folded[f"{kind}:{item_id}"] = " ".join(
                text for name, text in fields.items() if text and name != aside
            )
    return folded


class Found(msgspec.Struct, frozen=True):
    """A thing other than a record that holds every word: an event, a document, a source, a
    person, an actor, a topic, a dispute or a question; and which of its fields hold them."""

    type: str  # event, document, source, person, actor, topic, dispute or question
    item: Any
    matched: dict[str, str]  # each word typed to the first of the thing's fields that holds it

    @property
    def matched_in(self) -> list[str]:
        return list(dict.fromkeys(self.matched.values()))


# The fields of each kind of thing a search looks in.
_THING_FIELDS = {section: names for section, names in SEARCHED.items() if section != "records"}


def find_things(catalog: Catalog, words: Iterable[str], filters: Filters) -> list[Found]:
    """Actors, people, topics, events, documents, sources, disputes and questions that hold
    every word in their own names or words (a person's names in any language, an event's
    place, venue or aliases, a source's publisher, a dispute's question), in that order; each
    with the field that holds each word. Filters about records (a topic, a side, a status…)
    leave them out; --event, --since and --until keep the events and documents they name."""
    folded = _words(catalog, words)
    if not folded or filters.about_records:
        return []
    found = []
    for section, texts in _thing_texts(catalog).items():
        for item_id, fields in texts.items():
            matched = {}
            for word in folded:
                field = next((name for name, text in fields.items() if holds(text, word)), None)
                if field is None:
                    break
                matched[word.typed] = field
            else:
                item = catalog.items[item_id][1]
                if _in_scope(catalog, section, item, filters):
                    found.append(Found(singular(section), item, matched))
    return found


def _in_scope(catalog: Catalog, section: str, item: Any, filters: Filters) -> bool:
    if section == "events":
        return (filters.events is None or item.id in filters.events) and filters.in_period(item.date)
    if section in ("documents", "disputes"):
        in_event = filters.events is None or item.event in filters.events
        dated = catalog.document_date(item) if section == "documents" else None
        return in_event and (dated is None or filters.in_period(dated))
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
