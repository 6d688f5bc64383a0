"""A report column on a separate 信息公开平台 host: a portal whose home page
links 政府信息公开 on another host (here another 127.0.0.1 port), where the
column lists a real report. Crawled from the portal's home page with a
registry row naming the platform (``platform_urls``), the report reaches the
archive; without it the platform is out of scope and the site ends
``not_found``, having never asked the platform for anything."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import real_file
from crawler_helpers import LocalSite, Page, run_crawl_command

TITLE = "平潭综合实验区2024年度政府信息公开工作年度报告"
COLUMN = "/col/col4521/index.html"
REPORT = "/art/2025/1/15/art_4521_88.html"


def html(title: str, body: str) -> Page:
    return Page(f"<html><head><title>{title}</title></head><body>{body}</body></html>".encode())


def portal_pages(platform: str) -> dict:
    links = ('<a href="/">首页</a><a href="/xwdt/index.html">新闻动态</a><a href="/hdjl/index.html">互动交流</a>'
             f'<a href="{platform}/">政府信息公开</a><a href="{platform}/">信息公开平台</a>')
    return {"/": html("平潭综合实验区党工委管委会", links), "/robots.txt": Page(b"", 404),
            "/xwdt/index.html": html("新闻动态", '<ul><li><a href="/xwdt/1.html">实验区召开工作会议</a></li></ul>')}


def platform_pages(report: bytes) -> dict:
    portal = ('<a href="/fdzdgknr/index.html">法定主动公开内容</a><a href="/xxgkzn/index.html">政府信息公开指南</a>'
              f'<a href="{COLUMN}">政府信息公开年报</a>')
    rows = (f'<li><a href="{REPORT}">{TITLE}</a><span>2025-01-15</span></li>'
            '<li><a href="/art/2025/1/10/art_4521_87.html">平潭综合实验区2024年法治政府建设年度报告</a>'
            '<span>2025-01-10</span></li>')
    return {"/": html("政府信息公开平台", portal), "/robots.txt": Page(b"", 404),
            "/xxgkzn/index.html": html("政府信息公开指南", "<p>指南</p>"),
            "/fdzdgknr/index.html": html("法定主动公开内容", '<a href="/xxgkzn/index.html">政府信息公开指南</a>'),
            COLUMN: html("政府信息公开年报", f'<ul class="list">{rows}</ul>'),
            REPORT: Page(report)}


def registry(path, home: str, platform: str | None) -> str:
    named = f"\n    platform_urls: [{platform}/]" if platform else ""
    path.write_text(f"""sites:
  - id: mock-portal
    name: 平潭综合实验区党工委管委会
    level: 县
    province: 福建省
    region_code: "350128"
    home_url: {home}/{named}
    cms: unknown
    source: a mock portal of this test
""", encoding="utf-8")
    return str(path)


@pytest.mark.slow
@pytest.mark.parametrize("named", [True, False], ids=["platform named", "platform not named"])
def test_a_report_column_on_the_disclosure_platform_host(tmp_path, named):
    report = real_file("pingtan-2024.html").read_bytes()
    with LocalSite({}) as platform, LocalSite(portal_pages(platform.url)) as portal:
        platform.pages.update(platform_pages(report))
        path = registry(tmp_path / "sites.yml", portal.url, platform.url if named else None)
        code, summary, log = run_crawl_command(["--registry", path, "--site", "mock-portal"], tmp_path)
        asked_platform = [p for _, p, _ in platform.log if p != "/robots.txt"]
    site = summary["sites"]["mock-portal"]
    if named:
        assert code == 0 and site["status"] == "ok" and site["errors"] == 0, log[-3000:]
        with sqlite3.connect(tmp_path / "nianbao.db") as db:
            assert [t for (t,) in db.execute("select title from reports")] == [TITLE]
        [(column, found)] = site["columns"].items()
        assert column == platform.url + COLUMN and found["why"]["link"] == "政府信息公开年报", site
        assert "/art/2025/1/10/art_4521_87.html" not in asked_platform   # the distractor is not fetched
    else:
        assert code == 3 and site["status"] == "not_found" and site["reports"] == 0, site
        assert site["reason"] == "the site answered (1 pages) but no report column was found"
        assert asked_platform == [], asked_platform
