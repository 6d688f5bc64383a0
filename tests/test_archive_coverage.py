"""Coverage and the 条例 第四十九条 deadlines, through the library and the
``coverage`` command."""

import json
from datetime import date

import pytest
from click.testing import CliRunner

from archive.coverage import coverage
from archive.db import open_archive
from archive.ingest import ingest_report, register_agency
from archive.synthetic import make_report
from nianbao.commands import coverage as coverage_command


@pytest.fixture
def coverage_archive(fresh_db, archive_path):
    db = fresh_db
    register_agency(db, name="平潭县", level="县", region_code="350128", site="fj-pingtan")
    register_agency(db, name="平潭县教育局", level="部门", region_code="350128", site="fj-pingtan")
    register_agency(db, name="霍山县衡山镇", level="乡镇", region_code="341525")
    register_agency(db, name="平潭县财政局", level="部门", region_code="350128")
    for agency, level, published in [("平潭县", "县", "2024-03-31"),          # last day: on time
                                     ("平潭县教育局", "部门", "2024-02-01"),   # 1 day late
                                     ("霍山县衡山镇", "乡镇", "2024-06-30")]:  # no statutory date
        report = make_report(agency, 2023)
        ingest_report(db, report, source_url=None, document_sha256=report.sha256,
                      published=published, agency=agency, level=level, region_code=
                      "341525" if agency == "霍山县衡山镇" else "350128")
    return archive_path


def by_agency(rows):
    return {r["agency"]: r for r in rows}


def test_deadlines_by_level(coverage_archive):
    rows = by_agency(coverage(open_archive(coverage_archive), year=2023))
    assert rows["平潭县"]["deadline"] == "2024-03-31" and rows["平潭县"]["status"] == "on_time"
    assert rows["平潭县教育局"]["deadline"] == "2024-01-31"
    assert rows["平潭县教育局"]["status"] == "late" and rows["平潭县教育局"]["days_late"] == 1
    assert rows["霍山县衡山镇"]["deadline"] is None and rows["霍山县衡山镇"]["status"] == "found"
    assert rows["平潭县财政局"]["status"] == "missing" and rows["平潭县财政局"]["report_id"] is None


def test_a_year_not_yet_due_is_not_missing(coverage_archive):
    db = open_archive(coverage_archive)
    next_year = date.today().year
    report = make_report("平潭县", next_year)
    ingest_report(db, report, source_url=None, document_sha256=report.sha256,
                  agency="平潭县", level="县", region_code="350128")
    rows = by_agency(coverage(db, year=next_year))
    assert rows["平潭县财政局"]["status"] == "not_yet_due"


def test_coverage_command(coverage_archive):
    result = CliRunner().invoke(coverage_command, ["--db", str(coverage_archive), "--year", "2023",
                                                   "--status", "late", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [r["agency"] for r in json.loads(result.output)] == ["平潭县教育局"]
    table = CliRunner().invoke(coverage_command, ["--db", str(coverage_archive), "--year", "2023"])
    assert "missing" in table.output and "平潭县财政局" in table.output
