"""The rule that every name a person may type (an id, a name, a label, an alias) leads to one
thing, and can be typed at all."""

from __future__ import annotations

import unicodedata
from typing import Any

from talks_cli.dataset.model import Dataset
from talks_cli.errors import Problem
from talks_cli.text import fold, shorten


def name_problems(dataset: Dataset) -> list[Problem]:
    """Every name a person may type must lead to one thing.

    Names are compared as the command line compares them (folded: no case, accents or
    punctuation), and also with look-alike letters made one (Cyrillic "а" and Latin "a"), so
    that no alias can pass for another's name. A name that folds to nothing, or holds an
    invisible character, is refused: nobody could type it, or it would look like another.
    """
    problems: list[Problem] = []
    kinds: list[tuple[str, str, list[Any]]] = [
        ("actors", "actor", dataset.actors),
        ("people", "person", dataset.people),
        ("topics", "topic", dataset.topics),
        ("events", "event", dataset.events),
        ("documents", "document", dataset.documents),
    ]
    for section, kind, items in kinds:
        owners: dict[str, str] = {}
        for i, item in enumerate(items):
            for field, name in _named_fields(item):
                path = f"{section}[{i}].{field}"
                if (invisible := _invisible(name)) is not None:
                    problems.append(
                        Problem(
                            f"'{shorten(name)}' holds the invisible character {invisible}; remove it",
                            path=path,
                        )
                    )
                    continue
                folded = fold(name)
                if not folded:
                    problems.append(
                        Problem(
                            f"'{shorten(name)}' has no letters or digits, so nobody can type it", path=path
                        )
                    )
                    continue
                for form in {folded, unconfusable(folded)}:
                    owner = owners.setdefault(form, item.id)
                    if owner != item.id:
                        problems.append(
                            Problem(
                                f"'{shorten(name)}' already names {kind} '{owner}' (or looks like "
                                "one of its names); each name must lead to one thing",
                                path=path,
                            )
                        )
                        break
    return problems


def _named_fields(item: Any) -> list[tuple[str, str]]:
    """(field, name) for every name `item` answers to, id first."""
    label = next(field for field in ("label", "name", "title") if hasattr(item, field))
    aliases = getattr(item, "aliases", [])
    return [("id", item.id), (label, getattr(item, label))] + [
        (f"aliases[{j}]", alias) for j, alias in enumerate(aliases)
    ]


def _invisible(name: str) -> str | None:
    """The first character of `name` that shows nothing (a format or control character), as U+XXXX."""
    for char in name:
        if unicodedata.category(char) in ("Cf", "Cc", "Zl", "Zp"):
            return f"U+{ord(char):04X}"
    return None


# Lower-case letters of other scripts drawn like Latin ones (a folded name has no capitals): an
# alias "Russiа" with a Cyrillic "а" would otherwise pass the check and hijack a name.
_LOOKALIKES = str.maketrans(
    {
        **dict(zip("авеёкмнорстухіјѕԁһӏ", "abeekmhopctyxijsdhl", strict=True)),  # Cyrillic
        **dict(zip("αβεζηικμνορτυχ", "abeznikuvoptux", strict=True)),  # Greek
    }
)


def unconfusable(folded: str) -> str:
    """A folded name with look-alike letters of other scripts made Latin."""
    return folded.translate(_LOOKALIKES)
