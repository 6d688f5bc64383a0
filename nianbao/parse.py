"""``nianbao parse``: print the facts, checks and metadata of documents, as
JSON lines or as readable tables."""

from __future__ import annotations

import json

import click

from parsers import schema
from parsers.parse import parse_path
from parsers.result import Report
from parsers.textwidth import display_width, pad


def _show(value) -> str:
    return "—" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def _grid(title: str, rows: list[tuple[str, list[str]]], columns: list[str]) -> list[str]:
    widths = [max([display_width(columns[i])] + [display_width(r[1][i]) for r in rows]) for i in range(len(columns))]
    label_w = max([display_width(r[0]) for r in rows] + [4])
    out = [title, "  " + pad("", label_w) + "  " + "  ".join(
        " " * (w - display_width(c)) + c for c, w in zip(columns, widths))]
    for label, cells in rows:
        out.append("  " + pad(label, label_w) + "  " + "  ".join(
            " " * (w - display_width(c)) + c for c, w in zip(cells, widths)))
    return out


def render_pretty(report: Report) -> str:
    """A report as a readable set of tables for the terminal."""
    lines = [f"{report.path}",
             f"  标题 title:    {report.title or '—'}",
             f"  机关 agency:   {report.agency or '—'}",
             f"  年度 year:     {report.year or '—'}",
             f"  模板 template: {report.template}", ""]
    facts = report.values()
    active = [(f.row_label, f"{f.column_label}", _show(facts[k]))
              for k, f in schema.FACTS.items() if f.table == "active" and k in facts]
    if active:
        lines.append("主动公开政府信息情况 (active)")
        width = max(display_width(f"{r}·{c}") for r, c, _ in active)
        lines += [f"  {pad(f'{r}·{c}', width)}  {v:>10}" for r, c, v in active]
        lines.append("")
    columns = [c.key for c in schema.APPLICATIONS_COLUMNS]
    rows = [(r.label[:22], [_show(facts.get(f"applications.{r.key}.{c}")) for c in columns])
            for r in schema.APPLICATIONS_ROWS
            if any(f"applications.{r.key}.{c}" in facts for c in columns)]
    if rows:
        lines += _grid("收到和处理政府信息公开申请情况 (applications)", rows,
                       [c.label.split("·")[-1] for c in schema.APPLICATIONS_COLUMNS]) + [""]
    columns = [c.key for c in schema.APPEALS_COLUMNS]
    rows = [(g.label, [_show(facts.get(f"appeals.{g.key}.{c}")) for c in columns])
            for g in schema.APPEALS_GROUPS
            if any(f"appeals.{g.key}.{c}" in facts for c in columns)]
    if rows:
        lines += _grid("政府信息公开行政复议、行政诉讼情况 (appeals)", rows,
                       [c.label for c in schema.APPEALS_COLUMNS]) + [""]
    counts = {s: sum(1 for c in report.checks if c.status == s) for s in schema.CHECK_STATUSES}
    lines.append("勾稽 checks: " + ", ".join(f"{n} {s}" for s, n in counts.items()))
    lines += [f"  FAIL {c.id}: expected {_show(c.expected)}, actual {_show(c.actual)}"
              for c in report.checks if c.status == "fail"]
    lines += [f"  error: {e}" for e in report.errors]
    lines += [f"  warning: {w}" for w in report.warnings]
    return "\n".join(lines)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--pretty", is_flag=True, help="Print readable tables instead of JSON lines.")
def parse(paths, pretty):
    """Parse annual-report documents (HTML, PDF, DOCX, DOC, WPS, OFD, TXT …)
    into the facts and checks of the data contract.

    Prints one JSON object per input, one per line, in input order: path,
    title, agency, year, template, facts, checks, errors, warnings, and
    matches (how each fact not placed by its exact label was placed:
    fuzzy or position).  A document that
    cannot be read gets an object with its error; the run goes on.

    Example: nianbao parse report.pdf page.html --pretty
    """
    for path in paths:
        report = parse_path(path)
        if pretty:
            click.echo(render_pretty(report) + "\n")
        else:
            click.echo(json.dumps(report.to_json(), ensure_ascii=False))
