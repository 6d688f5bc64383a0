"""The site registry: the shipped crawler/sites.yml is valid and broad, its region
codes agree with the GB/T 2260 dataset, a broken file is refused with errors that
name the row, and the ``sites`` command lists what the registry holds."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from archive.regions import region_rows
from crawler.registry import LEVELS, RegistryError, load_sites, sites_command

CENTRAL = "中央"


@pytest.fixture(scope="module")
def sites():
    return load_sites()


def test_registry_holds_sixty_sites_from_fifteen_provinces(sites):
    assert len(sites) >= 60
    provinces = {s.province for s in sites} - {CENTRAL}
    assert len(provinces) >= 15


def test_every_level_is_present(sites):
    assert {s.level for s in sites} == set(LEVELS)


def test_every_site_has_somewhere_to_start_crawling(sites):
    for site in sites:
        assert site.seeds, site.id
        assert site.source, site.id


def test_report_urls_stay_on_the_home_host_or_a_gov_cn_host(sites):
    for site in sites:
        home = urlsplit(site.home_url).hostname
        for url in site.report_urls + site.report_pages:
            host = urlsplit(url).hostname
            assert host == home or host.endswith(".gov.cn"), (site.id, url)


def test_an_inferred_name_is_explained_in_the_notes(sites):
    inferred = [s for s in sites if s.name_inferred]
    assert inferred
    for site in inferred:
        assert "inferred" in site.notes, site.id


def test_a_page_named_as_source_is_one_of_the_sites_urls(sites):
    for site in sites:
        if site.source.startswith("pages "):
            seen = site.source.split()[1]
            assert seen in site.report_urls + site.report_pages, site.id


def test_region_codes_exist_and_belong_to_the_sites_province(sites):
    regions = {row["code"]: row for row in region_rows()}
    for site in sites:
        if site.region_code is None:
            assert site.notes, f"{site.id}: a null region_code needs a note saying why"
            continue
        assert site.region_code in regions, site.id
        assert regions[site.region_code]["province"] == site.province, site.id


BROKEN = """\
sites:
- id: ok-site
  name: 某县人民政府
  level: 县
  province: 福建省
  region_code: "350128"
  home_url: http://www.example.gov.cn/
  report_urls: [http://www.example.gov.cn/zfxxgknb/]
  cms: trs
  source: pages http://www.example.gov.cn/zfxxgknb/
- id: ok-site
  name: 重复
  level: 市级
  province: 福建省
  region_code: 350100
  home_url: ftp://example.gov.cn/
  report_urls: []
  cms: wordpress
  source: nowhere
  colour: red
- id: no-code
  name: 某乡人民政府
  level: 乡镇
  province: 福建省
  home_url: http://www.example.gov.cn/
  report_pages: [http://www.example.gov.cn/zfxxgknb/2023/1.html]
  cms: unknown
"""


def test_a_broken_registry_is_refused_naming_the_row_and_each_problem(tmp_path):
    path = tmp_path / "sites.yml"
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(RegistryError) as caught:
        load_sites(path)
    message = str(caught.value)
    row = "site #2 (id 'ok-site')"
    for problem in (
        "id 'ok-site' is already used by site #1",
        "level '市级' is not one of 省, 市, 县, 乡镇, 部门",
        "region_code 350100 is not a quoted 6-digit string",
        "home_url entry 'ftp://example.gov.cn/' is not an http(s) URL",
        "cms 'wordpress' is not one of",
        "unknown field 'colour'",
        "needs at least one URL in report_urls or report_pages",
    ):
        assert f"{row}: {problem}" in message
    assert "site #3 (id 'no-code'): missing field 'region_code'" in message
    assert "site #3 (id 'no-code'): missing required field 'source'" in message
    assert "site #1 (" not in message  # the first row is valid


def test_a_registry_without_a_sites_list_is_refused(tmp_path):
    path = tmp_path / "sites.yml"
    path.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="top-level 'sites:' list"):
        load_sites(path)


def listed_ids(output: str) -> list[str]:
    """The id column of the ``sites`` table: header first, a count line last."""
    lines = output.splitlines()
    assert lines[0].split()[:3] == ["id", "name", "level"]
    return [line.split()[0] for line in lines[1:-1]]


def test_sites_command_lists_every_site(sites):
    result = CliRunner().invoke(sites_command, [])
    assert result.exit_code == 0, result.output
    assert listed_ids(result.output) == [s.id for s in sites]
    for site in sites:
        assert site.name in result.output
        assert (site.report_urls or site.report_pages)[0] in result.output
    assert result.output.splitlines()[-1] == f"{len(sites)} site(s)"


def test_sites_command_filters_by_level_and_province(sites):
    result = CliRunner().invoke(sites_command, ["--level", "乡镇", "--province", "浙江"])
    assert result.exit_code == 0, result.output
    expected = [s.id for s in sites if s.level == "乡镇" and "浙江" in s.province]
    assert expected
    assert listed_ids(result.output) == expected


def test_sites_command_json_round_trips_the_registry(sites):
    result = CliRunner().invoke(sites_command, ["--json", "--level", "省"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["id"] for r in rows] == [s.id for s in sites if s.level == "省"]
    assert all(r["report_urls"] or r["report_pages"] for r in rows)


def test_sites_command_reports_a_broken_registry(tmp_path):
    path = tmp_path / "sites.yml"
    path.write_text(BROKEN, encoding="utf-8")
    result = CliRunner().invoke(sites_command, ["--registry", str(path)])
    assert result.exit_code != 0
    assert "level '市级' is not one of" in result.output
