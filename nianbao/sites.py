"""``nianbao sites``: the site registry (``crawler.registry``) as a table or
JSON, or its home pages checked (``crawler.sitecheck``)."""

from __future__ import annotations

import csv
import json
from dataclasses import asdict

import click

from crawler.registry import LEVELS, RegistryError, Site, load_sites
from crawler.settings import DOWNLOAD_DELAY
from parsers.textwidth import display_width, pad


def _first_seed(site: Site) -> str:
    if site.report_urls:
        return site.report_urls[0]
    return f"{site.report_pages[0]} (page)" if site.report_pages else f"{site.home_url} (home)"


def format_table(sites: list[Site]) -> str:
    """A plain-text table: id, name, level, region code, cms, first seed."""
    header = ("id", "name", "level", "region", "cms", "report column (or page, or home page)")
    rows = [header] + [(s.id, s.name, s.level, s.region_code or "-", s.cms, _first_seed(s)) for s in sites]
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(header) - 1)]
    return "\n".join(
        "  ".join(pad(cell, w) for cell, w in zip(row, widths)) + "  " + row[-1]
        for row in rows
    )


@click.command("sites")
@click.option("--level", type=click.Choice(LEVELS), help="Only sites of this level.")
@click.option("--province", help="Only sites whose province contains this text, e.g. 浙江.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON objects instead of a table.")
@click.option("--registry", type=click.Path(exists=True, dir_okay=False),
              help="Registry file to read (default: crawler/sites.yml).")
@click.option("--check", is_flag=True,
              help="Fetch the chosen sites' home pages (needs internet): one per host, robots.txt obeyed.")
@click.option("--out", default="site-check.csv", show_default=True, type=click.Path(dir_okay=False),
              help="With --check: CSV file for the results.")
@click.option("--limit", default=200, show_default=True, type=click.IntRange(min=1),
              help="With --check: fetch at most this many hosts.")
@click.option("--delay", default=DOWNLOAD_DELAY, show_default=True, type=click.FloatRange(min=0),
              help="With --check: seconds between two requests.")
@click.option("--timeout", default=15.0, show_default=True, type=click.FloatRange(min=0.1),
              help="With --check: seconds to wait for one answer.")
def sites_command(level, province, as_json, registry, check, out, limit, delay, timeout):
    """List the government sites in the registry, or check their home pages.

    Example: nianbao sites --level 市 --province 浙江省

    Example: nianbao sites --check --level 省 --out site-check.csv
    """
    try:
        sites = load_sites(registry)
    except RegistryError as exc:
        raise click.ClickException(str(exc)) from exc
    chosen = [s for s in sites
              if (not level or s.level == level) and (not province or province in s.province)]
    if check:
        from crawler.sitecheck import CHECK_FIELDS, check_homes, default_client, summary

        results = []
        with open(out, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, CHECK_FIELDS)
            writer.writeheader()
            for result in check_homes(chosen, default_client(timeout=timeout, delay=delay), limit=limit):
                writer.writerow(asdict(result))
                handle.flush()
                results.append(result)
        click.echo(summary(results, chosen=len(chosen), limit=limit))
        click.echo(f"results: {out}")
        return
    if as_json:
        click.echo(json.dumps([s.to_dict() for s in chosen], ensure_ascii=False, indent=2))
        return
    click.echo(format_table(chosen))
    click.echo(f"{len(chosen)} site(s)")
