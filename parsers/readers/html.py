"""HTML pages: decode robustly, then walk the body in document order.

Every ``<table>`` row becomes a row of cells placed on the table's grid
(colspan/rowspan handled the way browsers do); a layout table, one whose
cells hold another table, is walked like any other container so that the
inner table's rows come out instead of the outer cell's text. Outside tables
each block (p, li, h1-h6, a div's own text, a ``<br>``-separated line) is a
one-cell row, and so is each line of a ``<pre>``; empty paragraphs are kept
as a row with one empty cell, since some CMSs flatten a table into one
paragraph per cell.
"""

from __future__ import annotations

import re

import lxml.etree

from ..model import Cell, Document, ReadError
from .cells import clean, rows_text
from .decode import decode_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_WS = re.compile(r"[ \t\r\n\f]+")

_SKIP = frozenset("script style head title noscript template select svg object iframe".split())
_BLOCK = frozenset(
    "address article aside blockquote center dd details dialog dir div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p pre section summary ul caption "
    "table tbody thead tfoot tr td th".split()
)
# Blocks that give a row even when empty (an empty paragraph may be an empty cell).
_ALWAYS = frozenset("p li h1 h2 h3 h4 h5 h6 dt dd".split())
_CELLS = ("td", "th")
_MAX_SPAN = 200
_START = re.compile(r"<(?:html|body)\b", re.I)
_END = re.compile(r"</(?:html|body)\s*>", re.I)
_TABLE_OPEN = re.compile(r"<table\b", re.I)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.I)


def read_html(data: bytes, *, charset: str | None = None) -> Document:
    """Read an HTML page; ``charset`` is the HTTP Content-Type hint if any."""
    declared = charset
    if declared is None:
        found = _META_CHARSET.search(data[:8192])
        declared = found.group(1).decode("ascii") if found else None
    decoded = decode_bytes(data, declared)
    try:
        # plain etree elements: lxml.html's per-element class lookup costs a third of a read
        parser = lxml.etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
        root = lxml.etree.fromstring(decoded.text.encode("utf-8", "surrogatepass"), parser=parser)
        if root is None:
            raise ValueError("no HTML elements")
    except (lxml.etree.LxmlError, ValueError) as exc:
        if not decoded.text.strip():
            return Document(format="html", warnings=decoded.warnings)
        raise ReadError(f"not a readable HTML page: {exc}") from None

    meta = {}
    for el in root.iter("meta"):
        name, content = el.get("name"), el.get("content")
        if name and content is not None:
            meta[name.strip()] = content.strip()
    title_el = root.find(".//title")
    page_title = clean(_WS.sub(" ", "".join(title_el.itertext()))) if title_el is not None else ""
    title = meta.get("ArticleTitle") or page_title or None

    walker = _BodyWalker()
    body = root.find("body")
    if body is not None:
        walker.walk_children(body)
        walker.flush()
    return Document(format="html", rows=walker.rows, text=rows_text(walker.rows), title=title,
                    meta=meta, warnings=decoded.warnings, incomplete=_cut_short(decoded))


def _cut_short(decoded) -> list[str]:
    """Why the page looks cut short: it opened <html> or <body> and never
    closed them, or (a fragment) it ends inside a table, or inside a
    character."""
    text = decoded.text
    if decoded.cut:
        return ["the page is incomplete: it ends in the middle of a character"]
    if _END.search(text):
        return []
    if _START.search(text, 0, 65536):
        return ["the page is incomplete: it ends before its closing </body></html>"]
    opened = [m.start() for m in _TABLE_OPEN.finditer(text)]
    closed = [m.start() for m in _TABLE_CLOSE.finditer(text)]
    if opened and (not closed or opened[-1] > closed[-1]) and len(opened) > len(closed):
        return ["the page is incomplete: it ends inside a table"]
    return []


class _Flow:
    """Collects the lines of a piece of HTML: inline text accumulates in a
    buffer, block boundaries and ``<br>`` end a line."""

    def __init__(self) -> None:
        self.buf: list[str] = []
        self.count = 0          # lines emitted so far

    def emit(self, line: str) -> None:
        raise NotImplementedError

    def table(self, el) -> None:
        self.walk_children(el)

    def flush(self) -> None:
        if self.buf:
            line = clean(_WS.sub(" ", "".join(self.buf)))
            self.buf.clear()
            if line:
                self.emit(line)
                self.count += 1

    def walk_children(self, el) -> None:
        if el.text:
            self.buf.append(el.text)
        for child in el:
            tag = child.tag
            if isinstance(tag, str) and tag not in _SKIP:
                if tag == "br":
                    self.flush()
                elif tag == "table" and not _is_layout(child):
                    self.flush()
                    self.table(child)
                elif tag == "pre":
                    self.flush()
                    for line in "".join(child.itertext()).splitlines():
                        self.emit(clean(line))
                        self.count += 1
                elif tag in _BLOCK:
                    self.flush()
                    before = self.count
                    self.walk_children(child)
                    self.flush()
                    if tag in _ALWAYS and self.count == before:
                        self.emit("")
                        self.count += 1
                else:
                    self.walk_children(child)
            if child.tail:
                self.buf.append(child.tail)


class _CellWalker(_Flow):
    """The text of one table cell: its lines joined with newlines."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, line: str) -> None:
        if line:
            self.lines.append(line)

    def text_of(self, el) -> str:
        self.walk_children(el)
        self.flush()
        return "\n".join(self.lines)


class _BodyWalker(_Flow):
    """The document's rows: one-cell rows for blocks, grid rows for tables."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[Cell]] = []
        self.tables = 0

    def emit(self, line: str) -> None:
        self.rows.append([Cell(line, col=0)])

    def table(self, el) -> None:
        self.tables += 1
        rows = _table_rows(el, self.tables)
        if rows:
            self.rows.extend(rows)
        else:
            self.tables -= 1


def _is_layout(table) -> bool:
    """A table whose own cells contain another table."""
    return any(cell.find(".//table") is not None for tr in _own_rows(table) for cell in tr if cell.tag in _CELLS)


def _own_rows(table):
    for child in table:
        if child.tag == "tr":
            yield child
        elif child.tag in ("tbody", "thead", "tfoot"):
            yield from (tr for tr in child if tr.tag == "tr")


def _span(value: str | None) -> int:
    digits = re.match(r"\s*(\d+)", value or "")
    return min(max(int(digits.group(1)), 1), _MAX_SPAN) if digits else 1


def _table_rows(table, number: int) -> list[list[Cell]]:
    """Rows of one data table with each cell at the grid column where it
    starts; positions covered by a rowspan from above are skipped."""
    rows: list[list[Cell]] = []
    pending: dict[int, int] = {}   # grid column -> further rows it is covered
    for row_no, tr in enumerate(_own_rows(table), start=1):
        busy = set(pending)
        placed: dict[int, int] = {}
        cells: list[Cell] = []
        col = 0
        for td in tr:
            if td.tag not in _CELLS:
                continue
            while col in busy:
                col += 1
            colspan, rowspan = _span(td.get("colspan")), _span(td.get("rowspan"))
            cells.append(Cell(_CellWalker().text_of(td), table=number, row=row_no, col=col, span=colspan))
            if rowspan > 1:
                for c in range(col, col + colspan):
                    placed[c] = rowspan - 1
            col += colspan
        pending = {c: n - 1 for c, n in pending.items() if n > 1}
        pending.update(placed)
        if cells:
            rows.append(cells)
    return rows
