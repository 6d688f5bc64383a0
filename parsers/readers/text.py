"""Plain text and Markdown as extraction tools leave them: one row per line.

A line is cut into cells on tabs (empty cells between tabs kept), on
Markdown pipes (separator lines such as ``|---|---|`` are dropped), or else
on runs of two or more spaces; the cells of a space-separated line carry
x0/x1 in display columns (East Asian wide characters count 2) so that a
fixed-width layout with blank cells can be aligned by position. A blank
line is a row with one empty cell.
"""

from __future__ import annotations

import re

from ..model import Cell, Document
from ..textwidth import display_width
from .cells import clean, rows_text
from .decode import decode_bytes

_GAP = re.compile(r"[ \u00a0\u3000]{2,}")
_VALUE = re.compile(r"^[\d,，.．\s]*$")
_PIPE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


def read_text(data: bytes) -> Document:
    decoded = decode_bytes(data)
    rows = []
    for line_no, line in enumerate(decoded.text.splitlines(), start=1):
        row = _line_cells(line, line_no)
        if row is not None:
            rows.append(row)
    return Document(format="text", rows=rows, text=rows_text(rows), warnings=decoded.warnings,
                    incomplete=_cut_short(decoded, rows))


def _cut_short(decoded, rows: list[list[Cell]]) -> list[str]:
    """Why the text looks cut short: it ends inside a character; with no
    final line break, in a table row with fewer cells than the row before
    it; or in a table row at all, when prose came before (a report's text
    ends with prose: its problems, its other matters, a signature)."""
    if decoded.cut:
        return ["the text is incomplete: it ends in the middle of a character"]
    filled = [row for row in rows if any(cell.text for cell in row)]
    if len(filled) < 2:
        return []
    last, before = filled[-1], filled[-2]
    if not decoded.text.endswith(("\n", "\r")) and 1 < len(before) and len(last) < len(before):
        return [f"the text is incomplete: its last line ends with {len(last)} of the {len(before)} cells "
                "of the table row before it, with no line break"]
    if _is_table_row(last) and any(len(row) == 1 and len(row[0].text) >= 20 for row in filled):
        return ["the text is incomplete: it ends inside a table (a report's text goes on after its tables)"]
    return []


def _is_table_row(row: list[Cell]) -> bool:
    """Labels followed mostly by values (numbers or blanks), one a number at
    least: not a signature beside its date."""
    values = [cell.text for cell in row[1:] if _VALUE.match(cell.text)]
    return len(values) * 2 >= len(row) - 1 > 0 and any(text.strip() for text in values)


def _line_cells(line: str, line_no: int) -> list[Cell] | None:
    stripped = clean(line)
    if not stripped:
        return [Cell("", row=line_no, col=0)]
    if "\t" in stripped:
        return [Cell(clean(t), row=line_no, col=i) for i, t in enumerate(stripped.split("\t"))]
    if stripped.startswith("|") and stripped.count("|") >= 2:
        if _PIPE_RULE.match(stripped):
            return None
        inner = stripped[1:-1] if stripped.endswith("|") else stripped[1:]
        return [Cell(clean(t), row=line_no, col=i) for i, t in enumerate(inner.split("|"))]
    return _fixed_width_cells(line.rstrip(), line_no)


def _fixed_width_cells(line: str, line_no: int) -> list[Cell]:
    cells = []
    start = 0
    pieces = [(m.start(), m.end()) for m in _GAP.finditer(line)] + [(len(line), len(line))]
    for gap_start, gap_end in pieces:
        text = line[start:gap_start]
        if clean(text):
            lead = len(text) - len(text.lstrip(" \u00a0\u3000\t"))
            x0 = display_width(line[:start + lead])
            cells.append(Cell(clean(text), row=line_no, col=len(cells),
                              x0=x0, x1=x0 + display_width(clean(text))))
        start = gap_end
    return cells


