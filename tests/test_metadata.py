"""Title, agency and year (reported on, never published) from how reports
print them."""

import pytest

from parsers.metadata import agency_of, title_of, year_of
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
    doc = Document("text", text="\n".join(lines))
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
