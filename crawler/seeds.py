"""What a crawl starts from: registry sites (``--site``, ``--all``; scope: the
hosts of their home, report column and disclosure platform URLs) or ad-hoc
start URLs (``--start-url``, scope: that host). A ``Seed`` is plain data, so
that it survives a pickled JOBDIR queue and a command line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .scope import netloc

if TYPE_CHECKING:
    from .registry import Site


class ConfigError(Exception):
    """Bad arguments or registry: the crawl does not start (exit code 2)."""


@dataclass
class Seed:
    site: str                                    # registry id, or the host for an ad-hoc URL
    home_url: str | None = None
    report_urls: list[str] = field(default_factory=list)
    platform_urls: list[str] = field(default_factory=list)   # the site's 信息公开平台: in scope, discovered from
    name: str | None = None
    level: str | None = None
    region_code: str | None = None
    cms: str = "unknown"
    robots_obey: bool = True
    robots_reason: str | None = None

    @property
    def netlocs(self) -> set[str]:
        return {netloc(u) for u in [self.home_url, *self.report_urls, *self.platform_urls] if u}

    def to_dict(self) -> dict:
        return asdict(self)


def seed_from_url(url: str) -> Seed:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"not an http(s) URL: {url!r}")
    return Seed(site=netloc(url), home_url=url)


def seed_from_site(site: Site) -> Seed:
    """A registry ``crawler.registry.Site`` as a seed."""
    return Seed(
        site=site.id, home_url=site.home_url, report_urls=list(site.report_urls),
        platform_urls=list(site.platform_urls), name=site.name,
        level=site.level, region_code=site.region_code, cms=site.cms or "unknown",
        robots_obey=site.robots_obey, robots_reason=site.robots_reason,
    )


def resolve_seeds(start_urls: Iterable[str] = (), site_ids: Iterable[str] = (), all_sites: bool = False,
                  registry: str | Path | None = None) -> list[Seed]:
    """Seeds for a command line, the sites read from ``registry`` (default:
    ``crawler/sites.yml``); raises ConfigError for unknown ids, an unreadable
    registry or nothing to crawl."""
    seeds = [seed_from_url(u) for u in start_urls]
    if site_ids or all_sites:
        try:
            from .registry import load_sites

            sites = load_sites(registry)
        except Exception as error:  # a broken registry is a configuration error
            raise ConfigError(f"cannot read the site registry: {error}") from error
        by_id = {s.id: s for s in sites}
        unknown = [i for i in site_ids if i not in by_id]
        if unknown:
            raise ConfigError(f"unknown site id(s): {', '.join(unknown)}")
        chosen = sites if all_sites else [by_id[i] for i in dict.fromkeys(site_ids)]
        seeds += [seed_from_site(s) for s in chosen]
    if not seeds:
        raise ConfigError("nothing to crawl: give --start-url, --site or --all")
    return seeds
