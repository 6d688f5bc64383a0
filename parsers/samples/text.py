"""Plain text as extraction tools leave a report: tab-separated rows, one
cell per line (a blank line for a blank cell), fixed-width columns, and
Markdown pipe tables.  Merged cells print once, in their first row and
column; the positions they cover stay blank."""

from __future__ import annotations

import random

from ..textwidth import display_width
from .damage import Damage, printed_tables
from .layout import Table, choose_style, place
from .truth import Truth


def _grid(table: Table) -> list[list[str]]:
    """Each row as one string per grid column ('' where a merge covers it)."""
    out = []
    for placed in place(table):
        row = [""] * table.width
        for col, cell in placed:
            if col < len(row):
                row[col] = cell.text
        out.append(row)
    return out




def _tsv(table: Table) -> list[str]:
    return ["\t".join(row).rstrip("\t") for row in _grid(table)]


def _lines(table: Table) -> list[str]:
    return [cell.text for row in table.rows for cell in row]


def _fixed(table: Table) -> list[str]:
    grid = _grid(table)
    widths = [max(display_width(row[c]) for row in grid) + 2 for c in range(table.width)]
    out = []
    for row in grid:
        line = "".join(text + " " * (w - display_width(text)) for text, w in zip(row, widths))
        out.append(line.rstrip())
    return out


def _markdown(table: Table) -> list[str]:
    grid = _grid(table)
    lines = ["| " + " | ".join(row) + " |" for row in grid]
    lines.insert(1, "|" + "---|" * table.width)
    return lines


TABLE_WRITERS = {"text_tsv": (_tsv, ".txt"), "text_lines": (_lines, ".txt"),
                 "text_fixed": (_fixed, ".txt"), "markdown": (_markdown, ".md")}


def render_text(truth: Truth, shape: str, rng: random.Random,
                damage: Damage | None = None) -> tuple[bytes, str]:
    style = choose_style(rng, truth)
    tables = printed_tables(truth, style, damage, shape)
    write_table, ext = TABLE_WRITERS[shape]
    lines: list[str] = []
    for kind, text in truth.blocks:
        if kind == "table":
            for table in tables[text]:
                if table.note_before:
                    lines.append(table.note_before)
                lines.extend(write_table(table))
                lines.append("")
        elif kind in ("title", "heading") and shape == "markdown":
            lines.append(("# " if kind == "title" else "## ") + text)
        else:
            lines.append(text)
    data = "\n".join(lines) + "\n"
    if rng.random() < 0.3:
        data = data.replace("\n", "\r\n")
    return ("\ufeff" if rng.random() < 0.2 else "").encode() + data.encode("utf-8"), ext
