"""The PDF reader on the real Huaian report and on LibreOffice-made PDFs
(ruled and unruled tables running over a page break).  Its time against the
pdfplumber floor is measured by ``python -m bench readers``."""

from pathlib import Path

import pytest
from conftest import real_file

from parsers.readers import read_document

FILES = Path(__file__).parent / "files" / "readers"


def texts(row):
    return [c.text for c in row]


def find_row(doc, text):
    """The first row with a cell reading ``text`` (ignoring line wraps)."""
    return next(row for row in doc.rows if any(c.text.replace("\n", "") == text for c in row))


@pytest.fixture(scope="module")
def huaian():
    return read_document(real_file("huaian-2024.pdf").read_bytes(), "szfgs2024.pdf")


def test_huaian_title_decoded_from_utf16le(huaian):
    assert huaian.format == "pdf"
    assert huaian.title == "政府信息公开工作年度报告"


def test_huaian_state_secret_row(huaian):
    row = find_row(huaian, "1.属于国家秘密")
    assert [(c.text, c.col) for c in row[1:]] == [
        ("1.属于国家秘密", 2), ("2", 3), ("0", 4), ("0", 5), ("0", 6), ("0", 7), ("0", 8), ("2", 9)]
    assert row[0].col == 1 and row[0].text.replace("\n", "") == "（三）不予公开"
    assert all(c.page == 4 for c in row)
    assert all(c.x0 < c.x1 for c in row)
    assert [c.x0 for c in row] == sorted(c.x0 for c in row)


def test_huaian_applications_header_spans(huaian):
    header = find_row(huaian, "申请人情况")
    assert [(c.col, c.span) for c in header] == [(0, 3), (3, 7)]
    assert [(c.col, c.span) for c in find_row(huaian, "法人或其他组织")] == [(3, 1), (4, 5), (9, 1)]


def test_huaian_appeals_table_numbers(huaian):
    head = find_row(huaian, "行政复议")
    table = head[0].table
    rows = [r for r in huaian.rows if r[0].table == table]
    numbers = rows[-1]
    assert texts(numbers) == ["72", "64", "178", "37", "351", "13", "4", "8", "1", "26",
                              "12", "1", "1", "6", "20"]
    assert [c.col for c in numbers] == list(range(15))
    assert all(c.page == 5 for c in numbers)


def test_huaian_table_continues_on_next_page(huaian):
    before = find_row(huaian, "1.本机关不掌握相关政府信息")
    after = find_row(huaian, "2.没有现成信息需要另行制作")
    assert before[0].page == 4 and after[0].page == 5
    assert after[0].table == before[0].table + 1
    assert [c.col for c in after] == list(range(10))


def test_huaian_lines_interleaved_with_tables(huaian):
    lines = [r[0].text for r in huaian.rows]
    assert lines.index("三、收到和处理政府信息公开申请情况") < lines.index("（本列数据的勾稽关系为：第一项加第二项之和，\n等于第三项加第四项之和）")
    assert lines.index("四、政府信息公开行政复议、行政诉讼情况") < lines.index("行政复议")
    assert "全市共受理政府信息公开申请 3119 件" in huaian.text
    heading = find_row(huaian, "一、总体情况")[0]
    assert heading.page == 1 and heading.table is None and heading.x0 is not None


def test_ruled_table_over_page_break():
    doc = read_document((FILES / "ruled.pdf").read_bytes(), "ruled.pdf")
    first = find_row(doc, "一、本年新收政府信息公开申请数量")
    assert first[0].text == "一、本年新收政府信息公开申请\n数量"
    assert texts(first)[1:] == ["80", "1", "0", "0", "0", "0", "81"]
    assert [c.col for c in first] == list(range(8))
    header = find_row(doc, "法人或其他组织")
    assert [(c.col, c.span) for c in header] == [(0, 1), (1, 1), (2, 5), (7, 1)]
    pages = {find_row(doc, f"{i}.不予公开的第{i}种情形")[0].page for i in range(1, 41)}
    assert pages == {1, 2}
    last = find_row(doc, "40.不予公开的第40种情形")
    assert texts(last)[1:] == ["40", "0", "0", "0", "0", "0", "40"] and last[0].table == 2


def test_unruled_table_cells_split_by_gaps():
    doc = read_document((FILES / "unruled.pdf").read_bytes(), "unruled.pdf")
    assert all(c.table is None for row in doc.rows for c in row)
    row = find_row(doc, "1.不予公开的第1种情形")
    assert texts(row) == ["1.不予公开的第1种情形", "1", "0", "0", "0", "0", "0", "1"]
    later = find_row(doc, "33.不予公开的第33种情形")
    assert later[0].page == 2
    # the same column keeps the same x position on both pages
    assert [round(c.x0) for c in later] == [round(c.x0) for c in row]
    assert find_row(doc, "三、收到和处理政府信息公开申请情况")[0].page == 1
