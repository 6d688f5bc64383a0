"""``render(truth, shape)``: a report's bytes in one of ``SHAPES``, with
layout variation seeded by the truth's seed and the shape name (so a shape
always renders the same bytes for the same truth)."""

from __future__ import annotations

import random

from .damage import Damage
from .docx import render_docx
from .html import render_html
from .pdf import docx_to_pdf, render_pdf
from .text import render_text
from .truth import Truth

SHAPES = (
    "html",         # Word-pasted CMS page: rowspan/colspan, <p><span> cells, odd spaces, UTF-8
    "html_gbk",     # the same in GBK/GB18030, declaring another charset or none
    "html_flat",    # the CMS flattened each table into one <p> per cell (empty <p> for empty cells)
    "html_rows",    # one <p> per table row, the cells run together with spaces
    "docx",         # python-docx, merged cells with gridSpan/vMerge
    "docx_split",   # the applications table split over two tables
    "docx_nested",  # the whole report inside a one-cell layout table
    "pdf_ruled",    # reportlab, boxed cells (as WPS prints), header repeated or not after a page break
    "pdf_unruled",  # reportlab, no rules at all
    "pdf_word",     # LibreOffice's PDF of the docx shape
    "text_tsv",     # tab-separated rows
    "text_lines",   # one cell per line, blank line for a blank cell
    "text_fixed",   # fixed-width columns
    "markdown",     # pipe tables
)



def shape_rng(truth: Truth, shape: str) -> random.Random:
    return random.Random(f"{truth.seed}:{shape}")


def render(truth: Truth, shape: str, damage: Damage | None = None) -> tuple[bytes, str]:
    """The report as ``shape`` prints it: (content, file extension), with
    ``damage`` done to its tables when given."""
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}; one of {', '.join(SHAPES)}")
    rng = shape_rng(truth, shape)
    if shape.startswith("html"):
        return render_html(truth, shape, rng, damage), ".html"
    if shape.startswith("docx"):
        return render_docx(truth, shape, rng, damage), ".docx"
    if shape == "pdf_word":
        return docx_to_pdf([render(truth, "docx", damage)[0]])[0], ".pdf"
    if shape.startswith("pdf"):
        return render_pdf(truth, shape, rng, damage), ".pdf"
    return render_text(truth, shape, rng, damage)
