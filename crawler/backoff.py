"""Retries with exponential backoff: Scrapy's RetryMiddleware reschedules a
failed request at once; this middleware makes the n-th retry wait
``base ** n`` seconds (capped) before it is sent again."""

from __future__ import annotations

import asyncio

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request


class BackoffMiddleware:
    def __init__(self, base: float, cap: float) -> None:
        self.base = base
        self.cap = cap

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffMiddleware:
        settings = crawler.settings
        if not settings.getbool("RETRY_ENABLED") or settings.getfloat("NIANBAO_RETRY_BACKOFF_BASE") <= 0:
            raise NotConfigured
        return cls(settings.getfloat("NIANBAO_RETRY_BACKOFF_BASE"), settings.getfloat("NIANBAO_RETRY_BACKOFF_MAX"))

    def delay(self, retry_times: int) -> float:
        return min(self.cap, self.base ** retry_times) if retry_times > 0 else 0.0

    async def process_request(self, request: Request) -> None:
        wait = self.delay(request.meta.get("retry_times", 0))
        if wait:
            await asyncio.sleep(wait)
        return None
