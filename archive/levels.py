"""An agency's level (省, 市, 县, 乡镇, 部门), read from its own name as the
report prints it, never from the site that linked the report: a county
portal publishes its departments' and townships' reports too.

The name's last word says what kind of body it is: a township or street
office (…镇, …乡, …街道办事处) is 乡镇; a government (…人民政府, a 地区's
or 盟's …行政公署, or the general office …人民政府办公室 that publishes the
government's report) or a bare place name takes the level of the division
it names (GB/T 2260: a province or municipality is 省, a prefecture 市, a
county, county-level city or district 县); any other body (…局, …委员会,
…办公室, …中心, …厅, …部) is a 部门.  Checked against every site of the
registry (3,307 agencies with their levels).
"""

from __future__ import annotations

import re

from .regions import region_of

LEVELS = ("省", "市", "县", "乡镇", "部门")

_TOWNSHIP = re.compile(r"(?:镇|乡|街道|苏木|街道办事处|街道办)(?:人民政府|政府)?$")
_GOVERNMENT = re.compile(r"(?:人民政府|政府|行政公署)(?:办公室)?$")
_PLACE = re.compile(r"(?:省|自治区|市|州|盟|地区|县|旗|区)$")
# A place no division code is known for (a renamed county): its suffix.  A
# …市 may be a prefecture or a county-level city, a …区 a district or a
# development zone of any rank: those stay unknown.
_PLACE_SUFFIX_LEVEL = (("自治区", "省"), ("省", "省"), ("州", "市"), ("盟", "市"), ("地区", "市"),
                       ("县", "县"), ("旗", "县"))


def region_level(code: str) -> str:
    """The level of a 6-digit division code: 省 (province, autonomous region,
    municipality), 市 (prefecture), else 县."""
    if code.endswith("0000"):
        return "省"
    return "市" if code.endswith("00") else "县"


def _place_level(place: str) -> str | None:
    code = region_of(place)
    if code:
        return region_level(code)
    for suffix, level in _PLACE_SUFFIX_LEVEL:
        if place.endswith(suffix):
            return level
    return None


def agency_level(agency: str | None) -> str | None:
    """The level of the body named ``agency`` (None when the name is missing
    or names a place whose level cannot be told)."""
    name = re.sub(r"\s+", "", agency or "")
    if not name:
        return None
    if _TOWNSHIP.search(name):
        return "乡镇"
    place = _GOVERNMENT.sub("", name)
    if place != name or _PLACE.search(name):
        return _place_level(place) if place else None
    return "部门"
