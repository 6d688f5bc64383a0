"""The real reports in shared/fixtures/real/ read as a reader reads them.

The expected titles, numbers and checks below were typed by hand from the
printed documents (the PDF page images and the HTML tables as a browser shows
them, cell by cell), not taken from the parser's output.  Where the parser
misreads a report today, that test is a strict xfail naming what is misread.
Also: ``python -m bench real`` on the same folder."""

from dataclasses import dataclass, field
from functools import cache

import pytest
from conftest import real_file

from bench import real as bench_real
from parsers import parse_path
from parsers.schema import APPLICATIONS_COLUMNS, fact_keys

COLUMNS = [c.key for c in APPLICATIONS_COLUMNS]
ROWS_2021 = [
    "new_received", "carried_over", "granted", "partially_granted",
    "denied.state_secret", "denied.prohibited_by_law", "denied.three_safety_one_stability",
    "denied.third_party_rights", "denied.internal_affairs", "denied.process_information",
    "denied.law_enforcement_files", "denied.administrative_query",
    "unavailable.not_held", "unavailable.needs_creation", "unavailable.unclear_after_correction",
    "not_processed.petition_complaint", "not_processed.duplicate", "not_processed.publication",
    "not_processed.mass_repetitive", "not_processed.confirmation",
    "other.no_correction", "other.unpaid_fee", "other.misc", "processed_total", "carried_forward",
]
ROWS_2019 = ROWS_2021[:20] + ["other"] + ROWS_2021[23:]
GROUPS = ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
APPEAL_COLUMNS = ["upheld", "corrected", "other", "pending", "total"]


def zeros(n=7):
    return [0] * n


def expected_facts(active: dict, applications: list[list], appeals: list, rows: list[str]) -> dict:
    facts = {f"active.{k}": v for k, v in active.items()}
    for row, values in zip(rows, applications, strict=True):
        facts.update({f"applications.{row}.{c}": v for c, v in zip(COLUMNS, values, strict=True)})
    for i, group in enumerate(GROUPS):
        facts.update({f"appeals.{group}.{c}": v
                      for c, v in zip(APPEAL_COLUMNS, appeals[i * 5:i * 5 + 5], strict=True)})
    return facts


HUAIAN_2024 = expected_facts(
    {"rules.issued": 1, "rules.repealed": 0, "rules.in_force": 11,
     "normative_documents.issued": 8, "normative_documents.repealed": 26,
     "normative_documents.in_force": 66, "licensing.decisions": 447228,
     "punishment.decisions": 3985758, "coercion.decisions": 88283, "fees.amount": 96171.6},
    [[3001, 53, 0, 0, 61, 4, 3119], [34, 0, 0, 0, 0, 0, 34], [1288, 21, 0, 0, 50, 3, 1362],
     [447, 7, 0, 0, 0, 0, 454], [2, 0, 0, 0, 0, 0, 2], [30, 1, 0, 0, 0, 0, 31],
     [5, 0, 0, 0, 0, 0, 5], [6, 0, 0, 0, 0, 0, 6], [7, 1, 0, 0, 0, 0, 8], [12, 0, 0, 0, 0, 0, 12],
     [9, 0, 0, 0, 0, 0, 9], [105, 0, 0, 0, 0, 0, 105], [746, 12, 0, 0, 10, 1, 769],
     [11, 0, 0, 0, 0, 0, 11], [1, 0, 0, 0, 0, 0, 1], [56, 6, 0, 0, 0, 0, 62],
     [25, 0, 0, 0, 0, 0, 25], zeros(), zeros(), [1, 0, 0, 0, 0, 0, 1], [67, 3, 0, 0, 1, 0, 71],
     [6, 0, 0, 0, 0, 0, 6], [108, 2, 0, 0, 0, 0, 110], [2932, 53, 0, 0, 61, 4, 3050],
     [103, 0, 0, 0, 0, 0, 103]],
    [72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20],
    ROWS_2021,
)

PINGTAN_2023 = expected_facts(
    {"rules.issued": 0, "rules.repealed": 0, "rules.in_force": 0,
     "normative_documents.issued": 77, "normative_documents.repealed": 132,
     "normative_documents.in_force": 470, "licensing.decisions": 2629,
     "punishment.decisions": 1330, "coercion.decisions": 54, "fees.amount": 5949.088667},
    [[80, 1, 0, 0, 0, 0, 81], zeros(), [22, 0, 0, 0, 0, 0, 22], [19, 1, 0, 0, 0, 0, 20],
     zeros(), zeros(), zeros(), [1, 0, 0, 0, 0, 0, 1], zeros(), [1, 0, 0, 0, 0, 0, 1],
     [1, 0, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 0, 2], [31, 0, 0, 0, 0, 0, 31], zeros(), zeros(),
     zeros(), [1, 0, 0, 0, 0, 0, 1], zeros(), zeros(), zeros(), [1, 0, 0, 0, 0, 0, 1], zeros(),
     [1, 0, 0, 0, 0, 0, 1], [80, 1, 0, 0, 0, 0, 81], zeros()],
    [1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2],
    ROWS_2021,
)

PINGTAN_2024 = expected_facts(
    {"rules.issued": 0, "rules.repealed": 0, "rules.in_force": 0,
     "normative_documents.issued": 62, "normative_documents.repealed": 33,
     "normative_documents.in_force": 440, "licensing.decisions": 4529,
     "punishment.decisions": 1100, "coercion.decisions": 65, "fees.amount": 18651.06},
    [[217, 1, 0, 0, 0, 0, 218], zeros(), [71, 0, 0, 0, 0, 0, 71], [29, 0, 0, 0, 0, 0, 29],
     [4, 0, 0, 0, 0, 0, 4], zeros(), zeros(), [3, 0, 0, 0, 0, 0, 3], [32, 0, 0, 0, 0, 0, 32],
     zeros(), zeros(), zeros(), [75, 0, 0, 0, 0, 0, 75], zeros(), zeros(), zeros(),
     [1, 0, 0, 0, 0, 0, 1], zeros(), zeros(), zeros(), [1, 0, 0, 0, 0, 0, 1], zeros(),
     [1, 1, 0, 0, 0, 0, 2], [217, 1, 0, 0, 0, 0, 218], zeros()],
    [2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19],
    ROWS_2021,
)

PINGTAN_2019 = expected_facts(
    {"rules.new_made": 0, "rules.new_published": 0, "rules.total_published": 0,
     "normative_documents.new_made": 89, "normative_documents.new_published": 89,
     "normative_documents.total_published": 89,
     "licensing.previous_items": 396, "licensing.change": 0, "licensing.decisions": 181,
     "other_services.previous_items": 10, "other_services.change": 0, "other_services.decisions": 153,
     "punishment.previous_items": 2648, "punishment.change": 0, "punishment.decisions": 430,
     "coercion.previous_items": 126, "coercion.change": 0, "coercion.decisions": 25,
     "fees.previous_items": 35, "fees.change": 0,
     # printed "75394432.52元": 元 converted to 万元
     "procurement.projects": 135, "procurement.amount": 7539.443252},
    [[23, 0, 0, 0, 0, 0, 23], zeros(), [7, 0, 0, 0, 0, 0, 7], [1, 0, 0, 0, 0, 0, 1],
     zeros(), zeros(), zeros(), zeros(), zeros(), zeros(), zeros(), zeros(),
     [7, 0, 0, 0, 0, 0, 7], zeros(), [5, 0, 0, 0, 0, 0, 5], zeros(), [3, 0, 0, 0, 0, 0, 3],
     zeros(), zeros(), zeros(), zeros(), [23, 0, 0, 0, 0, 0, 23], zeros()],
    zeros(15),
    ROWS_2019,
)

def active_2021(rules, normative, licensing, punishment, coercion, fees) -> dict:
    """Table 2 of the 2021 format; ``rules`` None where the report prints no 规章 row."""
    out = {} if rules is None else dict(zip(("rules.issued", "rules.repealed", "rules.in_force"), rules))
    out.update(zip(("normative_documents.issued", "normative_documents.repealed",
                    "normative_documents.in_force"), normative))
    out.update({"licensing.decisions": licensing, "punishment.decisions": punishment,
                "coercion.decisions": coercion, "fees.amount": fees})
    return out


def active_2019(rules, normative, licensing, other_services, punishment, coercion, fees, procurement) -> dict:
    out = {}
    for row, values in (("rules", rules), ("normative_documents", normative)):
        out.update({f"{row}.{c}": v for c, v in zip(("new_made", "new_published", "total_published"), values)})
    for row, values in (("licensing", licensing), ("other_services", other_services),
                        ("punishment", punishment), ("coercion", coercion), ("fees", fees)):
        out.update({f"{row}.{c}": v for c, v in zip(("previous_items", "change", "decisions"), values)})
    out.update(zip(("procurement.projects", "procurement.amount"), procurement))
    return out


def table3(rows: list[str], printed: dict[str, list]) -> list[list]:
    """Table 3 row by row: the rows given, every other row printed as zeros."""
    assert set(printed) <= set(rows)
    return [printed.get(row, zeros()) for row in rows]


def only(n, column=0):
    """A row of table 3 with ``n`` in one applicant column and in 总计."""
    values = zeros()
    values[column] = values[6] = n
    return values


@dataclass
class Case:
    """What a reader of the printed report sees (typed by hand)."""

    title: str
    agency: str
    year: int
    template: str
    facts: dict
    fails: frozenset = frozenset()          # checks the printed tables break
    stated: int | None = None               # new applications the narrative states for this body
    misread: dict = field(default_factory=dict)   # test -> what the parser misreads today


# The rowspan'd （六）: one printed value for the three labels, read as the one （六）其他处理 row.
ROWS_ONE_OTHER = ROWS_2019

CASES = {
    "huaian-2024.pdf": Case("淮安市人民政府2024年政府信息公开工作年度报告", "淮安市人民政府", 2024, "2021",
                            HUAIAN_2024),
    "pingtan-2023.html": Case("平潭综合实验区2023年度政府信息公开工作年度报告", "平潭综合实验区", 2023, "2021",
                              PINGTAN_2023),
    "pingtan-2024.html": Case("平潭综合实验区2024年度政府信息公开工作年度报告", "平潭综合实验区", 2024, "2021",
                              PINGTAN_2024),
    "pingtan-2019.html": Case("平潭综合实验区2019年度政府信息公开工作年度报告", "平潭综合实验区", 2019, "2019",
                              PINGTAN_2019),
    # A space before the year in the title; no 规章 row; 先行有效件数; table 3's 总计 column 0 in
    # every row; 自然人 results 4 + 1 + 1 = 6 against 总计 5; the narrative's 受理…申请6件.
    "pingtan-haitan-2024.html": Case(
        "平潭综合实验区海坛片区管理局2024年度政府信息公开工作年度报告", "平潭综合实验区海坛片区管理局", 2024, "2021",
        expected_facts(
            active_2021(None, (0, 0, 0), 0, 0, 0, 0),
            table3(ROWS_2021, {"new_received": [5, 1, 0, 0, 0, 0, 0], "unavailable.not_held": [4, *zeros(6)],
                               "unavailable.unclear_after_correction": [1, *zeros(6)],
                               "other.no_correction": [1, *zeros(6)], "other.misc": [0, 1, *zeros(5)],
                               "processed_total": [5, 1, 0, 0, 0, 0, 0]}),
            [0, 0, 1, 0, 1, *zeros(10)], ROWS_2021),
        fails=frozenset({"applications.results_sum.natural_person", "applications.row_total.new_received",
                         "applications.row_total.unavailable.not_held",
                         "applications.row_total.unavailable.unclear_after_correction",
                         "applications.row_total.other.no_correction", "applications.row_total.other.misc",
                         "applications.row_total.processed_total",
                         "text_vs_table.applications.new_received.total"}),
        stated=6),
    # Headers one character per line, no 规章 row, 复议后起诉 13 + 2 + 4 + 0 against 总计 15.
    "pingtan-shehuishiye-2024.html": Case(
        "平潭综合实验区社会事业局2024年政府信息公开工作年度报告", "平潭综合实验区社会事业局", 2024, "2021",
        expected_facts(
            active_2021(None, (5, 0, 0), 2650, 31, 0, 0),
            table3(ROWS_2021, {"new_received": only(2), "granted": only(2), "processed_total": only(2)}),
            [0, 0, 2, 0, 2, *zeros(5), 13, 2, 4, 0, 15], ROWS_2021),
        fails=frozenset({"appeals.sum.litigation_after_reconsideration"})),
    "pingtan-shichangjianguan-2023.html": Case(
        "平潭综合实验区市场监督管理局2023年度政府信息公开工作年度报告", "平潭综合实验区市场监督管理局", 2023, "2021",
        expected_facts(
            active_2021(None, (13, 0, 13), 0, 135, 54, 0),
            table3(ROWS_ONE_OTHER, {"new_received": only(1), "granted": only(1), "processed_total": only(1)}),
            zeros(15), ROWS_ONE_OTHER),
        stated=1),
    # 2019 template in a 2020 report; 采购总金额（元） 8810055 is 881.0055 万元.
    "pingtan-jinjing-2020.html": Case(
        "平潭综合实验区金井片区管理局2020年政府信息公开工作年度报告", "平潭综合实验区金井片区管理局", 2020, "2019",
        expected_facts(
            active_2019((0, 0, 0), (5, 5, 5), (0, 0, 0), (0, 0, 0), (0, 0, 0), (0, 0, 0), (0, 0),
                        (17, 881.0055)),
            table3(ROWS_2019, {}), zeros(15), ROWS_2019)),
    # 本<br/>公开数量; 采购总金额 "2059.2090万元"; title 政府信息公开年度报告 (no 工作).
    "pingtan-ziranziyuan-2019.html": Case(
        "平潭综合实验区自然资源与生态环境局2019年政府信息公开年度报告", "平潭综合实验区自然资源与生态环境局", 2019, "2019",
        expected_facts(
            active_2019((0, 0, 0), (12, 12, 12), (0, 0, 0), (0, 0, 0), (88, 0, 22), (7, 0, 20), (0, 0),
                        (8, 2059.209)),
            table3(ROWS_2019, {"new_received": only(3), "granted": only(1), "unavailable.not_held": only(2),
                               "processed_total": only(3)}),
            zeros(15), ROWS_2019)),
    # 行政事业性收费 with six decimals; "0&nbsp;" cells; 共收到…申请件2件.
    "pingtan-caizheng-2025.html": Case(
        "平潭综合实验区财政金融局2025年度政府信息公开工作年度报告", "平潭综合实验区财政金融局", 2025, "2021",
        expected_facts(
            active_2021((0, 0, 0), (0, 1, 0), 0, 1, 0, 4166.214619),
            table3(ROWS_2021, {"new_received": only(2), "granted": only(1), "unavailable.not_held": only(1),
                               "processed_total": only(2)}),
            zeros(15), ROWS_2021),
        stated=2),
    # 58 applications over five result rows; the narrative says 办结 58 (processed, not received).
    "pingtan-jiaotong-2024.html": Case(
        "平潭综合实验区交通与建设局2024年度政府信息公开工作年度报告", "平潭综合实验区交通与建设局", 2024, "2021",
        expected_facts(
            active_2021((0, 0, 0), (3, 1, 23), 0, 0, 0, 0),
            table3(ROWS_2021, {"new_received": only(58), "granted": only(9), "partially_granted": only(3),
                               "denied.state_secret": only(4), "denied.internal_affairs": only(32),
                               "unavailable.not_held": only(10), "processed_total": only(58)}),
            zeros(15), ROWS_2021)),
    # 本年新收 6, 1 … with 总计 0 and 上年结转 … 总计 7 (typed one row too low); the narrative
    # says 共收到政府信息公开申请7份 against the table's 0.
    "pingtan-nongye-2023.html": Case(
        "平潭综合实验区农业农村局2023年政府信息公开工作年度报告", "平潭综合实验区农业农村局", 2023, "2021",
        expected_facts(
            active_2021((0, 0, 0), (4, 9, 20), 782, 182, 0, 0),
            table3(ROWS_2021, {"new_received": [6, 1, 0, 0, 0, 0, 0], "carried_over": [*zeros(6), 7],
                               "granted": only(6), "partially_granted": only(1, column=1),
                               "processed_total": [6, 1, 0, 0, 0, 0, 7]}),
            zeros(15), ROWS_2021),
        fails=frozenset({"applications.row_total.new_received", "applications.row_total.carried_over",
                         "text_vs_table.applications.new_received.total"}),
        stated=7),
    # 自/然/人 one character per paragraph; table 4 with border="1".
    "pingtan-junshan-2023.html": Case(
        "平潭综合实验区君山片区管理局2023年政府信息公开工作年度报告", "平潭综合实验区君山片区管理局", 2023, "2021",
        expected_facts(
            active_2021((0, 0, 0), (0, 0, 11), 0, 0, 0, 0),
            table3(ROWS_2021, {"new_received": only(2), "granted": only(2), "processed_total": only(2)}),
            zeros(15), ROWS_2021),
        stated=2),
    # No div.TRS_Editor; table 4 inside a styled <div>.
    "pingtan-xingzhengshenpi-2022.html": Case(
        "平潭综合实验区行政审批局2022年政府信息公开工作年度报告", "平潭综合实验区行政审批局", 2022, "2021",
        expected_facts(
            active_2021((0, 0, 0), (2, 0, 25), 7677, 0, 0, 0),
            table3(ROWS_2021, {"new_received": only(4), "granted": only(4), "processed_total": only(4)}),
            zeros(15), ROWS_2021),
        stated=4),
    # The narrative's 共受理公开申请34件 against the table's 32 (SOURCES.md).
    "pingtan-guanweihuiban-2025.html": Case(
        "平潭综合实验区管委会办公室2025年度政府信息公开工作年度报告", "平潭综合实验区管委会办公室", 2025, "2021",
        expected_facts(
            active_2021((0, 0, 0), (9, 7, 253), 0, 0, 0, 0),
            table3(ROWS_2021, {"new_received": only(32), "granted": only(8), "partially_granted": only(7),
                               "denied.internal_affairs": only(1), "denied.process_information": only(2),
                               "unavailable.not_held": only(12), "unavailable.needs_creation": only(2),
                               "processed_total": only(32)}),
            [2, 0, 0, 0, 2, *zeros(10)], ROWS_2021),
        fails=frozenset({"text_vs_table.applications.new_received.total"}), stated=34),
    # &nbsp;-padded cells; 行政复议 维持 1 + 尚未审结 1.
    "pingtan-ziranziyuan-2024.html": Case(
        "平潭综合实验区自然资源与生态环境局2024年政府信息公开工作年度报告", "平潭综合实验区自然资源与生态环境局", 2024,
        "2021",
        expected_facts(
            active_2021((0, 0, 0), (2, 4, 33), 308, 33, 0, 0),
            table3(ROWS_2021, {"new_received": only(69), "granted": only(23), "partially_granted": only(9),
                               "unavailable.not_held": only(37), "processed_total": only(69)}),
            [1, 0, 0, 1, 2, *zeros(10)], ROWS_2021),
        stated=69),
    # A carried-over application (1 new + 1 carried over = 部分公开 1 + 逾期不补正 1); a <p> in every cell.
    "pingtan-gongan-2022.html": Case(
        "平潭综合实验区公安局2022年政府信息公开工作年度报告", "平潭综合实验区公安局", 2022, "2021",
        expected_facts(
            active_2021((0, 0, 0), (4, 1, 7), 0, 157, 0, 0),
            table3(ROWS_2021, {"new_received": only(1), "carried_over": only(1), "partially_granted": only(1),
                               "other.no_correction": only(1), "processed_total": only(2)}),
            zeros(15), ROWS_2021),
        stated=1),
}


def cases(test: str):
    """The case names, the ones the parser misreads for ``test`` marked as
    expected failures naming what is misread."""
    return [pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=case.misread[test]))
            if test in case.misread else name for name, case in CASES.items()]


@cache
def _parse(path):
    return parse_path(path)


class _Reports:
    """The parsed real reports, each parsed once; a test asking for one the
    folder lacks is skipped with the reason."""

    def __getitem__(self, name):
        return _parse(real_file(name))


@pytest.fixture(scope="module")
def reports():
    return _Reports()


@pytest.mark.parametrize("name", CASES)
def test_metadata(reports, name):
    case, report = CASES[name], reports[name]
    assert (report.title, report.agency, report.year, report.template) == (
        case.title, case.agency, case.year, case.template)


@pytest.mark.parametrize("name", cases("errors"))
def test_parsed_without_error(reports, name):
    assert reports[name].errors == []


@pytest.mark.parametrize("name", cases("facts"))
def test_every_fact_exact(reports, name):
    expected = CASES[name].facts
    got = reports[name].values()
    assert {k: v for k, v in got.items() if k not in expected} == {}
    assert {k: got.get(k, "missing") for k in expected if got.get(k, "missing") != expected[k]} == {}


@pytest.mark.parametrize("name", cases("checks"))
def test_checks_fail_only_on_misprints(reports, name):
    """Every identity of the printed tables is checked; those the printed
    numbers break fail, every other passes.  The narrative's own count of
    new applications is checked against the table where it states one, and
    region-wide totals (全市共受理…, 全区接收…) raise no alarm."""
    case, checks = CASES[name], reports[name].checks
    assert {c.id for c in checks if c.status != "pass"} == case.fails
    application_rows = {k.split(".", 1)[1].rsplit(".", 1)[0] for k in case.facts if k.startswith("applications.")}
    text = [c for c in checks if c.id.startswith("text_vs_table")]
    assert len(checks) - len(text) == 7 + 7 + len(application_rows) + 3
    assert [c.actual for c in text] == ([] if case.stated is None else [case.stated])


def test_provenance_points_at_the_printed_cell(reports):
    fact = reports["huaian-2024.pdf"].facts["applications.denied.administrative_query.natural_person"]
    assert fact.raw == "105"
    assert fact.location.startswith("p4 ")
    money = reports["pingtan-2019.html"].facts["active.procurement.amount"]
    assert money.raw == "75394432.52元"


@pytest.mark.parametrize("name", ["pingtan-list.html", "pingtan-gongan-list.html"])
def test_list_pages_are_not_given_a_report_title(reports, name):
    """A list page names reports of several years: none is its title, so it
    gets no title, agency or year (and no tables)."""
    report = reports[name]
    assert (report.title, report.agency, report.year, report.facts) == (None, None, None, {})


def test_blank_template_is_all_null_and_not_assessable(reports):
    report = reports["template-2021.docx"]
    assert report.template == "2021"
    assert report.title == "政府信息公开工作年度报告格式模板"
    assert (report.agency, report.year) == (None, None)
    values = report.values()
    assert set(values) == {k for k in fact_keys("2021") if not k.startswith("applications.other.")
                           or k.count(".") == 3}
    assert set(values.values()) == {None}
    assert {c.status for c in report.checks} == {"not_assessable"}


# --- python -m bench real ----------------------------------------------------

@pytest.mark.parametrize("name", sorted(bench_real.NOT_REPORTS))
def test_pages_that_are_not_reports_are_told_apart(name):
    """List pages, the 工作要点 page and the page whose report is only in an
    attachment have no statistics tables; the blank template has them empty."""
    outcome = bench_real.assess(real_file(name))
    assert (outcome.verdict, outcome.right) == (bench_real.NOT_REPORTS[name][1], True)


@pytest.mark.parametrize("name", sorted(bench_real.MISPRINTS))
def test_documented_misprints_fail_and_nothing_else(name):
    """The checks SOURCES.md says the printed document breaks fail; every
    other check of those documents passes."""
    outcome = bench_real.assess(real_file(name))
    assert outcome.misprints_missed == []
    assert outcome.unexpected_fails == []
    assert outcome.misprints_caught == len(bench_real.MISPRINTS[name])


def test_bench_real_reports_every_document_and_the_totals(real, capsys):
    bench_real.main([str(real)])
    out = capsys.readouterr().out
    for name in bench_real.documents(real):
        assert name.name in out
    assert "SOURCES.md" not in out
    reports = len(bench_real.documents(real)) - len(bench_real.NOT_REPORTS)
    assert f"reports with tables: {reports}" in out
    assert f"not reports, classified right: {len(bench_real.NOT_REPORTS)}/{len(bench_real.NOT_REPORTS)}" in out


def test_bench_real_refuses_a_folder_that_is_not_there(tmp_path):
    with pytest.raises(SystemExit) as stop:
        bench_real.main([str(tmp_path / "absent")])
    assert stop.value.code == 2
