"""Level and agency come from the report, not from the site that linked it:
the level rules against every real registry site and every sample agency,
a department's report found on a county portal, and coverage listing the
expected agencies that never published."""

from __future__ import annotations

import pytest
from conftest import real_file

from archive.accession import Accessions, Context, Original
from archive.agencies import expect_agencies
from archive.coverage import coverage
from archive.db import open_archive
from archive.levels import agency_level
from crawler.registry import load_sites
from parsers.samples import make_truth, render
from parsers.samples.agencies import AGENCIES


def test_levels_agree_with_the_site_registry():
    sites = load_sites()
    assert len(sites) > 50
    wrong = [(s.name, s.level, agency_level(s.name)) for s in sites if agency_level(s.name) != s.level]
    assert wrong == []


def test_levels_of_sample_agencies_are_right_or_unknown():
    named = [(name, level) for level, entries in AGENCIES.items() for name, _ in entries]
    told = [(name, level, agency_level(name)) for name, level in named]
    assert all(found in (level, None) for _, level, found in told), told
    assert sum(found == level for _, level, found in told) >= len(told) - 1


COUNTY = Context(site_id="ah-huoshan", site_name="霍山县人民政府", site_level="县", region_code="341525",
                 published="2024-02-05")


@pytest.fixture
def accessions(tmp_path):
    return Accessions(open_archive(tmp_path / "a.db"), tmp_path / "data")


def accession(accessions, data: bytes, url: str, context: Context):
    return accessions.accession(Original(data, url, fetched_at="2024-02-06T08:00:00Z", filename="t.html",
                                         content_type="text/html"), context)


def test_a_department_report_on_a_county_portal_is_a_department_report(accessions):
    expect_agencies(accessions.db, [{"name": "霍山县人民政府", "level": "县", "region_code": "341525",
                                     "site": "ah-huoshan", "home_url": "http://www.huoshan.gov.cn/"}])
    data, _ = render(make_truth(11, agency="霍山县财政局", year=2023, level="部门"), "html")
    outcome = accession(accessions, data, "http://www.huoshan.gov.cn/art/2024/2/5/art_1.html", COUNTY)
    row = accessions.db["reports"].get(outcome.report_id)
    assert (row["agency"], row["level"], row["site_id"]) == ("霍山县财政局", "部门", "ah-huoshan")
    rows = {r["agency"]: r for r in coverage(accessions.db, year=2023)}
    assert rows["霍山县财政局"]["deadline"] == "2024-01-31" and rows["霍山县财政局"]["status"] == "late"
    # the county itself, expected from the registry, never published
    assert rows["霍山县人民政府"]["status"] == "missing" and rows["霍山县人民政府"]["deadline"] == "2024-03-31"


def test_a_real_department_report_from_its_portal(accessions):
    data = real_file("pingtan-jiaotong-2024.html").read_bytes()
    portal = Context(site_id="fj-pingtan", site_name="平潭综合实验区", site_level="市", region_code="350128")
    outcome = accession(accessions, data, "https://www.pingtan.gov.cn/jiaotong.html", portal)
    row = accessions.db["reports"].get(outcome.report_id)
    assert row["agency"] == "平潭综合实验区交通与建设局" and row["level"] == "部门"


def test_the_site_level_holds_only_for_the_site_s_own_agency(accessions):
    data, _ = render(make_truth(12, agency="平潭综合实验区", year=2023), "html")
    portal = Context(site_id="fj-pingtan", site_name="平潭综合实验区", site_level="市", region_code="350128")
    outcome = accession(accessions, data, "https://www.pingtan.gov.cn/2023.html", portal)
    assert accessions.db["reports"].get(outcome.report_id)["level"] == "市"
