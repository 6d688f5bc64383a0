"""Real crawls of the mock government web, from each home page, with
politeness off: reports reach the archive with their numbers, distractors
do not, nothing off-site is fetched, WARCs are written, a killed crawl
resumes without duplicates, and a re-crawl only records what changed."""

from __future__ import annotations

import glob
import json
import os
import signal
import subprocess
import time
from urllib.parse import urlsplit

import pytest
import sqlite_utils
from warcio.archiveiterator import ArchiveIterator

from crawler.mocksite import MockSites
from crawler.mocksite.randomweb import facts_of, matches, same_numbers
from nianbao.demo import crawl_command, fast_env

pytestmark = pytest.mark.slow   # real crawls of the mock web in child processes

SITES = ("trs", "hanweb", "browser", "gbk", "challenge")


def crawl(urls, db, data_dir) -> dict:
    done = subprocess.run(crawl_command(urls, db, data_dir), capture_output=True, text=True, timeout=600,
                          env=fast_env())
    assert done.stdout.strip(), done.stderr[-3000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def world(tmp_path_factory, mock_web):
    tmp = tmp_path_factory.mktemp("e2e")
    summary = crawl(mock_web.urls.values(), tmp / "archive.db", tmp / "data")
    return mock_web, tmp, summary


def archive(tmp) -> sqlite_utils.Database:
    return sqlite_utils.Database(tmp / "archive.db")


@pytest.mark.parametrize("site", SITES)
def test_reports_reach_the_archive_with_their_numbers(world, site):
    sites, tmp, _ = world
    db = archive(tmp)
    rows = list(db.query("select report_id, agency, year, source_url from reports"))
    expected = [e for e in sites.expected if e["site"] == site and e["kind"] == "report"]
    missing, wrong = [], []
    for entry in expected:
        found = [r for r in rows if matches(entry, r)]
        if not found:
            missing.append(f"{entry['delivery']}: {entry['title']} {entry['url']}")
        elif not any(same_numbers(entry["truth"]["facts"], facts_of(db, r["report_id"])) for r in found):
            wrong.append(f"{entry['delivery']}: {entry['title']}")
    good = len(expected) - len(missing) - len(wrong)
    assert good >= 0.95 * len(expected), (
        f"{site}: {good}/{len(expected)} reports with their numbers\nmissing:\n  " + "\n  ".join(missing)
        + "\nwrong numbers:\n  " + "\n  ".join(wrong))


def test_no_distractor_reaches_the_archive(world):
    sites, tmp, _ = world
    reports = [e for e in sites.expected if e["kind"] == "report"]
    distractors = {e["url"] for e in sites.expected if e["kind"] == "distractor"}
    for row in archive(tmp).query("select agency, year, title, source_url from reports"):
        assert row["source_url"] not in distractors, row
        assert any(matches(e, row) for e in reports), f"not a report of the mock web: {row}"


def test_nothing_off_site_is_fetched_and_traps_are_survived(world):
    sites, tmp, _ = world
    ours = {urlsplit(url).netloc for url in sites.urls.values()}
    captured = {urlsplit(r["url"]).netloc for r in archive(tmp).query("select url from captures")}
    assert captured <= ours
    assert sites.sites["trs-mirror"].log == []
    trs = sites.sites["trs"]
    assert not trs.hits("/zwgk/internal/") and not trs.hits("/search/"), "robots.txt disobeyed"
    assert len(trs.hits("/calendar")) < 20
    huge = next(t for t in sites.traps if t["kind"] == "huge")
    assert all(h.sent < 256 << 20 for h in trs.hits(urlsplit(huge["url"]).path))


def test_blocked_site_is_reported_blocked_not_empty(world):
    sites, _, summary = world
    outcome = summary["sites"][urlsplit(sites.urls["refusing"]).netloc]
    assert outcome["status"] == "blocked", outcome
    assert summary["exit_code"] != 0


def test_warc_files_hold_the_report_pages(world):
    sites, tmp, _ = world
    entry = next(e for e in sites.expected if e["site"] == "trs" and e["kind"] == "report" and not e["attachment"])
    uris = set()
    for path in glob.glob(str(tmp / "data" / "**" / "*.warc.gz"), recursive=True):
        with open(path, "rb") as stream:
            uris |= {r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(stream)
                     if r.rec_type in ("response", "revisit")}
    assert entry["url"] in uris


def test_a_killed_crawl_resumes_without_duplicates(tmp_path):
    with MockSites(seed=1, only=["trs"]) as sites:
        command = crawl_command([sites.urls["trs"]], tmp_path / "archive.db", tmp_path / "data")
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True, env=fast_env())
        deadline = time.monotonic() + 60
        while len(sites.sites["trs"].log) < 15 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        crawl([sites.urls["trs"]], tmp_path / "archive.db", tmp_path / "data")
        rows = list(archive(tmp_path).query("select agency, year, document_sha256 from reports"))
        assert rows
        assert len({(r["agency"], r["year"], r["document_sha256"]) for r in rows}) == len(rows)
        expected = [e for e in sites.expected if e["kind"] == "report"]
        found = sum(any(matches(e, r) for r in rows) for e in expected)
        assert found >= 0.95 * len(expected), f"{found}/{len(expected)} after resume"


def test_recrawl_stores_nothing_new_but_records_a_changed_report(world):
    """Runs last: it revises a report on the shared mock site."""
    sites, tmp, _ = world
    db = archive(tmp)
    before = db["reports"].count
    trs = sites.sites["trs"]
    target = next(i for i in trs.items if i.kind == "report" and i.delivery == "html")
    entry = next(e for e in sites.expected if e["id"] == target.id)
    assert any(matches(entry, r) for r in db.query("select agency, year from reports")), "not archived at all"
    trs.revise(target.id)
    crawl([sites.urls["trs"]], tmp / "archive.db", tmp / "data")
    assert db["reports"].count <= before + 1
    changed = list(db.query("select url, agency, year from changes where kind = 'revised'"))
    assert any(c["url"] == entry["url"] for c in changed), changed
