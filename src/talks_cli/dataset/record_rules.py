"""The rules on what a record rests on and what dates it: the pages that confirm it, the date
its event may lend it, and the event whose disputed field it is a version of."""

from __future__ import annotations

from talks_cli.dataset.model import Dataset, Record
from talks_cli.errors import Problem


def early_report_problems(dataset: Dataset) -> list[Problem]:
    """A record dated by its event (no date of its own) whose page was published before the
    event began: a preview or a plan is not a report of the event, so it may not take the
    event's date."""
    problems = []
    published = {s.id: s.published for s in dataset.sources if s.published is not None}
    starts = {e.id: e.date for e in dataset.events}
    for i, record in enumerate(dataset.records):
        if record.date is not None or record.event is None:
            continue
        page, start = published.get(record.source), starts.get(record.event)
        if page is not None and start is not None and page < start:
            problems.append(
                Problem(
                    f"record '{record.id}' would take the date of event '{record.event}' ({start}), "
                    f"but its source '{record.source}' was published on {page}, before the event: "
                    "give the record its own date (the page's, or the date the page gives), or "
                    "detach it from the event",
                    path=f"records[{i}].date",
                )
            )
    return problems


def confirmation_problems(record: Record, where: str, urls: dict[str, str]) -> list[Problem]:
    """A confirmation is another page that carries the record's fact: never the record's own
    source, under its id or another with the same address (`urls`: source id to address), and
    each page once."""
    problems = []
    seen: set[str] = set()
    own = urls.get(record.source)
    for j, confirmation in enumerate(record.confirmed_by):
        if confirmation.source == record.source or (own and urls.get(confirmation.source) == own):
            problems.append(
                Problem(
                    f"record '{record.id}' is confirmed by its own source '{record.source}'"
                    + ("" if confirmation.source == record.source else f" (as '{confirmation.source}')")
                    + "; a confirmation is another page that carries the fact: name that page or remove it",
                    path=f"{where}.confirmed_by[{j}].source",
                )
            )
        elif confirmation.source in seen:
            problems.append(
                Problem(
                    f"record '{record.id}' names '{confirmation.source}' twice in confirmed_by; "
                    "keep one, with where on the page the fact stands",
                    path=f"{where}.confirmed_by[{j}].source",
                )
            )
        seen.add(confirmation.source)
    return problems


def version_problems(record: Record, where: str, event_of: dict[str, str]) -> list[Problem]:
    """A version of a dispute about an event's field (`event_of`: dispute to event) belongs to
    that event: a report of a later plan is a rescheduling, not a version."""
    problems = []
    if record.dispute in event_of and record.event != event_of[record.dispute]:
        problems.append(
            Problem(
                f"record '{record.id}' is a version of dispute '{record.dispute}' about event "
                f"'{event_of[record.dispute]}', but belongs to "
                + (f"event '{record.event}'" if record.event else "no event")
                + ": a report of another plan is no version of this one (a rescheduling is a "
                "new plan, an event of its own); tie the record to the dispute's event or "
                "take it out of the dispute",
                path=f"{where}.dispute",
            )
        )
    return problems
