"""What each mock site publishes: the reports and distractors of its annual
report column, drawn from a seed so that every run builds the same web.  An
agency's reports run over consecutive years, each carrying on from the one
before (so the archive's cross-year checks pass)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from . import content

DEPARTMENTS = (
    "发展和改革局", "教育局", "公安局", "民政局", "司法局", "财政局", "人力资源和社会保障局",
    "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局",
    "文化和旅游局", "卫生健康委员会", "应急管理局", "审计局", "市场监督管理局", "统计局",
    "医疗保障局", "林业局", "信访局", "城市管理局", "退役军人事务局",
)
_PLACE_FIRST = "青白石金云龙凤安永新东西南北黄桃柳梅松竹兰鹤虎马"
_PLACE_SECOND = "山溪桥湖塘岭坪口坝湾庄港源田洲林"

# Items that sit in report columns on real sites and must not be taken for reports.
DISTRACTOR_TITLES = (
    "{gov}{year}年法治政府建设年度报告",
    "{gov}{next}年政务公开工作要点",
    "{dept}{year}年度部门决算",
    "{next}年{gov}政府工作报告",
    "{gov}{year}年度政府网站工作年度报表",
    "关于做好{year}年度企业年报公示工作的通知",
    "图解：{gov}{year}年度政府信息公开工作年度报告",
    "{gov}统计局关于开展{year}年统计年报工作的通知",
)
REPORT_YEARS = (2019, 2020, 2021, 2022, 2023, 2024)


@dataclass(frozen=True)
class Item:
    """One entry of a column: a report (agency, year, how it is delivered) or
    a distractor.  ``seed`` fixes the report's numbers, which carry on from
    the same agency's reports of the years before, drawn from ``earlier``
    (their seeds, oldest first)."""

    id: int
    title: str
    published: date
    kind: str  # "report" or "distractor"
    delivery: str  # report: html, pdf, docx, doc, viewer, iframe…; distractor: note
    agency: str | None = None
    year: int | None = None
    seed: int = 0
    earlier: tuple[int, ...] = ()


def place_names(rng: random.Random, count: int, suffix: str) -> list[str]:
    """Distinct made-up place names such as 青溪镇."""
    names = [a + b + suffix for a in _PLACE_FIRST for b in _PLACE_SECOND]
    rng.shuffle(names)
    return names[:count]


def agencies(gov: str, county: str, rng: random.Random, needed: int) -> list[str]:
    """The government first, then its departments, then towns, then (for big
    benchmark sites) departments of made-up neighbouring counties."""
    found = [gov] + [county + d for d in DEPARTMENTS] + [county + t + "人民政府" for t in place_names(rng, 40, "镇")]
    for other in place_names(random.Random(rng.random()), 400, "县"):
        if len(found) >= needed:
            break
        found += [other + "人民政府"] + [other + d for d in DEPARTMENTS]
    return found[:needed]


def publication_date(rng: random.Random, year: int) -> date:
    return date(year + 1, 1, 10) + timedelta(days=rng.randrange(80))


def column(*, seed: int, gov: str, county: str, reports: int, distractors: int,
           deliveries: tuple[str, ...], first_id: int) -> list[Item]:
    """A report column, newest first: ``reports`` reports of distinct
    (agency, year) pairs, mixed with ``distractors`` look-alikes.  The first
    reports take ``deliveries`` in turn; the rest (most of a big benchmark
    column) are HTML pages, as most real reports are."""
    rng = random.Random(seed)
    pairs = [(a, y) for a in agencies(gov, county, rng, -(-reports // len(REPORT_YEARS))) for y in REPORT_YEARS]
    items = []
    seeds: dict[str, tuple[int, ...]] = {}   # agency -> its report seeds so far, year by year
    for n, (agency, year) in enumerate(pairs[:reports]):
        earlier = seeds.get(agency, ())
        seeds[agency] = earlier + (seed * 100_003 + n,)
        truth = content.make_truth(seeds[agency], agency, year)
        delivery = deliveries[n] if n < len(deliveries) else "html"
        items.append(Item(first_id + n, truth.title, date.fromisoformat(truth.published), "report", delivery,
                          agency, year, seeds[agency][-1], earlier))
    for n in range(distractors):
        year = rng.choice(REPORT_YEARS)
        title = DISTRACTOR_TITLES[n % len(DISTRACTOR_TITLES)].format(
            gov=gov, dept=county + rng.choice(DEPARTMENTS), year=year, next=year + 1)
        items.append(Item(first_id + reports + n, title, publication_date(rng, year), "distractor", "note",
                          seed=seed * 100_003 + reports + n))
    return sorted(items, key=lambda i: (i.published, i.id), reverse=True)
