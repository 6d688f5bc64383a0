"""From captured document to archive rows: store the bytes content-addressed
(archive.originals), record the document, parse it with ``parsers.parse_bytes``
(in a worker thread: parsing a PDF takes a while) and ingest the report with
its facts and checks. A zip attachment is opened (in a worker thread, within
the parser's ZIP limits: crawler.zipmembers) and each member is stored,
parsed and ingested on its own. At the end, reports that a complete crawl of
their site no longer finds are recorded as vanished."""

from __future__ import annotations

import asyncio
import logging
from pathlib import PurePosixPath

from .db import ArchiveComponent
from .incremental import vanished_urls
from .items import CapturedDocument
from .spiders.base import now_iso
from .summary import record_fault, site_counts, site_status, stat_key
from .zipmembers import zip_members

logger = logging.getLogger(__name__)

class ArchivePipeline(ArchiveComponent):

    async def process_item(self, item):
        if not isinstance(item, CapturedDocument):
            return item
        if item.filename and item.filename.lower().endswith(".zip"):
            self._store(item.url, item.body, item.content_type, ".zip")
            for name, data in await self._zip_members(item):
                await self._ingest(item, f"{item.url}#{name}", data, name, "application/octet-stream")
        elif item.kind == "attachment" or not item.attachments:
            await self._ingest(item, item.url, item.body, item.filename, item.content_type)
        else:
            # a page with attachments: the page is the report only if its body has the tables
            report = await self._parse(item.body, item.filename, item.url)
            sha256 = self._store(item.url, item.body, item.content_type, ".html")
            if report.facts:
                self._record_report(item, report, item.url, sha256)
        return item

    async def _zip_members(self, item) -> list[tuple[str, bytes]]:
        """The documents in a zip attachment, read in a worker thread within
        the parser's NIANBAO_MAX_ZIP_* limits; what is past them is a fault of the site."""
        found = await asyncio.to_thread(zip_members, item.body)
        for kind, problem in found.problems:
            record_fault(self.crawler.stats, item.site, kind, f"zip attachment {item.url}: {problem}")
            logger.warning("Zip attachment %s: %s", item.url, problem)
        return found.members

    def _store(self, url, data, content_type, ext) -> str:
        from archive.ingest import record_document

        sha256, path = self.store.put(data, ext)
        record_document(self.db, sha256=sha256, url=url, content_type=content_type or None, size=len(data),
                        stored_path=path)
        self.crawler.stats.inc_value("nianbao/documents")
        return sha256

    async def _parse(self, data, filename, url):
        from parsers import parse_bytes

        return await asyncio.to_thread(parse_bytes, data, filename, path=url)

    async def _ingest(self, item, url, data, filename, content_type):
        ext = PurePosixPath(filename or "").suffix.lower()
        sha256 = self._store(url, data, content_type, ext)
        self.crawler.stats.inc_value(stat_key(item.site, "documents"))
        report = await self._parse(data, filename, url)
        self._record_report(item, report, url, sha256)

    def _record_report(self, item, report, url, sha256):
        from archive.ingest import ingest_report

        report.title = report.title or item.title
        report.year = report.year or item.year
        report.agency = report.agency or item.agency
        for name, value in item.meta.items():
            report.meta.setdefault(name, value)
        ingest_report(
            self.db, report, source_url=url, document_sha256=sha256, published=item.published,
            fetched_at=item.fetched_at, site_id=item.site, agency=report.agency, level=item.level,
            region_code=item.region_code,
        )
        self.crawler.stats.inc_value(stat_key(item.site, "reports"))
        for problem in report.errors:
            logger.warning("Parse problem in %s: %s", url, problem)

    def close_spider(self):
        """Record vanished reports for every site crawled completely."""
        from archive.ingest import record_vanished

        spider = self.crawler.spider
        stats = self.crawler.stats.get_stats()
        seen_at = now_iso()
        for site, seed in getattr(spider, "by_site", {}).items():
            counts = site_counts(stats, site)
            if site_status(counts) != "ok" or counts["errors"] or counts["blocked"]:
                continue
            for url in vanished_urls(self.db, seed.netlocs, spider.linked[site]):
                record_vanished(self.db, url=url, seen_at=seen_at)
                self.crawler.stats.inc_value(stat_key(site, "vanished"))
                logger.info("Vanished: %s", url)
