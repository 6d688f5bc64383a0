"""The mock government web behaves like the real CMSs, checked with plain
HTTP requests: JavaScript-only pagination, POST-only paging, GBK bytes, the
412 challenge, the lazily streamed 2 GiB file, the off-site redirect…; and
its reports read like real runs of years (consecutive years follow on)."""

from __future__ import annotations

import http.client
import json
import math
import re
import socket
import time
from collections import Counter
from urllib.parse import quote, urlencode, urljoin, urlsplit

import lxml.html
import pytest

from archive.crossyear import cross_year_checks
from crawler.mocksite import MockSites, content
from crawler.mocksite.plain import CHALLENGE_COOKIE, solve
from crawler.mocksite.trs import HUGE_SIZE

MOCK_WEB_SEED = 3   # another draw of the mock web than the crawl tests' (conftest's mock_web)


def fetch(url: str, method: str = "GET", body: str | None = None, headers: dict | None = None):
    """(status, headers, body bytes) without following redirects."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    hdrs = dict(headers or {})
    if body is not None:
        hdrs["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, target, body=body, headers=hdrs)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, response.headers, data


def page(url: str, encoding: str = "utf-8"):
    status, _, data = fetch(url)
    assert status == 200, url
    return lxml.html.document_fromstring(data.decode(encoding))


def links(url: str, encoding: str = "utf-8") -> dict[str, str]:
    """Absolute href -> link text of every <a> in the page's raw HTML."""
    return {urljoin(url, a.get("href")): a.text_content().strip()
            for a in page(url, encoding).iter("a") if a.get("href")}


def entries(mock_web, site: str, kind: str = "report") -> list[dict]:
    return [e for e in mock_web.expected if e["site"] == site and e["kind"] == kind]


def test_every_report_is_a_distinct_agency_year_with_its_truth(mock_web):
    reports = [e for e in mock_web.expected if e["kind"] == "report"]
    assert len({(e["agency"], e["year"]) for e in reports}) == len(reports)
    for e in reports:
        assert e["truth"]["agency"] == e["agency"] and e["truth"]["year"] == e["year"]
        assert e["truth"]["facts"], e["title"]
    distractors = [e["title"] for e in mock_web.expected if e["kind"] == "distractor"]
    for word in ("法治政府建设年度报告", "工作要点", "部门决算", "政府工作报告", "图解"):
        assert any(word in t for t in distractors), word


def test_an_agencys_consecutive_reports_follow_on_and_a_few_are_misprinted(mock_web):
    """The archive's own cross-year checks pass between consecutive years,
    except next to a misprinted report (whose intra-report checks fail)."""
    reports = {(e["agency"], e["year"]): e["truth"] for e in mock_web.expected if e["kind"] == "report"}
    misprinted = {key for key, truth in reports.items() if truth["failing_checks"]}
    assert 0 < len(misprinted) <= 0.15 * len(reports)
    statuses = Counter()
    for (agency, year), truth in reports.items():
        before = reports.get((agency, year - 1))
        if before is None or {(agency, year), (agency, year - 1)} & misprinted:
            continue
        for check in cross_year_checks(before["facts"], truth["facts"]):
            assert check.status != "fail", (agency, year, check)
            statuses[check.status] += 1
    assert statuses["pass"] > 2 * statuses["not_assessable"]


def test_same_seed_builds_the_same_web_and_scale_grows_it():
    small, big = MockSites(seed=5, only=["trs"]), MockSites(seed=5, scale=3, only=["trs"])
    assert [i.title for i in small.sites["trs"].items] == [i.title for i in MockSites(seed=5, only=["trs"]).sites["trs"].items]
    assert len(big.sites["trs"].items) > 2.5 * len(small.sites["trs"].items)


@pytest.mark.parametrize("site,texts", [("trs", {"信息公开年报", "政府信息公开年报"}),
                                        ("hanweb", {"年报", "政府信息公开年度报告"}),
                                        ("browser", {"政府信息公开工作年度报告"}),
                                        ("gbk", {"信息公开年报"})])
def test_home_page_leads_to_the_report_column_through_the_nav(mock_web, site, texts):
    home, encoding = mock_web.urls[site], "gbk" if site == "gbk" else "utf-8"
    found = set()
    pages = [home] + [u for u, t in links(home, encoding).items() if t in ("政务公开", "政府信息公开", "信息公开")]
    for url in pages:
        found |= {t for t in links(url, encoding).values() if t in texts}
    assert found == texts


def test_trs_pagination_exists_only_in_javascript(mock_web):
    site = mock_web.sites["trs"]
    list_url = urljoin(mock_web.urls["trs"], "zwgk/zfxxgknb/")
    raw = fetch(list_url)[2].decode()
    count = math.ceil(len(site.items) / site.per_page)
    assert count >= 3
    assert f'createPageHTML({count}, 0, "index", "html")' in raw
    assert re.search(rf"var countPage = {count}\b", raw)
    assert "index_1.html" not in links(list_url)
    seen = set()
    for n in range(count):
        url = urljoin(list_url, "index.html" if n == 0 else f"index_{n}.html")
        seen |= {u for u in links(url) if re.search(r"/t\d{8}_\d+\.html$", u)}
    assert fetch(urljoin(list_url, f"index_{count}.html"))[0] == 404
    assert {e["url"] for e in entries(mock_web, "trs") + entries(mock_web, "trs", "distractor")} <= seen


def test_trs_detail_page_has_cms_meta_and_report_in_trs_editor(mock_web):
    entry = next(e for e in entries(mock_web, "trs") if e["delivery"] == "html_flat")
    doc = page(entry["url"])
    meta = {m.get("name"): m.get("content") for m in doc.iter("meta") if m.get("name")}
    assert meta["ArticleTitle"] == entry["title"]
    assert meta["ColumnName"] == "政府信息公开年报" and meta["SiteIDCode"] == "3311270001"
    assert re.match(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}$", meta["PubDate"])
    editor = doc.find_class("TRS_Editor")[0]
    assert "本年新收政府信息公开申请数量" in editor.text_content() and entry["truth"]["title"] in editor.text_content()


@pytest.mark.parametrize("delivery,ext,content_type,magic", [
    ("pdf_ruled", "pdf", "application/pdf", b"%PDF"), ("docx", "docx", "wordprocessingml", b"PK"),
    ("doc", "doc", "application/msword", bytes.fromhex("d0cf11e0"))])
def test_trs_attachment_reports_are_linked_as_fujian(mock_web, delivery, ext, content_type, magic):
    entry = next(e for e in entries(mock_web, "trs") if e["delivery"] == delivery)
    texts = links(entry["url"])
    assert texts[entry["attachment"]] == f"附件：{entry['title']}.{ext}"
    status, headers, data = fetch(entry["attachment"])
    assert status == 200 and content_type in headers["Content-Type"] and data.startswith(magic)


def test_trs_viewer_and_iframe_hide_the_report_one_step_away(mock_web):
    viewer = next(e for e in entries(mock_web, "trs") if e["delivery"] == "viewer")
    frame = page(viewer["url"]).find(".//iframe").get("src")
    assert frame == "/generic2/web/viewer.html?file=" + urlsplit(viewer["attachment"]).path
    assert fetch(viewer["attachment"])[2].startswith(b"%PDF")
    assert fetch(urljoin(viewer["url"], frame))[0] == 200
    iframe = next(e for e in entries(mock_web, "trs") if e["delivery"] == "iframe")
    assert page(iframe["url"]).find(".//table") is None
    assert page(iframe["attachment"]).find(".//table") is not None


def test_hanweb_column_embeds_first_group_and_pages_only_by_post(mock_web):
    site = mock_web.sites["hanweb"]
    column = urljoin(mock_web.urls["hanweb"], "col/col1234/index.html")
    raw = fetch(column)[2].decode()
    assert '<script type="text/xml"><datastore>' in raw
    embedded = re.findall(r"<record><!\[CDATA\[<li><a href=\"([^\"]+)\" title=", raw)
    assert len(embedded) == site.per_page * site.group_size < len(site.items)
    assert re.search(rf"<totalrecord>{len(site.items)}</totalrecord>", raw)
    proxy = urljoin(column, f"/module/web/jpage/dataproxy.jsp?startrecord={len(embedded) + 1}"
                            f"&endrecord={len(embedded) * 2}&perpage={site.per_page}")
    form = urlencode({"col": 1, "appid": 1, "webid": site.web_id, "path": "/", "columnid": 1234,
                      "sourceContentType": 1, "unitid": site.unit_id, "webname": site.gov, "permissiontype": 0})
    assert fetch(proxy)[0] == 405
    status, headers, data = fetch(proxy, "POST", form)
    rest = re.findall(r"<record><!\[CDATA\[<li><a href=\"([^\"]+)\"", data.decode())
    assert status == 200 and "xml" in headers["Content-Type"] and data.startswith(b"<?xml")
    assert rest and not set(rest) & set(embedded)
    assert set(embedded + rest) == {urlsplit(e["url"]).path for e in mock_web.expected if e["site"] == "hanweb"}
    assert "<record>" not in fetch(proxy, "POST", "col=1")[2].decode()


def test_hanweb_attachment_comes_from_downfile_jsp_with_chinese_filename(mock_web):
    entry = next(e for e in entries(mock_web, "hanweb") if e["delivery"] == "pdf_ruled")
    assert "/module/download/downfile.jsp?classid=0&filename=" in entry["attachment"]
    status, headers, data = fetch(entry["attachment"])
    assert status == 200 and data.startswith(b"%PDF")
    assert "filename*=UTF-8''" in headers["Content-Disposition"]


def test_browser_list_is_empty_without_javascript_and_filled_by_its_api(mock_web):
    list_url = urljoin(mock_web.urls["browser"], "xxgk/ndbg/index.html")
    doc = page(list_url)
    assert len(doc.get_element_by_id("list")) == 0
    assert not [u for u in links(list_url) if "content_" in u]
    api = re.search(r'fetch\("([^"]+pageNo=)"', fetch(list_url)[2].decode()).group(1)
    seen, n, pages = set(), 0, 1
    while n < pages:
        n += 1
        data = json.loads(fetch(urljoin(list_url, f"{api}{n}&pageSize=10"))[2])["data"]
        seen |= {urljoin(list_url, row["url"]) for row in data["list"]}
        pages = data["pages"]
    assert seen == {e["url"] for e in mock_web.expected if e["site"] == "browser"}


def test_gbk_site_sends_gbk_bytes_that_claim_utf8_or_nothing(mock_web):
    entry = entries(mock_web, "gbk")[0]
    status, headers, data = fetch(entry["url"])
    assert headers["Content-Type"] == "text/html"
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode("gbk")
    assert 'charset=utf-8' in text and entry["title"] in text and "<table" in text
    list_raw = fetch(urljoin(mock_web.urls["gbk"], "html/xxgk/ndbg/index.html"))[2].decode("gbk")
    assert "charset" not in list_raw and "下一页" in list_raw


def test_challenge_site_answers_412_until_the_script_cookie_is_sent(mock_web):
    site = mock_web.sites["challenge"]
    status, headers, data = fetch(mock_web.urls["challenge"])
    assert status == 412 and b"$_ts" in data and b"document.cookie" in data
    assert "FSSBBIl1UgzbN7N80S=" in headers["Set-Cookie"]
    token = re.search(rb'id="9DhefwqGPrzR" content="([^"]+)"', data).group(1).decode()
    good = {"Cookie": f"{CHALLENGE_COOKIE}={quote(solve(token))}"}  # as encodeURIComponent sets it
    assert fetch(mock_web.urls["challenge"], headers={"Cookie": f"{CHALLENGE_COOKIE}=wrong"})[0] == 412
    assert fetch(mock_web.urls["challenge"], headers=good)[0] == 200
    assert fetch(entries(mock_web, "challenge")[0]["url"], headers=good)[0] == 200
    refusing = mock_web.sites["refusing"]
    assert fetch(mock_web.urls["refusing"], headers={"Cookie": f"{CHALLENGE_COOKIE}={quote(solve(refusing.token))}"})[0] == 412
    assert site.token != refusing.token


@pytest.mark.slow   # streams a lazily made 2 GiB body until the client leaves
def test_huge_download_declares_2gib_and_stops_when_the_client_leaves(mock_web):
    trap = next(t for t in mock_web.traps if t["kind"] == "huge")
    carrier = next(e for e in entries(mock_web, "trs") if trap["url"] in links(e["url"]))
    assert carrier["delivery"] in ("html", "html_flat", "html_rows")
    parts = urlsplit(trap["url"])
    with socket.create_connection((parts.hostname, parts.port)) as sock:
        sock.sendall(f"GET {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n\r\n".encode())
        head = sock.recv(4096)
        assert f"Content-Length: {HUGE_SIZE}".encode() in head
        received = len(head)
        while received < 1 << 20:
            received += len(sock.recv(1 << 16))
    hit = mock_web.sites["trs"].hits(parts.path)[-1]
    time.sleep(0.5)
    sent = hit.sent
    time.sleep(0.5)
    assert hit.sent == sent < 64 << 20


def test_offsite_redirect_goes_to_the_seo_mirror_on_another_host(mock_web):
    trap = next(t for t in mock_web.traps if t["kind"] == "offsite")
    status, headers, _ = fetch(trap["url"])
    location = headers["Location"]
    assert status == 302 and urlsplit(location).hostname == "127.0.0.2"
    status, _, data = fetch(location)
    assert status == 200 and "政府信息公开工作" in data.decode()
    assert mock_web.sites["trs-mirror"].hits(urlsplit(location).path)


def test_dead_link_error_page_calendar_and_robots(mock_web):
    traps = {t["kind"]: t for t in mock_web.traps}
    list_url = urljoin(mock_web.urls["trs"], "zwgk/zfxxgknb/index.html")
    assert {traps["missing"]["url"], traps["error"]["url"]} <= set(links(list_url))
    assert fetch(traps["missing"]["url"])[0] == 404
    assert fetch(traps["error"]["url"])[0] == 500
    url, months = traps["calendar"]["url"], set()
    for _ in range(30):
        months.add(url)
        url = next(u for u, t in links(url).items() if t == "下个月")
    assert len(months) == 30 and url.endswith("date=2026-09")
    robots = fetch(urljoin(mock_web.urls["trs"], "robots.txt"))[2].decode()
    assert "Disallow: /zwgk/internal/" in robots and traps["robots"]["url"] in links(mock_web.urls["trs"])


def test_libreoffice_outputs_are_kept_on_disk_by_content(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(content, "CACHE_DIR", tmp_path / "cache")
    monkeypatch.setattr(content, "convert", lambda data, fmt, target: calls.append(data) or b"DOC:" + data)
    assert content.converted(b"docx one", "docx", "doc") == b"DOC:docx one"
    assert content.converted(b"docx one", "docx", "doc") == b"DOC:docx one"
    assert content.converted(b"docx two", "docx", "doc") == b"DOC:docx two"
    assert calls == [b"docx one", b"docx two"]
    assert len(list((tmp_path / "cache").iterdir())) == 2


# --- generated sites ----------------------------------------------------------------
def test_a_seed_draws_the_same_site_and_seeds_draw_every_kind():
    from crawler.mocksite.generated import CMS, LAYOUTS, GeneratedSite

    assert GeneratedSite(5).plan == GeneratedSite(5).plan
    assert [i.title for i in GeneratedSite(5).items] == [i.title for i in GeneratedSite(5).items]
    plans = [GeneratedSite(seed).plan for seed in range(60)]
    assert {p["cms"] for p in plans} == set(CMS)
    assert {p["layout"] for p in plans} == set(LAYOUTS)
    assert {p["depth"] for p in plans} == {0, 1, 2}
    assert {p["links_in"] for p in plans} == {"menu", "body"}
    assert {p["column_links"] for p in plans} == {"text", "more"}


def reachable(base: str, limit: int = 200) -> set[str]:
    """Every address reached from the home page by following plain links and
    TRS's ``createPageHTML`` pages (no other JavaScript, no POST)."""
    seen, queue = set(), [base + "/"]
    while queue and len(seen) < limit:
        url = queue.pop()
        if url in seen or not url.startswith(base):
            continue
        seen.add(url)
        status, headers, data = fetch(url)
        if status == 200 and "html" in headers.get("Content-Type", ""):
            pages = re.search(r'createPageHTML\((\d+), \d+, "index", "html"\)', data.decode())
            queue += [urljoin(url, f"index_{n}.html") for n in range(1, int(pages.group(1)))] if pages else []
            queue += [urljoin(url, a.get("href")) for a in lxml.html.document_fromstring(data or b"<p/>").iter("a")
                      if a.get("href") and not a.get("href").startswith(("javascript", "http://www.gov.cn", "https:"))]
    return seen


@pytest.mark.parametrize("cms", ["trs", "plain"])
def test_a_generated_sites_reports_and_distractors_are_reached_from_its_home_page(cms):
    from crawler.mocksite.generated import GeneratedSite
    from crawler.mocksite.server import RunningSite

    seed = next(s for s in range(100) if GeneratedSite(s).plan["cms"] == cms)
    site = GeneratedSite(seed)
    running = RunningSite(site)
    site.base_url = running.url
    try:
        found = reachable(running.url)
        expected = site.expected()
        assert {e["url"] for e in expected} <= found, site.plan
        assert sum(e["kind"] == "report" for e in expected) >= 4
        assert any(e["kind"] == "distractor" for e in expected)
        distractor_columns = [c for c in site.columns if c.name in ("法治政府建设年度报告", "政务公开工作要点", "财政预决算", "统计公报")]
        assert len(distractor_columns) == 2
    finally:
        running.close()


def test_a_generated_hanweb_list_without_a_total_answers_by_records():
    from crawler.mocksite.generated import GeneratedSite
    from crawler.mocksite.server import RunningSite

    seed = next(s for s in range(200) if GeneratedSite(s).plan["cms"] == "hanweb" and not GeneratedSite(s).hanweb_total)
    site = GeneratedSite(seed)
    running = RunningSite(site)
    try:
        column = max(site._all_columns(), key=lambda c: len(c.items))
        _, _, page = fetch(running.url + column.path)
        assert b"<totalrecord>" not in page and b"totalRecord" not in page
        form = urlencode({"columnid": column.number, "unitid": site.unit_id, "webid": site.web_id})
        status, _, data = fetch(f"{running.url}/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=100&perpage=5",
                                "POST", form)
        assert status == 200 and data.count(b"<record>") == len(column.items)
        _, _, past = fetch(f"{running.url}/module/web/jpage/dataproxy.jsp?startrecord=900&endrecord=999&perpage=5",
                           "POST", form)
        assert past.count(b"<record>") == 0
    finally:
        running.close()
