"""The intra-report checks of schema.md, recomputed from a truth's printed
values: the generator's own oracle for which check ids a report fails.

Deliberately independent of the parser's checks so that the two can be
compared.  A check whose operands are null or absent is not assessable and
so never fails."""

from __future__ import annotations

from ..schema import (
    APPEAL_RESULTS,
    APPEALS_GROUPS,
    APPLICANT_COLUMNS,
    APPLICATIONS_COLUMNS,
    APPLICATIONS_ROWS,
    RESULT_ROWS,
    appeals_sum_check,
    balance_check,
    results_sum_check,
    row_total_check,
)

Values = dict[str, int | float | None]


def _sum(values: Values, keys: list[str]) -> int | None:
    parts = [values.get(k) for k in keys]
    if not parts or any(p is None for p in parts):
        return None
    return sum(parts)


def _compare(check_id: str, expected: int | None, actual: int | None) -> tuple[str, str]:
    if expected is None or actual is None:
        return check_id, "not_assessable"
    return check_id, "pass" if expected == actual else "fail"


def run_checks(values: Values) -> dict[str, str]:
    """Check id -> pass / fail / not_assessable for every intra-report table check."""
    out: dict[str, str] = {}
    if not any(k.startswith("applications.") for k in values):
        return out
    printed_results = [r for r in RESULT_ROWS if any(f"applications.{r}.{c}" in values
                                                     for c in APPLICANT_COLUMNS)]
    for col in (c.key for c in APPLICATIONS_COLUMNS):
        a = lambda row, col=col: f"applications.{row}.{col}"  # noqa: E731
        cid, st = _compare(balance_check(col),
                           _sum(values, [a("new_received"), a("carried_over")]),
                           _sum(values, [a("processed_total"), a("carried_forward")]))
        out[cid] = st
        cid, st = _compare(results_sum_check(col),
                           values.get(a("processed_total")),
                           _sum(values, [a(r) for r in printed_results]))
        out[cid] = st
    for row in (r.key for r in APPLICATIONS_ROWS):
        if f"applications.{row}.total" not in values:
            continue
        cid, st = _compare(row_total_check(row), values.get(f"applications.{row}.total"),
                           _sum(values, [f"applications.{row}.{c}" for c in APPLICANT_COLUMNS]))
        out[cid] = st
    for group in (g.key for g in APPEALS_GROUPS):
        cid, st = _compare(appeals_sum_check(group), values.get(f"appeals.{group}.total"),
                           _sum(values, [f"appeals.{group}.{c}" for c in APPEAL_RESULTS]))
        out[cid] = st
    return out


def failing(values: Values) -> list[str]:
    return sorted(cid for cid, st in run_checks(values).items() if st == "fail")
