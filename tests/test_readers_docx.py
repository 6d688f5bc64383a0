"""The DOCX reader: grid columns from gridBefore/gridSpan, vMerge
continuations left out, split and nested tables, on documents built with
python-docx and on the real 2021 template."""

import io

import docx
from conftest import real_file
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from parsers.readers import read_document


def texts(row):
    return [c.text for c in row]


def as_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def find_row(doc, text):
    return next(row for row in doc.rows if any(c.text == text for c in row))


def test_real_template_grid():
    doc = read_document(real_file("template-2021.docx").read_bytes(), "模板.docx")
    assert doc.format == "docx" and doc.title is None
    header = find_row(doc, "申请人情况")
    assert [(c.col, c.span) for c in header] == [(0, 3), (3, 7)]
    secret = find_row(doc, "1.属于国家秘密")
    assert [(c.text, c.col) for c in secret[:2]] == [("（三）不予公开", 1), ("1.属于国家秘密", 2)]
    assert [c.col for c in secret[2:]] == list(range(3, 10)) and texts(secret[2:]) == [""] * 7
    # vMerge continuation cells are not repeated: the next row starts at column 2.
    assert find_row(doc, "2.其他法律行政法规禁止公开")[0].col == 2
    appeals = find_row(doc, "行政复议")
    assert [(c.col, c.span) for c in appeals] == [(0, 5), (5, 10)]
    assert {c.table for row in doc.rows for c in row} == {None, 1, 2, 3}
    assert ["二、主动公开政府信息情况"] in [texts(r) for r in doc.rows]


def build_report() -> docx.Document:
    document = docx.Document()
    document.core_properties.title = "某市2023年政府信息公开工作年度报告"
    document.add_paragraph("一、总体情况")
    document.add_paragraph("")
    table = document.add_table(rows=3, cols=4)
    a = table.cell(0, 0).merge(table.cell(1, 0))           # vMerge
    a.text = "信息内容"
    b = table.cell(0, 1).merge(table.cell(0, 3))           # gridSpan 3
    b.text = "本年处理决定数量"
    for col, text in enumerate(["1", "2", "3"], start=1):
        table.cell(1, col).text = text
    table.cell(2, 0).text = "行政许可"
    table.cell(2, 1).text = "\u00a012\u3000"
    # A row shifted right by w:gridBefore (as WPS writes partly empty rows).
    row = table.add_row()
    tr = row._tr
    for tc in list(tr.tc_lst)[:2]:
        tr.remove(tc)
    trpr = tr.get_or_add_trPr()
    before = OxmlElement("w:gridBefore")
    before.set(qn("w:val"), "2")
    trpr.insert(0, before)
    row.cells[0].text = "x"
    document.add_paragraph("（续表）")
    second = document.add_table(rows=1, cols=2)
    second.cell(0, 0).text = "行政处罚"
    second.cell(0, 1).text = "7"
    layout = document.add_table(rows=1, cols=1)
    outer = layout.cell(0, 0)
    outer.paragraphs[0].text = "外层说明"
    inner = outer.add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "行政强制"
    inner.cell(0, 1).text = "5"
    return document


def test_built_document_rows_in_order():
    doc = read_document(as_bytes(build_report()), "report.docx")
    assert doc.title == "某市2023年政府信息公开工作年度报告"
    rows = [texts(r) for r in doc.rows]
    assert rows[:2] == [["一、总体情况"], [""]]
    assert rows[2] == ["信息内容", "本年处理决定数量"]
    assert [(c.col, c.span) for c in doc.rows[2]] == [(0, 1), (1, 3)]
    assert [(c.text, c.col) for c in doc.rows[3]] == [("1", 1), ("2", 2), ("3", 3)]
    assert [(c.text, c.col) for c in doc.rows[4][:2]] == [("行政许可", 0), ("12", 1)]
    assert [(c.text, c.col) for c in doc.rows[5]] == [("x", 2), ("", 3)]
    # split table: both tables' rows in order, the note between them kept
    assert rows[6:8] == [["（续表）"], ["行政处罚", "7"]]
    assert doc.rows[7][0].table == 2
    # layout table: its paragraph and the nested table's row, never the outer cell's text
    # (Word ends every cell with a paragraph, here an empty one after the nested table)
    assert rows[8:] == [["外层说明"], ["行政强制", "5"], [""]]
    assert doc.rows[9][1].col == 1 and doc.rows[9][0].table == 3


def test_cell_provenance():
    doc = read_document(as_bytes(build_report()), "report.docx")
    cell = doc.rows[4][1]
    assert (cell.table, cell.row, cell.col) == (1, 3, 1)
    assert cell.location() == "t1 r3 c1"
