"""Crawl benchmark: ``nianbao crawl`` against a ~10,000-page mock TRS site
with politeness off (pages per second, peak RSS, reports found), side by
side with ``wget --mirror`` on the same site (time, peak RSS, reports found).

    .venv/bin/python bench/crawl.py --pages 10000

Pages are the requests the mock site answered; peak RSS is the child
process's own VmHWM, so LibreOffice helpers are not counted.  wget
is told to skip the endless calendar and the 2 GiB zip (it would otherwise
never finish); it obeys robots.txt like the crawler."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import click
import sqlite_utils
from tabulate import tabulate

from crawler.mocksite import MockSites
from nianbao.demo import fast_env

PAGES_PER_SCALE = 35.2  # a TRS column at scale 1: 32 items, 3 traps, 4 list pages, a few attachments


def high_water_mib(pid: int) -> float:
    """The process's peak resident set so far (VmHWM), in MiB; 0 once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")), 0.0)


def run_measured(command: list[str], log, env: dict[str, str] | None = None, errors=subprocess.STDOUT) -> dict:
    """Run ``command`` (output to ``log``, its stderr to ``errors``): wall time,
    peak RSS (MiB, polled from /proc — rusage's maxrss would count the forking
    Python's memory too) and exit status."""
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=log, stderr=errors, env=env)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, high_water_mib(process.pid))
        time.sleep(0.1)
    return {"seconds": time.monotonic() - start, "peak_mib": peak, "exit": process.returncode}


def archived_reports(db_path: Path, expected: list[dict]) -> int:
    rows = list(sqlite_utils.Database(db_path).query("select agency, year from reports"))
    pairs = {(r["agency"], r["year"]) for r in rows}
    return sum((e["agency"], e["year"]) in pairs for e in expected)


def mirrored_reports(root: Path, expected: list[dict]) -> int:
    """Reports whose document (the page, or its attachment) wget saved."""
    def saved(url: str) -> bool:
        parts = urlsplit(url)
        name = unquote(parts.path) + (f"?{parts.query}" if parts.query else "")
        return (root / parts.netloc / name.lstrip("/")).exists()
    return sum(saved(e["attachment"] or e["url"]) for e in expected)


@click.command()
@click.option("--pages", default=10_000, show_default=True, help="Approximate size of the mock site.")
@click.option("--seed", default=1, show_default=True)
@click.option("--max-list-pages", default=1000, show_default=True,
              help="The crawl's NIANBAO_MAX_LIST_PAGES: the site's one column lists ten items a page, so "
                   "a 10,000-page site needs more than the default ceiling of 300 list pages.")
def main(pages: int, seed: int, max_list_pages: int) -> None:
    """Benchmark the crawler against wget --mirror on one big mock TRS site.

    Example: .venv/bin/python bench/crawl.py --pages 2000
    """
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as tmp, \
            MockSites(seed=seed, scale=pages / PAGES_PER_SCALE, only=["trs"]) as sites:
        tmp, site = Path(tmp), sites.sites["trs"]
        home = sites.urls["trs"]
        expected = [e for e in sites.expected if e["kind"] == "report"]
        click.echo(f"mock TRS site {home}: {len(site.items)} items, {len(expected)} reports", err=True)
        rows = []
        with open(tmp / "crawl.log", "wb") as log:
            nianbao = run_measured([sys.executable, "-m", "nianbao", "crawl", f"--start-url={home}",
                                    "--db", str(tmp / "bench.db"), "--data-dir", str(tmp / "data"),
                                    "-s", f"NIANBAO_MAX_LIST_PAGES={max_list_pages}",
                                    "--log-level", "WARNING"], log, env=fast_env())
        served = len(site.log)
        rows.append(["nianbao crawl", served, nianbao["seconds"], served / nianbao["seconds"], nianbao["peak_mib"],
                     archived_reports(tmp / "bench.db", expected), len(expected)])
        site.log.clear()
        with open(tmp / "wget.log", "wb") as log:
            wget = run_measured(["wget", "--mirror", "--no-verbose", "-e", "robots=on", "--reject-regex",
                                 r"(calendar|\.zip$)", "-P", str(tmp / "mirror"), home], log)
        served = len(site.log)
        rows.append(["wget --mirror", served, wget["seconds"], served / wget["seconds"], wget["peak_mib"],
                     mirrored_reports(tmp / "mirror", expected), len(expected)])
        click.echo(tabulate(rows, headers=["tool", "pages", "seconds", "pages/s", "peak RSS MiB", "reports found",
                                           "reports on site"], floatfmt=".1f", tablefmt="github"))


if __name__ == "__main__":
    main()
