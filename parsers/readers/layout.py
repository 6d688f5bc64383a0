"""Positioned text to rows: words that share a baseline form a line, and a
line is cut into cells where the horizontal gap between two words is wide,
so that an unruled table comes out as multi-cell rows whose cells keep their
x0/x1. Used for PDF text outside ruled tables, OFD pages and OCR boxes.
"""

from __future__ import annotations

from typing import NamedTuple

from ..model import Cell
from .cells import clean

# A gap wider than this many line heights starts a new cell.
CELL_GAP = 0.8
# Glyphs closer than this many heights belong to one word (OFD glyph runs).
WORD_GAP = 0.25


class Word(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


def join_glyphs(glyphs: list[Word]) -> list[Word]:
    """Merge single positioned glyphs into words: same line, horizontally
    touching (gap at most WORD_GAP line heights)."""
    words: list[Word] = []
    for line in _lines(glyphs):
        current = line[0]
        for g in line[1:]:
            height = max(current.bottom - current.top, g.bottom - g.top, 1.0)
            if g.x0 - current.x1 <= WORD_GAP * height:
                current = Word(current.text + g.text, current.x0, max(current.x1, g.x1),
                               min(current.top, g.top), max(current.bottom, g.bottom))
            else:
                words.append(current)
                current = g
        words.append(current)
    return words


def words_to_rows(words: list[Word], *, page: int | None = None) -> list[tuple[float, list[Cell]]]:
    """The lines of ``words`` as (top, cells) pairs, top to bottom; cells
    carry page, line number (``row``), ordinal ``col`` and x0/x1."""
    rows = []
    for line_no, line in enumerate(_lines(words), start=1):
        height = max(min(w.bottom - w.top for w in line), 1.0)
        groups: list[list[Word]] = [[line[0]]]
        for w in line[1:]:
            if w.x0 - groups[-1][-1].x1 > CELL_GAP * height:
                groups.append([w])
            else:
                groups[-1].append(w)
        cells = [
            Cell(clean(" ".join(w.text for w in g)), page=page, row=line_no, col=i,
                 x0=round(g[0].x0, 2), x1=round(max(w.x1 for w in g), 2))
            for i, g in enumerate(groups)
        ]
        rows.append((min(w.top for w in line), cells))
    return rows


def _lines(words: list[Word]) -> list[list[Word]]:
    """Group words into lines: a word whose vertical middle lies above the
    bottom of the line's first word joins that line; each line sorted left
    to right."""
    lines: list[list[Word]] = []
    bottom = None
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if bottom is not None and (w.top + w.bottom) / 2 < bottom:
            lines[-1].append(w)
        else:
            lines.append([w])
            bottom = w.bottom
    return [sorted(line, key=lambda w: w.x0) for line in lines]
