"""Cross-year checks of schema.md, run between an agency's best reports for
consecutive years Y−1 and Y and stored on the year-Y report:

- ``cross_year.in_force.<rules|normative_documents>``:
  in_force(Y) = in_force(Y−1) + issued(Y) − repealed(Y)
- ``cross_year.carried_over``:
  applications.carried_over.total(Y) = applications.carried_forward.total(Y−1)
"""

from __future__ import annotations

import sqlite_utils

from parsers.schema import CheckResult

STATISTICS_TEMPLATES = ("2019", "2021")


def _check(check_id: str, actual, terms: list) -> CheckResult:
    if actual is None or any(t is None for t in terms):
        return CheckResult(check_id, "not_assessable")
    expected = sum(terms)
    status = "pass" if abs(expected - actual) < 1e-6 else "fail"
    return CheckResult(check_id, status, expected, actual)


def cross_year_checks(previous: dict, current: dict) -> list[CheckResult]:
    """The checks between two years' facts ({key: value}, Y−1 then Y)."""
    results = []
    for row in ("rules", "normative_documents"):
        key = f"active.{row}"
        results.append(_check(
            f"cross_year.in_force.{row}", current.get(f"{key}.in_force"),
            [previous.get(f"{key}.in_force"), current.get(f"{key}.issued"),
             None if current.get(f"{key}.repealed") is None else -current[f"{key}.repealed"]]))
    results.append(_check("cross_year.carried_over",
                          current.get("applications.carried_over.total"),
                          [previous.get("applications.carried_forward.total")]))
    return results


def _best(db, agency_id: str, year: int) -> dict | None:
    return next(db.query("SELECT report_id, template FROM reports WHERE agency_id = ? "
                         "AND year = ? AND is_best = 1", [agency_id, year]), None)


def _values(db, report_id: str) -> dict:
    return {r["key"]: r["value"] for r in db.query(
        "SELECT key, value FROM facts WHERE report_id = ?", [report_id])}


def refresh(db: sqlite_utils.Database, agency_id: str, year: int) -> None:
    """Recompute the cross-year checks that involve ``year``: (Y−1, Y) and
    (Y, Y+1).  Only best versions with statistics tables carry them."""
    for current_year in (year, year + 1):
        db.execute("DELETE FROM checks WHERE check_id LIKE 'cross_year.%' AND report_id IN "
                   "(SELECT report_id FROM reports WHERE agency_id = ? AND year = ?)",
                   [agency_id, current_year])
        current, previous = _best(db, agency_id, current_year), _best(db, agency_id, current_year - 1)
        if not (current and previous and current["template"] in STATISTICS_TEMPLATES
                and previous["template"] in STATISTICS_TEMPLATES):
            continue
        results = cross_year_checks(_values(db, previous["report_id"]),
                                    _values(db, current["report_id"]))
        db.conn.executemany(
            "INSERT INTO checks (report_id, check_id, status, expected, actual, detail) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(current["report_id"], c.id, c.status, c.expected, c.actual,
              f"against {previous['report_id']}") for c in results])
