"""The one generic report spider.

start URLs / registry sites -> discovery (find the report column from a home
page, by link text and URL, a few links deep) -> list pages (CMS adapters:
entries and further pages; Chromium only for lists plain HTML leaves empty)
-> report pages (meta tags, body) -> attachments (PDF, Word, WPS, Excel, OFD,
zip, images; links behind PDF viewers and iframes).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from scrapy.http import TextResponse

from ..cms import read_list
from ..cms.api import call_request, read_api
from ..cms.browser import API_CALLS, is_rendered, render_request
from ..filters import (
    IMAGE_EXTENSIONS,
    attachment_extension,
    is_annual_report_title,
    is_column_link,
    is_hub_link,
    is_truncated,
)
from ..scope import netloc
from .base import ArchiveSpider, page_meta, with_right_encoding

# Where report bodies live in common CMS templates: images there are report pages.
BODY_SELECTORS = (
    ".TRS_Editor", ".trs_editor_view", "#zoom", ".zoom", "#Zoom", "#UCAP-CONTENT", ".article-content",
    ".article_con", ".main-txt", ".wzxq", ".bt_content", "#js_content",
)
_VIEWER = re.compile(r"viewer[^?#]*\?(?:.*&)?file=([^&#]+)", re.I)


def viewer_target(url: str) -> str | None:
    """The document behind a PDF viewer link: ``/pdfjs/web/viewer.html?file=/x.pdf`` -> ``/x.pdf``."""
    match = _VIEWER.search(url)
    if not match:
        return None
    return dict(parse_qsl("file=" + match.group(1))).get("file")


def attachment_links(response) -> list[tuple[str, str]]:
    """(absolute URL, link text) of the documents a report page offers."""
    found: dict[str, str] = {}

    def add(raw: str | None, text: str = "", *, images: bool = False):
        raw = (raw or "").strip()
        if not raw or "{{" in raw or raw.startswith(("javascript:", "#", "data:")):
            return
        target = viewer_target(raw)
        if target:
            raw = target
        url = response.urljoin(raw)
        ext = attachment_extension(url, text)
        if ext and (images or ext not in IMAGE_EXTENSIONS) and url not in found:
            found[url] = text

    for anchor in response.css("a[href]"):
        add(anchor.attrib["href"], " ".join(anchor.css("::text").getall()).strip())
    for frame in response.css("iframe, embed, object"):
        add(frame.attrib.get("src") or frame.attrib.get("data"))
    for body in BODY_SELECTORS:
        for image in response.css(f"{body} img"):
            add(image.attrib.get("src"), images=True)
    return list(found.items())


class ReportsSpider(ArchiveSpider):
    name = "reports"

    async def start(self):
        self.restore()
        for seed in self.seeds:
            for url in seed.report_urls:
                yield self.list_request(url, seed.site, depth=0, browser=seed.cms == "browser")
            if seed.home_url and not seed.report_urls:
                yield self.site_request(seed.home_url, self.parse_discover, seed.site, kind="discover",
                                        meta={"depth": 0})

    def list_request(self, url: str, site: str, *, depth: int, browser: bool = False):
        meta = {"depth": depth}
        if browser and self.settings.getbool("NIANBAO_BROWSER_ENABLED"):
            request = render_request(url, meta=meta)
            return self.site_request(url, self.parse_list, site, kind="list", meta=request.meta, dont_filter=True)
        return self.site_request(url, self.parse_list, site, kind="list", meta=meta, priority=10)

    # discovery ------------------------------------------------------------------
    def parse_discover(self, response):
        """A home or portal page: follow report-column links, and portal (hub)
        links while no column has been found, up to NIANBAO_DISCOVERY_DEPTH."""
        response = with_right_encoding(response)
        site = response.meta["site"]
        self.count(site, "responses")
        if not isinstance(response, TextResponse):
            return
        page = read_list(response, max_links=self.settings.getint("NIANBAO_MAX_LIST_LINKS"))
        in_column = is_column_link(page_meta(response).get("ColumnName"), "")
        listed = self.report_entries(page.entries, in_column)
        if listed:  # the start page is itself a list of reports
            self.count(site, "lists")
            yield from self.follow_reports(response, listed, in_column)
            yield from self.follow_pages(response, page.next_pages)
        depth = response.meta["depth"]
        max_depth = self.settings.getint("NIANBAO_DISCOVERY_DEPTH")
        for entry in page.entries:
            if netloc(entry.url) not in self.allowed_netlocs:
                continue
            if is_column_link(entry.title, entry.url):
                yield self.list_request(entry.url, site, depth=0)
            elif depth < max_depth and is_hub_link(entry.title, entry.url):
                yield self.site_request(entry.url, self.parse_discover, site, kind="discover",
                                        meta={"depth": depth + 1}, priority=-depth - 1)

    # lists ----------------------------------------------------------------------
    def parse_list(self, response):
        response = with_right_encoding(response)
        site = response.meta["site"]
        self.count(site, "responses")
        if not isinstance(response, TextResponse):  # a column that links a file directly
            yield from self.parse_report(response)
            return
        self.count(site, "lists")
        page = read_list(response, max_links=self.settings.getint("NIANBAO_MAX_LIST_LINKS"))
        listed = self.report_entries(page.entries, True)
        yield from self.follow_reports(response, listed, True)
        yield from self.follow_pages(response, page.next_pages)
        depth = response.meta["depth"]
        subcolumns = [e for e in page.entries if netloc(e.url) in self.allowed_netlocs
                      and is_column_link(e.title, e.url, in_report_column=True)
                      and e.url.rstrip("/") != response.url.rstrip("/")]
        if depth < self.settings.getint("NIANBAO_LIST_DEPTH"):
            for entry in subcolumns:
                yield self.list_request(entry.url, site, depth=depth + 1)
        if is_rendered(response.request):
            yield from self.replay_api_calls(response)
        elif (not listed and not page.next_pages and not subcolumns
                and self.settings.getbool("NIANBAO_BROWSER_ENABLED")):
            self.logger.info("No entries in plain HTML, rendering in the browser: %s", response.url)
            yield self.list_request(response.url, site, depth=depth, browser=True)

    def replay_api_calls(self, response):
        """The calls a rendered list made, as plain requests: the list's API
        among them pages on without the browser (cms.api)."""
        for call in response.meta.get(API_CALLS, ()):
            if netloc(call["url"]) not in self.allowed_netlocs:
                continue
            request = call_request(call)
            yield self.site_request(request.url, self.parse_api, response.meta["site"], kind="api",
                                    meta={"depth": response.meta["depth"], "page_url": response.url},
                                    method=request.method, body=request.body, headers=request.headers)

    def parse_api(self, response):
        """An answer of a list's API: its entries, and its further pages."""
        site = response.meta["site"]
        self.count(site, "responses")
        page = read_api(response, response.meta["page_url"])
        listed = self.report_entries(page.entries, True)
        if listed and response.meta["kind"] == "api":
            self.logger.info("The list at %s pages through its API: %s", response.meta["page_url"], response.url)
        yield from self.follow_reports(response, listed, True)
        if listed or response.meta["kind"] == "list":  # page on only through a list of reports
            for request in page.next_pages:
                yield self.site_request(request.url, self.parse_api, site, kind="list",
                                        meta={**request.meta, "depth": response.meta["depth"],
                                              "page_url": response.meta["page_url"]},
                                        method=request.method, body=request.body, headers=request.headers)

    def report_entries(self, entries, in_column: bool):
        """The entries on this crawl's hosts whose titles name an annual report
        (inside a report column, truncated titles that may be one)."""
        return [entry for entry in entries if netloc(entry.url) in self.allowed_netlocs and (
            is_annual_report_title(entry.title, in_report_column=in_column)
            or in_column and is_truncated(entry.title) and "公开" in entry.title)]

    def follow_reports(self, response, entries, in_column: bool):
        site = response.meta["site"]
        for entry in self.report_entries(entries, in_column):
            if entry.url in self.linked[site]:
                continue
            self.linked[site].add(entry.url)
            self.count(site, "report_links")
            hints = {"title": None if is_truncated(entry.title) else entry.title, "date": entry.date}
            yield self.site_request(entry.url, self.parse_report, site, kind="report",
                                    meta={"hints": hints}, priority=5)

    def follow_pages(self, response, requests):
        site = response.meta["site"]
        for request in requests:
            meta = {**request.meta, "depth": response.meta["depth"]}
            yield self.site_request(request.url, self.parse_list, site, kind="list", meta=meta,
                                    request_cls=type(request), method=request.method, body=request.body,
                                    headers=request.headers)

    # report pages and attachments -----------------------------------------------
    def parse_report(self, response):
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

    def parse_attachment(self, response):
        site = response.meta["site"]
        self.count(site, "responses")
        yield self.document_item(response, kind="attachment", hints=response.meta.get("hints", {}))
