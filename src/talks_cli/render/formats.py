"""How an answer is to be written: the format, and what a terminal table needs to know."""

from __future__ import annotations

from enum import StrEnum

import msgspec


class Format(StrEnum):
    """Every output format; `--FORMAT` and `--format FORMAT` name the same ones."""

    TABLE = "table"
    PLAIN = "plain"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"


# What each format is for, in the --help of the flag that chooses it.
FORMAT_HELP = {
    Format.TABLE: "Tables on a terminal (the default there).",
    Format.PLAIN: "Tab-separated lines with a header (the default when piped).",
    Format.JSON: "One JSON array (an object for a single record).",
    Format.JSONL: "One JSON object per line.",
    Format.CSV: "CSV with a header row.",
    Format.MARKDOWN: "A Markdown table, for pasting into an article.",
}
# Formats a person reads: an empty answer is said on stderr rather than printed as nothing.
HUMAN_FORMATS = (Format.TABLE, Format.PLAIN, Format.MARKDOWN)


class Output(msgspec.Struct, frozen=True):
    """The chosen format; for a table its width, colour and the side colours' order."""

    format: Format
    width: int = 80
    height: int = 25  # rich needs one, or reads LINES itself (environment.Environment.height)
    color: bool = False
    sides: tuple[str, ...] = ()  # actor ids in the dataset's order: each keeps its colour
    unicode: bool = True  # stdout takes any character; else JSON escapes non-ASCII
    fields: tuple[str, ...] = ()  # --fields: the columns (and JSON keys) to show, in this order
    sort: str | None = None  # --sort: a column or JSON key to order by
    reverse: bool = False
    limit: int | None = None
    sources: bool = True  # the list of sources under a table or Markdown (--no-sources: none)
