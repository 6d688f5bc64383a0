"""Lists that only a browser renders: re-request the page through
scrapy-playwright (Chromium), waiting for the network to settle. Slow, so the
spider asks for it only when plain HTML gave no entries, or when the registry
says the site needs it (cms: browser)."""

from __future__ import annotations

from scrapy.http import Request

NAME = "browser"


def render_request(url: str, **kwargs) -> Request:
    meta = kwargs.pop("meta", {})
    meta.update(playwright=True, playwright_page_goto_kwargs={"wait_until": "networkidle"})
    return Request(url, meta=meta, dont_filter=True, **kwargs)


def is_rendered(request: Request) -> bool:
    return bool(request.meta.get("playwright"))
