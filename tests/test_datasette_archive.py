"""The archive in Datasette, through Datasette's own test client: Chinese
search in the table search box, stored queries, labels, dashboards, links
to originals and WARC records, downloads, and a read-only instance."""

import asyncio
import io
import json
import sqlite3
from urllib.parse import unquote, urlencode

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.db import open_archive
from archive.ingest import ingest_report, record_capture, record_document, register_agency
from archive.originals import ContentStore
from archive.serve import build_datasette, load_metadata
from archive.synthetic import make_report
from nianbao.commands import serve
from parsers.schema import FACTS

NARRATIVES = {
    "平潭县": "本年度重点公开城乡低保资金发放情况。",
    "平潭县教育局": "全年未发生因征收拆迁引发的政府信息公开行政复议。",
    "霍山县": "着力推进决策公开。",
}


def write_warc(path, url, payload):
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        writer.write_record(writer.create_warc_record(url, "warcinfo", payload=io.BytesIO(b"x")))
        offset = stream.tell()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            url, "response", payload=io.BytesIO(payload), http_headers=headers))
    return offset


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("archive")
    db_path, data_dir = root / "nianbao.db", root / "data"
    db = open_archive(db_path)
    register_agency(db, name="平潭县财政局", level="部门", region_code="350128")
    previous = {}
    for year in (2022, 2023):
        for agency, level, code in [("平潭县", "县", "350128"), ("平潭县教育局", "部门", "350128"),
                                    ("霍山县", "县", "341525")]:
            report = make_report(agency, year, previous=previous.get(agency),
                                 misprint=(agency == "霍山县" and year == 2023),
                                 text=NARRATIVES[agency])
            previous[agency] = report
            page = f"<html><body>{report.title}</body></html>".encode()
            sha256, stored = ContentStore(data_dir).put(page, ".html")
            url = f"http://gov.example/{agency}/{year}.html"
            record_document(db, sha256=sha256, url=url, content_type="text/html; charset=utf-8",
                            size=len(page), stored_path=str(stored))
            offset = write_warc(data_dir / f"{sha256[:8]}.warc.gz", url, page)
            record_capture(db, url=url, status=200, fetched_at="2025-02-01T00:00:00",
                           sha256=sha256, warc_file=f"{sha256[:8]}.warc.gz", warc_offset=offset)
            ingest_report(db, report, source_url=url, document_sha256=sha256,
                          published=f"{year + 1}-02-15", fetched_at="2025-02-01T00:00:00",
                          agency=agency, level=level, region_code=code)
    # hostile originals: a page with a script, a Word file, a type that lies, and a file no capture names
    for data, ext, content_type in HOSTILE:
        sha256, stored = ContentStore(data_dir).put(data, ext)
        record_document(db, sha256=sha256, url=f"http://gov.example/x{ext}", content_type=content_type,
                        size=len(data), stored_path=str(stored))
    (data_dir / "secret.txt").write_text("TOP-SECRET line of a file that is no WARC\n")
    db.close()
    return db_path, data_dir


SCRIPTED = b"<html><body><script>document.cookie='stolen=1'</script><p>\xe6\x8a\xa5\xe5\x91\x8a</p></body></html>"
HOSTILE = [
    (SCRIPTED, ".html", "text/html; charset=utf-8"),
    (b"PK\x03\x04 a docx", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", ".svg", "image/svg+xml"),
    (b"<script>alert(1)</script>", ".bin", "text/html\r\nX-Injected: 1"),
]


@pytest.fixture(scope="module")
def ds(archive):
    return build_datasette(*archive)


def get(ds, path):
    return asyncio.run(ds.client.get(path))


def search(ds, words):
    response = get(ds, f"/nianbao/reports.json?_search={words}&_shape=array&_col=agency")
    assert response.status_code == 200, response.text
    return sorted({row["agency"] for row in response.json()})


def test_two_character_chinese_search_in_the_search_box(ds):
    assert search(ds, "低保") == ["平潭县"]
    assert search(ds, "拆迁") == ["平潭县教育局"]
    assert search(ds, "公开") == ["平潭县", "平潭县教育局", "霍山县"]
    assert search(ds, "决策公开") == ["霍山县"]
    assert search(ds, "教育") == ["平潭县教育局"]  # in the title
    assert search(ds, "低保 拆迁") == []  # every word must match
    assert search(ds, "拆低") == []


def test_search_box_page_shows_matches(ds):
    html = get(ds, "/nianbao/reports?_search=拆迁").text
    assert 'name="_search"' in html
    assert "平潭县教育局2023年政府信息公开工作年度报告" in html
    assert "霍山县2023年" not in html


def test_facets_and_default_sort(ds):
    data = get(ds, "/nianbao/reports.json?_extra=facet_results&_shape=objects").json()
    facets = data["facet_results"]
    facets = facets.get("results", facets)
    assert {"year", "template", "level", "region_code", "check_status"} <= set(facets)
    statuses = {item["value"]: item["count"] for item in facets["check_status"]["results"]}
    assert statuses["fail"] == 1
    years = [row["year"] for row in data["rows"]]
    assert years == sorted(years, reverse=True)


QUERIES = {
    "reports_not_adding_up": "",
    "top_refusals": "?year=2023",
    "region_by_year": "?region=350000",
    "missing_and_late": "?year=2023",
    "corrections": "",
    "largest_changes": "",
}


@pytest.mark.parametrize("name", QUERIES)
def test_stored_queries_return_rows(ds, name):
    response = get(ds, f"/nianbao/{name}.json?_shape=array" + QUERIES[name].replace("?", "&"))
    assert response.status_code == 200, response.text
    assert response.json(), name


def test_stored_queries_answer_the_questions(ds):
    failing = get(ds, "/nianbao/reports_not_adding_up.json?_shape=array").json()
    assert [(r["agency"], r["year"]) for r in failing] == [("霍山县", 2023)]
    assert "applications.balance.total" in failing[0]["failing_checks"]
    by_year = get(ds, "/nianbao/region_by_year.json?_shape=array&region=350100").json()
    assert [(r["year"], r["报告数"]) for r in by_year] == [(2022, 2), (2023, 2)]
    late = get(ds, "/nianbao/missing_and_late.json?_shape=array&year=2023").json()
    assert {(r["agency"], r["status"]) for r in late} == {
        ("平潭县教育局", "late"), ("平潭县财政局", "missing")}


def best_facts(db_path, prefix):
    """{(agency, year): {key: value}} of the best versions' facts under ``prefix``."""
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("SELECT r.agency, r.year, f.key, f.value FROM facts f JOIN reports r "
                            "USING (report_id) WHERE r.is_best = 1 AND f.key LIKE ?",
                            [prefix + "%"]).fetchall()
    facts = {}
    for agency, year, key, value in rows:
        facts.setdefault((agency, year), {})[key] = value
    return facts


def test_top_refusals_agree_with_the_facts(ds, archive):
    expected = {}
    for (agency, _year), values in best_facts(archive[0], "applications.denied.").items():
        refused = sum(v for k, v in values.items() if k.endswith(".total") and v > 0)
        if refused:
            expected[agency] = expected.get(agency, 0) + refused
    refusals = get(ds, "/nianbao/top_refusals.json?_shape=array&year=").json()
    assert expected
    assert {r["agency"]: r["不予公开合计"] for r in refusals} == expected
    assert [r["不予公开合计"] for r in refusals] == sorted(expected.values(), reverse=True)


def test_corrections_agree_with_the_facts(ds, archive):
    expected = sorted(
        (agency, year, FACTS[key].row_label, value, values[key.replace(".corrected", ".total")])
        for (agency, year), values in best_facts(archive[0], "appeals.").items()
        for key, value in values.items() if key.endswith(".corrected") and value > 0)
    corrections = get(ds, "/nianbao/corrections.json?_shape=array").json()
    assert expected
    assert sorted((r["agency"], r["year"], r["类型"], r["结果纠正"], r["总计"])
                  for r in corrections) == expected


def test_largest_changes_agree_with_the_facts(ds, archive):
    key = "applications.granted.total"
    granted = best_facts(archive[0], key)
    expected = sorted((agency, granted[(agency, 2022)][key], granted[(agency, 2023)][key])
                      for agency, year in granted if year == 2023)
    changes = get(ds, f"/nianbao/largest_changes.json?_shape=array&key={key}").json()
    assert len(expected) == 3
    assert sorted((r["agency"], r["上一年数值"], r["本年数值"]) for r in changes) == expected
    changes = [abs(r["变化"]) for r in changes]
    assert changes == sorted(changes, reverse=True)


def test_wide_view_labels_come_from_the_field_dictionary(ds):
    metadata = load_metadata()
    columns = metadata["databases"]["nianbao"]["tables"]["applications_wide"]["columns"]
    assert columns["denied_state_secret_natural_person"] == "三（三）1.属于国家秘密 · 自然人"
    html = get(ds, "/nianbao/applications_wide").text
    assert "三（三）1.属于国家秘密 · 自然人" in html


def test_report_rows_link_to_original_and_warc(ds, archive):
    row = get(ds, "/nianbao/reports.json?_shape=array&agency=霍山县&year=2023").json()[0]
    html = get(ds, f"/nianbao/reports/{row['report_id']}").text
    sha256 = row["document_sha256"]
    assert f'href="/-/originals/{sha256}"' in html
    warc = f'/-/warc/{sha256[:8]}.warc.gz/'
    assert warc in html
    original = get(ds, f"/-/originals/{sha256}")
    assert original.status_code == 200 and "霍山县2023年" in original.text
    offset = html.split(warc, 1)[1].split('"', 1)[0]
    record = get(ds, warc + offset)
    assert record.status_code == 200 and record.text == original.text
    assert record.headers["x-warc-type"] == "response"
    assert unquote(record.headers["x-warc-target-uri"]) == "http://gov.example/霍山县/2023.html"
    assert get(ds, "/-/warc/../nianbao.db/0").status_code == 404


def test_dashboards_render(ds):
    overview = get(ds, "/-/dashboards/overview")
    assert overview.status_code == 200 and "历年新收申请" in overview.text
    region = get(ds, "/-/dashboards/region?region=福建省")
    assert region.status_code == 200 and "福建省福州市平潭县" in region.text


def test_downloads(ds, archive):
    whole = get(ds, "/nianbao.db")
    assert whole.status_code == 200 and whole.content == archive[0].read_bytes()
    table = get(ds, "/nianbao/checks.csv?_size=max")
    assert table.status_code == 200 and table.text.startswith("report_id,check_id,status")
    query = get(ds, "/nianbao/corrections.json?_shape=array")
    assert isinstance(json.loads(query.text), list)


def test_instance_is_read_only(ds, archive):
    database = ds.get_database("nianbao")
    assert database.is_mutable is False
    before = archive[0].read_bytes()
    conn = database.connect()  # how Datasette opens it: immutable, read-only
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("DELETE FROM reports")
    refused = get(ds, "/nianbao.json?sql=delete+from+reports")
    assert refused.status_code == 400
    assert archive[0].read_bytes() == before


def test_serve_command_answers_a_path(archive):
    db_path, data_dir = archive
    result = CliRunner().invoke(serve, ["--db", str(db_path), "--data-dir", str(data_dir),
                                        "--get", "/nianbao/reports.json?_shape=array&_col=year"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)) == 6
    missing = CliRunner().invoke(serve, ["--db", str(db_path.parent / "none.db")])
    assert missing.exit_code != 0


def test_report_page_lists_its_checks_failing_first(ds):
    """霍山县 2023 is misprinted: its own page shows the failing checks with
    expected and actual, before the passing ones."""
    row = get(ds, "/nianbao/reports.json?_shape=array&agency=霍山县&year=2023").json()[0]
    failing = get(ds, f"/nianbao/checks.json?_shape=array&report_id={row['report_id']}&status=fail").json()
    assert failing
    html = get(ds, f"/nianbao/reports/{row['report_id']}").text
    section = html.split('class="nianbao-report"', 1)[1]
    assert f"{len(failing)} failing of" in section
    first_pass = section.find("<td>pass</td>")
    for check in failing:
        at = section.find(f"<td>{check['check_id']}</td>")
        assert 0 < at and (first_pass < 0 or at < first_pass), check["check_id"]
    assert f'href="/-/originals/{row["document_sha256"]}"' in section


def original_of(data: bytes, ds):
    from archive.originals import sha256_hex

    return get(ds, f"/-/originals/{sha256_hex(data)}")


def test_originals_cannot_act_in_the_archives_origin(ds):
    page = original_of(SCRIPTED, ds)
    assert page.status_code == 200 and page.content == SCRIPTED
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["content-security-policy"].startswith("sandbox;")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["content-disposition"].startswith("inline")
    docx = original_of(HOSTILE[1][0], ds)
    assert docx.headers["content-disposition"].startswith("attachment; filename=")
    svg = original_of(HOSTILE[2][0], ds)  # an SVG runs script when opened: a download, sandboxed anyway
    assert svg.headers["content-disposition"].startswith("attachment")
    assert svg.headers["content-security-policy"].startswith("sandbox;")
    lying = original_of(HOSTILE[3][0], ds)
    assert lying.status_code == 200 and "x-injected" not in lying.headers
    assert lying.headers["content-type"] == "text/html" and lying.headers["content-security-policy"].startswith("sandbox")


def test_the_warc_route_serves_only_records_the_archive_wrote(ds, archive):
    db_path, data_dir = archive
    capture = sqlite3.connect(db_path).execute(
        "select warc_file, warc_offset from captures where warc_file is not null limit 1").fetchone()
    warc_file, offset = capture
    record = get(ds, f"/-/warc/{warc_file}/{offset}")
    assert record.status_code == 200 and record.headers["x-content-type-options"] == "nosniff"
    assert record.headers["content-security-policy"].startswith("sandbox;")
    stored = next(p for p in (data_dir / "files").rglob("*.html"))
    echoed = stored.read_text(encoding="utf-8")
    refused = [
        f"/-/warc/{warc_file}/0",              # the warcinfo record: no capture recorded there
        f"/-/warc/{warc_file}/{offset + 1}",   # a wrong offset: 404, not 500
        f"/-/warc/{warc_file}/{'9' * 18}",
        f"/-/warc/{warc_file}/{'9' * 5000}",   # no route: not a number Python would refuse to read
        "/-/warc/secret.txt/0",                # a file inside the data directory that is no WARC
        f"/-/warc/{stored.relative_to(data_dir)}/0",
        "/-/warc/../nianbao.db/0",
        "/-/warc/missing.warc.gz/0",
    ]
    for path in refused:
        answer = get(ds, path)
        assert answer.status_code == 404, path
        assert "TOP-SECRET" not in answer.text and echoed not in answer.text


DOUBLED = ("with recursive s(x) as (select 'aaaaaaaaaaaaaaaa' union all select x || x from s "
           "where length(x) < 8388608) select max(x) as x from s")
VALUE_BUILDERS = {
    "select printf('%.*c', 900000000, 'x')": "not authorized to use function: printf",
    "select format('%.*c', 900000000, 'x')": "not authorized to use function: format",
    "select zeroblob(900000000)": "string or blob too big",
    "select randomblob(900000000)": "string or blob too big",
    "select length(x || x || x) from (" + DOUBLED + ")": "string or blob too big",
    "select length(" + "replace(" * 7 + "'xxxxxxxxxxxxxxxx'"
    + ", 'x', 'xxxxxxxxxxxxxxxx')" * 7 + ")": "string or blob too big",
    "select hex(zeroblob(10000000))": "string or blob too big",
}


@pytest.mark.parametrize("sql", VALUE_BUILDERS)
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # sqlite3 prints the refusal
def test_a_query_cannot_build_a_huge_value(ds, sql):
    answer = get(ds, "/nianbao.json?" + urlencode({"sql": sql}))
    assert answer.status_code == 400
    assert VALUE_BUILDERS[sql] in answer.json()["error"]


def test_searching_a_long_value_is_linear_and_answers(ds):
    # SQLite's own instr / replace / trim would search an 8 MB needle at every position, for hours
    queries = {
        f"select instr(x, substr(x, 1, 4194304) || 'b') from ({DOUBLED})": 0,
        f"select length(replace(x, substr(x, 1, 4194304) || 'b', 'y')) from ({DOUBLED})": 8388608,
        f"select length(trim(x, 'ab')) from ({DOUBLED})": 0,
        "select instr('平潭综合实验区', '综合'), replace('2023年度', '度', ''), trim('  报告  ')": None,
    }
    for sql, expected in queries.items():
        answer = get(ds, "/nianbao.json?_shape=array&" + urlencode({"sql": sql}))
        assert answer.status_code == 200, answer.text[:300]
        row = list(answer.json()[0].values())
        assert row == ([expected] if expected is not None else [3, "2023年", "报告"])


def test_the_archives_own_views_still_format_dates(ds):
    rows = get(ds, "/nianbao/coverage.json?_shape=array&_size=3").json()
    assert rows and all(r["deadline"].endswith(("-01-31", "-03-31")) for r in rows if r.get("deadline"))


def test_the_messages_debug_page_is_not_offered(ds):
    for data in ({}, {"message": "hi", "message_type": "BOGUS"}, {"message": "hi", "message_type": "INFO"}):
        assert asyncio.run(ds.client.post("/-/messages", data=data)).status_code == 404
    assert get(ds, "/-/messages").status_code == 404
