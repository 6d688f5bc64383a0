"""The archival record: every response (list pages, redirects, challenges and
robots.txt included) goes into gzipped WARC files under ``<data-dir>/warc/``,
each file opening with a ``warcinfo`` record (software, version, settings).
A payload already archived (same sha256, in this crawl or an earlier one) is
written as a ``revisit`` record pointing at the first capture, not a second
copy. Every fetch is indexed in the archive's ``captures`` table with its WARC
file and offset; failed fetches get a row without WARC position."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from io import BytesIO
from pathlib import Path

from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response
from warcio.recordbuilder import RecordBuilder
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.accession import timestamp
from archive.originals import sha256_hex
from archive.reads import first_capture

from .db import archive_for

logger = logging.getLogger(__name__)

RECORDED_SETTINGS = (
    "USER_AGENT", "ROBOTSTXT_OBEY", "AUTOTHROTTLE_ENABLED", "DOWNLOAD_DELAY", "CONCURRENT_REQUESTS_PER_DOMAIN",
    "RETRY_TIMES", "DOWNLOAD_MAXSIZE", "NIANBAO_DISCOVERY_DEPTH", "NIANBAO_BROWSER_ENABLED",
)
_DROPPED_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


def software_version() -> str:
    try:
        return f"nianbao/{version('nianbao')}"
    except PackageNotFoundError:
        return "nianbao/0.1.0"


def sha1_digest(data: bytes) -> str:
    """The WARC-Payload-Digest warcio writes for a payload."""
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def http_headers(response: Response) -> StatusAndHeaders:
    """The response's HTTP headers as archived: the body is stored decoded, so
    the transfer headers go and Content-Length says the stored length."""
    headers = [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in response.headers.items()
        for value in values
        if name.decode("latin-1").lower() not in _DROPPED_HEADERS
    ]
    headers.append(("Content-Length", str(len(response.body))))
    return StatusAndHeaders(f"{response.status} {_reason(response.status)}", headers, protocol="HTTP/1.1")


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


class WarcFiles:
    """Rotating gzipped WARC files; ``write`` returns (relative file, offset)."""

    def __init__(self, data_dir: Path, info: dict, max_size: int):
        self.data_dir = data_dir
        self.info = info
        self.max_size = max_size
        self.handle = None
        self.writer = None
        self.relative = None
        self.serial = 0
        self.stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")

    def _open(self):
        self.relative = f"warc/nianbao-{self.stamp}-{os.getpid()}-{self.serial:05d}.warc.gz"
        self.serial += 1
        path = self.data_dir / self.relative
        path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = open(path, "ab")
        self.writer = WARCWriter(self.handle, gzip=True, warc_version="1.1")
        self.writer.write_record(self.writer.create_warcinfo_record(path.name, self.info))
        self.handle.flush()

    def write(self, record: ArcWarcRecord) -> tuple[str, int]:
        if self.handle is None or self.handle.tell() > self.max_size:
            self.close()
            self._open()
        offset = self.handle.tell()
        self.writer.write_record(record)
        self.handle.flush()
        return self.relative, offset

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


class WarcMiddleware:
    """Downloader middleware (between decompression and redirects)."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.db = archive_for(crawler)
        settings = crawler.settings
        info = {
            "software": software_version(),
            "format": "WARC File Format 1.1",
            "isPartOf": "nianbao",
            "http-header-user-agent": settings.get("USER_AGENT"),
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "settings": json.dumps({name: settings.get(name) for name in RECORDED_SETTINGS}, ensure_ascii=False),
        }
        self.files = WarcFiles(Path(settings.get("NIANBAO_DATA_DIR")), info, settings.getint("NIANBAO_WARC_MAX_SIZE"))
        self.builder = RecordBuilder(warc_version="1.1")
        self.first_capture: dict[str, tuple[str, str]] = {}   # sha256 -> (url, WARC-Date)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcMiddleware:
        from scrapy import signals

        if not crawler.settings.get("NIANBAO_DB"):
            raise NotConfigured
        middleware = cls(crawler)
        crawler.signals.connect(middleware.files.close, signal=signals.spider_closed)
        return middleware

    def original(self, sha256: str) -> tuple[str, str] | None:
        """The first archived capture of a payload, in this crawl or before."""
        if sha256 not in self.first_capture:
            found = first_capture(self.db, sha256)
            if found:
                self.first_capture[sha256] = found
        return self.first_capture.get(sha256)

    def process_response(self, request: Request, response: Response) -> Response:
        body = response.body
        fetched_at = timestamp()
        previous = request.meta.get("nianbao_previous") or {}
        sha256 = previous.get("sha256") if response.status == 304 else sha256_hex(body)
        original = self.original(sha256) if body and response.status != 304 else None
        headers = http_headers(response)
        if original:
            refers_to_uri, refers_to_date = original
            record = self.builder.create_revisit_record(response.url, sha1_digest(body), refers_to_uri,
                                                        refers_to_date, http_headers=headers)
            warc_type = "revisit"
        else:
            record = self.builder.create_warc_record(response.url, "response", payload=BytesIO(body),
                                                     length=len(body), http_headers=headers)
            warc_type = "response"
        warc_file, offset = self.files.write(record)
        if not original and body and response.status != 304:
            self.first_capture[sha256] = (response.url, fetched_at)
        self._record_capture(request, response, fetched_at, sha256, warc_file, offset, warc_type)
        request.meta["nianbao_sha256"] = sha256  # the pipeline's digest of the body the spider sees
        return response

    def _record_capture(self, request, response, fetched_at, sha256, warc_file, offset, warc_type):
        from archive.ingest import record_capture

        header = response.headers.get
        record_capture(
            self.db, url=response.url, status=response.status, fetched_at=fetched_at, sha256=sha256,
            warc_file=warc_file, warc_offset=offset, warc_type=warc_type, method=request.method,
            content_type=(header("Content-Type") or b"").decode("latin-1") or None,
            etag=(header("ETag") or b"").decode("latin-1") or None,
            last_modified=(header("Last-Modified") or b"").decode("latin-1") or None,
            site_id=request.meta.get("site"), kind=request.meta.get("kind"), size=len(response.body),
        )

    def process_exception(self, request: Request, exception: Exception) -> None:
        from archive.ingest import record_capture

        if request.meta.get("site") is None or isinstance(exception, IgnoreRequest):
            return None
        record_capture(
            self.db, url=request.url, status=None, fetched_at=timestamp(),
            sha256=None, warc_file=None, warc_offset=None, method=request.method, site_id=request.meta.get("site"),
            kind=request.meta.get("kind"), error=f"{type(exception).__name__}: {exception}"[:500],
        )
        return None
