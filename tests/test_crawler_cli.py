"""The ``crawl`` command's arguments, configuration errors and documentation
(no crawl runs in this process: the reactor starts once per process)."""

import pytest
from click.testing import CliRunner

from crawler.run import parse_setting_overrides
from crawler.seeds import ConfigError, resolve_seeds
from nianbao.crawl import crawl


def invoke(*args, tmp_path):
    return CliRunner().invoke(crawl, [*args, "--db", str(tmp_path / "x.db"), "--data-dir", str(tmp_path / "d")])


def test_help_documents_options_exit_codes_and_example():
    result = CliRunner().invoke(crawl, ["--help"])
    assert result.exit_code == 0
    for text in ("--start-url", "--site", "--all", "-s, --set", "--db", "--data-dir", "--log-level", "--jobdir",
                 "Example: nianbao crawl", "0 every site crawled", "1 partial", "2 configuration error",
                 "3 nothing archived"):
        assert text in result.output


@pytest.mark.parametrize("args, message", [
    ([], "nothing to crawl"),
    (["--start-url", "ftp://example.gov.cn/"], "not an http(s) URL"),
    (["--site", "no-such-site-id"], "unknown site id"),
    (["--start-url", "http://127.0.0.1:9/", "-s", "DOWNLOAD_DELAY"], "NAME=VALUE"),
])
def test_configuration_errors_exit_2(args, message, tmp_path):
    result = invoke(*args, tmp_path=tmp_path)
    assert result.exit_code == 2
    assert message in result.output


def test_setting_overrides_are_name_value_pairs():
    assert parse_setting_overrides(["ROBOTSTXT_OBEY=False", "X=a=b"]) == {"ROBOTSTXT_OBEY": "False", "X": "a=b"}
    with pytest.raises(ConfigError):
        parse_setting_overrides(["=1"])


def test_registry_sites_become_seeds_with_their_robots_choice():
    from crawler.registry import load_sites

    sites = load_sites()
    seeds = resolve_seeds(site_ids=[sites[0].id, sites[0].id])
    assert len(seeds) == 1 and seeds[0].site == sites[0].id
    assert seeds[0].robots_obey == sites[0].robots_obey
    assert len(resolve_seeds(all_sites=True)) == len(sites)


def test_site_that_ignores_robots_marks_its_requests():
    from crawler_helpers import make_spider

    from crawler.seeds import Seed

    spider = make_spider("http://127.0.0.1:8001/")
    seed = Seed(site="s", home_url="http://127.0.0.1:8002/", robots_obey=False, robots_reason="robots.txt blocks all")
    spider.by_site["s"] = seed
    request = spider.site_request(seed.home_url, spider.parse_discover, "s", kind="discover", meta={"depth": 0})
    assert request.meta["dont_obey_robotstxt"] is True
    obeying = spider.site_request("http://127.0.0.1:8001/", spider.parse_discover, "127.0.0.1:8001", kind="discover")
    assert "dont_obey_robotstxt" not in obeying.meta
