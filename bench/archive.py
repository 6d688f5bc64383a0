"""Benchmark the archive at scale: ingest a synthetic archive (100,000
reports by default), then time Datasette on it: every stored query, the
reports facet page, Chinese searches, a wide table page and one number
across reports.

Example: python -m bench.archive --reports 100000 --out /tmp/bench.db
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
from pathlib import Path

from archive.db import open_archive
from archive.ingest import Ingester
from archive.regions import region_rows
from archive.serve import build_datasette, load_metadata
from archive.synthetic import make_report

YEARS = tuple(range(2019, 2025))
LEVELS = ("县", "部门", "部门", "乡镇")
TARGET_MS = 500

QUERY_PARAMS = {"top_refusals": "year=2023", "region_by_year": "region=350000",
                "missing_and_late": "year=2023"}
PAGES = {
    "facet page: reports": "/{db}/reports",
    "search: 公开 (two characters)": "/{db}/reports.json?_search=公开",
    "search: 拆迁补偿": "/{db}/reports.json?_search=拆迁补偿",
    "wide table page: applications_wide": "/{db}/applications_wide",
    "one number across reports: best_facts by key": "/{db}/best_facts.json?key=applications.granted.total",
    "coverage for a year": "/{db}/coverage.json?year=2023&status=missing",
}


def synthetic_archive(n_reports: int, seed: int = 0):
    """``n_reports`` (report, ingest arguments) pairs: agencies in random
    counties, each with a chained run of years, 5% misprinted."""
    rng = random.Random(seed)
    counties = [r for r in region_rows() if r["kind"] in ("县", "市辖区", "县级市")]
    done = agency = 0
    while done < n_reports:
        county = rng.choice(counties)
        level = rng.choice(LEVELS)
        name = county["name"] + {"县": "人民政府", "部门": f"第{agency}局", "乡镇": f"第{agency}镇"}[level]
        previous = None
        for year in YEARS[: n_reports - done]:
            report = make_report(name, year, seed=seed, previous=previous,
                                 template="2019" if year == 2019 else "2021",
                                 misprint=rng.random() < 0.05)
            previous = report
            yield report, {"source_url": f"http://{county['code']}.gov.example/{agency}/{year}",
                           "document_sha256": report.sha256,
                           "published": f"{year + 1}-0{rng.randint(1, 5)}-15",
                           "fetched_at": "2025-06-01T00:00:00", "agency": name, "level": level,
                           "region_code": county["code"]}
            done += 1
        agency += 1


def build(path: Path, n_reports: int, seed: int = 0) -> dict:
    """Ingest ``n_reports`` synthetic reports through an ``Ingester``;
    return the ingest rate (wall and CPU time spent ingesting, making the
    synthetic reports left out) and the database size."""
    db = open_archive(path)
    started = time.perf_counter()
    wall = cpu = 0.0
    agencies = set()
    with Ingester(db) as ingester:
        for report, arguments in synthetic_archive(n_reports, seed):
            agencies.add(arguments["agency"])
            before, before_cpu = time.perf_counter(), time.process_time()
            ingester.add(report, **arguments)
            wall += time.perf_counter() - before
            cpu += time.process_time() - before_cpu
        before, before_cpu = time.perf_counter(), time.process_time()
    wall += time.perf_counter() - before  # the last batch, settled on leaving the block
    cpu += time.process_time() - before_cpu
    elapsed = time.perf_counter() - started
    db.execute("ANALYZE")
    db.close()
    return {"reports": n_reports, "agencies": len(agencies), "build_seconds": round(elapsed, 1),
            "ingest_seconds": round(wall, 1), "ingest_cpu_seconds": round(cpu, 1),
            "reports_per_second": round(n_reports / wall, 1),
            "reports_per_cpu_second": round(n_reports / cpu, 1),
            "database_mb": round(path.stat().st_size / 2**20, 1)}


def time_paths(path: Path, repeat: int = 3) -> dict[str, float]:
    """Median response time in ms of each stored query and page."""
    ds = build_datasette(path)
    name = path.stem
    paths = {f"query: {q}": f"/{name}/{q}.json?{QUERY_PARAMS.get(q, '')}"
             for q in load_metadata()["databases"]["nianbao"]["queries"]}
    paths.update({label: p.format(db=name) for label, p in PAGES.items()})

    async def run() -> dict[str, float]:
        await ds.client.get("/")  # startup
        timings = {}
        for label, p in paths.items():
            samples = []
            for _ in range(repeat):
                started = time.perf_counter()
                response = await ds.client.get(p)
                samples.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"{p}: {response.status_code} {response.text[:300]}")
            timings[label] = round(statistics.median(samples), 1)
        return timings

    return asyncio.run(run())


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=Path("bench-archive.db"))
    parser.add_argument("--reuse", action="store_true", help="Time an existing --out database.")
    args = parser.parse_args(argv)
    result = {}
    if not args.reuse:
        args.out.unlink(missing_ok=True)
        result["ingest"] = build(args.out, args.reports)
    result["response_ms"] = timings = time_paths(args.out)
    result["over_target"] = [k for k, v in timings.items()
                             if k.startswith("query:") and v > TARGET_MS]
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return result


if __name__ == "__main__":
    main()
