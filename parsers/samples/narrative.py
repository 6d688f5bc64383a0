"""The words around the tables: title lines, the six narrative sections,
the signature.  Counts about the body's own applications match its table;
region-wide totals (全市共受理…) are distractors that never equal them.

A report is a list of blocks ``(kind, text)``: kind is ``pre`` (lines a CMS
or a cover prints before the title), ``title``, ``heading``, ``para``,
``table`` (text is the table name: active / applications / appeals /
legacy) or ``sign`` (signature and date lines)."""

from __future__ import annotations

import random

Block = tuple[str, str]

SECTIONS_2019 = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                 "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                 "六、其他需要报告的事项")
SECTIONS_LEGACY = ("一、概述", "二、主动公开政府信息情况", "三、依申请公开政府信息情况",
                   "四、政府信息公开的收费及减免情况", "五、因政府信息公开申请提起行政复议、行政诉讼的情况",
                   "六、政府信息公开工作存在的主要问题及改进措施", "七、其他需要报告的事项")

OWN_CLAIMS = ("本年共收到政府信息公开申请{n}件", "全年受理依申请公开{n}件",
              "{year}年，本机关共收到政府信息公开申请{n}件", "全年共受理政府信息公开申请{n}件")


def make_title(rng: random.Random, agency: str, year: int) -> str:
    return rng.choice((
        f"{agency}{year}年政府信息公开工作年度报告",
        f"{agency}{year}年度政府信息公开工作年度报告",
        f"{agency}关于{year}年度政府信息公开工作情况的报告",
        f"{year}年{agency}政府信息公开工作年度报告",
    ))


def pre_lines(rng: random.Random, agency: str, published: str) -> list[str]:
    options = [
        ["首页 > 政府信息公开 > 政府信息公开年报"],
        [f"索引号：{rng.randint(10**9, 10**10 - 1)}/{published[:4]}-{rng.randint(1, 999):05d}",
         f"发布机构：{agency}", f"发布日期：{published}"],
        [f"来源：{agency}    发布时间：{published}    浏览次数：{rng.randint(10, 9999)}"],
        [],
    ]
    return rng.choice(options)


def report_blocks(rng: random.Random, *, agency: str, region: str, year: int, template: str,
                  title: str, published: str, own_received: int | None, region_received: int) -> list[Block]:
    """Every block of a report in reading order."""
    blocks: list[Block] = [("pre", line) for line in pre_lines(rng, agency, published)]
    blocks.append(("title", title))
    intro = (f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由{agency}编制。"
             f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
             f"如对本报告有任何疑问，请与{agency}办公室联系（电话：0{rng.randint(100, 999)}-{rng.randint(10**7, 10**8 - 1)}）。")
    blocks.append(("para", intro))
    if template == "legacy":
        return blocks + _legacy_sections(rng, year, region, region_received)
    sections = list(SECTIONS_2019)
    blocks.append(("heading", sections[0]))
    published_items = rng.randint(50, 20000)
    blocks.append(("para", f"（一）主动公开情况。{year}年，{agency}坚持以公开为常态、不公开为例外，"
                           f"全年主动公开政府信息{published_items}条，其中政策解读{rng.randint(1, 200)}篇。"))
    own = ""
    if own_received is not None:
        own = rng.choice(OWN_CLAIMS).format(n=own_received, year=year) + "，均在法定期限内予以答复。"
    blocks.append(("para", f"（二）依申请公开情况。{own}"
                           f"{region}共受理政府信息公开申请{region_received}件，同比增长{rng.randint(1, 40)}%。"))
    blocks.append(("para", "（三）政府信息管理情况。严格落实“先审查、后公开”和“一事一审”制度，"
                           f"全年清理规范性文件{rng.randint(1, 90)}件。"))
    blocks.append(("para", "（四）平台建设情况。持续优化政府网站信息公开专栏，"
                           f"注销政务新媒体{rng.randint(0, 9)}个。"))
    blocks.append(("para", f"（五）监督保障情况。全年组织培训{rng.randint(1, 12)}次，开展检查{rng.randint(1, 12)}次。"))
    for heading, table in zip(sections[1:4], ("active", "applications", "appeals")):
        blocks.append(("heading", heading))
        blocks.append(("table", table))
    blocks.append(("heading", sections[4]))
    blocks.append(("para", f"{year}年，我单位政府信息公开工作虽然取得了一定成效，但仍存在政策解读形式单一等问题。"
                           f"{year + 1}年将进一步加强培训，提升公开质量。"))
    blocks.append(("heading", sections[5]))
    blocks.append(("para", rng.choice((
        "本年度未收取信息处理费。",
        f"依据《政府信息公开信息处理费管理办法》，本年度收取信息处理费{rng.randint(0, 3)}笔。",
        "无其他需要报告的事项。"))))
    blocks.append(("sign", agency))
    blocks.append(("sign", _chinese_date(published)))
    return blocks


def _legacy_sections(rng: random.Random, year: int, region: str, region_received: int) -> list[Block]:
    s = SECTIONS_LEGACY
    return [
        ("heading", s[0]),
        ("para", f"{year}年，在上级部门的指导下，我单位认真贯彻落实《中华人民共和国政府信息公开条例》，"
                 f"全年主动公开政府信息{rng.randint(20, 9000)}条。"),
        ("heading", s[1]), ("para", "主动公开的政府信息主要通过政府网站、公开栏等渠道发布。"),
        ("heading", s[2]),
        ("para", f"全年共受理政府信息公开申请{rng.randint(0, 90)}件，{region}共受理{region_received}件。"),
        ("table", "legacy"),
        ("heading", s[3]), ("para", "本年度未收取任何费用。"),
        ("heading", s[4]), ("para", f"本年度发生政府信息公开行政复议{rng.randint(0, 3)}件。"),
        ("heading", s[5]), ("para", "存在公开内容不够全面等问题，下一步将加以改进。"),
        ("heading", s[6]), ("para", "无。"),
    ]


def _chinese_date(iso: str) -> str:
    y, m, d = (int(p) for p in iso.split("-"))
    return f"{y}年{m}月{d}日"
