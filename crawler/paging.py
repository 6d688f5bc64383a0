"""Paging that always ends: the crawl's book of report columns.

Every list adapter (TRS, Hanweb, JSON APIs, generic 下一页 links) says which
further pages a page offers; none of them decides alone how far to go. A
``Column`` is a report column's pages, keyed by the address of its first
page, and ``Pager`` lets a further page be asked for only while the column
has not stopped. A column stops, and says why, on:

- ``repeat``: a page whose entries are those of a page already read;
- ``no new entries``: a further page that adds no entry the column had not listed;
- ``ceiling``: ``NIANBAO_MAX_LIST_PAGES`` pages asked for (logged);
- ``last page``: no page offers another one (the page count or record total
  was reached, or there is no next link), recorded at the end of the crawl.

Further pages are released a few at a time (``WINDOW`` in flight per column),
so that a column that stops early has not queued hundreds of requests first.
The columns are plain data (sets, dicts, ints), kept in a stopped job's
spider state with the pages still waiting (the spider stores those as dicts)."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from scrapy.http import Request

from .cms import Entry

logger = logging.getLogger(__name__)

WINDOW = 4                 # further pages of one column in flight at once
REPEAT = "repeat"
NO_NEW_ENTRIES = "no new entries"
CEILING = "ceiling"
LAST_PAGE = "last page"


_PAGER_TEXT = re.compile(r"^\s*(\d+|首页|尾页|末页|上一?页|下一?页|前页|后页|跳转|GO|next|prev|first|last|[<>›»«‹]+)\s*$",
                         re.I)


def listed_urls(entries: Iterable[Entry], next_pages: Iterable[Request]) -> list[str]:
    """The addresses a page lists, without its pager (page numbers, 下一页, the
    further pages' own links): what tells one page of a column from another."""
    further = {request.url for request in next_pages}
    return [e.url for e in entries if e.url not in further and not _PAGER_TEXT.match(e.title or "")]


def request_key(method: str, url: str, body: bytes = b"") -> str:
    """A page's identity: method, address and body (Hanweb and API pages are POSTs to one address)."""
    return hashlib.sha1(b"\0".join([method.encode(), url.encode(), body or b""])).hexdigest()


@dataclass
class Column:
    """One report column: why it was taken for one, and how its paging went."""

    url: str
    site: str
    why: dict = field(default_factory=dict)
    pages_read: int = 0
    pages_asked: int = 1                      # the first page
    asked: set[str] = field(default_factory=set)
    entries: set[str] = field(default_factory=set)
    page_prints: set[str] = field(default_factory=set)
    reports: int = 0
    stopped: str | None = None

    def summary(self) -> dict:
        return {"why": self.why, "pages": self.pages_read, "reports_listed": self.reports,
                "stopped": self.stopped or LAST_PAGE}


class Pager:
    """The columns of a crawl, and the further pages each may still ask for."""

    def __init__(self, ceiling: int) -> None:
        self.ceiling = max(1, ceiling)
        self.columns: dict[str, Column] = {}
        self.waiting: dict[str, list[Request]] = {}   # further pages not yet released, per column
        self.in_flight: dict[str, int] = {}

    def open(self, url: str, site: str, why: dict | None = None) -> Column:
        """The column whose first page is ``url`` (opened once; a later ``why`` adds to the first)."""
        column = self.columns.get(url)
        if column is None:
            column = self.columns[url] = Column(url, site)
            column.asked.add(request_key("GET", url))
        if why:
            column.why = {**why, **column.why}
        return column

    def read(self, url: str, entry_urls: list[str], *, first: bool, reports: int = 0) -> str | None:
        """Note a page of the column read; returns the reason the column
        stops, if this page stops it (a first page never does)."""
        column = self.columns[url]
        column.pages_read += 1
        column.reports += reports
        if not first:
            self.in_flight[url] = max(0, self.in_flight.get(url, 0) - 1)
        fingerprint = hashlib.sha1("\n".join(sorted(set(entry_urls))).encode()).hexdigest()
        new = set(entry_urls) - column.entries
        column.entries |= new
        repeated = fingerprint in column.page_prints
        column.page_prints.add(fingerprint)
        if first or column.stopped:
            return None
        if repeated:
            return self.stop(url, REPEAT)
        if not new:
            return self.stop(url, NO_NEW_ENTRIES)
        return None

    def failed(self, url: str) -> None:
        """A further page that brought no answer frees its place in the window."""
        if url in self.in_flight:
            self.in_flight[url] = max(0, self.in_flight[url] - 1)

    def stop(self, url: str, reason: str) -> str:
        column = self.columns[url]
        if not column.stopped:
            column.stopped = reason
            self.waiting.pop(url, None)
            log = logger.warning if reason == CEILING else logger.info
            log("Column %s stopped paging (%s) after %d pages", url, reason, column.pages_asked)
        return column.stopped

    def offer(self, url: str, requests: list[Request]) -> None:
        """Further pages a page of the column offers; those already asked for are dropped."""
        column = self.columns[url]
        if column.stopped:
            return
        waiting = self.waiting.setdefault(url, [])
        for request in requests:
            key = request_key(request.method, request.url, request.body)
            if key not in column.asked:
                column.asked.add(key)
                waiting.append(request)

    def release(self, url: str) -> list[Request]:
        """The further pages to ask for now: a window at a time, up to the ceiling."""
        column = self.columns[url]
        released = []
        waiting = self.waiting.get(url, [])
        while waiting and not column.stopped and self.in_flight.get(url, 0) < WINDOW:
            if column.pages_asked >= self.ceiling:
                self.stop(url, CEILING)
                break
            released.append(waiting.pop(0))
            column.pages_asked += 1
            self.in_flight[url] = self.in_flight.get(url, 0) + 1
        return released

    def by_site(self) -> dict[str, dict[str, dict]]:
        """Site -> column address -> why it was taken, pages read, reports listed, why it stopped."""
        found: dict[str, dict[str, dict]] = {}
        for column in self.columns.values():
            found.setdefault(column.site, {})[column.url] = column.summary()
        return found

    # a stopped job's state (plain data) ---------------------------------------------
    def to_state(self) -> dict:
        return {url: vars(column) for url, column in self.columns.items()}

    def restore(self, state: dict) -> None:
        for url, fields in (state or {}).items():
            self.columns[url] = Column(**fields)
