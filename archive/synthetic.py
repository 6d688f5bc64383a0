"""Synthetic parsed reports whose tables add up, for the archive benchmark
and the archive's tests: an agency's run of years chains like a real one
(carried_over(Y) = carried_forward(Y−1), in_force(Y) = in_force(Y−1) +
issued − repealed), unless asked to misprint."""

from __future__ import annotations

import hashlib
import random

from parsers.result import FactValue, Report
from parsers.schema import (
    APPEAL_RESULTS,
    APPEALS_GROUPS,
    APPLICANT_COLUMNS,
    RESULT_ROWS,
    CheckResult,
    appeals_sum_check,
    balance_check,
)

TOPICS = ("城乡居民最低生活保障（低保）", "征收拆迁补偿安置", "重大建设项目批准和实施", "财政预算决算",
          "义务教育招生", "医疗卫生", "环境保护督察整改", "乡村振兴", "安全生产")

NARRATIVE = (
    "{agency}{year}年政府信息公开工作年度报告。本报告根据《中华人民共和国政府信息公开条例》"
    "编制。{year}年，{agency}坚持以公开为常态、不公开为例外，围绕{topic}等重点领域加大"
    "主动公开力度，全年主动公开政府信息{active}条。收到政府信息公开申请{received}件，"
    "均在法定期限内答复。因政府信息公开被申请行政复议{appeals}件。存在的主要问题是部分"
    "栏目更新不及时，下一步将加强{topic2}信息公开工作。"
)


def _fact(report: Report, key: str, value) -> None:
    report.facts[key] = FactValue(key, value, str(value), "synthetic")


def _results(rng: random.Random, processed: int, rows: list[str]) -> dict[str, int]:
    shares = {row: 0 for row in rows}
    for _ in range(processed):
        shares[rows[min(int(rng.expovariate(0.6)), len(rows) - 1)]] += 1
    return shares


def make_report(agency: str, year: int, *, seed: int = 0, template: str = "2021",
                fmt: str = "html", previous: Report | None = None,
                misprint: bool = False, text: str | None = None) -> Report:
    """A report of ``agency`` for ``year`` with all three tables filled and
    its in-document checks (balance and appeal sums) computed."""
    rng = random.Random(f"{seed}:{agency}:{year}:{fmt}")
    title = f"{agency}{year}年政府信息公开工作年度报告"
    report = Report(path=f"synthetic/{agency}-{year}.{fmt}", format=fmt, title=title,
                    agency=agency, year=year, template=template)
    prev = previous.values() if previous else {}
    for row in ("rules", "normative_documents"):
        if template == "2021":
            issued, repealed = rng.randint(0, 9), rng.randint(0, 3)
            before = prev.get(f"active.{row}.in_force") or rng.randint(5, 60)
            _fact(report, f"active.{row}.issued", issued)
            _fact(report, f"active.{row}.repealed", repealed)
            _fact(report, f"active.{row}.in_force", before + issued - repealed)
        else:
            for col in ("new_made", "new_published", "total_published"):
                _fact(report, f"active.{row}.{col}", rng.randint(0, 30))
    for row in ("licensing", "punishment", "coercion"):
        _fact(report, f"active.{row}.decisions", rng.randint(0, 5000))
    result_rows = [r for r in RESULT_ROWS if (r == "other") == (template == "2019")
                   or not r.startswith("other")]
    totals = {}
    for column in APPLICANT_COLUMNS:
        scale = 40 if column == "natural_person" else 3
        new = rng.randint(0, scale)
        carried = prev.get(f"applications.carried_forward.{column}")
        carried = rng.randint(0, 3) if carried is None else carried
        forward = rng.randint(0, min(3, new + carried))
        processed = new + carried - forward
        cells = {"new_received": new, "carried_over": carried, "carried_forward": forward,
                 "processed_total": processed, **_results(rng, processed, result_rows)}
        for row, value in cells.items():
            _fact(report, f"applications.{row}.{column}", value)
            totals[row] = totals.get(row, 0) + value
    for row, value in totals.items():
        _fact(report, f"applications.{row}.total", value)
    for group in (g.key for g in APPEALS_GROUPS):
        parts = {c: rng.choice((0, 0, 0, 1, 2)) for c in APPEAL_RESULTS}
        for column, value in {**parts, "total": sum(parts.values())}.items():
            _fact(report, f"appeals.{group}.{column}", value)
    if misprint:
        key = "applications.processed_total.total"
        _fact(report, key, report.facts[key].value + 1)
    report.checks = in_document_checks(report)
    report.text = text if text is not None else NARRATIVE.format(
        agency=agency, year=year, topic=rng.choice(TOPICS), topic2=rng.choice(TOPICS),
        active=rng.randint(100, 5000), received=totals["new_received"],
        appeals=report.facts["appeals.reconsideration.total"].value)
    report.sha256 = hashlib.sha256(f"{title}|{fmt}|{report.facts}".encode()).hexdigest()
    return report


def _sum_check(check_id: str, actual, terms) -> CheckResult:
    expected = sum(terms)
    return CheckResult(check_id, "pass" if expected == actual else "fail", expected, actual)


def in_document_checks(report: Report) -> list[CheckResult]:
    """The balance and appeal-sum checks of schema.md on ``report``'s values."""
    v = report.values()
    checks = [
        _sum_check(balance_check(col),
                   v[f"applications.processed_total.{col}"] + v[f"applications.carried_forward.{col}"],
                   [v[f"applications.new_received.{col}"], v[f"applications.carried_over.{col}"]])
        for col in (*APPLICANT_COLUMNS, "total")
    ]
    for group in (g.key for g in APPEALS_GROUPS):
        parts = [v[f"appeals.{group}.{c}"] for c in APPEAL_RESULTS]
        checks.append(_sum_check(appeals_sum_check(group), v[f"appeals.{group}.total"], parts))
    return checks
