"""Build the reader fixtures that need LibreOffice: a report-like DOCX with a
ruled statistics table (merged header cells, long enough to run over a page
break) and the same table without borders, converted to PDF, DOC and RTF.

Run from the repository root:  .venv/bin/python tests/files/readers/make_office_files.py
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).parent

HEADER = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
ROWS = [("一、本年新收政府信息公开申请数量", [80, 1, 0, 0, 0, 0, 81]),
        ("二、上年结转政府信息公开申请数量", [3, 0, 0, 0, 0, 0, 3])]
ROWS += [(f"{i}.不予公开的第{i}种情形", [i, 0, 0, 0, 0, 0, i]) for i in range(1, 41)]


def build(ruled: bool) -> docx.Document:
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(10.5)
    document.add_paragraph("某县人民政府2023年政府信息公开工作年度报告")
    for _ in range(6):
        document.add_paragraph("本年度，我县坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实"
                               "政府信息公开条例，持续推进政务公开标准化规范化建设。")
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    table = document.add_table(rows=2 + len(ROWS), cols=8)
    if ruled:
        table.style = "Table Grid"
    corner = table.cell(0, 0).merge(table.cell(1, 0))
    corner.text = "（本列数据的勾稽关系）"
    table.cell(0, 1).text = "自然人"
    table.cell(0, 1).merge(table.cell(1, 1))
    organisations = table.cell(0, 2).merge(table.cell(0, 6))
    organisations.text = "法人或其他组织"
    table.cell(0, 7).text = "总计"
    table.cell(0, 7).merge(table.cell(1, 7))
    for col, label in enumerate(HEADER[1:6], start=2):
        table.cell(1, col).text = label
    for r, (label, numbers) in enumerate(ROWS, start=2):
        table.cell(r, 0).text = label
        for c, number in enumerate(numbers, start=1):
            table.cell(r, c).text = str(number)
    table.autofit = False
    for c, column in enumerate(table.columns):
        column.width = Cm(5.6 if c == 0 else 1.5)
    for row in table.rows:
        for c, cell in enumerate(row.cells):
            cell.width = Cm(5.6 if c == 0 else 1.5)
    if not ruled:
        borders = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:val"), "nil")
            borders.append(edge)
        table._tbl.tblPr.append(borders)
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    return document


def convert(source: Path, target: str) -> Path:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", target, "--outdir", str(HERE), str(source)],
                       check=True, capture_output=True, timeout=180)
    return source.with_suffix("." + target)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name, ruled in (("ruled", True), ("unruled", False)):
            path = Path(tmp, f"{name}.docx")
            build(ruled).save(path)
            shutil.copy(path, HERE / path.name)
            convert(HERE / path.name, "pdf")
        convert(HERE / "ruled.docx", "doc")
        convert(HERE / "ruled.docx", "rtf")
        (HERE / "unruled.docx").unlink()


if __name__ == "__main__":
    main()
