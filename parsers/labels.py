"""Evidence for a damaged row or column label: how much of a label of the
national format it still is (``similarity``), and the numbering it carries
(``numbering``: ``2.`` is the second item of its group, ``（三）`` the third
group).  ``parsers.tables`` weighs this evidence with a label's place among
the rows it did recognise; nothing here decides on its own."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from .schema import APPLICATIONS_ROWS, Label, normalize_label

_CN_DIGITS = "一二三四五六七八九十"
_LEAD = re.compile(r"^(?:（([一二三四五六七八九十]{1,2})）|([一二三四五六七八九十]{1,2})\.|(\d{1,2})\.|（(\d{1,2})）)")
_NUMBERING = re.compile(r"^(?:（?[一二三四五六七八九十\d]{1,3}[）.])+")
_NOTE = re.compile(r"（[^）]*）$")     # （区分处理的，只计这一情形…）

# The applications groups of 三、本年度办理结果 by their printed number.
GROUPS = {3: "denied", 4: "unavailable", 5: "not_processed", 6: "other"}
GROUP_NAMES = {"denied": "不予公开", "unavailable": "无法提供", "not_processed": "不予处理", "other": "其他处理"}


def bare(text: str) -> str:
    """A normalised label without its numbering and trailing note."""
    text = normalize_label(text)
    return _NOTE.sub("", _NUMBERING.sub("", text)) or text


# Printed forms a label's short name in ``schema`` does not spell out.
_PRINTED = {
    "本年收费金额（单位：万元）": ("采购总金额",),
    "三（六）1.申请人无正当理由逾期不补正…": ("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",),
    "2.申请人逾期未按收费通知要求缴纳费用…": ("申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",),
    "总计": ("合计",),
}


def printed_forms(label: Label) -> tuple[str, ...]:
    """The forms a label of the format is printed in, without numbering or group."""
    name = label.label.split("·")[-1]
    name = name.split("）")[-1] if "）" in name and not name.endswith("）") else name
    return (bare(name), *(bare(p) for p in _PRINTED.get(label.label, ())))


@lru_cache(maxsize=65536)
def ratio(a: str, b: str) -> float:
    """How alike two normalised texts are (0 to 1): difflib's ratio."""
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@lru_cache(maxsize=65536)
def similarity(text: str, label: Label) -> float:
    """How much of ``label`` a printed text still is (0 to 1), numbering aside."""
    a = bare(text)
    if not a:
        return 0.0
    return max(ratio(a, b) for b in printed_forms(label) if b)


def numbering(text: str) -> tuple[str, int] | None:
    """The numbering a label starts with: ``("group", 3)`` for （三）,
    ``("item", 2)`` for 2., ``("section", 4)`` for 四、; None without one."""
    m = _LEAD.match(normalize_label(text))
    if not m:
        return None
    paren_cn, section_cn, item, paren_digit = m.groups()
    if paren_cn:
        return "group", _cn(paren_cn)
    if section_cn:
        return "section", _cn(section_cn)
    if item:
        return "item", int(item)
    return "group", int(paren_digit)


def _cn(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS.index(text[1]) + 1
    return _CN_DIGITS.index(text[0]) + 1


def group_of(text: str) -> str | None:
    """The applications group a group label names (（三）不予公开 or a
    damaged 不子公开), by number or by most of its characters."""
    norm = bare(text)
    for group, name in GROUP_NAMES.items():
        if norm == name:
            return group
    if len(norm) > 6 or any(row.matches(normalize_label(text)) for row in APPLICATIONS_ROWS):
        return None
    number = numbering(text)
    if number and number[0] == "group":       # its number says which group, if any
        group = GROUPS.get(number[1])
        return group if group and SequenceMatcher(None, norm, GROUP_NAMES[group]).ratio() >= 0.5 else None
    best = max(GROUP_NAMES, key=lambda g: SequenceMatcher(None, norm, GROUP_NAMES[g]).ratio())
    return best if SequenceMatcher(None, norm, GROUP_NAMES[best]).ratio() >= 0.75 else None


def group_rows(group: str) -> list[str]:
    """The row keys of an applications group, in printed order (the 2021
    （六） rows; the 2019 single row is the group itself)."""
    return [r.key for r in APPLICATIONS_ROWS if r.key.startswith(group + ".")]
