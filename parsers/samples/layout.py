"""How a report's tables are laid out: a seeded ``Style`` (label variants,
column order, header rows, merged or single label column, subtotal rows and
columns, banner rows, where a table splits) and the tables it yields as
``Table`` grids of ``GCell`` with rowspan/colspan, the form every renderer
reads.  Nothing here changes a fact: only how it is printed."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from ..schema import APPLICATIONS_COLUMNS, LEGAL_PERSON_COLUMNS
from .truth import Truth
from .values import result_rows

# 商业企业, 科研机构 …: the printed label under 法人或其他组织
ENTITY_LABELS = {c.key: c.label.split("·")[-1] for c in APPLICATIONS_COLUMNS if c.key in LEGAL_PERSON_COLUMNS}
CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
CN_NUM = "一二三四五六七八九"


@dataclass
class GCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    value: bool = False          # a number cell (renderers may pad it with odd spaces)


@dataclass
class Table:
    rows: list[list[GCell]]
    head: int = 0                # how many leading rows are the column header
    break_before: bool = False   # a PDF starts it on a new page (a table continued)
    note_before: str = ""        # a line printed before it (（续表）, a paragraph of narrative)

    @property
    def width(self) -> int:
        return sum(c.colspan for c in self.rows[0])


@dataclass
class Style:
    """The seeded layout choices for one rendering."""

    full_brackets: bool = True
    numbered: bool = True
    item_sep: str = "."
    prohibited: str = "其他法律行政法规禁止公开"
    partial_long: bool = True
    quotes: str = "“”"
    forward: str = "结转下年度继续办理"
    total_word: str = "总计"
    normative: str = "行政规范性文件"
    fee_header: str = "本年收费金额（单位：万元）"
    banners: bool = True
    active_order: tuple[int, int, int] = (0, 1, 2)
    header_rows: int = 3
    merged_labels: bool = True
    total_first: bool = False
    entity_order: tuple[str, ...] = LEGAL_PERSON_COLUMNS
    subtotal_column: bool = False
    subtotal_row: bool = False
    corner: str = CORNER
    appeal_header_rows: int = 3
    appeal_short: bool = False
    split_at: float | None = None    # fraction of the applications body after which it splits
    repeat_header: bool = False


def choose_style(rng: random.Random, truth: Truth) -> Style:
    header_rows = rng.choices((3, 2, 1), (5, 3, 2))[0]
    return Style(
        full_brackets=rng.random() < 0.8,
        numbered=rng.random() < 0.85,
        item_sep=rng.choice((".", ".", "、", "．")),
        prohibited=rng.choice(("其他法律行政法规禁止公开", "其他法律法规禁止公开")),
        partial_long=rng.random() < 0.7,
        quotes=rng.choice(("“”", '""', "")),
        forward=rng.choice(("结转下年度继续办理", "结转下一年度继续办理")),
        total_word=rng.choice(("总计", "总计", "合计")),
        normative=("规范性文件" if truth.template == "2019" else "行政规范性文件")
        if rng.random() < 0.8 else rng.choice(("规范性文件", "行政规范性文件")),
        fee_header=("本年收费金额（单位：元）" if truth.money_style == "yuan_header"
                    else rng.choice(("本年收费金额（单位：万元）", "本年收费金额（万元）"))),
        banners=rng.random() < 0.8,
        active_order=(0, 1, 2) if rng.random() < 0.85 else tuple(rng.sample((0, 1, 2), 3)),
        header_rows=header_rows,
        merged_labels=rng.random() < 0.75,
        total_first=rng.random() < 0.12,
        entity_order=LEGAL_PERSON_COLUMNS if rng.random() < 0.9 else tuple(rng.sample(LEGAL_PERSON_COLUMNS, 5)),
        subtotal_column=header_rows > 1 and rng.random() < 0.12,
        subtotal_row=rng.random() < 0.12,
        corner=rng.choice((CORNER, CORNER, "")),
        appeal_header_rows=rng.choice((3, 3, 2)),
        appeal_short=rng.random() < 0.2,
        split_at=rng.uniform(0.2, 0.8) if rng.random() < 0.5 else None,
        repeat_header=rng.random() < 0.5,
    )


# --- labels -----------------------------------------------------------------

def _br(style: Style, n: int) -> str:
    if not style.numbered:
        return ""
    return f"（{CN_NUM[n - 1]}）" if style.full_brackets else f"({CN_NUM[n - 1]})"


def _top(style: Style, n: int) -> str:
    return f"{CN_NUM[n - 1]}、" if style.numbered else ""


def _item(style: Style, n: int) -> str:
    return f"{n}{style.item_sep}" if style.numbered else ""


def row_labels(style: Style) -> dict[str, str]:
    """The innermost printed label of every applications row."""
    q0, q1 = (style.quotes[0], style.quotes[1]) if style.quotes else ("", "")
    labels = {
        "new_received": _top(style, 1) + "本年新收政府信息公开申请数量",
        "carried_over": _top(style, 2) + "上年结转政府信息公开申请数量",
        "granted": _br(style, 1) + "予以公开",
        "partially_granted": _br(style, 2) + "部分公开" + ("（区分处理的，只计这一情形，不计其他情形）"
                                                       if style.partial_long else ""),
        "other": _br(style, 6) + "其他处理",
        "processed_total": _br(style, 7) + "总计",
        "carried_forward": _top(style, 4) + style.forward,
    }
    groups = {
        "denied": ("属于国家秘密", style.prohibited, f"危及{q0}三安全一稳定{q1}", "保护第三方合法权益",
                   "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"),
        "unavailable": ("本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"),
        "not_processed": ("信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
                          "要求行政机关确认或重新出具已获取信息"),
        "other": ("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                  "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他"),
    }
    keys = {"denied": ("state_secret", "prohibited_by_law", "three_safety_one_stability", "third_party_rights",
                       "internal_affairs", "process_information", "law_enforcement_files",
                       "administrative_query"),
            "unavailable": ("not_held", "needs_creation", "unclear_after_correction"),
            "not_processed": ("petition_complaint", "duplicate", "publication", "mass_repetitive",
                              "confirmation"),
            "other": ("no_correction", "unpaid_fee", "misc")}
    for group, texts in groups.items():
        for i, (key, text) in enumerate(zip(keys[group], texts), 1):
            labels[f"{group}.{key}"] = _item(style, i) + text
    return labels


GROUP_LABELS = {"denied": (3, "不予公开"), "unavailable": (4, "无法提供"), "not_processed": (5, "不予处理"),
                "other": (6, "其他处理")}


# --- tables -----------------------------------------------------------------

def _value(truth: Truth, key: str, span: int = 1) -> GCell:
    p = truth.cells.get(key)
    return GCell(p.raw if p else "", colspan=span, value=True)


def active_tables(truth: Truth, style: Style) -> list[Table]:
    """Table 2 as one table of 4 grid columns with banner and header rows per block."""
    rows: list[list[GCell]] = []
    printed = dict(truth.active_rows)
    if truth.template == "2021":
        order = style.active_order
        blocks = [("（一）", [("本年制发件数", "本年废止件数", "现行有效件数")[i] for i in order],
                   [("rules", "规章"), ("normative_documents", style.normative)]),
                  ("（五）", ["本年处理决定数量"], [("licensing", "行政许可")]),
                  ("（六）", ["本年处理决定数量"], [("punishment", "行政处罚"), ("coercion", "行政强制")]),
                  ("（八）", [style.fee_header], [("fees", "行政事业性收费")])]
    else:
        order = (0, 1, 2)
        three = ["上一年项目数量", "本年增/减", "处理决定数量"]
        blocks = [("（一）", ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
                   [("rules", "规章"), ("normative_documents", style.normative)]),
                  ("（五）", three, [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")]),
                  ("（六）", three, [("punishment", "行政处罚"), ("coercion", "行政强制")]),
                  ("（八）", ["上一年项目数量", "本年增/减"], [("fees", "行政事业性收费")]),
                  ("（九）", ["采购项目数量", "采购总金额"], [("procurement", "政府集中采购")])]
    for item, headers, items in blocks:
        items = [(k, label) for k, label in items if k in printed]
        if not items:
            continue
        if style.banners:
            rows.append([GCell(f"第二十条第{item}项", colspan=4)])
        spans = _spans(len(headers))
        rows.append([GCell("信息内容")] + [GCell(h, colspan=s) for h, s in zip(headers, spans)])
        for key, label in items:
            cols = printed[key]
            if len(cols) == 3:
                cols = tuple(cols[i] for i in order)
            rows.append([GCell(label)] + [_value(truth, f"active.{key}.{c}", s) for c, s in zip(cols, spans)])
    return [Table(rows)]


def _spans(n: int) -> list[int]:
    return {1: [3], 2: [1, 2], 3: [1, 1, 1]}[n]


def _value_columns(style: Style) -> list[str]:
    entities = list(style.entity_order) + (["subtotal"] if style.subtotal_column else [])
    return (["total", "natural_person"] if style.total_first else ["natural_person"]) + entities + \
        ([] if style.total_first else ["total"])


def _application_header(style: Style, label_cols: int) -> list[list[GCell]]:
    cols = _value_columns(style)
    h = style.header_rows
    n_ent = len(cols) - 2
    corner = GCell(style.corner, rowspan=h, colspan=label_cols)
    leaf = {**ENTITY_LABELS, "subtotal": "小计", "natural_person": "自然人", "total": style.total_word}
    if h == 1:
        return [[corner] + [GCell(leaf[c]) for c in cols]]
    top = []
    for c in cols:
        if c in ("natural_person", "total"):
            top.append(GCell(leaf[c], rowspan=2))
        elif not any(t.text == "法人或其他组织" for t in top):
            top.append(GCell("法人或其他组织", colspan=n_ent))
    sub = [GCell(leaf[c]) for c in cols if c not in ("natural_person", "total")]
    rows = [top, sub]
    if h == 3:
        rows.insert(0, [GCell("申请人情况", colspan=len(cols))])
    rows[0].insert(0, corner)
    return rows


def _row_values(truth: Truth, style: Style, row: str) -> list[GCell]:
    out = []
    for c in _value_columns(style):
        if c == "subtotal":
            parts = [truth.cells.get(f"applications.{row}.{e}") for e in LEGAL_PERSON_COLUMNS]
            known = [p.value for p in parts if p and p.value is not None]
            out.append(GCell(str(sum(known)), value=True))
        else:
            out.append(_value(truth, f"applications.{row}.{c}"))
    return out


def _subtotal_values(truth: Truth, style: Style, rows: list[str]) -> list[GCell]:
    out = []
    for c in _value_columns(style):
        cols = LEGAL_PERSON_COLUMNS if c == "subtotal" else (c,)
        vals = [truth.cells.get(f"applications.{r}.{k}") for r in rows for k in cols]
        out.append(GCell(str(sum(v.value for v in vals if v and v.value is not None)), value=True))
    return out


def applications_tables(truth: Truth, style: Style) -> list[Table]:
    """Table 3, split in two when the style says so."""
    labels = row_labels(style)
    results = result_rows(truth.other_style)
    merged = style.merged_labels
    L = 3 if merged else 1
    head = _application_header(style, L)
    body: list[list[GCell]] = []

    def data_row(row: str, label_cells: list[GCell]) -> None:
        body.append(label_cells + _row_values(truth, style, row))

    data_row("new_received", [GCell(labels["new_received"], colspan=L)])
    data_row("carried_over", [GCell(labels["carried_over"], colspan=L)])
    groups: list[tuple[str | None, list[str]]] = []
    for r in results:
        g = r.split(".")[0] if "." in r else None
        if g and groups and groups[-1][0] == g:
            groups[-1][1].append(r)
        else:
            groups.append((g, [r]))
    section_rows = sum(len(rs) + (1 if g == "denied" and style.subtotal_row else 0) for g, rs in groups) + 1
    top_label = _top(style, 3) + "本年度办理结果"
    first = True
    if not merged:
        body.append([GCell(top_label)] + [GCell("", value=True) for _ in _value_columns(style)])
    for g, rs in groups:
        sub = g == "denied" and style.subtotal_row
        if g and not merged:
            n, text = GROUP_LABELS[g]
            body.append([GCell(_br(style, n) + text)] + [GCell("", value=True) for _ in _value_columns(style)])
        for i, r in enumerate(rs):
            cells: list[GCell] = []
            if merged and first:
                cells.append(GCell(top_label, rowspan=section_rows))
                first = False
            if merged and g and i == 0:
                n, text = GROUP_LABELS[g]
                cells.append(GCell(_br(style, n) + text, rowspan=len(rs) + sub))
            cells.append(GCell(labels[r], colspan=2 if merged and not g else 1))
            data_row(r, cells)
        if sub:
            body.append([GCell("小计")] + _subtotal_values(truth, style, rs))
    data_row("processed_total", [GCell(labels["processed_total"], colspan=2 if merged else 1)])
    data_row("carried_forward", [GCell(labels["carried_forward"], colspan=L)])
    if style.split_at is None:
        return [Table(head + body, head=len(head))]
    first_part, second = split_body(body, max(1, min(int(len(body) * style.split_at), len(body) - 1)))
    return [Table(head + first_part, head=len(head)),
            Table((head if style.repeat_header else []) + second, head=len(head) if style.repeat_header else 0)]


def split_body(body: list[list[GCell]], cut: int) -> tuple[list[list[GCell]], list[list[GCell]]]:
    """Cut the body rows; a rowspan crossing the cut is shortened above it and
    re-opened as an empty merged cell below, the way a split table prints."""
    first = [[replace(c) for c in row] for row in body[:cut]]
    second = [[replace(c) for c in row] for row in body[cut:]]
    reopened = []
    for i, row in enumerate(first):
        for c in row:
            if i + c.rowspan > cut:
                reopened.append(GCell("", rowspan=i + c.rowspan - cut))
                c.rowspan = cut - i
    second[0] = reopened + second[0]
    return first, second


def column_widths(table: Table, total: float) -> list[float]:
    """Grid column widths that fit ``total``: wide label columns, narrow value
    columns, as report templates set them."""
    placed = place(table)
    labels = min((col for row in placed[table.head:] for col, c in row if c.value), default=1)
    n = table.width
    if labels == 0:
        return [total / n] * n
    if n <= 4:
        return [total * 0.4] + [total * 0.6 / (n - 1)] * (n - 1)
    label_w = [total * 0.055] * (labels - 1) + [total * (0.3 if labels > 1 else 0.34)]
    rest = (total - sum(label_w)) / (n - labels)
    return label_w + [rest] * (n - labels)


def place(table: Table) -> list[list[tuple[int, GCell]]]:
    """Each row's cells with the grid column where each starts."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(table.rows):
        col, placed = 0, []
        for cell in row:
            while (r, col) in taken:
                col += 1
            placed.append((col, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, col + dc))
            col += cell.colspan
        out.append(placed)
    return out


def appeals_tables(truth: Truth, style: Style) -> list[Table]:
    word = {"upheld": "维持" if style.appeal_short else "结果维持",
            "corrected": "纠正" if style.appeal_short else "结果纠正",
            "other": "其他结果", "pending": "尚未审结", "total": style.total_word}
    cols = ("upheld", "corrected", "other", "pending", "total")
    groups = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
    values = [_value(truth, f"appeals.{g}.{c}") for g in groups for c in cols]
    if style.appeal_header_rows == 3:
        head = [[GCell("行政复议", colspan=5), GCell("行政诉讼", colspan=10)],
                [GCell(word[c], rowspan=2) for c in cols]
                + [GCell("未经复议直接起诉", colspan=5), GCell("复议后起诉", colspan=5)],
                [GCell(word[c]) for c in cols] * 2]
    else:
        head = [[GCell("行政复议", colspan=5), GCell("未经复议直接起诉", colspan=5), GCell("复议后起诉", colspan=5)],
                [GCell(word[c]) for c in cols] * 3]
    return [Table(head + [values], head=len(head))]


def legacy_tables(truth: Truth, style: Style) -> list[Table]:
    return [Table([[GCell(t, value=i > 0 and j == 2) for j, t in enumerate(row)]
                   for i, row in enumerate(truth.legacy_rows)], head=1)]


BUILDERS = {"active": active_tables, "applications": applications_tables, "appeals": appeals_tables,
            "legacy": legacy_tables}


def tables_for(truth: Truth, style: Style) -> dict[str, list[Table]]:
    """Each table block of the report as one or more printed tables."""
    names = {text for kind, text in truth.blocks if kind == "table"}
    return {name: BUILDERS[name](truth, style) for name in names}
