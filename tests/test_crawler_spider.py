"""The report spider on saved responses: discovery, lists, report pages and
attachments, scope."""

import pytest
from conftest import real_file
from crawler_helpers import file_response, make_spider
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Request

from crawler.challenge import ChallengeMiddleware, SiteBlocked, is_challenge
from crawler.cms.browser import BROWSER_COOKIES
from crawler.discovery import score_link
from crawler.items import CapturedDocument
from crawler.scope import ScopeMiddleware, netloc

SHIMEN = "http://www.shimen.gov.cn/xxgk/nb/"
QINGXI = "http://www.qingxi.gov.cn/xxgk/nb/202401/t20240126_5001.html"


def requests_of(results):
    return [r for r in results if isinstance(r, Request)]


@pytest.fixture(scope="module")
def generic_results():
    spider = make_spider("http://www.shimen.gov.cn/")
    response = file_response("generic-list.html", SHIMEN, meta={"site": "www.shimen.gov.cn"})
    return spider, list(spider.parse_list(response))


def test_list_follows_reports_truncated_titles_and_direct_files(generic_results):
    _, results = generic_results
    reports = [r.url for r in requests_of(results) if r.meta["kind"] == "report"]
    assert reports == [SHIMEN + "202501/t20250121_3301.html", SHIMEN + "202401/t20240125_3100.html",
                       "http://www.shimen.gov.cn/files/2023/nb2022.pdf"]


def test_list_skips_distractors_and_mirror_domains(generic_results):
    _, results = generic_results
    urls = {r.url for r in requests_of(results)}
    assert SHIMEN + "202501/t20250120_3300.html" not in urls  # 解读
    assert SHIMEN + "202501/t20250117_3299.html" not in urls  # 法治政府
    assert not any("mirror-example" in u for u in urls)


def test_list_follows_pages_and_subcolumns(generic_results):
    _, results = generic_results
    lists = sorted(r.url for r in requests_of(results) if r.meta["kind"] == "list")
    assert lists == [SHIMEN + "2024/", SHIMEN + "bmnb/", SHIMEN + "index_1.html", SHIMEN + "xznb/"]


def test_sub_columns_of_a_column_found_deep_below_the_home_page_are_read():
    """Scrapy's DepthMiddleware sets meta["depth"] to the hops from the start;
    a column's nesting is its own count."""
    spider = make_spider("http://www.shimen.gov.cn/")
    response = file_response("generic-list.html", SHIMEN, meta={"site": "www.shimen.gov.cn", "depth": 4})
    lists = {r.url for r in requests_of(spider.parse_list(response)) if r.meta["kind"] == "list"}
    assert SHIMEN + "xznb/" in lists and SHIMEN + "bmnb/" in lists


def test_requests_carry_site_and_errback(generic_results):
    spider, results = generic_results
    for request in requests_of(results):
        assert request.meta["site"] == "www.shimen.gov.cn"
        assert request.errback == spider.on_error


def test_truncated_title_is_not_passed_on_as_title(generic_results):
    _, results = generic_results
    hints = {r.url: r.meta["hints"] for r in requests_of(results) if r.meta["kind"] == "report"}
    assert hints[SHIMEN + "202401/t20240125_3100.html"]["title"] is None
    assert hints[SHIMEN + "202501/t20250121_3301.html"]["date"] == "2025-01-21"


def test_discovery_looks_at_the_best_candidates_first():
    spider = make_spider("http://www.example.gov.cn/")
    home = (b'<html><body><a href="/xwzx/">\xe6\x96\xb0\xe9\x97\xbb</a>'
            + '<a href="/zwgk/">政务公开</a><a href="/col/col4521/index.html">乡镇年报</a>'.encode()
            + '<a href="/hdjl/">互动交流</a><a href="http://www.gov.cn/">政府信息公开</a></body></html>'.encode())
    response = file_response("trs-list.html", "http://www.example.gov.cn/", body=home,
                             meta={"site": "www.example.gov.cn", "kind": "discover"})
    results = requests_of(spider.parse_discover(response))
    assert [(r.url, r.meta["kind"]) for r in results] == [
        ("http://www.example.gov.cn/col/col4521/index.html", "discover"), ("http://www.example.gov.cn/zwgk/", "discover")]
    assert results[0].meta["candidate"].why()["link"] == "乡镇年报"


def probe(spider, url: str, body: str, link: str):
    response = file_response("trs-list.html", url, body=body.encode(),
                             meta={"site": "www.example.gov.cn", "kind": "discover",
                                   "candidate": score_link(link, url, depth=1)})
    return requests_of(spider.parse_discover(response))


def test_a_page_is_a_column_by_its_contents_whatever_its_link_said():
    spider = make_spider("http://www.example.gov.cn/")
    url = "http://www.example.gov.cn/channel/12.html"
    listing = ('<html><body><ul><li><a href="/channel/12/t20250110_1.html">清溪县青溪镇2024年政府信息公开工作年度报告'
               '</a></li></ul></body></html>')
    results = probe(spider, url, listing, "法定主动公开内容")
    assert [r.meta["kind"] for r in results] == ["report"]
    why = spider.site_details("www.example.gov.cn")["columns"][url]["why"]
    assert why["link"] == "法定主动公开内容" and why["contents"] == "1 report titles"


def test_a_page_named_a_column_that_lists_no_report_is_none():
    spider = make_spider("http://www.example.gov.cn/")
    url = "http://www.example.gov.cn/col/col99/index.html"
    listing = '<html><body><ul><li><a href="/art/1.html">青溪县2024年法治政府建设年度报告</a></li></ul></body></html>'
    assert [r for r in probe(spider, url, listing, "年度报告") if r.meta["kind"] != "discover"] == []
    assert spider.site_details("www.example.gov.cn")["columns"] == {}


def test_discovery_stops_at_the_depth_limit():
    spider = make_spider("http://www.example.gov.cn/", settings={"NIANBAO_DISCOVERY_DEPTH": 1})
    page = '<html><body><a href="/zwgk/xxgk/">信息公开</a></body></html>'.encode()
    candidate = score_link("政务公开", "http://www.example.gov.cn/zwgk/", depth=1)
    response = file_response("trs-list.html", "http://www.example.gov.cn/zwgk/", body=page,
                             meta={"site": "www.example.gov.cn", "kind": "discover", "candidate": candidate})
    assert requests_of(spider.parse_discover(response)) == []


def test_start_url_that_is_a_list_is_read_as_one():
    spider = make_spider("https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/")
    response = file_response("trs-list.html", "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/",
                             meta={"site": "www.pingtan.gov.cn", "kind": "discover"})
    kinds = [r.meta["kind"] for r in requests_of(spider.parse_discover(response))]
    assert kinds.count("report") == 10 and kinds.count("list") >= 2


@pytest.fixture(scope="module")
def attachment_results():
    spider = make_spider("http://www.qingxi.gov.cn/")
    response = file_response("report-attachments.html", QINGXI,
                             meta={"site": "www.qingxi.gov.cn", "kind": "report", "hints": {"date": "2024-01-26"}})
    return list(spider.parse_report(response))


def test_report_page_item_reads_meta_tags(attachment_results):
    item = attachment_results[0]
    assert isinstance(item, CapturedDocument) and item.kind == "page"
    assert item.title == "清溪县交通运输局2023年度政府信息公开工作年度报告"
    assert (item.year, item.agency, item.published) == (2023, "清溪县交通运输局", "2024-01-26 09:30")
    assert item.meta["SiteIDCode"] == "3311270001" and item.meta["ColumnName"] == "政府信息公开年报"
    assert item.filename.endswith(".html")


def test_report_page_attachments(attachment_results):
    item = attachment_results[0]
    base = "http://www.qingxi.gov.cn/xxgk/nb/202401/"
    assert sorted(item.attachments) == sorted([
        base + "P020240126512345678903.docx",
        "http://www.qingxi.gov.cn/module/download/downfile.jsp?classid=0&filename=2401261234567.wps",
        base + "P020240126512345678904.ofd",
        base + "P020240126512345678902.pdf",  # behind the pdf.js viewer iframe
        base + "W020240126512345678901.jpg",  # an image in the report body, not the logo
    ])


def test_attachment_requests_carry_the_page_hints(attachment_results):
    requests = requests_of(attachment_results)
    assert len(requests) == 5 and all(r.meta["kind"] == "attachment" for r in requests)
    hints = requests[0].meta["hints"]
    assert hints["page_url"] == QINGXI
    assert hints["title"] == "清溪县交通运输局2023年度政府信息公开工作年度报告"


def test_attachment_item_takes_the_page_hints(attachment_results):
    spider = make_spider("http://www.qingxi.gov.cn/")
    request = next(r for r in requests_of(attachment_results) if r.url.endswith(".docx"))
    response = file_response(real_file("template-2021.docx"), request.url, request=request)
    item = next(spider.parse_attachment(response))
    assert (item.kind, item.year, item.agency, item.page_url) == ("attachment", 2023, "清溪县交通运输局", QINGXI)
    assert item.filename == "P020240126512345678903.docx"


def test_page_whose_meta_title_is_not_a_report_is_dropped():
    spider = make_spider("http://www.qingxi.gov.cn/")
    body = real_file("pingtan-2024.html").read_bytes().replace(
        "平潭综合实验区2024年度政府信息公开工作年度报告".encode(), "平潭综合实验区2024年法治政府建设年度报告".encode())
    response = file_response("x.html", "http://www.qingxi.gov.cn/a.htm", body=body,
                             meta={"site": "www.qingxi.gov.cn", "kind": "report"})
    assert list(spider.parse_report(response)) == []


def test_real_pingtan_report_page_has_its_report_in_the_body():
    spider = make_spider("https://www.pingtan.gov.cn/")
    url = "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202503/t20250310_97791.htm"
    response = file_response(real_file("pingtan-2024.html"), url, meta={"site": "www.pingtan.gov.cn", "kind": "report"})
    results = list(spider.parse_report(response))
    assert len(results) == 1  # no attachments: the banner and the weather iframe are not reports
    assert (results[0].year, results[0].agency, results[0].published) == (2024, "平潭综合实验区", "2025-03-10 15:35")


# scope -----------------------------------------------------------------------
def scope_for(spider):
    return ScopeMiddleware(spider.crawler)


@pytest.mark.parametrize("url, allowed", [
    ("http://127.0.0.1:8001/zfxxgknb/", True),
    ("http://127.0.0.1:8002/", False),                   # another port is another site
    ("http://127.0.0.2:8001/", False),                   # another host
    ("http://www-pingtan-gov-cn.ipv6best.cn/", False),   # SEO mirror domain
])
def test_scope_is_the_netloc(url, allowed):
    spider = make_spider("http://127.0.0.1:8001/")
    request = Request(url, meta={"site": "127.0.0.1:8001"})
    if allowed:
        assert scope_for(spider).process_request(request) is None
    else:
        with pytest.raises(IgnoreRequest):
            scope_for(spider).process_request(request)


def test_offsite_redirect_is_dropped_and_counted():
    spider = make_spider("http://127.0.0.1:8001/")
    redirected = Request("http://127.0.0.2:8001/x", meta={"redirect_urls": ["http://127.0.0.1:8001/x"]})
    with pytest.raises(IgnoreRequest):
        scope_for(spider).process_request(redirected)
    assert spider.crawler.stats.get_value("nianbao/offsite/redirect") == 1


def test_netloc_ignores_default_ports():
    assert netloc("https://WWW.Example.gov.cn:443/a") == netloc("http://www.example.gov.cn/b") == "www.example.gov.cn"


# challenge -------------------------------------------------------------------
CHALLENGE = (b'<html><head><meta content="xyz" r="m"><script type="text/javascript" r="m">'
             b"$_ts=window['$_ts'];if(!$_ts)$_ts=window['$_ts']={};$_ts.nsd=12345;</script>"
             b'<script type="text/javascript" charset="utf-8" src="/abc/def.js" r="m"></script></head><body></body></html>')


def test_challenge_detection():
    assert is_challenge(412, CHALLENGE)
    assert not is_challenge(200, CHALLENGE)
    assert not is_challenge(412, b"<html>Precondition Failed</html>")
    assert not is_challenge(412, CHALLENGE + b" " * 30000, rendered=True)  # the browser got the page


def test_challenge_is_retried_in_the_browser_then_blocked():
    spider = make_spider("http://127.0.0.1:8001/", settings={"NIANBAO_BROWSER_ENABLED": True})
    middleware = ChallengeMiddleware(spider.crawler)
    request = Request("http://127.0.0.1:8001/xxgk/", meta={"site": "s", "kind": "list"}, callback=spider.parse_list)
    response = file_response("x.html", request.url, body=CHALLENGE, request=request).replace(status=412)
    retry = middleware.process_response(request, response)
    assert isinstance(retry, Request) and retry.meta["playwright"] and retry.dont_filter
    assert retry.meta["kind"] == "list" and retry.callback == spider.parse_list
    with pytest.raises(SiteBlocked):
        middleware.process_response(retry, response.replace(request=retry))
    assert spider.crawler.stats.get_value("nianbao/sites/s/blocked") == 1


def test_cookies_that_passed_a_challenge_go_with_later_plain_requests_to_that_host():
    spider = make_spider("http://127.0.0.1:8001/", settings={"NIANBAO_BROWSER_ENABLED": True})
    middleware = ChallengeMiddleware(spider.crawler)
    request = Request("http://127.0.0.1:8001/", meta={"site": "s", "kind": "list"})
    response = file_response("x.html", request.url, body=CHALLENGE, request=request).replace(status=412)
    retry = middleware.process_response(request, response)
    retry.meta[BROWSER_COOKIES] = {"FSSBBIl1UgzbN7N80T": "7a1c"}  # what the browser sent after the script ran
    passed = middleware.process_response(retry, response.replace(request=retry, body=b"<html>" + b" " * 30000))
    assert passed.status == 200
    later, elsewhere = Request("http://127.0.0.1:8001/xxgk/r.html"), Request("http://127.0.0.1:8002/")
    for plain in (later, elsewhere):
        middleware.process_request(plain)
    assert later.cookies == {"FSSBBIl1UgzbN7N80T": "7a1c"} and not elsewhere.cookies


def test_challenge_without_browser_is_blocked_at_once():
    spider = make_spider("http://127.0.0.1:8001/")
    request = Request("http://127.0.0.1:8001/", meta={"site": "s"})
    response = file_response("x.html", request.url, body=CHALLENGE, request=request).replace(status=412)
    with pytest.raises(SiteBlocked):
        ChallengeMiddleware(spider.crawler).process_response(request, response)


def test_gbk_page_that_declares_utf8_is_read_as_gbk():
    spider = make_spider("http://www.shimen.gov.cn/")
    page = real_file("pingtan-2024.html").read_text().encode("gbk", "xmlcharrefreplace")
    response = file_response("x.html", "http://www.shimen.gov.cn/r.html", body=page,
                             meta={"site": "www.shimen.gov.cn", "kind": "report"})
    (item,) = spider.parse_report(response)
    assert item.title == "平潭综合实验区2024年度政府信息公开工作年度报告" and item.year == 2024


@pytest.mark.parametrize("declared", ["utf-8", "iso-8859-1", None])
def test_gbk_report_page_is_read_as_gbk_whatever_its_header_declares(declared):
    title = "石门县人民政府2023年政府信息公开工作年度报告"
    page = (f'<html><head><meta name="ArticleTitle" content="{title}"></head>'
            f"<body><h1>{title}</h1><p>一、总体情况</p></body></html>").encode("gbk")
    url = "http://www.shimen.gov.cn/r.html"
    headers = {"Content-Type": f"text/html; charset={declared}" if declared else "text/html"}
    request = Request(url, meta={"site": "www.shimen.gov.cn", "kind": "report", "depth": 0})
    response = HtmlResponse(url=url, body=page, headers=headers, request=request)
    (item,) = make_spider("http://www.shimen.gov.cn/").parse_report(response)
    assert item.title == title and item.year == 2023


def test_links_by_body_beside_a_proven_column_are_read_once_it_lists_reports():
    spider = make_spider("http://www.example.gov.cn/")
    portal = ('<html><body><ul><li><a href="/channel/11.html">政府信息公开年报</a></li>'
              '<li><a href="/channel/12.html">部门</a></li><li><a href="/channel/13.html">乡镇</a></li>'
              '<li><a href="/channel/14.html">政策解读</a></li><li><a href="/channel/15.html">互动交流</a></li></ul>'
              '</body></html>')
    candidate = score_link("政务公开", "http://www.example.gov.cn/channel/1.html", depth=1)
    response = file_response("trs-list.html", "http://www.example.gov.cn/channel/1.html", body=portal.encode(),
                             meta={"site": "www.example.gov.cn", "kind": "discover", "candidate": candidate})
    [column] = requests_of(spider.parse_discover(response))
    assert column.url.endswith("/channel/11.html")   # 部门 and 乡镇 alone say too little
    listing = ('<html><body><ul><li><a href="/channel/11/t20250110_1.html">青溪县人民政府2024年政府信息公开工作年度报告'
               '</a></li></ul></body></html>')
    page = file_response("trs-list.html", column.url, body=listing.encode(), request=column)
    followed = {r.url.rsplit("/", 1)[-1]: r.meta["kind"] for r in requests_of(spider.parse_discover(page))}
    assert followed == {"t20250110_1.html": "report", "12.html": "list", "13.html": "list"}
    why = spider.pager.columns["http://www.example.gov.cn/channel/12.html"].why
    assert why["beside"] == column.url and "a body inside or beside a report column" in why["features"]
