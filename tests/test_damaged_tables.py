"""The table mapper on damaged tables: labels with typos, rows known only by
their number or their place, rows cut by a page break, headers broken one
character per line, a table cut off.  A row placed with less than full
confidence is kept, its facts say how (``match``) and a warning names it; a
row nothing can identify is named in a warning and the rest is kept."""

import pytest

from parsers import labels, parse_bytes, schema
from parsers.model import Cell, Document
from parsers.tables import map_tables

APPLICANTS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
KEYS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_entity", "total"]

# A consistent 2021 table 3 (every identity holds): label, key, values.
ROWS = [
    ("一、本年新收政府信息公开申请数量", "new_received", [12, 3, 0, 0, 1, 0, 16]),
    ("二、上年结转政府信息公开申请数量", "carried_over", [2, 0, 0, 0, 0, 0, 2]),
    ("（一）予以公开", "granted", [6, 1, 0, 0, 1, 0, 8]),
    ("（二）部分公开", "partially_granted", [1, 0, 0, 0, 0, 0, 1]),
    ("1.属于国家秘密", "denied.state_secret", [1, 0, 0, 0, 0, 0, 1]),
    ("2.其他法律行政法规禁止公开", "denied.prohibited_by_law", [1, 1, 0, 0, 0, 0, 2]),
    ("3.危及“三安全一稳定”", "denied.three_safety_one_stability", [0, 0, 0, 0, 0, 0, 0]),
    ("4.保护第三方合法权益", "denied.third_party_rights", [0, 0, 0, 0, 0, 0, 0]),
    ("5.属于三类内部事务信息", "denied.internal_affairs", [0, 0, 0, 0, 0, 0, 0]),
    ("6.属于四类过程性信息", "denied.process_information", [0, 0, 0, 0, 0, 0, 0]),
    ("7.属于行政执法案卷", "denied.law_enforcement_files", [0, 0, 0, 0, 0, 0, 0]),
    ("8.属于行政查询事项", "denied.administrative_query", [0, 0, 0, 0, 0, 0, 0]),
    ("1.本机关不掌握相关政府信息", "unavailable.not_held", [2, 1, 0, 0, 0, 0, 3]),
    ("2.没有现成信息需要另行制作", "unavailable.needs_creation", [0, 0, 0, 0, 0, 0, 0]),
    ("3.补正后申请内容仍不明确", "unavailable.unclear_after_correction", [0, 0, 0, 0, 0, 0, 0]),
    ("1.信访举报投诉类申请", "not_processed.petition_complaint", [0, 0, 0, 0, 0, 0, 0]),
    ("2.重复申请", "not_processed.duplicate", [0, 0, 0, 0, 0, 0, 0]),
    ("3.要求提供公开出版物", "not_processed.publication", [0, 0, 0, 0, 0, 0, 0]),
    ("4.无正当理由大量反复申请", "not_processed.mass_repetitive", [0, 0, 0, 0, 0, 0, 0]),
    ("5.要求行政机关确认或重新出具已获取信息", "not_processed.confirmation", [0, 0, 0, 0, 0, 0, 0]),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other.no_correction", [1, 0, 0, 0, 0, 0, 1]),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other.unpaid_fee",
     [0, 0, 0, 0, 0, 0, 0]),
    ("3.其他", "other.misc", [0, 0, 0, 0, 0, 0, 0]),
    ("（七）总计", "processed_total", [11, 2, 0, 0, 1, 0, 14]),
    ("四、结转下年度继续办理", "carried_forward", [3, 1, 0, 0, 0, 0, 4]),
]
GROUP_OF = {"denied.state_secret": "（三）不予公开", "unavailable.not_held": "（四）无法提供",
            "not_processed.petition_complaint": "（五）不予处理", "other.no_correction": "（六）其他处理"}


def table3(relabel: dict | None = None, *, drop: tuple = (), header=None) -> Document:
    """Table 3 as a ruled grid (group label, row label, seven values), with
    some row labels replaced (a key -> the damaged label) or rows left out."""
    relabel = relabel or {}
    rows = [["三、收到和处理政府信息公开申请情况"], ["", "", *(header or APPLICANTS)]]
    for label, key, values in ROWS:
        if key in drop:
            continue
        rows.append([GROUP_OF.get(key, ""), relabel.get(key, label), *map(str, values)])
    cells = [[Cell(text, table=1, row=r, col=c) for c, text in enumerate(row)] for r, row in enumerate(rows, 1)]
    return Document("test", cells, text="")


def value(mapping, key: str, column: str = "total"):
    return mapping.facts[f"applications.{key}.{column}"].value


def assert_all_read(mapping, *, skip: tuple = ()):
    for _, key, values in ROWS:
        if key not in skip:
            assert [value(mapping, key, k) for k in KEYS] == values, key


@pytest.mark.parametrize("key, damaged, how", [
    ("denied.prohibited_by_law", "2.其他法律行政止公开", "fuzzy"),      # 法规禁 missing
    ("unavailable.needs_creation", "2.没有现成信息需另行治作", "fuzzy"),
    ("other.unpaid_fee", "2.申请人逾期未按收贵通知要求缴费、行政机关不再处理其政府信息公开申请", "fuzzy"),
    ("granted", "（一）予以公幵", "fuzzy"),
    ("not_processed.duplicate", "2.", "position"),                       # only its number is left
    ("carried_forward", "", "position"),                                 # no label at all, last row
])
def test_a_damaged_row_label_is_placed_kept_and_named(key, damaged, how):
    mapping = map_tables(table3({key: damaged}))
    assert_all_read(mapping)
    assert {mapping.facts[f"applications.{key}.{k}"].match for k in KEYS} == {how}
    assert {f.match for k, f in mapping.facts.items() if f".{key}." not in k} == {"exact"}
    named = [w for w in mapping.warnings if f"{damaged[:40]!r}" in w or (not damaged and "(no label)" in w)]
    assert named and f"({how} match)" in named[0], mapping.warnings
    assert not mapping.errors


def test_a_row_known_by_its_number_among_several_missing_ones():
    """Two rows of （三） lost their labels; the one still numbered 7. is the
    seventh, by its number, though three keys are free around it."""
    damaged = {"denied.law_enforcement_files": "7.", "denied.process_information": "##",
               "denied.administrative_query": "##"}
    mapping = map_tables(table3(damaged, drop=("denied.process_information",)))
    assert value(mapping, "denied.law_enforcement_files", "natural_person") == 0
    assert mapping.facts["applications.denied.law_enforcement_files.total"].match == "position"


def test_the_identities_choose_between_keys_no_label_tells_apart():
    """A row printed with no label between 3.其他 and a missing 结转 row: it
    is （七）总计 or 结转下年度, and only as 总计 do the results add up."""
    mapping = map_tables(table3({"processed_total": "##"}, drop=("carried_forward",)))
    assert [value(mapping, "processed_total", k) for k in KEYS] == [11, 2, 0, 0, 1, 0, 14]
    assert mapping.facts["applications.processed_total.total"].match == "position"
    assert "applications.carried_forward.total" not in mapping.facts
    assert any("四、结转下年度继续办理" in w and "cut off" in w for w in mapping.warnings)


def test_a_row_nothing_identifies_is_named_and_the_rest_kept():
    """Two unlabelled rows where one row is missing: which is which cannot be
    told, so neither is guessed."""
    doc = table3({"denied.internal_affairs": "", "denied.process_information": "???"})
    extra = [Cell(t, table=1, row=99, col=c) for c, t in enumerate(["", "！！", *"0000000"])]
    doc.rows.insert(14, extra)
    mapping = map_tables(doc)
    assert_all_read(mapping, skip=("denied.internal_affairs", "denied.process_information"))
    assert any("not identified" in w for w in mapping.warnings), mapping.warnings


def test_a_table_cut_off_names_the_rows_it_lost():
    mapping = map_tables(table3(drop=("processed_total", "carried_forward")))
    assert_all_read(mapping, skip=("processed_total", "carried_forward"))
    warning = next(w for w in mapping.warnings if "cut off" in w)
    assert "三（七）总计" in warning and "四、结转下年度继续办理" in warning


def test_damaged_column_labels_by_most_of_their_characters():
    header = ["自然人", "商业企", "科研机构", "社会公益组织", "法律服务机枸", "其他", "总计"]
    mapping = map_tables(table3(header=header))
    assert_all_read(mapping)
    assert mapping.facts["applications.granted.commercial"].match == "fuzzy"
    assert mapping.facts["applications.granted.legal_services"].match == "fuzzy"
    assert mapping.facts["applications.granted.research"].match == "exact"
    assert any("'法律服务机枸' read as 法人或其他组织·法律服务机构" in w for w in mapping.warnings)


def test_a_column_no_label_identifies_is_placed_by_the_national_order():
    """自燃人 is too little of 自然人 to go by: the row's seven values meet
    six columns, so the national format's column order places them."""
    header = ["自燃人", *APPLICANTS[1:]]
    mapping = map_tables(table3(header=header))
    assert_all_read(mapping)
    assert mapping.facts["applications.granted.natural_person"].match == "position"


def _rows(*lines):
    return [[Cell(t)] for t in lines]


def test_flattened_header_cells_broken_over_paragraphs_are_joined():
    """One paragraph per cell, a header cell over two (本年新 / 制作数量)
    and one character per paragraph (结/果/纠/正)."""
    doc = Document("html", _rows(
        "二、主动公开政府信息情况", "信息内容", "本年新", "制作数量", "本年新公开数量", "对外公开总数量",
        "规章", "1", "2", "3",
        "四、政府信息公开行政复议、行政诉讼情况", "行政复议", "未经复议直接起诉", "复议后起诉",
        *[t for _ in range(3) for t in ("结果维持", "结", "果", "纠", "正", "其他结果", "尚未审结", "总计")],
        *map(str, range(15))))
    mapping = map_tables(doc)
    assert [mapping.facts[f"active.rules.{k}"].value for k in ("new_made", "new_published", "total_published")] \
        == [1, 2, 3]
    assert mapping.facts["appeals.reconsideration.corrected"].value == 1
    assert mapping.facts["appeals.litigation_after_reconsideration.total"].value == 14


def test_a_row_cut_by_a_page_break_is_joined():
    """（二）部分公 at the foot of a page with its numbers, 开 on the next
    page after the repeated header; and 2.重复 at the foot with blank cells,
    申请 and the numbers on the next."""
    doc = table3()
    rows = doc.rows
    header = [Cell(t, table=2, row=1, col=c) for c, t in enumerate(["", "", *APPLICANTS])]
    at = next(i for i, r in enumerate(rows) if len(r) > 1 and r[1].text == "（二）部分公开")
    foot = [Cell("", table=1, row=50, col=0), Cell("（二）部分公", table=1, row=50, col=1), *rows[at][2:]]
    rest = [Cell("", table=2, row=2, col=0), Cell("开", table=2, row=2, col=1),
            *[Cell("", table=2, row=2, col=c) for c in range(2, 9)]]
    rows[at:at + 1] = [foot, [Cell("（续表）")], header, rest]
    at = next(i for i, r in enumerate(rows) if len(r) > 1 and r[1].text == "2.重复申请")
    foot = [Cell("", table=2, row=60, col=0), Cell("2.重复", table=2, row=60, col=1),
            *[Cell("", table=2, row=60, col=c) for c in range(2, 9)]]
    rest = [Cell("", table=3, row=1, col=0), Cell("申请", table=3, row=1, col=1), *rows[at][2:]]
    rows[at:at + 1] = [foot, [Cell("- 2 -")], rest]
    mapping = map_tables(doc)
    assert_all_read(mapping)
    assert not mapping.warnings and not mapping.errors


def test_matches_and_warnings_reach_the_parse_json():
    html = ("<html><body><p>平潭综合实验区某局2024年政府信息公开工作年度报告</p><table>"
            "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>先行有效件数</td></tr>"
            "<tr><td>规章</td><td>1</td><td>0</td><td>&nbsp;１,２０４&nbsp;</td></tr></table></body></html>")
    out = parse_bytes(html.encode(), "r.html").to_json()
    assert out["facts"]["active.rules.in_force"] == 1204
    assert out["matches"] == {"active.rules.in_force": "fuzzy"}
    assert any("先行有效件数" in w for w in out["warnings"])


def test_export_residue_and_number_forms():
    text = ("二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
            "[bookmark: _GoBack]规章\t1,234\t０\t12\n"
            "信息内容\t本年收费金额（单位：万元）\n行政事业性收费\t3.250000\n")
    facts = parse_bytes(text.encode(), "r.txt").facts
    assert [facts[f"active.rules.{k}"].value for k in ("issued", "repealed", "in_force")] == [1234, 0, 12]
    assert facts["active.fees.amount"].value == 3.25


def test_similarity_and_numbering_evidence():
    prohibited = next(r for r in schema.APPLICATIONS_ROWS if r.key == "denied.prohibited_by_law")
    assert labels.similarity("2.其他法律行政止公开", prohibited) > 0.8
    assert labels.similarity("2.重复申请", prohibited) < 0.4
    assert labels.numbering("（三）不予公开") == ("group", 3)
    assert labels.numbering("2、重复申请") == ("item", 2)
    assert labels.numbering("四、结转下年度继续办理") == ("section", 4)
    assert labels.numbering("予以公开") is None
    assert labels.group_of("（三）不子公开") == "denied"
    assert labels.group_of("（一）予以公开") is None
