"""Any HTML list: every link with its title, and 下一页 / rel=next pagination."""

from __future__ import annotations

import re

from scrapy.http import Request, Response, TextResponse

from . import Entry

NAME = "generic"

_NEXT_TEXT = re.compile(r"^\s*(下一?页|后一?页|下页|next|›|»|>)\s*$", re.I)
_DATE = re.compile(r"(?:19|20)\d{2}[-./年]\d{1,2}[-./月]\d{1,2}")


def matches(response: Response) -> bool:
    return isinstance(response, TextResponse)


def anchor_entries(selector, base_url: str) -> list[Entry]:
    """Entries of every ``<a href>`` under ``selector`` (a parsel selector)."""
    from urllib.parse import urljoin

    found = []
    for anchor in selector.css("a[href]"):
        href = (anchor.attrib.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "#", "mailto:", "tel:")):
            continue
        text = " ".join(t.strip() for t in anchor.css("::text").getall() if t.strip())
        title = (anchor.attrib.get("title") or "").strip() or text
        context = " ".join(anchor.xpath("ancestor::*[position()<=2]//text()").getall())
        date = _DATE.search(context)
        found.append(Entry(urljoin(base_url, href), title, date.group(0) if date else None))
    return found


def entries(response: Response) -> list[Entry]:
    return anchor_entries(response.selector, response.url)


def next_pages(response: Response) -> list[Request]:
    requests = []
    for anchor in response.css("a[href]"):
        text = "".join(anchor.css("::text").getall())
        href = anchor.attrib["href"].strip()
        if href.startswith("javascript:") or not href:
            continue
        if anchor.attrib.get("rel") == "next" or _NEXT_TEXT.match(text):
            requests.append(Request(response.urljoin(href)))
    return requests
