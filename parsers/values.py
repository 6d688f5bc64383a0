"""Read one printed statistics cell: a count, a 万元 amount, or a printed blank.

``read_value`` says whether a cell's text *is* a value at all (a number, an
empty cell, or a blank mark such as —, /, 无) and, if so, what it is worth.
A printed ``0`` is 0; a blank is ``None``; a 0 is never invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_SPACES = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")
# Marks that print "nothing here".  A lone hyphen-like dash counts too.
BLANK_MARKS = frozenset({"", "—", "——", "-", "--", "－", "–", "―", "/", "／", "\\", "无", "空", "/ ", "×"})
_NUMBER = re.compile(
    r"^(?P<sign>[-+−]?)(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?"
    r"(?P<unit>万元|元|件|条|个|项|次|人次|份|宗)?$"
)
# A run of values at the end of a cell whose cells ran together with spaces:
# "1.属于国家秘密 2 0 0 0 0 0 2".
_VALUE_TOKEN = r"(?:[-+−]?\d[\d,]*(?:\.\d+)?(?:万元|元|件)?|—+|-|/|无)"
_TRAILING_VALUES = re.compile(
    r"^(?P<label>.*?[^\s\d.,])\s+(?P<values>(?:" + _VALUE_TOKEN + r"\s+)*" + _VALUE_TOKEN + r")$"
)
_ONLY_VALUES = re.compile(r"^" + _VALUE_TOKEN + r"(?:\s+" + _VALUE_TOKEN + r")+$")


@dataclass(frozen=True)
class Value:
    value: int | float | None
    unit: str | None = None


_UNIT_GAP = re.compile(r"(?<=[\d.])\s+(?=万元|元|件|条|个|项|次|人次|份|宗)|(?<=^[-+−])\s+")


_WRAPPED_DIGITS = re.compile(r"(?<=[\d,.])\n(?=[\d,.])")


def _unwrap(text: str) -> str:
    """Undo a narrow cell's line wrap inside a number (``12\n9`` is 129)."""
    return _WRAPPED_DIGITS.sub("", (text or "").translate(_FULLWIDTH))


def _clean(text: str) -> str:
    """Trim the cell; white space inside is kept (``4 1 2`` is three values,
    not 412) except between a number and its unit or sign."""
    text = _unwrap(text)
    text = _SPACES.sub(" ", text).strip()
    return _UNIT_GAP.sub("", text)


@lru_cache(maxsize=65536)
def read_value(text: str, *, money_unit: str | None = None) -> Value | None:
    """The cell's value, or None when the text is not a value at all.

    ``money_unit`` is the unit the column header declares (``万元`` or ``元``)
    for an amount; an amount in 元 is converted to 万元."""
    cleaned = _clean(text)
    if cleaned in BLANK_MARKS:
        return Value(None)
    m = _NUMBER.match(cleaned)
    if not m:
        return None
    digits = m["int"].replace(",", "")
    unit = m["unit"]
    negative = m["sign"] in ("-", "−")
    if m["frac"] is not None or money_unit or unit in ("万元", "元"):
        number: int | float = float(f"{digits}.{m['frac'] or '0'}")
        if (unit or money_unit) == "元":
            number = round(number / 10000, 6)
        if money_unit is None and unit not in ("万元", "元") and float(number).is_integer():
            number = int(number)
    else:
        number = int(digits)
    return Value(-number if negative else number, unit)


def split_run_together(text: str) -> tuple[str, list[str]] | None:
    """Split a cell like ``1.属于国家秘密 2 0 0 0 0 0 2`` into its label and the
    values that ran into it (the label is "" for a cell of values only, such
    as ``4 1 2 0 7``); None when the cell is not such a run."""
    text = _unwrap(text).strip()
    if _ONLY_VALUES.match(text):
        tokens = text.split()
        numbers = sum(t[-1].isdigit() for t in tokens)
        # "- 5 -" is a page number, not a row of values; "/ / / /" is a blank row
        return ("", tokens) if numbers >= 2 or (numbers == 0 and len(tokens) >= 3) else None
    m = _TRAILING_VALUES.match(text)
    if not m:
        return None
    return m["label"].strip(), m["values"].split()
