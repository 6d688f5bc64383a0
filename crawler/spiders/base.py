"""The thin base spider: it owns the crawl's seeds and scope, builds every
request with its site's meta (site id, robots override, errback) and builds
the items, so that the report spider only says what to follow."""

from __future__ import annotations

import codecs
import json
import mimetypes
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit

import scrapy
from scrapy.http import Request, Response, TextResponse
from twisted.python.failure import Failure

from parsers.readers.decode import decode_bytes
from parsers.readers.formats import extension_for

from ..challenge import SiteBlocked
from ..faults import classify
from ..filters import agency_from_title, attachment_extension, report_year, year_from_pubdate
from ..items import CapturedDocument
from ..seeds import Seed, seed_from_url
from ..summary import STATS_PREFIX, record_fault, site_statuses, stat_key

META_TAGS = ("ArticleTitle", "PubDate", "SiteIDCode", "SiteName", "ColumnName", "ColumnType", "ContentSource", "Url")

def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def page_meta(response: Response) -> dict[str, str]:
    """The CMS meta tags of a page (ArticleTitle, PubDate, SiteIDCode, ColumnName …)."""
    if not isinstance(response, TextResponse):
        return {}
    found = {}
    wanted = {name.lower(): name for name in META_TAGS}
    for tag in response.xpath("//meta[@name]"):
        name = wanted.get(tag.attrib["name"].strip().lower())
        content = (tag.attrib.get("content") or "").strip()
        if name and content and name not in found:
            found[name] = content
    return found


def with_right_encoding(response: Response) -> Response:
    """Old CMSs serve GBK bytes that declare utf-8 (or nothing): the page read
    in the encoding the parsers' charset repair (``parsers.readers.decode``)
    finds for its bytes and the charset it declares."""
    if not isinstance(response, TextResponse):
        return response
    encoding = decode_bytes(response.body, response.encoding).encoding
    if codecs.lookup(encoding).name == codecs.lookup(response.encoding).name:
        return response
    return response.replace(encoding=encoding)


def filename_for(url: str, content_type: str, link_text: str | None = None, *, page: bool = False) -> str:
    """A file name with the right extension, for the parser to pick a reader
    (a report page is ``.html`` whatever its address ends with)."""
    ext = ".html" if page else attachment_extension(url, link_text)
    if not ext:
        mime = content_type.split(";")[0].strip().lower()
        ext = extension_for(mime) or mimetypes.guess_extension(mime) or ""
    stem = unquote(urlsplit(url).path.rsplit("/", 1)[-1]) or "index"
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", stem)
    return f"{stem}{ext}"


class ArchiveSpider(scrapy.Spider):
    """Seeds come as ``seeds=[Seed | dict]`` (crawler.run) or, from
    ``scrapy crawl reports -a start_url=URL[,URL]``, as start URLs."""

    def __init__(self, seeds=(), start_url: str | None = None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.seeds: list[Seed] = [s if isinstance(s, Seed) else Seed(**s) for s in seeds]
        if start_url:
            self.seeds += [seed_from_url(u.strip()) for u in start_url.split(",") if u.strip()]
        self.by_site = {seed.site: seed for seed in self.seeds}
        self.allowed_netlocs = set().union(*(seed.netlocs for seed in self.seeds)) if self.seeds else set()
        self.linked: dict[str, set[str]] = defaultdict(set)   # report URLs listed this run, per site
        self.list_failures: dict[str, int] = defaultdict(int)
        self.summary: dict[str, dict] = {}

    # requests -------------------------------------------------------------
    def site_request(self, url: str, callback: Callable | None, site: str, *, kind: str,
                     request_cls: type[Request] = Request,
                     meta: dict | None = None, **kwargs) -> Request:
        seed = self.by_site[site]
        full_meta = {"site": site, "kind": kind, **(meta or {})}
        if not seed.robots_obey:
            full_meta["dont_obey_robotstxt"] = True
        return request_cls(url, callback=callback, errback=self.on_error, meta=full_meta, **kwargs)

    def count(self, site: str, event: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(stat_key(site, event), n)

    def on_error(self, failure: Failure) -> None:
        request = failure.request
        site = request.meta.get("site", "")
        if failure.check(SiteBlocked):
            return  # counted by the challenge middleware
        if request.meta.get("nianbao_challenge"):
            # the browser could not get past the challenge (timeout, endless reloads): refused
            self.count(site, "blocked")
            self.logger.warning("Blocked: the browser could not pass the challenge at %s", request.url)
            return
        fault = classify(failure)
        if fault is None:
            self.logger.debug("Not fetched (out of scope): %s", request.url)
            return
        kind, reason = fault
        record_fault(self.crawler.stats, site, kind, reason)
        if request.meta.get("kind") == "list" and kind != "robots":
            self.list_failures[site] += 1
        (self.logger.info if kind == "robots" else self.logger.warning)("%s: %s", kind, reason)

    # items ----------------------------------------------------------------
    def document_item(self, response: Response, *, kind: str, hints: dict, attachments: Iterable[str] = (),
                      meta: dict[str, str] | None = None) -> CapturedDocument:
        site = response.meta["site"]
        seed = self.by_site[site]
        meta = meta or {}
        title = meta.get("ArticleTitle") or hints.get("title")
        published = meta.get("PubDate") or hints.get("date")
        content_type = response.headers.get("Content-Type", b"").decode("latin-1")
        return CapturedDocument(
            url=response.url, body=response.body, content_type=content_type,
            fetched_at=now_iso(), site=site, kind=kind,
            filename=filename_for(response.url, content_type, hints.get("link_text"), page=kind == "page"),
            title=title,
            year=report_year(title) or year_from_pubdate(published),
            agency=agency_from_title(title) or seed.name,
            published=published, level=seed.level, region_code=seed.region_code,
            page_url=hints.get("page_url"), attachments=list(attachments), meta=dict(meta),
            sha256=response.meta.get("nianbao_sha256"),
        )

    # a job stopped and resumed (JOBDIR) -----------------------------------------
    def restore(self) -> None:
        """Carry on a resumed job: the sites' counts and the report URLs listed
        before the stop come back from ``self.state`` (Scrapy's SpiderState keeps
        it in the job directory), so that the summary and the vanished check
        cover the whole job, not only what was left in the queue."""
        state = getattr(self, "state", None) or {}
        for key, value in state.get("nianbao_counts", {}).items():
            self.crawler.stats.inc_value(key, value)
        for site, urls in state.get("nianbao_linked", {}).items():
            self.linked[site] |= urls

    def save(self) -> None:
        state = getattr(self, "state", None)
        if state is None:  # no JOBDIR
            return
        stats = self.crawler.stats.get_stats()
        state["nianbao_counts"] = {k: v for k, v in stats.items() if k.startswith(STATS_PREFIX)}
        state["nianbao_linked"] = {site: set(urls) for site, urls in self.linked.items()}

    # end of crawl -----------------------------------------------------------
    def site_details(self, site: str) -> dict:
        """What the summary says of a site beyond its counts (the report spider: its columns)."""
        return {}

    def closed(self, reason: str) -> None:
        # runs before SpiderState writes self.state (the spider connects to spider_closed first)
        self.save()
        self.summary = site_statuses(self.crawler.stats.get_stats(), list(self.by_site), reason)
        for seed in self.seeds:
            self.summary[seed.site].update(self.site_details(seed.site))
            if not seed.robots_obey:
                self.summary[seed.site]["robots_override"] = seed.robots_reason or "no reason recorded"
        self.logger.info("Crawl summary (%s): %s", reason, json.dumps(self.summary, ensure_ascii=False))
