"""Any HTML list: every link with its title and the date printed next to it,
and 下一页 / rel=next pagination.

Reading is linear in the size of the page: each link's date is looked for in
its own row (the nearest ancestors, up to two levels, that hold at most
``ROW_LINKS`` links), never in the whole list, and only the first ``max_links``
links of a page are read (logged when a page has more)."""

from __future__ import annotations

import logging
import re
from collections import Counter
from itertools import islice
from urllib.parse import urljoin

from parsel import Selector
from scrapy.http import Request, Response, TextResponse

from . import Entry

NAME = "generic"
MAX_LINKS = 2_000   # links read from one page (setting NIANBAO_MAX_LIST_LINKS)
ROW_LINKS = 4        # a row (li, tr, dd …) holds a title link and a few download links
_CONTEXT_CHARS = 400  # text of a row searched for its date

_NEXT_TEXT = re.compile(r"^\s*(下一?页|后一?页|下页|next|›|»|>)\s*$", re.I)
_DATE = re.compile(r"(?:19|20)\d{2}[-./年]\d{1,2}[-./月]\d{1,2}")
_SKIP = ("javascript:", "#", "mailto:", "tel:")

logger = logging.getLogger(__name__)


def matches(response: Response) -> bool:
    return isinstance(response, TextResponse)


def _text(element, limit: int, sep: str = " ") -> str:
    """The first ``limit`` characters of an element's text (comments left out)."""
    parts, size = [], 0
    for text in element.itertext():
        parts.append(text)
        size += len(text)
        if size >= limit:
            break
    return sep.join(parts)[:limit]


def _row(anchor, links_under: Counter):
    """The largest of an anchor's parent and grandparent that is still one
    row of the list (holds at most ROW_LINKS links); else the anchor itself."""
    row = anchor
    for ancestor in islice(anchor.iterancestors(), 2):
        if links_under[ancestor] > ROW_LINKS:
            break
        row = ancestor
    return row


def anchor_entries(selector: Selector, base_url: str, *, max_links: int = MAX_LINKS) -> list[Entry]:
    """Entries of the first ``max_links`` ``<a href>`` under ``selector`` (a parsel selector)."""
    anchors = []
    for anchor in selector.root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if href and not href.startswith(_SKIP):
            if len(anchors) == max_links:
                logger.warning("More than %d links on %s: only the first %d are read "
                               "(setting NIANBAO_MAX_LIST_LINKS)", max_links, base_url, max_links)
                break
            anchors.append((anchor, href))
    links_under = Counter(a for anchor, _ in anchors for a in islice(anchor.iterancestors(), 2))
    found = []
    for anchor, href in anchors:
        text = " ".join(t.strip() for t in anchor.itertext() if t.strip())
        title = (anchor.get("title") or "").strip() or text
        row = _text(_row(anchor, links_under), _CONTEXT_CHARS)
        context = row + " " + (anchor.tail or "")[:_CONTEXT_CHARS]
        date = _DATE.search(context)
        found.append(Entry(urljoin(base_url, href), title, date.group(0) if date else None, row))
    return found


def entries(response: Response, *, max_links: int = MAX_LINKS) -> list[Entry]:
    return anchor_entries(response.selector, response.url, max_links=max_links)


# rel=next, or a short label ("下一页", "next", "›"): picked by libxml2, not link by link in Python
_NEXT_CANDIDATES = './/a[@href][@rel="next" or string-length(normalize-space(string(.))) <= 8]'


def next_pages(response: Response) -> list[Request]:
    requests = []
    for anchor in response.selector.root.xpath(_NEXT_CANDIDATES):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith("javascript:"):
            continue
        if anchor.get("rel") == "next" or _NEXT_TEXT.match(_text(anchor, 40, "")):
            requests.append(Request(response.urljoin(href)))
    return requests
