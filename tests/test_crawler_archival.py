"""The archival pieces on their own: content store, zip members, backoff,
per-site status and exit code."""

import io
import zipfile
from pathlib import Path

import pytest

from archive.originals import ContentStore, sha256_hex
from crawler.backoff import BackoffMiddleware
from crawler.faults import KINDS
from crawler.mocksite.hostile import BOMB_MEMBER, zip_bomb
from crawler.summary import EVENTS, EXIT_OK, EXIT_PARTIAL, EXIT_UNREACHABLE, exit_code, site_status, site_statuses
from crawler.zipmembers import zip_members

READERS = Path(__file__).parent / "files" / "readers"


def test_store_is_content_addressed_and_idempotent(tmp_path):
    store = ContentStore(tmp_path)
    data = (READERS / "ruled.docx").read_bytes()
    digest, path = store.put(data, ".DOCX")
    assert digest == sha256_hex(data) and path == f"files/{digest[:2]}/{digest[2:4]}/{digest}.docx"
    assert store.put(data, ".docx") == (digest, path)
    assert store.get(path) == data
    assert len(list(tmp_path.rglob("*.docx"))) == 1 and not list(tmp_path.rglob(".part-*"))


def test_zip_members_with_gbk_names():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ABCDEFGH.docx", (READERS / "ruled.docx").read_bytes())
        archive.writestr("说明.txt", "readme")
        archive.writestr("word_pasted.html", (READERS / "word_pasted.html").read_bytes())
    # as Chinese Windows tools write it: GBK bytes, no UTF-8 flag
    data = buffer.getvalue().replace(b"ABCDEFGH.docx", "年度报告.docx".encode("gbk"))
    found = zip_members(data)
    assert [name for name, _ in found.members] == ["年度报告.docx"] and found.problems == []
    assert found.members[0][1] == (READERS / "ruled.docx").read_bytes()
    assert [kind for kind, _ in zip_members(b"not a zip").problems] == ["error"]


def lying_zip(real_size: int) -> bytes:
    """A zip whose one member declares 1,000 bytes but decompresses to ``real_size``."""
    data = zip_bomb(real_size)
    for width in (8, 4):  # the ZIP64 extra field of the local header, then the 32-bit size fields
        data = data.replace(real_size.to_bytes(width, "little"), (1000).to_bytes(width, "little"))
    assert zipfile.ZipFile(io.BytesIO(data)).infolist()[0].file_size == 1000
    return data


def test_a_zip_bomb_member_is_refused_by_its_declared_size():
    data = zip_bomb(80 << 20)
    assert len(data) < 200_000
    found = zip_members(data)
    assert found.members == []
    [(kind, message)] = found.problems
    assert kind == "too_large" and BOMB_MEMBER in message and "declares 83,886,080 bytes" in message
    assert "NIANBAO_MAX_ZIP_MEMBER_BYTES" in message


def test_a_member_that_lies_about_its_size_gives_no_more_than_it_declared():
    found = zip_members(lying_zip(80 << 20))
    assert found.members == []
    [(kind, message)] = found.problems
    assert kind == "error" and BOMB_MEMBER in message and "damaged" in message


def test_a_zip_past_its_member_count_or_total_gives_nothing(monkeypatch):
    from parsers import limits

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(12):
            archive.writestr(f"{i:02d}.pdf", bytes(3 << 20))
    data = buffer.getvalue()
    monkeypatch.setattr(limits, "_current", limits.Limits(zip_members=10))
    found = zip_members(data)
    assert found.members == [] and "has 12 members" in found.problems[0][1]
    monkeypatch.setattr(limits, "_current", limits.Limits(zip_total_bytes=16 << 20))
    found = zip_members(data)
    assert found.members == [] and found.problems[0][0] == "too_large"
    assert "NIANBAO_MAX_ZIP_TOTAL_BYTES" in found.problems[0][1]
    monkeypatch.setattr(limits, "_current", limits.Limits())
    assert len(zip_members(data).members) == 12


def test_backoff_grows_and_is_capped():
    middleware = BackoffMiddleware(base=2.0, cap=10.0)
    assert [middleware.delay(n) for n in range(5)] == [0.0, 2.0, 4.0, 8.0, 10.0]


def counts(**given):
    base = dict.fromkeys(EVENTS + KINDS, 0)
    return {**base, **given}


@pytest.mark.parametrize("given, status", [
    (counts(responses=5, lists=2, reports=3), "ok"),
    (counts(responses=3, lists=1), "empty"),              # a column read, nothing archived: not ok
    (counts(challenges=2, blocked=2), "blocked"),         # refused, not empty
    (counts(responses=4), "not_found"),                   # answered, but no report column found
    (counts(errors=3), "failed"),
    (counts(robots=1), "disallowed"),
    (counts(responses=2, lists=1, errors=2, server_error=1, unreachable=1), "server_error"),
    (counts(errors=1, redirect_loop=1), "redirect_loop"),
    (counts(errors=1, too_large=1, responses=3, lists=1), "too_large"),
    (counts(errors=2, unreachable=2), "unreachable"),
    (counts(errors=2, http_error=2, responses=1), "failed"),
    (counts(responses=5, lists=2, reports=3, errors=4, server_error=4), "ok"),
])
def test_site_status(given, status):
    assert site_status(given) == status


def test_an_unfinished_crawl_is_interrupted_for_every_site():
    stats = {"nianbao/sites/a/reports": 3, "nianbao/sites/a/lists": 1}
    assert site_status(counts(reports=3), finished=False) == "interrupted"
    summary = site_statuses(stats, ["a", "b"], "shutdown")
    assert [s["status"] for s in summary.values()] == ["interrupted", "interrupted"]
    assert "resumes" in summary["a"]["reason"] and summary["a"]["reports"] == 3
    assert exit_code(summary) == EXIT_PARTIAL
    assert site_statuses(stats, ["a", "b"], "finished")["a"]["status"] == "ok"


def test_each_site_has_the_reason_of_its_fault():
    from scrapy.statscollectors import MemoryStatsCollector
    from scrapy.utils.test import get_crawler

    from crawler.summary import record_fault

    stats = MemoryStatsCollector(get_crawler())
    record_fault(stats, "a", "server_error", "HTTP 500 at http://a/")
    record_fault(stats, "a", "server_error", "HTTP 503 at http://a/x")
    record_fault(stats, "b", "robots", "robots.txt disallows http://b/")
    summary = site_statuses(stats.get_stats(), ["a", "b"])
    assert (summary["a"]["status"], summary["a"]["reason"], summary["a"]["errors"]) == (
        "server_error", "HTTP 500 at http://a/", 2)
    assert summary["a"]["faults"] == {"server_error": 2}
    assert summary["b"]["status"] == "disallowed" and summary["b"]["errors"] == 0
    assert summary["b"]["reason"] == "robots.txt disallows http://b/"


def test_exit_codes():
    assert exit_code({"a": {"status": "ok"}, "b": {"status": "ok"}}) == EXIT_OK
    assert exit_code({"a": {"status": "ok"}, "b": {"status": "blocked"}}) == EXIT_PARTIAL
    assert exit_code({"a": {"status": "failed"}, "b": {"status": "blocked"}}) == EXIT_UNREACHABLE


def test_pages_are_decoded_and_parsed_before_the_spider_sees_them(monkeypatch):
    import asyncio
    import threading

    from scrapy.http import HtmlResponse, Request

    from crawler.prepare import ParseInThreadMiddleware

    body = "<html><head><title>政府信息公开年报</title></head><body><a href='/a'>2023年度报告</a></body></html>"
    response = HtmlResponse("http://x.gov.cn/", body=body.encode("gbk"), encoding="utf-8",
                            request=Request("http://x.gov.cn/"))
    threads = []
    original = HtmlResponse.selector.fget

    def parse(self):
        threads.append(threading.current_thread())
        return original(self)

    monkeypatch.setattr(HtmlResponse, "selector", property(parse))
    prepared = asyncio.run(ParseInThreadMiddleware().process_response(response.request, response))
    assert prepared.css("title::text").get() == "政府信息公开年报"
    assert prepared.encoding == "gb18030" and threads[0] is not threading.main_thread()
