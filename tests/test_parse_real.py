"""The real reports in shared/fixtures/real/ parse perfectly.

The expected numbers below were typed by hand from the printed documents
(the PDF page images and the HTML tables as a browser shows them), row by
row, not taken from the parser's output."""

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

CASES = {
    "huaian-2024.pdf": ("淮安市人民政府2024年政府信息公开工作年度报告", "淮安市人民政府", 2024, "2021", HUAIAN_2024),
    "pingtan-2023.html": ("平潭综合实验区2023年度政府信息公开工作年度报告", "平潭综合实验区", 2023, "2021", PINGTAN_2023),
    "pingtan-2024.html": ("平潭综合实验区2024年度政府信息公开工作年度报告", "平潭综合实验区", 2024, "2021", PINGTAN_2024),
    "pingtan-2019.html": ("平潭综合实验区2019年度政府信息公开工作年度报告", "平潭综合实验区", 2019, "2019", PINGTAN_2019),
}


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
    title, agency, year, template, _ = CASES[name]
    report = reports[name]
    assert (report.title, report.agency, report.year, report.template) == (title, agency, year, template)
    assert report.errors == []


@pytest.mark.parametrize("name", CASES)
def test_every_fact_exact(reports, name):
    expected = CASES[name][4]
    got = reports[name].values()
    assert {k: v for k, v in got.items() if k not in expected} == {}
    assert {k: got.get(k, "missing") for k in expected if got.get(k, "missing") != expected[k]} == {}


@pytest.mark.parametrize("name", CASES)
def test_all_checks_pass(reports, name):
    """These reports add up; region-wide narrative totals (全市共受理…,
    全区接收…) raise no text_vs_table alarm."""
    checks = reports[name].checks
    assert [c.id for c in checks if c.status != "pass"] == []
    assert not [c for c in checks if c.id.startswith("text_vs_table")]
    assert len(checks) == (40 if CASES[name][3] == "2019" else 42)


def test_provenance_points_at_the_printed_cell(reports):
    fact = reports["huaian-2024.pdf"].facts["applications.denied.administrative_query.natural_person"]
    assert fact.raw == "105"
    assert fact.location.startswith("p4 ")
    money = reports["pingtan-2019.html"].facts["active.procurement.amount"]
    assert money.raw == "75394432.52元"


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
