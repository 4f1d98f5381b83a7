"""What every view words the same way: a source's citation, a record's figures, an event's
dates and the fields its records dispute."""

from __future__ import annotations

from talks_cli.dataset.model import Event, Record, Source
from talks_cli.dataset.wording import event_date_text, figure_text
from talks_cli.query.catalog import Catalog
from talks_cli.views.listing import Citation, Field


def cite(source: Source) -> Citation:
    """A reference to `source` for the foot of a listing; `talks sources` has the rest."""
    parts = [f"“{source.title}”"] if source.title and not source.url else []
    parts.append(source.publisher or "publisher not stated")
    if source.published:
        parts.append(source.published.isoformat())
    if source.file and not source.url:
        parts.append(f"stored as {source.file}")
    if source.page == "mirror":
        parts.append(f"mirror of {source.mirror_of or 'another outlet'}")
    elif source.page:
        parts.append(source.page)
    return Citation(source.id, ", ".join(parts) + f" [{source.language}]", source.url)


def figure_lines(record: Record) -> list[str]:
    return [figure_text(f) for f in record.figures]


def source_fields(source: Source) -> list[Field]:
    """A source as a detail shows it: the citation, then its address whole on a line of its own."""
    citation = cite(source)
    fields = [Field("source", f"{citation.id}: {citation.text}")]
    if citation.url:
        fields.append(Field("url", citation.url, "url"))
    return fields


def figure_note(record: Record) -> str:
    return f" ({'; '.join(figure_lines(record))})" if record.figures else ""


def disputed_fields(catalog: Catalog, event: Event) -> dict[str, str]:
    """The fields of `event` its records dispute (date, place…), each to its dispute's id."""
    return {d.field: d.id for d in catalog.event_disputes(event.id) if d.field}


def event_dates(event: Event) -> list[str]:
    """An event's date, and its last day if it lasted several."""
    return [event_date_text(event)] + ([event.end.isoformat()] if event.end else [])


def date_caveat(catalog: Catalog, event: Event) -> str:
    """ "(disputed)" under an event's date on a terminal, where its records disagree on it."""
    disputed = disputed_fields(catalog, event)
    return "(disputed)" if "date" in disputed or "end" in disputed else ""


def record_line(catalog: Catalog, record: Record) -> str:
    """A record on one line of a detail: its date, side, summary and id."""
    side = f"{record.side}: " if record.side else ""
    return f"{catalog.when_text(record)} {side}{record.summary} [{record.id}]"


def cited_fields(catalog: Catalog, ids: list[str]) -> list[Field]:
    """The published sources with these ids, each cited with its address whole on a line of its
    own (the dataset's fact lists are how it was compiled, not sources to cite)."""
    fields: list[Field] = []
    for source in catalog.cited_sources(ids):
        citation = cite(source)
        fields.append(Field("source", f"{citation.id}: {citation.text}"))
        if citation.url:
            fields.append(Field("url", citation.url, "url"))
    return fields
