"""Score parser output against a truth: which facts differ, whether the
document is perfect (facts, title, agency, year, template and the set of
failing check ids all equal), and the corpus-wide rates."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

MISSING = "<missing>"
META = ("title", "agency", "year", "template")


def same_value(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)
    return a == b and type(a) is type(b)


@dataclass
class Score:
    name: str
    facts_total: int
    fact_diffs: dict[str, tuple] = field(default_factory=dict)   # key -> (expected, got)
    meta_diffs: dict[str, tuple] = field(default_factory=dict)   # field -> (expected, got)
    check_diff: tuple[list[str], list[str]] | None = None        # (missing fails, extra fails)
    errors: list[str] = field(default_factory=list)

    @property
    def perfect(self) -> bool:
        return not (self.fact_diffs or self.meta_diffs or self.check_diff)

    def describe(self, limit: int = 8) -> str:
        lines = [f"{self.name}: {len(self.fact_diffs)}/{self.facts_total} facts wrong"]
        lines += [f"  {k}: expected {e!r} got {g!r}" for k, (e, g) in self.meta_diffs.items()]
        lines += [f"  {k}: expected {e!r} got {g!r}" for k, (e, g) in list(self.fact_diffs.items())[:limit]]
        if self.check_diff:
            lines.append(f"  failing checks missing {self.check_diff[0]} extra {self.check_diff[1]}")
        lines += [f"  error: {e}" for e in self.errors[:3]]
        return "\n".join(lines)


def score(name: str, expected: dict, parsed: dict) -> Score:
    """Compare ``Truth.expected()`` with a ``Report.to_json()``."""
    want, got = expected["facts"], parsed.get("facts") or {}
    keys = sorted(set(want) | set(got))
    result = Score(name, len(keys), errors=list(parsed.get("errors") or []))
    for key in keys:
        e, g = want.get(key, MISSING), got.get(key, MISSING)
        if not same_value(e, g):
            result.fact_diffs[key] = (e, g)
    for meta in META:
        if expected[meta] != parsed.get(meta):
            result.meta_diffs[meta] = (expected[meta], parsed.get(meta))
    fails = sorted(c["id"] for c in parsed.get("checks") or [] if c["status"] == "fail")
    if fails != expected["failing_checks"]:
        want_fails = set(expected["failing_checks"])
        result.check_diff = (sorted(want_fails - set(fails)), sorted(set(fails) - want_fails))
    return result


def rates(scores: list[Score]) -> tuple[float, float]:
    """(fraction of facts exact over all documents, fraction of perfect documents)."""
    total = sum(s.facts_total for s in scores)
    wrong = sum(len(s.fact_diffs) for s in scores)
    return (1 - wrong / total if total else 1.0), sum(s.perfect for s in scores) / max(1, len(scores))
