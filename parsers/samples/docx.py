"""DOCX reports made with python-docx: real merged cells (``gridSpan`` and
``vMerge`` through ``cell.merge``), tables split over two tables, and
tables nested in a one-cell layout table.  Output bytes are stable for a
seed (zip timestamps and core dates fixed), so they can be cached."""

from __future__ import annotations

import datetime
import io
import random
import zipfile

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt

from .damage import Damage, printed_tables
from .layout import Table, choose_style, column_widths, place
from .truth import Truth

TEXT_WIDTH = 482.0   # points between 2 cm margins on A4


def _fill_table(container, table: Table, rng: random.Random, repeat_header: bool) -> None:
    t = container.add_table(rows=len(table.rows), cols=table.width)
    t.style = "Table Grid"
    t.autofit = False
    widths = [Pt(w) for w in column_widths(table, TEXT_WIDTH)]
    for column, width in zip(t.columns, widths):
        column.width = width
    size = Pt(8 if table.width > 10 else 9.5)
    # Fetch every cell once (python-docx recomputes the grid on each t.cell()),
    # write the text, then merge: merging empty cells into a written one keeps it.
    grid = [row.cells for row in t.rows]
    merges = []
    for r, placed in enumerate(place(table)):
        for col, cell in placed:
            text = cell.text
            if cell.value and text and rng.random() < 0.1:
                text = rng.choice(("\u3000", " ", "\u00a0")) + text
            target = grid[r][col]
            first, *more = text.split("\n")     # a paragraph per line, some maybe empty
            target.text = first
            for line in more:
                target.add_paragraph(line)
            target.width = Pt(sum(w.pt for w in widths[col:col + cell.colspan]))
            for paragraph in target.paragraphs:
                for run in paragraph.runs:
                    run.font.size = size
            if cell.rowspan > 1 or cell.colspan > 1:
                merges.append((grid[r][col], grid[r + cell.rowspan - 1][col + cell.colspan - 1]))
    for top_left, bottom_right in merges:
        top_left.merge(bottom_right)
    if repeat_header:  # Word repeats these rows on every page the table runs onto
        for row in t.rows[:table.head]:
            row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _title_lines(truth: Truth, rng: random.Random) -> list[str]:
    """The title, sometimes on two lines (agency, then the rest) as covers print it."""
    if truth.title.startswith(truth.agency) and rng.random() < 0.3:
        return [truth.agency, truth.title[len(truth.agency):]]
    return [truth.title]


def stable_zip(data: bytes) -> bytes:
    """The same zip with fixed entry timestamps, so equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def render_docx(truth: Truth, shape: str, rng: random.Random, damage: Damage | None = None) -> bytes:
    style = choose_style(rng, truth)
    if shape == "docx_split" and style.split_at is None:
        style.split_at = rng.uniform(0.2, 0.8)
    tables = printed_tables(truth, style, damage, shape)
    document = docx.Document()
    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
    props = document.core_properties
    props.title = rng.choice((truth.title, "", "附件1"))
    props.author = rng.choice(("Administrator", "user", "政务公开办"))
    props.created = props.modified = datetime.datetime(truth.year + 1, 1, 10)
    container = document.add_table(rows=1, cols=1).cell(0, 0) if shape == "docx_nested" else document
    for kind, text in truth.blocks:
        if kind == "table":
            for i, table in enumerate(tables[text]):
                if table.note_before:
                    container.add_paragraph(table.note_before)
                elif i:
                    container.add_paragraph(rng.choice(("", "（续表）")))
                _fill_table(container, table, rng, style.repeat_header)
        elif kind == "title":
            for line in _title_lines(truth, rng):
                p = container.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.add_run(line).bold = True
        else:
            p = container.add_paragraph(text)
            if kind == "sign":
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    document.save(buf)
    return stable_zip(buf.getvalue())
