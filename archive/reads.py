"""What the crawler asks the archive (the crawler has no SQL of its own):
the last capture of a URL, for conditional requests; the first archived
capture of a payload, for WARC revisit records; the report URLs archived
for a set of hosts, for vanished reports."""

from __future__ import annotations

import sqlite_utils


def previous_capture(db: sqlite_utils.Database, url: str) -> dict | None:
    """The last 200 capture of ``url`` whose document is in the store: its
    ``etag``, ``last_modified``, ``sha256``, ``stored_path`` and ``content_type``."""
    return next(db.query(
        "SELECT c.etag, c.last_modified, d.sha256, d.stored_path, d.content_type "
        "FROM captures c JOIN documents d ON d.sha256 = c.sha256 "
        "WHERE c.url = ? AND c.status = 200 ORDER BY c.fetched_at DESC LIMIT 1", [url]), None)


def first_capture(db: sqlite_utils.Database, sha256: str) -> tuple[str, str] | None:
    """(url, fetched_at) of the first capture of this payload written whole
    to a WARC file (not a 304)."""
    row = db.execute(
        "SELECT url, fetched_at FROM captures WHERE sha256 = ? AND warc_file IS NOT NULL "
        "AND coalesce(status, 0) <> 304 ORDER BY fetched_at LIMIT 1", [sha256]).fetchone()
    return tuple(row) if row else None


def report_urls(db: sqlite_utils.Database) -> set[str]:
    """Every source URL of an archived report."""
    return {url for (url,) in db.execute("SELECT DISTINCT source_url FROM reports "
                                         "WHERE source_url IS NOT NULL")}
