"""The folded text a search looks in, built once per dataset and kept in the cache beside it.

Folding (case, accents, punctuation, thousands separators) runs in Python, character by
character: for 100,000 records it takes seconds, far more than the rest of a search. So the
folded text of every record is built on the first search and stored with the cached dataset;
later searches only read it.
"""

from __future__ import annotations

import msgspec

from talks_cli.dataset.model import Dataset
from talks_cli.text import fold_all


class SearchIndex(msgspec.Struct, frozen=True, gc=False):
    own: list[str]  # each record's id, summary, quote and note, folded: where a search looks
    summary: list[str]  # each record's summary, folded: to say where a word was found, and rank
    quote: list[str]  # each record's quote, folded ("" for none)

    def holds(self, records: int) -> bool:
        """Whether the index has the folded text of `records` records (a cache entry may not)."""
        return len(self.own) == len(self.summary) == len(self.quote) == records


def build(dataset: Dataset) -> SearchIndex:
    records = dataset.records
    return SearchIndex(
        own=fold_all([" ".join(filter(None, [r.id, r.summary, r.quote, r.note])) for r in records]),
        summary=fold_all([r.summary for r in records]),
        quote=fold_all([r.quote or "" for r in records]),
    )
