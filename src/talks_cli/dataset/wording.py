"""How data is worded for people, the same in every view, format and export."""

from __future__ import annotations

from talks_cli.dataset.model import Figure, Record, Source, Stance


def stance_words(stance: Stance) -> str:
    """A stance as people read it: "for", "conditional (once Ukraine withdraws)"."""
    return stance.position + (f" ({stance.condition})" if stance.condition else "")


def amount_text(
    value: int, qualifier: str = "exact", upper: int | None = None, unit: str | None = None
) -> str:
    """A number as people write it: "over 6,000", "24 to 48 hours"."""
    text = f"{value:,}" if upper is None else f"{value:,} to {upper:,}"
    if qualifier != "exact":
        text = f"{qualifier} {text}"
    return f"{text} {unit}" if unit else text


def figure_text(figure: Figure) -> str:
    """A figure as people read it: "truce length: 24 to 48 hours"."""
    return f"{figure.what}: {amount_text(figure.value, figure.qualifier, figure.upper, figure.unit)}"


def caveat(record: Record, source: Source) -> str:
    """What a reader must know of who says so: reported by another, unconfirmed, mediated, and
    a source that is only a copy or an aggregator."""
    parts = []
    if record.reported_by:
        parts.append(f"reported by {record.reported_by}")
    if record.unconfirmed:
        parts.append(f"not confirmed by {record.side or 'its side'}")
    if record.concerns:
        parts.append(f"about {record.concerns}")
    if record.mediators:
        parts.append(f"mediated by {', '.join(record.mediators)}")
    if source.page == "mirror":
        parts.append(f"source is a mirror, a copy of: {source.mirror_of or 'another outlet'}")
    elif source.page == "aggregator":
        confirmed = (
            f", confirmed by {', '.join(source.confirmed_by)}"
            if source.confirmed_by
            else ", not confirmed by another page"
        )
        parts.append(f"source is an aggregator{confirmed}")
    return "; ".join(parts)


# First words of names read with "the" before them: the United States, the European Union.
_WITH_ARTICLE = ("United ", "European ", "Coalition ", "Republic ")


def possessive(name: str) -> str:
    """A name in the possessive, as written: "Russia's", "the United States'"."""
    named = f"the {name}" if name.startswith(_WITH_ARTICLE) else name
    return named + ("'" if name.endswith("s") else "'s")
