"""``nianbao crawl``: the click command over crawler.run (added to the
``nianbao`` group by nianbao.cli)."""

from __future__ import annotations

import json
import sys

import click

from crawler.run import parse_setting_overrides, run_crawl
from crawler.seeds import ConfigError
from crawler.summary import EXIT_CODES_HELP, EXIT_CONFIG


@click.command(epilog=EXIT_CODES_HELP)
@click.option("--start-url", "start_urls", multiple=True, metavar="URL",
              help="Crawl an ad-hoc site from this URL (scope: its host). Repeatable.")
@click.option("--site", "site_ids", multiple=True, metavar="ID", help="Crawl this registry site. Repeatable.")
@click.option("--all", "all_sites", is_flag=True, help="Crawl every site of the registry.")
@click.option("--registry", type=click.Path(exists=True, dir_okay=False),
              help="Registry file to read --site and --all from (default: crawler/sites.yml).")
@click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="Scrapy setting, as `scrapy crawl -s` takes it. Repeatable.")
@click.option("--db", default="nianbao.db", show_default=True, type=click.Path(dir_okay=False),
              help="SQLite archive to write.")
@click.option("--data-dir", default="data", show_default=True, type=click.Path(file_okay=False),
              help="Where WARC files, stored documents and job state go.")
@click.option("--jobdir", type=click.Path(file_okay=False),
              help="Resume state directory (default: one per command under DATA_DIR/jobs).")
@click.option("--log-level", default="INFO", show_default=True,
              type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False))
@click.option("--json", "as_json", is_flag=True, help="Print the per-site summary as JSON.")
def crawl(start_urls, site_ids, all_sites, registry, settings, db, data_dir, jobdir, log_level, as_json):
    """Crawl government sites for 政府信息公开工作年度报告 and archive them.

    Finds the report column from a home page, reads its list pages (TRS,
    Hanweb, generic, browser-rendered), keeps report pages and attachments
    (WARC files plus sha256-addressed copies in DATA_DIR), parses them and
    writes reports, facts and checks to the archive. Re-running is
    incremental; re-running after a crash resumes.

    Example: nianbao crawl --site fj-pingtan --db nianbao.db --data-dir data
    """
    try:
        overrides = parse_setting_overrides(settings)
    except ConfigError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(EXIT_CONFIG)
    result = run_crawl(start_urls=start_urls, site_ids=site_ids, all_sites=all_sites, registry=registry,
                       db=db, data_dir=data_dir, settings_overrides=overrides, jobdir=jobdir, log_level=log_level)
    if result.exit_code == EXIT_CONFIG:
        click.echo(f"Error: {result.sites['error']['message']}", err=True)
    elif as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        for site, outcome in result.sites.items():
            click.echo(f"{site}\t{outcome['status']}\tlists={outcome['lists']}\treports={outcome['reports']}"
                       f"\tdocuments={outcome['documents']}\terrors={outcome['errors']}\tblocked={outcome['blocked']}"
                       f"\t{outcome.get('reason', '')}")
    sys.exit(result.exit_code)
