"""Export residue: marks a converter leaves in a document's text that were
never printed (pandoc's ``[bookmark: _GoBack]``, ``{#_Hlk123 .anchor}``).
``without_residue`` takes them out of a read document before anything reads
its title, text or tables."""

from __future__ import annotations

import re
from dataclasses import replace

from .model import Cell, Document

RESIDUE = re.compile(r"\[bookmark:[^\]\n]{0,80}\]|\{#_[A-Za-z0-9]{1,40} \.anchor\}")


def without_residue(doc: Document) -> Document:
    """The document with export residue removed from its text and cells (the
    same object when there is none)."""
    if "[bookmark:" not in doc.text and ".anchor}" not in doc.text:
        return doc
    rows = [[_clean(c) for c in row] for row in doc.rows]
    return replace(doc, rows=rows, text=RESIDUE.sub("", doc.text),
                   title=RESIDUE.sub("", doc.title) if doc.title else doc.title)


def _clean(cell: Cell) -> Cell:
    return replace(cell, text=RESIDUE.sub("", cell.text)) if "[bookmark:" in cell.text or ".anchor}" in cell.text \
        else cell
