"""``make_truth``: one realistic annual report as data — the body, the year,
the title, the narrative and every table cell as printed — and
``Truth.expected()``, what a perfect parser returns for it.

Everything that decides a fact is fixed here (which rows are printed, null
cells, money units, the misprint); how the report is laid out is left to the
renderers, which only vary what does not change the facts.

Given the same agency's truth for the year before, a report carries on from
it as real ones do: its 上年结转 row is that year's 结转下年度 row, and its
现行有效件数 continue that year's (the cross-year checks of schema.md)."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from ..schema import ACTIVE_CELLS, APPLICANT_COLUMNS, text_vs_table_check
from .agencies import pick_agency
from .checks import failing
from .narrative import Block, make_title, report_blocks
from .values import Printed, active_counts, appeal_counts, application_counts, format_count, format_money, null_cell

LEVEL_NAMES = {"province": "省", "city": "市", "county": "县", "township": "乡镇", "department": "部门"}
DEFAULT_YEARS = {"2021": (2020, 2024), "2019": (2019, 2020), "legacy": (2008, 2018)}
# The narrative sentence about the body's own applications states this fact.
CLAIMED_KEY = "applications.new_received.total"


@dataclass
class Truth:
    seed: int
    agency: str
    level: str                      # 省 / 市 / 县 / 乡镇 / 部门
    year: int
    template: str                   # 2019 / 2021 / legacy
    other_style: str                # which （六） rows the applications table prints: 2019 or 2021
    title: str
    published: str                  # ISO date
    money_style: str                # wan / wan_suffix / yuan_cell / yuan_header
    cells: dict[str, Printed]       # every printed table cell, by fact key
    blocks: list[Block]             # the report in reading order
    active_rows: tuple[tuple[str, tuple[str, ...]], ...] = ()   # printed active rows and columns
    claims: dict[str, int] = field(default_factory=dict)        # narrative counts, by fact key
    legacy_rows: list[list[str]] = field(default_factory=list)  # the old-style table, legacy only
    misprint: str | None = None     # the fact key printed wrong, if any

    def values(self) -> dict[str, int | float | None]:
        return {k: p.value for k, p in self.cells.items()}

    def failing_checks(self) -> list[str]:
        """The intra-report check ids this report fails (tables and
        narrative); cross-year checks need the year before and are not here."""
        values = self.values()
        out = failing(values)
        for key, stated in self.claims.items():
            if values.get(key) is not None and values[key] != stated:
                out.append(text_vs_table_check(key))
        return sorted(out)

    def expected(self) -> dict:
        return {"title": self.title, "agency": self.agency, "year": self.year,
                "template": self.template, "facts": self.values(),
                "failing_checks": self.failing_checks()}


def make_truth(seed: int, *, agency: str | None = None, year: int | None = None, template: str = "2021",
               level: str | None = None, misprint: bool = False, previous: Truth | None = None) -> Truth:
    """A realistic report for ``seed``; ``misprint`` corrupts one printed value
    so that at least one check fails (recorded in ``expected()``).

    ``previous`` is the same agency's truth for the year before (agency, year
    and level default to follow on from it): this report's 上年结转 cells
    are its 结转下年度 cells as printed (a blank there was a 0), and when both
    print 2021 active tables, in_force = its in_force + issued − repealed.
    ``level`` defaults to county."""
    if template not in DEFAULT_YEARS:
        raise ValueError(f"template must be 2019, 2021 or legacy, not {template!r}")
    if previous is not None:
        agency, level = agency or previous.agency, level or previous.level
        year = previous.year + 1 if year is None else year
        if (agency, year, LEVEL_NAMES.get(level, level)) != (previous.agency, previous.year + 1, previous.level):
            raise ValueError(f"previous is {previous.agency}'s {previous.year} ({previous.level}), "
                             f"not {agency}'s year before {year} ({level})")
    rng = random.Random(seed)
    level = level or "county"
    level = LEVEL_NAMES.get(level, level)
    agency, region = pick_agency(rng, level, agency)
    year = year if year is not None else rng.randint(*DEFAULT_YEARS[template])
    published = (datetime.date(year + 1, 1, 5) + datetime.timedelta(days=rng.randint(0, 80))).isoformat()
    title = make_title(rng, agency, year)
    other_style = "2019" if template == "2019" or rng.random() < 0.12 else "2021"
    money_style = rng.choices(("wan", "wan_suffix", "yuan_cell", "yuan_header"), (6, 1, 2, 1))[0]
    truth = Truth(seed, agency, level, year, template, other_style, title, published, money_style,
                  cells={}, blocks=[])
    if template == "legacy":
        truth.legacy_rows = _legacy_rows(rng)
        own = None
    else:
        _fill_cells(rng, truth, misprint, previous)
        own = truth.cells[CLAIMED_KEY].value
        if own is not None:
            truth.claims[CLAIMED_KEY] = own
        if misprint:
            _misprint(rng, truth)
    region_received = (own or 0) + rng.randint(5, 3000)
    truth.blocks = report_blocks(rng, agency=agency, region=region, year=year, template=template,
                                 title=title, published=published, own_received=own,
                                 region_received=region_received)
    return truth


def _fill_cells(rng: random.Random, truth: Truth, misprint: bool, previous: Truth | None) -> None:
    thousands = rng.random() < 0.4
    null_mode = rng.choices(("none", "sparse", "zeros_token"), (14, 4, 2))[0]
    if misprint and null_mode == "zeros_token":
        null_mode = "none"  # a misprint must stay visible to some check
    token = rng.choice(("—", "/", "无", "")) if null_mode == "sparse" else rng.choice(("—", "/", "无"))
    droppable = [row for row, _ in ACTIVE_CELLS[truth.template] if row not in ("rules", "normative_documents")]
    dropped = {rng.choice(droppable)} if rng.random() < 0.15 else set()
    truth.active_rows = tuple((r, c) for r, c in ACTIVE_CELLS[truth.template] if r not in dropped)
    for key, v in active_counts(rng, truth.level, truth.template, _in_force(previous)).items():
        if key.split(".")[1] in dropped:
            continue
        if isinstance(v, Decimal):
            style = truth.money_style
            if key == "active.procurement.amount" and style == "yuan_header":
                style = "yuan_cell"
            truth.cells[key] = format_money(v, style)
        else:
            truth.cells[key] = Printed(v, format_count(v, thousands))
    if null_mode == "sparse":
        for key in rng.sample(sorted(truth.cells), rng.randint(1, 4)):
            truth.cells[key] = null_cell(rng, token)
    counts = application_counts(rng, truth.level, truth.other_style, _carried_forward(previous))
    counts |= appeal_counts(rng, counts["applications.new_received.total"])
    for key, v in counts.items():
        if null_mode == "zeros_token" and v == 0:
            truth.cells[key] = null_cell(rng, token)
        else:
            truth.cells[key] = Printed(v, format_count(v, thousands))


def _in_force(previous: Truth | None) -> dict[str, int] | None:
    """The year before's printed 现行有效件数 by row (none printed: a 2019
    table, or a blank cell)."""
    if previous is None:
        return None
    cells = {row: previous.cells.get(f"active.{row}.in_force") for row in ("rules", "normative_documents")}
    return {row: p.value for row, p in cells.items() if p is not None and p.value is not None}


def _carried_forward(previous: Truth | None) -> dict[str, int] | None:
    """The year before's printed 结转下年度 row by applicant column, a blank
    cell as 0 (None when it printed no applications table)."""
    if previous is None or previous.template == "legacy":
        return None
    return {col: previous.cells[f"applications.carried_forward.{col}"].value or 0 for col in APPLICANT_COLUMNS}


def _misprint(rng: random.Random, truth: Truth) -> None:
    """Change one printed application or appeal count so that checks fail."""
    keys = [k for k, p in truth.cells.items()
            if not k.startswith("active.") and p.value is not None]
    rng.shuffle(keys)
    if CLAIMED_KEY in keys and rng.random() < 0.15:   # the table then disagrees with the narrative too
        keys.insert(0, keys.pop(keys.index(CLAIMED_KEY)))
    for key in keys:
        old = truth.cells[key]
        delta = rng.choice((1, 2, 3, 10)) * rng.choice((1, -1))
        new = old.value + delta if old.value + delta >= 0 else old.value - delta
        truth.cells[key] = Printed(new, format_count(new, "," in old.raw))
        if truth.failing_checks():
            truth.misprint = key
            return
        truth.cells[key] = old
    raise ValueError(f"seed {truth.seed}: no cell whose misprint a check can see")


def _legacy_rows(rng: random.Random) -> list[list[str]]:
    """The pre-2019 statistics table: 指标 / 单位 / 数量."""
    n = rng.randint(0, 60)
    granted = rng.randint(0, n)
    return [
        ["统计指标", "单位", "统计数"],
        ["一、主动公开情况", "", ""],
        ["（一）主动公开政府信息数", "条", str(rng.randint(20, 9000))],
        ["其中：主动公开规范性文件数", "条", str(rng.randint(0, 80))],
        ["二、依申请公开情况", "", ""],
        ["（一）收到申请数", "件", str(n)],
        ["（二）申请办结数", "件", str(n)],
        ["1.按时办结数", "件", str(n)],
        ["（三）申请答复数", "件", str(n)],
        ["1.属于已主动公开范围数", "件", str(granted)],
        ["2.同意公开答复数", "件", str(n - granted)],
        ["三、因政府信息公开申请行政复议数", "件", str(rng.randint(0, 3))],
        ["四、因政府信息公开申请提起行政诉讼数", "件", str(rng.randint(0, 2))],
    ]
