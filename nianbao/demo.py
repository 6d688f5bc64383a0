"""``nianbao demo``: the whole pipeline on this machine, offline.

Starts the mock government web (``crawler.mocksite``) on 127.0.0.1, crawls
every mock site from its home page with politeness off (no delays, robots.txt
still obeyed) into an archive, prints what it found, and serves the archive
in Datasette until Ctrl-C; the mock sites stay up meanwhile, so the reports'
source links work too.

    from nianbao.demo import run_demo
    summary = run_demo("demo/nianbao.db", "demo/data", scale=0.2, serve=False)
    summary.reports, summary.facts, summary.failing_checks

The crawl runs in a child process (``python -m nianbao crawl``: Twisted's reactor
cannot restart inside one process).  The mock sites listen on new ports each
run and their pages carry their own URLs, so a re-run replaces the previous
demo archive instead of piling a second copy of every report onto it; an
archive the demo did not make is never touched.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import click

from crawler.mocksite import MockSites
from crawler.mocksite.world import SITES
from crawler.scope import netloc
from crawler.settings import fast

MARKER = "nianbao-demo.json"   # in the data directory: this archive was made by the demo
PROGRESS_EVERY = 3.0           # seconds between progress lines during the crawl
WATCH_EVERY = 0.25             # seconds between looks at the crawl and at Ctrl-C
STOP_GRACE = 5.0               # seconds each way of stopping the crawl gets


@dataclass
class DemoSummary:
    """What the demo built: the crawl's per-site outcome and the archive's counts."""

    exit_code: int
    sites: dict[str, dict] = field(default_factory=dict)   # mock site name -> crawl outcome
    expected_reports: int = 0      # reports the mock web publishes
    reports: int = 0               # report versions archived
    best_reports: int = 0          # one per agency and year
    agencies: int = 0
    facts: int = 0
    failing_checks: int = 0
    reports_failing: int = 0       # best versions with at least one failing check
    captures: int = 0


def crawl_command(urls: Iterable[str], db: Path, data_dir: Path) -> list[str]:
    """``python -m nianbao crawl`` over ``urls``, JSON summary on stdout (run it
    with ``fast_env()``: politeness off)."""
    return [sys.executable, "-m", "nianbao", "crawl", *(f"--start-url={url}" for url in urls),
            "--db", str(db), "--data-dir", str(data_dir), "--log-level", "WARNING", "--json"]


def fast_env() -> dict[str, str]:
    """The crawl's environment: the ``fast`` settings profile (politeness off,
    for the loopback mock web only)."""
    return {**os.environ, "SCRAPY_SETTINGS_MODULE": fast.__name__}


def archive_counts(db: Path) -> dict[str, int]:
    """Counts read from the archive while the crawler may be writing to it
    (read-only; a locked or missing database counts as nothing yet)."""
    queries = {
        "captures": "select count(*) from captures",
        "reports": "select count(*) from reports",
        "best_reports": "select count(*) from reports where is_best = 1",
        "agencies": "select count(distinct agency_id) from reports",
        "facts": "select count(*) from facts",
        "failing_checks": "select count(*) from checks where status = 'fail'",
        "reports_failing": "select count(*) from reports where is_best = 1 and n_failed > 0",
    }
    if not db.is_file():
        return {}
    try:
        with sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=1) as conn:
            return {name: conn.execute(sql).fetchone()[0] for name, sql in queries.items()}
    except sqlite3.Error:
        return {}


def check_port_free(host: str, port: int) -> None:
    """Fail before the crawl, not after it, when the port is taken."""
    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            raise click.ClickException(f"cannot serve on {host}:{port} ({error.strerror}); "
                                       f"choose another --port") from error


def clear_previous_demo(db: Path, data_dir: Path) -> bool:
    """Remove the archive of an earlier demo run; refuse to touch any other."""
    if (data_dir / MARKER).is_file():
        for path in (db, *(db.with_name(db.name + suffix) for suffix in ("-journal", "-wal", "-shm"))):
            path.unlink(missing_ok=True)
        shutil.rmtree(data_dir)
        return True
    if db.exists() or data_dir.is_dir() and any(data_dir.iterdir()):
        raise click.ClickException(f"{db} or {data_dir} holds something nianbao demo did not make; "
                                   f"choose another --db and --data-dir")
    return False


def stop(child: subprocess.Popen) -> None:
    """Scrapy's graceful stop (SIGINT: WARC and job files closed), then its
    forced one (a second SIGINT), then SIGKILL."""
    for sig in (signal.SIGINT, signal.SIGINT, signal.SIGKILL):
        child.send_signal(sig)
        try:
            child.wait(STOP_GRACE)
            return
        except subprocess.TimeoutExpired:
            continue


@contextmanager
def stop_requests():
    """A list that Ctrl-C (SIGINT) and SIGTERM append to instead of
    interrupting whatever runs, so that no moment is left in which the
    crawler child could be started but not yet stopped."""
    requests: list[int] = []
    previous = {sig: signal.signal(sig, lambda signum, frame: requests.append(signum))
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield requests
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def crawl(sites: MockSites, db: Path, data_dir: Path, echo: Callable[[str], None]) -> dict:
    """Crawl every mock site in a child process, printing progress; the
    crawl's JSON summary.  Ctrl-C stops the crawl (Scrapy closes its WARC
    and job files first) and then raises KeyboardInterrupt."""
    log_path = data_dir / "crawl.log"
    started = shown = time.monotonic()
    last = (0, 0)
    with stop_requests() as requests, open(log_path, "w", encoding="utf-8") as log:
        child = subprocess.Popen(crawl_command(sites.urls.values(), db, data_dir), stdout=subprocess.PIPE,
                                 stderr=log, text=True, start_new_session=True, env=fast_env())
        while True:
            try:
                out, _ = child.communicate(timeout=WATCH_EVERY)
                break
            except subprocess.TimeoutExpired:
                pass
            if requests:
                echo("Stopping the crawl…")
                stop(child)
                break
            if time.monotonic() - shown >= PROGRESS_EVERY:
                shown = time.monotonic()
                counts = archive_counts(db)
                now = (counts.get("captures", 0), counts.get("reports", 0))
                if now != last:
                    echo(f"  {shown - started:5.0f} s  {now[0]:4} pages fetched, {now[1]:3} reports archived")
                    last = now
    if requests:
        raise KeyboardInterrupt
    echo(f"Crawl finished in {time.monotonic() - started:.0f} s (log: {log_path}).")
    try:
        return json.loads(out)
    except json.JSONDecodeError:
        raise click.ClickException(f"the crawl failed (exit code {child.returncode}); see {log_path}") from None


def by_site_name(sites: MockSites, outcome: dict) -> dict[str, dict]:
    """The crawl's per-netloc outcome keyed by mock site name."""
    names = {netloc(url): name for name, url in sites.urls.items()}
    return {names.get(site, site): counts for site, counts in outcome.get("sites", {}).items()}


def print_sites(sites: MockSites, echo: Callable[[str], None]) -> None:
    expected = sites.expected
    reports = sum(e["kind"] == "report" for e in expected)
    echo(f"Mock government web on 127.0.0.1: {len(sites.urls)} sites publishing {reports} annual reports "
         f"and {len(expected) - reports} look-alike pages that are not reports.")
    for name, url in sites.urls.items():
        echo(f"  {name:10} {sites.sites[name].gov:12} {url}")


def print_summary(summary: DemoSummary, db: Path, echo: Callable[[str], None]) -> None:
    echo("  site       status     reports  documents  errors")
    for name, outcome in summary.sites.items():
        echo(f"  {name:10} {outcome['status']:10} {outcome['reports']:7}  {outcome['documents']:9}  "
             f"{outcome['errors']:6}")
    echo(f"Archive {db}: {summary.best_reports} reports of {summary.agencies} agencies found "
         f"({summary.expected_reports} published; {summary.reports} versions kept), "
         f"{summary.facts} numbers read, {summary.failing_checks} failing checks "
         f"in {summary.reports_failing} reports, {summary.captures} pages and files captured.")


def print_urls(db: Path, data_dir: Path, host: str, port: int, echo: Callable[[str], None]) -> None:
    base = f"http://{host}:{port}"
    pages = [("reports", f"/{db.stem}/reports"), ("search", f"/{db.stem}/reports?_search=公开"),
             ("not adding up", f"/{db.stem}/reports_not_adding_up"), ("dashboard", "/-/dashboards/overview")]
    echo(f"\nServing the archive at {base}/   (Ctrl-C stops)")
    for label, path in pages:
        echo(f"  {label:14} {base}{path}")
    echo(f"Later, without crawling again: nianbao serve --db {db} --data-dir {data_dir}")


def serve_archive(db: Path, data_dir: Path, host: str, port: int) -> None:
    """``nianbao serve`` on the demo archive, until Ctrl-C."""
    from nianbao.commands import serve

    serve.callback(db_path=str(db), data_dir=str(data_dir), host=host, port=port, get_path=None)


def run_demo(db: str | Path = "demo/nianbao.db", data_dir: str | Path = "demo/data", *, seed: int = 1,
             scale: float = 1.0, only: Iterable[str] | None = None, serve: bool = True,
             host: str = "127.0.0.1", port: int = 8001,
             echo: Callable[[str], None] = click.echo) -> DemoSummary:
    """Start the mock web, crawl it into ``db``/``data_dir``, print a
    summary, and (with ``serve``) serve the archive until Ctrl-C."""
    db, data_dir = Path(db), Path(data_dir)
    if serve:
        check_port_free(host, port)
    if clear_previous_demo(db, data_dir):
        echo(f"Replacing the previous demo archive {db} (the mock sites move to new ports each run).")
    data_dir.mkdir(parents=True, exist_ok=True)
    with MockSites(seed=seed, scale=scale, only=only) as sites:
        (data_dir / MARKER).write_text(json.dumps({"seed": seed, "scale": scale, "urls": sites.urls}),
                                       encoding="utf-8")
        print_sites(sites, echo)
        echo(f"\nCrawling every home page into {db} (politeness off, robots.txt obeyed)…")
        outcome = crawl(sites, db, data_dir, echo)
        counts = archive_counts(db)
        summary = DemoSummary(
            exit_code=outcome["exit_code"], sites=by_site_name(sites, outcome),
            expected_reports=sum(e["kind"] == "report" for e in sites.expected),
            **{name: counts.get(name, 0) for name in ("reports", "best_reports", "agencies", "facts",
                                                      "failing_checks", "reports_failing", "captures")})
        print_summary(summary, db, echo)
        if serve:
            print_urls(db, data_dir, host, port, echo)
            serve_archive(db, data_dir, host, port)
            echo(f"Stopped; the archive stays in {db}.")
    return summary


@click.command()
@click.option("--db", "db_path", default="demo/nianbao.db", show_default=True, type=click.Path(dir_okay=False),
              help="The demo archive (replaced on each run).")
@click.option("--data-dir", default="demo/data", show_default=True, type=click.Path(file_okay=False),
              help="Where the demo's WARCs and stored originals go.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--scale", default=1.0, show_default=True, type=click.FloatRange(min=0.01),
              help="Multiplies how many reports each mock site publishes (0.2 for a quick look).")
@click.option("--site", "only", multiple=True, type=click.Choice(list(SITES)),
              help="Only this mock site. Repeatable; default: all of them.")
@click.option("--no-serve", is_flag=True, help="Stop after building the archive.")
def demo(db_path, data_dir, host, port, scale, only, no_serve):
    """Run the whole pipeline offline: start mock government sites on
    127.0.0.1, crawl them, parse and check their reports into an archive,
    and serve it in Datasette (the mock sites stay up until Ctrl-C).

    Example: nianbao demo --scale 0.2
    """
    try:
        summary = run_demo(db_path, data_dir, scale=scale, only=only or None, serve=not no_serve,
                           host=host, port=port)
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
        sys.exit(130)
    if not summary.reports:
        raise click.ClickException("the crawl archived no report")


if __name__ == "__main__":
    demo(prog_name="python -m nianbao.demo")
