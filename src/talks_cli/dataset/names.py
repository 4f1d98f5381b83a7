"""The rule that every name a person may type (an id, a name, a label, an alias) leads to one
thing, and can be typed at all."""

from __future__ import annotations

import functools
import unicodedata
from typing import Any

from talks_cli.dataset.model import Dataset
from talks_cli.errors import Problem
from talks_cli.text import fold, shorten


def name_problems(dataset: Dataset) -> list[Problem]:
    """Every name a person may type must lead to one thing.

    Names are compared as the command line compares them (folded: no case, accents or
    punctuation), and also with look-alike letters of every script made the Latin they look
    like (Cyrillic "а" and Latin "a", Armenian "օ" and "o", a small capital "ᴀ"), as Unicode's
    confusables data says, so that no alias can pass for another's name. A name that folds to
    nothing, or holds an invisible character, is refused: nobody could type it, or it would look
    like another.
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
                for form in {folded, unconfusable(name), unconfusable(folded)}:
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


@functools.cache
def _lookalikes() -> dict[int, str]:
    """Every character drawn like Latin letters or digits, to them (Unicode's confusables data,
    in `lookalikes`): an alias "Russiа" with a Cyrillic "а", "Ꮇoscow" with a Cherokee "Ꮇ" or
    "ᴜkraine" with a small capital would otherwise pass the check and hijack a name."""
    from talks_cli.dataset.lookalikes import LOOKALIKES

    return {ord(char): latin for latin, chars in LOOKALIKES.items() for char in chars}


def unconfusable(name: str) -> str:
    """`name` folded, with every look-alike letter of any script made the Latin it looks like."""
    return fold(name.translate(_lookalikes()))
