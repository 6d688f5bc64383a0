"""The site registry: real government websites and their report columns.

The registry is data, not code: ``crawler/sites.yml`` lists sites with their
report columns and pages, and names the tables that extend it (the national
list of provincial, prefecture and county governments, ``sites-national.csv``,
one home page a row) and the sources their rows cite by key.  Each site has a
name, level, 6-digit region code, home page, the report column URLs and report
pages as they were seen, CMS, whether it was checked live, and where it was
seen.  This module loads all of it into ``Site`` objects, refusing a file with a
bad row and naming the row (``nianbao sites``, in ``nianbao/sites.py``, prints
the registry or checks its home pages with ``crawler.sitecheck``).
"""

from __future__ import annotations

import csv
import re
from dataclasses import asdict, dataclass, fields
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import yaml

LEVELS = ("省", "市", "县", "乡镇", "部门")
GOVERNMENT_LEVELS = ("省", "市", "县")  # one row per government: (level, region code) is unique
CMS_KINDS = ("trs", "hanweb", "generic", "browser", "unknown")
URL_LISTS = ("report_urls", "report_pages", "platform_urls")   # fields holding a list of URLs

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_REGION_CODE = re.compile(r"^\d{6}$")


class RegistryError(ValueError):
    """The registry file is malformed; the message lists every bad row."""


@dataclass(frozen=True)
class Site:
    """One government website (or one unit's column on a host site).

    ``report_urls`` are the report column (list) pages seen; ``report_pages``
    are single report pages seen, kept when no column URL was seen.  A
    crawler starts from ``seeds``: the columns, else the pages, else the home
    page and the ``platform_urls`` (whose report columns the crawl then
    discovers).  ``platform_urls`` name the site's separate disclosure
    platform (信息公开平台, e.g. ``http://xxgk.example.gov.cn/``): its hosts are
    part of the site's crawl scope.  ``verified`` is true
    only for a row whose URLs were fetched live; ``source`` names the public
    page or repository file they were seen in."""

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
    platform_urls: tuple[str, ...] = ()
    name_inferred: bool = False
    robots_obey: bool = True
    robots_reason: str | None = None
    verified: bool = False
    notes: str = ""

    @property
    def seeds(self) -> tuple[str, ...]:
        return self.report_urls or self.report_pages or (self.home_url, *self.platform_urls)

    def to_dict(self) -> dict:
        row = asdict(self)
        row["report_urls"] = list(self.report_urls)
        row["report_pages"] = list(self.report_pages)
        row["platform_urls"] = list(self.platform_urls)
        return row


_FIELDS = {f.name for f in fields(Site)}
_REQUIRED = ("id", "name", "level", "province", "home_url", "cms", "source")


def default_path() -> Path:
    return Path(str(resources.files("crawler") / "sites.yml"))


def load_sites(path: str | Path | None = None) -> list[Site]:
    """Read and validate the registry (``crawler/sites.yml`` by default) and
    the tables it names under ``tables:`` (CSV files beside it).

    Raises ``RegistryError`` listing every bad row, e.g.
    ``site #3 (id 'x'): level '市级' is not one of 省, 市, 县, 乡镇, 部门`` or
    ``sites-national.csv line 12 (id 'gov-330100'): home_url entry '' is not an http(s) URL``."""
    path = Path(path) if path else default_path()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: not valid YAML: {exc}") from exc
    rows = data.get("sites") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise RegistryError(f"{path}: expected a top-level 'sites:' list")
    sources = data.get("sources") or {}
    tables = data.get("tables") or []
    if not isinstance(sources, dict) or not all(isinstance(v, str) for v in sources.values()):
        raise RegistryError(f"{path}: 'sources:' must map a key to the text naming a source")
    if not isinstance(tables, list) or not all(isinstance(t, str) for t in tables):
        raise RegistryError(f"{path}: 'tables:' must be a list of CSV file names")

    records = [(f"site #{number}", row, []) for number, row in enumerate(rows, start=1)]
    for table in tables:
        records += _table_records(path.parent / table, sources)

    sites: list[Site] = []
    errors: list[str] = []
    ids: dict[str, str] = {}
    governments: dict[tuple[str, str], str] = {}
    for place, row, problems in records:
        site_id = row.get("id") if isinstance(row, dict) else None
        label = f"{place} (id {site_id!r})" if site_id else place
        problems = problems + _row_problems(row)
        if site_id in ids:
            problems.append(f"id {site_id!r} is already used by {ids[site_id]}")
        elif site_id:
            ids[site_id] = place
        if isinstance(row, dict) and row.get("level") in GOVERNMENT_LEVELS and row.get("region_code"):
            key = (row["level"], row["region_code"])
            if key in governments:
                problems.append(f"the {key[0]} government {key[1]} is already listed by {governments[key]}")
            else:
                governments[key] = label
        if problems:
            errors.extend(f"{label}: {p}" for p in problems)
            continue
        sites.append(_site(row))
    if errors:
        raise RegistryError(f"{path}: {len(errors)} problem(s):\n  " + "\n  ".join(errors))
    return sites


def _table_records(path: Path, sources: dict[str, str]) -> list[tuple[str, dict, list[str]]]:
    """The rows of one CSV table as registry rows: empty cells are absent
    fields, ``report_urls``, ``report_pages`` and ``platform_urls`` hold URLs separated by
    spaces, ``verified`` and ``robots_obey`` are true/false, and ``source`` is
    a key of the registry's ``sources:``."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            table = list(reader)
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read the table: {exc}") from exc
    unknown = [name for name in header if name not in _FIELDS]
    if unknown or "id" not in header:
        raise RegistryError(f"{path}: the header must name registry fields (id first); unknown: {unknown}")
    records = []
    for line, cells in enumerate(table, start=2):
        row: dict = {k: v.strip() for k, v in cells.items() if k and v and v.strip()}
        problems = []
        row["region_code"] = row.get("region_code")
        for key in URL_LISTS:
            if key in row:
                row[key] = row[key].split()
        for key in ("verified", "name_inferred", "robots_obey"):
            if key in row:
                row[key] = {"true": True, "false": False}.get(row[key].lower(), row[key])
        if row.get("source") and row["source"] not in sources:
            problems.append(f"source {row['source']!r} is not a key of the registry's sources")
        elif row.get("source"):
            row["source"] = sources[row["source"]]
        records.append((f"{path.name} line {line}", row, problems))
    return records


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
    for key in URL_LISTS:
        urls = row.get(key, [])
        if not isinstance(urls, list):
            problems.append(f"{key} must be a list of URLs")
            continue
        for url in urls:
            problems += _url_problems(key, url)
    for key in ("name_inferred", "verified"):
        if not isinstance(row.get(key, False), bool):
            problems.append(f"{key} must be true or false")
    obey = row.get("robots_obey", True)
    if not isinstance(obey, bool):
        problems.append(f"robots_obey {obey!r} must be true or false")
    elif not obey and not row.get("robots_reason"):
        problems.append("robots_obey is false but robots_reason does not say why")
    return problems


def _url_problems(key: str, url: object) -> list[str]:
    parts = urlsplit(url) if isinstance(url, str) and not any(ch.isspace() for ch in url) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        return [f"{key} entry {url!r} is not an http(s) URL"]
    return []


def _site(row: dict) -> Site:
    values = dict(row)
    for key in URL_LISTS:
        values[key] = tuple(row.get(key, ()))
    values["notes"] = (row.get("notes") or "").strip()
    values["source"] = row["source"].strip()
    return Site(**values)
