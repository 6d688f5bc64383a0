"""Accuracy on real published documents: parse every document of a folder
(by default the real fixtures beside the checkout, ``../shared/fixtures/real``)
and report, per document and in total, whether it was parsed without error,
whether every key of its template was found, and whether every check passes
or fails only where the document itself misprints.

The misprints, the rows a document does not print and the documents that are
not reports are those SOURCES.md of that folder documents (read from the
printed pages, not from the parser's output); they are tabled below by file
name.  A file not named below is expected to be a report whose tables add up.

Example: python -m bench real ../shared/fixtures/real
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

from parsers import Report, parse_path
from parsers.schema import APPLICATIONS_COLUMNS, fact_keys

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "real"

# Checks that fail because the printed document does not add up (SOURCES.md).
MISPRINTS: dict[str, frozenset[str]] = {
    # 本年新收 6,1,0… with 总计 0; 上年结转 0… with 总计 7 (the 7 typed one row too low),
    # so the narrative's 收到…申请7份 disagrees with the 总计 0 too
    "pingtan-nongye-2023.html": frozenset({
        "applications.row_total.new_received", "applications.row_total.carried_over",
        "text_vs_table.applications.new_received.total"}),
    # table 3's 总计 column is 0 in every row (so the narrative's 6 applications
    # disagree with it too); 自然人 results 4 + 1 + 1 = 6 against 总计 5
    "pingtan-haitan-2024.html": frozenset({
        "applications.results_sum.natural_person",
        "applications.row_total.new_received", "applications.row_total.processed_total",
        "applications.row_total.unavailable.not_held",
        "applications.row_total.unavailable.unclear_after_correction",
        "applications.row_total.other.no_correction", "applications.row_total.other.misc",
        "text_vs_table.applications.new_received.total"}),
    # 复议后起诉 13 + 2 + 4 + 0 = 19 against 总计 15
    "pingtan-shehuishiye-2024.html": frozenset({"appeals.sum.litigation_after_reconsideration"}),
    # the narrative says 受理34件, the table 32
    "pingtan-guanweihuiban-2025.html": frozenset({"text_vs_table.applications.new_received.total"}),
}

# Rows a document does not print at all (SOURCES.md): table 2 without 规章.
ABSENT_ROWS: dict[str, tuple[str, ...]] = {
    "pingtan-haitan-2024.html": ("active.rules.",),
    "pingtan-shehuishiye-2024.html": ("active.rules.",),
    "pingtan-shichangjianguan-2023.html": ("active.rules.",),
}

# Documents that are not reports with tables, and what the parser should say
# of them: "no tables" (no statistics table found) or "blank" (the tables of a
# template, with not one number in them).
NOT_REPORTS: dict[str, tuple[str, str]] = {
    "pingtan-list.html": ("list page", "no tables"),
    "pingtan-gongan-list.html": ("list page", "no tables"),
    "pingtan-gongan-2018-yaodian.html": ("not a report: work points", "no tables"),
    "pingtan-gongan-2020.html": ("report in an attachment", "no tables"),
    "template-2021.docx": ("blank template", "blank"),
}

_ONE_ROW_OTHER = {f"applications.other.{c.key}" for c in APPLICATIONS_COLUMNS}
_NOTES = ("SOURCES.md", "README.md")


def verdict_of(report: Report) -> str:
    """What the parser says a document is: a report, a blank form or a page
    without statistics tables (a report of the pre-2019 format is 'legacy')."""
    if report.template == "legacy":
        return "legacy"
    if not report.facts:
        return "no tables"
    if all(f.value is None for f in report.facts.values()):
        return "blank"
    return "report"


def missing_keys(report: Report, absent: tuple[str, ...] = ()) -> list[str]:
    """The template's keys the parser did not find, apart from rows the
    document does not print.  （六）其他处理 may be printed as the three 2021
    rows or as the one 2019 row: either form is complete."""
    keys = [k for k in fact_keys(report.template) if not k.startswith(absent)]
    if report.template == "2021":
        one_row = any(k in report.facts for k in _ONE_ROW_OTHER) and not any(
            k.startswith("applications.other.") and k.count(".") == 3 for k in report.facts)
        keys = [k for k in keys if (k.count(".") == 2) == one_row or not k.startswith("applications.other.")]
    return [k for k in keys if k not in report.facts]


@dataclass
class Outcome:
    """One document's result."""

    name: str
    kind: str                      # "report" or what SOURCES.md says it is
    expected: str                  # the verdict the parser should give
    verdict: str
    template: str
    named: bool = False            # the parser found the report's agency and year
    errors: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unexpected_fails: list[str] = field(default_factory=list)     # or not assessable
    misprints_caught: int = 0
    misprints_missed: list[str] = field(default_factory=list)

    @property
    def is_report(self) -> bool:
        return self.expected == "report"

    @property
    def complete(self) -> bool:
        return self.verdict == "report" and not self.missing

    @property
    def consistent(self) -> bool:
        return self.verdict == "report" and not self.unexpected_fails and not self.misprints_missed

    @property
    def right(self) -> bool:
        if not self.is_report:
            return self.verdict == self.expected
        return not self.errors and self.complete and self.consistent


def assess(path: Path) -> Outcome:
    report = parse_path(path)
    kind, expected = NOT_REPORTS.get(path.name, ("report", "report"))
    out = Outcome(path.name, kind, expected, verdict_of(report), report.template,
                  report.agency is not None and report.year is not None, list(report.errors))
    if out.verdict != "report" or not out.is_report:
        return out
    out.missing = missing_keys(report, ABSENT_ROWS.get(path.name, ()))
    misprints = MISPRINTS.get(path.name, frozenset())
    for check in report.checks:
        if check.id in misprints:
            if check.status == "fail":
                out.misprints_caught += 1
            else:
                out.misprints_missed.append(f"{check.id} ({check.status})")
        elif check.status != "pass":
            out.unexpected_fails.append(f"{check.id} ({check.status})")
    seen = {c.id for c in report.checks}
    out.misprints_missed += [f"{m} (not run)" for m in sorted(misprints - seen)]
    return out


def documents(folder: Path) -> list[Path]:
    """Every file of the folder except its notes (SOURCES.md)."""
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.name not in _NOTES and not p.name.startswith("."))


def _yes(ok: bool, text: str = "yes") -> str:
    return text if ok else "NO"


def render(outcomes: list[Outcome]) -> str:
    lines = [f"{'document':36s} {'is':26s} {'template':8s} {'agency+year':11s} {'no error':8s} "
             f"{'complete':9s} {'consistent':10s} {'misprints':9s} result"]
    for o in outcomes:
        if o.is_report:
            cells = [_yes(not o.errors), _yes(o.complete) if o.verdict == "report" else "-",
                     _yes(o.consistent) if o.verdict == "report" else "-",
                     str(o.misprints_caught) if o.misprints_caught else "-"]
        else:
            cells = ["-", "-", "-", "-"]
        result = "ok" if o.right else "WRONG"
        if not o.is_report:
            result += f" (parser: {o.verdict})"
        named = _yes(o.named) if o.is_report else "-"
        lines.append(f"{o.name:36s} {o.kind:26s} {o.template:8s} {named:11s} {cells[0]:8s} "
                     f"{cells[1]:9s} {cells[2]:10s} {cells[3]:9s} {result}")
    lines.append("")
    for o in outcomes:
        if o.right:
            continue
        details = []
        if o.is_report and o.verdict != "report":
            details.append(f"parser says: {o.verdict}")
        if not o.is_report:
            details.append(f"expected '{o.expected}', parser says '{o.verdict}'")
        details += [f"error: {e}" for e in o.errors]
        if o.missing:
            details.append(f"{len(o.missing)} keys not found: {', '.join(o.missing[:6])}"
                           + (" …" if len(o.missing) > 6 else ""))
        details += [f"check not passing: {c}" for c in o.unexpected_fails]
        details += [f"documented misprint not seen: {c}" for c in o.misprints_missed]
        lines.append(f"{o.name}:")
        lines += [f"    {d}" for d in details]
    lines.append("")
    lines += summary(outcomes)
    return "\n".join(lines)


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f}%)" if whole else "0/0"


def summary(outcomes: list[Outcome]) -> list[str]:
    reports = [o for o in outcomes if o.is_report]
    others = [o for o in outcomes if not o.is_report]
    both = sum(o.complete and o.consistent for o in reports)
    return [
        f"reports with tables: {len(reports)}",
        f"  parsed without error:        {_share(sum(not o.errors for o in reports), len(reports))}",
        f"  every key found:             {_share(sum(o.complete for o in reports), len(reports))}",
        f"  checks pass but misprints:   {_share(sum(o.consistent for o in reports), len(reports))}"
        f"  (documented misprints caught: {sum(o.misprints_caught for o in reports)})",
        f"  agency and year named:       {_share(sum(o.named for o in reports), len(reports))}",
        f"  complete and consistent:     {_share(both, len(reports))}   (bar: 95%)",
        f"  all three:                   {_share(sum(o.right for o in reports), len(reports))}",
        f"not reports, classified right: {_share(sum(o.right for o in others), len(others))}",
        f"documents handled right:       {_share(sum(o.right for o in outcomes), len(outcomes))}",
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench real", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dir", nargs="?", type=Path,
                        help="folder of real documents (default: ../shared/fixtures/real beside the checkout)")
    args = parser.parse_args(argv)
    if args.dir is None and not DEFAULT_DIR.is_dir():
        print(f"skipped: no real documents beside this checkout ({DEFAULT_DIR} is absent)")
        return
    args.dir = args.dir or DEFAULT_DIR
    if not args.dir.is_dir():
        parser.exit(2, f"python -m bench real: {args.dir} is not a folder of documents "
                       "(the real fixtures live in ../shared/fixtures/real beside the checkout)\n")
    paths = documents(args.dir)
    if not paths:
        parser.exit(2, f"python -m bench real: no documents in {args.dir}\n")
    print(render([assess(p) for p in paths]))


if __name__ == "__main__":
    main()
