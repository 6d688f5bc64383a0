"""The table mapper on documents shaped the ways real CMSs and extraction
tools leave them: grids with spans, flattened one-cell paragraphs, rows whose
cells ran together, tab-separated text with blank cells, headers in another
order or over three rows, label variants, missing and extra rows."""

import pytest

from parsers.model import Cell, Document
from parsers.tables import map_tables

APPLICANTS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
KEYS = ["natural_person", "commercial", "research", "social_welfare", "legal_services",
        "other_entity", "total"]


def grid(rows: list[list[str]], table: int = 1) -> list[list[Cell]]:
    """Rows of a ruled table: each cell at its grid column."""
    return [[Cell(text, table=table, row=r, col=c) for c, text in enumerate(row)]
            for r, row in enumerate(rows, 1)]


def flattened(rows: list[list[str]]) -> list[list[Cell]]:
    """A table a CMS flattened to one paragraph per cell."""
    return [[Cell(text, row=i)] for i, text in enumerate(t for row in rows for t in row)]


def doc(*parts) -> Document:
    rows = [r for part in parts for r in part]
    return Document("test", rows, text="\n".join(" ".join(c.text for c in r) for r in rows))


APPLICATION_ROWS = [
    (["一、本年新收政府信息公开申请数量"], "new_received", [12, 3, 0, 0, 1, 0, 16]),
    (["二、上年结转政府信息公开申请数量"], "carried_over", [2, 0, 0, 0, 0, 0, 2]),
    (["（一）予以公开"], "granted", [8, 2, 0, 0, 1, 0, 11]),
    (["（三）不予公开", "1.属于国家秘密"], "denied.state_secret", [1, 0, 0, 0, 0, 0, 1]),
    (["2.其他法律法规禁止公开"], "denied.prohibited_by_law", [0, 0, 0, 0, 0, 0, 0]),
    (["（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"],
     "other.no_correction", [1, 1, 0, 0, 0, 0, 2]),
    (["3.其他"], "other.misc", [0, 0, 0, 0, 0, 0, 0]),
    (["（七）总计"], "processed_total", [10, 3, 0, 0, 1, 0, 14]),
    (["四、结转下年度继续办理"], "carried_forward", [4, 0, 0, 0, 0, 0, 4]),
]


def application_table(order=range(7), header_rows=2):
    cols = list(order)
    if header_rows == 1:
        header = [["申请人情况", *[APPLICANTS[i] for i in cols]]]
    else:
        header = [["申请人情况", *["法人或其他组织" if 1 <= i <= 5 else APPLICANTS[i] for i in cols]],
                  ["", *[APPLICANTS[i] if 1 <= i <= 5 else "" for i in cols]]]
    body = [[" ".join(labels), *[str(values[i]) for i in cols]] for labels, _, values in APPLICATION_ROWS]
    return header + body


def assert_applications(facts):
    for _, key, values in APPLICATION_ROWS:
        assert [facts[f"applications.{key}.{k}"].value for k in KEYS] == values, key


def test_grid_table():
    assert_applications(map_tables(doc(grid(application_table()))).facts)


def test_columns_in_another_order():
    table = application_table(order=[6, 0, 5, 4, 3, 2, 1], header_rows=1)
    assert_applications(map_tables(doc(grid(table))).facts)


def test_flattened_one_paragraph_per_cell_with_two_row_header():
    """法人或其他组织 printed above its five columns comes before 总计 in the
    flattened order; its children still go in its place."""
    table = application_table()
    header = [["申请人情况", "自然人", "法人或其他组织", "总计"], APPLICANTS[1:6]]
    body = [[*labels, *map(str, values)] for labels, _, values in APPLICATION_ROWS]
    assert_applications(map_tables(doc(flattened(header + body))).facts)
    assert table  # the grid form above is the same report


def test_flattened_empty_paragraphs_are_null_cells():
    rows = [["申请人情况", *APPLICANTS], ["一、本年新收政府信息公开申请数量", "3", "", "", "", "", "", "3"],
            ["二、上年结转政府信息公开申请数量", "—", "0", "0", "0", "0", "0", "/"]]
    facts = map_tables(doc(flattened(rows))).facts
    assert facts["applications.new_received.natural_person"].value == 3
    assert facts["applications.new_received.commercial"].value is None
    assert facts["applications.new_received.commercial"].raw == ""
    assert facts["applications.carried_over.natural_person"].raw == "—"
    assert facts["applications.carried_over.total"].value is None
    assert facts["applications.carried_over.research"].value == 0


def test_cells_run_together_in_one_line():
    lines = ["三、收到和处理政府信息公开申请情况", "申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计"]
    lines += [" ".join(labels) + " " + " ".join(map(str, values)) for labels, _, values in APPLICATION_ROWS]
    assert_applications(map_tables(doc([[Cell(line)] for line in lines])).facts)


def test_tab_separated_text_keeps_blank_cells_in_place():
    rows = [["", *APPLICANTS], ["一、本年新收政府信息公开申请数量", "5", "", "1", "", "", "", "6"]]
    facts = map_tables(doc([[Cell(t, row=i) for t in r] for i, r in enumerate(rows)])).facts
    assert facts["applications.new_received.research"].value == 1
    assert facts["applications.new_received.commercial"].value is None
    assert facts["applications.new_received.total"].value == 6


def test_positions_place_values_when_blank_cells_vanish():
    """Unruled PDF / fixed-width text: a blank cell leaves no token, its
    neighbours are placed by where they stand under the header."""
    header = [Cell(t, x0=100 + 50 * i, x1=140 + 50 * i) for i, t in enumerate(APPLICANTS)]
    row = [Cell("一、本年新收政府信息公开申请数量", x0=0, x1=90),
           Cell("7", x0=115, x1=125), Cell("2", x0=265, x1=275), Cell("9", x0=415, x1=425)]
    facts = map_tables(doc([header, row])).facts
    assert facts["applications.new_received.natural_person"].value == 7
    assert facts["applications.new_received.social_welfare"].value == 2
    assert facts["applications.new_received.total"].value == 9
    blank = facts["applications.new_received.commercial"]       # printed empty: null, never 0
    assert (blank.value, blank.raw) == (None, "")


def test_header_split_over_three_rows_and_split_table():
    header = [["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况", "", "", "", "", "", ""],
              ["", "自然人", "法人或其他组织", "", "", "", "", "总计"],
              ["", "", "商业\n企业", "科研\n机构", "社会公益组织", "法律服务机构", "其他", ""]]
    body = [[" ".join(labels), *map(str, values)] for labels, _, values in APPLICATION_ROWS]
    first = grid(header + body[:4], table=1)
    second = grid(body[4:], table=2)
    for cell in first[1]:                   # 法人或其他组织 spans five columns
        if cell.text == "法人或其他组织":
            cell.span = 5
    assert_applications(map_tables(doc(first, second)).facts)


def test_serial_number_column_and_subtotal_row_take_no_fact():
    rows = [["序号", "项目", *APPLICANTS],
            ["1", "一、本年新收政府信息公开申请数量", "4", "0", "0", "0", "0", "0", "4"],
            ["", "小计", "9", "9", "9", "9", "9", "9", "9"],
            ["2", "（七）总计", "4", "0", "0", "0", "0", "0", "4"]]
    facts = map_tables(doc(grid(rows))).facts
    assert facts["applications.new_received.natural_person"].value == 4
    assert facts["applications.processed_total.total"].value == 4
    assert not [k for k, f in facts.items() if f.value == 9]


def test_2021_tables_with_the_2019_single_other_row():
    rows = [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "0", "0", "3"],
            ["申请人情况", *APPLICANTS], ["（六）其他处理", "1", "0", "0", "0", "0", "0", "1"]]
    result = map_tables(doc(grid(rows)))
    assert result.template == "2021"
    assert result.facts["applications.other.total"].value == 1
    assert result.facts["active.rules.in_force"].value == 3


def test_other_subtotal_above_the_2021_rows_is_not_the_2019_row():
    rows = [["申请人情况", *APPLICANTS], ["（六）其他处理", "2", "0", "0", "0", "0", "0", "2"],
            ["", "3.其他", "2", "0", "0", "0", "0", "0", "2"]]
    facts = map_tables(doc(grid(rows))).facts
    assert "applications.other.total" not in facts
    assert facts["applications.other.misc.total"].value == 2


def test_active_2019_values_units_and_signs():
    rows = [["第二十条第（五）项"], ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
            ["行政许可", "1,204", "-12", "3,456"],
            ["信息内容", "上一年项目数量", "本年增/减"], ["行政事业性收费", "35", "－2"],
            ["信息内容", "采购项目数量", "采购总金额"], ["政府集中采购", "135", "251000元"]]
    result = map_tables(doc(grid(rows)))
    values = {k: f.value for k, f in result.facts.items()}
    assert result.template == "2019"
    assert values["active.licensing.previous_items"] == 1204
    assert values["active.licensing.change"] == -12
    assert values["active.fees.change"] == -2
    assert values["active.procurement.amount"] == pytest.approx(25.1)
    assert result.facts["active.procurement.amount"].raw == "251000元"


def test_fee_column_in_yuan_is_converted():
    rows = [["信息内容", "本年收费金额（单位：元）"], ["行政事业性收费", "3940"]]
    assert map_tables(doc(grid(rows))).facts["active.fees.amount"].value == pytest.approx(0.394)


def test_appeals_in_three_header_rows_and_vertical_layout():
    rows = [["行政复议", "", "", "", "", "行政诉讼"],
            ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "", "", "", "", "复议后起诉"],
            ["", "", "", "", "", *["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2],
            [str(n) for n in [1, 2, 3, 0, 6, 0, 1, 0, 0, 1, 2, 0, 0, 1, 3]]]
    cells = grid(rows)
    cells[0][0].span, cells[0][5].span, cells[1][5].span, cells[1][10].span = 5, 10, 5, 5
    # grid columns of the sparse rows: header cells sit where they are printed
    cells[0][1:5] = []
    cells[1][6:10] = []
    cells[0][1].col = 5
    cells[1][6].col = 10
    facts = map_tables(doc([[Cell("四、政府信息公开行政复议、行政诉讼情况")]], cells)).facts
    assert facts["appeals.reconsideration.total"].value == 6
    assert facts["appeals.litigation_direct.corrected"].value == 1
    assert facts["appeals.litigation_after_reconsideration.upheld"].value == 2
    assert facts["appeals.litigation_after_reconsideration.total"].value == 3

    vertical = [["", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
                ["行政复议", "1", "0", "0", "0", "1"], ["未经复议直接起诉", "0", "0", "0", "2", "2"],
                ["复议后起诉", "0", "1", "0", "0", "1"]]
    facts = map_tables(doc([[Cell("四、政府信息公开行政复议、行政诉讼情况")]], grid(vertical))).facts
    assert facts["appeals.litigation_direct.pending"].value == 2
    assert facts["appeals.litigation_after_reconsideration.corrected"].value == 1


def test_a_row_that_cannot_be_placed_is_an_error_not_a_guess():
    rows = [["申请人情况", *APPLICANTS], ["一、本年新收政府信息公开申请数量", "5", "1"]]
    result = map_tables(doc([[Cell(t) for t in r] for r in rows]))
    assert not [k for k in result.facts if k.startswith("applications.new_received")]
    assert "new_received" not in str(result.errors) and "本年新收" in str(result.errors)


def test_narrative_words_are_not_headers():
    paragraph = "3.创新公开形式，拓展公开范围，涉及自然人80件、商业企业1件。"
    rows = [[Cell(paragraph)], *grid([["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                                       ["规章", "1", "0", "5"]])]
    facts = map_tables(doc(rows)).facts
    assert [facts[f"active.rules.{c}"].value for c in ("issued", "repealed", "in_force")] == [1, 0, 5]


def test_unruled_row_with_nothing_printed_is_null_and_centred_values_find_their_label():
    header = [Cell(t, x0=100 + 50 * i, x1=140 + 50 * i) for i, t in enumerate(APPLICANTS)]

    def values(*numbers):
        return [Cell(str(n), x0=115 + 50 * i, x1=125 + 50 * i) for i, n in enumerate(numbers)]

    rows = [header,
            [Cell("2.申请人逾期未按收费通知要求缴纳费用", x0=0, x1=90)],           # blank row
            [Cell("3.其他", x0=0, x1=90)],                                         # label line 1
            [Cell("（含转办）", x0=0, x1=90), *values(1, 0, 0, 0, 0, 0, 1)]]       # values on line 2
    page = doc([[Cell("三、收到和处理政府信息公开申请情况")]], rows)
    page.format = "pdf"
    facts = map_tables(page).facts
    assert {facts[f"applications.other.unpaid_fee.{k}"].value for k in KEYS} == {None}
    assert [facts[f"applications.other.misc.{k}"].value for k in KEYS] == [1, 0, 0, 0, 0, 0, 1]
