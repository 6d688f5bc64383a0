"""The plain-text reader: TSV, one cell per line, Markdown pipes, fixed-width
layouts with display-column positions, and the encodings tools leave."""

import pytest

from parsers.readers import read_document


def texts(doc):
    return [[c.text for c in row] for row in doc.rows]


def test_tsv_keeps_empty_cells():
    data = "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t1\t\t11\n".encode()
    doc = read_document(data, "report.tsv")
    assert doc.format == "text"
    assert texts(doc) == [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "1", "", "11"]]
    assert [c.col for c in doc.rows[1]] == [0, 1, 2, 3]
    assert doc.rows[1][0].row == 2


def test_one_cell_per_line_and_blank_lines():
    data = "行政复议\n结果维持\n\n1\n　\n3\n".encode()
    doc = read_document(data, "report.txt")
    assert texts(doc) == [["行政复议"], ["结果维持"], [""], ["1"], [""], ["3"]]


def test_fixed_width_layout_positions():
    lines = [
        "                                  自然人  商业企业  总计",
        "一、本年新收政府信息公开申请数量    80        1      81",
        "二、上年结转政府信息公开申请数量     3                3",
    ]
    doc = read_document("\n".join(lines).encode("gb18030"), "report.txt")
    header, first, second = doc.rows
    assert [c.text for c in header] == ["自然人", "商业企业", "总计"]
    assert [c.text for c in second] == ["二、上年结转政府信息公开申请数量", "3", "3"]
    # display columns: each Chinese character is two columns wide
    assert (first[0].x0, first[0].x1) == (0, 32)
    assert header[0].x0 == 34 and header[0].x1 == 40
    # the blank 商业企业 cell of the last line is recoverable by position
    assert abs(second[1].x1 - header[0].x1) <= 2 and abs(second[2].x1 - header[2].x1) <= 2
    assert header[1].x0 <= first[2].x0 and first[2].x1 <= header[1].x1


def test_markdown_pipes():
    data = "| 信息内容 | 本年处理决定数量 |\n|---|---|\n| 行政许可 | 2629 |\n| 行政处罚 |  |\n".encode()
    doc = read_document(data, "report.md")
    assert texts(doc) == [["信息内容", "本年处理决定数量"], ["行政许可", "2629"], ["行政处罚", ""]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_encodings(encoding):
    data = "政府信息公开工作年度报告\n规章\t0\n".encode(encoding)
    doc = read_document(data, "report.txt")
    assert texts(doc) == [["政府信息公开工作年度报告"], ["规章", "0"]]


def test_text_without_extension_is_sniffed():
    doc = read_document("一、总体情况\n".encode("gbk"))
    assert doc.format == "text" and texts(doc) == [["一、总体情况"]]
