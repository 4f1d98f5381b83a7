"""talks: a cited, command-line fact lookup for the direct Russia–Ukraine negotiations, 2022–2026."""

__version__ = "4.0.0"
