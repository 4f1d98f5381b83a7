"""The folded text a search looks in, built once per dataset and kept in the cache beside it.

Folding (case, accents, punctuation, thousands separators) runs in Python, character by
character: for 100,000 records it takes seconds, far more than the rest of a search. So the
folded text of every record is built on the first search and stored with the cached dataset;
later searches only read it.
"""

from __future__ import annotations

from operator import attrgetter

import msgspec

from talks_cli.dataset.model import Dataset
from talks_cli.text import fold_all

# The fields a search looks in, for each kind of thing: the one list that `talks search` (a
# record by its own text, or by those of the things it belongs to; a thing by its own), this
# index, the SQLite export's full-text tables and the search command's help all follow.
SEARCHED: dict[str, tuple[str, ...]] = {
    "records": ("id", "summary", "quote", "note"),
    "actors": ("id", "name", "aliases"),
    "people": ("id", "name", "aliases"),
    "topics": ("id", "label", "aliases"),
    "events": ("id", "name", "place", "venue", "aliases"),
    "documents": ("id", "title"),
    "sources": ("id", "title", "publisher", "mirror_of"),
    "disputes": ("id", "question"),
    "questions": ("id", "text", "figure"),
}


class SearchIndex(msgspec.Struct, frozen=True, gc=False):
    own: list[str]  # each record's SEARCHED fields, folded: where a search looks
    summary: list[str]  # each record's summary, folded: to say where a word was found, and rank
    quote: list[str]  # each record's quote, folded ("" for none)

    def holds(self, records: int) -> bool:
        """Whether the index has the folded text of `records` records (a cache entry may not)."""
        return len(self.own) == len(self.summary) == len(self.quote) == records


def build(dataset: Dataset) -> SearchIndex:
    records = dataset.records
    own = attrgetter(*SEARCHED["records"])
    return SearchIndex(
        own=fold_all([" ".join(filter(None, own(r))) for r in records]),
        summary=fold_all([r.summary for r in records]),
        quote=fold_all([r.quote or "" for r in records]),
    )
