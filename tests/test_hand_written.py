"""Documents written by hand in styles the sample generator never produces —
"from other hands" — each labelled in full here: a Word/WPS web-page export
(MsoNormal paragraphs, vertical group labels, 法人或其他组织 on the first
header row, typos 不子公开 / 2.其他法律行政止公开 / 行政法复议), an Excel
web-page export in GBK (x:num cells, a 序号 column, 法人或其他组织-商业企业
headers, no 规章 row, （六） as one row, a fee in 元), a one-cell-per-line
text export of a 2021 report printed on the 2019 tables (header cells over
two lines, full-width digits, six decimals, ``[bookmark: _GoBack]``), and a
PDF drawn by hand (landscape, no rules, table 3 continued on the next page
with a row cut by the page break)."""

from pathlib import Path

import pytest

from parsers import parse_bytes, schema
from parsers.samples.score import score

HAND = Path(__file__).parent / "files" / "hand"
APPLICANTS = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_entity",
              "total")
APPEALS = ("upheld", "corrected", "other", "pending", "total")


def table3(nonzero: dict, *, one_other: bool = False) -> dict:
    """Every applications fact: the rows given, zeros elsewhere; ``one_other``
    for a table printing （六）其他处理 as one row."""
    rows = [r.key for r in schema.APPLICATIONS_ROWS
            if (r.key == "other") == one_other or not r.key.startswith("other")]
    return {f"applications.{row}.{c}": v for row in rows
            for c, v in zip(APPLICANTS, nonzero.get(row, [0] * 7))}


def table4(*groups) -> dict:
    keys = [g.key for g in schema.APPEALS_GROUPS]
    return {f"appeals.{g}.{c}": v for g, values in zip(keys, groups) for c, v in zip(APPEALS, values)}


def active(values: dict) -> dict:
    return {f"active.{k}": v for k, v in values.items()}


CASES = {
    "wps-township-2023.html": dict(
        title="云溪镇2023年政府信息公开工作年度报告", agency="云溪镇", year=2023, template="2021",
        facts={**active({"rules.issued": 0, "rules.repealed": 0, "rules.in_force": 2,
                         "normative_documents.issued": 3, "normative_documents.repealed": 1,
                         "normative_documents.in_force": 15, "licensing.decisions": 1204,
                         "punishment.decisions": 37, "coercion.decisions": 0, "fees.amount": 0.35}),
               **table3({"new_received": [5, 1, 0, 0, 0, 0, 6], "carried_over": [1, 0, 0, 0, 0, 0, 1],
                         "granted": [3, 1, 0, 0, 0, 0, 4], "partially_granted": [1, 0, 0, 0, 0, 0, 1],
                         "denied.third_party_rights": [1, 0, 0, 0, 0, 0, 1],
                         "processed_total": [5, 1, 0, 0, 0, 0, 6], "carried_forward": [1, 0, 0, 0, 0, 0, 1]}),
               **table4([1, 0, 0, 0, 1], [0, 0, 1, 0, 1], [0, 0, 0, 0, 0])},
        fuzzy=["applications.denied.prohibited_by_law.total"]),
    "excel-county-2022.html": dict(
        title="临河县发展和改革局2022年度政府信息公开工作年度报告", agency="临河县发展和改革局", year=2022,
        template="2021",
        facts={**active({"normative_documents.issued": 2, "normative_documents.repealed": 0,
                         "normative_documents.in_force": 9, "licensing.decisions": 2356,
                         "punishment.decisions": 5, "coercion.decisions": 0, "fees.amount": 1.25}),
               **table3({"new_received": [10, 2, 0, 0, 0, 0, 12], "granted": [6, 1, 0, 0, 0, 0, 7],
                         "partially_granted": [1, 0, 0, 0, 0, 0, 1],
                         "denied.process_information": [1, 0, 0, 0, 0, 0, 1],
                         "unavailable.not_held": [2, 1, 0, 0, 0, 0, 3],
                         "processed_total": [10, 2, 0, 0, 0, 0, 12]}, one_other=True),
               **table4([0, 1, 0, 0, 1], [0] * 5, [0] * 5)}),
    "lines-bureau-2021.txt": dict(
        title="石湖区水利局2021年政府信息公开工作年度报告", agency="石湖区水利局", year=2021, template="2019",
        facts={**active({"rules.new_made": 0, "rules.new_published": 0, "rules.total_published": 0,
                         "normative_documents.new_made": 1, "normative_documents.new_published": 1,
                         "normative_documents.total_published": 6,
                         "licensing.previous_items": 12, "licensing.change": 0, "licensing.decisions": 1032,
                         "other_services.previous_items": 3, "other_services.change": -1,
                         "other_services.decisions": 45,
                         "punishment.previous_items": 4, "punishment.change": 1, "punishment.decisions": 27,
                         "coercion.previous_items": 0, "coercion.change": 0, "coercion.decisions": 0,
                         "fees.previous_items": 1, "fees.change": 0,
                         "procurement.projects": 8, "procurement.amount": 305.12}),
               **table3({"new_received": [3, 0, 0, 0, 0, 0, 3], "granted": [2, 0, 0, 0, 0, 0, 2],
                         "unavailable.not_held": [1, 0, 0, 0, 0, 0, 1],
                         "processed_total": [3, 0, 0, 0, 0, 0, 3]}, one_other=True),
               **table4([0] * 5, [1, 0, 0, 0, 1], [0] * 5)}),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_document_from_other_hands_is_read_in_full(name):
    case = CASES[name]
    report = parse_bytes((HAND / name).read_bytes(), name)
    expected = {k: case[k] for k in ("title", "agency", "year", "template")}
    result = score(name, {**expected, "facts": case["facts"], "failing_checks": []}, report.to_json())
    assert result.perfect, result.describe(20) + "\n" + "\n".join(report.warnings)
    assert not report.errors
    for key in case.get("fuzzy", ()):
        assert report.facts[key].match == "fuzzy"
        assert any(report.facts[key].raw is not None and "行政止公开" in w for w in report.warnings)


def _hand_drawn_pdf(path: Path) -> None:
    """A landscape PDF drawn line by line, no rules: table 3 runs over three
    pages; （一）予以公 stands at the foot of page 1 with its numbers and 开
    opens page 2; （七）总 ends page 2 with nothing beside it and 计 opens
    page 3 with the numbers, under the repeated header."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, height = landscape(A4)
    xs = [360, 420, 480, 540, 600, 660, 720]
    c = canvas.Canvas(str(path), pagesize=(width, height), invariant=1)
    y = height - 50

    def line(text, x=50, size=10.5, centred=False):
        nonlocal y
        c.setFont("STSong-Light", size)
        (c.drawCentredString if centred else c.drawString)(x, y, text)

    def row(label, values=()):
        nonlocal y
        line(label, 60, 9)
        for x, v in zip(xs, values):
            line(str(v), x, 9, centred=True)
        y -= 16

    def header():
        nonlocal y
        line("法人或其他组织", 540, 9, centred=True)
        y -= 14
        for x, text in zip(xs, ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")):
            line(text, x, 9, centred=True)
        y -= 18

    def page_break(number):
        nonlocal y
        line(f"— {number} —", width / 2, 8, centred=True)
        c.showPage()
        y = height - 50

    line("青山街道办事处2024年政府信息公开工作年度报告", width / 2, 16, centred=True)
    y -= 30
    line("本报告由青山街道办事处编制，统计期限自2024年1月1日起至2024年12月31日止。")
    y -= 24
    line("三、收到和处理政府信息公开申请情况")
    y -= 22
    header()
    rows = [("一、本年新收政府信息公开申请数量", [4, 0, 0, 0, 1, 0, 5]),
            ("二、上年结转政府信息公开申请数量", [0] * 7),
            ("（一）予以公", [3, 0, 0, 0, 1, 0, 4])]
    for label, values in rows:
        row(label, values)
    page_break(1)
    row("开")
    row("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [0] * 7)
    labels = [r.label.split("）")[-1] if "）" in r.label else r.label for r in schema.APPLICATIONS_ROWS[4:23]]
    for label in labels:
        row(label, [1, 0, 0, 0, 0, 0, 1] if "不掌握" in label else [0] * 7)
    row("（七）总")
    page_break(2)
    header()
    row("计", [4, 0, 0, 0, 1, 0, 5])
    row("四、结转下年度继续办理", [0] * 7)
    y -= 20
    line("四、政府信息公开行政复议、行政诉讼情况")
    y -= 22
    for x, text in zip((150, 390, 630), ("行政复议", "未经复议直接起诉", "复议后起诉")):
        line(text, x, 9, centred=True)
    y -= 16
    for i in range(15):
        line(("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")[i % 5], 70 + i * 48, 8, centred=True)
    y -= 16
    for i in range(15):
        line("0", 70 + i * 48, 9, centred=True)
    c.save()


def test_a_hand_drawn_pdf_with_rows_cut_by_page_breaks(tmp_path):
    path = tmp_path / "qingshan-2024.pdf"
    _hand_drawn_pdf(path)
    report = parse_bytes(path.read_bytes(), path.name)
    expected = {"title": "青山街道办事处2024年政府信息公开工作年度报告", "agency": "青山街道办事处", "year": 2024,
                "template": "2021", "failing_checks": [],
                "facts": {**table3({"new_received": [4, 0, 0, 0, 1, 0, 5], "granted": [3, 0, 0, 0, 1, 0, 4],
                                    "unavailable.not_held": [1, 0, 0, 0, 0, 0, 1],
                                    "processed_total": [4, 0, 0, 0, 1, 0, 5]}),
                          **table4([0] * 5, [0] * 5, [0] * 5)}}
    result = score(path.name, expected, report.to_json())
    assert result.perfect, result.describe(20) + "\n" + "\n".join(report.warnings)
