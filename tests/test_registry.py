"""The site registry: the shipped crawler/sites.yml and its national table are
valid and cover every provincial and prefecture-level government, their region
codes agree with the GB/T 2260 dataset, a broken file is refused with errors that
name the row, the ``sites`` command lists and filters what the registry holds, and
``sites --check`` fetches home pages politely (tried on servers on 127.0.0.1)."""

from __future__ import annotations

import csv
import json
import re
import socket
import socketserver
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from archive.regions import region_rows
from crawler.registry import GOVERNMENT_LEVELS, LEVELS, RegistryError, load_sites
from crawler.seeds import resolve_seeds
from crawler.settings import USER_AGENT
from crawler.sitecheck import PoliteClient
from nianbao.sites import sites_command

CENTRAL = "中央"
PREFECTURE_KINDS = ("地级市", "自治州", "地区", "盟")
NOT_MAINLAND = ("710000", "810000", "820000")  # 台湾, 香港, 澳门: not in the registry's scope


@pytest.fixture(scope="module")
def sites():
    return load_sites()


def test_registry_holds_sixty_sites_from_fifteen_provinces(sites):
    assert len(sites) >= 60
    provinces = {s.province for s in sites} - {CENTRAL}
    assert len(provinces) >= 15


def test_every_level_is_present(sites):
    assert {s.level for s in sites} == set(LEVELS)


@pytest.fixture(scope="module")
def regions():
    return {row["code"]: row for row in region_rows()}


def test_every_site_has_somewhere_to_start_crawling(sites):
    for site in sites:
        assert site.seeds, site.id
        assert site.source, site.id


def test_all_31_provincial_governments_have_a_home_page_and_a_source(sites, regions):
    provinces = {code for code, r in regions.items() if r["parent_code"] is None} - set(NOT_MAINLAND)
    assert len(provinces) == 31
    rows = {s.region_code: s for s in sites if s.level == "省"}
    assert set(rows) == provinces
    for site in rows.values():
        assert site.home_url and site.source, site.id
        assert regions[site.region_code]["name"] == site.province


def test_every_prefecture_level_government_has_a_home_page_and_a_source(sites, regions):
    prefectures = {code for code, r in regions.items()
                   if r["kind"] in PREFECTURE_KINDS and regions.get(r["parent_code"], {}).get("parent_code") is None}
    assert len(prefectures) == 333
    rows = {s.region_code: s for s in sites if s.level == "市"}
    assert set(rows) == prefectures
    for site in rows.values():
        assert site.home_url and site.source, site.id
        assert regions[site.region_code]["name"] in site.name, site.id


def test_county_rows_are_county_level_divisions(sites, regions):
    counties = [s for s in sites if s.level == "县"]
    assert len(counties) > 2000
    for site in counties:
        region = regions[site.region_code]
        assert region["kind"] not in PREFECTURE_KINDS and region["parent_code"] is not None, site.id


def test_one_row_per_government_and_one_government_per_host(sites):
    governments = [s for s in sites if s.level in GOVERNMENT_LEVELS]
    assert len({(s.level, s.region_code) for s in governments}) == len(governments)
    hosts = [urlsplit(s.home_url).hostname for s in governments]
    assert len(set(hosts)) == len(hosts)
    assert len({s.id for s in sites}) == len(sites)


_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")


def test_every_url_is_well_formed(sites):
    for site in sites:
        for url in (site.home_url, *site.report_urls, *site.report_pages):
            parts = urlsplit(url)
            assert parts.scheme in ("http", "https") and _HOST.match(parts.hostname or ""), (site.id, url)
            assert not any(ch.isspace() for ch in url), (site.id, url)
        if site.level in GOVERNMENT_LEVELS:
            assert urlsplit(site.home_url).hostname.endswith(".gov.cn"), site.id


def test_rows_not_fetched_live_are_marked_unverified_and_name_their_source(sites):
    assert not any(s.verified for s in sites)  # nothing was fetched from here
    national = [s for s in sites if s.id.startswith("gov-")]
    assert len(national) > 3000
    for site in national:
        assert site.source.startswith("code ") and "@" in site.source, site.id


def test_central_government_bodies_and_city_departments_are_listed(sites):
    central = [s for s in sites if s.province == CENTRAL]
    assert len(central) >= 70
    assert all(s.level == "部门" and s.region_code is None and s.home_url for s in central)
    handan = [s for s in sites if s.level == "部门" and s.region_code == "130400"]
    assert len(handan) >= 20 and all(s.name.startswith("邯郸市") for s in handan)


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
  verified: maybe
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
        "verified must be true or false",
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
    for line, site in zip(result.output.splitlines()[1:], sites):
        assert site.name in line and site.seeds[0] in line, site.id
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
    assert rows == [s.to_dict() for s in sites if s.level == "省"]
    assert all(r["home_url"] and r["source"] for r in rows)


def test_sites_command_reports_a_broken_registry(tmp_path):
    path = tmp_path / "sites.yml"
    path.write_text(BROKEN, encoding="utf-8")
    result = CliRunner().invoke(sites_command, ["--registry", str(path)])
    assert result.exit_code != 0
    assert "level '市级' is not one of" in result.output


def test_sites_command_lists_the_prefectures_of_one_province(regions):
    result = CliRunner().invoke(sites_command, ["--level", "市", "--province", "浙江省", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    zhejiang = {code for code, r in regions.items() if r["parent_code"] == "330000" and r["kind"] in PREFECTURE_KINDS}
    assert len(zhejiang) == 11
    assert {r["region_code"] for r in rows} == zhejiang
    assert all(r["level"] == "市" and r["province"] == "浙江省" for r in rows)
    table = CliRunner().invoke(sites_command, ["--level", "市", "--province", "浙江省"])
    assert table.output.splitlines()[-1] == "11 site(s)"
    assert "https://www.hangzhou.gov.cn/ (home)" in table.output


def test_a_row_with_only_a_home_page_seeds_the_crawl_at_its_home_page(sites):
    home_only = next(s for s in sites if s.id == "gov-330100")
    assert not home_only.report_urls and not home_only.report_pages
    assert home_only.seeds == (home_only.home_url,)
    [seed] = resolve_seeds(site_ids=["gov-330100"])
    assert seed.home_url == "https://www.hangzhou.gov.cn/" and seed.report_urls == []
    assert seed.name == "杭州市人民政府" and seed.level == "市" and seed.region_code == "330100"


PLATFORM_ROW = """\
sites:
- id: gov-platform
  name: 某县人民政府
  level: 县
  province: 福建省
  region_code: "350128"
  home_url: http://www.example.gov.cn/
  platform_urls: {platform}
  cms: unknown
  source: a test
"""


def test_a_named_disclosure_platform_is_in_scope_and_a_discovery_start(tmp_path):
    path = tmp_path / "sites.yml"
    path.write_text(PLATFORM_ROW.format(platform="[http://xxgk.example.gov.cn:8080/]"), encoding="utf-8")
    [site] = load_sites(path)
    assert site.seeds == ("http://www.example.gov.cn/", "http://xxgk.example.gov.cn:8080/")
    [seed] = resolve_seeds(site_ids=["gov-platform"], registry=path)
    assert seed.platform_urls == ["http://xxgk.example.gov.cn:8080/"]
    assert seed.netlocs == {"www.example.gov.cn", "xxgk.example.gov.cn:8080"}
    for bad, problem in (("[xxgk.example.gov.cn]", "platform_urls entry 'xxgk.example.gov.cn' is not an http(s) URL"),
                         ("http://xxgk.example.gov.cn/", "platform_urls must be a list of URLs")):
        path.write_text(PLATFORM_ROW.format(platform=bad), encoding="utf-8")
        with pytest.raises(RegistryError, match=re.escape(f"site #1 (id 'gov-platform'): {problem}")):
            load_sites(path)


REGISTRY_WITH_TABLE = """\
sources:
  a-list: code example/list data/sites.ts@0123456789abcdef0123456789abcdef01234567
tables: [national.csv]
sites:
- id: zj-hangzhou
  name: 杭州市人民政府
  level: 市
  province: 浙江省
  region_code: "330100"
  home_url: https://www.hangzhou.gov.cn/
  report_urls: [https://www.hangzhou.gov.cn/col/col1229063387/index.html]
  cms: hanweb
  source: pages https://www.hangzhou.gov.cn/col/col1229063387/index.html
"""

NATIONAL_CSV = """\
id,name,level,province,region_code,home_url,report_urls,cms,verified,source,notes
gov-330000,浙江省人民政府,省,浙江省,330000,https://www.zj.gov.cn/,,unknown,false,a-list,
gov-330100,杭州市人民政府,市,浙江省,330100,https://www.hangzhou.gov.cn/,,unknown,false,a-list,
gov-330200,宁波市人民政府,市,浙江省,330200,www.ningbo.gov.cn,,unknown,false,a-list,
gov-330300,温州市人民政府,市,浙江省,330300,https://www.wenzhou.gov.cn/,,unknown,perhaps,another-list,
"""


def test_a_table_row_is_read_like_a_yaml_row_and_refused_naming_its_line(tmp_path):
    (tmp_path / "sites.yml").write_text(REGISTRY_WITH_TABLE, encoding="utf-8")
    (tmp_path / "national.csv").write_text(NATIONAL_CSV, encoding="utf-8")
    with pytest.raises(RegistryError) as caught:
        load_sites(tmp_path / "sites.yml")
    message = str(caught.value)
    assert "national.csv line 3 (id 'gov-330100'): the 市 government 330100 is already listed by site #1" in message
    assert "national.csv line 4 (id 'gov-330200'): home_url entry 'www.ningbo.gov.cn' is not an http(s) URL" in message
    assert "national.csv line 5 (id 'gov-330300'): source 'another-list' is not a key" in message
    assert "national.csv line 5 (id 'gov-330300'): verified must be true or false" in message
    assert "line 2 " not in message  # the province row is valid

    (tmp_path / "national.csv").write_text("\n".join(NATIONAL_CSV.splitlines()[:2]) + "\n", encoding="utf-8")
    province, city = sorted(load_sites(tmp_path / "sites.yml"), key=lambda s: s.level == "市")
    assert province.id == "gov-330000" and province.region_code == "330000" and province.verified is False
    assert province.source.startswith("code example/list") and province.seeds == ("https://www.zj.gov.cn/",)
    assert city.report_urls == ("https://www.hangzhou.gov.cn/col/col1229063387/index.html",)


# ----------------------------------------------------------------------- sites --check

ROBOTS = {"/robots.txt": "User-agent: *\nDisallow: /private/\n"}
HOME = """<html><head><meta charset="gbk"><title> 某市人民政府 门户网站 </title></head><body>
<a href="/zwgk/">政务公开</a> <a href="javascript:void(0)">无障碍</a>
<a href="/col/col4521/index.html">政府信息公开年报</a></body></html>"""


class _Site(BaseHTTPRequestHandler):
    """Answers from the server's ``pages``: {path: body, [status, body] or
    (redirect status, location)}, and records (path, User-Agent)."""

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.server.log.append((self.path, self.headers.get("User-Agent")))
        page = self.server.pages.get(self.path)
        if isinstance(page, tuple):  # (status, location)
            self.send_response(page[0])
            self.send_header("Location", page[1])
            self.end_headers()
            return
        if page is None:
            self.send_error(404)
            return
        status, page = page if isinstance(page, list) else (200, page)  # [status, body]
        body = page.encode("gbk")
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def serve():
    servers = []

    def start(pages):
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
        server.pages, server.log = pages, []
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return server, f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


class _Garbled(socketserver.BaseRequestHandler):
    """Answers every connection with bytes that are not HTTP."""

    def handle(self):
        self.request.recv(4096)
        self.request.sendall(b"HELLO THERE\r\n\r\n")


@pytest.fixture
def garbled():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Garbled)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _registry(tmp_path, homes):
    rows = "".join(
        f"- {{id: {site_id}, name: 某地人民政府, level: 部门, province: 浙江省, region_code: null, "
        f"home_url: '{url}', cms: unknown, source: test server}}\n"
        for site_id, url in homes
    )
    path = tmp_path / "sites.yml"
    path.write_text("sites:\n" + rows, encoding="utf-8")
    return path


def test_check_fetches_each_host_once_obeying_robots_and_records_what_it_saw(tmp_path, serve, garbled):
    portal, portal_url = serve({**ROBOTS, "/": HOME, "/old": (301, "/")})
    private, private_url = serve({**ROBOTS, "/": HOME})
    gone, gone_url = serve({})
    _, guarded_url = serve({"/": [412, "<script>$_ts=window['$_ts'];$_ts.nsd=1</script>"]})
    registry = _registry(tmp_path, [
        ("a-redirected", f"{portal_url}/old"), ("b-same-host", f"{portal_url}/"),
        ("c-private", f"{private_url}/private/"), ("d-gone", f"{gone_url}/"),
        ("e-nobody", f"http://127.0.0.1:{_closed_port()}/"), ("f-guarded", f"{guarded_url}/"),
        ("g-garbled", garbled),
    ])
    out = tmp_path / "check.csv"
    result = CliRunner().invoke(sites_command, ["--registry", str(registry), "--check", "--out", str(out),
                                                "--delay", "0", "--timeout", "5"])
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert [r["outcome"] for r in rows.values()] == ["ok", "same-host", "robots-disallowed", "http-error",
                                                     "unreachable", "challenge", "unreachable"]
    seen = rows["a-redirected"]
    assert (seen["status"], seen["final_url"], seen["title"]) == ("200", f"{portal_url}/", "某市人民政府 门户网站")
    assert seen["report_link"] == f"{portal_url}/col/col4521/index.html"
    assert seen["portal_link"] == f"{portal_url}/zwgk/"
    assert rows["d-gone"]["status"] == "404" and rows["e-nobody"]["error"]
    assert rows["g-garbled"]["error"].startswith("BadStatusLine")  # a broken answer, not a crash
    # one home page per host, robots.txt first, the crawler's honest User-Agent
    assert portal.log == [("/robots.txt", USER_AGENT), ("/old", USER_AGENT), ("/", USER_AGENT)]
    assert [path for path, _ in private.log] == ["/robots.txt"]
    assert "ok 1, http-error 1, challenge 1, unreachable 2, robots-disallowed 1, same-host 1" in result.output
    assert "report-column link seen on 1" in result.output
    assert "stopped: every chosen site was checked" in result.output


def test_check_stops_at_the_host_limit_and_says_so(tmp_path, serve):
    first, first_url = serve({**ROBOTS, "/": HOME})
    second, second_url = serve({**ROBOTS, "/": HOME})
    registry = _registry(tmp_path, [("a-first", f"{first_url}/"), ("b-second", f"{second_url}/")])
    out = tmp_path / "check.csv"
    result = CliRunner().invoke(sites_command, ["--registry", str(registry), "--check", "--out", str(out),
                                                "--limit", "1", "--delay", "0"])
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in csv.DictReader(out.open(encoding="utf-8"))] == ["a-first"]
    assert second.log == []
    assert "stopped: the limit of 1 host(s) was reached; 1 site(s) not checked" in result.output


def test_the_client_waits_the_delay_between_any_two_requests(serve):
    _, url = serve({**ROBOTS, "/": HOME})
    now, waits = [100.0], []
    client = PoliteClient(user_agent=USER_AGENT, timeout=5, delay=3.0, sleep=waits.append, clock=lambda: now[0])
    client.get(f"{url}/robots.txt")
    now[0] += 1.0
    client.get(f"{url}/")
    client.get(f"{url}/")
    assert waits == [2.0, 3.0] and client.requests == 3
