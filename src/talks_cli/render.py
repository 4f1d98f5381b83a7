"""Listings written out in one format each: plain lines, CSV, Markdown, JSON, JSON Lines.

Every string from the dataset passes through `visible` (or JSON's escapes) on its way out,
so control characters in data reach no terminal. The rich table lives in `table`, imported
only when a table is drawn: the JSON and CSV paths never load rich.
"""

from __future__ import annotations

import csv
import re
from typing import Any, TextIO

import msgspec

from .text import UNSAFE, visible
from .views import Cell, Detail, Listing

FORMATS = ("table", "plain", "json", "jsonl", "csv", "markdown")
HUMAN_FORMATS = ("table", "plain", "markdown")


class Output(msgspec.Struct, frozen=True):
    """How to write: the format, and for a table whether to colour it and how wide."""

    format: str
    color: bool = False
    width: int | None = None


def emit(listing: Listing, output: Output, out: TextIO, err: TextIO) -> None:
    if not listing.rows and output.format in HUMAN_FORMATS:
        err.write(f"talks: {listing.empty}\n")
        return
    match output.format:
        case "table":
            from .table import listing_table

            listing_table(listing, output, out)
        case "plain":
            _tsv(listing, out)
        case "csv":
            _csv(listing, out)
        case "markdown":
            _markdown(listing, out)
        case "json":
            out.write(json_text(listing.objects) + "\n")
        case "jsonl":
            for item in listing.objects:
                out.write(json_text(item, indent=0) + "\n")


def emit_detail(detail: Detail, output: Output, out: TextIO) -> None:
    match output.format:
        case "table":
            from .table import detail_table

            detail_table(detail, output, out)
        case "json":
            out.write(json_text(detail.object) + "\n")
        case "jsonl":
            out.write(json_text(detail.object, indent=0) + "\n")
        case "markdown":
            out.write(f"**{_md(detail.title)}**\n\n")
            for label, value in detail.lines:
                out.write(f"- **{_md(label)}**: {_md(_joined(value, '; '))}\n")
        case _:  # plain and csv: one "label<TAB>value" line each
            for label, value in detail.lines:
                out.write(f"{visible(label)}\t{visible(_joined(value, ' | '))}\n")


def json_text(value: Any, indent: int = 2) -> str:
    """JSON with every control, bidi and separator character escaped as \\uXXXX.

    JSON itself only escapes characters below U+0020; the rest would reach a terminal as is.
    """
    encoded = msgspec.json.encode(value)
    if indent:
        encoded = msgspec.json.format(encoded, indent=indent)
    return UNSAFE.sub(_json_escape, encoded.decode())


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _joined(cell: Cell, separator: str) -> str:
    return separator.join(cell) if isinstance(cell, list) else cell


def _tsv(listing: Listing, out: TextIO) -> None:
    out.write("\t".join(c.name for c in listing.columns) + "\n")
    for row in listing.rows:
        out.write("\t".join(visible(_joined(cell, " | ")) for cell in row) + "\n")


def _csv(listing: Listing, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in listing.columns])
    for row in listing.rows:
        writer.writerow([visible(_joined(cell, " | "), keep_newlines=True) for cell in row])


def _md(text: str) -> str:
    # Escape what Markdown would read as table or inline syntax.
    return re.sub(r"([\\|*_`\[\]<>#])", r"\\\1", visible(text))


def _markdown(listing: Listing, out: TextIO) -> None:
    out.write(f"**{_md(listing.title)}**\n\n")
    out.write("| " + " | ".join(_md(c.name) for c in listing.columns) + " |\n")
    out.write("|" + "---|" * len(listing.columns) + "\n")
    for row in listing.rows:
        out.write("| " + " | ".join("<br>".join(_md(v) for v in _lines(cell)) for cell in row) + " |\n")
    if listing.citations:
        out.write("\nSources:\n\n" + "".join(f"- {_md(c)}\n" for c in listing.citations))


def _lines(cell: Cell) -> list[str]:
    return cell if isinstance(cell, list) else [cell]
