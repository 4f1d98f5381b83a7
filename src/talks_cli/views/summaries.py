"""Listings that sum up across records: the figures and their totals, the disputes with every
version, and what the dataset holds (`talks info`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from talks_cli.dataset.model import SCHEMA_VERSION, SECTIONS, Dispute
from talks_cli.dataset.wording import amount_text
from talks_cli.query.catalog import Catalog, is_fact_list
from talks_cli.query.figures import FigureRow, Total
from talks_cli.views.listing import UNDER_ROW, Column, Detail, Field, Listing, builtins
from talks_cli.views.listings import model_keys, record_json
from talks_cli.views.parts import cite

FIGURE_KEYS = (
    "when",
    "record",
    "event",
    "side",
    "kind",
    "what",
    "value",
    "qualifier",
    "upper",
    "unit",
    "cumulative",
    "dispute",
    "addable",
    "source",
    "url",
)


def figures(catalog: Catalog, rows: Sequence[FigureRow]) -> Listing:
    """Every figure, one a line: its date, record, side, what, amount and source."""

    def as_json(row: FigureRow) -> dict[str, Any]:
        record, figure = row.record, row.figure
        return {
            "when": row.when.isoformat(),
            "record": record.id,
            "event": record.event,
            "side": record.side,
            "kind": record.kind,
            **builtins(figure),
            "dispute": record.dispute,
            "addable": row.addable,
            "source": record.source,
            "url": catalog.sources[record.source].url,
        }

    def amount(row: FigureRow) -> str:
        f = row.figure
        text = amount_text(f.value, f.qualifier, f.upper, f.unit)
        notes = [n for n, on in (("disputed", row.record.dispute), ("so far", f.cumulative)) if on]
        return text + (f" ({', '.join(notes)})" if notes else "")

    return Listing(
        "Figures",
        [
            Column("when", lambda r: r.when.isoformat(), "date"),
            Column("record", lambda r: r.record.id, "id", shed=1, under="what"),
            Column("side", lambda r: r.record.side or "", "id", style="side", shed=2),
            Column("what", lambda r: r.figure.what, "prose"),
            Column("amount", amount, "prose"),
            Column("kind", lambda r: r.record.kind, terminal=False),
            Column("dispute", lambda r: r.record.dispute or "", "id", terminal=False),
            Column("source", lambda r: r.record.source, "id", terminal=False),
            Column("url", lambda r: catalog.sources[r.record.source].url or "", "url", terminal=False),
        ],
        rows,
        as_json,
        FIGURE_KEYS,
        lambda items: [cite(s) for s in catalog.cited(r.record for r in items)],
        empty="no figures match",
    )


def total_text(total: Total) -> str:
    """A total as people read it: "at least 2,350", "150 to 250 days"."""
    return amount_text(*total.amount.words, total.unit)


def _left_out(total: Total) -> list[str]:
    return [f"{item.record} ({item.why})" for item in total.left_out]


def totals(catalog: Catalog, found: Sequence[Total]) -> Listing:
    """Figures of one kind and unit added up: only what implementations delivered, one version
    of each dispute; "at least" the sum where something in its range has no number, is only
    reported, or a source states more so far, each listed in `left_out` with why."""
    return Listing(
        "Totals of what was carried out",
        [
            Column("what", lambda t: t.what, "prose"),
            Column("total", total_text, "prose"),
            Column("from", lambda t: t.first.isoformat(), "date"),
            Column("to", lambda t: t.last.isoformat(), "date", shed=2, under="from"),
            Column("parts", lambda t: str(len(t.records)), "number", shed=1),
            Column("left_out", _left_out, "prose", shed=3, under=UNDER_ROW, labelled=True),
            Column("records", lambda t: t.records, "id", terminal=False),
        ],
        found,
        lambda t: {
            "what": t.what,
            "unit": t.unit,
            **t.amount.json(),
            "from": t.first.isoformat(),
            "to": t.last.isoformat(),
            "records": t.records,
            "left_out": builtins(t.left_out),
        },
        ("what", "unit", "value", "qualifier", "upper", "from", "to", "records", "left_out"),
        lambda items: [
            cite(s)
            for s in catalog.cited(
                catalog.records[i] for t in items for i in [*t.records, *(x.record for x in t.left_out)]
            )
        ],
        empty="no figures to add up: only what implementations delivered is added",
    )


def disputes(catalog: Catalog, found: Sequence[Dispute]) -> Listing:
    """Each dispute, its question and every version with its date, side and source."""

    def versions(dispute: Dispute) -> list[str]:
        return [
            f"{catalog.when_text(v)} {v.side + ': ' if v.side else ''}{v.summary}" + f" [{v.id}] ({v.source})"
            for v in catalog.versions.get(dispute.id, [])
        ]

    def about(dispute: Dispute) -> str:
        return f"{dispute.event} ({dispute.field or 'facts'})" if dispute.event else ""

    return Listing(
        "Disputes: questions the sources answer differently",
        [
            Column("id", lambda d: d.id, "id", shed=1, under="question"),
            Column("question", lambda d: d.question, "prose"),
            Column("about", about, "prose", terminal=False),
            Column("versions", versions, "prose"),
        ],
        found,
        lambda d: (
            builtins(d) | {"versions": [record_json(catalog, v) for v in catalog.versions.get(d.id, [])]}
        ),
        model_keys(Dispute, "versions"),
        lambda items: [
            cite(s) for s in catalog.cited(v for d in items for v in catalog.versions.get(d.id, []))
        ],
        empty="no disputes match",
    )


def info(catalog: Catalog) -> Detail:
    """What the dataset holds, the dates it spans, when it was brought up to date, and what its
    sources cover; with the sources whose title or date is not known counted."""
    dataset = catalog.dataset
    counts = {section: len(getattr(dataset, section)) for section in SECTIONS}
    dates = [catalog.when(r) for r in dataset.records] + [e.date for e in dataset.events]
    first, last = (min(dates), max(dates)) if dates else (None, None)
    web = [s for s in dataset.sources if not is_fact_list(s)]
    method = [s for s in dataset.sources if is_fact_list(s)]
    untitled = [s.id for s in web if s.title is None]
    undated = [s.id for s in web if s.published is None]
    pages: dict[str, int] = {}
    for source in web:
        pages[source.page or "not stated"] = pages.get(source.page or "not stated", 0) + 1
    fields = [
        Field("title", dataset.title),
        Field("holds", [f"{count:,} {section}" for section, count in counts.items()]),
        Field("dates", f"{first} to {last}" if first else "none", "date"),
        Field("as of", dataset.as_of.isoformat() if dataset.as_of else "not stated", "date"),
        Field("schema", f"schema_version {dataset.schema_version} (talks writes {SCHEMA_VERSION})"),
        Field("coverage", dataset.coverage or "not stated"),
        Field("pages", [f"{count:,} {kind}" for kind, count in sorted(pages.items())]),
        Field("no title", f"{len(untitled):,} of {len(web):,} pages and texts: their title is not known"),
        Field("no date", f"{len(undated):,} of {len(web):,} pages and texts: their date is not known"),
    ]
    if method:  # the dataset's method, named here once: never cited as a source
        compiled = [f"{s.title or s.id} ({s.file})" if s.file else s.title or s.id for s in method]
        fields.append(Field("compiled", ["how this dataset was compiled: its own lists of facts", *compiled]))
    return Detail(
        "What the dataset holds",
        fields,
        {
            "title": dataset.title,
            "counts": counts,
            "first": first.isoformat() if first else None,
            "last": last.isoformat() if last else None,
            "as_of": dataset.as_of.isoformat() if dataset.as_of else None,
            "schema_version": dataset.schema_version,
            "coverage": dataset.coverage,
            "pages": pages,
            "sources_without_title": untitled,
            "sources_without_date": undated,
            "compiled_from": [{"id": s.id, "title": s.title, "file": s.file} for s in method],
        },
    )
