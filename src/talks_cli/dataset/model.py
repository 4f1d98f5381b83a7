"""The typed schema of a talks dataset.

Everything outside `load` sees only these objects, already validated. The JSON Schema that
`talks schema` prints is generated from these classes, so they are the single definition of
the dataset format.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal, get_args

import msgspec

# Bump when the shape of the dataset or of the JSON output changes; README's changelog says what.
SCHEMA_VERSION = 3
# Versions a dataset file may give: 3 only added optional fields to 2, so a file of 2 reads as is.
READABLE_VERSIONS = (2, 3)

# What schema_version 3 added to 2 (docs/changelog.md), which a file that says 2 may not use
# (rules.version_problems): a field ("Source.page", set to anything but its default), a value
# of a field ("Event.kind=truce"), or null where 2 wanted a value ("Record.event=null").
ADDED_IN_3 = (
    "Dataset.as_of",
    "Dataset.coverage",
    "Source.title=null",
    "Source.page",
    "Source.mirror_of",
    "Source.confirmed_by",
    "Event.kind=truce",
    "Event.status",
    "Document.kind=letter",
    "Dispute.event",
    "Dispute.field",
    "Figure.qualifier=under",
    "Figure.cumulative",
    "Record.event=null",
    "Record.date_precision",
)

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,79}$"
# The pattern is checked once, when a YAML file is loaded (load.reference_problems), and only
# published in the JSON Schema here: as a msgspec constraint it would run a regular
# expression on every id each time the cache is decoded, most of the decode's time.
Id = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=80,
        description="Lower-case letters, digits and hyphens; stable once published.",
        extra_json_schema={"pattern": ID_PATTERN},
    ),
]


def _ref(section: str) -> msgspec.Meta:
    """The id of an item of `section`: the reference checks, the SQLite foreign keys and the
    docs read the section from here (`extra`), so a reference says in its type what it is."""
    return msgspec.Meta(
        min_length=1,
        max_length=80,
        description=f"The id of one of the dataset's {section}.",
        extra_json_schema={"pattern": ID_PATTERN},
        extra={"ref": section},
    )


SourceRef = Annotated[str, _ref("sources")]
ActorRef = Annotated[str, _ref("actors")]
PersonRef = Annotated[str, _ref("people")]
TopicRef = Annotated[str, _ref("topics")]
EventRef = Annotated[str, _ref("events")]
DocumentRef = Annotated[str, _ref("documents")]
QuestionRef = Annotated[str, _ref("questions")]
DisputeRef = Annotated[str, _ref("disputes")]
RecordRef = Annotated[str, _ref("records")]

# Bounds keep a hostile dataset from smuggling megabytes into a single field.
Text = Annotated[str, msgspec.Meta(min_length=1, max_length=20_000)]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=300)]

Kind = Literal["position", "condition", "outcome", "statement", "fact", "implementation"]
Status = Literal[
    "demanded",
    "proposed",
    "backed",  # supported another's demand or proposal without making it its own
    "rejected",
    "agreed",
    "implemented",
    "disputed",
    "stated",
    "reported",
]
Role = Literal["party", "supporter", "host", "mediator", "third-party"]
EventKind = Literal["round", "summit", "meeting", "trilateral", "call", "publication", "statement", "truce"]
# Whether an event took place: a round announced and then put off is `postponed`, not held.
EventStatus = Literal["held", "postponed", "planned"]
DocumentKind = Literal["communique", "draft", "memorandum", "plan", "counter-proposal", "framework", "letter"]
# What kind of page a source is, which is what a reader weighs it by: a news organisation's own
# site, a government or state agency, a copy of another outlet's article, or an aggregator
# (kept only where another page confirms the fact; that page is in `confirmed_by`).
PageKind = Literal["outlet", "official", "mirror", "aggregator"]
ParticipantRole = Literal["party", "mediator", "host", "observer"]
Position = Literal["for", "against", "conditional"]
Qualifier = Literal["exact", "about", "at least", "over", "up to", "under"]

KINDS: tuple[str, ...] = get_args(Kind)
EVENT_KINDS: tuple[str, ...] = get_args(EventKind)
STATUSES: tuple[str, ...] = get_args(Status)


class _Strict(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, frozen=True, gc=False):
    """Base: unknown fields are errors, every field is passed by name.

    gc=False: these immutable records never form reference cycles, so the garbage collector
    need not track the hundreds of thousands a large dataset makes.
    """


class Source(_Strict, kw_only=True, frozen=True):
    id: Id
    # The page's own title; null where the page could not be found or gives none (never one
    # made up from its address).
    title: Name | None = None
    kind: Literal["article", "web-page", "fact-list"]
    page: PageKind | None = None  # null only for the project's own fact lists
    mirror_of: Name | None = None  # for a mirror: the outlet whose article it copies
    confirmed_by: list[SourceRef] = []  # for an aggregator: the sources that confirm what it says
    # `$(?!\n)`: Python's `$` also matches before a final newline; JSON Schema's does not.
    language: Annotated[str, msgspec.Meta(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$(?!\n)")]
    publisher: Name | None = None
    published: datetime.date | None = None
    url: Annotated[str, msgspec.Meta(pattern=r"^https?://\S+$(?!\n)", max_length=2000)] | None = None
    # Path of the stored text, relative to the dataset file; quotes are checked against it.
    file: Name | None = None
    note: Text | None = None


class Actor(_Strict, kw_only=True, frozen=True):
    id: Id
    name: Name
    role: Role
    aliases: list[Name] = []

    def names(self) -> list[str]:
        """Every name the actor goes by, id first: what a SIDE argument may be."""
        return [self.id, self.name, *self.aliases]


class Person(_Strict, kw_only=True, frozen=True):
    id: Id
    name: Name
    actor: ActorRef | None = None
    title: Name | None = None
    aliases: list[Name] = []

    def names(self) -> list[str]:
        return [self.id, self.name, *self.aliases]


class Topic(_Strict, kw_only=True, frozen=True):
    id: Id
    label: Name
    aliases: list[Name] = []

    def names(self) -> list[str]:
        return [self.id, self.label, *self.aliases]


class Delegation(_Strict, kw_only=True, frozen=True):
    side: ActorRef
    head: PersonRef | None = None
    members: list[PersonRef] = []
    source: SourceRef


class Participant(_Strict, kw_only=True, frozen=True):
    """An actor at an event, and in what role: a mediator or host is not a party."""

    actor: ActorRef
    role: ParticipantRole


class Event(_Strict, kw_only=True, frozen=True):
    id: Id
    name: Name
    kind: EventKind
    status: EventStatus = "held"
    date: datetime.date  # the first day; a `dispute` about this event may give other versions
    end: datetime.date | None = None  # the last day, for an event over several days
    place: Name | None = None  # none for a phone call
    venue: Name | None = None
    participants: list[Participant] = []
    chairs: list[PersonRef] = []
    delegations: list[Delegation] = []
    sources: list[SourceRef] = []


class Document(_Strict, kw_only=True, frozen=True):
    """A written text put forward in the talks: a communiqué, a draft, a memorandum, a plan.
    Its provisions are the records that name it."""

    id: Id
    title: Name
    kind: DocumentKind
    authors: Annotated[list[ActorRef], msgspec.Meta(min_length=1)]  # actors; a plan's sponsor
    event: EventRef | None = None  # where it was put forward, if at an event
    date: datetime.date | None = None  # when the sources give it; else the event's date
    source: SourceRef
    note: Text | None = None


class Dispute(_Strict, kw_only=True, frozen=True):
    """A question the sources answer differently; its records are the versions."""

    id: Id
    question: Text
    # What the versions disagree on, when it is a field of an event (its date, its place): the
    # event then shows that field as disputed, with every version.
    event: EventRef | None = None
    field: Literal["date", "end", "place", "venue"] | None = None


class Question(_Strict, kw_only=True, frozen=True):
    """A proposition sides can hold a stance on ("Ukraine is neutral"), and the figure that
    measures it, if any ("troops cap"): where two sides clash, or agree."""

    id: Id
    text: Text
    figure: Name | None = None


class Stance(_Strict, kw_only=True, frozen=True):
    question: QuestionRef
    position: Position
    condition: Text | None = None  # for a conditional stance: on what


Count = Annotated[int, msgspec.Meta(ge=0, le=10**12)]


class Figure(_Strict, kw_only=True, frozen=True):
    what: Name
    value: Count  # the number; for a range, its low end
    qualifier: Qualifier = "exact"
    upper: Count | None = None  # a range's high end: truces of 24 to 48 hours
    unit: Name | None = None
    # A running total ("5,355 exchanged so far"): listed and charted, never added to another,
    # and taken as what was delivered so far where it exceeds the sum of the parts.
    cumulative: bool = False


class Record(_Strict, kw_only=True, frozen=True):
    id: Id
    event: EventRef | None  # null for what belongs to no event (a return of bodies); then `date` is set
    side: ActorRef | None
    kind: Kind
    topic: TopicRef
    status: Status
    summary: Text
    # The exact words of the source in their original language; null when the source text
    # is not stored (a web page known only by its address), never a paraphrase.
    quote: Text | None
    source: SourceRef
    locator: Name
    people: list[PersonRef] = []
    figures: list[Figure] = []
    date: datetime.date | None = None
    # How precise `date` is: a page that gives only the month ("July 2026") is dated by its
    # first day with `month`, shown as 2026-07; "about 20 November" is `about`.
    date_precision: Literal["day", "about", "month"] = "day"
    document: DocumentRef | None = None
    implements: RecordRef | None = None
    dispute: DisputeRef | None = None
    related: list[RecordRef] = []
    note: Text | None = None
    stance: Stance | None = None
    mediators: list[ActorRef] = []  # who mediated (an exchange): never its side
    concerns: ActorRef | None = None  # whom a claim is about, when not its side
    reported_by: ActorRef | None = None  # who reported it, when not its side
    unconfirmed: bool = False  # the side did not confirm what was reported of it
    completes: bool = False  # an implementation that fully carries out its outcome


class Dataset(_Strict, kw_only=True, frozen=True):
    schema_version: int
    title: Name
    as_of: datetime.date | None = None  # the day the data was last brought up to date
    coverage: Text | None = None  # what the sources cover, and what they do not
    sources: list[Source]
    actors: list[Actor]
    people: list[Person] = []
    topics: list[Topic]
    events: list[Event]
    documents: list[Document] = []
    questions: list[Question] = []
    disputes: list[Dispute] = []
    records: list[Record]


# The lists of a dataset that hold items with ids, in the order a file gives them.
SECTIONS = (
    "sources",
    "actors",
    "people",
    "topics",
    "events",
    "documents",
    "questions",
    "disputes",
    "records",
)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a dataset file, generated from the classes above."""
    schema = msgspec.json.schema(Dataset)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"talks dataset, schema_version {SCHEMA_VERSION}"
    return schema
