"""The one Chromium test: a 瑞数-style JavaScript challenge (HTTP 412 with a
$_ts script that sets a cookie and reloads) is passed through the browser; a
site whose challenge never lets go is reported as blocked, not as empty."""

import shutil

import pytest
from conftest import real_file
from crawler_helpers import LocalSite, Page, run_crawl_command

from crawler.cms.browser import MAX_RELOADS

pytestmark = [pytest.mark.skipif(not shutil.which("chromium"), reason="needs /usr/bin/chromium"),
              pytest.mark.slow]   # Chromium and a crawl in a child process

CHALLENGE = (b'<html><head><meta content="{a1b2}" r="m"><script type="text/javascript" r="m">'
             b"$_ts=window['$_ts'];if(!$_ts)$_ts=window['$_ts']={};$_ts.nsd=40113;"
             b"if(document.cookie.indexOf('ts_ok=1')<0){document.cookie='ts_ok=1; path=/';location.reload();}"
             b"</script></head><body></body></html>")


def protected(body: bytes, *, passable: bool = True):
    def serve(handler):
        if passable and "ts_ok=1" in (handler.headers.get("Cookie") or ""):
            return Page(body)
        return Page(CHALLENGE, 412)
    return serve


def test_challenge_passed_in_the_browser_and_refusal_reported_as_blocked(tmp_path):
    title = "平潭综合实验区2024年度政府信息公开工作年度报告"
    listing = (f'<html><head><meta name="ColumnName" content="政府信息公开年报"></head><body>'
               f'<a href="/r.htm" title="{title}">{title}</a></body></html>').encode()
    open_pages = {"/": protected(listing), "/r.htm": protected(real_file("pingtan-2024.html").read_bytes())}
    # the refusing site is another host: a browser shares cookies between the ports of one host
    refusing_pages = {"/": protected(listing, passable=False)}
    with LocalSite(open_pages) as site, LocalSite(refusing_pages, host="127.0.0.2") as refusing:
        code, summary, stderr = run_crawl_command(["--start-url", site.url + "/", "--start-url", refusing.url + "/"],
                                                  tmp_path, browser=True, timeout=240)
    sites = summary["sites"]
    passed = sites[site.url.split("//")[1]]
    refused = sites[refusing.url.split("//")[1]]
    assert code == 1, stderr[-3000:]
    assert passed["status"] == "ok" and passed["reports"] == 1
    assert passed["challenges"] == 1  # the report page came with the cookie the browser earned
    assert refused["status"] == "blocked" and refused["blocked"] == 1
    assert refusing.requested("/") <= 1 + MAX_RELOADS  # endless reloads cut short, not run to the timeout
