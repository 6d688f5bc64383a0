"""A web of generated sites (``generated.GeneratedSite``), one per seed, each
on its own port of 127.0.0.1, and how well an archive caught what they hold:
reports with their numbers, distractors admitted.

    with RandomWeb([11, 12, 13]) as web:
        crawl(web.urls); score(db_path, web.expected)
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

import sqlite_utils

from .generated import GeneratedSite
from .server import RunningSite, SiteGroup


class RandomWeb(SiteGroup):
    def __init__(self, seeds: Iterable[int]) -> None:
        super().__init__()
        self.sites = [GeneratedSite(seed) for seed in seeds]

    def start(self) -> None:
        for number, site in enumerate(self.sites):
            self.running[str(number)] = running = RunningSite(site)
            site.base_url = running.url

    @property
    def urls(self) -> list[str]:
        return [site.base_url + "/" for site in self.sites]

    @property
    def expected(self) -> list[dict]:
        return [entry for site in self.sites for entry in site.expected()]

    def requests(self) -> int:
        return sum(len(site.log) for site in self.sites)


def matches(entry: dict, row: dict) -> bool:
    """An archived report row is the expected report: same year, and one agency name contains the other."""
    agency = row["agency"] or ""
    return row["year"] == entry["year"] and (entry["agency"] in agency or bool(agency) and agency in entry["agency"])


def same_numbers(expected: dict, archived: dict) -> bool:
    return all(key in archived and (value is None and archived[key] is None or value is not None
               and archived[key] is not None and math.isclose(float(value), float(archived[key]), abs_tol=1e-6))
               for key, value in expected.items())


def facts_of(db: sqlite_utils.Database, report_id: str) -> dict:
    return {r["key"]: r["value"] for r in db.query("select key, value from facts where report_id = ?", [report_id])}


def score(db_path: str | Path, expected: list[dict]) -> dict:
    """Reports of ``expected`` in the archive with their numbers (``found``),
    those missing or with wrong numbers, and archived rows that are no report
    of the web (``admitted``: distractors and anything else)."""
    db = sqlite_utils.Database(db_path)
    rows = list(db.query("select report_id, agency, year, source_url from reports")) if db["reports"].exists() else []
    reports = [e for e in expected if e["kind"] == "report"]
    missing, wrong = [], []
    for entry in reports:
        found = [r for r in rows if matches(entry, r)]
        if not found:
            missing.append(entry)
        elif not any(same_numbers(entry["truth"]["facts"], facts_of(db, r["report_id"])) for r in found):
            wrong.append(entry)
    distractors = {e["url"] for e in expected if e["kind"] == "distractor"}
    admitted = [r for r in rows if r["source_url"] in distractors or not any(matches(e, r) for e in reports)]
    return {"reports": len(reports), "found": len(reports) - len(missing) - len(wrong), "missing": missing,
            "wrong": wrong, "admitted": admitted}
