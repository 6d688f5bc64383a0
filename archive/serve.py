"""Datasette on the archive, read-only: the configuration directory
``datasette/`` (metadata.yml, plugins) applied to one immutable database."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from .views import column_labels

CONFIG_DIR = Path(__file__).resolve().parent.parent / "datasette"
CONFIG_DB = "nianbao"  # the database key used in metadata.yml

SETTINGS = {
    "sql_time_limit_ms": 5000,
    "facet_time_limit_ms": 1000,
    "allow_download": True,
    "default_page_size": 50,
    # Facets are configured per table; suggesting them would query each of
    # the wide views' ~200 columns on every page view.
    "suggest_facets": False,
}


def load_metadata(db_name: str = CONFIG_DB, data_dir: str | Path | None = None) -> dict:
    """metadata.yml for a database file called ``db_name``, with the wide
    views' Chinese column labels and the originals' data directory."""
    metadata = yaml.safe_load((CONFIG_DIR / "metadata.yml").read_text(encoding="utf-8"))
    database = metadata["databases"].pop(CONFIG_DB)
    for view, labels in column_labels().items():
        database["tables"].setdefault(view, {}).setdefault("columns", {}).update(labels)
    metadata["databases"][db_name] = database
    metadata["description_html"] = metadata["description_html"].replace(
        f"/{CONFIG_DB}/", f"/{db_name}/")
    plugins = metadata.setdefault("plugins", {})
    for dashboard in plugins.get("datasette-dashboards", {}).values():
        for part in (*dashboard.get("charts", {}).values(), *dashboard.get("filters", {}).values()):
            if part.get("db") == CONFIG_DB:
                part["db"] = db_name
    if data_dir is not None:
        plugins["nianbao"] = {"data_dir": str(Path(data_dir).resolve())}
    return copy.deepcopy(metadata)


def build_datasette(db_path: str | Path, data_dir: str | Path | None = None, **settings):
    """A Datasette instance serving ``db_path`` immutable (read-only)."""
    from datasette.app import Datasette

    db_path = Path(db_path)
    if not db_path.is_file():
        raise FileNotFoundError(f"no archive at {db_path}")
    return Datasette(
        files=[],
        immutables=[str(db_path)],
        metadata=load_metadata(db_path.stem, data_dir),
        plugins_dir=str(CONFIG_DIR / "plugins"),
        template_dir=str(CONFIG_DIR / "templates"),
        settings={**SETTINGS, **settings},
    )
