"""Discovery by evidence: links are weighed (text, address, the page they are
on), looked at best first within a budget, and a page is a report column by
what its list holds, not by what its link said."""

import pytest

from crawler.discovery import COLUMN_LIKE, FOLLOW, Candidate, Frontier, column_evidence, score_link

# Names real portals give their report columns, at addresses that say nothing.
COLUMN_NAMES = ["政府信息公开年报", "政府信息公开工作年度报告", "年度报告", "信息公开年报", "部门年报", "乡镇年报",
                "乡镇（街道）年报", "镇街年报", "县直部门年报", "区直单位年报", "各乡镇年度报告", "年报",
                "政府信息公开年度报告", "乡镇信息公开年度报告"]
BLANK_ADDRESSES = ["/col/col4521/index.html", "/channel/123.html", "/xxgk/list.jsp?id=77", "/a/b/"]
PORTALS = [("政务公开", "/col/col100/index.html"), ("政府信息公开", "/channel/9.html"), ("信息公开", "/x/"),
           ("法定主动公开内容", "/list.jsp?id=3"), ("", "/xxgk/"), ("政府信息公开平台", "/")]
NOT_COLUMNS = [("新闻动态", "/xwdt/"), ("互动交流", "/col/col200/index.html"),
               ("松山市2024年法治政府建设年度报告", "/col/col1/index.html"), ("政策解读", "/channel/5.html"),
               ("关于做好2024年政府信息公开工作的通知", "/xxgk/tzgg/202401/t20240101_1.html"),
               ("平潭综合实验区2024年度政府信息公开工作年度报告", "/zfxxgknb/202503/t20250310_97791.htm"),
               ("部门决算", "/col/col77/index.html"), ("2024年度", "/2024/")]


@pytest.mark.parametrize("name", COLUMN_NAMES)
@pytest.mark.parametrize("url", BLANK_ADDRESSES)
def test_column_names_score_as_columns_at_any_address(name, url):
    assert score_link(name, url).score >= COLUMN_LIKE


@pytest.mark.parametrize("text, url", PORTALS)
def test_portal_links_are_worth_a_look_but_rank_below_columns(text, url):
    score = score_link(text, url).score
    assert FOLLOW <= score < min(score_link(n, url).score for n in COLUMN_NAMES)


@pytest.mark.parametrize("text, url", NOT_COLUMNS)
def test_other_links_are_not_followed(text, url):
    assert score_link(text, url).score < FOLLOW


def test_an_address_alone_can_name_the_column():
    assert score_link("更多", "/xxgk/zfxxgknb/").score >= COLUMN_LIKE


@pytest.mark.parametrize("text", ["2024年度", "2023年", "乡镇", "街道", "部门", "区直单位", "青溪镇", "教育局"])
def test_sub_columns_by_year_or_body_count_only_inside_a_column(text):
    assert score_link(text, "./x/", in_column=True).score >= COLUMN_LIKE
    assert score_link(text, "./x/").score < COLUMN_LIKE


def test_a_page_about_disclosure_lifts_its_links():
    plain = score_link("主动公开", "/c/12.html").score
    assert score_link("主动公开", "/c/12.html", page_about_disclosure=True).score > plain


def test_the_score_says_why():
    candidate = score_link("乡镇年报", "/col/col4521/index.html")
    assert "text names a yearly report" in candidate.why()["features"]
    assert candidate.why()["link"] == "乡镇年报"


def test_a_list_of_report_titles_is_a_column_whatever_its_link_said():
    titles = ["青溪县人民政府2024年政府信息公开工作年度报告", "网站地图", "首页"]
    assert column_evidence(titles, named_column=False) == {"contents": "1 report titles"}
    distractors = ["青溪县2024年法治政府建设年度报告", "2025年政务公开工作要点", "政府信息公开年报"]
    assert column_evidence(distractors, named_column=True) is None


def test_short_titles_count_only_where_the_link_named_a_column():
    titles = ["青溪县教育局2023年度报告"]
    assert column_evidence(titles, named_column=False) is None
    assert column_evidence(titles, named_column=True)


def test_frontier_is_best_first_bounded_and_says_why_it_stopped():
    frontier = Frontier(budget=2)
    for text, url in [("政务公开", "/zwgk/"), ("乡镇年报", "/col/col4521/index.html"), ("新闻", "/news/"),
                      ("法定主动公开内容", "/c/1.html")]:
        frontier.push(score_link(text, url, depth=1))
    frontier.push(score_link("乡镇年报", "/col/col4521/index.html", depth=1))  # seen: not twice
    assert [frontier.pop().url for _ in range(2)] == ["/col/col4521/index.html", "/zwgk/"]
    assert frontier.pop() is None and frontier.stopped == "budget of 2 pages reached"
    empty = Frontier(budget=5)
    empty.push(Candidate("/", "", 0.0, ("start page",)))
    assert empty.pop().url == "/" and empty.pop() is None and empty.stopped == "no candidate left"


def test_a_more_link_is_weighed_by_the_heading_in_its_row():
    heading = "政府信息公开年报 更多>>"
    assert score_link("更多>>", "/col/col4521/index.html", context=heading).score >= COLUMN_LIKE
    assert score_link("更多>>", "/col/col4521/index.html", context="通知公告 更多>>").score < FOLLOW
    assert score_link("更多>>", "/col/col9/index.html", context="法治政府建设年度报告 更多>>").score < FOLLOW


def test_an_address_linked_twice_is_weighed_by_its_better_link():
    frontier = Frontier(budget=5)
    frontier.push(score_link("青溪县召开政务公开工作推进会", "/xxgk/list.jsp?id=4065", depth=1))
    frontier.push(score_link("政务公开", "/zwgk/", depth=1))
    frontier.push(score_link("年度报告", "/xxgk/list.jsp?id=4065", depth=1))
    first = frontier.pop()
    assert (first.url, first.text) == ("/xxgk/list.jsp?id=4065", "年度报告")
    assert frontier.pop().url == "/zwgk/" and frontier.pop() is None


def test_a_more_link_beside_a_heading_by_body_is_a_sibling_column():
    assert score_link("更多>>", "/channel/2122.html", context="乡镇 更多>>", in_column=True).score >= COLUMN_LIKE
    assert score_link("更多>>", "/channel/2122.html", context="乡镇 更多>>").score < FOLLOW
