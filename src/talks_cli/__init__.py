"""talks: a cited, command-line fact lookup for the 2025 Russia–Ukraine talks in Istanbul."""

__version__ = "0.1.0"
