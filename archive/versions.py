"""Versions of a report: an agency's report for a year may be captured
several times (a page and its attachment, a revised file), each a ``reports``
row.  After reports are written, ``settle`` marks one version per agency and
year ``is_best`` (with the reason in ``best_reason``), reruns the cross-year
checks that involve those years, updates each affected report's summary
(facts read, failing checks, check status) and its wide-table rows."""

from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils

from parsers.schema import CROSS_YEAR

from . import crossyear, views

# Preference between versions that read equally well: the attachment formats
# keep the printed table best.
FORMAT_RANK = {"docx": 0, "xlsx": 1, "doc": 2, "html": 3, "pdf": 4}

NOT_COMPARED = "agency or year unknown: not compared"

_VERSIONS = f"""
SELECT r.report_id, r.format, r.template, r.errors, r.is_best, r.best_reason,
  (SELECT count(*) FROM facts f WHERE f.report_id = r.report_id AND f.value IS NOT NULL) AS read,
  (SELECT count(*) FROM checks c WHERE c.report_id = r.report_id AND c.status = 'fail'
     AND c.check_id NOT LIKE '{CROSS_YEAR}.%') AS failed
FROM reports r WHERE r.agency_id = ? AND r.year = ?
"""


def _rank(version: dict) -> tuple:
    return (-version["read"], version["failed"], version["errors"] is not None,
            version["template"] not in ("2019", "2021"),
            FORMAT_RANK.get(version["format"], 9), version["report_id"])


def _reason(best: dict, versions: list[dict]) -> str:
    reason = (f"{best['read']} facts read, {best['failed']} failing checks"
              f"{', parse errors' if best['errors'] else ''}, {best['format'] or 'unknown format'}")
    if len(versions) == 1:
        return f"only version: {reason}"
    return f"best of {len(versions)} versions (most facts read, then fewest failing checks): {reason}"


def choose_best(db: sqlite_utils.Database, agency_id: str, year: int) -> None:
    """Mark the best of an agency's versions for ``year`` (rows whose
    choice is unchanged are left alone)."""
    cursor = db.conn.execute(_VERSIONS, [agency_id, year])
    names = [d[0] for d in cursor.description]
    versions = [dict(zip(names, v)) for v in cursor.fetchall()]
    if not versions:
        return
    best = min(versions, key=_rank)
    updates = []
    for version in versions:
        is_best = version is best
        reason = (_reason(best, versions) if is_best
                  else f"not chosen: {best['report_id']} is the best version")
        if (version["is_best"], version["best_reason"]) != (int(is_best), reason):
            updates.append((int(is_best), reason, version["report_id"]))
    db.conn.executemany("UPDATE reports SET is_best = ?, best_reason = ? WHERE report_id = ?",
                        updates)


def update_summaries(db: sqlite_utils.Database, report_ids: Iterable[str]) -> None:
    """Facts read, failing checks and overall check status per report."""
    db.conn.executemany("""
        UPDATE reports SET
          n_facts = (SELECT count(*) FROM facts f WHERE f.report_id = reports.report_id
                     AND f.value IS NOT NULL),
          n_failed = (SELECT count(*) FROM checks c WHERE c.report_id = reports.report_id
                      AND c.status = 'fail'),
          check_status = (SELECT CASE WHEN sum(status = 'fail') THEN 'fail'
                                      WHEN sum(status = 'pass') THEN 'pass'
                                      WHEN count(*) THEN 'not_assessable' ELSE 'none' END
                          FROM checks c WHERE c.report_id = reports.report_id)
        WHERE report_id = ?""", [(r,) for r in report_ids])


def settle(db: sqlite_utils.Database, pairs: Iterable[tuple[str, int]],
           unpaired: Iterable[str] = (), known: dict[str, dict] | None = None,
           removed: Iterable[str] = ()) -> set[str]:
    """Bring the derived state in step after reports of the given
    (agency_id, year) ``pairs`` were written (and of ``unpaired`` report ids,
    whose agency or year is unknown, and ``removed`` ones); return the report
    ids affected.  ``known``: the facts ({key: value}) of the reports just
    written."""
    affected = set(unpaired)
    db.conn.executemany("UPDATE reports SET is_best = 1, best_reason = ? WHERE report_id = ?",
                        [(NOT_COMPARED, r) for r in affected])
    pairs = set(pairs)
    for agency_id, year in sorted(pairs):
        choose_best(db, agency_id, year)
    checked = sorted({(a, y) for a, year in pairs for y in (year, year + 1)})
    for agency_id, year in checked:
        crossyear.refresh(db, agency_id, year)
        affected.update(r for (r,) in db.conn.execute(
            "SELECT report_id FROM reports WHERE agency_id = ? AND year = ?", [agency_id, year]))
    update_summaries(db, sorted(affected))
    views.update_wide_tables(db, affected | set(removed), known)
    return affected
