"""CMS adapters: given a list page, yield its entries (links with titles) and
the requests for its further pages.

Each adapter is a small module with ``matches(response)``, ``entries(response, max_links=)``
and ``next_pages(response)``. ``read_list`` runs every adapter that recognises
the page plus the generic one, so a TRS page still gets generic 下一页 links.
The browser adapter is different: it re-renders a list that plain HTML leaves
empty, and the spider calls it only then."""

from __future__ import annotations

from dataclasses import dataclass, field

from scrapy.http import Request, Response

# The most further pages one answer may ask for (a page count of 10**9 is a
# broken or hostile list); how many a column really gets is the crawl's
# NIANBAO_MAX_LIST_PAGES (crawler.paging).
MAX_PAGE_REQUESTS = 1000


@dataclass(frozen=True)
class Entry:
    """One link of a list page: absolute URL, its title (title attribute, else
    text), the date printed next to it, if any, and the text of its row (a
    "更多>>" link's row holds the heading it belongs to)."""

    url: str
    title: str
    date: str | None = None
    context: str | None = None


@dataclass
class ListPage:
    entries: list[Entry] = field(default_factory=list)
    next_pages: list[Request] = field(default_factory=list)
    cms: list[str] = field(default_factory=list)


def read_list(response: Response, *, max_links: int | None = None) -> ListPage:
    """Entries and further pages of a list page; at most ``max_links`` plain
    links are read (``generic.MAX_LINKS`` by default)."""
    from . import generic, hanweb, trs

    page = ListPage()
    seen: set[str] = set()
    for adapter in (hanweb, trs, generic):
        if not adapter.matches(response):
            continue
        page.cms.append(adapter.NAME)
        for entry in adapter.entries(response, max_links=max_links or generic.MAX_LINKS):
            if entry.url not in seen:
                seen.add(entry.url)
                page.entries.append(entry)
        page.next_pages.extend(adapter.next_pages(response))
    return page
