"""Citations to paste: the source behind a record, document, event or source, in APA, Chicago,
MLA, BibTeX or CSL-JSON.

A citation says only what the dataset knows: a page with no known title is cited as
"[title not known]" and one with no known date as "n.d.", never with either made up; the date
it was accessed is the dataset's `as_of`. A source whose text is stored with the dataset (an
article known by its text, not its address) says so, with its language and file.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any, Literal, get_args

import msgspec

from talks_cli.dataset.model import Source
from talks_cli.errors import UsageError
from talks_cli.query.catalog import Catalog
from talks_cli.text import shorten

Style = Literal["apa", "chicago", "mla", "bibtex", "csl-json"]
STYLES: tuple[str, ...] = get_args(Style)
DEFAULT_STYLE: Style = "apa"

NO_TITLE = "[title not known]"
NO_PUBLISHER = "[publisher not known]"
NO_DATE = "n.d."

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
    "pl": "Polish",
    "ru": "Russian",
    "tr": "Turkish",
    "uk": "Ukrainian",
}


def sources_of(catalog: Catalog, ids: Iterable[str]) -> list[Source]:
    """The sources behind `ids` (records, documents, events or sources), once each, in the
    order first named. An unknown id is a usage error that names the closest ids."""
    found: list[Source] = []
    for raw in ids:
        key = raw.strip().lower()
        if key in catalog.sources:
            found.append(catalog.sources[key])
        elif key in catalog.records:
            found.append(catalog.sources[catalog.records[key].source])
        elif key in catalog.documents:
            found.append(catalog.sources[catalog.documents[key].source])
        elif key in catalog.events:
            event = catalog.events[key]
            behind = [*event.sources, *(d.source for d in event.delegations)]
            if not behind:
                raise UsageError(f"event '{key}' names no source of its own; cite its records instead")
            found += [catalog.sources[i] for i in behind]
        else:
            raise _unknown(catalog, raw)
    return list({source.id: source for source in found}.values())


def _unknown(catalog: Catalog, word: str) -> UsageError:
    import difflib

    every = [*catalog.records, *catalog.documents, *catalog.events, *catalog.sources]
    close = difflib.get_close_matches(word.strip().lower(), every, n=3, cutoff=0.5)
    hint = f" Closest: {', '.join(close)}." if close else ""
    return UsageError(
        f"unknown id '{shorten(word)}': not a record, document, event or source.{hint} "
        "`talks records`, `talks documents`, `talks events` and `talks sources` list them"
    )


def citation(source: Source, accessed: datetime.date | None, style: Style = DEFAULT_STYLE) -> str:
    """`source` cited in one of the text styles (apa, chicago, mla) or as one BibTeX entry."""
    match style:
        case "apa":
            return _apa(source, accessed)
        case "chicago":
            return _chicago(source, accessed)
        case "mla":
            return _mla(source, accessed)
        case "bibtex":
            return _bibtex(source, accessed)
        case "csl-json":
            return msgspec.json.encode(csl_item(source, accessed)).decode()
    raise ValueError(style)


def citations(sources: list[Source], accessed: datetime.date | None, style: Style) -> str:
    """The text `talks cite` prints: one citation a line, BibTeX entries a blank line apart,
    or one CSL-JSON array."""
    if style == "csl-json":
        items = [csl_item(source, accessed) for source in sources]
        return msgspec.json.format(msgspec.json.encode(items), indent=2).decode() + "\n"
    separator = "\n\n" if style == "bibtex" else "\n"
    return separator.join(citation(source, accessed, style) for source in sources) + "\n"


# --- what is known of a source ------------------------------------------------------------------


def _language(source: Source) -> str | None:
    """The source's language in words, when it is not English."""
    code = source.language.split("-")[0]
    if code == "en":
        return None
    return _LANGUAGES.get(code, f"language {source.language}")


def _description(source: Source) -> str:
    """What the dataset knows of the source beyond its title: a stored text, its language, a
    copy of another outlet's article. Empty when there is nothing to add."""
    parts = []
    if source.kind == "article":
        parts.append("News article")
    elif source.kind == "fact-list":
        parts.append("List of facts")
    if language := _language(source):
        parts.append(f"in {language}")
    if source.page == "mirror":
        parts.append(f"copy of {source.mirror_of or 'another outlet'}'s article")
    if source.file and not source.url:
        parts.append(f"text stored with the dataset as {source.file}")
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!", "…")) else text + "."


def _apa(source: Source, accessed: datetime.date | None) -> str:
    """APA 7: Publisher. (2025, June 2). Title [what it is]. Retrieved Month D, YYYY, from URL"""
    date = (
        f"({source.published.year}, {_MONTHS[source.published.month - 1]} {source.published.day})"
        if source.published
        else f"({NO_DATE})"
    )
    title = source.title or NO_TITLE
    described = _description(source)
    title_part = f"{title} [{described}]" if described else title
    parts = [_sentence(source.publisher or NO_PUBLISHER), f"{date}.", _sentence(title_part)]
    if source.url:
        if accessed:
            parts.append(f"Retrieved {_long_date(accessed)}, from {source.url}")
        else:
            parts.append(source.url)
    elif accessed:
        parts.append(f"Retrieved {_long_date(accessed)}.")
    return " ".join(parts)


def _chicago(source: Source, accessed: datetime.date | None) -> str:
    """Chicago (bibliography): Publisher. "Title." What it is. Month D, YYYY. Accessed Month D, YYYY. URL."""
    title = f"“{_sentence(source.title)}”" if source.title else _sentence(NO_TITLE)
    parts = [_sentence(source.publisher or NO_PUBLISHER), title]
    if described := _description(source):
        parts.append(_sentence(described))
    parts.append(_sentence(_long_date(source.published) if source.published else NO_DATE))
    if accessed:
        parts.append(f"Accessed {_long_date(accessed)}.")
    if source.url:
        parts.append(f"{source.url}.")
    return " ".join(parts)


def _mla(source: Source, accessed: datetime.date | None) -> str:
    """MLA 9: "Title." Publisher, D Mon. YYYY, URL. What it is. Accessed D Mon. YYYY."""
    title = f"“{_sentence(source.title)}”" if source.title else _sentence(NO_TITLE)
    date = _mla_date(source.published) if source.published else NO_DATE
    container = [source.publisher or NO_PUBLISHER, date]
    if source.url:
        container.append(source.url)
    parts = [title, _sentence(", ".join(container))]
    if described := _description(source):
        parts.append(_sentence(described))
    if accessed:
        parts.append(f"Accessed {_mla_date(accessed)}.")
    return " ".join(parts)


def _long_date(day: datetime.date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


def _mla_date(day: datetime.date) -> str:
    return f"{day.day} {_MLA_MONTHS[day.month - 1]} {day.year}"


# --- BibTeX -------------------------------------------------------------------------------------

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_BIBTEX_ESCAPE = re.compile("|".join(re.escape(char) for char in _BIBTEX_SPECIAL))
# Characters a BibTeX key cannot hold (it ends at a comma, a brace or a space).
_NOT_KEY = re.compile(r"[^A-Za-z0-9:._-]+")


def bibtex_escape(text: str) -> str:
    """`text` with every character TeX would read as markup written as itself."""
    return _BIBTEX_ESCAPE.sub(lambda match: _BIBTEX_SPECIAL[match.group()], " ".join(text.split()))


def bibtex_key(source: Source) -> str:
    """The entry's key: the source's id (ids are letters, digits and hyphens already)."""
    return _NOT_KEY.sub("-", source.id) or "source"


def _bibtex_url(url: str) -> str:
    """A URL inside braces, whole: braces and spaces percent-encoded, nothing else escaped
    (biblatex and the url package read the field verbatim)."""
    return url.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


def _bibtex(source: Source, accessed: datetime.date | None) -> str:
    fields: list[tuple[str, str]] = [
        # Double braces keep the title's capitals as they are.
        ("title", "{" + bibtex_escape(source.title or NO_TITLE) + "}"),
        ("howpublished", bibtex_escape(source.publisher or NO_PUBLISHER)),
    ]
    if source.published:
        fields += [("year", str(source.published.year)), ("date", source.published.isoformat())]
    else:
        fields.append(("year", NO_DATE))  # apacite and most styles print it as it is
    if source.url:
        fields.append(("url", _bibtex_url(source.url)))
        if accessed:
            fields.append(("urldate", accessed.isoformat()))
    fields.append(("langid", bibtex_escape(_LANGUAGES.get(source.language, source.language).lower())))
    notes = [_sentence(described)] if (described := _description(source)) else []
    if accessed:
        notes.append(f"Accessed {accessed.isoformat()}.")
    if notes:
        fields.append(("note", bibtex_escape(" ".join(notes))))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{bibtex_key(source)},\n{body}\n}}"


# --- CSL-JSON -----------------------------------------------------------------------------------


def csl_item(source: Source, accessed: datetime.date | None) -> dict[str, Any]:
    """`source` as a CSL-JSON item (Citation Style Language data: what Zotero, Pandoc and
    citeproc read). No `issued` where the date is not known: a CSL processor then writes "n.d."."""
    item: dict[str, Any] = {
        "id": source.id,
        "type": _csl_type(source),
        "title": source.title or NO_TITLE,
        "language": source.language,
    }
    if source.publisher:
        item["container-title"] = source.publisher
        item["publisher"] = source.publisher
    if source.published:
        item["issued"] = _date_parts(source.published)
    if source.url:
        item["URL"] = source.url
    if accessed:
        item["accessed"] = _date_parts(accessed)
    if described := _description(source):
        item["note"] = described
    return item


def _csl_type(source: Source) -> str:
    if source.kind == "fact-list":
        return "document"
    if source.kind == "article" or source.page in ("outlet", "mirror"):
        return "article-newspaper"
    return "webpage"


def _date_parts(day: datetime.date) -> dict[str, list[list[int]]]:
    return {"date-parts": [[day.year, day.month, day.day]]}
