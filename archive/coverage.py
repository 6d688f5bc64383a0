"""Coverage: for each agency the archive knows (every site of a crawl is
one it expects, ``archive.agencies``; every report names one) and each year
the archive holds, whether its report was found, when it was published, and
whether that was after the legal deadline.  An expected agency that never
published is ``missing``.  The publication date is the earliest any version
shows; the deadline follows the level the report itself shows (from its
agency's name, ``archive.levels``), else the registry's.

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
  SELECT agency_id, agency, level, region_code, year, report_id, published,
    CASE
      WHEN level IN ({", ".join(f"'{x}'" for x in DEPARTMENT_LEVELS)})
        THEN printf('%d-01-31', year + 1)
      WHEN level IN ({", ".join(f"'{x}'" for x in GOVERNMENT_LEVELS)})
        THEN printf('%d-03-31', year + 1)
    END AS deadline
  FROM (
  SELECT a.agency_id, a.name AS agency, a.region_code, y.year,
    -- the level the report itself shows (its agency's name), else the registry's
    coalesce(max(CASE WHEN p.is_best = 1 THEN p.level END), a.level) AS level,
    max(CASE WHEN p.is_best = 1 THEN p.report_id END) AS report_id,
    min(p.published) AS published
  FROM agencies a
  CROSS JOIN (SELECT DISTINCT year FROM reports WHERE year IS NOT NULL) y
  LEFT JOIN reports p ON p.agency_id = a.agency_id AND p.year = y.year
  -- grouped, so that SQLite computes each row once (a subquery for
  -- published was recomputed for every use) and filters by year first
  GROUP BY a.agency_id, y.year
  )
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
