"""The rules on how a dataset's items refer to each other and agree: ids unique, every
reference leading to something the dataset defines, source files inside its folder and every
quote found in its source's stored text, every record and document dated, and nothing the
dataset says contradicting itself.

Each returns the problems it finds; `load` turns them into one `DataError` with their places.
The rules on each value alone (the schema, the id pattern, text) are in `rules`.
"""

from __future__ import annotations

import re
from pathlib import Path

from talks_cli.dataset import fields as shape
from talks_cli.dataset.model import SECTIONS, Dataset, Record
from talks_cli.dataset.reading import source_text
from talks_cli.dataset.record_rules import confirmation_problems, early_report_problems, version_problems
from talks_cli.dataset.rules import id_problem
from talks_cli.errors import MAX_REPORTED, Problem
from talks_cli.text import shorten, suggest


def quote_problems(dataset: Dataset, base: Path) -> list[Problem]:
    """Each quote that is not found, character for character, in its source's stored text."""
    problems = []
    texts: dict[str, str] = {}  # source id to stored text, for the sources that have one
    files: dict[str, str] = {}
    for index, source in enumerate(dataset.sources):
        if source.file is None:
            continue
        files[source.id] = source.file
        try:
            texts[source.id] = source_text(base, source.file)
        except (OSError, ValueError) as error:  # UnicodeDecodeError is a ValueError
            reason = (error.strerror if isinstance(error, OSError) else None) or str(error)
            problems.append(
                Problem(f"cannot read {shorten(source.file)}: {reason}", path=f"sources[{index}].file")
            )
    for index, record in enumerate(dataset.records):
        if record.quote is None or (record.source in files and record.source not in texts):
            continue  # no quote, or its text is unreadable (reported above)
        if record.source not in files:
            problems.append(
                Problem(
                    f"source '{record.source}' has no stored text (file), so the quote cannot be "
                    "checked; add the file or set quote to null",
                    path=f"records[{index}].quote",
                )
            )
        elif record.quote not in texts[record.source]:
            problems.append(
                Problem(
                    f"quote is not found word for word in {files[record.source]}; "
                    "copy it exactly from the source",
                    path=f"records[{index}].quote",
                )
            )
    return problems


def _implements_problem(record: Record, outcome_ids: set[str]) -> str | None:
    if record.implements is None:
        return None
    if record.kind != "implementation":
        return (
            f"a record of kind '{record.kind}' implements nothing; only an 'implementation' "
            "record may carry out an outcome"
        )
    if record.implements not in outcome_ids:
        return f"'{shorten(record.implements)}' is not the id of an outcome record"
    return None


def id_problems(dataset: Dataset, *, check_ids: bool = True) -> tuple[list[Problem], dict[str, set[str]]]:
    """Ids well-formed (unless `check_ids` is off: a cache entry's were checked when it was
    parsed) and unique; and the ids of each section, for the reference check."""
    problems: list[Problem] = []
    tables: dict[str, set[str]] = {}
    for section in SECTIONS:
        seen: set[str] = set()
        for index, item in enumerate(getattr(dataset, section)):
            # References need no such check: each must equal an id that passed it.
            problem = id_problem(item.id, f"{section}[{index}].id") if check_ids else None
            if problem is not None:
                problems.append(problem)
            if item.id in seen:
                problems.append(
                    Problem(f"duplicate id '{item.id}'; ids must be unique", path=f"{section}[{index}].id")
                )
            seen.add(item.id)
        tables[section] = seen
    return problems, tables


def reference_problems(dataset: Dataset, *, check_ids: bool = True) -> list[Problem]:
    """Every rule on how items refer to each other, each problem at its field: ids (see
    `id_problems`), source files inside the dataset's folder, every reference (a field typed
    as the id of a section, in `model`) leading to something the dataset defines, every record
    and document dated, and implementations linked to outcomes."""
    problems, tables = id_problems(dataset, check_ids=check_ids)
    for i, source in enumerate(dataset.sources):
        if source.file is not None and (wrong := _file_problem(source.file)):
            problems.append(Problem(wrong, path=f"sources[{i}].file"))
    for section in SECTIONS:
        for i, item in enumerate(getattr(dataset, section)):
            for path, target, value in shape.references(item, f"{section}[{i}]"):
                if value not in tables[target]:
                    # A guess only for the problems a report prints: difflib is slow on long lists.
                    guess = suggest(value, tables[target]) if len(problems) < MAX_REPORTED else None
                    hint = f"; did you mean '{guess}'?" if guess else f"; add it to {target}"
                    problems.append(Problem(f"'{shorten(value)}' is not in {target}{hint}", path=path))
    problems += date_problems(dataset)
    outcome_ids = {r.id for r in dataset.records if r.kind == "outcome"}
    for i, record in enumerate(dataset.records):
        if (wrong := _implements_problem(record, outcome_ids)) is not None:
            problems.append(Problem(wrong, path=f"records[{i}].implements"))
    return problems


def date_problems(dataset: Dataset) -> list[Problem]:
    """Every record and document can be dated: by its own date, else (a record) by its
    document's, else by its event's."""
    problems = []
    for i, record in enumerate(dataset.records):
        if record.date is None and record.event is None and record.document is None:
            problems.append(
                Problem("a record needs a date, an event or a document to date it", path=f"records[{i}]")
            )
    for i, document in enumerate(dataset.documents):
        if document.date is None and document.event is None:
            problems.append(Problem("a document needs a date or an event to date it", path=f"documents[{i}]"))
    return problems + early_report_problems(dataset)


def _file_problem(file: str) -> str | None:
    """What is wrong with a source's `file` as a path, before it is ever opened."""
    parts = Path(file).parts
    if Path(file).is_absolute() or ".." in parts or not parts:
        return (
            f"'{shorten(file)}' must be a relative path inside the dataset's folder "
            "(such as sources/article.txt)"
        )
    return None


_DATE_LIKE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def consistency_problems(dataset: Dataset) -> list[Problem]:
    """What a dataset says that contradicts itself, or that a derived label would misread,
    each at its field: a range whose upper end is below its low end, an event that ends before
    it begins, one id for two kinds of object (`show ID` could reach only one), an event id
    that --event would read as a date, a record mediated, reported or concerning its own side,
    a record confirmed by its own source or twice by one page, a version of a dispute about an
    event's field that belongs to another event, and `completes` on anything but an
    implementation."""
    problems: list[Problem] = []
    owners: dict[str, str] = {}
    for section in SECTIONS:
        for i, item in enumerate(getattr(dataset, section)):
            owner = owners.setdefault(item.id, section)
            if owner != section:
                problems.append(
                    Problem(
                        f"'{item.id}' is also the id of one of the {owner}; an id must name one "
                        "thing, in every section: rename one of them",
                        path=f"{section}[{i}].id",
                    )
                )
    for i, event in enumerate(dataset.events):
        if _DATE_LIKE.fullmatch(event.id):
            problems.append(
                Problem(
                    f"event id '{event.id}' reads as a date, a month or a year to --event; "
                    "give it a name (such as round-1 or summit-2025-06)",
                    path=f"events[{i}].id",
                )
            )
        if event.end is not None and event.end < event.date:
            problems.append(
                Problem(
                    f"the event ends ({event.end}) before it begins ({event.date})", path=f"events[{i}].end"
                )
            )
    for i, dispute in enumerate(dataset.disputes):
        if dispute.field is not None and dispute.event is None:
            problems.append(
                Problem(
                    f"field '{dispute.field}' is a field of the dispute's event, and it names none: "
                    "give its event (event: ID), or remove field",
                    path=f"disputes[{i}].field",
                )
            )
    event_of = {d.id: d.event for d in dataset.disputes if d.event is not None and d.field is not None}
    urls = {s.id: s.url for s in dataset.sources if s.url}
    for i, record in enumerate(dataset.records):
        where = f"records[{i}]"
        for j, figure in enumerate(record.figures):
            if figure.upper is not None and figure.upper < figure.value:
                problems.append(
                    Problem(
                        f"the range's upper end ({figure.upper:,}) is below its value ({figure.value:,}); "
                        "value is the low end",
                        path=f"{where}.figures[{j}].upper",
                    )
                )
        if record.side is not None:
            own = f"'{record.side}' is the record's own side; "
            for j, mediator in enumerate(record.mediators):
                if mediator == record.side:
                    problems.append(
                        Problem(
                            own + "a side does not mediate its own exchange", path=f"{where}.mediators[{j}]"
                        )
                    )
            if record.reported_by == record.side:
                problems.append(
                    Problem(
                        own + "reported_by is for another who reported it: remove it",
                        path=f"{where}.reported_by",
                    )
                )
            if record.concerns == record.side:
                problems.append(
                    Problem(own + "concerns is for whom a claim is about, when not its side: remove it",
                            path=f"{where}.concerns")
                )  # fmt: skip
        if record.date_precision != "day" and record.date is None:
            problems.append(
                Problem(
                    "date_precision says how precise the record's own date is, and it has none: "
                    "give its date, or remove date_precision",
                    path=f"{where}.date_precision",
                )
            )
        elif record.date_precision == "month" and record.date is not None and record.date.day != 1:
            problems.append(
                Problem(
                    f"a date of month precision is its month's first day: write "
                    f"{record.date.replace(day=1)} for {record.date:%Y-%m}, or set date_precision: day",
                    path=f"{where}.date",
                )
            )
        problems += confirmation_problems(record, where, urls) + version_problems(record, where, event_of)
        if record.completes and record.kind != "implementation":
            problems.append(
                Problem(
                    f"a record of kind '{record.kind}' completes nothing; only an 'implementation' "
                    "that carries out an outcome may complete it",
                    path=f"{where}.completes",
                )
            )
    return problems
