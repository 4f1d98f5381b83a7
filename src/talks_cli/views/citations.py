"""Citations to paste: the sources behind records, documents, events or sources, in APA 7,
Chicago (notes and bibliography), MLA 9, BibTeX or CSL-JSON.

A citation cites what was published: a page, or a text stored with the dataset; never the
dataset's own fact lists, which are how it was compiled (`talks info` names them). It says only
what the dataset knows, by each style's rules for what is missing:

- No author is stored for any source. APA and MLA then start with the title; APA cites an
  official page under the body that published it (a group author); Chicago lets the publisher
  stand for the author, as it does for an unsigned page.
- No title: a description of the page in its place, from what the data know (what kind of page,
  its language, the one event whose facts it reports): bracketed in APA, plain in Chicago and
  MLA. An untitled stored text is described by its first words, marked as such, as catalogues
  do for untitled works. A title is never made up.
- No date: "(n.d.)" in APA, with the date retrieved (an undated page may change); Chicago and MLA
  give the date accessed instead; a stored text with no date is "n.d.". A dated article has
  no retrieval date in APA. The date accessed is the dataset's `as_of`.
- A title not in English: the original, then its language in brackets (the data hold no
  translated titles).

Each plain citation is one line whatever the data hold; BibTeX keeps every brace it writes
balanced (see `bibtex`), so no text can end a field or add an entry.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Literal, NamedTuple, get_args

import msgspec

from talks_cli.dataset.model import Event, Record, Source
from talks_cli.dataset.reading import source_opening
from talks_cli.errors import UsageError
from talks_cli.query.catalog import Catalog, event_sources
from talks_cli.query.names import unknown_id
from talks_cli.text import shorten
from talks_cli.views import bibtex

Style = Literal["apa", "chicago", "mla", "bibtex", "csl-json"]
STYLES: tuple[str, ...] = get_args(Style)
DEFAULT_STYLE: Style = "apa"

# English month names, whatever the locale (strftime's %B follows LC_TIME).
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MLA_MONTHS = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
# Languages named in a citation of a source not in English (ISO 639-1; others by their code).
_LANGUAGES = {
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "it": "Italian",
    "lv": "Latvian",
    "pl": "Polish",
    "ru": "Russian",
    "sv": "Swedish",
    "tr": "Turkish",
    "uk": "Ukrainian",
}


class Known(NamedTuple):
    """What the dataset knows of a source, for citing it."""

    source: Source
    accessed: datetime.date | None  # the day the data was brought up to date
    subject: str | None = None  # the name of the one event whose facts it reports
    opening: str | None = None  # the first words of its stored text, where it has no title


def known(catalog: Catalog, source: Source) -> Known:
    event = _subject(catalog, source)
    opening = None if source.title else _opening(catalog, source)
    return Known(source, catalog.dataset.as_of, event.name if event else None, opening)


def _subject(catalog: Catalog, source: Source) -> Event | None:
    """The one event whose facts `source` reports (the events naming it and its records'), or
    None when it reports none or several."""

    def build() -> dict[str, set[str]]:
        reported: dict[str, set[str]] = defaultdict(set)
        for event in catalog.dataset.events:
            for source_id in event_sources(event):
                reported[source_id].add(event.id)
        for record in catalog.dataset.records:
            if record.event:
                reported[record.source].add(record.event)
        return reported

    events = catalog.memo("events each source reports", build).get(source.id, set())
    return catalog.events[next(iter(events))] if len(events) == 1 else None


def _opening(catalog: Catalog, source: Source) -> str | None:
    """The first words of the source's stored text, read once; None where it has none."""
    if not source.file or catalog.folder is None:
        return None
    folder, file = catalog.folder, source.file
    return catalog.memo(f"opening of {source.id}", lambda: source_opening(folder, file))


def sources_of(catalog: Catalog, ids: Iterable[str]) -> list[Source]:
    """The published sources behind `ids` (records, documents, events or sources), once each,
    in the order first named. What rests on one of the dataset's fact lists is cited by the
    pages of its event; an unknown id is a usage error that names the closest ids."""
    found: list[str] = []
    for raw in ids:
        behind = _behind(catalog, raw)
        if not catalog.cited_sources(behind):
            raise UsageError(
                f"'{shorten(raw.strip())}' cites no published page of its own (the dataset's fact "
                "lists are how it was compiled, not sources); cite its records instead"
            )
        found += behind
    return catalog.cited_sources(found)


def _behind(catalog: Catalog, raw: str) -> list[str]:
    """The ids of the sources behind one record, document, event or source id."""
    key = raw.strip().lower()
    if key in catalog.sources:
        return [key]
    if key in catalog.records:
        return [source.id for source in catalog.cited([catalog.records[key]])]
    if key in catalog.documents:
        return [catalog.documents[key].source]
    if key in catalog.events:
        return event_sources(catalog.events[key])
    raise _unknown(catalog, raw)


def record_citation(catalog: Catalog, record: Record, style: Style = DEFAULT_STYLE) -> str:
    """The pages a record rests on, cited: what a listing's `cite` column holds."""
    sources = catalog.cited([record])
    return "; ".join(citation(known(catalog, source), style) for source in sources)


# What can be cited: each names the sources behind it.
CITABLE = ("records", "documents", "events", "sources")


def _unknown(catalog: Catalog, word: str) -> UsageError:
    """The closest ids of what can be cited, through `names.unknown_id`'s bounded guess."""
    listed = "`talks records`, `talks documents`, `talks events` and `talks sources` list them"
    return unknown_id(catalog, word, CITABLE, listed)


def citation(about: Known, style: Style = DEFAULT_STYLE) -> str:
    """A source cited in one of the text styles (apa, chicago, mla) or as one BibTeX entry."""
    match style:
        case "apa":
            return _one_line(_apa(about))
        case "chicago":
            return _one_line(_chicago(about))
        case "mla":
            return _one_line(_mla(about))
        case "bibtex":
            return _bibtex(about)
        case "csl-json":
            return msgspec.json.encode(csl_item(about)).decode()
    raise ValueError(style)


def citations(catalog: Catalog, sources: list[Source], style: Style) -> str:
    """The text `talks cite` prints: one citation a line, BibTeX entries a blank line apart,
    or one CSL-JSON array."""
    about = [known(catalog, source) for source in sources]
    if style == "csl-json":
        items = [csl_item(each) for each in about]
        return msgspec.json.format(msgspec.json.encode(items), indent=2).decode() + "\n"
    separator = "\n\n" if style == "bibtex" else "\n"
    return separator.join(citation(each, style) for each in about) + "\n"


# --- what is known of a source ------------------------------------------------------------------


def _one_line(parts: list[str]) -> str:
    """A citation on one line, whatever line breaks or runs of spaces its data hold."""
    return " ".join(" ".join(parts).split())


def _language(source: Source) -> str | None:
    """The source's language in words, when it is not English."""
    code = source.language.split("-")[0]
    if code == "en":
        return None
    return _LANGUAGES.get(code, f"language {source.language}")


def _kind_of_page(source: Source) -> str:
    if source.page == "mirror":
        return f"copy of {source.mirror_of or 'another outlet'}’s report"
    if source.kind == "article" or source.page == "outlet":
        return "news report"
    if source.page == "official":
        return "official page"
    if source.page == "aggregator":
        return "news aggregator’s page"
    return "web page"


def description(about: Known) -> str | None:
    """What stands in a citation for a missing title: what kind of page it is, its language, the
    event it reports on; for a stored text, its first words. None where the source has a title."""
    if about.source.title:
        return None
    words = [_kind_of_page(about.source)]
    if language := _language(about.source):
        words.append(f"in {language}")
    if about.subject:
        words.append(f"on “{about.subject}”")
    if about.opening:
        words = ["untitled", *words]
        words[-1] += f", beginning “{about.opening}”"
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _in_language(source: Source) -> str:
    """A title's language in brackets, after a title not in English."""
    language = _language(source)
    return f" [in {language}]" if language else ""


def stored_as(source: Source) -> str | None:
    """Where a source with no address is found: the file its text is stored in."""
    return f"Text stored with the dataset as {source.file}" if source.file and not source.url else None


def _sentence(text: str) -> str:
    """`text` ending with a full stop: inside a closing quotation mark, as these styles put it."""
    if text.endswith("”"):
        return text if text[:-1].endswith((".", "?", "!", "…")) else text[:-1] + ".”"
    return text if text.endswith((".", "?", "!", "…")) else text + "."


def _long_date(day: datetime.date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


def _mla_date(day: datetime.date) -> str:
    return f"{day.day} {_MLA_MONTHS[day.month - 1]} {day.year}"


# --- the text styles ------------------------------------------------------------------------------


def _apa(about: Known) -> list[str]:
    """APA 7 (10.2, news website; 10.16, webpage): Title. (2025, June 2). Site. URL. An official
    page under the body that published it: Body. (2025, June 2). Title. URL. No title: a
    bracketed description. No date: (n.d.) and "Retrieved Month D, YYYY, from URL"."""
    source = about.source
    day = source.published
    date = f"({day.year}, {_MONTHS[day.month - 1]} {day.day})." if day else "(n.d.)."
    described = description(about)
    title = f"[{described}]" if described else f"{source.title}{_in_language(source)}"
    if source.page == "official" and source.publisher:
        parts = [_sentence(source.publisher), date, _sentence(title)]
    else:
        parts = [_sentence(title), date]
        if source.publisher:
            parts.append(_sentence(source.publisher))
    if source.url:
        if about.accessed and not day:  # an undated page may change: the day it was seen
            parts.append(f"Retrieved {_long_date(about.accessed)}, from {source.url}")
        else:
            parts.append(source.url)
    elif where := stored_as(source):
        parts.append(_sentence(where))
    return parts


def _quoted_title(about: Known) -> str:
    """Chicago's and MLA's title: in quotation marks; no title, a description, plain."""
    described = description(about)
    return described if described else f"“{about.source.title}”{_in_language(about.source)}"


def _originally(source: Source) -> list[str]:
    """A titled mirror's original publisher (an untitled one's description names it)."""
    return [f"Originally published by {source.mirror_of}."] if source.mirror_of and source.title else []


def _chicago(about: Known) -> list[str]:
    """Chicago 17 (14.206, website content; 14.207, unsigned news): the publisher stands for the
    author: Publisher. “Title.” Month D, YYYY. URL. No title: a description, plain. No date:
    "Accessed Month D, YYYY." (a stored text: n.d.)."""
    source = about.source
    parts = [_sentence(source.publisher)] if source.publisher else []
    parts.append(_sentence(_quoted_title(about)))
    if source.published:
        parts.append(_sentence(_long_date(source.published)))
    elif source.url and about.accessed:
        parts.append(f"Accessed {_long_date(about.accessed)}.")
    else:
        parts.append("n.d.")
    parts += _originally(source)
    if source.url:
        parts.append(_sentence(source.url))
    elif where := stored_as(source):
        parts.append(_sentence(where))
    return parts


def _mla(about: Known) -> list[str]:
    """MLA 9 (title first, then the container): “Title.” Site, D Mon. YYYY, URL. No title: a
    description, plain. No date: none given, and "Accessed D Mon. YYYY." at the end."""
    source = about.source
    parts = [_sentence(_quoted_title(about))]
    published = _mla_date(source.published) if source.published else None
    if container := [part for part in (source.publisher, published, source.url) if part]:
        parts.append(_sentence(", ".join(container)))
    if where := stored_as(source):
        parts.append(_sentence(where))
    parts += _originally(source)
    if source.url and not source.published and about.accessed:
        parts.append(f"Accessed {_mla_date(about.accessed)}.")
    return parts


# --- BibTeX and CSL-JSON ----------------------------------------------------------------------------


def _bibtex(about: Known) -> str:
    """One @misc entry (BibTeX and biblatex). No title: no `title`, its description in `note`;
    no date: no `year`, which styles print as they print an undated work."""
    source = about.source
    fields: list[tuple[str, str]] = []
    if source.title:
        fields.append(("title", "{" + bibtex.escape(source.title) + "}"))  # keeps its capitals
    if source.publisher:
        fields.append(("howpublished", bibtex.escape(source.publisher)))
    if source.published:
        fields += [("year", str(source.published.year)), ("date", source.published.isoformat())]
    if source.url:
        fields.append(("url", bibtex.url(source.url)))
        if about.accessed:
            fields.append(("urldate", about.accessed.isoformat()))
    fields.append(("langid", bibtex.escape(_LANGUAGES.get(source.language, source.language).lower())))
    notes = [_sentence(text) for text in (description(about), stored_as(source)) if text]
    if notes:
        fields.append(("note", bibtex.escape(" ".join(notes))))
    return bibtex.entry("misc", bibtex.key(source.id), fields)


def csl_item(about: Known) -> dict[str, Any]:
    """A source as a CSL-JSON item (Citation Style Language data: what Zotero, Pandoc and
    citeproc read). No `title` or `issued` where they are not known: a CSL style then writes
    what it writes for an untitled or undated work. An untitled source's description is its
    `genre`, which APA's CSL style brackets in the title's place; an official page's publisher
    is its author, as in `--style apa`."""
    source = about.source
    item: dict[str, Any] = {"id": source.id, "type": _csl_type(source), "language": source.language}
    if source.title:
        item["title"] = source.title
    elif described := description(about):
        item["genre"] = described
    if source.publisher:
        if source.page == "official":
            item["author"] = [{"literal": source.publisher}]
        item["container-title"] = source.publisher
    if source.published:
        item["issued"] = _date_parts(source.published)
    if source.url:
        item["URL"] = source.url
        if about.accessed:
            item["accessed"] = _date_parts(about.accessed)
    if where := stored_as(source):
        item["note"] = _sentence(where)
    return item


def _csl_type(source: Source) -> str:
    if source.kind == "article" or source.page in ("outlet", "mirror"):
        return "article-newspaper"
    return "webpage"


def _date_parts(day: datetime.date) -> dict[str, list[list[int]]]:
    return {"date-parts": [[day.year, day.month, day.day]]}
