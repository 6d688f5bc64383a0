"""``nianbao sites --check``: fetch each registry home page once, politely, and
record what it showed.

For a machine with internet.  The registry's URLs were seen on public pages,
not fetched (``verified: false``); this check fetches them.  It is polite by
construction: one request at a time with a delay between any two requests, a
timeout on each, the crawler's honest ``USER_AGENT``, robots.txt read once per
host and obeyed, one home page per host (sites that share a host are reported
``same-host``), and a bound on the number of hosts.  Each result says the HTTP
status (``challenge`` for a 瑞数 JavaScript challenge, which the crawl passes
only in Chromium), the URL after redirects, the page title, and the best links by the
crawl's own evidence (``crawler.discovery.score_link``): one that names a report
column, and one into the 政务公开 / 信息公开 portal.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from email.message import Message
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml.etree import ParserError

from parsers.readers.decode import decode_bytes

from .challenge import is_challenge
from .discovery import COLUMN_LIKE, FOLLOW, is_about_disclosure, score_link
from .settings import USER_AGENT

MAX_BYTES = 2 * 1024 * 1024  # a home page larger than this is read only this far

OUTCOMES = ("ok", "http-error", "challenge", "unreachable", "robots-disallowed", "same-host")
_PORTAL_FEATURES = {"text names disclosure", "address names the disclosure portal"}
# no answer: DNS, refused, reset, timeout, TLS, a broken HTTP answer, a URL urllib cannot send
NO_ANSWER = (OSError, http.client.HTTPException, ValueError)


@dataclass
class HomeCheck:
    """What one site's home page showed (or why it was not fetched)."""

    id: str
    home_url: str
    outcome: str  # one of OUTCOMES
    status: int | None = None
    final_url: str | None = None
    title: str | None = None
    report_link: str | None = None
    portal_link: str | None = None
    error: str | None = None
    checked_at: str | None = None

    @property
    def redirected_off_host(self) -> bool:
        return bool(self.final_url) and urlsplit(self.final_url).hostname != urlsplit(self.home_url).hostname


CHECK_FIELDS = [f.name for f in fields(HomeCheck)]


@dataclass
class _Answer:
    status: int
    url: str
    headers: Message
    body: bytes


class PoliteClient:
    """GET with the crawler's User-Agent, a timeout, at most ``MAX_BYTES`` read,
    and ``delay`` seconds between any two requests it makes."""

    def __init__(self, *, user_agent: str, timeout: float, delay: float,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic):
        self.user_agent, self.timeout, self.delay = user_agent, timeout, delay
        self.sleep, self.clock = sleep, clock
        self.requests = 0
        self._last: float | None = None
        self._opener = urllib.request.build_opener()

    def get(self, url: str) -> _Answer:
        """The answer, also for HTTP error statuses; raises one of ``NO_ANSWER``
        when there is none."""
        if self._last is not None:
            wait = self.delay - (self.clock() - self._last)
            if wait > 0:
                self.sleep(wait)
        self.requests += 1
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": "text/html,*/*"})
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return _Answer(response.status, response.geturl(), response.headers, response.read(MAX_BYTES))
        except urllib.error.HTTPError as error:
            with error:
                return _Answer(error.code, error.geturl(), error.headers, error.read(MAX_BYTES))
        finally:
            self._last = self.clock()


def robots_for(client: PoliteClient, home_url: str) -> urllib.robotparser.RobotFileParser:
    """The host's robots.txt rules, read as ``urllib.robotparser`` reads them:
    401/403 forbid everything, another error status or no answer allows
    everything."""
    parts = urlsplit(home_url)
    rules = urllib.robotparser.RobotFileParser(f"{parts.scheme}://{parts.netloc}/robots.txt")
    try:
        answer = client.get(rules.url)
    except NO_ANSWER:
        rules.allow_all = True
        return rules
    if answer.status in (401, 403):
        rules.disallow_all = True
    elif answer.status >= 400:
        rules.allow_all = True
    else:
        rules.parse(decode_bytes(answer.body).text.splitlines())
    return rules


def read_home(site_id: str, home_url: str, answer: _Answer) -> HomeCheck:
    """Status, final URL, title, and the best report-column and portal links."""
    outcome = "challenge" if is_challenge(answer.status, answer.body) else "ok" if answer.status < 400 else "http-error"
    result = HomeCheck(site_id, home_url, outcome, status=answer.status, final_url=answer.url)
    if not answer.body or outcome == "challenge":
        return result
    text = decode_bytes(answer.body, answer.headers.get_content_charset()).text
    try:
        page = lxml.html.document_fromstring(text)
    except (ParserError, ValueError):
        return result
    result.title = " ".join((page.findtext(".//title") or "").split()) or None
    about = is_about_disclosure(result.title)
    candidates = sorted(
        (score_link(anchor.text_content(), urljoin(answer.url, href), page_about_disclosure=about)
         for anchor in page.iter("a")
         if (href := (anchor.get("href") or "").strip()) and not href.startswith(("#", "javascript:", "mailto:"))),
        key=lambda c: -c.score)
    result.report_link = next((c.url for c in candidates if c.score >= COLUMN_LIKE), None)
    result.portal_link = next((c.url for c in candidates if FOLLOW <= c.score < COLUMN_LIKE
                               and _PORTAL_FEATURES & set(c.features)), None)
    return result


def check_homes(sites: Iterable, client: PoliteClient, *, limit: int) -> Iterator[HomeCheck]:
    """One ``HomeCheck`` per site, in order, until ``limit`` hosts have been
    fetched; a site on a host already fetched is reported ``same-host``."""
    fetched: dict[str, str] = {}  # host:port -> id of the site checked there
    for site in sites:
        host = urlsplit(site.home_url).netloc.lower()
        if host in fetched:
            yield HomeCheck(site.id, site.home_url, "same-host", error=f"host checked with {fetched[host]}")
            continue
        if len(fetched) >= limit:
            return
        fetched[host] = site.id
        yield check_home(site.id, site.home_url, client)


def check_home(site_id: str, home_url: str, client: PoliteClient) -> HomeCheck:
    checked_at = datetime.now(UTC).isoformat(timespec="seconds")
    if not robots_for(client, home_url).can_fetch(client.user_agent, home_url):
        return HomeCheck(site_id, home_url, "robots-disallowed", error="robots.txt disallows the home page",
                         checked_at=checked_at)
    try:
        answer = client.get(home_url)
    except NO_ANSWER as error:
        reason = getattr(error, "reason", None) or error
        return HomeCheck(site_id, home_url, "unreachable", error=f"{type(error).__name__}: {reason}",
                         checked_at=checked_at)
    result = read_home(site_id, home_url, answer)
    result.checked_at = checked_at
    return result


def default_client(*, timeout: float, delay: float) -> PoliteClient:
    return PoliteClient(user_agent=USER_AGENT, timeout=timeout, delay=delay)


def summary(results: list[HomeCheck], *, chosen: int, limit: int) -> str:
    """Counts by outcome, and why the check stopped."""
    counts = {outcome: sum(r.outcome == outcome for r in results) for outcome in OUTCOMES}
    hosts = len(results) - counts["same-host"]
    lines = [
        f"checked {hosts} host(s) for {len(results)} of {chosen} site(s): "
        + ", ".join(f"{outcome} {n}" for outcome, n in counts.items()),
        f"report-column link seen on {sum(bool(r.report_link) for r in results)}, "
        f"信息公开 portal link on {sum(bool(r.portal_link) for r in results)}, "
        f"redirected to another host {sum(r.redirected_off_host for r in results)}",
    ]
    if len(results) < chosen:
        lines.append(f"stopped: the limit of {limit} host(s) was reached; {chosen - len(results)} site(s) not checked")
    else:
        lines.append("stopped: every chosen site was checked")
    return "\n".join(lines)
