"""PDF reports with a text layer.

``render_pdf`` draws with reportlab and its built-in STSong-Light CID font
(pdfplumber extracts it as Unicode): ruled tables (every cell boxed, as WPS
prints) or unruled ones (no lines at all), tables continued over a page
break with the header repeated or not, long labels wrapped inside narrow
cells the way real reports wrap them.  ``docx_to_pdf`` converts DOCX with
LibreOffice, Word's way of making a PDF, several files per soffice call and
cached by content hash."""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import tempfile
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from .damage import Damage, printed_tables
from .layout import Table, choose_style, column_widths, place
from .truth import Truth

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
PAGE_W, PAGE_H = A4
MARGIN = 56
SIZE, LEAD, PAD = 9.5, 12, 3


def _wrap(text: str, width: float, size: float = SIZE) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if line and pdfmetrics.stringWidth(line + ch, FONT, size) > width:
            lines.append(line)
            line = ""
        line += ch
    return lines + [line] if line else lines or [""]


class _Pages:
    """A canvas with a cursor that starts a new page when a block does not fit."""

    def __init__(self, c: canvas.Canvas):
        self.c, self.y, self.page = c, PAGE_H - MARGIN, 1

    def need(self, height: float) -> bool:
        if self.y - height < MARGIN:
            self.c.setFont(FONT, 8)
            self.c.drawCentredString(PAGE_W / 2, MARGIN / 2, f"- {self.page} -")
            self.c.showPage()
            self.y, self.page = PAGE_H - MARGIN, self.page + 1
            return True
        return False

    def text(self, text: str, *, size: float = 10.5, align: str = "left", indent: float = 0) -> None:
        for line in _wrap(text, PAGE_W - 2 * MARGIN - indent, size):
            self.need(size * 1.6)
            self.c.setFont(FONT, size)
            if align == "center":
                self.c.drawCentredString(PAGE_W / 2, self.y - size, line)
            elif align == "right":
                self.c.drawRightString(PAGE_W - MARGIN, self.y - size, line)
            else:
                self.c.drawString(MARGIN + indent, self.y - size, line)
            indent = 0
            self.y -= size * 1.6


def _draw_table(pages: _Pages, table: Table, ruled: bool, repeat_header: bool) -> None:
    placed = place(table)
    widths = column_widths(table, PAGE_W - 2 * MARGIN)
    xs = [MARGIN]
    for w in widths:
        xs.append(xs[-1] + w)
    # Wrap every cell; rows get the height their single-row cells need.
    wrapped = {}
    heights = []
    for r, row in enumerate(placed):
        h = LEAD + 2 * PAD
        for col, cell in row:
            lines = [part for line in cell.text.split("\n")
                     for part in _wrap(line, xs[col + cell.colspan] - xs[col] - 2 * PAD)]
            wrapped[(r, col)] = lines
            if cell.rowspan == 1:
                h = max(h, len(lines) * LEAD + 2 * PAD)
        heights.append(h)
    for r, row in enumerate(placed):
        for col, cell in row:
            span = range(r, min(r + cell.rowspan, len(heights)))
            need = len(wrapped[(r, col)]) * LEAD + 2 * PAD
            have = sum(heights[i] for i in span)
            if need > have:
                heights[span[-1]] += need - have
    # Assign each spanning cell's lines to the rows it covers, centred.
    per_row: dict[int, list[tuple[int, int, list[str], bool, bool]]] = {i: [] for i in range(len(placed))}
    for r, row in enumerate(placed):
        for col, cell in row:
            lines = wrapped[(r, col)]
            span = list(range(r, min(r + cell.rowspan, len(heights))))
            capacity = [max(1, int((heights[i] - 2 * PAD) // LEAD)) for i in span]
            skip = max(0, (sum(capacity) - len(lines)) // 2)
            cursor = 0
            for i, cap in zip(span, capacity):
                take = lines[max(0, cursor - skip):max(0, cursor + cap - skip)]
                per_row[i].append((col, cell.colspan, take, i == r, i == span[-1]))
                cursor += cap
    c = pages.c
    c.setLineWidth(0.6)
    for r in range(len(placed)):
        new_page = pages.need(heights[r])
        if new_page and repeat_header and r >= table.head:
            for h in range(table.head):
                _draw_row(pages, xs, per_row[h], heights[h], ruled, top=h == 0)
        _draw_row(pages, xs, per_row[r], heights[r], ruled, top=new_page)


def _draw_row(pages: _Pages, xs: list[float], segments, height: float, ruled: bool, top: bool) -> None:
    """One grid row: each cell segment's lines, and its box edges when ruled
    (no line inside a merged cell, except where a page cuts it)."""
    c, y = pages.c, pages.y
    for col, colspan, lines, first, last in segments:
        x0, x1 = xs[col], xs[col + colspan]
        for k, line in enumerate(lines):
            c.setFont(FONT, SIZE)
            c.drawCentredString((x0 + x1) / 2, y - PAD - (k + 1) * LEAD + 3, line)
        if ruled:
            c.line(x0, y, x0, y - height)
            c.line(x1, y, x1, y - height)
            if first or top:
                c.line(x0, y, x1, y)
            if last:
                c.line(x0, y - height, x1, y - height)
    pages.y -= height


def render_pdf(truth: Truth, shape: str, rng: random.Random, damage: Damage | None = None) -> bytes:
    style = choose_style(rng, truth)
    style.split_at = None  # PDFs split where the page ends
    tables = printed_tables(truth, style, damage, shape)
    ruled = shape == "pdf_ruled"
    path = Path(tempfile.mkstemp(suffix=".pdf")[1])
    try:
        c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
        c.setTitle(rng.choice((truth.title, "", "附件")))
        c.setCreator(rng.choice(("WPS 文字", "Microsoft® Word 2016", "WPS Office")))
        pages = _Pages(c)
        for kind, text in truth.blocks:
            if kind == "table":
                for table in tables[text]:
                    if table.break_before:
                        pages.need(PAGE_H)
                    if table.note_before:
                        pages.text(table.note_before, indent=21)
                    _draw_table(pages, table, ruled, style.repeat_header)
                    pages.y -= 8
            elif kind == "title":
                pages.text(text, size=16, align="center")
            elif kind == "heading":
                pages.text(text, size=12)
            elif kind == "sign":
                pages.text(text, align="right")
            elif kind == "pre":
                pages.text(text, size=9)
            else:
                pages.text(text, indent=21)
        pages.need(PAGE_H)
        c.save()
        return path.read_bytes()
    finally:
        path.unlink()


# --- LibreOffice ------------------------------------------------------------

CACHE = Path(tempfile.gettempdir()) / "nianbao-samples-pdf"


def docx_to_pdf(documents: list[bytes], timeout: float = 300) -> list[bytes]:
    """PDF bytes for each DOCX, converted by LibreOffice in one call and cached."""
    CACHE.mkdir(exist_ok=True)
    digests = [hashlib.sha256(d).hexdigest() for d in documents]
    todo = {h: d for h, d in zip(digests, documents) if not (CACHE / f"{h}.pdf").exists()}
    if todo:
        with tempfile.TemporaryDirectory() as work:
            paths = []
            for h, data in todo.items():
                p = Path(work) / f"{h}.docx"
                p.write_bytes(data)
                paths.append(str(p))
            profile = Path(work) / "profile"
            subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                            "--convert-to", "pdf", "--outdir", work, *paths],
                           check=True, capture_output=True, timeout=timeout)
            for h in todo:
                produced = Path(work) / f"{h}.pdf"
                tmp = CACHE / f".{h}.{os.getpid()}"
                tmp.write_bytes(produced.read_bytes())
                tmp.replace(CACHE / f"{h}.pdf")
    return [(CACHE / f"{h}.pdf").read_bytes() for h in digests]
