"""How data is worded for people, the same in every view, format and export."""

from __future__ import annotations

from .model import Figure, Stance


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
