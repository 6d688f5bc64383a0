"""The JSON API behind a browser-rendered list, paged with plain requests.

Chromium renders the list once (``cms.browser``) and notes the page's
fetch/XHR calls. Each call is replayed as a plain request (``call_request``);
``read_api`` reads its answer: rows are the objects that carry a title and a
link (found by key names: ``title``/``docTitle``…, ``url``/``link``…, a date
under ``publishTime``/``pubDate``…), JSONP, HTML fragments and HTML inside JSON included. The
further pages are asked for by changing the call's page parameter (``pageNo``,
``pageNum``, ``page``, ``currentPage`` … or an offset such as ``start``) in its
query, form or JSON body, up to the page count the answer gives (``pages``,
``totalPage`` … or ``total`` / page size); without a count, one page after
another until a page adds nothing. How far a column really goes is
``crawler.paging``'s to decide (no new entries, a repeat, the ceiling)."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from parsel import Selector
from scrapy.http import Request, Response, TextResponse
from w3lib.html import remove_tags

from . import MAX_PAGE_REQUESTS, Entry, ListPage
from .generic import anchor_entries

JSON = dict | list | str | int | float | bool | None   # a decoded JSON value

NAME = "api"
PAGED = "nianbao_api_paged"    # meta: a page requested from a page count (asks for no more)
PREVIOUS = "nianbao_api_previous"  # meta: the first entry of the page before (counting pages one by one)

_PAGE_KEYS = {"pageno", "pagenum", "pagenumber", "pageindex", "currentpage", "curpage", "page", "pn", "p",
              "current", "pageidx", "nowpage"}
_OFFSET_KEYS = {"start", "offset", "startrecord", "from", "skip"}
_SIZE_KEYS = {"pagesize", "size", "limit", "rows", "perpage", "ps", "length", "pagelength", "perpagesize"}
_PAGES_KEYS = {"pages", "totalpage", "totalpages", "pagecount", "pagetotal", "totalpagenum", "pagesum"}
_TOTAL_KEYS = {"total", "totalcount", "totalelements", "recordcount", "totalrecord", "totalrecords", "totalnum",
               "totalsize", "totalrow", "totalrows", "rowcount", "count"}
_NOT_REPLAYED = {"user-agent", "cookie", "content-length", "host", "accept-encoding", "connection", "referer"}
_TITLE_KEYS = ("title", "doctitle", "articletitle", "infotitle", "name", "subject", "bt", "maintitle")
_LINK_KEYS = ("url", "link", "href", "path")
_DATE_KEYS = ("time", "date", "day")
_LINK = re.compile(r"^(?:https?:)?//|^\.{0,2}/|\.(?:s?html?|jsp|aspx?|php|pdf|docx?|wps|xlsx?|ofd|zip)(?:[?#]|$)",
                   re.I)
_IMAGE = re.compile(r"\.(?:jpe?g|png|gif|bmp|webp|svg)(?:[?#]|$)", re.I)
_DATE = re.compile(r"(?:19|20)\d{2}[-./年]\d{1,2}[-./月]\d{1,2}")
_JSONP = re.compile(r"^\s*[\w$.]+\s*\((.*)\)\s*;?\s*$", re.S)


def _norm(key: str) -> str:
    return re.sub(r"[_\-\s]", "", str(key)).lower()


def replayed_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """The headers of a call worth sending again (Content-Type, X-Requested-With,
    a site's own token headers …); Scrapy sets the rest itself."""
    return {name: value for name, value in headers.items() if name.lower() not in _NOT_REPLAYED
            and not name.lower().startswith(("sec-", ":"))}


def call_request(call: dict) -> Request:
    """A plain request repeating a call the rendered page made."""
    return Request(call["url"], method=call.get("method", "GET"), body=call.get("body") or "",
                   headers=replayed_headers(call.get("headers") or {}))


# --- the answer: rows as entries --------------------------------------------
def load_json(text: str) -> JSON:
    """JSON or JSONP (``callback({...})``), else None."""
    for candidate in (text, (_JSONP.match(text) or [None, None])[1]):
        if candidate:
            try:
                return json.loads(candidate)
            except ValueError:
                pass
    return None


def _objects(data) -> Iterator[dict]:
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _objects(value)
    elif isinstance(data, list):
        for value in data:
            yield from _objects(value)


def _first(row: dict, wanted, accept) -> str | None:
    """The first string value whose key (normalised) is or contains one of ``wanted``."""
    keys = {_norm(k): k for k in row}
    exact = [keys[w] for w in wanted if w in keys]
    partial = [k for n, k in keys.items() if any(w in n for w in wanted) and k not in exact]
    for key in exact + partial:
        value = row[key]
        if isinstance(value, str) and value.strip() and accept(value.strip()):
            return value.strip()
    return None


def row_entry(row: dict, base_url: str) -> Entry | None:
    """A row with a title and a link as a list entry (link relative to the page)."""
    title = _first(row, _TITLE_KEYS, lambda v: not _LINK.search(v))
    link = _first(row, _LINK_KEYS, lambda v: _LINK.search(v) and not _IMAGE.search(v))
    if not title or not link:
        return None
    date = _first(row, _DATE_KEYS, _DATE.search) or next(
        (v for v in row.values() if isinstance(v, str) and _DATE.search(v)), None)
    return Entry(urljoin(base_url, link), " ".join(remove_tags(title).split()),
                 _DATE.search(date).group(0) if date else None)


def _strings(data) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, (dict, list)):
        for value in data.values() if isinstance(data, dict) else data:
            yield from _strings(value)


def json_entries(data: JSON, base_url: str) -> list[Entry]:
    """Rows with a title and a link, and the links of HTML carried in strings
    (APIs that answer ``{"data": {"html": "<li><a …>"}}``)."""
    found: dict[str, Entry] = {}
    entries = [row_entry(row, base_url) for row in _objects(data)]
    for text in _strings(data):
        if "<a " in text:
            entries += anchor_entries(Selector(text=text), base_url)
    for entry in entries:
        if entry and entry.url not in found:
            found[entry.url] = entry
    return list(found.values())


def _number(data, keys: set[str]) -> int | None:
    """The first whole number under one of ``keys``, shallowest first."""
    level = [data]
    while level:
        deeper = []
        for value in level:
            if isinstance(value, dict):
                for key, inner in value.items():
                    if _norm(key) in keys and str(inner).strip().isdigit():
                        return int(str(inner).strip())
                    deeper.append(inner)
            elif isinstance(value, list):
                deeper.extend(value)
        level = deeper
    return None


# --- the call: its page parameter --------------------------------------------
@dataclass
class Paging:
    """Where a call says which page it wants, and how to ask for another."""

    url: str
    method: str
    headers: dict
    place: str                 # "query", "form" or "json"
    params: dict
    holder: str | None         # a parameter whose value is JSON holding the page (大汉 ``paramJson``)
    key: str                   # the page or offset parameter
    offset: bool               # key counts records, not pages
    size: int | None

    @classmethod
    def of(cls, request: Request) -> Paging | None:
        place, params = _params(request)
        if params is None:
            return None
        for holder in (None, *params):
            scope = params if holder is None else _json_object(params[holder])
            found = _page_key(scope) if scope else None
            if found:
                headers = replayed_headers(dict(request.headers.to_unicode_dict()))
                return cls(request.url, request.method, headers, place, params, holder, *found)
        return None

    @property
    def scope(self) -> dict:
        return dict(self.params) if self.holder is None else _json_object(self.params[self.holder])

    @property
    def page(self) -> int:
        value = int(self.scope[self.key])
        return value // self.size + 1 if self.offset else value

    def request_for(self, page: int) -> Request:
        value = (page - 1) * self.size if self.offset else page
        scope = self.scope
        scope[self.key] = value if isinstance(scope[self.key], int) else str(value)
        params = scope if self.holder is None else {
            **self.params, self.holder: json.dumps(scope, ensure_ascii=False, separators=(",", ":"))}
        call = {"url": self.url, "method": self.method, "headers": self.headers, "body": ""}
        if self.place == "query":
            call["url"] = urlunsplit(urlsplit(self.url)._replace(query=urlencode(params)))
        elif self.place == "form":
            call["body"] = urlencode(params)
        else:
            call["body"] = json.dumps(params, ensure_ascii=False)
        return call_request(call)


def _json_object(value) -> dict | None:
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, str) and value.lstrip().startswith("{"):
        data = load_json(value)
        return data if isinstance(data, dict) else None
    return None


def _page_key(params: dict) -> tuple[str, bool, int | None] | None:
    """(page or offset parameter, whether it is an offset, page size) of a call's parameters."""
    size_key = next((k for k in params if _norm(k) in _SIZE_KEYS and str(params[k]).isdigit()), None)
    size = int(params[size_key]) if size_key else None
    for keys, offset in ((_PAGE_KEYS, False), (_OFFSET_KEYS, True)):
        key = next((k for k in params if _norm(k) in keys and str(params[k]).lstrip("-").isdigit()), None)
        if key and (not offset or size):
            return key, offset, size
    return None


def _params(request: Request) -> tuple[str, dict | None]:
    if request.method == "POST" and request.body:
        text = request.body.decode("utf-8", "replace")
        data = load_json(text)
        if isinstance(data, dict):
            return "json", data
        if "=" in text:
            return "form", dict(parse_qsl(text, keep_blank_values=True))
    query = urlsplit(request.url).query
    return "query", dict(parse_qsl(query, keep_blank_values=True)) if query else None


def page_count(data: JSON, paging: Paging, rows_on_page: int) -> int | None:
    pages = _number(data, _PAGES_KEYS)
    if pages:
        return pages
    total = _number(data, _TOTAL_KEYS)
    size = paging.size or (rows_on_page if paging.page == 1 else None)
    return math.ceil(total / size) if total and size else None


# --- one answer ---------------------------------------------------------------
def read_api(response: Response, page_url: str) -> ListPage:
    """Entries of an API answer (links relative to ``page_url``) and the
    requests for its further pages."""
    page = ListPage(cms=[NAME])
    if not isinstance(response, TextResponse):
        return page
    data = load_json(response.text)
    if data is None:  # an HTML fragment
        from . import read_list

        page.entries = read_list(response.replace(url=page_url)).entries
    else:
        page.entries = json_entries(data, page_url)
    paging = Paging.of(response.request)
    if not page.entries or paging is None or response.meta.get(PAGED):
        return page
    first = page.entries[0].url
    if first == response.meta.get(PREVIOUS):  # past the end: the last page again
        page.entries = []
        return page
    count = page_count(data, paging, len(page.entries)) if data is not None else None
    if count:
        last = min(count, paging.page + MAX_PAGE_REQUESTS)
        page.next_pages = [_with_meta(paging.request_for(n), {PAGED: True}) for n in range(paging.page + 1, last + 1)]
    else:
        page.next_pages = [_with_meta(paging.request_for(paging.page + 1), {PREVIOUS: first})]
    return page


def _with_meta(request: Request, meta: dict) -> Request:
    request.meta.update(meta)
    return request
