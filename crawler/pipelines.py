"""From captured document to archive rows, through the archive's one
accession path (``archive.accession``): store the bytes content-addressed,
record the document, parse it (in a worker thread: parsing a PDF takes a
while) unless the archive already has it, and ingest the report with its
facts and checks. A zip attachment is opened (in a worker thread, within
the parser's ZIP limits: crawler.zipmembers) and each member is accessioned
on its own. At the end, reports that a complete crawl of their site no
longer finds are recorded as vanished."""

from __future__ import annotations

import asyncio
import logging

from archive.accession import Context, Original, mark_accessioned, read

from .db import ArchiveComponent
from .incremental import vanished_urls
from .items import CapturedDocument
from .spiders.base import now_iso
from .summary import record_fault, site_counts, site_status, stat_key
from .zipmembers import zip_members

logger = logging.getLogger(__name__)


class ArchivePipeline(ArchiveComponent):
    """Hands each captured document to the archive's accession path
    (``archive.accession``): stored, recorded, parsed in a worker thread
    unless the archive already has it (a 304, the same sha256), ingested."""

    def open_spider(self) -> None:
        """The sites of this crawl are agencies the archive expects (coverage)."""
        from archive.agencies import expect_agencies

        expect_agencies(self.db, [
            {"name": seed.name, "level": seed.level, "region_code": seed.region_code, "site": seed.site,
             "home_url": seed.home_url} for seed in getattr(self.crawler.spider, "seeds", []) if seed.name])

    async def process_item(self, item: CapturedDocument | object) -> CapturedDocument | object:
        if not isinstance(item, CapturedDocument):
            return item
        if item.filename and item.filename.lower().endswith(".zip"):
            stored = self._store(item, self._original(item, item.url, item.body, item.filename,
                                                      sha256=item.sha256))
            if not stored.unchanged:
                for name, data in await self._zip_members(item):
                    await self._accession(item, self._original(item, f"{item.url}#{name}", data, name,
                                                               "application/octet-stream"))
                mark_accessioned(self.db, stored.sha256)
        else:
            # a page with attachments is the report only if its body has the tables
            needs_facts = item.kind != "attachment" and bool(item.attachments)
            await self._accession(item, self._original(item, item.url, item.body, item.filename,
                                                        item.content_type, sha256=item.sha256), needs_facts)
        return item

    async def _zip_members(self, item) -> list[tuple[str, bytes]]:
        """The documents in a zip attachment, read in a worker thread within
        the parser's NIANBAO_MAX_ZIP_* limits; what is past them is a fault of the site."""
        found = await asyncio.to_thread(zip_members, item.body)
        for kind, problem in found.problems:
            record_fault(self.crawler.stats, item.site, kind, f"zip attachment {item.url}: {problem}")
            logger.warning("Zip attachment %s: %s", item.url, problem)
        return found.members

    @staticmethod
    def _original(item, url, data, filename, content_type=None, sha256=None):
        return Original(data, url, fetched_at=item.fetched_at, filename=filename,
                        content_type=content_type or (item.content_type if url == item.url else None),
                        sha256=sha256)

    def _context(self, item, needs_facts: bool) -> Context:
        seed = getattr(self.crawler.spider, "by_site", {}).get(item.site)
        return Context(site_id=item.site, site_name=seed and seed.name, site_level=item.level,
                       region_code=item.region_code, title=item.title, year=item.year, agency=item.agency,
                       published=item.published, meta=dict(item.meta), needs_facts=needs_facts)

    def _store(self, item, original):
        stored = self.accessions.store_original(original)
        self.crawler.stats.inc_value("nianbao/documents")
        self.crawler.stats.inc_value(stat_key(item.site, "documents"))
        return stored

    async def _accession(self, item, original, needs_facts: bool = False):
        stored = self._store(item, original)
        if stored.unchanged:  # archived before: its reports were seen again, nothing to parse
            self.crawler.stats.inc_value("nianbao/unchanged")
            self.crawler.stats.inc_value(stat_key(item.site, "reports"), stored.reports)
            return
        report = await asyncio.to_thread(read, original)
        if self.accessions.file(original, report, self._context(item, needs_facts)):
            self.crawler.stats.inc_value(stat_key(item.site, "reports"))
        for problem in report.errors:
            logger.warning("Parse problem in %s: %s", original.url, problem)

    def close_spider(self) -> None:
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
