"""Realistic table numbers for one report, and how each one is printed.

Counts scale with the body's level (a city receives thousands of
applications, a township often none).  Every intra-report check holds for
the numbers made here; ``truth.py`` may then misprint one."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from ..schema import ACTIVE_CELLS, APPEAL_RESULTS, APPEALS_GROUPS, APPLICANT_COLUMNS, RESULT_ROWS

# Applications a body itself receives in a year: (low, high) by level.
APPLICATION_SCALE = {"省": (80, 900), "市": (400, 6000), "县": (10, 400), "乡镇": (0, 8), "部门": (0, 300)}
# Licensing / punishment decisions by level.
DECISION_SCALE = {"省": (2000, 90000), "市": (5000, 500000), "县": (200, 40000), "乡镇": (0, 300),
                  "部门": (0, 20000)}

ENTITY_WEIGHTS = (0.86, 0.07, 0.005, 0.01, 0.03, 0.025)
RESULT_WEIGHTS = {
    "granted": 40, "partially_granted": 10, "denied.state_secret": 0.3, "denied.prohibited_by_law": 1,
    "denied.three_safety_one_stability": 0.5, "denied.third_party_rights": 1.5,
    "denied.internal_affairs": 1, "denied.process_information": 2, "denied.law_enforcement_files": 1,
    "denied.administrative_query": 2, "unavailable.not_held": 25, "unavailable.needs_creation": 3,
    "unavailable.unclear_after_correction": 2, "not_processed.petition_complaint": 2,
    "not_processed.duplicate": 2, "not_processed.publication": 0.3, "not_processed.mass_repetitive": 0.5,
    "not_processed.confirmation": 0.5, "other.no_correction": 2, "other.unpaid_fee": 0.2,
    "other.misc": 2, "other": 4,
}
NULL_TOKENS = ("", "—", "/", "无")


@dataclass
class Printed:
    """A cell as the report prints it: the value a reader must get and the text."""

    value: int | float | None
    raw: str


def _split(rng: random.Random, n: int, names: tuple[str, ...], weights) -> dict[str, int]:
    counts = dict.fromkeys(names, 0)
    for name in rng.choices(names, weights=weights, k=n):
        counts[name] += 1
    return counts


def result_rows(other_style: str) -> tuple[str, ...]:
    """The result rows a table prints: the 2021 three （六） rows or the 2019 single one."""
    others = ("other",) if other_style == "2019" else ("other.no_correction", "other.unpaid_fee", "other.misc")
    return tuple(r for r in RESULT_ROWS if not r.startswith("other")) + others


def application_counts(rng: random.Random, level: str, other_style: str,
                       carried_over: dict[str, int] | None = None) -> dict[str, int]:
    """applications.* values that satisfy balance, results_sum and row_total;
    ``carried_over`` (by applicant column) fixes the 上年结转 row, as the
    year before's 结转下年度 row does."""
    low, high = APPLICATION_SCALE[level]
    n = 0 if level == "乡镇" and rng.random() < 0.4 else rng.randint(low, high)
    results = result_rows(other_style)
    out: dict[str, int] = {}
    new = _split(rng, n, APPLICANT_COLUMNS, ENTITY_WEIGHTS)
    for col in APPLICANT_COLUMNS:
        if carried_over is None:
            carried = rng.randint(0, max(0, new[col] // 15)) if rng.random() < 0.5 else 0
        else:
            carried = carried_over[col]
        forward = rng.randint(0, (new[col] + carried) // 12) if rng.random() < 0.5 else 0
        processed = new[col] + carried - forward
        split = _split(rng, processed, results, [RESULT_WEIGHTS[r] for r in results])
        rows = {"new_received": new[col], "carried_over": carried, **split,
                "processed_total": processed, "carried_forward": forward}
        for row, v in rows.items():
            out[f"applications.{row}.{col}"] = v
    for row in ("new_received", "carried_over", *results, "processed_total", "carried_forward"):
        out[f"applications.{row}.total"] = sum(out[f"applications.{row}.{c}"] for c in APPLICANT_COLUMNS)
    return out


def appeal_counts(rng: random.Random, applications_total: int) -> dict[str, int]:
    """appeals.* values with total = upheld + corrected + other + pending."""
    out: dict[str, int] = {}
    cap = max(0, applications_total // 20)
    for group in (g.key for g in APPEALS_GROUPS):
        parts = [rng.randint(0, cap) if rng.random() < 0.5 else 0 for _ in APPEAL_RESULTS]
        for col, v in zip(APPEAL_RESULTS, parts):
            out[f"appeals.{group}.{col}"] = v
        out[f"appeals.{group}.total"] = sum(parts)
    return out


def active_counts(rng: random.Random, level: str, template: str,
                  in_force_before: dict[str, int] | None = None) -> dict[str, int | Decimal]:
    """active.* values; money as Decimal 万元.  ``in_force_before`` (by row:
    rules, normative_documents) is the year before's 现行有效件数: a 2021
    table then continues it, in_force = before + issued − repealed."""
    low, high = DECISION_SCALE[level]
    makes_rules = level in ("省", "市")
    out: dict[str, int | Decimal] = {}
    for row, cols in ACTIVE_CELLS[template]:
        for col in cols:
            key = f"active.{row}.{col}"
            if row in ("rules", "normative_documents"):
                top = (12 if row == "rules" else 60) if (makes_rules or row != "rules") else 0
                if level == "乡镇":
                    top = min(top, 3)
                out[key] = rng.randint(0, top)
            elif col == "amount":
                cents = rng.randint(0, 10 ** rng.randint(2, 9))
                out[key] = Decimal(cents) / 10000 if rng.random() < 0.9 else Decimal(0)
            elif col == "change":
                out[key] = rng.randint(-8, 8)
            elif col in ("previous_items", "projects"):
                out[key] = rng.randint(0, 400)
            else:
                out[key] = rng.randint(low, high) if rng.random() < 0.9 else 0
    if template == "2021":
        for row in ("rules", "normative_documents"):
            issued, repealed = out[f"active.{row}.issued"], out[f"active.{row}.repealed"]
            before = (in_force_before or {}).get(row)
            if before is None:
                out[f"active.{row}.in_force"] = issued + rng.randint(repealed, repealed + 5 * (issued + 10))
            else:   # nothing is repealed that was not in force
                repealed = out[f"active.{row}.repealed"] = min(repealed, before + issued)
                out[f"active.{row}.in_force"] = before + issued - repealed
    return out


def format_count(n: int, thousands: bool) -> str:
    return f"{n:,}" if thousands else str(n)


def format_money(amount: Decimal, style: str) -> Printed:
    """A 万元 amount as printed in ``style`` (wan, wan_suffix, yuan_cell, yuan_header)."""
    wan = amount.normalize() if amount else Decimal(0)
    text = format(wan, "f")
    if style == "wan":
        return Printed(float(wan), text)
    if style == "wan_suffix":
        return Printed(float(wan), text + "万元")
    yuan = format((amount * 10000).normalize(), "f")
    return Printed(float(wan), yuan + ("元" if style == "yuan_cell" else ""))


def null_cell(rng: random.Random, token: str | None = None) -> Printed:
    return Printed(None, rng.choice(NULL_TOKENS) if token is None else token)

