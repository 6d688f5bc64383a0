"""TRS WCM lists: static pages ``index.html``, ``index_1.html`` … whose page
count is only in JavaScript: ``createPageHTML(12, 0, "index", "html")`` or
``var countPage = 12 … var currentPage = 0``. Entries are ordinary links (the
generic adapter reads them)."""

from __future__ import annotations

import re

from scrapy.http import Request, Response, TextResponse

from . import MAX_PAGE_REQUESTS

NAME = "trs"

_CREATE_PAGE = re.compile(
    r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([\w-]+)['\"]\s*,\s*['\"](\w+)['\"]"
)
_COUNT_PAGE = re.compile(r"\bcountPage\s*=\s*['\"]?(\d+)")
_PREFIX = re.compile(r"\bprefix\s*=\s*['\"]([\w-]+)['\"]")
_SUFFIX = re.compile(r"\bsuffix\s*=\s*['\"](\w+)['\"]")


def matches(response: Response) -> bool:
    return isinstance(response, TextResponse) and bool(
        _CREATE_PAGE.search(response.text) or _COUNT_PAGE.search(response.text)
    )


def entries(response: Response, *, max_links: int = 0) -> list:
    return []


def page_count(text: str) -> tuple[int, str, str] | None:
    """(number of pages, page name, extension) as the TRS page script says."""
    match = _CREATE_PAGE.search(text)
    if match:
        return int(match.group(1)), match.group(3), match.group(4)
    match = _COUNT_PAGE.search(text)
    if match:
        prefix = _PREFIX.search(text)
        suffix = _SUFFIX.search(text)
        return int(match.group(1)), prefix.group(1) if prefix else "index", suffix.group(1) if suffix else "html"
    return None


def next_pages(response: Response) -> list[Request]:
    found = page_count(response.text)
    if not found:
        return []
    count, name, ext = found
    names = [f"{name}_{i}.{ext}" for i in range(1, min(count, MAX_PAGE_REQUESTS + 1))]
    return [Request(response.urljoin(page)) for page in names]
