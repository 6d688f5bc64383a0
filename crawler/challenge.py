"""瑞数 (Riversecurity) style JavaScript challenges: the site answers HTTP 412
(or 202) with a ``$_ts`` script that computes a cookie and reloads. Such a
response is retried once through Chromium (scrapy-playwright); if the browser
still gets the challenge, the request fails as *blocked*, so that the site is
reported as blocked, not as empty. Once the browser has passed, its cookies go
with the plain requests to that host:port, so the pages that follow need no
browser as long as the site accepts them (if not, they are challenged and
retried in the browser again)."""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response

from .cms.browser import BROWSER_COOKIES, is_rendered, render_request
from .scope import netloc
from .summary import stat_key

logger = logging.getLogger(__name__)

CHALLENGE_STATUSES = (412, 202)
_MARKERS = (b"$_ts", b"_$_ts")


class SiteBlocked(IgnoreRequest):
    """The site refused us with a challenge we could not pass."""


# A challenge page is a few kilobytes of script; protected sites also put a
# $_ts script into their real pages, which are much bigger.
CHALLENGE_MAX_SIZE = 20000


def is_challenge(status: int, body: bytes, *, rendered: bool = False) -> bool:
    """A 412/202 answer carrying the $_ts script. After the browser ran it, the
    status is still the first answer's, so only the page size tells whether the
    browser reached the real page."""
    if status not in CHALLENGE_STATUSES or not any(m in body[:CHALLENGE_MAX_SIZE] for m in _MARKERS):
        return False
    return not rendered or len(body) < CHALLENGE_MAX_SIZE


class ChallengeMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.browser = crawler.settings.getbool("NIANBAO_BROWSER_ENABLED")
        self.passes: dict[str, dict[str, str]] = {}  # netloc -> the cookies that passed its challenge

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ChallengeMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        cookies = self.passes.get(netloc(request.url))
        if cookies and not request.cookies and not is_rendered(request):
            request.cookies = dict(cookies)  # into Scrapy's cookie jar (CookiesMiddleware comes next)
        return None

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if not is_challenge(response.status, response.body, rendered=is_rendered(request)):
            if is_rendered(request) and response.status in CHALLENGE_STATUSES:
                # the browser passed the challenge: the page it ended on is the answer
                self.remember_pass(request)
                return response.replace(status=200)
            return response
        site = request.meta.get("site", "")
        if self.browser and not is_rendered(request):
            logger.info("JavaScript challenge (HTTP %s) at %s: retrying in the browser", response.status, request.url)
            self.crawler.stats.inc_value(stat_key(site, "challenges"))
            retry = render_request(request.url, meta={**request.meta, "nianbao_challenge": True},
                                   callback=request.callback, errback=request.errback, priority=request.priority)
            return retry
        self.crawler.stats.inc_value(stat_key(site, "blocked"))
        logger.warning("Blocked by a JavaScript challenge (HTTP %s): %s", response.status, request.url)
        raise SiteBlocked(f"blocked by a JavaScript challenge: {request.url}")

    def remember_pass(self, request: Request) -> None:
        if request.meta.get(BROWSER_COOKIES):
            self.passes[netloc(request.url)] = request.meta[BROWSER_COOKIES]
