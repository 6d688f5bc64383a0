"""Write crawled documents, captures and parsed reports into the archive.

Every function is idempotent: writing the same thing twice changes nothing.
An agency's report for a year may be captured several times (a page and its
attachment, a revised file); each capture of distinct content is a version
(a ``reports`` row); ``archive.versions`` then marks the best one.  Many
reports are ingested fastest through an ``Ingester`` (batches in one
transaction); ``ingest_report`` is a batch of one."""

from __future__ import annotations

import functools
import hashlib
import json
import re

import sqlite_utils
from sqlite_utils.utils import hash_record

from parsers.schema import CROSS_YEAR

from .regions import region_of
from .search import FTS_TABLE, segment
from .versions import settle

_DATE = re.compile(r"(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})")


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


_AGENCY_UPSERT = """
INSERT INTO agencies (agency_id, name, level, region_code, site, home_url)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (agency_id) DO UPDATE SET
  level = coalesce(excluded.level, level), region_code = coalesce(excluded.region_code, region_code),
  site = coalesce(excluded.site, site), home_url = coalesce(excluded.home_url, home_url)
"""


def register_agency(db: sqlite_utils.Database, *, name: str, level: str | None = None,
                    region_code: str | None = None, site: str | None = None,
                    home_url: str | None = None) -> str:
    """An agency (upsert); fields given as None leave stored values alone."""
    agency = agency_id(name, region_code)
    with db.atomic():
        db.execute(_AGENCY_UPSERT, [agency, name, level, region_code, site, home_url])
    return agency


# Columns that may move without the report's rows being rewritten.
_NOT_HASHED = ("first_seen", "last_seen", "parser_version")


def _parse_hash(row: dict, report, checks: list[tuple]) -> str:
    """A digest of everything a report's ingest stores, bar the dates it
    was seen and the parser version (and the parts of fact keys, which
    follow from the keys): an unchanged digest means there is nothing to
    rewrite."""
    content = [sorted((k, v) for k, v in row.items() if k not in _NOT_HASHED),
               [(k, f.value, f.raw, f.location) for k, f in report.facts.items()],
               checks, report.text]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, default=str).encode()).hexdigest()


@functools.lru_cache(maxsize=1024)
def _split_key(key: str) -> tuple[str, str, str]:
    """``table.row.column`` -> its parts (the row part may be dotted)."""
    table, rest = key.split(".", 1)
    row, _, column = rest.rpartition(".")
    return table, row, column


def _fact_rows(report_id: str, report) -> list[tuple]:
    return [(report_id, key, fact.value, fact.raw, fact.location, *_split_key(key))
            for key, fact in report.facts.items()]


def _check_rows(report_id: str, report) -> list[tuple]:
    return [(report_id, c.id, c.status, c.expected, c.actual, c.detail) for c in report.checks]


def _seen(existing: dict | None, fetched_at: str | None) -> tuple[str | None, str | None]:
    seen = [s for s in (fetched_at, existing and existing["first_seen"],
                        existing and existing["last_seen"]) if s]
    return (min(seen), max(seen)) if seen else (None, None)


REPORT_COLUMNS = ("report_id", "agency_id", "agency", "year", "document_sha256", "template",
                  "title", "level", "region_code", "site_id", "source_url", "published",
                  "format", "errors", "warnings", "first_seen", "last_seen", "parse_hash",
                  "parser_version", "accession")
_REPORT_UPSERT = (
    f"INSERT INTO reports ({', '.join(REPORT_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(REPORT_COLUMNS))}) ON CONFLICT (report_id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in REPORT_COLUMNS[1:]))
_FACT_INSERT = ('INSERT INTO facts (report_id, key, value, raw, location, "table", "row", "column") '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
_CHECK_INSERT = ("INSERT INTO checks (report_id, check_id, status, expected, actual, detail) "
                 "VALUES (?, ?, ?, ?, ?, ?)")
_TEXT_UPSERT = ("INSERT INTO report_text (report_id, text) VALUES (?, ?) "
                "ON CONFLICT (report_id) DO UPDATE SET text = excluded.text")
_REVISED = ("SELECT report_id, document_sha256 FROM reports WHERE source_url = ? "
            "AND agency IS ? AND year IS ? AND document_sha256 != ? AND last_seen < ?")


class Ingester:
    """Archive parsed reports in batches: one transaction per batch, and the
    best version, cross-year checks, summaries and wide tables recomputed
    once per agency and year the batch touched (``archive.versions``).

        with Ingester(db) as ingester:
            for report, url, sha256 in parsed:
                ingester.add(report, source_url=url, document_sha256=sha256)

    The rows are the same as ingesting one report at a time.  A batch is
    committed every ``batch_size`` reports and when the block ends; if the
    block or ``add`` raises, the uncommitted batch is rolled back (committed
    batches stay, and the ingester can go on).  Inside a transaction the
    caller already holds, nothing is committed or rolled back: the caller's
    transaction decides."""

    def __init__(self, db: sqlite_utils.Database, *, batch_size: int = 500):
        self.db = db
        self.batch_size = batch_size
        self._pairs: set[tuple[str, int]] = set()
        self._unpaired: set[str] = set()
        self._values: dict[str, dict] = {}  # facts of the reports written in this batch
        self._removed: set[str] = set()
        self._owns_transaction = False

    def __enter__(self) -> Ingester:
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        if exc_type is None:
            self.flush()
        else:
            self._roll_back()

    def _roll_back(self) -> None:
        """Roll back the uncommitted batch, when this ingester opened its
        transaction (in the caller's transaction, the caller decides)."""
        if self._owns_transaction:
            self.db.rollback()
            self._owns_transaction = False
            self._pairs, self._unpaired, self._values, self._removed = set(), set(), {}, set()

    def add(self, report, *, source_url: str | None, document_sha256: str,
            published: str | None = None, fetched_at: str | None = None,
            site_id: str | None = None, agency: str | None = None, level: str | None = None,
            region_code: str | None = None, accession: str | None = None) -> str:
        """Archive one parsed report (a ``parsers.Report``) as a version of its
        agency's report for its year; return its stable ``report_id``.
        ``accession``: the context it came with (``archive.accession.Context``
        as JSON), kept for re-parsing."""
        if not self.db.conn.in_transaction:
            self.db.begin()
            self._owns_transaction = True
        name = agency or report.agency
        row = {
            "agency": name, "year": report.year, "document_sha256": document_sha256,
            "template": report.template, "title": report.title, "level": level,
            "region_code": region_code or region_of(name), "site_id": site_id,
            "source_url": source_url,
            "published": iso_date(published or report.meta.get("PubDate")),
            "format": report.format,
            "errors": json.dumps(report.errors, ensure_ascii=False) if report.errors else None,
            "warnings": json.dumps(report.warnings, ensure_ascii=False) if report.warnings else None,
            "parser_version": report.parser_version, "accession": accession,
        }
        row["report_id"] = report_id = hash_record(
            row, ("agency", "year", "document_sha256"))[:ID_LENGTH]
        try:
            if name:
                row["agency_id"] = agency_id(name, row["region_code"])
                self.db.conn.execute(_AGENCY_UPSERT, [row["agency_id"], name, level,
                                                      row["region_code"], site_id, None])
            written = self._write(row, report, fetched_at)
        except BaseException:
            self._roll_back()
            raise
        if written:
            if row.get("agency_id") is None or report.year is None:
                self._unpaired.add(report_id)
            else:
                self._pairs.add((row["agency_id"], report.year))
            self._values[report_id] = report.values()
        if len(self._values) >= self.batch_size:
            self.flush()
        return report_id

    def remove(self, report_id: str) -> None:
        """Take a report out of the archive (a re-parse read its document as
        another agency's or year's): its rows, facts, checks, text and search
        entry; its agency's versions are settled again."""
        if not self.db.conn.in_transaction:
            self.db.begin()
            self._owns_transaction = True
        conn = self.db.conn
        found = conn.execute("SELECT rowid, agency_id, year, coalesce(title, '') FROM reports "
                             "WHERE report_id = ?", [report_id]).fetchone()
        if not found:
            return
        rowid, agency, year, title = found
        (text,) = conn.execute("SELECT coalesce(text, '') FROM report_text WHERE report_id = ?",
                               [report_id]).fetchone() or ("",)
        conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, text) "
                     "VALUES ('delete', ?, ?, ?)", [rowid, segment(title), segment(text)])
        for table in ("facts", "checks", "report_text", "reports"):
            conn.execute(f"DELETE FROM {table} WHERE report_id = ?", [report_id])
        if agency is not None and year is not None:
            self._pairs.add((agency, year))
        self._removed.add(report_id)

    def flush(self) -> None:
        """Settle the versions of the agencies and years written so far and
        commit (when this ingester opened the transaction)."""
        if self._pairs or self._unpaired or self._removed:
            settle(self.db, self._pairs, self._unpaired, self._values, removed=self._removed)
        self._pairs, self._unpaired, self._values, self._removed = set(), set(), {}, set()
        if self._owns_transaction:
            self.db.commit()
            self._owns_transaction = False

    def _write(self, row: dict, report, fetched_at: str | None) -> bool:
        """Write the report's rows; False when it was already archived as is
        (only the dates it was seen may move)."""
        conn = self.db.conn
        report_id = row["report_id"]
        existing = conn.execute("SELECT rowid, title, first_seen, last_seen, parse_hash, parser_version "
                                "FROM reports WHERE report_id = ?", [report_id]).fetchone()
        existing = existing and dict(zip(("rowid", "title", "first_seen", "last_seen",
                                          "parse_hash", "parser_version"), existing))
        row["first_seen"], row["last_seen"] = _seen(existing, fetched_at)
        checks = _check_rows(report_id, report)
        row["parse_hash"] = _parse_hash(row, report, checks)
        if existing and existing["parse_hash"] == row["parse_hash"]:
            moved = [c for c in _NOT_HASHED if existing[c] != row[c]]
            if moved:
                conn.execute(f"UPDATE reports SET {', '.join(f'{c} = ?' for c in moved)} "
                             "WHERE report_id = ?", [*(row[c] for c in moved), report_id])
            return False
        cursor = conn.execute(_REPORT_UPSERT, [row.get(c) for c in REPORT_COLUMNS])
        rowid = existing["rowid"] if existing else cursor.lastrowid
        old_text = None
        if existing:
            conn.execute("DELETE FROM facts WHERE report_id = ?", [report_id])
            conn.execute("DELETE FROM checks WHERE report_id = ? "
                         f"AND check_id NOT LIKE '{CROSS_YEAR}.%'", [report_id])
            (text,) = conn.execute("SELECT coalesce(text, '') FROM report_text WHERE report_id = ?",
                                   [report_id]).fetchone() or ("",)
            old_text = (existing["title"] or "", text)
        conn.executemany(_FACT_INSERT, _fact_rows(report_id, report))
        conn.executemany(_CHECK_INSERT, checks)
        conn.execute(_TEXT_UPSERT, [report_id, report.text])
        _replace_search_entry(conn, rowid, old_text, (report.title or "", report.text or ""))
        self._record_revision(row, fetched_at)
        return True

    def _record_revision(self, row: dict, fetched_at: str | None) -> None:
        """A different file at the same address for the same report: revised."""
        if not row["source_url"]:
            return
        for _old_id, old_sha256 in self.db.conn.execute(_REVISED, [
                row["source_url"], row["agency"], row["year"], row["document_sha256"],
                fetched_at or ""]).fetchall():
            change = {"kind": "revised", "url": row["source_url"], "agency": row["agency"],
                      "year": row["year"], "old_sha256": old_sha256,
                      "new_sha256": row["document_sha256"], "report_id": row["report_id"],
                      "seen_at": fetched_at}
            change["change_id"] = hash_record(change, ("kind", "url", "old_sha256", "new_sha256"))
            self.db["changes"].insert(change, pk="change_id", ignore=True)


def _replace_search_entry(conn, rowid: int, old: tuple[str, str] | None,
                          new: tuple[str, str]) -> None:
    if old is not None:
        conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, text) "
                     "VALUES ('delete', ?, ?, ?)", [rowid, segment(old[0]), segment(old[1])])
    conn.execute(f"INSERT INTO {FTS_TABLE}(rowid, title, text) VALUES (?, ?, ?)",
                 [rowid, segment(new[0]), segment(new[1])])


def ingest_report(db: sqlite_utils.Database, report, **kwargs) -> str:
    """Archive one parsed report (see ``Ingester.add`` for the arguments),
    all or nothing; return its stable ``report_id``.  For many reports, use
    ``Ingester``."""
    with db.atomic(), Ingester(db) as ingester:
        return ingester.add(report, **kwargs)


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
