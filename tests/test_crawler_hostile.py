"""The crawler against a local web of hostile sites (crawler.mocksite.hostile):
a reset connection, a server that never answers, HTTP 500s, a redirect loop,
a 2 GiB answer, robots.txt disallowing everything, a 100,000-link list and a
zip bomb. The crawl ends by itself and its summary and exit code name each
site's fault (time and memory: ``python -m bench hostile``)."""

import sqlite3

import pytest
from crawler_helpers import run_crawl_command

from crawler.mocksite.hostile import HostileWeb

HOSTILE_SETTINGS = ["-s", "DOWNLOAD_TIMEOUT=5"]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    with HostileWeb() as web:
        args = [arg for url in web.urls.values() for arg in ("--start-url", url)] + HOSTILE_SETTINGS
        code, summary, stderr = run_crawl_command(args, tmp, timeout=600)
        by_name = {name: summary.get("sites", {}).get(url.split("//", 1)[1].rstrip("/"))
                   for name, url in web.urls.items()}
        yield {"code": code, "sites": by_name, "stderr": stderr, "tmp": tmp, "web": web}


@pytest.mark.slow
def test_each_hostile_site_is_named_by_its_fault(crawled):
    assert crawled["sites"]["ok"] is not None, crawled["stderr"][-3000:]
    got = {name: site["status"] for name, site in crawled["sites"].items()}
    assert got == HostileWeb.EXPECTED
    assert crawled["code"] == 1  # some sites ok, some not


@pytest.mark.slow
def test_each_fault_has_its_reason(crawled):
    sites, urls = crawled["sites"], crawled["web"].urls
    assert sites["reset"]["reason"] == f"connection reset or closed before an answer: {urls['reset']}"
    assert sites["slow"]["reason"] == f"timed out: {urls['slow']}"
    assert sites["server_error"]["reason"] == f"HTTP 500 at {urls['server_error']}"
    assert sites["robots"]["reason"] == f"robots.txt disallows {urls['robots']}"
    assert sites["redirect_loop"]["reason"].startswith("redirect loop: ")
    assert sites["too_large"]["reason"].startswith("the answer announces 2147483648 bytes, over DOWNLOAD_MAXSIZE")
    assert "declares 1,073,741,824 bytes" in sites["zip_bomb"]["reason"]
    assert "NIANBAO_MAX_ZIP_MEMBER_BYTES" in sites["zip_bomb"]["reason"]


@pytest.mark.slow
def test_the_big_list_is_read_up_to_its_cap_and_its_reports_archived(crawled):
    big = crawled["sites"]["big_list"]
    assert big["reports"] == 2 and big["errors"] == 0
    assert "More than 2000 links on " in crawled["stderr"]
    connection = sqlite3.connect(crawled["tmp"] / "nianbao.db")
    try:  # the big list's pages are the ok site's, byte for byte: archived once, as the same reports
        years = sorted(y for (y,) in connection.execute(
            "select distinct r.year from captures c join reports r on r.document_sha256 = c.sha256 "
            "where c.url like ? and c.status = 200", (crawled["web"].urls["big_list"] + "%",)))
    finally:
        connection.close()
    assert years == [2020, 2021]
