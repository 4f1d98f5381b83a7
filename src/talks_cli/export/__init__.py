"""Files talks writes: the dataset whole (JSON, JSON Lines, CSV, SQLite with Datasette's
metadata), SVG charts, each published whole or not at all."""
