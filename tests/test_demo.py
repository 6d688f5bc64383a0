"""``nianbao demo`` on a few small mock sites: the crawl lands reports,
facts, checks and captures in the archive; a re-run replaces the previous
demo archive instead of doubling it; an archive the demo did not make is
left alone; a serving demo answers, then stops cleanly on Ctrl-C; and
Ctrl-C during the crawl stops the crawler and the mock sites."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlite_utils
from click.testing import CliRunner
from server_helpers import free_port, listening, wait_listening

from crawler.mocksite import MockSites
from nianbao.demo import demo, run_demo

pytestmark = pytest.mark.slow   # the demo crawls the mock web in a child process

SITES = ("trs", "hanweb", "gbk")   # plain-HTML sites: no browser to start
SCALE = 0.1                        # one to three reports per site


def published(sites) -> dict[tuple[str, int], dict]:
    """(agency, year) -> true facts of every report the mock web publishes (its servers need not run)."""
    return {(e["agency"], e["year"]): e["truth"]["facts"]
            for e in MockSites(scale=SCALE, only=sites).expected if e["kind"] == "report"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo")
    lines = []
    summary = run_demo(root / "nianbao.db", root / "data", scale=SCALE, only=SITES, serve=False,
                       echo=lines.append)
    return root, summary, lines


def test_demo_archives_every_published_report_with_its_numbers(built):
    root, _, _ = built
    db = sqlite_utils.Database(root / "nianbao.db")
    best = {(r["agency"], r["year"]): r for r in db.query("select * from reports where is_best = 1")}
    expected = published(SITES)
    assert set(expected) <= set(best), f"missing: {set(expected) - set(best)}"
    for key, truth in expected.items():
        report_id = best[key]["report_id"]
        facts = dict(db.execute("select key, value from facts where report_id = ? and value is not null",
                                [report_id]).fetchall())
        assert len(facts) == best[key]["n_facts"] > 50, key
        headline = "applications.new_received.total"
        assert facts.get(headline) == truth[headline], key
        assert db.execute("select count(*) from checks where report_id = ?", [report_id]).fetchone()[0] > 0


def test_demo_keeps_captures_and_originals(built):
    root, _, _ = built
    db = sqlite_utils.Database(root / "nianbao.db")
    marker = json.loads((root / "data" / "nianbao-demo.json").read_text(encoding="utf-8"))
    netlocs = {urlsplit(u).netloc for u in marker["urls"].values()}
    assert set(marker["urls"]) == set(SITES)
    captured = {urlsplit(r["url"]).netloc for r in db.query("select url from captures")}
    assert captured == netlocs
    for row in db.query("select d.sha256, d.stored_path from reports r join documents d on d.sha256 = r.document_sha256"):
        assert hashlib.sha256((root / "data" / row["stored_path"]).read_bytes()).hexdigest() == row["sha256"]
    assert list((root / "data").rglob("*.warc.gz"))


def test_demo_summary_matches_the_archive(built):
    root, summary, lines = built
    db = sqlite_utils.Database(root / "nianbao.db")
    assert summary.exit_code == 0
    assert set(summary.sites) == set(SITES) and all(s["status"] == "ok" for s in summary.sites.values())
    assert summary.reports == db["reports"].count
    assert summary.facts == db["facts"].count
    assert summary.failing_checks == db.execute("select count(*) from checks where status = 'fail'").fetchone()[0]
    assert summary.expected_reports == len(published(SITES))
    text = "\n".join(lines)
    assert f"{summary.facts} numbers read" in text and f"{summary.failing_checks} failing checks" in text


def test_an_archive_the_demo_did_not_make_is_refused(tmp_path):
    other = tmp_path / "mine.db"
    sqlite_utils.Database(other)["notes"].insert({"text": "keep me"})
    refused = CliRunner().invoke(demo, ["--db", str(other), "--data-dir", str(tmp_path / "data"), "--no-serve"])
    assert refused.exit_code != 0 and "did not make" in refused.output
    assert sqlite_utils.Database(other)["notes"].count == 1


def test_rerun_replaces_the_archive_serves_it_and_stops_cleanly_on_ctrl_c(built, tmp_path):
    root = tmp_path / "demo"
    shutil.copytree(built[0], root)
    before = {r["source_url"] for r in sqlite_utils.Database(root / "nianbao.db").query("select source_url from reports")}
    port = free_port()
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    with open(out, "w") as stdout, open(err, "w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "nianbao.demo", "--db", str(root / "nianbao.db"), "--data-dir", str(root / "data"),
             "--scale", str(SCALE), "--site", "gbk", "--port", str(port)],
            stdout=stdout, stderr=stderr)
        try:
            wait_listening(port, process, 120)    # it crawls first, then serves
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/nianbao/reports.json?_shape=array") as answer:
                rows = json.load(answer)
            with urllib.request.urlopen(rows[0]["source_url"]) as original:  # the mock site is still up
                assert original.status == 200
            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=20) == 0
        finally:
            if process.poll() is None:
                process.kill()
    printed = out.read_text(encoding="utf-8")
    assert "Replacing the previous demo archive" in printed and f"http://127.0.0.1:{port}/" in printed
    assert "Stopped" in printed
    assert "Traceback" not in err.read_text(encoding="utf-8")
    # only the new crawl is kept: the gbk site's reports, at its new port, once each
    assert sorted((r["agency"], r["year"]) for r in rows) == sorted(published(("gbk",)))
    assert not before & {r["source_url"] for r in rows}
    assert not listening(port)     # nothing listens any more


def test_a_taken_port_is_refused_before_crawling(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(demo, ["--db", str(tmp_path / "nianbao.db"), "--data-dir", str(tmp_path / "data"),
                                           "--port", str(port)])
    assert result.exit_code != 0 and "choose another --port" in result.output
    assert not (tmp_path / "data").exists()


def processes_mentioning(text: str) -> list[int]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if text.encode() in cmdline.read_bytes():
                found.append(int(cmdline.parent.name))
        except OSError:   # the process ended meanwhile
            pass
    return found


def test_ctrl_c_during_the_crawl_stops_the_crawler_and_the_mock_sites(tmp_path):
    db = tmp_path / "nianbao.db"
    out = tmp_path / "out.txt"
    with open(out, "w") as stdout:
        process = subprocess.Popen([sys.executable, "-m", "nianbao.demo", "--db", str(db), "--data-dir",
                                    str(tmp_path / "data"), "--scale", str(SCALE), "--site", "gbk", "--no-serve"],
                                   stdout=stdout, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 60
            while len(processes_mentioning(str(db))) < 2:      # the demo and its crawler child
                assert process.poll() is None, process.stderr.read()
                assert time.monotonic() < deadline, "the crawl did not start"
                time.sleep(0.05)
            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=20) == 130
        finally:
            if process.poll() is None:
                process.kill()
    assert "Stopped." in process.stderr.read()
    assert processes_mentioning(str(db)) == []
    home = re.search(r"http://127\.0\.0\.1:(\d+)/", out.read_text(encoding="utf-8"))
    assert not listening(int(home.group(1)))     # the mock site is closed
