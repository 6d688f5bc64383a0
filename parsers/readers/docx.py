"""DOCX (Word 2007+, WPS) documents: the body's paragraphs and tables in
order, tables placed on their grid by walking the ``w:tc`` elements.

python-docx's ``row.cells`` repeats merged cells, so it is not used: a cell
starts at the grid column given by ``w:gridBefore`` plus the spans of the
cells before it (``w:gridSpan``), and the continuation cells of a vertical
merge (``w:vMerge`` without ``restart``) are left out. A table whose cells
hold another table is a layout table: its cells are read like the body, so
the inner table's rows come out.
"""

from __future__ import annotations

import io
import zipfile

import docx
import lxml.etree
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import nsmap, qn

from ..model import Cell, Document, ReadError
from .cells import clean, rows_text
from .zips import ZipPackage

_NS = {"w": nsmap["w"], "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}
_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_WRAPPERS = frozenset({qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:smartTag")})
_TEXT_PARTS = lxml.etree.XPath(
    ".//w:t[not(ancestor::mc:Fallback)] | .//w:tab[not(ancestor::mc:Fallback)]"
    " | .//w:br[not(ancestor::mc:Fallback)] | .//w:cr[not(ancestor::mc:Fallback)]",
    namespaces=_NS,
)
_T, _TAB, _BR = qn("w:t"), qn("w:tab"), qn("w:br")


def read_docx(data: bytes) -> Document:
    ZipPackage(data, "a DOCX").verify()  # python-docx reads every part whole: bounded first
    try:
        package = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise ReadError(f"not a DOCX: {exc}") from None
    except Exception as exc:  # lxml syntax errors and the like inside the package
        raise ReadError(f"not a DOCX: damaged package ({type(exc).__name__}: {exc})") from None
    reader = _BodyReader()
    reader.read_blocks(package.element.body)
    title = clean(package.core_properties.title or "") or None
    return Document(format="docx", rows=reader.rows, text=rows_text(reader.rows), title=title)


def _children(container, tags: tuple[str, ...]):
    """The elements with one of ``tags`` directly inside ``container``,
    looking through content-control and custom-XML wrappers."""
    for child in container:
        if child.tag in tags:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tags)


def _blocks(container):
    return _children(container, (_P, _TBL))


def _rows(tbl):
    return _children(tbl, (_TR,))


def _row_cells(tr):
    return _children(tr, (_TC,))


def _paragraph_text(p) -> str:
    parts = []
    for el in _TEXT_PARTS(p):
        if el.tag == _T:
            parts.append(el.text or "")
        elif el.tag == _TAB:
            parts.append("\t")
        elif el.tag == _BR and el.get(qn("w:type")) in ("page", "column"):
            continue
        else:
            parts.append("\n")
    return clean("".join(parts))


def _cell_props(tc) -> tuple[int, str | None, str | None]:
    """(gridSpan, vMerge value or None, hMerge value or None) of a ``w:tc``;
    a merge element without ``w:val`` means ``continue``."""
    span, vmerge, hmerge = 1, None, None
    tcpr = tc.find(qn("w:tcPr"))
    if tcpr is not None:
        el = tcpr.find(qn("w:gridSpan"))
        if el is not None:
            span = _int(el.get(qn("w:val")), 1)
        el = tcpr.find(qn("w:vMerge"))
        if el is not None:
            vmerge = el.get(qn("w:val")) or "continue"
        el = tcpr.find(qn("w:hMerge"))
        if el is not None:
            hmerge = el.get(qn("w:val")) or "continue"
    return span, vmerge, hmerge


def _int(value: str | None, default: int) -> int:
    try:
        return max(int(value), 0) if value is not None else default
    except ValueError:
        return default


def _is_layout(tbl) -> bool:
    return any(tc.find(".//" + _TBL) is not None for tr in _rows(tbl) for tc in _row_cells(tr))


class _BodyReader:
    def __init__(self) -> None:
        self.rows: list[list[Cell]] = []
        self.tables = 0

    def read_blocks(self, container) -> None:
        for block in _blocks(container):
            if block.tag == _P:
                self.rows.append([Cell(_paragraph_text(block), col=0)])
            elif _is_layout(block):
                for tr in _rows(block):
                    for tc in _row_cells(tr):
                        self.read_blocks(tc)
            else:
                self.read_table(block)

    def read_table(self, tbl) -> None:
        self.tables += 1
        emitted = False
        for row_no, tr in enumerate(_rows(tbl), start=1):
            trpr = tr.find(qn("w:trPr"))
            before = trpr.find(qn("w:gridBefore")) if trpr is not None else None
            col = _int(before.get(qn("w:val")), 0) if before is not None else 0
            cells: list[Cell] = []
            for tc in _row_cells(tr):
                span, vmerge, hmerge = _cell_props(tc)
                if hmerge == "continue" and cells:
                    cells[-1].span += span
                elif vmerge != "continue":
                    text = "\n".join(t for t in (_paragraph_text(p) for p in _blocks(tc)) if t)
                    cells.append(Cell(text, table=self.tables, row=row_no, col=col, span=span))
                col += span
            if cells:
                self.rows.append(cells)
                emitted = True
        if not emitted:
            self.tables -= 1
