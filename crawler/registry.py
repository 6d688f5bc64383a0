"""The site registry: real government websites and their report columns.

The registry is data, not code: ``crawler/sites.yml`` lists each site once
(name, level, 6-digit region code, home page, the report column URLs and
report pages as they were seen, CMS and where they were seen).  This module
loads it into ``Site`` objects, refusing a file with a bad row and naming the
row, and offers the ``sites`` click command that prints the registry.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, fields
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import click
import yaml

LEVELS = ("省", "市", "县", "乡镇", "部门")
CMS_KINDS = ("trs", "hanweb", "generic", "browser", "unknown")

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_REGION_CODE = re.compile(r"^\d{6}$")


class RegistryError(ValueError):
    """The registry file is malformed; the message lists every bad row."""


@dataclass(frozen=True)
class Site:
    """One government website (or one unit's column on a host site).

    ``report_urls`` are the report column (list) pages seen; ``report_pages``
    are single report pages seen, kept when no column URL was seen.  A
    crawler starts from ``seeds``: the columns, else the pages."""

    id: str
    name: str
    level: str
    province: str
    region_code: str | None
    home_url: str
    cms: str
    source: str
    report_urls: tuple[str, ...] = ()
    report_pages: tuple[str, ...] = ()
    name_inferred: bool = False
    robots_obey: bool = True
    robots_reason: str | None = None
    notes: str = ""

    @property
    def seeds(self) -> tuple[str, ...]:
        return self.report_urls or self.report_pages

    def to_dict(self) -> dict:
        row = asdict(self)
        row["report_urls"] = list(self.report_urls)
        row["report_pages"] = list(self.report_pages)
        return row


_FIELDS = {f.name for f in fields(Site)}
_REQUIRED = ("id", "name", "level", "province", "home_url", "cms", "source")


def default_path() -> Path:
    return Path(str(resources.files("crawler") / "sites.yml"))


def load_sites(path: str | Path | None = None) -> list[Site]:
    """Read and validate the registry (``crawler/sites.yml`` by default).

    Raises ``RegistryError`` listing every bad row, e.g.
    ``site #3 (id 'x'): level '市级' is not one of 省, 市, 县, 乡镇, 部门``."""
    path = Path(path) if path else default_path()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: not valid YAML: {exc}") from exc
    rows = data.get("sites") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise RegistryError(f"{path}: expected a top-level 'sites:' list")

    sites: list[Site] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        label = f"site #{number}"
        if isinstance(row, dict) and row.get("id"):
            label += f" (id {row['id']!r})"
        problems = _row_problems(row)
        site_id = row.get("id") if isinstance(row, dict) else None
        if site_id in seen:
            problems.append(f"id {site_id!r} is already used by site #{seen[site_id]}")
        elif site_id:
            seen[site_id] = number
        if problems:
            errors.extend(f"{label}: {p}" for p in problems)
            continue
        sites.append(_site(row))
    if errors:
        raise RegistryError(f"{path}: {len(errors)} problem(s):\n  " + "\n  ".join(errors))
    return sites


def _row_problems(row: object) -> list[str]:
    if not isinstance(row, dict):
        return [f"expected a mapping of fields, got {type(row).__name__}"]
    problems = [f"unknown field {k!r}" for k in row if k not in _FIELDS]
    problems += [f"missing required field {k!r}" for k in _REQUIRED if not row.get(k)]
    site_id = row.get("id")
    if site_id and not (isinstance(site_id, str) and _ID.match(site_id)):
        problems.append(f"id {site_id!r} is not a lower-case slug such as 'fj-pingtan'")
    level = row.get("level")
    if level and level not in LEVELS:
        problems.append(f"level {level!r} is not one of {', '.join(LEVELS)}")
    if "region_code" not in row:
        problems.append("missing field 'region_code' (write null when it is not known)")
    code = row.get("region_code")
    if code is not None and not (isinstance(code, str) and _REGION_CODE.match(code)):
        problems.append(f"region_code {code!r} is not a quoted 6-digit string or null")
    cms = row.get("cms")
    if cms and cms not in CMS_KINDS:
        problems.append(f"cms {cms!r} is not one of {', '.join(CMS_KINDS)}")
    if row.get("home_url"):
        problems += _url_problems("home_url", row["home_url"])
    for key in ("report_urls", "report_pages"):
        urls = row.get(key, [])
        if not isinstance(urls, list):
            problems.append(f"{key} must be a list of URLs")
            continue
        for url in urls:
            problems += _url_problems(key, url)
    if not row.get("report_urls") and not row.get("report_pages"):
        problems.append("needs at least one URL in report_urls or report_pages")
    if not isinstance(row.get("name_inferred", False), bool):
        problems.append("name_inferred must be true or false")
    obey = row.get("robots_obey", True)
    if not isinstance(obey, bool):
        problems.append(f"robots_obey {obey!r} must be true or false")
    elif not obey and not row.get("robots_reason"):
        problems.append("robots_obey is false but robots_reason does not say why")
    return problems


def _url_problems(key: str, url: object) -> list[str]:
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        return [f"{key} entry {url!r} is not an http(s) URL"]
    return []


def _site(row: dict) -> Site:
    values = dict(row)
    values["report_urls"] = tuple(row.get("report_urls", ()))
    values["report_pages"] = tuple(row.get("report_pages", ()))
    values["notes"] = (row.get("notes") or "").strip()
    values["source"] = row["source"].strip()
    return Site(**values)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_table(sites: list[Site]) -> str:
    """A plain-text table: id, name, level, region code, cms, first seed."""
    header = ("id", "name", "level", "region", "cms", "report column (or page)")
    rows = [header] + [
        (s.id, s.name, s.level, s.region_code or "-", s.cms,
         s.report_urls[0] if s.report_urls else f"{s.report_pages[0]} (page)")
        for s in sites
    ]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(header) - 1)]
    return "\n".join(
        "  ".join(_pad(cell, w) for cell, w in zip(row, widths)) + "  " + row[-1]
        for row in rows
    )


@click.command("sites")
@click.option("--level", type=click.Choice(LEVELS), help="Only sites of this level.")
@click.option("--province", help="Only sites whose province contains this text, e.g. 浙江.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON objects instead of a table.")
@click.option("--registry", type=click.Path(exists=True, dir_okay=False),
              help="Registry file to read (default: crawler/sites.yml).")
def sites_command(level, province, as_json, registry):
    """List the government sites in the registry.

    Example: nianbao sites --level 乡镇 --province 浙江
    """
    try:
        sites = load_sites(registry)
    except RegistryError as exc:
        raise click.ClickException(str(exc)) from exc
    chosen = [s for s in sites
              if (not level or s.level == level) and (not province or province in s.province)]
    if as_json:
        click.echo(json.dumps([s.to_dict() for s in chosen], ensure_ascii=False, indent=2))
        return
    click.echo(format_table(chosen))
    click.echo(f"{len(chosen)} site(s)")
