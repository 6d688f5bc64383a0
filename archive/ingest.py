"""Write crawled documents, captures and parsed reports into the archive.

Every function is idempotent: writing the same thing twice changes nothing.
An agency's report for a year may be captured several times (a page and its
attachment, a revised file); each capture of distinct content is a version
(a ``reports`` row), and one version per agency and year is marked
``is_best`` with the reason recorded in ``best_reason``."""

from __future__ import annotations

import functools
import hashlib
import json
import re

import sqlite_utils
from sqlite_utils.utils import hash_record

from . import crossyear
from .regions import guess_region_code, region_rows
from .search import FTS_TABLE, segment

# Preference between versions that read equally well: the attachment formats
# keep the printed table best.
FORMAT_RANK = {"docx": 0, "xlsx": 1, "doc": 2, "html": 3, "pdf": 4}

_DATE = re.compile(r"(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})")


@functools.cache
def _regions() -> list[dict]:
    return list(region_rows())


def iso_date(text: str | None) -> str | None:
    """``2024年1月5日``, ``2024/1/5 10:00`` … -> ``2024-01-05``; else None."""
    match = _DATE.search(text or "")
    if not match:
        return None
    y, m, d = match.groups()
    return f"{y}-{int(m):02d}-{int(d):02d}"


def record_document(db: sqlite_utils.Database, *, sha256: str, url: str | None,
                    content_type: str | None, size: int | None,
                    stored_path: str | None) -> None:
    """One distinct file, by content (upsert by sha256)."""
    db["documents"].upsert({"sha256": sha256, "url": url, "content_type": content_type,
                            "size": size, "stored_path": stored_path}, pk="sha256")


def record_capture(db: sqlite_utils.Database, *, url: str, status: int | None,
                   fetched_at: str | None, sha256: str | None, warc_file: str | None,
                   warc_offset: int | None, **extra) -> str:
    """One HTTP fetch; extra keyword arguments become extra columns."""
    row = {"url": url, "status": status, "fetched_at": fetched_at, "sha256": sha256,
           "warc_file": warc_file, "warc_offset": warc_offset, **extra}
    row["capture_id"] = hash_record(row, ("url", "fetched_at", "sha256"))
    db["captures"].upsert(row, pk="capture_id", alter=True)
    return row["capture_id"]


# Ids are the first 16 hex digits of sqlite-utils' hash of the identifying
# columns: stable, and short, since facts repeat them ~200 times a report.
ID_LENGTH = 16


def agency_id(name: str | None, region_code: str | None) -> str | None:
    if not name:
        return None
    return hash_record({"name": name, "region_code": region_code})[:ID_LENGTH]


def register_agency(db: sqlite_utils.Database, *, name: str, level: str | None = None,
                    region_code: str | None = None, site: str | None = None,
                    home_url: str | None = None) -> str:
    """An agency (upsert); fields given as None leave stored values alone."""
    row = {"agency_id": agency_id(name, region_code), "name": name, "level": level,
           "region_code": region_code, "site": site, "home_url": home_url}
    row = {k: v for k, v in row.items() if v is not None}
    db["agencies"].upsert(row, pk="agency_id")
    return row["agency_id"]


def register_sites(db: sqlite_utils.Database, sites) -> int:
    """Agencies from the site registry (``crawler.registry.Site`` objects)."""
    with db.atomic():
        for site in sites:
            register_agency(db, name=site.name, level=site.level,
                            region_code=site.region_code, site=site.id,
                            home_url=site.home_url)
    return len(sites)


def _parse_hash(row: dict, report) -> str:
    content = {**row, "report": report.to_json(), "text": report.text,
               "format": report.format, "warnings": report.warnings}
    content.pop("first_seen"), content.pop("last_seen")
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False,
                                     default=str).encode()).hexdigest()


def _split_key(key: str) -> tuple[str, str, str]:
    """``table.row.column`` -> its parts (the row part may be dotted)."""
    table, rest = key.split(".", 1)
    row, _, column = rest.rpartition(".")
    return table, row, column


def _fact_rows(report_id: str, report) -> list[tuple]:
    return [(report_id, key, fact.value, fact.raw, fact.location, *_split_key(key))
            for key, fact in report.facts.items()]


def _replace_search_entry(db, rowid: int, old: tuple[str, str] | None,
                          new: tuple[str, str]) -> None:
    if old is not None:
        db.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, text) "
                   "VALUES ('delete', ?, ?, ?)", [rowid, segment(old[0]), segment(old[1])])
    db.execute(f"INSERT INTO {FTS_TABLE}(rowid, title, text) VALUES (?, ?, ?)",
               [rowid, segment(new[0]), segment(new[1])])


def _seen(existing: dict | None, fetched_at: str | None) -> tuple[str | None, str | None]:
    seen = [s for s in (fetched_at, existing and existing["first_seen"],
                        existing and existing["last_seen"]) if s]
    return (min(seen), max(seen)) if seen else (None, None)


def ingest_report(db: sqlite_utils.Database, report, *, source_url: str | None,
                  document_sha256: str, published: str | None = None,
                  fetched_at: str | None = None, site_id: str | None = None,
                  agency: str | None = None, level: str | None = None,
                  region_code: str | None = None) -> str:
    """Archive one parsed report (a ``parsers.Report``) as a version of its
    agency's report for its year; return its stable ``report_id``."""
    name = agency or report.agency
    region_code = region_code or guess_region_code(name, _regions())
    row = {
        "agency": name, "year": report.year, "document_sha256": document_sha256,
        "template": report.template, "title": report.title, "level": level,
        "region_code": region_code, "site_id": site_id, "source_url": source_url,
        "published": iso_date(published or report.meta.get("PubDate")),
        "format": report.format,
        "errors": json.dumps(report.errors, ensure_ascii=False) if report.errors else None,
        "warnings": json.dumps(report.warnings, ensure_ascii=False) if report.warnings else None,
    }
    row["report_id"] = report_id = hash_record(
        row, ("agency", "year", "document_sha256"))[:ID_LENGTH]
    with db.atomic():
        if name:
            row["agency_id"] = register_agency(db, name=name, level=level,
                                               region_code=region_code, site=site_id)
        existing = next(db.query("SELECT rowid, * FROM reports WHERE report_id = ?",
                                 [report_id]), None)
        row["first_seen"], row["last_seen"] = _seen(existing, fetched_at)
        row["parse_hash"] = _parse_hash(row, report)
        if existing and existing["parse_hash"] == row["parse_hash"]:
            if (existing["first_seen"], existing["last_seen"]) != (row["first_seen"], row["last_seen"]):
                db["reports"].update(report_id, {"first_seen": row["first_seen"],
                                                 "last_seen": row["last_seen"]})
            return report_id
        _write_report(db, row, report, existing)
        _record_revision(db, row, fetched_at)
        choose_best(db, row.get("agency_id"), report.year, report_id)
    return report_id


def _write_report(db, row: dict, report, existing: dict | None) -> None:
    report_id = row["report_id"]
    old_text = None
    if existing:
        text_row = next(db.query("SELECT text FROM report_text WHERE report_id = ?",
                                 [report_id]), {"text": ""})
        old_text = (existing["title"] or "", text_row["text"] or "")
    db["reports"].upsert(row, pk="report_id")
    db.execute("DELETE FROM facts WHERE report_id = ?", [report_id])
    db.conn.executemany(
        'INSERT INTO facts (report_id, key, value, raw, location, "table", "row", "column") '
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", _fact_rows(report_id, report))
    db.execute("DELETE FROM checks WHERE report_id = ? AND check_id NOT LIKE 'cross_year.%'",
               [report_id])
    db.conn.executemany(
        "INSERT INTO checks (report_id, check_id, status, expected, actual, detail) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(report_id, c.id, c.status, c.expected, c.actual, c.detail) for c in report.checks])
    db["report_text"].upsert({"report_id": report_id, "text": report.text}, pk="report_id")
    rowid = db.execute("SELECT rowid FROM reports WHERE report_id = ?", [report_id]).fetchone()[0]
    _replace_search_entry(db, rowid, old_text, (report.title or "", report.text or ""))


def _record_revision(db, row: dict, fetched_at: str | None) -> None:
    """A different file at the same address for the same report: revised."""
    if not row["source_url"]:
        return
    for old in db.query(
            "SELECT report_id, document_sha256 FROM reports WHERE source_url = ? "
            "AND agency IS ? AND year IS ? AND document_sha256 != ? AND last_seen < ?",
            [row["source_url"], row["agency"], row["year"], row["document_sha256"],
             fetched_at or ""]):
        change = {"kind": "revised", "url": row["source_url"], "agency": row["agency"],
                  "year": row["year"], "old_sha256": old["document_sha256"],
                  "new_sha256": row["document_sha256"], "report_id": row["report_id"],
                  "seen_at": fetched_at}
        change["change_id"] = hash_record(change, ("kind", "url", "old_sha256", "new_sha256"))
        db["changes"].insert(change, pk="change_id", ignore=True)


def record_vanished(db: sqlite_utils.Database, *, url: str, seen_at: str) -> int:
    """The reports last captured at ``url`` are gone from it (404, removed
    from the column): one ``vanished`` change per report, the first time."""
    count = 0
    with db.atomic():
        for report in db.query("SELECT report_id, agency, year, document_sha256 FROM reports "
                               "WHERE source_url = ?", [url]):
            change = {"kind": "vanished", "url": url, "agency": report["agency"],
                      "year": report["year"], "old_sha256": report["document_sha256"],
                      "new_sha256": None, "report_id": report["report_id"],
                      "seen_at": seen_at}
            change["change_id"] = hash_record(change, ("kind", "url", "old_sha256"))
            db["changes"].insert(change, pk="change_id", ignore=True)
            count += 1
    return count


_VERSIONS = """
SELECT r.report_id, r.format, r.template, r.n_facts, r.errors,
  (SELECT count(*) FROM facts f WHERE f.report_id = r.report_id AND f.value IS NOT NULL) AS read,
  (SELECT count(*) FROM checks c WHERE c.report_id = r.report_id AND c.status = 'fail'
     AND c.check_id NOT LIKE 'cross_year.%') AS failed
FROM reports r WHERE r.agency_id = ? AND r.year IS ?
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


def choose_best(db: sqlite_utils.Database, agency_id: str | None, year: int | None,
                report_id: str) -> None:
    """Mark one version per agency and year ``is_best``; rerun the cross-year
    checks that involve it and update every affected report's summary."""
    if agency_id is None or year is None:
        db["reports"].update(report_id, {"is_best": 1,
                                         "best_reason": "agency or year unknown: not compared"})
        update_summaries(db, [report_id])
        return
    versions = list(db.query(_VERSIONS, [agency_id, year]))
    best = min(versions, key=_rank)
    for version in versions:
        is_best = version is best
        db["reports"].update(version["report_id"], {
            "is_best": int(is_best), "best_reason": _reason(best, versions) if is_best else
            f"not chosen: {best['report_id']} is the best version",
        })
    crossyear.refresh(db, agency_id, year)
    update_summaries(db, [r["report_id"] for r in db.query(
        "SELECT report_id FROM reports WHERE agency_id = ? AND year IN (?, ?)",
        [agency_id, year, year + 1])])


def update_summaries(db: sqlite_utils.Database, report_ids: list[str]) -> None:
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
