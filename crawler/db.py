"""One archive connection per crawl, shared by the WARC recorder, the
conditional-request middleware and the pipeline (all run in the reactor
thread). Components without ``NIANBAO_DB`` are off (NotConfigured)."""

from __future__ import annotations

import weakref

import sqlite_utils
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

_OPEN = weakref.WeakKeyDictionary()


def archive_for(crawler: Crawler) -> sqlite_utils.Database:
    """The crawl's ``sqlite_utils.Database`` (archive.db.open_archive)."""
    path = crawler.settings.get("NIANBAO_DB")
    if not path or not crawler.settings.get("NIANBAO_DATA_DIR"):
        raise NotConfigured("NIANBAO_DB and NIANBAO_DATA_DIR are not set")
    if crawler not in _OPEN:
        from archive.db import open_archive

        _OPEN[crawler] = open_archive(path)
    return _OPEN[crawler]


class ArchiveComponent:
    """Base of the Scrapy components that use the archive: the crawl's
    database, its accession path and content store; off (NotConfigured)
    without ``NIANBAO_DB``."""

    def __init__(self, crawler: Crawler) -> None:
        from archive.accession import Accessions

        self.crawler = crawler
        self.db = archive_for(crawler)
        self.accessions = Accessions(self.db, crawler.settings.get("NIANBAO_DATA_DIR"))
        self.store = self.accessions.store

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveComponent:
        if not crawler.settings.get("NIANBAO_DB"):
            raise NotConfigured
        return cls(crawler)
