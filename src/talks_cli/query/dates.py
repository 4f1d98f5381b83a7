"""How a record, document or event is dated: the day, the span and the precision talks gives it.

A record or document without a date of its own borrows one; `dating` is the one place that
says from what. `Catalog` asks it for every date it sorts, filters or shows (`when`,
`when_end`, `when_precision`, `when_text`, `document_date`, `document_text`).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import NamedTuple

from talks_cli.dataset.model import Document, Event, Record
from talks_cli.dataset.wording import date_text


class Dating(NamedTuple):
    """A date as talks gives it: the day, the last day of an event's span, and its precision."""

    date: datetime.date
    end: datetime.date | None
    precision: str

    @property
    def text(self) -> str:
        """The date as people read it (see `date_text`): 2025-05-16, about 2025-11-20, 2026-07."""
        return date_text(self.date, self.precision)


def dating(
    item: Record | Document,
    events: Mapping[str, Event],
    documents: Mapping[str, Document],
) -> Dating:
    """The date of `item`, from what gives it: its own date; else a record's own event,
    else its document (dated the same way); else a document's event. A record's event
    comes before its document: a provision restated at a later meeting is dated by it."""
    if item.date is not None:
        return Dating(item.date, None, item.date_precision)
    if item.event is not None:
        event = events[item.event]
        return Dating(event.date, event.end, event.date_precision)
    if isinstance(item, Record) and item.document is not None:
        return dating(documents[item.document], events, documents)
    # The loader refuses an item with none of these, so this cannot fail on a loaded dataset.
    raise ValueError(f"{item.id} has neither a date, an event nor a document")
