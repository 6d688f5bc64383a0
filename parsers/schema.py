"""The field dictionary: every fact key, template, label and check id of
``shared/spec/schema.md``, in one place that every layer reads.

Keys are ``table.row.column``; the row part may itself be dotted
(``applications.denied.state_secret.natural_person``).  Each row and column
carries its printed Chinese label and the label variants real reports use, as
regular expressions matched against a label with all white space removed and
brackets folded to full width (see ``normalize_label``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

TEMPLATES = ("2019", "2021", "legacy", "unknown")

# Money facts are decimals in 万元; every other fact is an integer count.
MONEY_KEYS = frozenset({"active.fees.amount", "active.procurement.amount"})

_WS = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_FOLD = str.maketrans({
    "(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "、": ".", "．": ".",
    "“": '"', "”": '"', "＂": '"', "/": "/", "／": "/", "—": "-", "－": "-",
    "０": "0", "１": "1", "２": "2", "３": "3", "４": "4",
    "５": "5", "６": "6", "７": "7", "８": "8", "９": "9",
})


# The numbering a row label may carry: 1. / （一） / (1) / 三、 …
# (at most four groups: an unbounded run would backtrack exponentially on a long digit string)
NUM = r"(?:（?[一二三四五六七八九十\d]{1,3}[）.]?){0,4}"


@lru_cache(maxsize=65536)
def normalize_label(text: str) -> str:
    """Fold a printed label to the form the patterns below are written for:
    NFKC (WPS PDFs print ⼀ for 一), no white space at all, full-width
    brackets, ``.`` for ``、``/``．``."""
    return _WS.sub("", unicodedata.normalize("NFKC", text or "")).translate(_FOLD)


@dataclass(frozen=True, eq=False)      # identity hash: labels are cache keys
class Label:
    """A row or a column: its key part, printed label and accepted variants."""

    key: str
    label: str
    patterns: tuple[str, ...] = ()
    templates: tuple[str, ...] = ("2019", "2021")

    @cached_property
    def _regex(self) -> re.Pattern:
        return re.compile("|".join(f"(?:{p})" for p in self.patterns))

    def matches(self, normalized: str) -> bool:
        return self._regex.search(normalized) is not None


@dataclass(frozen=True)
class Fact:
    """One cell of a statistics table: its flat key and its labels."""

    key: str
    table: str
    row: str
    column: str
    row_label: str
    column_label: str
    templates: tuple[str, ...]


# --- Table 2 `active` — 主动公开政府信息情况 ---------------------------------

ACTIVE_TITLE = "主动公开政府信息情况"

ACTIVE_ROWS = (
    Label("rules", "规章", (rf"^{NUM}规章$",)),
    Label("normative_documents", "行政规范性文件", (rf"^{NUM}(行政)?规范性文件$",)),
    Label("licensing", "行政许可", (rf"^{NUM}行政许可$",)),
    Label("other_services", "其他对外管理服务事项", (rf"^{NUM}其他对外管理服务事项$",), ("2019",)),
    Label("punishment", "行政处罚", (rf"^{NUM}行政处罚$",)),
    Label("coercion", "行政强制", (rf"^{NUM}行政强制$",)),
    Label("fees", "行政事业性收费", (rf"^{NUM}行政事业性收费$",)),
    Label("procurement", "政府集中采购", (rf"^{NUM}政府集中采购$",), ("2019",)),
)

ACTIVE_COLUMNS = (
    # 2021
    Label("issued", "本年制发件数", (r"^本年制发",), ("2021",)),
    Label("repealed", "本年废止件数", (r"^本年废止",), ("2021",)),
    Label("in_force", "现行有效件数", (r"^现行有效",), ("2021",)),
    Label("amount", "本年收费金额（单位：万元）", (r"^(本年)?收费金额", r"^采购总金额"), ("2019", "2021")),
    Label("decisions", "本年处理决定数量", (r"^(本年)?处理决定",), ("2019", "2021")),
    # 2019
    Label("new_made", "本年新制作数量", (r"^(本年)?新制作",), ("2019",)),
    Label("new_published", "本年新公开数量", (r"^(本年)?新公开",), ("2019",)),
    Label("total_published", "对外公开总数量", (r"^对外公开总",), ("2019",)),
    Label("previous_items", "上一年项目数量", (r"^上一?年.{0,4}项目数",), ("2019",)),
    Label("change", "本年增/减", (r"^(本年)?增.?减",), ("2019",)),
    Label("projects", "采购项目数量", (r"^采购项目数",), ("2019",)),
)

# Which (row, column) pairs exist in each template, in printed order.
ACTIVE_CELLS = {
    "2021": (
        ("rules", ("issued", "repealed", "in_force")),
        ("normative_documents", ("issued", "repealed", "in_force")),
        ("licensing", ("decisions",)),
        ("punishment", ("decisions",)),
        ("coercion", ("decisions",)),
        ("fees", ("amount",)),
    ),
    "2019": (
        ("rules", ("new_made", "new_published", "total_published")),
        ("normative_documents", ("new_made", "new_published", "total_published")),
        ("licensing", ("previous_items", "change", "decisions")),
        ("other_services", ("previous_items", "change", "decisions")),
        ("punishment", ("previous_items", "change", "decisions")),
        ("coercion", ("previous_items", "change", "decisions")),
        ("fees", ("previous_items", "change")),
        ("procurement", ("projects", "amount")),
    ),
}

# --- Table 3 `applications` — 收到和处理政府信息公开申请情况 --------------------

APPLICATIONS_TITLE = "收到和处理政府信息公开申请情况"

APPLICATIONS_COLUMNS = (
    Label("natural_person", "自然人", (r"^自然人$",)),
    Label("commercial", "法人或其他组织·商业企业", (r"^(法人或者?其他组织\W?)?商业企业$",)),
    Label("research", "法人或其他组织·科研机构", (r"^(法人或者?其他组织\W?)?科研机构$",)),
    Label("social_welfare", "法人或其他组织·社会公益组织", (r"^(法人或者?其他组织\W?)?社会公益组织$",)),
    Label("legal_services", "法人或其他组织·法律服务机构", (r"^(法人或者?其他组织\W?)?法律服务机构$",)),
    Label("other_entity", "法人或其他组织·其他", (r"^(法人或者?其他组织\W?)?其他$",)),
    Label("total", "总计", (r"^总计$", r"^合计$")),
)

# The applicant columns that add up to ``total`` (自然人, then the five
# 法人或其他组织 columns, which LEGAL_PERSON_COLUMNS names alone).
APPLICANT_COLUMNS = tuple(c.key for c in APPLICATIONS_COLUMNS if c.key != "total")
LEGAL_PERSON_COLUMNS = APPLICANT_COLUMNS[1:]

# Rows in printed order.  Patterns see the row's own (innermost) label cell;
# group labels (三、本年度办理结果, （三）不予公开 …) only give context.
APPLICATIONS_ROWS = (
    Label("new_received", "一、本年新收政府信息公开申请数量", (r"本年新收",)),
    Label("carried_over", "二、上年结转政府信息公开申请数量", (r"上年结转",)),
    Label("granted", "三（一）予以公开", (rf"^{NUM}予以公开$",)),
    Label("partially_granted", "三（二）部分公开", (r"部分公开",)),
    Label("denied.state_secret", "三（三）1.属于国家秘密", (r"国家秘密",)),
    Label("denied.prohibited_by_law", "2.其他法律行政法规禁止公开", (r"其他法律.*禁止公开",)),
    Label("denied.three_safety_one_stability", "3.危及“三安全一稳定”", (r"三安全一稳定",)),
    Label("denied.third_party_rights", "4.保护第三方合法权益", (r"第三方合法权益",)),
    Label("denied.internal_affairs", "5.属于三类内部事务信息", (r"内部事务",)),
    Label("denied.process_information", "6.属于四类过程性信息", (r"过程性信息",)),
    Label("denied.law_enforcement_files", "7.属于行政执法案卷", (r"行政执法案卷",)),
    Label("denied.administrative_query", "8.属于行政查询事项", (r"行政查询事项",)),
    Label("unavailable.not_held", "三（四）1.本机关不掌握相关政府信息", (r"不掌握",)),
    Label("unavailable.needs_creation", "2.没有现成信息需要另行制作", (r"另行制作",)),
    Label("unavailable.unclear_after_correction", "3.补正后申请内容仍不明确", (r"补正后.*不明确",)),
    Label("not_processed.petition_complaint", "三（五）1.信访举报投诉类申请", (r"信访举报投诉",)),
    Label("not_processed.duplicate", "2.重复申请", (rf"^{NUM}重复申请$",)),
    Label("not_processed.publication", "3.要求提供公开出版物", (r"公开出版物",)),
    Label("not_processed.mass_repetitive", "4.无正当理由大量反复申请", (r"大量反复",)),
    Label("not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息", (r"确认或重新出具",)),
    Label("other.no_correction", "三（六）1.申请人无正当理由逾期不补正…", (r"逾期不补正",), ("2021",)),
    Label("other.unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用…", (r"缴纳费用", r"收费通知"), ("2021",)),
    Label("other.misc", "3.其他", (rf"^{NUM}其他$",), ("2021",)),
    Label("other", "三（六）其他处理", (rf"^{NUM}其他处理$",), ("2019",)),
    Label("processed_total", "三（七）总计", (rf"^{NUM}[总合]计$",)),
    Label("carried_forward", "四、结转下年度继续办理", (r"结转下(一)?年度",)),
)

# The result rows that add up to processed_total (the 2019 single `other`
# row or the three 2021 `other.*` rows, whichever is printed).
RESULT_ROWS = tuple(r.key for r in APPLICATIONS_ROWS[2:24])

# --- Table 4 `appeals` — 政府信息公开行政复议、行政诉讼情况 --------------------

APPEALS_TITLE = "政府信息公开行政复议、行政诉讼情况"

APPEALS_GROUPS = (
    Label("reconsideration", "行政复议", (r"^行政复议(情况)?$",)),
    Label("litigation_direct", "行政诉讼·未经复议直接起诉", (r"^(行政诉讼)?未经复议直接起诉$",)),
    Label("litigation_after_reconsideration", "行政诉讼·复议后起诉", (r"^(行政诉讼)?复议后起诉$",)),
)

APPEALS_COLUMNS = (
    Label("upheld", "结果维持", (r"^(结果)?维持$",)),
    Label("corrected", "结果纠正", (r"^(结果)?纠正$",)),
    Label("other", "其他结果", (r"^其他(结果)?$",)),
    Label("pending", "尚未审结", (r"^尚未审结$",)),
    Label("total", "总计", (r"^总计$", r"^合计$")),
)

# The appeal results that add up to ``total`` (维持, 纠正, 其他, 尚未审结).
APPEAL_RESULTS = tuple(c.key for c in APPEALS_COLUMNS if c.key != "total")


def _build_facts() -> dict[str, Fact]:
    facts: dict[str, Fact] = {}
    rows = {r.key: r for r in ACTIVE_ROWS}
    cols = {c.key: c for c in ACTIVE_COLUMNS}
    for template, cells in ACTIVE_CELLS.items():
        for row, columns in cells:
            for col in columns:
                key = f"active.{row}.{col}"
                if key in facts:
                    facts[key] = Fact(key, "active", row, col, rows[row].label,
                                      cols[col].label, ("2019", "2021"))
                else:
                    label = "采购总金额" if row == "procurement" else cols[col].label
                    facts[key] = Fact(key, "active", row, col, rows[row].label, label, (template,))
    for row in APPLICATIONS_ROWS:
        for col in APPLICATIONS_COLUMNS:
            key = f"applications.{row.key}.{col.key}"
            facts[key] = Fact(key, "applications", row.key, col.key, row.label, col.label,
                              row.templates)
    for group in APPEALS_GROUPS:
        for col in APPEALS_COLUMNS:
            key = f"appeals.{group.key}.{col.key}"
            facts[key] = Fact(key, "appeals", group.key, col.key, group.label, col.label,
                              ("2019", "2021"))
    return facts


FACTS: dict[str, Fact] = _build_facts()


def fact_keys(template: str) -> list[str]:
    """Every fact key a report of ``template`` prints, in table order.

    A 2021 report may print the 2019 single （六）其他处理 row instead of
    the three 2021 rows; both are listed as possible, the parser maps what
    is printed."""
    return [k for k, f in FACTS.items() if template in f.templates]


TABLES = {
    "active": ACTIVE_TITLE,
    "applications": APPLICATIONS_TITLE,
    "appeals": APPEALS_TITLE,
}

# --- Checks (勾稽关系) ----------------------------------------------------------

CHECK_STATUSES = ("pass", "fail", "not_assessable")

# Check ids, one function per family of schema.md, so that the parser's checks,
# the archive's cross-year checks and the sample generator's oracle spell them alike.


def balance_check(column: str) -> str:
    """新收 + 上年结转 = 总计 + 结转下年度, for one applicant column."""
    return f"applications.balance.{column}"


def results_sum_check(column: str) -> str:
    """The result rows add up to （七）总计, for one applicant column."""
    return f"applications.results_sum.{column}"


def row_total_check(row: str) -> str:
    """A row's applicant columns add up to its 总计."""
    return f"applications.row_total.{row}"


def appeals_sum_check(group: str) -> str:
    """An appeal group's results add up to its 总计."""
    return f"appeals.sum.{group}"


def text_vs_table_check(key: str) -> str:
    """The narrative's figure for ``key`` against the table's."""
    return f"text_vs_table.{key}"


CROSS_YEAR = "cross_year"   # the prefix of the checks between a report and the year before


def cross_year_in_force_check(row: str) -> str:
    """现行有效件数(Y) = 现行有效件数(Y−1) + 本年制发(Y) − 本年废止(Y), for rules or normative documents."""
    return f"{CROSS_YEAR}.in_force.{row}"


CROSS_YEAR_CARRIED_OVER = f"{CROSS_YEAR}.carried_over"   # 上年结转(Y) = 结转下年度(Y−1)


@dataclass
class CheckResult:
    """The outcome of one check on one report."""

    id: str
    status: str
    expected: float | int | None = None
    actual: float | int | None = None
    detail: str | None = field(default=None, compare=False)

    def to_dict(self) -> dict:
        d = {"id": self.id, "status": self.status, "expected": self.expected,
             "actual": self.actual}
        if self.detail:
            d["detail"] = self.detail
        return d
