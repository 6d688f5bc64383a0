"""Re-read archived reports from their stored originals with the current
parser, without a single request: a parser fix reaches the whole archive.

Each report's original comes from the content store, with the content type
and the context it was accessioned with (site, list title, publication
date: ``archive.accession.Context``), and goes through the same ``file``
step as a crawl, so source URL, site, capture dates and level rules are the
same as at accession.  Every fact whose value changed is recorded in
``changes`` (kind ``reparsed``, with ``key``, ``old_value``, ``new_value``
and ``parser_version``).  Each report is re-filed all or nothing, in
batches of a transaction each (a commit per report would spend most of the
time waiting for the disk).

Idempotent (a report that parses as before is not rewritten, so a second
run changes nothing) and resumable: selecting the reports read by an older
parser version (the default) picks up an interrupted run where it stopped."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import sqlite_utils
from sqlite_utils.utils import hash_record

from parsers import version

from .accession import Accessions, Context, Original, read, timestamp
from .ingest import Ingester


@dataclass
class Summary:
    reports: int = 0                 # re-read
    changed: int = 0                 # reports with a fact that changed
    facts_changed: int = 0
    now_passing: int = 0             # checks that did not pass before and pass now
    now_failing: int = 0             # checks that did not fail before and fail now
    missing: list[str] = field(default_factory=list)   # report ids whose original is not stored

    def text(self) -> str:
        lines = [f"{self.reports} report(s) re-read with parser {version.PARSER_VERSION}, "
                 f"{self.changed} changed",
                 f"{self.facts_changed} fact(s) changed (recorded in changes)",
                 f"{self.now_passing} check(s) now pass, {self.now_failing} now fail"]
        if self.missing:
            lines.append(f"{len(self.missing)} report(s) not re-read: original not in the store "
                         f"({', '.join(self.missing[:5])}{' …' if len(self.missing) > 5 else ''})")
        return "\n".join(lines)


def select_reports(db: sqlite_utils.Database, *, every: bool = False, older_than: str | None = None,
                   report_ids: tuple[str, ...] = ()) -> list[str]:
    """The report ids to re-read: ``report_ids`` (ValueError for an unknown
    one), or ``every`` report, or those read by a parser older than
    ``older_than`` (default: the current version)."""
    if report_ids:
        known = {r for (r,) in db.execute("SELECT report_id FROM reports WHERE report_id IN "
                                          f"({', '.join('?' * len(report_ids))})", list(report_ids))}
        unknown = [r for r in report_ids if r not in known]
        if unknown:
            raise ValueError(f"no such report: {', '.join(unknown)}")
        return list(dict.fromkeys(report_ids))
    rows = db.execute("SELECT report_id, parser_version FROM reports ORDER BY report_id").fetchall()
    if every:
        return [r for r, _ in rows]
    limit = version.version_key(older_than or version.PARSER_VERSION)
    return [r for r, read_by in rows if version.version_key(read_by) < limit]


_REPORT = """
SELECT r.report_id, r.agency, r.year, r.title, r.site_id, r.region_code, r.source_url,
  r.published, r.first_seen, r.last_seen, r.document_sha256, r.accession,
  d.stored_path, d.content_type
FROM reports r LEFT JOIN documents d ON d.sha256 = r.document_sha256 WHERE r.report_id = ?
"""


def _context(row: dict) -> Context:
    """The context the report was accessioned with; for a report archived
    before contexts were kept, what its row says (as fallbacks only)."""
    if row["accession"]:
        return Context.from_json(row["accession"])
    return Context(site_id=row["site_id"], region_code=row["region_code"], title=row["title"],
                   year=row["year"], agency=row["agency"], published=row["published"])


def _state(db: sqlite_utils.Database, report_id: str | None) -> tuple[dict, dict]:
    """A report's facts ({key: value}) and check statuses ({check_id: status})."""
    if report_id is None:
        return {}, {}
    facts = dict(db.execute("SELECT key, value FROM facts WHERE report_id = ?", [report_id]).fetchall())
    checks = dict(db.execute("SELECT check_id, status FROM checks WHERE report_id = ?", [report_id]).fetchall())
    return facts, checks


def _record_fact_changes(db: sqlite_utils.Database, row: dict, report_id: str | None,
                         old: dict, new: dict, seen_at: str) -> int:
    changed = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k) or (k in old) != (k in new))
    after = db.execute("SELECT agency, year FROM reports WHERE report_id = ?", [report_id]).fetchone() \
        if report_id else None
    agency, year = after or (row["agency"], row["year"])
    changes = []
    for key in changed:
        change = {"kind": "reparsed", "url": row["source_url"], "agency": agency, "year": year,
                  "old_sha256": row["document_sha256"], "new_sha256": row["document_sha256"],
                  "report_id": report_id or row["report_id"], "seen_at": seen_at, "key": key,
                  "old_value": old.get(key), "new_value": new.get(key), "parser_version": version.PARSER_VERSION}
        change["change_id"] = hash_record(change, ("kind", "report_id", "key", "old_value", "new_value",
                                                   "parser_version"))
        changes.append(change)
    db["changes"].insert_all(changes, pk="change_id", ignore=True)
    return len(changes)


def reparse_report(accessions: Accessions, report_id: str, summary: Summary) -> None:
    """Re-read one report's original and re-file it (one transaction)."""
    db = accessions.db
    cursor = db.execute(_REPORT, [report_id])
    found = cursor.fetchone()
    if found is None:  # taken out earlier in this run (its document re-read as another report)
        return
    row = dict(zip((d[0] for d in cursor.description), found))
    data = accessions.store.get(row["stored_path"]) if row["stored_path"] else None
    if data is None:
        summary.missing.append(report_id)
        return
    original = Original(data, row["source_url"], fetched_at=row["first_seen"],
                        filename=PurePosixPath(row["stored_path"]).name,
                        content_type=row["content_type"], sha256=row["document_sha256"])
    report = read(original)
    with db.atomic():
        old_facts, old_checks = _state(db, report_id)
        with Ingester(db) as ingester:
            new_id = accessions.file(original, report, _context(row), ingester=ingester)
            if new_id != report_id:
                ingester.remove(report_id)
        if new_id and new_id != report_id and row["last_seen"]:
            db.execute("UPDATE reports SET last_seen = max(coalesce(last_seen, ''), ?) WHERE report_id = ?",
                       [row["last_seen"], new_id])
        new_facts, new_checks = _state(db, new_id)
        changed = _record_fact_changes(db, row, new_id, old_facts, new_facts, timestamp())
    summary.reports += 1
    summary.facts_changed += changed
    summary.changed += bool(changed)
    for check_id, status in new_checks.items():
        if old_checks.get(check_id) != status:
            summary.now_passing += status == "pass"
            summary.now_failing += status == "fail"


def reparse(db: sqlite_utils.Database, data_dir, report_ids: list[str], *, batch_size: int = 100,
            progress: Callable[[int], None] | None = None) -> Summary:
    """Re-read these reports (``select_reports``) from their stored
    originals, committing every ``batch_size`` reports (each report is all
    or nothing; an interrupted batch is rolled back and re-read next time);
    ``progress`` is called with the count done after each report."""
    accessions = Accessions(db, data_dir)
    summary = Summary()
    for start in range(0, len(report_ids), batch_size):
        with db.atomic():
            for done, report_id in enumerate(report_ids[start:start + batch_size], start + 1):
                reparse_report(accessions, report_id, summary)
                if progress:
                    progress(done)
    return summary
