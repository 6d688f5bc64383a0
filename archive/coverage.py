"""Coverage: for each known agency and each year the archive holds, whether
its report was found, when it was published, and whether that was after the
legal deadline.  The publication date is the earliest any version shows.

条例 第四十九条: a department of a county-or-higher government publishes its
report by 31 January; a county-or-higher government's own report is published
by 31 March.  The 条例 sets no date for 乡镇 governments, so their deadline
is null (found or missing, never late)."""

from __future__ import annotations

import sqlite_utils

DEPARTMENT_LEVELS = ("部门",)
GOVERNMENT_LEVELS = ("省", "市", "县")

STATUSES = ("on_time", "late", "found", "missing", "not_yet_due")

COVERAGE_VIEW = f"""
SELECT agency_id, agency, level, region_code, year, report_id, published, deadline,
  CASE
    WHEN report_id IS NULL AND deadline > date('now') THEN 'not_yet_due'
    WHEN report_id IS NULL THEN 'missing'
    WHEN published IS NULL OR deadline IS NULL THEN 'found'
    WHEN substr(published, 1, 10) > deadline THEN 'late'
    ELSE 'on_time'
  END AS status,
  CASE WHEN substr(published, 1, 10) > deadline
    THEN CAST(julianday(substr(published, 1, 10)) - julianday(deadline) AS INTEGER)
  END AS days_late
FROM (
  SELECT a.agency_id, a.name AS agency, a.level, a.region_code, y.year,
    max(CASE WHEN p.is_best = 1 THEN p.report_id END) AS report_id,
    min(p.published) AS published,
    CASE
      WHEN a.level IN ({", ".join(f"'{x}'" for x in DEPARTMENT_LEVELS)})
        THEN printf('%d-01-31', y.year + 1)
      WHEN a.level IN ({", ".join(f"'{x}'" for x in GOVERNMENT_LEVELS)})
        THEN printf('%d-03-31', y.year + 1)
    END AS deadline
  FROM agencies a
  CROSS JOIN (SELECT DISTINCT year FROM reports WHERE year IS NOT NULL) y
  LEFT JOIN reports p ON p.agency_id = a.agency_id AND p.year = y.year
  -- grouped, so that SQLite computes each row once (a subquery for
  -- published was recomputed for every use) and filters by year first
  GROUP BY a.agency_id, y.year
)
"""


def coverage(db: sqlite_utils.Database, year: int | None = None,
             status: str | None = None) -> list[dict]:
    """Rows of the ``coverage`` view, optionally for one year or status."""
    where, params = [], {}
    if year is not None:
        where.append("year = :year")
        params["year"] = year
    if status is not None:
        where.append("status = :status")
        params["status"] = status
    sql = "SELECT * FROM coverage"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return list(db.query(sql + " ORDER BY year, region_code, agency", params))
