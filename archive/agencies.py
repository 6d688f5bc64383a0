"""The agencies the archive expects: the sites of the registry a crawl
covers, each the home of one agency (its name, level and region as the
registry gives them).  Coverage lists every expected agency for every
year, so one that never published shows as missing."""

from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils

from .ingest import register_agency


def expect_agencies(db: sqlite_utils.Database, agencies: Iterable[dict]) -> int:
    """Register agencies (dicts of name, level, region_code, site, home_url),
    in one transaction; return how many."""
    count = 0
    with db.atomic():
        for agency in agencies:
            register_agency(db, **agency)
            count += 1
    return count
