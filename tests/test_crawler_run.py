"""End to end: the crawl command against local sites built from real pages,
in a child process. Archive rows, WARC records, content store, scope, robots,
incremental re-crawls, vanished reports, exit codes, resume after kill -9."""

import gzip
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import real_file
from crawler_helpers import FAST, ROOT, LocalSite, Page, fast_env, run_crawl_command
from warcio.archiveiterator import ArchiveIterator

pytestmark = pytest.mark.slow   # crawls in child processes

TITLE_2024 = "平潭综合实验区2024年度政府信息公开工作年度报告"


def list_page(items, pages=1):
    rows = "".join(f'<li><a href="{href}" title="{title}">{title}</a><span>{date}</span></li>'
                   for href, title, date in items)
    script = f'<script>createPageHTML({pages}, 0, "index", "html");</script>' if pages > 1 else ""
    return (f'<html><head><meta name="ColumnName" content="政府信息公开年报"></head><body><ul>{rows}</ul>'
            f'{script}</body></html>').encode()


def conditional(body: bytes, etag: str, content_type="text/html; charset=utf-8"):
    """A page that answers If-None-Match with 304, as government CMSs' web servers do."""
    def serve(handler):
        if handler.headers.get("If-None-Match") == etag:
            return Page(b"", 304, {"ETag": etag})
        return Page(body, 200, {"ETag": etag, "Content-Type": content_type,
                                "Last-Modified": "Mon, 10 Mar 2025 07:35:00 GMT"})
    return serve


def report_with_docx():
    return ('<html><head><meta name="ArticleTitle" content="平潭综合实验区教育局2023年度政府信息公开工作年度报告">'
            '<meta name="PubDate" content="2024-01-20 10:00"></head><body><div class="TRS_Editor"><p>详见附件。</p>'
            '<a href="/zwgk/zfxxgknb/P020240120.docx">附件：年度报告.docx</a>'
            '<a href="http://127.0.0.2:{mirror}/zwgk/P020240120.docx">镜像</a></div></body></html>')


def build_site(mirror_port: int, *, with_2023=True):
    items = [("./202503/t20250310_97791.htm", TITLE_2024, "2025-03-10")]
    if with_2023:
        items.append(("./202403/t20240308_87885.htm", "平潭综合实验区2023年度政府信息公开工作年度报告", "2024-03-08"))
    items.append((f"http://127.0.0.2:{mirror_port}/zwgk/zfxxgknb/202503/t20250310_97791.htm",
                  TITLE_2024 + "（镜像）", "2025-03-10"))
    page2 = [("./202401/t20240120_1.htm", "平潭综合实验区教育局2023年度政府信息公开工作年度报告", "2024-01-20"),
             ("./202402/t20240201_2.htm", "平潭综合实验区2023年法治政府建设年度报告", "2024-02-01")]
    docx = real_file("template-2021.docx").read_bytes()
    return {
        "/robots.txt": Page(b"User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"}),
        "/": ('<html><body><a href="/zwgk/">政务公开</a><a href="/private/">信息公开</a>'
              f'<a href="http://127.0.0.2:{mirror_port}/">政府信息公开</a><a href="/go/">政府信息公开</a>'
              '</body></html>').encode(),
        "/go/": Page(b"", 302, {"Location": f"http://127.0.0.2:{mirror_port}/zwgk/"}),
        "/private/": '<html><body><a href="/private/zfxxgknb/">政府信息公开年报</a></body></html>'.encode(),
        "/zwgk/": '<html><body><a href="/zwgk/zfxxgknb/">政府信息公开年报</a></body></html>'.encode(),
        "/zwgk/zfxxgknb/": list_page(items, pages=2),
        "/zwgk/zfxxgknb/index_1.html": list_page(page2),
        "/zwgk/zfxxgknb/202503/t20250310_97791.htm": conditional(real_file("pingtan-2024.html").read_bytes(), '"p2024"'),
        "/zwgk/zfxxgknb/202403/t20240308_87885.htm": conditional(real_file("pingtan-2023.html").read_bytes(), '"p2023"'),
        "/zwgk/zfxxgknb/202401/t20240120_1.htm": conditional(report_with_docx().format(mirror=mirror_port).encode(),
                                                             '"edu"'),
        "/zwgk/zfxxgknb/P020240120.docx": conditional(docx, '"docx"', "application/vnd.openxmlformats-"
                                                      "officedocument.wordprocessingml.document"),
    }


def db_rows(tmp_path, sql, params=()):
    connection = sqlite3.connect(tmp_path / "nianbao.db")
    connection.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in connection.execute(sql, params)]
    finally:
        connection.close()


def warc_records(data_dir: Path):
    records = []
    for path in sorted((data_dir / "warc").glob("*.warc.gz")):
        with open(path, "rb") as handle:
            for record in ArchiveIterator(handle):
                records.append((path.name, record.rec_type, record.rec_headers.get_header("WARC-Target-URI"),
                                record.content_stream().read() if record.rec_type != "warcinfo" else b""))
    return records


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("crawl")
    with LocalSite({}, host="127.0.0.2") as mirror:
        mirror.pages.update({"/": b"<html>mirror</html>", "/zwgk/": b"<html>mirror</html>"})
        with LocalSite({}) as site:
            site.pages.update(build_site(mirror.server.server_address[1]))
            first = run_crawl_command(["--start-url", site.url + "/"], tmp)
            first_log = list(site.log)
            second = run_crawl_command(["--start-url", site.url + "/"], tmp)
            second_log = site.log[len(first_log):]
            site.pages.update(build_site(mirror.server.server_address[1], with_2023=False))
            third = run_crawl_command(["--start-url", site.url + "/"], tmp)
            yield {"tmp": tmp, "site": site, "mirror_log": list(mirror.log), "first": first, "first_log": first_log,
                   "second": second, "second_log": second_log, "third": third}


def test_first_crawl_succeeds(crawled):
    code, summary, stderr = crawled["first"]
    assert code == 0, stderr[-3000:]
    (site,) = summary["sites"].values()
    assert site["status"] == "ok" and site["reports"] == 3 and site["lists"] == 2


def test_reports_are_parsed_into_the_archive(crawled):
    rows = db_rows(crawled["tmp"], "select agency, year, template, title, published from reports order by agency, year")
    assert [(r["agency"], r["year"]) for r in rows] == [
        ("平潭综合实验区", 2023), ("平潭综合实验区", 2024), ("平潭综合实验区教育局", 2023)]
    assert rows[1]["title"] == TITLE_2024 and rows[1]["published"] == "2025-03-10"
    facts = db_rows(crawled["tmp"], "select count(*) n from facts f join reports r using (report_id) "
                                    "where r.year = 2024 and f.value is not null")
    assert facts[0]["n"] > 50


def test_documents_are_stored_by_sha256(crawled):
    tmp = crawled["tmp"]
    documents = db_rows(tmp, "select * from documents")
    assert len(documents) == 4  # three report pages and the docx
    for document in documents:
        data = (tmp / "data" / document["stored_path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == document["sha256"]
        assert document["sha256"] in document["stored_path"]
    assert real_file("template-2021.docx").read_bytes() in [(tmp / "data" / d["stored_path"]).read_bytes()
                                                          for d in documents]


def test_every_fetch_is_captured_in_a_warc(crawled):
    tmp = crawled["tmp"]
    captures = db_rows(tmp, "select * from captures where warc_file is not null")
    urls = {c["url"].split("/", 3)[-1] for c in captures}
    assert {"robots.txt", "", "zwgk/", "zwgk/zfxxgknb/", "zwgk/zfxxgknb/index_1.html", "go/"} <= urls
    for capture in captures[:8]:
        with open(tmp / "data" / capture["warc_file"], "rb") as handle:
            handle.seek(capture["warc_offset"])
            record = next(iter(ArchiveIterator(handle)))
            assert record.rec_headers.get_header("WARC-Target-URI") == capture["url"]
            if record.rec_type == "response":
                assert hashlib.sha256(record.content_stream().read()).hexdigest() == capture["sha256"]


def test_warc_files_open_with_warcinfo(crawled):
    path = sorted((crawled["tmp"] / "data" / "warc").glob("*.warc.gz"))[0]
    with open(path, "rb") as handle:
        first = next(iter(ArchiveIterator(handle)))
        assert first.rec_type == "warcinfo"
        info = first.content_stream().read().decode()
    assert "software: nianbao/" in info and "ROBOTSTXT_OBEY" in info and "nianbao/0.1 (+https://" in info
    with gzip.open(path) as handle:  # every record is its own gzip member, readable as one stream
        assert handle.read(8) == b"WARC/1.1"


def test_scope_robots_and_distractors(crawled):
    paths = [p for _, p, _ in crawled["first_log"]]
    assert crawled["mirror_log"] == []          # no SEO mirror, no off-site redirect
    assert not any(p.startswith("/private/") for p in paths)   # robots.txt obeyed
    assert "/zwgk/zfxxgknb/202402/t20240201_2.htm" not in paths  # 法治政府建设年度报告
    agents = {h.get("User-Agent") for _, _, h in crawled["first_log"]}
    assert agents == {"nianbao/0.1 (+https://github.com/nianbao/nianbao; open-government report archive)"}


def test_recrawl_is_conditional_and_stores_nothing_twice(crawled):
    code, summary, stderr = crawled["second"]
    assert code == 0, stderr[-3000:]
    conditional = [p for _, p, h in crawled["second_log"] if h.get("If-None-Match")]
    assert sorted(conditional) == sorted(["/zwgk/zfxxgknb/202503/t20250310_97791.htm",
                                          "/zwgk/zfxxgknb/202403/t20240308_87885.htm",
                                          "/zwgk/zfxxgknb/202401/t20240120_1.htm", "/zwgk/zfxxgknb/P020240120.docx"])
    tmp = crawled["tmp"]
    assert db_rows(tmp, "select count(*) n from documents")[0]["n"] == 4
    assert db_rows(tmp, "select count(*) n from captures where status = 304")[0]["n"] >= 4
    records = warc_records(tmp / "data")
    payloads = [hashlib.sha256(body).hexdigest() for _, kind, _, body in records if kind == "response" and body]
    assert len(payloads) == len(set(payloads))   # a repeated payload is a revisit record
    assert any(kind == "revisit" for _, kind, _, _ in records)


def test_vanished_report_is_recorded(crawled):
    code, _, stderr = crawled["third"]
    assert code == 0, stderr[-3000:]
    changes = db_rows(crawled["tmp"], "select kind, url, year from changes where kind = 'vanished'")
    assert [(c["url"].split("/", 3)[-1], c["year"]) for c in changes] == [
        ("zwgk/zfxxgknb/202403/t20240308_87885.htm", 2023)]


def test_hanweb_column_pages_are_posted(tmp_path):
    files = Path(__file__).parent / "files" / "crawler"
    def proxy(handler):
        handler_log.append(handler.body.decode())
        return Page((files / "hanweb-dataproxy.xml").read_bytes(), headers={"Content-Type": "text/xml;charset=utf-8"})
    handler_log = []
    pages = {"/col/col4015617/index.html": (files / "hanweb-list.html").read_bytes(),
             "/module/web/jpage/dataproxy.jsp": proxy}
    with LocalSite(pages) as site:
        code, summary, stderr = run_crawl_command(["--start-url", site.url + "/col/col4015617/index.html"], tmp_path)
        posts = [p for m, p, _ in site.log if m == "POST"]
        fetched = {p for m, p, _ in site.log if m == "GET"}
    assert sorted(posts) == ["/module/web/jpage/dataproxy.jsp?startrecord=13&endrecord=14&perpage=2",
                             "/module/web/jpage/dataproxy.jsp?startrecord=7&endrecord=12&perpage=2"]
    assert all("columnid=4015617" in body for body in handler_log)
    assert "/art/2021/1/29/art_4015617_5674001.html" in fetched      # a report from the dataproxy answer
    assert "/art/2025/1/15/art_4015617_5678003.html" not in fetched  # 法治政府建设年度报告
    (outcome,) = summary["sites"].values()
    missing = fetched - set(pages) - {"/robots.txt"}
    assert len(missing) >= 8 and outcome["errors"] == len(missing)  # report pages are not served: 404s are errors
    # nothing archived: not ok, and the summary says why
    assert outcome["status"] == "failed" and outcome["reason"].startswith("HTTP 404 at ")


def test_exit_codes_nothing_reachable_and_partial(tmp_path):
    with LocalSite({}) as dead:
        dead_url = dead.url + "/"
    code, summary, _ = run_crawl_command(["--start-url", dead_url], tmp_path)
    (dead_site,) = summary["sites"].values()
    assert code == 3 and dead_site["status"] == "unreachable"
    assert dead_site["reason"] == f"connection refused: {dead_url}"
    # a report column is a page that lists reports (discovery checks the evidence there)
    column = list_page([("./r1.htm", "平潭综合实验区2024年度政府信息公开工作年度报告", "2025-01-20")])
    pages = {"/": '<html><body><a href="/zfxxgknb/">政府信息公开年报</a></body></html>'.encode(),
             "/zfxxgknb/": column, "/zfxxgknb/r1.htm": real_file("pingtan-2024.html").read_bytes()}
    with LocalSite(pages) as site:
        code, summary, _ = run_crawl_command(["--start-url", site.url + "/", "--start-url", dead_url], tmp_path)
    assert code == 1
    assert sorted(s["status"] for s in summary["sites"].values()) == ["ok", "unreachable"]


def stopped_and_run_again(tmp_path, how: int, pages: int = 8):
    """Crawl ``pages`` slow report pages, stop the crawl with signal ``how``
    after 3, and run the same command again; (the site's log, whether the stop
    left a job with request fingerprints, the report count after the stop, the
    summary of the second run, and the stopped run's exit code and summary)."""
    def slow(body):
        def serve(handler):
            time.sleep(0.3)
            return Page(body)
        return serve
    items = [(f"./r{i}.htm", f"平潭综合实验区{2010 + i}年度政府信息公开工作年度报告", "2025-01-01") for i in range(pages)]
    body = real_file("pingtan-2024.html").read_bytes()
    served = {"/": list_page(items)}
    served.update({f"/r{i}.htm": slow(body.replace(b"2024", str(2010 + i).encode())) for i in range(pages)})
    command = [sys.executable, "-m", "nianbao", "crawl", "--db", str(tmp_path / "nianbao.db"), "--data-dir",
               str(tmp_path / "data"), "-s", "NIANBAO_BROWSER_ENABLED=False", *FAST, "-s",
               "CONCURRENT_REQUESTS_PER_DOMAIN=1"]
    with LocalSite(served) as site:
        command += ["--start-url", site.url + "/"]
        child = subprocess.Popen([*command, "--json"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                 text=True, env=fast_env())
        deadline = time.time() + 60
        while time.time() < deadline and sum(1 for _, p, _ in site.log if p.endswith(".htm")) < 3:
            time.sleep(0.05)
        os.kill(child.pid, how)
        out, _ = child.communicate(timeout=60)
        stopped = (child.returncode, json.loads(out) if out.strip() else {})
        jobs = list((tmp_path / "data" / "jobs").iterdir())
        left = len(jobs) == 1 and (jobs[0] / "requests.seen").exists()
        before = len(db_rows(tmp_path, "select * from reports"))
        done = subprocess.run([*command, "--json"], cwd=ROOT, capture_output=True, text=True, timeout=120, env=fast_env())
        assert done.returncode == 0, done.stderr[-3000:]
    assert not (tmp_path / "data" / "jobs" / jobs[0].name).exists()  # a finished crawl clears its job
    return site.log, left, before, json.loads(done.stdout), stopped


def fetched_twice(log) -> list[str]:
    """The report pages (``/r<n>.htm``) requested more than once."""
    pages = [p for _, p, _ in log if p.endswith(".htm")]
    return sorted({p for p in pages if pages.count(p) > 1})


def test_resume_after_kill(tmp_path):
    log, left, before, _, _ = stopped_and_run_again(tmp_path, signal.SIGKILL)
    assert left and before < 8
    reports = db_rows(tmp_path, "select year, count(*) n from reports group by year")
    assert len(reports) + len(fetched_twice(log)) >= 8 - 1
    assert all(r["n"] == 1 for r in reports)
    payloads = [hashlib.sha256(b).hexdigest() for _, kind, _, b in warc_records(tmp_path / "data")
                if kind == "response" and b]
    assert len(payloads) == len(set(payloads))


def test_a_crawl_stopped_cleanly_resumes_from_its_queue(tmp_path):
    # more pages than the downloader takes at once (CONCURRENT_REQUESTS): some wait in the saved queue
    log, left, before, summary, (code, stopped) = stopped_and_run_again(tmp_path, signal.SIGINT, pages=20)
    assert left and before < 20
    # the stopped run says so: exit code 1 (partial), the site interrupted, to be resumed
    [interrupted] = stopped["sites"].values()
    assert code == 1 and stopped["finish_reason"] == "shutdown"
    assert interrupted["status"] == "interrupted" and "resumes" in interrupted["reason"]
    assert fetched_twice(log) == []  # the saved queue and fingerprints carried on where it stopped
    assert len(db_rows(tmp_path, "select * from reports")) == 20
    [site] = summary["sites"].values()  # the whole job, not only the part after the stop
    assert site["status"] == "ok" and site["report_links"] == 20 and site["reports"] == 20
