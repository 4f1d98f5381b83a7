"""Listings written out: the formats, the terminal (tables, blocks, pager, text charts) and the
environment that says what the terminal is."""
