"""The 勾稽 checks and the narrative's own count of applications."""

import pytest

from parsers.checks import narrative_received, run_checks
from parsers.result import FactValue

COLUMNS = ["natural_person", "commercial", "research", "social_welfare", "legal_services",
           "other_entity", "total"]


def facts_from(rows: dict[str, list]) -> dict:
    facts = {}
    for row, values in rows.items():
        for col, value in zip(COLUMNS, values):
            key = f"applications.{row}.{col}"
            facts[key] = FactValue(key, value, "" if value is None else str(value))
    return facts


BALANCED = {
    "new_received": [5, 1, 0, 0, 0, 0, 6], "carried_over": [1, 0, 0, 0, 0, 0, 1],
    "granted": [3, 1, 0, 0, 0, 0, 4], "other": [2, 0, 0, 0, 0, 0, 2],
    "processed_total": [5, 1, 0, 0, 0, 0, 6], "carried_forward": [1, 0, 0, 0, 0, 0, 1],
}


def by_id(checks):
    return {c.id: c for c in checks}


def test_balance_and_row_totals_pass_on_a_consistent_table():
    checks = by_id(run_checks(facts_from(BALANCED), {"applications"}, ""))
    assert checks["applications.balance.total"].status == "pass"
    assert checks["applications.row_total.granted"].status == "pass"


def test_results_sum_is_not_assessable_when_result_rows_are_not_printed():
    checks = by_id(run_checks(facts_from(BALANCED), {"applications"}, ""))
    # the denied/unavailable/not_processed rows are missing from this table
    assert checks["applications.results_sum.total"].status == "not_assessable"


def test_a_misprinted_total_fails_with_expected_and_actual():
    rows = dict(BALANCED, new_received=[5, 1, 0, 0, 0, 0, 7])
    checks = by_id(run_checks(facts_from(rows), {"applications"}, ""))
    row_total = checks["applications.row_total.new_received"]
    assert (row_total.status, row_total.expected, row_total.actual) == ("fail", 7, 6)
    balance = checks["applications.balance.total"]
    assert (balance.status, balance.expected, balance.actual) == ("fail", 8, 7)
    assert checks["applications.balance.natural_person"].status == "pass"


def test_a_null_cell_makes_its_checks_not_assessable_never_zero():
    rows = dict(BALANCED, carried_over=[None, 0, 0, 0, 0, 0, 1])
    checks = by_id(run_checks(facts_from(rows), {"applications"}, ""))
    assert checks["applications.balance.natural_person"].status == "not_assessable"
    assert checks["applications.row_total.carried_over"].status == "not_assessable"


def test_appeals_sum():
    facts = {f"appeals.reconsideration.{c}": FactValue("", v, str(v))
             for c, v in zip(["upheld", "corrected", "other", "pending", "total"], [1, 2, 0, 0, 4])}
    checks = by_id(run_checks(facts, {"appeals"}, ""))
    assert checks["appeals.sum.reconsideration"].status == "fail"
    assert checks["appeals.sum.litigation_direct"].status == "not_assessable"


@pytest.mark.parametrize("text, count", [
    ("2023年，本机关共收到政府信息公开申请36件，均按时答复。", 36),
    ("全年共受理依申请公开政府信息 1,204 件，其中网上申请800件。", 1204),
    ("本年度新收政府信息公开申请12件（另有上年结转2件）。", 12),
    ("我局2024年收到公开申请0件。", 0),
    ("2023年，我局共收到政府信息公开申请7份，均已按时办结。", 7),
    # region-wide totals and carried-over counts are not this body's new applications
    ("2024年，全市共受理政府信息公开申请 3119 件。", None),
    ("2023年全区接收通过邮寄、网络提交的各类政府信息公开申请共计81件。", None),
    ("各县区、各部门共收到政府信息公开申请520件。", None),
    ("受理上年结转政府信息公开申请3件。", None),
    ("全年办理政府信息公开申请218件。", None),
])
def test_narrative_received(text, count):
    assert narrative_received(text) == count


def test_text_vs_table():
    facts = facts_from(BALANCED)
    ok = by_id(run_checks(facts, {"applications"}, "本年共收到政府信息公开申请6件。"))
    assert ok["text_vs_table.applications.new_received.total"].status == "pass"
    bad = by_id(run_checks(facts, {"applications"}, "本年共收到政府信息公开申请9件。"))
    check = bad["text_vs_table.applications.new_received.total"]
    assert (check.status, check.expected, check.actual) == ("fail", 6, 9)
    region = run_checks(facts, {"applications"}, "全县共收到政府信息公开申请90件。")
    assert not [c for c in region if c.id.startswith("text_vs_table")]
