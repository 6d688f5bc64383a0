"""CMS adapters on saved list pages: entries and further pages."""

from urllib.parse import parse_qsl, urlsplit

from conftest import real_file
from crawler_helpers import file_response
from scrapy.http import Request

from crawler.cms import hanweb, read_list, trs
from crawler.filters import is_annual_report_title

TRS_URL = "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/"
HANWEB_URL = "http://www.songshan.gov.cn/col/col4015617/index.html"


def reports(page):
    return [e for e in page.entries if is_annual_report_title(e.title, in_report_column=True)]


def test_trs_list_entries_are_the_ten_reports():
    page = read_list(file_response("trs-list.html", TRS_URL))
    found = reports(page)
    assert "trs" in page.cms
    assert len(found) == 10
    assert found[1].url == TRS_URL + "202503/t20250310_97791.htm"
    assert found[1].date == "2025-03-10"


def test_trs_pages_come_from_the_page_script():
    page = read_list(file_response("trs-list.html", TRS_URL))
    assert sorted(r.url for r in page.next_pages) == [TRS_URL + "index_1.html", TRS_URL + "index_2.html"]


def test_trs_count_page_variables():
    script = b'<script>var countPage = 4;var currentPage = 0;var prefix = "index";var suffix = "shtml";</script>'
    response = file_response("trs-list.html", TRS_URL + "index.shtml", body=script)
    assert trs.page_count(response.text) == (4, "index", "shtml")
    assert [r.url for r in trs.next_pages(response)][-1] == TRS_URL + "index_3.shtml"


def test_real_pingtan_list_without_page_script_is_not_trs_paged():
    response = file_response(real_file("pingtan-list.html"), TRS_URL)
    assert not trs.matches(response)


def test_hanweb_entries_come_from_the_cdata_records():
    page = read_list(file_response("hanweb-list.html", HANWEB_URL))
    assert page.cms[0] == "hanweb"
    titles = [e.title for e in reports(page)]
    assert titles == [
        "松山市人民政府2024年政府信息公开工作年度报告", "松山市发展和改革委员会2024年政府信息公开工作年度报告",
        "松山市人民政府2023年政府信息公开工作年度报告", "松山市人民政府2022年政府信息公开工作年度报告",
    ]
    assert reports(page)[0].url == "http://www.songshan.gov.cn/art/2025/1/20/art_4015617_5678001.html"


def test_hanweb_further_records_by_dataproxy_post():
    response = file_response("hanweb-list.html", HANWEB_URL)
    requests = hanweb.next_pages(response)
    # 6 records on the page, 14 in all, 2 per page x 3 pages per request
    assert [urlsplit(r.url).query for r in requests] == [
        "startrecord=7&endrecord=12&perpage=2", "startrecord=13&endrecord=14&perpage=2"]
    assert all(r.method == "POST" and urlsplit(r.url).path == hanweb.PROXY_PATH for r in requests)
    form = dict(parse_qsl(requests[0].body.decode()))
    assert form["columnid"] == "4015617" and form["unitid"] == "13473641" and form["webid"] == "35"
    assert form["webname"] == "松山市人民政府"


def test_hanweb_dataproxy_answer():
    post = hanweb.next_pages(file_response("hanweb-list.html", HANWEB_URL))[0]
    response = file_response("hanweb-dataproxy.xml", post.url, request=Request(post.url, method="POST", body=post.body,
                                                                              meta={"site": "x"}))
    page = read_list(response)
    assert [e.title[:12] for e in reports(page)] == ["松山市人民政府2021年", "松山市人民政府2020年",
                                                     "松山市人民政府2019年", "松山市人民政府2018年"]
    # records 7..12 answered: the last group is asked for again with the same form
    again = hanweb.next_pages(response)
    assert [urlsplit(r.url).query for r in again] == ["startrecord=13&endrecord=14&perpage=2"]
    assert again[0].body == post.body


def test_generic_next_page_links():
    page = read_list(file_response("generic-list.html", "http://www.shimen.gov.cn/xxgk/nb/"))
    assert page.cms == ["generic"]
    assert [r.url for r in page.next_pages] == ["http://www.shimen.gov.cn/xxgk/nb/index_1.html"]


def _list_page(rows: int, seed: int) -> tuple[bytes, list[str]]:
    """A list of ``rows`` reports in a randomly drawn layout (ul/li, table rows,
    dl, paragraphs; date before or after the title; a download link or not),
    each row with its own date; returns the page and the dates in order."""
    import random

    rng = random.Random(seed)
    row_tag, wrap = rng.choice([("li", "ul"), ("tr", "table"), ("dd", "dl"), ("p", "div")])
    cell = "td" if row_tag == "tr" else "span"
    dates, html = [], []
    for i in range(rows):
        date = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        dates.append(date)
        link = f'<{cell}><a href="/art/{i}.html">某局{i}2023年度政府信息公开工作年度报告</a></{cell}>'
        if rng.random() < 0.5:
            link += f'<{cell}><a href="/files/{i}.pdf">下载</a></{cell}>'
        stamp = f"<{cell}>{date}</{cell}>"
        html.append(f"<{row_tag}>{stamp + link if rng.random() < 0.3 else link + stamp}</{row_tag}>")
    return f"<html><body><div class=list><{wrap}>{''.join(html)}</{wrap}></div></body></html>".encode(), dates


def test_generic_each_link_takes_the_date_of_its_own_row():
    for seed in range(12):
        body, dates = _list_page(60, seed)
        page = read_list(file_response("generic-list.html", "http://www.example.gov.cn/nb/", body=body))
        titles = [e for e in page.entries if e.url.endswith(".html")]
        assert [e.date for e in titles] == dates, f"layout seed {seed}"


def test_generic_reads_at_most_max_links_and_says_so(caplog):
    body, _ = _list_page(300, 3)
    response = file_response("generic-list.html", "http://www.example.gov.cn/nb/", body=body)
    page = read_list(response, max_links=100)
    assert len(page.entries) == 100
    assert "More than 100 links on http://www.example.gov.cn/nb/" in caplog.text
    assert len(read_list(response).entries) >= 300


def dataproxy_answer(records: int) -> bytes:
    """A dataproxy answer of ``records`` records and no ``<totalrecord>``."""
    rows = "".join(f'<record><![CDATA[<li><a href="/art/2022/1/25/art_4015617_{i}.html">'
                   f"松山市人民政府{2000 + i}年政府信息公开工作年度报告</a></li>]]></record>" for i in range(records))
    return f'<?xml version="1.0" encoding="UTF-8"?><datastore><recordset>{rows}</recordset></datastore>'.encode()


def test_hanweb_without_totalrecord_pages_on_only_while_groups_come_back_full():
    post = hanweb.next_pages(file_response("hanweb-list.html", HANWEB_URL))[0]   # records 7..12

    def answer(records):
        body = dataproxy_answer(records)
        request = Request(post.url, method="POST", body=post.body, meta={"site": "x"})
        return hanweb.next_pages(file_response("hanweb-dataproxy.xml", post.url, body=body, request=request))
    assert [urlsplit(r.url).query for r in answer(6)] == ["startrecord=13&endrecord=18&perpage=2"]
    assert answer(4) == []    # fewer than asked for: the last group
    assert answer(0) == []    # nothing: past the end
