"""The one generic report spider.

start URLs / registry sites -> discovery (candidate links weighed and looked
at best first, a bounded number per site; a page is a report column when its
list holds report titles: ``discovery``) -> list pages (CMS adapters: entries
and further pages, paged as ``paging`` allows; Chromium only for lists plain
HTML leaves empty)
-> report pages (meta tags, body) -> attachments (PDF, Word, WPS, Excel, OFD,
zip, images; links behind PDF viewers and iframes).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable, Iterator
from urllib.parse import parse_qsl

from scrapy.http import Request, Response, TextResponse
from scrapy.utils.request import request_from_dict
from twisted.python.failure import Failure

from parsers.readers.formats import IMAGE_EXTENSIONS

from ..cms import Entry, ListPage, generic, read_list
from ..cms.api import call_request, read_api
from ..cms.browser import API_CALLS, is_rendered, render_request
from ..discovery import (
    COLUMN_LIKE,
    Candidate,
    Frontier,
    column_evidence,
    is_about_disclosure,
    is_about_reports,
    score_link,
)
from ..filters import attachment_extension, is_annual_report_title, is_truncated
from ..items import CapturedDocument
from ..paging import Pager, listed_urls
from ..scope import netloc
from .base import ArchiveSpider, page_meta, with_right_encoding

Output = Iterator[Request | CapturedDocument]   # what a callback yields

# Where report bodies live in common CMS templates: images there are report pages.
BODY_SELECTORS = (
    ".TRS_Editor", ".trs_editor_view", "#zoom", ".zoom", "#Zoom", "#UCAP-CONTENT", ".article-content",
    ".article_con", ".main-txt", ".wzxq", ".bt_content", "#js_content",
)
# Scrapy's DepthMiddleware rewrites meta["depth"] on every request a callback
# yields: a column's nesting is kept under a key of our own.
LIST_DEPTH = "nianbao_list_depth"
PROBES_IN_FLIGHT = 2   # discovery pages of one site asked for at once (best first)
_FRAME_PAGE = re.compile(r"\.s?html?(?:[?#]|$)", re.I)   # a report page shown in an iframe
_VIEWER = re.compile(r"viewer[^?#]*\?(?:.*&)?file=([^&#]+)", re.I)


def viewer_target(url: str) -> str | None:
    """The document behind a PDF viewer link: ``/pdfjs/web/viewer.html?file=/x.pdf`` -> ``/x.pdf``."""
    match = _VIEWER.search(url)
    if not match:
        return None
    return dict(parse_qsl("file=" + match.group(1))).get("file")


def attachment_links(response: TextResponse) -> list[tuple[str, str]]:
    """(absolute URL, link text) of the documents a report page offers."""
    found: dict[str, str] = {}

    def add(raw: str | None, text: str = "", *, images: bool = False, frame: bool = False) -> None:
        raw = (raw or "").strip()
        if not raw or "{{" in raw or raw.startswith(("javascript:", "#", "data:")):
            return
        target = viewer_target(raw)
        if target:
            raw = target
        url = response.urljoin(raw)
        ext = attachment_extension(url, text) or (".html" if frame and not target and _FRAME_PAGE.search(url) else None)
        if ext and (images or ext not in IMAGE_EXTENSIONS) and url not in found:
            found[url] = text

    for anchor in response.css("a[href]"):
        add(anchor.attrib["href"], " ".join(anchor.css("::text").getall()).strip())
    for frame in response.css("iframe, embed, object"):
        add(frame.attrib.get("src") or frame.attrib.get("data"), frame=True)
    for body in BODY_SELECTORS:
        for image in response.css(f"{body} img"):
            add(image.attrib.get("src"), images=True)
    return list(found.items())


class ReportsSpider(ArchiveSpider):
    name = "reports"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pager: Pager | None = None
        self.frontiers: dict[str, Frontier] = {}
        self.probing: dict[str, int] = defaultdict(int)   # discovery pages in flight, per site
        # a page's links by year or body, looked at once a link of that page proves to be a report column
        self.beside: dict[str, list[Candidate]] = {}
        self.found_on: dict[str, str] = {}                 # column -> the page that linked it
        self.not_columns: set[str] = set()                 # pages looked at that were not taken for columns
        self.proven_pages: set[str] = set()                # pages that linked a column which lists reports
        self.beside_of_proven: dict[str, list[Candidate]] = {}

    @property
    def pager(self) -> Pager:
        if self._pager is None:
            self._pager = Pager(self.settings.getint("NIANBAO_MAX_LIST_PAGES"))
        return self._pager

    def frontier(self, site: str) -> Frontier:
        if site not in self.frontiers:
            self.frontiers[site] = Frontier(self.settings.getint("NIANBAO_DISCOVERY_MAX_PAGES"))
        return self.frontiers[site]

    async def start(self) -> AsyncIterator[Request]:
        self.restore()
        state = getattr(self, "state", None) or {}
        self.pager.restore(state.get("nianbao_columns", {}))
        self.frontiers.update(state.get("nianbao_frontiers", {}))
        for column, waiting in state.get("nianbao_waiting", {}).items():  # further pages not yet asked for
            self.pager.waiting[column] = [request_from_dict(d, spider=self) for d in waiting]
            for request in self.pager.release(column):
                yield request
        for seed in self.seeds:
            for url in seed.report_urls:
                self.pager.open(url, seed.site, {"registry": "report column named by the registry"})
                yield self.list_request(url, seed.site, depth=0, browser=seed.cms == "browser")
            if seed.home_url and not seed.report_urls:
                if seed.site not in self.frontiers:   # a resumed crawl keeps its frontier
                    self.frontier(seed.site).push(Candidate(seed.home_url, "", 0.0, ("start page",)))
                    for url in seed.platform_urls:
                        self.frontier(seed.site).push(
                            Candidate(url, "", 0.0, ("disclosure platform named by the registry",)))
                for request in self.next_probes(seed.site):
                    yield request

    def list_request(self, url: str, site: str, *, depth: int, browser: bool = False,
                     column: str | None = None) -> Request:
        meta = {LIST_DEPTH: depth, "column": column or url}
        if browser and self.settings.getbool("NIANBAO_BROWSER_ENABLED"):
            request = render_request(url, meta=meta)
            return self.site_request(url, self.parse_list, site, kind="list", meta=request.meta, dont_filter=True)
        return self.site_request(url, self.parse_list, site, kind="list", meta=meta, priority=10)

    # discovery ------------------------------------------------------------------
    def next_probes(self, site: str) -> Iterator[Request]:
        """The best candidate links of the site still unseen, while few are in
        flight and the site's budget (NIANBAO_DISCOVERY_MAX_PAGES) lasts."""
        frontier = self.frontier(site)
        while self.probing[site] < PROBES_IN_FLIGHT:
            candidate = frontier.pop()
            if candidate is None:
                return
            if candidate.url in self.pager.columns:
                continue
            self.probing[site] += 1
            # the frontier has seen to repeats; a request the dupefilter dropped would hold its place forever
            yield self.site_request(candidate.url, self.parse_discover, site, kind="discover",
                                    meta={"candidate": candidate},
                                    priority=round(candidate.score), dont_filter=True)

    def parse_discover(self, response: Response) -> Output:
        """A page that may be a report column: it is one if its list holds
        annual-report titles (whatever its link said); its links are weighed
        as further candidates, up to NIANBAO_DISCOVERY_DEPTH links from the start."""
        response = with_right_encoding(response)
        site = response.meta["site"]
        self.probing[site] = max(0, self.probing[site] - 1)
        self.count(site, "responses")
        if isinstance(response, TextResponse):
            yield from self.weigh_page(response, site)
        yield from self.next_probes(site)

    def weigh_page(self, response: TextResponse, site: str) -> Output:
        candidate: Candidate | None = response.meta.get("candidate")
        page = read_list(response, max_links=self.settings.getint("NIANBAO_MAX_LIST_LINKS"))
        meta = page_meta(response)
        named = bool(candidate and (candidate.score >= COLUMN_LIKE or self.stands_beside_a_column(candidate))
                     ) or is_about_reports(meta.get("ColumnName"))
        scoped = [e for e in page.entries if netloc(e.url) in self.allowed_netlocs]
        evidence = column_evidence([e.title for e in scoped], named_column=named)
        why = candidate.why() if candidate else {}
        depth = candidate.depth if candidate else 0
        about = is_about_disclosure(response.css("title::text").get()) or is_about_disclosure(meta.get("ColumnName"))
        # every link, not one per address: a page may link the column twice (a headline, its name);
        # below a page named as a column, links by year or body are sub-columns
        anchors = [e for e in generic.entries(response, max_links=self.settings.getint("NIANBAO_MAX_LIST_LINKS"))
                   if netloc(e.url) in self.allowed_netlocs]
        links = [score_link(e.title, e.url, depth=depth + 1, context=e.context, page_about_disclosure=about,
                            in_column=named, found_on=response.url) for e in anchors]
        if depth < self.settings.getint("NIANBAO_DISCOVERY_DEPTH") and not named:
            beside = [score_link(e.title, e.url, depth=depth + 1, context=e.context, in_column=True,
                                 found_on=response.url) for e in anchors]
            self.beside[response.url] = [c for c in beside if c.score >= COLUMN_LIKE]
        if candidate and candidate.found_on and (evidence or named):
            self.found_on[response.url] = candidate.found_on
        if response.url not in self.pager.columns:   # else read as a column meanwhile (beside a proven one)
            yield from self.judge(response, page, why, evidence, named)
        if depth < self.settings.getint("NIANBAO_DISCOVERY_DEPTH"):
            for link in links:
                self.frontier(site).push(link)

    def judge(self, response: TextResponse, page: ListPage, why: dict, evidence: dict | None,
              named: bool) -> Output:
        """Take the page for a report column on the evidence of its list; a
        page named as one that lists nothing opens its sub-columns and is
        rendered; any other is none."""
        site = response.meta["site"]
        if evidence:
            self.pager.open(response.url, site, {**why, **evidence})
            self.logger.info("Report column %s (%s)", response.url, evidence["contents"])
            yield from self.read_column(response, page, first=True, column=response.url, depth=0)
        elif named:  # its sub-columns (by year, by body) may hold the reports, or a script may draw its list
            self.pager.open(response.url, site, why)
            yield from self.open_subcolumns(response, page.entries, response.url, 0)
            if self.settings.getbool("NIANBAO_BROWSER_ENABLED"):
                self.logger.info("Named a report column but lists nothing in plain HTML, rendering: %s", response.url)
                yield self.list_request(response.url, site, depth=0, browser=True)
        else:
            self.not_columns.add(response.url)

    def stands_beside_a_column(self, candidate: Candidate) -> bool:
        """A link named by body or year on a page that linked a column which lists reports."""
        return candidate.found_on in self.proven_pages and any(
            c.url == candidate.url for c in self.beside_of_proven.get(candidate.found_on, ()))

    # lists ----------------------------------------------------------------------
    def parse_list(self, response: Response) -> Output:
        response = with_right_encoding(response)
        site = response.meta["site"]
        self.count(site, "responses")
        if not isinstance(response, TextResponse):  # a column that links a file directly
            yield from self.parse_report(response)
            return
        column = response.meta.get("column") or response.url
        self.pager.open(column, site)
        page = read_list(response, max_links=self.settings.getint("NIANBAO_MAX_LIST_LINKS"))
        yield from self.read_column(response, page, first=response.url == column, column=column,
                                    depth=response.meta.get(LIST_DEPTH, 0))

    def read_column(self, response: TextResponse, page: ListPage, *, first: bool, column: str,
                    depth: int) -> Output:
        """A page of a report column ``depth`` levels below the first column:
        its reports, its further pages (as the pager allows), its sub-columns
        by year or body, and on a first page with nothing listed in plain
        HTML, the browser."""
        site = response.meta["site"]
        self.count(site, "lists")
        listed = self.report_entries(page.entries, True)
        self.pager.read(column, listed_urls(page.entries, page.next_pages), first=first, reports=len(listed))
        if listed:
            yield from self.proved(column, site)
        yield from self.follow_reports(response, listed, True)
        self.offer_pages(response, page.next_pages, column, depth)
        subcolumns = list(self.open_subcolumns(response, page.entries, column, depth))
        yield from subcolumns
        if is_rendered(response.request):
            yield from self.replay_api_calls(response)
        elif (first and not listed and not page.next_pages and not subcolumns
                and self.settings.getbool("NIANBAO_BROWSER_ENABLED")):
            self.logger.info("No entries in plain HTML, rendering in the browser: %s", response.url)
            yield self.list_request(response.url, site, depth=depth, browser=True)
        yield from self.pager.release(column)

    def proved(self, column: str, site: str) -> Iterator[Request]:
        """A column listed reports: the links beside its own on the page that
        linked it, named by body or year (乡镇, 部门 beside 政府信息公开年报),
        are read as columns too, as sub-columns are."""
        page = self.found_on.pop(column, "")
        if page in self.proven_pages or page not in self.beside:
            return
        self.proven_pages.add(page)
        self.beside_of_proven[page] = self.beside.pop(page)
        for candidate in self.beside_of_proven[page]:
            looked_at = candidate.url in self.frontier(site).taken_urls   # in flight: judged on its return
            if candidate.url not in self.pager.columns and (not looked_at or candidate.url in self.not_columns):
                self.pager.open(candidate.url, site, {**candidate.why(), "beside": column})
                yield self.list_request(candidate.url, site, depth=0)

    def open_subcolumns(self, response: Response, entries: Iterable[Entry], column: str,
                        depth: int) -> Iterator[Request]:
        """Links of a column page named by year or body (2023年度, 乡镇, 部门年报 …),
        read as columns of their own, to NIANBAO_LIST_DEPTH levels."""
        if depth >= self.settings.getint("NIANBAO_LIST_DEPTH"):
            return
        site = response.meta["site"]
        for entry in entries:
            candidate = score_link(entry.title, entry.url, in_column=True)
            if (netloc(entry.url) in self.allowed_netlocs and candidate.score >= COLUMN_LIKE
                    and entry.url.rstrip("/") != response.url.rstrip("/") and entry.url not in self.pager.columns):
                self.pager.open(entry.url, site, {**candidate.why(), "parent": column})
                yield self.list_request(entry.url, site, depth=depth + 1)

    def offer_pages(self, response: Response, requests: Iterable[Request], column: str, depth: int) -> None:
        """Further pages, handed to the pager as spider requests."""
        site = response.meta["site"]
        self.pager.offer(column, [
            self.site_request(r.url, self.parse_list, site, kind="list", request_cls=type(r), method=r.method,
                              body=r.body, headers=r.headers, dont_filter=True,
                              meta={**r.meta, LIST_DEPTH: depth, "column": column})
            for r in requests])

    def replay_api_calls(self, response: Response) -> Iterator[Request]:
        """The calls a rendered list made, as plain requests: the list's API
        among them pages on without the browser (cms.api)."""
        for call in response.meta.get(API_CALLS, ()):
            if netloc(call["url"]) not in self.allowed_netlocs:
                continue
            request = call_request(call)
            yield self.site_request(request.url, self.parse_api, response.meta["site"], kind="api",
                                    meta={LIST_DEPTH: response.meta.get(LIST_DEPTH, 0), "page_url": response.url,
                                          "column": response.meta.get("column") or response.url},
                                    method=request.method, body=request.body, headers=request.headers)

    def parse_api(self, response: Response) -> Output:
        """An answer of a list's API: its entries, and its further pages."""
        site = response.meta["site"]
        self.count(site, "responses")
        page = read_api(response, response.meta["page_url"])
        listed = self.report_entries(page.entries, True)
        column = response.meta["column"]
        first = response.meta["kind"] == "api"
        self.pager.open(column, site)
        stopped = self.pager.read(column, listed_urls(page.entries, page.next_pages), first=first,
                                  reports=len(listed))
        if listed and first:
            self.logger.info("The list at %s pages through its API: %s", response.meta["page_url"], response.url)
        if listed:
            yield from self.proved(column, site)
        yield from self.follow_reports(response, listed, True)
        if (listed or not first) and not stopped:  # page on only through a list of reports
            self.pager.offer(column, [
                self.site_request(r.url, self.parse_api, site, kind="list", method=r.method, body=r.body,
                                  headers=r.headers, dont_filter=True,
                                  meta={**r.meta, LIST_DEPTH: response.meta.get(LIST_DEPTH, 0), "column": column,
                                        "page_url": response.meta["page_url"]})
                for r in page.next_pages])
        yield from self.pager.release(column)

    # the crawl's record ------------------------------------------------------------
    def save(self) -> None:
        super().save()
        state = getattr(self, "state", None)
        if state is not None:
            state["nianbao_columns"] = self.pager.to_state()
            state["nianbao_frontiers"] = self.frontiers
            state["nianbao_waiting"] = {column: [r.to_dict(spider=self) for r in waiting]
                                        for column, waiting in self.pager.waiting.items() if waiting}

    def site_details(self, site: str) -> dict:
        """The site's report columns (why each was taken, its pages, why its
        paging stopped) and why discovery ended there."""
        columns = self.pager.by_site().get(site, {})
        details = {"columns": {url: c for url, c in columns.items() if c["reports_listed"]},
                   "columns_without_reports": sorted(url for url, c in columns.items() if not c["reports_listed"])}
        if site in self.frontiers:
            frontier = self.frontiers[site]
            details["discovery"] = {"pages": frontier.taken, "stopped": frontier.stopped}
        return details

    def on_error(self, failure: Failure) -> Iterator[Request]:
        """A failed page frees its place: the column's next page, or the site's next candidate."""
        super().on_error(failure)
        meta = failure.request.meta
        site = meta.get("site", "")
        if meta.get("kind") == "list" and meta.get("column") and self.pager:
            self.pager.failed(meta["column"])
            yield from self.pager.release(meta["column"])
        elif meta.get("kind") == "discover":
            self.probing[site] = max(0, self.probing[site] - 1)
            yield from self.next_probes(site)

    def report_entries(self, entries: Iterable[Entry], in_column: bool) -> list[Entry]:
        """The entries on this crawl's hosts whose titles name an annual report
        (inside a report column, truncated titles that may be one)."""
        return [entry for entry in entries if netloc(entry.url) in self.allowed_netlocs and (
            is_annual_report_title(entry.title, in_report_column=in_column)
            or in_column and is_truncated(entry.title) and "公开" in entry.title)]

    def follow_reports(self, response: Response, entries: Iterable[Entry], in_column: bool) -> Iterator[Request]:
        site = response.meta["site"]
        for entry in self.report_entries(entries, in_column):
            if entry.url in self.linked[site]:
                continue
            self.linked[site].add(entry.url)
            self.count(site, "report_links")
            hints = {"title": None if is_truncated(entry.title) else entry.title, "date": entry.date}
            yield self.site_request(entry.url, self.parse_report, site, kind="report",
                                    meta={"hints": hints}, priority=5)

    # report pages and attachments -----------------------------------------------
    def parse_report(self, response: Response) -> Output:
        response = with_right_encoding(response)
        site = response.meta["site"]
        self.count(site, "responses")
        hints = response.meta.get("hints", {})
        if not isinstance(response, TextResponse):
            yield self.document_item(response, kind="attachment", hints=hints)
            return
        meta = page_meta(response)
        title = meta.get("ArticleTitle")
        if title and not is_annual_report_title(title, in_report_column=True):
            self.logger.info("Not an annual report (%s): %s", title, response.url)
            return
        attachments = [(u, t) for u, t in attachment_links(response) if netloc(u) in self.allowed_netlocs]
        yield self.document_item(response, kind="page", hints=hints, meta=meta,
                                 attachments=[u for u, _ in attachments])
        page_hints = {**hints, "title": title or hints.get("title"), "date": meta.get("PubDate") or hints.get("date"),
                      "page_url": response.url}
        for url, text in attachments:
            self.linked[site].add(url)
            yield self.site_request(url, self.parse_attachment, site, kind="attachment",
                                    meta={"hints": {**page_hints, "link_text": text}}, priority=5)

    def parse_attachment(self, response: Response) -> Iterator[CapturedDocument]:
        site = response.meta["site"]
        self.count(site, "responses")
        yield self.document_item(response, kind="attachment", hints=response.meta.get("hints", {}))
