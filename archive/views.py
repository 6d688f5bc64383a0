"""Views derived from ``parsers.schema.FACTS``: one wide view per statistics
table (one row per best report, one column per fact), the ``coverage`` view,
and the ``fact_labels`` table with each fact's printed Chinese labels.  They
are rebuilt whenever the field dictionary changes, so they never drift."""

from __future__ import annotations

import sqlite_utils

from parsers.schema import FACTS, TABLES

from .coverage import COVERAGE_VIEW

REPORT_COLUMNS = ("report_id", "agency", "year", "region_code", "level", "template")


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


def wide_view_sql(table: str) -> str:
    cells = ",\n  ".join(
        f"(SELECT value FROM facts f WHERE f.report_id = r.report_id AND f.key = '{key}') AS {column}"
        for column, key in wide_columns(table).items()
    )
    return (
        f"SELECT {', '.join('r.' + c for c in REPORT_COLUMNS)},\n  {cells}\n"
        f"FROM reports r WHERE r.is_best = 1 AND EXISTS (SELECT 1 FROM facts f "
        f"WHERE f.report_id = r.report_id AND f.key > '{table}.' AND f.key < '{table}/')"
    )


def view_definitions() -> dict[str, str]:
    views = {wide_view_name(t): wide_view_sql(t) for t in TABLES}
    views["coverage"] = COVERAGE_VIEW
    return views


def _label_rows() -> list[dict]:
    return [
        {"key": f.key, "table": f.table, "row": f.row, "column": f.column,
         "row_label": f.row_label, "column_label": f.column_label,
         "templates": ",".join(f.templates)}
        for f in FACTS.values()
    ]


def refresh(db: sqlite_utils.Database) -> None:
    """Create or replace every derived view whose SQL changed, and bring
    ``fact_labels`` in step with the field dictionary."""
    for name, sql in view_definitions().items():
        create = f"CREATE VIEW {name} AS {sql}"
        current = db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?", [name]
        ).fetchone()
        if current is None or current[0] != create:
            with db.atomic():
                db.execute(f"DROP VIEW IF EXISTS {name}")
                db.execute(create)
    labels = _label_rows()
    if list(db["fact_labels"].rows_where(order_by="rowid")) != labels:
        with db.atomic():
            db.execute("DELETE FROM fact_labels")
            db["fact_labels"].insert_all(labels)
