"""Benchmark ``nianbao reparse``: reports re-read per second from the stored
originals of an archive of generated reports (10,000 by default; HTML as
CMSs serve it, GBK HTML, flattened HTML, DOCX and tab-separated text in
equal parts, each agency with consecutive years), twice: with a parser that
reads every report as before (nothing rewritten), and after a rule change
that alters a fact in most reports (facts, checks, wide tables and
``changes`` rewritten).  Wall-clock and CPU seconds of this one process:
every document is parsed here, none in a worker, so the rule change reaches
all of them.

Example: python -m bench reparse --reports 10000 --out /tmp/reparse-bench
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import parsers.isolation
import parsers.tables
from archive.accession import Accessions, Context, Original, read
from archive.db import open_archive
from archive.ingest import Ingester
from archive.regions import region_rows
from archive.reparse import reparse, select_reports
from parsers.samples import make_truth, render
from parsers.values import Value

SHAPES = ("html", "html_gbk", "html_flat", "docx", "text_tsv")
YEARS = tuple(range(2019, 2025))


def build(directory: Path, n_reports: int, seed: int) -> Accessions:
    """An archive of ``n_reports`` accessioned documents (batched: building
    is not what is measured)."""
    rng = random.Random(seed)
    counties = [r for r in region_rows() if r["kind"] in ("县", "市辖区", "县级市")]
    accessions = Accessions(open_archive(directory / "bench.db"), directory / "data")
    done = agency = 0
    with Ingester(accessions.db, batch_size=500) as ingester:
        while done < n_reports:
            county, agency = rng.choice(counties), agency + 1
            name = county["name"] + rng.choice(("人民政府", f"第{agency}局", f"第{agency}镇"))
            for year in YEARS[: n_reports - done]:
                shape = SHAPES[done % len(SHAPES)]
                data, ext = render(make_truth(seed * 1_000_003 + done, agency=name, year=year,
                                              template="2019" if year == 2019 else "2021",
                                              misprint=rng.random() < 0.05), shape)
                original = Original(data, f"http://{county['code']}.gov.example/{agency}/{year}{ext}",
                                    fetched_at="2025-06-01T00:00:00Z", filename=f"{year}{ext}",
                                    content_type="text/html" if ext == ".html" else None)
                accessions.store_original(original)
                accessions.file(original, read(original),
                                Context(site_id=county["code"], region_code=county["code"],
                                        published=f"{year + 1}-02-15"), ingester=ingester)
                done += 1
    return accessions


def timed(accessions: Accessions, directory: Path) -> tuple[int, float, float, int]:
    """(reports, wall seconds, CPU seconds, facts changed) of ``reparse --all``."""
    chosen = select_reports(accessions.db, every=True)
    wall, cpu = time.perf_counter(), time.process_time()
    summary = reparse(accessions.db, directory / "data", chosen)
    return summary.reports, time.perf_counter() - wall, time.process_time() - cpu, summary.facts_changed


def ones_as_1001(read_value):
    """A rule change (for this benchmark and the re-parsing tests):
    ``read_value`` with every printed 1 read as 1001, no other value changed."""
    def patched(text, **kwargs):
        value = read_value(text, **kwargs)
        return Value(1001, value.unit) if value is not None and value.value == 1 else value

    return patched


def in_this_process(function, *args):
    """Stands in for ``parsers.isolation.run``: a rule patched in this process
    reaches every document only if none is parsed in a worker process."""
    return function(*args)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench reparse", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=10_000, help="reports in the archive (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--out", type=Path, help="keep the archive here (default: a temporary folder)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        directory = args.out or Path(temporary)
        directory.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        accessions = build(directory, args.reports, args.seed)
        print(f"built {accessions.db['reports'].count} reports in {time.perf_counter() - start:.0f} s", flush=True)
        print(f"{'reparse --all':28s} {'reports':>8s} {'wall s':>8s} {'CPU s':>8s} {'reports/s':>10s} "
              f"{'facts changed':>14s}")
        parsers.isolation.run = in_this_process
        for label in ("parser unchanged", "after a rule change"):
            if label == "after a rule change":
                parsers.tables.read_value = ones_as_1001(parsers.tables.read_value)
            reports, wall, cpu, changed = timed(accessions, directory)
            print(f"{label:28s} {reports:8d} {wall:8.1f} {cpu:8.1f} {reports / wall:10.1f} {changed:14d}",
                  flush=True)


if __name__ == "__main__":
    main()
