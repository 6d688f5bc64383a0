"""Hanweb 大汉 lists (jpage): the first records sit in
``<script type="text/xml"><datastore><recordset><record><![CDATA[…]]>``; the
others come from ``POST /module/web/jpage/dataproxy.jsp?startrecord=&endrecord=&perpage=``
with the column's parameters (columnid, unitid, webid, path, webname …), read
from the ``<nextgroup>`` link or the page's jpage script."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from parsel import Selector
from scrapy.http import FormRequest, Response, TextResponse

from . import MAX_PAGE_REQUESTS
from .generic import MAX_LINKS, anchor_entries

NAME = "hanweb"
PROXY_PATH = "/module/web/jpage/dataproxy.jsp"

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>", re.S)
_TOTAL = re.compile(r"<totalrecord>\s*(\d+)|totalRecord\s*[:=]\s*['\"]?(\d+)", re.I)
_PER_PAGE = re.compile(r"perPage\s*[:=]\s*['\"]?(\d+)", re.I)
_GROUP = re.compile(r"groupSize\s*[:=]\s*['\"]?(\d+)", re.I)
_PARAM_NAMES = ("col", "appid", "webid", "path", "columnid", "sourceContentType", "unitid", "webname", "permissiontype")
_JS_PARAM = re.compile(r"\b(" + "|".join(_PARAM_NAMES) + r")\s*[:=]\s*['\"]?([^'\",&}\s]+)")


def matches(response: Response) -> bool:
    return isinstance(response, TextResponse) and (
        "<datastore>" in response.text or PROXY_PATH in urlsplit(response.url).path
    )


def entries(response: Response, *, max_links: int = MAX_LINKS) -> list:
    found = []
    for record in _RECORD.findall(response.text):
        if len(found) >= max_links:
            break
        found.extend(anchor_entries(Selector(text=record), response.url, max_links=max_links - len(found)))
    return found


def column_params(text: str) -> dict[str, str]:
    """The column's dataproxy parameters, from the nextgroup link, else the script."""
    params = {"col": "1", "appid": "1", "sourceContentType": "1", "permissiontype": "0"}
    params.update((k, v) for k, v in _JS_PARAM.findall(text))
    nextgroup = _NEXTGROUP.search(text)
    if nextgroup:
        href = Selector(text=nextgroup.group(1)).css("a::attr(href)").get() or ""
        params.update((k, v) for k, v in parse_qsl(urlsplit(href).query) if k in _PARAM_NAMES)
    return params


def _int(pattern: re.Pattern, text: str, default: int | None) -> int | None:
    match = pattern.search(text)
    if not match:
        return default
    return int(next(g for g in match.groups() if g))


def next_pages(response: Response) -> list[FormRequest]:
    """Further record groups: up to ``<totalrecord>`` when the answer gives
    it; without it, one group after another only while groups come back full
    (an answer with no records, or fewer than it was asked for, is the end)."""
    text = response.text
    query = dict(parse_qsl(urlsplit(response.url).query))
    records = len(_RECORD.findall(text))
    if PROXY_PATH in urlsplit(response.url).path:
        # a dataproxy answer: its request carried the column's form data
        params = dict(parse_qsl((response.request.body or b"").decode("utf-8", "replace"))) if response.request else {}
        per_page = int(query.get("perpage", 15))
        covered = int(query.get("endrecord", 0))
        chunk = covered - int(query.get("startrecord", 1)) + 1
    else:
        params = column_params(text)
        per_page = _int(_PER_PAGE, text, 15)
        covered = records
        chunk = per_page * _int(_GROUP, text, 3)
    if "columnid" not in params or chunk <= 0 or records == 0:
        return []
    total = _int(_TOTAL, text, None)
    if total is None:
        if PROXY_PATH in urlsplit(response.url).path and records < chunk:
            return []
        total = covered + chunk  # one more group
    total = min(total, covered + chunk * MAX_PAGE_REQUESTS)
    requests = []
    for start in range(covered + 1, total + 1, chunk):
        end = min(start + chunk - 1, total)
        url = response.urljoin(f"{PROXY_PATH}?startrecord={start}&endrecord={end}&perpage={per_page}")
        requests.append(FormRequest(url, formdata=params))
    return requests
