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
SCHEMA_VERSION = 4
# Versions a dataset file may give. 4 moved `confirmed_by` from sources to records and made an
# event's status required, so a file of 2 or 3 is refused with the way to migrate it.
READABLE_VERSIONS = (4,)

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,79}$"
# The pattern is checked once, when a YAML file is loaded (reference_rules.reference_problems), and only
# published in the JSON Schema here: as a msgspec constraint it would run a regular
# expression on every id each time the cache is decoded, most of the decode's time.
Id = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=80,
        description="Stable identifier: lower-case letters, digits and hyphens; unchanged once published.",
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


def _means(text: str) -> msgspec.Meta:
    """What a field means, written once beside its type: `talks schema`, docs/format.md,
    docs/json.md and the SQLite export's Datasette metadata all read it (`fields.describe`)."""
    return msgspec.Meta(description=text)


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
# Whether an event took place, as its sources say: `held` only where a page reports it took
# place; a truce one side announced is `declared`; a round announced for a date still to come is
# `planned`; put off, `postponed`; cancelled, `called-off`. Required: nothing is held by default.
EventStatus = Literal["held", "declared", "planned", "postponed", "called-off"]
# How precise a date is: a page that gives only the month ("July 2026") is dated by its first
# day with `month`, shown as 2026-07; "about 20 November" is `about`.
Precision = Literal["day", "about", "month"]
DocumentKind = Literal["communique", "draft", "memorandum", "plan", "counter-proposal", "framework", "letter"]
# What kind of page a source is, which is what a reader weighs it by: a news organisation's own
# site, a government or state agency, a copy of another outlet's article, or an aggregator
# (kept only where another page confirms the fact; that page is in the record's `confirmed_by`).
PageKind = Literal["outlet", "official", "mirror", "aggregator"]
ParticipantRole = Literal["party", "mediator", "host", "observer"]
Position = Literal["for", "against", "conditional"]
Qualifier = Literal["exact", "about", "at least", "over", "up to", "under"]
# What each qualifier says of its number, the one home of this vocabulary's rules: whether the
# number is the amount (give or take), its floor or its cap ("at least 500" and "over 500" agree,
# "up to 500" does not); and how loose it is (a sum is as loose as its loosest part).
QUALIFIER_SENSE: dict[str, Literal["point", "floor", "cap"]] = {
    "exact": "point",
    "about": "point",
    "at least": "floor",
    "over": "floor",
    "up to": "cap",
    "under": "cap",
}
LOOSENESS: dict[str, int] = {"exact": 0, "at least": 1, "over": 2, "about": 3, "up to": 4, "under": 5}
# The kinds of record that state a side's stance: what `talks compare` and the clashes query weigh.
STANCE_KINDS = ("position", "condition")

KINDS: tuple[str, ...] = get_args(Kind)
EVENT_KINDS: tuple[str, ...] = get_args(EventKind)
PAGE_KINDS: tuple[str, ...] = get_args(PageKind)
STATUSES: tuple[str, ...] = get_args(Status)


class _Strict(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, frozen=True, gc=False):
    """Base: unknown fields are errors, every field is passed by name.

    gc=False: these immutable records never form reference cycles, so the garbage collector
    need not track the hundreds of thousands a large dataset makes.
    """


class Source(_Strict, kw_only=True, frozen=True):
    id: Id
    # Never a title made up from the page's address.
    title: Annotated[Name | None, _means("The page's own title; null where it is not known.")] = None
    kind: Annotated[
        Literal["article", "web-page", "fact-list"],
        _means("What the source is: an article, a web page, or the project's own list of facts."),
    ]
    page: Annotated[
        PageKind | None,
        _means(
            "What kind of page it is: outlet, official, mirror or aggregator "
            "(null only for the project's own fact lists)."
        ),
    ] = None
    mirror_of: Annotated[Name | None, _means("For a mirror: the outlet whose article it copies.")] = None
    # `$(?!\n)`: Python's `$` also matches before a final newline; JSON Schema's does not.
    language: Annotated[
        str,
        msgspec.Meta(
            pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$(?!\n)", description="The language of the page (ISO 639)."
        ),
    ]
    publisher: Annotated[Name | None, _means("The site or organisation that published the page.")] = None
    published: Annotated[
        datetime.date | None, _means("The page's date of publication, where it is known.")
    ] = None
    url: Annotated[
        Annotated[str, msgspec.Meta(pattern=r"^https?://\S+$(?!\n)", max_length=2000)] | None,
        _means("The page's address."),
    ] = None
    file: Annotated[
        Name | None,
        _means(
            "The path of the page's stored text, relative to the dataset file: quotes are checked against it."
        ),
    ] = None
    note: Annotated[Text | None, _means("A note on the source.")] = None


class Actor(_Strict, kw_only=True, frozen=True):
    id: Id
    name: Annotated[Name, _means("The actor's name.")]
    role: Annotated[Role, _means("The actor's role in the talks.")]
    aliases: Annotated[list[Name], _means("Other names it goes by, in any language; each leads to it.")] = []

    def names(self) -> list[str]:
        """Every name the actor goes by, id first: what a SIDE argument may be."""
        return [self.id, self.name, *self.aliases]


class Person(_Strict, kw_only=True, frozen=True):
    id: Id
    name: Annotated[Name, _means("The person's name.")]
    actor: Annotated[ActorRef | None, _means("The actor the person speaks for.")] = None
    title: Annotated[Name | None, _means("The person's office, where the sources give it.")] = None
    aliases: Annotated[list[Name], _means("Other names the person goes by; each leads to them.")] = []

    def names(self) -> list[str]:
        return [self.id, self.name, *self.aliases]


class Topic(_Strict, kw_only=True, frozen=True):
    id: Id
    label: Annotated[Name, _means("The topic's label.")]
    aliases: Annotated[
        list[Name], _means("Other names of the topic, in any language; each leads to it.")
    ] = []

    def names(self) -> list[str]:
        return [self.id, self.label, *self.aliases]


class Delegation(_Strict, kw_only=True, frozen=True):
    side: Annotated[ActorRef, _means("The side the delegation represents.")]
    head: Annotated[PersonRef | None, _means("The head of the delegation.")] = None
    members: Annotated[list[PersonRef], _means("The members of the delegation.")] = []
    source: Annotated[SourceRef, _means("The source that names the delegation.")]


class Participant(_Strict, kw_only=True, frozen=True):
    """An actor at an event, and in what role: a mediator or host is not a party."""

    actor: Annotated[ActorRef, _means("The actor at the event.")]
    role: Annotated[ParticipantRole, _means("Its role at the event: party, mediator, host or observer.")]


class Event(_Strict, kw_only=True, frozen=True):
    id: Id
    name: Annotated[Name, _means("The event's name.")]
    kind: Annotated[EventKind, _means("What kind of event it is.")]
    status: Annotated[
        EventStatus,
        _means("Whether it took place: held, declared, planned, postponed or called-off (required)."),
    ]
    date: Annotated[
        datetime.date, _means("Its first day (a dispute about the event may give other versions).")
    ]
    date_precision: Annotated[
        Precision, _means("How precise its date is: a day, about (a day the pages hedge), or a month.")
    ] = "day"
    end: Annotated[datetime.date | None, _means("Its last day, for an event over several days.")] = None
    place: Annotated[Name | None, _means("The city or place (none for a phone call).")] = None
    venue: Annotated[Name | None, _means("The building or venue.")] = None
    # As the sources call it ("Anchorage" for the Alaska summit).
    aliases: Annotated[
        list[Name], _means("Other names it goes by; each leads to it, like its name, place and venue.")
    ] = []
    participants: Annotated[list[Participant], _means("The actors at the event, each with its role.")] = []
    chairs: Annotated[list[PersonRef], _means("The people who chaired the event.")] = []
    delegations: Annotated[list[Delegation], _means("Each side's delegation.")] = []
    sources: Annotated[list[SourceRef], _means("The sources for the event's own facts.")] = []


class Document(_Strict, kw_only=True, frozen=True):
    """A written text put forward in the talks: a communiqué, a draft, a memorandum, a plan.
    Its provisions are the records that name it."""

    id: Id
    title: Annotated[Name, _means("The document's title.")]
    kind: Annotated[DocumentKind, _means("What kind of document it is.")]
    authors: Annotated[
        list[ActorRef],
        msgspec.Meta(min_length=1, description="The actors who put the document forward (a plan's sponsor)."),
    ]
    event: Annotated[EventRef | None, _means("The event where it was put forward, if any.")] = None
    date: Annotated[
        datetime.date | None, _means("Its date, where the sources give it; else its event's.")
    ] = None
    date_precision: Annotated[
        Precision, _means("How precise its date is: a day, about (a day the pages hedge), or a month.")
    ] = "day"
    source: Annotated[SourceRef, _means("The source the document is known from.")]
    note: Annotated[Text | None, _means("A note on the document.")] = None


class Dispute(_Strict, kw_only=True, frozen=True):
    """A question the sources answer differently; its records are the versions."""

    id: Id
    question: Annotated[Text, _means("What the versions disagree on.")]
    # The event then shows that field as disputed, with every version.
    event: Annotated[
        EventRef | None, _means("The event whose field the versions disagree on (null when none).")
    ] = None
    field: Annotated[
        Literal["date", "end", "place", "venue"] | None,
        _means("For a dispute about an event: which of its fields the versions disagree on."),
    ] = None


class Question(_Strict, kw_only=True, frozen=True):
    """A proposition sides can hold a stance on ("Ukraine is neutral"), and the figure that
    measures it, if any ("troops cap"): where two sides clash, or agree."""

    id: Id
    text: Annotated[Text, _means("The proposition, in words.")]
    figure: Annotated[Name | None, _means("The figure (its `what`) that measures the question, if any.")] = (
        None
    )


class Stance(_Strict, kw_only=True, frozen=True):
    question: Annotated[QuestionRef, _means("The question the stance is on.")]
    position: Annotated[Position, _means("For, against, or conditional.")]
    condition: Annotated[Text | None, _means("For a conditional stance: on what.")] = None


Count = Annotated[int, msgspec.Meta(ge=0, le=10**12)]


class Figure(_Strict, kw_only=True, frozen=True):
    what: Annotated[Name, _means("What the number counts.")]
    value: Annotated[Count, _means("The number; for a range, its low end.")]
    qualifier: Annotated[
        Qualifier, _means("How exact the number is: exact, about, at least, over, up to or under.")
    ] = "exact"
    upper: Annotated[Count | None, _means("For a range, its high end: truces of 24 to 48 hours.")] = None
    unit: Annotated[Name | None, _means("The unit (hours, days, %…).")] = None
    # Listed and charted, never added to another, and taken as what was delivered so far where
    # it exceeds the sum of the parts.
    cumulative: Annotated[
        bool, _means("A running total (so far, in all): never added to another figure.")
    ] = False


class Confirmation(_Strict, kw_only=True, frozen=True):
    """Another page that carries a record's fact, held like a citation: which page, and where
    on it the fact stands."""

    source: Annotated[
        SourceRef, _means("A page that carries the record's fact (never the record's own source).")
    ]
    locator: Annotated[Name, _means("Where on that page the fact stands.")]
    in_substance: Annotated[
        bool,
        _means("The page carries the fact in substance only, not in its details (the locator says how)."),
    ] = False


class Record(_Strict, kw_only=True, frozen=True):
    id: Id
    event: Annotated[
        EventRef | None,
        _means("The event it belongs to; null for what belongs to no event (then `date` is set)."),
    ]
    side: Annotated[
        ActorRef | None,
        _means("The actor whose claim or position it is (null for a fact or a joint outcome)."),
    ]
    kind: Annotated[Kind, _means("What kind of record it is.")]
    topic: Annotated[TopicRef, _means("The topic it is about.")]
    status: Annotated[Status, _means("Where the side stands, or what became of it.")]
    summary: Annotated[Text, _means("What the source says, in English.")]
    # Never a paraphrase.
    quote: Annotated[
        Text | None,
        _means("The source's exact words in their original language; null where its text is not stored."),
    ]
    source: Annotated[SourceRef, _means("The source it rests on.")]
    locator: Annotated[Name, _means("Where in the source.")]
    people: Annotated[list[PersonRef], _means("The people it names.")] = []
    figures: Annotated[list[Figure], _means("The numbers it states.")] = []
    date: Annotated[
        datetime.date | None,
        _means("Its own date, where the source gives one (`when` is the date it is listed by)."),
    ] = None
    # A page that gives only the month ("July 2026") is dated by its first day with `month`,
    # shown as 2026-07; "about 20 November" is `about`.
    date_precision: Annotated[
        Precision,
        _means("How precise its date is: a day, about (a day the page hedges), or a month."),
    ] = "day"
    document: Annotated[DocumentRef | None, _means("The document whose provision it is.")] = None
    implements: Annotated[RecordRef | None, _means("For an implementation: the outcome it carries out.")] = (
        None
    )
    dispute: Annotated[DisputeRef | None, _means("The dispute it is one version of.")] = None
    related: Annotated[list[RecordRef], _means("Related records.")] = []
    note: Annotated[Text | None, _means("A note on the record.")] = None
    stance: Annotated[Stance | None, _means("Its stance on a question, where it takes one.")] = None
    mediators: Annotated[list[ActorRef], _means("Who mediated (an exchange): never its side.")] = []
    concerns: Annotated[ActorRef | None, _means("Whom a claim is about, when not its side.")] = None
    reported_by: Annotated[ActorRef | None, _means("Who reported it, when not its side.")] = None
    unconfirmed: Annotated[bool, _means("The side did not confirm what was reported of it.")] = False
    completes: Annotated[bool, _means("For an implementation: it fully carries out its outcome.")] = False
    # What a reader weighs a record on an aggregator or a copy by.
    confirmed_by: Annotated[
        list[Confirmation],
        _means(
            "Other pages that carry this record's fact, each with where on the page it stands "
            "(never the record's own source)."
        ),
    ] = []


class Term(_Strict, kw_only=True, frozen=True):
    """A word of the field and the other ways it is written (foreign ministry: MFA, МИД): a
    search for any of them finds every one."""

    name: Annotated[Name, _means("The word, as the records usually write it (foreign ministry).")]
    aliases: Annotated[
        list[Name],
        msgspec.Meta(
            min_length=1, description="Other ways it is written (MFA, МИД): a search for any finds them all."
        ),
    ]

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


class Dataset(_Strict, kw_only=True, frozen=True):
    schema_version: Annotated[int, _means("The version of the dataset format.")]
    title: Annotated[Name, _means("The dataset's title.")]
    as_of: Annotated[datetime.date | None, _means("The day the data was last brought up to date.")] = None
    coverage: Annotated[Text | None, _means("What the sources cover, and what they do not.")] = None
    sources: Annotated[list[Source], _means("The pages and texts the records cite.")]
    actors: Annotated[list[Actor], _means("Sides, mediators, hosts and third parties.")]
    people: Annotated[list[Person], _means("People named in the talks: negotiators, leaders, envoys.")] = []
    topics: Annotated[list[Topic], _means("The controlled vocabulary of topics.")]
    events: Annotated[list[Event], _means("Rounds, summits, meetings, calls, truces, publications.")]
    documents: Annotated[list[Document], _means("Communiqués, drafts, memoranda, plans, letters.")] = []
    questions: Annotated[list[Question], _means("Propositions sides hold stances on.")] = []
    disputes: Annotated[list[Dispute], _means("Questions the sources answer differently.")] = []
    terms: Annotated[
        list[Term], _means("Words of the field and their abbreviations, which a search treats as one.")
    ] = []
    records: Annotated[list[Record], _means("One claim from one source each.")]


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
