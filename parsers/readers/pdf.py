"""PDF documents with a text layer, read with pdfplumber.

On each page the ruled tables (``find_tables``) give rows of cells placed on
the table's column grid (a cell's ``col`` is the index of its left edge among
the table's distinct left edges, its ``span`` the number of those edges its
box covers); the words outside the tables are grouped into lines and cut
into cells at wide gaps (see ``layout``), so unruled tables keep their
x positions. Tables and lines are interleaved by their vertical position.
"""

from __future__ import annotations

import bisect
import io
import unicodedata

import pdfplumber
from pdfminer.pdftypes import resolve1

from ..model import Cell, Document, ReadError
from .cells import clean, rows_text
from .layout import Word, words_to_rows

_EDGE_TOLERANCE = 1.0   # points: left edges closer than this are one grid line


def read_pdf(data: bytes) -> Document:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        raise ReadError(f"not a readable PDF: {_plain(exc)}") from None
    with pdf:
        try:
            pages = pdf.pages
            rows: list[list[Cell]] = []
            tables = 0
            for number, page in enumerate(pages, start=1):
                page_rows, tables = _page_rows(page, number, tables)
                rows.extend(page_rows)
        except Exception as exc:
            raise ReadError(f"not a readable PDF: {_plain(exc)}") from None
        title = _title(pdf)
    warnings = []
    if not any(c.text for row in rows for c in row):
        warnings.append("the PDF has no text layer (a scan?): nothing to read without OCR")
    return Document(format="pdf", rows=rows, text=rows_text(rows), title=title, warnings=warnings)


def _plain(exc: Exception) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _page_rows(page, number: int, tables: int) -> tuple[list[list[Cell]], int]:
    blocks: list[tuple[float, list[list[Cell]]]] = []
    boxes = []
    for table in page.find_tables():
        table_rows = _table_rows(table, number, tables + 1)
        if table_rows:
            tables += 1
            blocks.append((table.bbox[1], table_rows))
            boxes.append(table.bbox)
    words = [
        Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"])
        for w in page.extract_words()
        if not any(_inside(w, box) for box in boxes)
    ]
    blocks.extend((top, [cells]) for top, cells in words_to_rows(words, page=number))
    blocks.sort(key=lambda block: block[0])
    return [row for _, block_rows in blocks for row in block_rows], tables


def _inside(word: dict, box) -> bool:
    x = (word["x0"] + word["x1"]) / 2
    y = (word["top"] + word["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _table_rows(table, page: int, number: int) -> list[list[Cell]]:
    edges: list[float] = []
    for x0 in sorted(cell[0] for cell in table.cells):
        if not edges or x0 - edges[-1] > _EDGE_TOLERANCE:
            edges.append(x0)
    rows = []
    for row_no, (row, texts) in enumerate(zip(table.rows, table.extract()), start=1):
        cells = []
        for box, text in zip(row.cells, texts):
            if box is None:
                continue
            x0, _, x1, _ = box
            col = bisect.bisect_left(edges, x0 - _EDGE_TOLERANCE)
            span = max(bisect.bisect_left(edges, x1 - _EDGE_TOLERANCE) - col, 1)
            cells.append(Cell(clean(text or ""), page=page, table=number, row=row_no, col=col, span=span,
                              x0=round(x0, 2), x1=round(x1, 2)))
        if cells:
            rows.append(cells)
    return rows


def _title(pdf) -> str | None:
    """The metadata title when it decodes cleanly: PDFDocEncoding or UTF-16
    with either byte-order mark (some producers write a little-endian BOM
    that pdfminer does not recognise)."""
    try:
        raw = resolve1(pdf.doc.info[0].get("Title")) if pdf.doc.info else None
    except Exception:
        return None
    if isinstance(raw, bytes):
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = raw.decode("utf-16", errors="replace")
        else:
            text = pdf.metadata.get("Title") or ""
    elif isinstance(raw, str):
        text = raw
    else:
        return None
    text = clean(text)
    if not text or any(ch == "\ufffd" or unicodedata.category(ch) == "Cc" for ch in text):
        return None
    return text
