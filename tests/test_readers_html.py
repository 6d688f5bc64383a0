"""The HTML reader on real government pages and Word-pasted markup (its speed:
``python -m bench readers``)."""

from pathlib import Path

import pytest
from conftest import real_file

from parsers.readers import read_document

FILES = Path(__file__).parent / "files" / "readers"
WORD_PASTED = (FILES / "word_pasted.html").read_text(encoding="utf-8")


def texts(row):
    return [c.text for c in row]


def find_row(doc, first_text):
    return next(row for row in doc.rows if any(c.text == first_text for c in row))


@pytest.fixture(scope="module")
def pingtan():
    return read_document(real_file("pingtan-2023.html").read_bytes(), "page.html")


def test_real_page_title_and_meta(pingtan):
    assert pingtan.format == "html"
    assert pingtan.title == "平潭综合实验区2023年度政府信息公开工作年度报告"
    assert pingtan.meta["PubDate"] == "2024-03-08 15:34"
    assert pingtan.meta["ContentSource"] == "平潭综合实验区管委会办公室"
    assert pingtan.meta["SiteIDCode"] == "3590000001"
    assert pingtan.meta["ColumnName"] == "政府信息公开年报"
    assert pingtan.warnings == []


def test_real_page_rowspans_shift_columns(pingtan):
    row = find_row(pingtan, "1.属于国家秘密")
    assert [(c.text, c.col) for c in row] == [
        ("（三）不予公开", 1), ("1.属于国家秘密", 2), ("0", 3), ("0", 4), ("0", 5), ("0", 6), ("0", 7),
        ("0", 8), ("0", 9)]
    following = find_row(pingtan, "2.其他法律行政法规禁止公开")
    assert following[0].col == 2 and following[0].row == row[0].row + 1
    assert {c.table for c in row} == {2}


def test_real_page_colspans_and_newlines(pingtan):
    header = find_row(pingtan, "申请人情况")
    assert [(c.col, c.span) for c in header] == [(0, 3), (3, 7)]
    sub = find_row(pingtan, "商业\n企业")
    assert [c.col for c in sub] == [4, 5, 6, 7, 8]
    fees = find_row(pingtan, "行政事业性收费")
    assert texts(fees) == ["行政事业性收费", "5949.088667"] and fees[1].span == 3


def test_real_page_narrative_and_order(pingtan):
    headings = [row[0].text for row in pingtan.rows if row[0].text.startswith(("二、", "三、", "五、"))
                and row[0].table is None]
    assert headings[:3] == ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                            "五、存在的主要问题及改进情况"]
    assert "全区共主动公开政府信息13561条" in pingtan.text
    assert "var " not in pingtan.text  # scripts are dropped


def test_real_2019_and_2024_pages_read():
    for name in ("pingtan-2019.html", "pingtan-2024.html"):
        doc = read_document(real_file(name).read_bytes(), name)
        assert any(c.table for row in doc.rows for c in row), name
        assert doc.title and "年度报告" in doc.title


def test_word_pasted_table():
    doc = read_document(WORD_PASTED.encode("utf-8"), "report.html")
    assert doc.title == "某某县人民政府2022年政府信息公开工作年度报告"
    assert doc.meta["ContentSource"] == "某某县人民政府办公室"
    new = find_row(doc, "一、本年新收政府信息公开申请数量")
    # NBSP, full-width spaces and a zero-width space around the numbers are trimmed;
    # the empty (&nbsp;) cell stays in its column.
    assert texts(new) == ["一、本年新收政府信息公开申请数量", "152", "7", "0", "0", "1", "", "160"]
    assert [c.col for c in new] == [0, 3, 4, 5, 6, 7, 8, 9]
    secret = find_row(doc, "1.属于国家秘密")
    assert [c.col for c in secret] == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert [c.col for c in find_row(doc, "2.其他法律行政法规禁止公开")][:2] == [2, 3]
    assert find_row(doc, "科研\n机构")[0].col == 4
    assert "不要读我" not in doc.text


def test_layout_table_gives_inner_rows_not_outer_cell():
    doc = read_document(WORD_PASTED.encode("utf-8"), "report.html")
    assert all("\n".join(texts(row)).count("本报告根据") <= 1 for row in doc.rows)
    assert ["本报告根据《中华人民共和国政府信息公开条例》编制。"] in [texts(r) for r in doc.rows]
    assert {c.table for row in doc.rows for c in row} == {None, 1}


def test_flattened_table_keeps_empty_paragraphs():
    doc = read_document(WORD_PASTED.encode("utf-8"), "report.html")
    lines = [texts(row) for row in doc.rows]
    start = lines.index(["行政复议"])
    assert lines[start:start + 6] == [["行政复议"], ["结果维持"], ["结果纠正"], [""], ["1"], [""]]
    assert ["联系电话：0591-1234567"] in lines  # <br>-separated lines


def gbk_page(declaration: str) -> bytes:
    page = WORD_PASTED.replace('<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />',
                               declaration)
    return page.replace("\u200b", "").encode("gbk")


def test_gbk_page_declaring_utf8():
    doc = read_document(gbk_page('<meta charset="utf-8">'), "report.html")
    assert texts(find_row(doc, "1.属于国家秘密"))[:3] == ["（三）不予公开", "1.属于国家秘密", "2"]
    assert any("utf-8" in w.lower() and "gb18030" in w for w in doc.warnings)


def test_gbk_page_declaring_nothing():
    doc = read_document(gbk_page(""), "report.html")
    assert doc.title == "某某县人民政府2022年政府信息公开工作年度报告"
    assert texts(find_row(doc, "一、本年新收政府信息公开申请数量"))[-1] == "160"


def test_gb2312_label_decoded_as_gb18030():
    # 䶮 is in GB18030 only: pages labelled GB2312 still print such characters.
    page = "<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'></head>" \
           "<body><p>刘䶮同志</p><p>本年新收申请</p></body></html>"
    doc = read_document(page.encode("gb18030"), "a.htm")
    assert [texts(r) for r in doc.rows] == [["刘䶮同志"], ["本年新收申请"]]
    assert doc.warnings == []


def test_http_charset_hint_wins_over_missing_meta():
    page = "<html><body><p>政府信息公开</p></body></html>".encode("gb18030")
    doc = read_document(page, "a.html", content_type="text/html; charset=GBK")
    assert doc.rows[0][0].text == "政府信息公开" and doc.warnings == []


def test_preformatted_text_gives_one_row_per_line():
    page = "<html><body><pre>规章        1    0\n\n行政许可    5</pre></body></html>"
    doc = read_document(page.encode("utf-8"), "a.html")
    assert [texts(r) for r in doc.rows] == [["规章        1    0"], [""], ["行政许可    5"]]


def test_page_without_body_text_has_no_rows():
    doc = read_document(b"<html><head><title>404</title></head><body><script>x()</script></body></html>",
                        "a.html")
    assert doc.rows == [] and doc.title == "404"
