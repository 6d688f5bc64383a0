"""The intra-report checks (勾稽关系) of schema.md, and the narrative's own
count of applications against the table.

A failed check is a finding about the report, never a parse error: the
numbers stay as printed.  A check whose inputs are null or not printed is
``not_assessable``.  Checks are only run on tables the report prints.
"""

from __future__ import annotations

import re

from . import schema
from .result import FactValue
from .schema import (
    APPEAL_RESULTS,
    APPLICANT_COLUMNS,
    CheckResult,
    appeals_sum_check,
    balance_check,
    results_sum_check,
    row_total_check,
    text_vs_table_check,
)


def _sum(facts: dict[str, FactValue], keys: list[str]):
    """Sum of the printed values, or None when any is null or not printed."""
    total = 0
    for key in keys:
        fact = facts.get(key)
        if fact is None or fact.value is None:
            return None
        total += fact.value
    return total


def _equation(check_id: str, facts, expected_keys: list[str], actual_keys: list[str]) -> CheckResult:
    expected, actual = _sum(facts, expected_keys), _sum(facts, actual_keys)
    if expected is None or actual is None:
        missing = [k for k in expected_keys + actual_keys
                   if k not in facts or facts[k].value is None]
        return CheckResult(check_id, "not_assessable", expected, actual,
                           detail="needs " + ", ".join(missing[:3]))
    status = "pass" if abs(expected - actual) < 1e-6 else "fail"
    return CheckResult(check_id, status, expected, actual)


def _result_rows(facts: dict[str, FactValue]) -> list[str]:
    """The result rows that add up to processed_total, with whichever form of
    （六）其他处理 the report prints."""
    rows = [r for r in schema.RESULT_ROWS if not r.startswith("other")]
    if any(k.startswith("applications.other.") and k.count(".") == 3 for k in facts):
        rows += ["other.no_correction", "other.unpaid_fee", "other.misc"]
    else:
        rows.append("other")
    return rows


def application_checks(facts: dict[str, FactValue]) -> list[CheckResult]:
    out = []
    columns = [c.key for c in schema.APPLICATIONS_COLUMNS]
    results = _result_rows(facts)
    for col in columns:
        k = lambda row, col=col: f"applications.{row}.{col}"  # noqa: E731
        out.append(_equation(balance_check(col), facts,
                             [k("new_received"), k("carried_over")],
                             [k("processed_total"), k("carried_forward")]))
    for col in columns:
        out.append(_equation(results_sum_check(col), facts,
                             [f"applications.processed_total.{col}"],
                             [f"applications.{r}.{col}" for r in results]))
    printed_rows = [r.key for r in schema.APPLICATIONS_ROWS
                    if any(f"applications.{r.key}.{c}" in facts for c in columns)]
    for row in printed_rows:
        out.append(_equation(row_total_check(row), facts,
                             [f"applications.{row}.total"],
                             [f"applications.{row}.{p}" for p in APPLICANT_COLUMNS]))
    return out


def appeal_checks(facts: dict[str, FactValue]) -> list[CheckResult]:
    return [
        _equation(appeals_sum_check(g.key), facts, [f"appeals.{g.key}.total"],
                  [f"appeals.{g.key}.{c}" for c in APPEAL_RESULTS])
        for g in schema.APPEALS_GROUPS
    ]


# --- the narrative's own count ------------------------------------------------

# 本年共收到政府信息公开申请N件 / 全年受理依申请公开政府信息N件 / 新收…申请N件
_RECEIVED = re.compile(
    r"(?:收到|受理|新收|接收|接到)[^。；;，,：:\d]{0,24}?(?:政府信息公开申请|依申请公开|公开申请|申请)"
    r"[^。；;\d]{0,12}?(?P<n>\d[\d,]*)(?:件|份)"    # applications are counted in 件, some bodies say 份
)
# Clauses about a whole region or about other bodies, not this body's own table.
_REGION_WIDE = re.compile(r"全(?:省|市|区|县|州|盟|旗|镇|乡|街道|系统)|各(?:地|区|县|市|级|部门|单位|乡镇)|汇总|下辖|所属")
_CLAUSE_START = re.compile(r"[。；;！!？?\n]")


def narrative_received(text: str) -> int | None:
    """The number of new applications the narrative states for this body,
    or None when it states none (or only region-wide totals)."""
    compact = re.sub(r"[ \t\u3000\u00a0]+", "", text or "")
    for m in _RECEIVED.finditer(compact):
        start = max((c.end() for c in _CLAUSE_START.finditer(compact, 0, m.start())), default=0)
        clause = compact[start:m.end()]
        if _REGION_WIDE.search(clause) or re.search(r"上年|结转", m.group(0)):
            continue
        return int(m["n"].replace(",", ""))
    return None


def text_checks(facts: dict[str, FactValue], text: str) -> list[CheckResult]:
    stated = narrative_received(text)
    if stated is None:
        return []
    key = "applications.new_received.total"
    fact = facts.get(key)
    check_id = text_vs_table_check(key)
    if fact is None or fact.value is None:
        return [CheckResult(check_id, "not_assessable", None, stated)]
    return [CheckResult(check_id, "pass" if fact.value == stated else "fail", fact.value, stated)]


def run_checks(facts: dict[str, FactValue], tables: set[str], text: str) -> list[CheckResult]:
    """Every intra-report check for the tables the report prints."""
    out: list[CheckResult] = []
    if "applications" in tables:
        out += application_checks(facts)
        out += text_checks(facts, text)
    if "appeals" in tables:
        out += appeal_checks(facts)
    return out
