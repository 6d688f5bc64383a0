"""The archive in a real browser: Playwright drives Debian's Chromium
against a running ``nianbao serve``.  The archive is built by ``nianbao
ingest`` from generated reports (several agencies and years, one
misprinted so that its checks fail) and the real fixtures: a two-character
Chinese search finds the right reports and no others, a report's page shows
its failing checks and links to its original (the same bytes), a dashboard
chart draws its marks, and a table downloads as CSV."""

from __future__ import annotations

import csv
import hashlib
import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import real_file
from playwright.sync_api import expect, sync_playwright
from server_helpers import free_port, wait_listening

from crawler.settings import PLAYWRIGHT_LAUNCH_OPTIONS
from parsers.samples import make_truth, render

pytestmark = pytest.mark.slow   # Chromium against nianbao serve

CHROMIUM = PLAYWRIGHT_LAUNCH_OPTIONS["executable_path"]   # Debian's /usr/bin/chromium
NIANBAO = str(Path(sys.executable).with_name("nianbao"))
REAL_REPORTS = ("pingtan-2019.html", "pingtan-2023.html", "pingtan-2024.html", "huaian-2024.pdf")
# (seed, agency, year, level, shape, misprint)
SAMPLES = [
    (11, "霍山县人民政府", 2022, "county", "html", False),
    (12, "霍山县人民政府", 2023, "county", "docx", True),
    (13, "杭州市教育局", 2023, "department", "pdf_ruled", False),
    (14, "淳安县人民政府", 2022, "county", "text_tsv", False),
]
SEARCH_WORD = "平潭"      # two characters: FTS5 trigram alone would find nothing
# A report page from a compromised site: its script would set a cookie, use storage and read the archive.
SCRIPTED = "scripted-report.html"
SCRIPT = (b'<p id="ran">no</p><script>document.getElementById("ran").textContent = "ran";'
          b'document.cookie = "stolen=1; path=/"; localStorage.setItem("stolen", "1");'
          b'fetch("/nianbao.json?sql=select+1").then(r => document.getElementById("ran").textContent = "read")'
          b'</script>')


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """(root, {file name: report_id}, {file name: truth}) of an archive built by ``nianbao ingest``."""
    root = tmp_path_factory.mktemp("browser")
    (root / "reports").mkdir()
    truths = {}
    for seed, agency, year, level, shape, misprint in SAMPLES:
        truth = make_truth(seed, agency=agency, year=year, level=level, misprint=misprint)
        data, ext = render(truth, shape)
        (root / "reports" / f"sample-{seed}{ext}").write_bytes(data)
        truths[f"sample-{seed}{ext}"] = truth
    data, _ = render(make_truth(15, agency="歙县人民政府", year=2023, level="county"), "html")
    (root / "reports" / SCRIPTED).write_bytes(data.replace(b"</body>", SCRIPT + b"</body>"))
    done = subprocess.run([NIANBAO, "ingest", str(root / "reports"), *(str(real_file(f)) for f in REAL_REPORTS),
                           "--db", str(root / "nianbao.db"), "--data-dir", str(root / "data")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    ids = {Path(line.split()[-1]).name: line.split()[0] for line in done.stdout.splitlines()}
    assert len(ids) == len(SAMPLES) + len(REAL_REPORTS) + 1, done.stdout
    return root, ids, truths


@pytest.fixture(scope="module")
def server(archive):
    """Base URL of ``nianbao serve`` on the archive, on a free loopback port."""
    root = archive[0]
    port = free_port()
    process = subprocess.Popen([NIANBAO, "serve", "--db", str(root / "nianbao.db"), "--data-dir",
                                str(root / "data"), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_listening(port, process, 30)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); "
                    "Playwright cannot download its own browser here")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**PLAYWRIGHT_LAUNCH_OPTIONS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def containing(root: Path, word: str) -> set[str]:
    """Reports whose title or text contains ``word``: plain substring matching, no index."""
    with sqlite3.connect(root / "nianbao.db") as conn:
        return {row[0] for row in conn.execute(
            "select r.report_id from reports r left join report_text t using (report_id) "
            "where instr(coalesce(r.title, '') || coalesce(t.text, ''), ?) > 0", [word])}


def test_two_character_search_finds_the_right_reports(server, archive, page):
    root, ids, _ = archive
    page.goto(f"{server}/nianbao/reports")
    page.fill("input[name=_search]", SEARCH_WORD)
    page.press("input[name=_search]", "Enter")
    page.wait_for_url(lambda url: "_search=" in url)
    found = set(page.locator("td.col-report_id").all_inner_texts())
    pingtan = {report_id for name, report_id in ids.items() if name.startswith("pingtan-")}
    assert found == pingtan == containing(root, SEARCH_WORD)
    assert found != set(ids.values())   # the other agencies' reports are left out


def test_report_page_shows_failing_checks_and_links_to_its_original(server, archive, page):
    root, ids, truths = archive
    name = next(n for n, t in truths.items() if t.misprint)
    failing = set(truths[name].expected()["failing_checks"])
    page.goto(f"{server}/nianbao/reports/{ids[name]}")
    expect(page.locator("td.col-check_status")).to_have_text("fail")
    assert int(page.locator("td.col-n_failed").inner_text()) >= len(failing) > 0

    original = page.locator("td.col-document_sha256 a", has_text="original")
    response = page.request.get(original.evaluate("a => a.href"))
    assert response.ok
    assert hashlib.sha256(response.body()).hexdigest() == \
        hashlib.sha256((root / "reports" / name).read_bytes()).hexdigest()

    page.click(f"a[href*='/nianbao/checks?report_id={ids[name]}']")   # "Links from other tables"
    page.wait_for_url(lambda url: "/nianbao/checks" in url)
    shown = dict(zip(page.locator("td.col-check_id").all_inner_texts(),
                     page.locator("td.col-status").all_inner_texts()))
    assert {check for check, status in shown.items() if status == "fail"} >= failing


def test_dashboard_chart_draws_a_bar_per_year(server, archive, page):
    root = archive[0]
    with sqlite3.connect(root / "nianbao.db") as conn:
        years = conn.execute("select count(distinct year) from reports where is_best = 1").fetchone()[0]
    page.goto(f"{server}/-/dashboards/overview")
    bars = page.locator("#chart-reports-per-year svg g.mark-rect path")
    expect(bars).to_have_count(years)
    assert page.locator("#chart-applications-over-time svg g.mark-line path").count() == 1
    assert page.locator("#chart-outcome-shares svg g.mark-arc path").count() > 1


def test_search_results_download_as_csv(server, archive, page):
    root, ids, _ = archive
    page.goto(f"{server}/nianbao/reports?_search={SEARCH_WORD}")
    page.check("input[name=_dl]")
    with page.expect_download() as download_info:
        page.click("input[value='Export CSV']")
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert {"report_id", "agency", "year", "title", "n_facts", "check_status"} <= set(rows[0])
    assert {r["report_id"] for r in rows} == containing(root, SEARCH_WORD)
    assert all(SEARCH_WORD in r["agency"] for r in rows)
    with sqlite3.connect(root / "nianbao.db") as conn:
        facts = dict(conn.execute("select report_id, n_facts from reports"))
    assert all(int(r["n_facts"]) == facts[r["report_id"]] for r in rows)


def test_an_archived_page_cannot_run_script_in_the_archives_origin(server, archive, page):
    root = archive[0]
    sha256 = hashlib.sha256((root / "reports" / SCRIPTED).read_bytes()).hexdigest()
    response = page.goto(f"{server}/-/originals/{sha256}")
    assert response.ok and "sandbox" in response.headers["content-security-policy"]
    expect(page.locator("table").first).to_be_visible()   # the page is shown
    page.wait_for_timeout(1000)
    assert page.locator("#ran").inner_text() == "no"       # its script is not run
    assert not [c for c in page.context.cookies() if c["name"] == "stolen"]
    page.goto(f"{server}/nianbao/reports")
    assert page.evaluate("localStorage.getItem('stolen')") is None
