"""Title, agency and year (reported on, never published) from how reports
print them."""

import pytest

from parsers.metadata import agency_from_title, agency_of, report_year, title_of, year_of
from parsers.model import Document


@pytest.mark.parametrize("lines, title, agency, year", [
    (["首页 > 政府信息公开 > 年度报告", "杭州市人民政府2023年政府信息公开工作年度报告", "本报告…"],
     "杭州市人民政府2023年政府信息公开工作年度报告", "杭州市人民政府", 2023),
    (["淮安市人民政府", "2024 年政府信息公开工作年度报告"],
     "淮安市人民政府2024年政府信息公开工作年度报告", "淮安市人民政府", 2024),
    (["霍山县衡山镇人民政府", "关于2020年度政府信息公开工作情况的报告"],
     "霍山县衡山镇人民政府关于2020年度政府信息公开工作情况的报告", "霍山县衡山镇人民政府", 2020),
    (["# 北京市生态环境局政府信息公开工作2023年度报告"],
     "北京市生态环境局政府信息公开工作2023年度报告", "北京市生态环境局", 2023),
    (["2023年度平潭综合实验区政府信息公开工作年度报告"],
     "2023年度平潭综合实验区政府信息公开工作年度报告", "平潭综合实验区", 2023),
    (["霍山县衡山镇二〇二三年政府信息公开工作年度报告"],
     "霍山县衡山镇二〇二三年政府信息公开工作年度报告", "霍山县衡山镇", 2023),
])
def test_title_agency_year(lines, title, agency, year):
    assert_metadata(Document("text", text="\n".join(lines)), title, agency, year)


def assert_metadata(doc: Document, title: str, agency: str, year: int) -> None:
    assert title_of(doc) == title
    assert agency_of(title, doc.text) == agency
    assert year_of(title, doc.text) == year


def test_article_title_meta_when_the_body_has_none():
    doc = Document("html", text="通知公告\n一、总体情况",
                   meta={"ArticleTitle": "福建省人民政府2021年度政府信息公开工作年度报告", "PubDate": "2022-03-20"})
    title = title_of(doc)
    assert (title, year_of(title, doc.text)) == ("福建省人民政府2021年度政府信息公开工作年度报告", 2021)


def test_agency_and_year_from_the_body_when_the_title_lacks_them():
    text = ("关于政府信息公开工作情况的报告\n本报告由霍山县衡山镇人民政府根据《条例》编制。"
            "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。")
    doc = Document("text", text=text)
    title = title_of(doc)
    assert agency_of(title, text) == "霍山县衡山镇人民政府"
    assert year_of(title, text) == 2022     # the period reported on, not the publication date


# --- titles that do not say 政府信息公开工作年度报告 word for word ------------

@pytest.mark.parametrize("lines, title, agency, year", [
    # 政务公开 / 政务信息公开 for 政府信息公开
    (["首页 > 信息公开 > 年度报告", "临泉县长官镇人民政府2023年政务公开工作年度报告",
      "根据《中华人民共和国政府信息公开条例》要求，现公布本报告。"],
     "临泉县长官镇人民政府2023年政务公开工作年度报告", "临泉县长官镇人民政府", 2023),
    (["枞阳县自然资源和规划局2022年度政务信息公开工作年度报告", "一、总体情况"],
     "枞阳县自然资源和规划局2022年度政务信息公开工作年度报告", "枞阳县自然资源和规划局", 2022),
    # no 工作 (平潭 自然资源与生态环境局 2019)
    (["平潭综合实验区自然资源与生态环境局2019年政府信息公开年度报告", "根据《条例》…编制2019年度政府信息公开年度报告。"],
     "平潭综合实验区自然资源与生态环境局2019年政府信息公开年度报告", "平潭综合实验区自然资源与生态环境局", 2019),
    # a space before the year (平潭 海坛片区 2024), and one around it
    (["平潭综合实验区海坛片区管理局 2024年度政府信息公开工作年度报告"],
     "平潭综合实验区海坛片区管理局2024年度政府信息公开工作年度报告", "平潭综合实验区海坛片区管理局", 2024),
    (["宿松县复兴镇人民政府 2023 年度政府信息公开工作年度报告"],
     "宿松县复兴镇人民政府2023年度政府信息公开工作年度报告", "宿松县复兴镇人民政府", 2023),
    # years in Chinese numerals, with 〇, ○ (a circle), 零 or a Latin O for zero
    (["歙县林业局二○二四年政府信息公开工作年度报告"], "歙县林业局二○二四年政府信息公开工作年度报告", "歙县林业局", 2024),
    (["二零二三年度黟县宏村镇政府信息公开工作年度报告"],
     "二零二三年度黟县宏村镇政府信息公开工作年度报告", "黟县宏村镇", 2023),
    (["祁门县审计局二O二二年政务公开工作年度报告"], "祁门县审计局二O二二年政务公开工作年度报告", "祁门县审计局", 2022),
    # the body on the line above, the year on the line below
    (["黄山市徽州区人民政府", "政府信息公开工作年度报告", "（2023年度）", "一、总体情况"],
     "黄山市徽州区人民政府政府信息公开工作年度报告（2023年度）", "黄山市徽州区人民政府", 2023),
])
def test_titles_of_other_wordings(lines, title, agency, year):
    assert_metadata(Document("html", text="\n".join(lines)), title, agency, year)


def test_title_meta_with_a_space_before_the_year():
    doc = Document("html", text="当前位置：首页 > 政府信息公开年报\n一、总体情况",
                   meta={"ArticleTitle": "平潭综合实验区海坛片区管理局 2024年度政府信息公开工作年度报告"})
    title = title_of(doc)
    assert title == "平潭综合实验区海坛片区管理局2024年度政府信息公开工作年度报告"
    assert (agency_of(title, doc.text), year_of(title, doc.text)) == ("平潭综合实验区海坛片区管理局", 2024)


# --- a title without the body: 我镇 / 本机关, named only by the signature ----

REPORT_BODY = [
    "根据《中华人民共和国政府信息公开条例》要求，我镇编制了本报告。",
    "本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。",
    "一、总体情况", "2023年，我镇坚持以公开为常态、不公开为例外……",
    "六、其他需要报告的事项", "本机关本年度未收取信息处理费。", "",
]
PAGE_FOOTER = ["附件下载", "扫一扫在手机上查看当前页面", "主办单位：黟县人民政府办公室",
               "网站标识码：3410230001 皖ICP备05004372号"]


@pytest.mark.parametrize("signature", [
    ["黟县宏村镇人民政府", "2024年1月18日"],
    ["黟县宏村镇人民政府 2024年1月18日"],
    ["黟县宏村镇人民政府", "二〇二四年一月十八日"],
])
def test_agency_from_the_signature_when_the_title_names_none(signature):
    text = "\n".join(["2023年政府信息公开工作年度报告", *REPORT_BODY, *signature, "", *PAGE_FOOTER])
    doc = Document("html", text=text)
    title = title_of(doc)
    assert title == "2023年政府信息公开工作年度报告"
    assert agency_of(title, text) == "黟县宏村镇人民政府"
    assert year_of(title, text) == 2023


def test_compiled_by_at_the_end_names_the_body():
    text = "\n".join(["政府信息公开工作年度报告", *REPORT_BODY,
                      "本报告由祁门县祁山镇人民政府办公室编制，电子版可在祁门县人民政府网站下载。"])
    title = title_of(Document("text", text=text))
    assert agency_of(title, text) == "祁门县祁山镇人民政府办公室"
    assert year_of(title, text) == 2023      # from the statistics period


def test_statistics_period_in_chinese_numerals():
    text = "本机关政府信息公开工作年度报告\n本报告所列数据的统计期限自二〇二二年一月一日起至二〇二二年十二月三十一日止。"
    assert year_of(title_of(Document("text", text=text)), text) == 2022


def test_no_agency_is_made_up():
    """A report naming its body nowhere gets none: not the site's 主办单位,
    not a heading, not a dated sentence."""
    text = "\n".join(["2023年政府信息公开工作年度报告", *REPORT_BODY, "2024年1月18日", "", *PAGE_FOOTER])
    title = title_of(Document("html", text=text))
    assert agency_of(title, text) is None


def test_work_points_are_not_a_report_title():
    doc = Document("html", text="平潭综合实验区公安局2018年政务公开工作要点落实情况\n一、加强组织领导")
    assert title_of(doc) is None


@pytest.mark.parametrize("title, year, agency", [
    ("临泉县长官镇人民政府二〇二三年政务公开工作年度报告", 2023, "临泉县长官镇人民政府"),
    ("２０２４年度平潭综合实验区政府信息公开工作年度报告", 2024, "平潭综合实验区"),
    ("政府信息公开工作年度报告（2022年度）", 2022, None),
])
def test_the_crawler_reads_titles_as_the_parser_does(title, year, agency):
    """crawler/filters.py uses these very functions: one home for title → year/agency."""
    from crawler import filters

    assert filters.report_year is report_year and filters.agency_from_title is agency_from_title
    assert (report_year(title), agency_from_title(title)) == (year, agency)
    assert filters.is_annual_report_title(title)


def test_a_list_of_reports_is_not_titled_by_its_first_item():
    """A column's list page names a report of each year: it is no report,
    and its first link is not its title (the page's own title is the column's)."""
    items = [f"平潭综合实验区{y}年度政府信息公开工作年度报告\n{y + 1}-01-2{y % 10}" for y in range(2024, 2018, -1)]
    doc = Document("html", text="\n".join(["首页", "政府信息公开年报", *items, "共6条"]),
                   title="政府信息公开年报_政府信息公开_平潭综合实验区党工委管委会")
    assert title_of(doc) is None


def test_a_report_page_linking_other_years_keeps_its_own_title():
    """A report page whose sidebar links earlier reports is titled by its
    ArticleTitle, not by a sidebar link."""
    sidebar = [f"平潭综合实验区{y}年度政府信息公开工作年度报告" for y in (2022, 2021, 2020)]
    doc = Document("html", text="\n".join(["相关链接：", *sidebar, "一、总体情况", "2023年，我局……"]),
                   meta={"ArticleTitle": "平潭综合实验区农业农村局2023年政府信息公开工作年度报告"})
    assert title_of(doc) == "平潭综合实验区农业农村局2023年政府信息公开工作年度报告"
