"""Views written out in the chosen format: a terminal table, plain lines, CSV, Markdown, JSON.

Every string from the dataset passes through `visible` (or JSON's escapes) on its way out,
so control characters in data reach no terminal. The terminal layout lives in `table`,
imported only when one is drawn: the JSON and CSV paths never load rich.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import Any, Protocol

import msgspec

from talks_cli.render.environment import Environment, Writer
from talks_cli.render.formats import HUMAN_FORMATS, Format, Output
from talks_cli.text import UNSAFE, visible
from talks_cli.views.listing import Cell, Detail, Listing


def emit(listing: Listing, output: Output, environment: Environment) -> None:
    out = environment.out
    listing = listing.ordered(output.sort, reverse=output.reverse, limit=output.limit)
    if output.fields:
        listing = listing.choose(output.fields)
    if not listing.items:
        # Said on stderr in every format, so a script's stdout stays only `[]`.
        environment.say(f"talks: {listing.empty}")
        if output.format in HUMAN_FORMATS:
            return
    match output.format:
        case Format.TABLE:
            from talks_cli.render import table

            if listing.terminal_view is not None and not output.fields:
                listing = msgspec.structs.replace(listing.terminal_view(listing.items), title=listing.title)
            table.listing(listing, msgspec.structs.replace(output, height=environment.height), out)
        case Format.PLAIN:
            _tsv_row(out, [c.name for c in listing.columns])
            for row in listing.rows():
                _tsv_row(out, row)
        case Format.CSV:
            write_csv(out, [[c.name for c in listing.columns], *listing.rows()])
        case Format.MARKDOWN:
            _markdown(listing, out, sources=output.sources)
        case Format.JSON:
            write_json_array(out, (listing.as_json(item) for item in listing.items), not output.unicode)
        case Format.JSONL:
            for item in listing.items:
                out.write(json_text(listing.as_json(item), indent=0, ascii_only=not output.unicode) + "\n")


def emit_details(details: Iterable[Detail], output: Output, environment: Environment, *, many: bool) -> None:
    """Records in full: one object for one id, else (`many`) one array or one line each; each
    written as it comes, so that many of them are never all held at once."""
    out = environment.out
    ascii_only = not output.unicode
    match output.format:
        case Format.TABLE:
            from talks_cli.render import blocks

            output = msgspec.structs.replace(output, height=environment.height)
            for index, detail in enumerate(details):
                if index:
                    out.write("\n")
                blocks.detail(detail, output, out)
        case Format.JSON:
            if many:
                write_json_array(out, (d.object for d in details), ascii_only)
            else:
                out.write(json_text(next(iter(details)).object, ascii_only=ascii_only) + "\n")
        case Format.JSONL:
            for detail in details:
                out.write(json_text(detail.object, indent=0, ascii_only=ascii_only) + "\n")
        case Format.MARKDOWN:
            for index, detail in enumerate(details):
                out.write(("\n" if index else "") + f"**{_md(detail.title)}**\n\n")
                for field in detail.fields:
                    value = (
                        " | ".join(_md(v, field.kind) for v in field.value)
                        if isinstance(field.value, list)
                        else _md(field.value, field.kind)
                    )
                    out.write(f"- **{_md_escape(field.label)}**: {value}\n")
        case Format.CSV:
            header: list[Cell] = ["id", "field", "value"] if many else ["field", "value"]
            rows = (
                [*([detail.object["id"]] if many else []), f.label, f.value]
                for detail in details
                for f in detail.fields
            )
            write_csv(out, itertools.chain([header], rows))
        case Format.PLAIN:
            for detail in details:
                key = [detail.object["id"]] if many else []
                for field in detail.fields:
                    _tsv_row(out, [*key, field.label, field.value])


def write_json_array(out: Writer, items: Iterable[Any], ascii_only: bool) -> None:
    """The JSON array of `items`, indented as `json_text` would indent it, encoded and written
    an item at a time: a large answer is never one buffer (msgspec crashes, rather than
    raising MemoryError, when an allocation fails)."""
    first = True
    for item in items:
        lines = json_text(item, ascii_only=ascii_only).split("\n")
        out.write(("[\n  " if first else ",\n  ") + "\n  ".join(lines))
        first = False
    out.write("[]\n" if first else "\n]\n")


def json_text(value: Any, indent: int = 2, *, ascii_only: bool = False) -> str:
    """JSON with every control, bidi and separator character escaped as \\uXXXX.

    JSON itself only escapes characters below U+0020; the rest would reach a terminal as is.
    With `ascii_only` (stdout is not UTF-8), every other non-ASCII character is escaped too,
    so the text stays valid and loses nothing.
    """
    encoded = msgspec.json.encode(value)
    if indent:
        encoded = msgspec.json.format(encoded, indent=indent)
    text = UNSAFE.sub(_json_escape, encoded.decode())
    return _NON_ASCII.sub(_json_escape, text) if ascii_only else text


_NON_ASCII = re.compile("[^\x00-\x7f]")


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # outside the basic plane: JSON spells it as a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def _joined(cell: Cell, separator: str = " | ") -> str:
    return separator.join(cell) if isinstance(cell, list) else cell


def _tsv_row(out: Writer, cells: list[Cell]) -> None:
    # A backslash is escaped too, so "\t" in the output always means a tab in the data.
    out.write("\t".join(visible(_joined(c).replace("\\", "\\\\")) for c in cells) + "\n")


# A cell starting with one of these is a formula to a spreadsheet (OWASP, "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class TextSink(Protocol):
    def write(self, text: str, /) -> int: ...


def write_csv(out: TextSink, rows: Iterable[list[Cell]]) -> None:
    """CSV with every formula a spreadsheet would run made inert."""
    import csv

    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        values = [_joined(cell) for cell in row]
        writer.writerow(
            [visible("'" + v if v.startswith(_FORMULA_START) else v, keep_newlines=True) for v in values]
        )


def _md(text: str, kind: str = "prose") -> str:
    """`text` for a Markdown table cell: what Markdown would read as table or inline syntax
    escaped, except in URLs, written whole as autolinks (`<https://…>`): a backslash inside a
    URL is kept by some renderers (GitHub's breaks on `\\_`). A cell of kind "url" is one URL."""
    if kind == "url":
        return _autolink(text) if text else ""
    pieces = []
    end = 0
    for match in _URL.finditer(text):
        url = _trimmed(match.group())
        pieces += [_md_escape(text[end : match.start()]), _autolink(url)]
        end = match.start() + len(url)
    pieces.append(_md_escape(text[end:]))
    return "".join(pieces)


def _md_escape(text: str) -> str:
    # Escape what Markdown would read as table or inline syntax.
    return re.sub(r"([\\|*_`\[\]<>#])", r"\\\1", visible(text))


_URL = re.compile(r"https?://[^\s<>]+")
# Characters that end a sentence after a URL rather than belong to it (GitHub's autolinks
# leave them out too); a closing bracket only when the URL opened none.
_TRAILING = ".,;:!?*_~'\"”’»"
_CLOSING = {")": "(", "]": "[", "}": "{"}
# Characters an autolink cannot hold: they would end it, split the table cell or reach the
# terminal. Percent-encoded, which leaves the address the same.
_NOT_IN_AUTOLINK = re.compile("[\\s<>|]|" + UNSAFE.pattern)


def _trimmed(url: str) -> str:
    while url:
        last = url[-1]
        if last in _TRAILING or (last in _CLOSING and url.count(_CLOSING[last]) < url.count(last)):
            url = url[:-1]
        else:
            break
    return url


def _autolink(url: str) -> str:
    encoded = _NOT_IN_AUTOLINK.sub(
        lambda match: "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8")), url
    )
    return f"<{encoded}>"


def _markdown(listing: Listing, out: Writer, *, sources: bool) -> None:
    out.write(f"**{_md(listing.title)}**\n\n")
    out.write("| " + " | ".join(_md_escape(c.name) for c in listing.columns) + " |\n")
    out.write("|" + "---|" * len(listing.columns) + "\n")
    kinds = [c.kind for c in listing.columns]
    for row in listing.rows():
        cells = [cell if isinstance(cell, list) else [cell] for cell in row]
        out.write(
            "| "
            + " | ".join(
                "<br>".join(_md(v, kind) for v in cell) for cell, kind in zip(cells, kinds, strict=True)
            )
            + " |\n"
        )
    if sources and listing.citations:
        out.write("\nSources:\n\n" + "".join(f"- {_md(c.line())}\n" for c in listing.citations))
