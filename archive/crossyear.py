"""Cross-year checks of schema.md, run between an agency's best reports for
consecutive years Y−1 and Y and stored on the year-Y report:

- ``cross_year.in_force.<rules|normative_documents>``:
  in_force(Y) = in_force(Y−1) + issued(Y) − repealed(Y)
- ``cross_year.carried_over``:
  applications.carried_over.total(Y) = applications.carried_forward.total(Y−1)
"""

from __future__ import annotations

import sqlite_utils

from parsers.schema import CROSS_YEAR, CROSS_YEAR_CARRIED_OVER, CheckResult, cross_year_in_force_check

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
            cross_year_in_force_check(row), current.get(f"{key}.in_force"),
            [previous.get(f"{key}.in_force"), current.get(f"{key}.issued"),
             None if current.get(f"{key}.repealed") is None else -current[f"{key}.repealed"]]))
    results.append(_check(CROSS_YEAR_CARRIED_OVER,
                          current.get("applications.carried_over.total"),
                          [previous.get("applications.carried_forward.total")]))
    return results


# The facts the checks read, so that only they are fetched.
CHECKED_KEYS = tuple(f"active.{row}.{col}" for row in ("rules", "normative_documents")
                     for col in ("in_force", "issued", "repealed")) + (
    "applications.carried_over.total", "applications.carried_forward.total")


def _best(db, agency_id: str, year: int) -> tuple[str, str] | None:
    """(report_id, template) of the agency's best version for ``year``."""
    return db.conn.execute("SELECT report_id, template FROM reports WHERE agency_id = ? "
                           "AND year = ? AND is_best = 1", [agency_id, year]).fetchone()


def _values(db, report_id: str) -> dict:
    marks = ", ".join("?" * len(CHECKED_KEYS))
    return dict(db.conn.execute(
        f"SELECT key, value FROM facts WHERE report_id = ? AND key IN ({marks})",
        [report_id, *CHECKED_KEYS]).fetchall())


def refresh(db: sqlite_utils.Database, agency_id: str, year: int) -> None:
    """Recompute the cross-year checks stored on an agency's ``year``
    (between Y−1 and Y).  Only best versions with statistics tables carry
    them."""
    db.conn.execute(f"DELETE FROM checks WHERE check_id LIKE '{CROSS_YEAR}.%' AND report_id IN "
                    "(SELECT report_id FROM reports WHERE agency_id = ? AND year = ?)",
                    [agency_id, year])
    current, previous = _best(db, agency_id, year), _best(db, agency_id, year - 1)
    if not (current and previous and current[1] in STATISTICS_TEMPLATES
            and previous[1] in STATISTICS_TEMPLATES):
        return
    results = cross_year_checks(_values(db, previous[0]), _values(db, current[0]))
    db.conn.executemany(
        "INSERT INTO checks (report_id, check_id, status, expected, actual, detail) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(current[0], c.id, c.status, c.expected, c.actual, f"against {previous[0]}")
         for c in results])
