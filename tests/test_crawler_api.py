"""Lists behind a JSON API (browser-rendered columns): the calls the rendered
page made are noted, replayed as plain requests, read as entries, and paged
through by their page parameter."""

import json
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlsplit

from crawler_helpers import FILES, make_spider
from scrapy.http import HtmlResponse, Request, TextResponse

from crawler.cms.api import PAGED, PREVIOUS, call_request, read_api
from crawler.cms.browser import API_CALLS, api_call, render_request

BAIYUN = "https://www.by.gov.cn"
COLUMN = BAIYUN + "/gzbyq/c101/list.shtml"
BAISHA = "http://www.baisha.gov.cn"


def answer(call: dict, body: bytes, meta: dict | None = None, *, page_url: str = COLUMN) -> TextResponse:
    request = call_request(call)
    request = request.replace(meta={"site": "www.by.gov.cn", "kind": "api", "depth": 0, "page_url": page_url,
                                    **(meta or {})})
    return TextResponse(request.url, body=body, encoding="utf-8", request=request)


TRS_CALL = {"url": BAIYUN + "/api/doc/search", "method": "POST", "body": "channelId=101&pageIndex=1&pageSize=5",
            "headers": {"content-type": "application/x-www-form-urlencoded; charset=UTF-8",
                        "x-requested-with": "XMLHttpRequest", "user-agent": "Mozilla/5.0 HeadlessChrome"}}
JSONP_CALL = {"url": BAISHA + "/api/list.jsp?callback=jQuery11240367194829301_1737700000000&page=1&rows=2",
              "method": "GET", "body": "", "headers": {}}


def form(request: Request) -> dict:
    return dict(parse_qsl(request.body.decode()))


def test_rows_with_title_and_link_are_entries_relative_to_the_page():
    page = read_api(answer(TRS_CALL, (FILES / "api-trs-docs.json").read_bytes()), COLUMN)
    assert [e.url for e in page.entries][:2] == [BAIYUN + "/gzbyq/c101/202501/t20250124_5103912.shtml",
                                                 BAIYUN + "/gzbyq/c101/202501/t20250122_5103907.shtml"]
    first = page.entries[0]
    assert first.title == "广州市白云区人民政府2024年政府信息公开工作年度报告"  # highlight tags removed
    assert first.date == "2025-01-24"
    assert not any(e.url.endswith(".png") for e in page.entries)  # the document link, not its picture
    assert page.entries[3].url == BAIYUN + "/gzbyq/c101/202401/t20240126_4889120.shtml"


def test_total_over_page_size_asks_for_every_further_page_of_a_form_post():
    page = read_api(answer(TRS_CALL, (FILES / "api-trs-docs.json").read_bytes()), COLUMN)
    assert [form(r) for r in page.next_pages] == [
        {"channelId": "101", "pageIndex": "2", "pageSize": "5"}, {"channelId": "101", "pageIndex": "3", "pageSize": "5"}]
    assert all(r.method == "POST" and r.meta[PAGED] for r in page.next_pages)
    following = page.next_pages[0].headers
    assert following["Content-Type"].startswith(b"application/x-www-form-urlencoded")
    assert following["X-Requested-With"] == b"XMLHttpRequest" and b"User-Agent" not in following  # Scrapy's own
    again = read_api(answer({**TRS_CALL, "body": "channelId=101&pageIndex=2&pageSize=5"},
                            (FILES / "api-trs-docs.json").read_bytes(), {PAGED: True}), COLUMN)
    assert again.entries and not again.next_pages


def test_html_inside_json_and_a_page_number_inside_a_json_form_field():
    call = {"url": "http://www.qingyang.gov.cn/api-gateway/jpaas-publish-server/front/page/build/unit",
            "method": "POST", "headers": {"content-type": "application/x-www-form-urlencoded"},
            "body": "webId=2b1c&pageId=8f3e&parseType=bulidstatic&pageType=column&tagId=%E4%BF%A1%E6%81%AF%E5%88%97%E8%A1%A8"
                    "&tplSetId=a1b2&paramJson=%7B%22pageNo%22%3A1%2C%22pageSize%22%3A15%7D"}
    column = "http://www.qingyang.gov.cn/col/col1229/index.html"
    page = read_api(answer(call, (FILES / "api-jpaas-unit.json").read_bytes(), page_url=column), column)
    assert [(e.url, e.date) for e in page.entries][0] == (
        "http://www.qingyang.gov.cn/art/2025/1/20/art_1229_5201.html", "2025-01-20")
    assert len(page.entries) == 3
    fields = [form(r) for r in page.next_pages]
    assert [json.loads(f["paramJson"]) for f in fields] == [{"pageNo": 2, "pageSize": 15}, {"pageNo": 3, "pageSize": 15}]
    assert all(f["tagId"] == "信息列表" and f["webId"] == "2b1c" for f in fields)


def test_jsonp_without_a_count_pages_on_one_by_one_until_a_page_repeats():
    body = (FILES / "api-jsonp-list.js").read_bytes()
    page_url = BAISHA + "/xxgk/index.html"
    page = read_api(answer(JSONP_CALL, body, page_url=page_url), page_url)
    assert [(e.title, e.url, e.date) for e in page.entries][0] == (
        "白沙区人民政府2022年度政府信息公开工作年度报告", BAISHA + "/xxgk/ndbg/content_88103.html", "2023-01-30")
    [following] = page.next_pages
    query = dict(parse_qsl(urlsplit(following.url).query))
    assert query["page"] == "2" and query["rows"] == "2" and query["callback"].startswith("jQuery")
    assert following.meta[PREVIOUS] == page.entries[0].url
    repeated = read_api(answer({**JSONP_CALL, "url": following.url}, body, dict(following.meta), page_url=page_url),
                        page_url)
    assert not repeated.next_pages and not repeated.entries


def test_json_body_keeps_its_types_and_offsets_count_records():
    call = {"url": BAISHA + "/api/content/list", "method": "POST", "headers": {"content-type": "application/json"},
            "body": json.dumps({"channelId": "4021", "pageNo": 1, "pageSize": 10})}
    data = {"data": {"pages": 2, "list": [{"title": "白沙区人民政府2024年政府信息公开工作年度报告",
                                           "url": "/xxgk/ndbg/content_88105.html"}]}}
    [second] = read_api(answer(call, json.dumps(data).encode()), BAISHA + "/").next_pages
    assert json.loads(second.body) == {"channelId": "4021", "pageNo": 2, "pageSize": 10}
    offset = {**JSONP_CALL, "url": BAISHA + "/api/list?start=0&limit=1"}
    data["data"]["total"] = 3
    del data["data"]["pages"]
    pages = read_api(answer(offset, json.dumps(data).encode()), BAISHA + "/").next_pages
    assert [dict(parse_qsl(urlsplit(r.url).query))["start"] for r in pages] == ["1", "2"]


def test_an_answer_without_rows_or_without_a_page_parameter_asks_for_nothing_more():
    stats = {**JSONP_CALL, "url": BAISHA + "/api/visit?page=1"}
    assert not read_api(answer(stats, b'{"visits": 1234, "total": 99}'), BAISHA + "/").next_pages
    column = {**JSONP_CALL, "url": BAISHA + "/api/column/4021"}
    data = b'{"pages": 3, "list": [{"title": "a", "url": "/a.html"}]}'
    page = read_api(answer(column, data), BAISHA + "/")
    assert page.entries and not page.next_pages


def test_only_script_calls_are_noted_and_renders_note_them():
    def pw_request(resource_type, method="GET", body=None):
        return SimpleNamespace(resource_type=resource_type, method=method, url=BAISHA + "/api/x", post_data=body,
                               headers={"content-type": "application/json"})

    assert api_call(pw_request("fetch", "POST", '{"pageNo": 1}')) == {
        "url": BAISHA + "/api/x", "method": "POST", "body": '{"pageNo": 1}', "headers": {"content-type": "application/json"}}
    assert api_call(pw_request("xhr"))["body"] == ""
    assert api_call(pw_request("image")) is None and api_call(pw_request("document")) is None
    assert render_request(BAISHA + "/").meta["playwright_page_init_callback"] == "crawler.cms.browser.prepare_page"


def rendered_list(spider, calls):
    request = render_request(BAISHA + "/xxgk/ndbg/index.html",
                             meta={"site": "www.baisha.gov.cn", "kind": "list", "depth": 0, API_CALLS: calls})
    listing = ('<html><body><ul id="list"><li><a href="/xxgk/ndbg/content_88105.html">'
               "白沙区人民政府2024年政府信息公开工作年度报告</a></li></ul></body></html>").encode()
    return list(spider.parse_list(HtmlResponse(request.url, body=listing, encoding="utf-8", request=request)))


def test_spider_replays_in_scope_calls_of_a_rendered_list_and_pages_through_the_list_api():
    spider = make_spider(BAISHA + "/")
    list_call = {"url": BAISHA + "/api/content/list?channelId=4021&pageNo=1&pageSize=1", "method": "GET",
                 "body": "", "headers": {}}
    offsite = {**list_call, "url": "https://hm.baidu.com/hm.js?1234"}
    results = [r for r in rendered_list(spider, [list_call, offsite]) if isinstance(r, Request)]
    [replay] = [r for r in results if r.meta["kind"] == "api"]
    assert replay.url == list_call["url"] and replay.callback == spider.parse_api
    assert replay.meta["page_url"] == BAISHA + "/xxgk/ndbg/index.html"
    data = {"data": {"pages": 2, "list": [{"title": "白沙区人民政府2024年政府信息公开工作年度报告",
                                           "url": "/xxgk/ndbg/content_88105.html"}]}}
    response = TextResponse(replay.url, body=json.dumps(data).encode(), encoding="utf-8", request=replay)
    followed = list(spider.parse_api(response))
    # the row was already listed by the rendered page: not requested twice, but the list pages on
    assert [(r.meta["kind"], r.url) for r in followed] == [
        ("list", BAISHA + "/api/content/list?channelId=4021&pageNo=2&pageSize=1")]
    assert followed[0].callback == spider.parse_api


def test_spider_does_not_page_through_an_api_without_reports():
    spider = make_spider(BAISHA + "/")
    call = {"url": BAISHA + "/api/news?pageNo=1", "method": "GET", "body": "", "headers": {}}
    [replay] = [r for r in rendered_list(spider, [call]) if isinstance(r, Request) and r.meta["kind"] == "api"]
    news = {"pages": 500, "list": [{"title": "白沙区召开防汛工作会议", "url": "/xwzx/1.html"}]}
    response = TextResponse(replay.url, body=json.dumps(news).encode(), encoding="utf-8", request=replay)
    assert list(spider.parse_api(response)) == []
