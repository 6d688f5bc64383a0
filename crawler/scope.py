"""Never leave scope: a downloader middleware that drops every request whose
host:port is not one of the crawl's hosts (the registry site's hosts, or the
start URL's host). It runs before robots.txt and before the download, so it
also stops off-site redirects and links to SEO mirror domains
(``www-example-gov-cn.mirror.example`` is another host, not a subdomain).

The netloc is the unit of politeness too: each gets its own download slot
(Scrapy's default slot is the bare host name, which would make two sites on
different ports of one host, like the mock web's, wait for each other), so
``CONCURRENT_REQUESTS_PER_DOMAIN`` and the delays apply per host:port."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request

logger = logging.getLogger(__name__)

_DEFAULT_PORTS = {"http": 80, "https": 443}


def netloc(url: str) -> str:
    """Lower-case host[:port] of a URL, without the scheme's default port, so
    that http://x and https://x are the same scope."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port
    if port is None or port == _DEFAULT_PORTS.get(parts.scheme):
        return host
    return f"{host}:{port}"


class ScopeMiddleware:
    """Drops requests outside ``spider.allowed_netlocs`` (a set of netlocs);
    a redirect is dropped too, because Scrapy schedules it as a new request."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ScopeMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        allowed = getattr(self.crawler.spider, "allowed_netlocs", None)
        where = netloc(request.url)
        if allowed is None or where in allowed:
            request.meta.setdefault("download_slot", where)
            return None
        reason = "redirect" if request.meta.get("redirect_urls") else "link"
        self.crawler.stats.inc_value(f"nianbao/offsite/{reason}")
        logger.info("Out of scope (%s), not fetched: %s", reason, request.url)
        raise IgnoreRequest(f"out of scope: {request.url}")
