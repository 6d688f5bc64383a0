"""Which titles are annual reports, what year and agency they name, which links
are addresses of lists, and which links are attachments."""

import pytest

from crawler.filters import (
    agency_from_title,
    attachment_extension,
    is_annual_report_title,
    looks_like_index,
    report_year,
    year_from_pubdate,
)

REPORTS = [
    "平潭综合实验区2024年度政府信息公开工作年度报告",
    "松山市发展和改革委员会2024年政府信息公开工作年度报告",
    "石门县人民政府关于2023年度政府信息公开工作年度报告",
    "二〇二二年度石门县政府信息公开工作年度报告.pdf",
    "2023年清溪县交通运输局政府信息公开年报",
    "清溪县人民政府关于2024年度政府信息公开工作情况的报告",
    "梅岭县审计局2019年政府信息公开工作年度报告",  # the audit office reports too (found by a generated site)
]
DISTRACTORS = [
    "松山市2024年法治政府建设年度报告",
    "松山市2024年政务公开工作要点",
    "松山市2021年政府工作报告",
    "松山市2019年部门决算公开",
    "石门县2024年政府信息公开工作年度报告解读",
    "政府信息公开年报",  # the column's own name
    "2023年国民经济和社会发展统计公报",
    "松山市2023年度审计工作报告",
]


@pytest.mark.parametrize("title", REPORTS)
def test_reports_are_recognised(title):
    assert is_annual_report_title(title)


@pytest.mark.parametrize("title", DISTRACTORS)
def test_distractors_are_not_reports(title):
    assert not is_annual_report_title(title, in_report_column=True)


def test_short_titles_count_only_inside_a_report_column():
    assert not is_annual_report_title("清溪县教育局2023年度报告")
    assert is_annual_report_title("清溪县教育局2023年度报告", in_report_column=True)


@pytest.mark.parametrize("title, year", [
    ("平潭综合实验区2024年度政府信息公开工作年度报告", 2024),
    ("二〇二二年度石门县政府信息公开工作年度报告", 2022),
    ("松山市人民政府 2019 年政府信息公开工作年度报告", 2019),
    ("政府信息公开工作年度报告", None),
])
def test_year_from_title(title, year):
    assert report_year(title) == year


@pytest.mark.parametrize("title, agency", [
    ("平潭综合实验区2024年度政府信息公开工作年度报告", "平潭综合实验区"),
    ("石门县人民政府关于2023年度政府信息公开工作年度报告", "石门县人民政府"),
    ("2023年清溪县交通运输局政府信息公开年报", "清溪县交通运输局"),
    ("2023年政府信息公开工作年度报告", None),
])
def test_agency_from_title(title, agency):
    assert agency_from_title(title) == agency


def test_year_from_pubdate_is_the_year_before():
    assert year_from_pubdate("2025-03-10 15:35") == 2024
    assert year_from_pubdate("") is None


def test_articles_are_not_indexes():
    assert looks_like_index("/zwgk/zfxxgknb/")
    assert looks_like_index("/col/col4015617/index.html")
    assert not looks_like_index("/zfxxgknb/202503/t20250310_97791.htm")
    assert not looks_like_index("/art/2025/1/20/art_4015617_5678001.html")


@pytest.mark.parametrize("url, text, ext", [
    ("http://x.gov.cn/P0202401.pdf", "", ".pdf"),
    ("http://x.gov.cn/module/download/downfile.jsp?classid=0&filename=2401261234567.wps", "年报", ".wps"),
    ("http://x.gov.cn/download?id=5", "年度报告.DOCX", ".docx"),
    ("http://x.gov.cn/W0202401.jpg", "", ".jpg"),
    ("http://x.gov.cn/art/2025/1/20/art_1_2.html", "2024年度报告", None),
])
def test_attachment_extension(url, text, ext):
    assert attachment_extension(url, text) == ext
