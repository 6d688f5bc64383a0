"""Derived from ``parsers.schema.FACTS``: one wide table per statistics
table (one row per best report, one column per fact), the ``best_facts``
view (the wide tables by key), the ``coverage`` view, and the
``fact_labels`` table with each fact's printed Chinese labels.  They are
rebuilt whenever the field dictionary changes, so they never drift.

The wide tables are materialised (a view of ~150 correlated lookups per row
takes seconds to page and facet at 100,000 reports): ``update_wide_tables``
rewrites the rows of the reports an ingest touched, and ``refresh`` rebuilds
a table whose columns no longer match the dictionary."""

from __future__ import annotations

import json

import sqlite_utils

from parsers.schema import FACTS, TABLES

from .coverage import COVERAGE_VIEW

REPORT_COLUMNS = ("report_id", "agency", "year", "region_code", "level", "template")
REPORT_COLUMN_TYPES = {"report_id": "TEXT PRIMARY KEY", "year": "INTEGER"}
# Indexes of each wide table: its facets, and an agency's year (for the
# year before in best_facts).
WIDE_INDEXES = {"year": "year", "template": "template", "level": "level",
                "agency_year": "agency, region_code, year"}


def wide_view_name(table: str) -> str:
    return f"{table}_wide"


def wide_column(key: str) -> str:
    """``applications.denied.state_secret.total`` -> ``denied_state_secret_total``."""
    return key.split(".", 1)[1].replace(".", "_")


def wide_columns(table: str) -> dict[str, str]:
    """Column name -> fact key, in the field dictionary's order."""
    columns = {wide_column(k): k for k, f in FACTS.items() if f.table == table}
    assert len(columns) == sum(f.table == table for f in FACTS.values())
    return columns


def column_labels() -> dict[str, dict[str, str]]:
    """Each wide view's columns with their printed labels, for the metadata."""
    return {
        wide_view_name(table): {
            column: f"{FACTS[key].row_label} · {FACTS[key].column_label}"
            for column, key in wide_columns(table).items()
        }
        for table in TABLES
    }


BEST_FACTS_VIEW = "best_facts"


def _previous_year(table: str, column: str) -> str:
    """The same number in the agency's best report for the year before."""
    return (f"(SELECT p.{column} FROM {wide_view_name(table)} p WHERE p.agency = w.agency "
            "AND p.region_code IS w.region_code AND p.year = w.year - 1)")


def best_facts_sql() -> str:
    """The wide tables unpivoted: one row per number (not null) of each best
    report, with the same number a year before.  A filter on ``key``
    reaches only that key's wide column (SQLite pushes it into each arm), so
    this is how to ask about one number across reports: facts are indexed
    by report only."""
    return "\nUNION ALL\n".join(
        f"SELECT {', '.join('w.' + c for c in REPORT_COLUMNS)}, '{key}' AS key, w.{column} AS value, "
        f"{_previous_year(table, column)} AS previous_year_value "
        f"FROM {wide_view_name(table)} w WHERE w.{column} IS NOT NULL"
        for table in TABLES for column, key in wide_columns(table).items())


def _wide_rows(db: sqlite_utils.Database, report_ids: list[str] | None,
               known: dict[str, dict] | None = None) -> dict[str, list]:
    """Each wide table's rows for the best reports among ``report_ids``
    (all best reports when None): a report has a row in a table when it
    has any fact of that table.  ``known`` holds the facts ({key: value})
    of reports just written, so that they need not be read back."""
    where = "" if report_ids is None else "AND report_id IN (SELECT value FROM json_each(?))"
    params = [] if report_ids is None else [json.dumps(sorted(report_ids))]
    reports = db.conn.execute(f"SELECT {', '.join(REPORT_COLUMNS)} FROM reports "
                              f"WHERE is_best = 1 {where}", params).fetchall()
    keys = {table: list(wide_columns(table).values()) for table in TABLES}
    rows = {table: [] for table in TABLES}
    for report in reports:
        values = (known or {}).get(report[0])
        if values is None:
            values = dict(db.conn.execute("SELECT key, value FROM facts WHERE report_id = ?",
                                          [report[0]]).fetchall())
        tables = {key.split(".", 1)[0] for key in values}
        for table in TABLES:
            if table in tables:
                rows[table].append((*report, *map(values.get, keys[table])))
    return rows


def _insert_wide_rows(db: sqlite_utils.Database, rows: dict[str, list]) -> None:
    for table, table_rows in rows.items():
        marks = ", ".join("?" * (len(REPORT_COLUMNS) + len(wide_columns(table))))
        db.conn.executemany(f"INSERT INTO {wide_view_name(table)} VALUES ({marks})", table_rows)


def _create_wide_table(db: sqlite_utils.Database, table: str) -> None:
    name = wide_view_name(table)
    columns = [f"{c} {REPORT_COLUMN_TYPES.get(c, 'TEXT')}" for c in REPORT_COLUMNS]
    columns += [f"{c} NUMERIC" for c in wide_columns(table)]
    db.execute(f"CREATE TABLE {name} (\n  " + ",\n  ".join(columns) + "\n)")
    _insert_wide_rows(db, {table: _wide_rows(db, None)[table]})


def _index_wide_table(db: sqlite_utils.Database, table: str) -> None:
    name = wide_view_name(table)
    for suffix, columns in WIDE_INDEXES.items():
        db.execute(f"CREATE INDEX IF NOT EXISTS {name}_{suffix} ON {name}({columns})")


def update_wide_tables(db: sqlite_utils.Database, report_ids,
                       known: dict[str, dict] | None = None) -> None:
    """Rewrite the wide-table rows of these reports (a row for each that is
    now a best version, none for the others); ``known`` as for ``_wide_rows``."""
    ids = json.dumps(sorted(report_ids))
    for table in TABLES:
        db.conn.execute(f"DELETE FROM {wide_view_name(table)} "
                        "WHERE report_id IN (SELECT value FROM json_each(?))", [ids])
    _insert_wide_rows(db, _wide_rows(db, report_ids, known))


def _refresh_wide_table(db: sqlite_utils.Database, table: str) -> None:
    name = wide_view_name(table)
    kind = db.execute("SELECT type FROM sqlite_master WHERE name = ?", [name]).fetchone()
    expected = [*REPORT_COLUMNS, *wide_columns(table)]
    with db.atomic():
        if kind != ("table",) or [c.name for c in db[name].columns] != expected:
            db.execute(f"DROP {'TABLE' if kind == ('table',) else 'VIEW'} IF EXISTS {name}")
            _create_wide_table(db, table)
        _index_wide_table(db, table)


def _label_rows() -> list[dict]:
    return [
        {"key": f.key, "table": f.table, "row": f.row, "column": f.column,
         "row_label": f.row_label, "column_label": f.column_label,
         "templates": ",".join(f.templates)}
        for f in FACTS.values()
    ]


def refresh(db: sqlite_utils.Database) -> None:
    """Create or rebuild each wide table whose columns changed, replace the
    coverage and best_facts views if their SQL changed, and bring
    ``fact_labels`` in step with the field dictionary."""
    for table in TABLES:
        _refresh_wide_table(db, table)
    for name, sql in {"coverage": COVERAGE_VIEW, BEST_FACTS_VIEW: best_facts_sql()}.items():
        create = f"CREATE VIEW {name} AS {sql}"
        current = db.execute("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?",
                             [name]).fetchone()
        if current is None or current[0] != create:
            with db.atomic():
                db.execute(f"DROP VIEW IF EXISTS {name}")
                db.execute(create)
    labels = _label_rows()
    if list(db["fact_labels"].rows_where(order_by="rowid")) != labels:
        with db.atomic():
            db.execute("DELETE FROM fact_labels")
            db["fact_labels"].insert_all(labels)
