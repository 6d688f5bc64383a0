"""The document model every format reader produces and the table mapper reads.

A ``Document`` is the reading-order sequence of *rows*.  A row is a list of
``Cell``: one row of a table (each cell once, at the grid column where it
starts, with the number of grid columns it spans; continuation positions of a
vertical merge are left out), or one paragraph / text line outside a table
(a single cell, or several when a text line is split into columns).

Readers keep every cell exactly as printed (``text``) and say where it came
from (``page``, ``table``, ``row``, ``col``), so that each extracted number
keeps its provenance.  Readers never interpret labels or numbers: that is
``parsers.tables``' job.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Cell:
    text: str
    page: int | None = None     # 1-based page (PDF), else None
    table: int | None = None    # 1-based index of the source table in the document
    row: int | None = None      # 1-based row within that table (or line number)
    col: int | None = None      # 0-based grid column where the cell starts
    span: int = 1               # grid columns the cell covers
    x0: float | None = None     # horizontal extent on the page (PDF points,
    x1: float | None = None     # or display columns of a fixed-width text line)

    def location(self) -> str:
        """A short human-readable provenance string, e.g. ``p4 t2 r7 c3``."""
        parts = []
        if self.page is not None:
            parts.append(f"p{self.page}")
        if self.table is not None:
            parts.append(f"t{self.table}")
        if self.row is not None:
            parts.append(f"r{self.row}")
        if self.col is not None:
            parts.append(f"c{self.col}")
        return " ".join(parts)


@dataclass
class Document:
    """What a reader returns: rows in reading order plus the plain text."""

    format: str                                   # html, docx, pdf, text, doc, image …
    rows: list[list[Cell]] = field(default_factory=list)
    text: str = ""                                # the whole document as plain text
    title: str | None = None                      # title from metadata (<title>, ArticleTitle, PDF/DOCX core title)
    meta: dict[str, str] = field(default_factory=dict)  # e.g. PubDate, ColumnName, SiteIDCode
    warnings: list[str] = field(default_factory=list)   # non-fatal reader notes (charset mismatch …)
    incomplete: list[str] = field(default_factory=list)  # why the document is cut short (no end, a cut page …)


class ReadError(Exception):
    """A document that cannot be read at all: its message is shown to users
    as is, so it says what is wrong in plain words (no traceback)."""
