"""Paging that always ends: every list adapter (TRS page script, Hanweb
dataproxy, JSON APIs, generic 下一页 links) against an endless list (every
answer says "more", with new entries) and a list that repeats itself; the
column stops at the ceiling, or at the repeat, and says so."""

from __future__ import annotations

import json

import pytest
from crawler_helpers import LocalSite, Page, make_spider, run_crawl_command
from scrapy.http import Request, TextResponse

from crawler.paging import CEILING, NO_NEW_ENTRIES, REPEAT, WINDOW, Pager

REPORT = "青溪县人民政府2024年政府信息公开工作年度报告"


# --- the pager alone ------------------------------------------------------------
def requests(n: int, start: int = 1) -> list[Request]:
    return [Request(f"http://x.gov.cn/list_{i}.html") for i in range(start, start + n)]


def test_pages_are_released_a_window_at_a_time_up_to_the_ceiling():
    pager = Pager(ceiling=10)
    pager.open("http://x.gov.cn/list.html", "x")
    pager.read("http://x.gov.cn/list.html", ["/a"], first=True)
    pager.offer("http://x.gov.cn/list.html", requests(50))
    released = pager.release("http://x.gov.cn/list.html")
    assert len(released) == WINDOW
    total = len(released)
    for n in range(100):
        pager.read("http://x.gov.cn/list.html", [f"/b{n}"], first=False)
        total += len(pager.release("http://x.gov.cn/list.html"))
    assert total == 9  # the first page and 9 more
    assert pager.columns["http://x.gov.cn/list.html"].stopped == CEILING


def test_a_page_asked_for_twice_is_asked_for_once():
    pager = Pager(ceiling=10)
    pager.open("http://x.gov.cn/list.html", "x")
    pager.offer("http://x.gov.cn/list.html", requests(2) + requests(2) + [Request("http://x.gov.cn/list.html")])
    assert len(pager.release("http://x.gov.cn/list.html")) == 2


@pytest.mark.parametrize("pages, reason", [
    ([["/a", "/b"], ["/a", "/b"]], REPEAT),
    ([["/a", "/b"], ["/c"], ["/a", "/c"]], NO_NEW_ENTRIES),
])
def test_a_repeated_page_or_one_with_nothing_new_stops_the_column(pages, reason):
    pager = Pager(ceiling=100)
    pager.open("u", "x")
    stops = [pager.read("u", page, first=n == 0) for n, page in enumerate(pages)]
    assert stops[-1] == reason and set(stops[:-1]) == {None}
    assert pager.by_site()["x"]["u"]["stopped"] == reason


# --- the spider against endless and repeating lists, without a network -----------------
def drive(spider, first: Request, answer, limit: int = 5000) -> int:
    """Feed the spider's list requests the answers of ``answer(request, n)``
    until it asks for no more; returns how many list pages it asked for."""
    queue, asked = [first], 0
    while queue:
        request = queue.pop(0)
        asked += 1
        assert asked < limit, "the spider never stopped paging"
        body, cls = answer(request, asked)
        response = cls(request.url, body=body, encoding="utf-8", request=request)
        for result in request.callback(response):
            if isinstance(result, Request) and result.meta.get("kind") == "list":
                queue.append(result)
    return asked


def api_rows(n: int, *, repeat: bool) -> bytes:
    k = 0 if repeat else n
    rows = [{"title": f"通知{k}-{i}", "url": f"/art/{k}_{i}.html"} for i in range(5)]
    rows[-1] = {"title": REPORT, "url": "/art/report.html"}
    return json.dumps({"data": {"list": rows}}).encode()


@pytest.mark.parametrize("repeat, reason", [(False, CEILING), (True, NO_NEW_ENTRIES)])
def test_a_json_api_without_a_count_stops(repeat, reason):
    spider = make_spider("http://x.gov.cn/", settings={"NIANBAO_MAX_LIST_PAGES": 25})
    call = Request("http://x.gov.cn/api/list?pageNo=1&pageSize=5", callback=spider.parse_api,
                   meta={"site": "x.gov.cn", "kind": "api", "depth": 0, "column": "http://x.gov.cn/l.html",
                         "page_url": "http://x.gov.cn/l.html"})
    asked = drive(spider, call, lambda request, n: (api_rows(n, repeat=repeat), TextResponse))
    column = spider.site_details("x.gov.cn")["columns"]["http://x.gov.cn/l.html"]
    assert column["stopped"] == reason
    assert asked == (25 if reason == CEILING else 2)


def test_a_json_api_with_an_endless_page_count_stops_at_the_ceiling():
    spider = make_spider("http://x.gov.cn/", settings={"NIANBAO_MAX_LIST_PAGES": 30})
    call = Request("http://x.gov.cn/api/list?pageNo=1&pageSize=5", callback=spider.parse_api,
                   meta={"site": "x.gov.cn", "kind": "api", "depth": 0, "column": "http://x.gov.cn/l.html",
                         "page_url": "http://x.gov.cn/l.html"})

    def answer(request, n):
        data = json.loads(api_rows(n, repeat=False))
        data["data"]["totalPage"] = 10**9
        return json.dumps(data).encode(), TextResponse

    assert drive(spider, call, answer) == 30
    assert spider.site_details("x.gov.cn")["columns"]["http://x.gov.cn/l.html"]["stopped"] == CEILING


# --- real crawls of a local server whose lists never end --------------------------------
def rows(n: int, repeat: bool) -> str:
    k = 0 if repeat else n
    items = [f'<li><a href="/doc/{k}_{i}.html">公告{k}-{i}</a></li>' for i in range(4)]
    return f'<li><a href="/doc/report.html">{REPORT}</a></li>' + "".join(items)


def trs_page(repeat: bool):
    def page(handler):
        n = int(handler.path.rsplit("_", 1)[-1].split(".")[0]) if "_" in handler.path else 0
        return Page(f"<html><body><ul>{rows(n, repeat)}</ul><script>createPageHTML(100000, {n}, \"index\", \"html\");"
                    "</script></body></html>".encode())
    return page


def generic_page(repeat: bool):
    def page(handler):
        n = int(handler.path.split("page=")[-1]) if "page=" in handler.path else 1
        base = handler.path.split("?")[0]
        return Page(f'<html><body><ul>{rows(n, repeat)}</ul><a href="{base}?page={n + 1}">下一页</a>'
                    "</body></html>".encode())
    return page


def hanweb_column(handler):
    record = f"<record><![CDATA[<li><a href=\"/doc/report.html\">{REPORT}</a></li>]]></record>"
    script = ("$('#1').jpage({perPage: 5, groupSize: 1, ajaxParam: {col: 1, appid: 1, webid: 1, path: '/', "
              "columnid: 77, unitid: 9, webname: 'x', permissiontype: 0}});")
    return Page(f"<html><body><script type=\"text/xml\"><datastore><recordset>{record}</recordset></datastore>"
                f"</script><script>{script}</script></body></html>".encode())


def hanweb_proxy(repeat: bool):
    def page(handler):
        start = int(handler.path.split("startrecord=")[1].split("&")[0])
        k = 0 if repeat else start
        records = "".join(f"<record><![CDATA[<li><a href=\"/art/{k}_{i}.html\">公告{k}-{i}</a></li>]]></record>"
                          for i in range(5))
        return Page(f"<datastore><recordset>{records}</recordset></datastore>".encode(),
                    headers={"Content-Type": "text/xml; charset=utf-8"})
    return page


@pytest.mark.slow
def test_a_crawl_of_endless_and_repeating_lists_ends_and_says_why(tmp_path):
    links = {"/trs/index.html": "乡镇年报", "/trs2/index.html": "部门年报", "/gen/list.html": "年度报告",
             "/gen2/list.html": "信息公开年报", "/col/col77/index.html": "政府信息公开年报"}
    home = "".join(f'<a href="{path}">{text}</a>' for path, text in links.items())
    pages = {"/": Page(f"<html><head><title>政务公开</title></head><body>{home}</body></html>".encode()),
             "/robots.txt": Page(b"", 404), "/doc/report.html": Page(b"<html></html>"),
             "/col/col77/index.html": hanweb_column,
             "/module/web/jpage/dataproxy.jsp": hanweb_proxy(False)}
    for prefix, repeat in (("/trs/", False), ("/trs2/", True)):
        pages.update({f"{prefix}index.html": trs_page(repeat)}
                     | {f"{prefix}index_{n}.html": trs_page(repeat) for n in range(1, 40)})
    pages["/gen/list.html"] = generic_page(False)
    pages["/gen2/list.html"] = generic_page(True)
    with LocalSite(pages) as site:
        code, summary, log = run_crawl_command([f"--start-url={site.url}/", "-s", "NIANBAO_MAX_LIST_PAGES=12"],
                                               tmp_path, timeout=300)
        columns = summary["sites"][site.url.split("//")[1]]["columns"]
        stopped = {url.split(site.url)[1]: c["stopped"] for url, c in columns.items()}
        assert stopped == {"/trs/index.html": CEILING, "/trs2/index.html": REPEAT, "/gen/list.html": CEILING,
                           "/gen2/list.html": REPEAT, "/col/col77/index.html": CEILING}, stopped
        assert all(c["pages"] <= 12 for c in columns.values())
        assert "stopped paging (ceiling)" in log
        assert site.requested("/module/web/jpage/dataproxy.jsp") == 0 or len(site.log) < 200
