"""The archive's one accession path: what the crawl and ``nianbao ingest``
store (relative paths, content types, one timestamp format), the HTTP
charset reaching the parser, unchanged documents not parsed again, and
provenance kept when the content store is ingested as a folder."""

from __future__ import annotations

import re
import signal
import subprocess
import sys

import pytest
import sqlite_utils
from click.testing import CliRunner

import archive.accession as accession
from archive.accession import Accessions, Context, Original, timestamp
from archive.db import open_archive
from nianbao.commands import ingest
from parsers.samples import make_truth, render

STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def sample(seed: int, agency: str = "霍山县人民政府", year: int = 2023) -> bytes:
    data, _ = render(make_truth(seed, agency=agency, year=year), "html")
    return data


@pytest.fixture
def accessions(tmp_path):
    return Accessions(open_archive(tmp_path / "a.db"), tmp_path / "data")


def crawled(data: bytes, url="http://www.example.gov.cn/art/2024/1/20/art_1.html", **context) -> tuple:
    original = Original(data, url, fetched_at="2024-02-01T08:00:00Z", filename="art_1.html",
                        content_type="text/html; charset=utf-8")
    return original, Context(site_id="ah-huoshan", site_name="霍山县人民政府", site_level="县", **context)


def test_both_ways_in_store_the_same_kind_of_rows(accessions, tmp_path):
    accessions.accession(*crawled(sample(1)))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "report.html").write_bytes(sample(2))
    result = CliRunner().invoke(ingest, [str(folder), "--db", str(tmp_path / "a.db"),
                                         "--data-dir", str(tmp_path / "data")])
    assert result.exit_code == 0, result.output
    db = open_archive(tmp_path / "a.db")
    documents = list(db["documents"].rows)
    assert len(documents) == 2
    for document in documents:
        assert document["stored_path"].startswith("files/") and document["sha256"] in document["stored_path"]
        assert (tmp_path / "data" / document["stored_path"]).is_file()
        assert document["content_type"].startswith("text/html")
    for report in db["reports"].rows:
        assert STAMP.fullmatch(report["first_seen"]) and STAMP.fullmatch(report["last_seen"]), report
        assert report["parser_version"]


def test_the_http_charset_reaches_the_parser(accessions):
    text = "霍山縣人民政府政府資訊公開年度報告：本機關全年收到申請三件"
    page = f"<html><body><p>{text}</p></body></html>".encode("big5")
    header = Original(page, "http://tw.example/1.html", fetched_at=timestamp(), filename="1.html",
                      content_type="text/html; charset=big5")
    assert text in accession.read(header).text
    guessed = Original(page, header.url, fetched_at=header.fetched_at, filename="1.html")
    assert text not in accession.read(guessed).text  # without the header, the bytes pass for GB18030


def test_an_unchanged_document_is_not_parsed_again(accessions, monkeypatch):
    original, context = crawled(sample(3))
    first = accessions.accession(original, context)
    assert first.report_id and not first.stored.unchanged
    parsed = []
    monkeypatch.setattr(accession, "read", lambda o: parsed.append(o) or pytest.fail("parsed again"))
    again, _ = crawled(sample(3))
    again.fetched_at = "2025-02-01T08:00:00Z"
    outcome = accessions.accession(again, context)
    assert outcome.stored.unchanged and outcome.stored.reports == 1 and parsed == []
    row = accessions.db["reports"].get(first.report_id)
    assert (row["first_seen"], row["last_seen"]) == ("2024-02-01T08:00:00Z", "2025-02-01T08:00:00Z")


def test_a_document_stored_but_never_filed_is_parsed_when_it_comes_back(accessions):
    original, context = crawled(sample(4))
    stored = accessions.store_original(original)  # then the crawl was killed before filing
    assert not stored.unchanged
    outcome = accessions.accession(crawled(sample(4))[0], context)
    assert not outcome.stored.unchanged and outcome.report_id
    assert accessions.db["reports"].count == 1


def test_ingesting_the_content_store_keeps_provenance(accessions, tmp_path):
    outcome = accessions.accession(*crawled(sample(5, agency="霍山县财政局")))
    before = accessions.db["reports"].get(outcome.report_id)
    assert before["source_url"].startswith("http://") and before["level"] == "部门"
    result = CliRunner().invoke(ingest, [str(tmp_path / "data" / "files"), "--db", str(tmp_path / "a.db"),
                                         "--data-dir", str(tmp_path / "data")])
    assert result.exit_code == 0, result.output
    assert "unchanged" in result.output and "0 file(s) ingested" in result.output
    after = open_archive(tmp_path / "a.db")["reports"].get(outcome.report_id)
    assert {k: after[k] for k in ("source_url", "site_id", "level", "first_seen", "last_seen")} == \
        {k: before[k] for k in ("source_url", "site_id", "level", "first_seen", "last_seen")}


@pytest.mark.slow
def test_a_killed_ingest_loses_nothing_it_reported(tmp_path):
    """SIGKILL midway: every file printed as ingested is in the database,
    which is intact, and the same command then finishes the job."""
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(40):
        data, ext = render(make_truth(200 + n, agency=f"霍山县第{n}局", year=2023), ("html", "docx")[n % 2])
        (folder / f"{n:02d}{ext}").write_bytes(data)
    command = [sys.executable, "-m", "nianbao", "ingest", str(folder),
               "--db", str(tmp_path / "a.db"), "--data-dir", str(tmp_path / "data")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    printed = []
    for line in process.stdout:
        printed.append(line.split()[0])
        if len(printed) == 5:
            process.send_signal(signal.SIGKILL)
            break
    process.wait()
    assert len(printed) == 5 and process.returncode == -signal.SIGKILL
    db = sqlite_utils.Database(tmp_path / "a.db")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    archived = {r for (r,) in db.execute("SELECT report_id FROM reports")}
    assert set(printed) <= archived and len(archived) < 40
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert db["reports"].count == 40
