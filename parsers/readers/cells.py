"""Small helpers every reader shares: trimming a cell's text and the plain
text form of a document's rows."""

from __future__ import annotations

import re

from ..model import Cell

# White space (incl. NBSP and the full-width space) and zero-width characters.
_EDGES = re.compile(r"^[\s\u200b-\u200d\u2060\ufeff]+|[\s\u200b-\u200d\u2060\ufeff]+$")


def clean(text: str) -> str:
    """``text`` without blank or zero-width characters at either end;
    everything inside is kept as printed."""
    return _EDGES.sub("", text)


def rows_text(rows: list[list[Cell]]) -> str:
    """One line per row, cells separated by tabs (a cell's own line breaks
    become spaces)."""
    return "\n".join("\t".join(c.text.replace("\n", " ") for c in row) for row in rows)
