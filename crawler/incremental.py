"""Incremental re-crawls.

* Conditional requests: a report page or attachment fetched before is asked
  for with ``If-None-Match`` / ``If-Modified-Since`` from its last capture; a
  ``304 Not Modified`` is answered from the content store, so the spider still
  follows the page's attachments and the pipeline still sees the document
  (recognised by sha256: nothing is stored twice, ``last_seen`` moves on).
* Vanished reports: a report URL of the archive that a complete crawl of its
  site no longer finds listed is recorded as vanished, with the date.
"""

from __future__ import annotations

import logging

import sqlite_utils
from scrapy.http import Headers, Request, Response

from archive.reads import previous_capture, report_urls

from .db import ArchiveComponent
from .scope import netloc

logger = logging.getLogger(__name__)

CONDITIONAL_KINDS = ("report", "attachment")


class ConditionalRequestMiddleware(ArchiveComponent):

    def process_request(self, request: Request) -> None:
        meta = request.meta
        if meta.get("kind") not in CONDITIONAL_KINDS or meta.get("playwright") or meta.get("nianbao_unconditional") \
                or "nianbao_previous" in meta:
            return None
        previous = previous_capture(self.db, request.url)
        if not previous or not (previous["etag"] or previous["last_modified"]):
            return None
        meta["nianbao_previous"] = dict(previous)
        if previous["etag"]:
            request.headers["If-None-Match"] = previous["etag"]
        if previous["last_modified"]:
            request.headers["If-Modified-Since"] = previous["last_modified"]
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        previous = request.meta.get("nianbao_previous")
        if response.status != 304 or not previous:
            return response
        body = self.store.get(previous["stored_path"])
        if body is None:  # the stored copy is gone: fetch it whole
            logger.warning("Stored copy missing for %s, fetching again", request.url)
            retry = request.replace(dont_filter=True)
            retry.headers.pop("If-None-Match", None)
            retry.headers.pop("If-Modified-Since", None)
            retry.meta.pop("nianbao_previous", None)
            retry.meta["nianbao_unconditional"] = True
            return retry
        self.crawler.stats.inc_value("nianbao/not_modified")
        headers = Headers(response.headers)
        headers["Content-Type"] = previous["content_type"] or "application/octet-stream"
        from scrapy.http import HtmlResponse

        cls = HtmlResponse if "html" in (previous["content_type"] or "") else Response
        return cls(url=response.url, status=200, headers=headers, body=body, request=request,
                   flags=[*response.flags, "not_modified"])


def vanished_urls(db: sqlite_utils.Database, netlocs: set[str], linked: set[str]) -> list[str]:
    """Report URLs archived for these hosts that this crawl no longer found."""
    return sorted(u for u in report_urls(db) if netloc(u.split("#")[0]) in netlocs and u.split("#")[0] not in linked)
