"""``nianbao reparse``: a parser change reaches the archive from the stored
originals, without a request; every changed fact is recorded in
``changes``, nothing else changes, provenance stays; a second run changes
nothing; an interrupted run resumes by version."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import sqlite_utils
from click.testing import CliRunner

import parsers.isolation
import parsers.parse
import parsers.tables
import parsers.version
from archive.accession import Accessions, Context, Original
from archive.coverage import coverage
from archive.db import open_archive
from archive.reparse import reparse as reparse_reports
from archive.reparse import select_reports
from bench.reparse import in_this_process, ones_as_1001
from crawler.mocksite import MockSites
from nianbao.demo import fast_env
from nianbao.reparse import reparse
from parsers.samples import make_truth, render

PROVENANCE = ("report_id", "agency", "year", "level", "site_id", "source_url", "published",
              "document_sha256", "first_seen", "last_seen", "accession")


@pytest.fixture(autouse=True)
def parsed_in_this_process(monkeypatch):
    """A parser change patched in this process must reach every document,
    so the documents that parsing isolates in worker processes (DOCX, PDF …)
    are parsed here too."""
    monkeypatch.setattr(parsers.isolation, "run", in_this_process)


def ones_read_as_1001(monkeypatch):
    """The parser change of these tests: every printed 1 read as 1001 (so
    every fact whose value is 1 changes, no other)."""
    monkeypatch.setattr(parsers.tables, "read_value", ones_as_1001(parsers.tables.read_value))


def snapshot(db: sqlite_utils.Database) -> dict:
    return {
        "facts": {(r["report_id"], r["key"]): r["value"] for r in db.query("SELECT report_id, key, value FROM facts")},
        "reports": {r["report_id"]: r for r in db.query(f"SELECT {', '.join(PROVENANCE)} FROM reports")},
        "captures": list(db.query("SELECT * FROM captures ORDER BY capture_id")),
        "documents": list(db.query("SELECT sha256, url, content_type, size, stored_path FROM documents "
                                   "ORDER BY sha256")),
    }


def run(db_path, data_dir, *options) -> str:
    result = CliRunner().invoke(reparse, ["--db", str(db_path), "--data-dir", str(data_dir), *options])
    assert result.exit_code == 0, result.output
    return result.output


def assert_only_ones_changed(before: dict, after: dict, db: sqlite_utils.Database) -> None:
    expected = {key: 1001 if value == 1 else value for key, value in before["facts"].items()}
    assert after["facts"] == expected
    ones = {key for key, value in before["facts"].items() if value == 1}
    assert ones, "the archive has no fact worth 1: the test would prove nothing"
    recorded = {(c["report_id"], c["key"]): (c["old_value"], c["new_value"], c["parser_version"])
                for c in db.query("SELECT * FROM changes WHERE kind = 'reparsed'")}
    assert recorded == {key: (1, 1001, parsers.version.PARSER_VERSION) for key in ones}
    for name in ("reports", "captures", "documents"):
        assert after[name] == before[name], name


@pytest.fixture
def archived(tmp_path):
    """Eight generated reports of two agencies, accessioned as a crawl would."""
    accessions = Accessions(open_archive(tmp_path / "a.db"), tmp_path / "data")
    for n in range(8):
        agency = ("霍山县人民政府", "霍山县财政局")[n % 2]
        truth = make_truth(100 + n, agency=agency, year=2019 + n // 2, misprint=n == 3)
        data, ext = render(truth, ("html", "docx", "text_tsv", "html_gbk")[n % 4])
        accessions.accession(
            Original(data, f"http://www.huoshan.gov.cn/{n}{ext}", fetched_at=f"2024-0{n + 1}-01T08:00:00Z",
                     filename=f"{n}{ext}", content_type="text/html; charset=utf-8" if ext == ".html" else None),
            Context(site_id="ah-huoshan", site_name="霍山县人民政府", site_level="县", region_code="341525",
                    published=f"202{n // 2}-01-20"))
    return tmp_path


def test_a_parser_change_reaches_the_archive_and_a_second_run_changes_nothing(archived, monkeypatch):
    db = open_archive(archived / "a.db")
    before = snapshot(db)
    ones_read_as_1001(monkeypatch)
    output = run(archived / "a.db", archived / "data", "--all")
    after = snapshot(db)
    assert_only_ones_changed(before, after, db)
    changed = sum(v == 1 for v in before["facts"].values())
    assert "8 report(s) re-read" in output and f"{changed} fact(s) changed" in output
    assert "now pass" in output and "now fail" in output
    again = run(archived / "a.db", archived / "data", "--all")
    assert "0 fact(s) changed" in again and snapshot(db) == after
    assert db["changes"].count == changed


def test_one_report_only(archived, monkeypatch):
    db = open_archive(archived / "a.db")
    target = next(r["report_id"] for r in db.query("SELECT report_id FROM reports r WHERE EXISTS "
                                                   "(SELECT 1 FROM facts f WHERE f.report_id = r.report_id "
                                                   "AND f.value = 1)"))
    ones_read_as_1001(monkeypatch)
    output = run(archived / "a.db", archived / "data", "--report", target)
    assert "1 report(s) re-read" in output
    assert {c["report_id"] for c in db.query("SELECT report_id FROM changes")} == {target}
    result = CliRunner().invoke(reparse, ["--db", str(archived / "a.db"), "--data-dir", str(archived / "data"),
                                          "--report", "0000000000000000"])
    assert result.exit_code != 0 and "no such report" in result.output


def test_an_interrupted_run_resumes_by_version(archived, monkeypatch):
    db = open_archive(archived / "a.db")
    old = parsers.version.PARSER_VERSION
    newer = old + ".1"
    monkeypatch.setattr(parsers.version, "PARSER_VERSION", newer)
    chosen = select_reports(db)
    assert len(chosen) == 8 and select_reports(db, older_than=old) == []

    def stop_after_three(done):
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):  # in the second batch: the first stays, the second is rolled back
        reparse_reports(db, archived / "data", chosen, batch_size=2, progress=stop_after_three)
    remaining = select_reports(db)
    assert remaining == chosen[2:]
    summary = reparse_reports(db, archived / "data", remaining)
    assert summary.reports == 6 and summary.facts_changed == 0
    assert select_reports(db) == []
    assert {r["parser_version"] for r in db.query("SELECT parser_version FROM reports")} == {newer}


def test_a_report_read_as_another_agency_moves_with_its_provenance(archived, monkeypatch):
    db = open_archive(archived / "a.db")
    before = {r["document_sha256"]: r for r in db.query(f"SELECT {', '.join(PROVENANCE)} FROM reports")}
    facts = db["facts"].count
    original = parsers.parse.agency_of
    monkeypatch.setattr(parsers.parse, "agency_of",
                        lambda title, text: "霍山县审计局" if original(title, text) == "霍山县财政局" else
                        original(title, text))
    run(archived / "a.db", archived / "data", "--all")
    after = {r["document_sha256"]: r for r in db.query(f"SELECT {', '.join(PROVENANCE)} FROM reports")}
    assert after.keys() == before.keys() and db["facts"].count == facts
    for sha256, row in after.items():
        old = before[sha256]
        if old["agency"] == "霍山县财政局":
            assert row["agency"] == "霍山县审计局" and row["report_id"] != old["report_id"]
        for column in ("source_url", "site_id", "first_seen", "last_seen", "published", "level"):
            assert row[column] == old[column], column
    assert db.execute("SELECT count(*) FROM facts WHERE report_id NOT IN (SELECT report_id FROM reports)"
                      ).fetchone()[0] == 0
    hits = [r for (r,) in db.execute("SELECT rowid FROM reports_fts WHERE reports_fts MATCH '\"财政\"'")]
    rowids = {r for (r,) in db.execute("SELECT rowid FROM reports WHERE title LIKE '%财政局%'")}
    assert len(rowids) == 4 and set(hits) == rowids  # the moved reports are found, their old entries gone


def test_a_missing_original_is_reported_not_fatal(archived):
    db = open_archive(archived / "a.db")
    (archived / "data" / db["documents"].rows.__next__()["stored_path"]).unlink()
    output = run(archived / "a.db", archived / "data", "--all")
    assert "7 report(s) re-read" in output and "1 report(s) not re-read: original not in the store" in output


@pytest.mark.slow
def test_after_a_crawl_of_the_mock_web(tmp_path, monkeypatch):
    """The issue's checks: department reports crawled from county portals
    are 部门 with the 31 January deadline; then one parser rule changed and
    ``reparse --all``: every affected fact changed and recorded, nothing
    else, no request, provenance intact; a second run changes nothing."""
    with MockSites(seed=3, only=["trs", "gbk"]) as sites:
        done = subprocess.run(
            [sys.executable, "-m", "nianbao", "crawl", *(f"--start-url={u}" for u in sites.urls.values()),
             "--db", str(tmp_path / "a.db"), "--data-dir", str(tmp_path / "data"), "--log-level", "WARNING",
             "--json"], capture_output=True, text=True, timeout=600, env=fast_env())
        assert json.loads(done.stdout)["sites"], done.stderr[-3000:]
        db = open_archive(tmp_path / "a.db")
        assert db["reports"].count >= 10
        # the county portals' department reports are department reports, with the 31 January deadline
        departments = list(db.query("SELECT agency, year, level FROM reports WHERE agency LIKE '%局' "
                                    "OR agency LIKE '%委员会'"))
        assert departments and {r["level"] for r in departments} == {"部门"}
        deadlines = {(r["agency"], r["year"]): r["deadline"] for r in coverage(db)}
        assert all(deadlines[r["agency"], r["year"]] == f"{r['year'] + 1}-01-31" for r in departments)
        requests = {name: len(site.log) for name, site in sites.sites.items()}
        before = snapshot(db)
        ones_read_as_1001(monkeypatch)
        output = run(tmp_path / "a.db", tmp_path / "data", "--all")
        assert f"{db['reports'].count} report(s) re-read" in output
        after = snapshot(db)
        assert_only_ones_changed(before, after, db)
        assert run(tmp_path / "a.db", tmp_path / "data", "--all").count("0 fact(s) changed") == 1
        assert snapshot(db) == after
        assert {name: len(site.log) for name, site in sites.sites.items()} == requests
