"""Reporting bodies of every level, as their reports print them.

Each entry is (printed name, level, the region word a narrative uses for
region-wide totals that are *not* this body's own, e.g. 全市).  The printed
name is what the title carries and so what ``agency`` must come out as."""

from __future__ import annotations

import random

LEVELS = ("省", "市", "县", "乡镇", "部门")

AGENCIES: dict[str, tuple[tuple[str, str], ...]] = {
    "省": (
        ("浙江省人民政府", "全省"), ("安徽省人民政府", "全省"),
        ("福建省人民政府", "全省"), ("四川省人民政府", "全省"),
    ),
    "市": (
        ("杭州市人民政府", "全市"), ("淮安市人民政府", "全市"), ("六安市人民政府", "全市"),
        ("泉州市人民政府", "全市"), ("绵阳市", "全市"), ("平潭综合实验区", "全区"),
    ),
    "县": (
        ("霍山县人民政府", "全县"), ("淳安县人民政府", "全县"), ("晋江市人民政府", "全市"),
        ("杭州市西湖区人民政府", "全区"), ("霍山县", "全县"), ("江油市", "全市"),
    ),
    "乡镇": (
        ("霍山县衡山镇人民政府", "全县"), ("霍山县衡山镇", "全县"),
        ("淳安县千岛湖镇人民政府", "全县"), ("晋江市安海镇人民政府", "全市"),
        ("杭州市西湖区转塘街道办事处", "全区"), ("江油市太白镇", "全市"),
    ),
    "部门": (
        ("北京市生态环境局", "全市生态环境系统"), ("杭州市教育局", "全市教育系统"),
        ("淮安市公安局", "全市公安机关"), ("霍山县财政局", "全县"),
        ("浙江省自然资源厅", "全省自然资源系统"), ("六安市住房和城乡建设局", "全市"),
    ),
}


def pick_agency(rng: random.Random, level: str, agency: str | None = None) -> tuple[str, str]:
    """(printed name, region word) for ``level``; ``agency`` overrides the name."""
    if level not in AGENCIES:
        raise ValueError(f"unknown level {level!r}; one of {', '.join(LEVELS)}")
    name, region = rng.choice(AGENCIES[level])
    return (agency or name), region
