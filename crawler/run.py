"""Run a crawl from Python: seeds in, per-site summary and exit code out.

    from crawler.run import run_crawl
    result = run_crawl(start_urls=["https://www.pingtan.gov.cn/"], db="nianbao.db", data_dir="data")
    result.exit_code, result.sites

The reactor runs once per process (Twisted cannot restart it): call
``run_crawl`` once per process; the CLI does exactly that.

Resuming: each distinct command (its seeds) gets its own JOBDIR under
``<data-dir>/jobs/``; a crawl stopped midway leaves it there and the same
command resumes from it; a crawl that finishes removes it, so the next
scheduled run starts afresh (and is incremental through the archive).
Scrapy saves its queue's state only when a crawl stops cleanly (Ctrl-C,
SIGTERM): a job directory left by a killed or crashed crawl holds a queue
that cannot be trusted (half-written records, and fingerprints of requests
that were never made), so that job starts afresh; the archive keeps what it
already fetched, and pages seen before come back as 304s.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .seeds import ConfigError, resolve_seeds
from .summary import EXIT_CONFIG, exit_code, site_statuses

if TYPE_CHECKING:
    from scrapy.settings import Settings

    from .seeds import Seed

DEFAULT_SETTINGS_MODULE = "crawler.settings"
RUNNING = "nianbao-running"  # in a job directory while its crawl runs; left behind by a kill

logger = logging.getLogger(__name__)


@dataclass
class CrawlResult:
    exit_code: int
    sites: dict[str, dict] = field(default_factory=dict)
    finish_reason: str | None = None
    jobdir: str | None = None

    def to_json(self) -> dict:
        return {"exit_code": self.exit_code, "finish_reason": self.finish_reason, "sites": self.sites}


def parse_setting_overrides(pairs: Iterable[str]) -> dict[str, str]:
    """``-s NAME=VALUE`` pairs, as ``scrapy crawl -s`` takes them."""
    overrides = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ConfigError(f"-s expects NAME=VALUE, got {pair!r}")
        overrides[name.strip()] = value
    return overrides


def job_key(seeds: Iterable[Seed]) -> str:
    text = json.dumps(sorted(json.dumps(s.to_dict(), sort_keys=True) for s in seeds))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def build_settings(*, db: str | Path, data_dir: str | Path, jobdir: str | Path, overrides: dict[str, str],
                   log_level: str | None) -> Settings:
    from scrapy.utils.project import get_project_settings

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", DEFAULT_SETTINGS_MODULE)
    settings = get_project_settings()
    settings.set("NIANBAO_DB", str(db), priority="cmdline")
    settings.set("NIANBAO_DATA_DIR", str(data_dir), priority="cmdline")
    settings.set("JOBDIR", str(jobdir), priority="cmdline")
    if log_level:
        settings.set("LOG_LEVEL", log_level.upper(), priority="cmdline")
    for name, value in overrides.items():
        settings.set(name, value, priority="cmdline")
    if not settings.getbool("NIANBAO_BROWSER_ENABLED"):
        # starting Playwright costs seconds: plain-HTML crawls use Scrapy's own handlers only
        settings.set("DOWNLOAD_HANDLERS", {}, priority="cmdline")
    return settings


def open_jobdir(jobdir: Path) -> None:
    """Mark the job directory as in use; one still marked was left by a killed
    crawl, and is emptied first (see the module's docstring)."""
    if (jobdir / RUNNING).exists():
        logger.warning("The last crawl of this job was killed; its queue cannot be trusted, starting afresh: %s",
                       jobdir)
        shutil.rmtree(jobdir, ignore_errors=True)
    jobdir.mkdir(parents=True, exist_ok=True)
    (jobdir / RUNNING).touch()


def run_crawl(*, start_urls: Iterable[str] = (), site_ids: Iterable[str] = (), all_sites: bool = False,
              registry: str | Path | None = None, db: str | Path, data_dir: str | Path,
              settings_overrides: dict[str, str] | None = None, jobdir: str | Path | None = None, log_level: str | None = None) -> CrawlResult:
    """Crawl and return the outcome; configuration errors come back as exit
    code 2 with the message in ``sites['error']``, before anything starts."""
    try:
        seeds = resolve_seeds(start_urls, site_ids, all_sites, registry)
        overrides = settings_overrides or {}
        data_dir = Path(data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        Path(db).parent.mkdir(parents=True, exist_ok=True)
        jobdir = Path(jobdir) if jobdir else data_dir / "jobs" / job_key(seeds)
        settings = build_settings(db=db, data_dir=data_dir, jobdir=jobdir, overrides=overrides, log_level=log_level)
    except (ConfigError, OSError) as error:
        return CrawlResult(EXIT_CONFIG, {"error": {"status": "config", "message": str(error)}})

    from scrapy.crawler import CrawlerProcess

    from .spiders.reports import ReportsSpider

    process = CrawlerProcess(settings, install_root_handler=True)
    open_jobdir(jobdir)
    crawler = process.create_crawler(ReportsSpider)
    process.crawl(crawler, seeds=seeds)
    process.start()

    reason = crawler.stats.get_value("finish_reason")
    # a crawl stopped hard (a second Ctrl-C) never reaches the spider's summary: the stats still tell
    sites = getattr(crawler.spider, "summary", None) or site_statuses(crawler.stats.get_stats(),
                                                                      [s.site for s in seeds], reason)
    if reason == "finished":
        shutil.rmtree(jobdir, ignore_errors=True)
    elif reason:  # stopped cleanly: the queue was saved, the next run resumes it
        (jobdir / RUNNING).unlink(missing_ok=True)
    return CrawlResult(exit_code(sites), sites, reason, str(jobdir))
