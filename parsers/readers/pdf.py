"""PDF documents with a text layer, read with pdfplumber.

On each page the ruled tables (``find_tables``) give rows of cells placed on
the table's column grid (a cell's ``col`` is the index of its left edge among
the table's distinct left edges, its ``span`` the number of those edges its
box covers); the words outside the tables are grouped into lines and cut
into cells at wide gaps (see ``layout``), so unruled tables keep their
x positions. Tables and lines are interleaved by their vertical position.
Each character is looked at once (given to a cell or to the running text),
which keeps a read within 1.5x of pdfplumber's own ``extract_text``.
"""

from __future__ import annotations

import bisect
import io
import itertools
import unicodedata
import zlib

import pdfplumber
from pdfminer import pdftypes
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import resolve1
from pdfplumber.utils import extract_text, extract_words
from pdfplumber.utils.exceptions import PdfminerException

from ..limits import LimitExceeded, current
from ..model import Cell, Document, ReadError
from .cells import clean, rows_text
from .layout import Word, words_to_rows

_EDGE_TOLERANCE = 1.0   # points: left edges closer than this are one grid line


def _decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's ``decompress_corrupted`` (a Flate stream whose checksum is
    damaged: keep what inflates, tolerate an error in the last three bytes)
    in linear time: pdfminer's own feeds one byte at a time and appends to
    one bytes object, quadratic in the output (a fuzzed 500 KB PDF took
    minutes)."""
    inflater = zlib.decompressobj()
    body, tail = data[:-3], data[-3:]
    out = [inflater.decompress(body[start:start + 65536]) for start in range(0, len(body), 65536)]
    try:
        for byte in range(len(tail)):
            out.append(inflater.decompress(tail[byte:byte + 1]))
    except zlib.error:
        pass
    return b"".join(out)


pdftypes.decompress_corrupted = _decompress_corrupted


def read_pdf(data: bytes) -> Document:
    try:
        # the empty password opens the many PDFs that have only an owner password
        pdf = pdfplumber.open(io.BytesIO(data), password="")
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        raise _refusal(exc) from None
    try:
        _check_pages(pdf)   # before ``with``: pdfplumber's close() loads every page
    except LimitExceeded:
        pdf.stream.close()
        raise
    except Exception as exc:
        pdf.stream.close()
        raise _refusal(exc) from None
    incomplete = [] if _has_end(data) else ["the PDF is incomplete: it is cut short (no %%EOF end marker)"]
    rows: list[list[Cell]] = []
    with pdf:
        try:
            pages = pdf.pages
        except Exception as exc:
            raise _refusal(exc) from None
        tables = 0
        for number, page in enumerate(pages, start=1):
            try:
                page_rows, tables = _page_rows(page, number, tables)
            except Exception as exc:
                if not rows or _out_of_memory(exc):
                    raise _refusal(exc) from None
                incomplete.append(f"the PDF is incomplete: page {number} of {len(pages)} cannot be read "
                                  f"({_plain(exc)}); the pages before it are kept")
                break
            rows.extend(page_rows)
        title = _title(pdf)
    warnings = []
    if not any(c.text for row in rows for c in row):
        warnings.append("the PDF has no text layer (a scan?): nothing to read without OCR")
    return Document(format="pdf", rows=rows, text=rows_text(rows), title=title, warnings=warnings,
                    incomplete=incomplete)


def _has_end(data: bytes) -> bool:
    """A complete PDF ends with ``%%EOF`` (a few bytes of padding allowed)."""
    return b"%%EOF" in data[-1024:]


def _check_pages(pdf) -> None:
    """Refuse a PDF with more pages than the limit before reading any:
    pages are counted in the page tree, stopping one past the limit."""
    allowed = current().pages
    found = sum(1 for _ in itertools.islice(PDFPage.create_pages(pdf.doc), allowed + 1))
    if found > allowed:
        try:
            declared = int(resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"]))
        except Exception:
            declared = 0
        what = f"the PDF has {declared:,} pages" if declared > allowed else f"the PDF has more than {allowed:,} pages"
        raise LimitExceeded(what, "pages", allowed)


def _out_of_memory(exc: BaseException) -> bool:
    """zlib and pdfminer say "cannot allocate" in their own words."""
    return isinstance(exc, MemoryError) or "allocate" in str(exc).lower()


def _refusal(exc: BaseException) -> ReadError:
    """The error to raise for a PDF pdfminer could not read."""
    if _out_of_memory(exc):
        return LimitExceeded("reading the PDF needed too much memory", "memory_mb", current().memory_mb)
    return ReadError(f"not a readable PDF: {_plain(exc)}")


def _plain(exc: BaseException) -> str:
    """Why pdfminer gave up, in words a user can act on."""
    cause = exc
    while isinstance(cause, PdfminerException) and cause.args and isinstance(cause.args[0], BaseException):
        cause = cause.args[0]
    if isinstance(cause, PDFPasswordIncorrect):
        return "it is encrypted: a password is needed to open it"
    if isinstance(cause, PDFEncryptionError):
        return f"it is encrypted in a way the reader does not support ({cause})"
    detail = str(cause).strip() or type(cause).__name__
    return f"the file is damaged or incomplete ({detail})"


def _page_rows(page, number: int, tables: int) -> tuple[list[list[Cell]], int]:
    """The page's table rows and text lines in vertical order. Each
    character is given once to the table cell that holds its middle (the
    rule pdfplumber's ``Table.extract`` uses) or else to the running text."""
    grids = [_Grid(table) for table in page.find_tables()]
    outside = []
    for char in page.chars:
        x = (char["x0"] + char["x1"]) / 2
        y = (char["top"] + char["bottom"]) / 2
        if not any(grid.take(char, x, y) for grid in grids):
            outside.append(char)
    blocks: list[tuple[float, list[list[Cell]]]] = []
    for grid in grids:
        table_rows = grid.rows(number, tables + 1)
        if table_rows:
            tables += 1
            blocks.append((grid.bbox[1], table_rows))
    words = [Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"]) for w in extract_words(outside)]
    blocks.extend((top, [cells]) for top, cells in words_to_rows(words, page=number))
    blocks.sort(key=lambda block: block[0])
    return [row for _, block_rows in blocks for row in block_rows], tables


def _edges(values) -> list[float]:
    """Sorted distinct coordinates, values closer than the tolerance merged."""
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > _EDGE_TOLERANCE:
            edges.append(value)
    return edges


class _Grid:
    """A ruled table as a grid of slots between the distinct left and top
    edges of its cells; each slot points to the (possibly merged) cell that
    covers it, so characters are placed by two binary searches."""

    def __init__(self, table) -> None:
        self.bbox = table.bbox
        self.xs = _edges(cell[0] for cell in table.cells)
        self.ys = _edges(cell[1] for cell in table.cells)
        self.table_rows = [[box for box in row.cells if box is not None] for row in table.rows]
        self.chars: dict[tuple, list] = {box: [] for row in self.table_rows for box in row}
        self.slots: dict[tuple[int, int], tuple] = {}
        for box in self.chars:
            for i in range(self._index(self.xs, box[0]), self._index(self.xs, box[2])):
                for j in range(self._index(self.ys, box[1]), self._index(self.ys, box[3])):
                    self.slots[(i, j)] = box

    @staticmethod
    def _index(edges: list[float], value: float) -> int:
        return bisect.bisect_left(edges, value - _EDGE_TOLERANCE)

    def take(self, char: dict, x: float, y: float) -> bool:
        """Put ``char`` in the cell holding (x, y); False when outside."""
        x0, top, x1, bottom = self.bbox
        if not (x0 <= x < x1 and top <= y < bottom):
            return False
        slot = (bisect.bisect_right(self.xs, x) - 1, bisect.bisect_right(self.ys, y) - 1)
        box = self.slots.get(slot)
        if box is not None and box[0] <= x < box[2] and box[1] <= y < box[3]:
            self.chars[box].append(char)
        return True

    def rows(self, page: int, number: int) -> list[list[Cell]]:
        rows = []
        for row_no, boxes in enumerate(self.table_rows, start=1):
            cells = []
            for box in boxes:
                col = self._index(self.xs, box[0])
                span = max(self._index(self.xs, box[2]) - col, 1)
                chars = self.chars[box]
                text = clean(extract_text(chars)) if chars else ""
                cells.append(Cell(text, page=page, table=number, row=row_no, col=col, span=span,
                                  x0=round(box[0], 2), x1=round(box[2], 2)))
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
