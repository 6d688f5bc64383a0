"""The synthetic report generator: its truths are internally consistent, a
misprint makes exactly the recorded checks fail (by the parser's own check
code too), an agency's consecutive years follow on from each other, and
every shape renders bytes the readers open."""

import json
from decimal import Decimal

import pytest

from parsers import checks as parser_checks
from parsers.readers import read_document
from parsers.result import FactValue
from parsers.samples import SHAPES, generate_corpus, make_truth, render
from parsers.samples.__main__ import main as samples_cli
from parsers.samples.checks import run_checks
from parsers.schema import APPLICANT_COLUMNS, MONEY_KEYS, fact_keys

CASES = [(seed, template, level) for seed in range(6) for template in ("2019", "2021")
         for level in ("province", "city", "county", "township", "department")]


def _parser_failures(truth):
    facts = {k: FactValue(k, p.value, p.raw) for k, p in truth.cells.items()}
    text = "\n".join(text for kind, text in truth.blocks if kind != "table")
    return sorted(c.id for c in parser_checks.run_checks(facts, {"applications", "appeals"}, text)
                  if c.status == "fail")


@pytest.mark.parametrize("seed,template,level", CASES)
def test_truth_without_misprint_passes_every_check(seed, template, level):
    truth = make_truth(seed, template=template, level=level)
    statuses = run_checks(truth.values())
    assert statuses and set(statuses.values()) <= {"pass", "not_assessable"}
    assert truth.expected()["failing_checks"] == []
    assert _parser_failures(truth) == []


@pytest.mark.parametrize("seed,template,level", CASES)
def test_misprint_fails_exactly_the_recorded_checks(seed, template, level):
    clean = make_truth(seed, template=template, level=level)
    truth = make_truth(seed, template=template, level=level, misprint=True)
    failing = truth.expected()["failing_checks"]
    assert failing
    changed = [k for k in truth.cells if truth.cells[k] != clean.cells[k] and k != truth.misprint]
    # Apart from the misprint, only zeros printed as a null token in the clean one may differ.
    assert all(clean.cells[k].value is None and truth.cells[k].value == 0 for k in changed)
    assert truth.cells[truth.misprint].value != clean.cells[truth.misprint].value
    column = truth.misprint.rsplit(".", 1)[1]
    assert all(column in f or truth.misprint.split(".")[1] in f or f.startswith("text_vs_table")
               for f in failing)
    assert _parser_failures(truth) == failing


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_facts_use_schema_keys_and_printed_values(template):
    for seed in range(30):
        truth = make_truth(seed, template=template)
        allowed = set(fact_keys(template)) | set(fact_keys("2019"))
        assert set(truth.cells) <= allowed
        for key, printed in truth.cells.items():
            if printed.value is None:
                assert printed.raw in ("", "—", "/", "无")
            elif key in MONEY_KEYS:
                number = Decimal(printed.raw.replace(",", "").removesuffix("元").removesuffix("万"))
                scale = 1 if printed.raw.endswith("万元") or truth.money_style == "wan" else 10000
                assert float(number / scale) == pytest.approx(printed.value)
            else:
                assert int(printed.raw.replace(",", "")) == printed.value


def test_nulls_money_units_and_misprints_all_occur():
    truths = [make_truth(seed, misprint=seed % 3 == 0) for seed in range(120)]
    raws = [p.raw for t in truths for p in t.cells.values()]
    assert {"", "—", "/", "无"} <= set(raws)
    assert any(r.endswith("元") and not r.endswith("万元") for r in raws)
    assert any("," in r for r in raws)
    assert {t.money_style for t in truths} == {"wan", "wan_suffix", "yuan_cell", "yuan_header"}
    assert any(t.other_style == "2019" for t in truths)
    assert any("text_vs_table.applications.new_received.total" in t.failing_checks() for t in truths)


def test_legacy_report_has_no_facts():
    truth = make_truth(5, template="legacy", level="township")
    expected = truth.expected()
    assert expected["template"] == "legacy" and expected["facts"] == {}
    assert expected["failing_checks"] == [] and expected["year"] < 2019
    assert str(expected["year"]) in expected["title"]


def test_agency_year_and_level_arguments():
    truth = make_truth(1, agency="霍山县衡山镇人民政府", year=2022, level="乡镇")
    assert truth.agency == "霍山县衡山镇人民政府" and truth.year == 2022 and truth.level == "乡镇"
    assert "霍山县衡山镇人民政府" in truth.title and "2022" in truth.title
    assert truth.published.startswith("2023-")
    with pytest.raises(ValueError):
        make_truth(1, level="village")


def _chain(seed: int, level: str, years=range(2019, 2024)) -> list:
    """An agency's reports for consecutive years, each made from the one before."""
    truths = []
    for n, year in enumerate(years):
        truths.append(make_truth(seed * 10 + n, agency="霍山县", year=year, level=level,
                                 template="2019" if year == 2019 else "2021",
                                 previous=truths[-1] if truths else None))
    return truths


def _cross_year(before: dict, after: dict) -> dict[str, bool | None]:
    """schema.md's cross-year rules between two years' facts: True / False,
    None when an operand is blank or not printed."""
    def holds(actual, *terms):
        return None if actual is None or None in terms else actual == sum(terms)
    out = {"carried_over": holds(after["applications.carried_over.total"],
                                 before["applications.carried_forward.total"])}
    for row in ("rules", "normative_documents"):
        get = lambda facts, col, row=row: facts.get(f"active.{row}.{col}")  # noqa: E731
        repealed = get(after, "repealed")
        out[f"in_force.{row}"] = holds(get(after, "in_force"), get(before, "in_force"), get(after, "issued"),
                                       None if repealed is None else -repealed)
    return out


@pytest.mark.parametrize("level", ["province", "city", "county", "township", "department"])
def test_a_chain_of_years_passes_the_cross_year_rules_and_every_check(level):
    outcomes = []
    for seed in range(8):
        chain = _chain(seed, level)
        for before, after in zip(chain, chain[1:]):
            assert after.expected()["failing_checks"] == [] and _parser_failures(after) == []
            facts = after.values()
            for col in (c for c in APPLICANT_COLUMNS if before.cells[f"applications.carried_forward.{c}"].value):
                assert facts[f"applications.carried_over.{col}"] == before.values()[f"applications.carried_forward.{col}"]
            outcomes += _cross_year(before.values(), facts).items()
    assert all(ok is not False for _, ok in outcomes), [rule for rule, ok in outcomes if ok is False]
    assessed = {rule for rule, ok in outcomes if ok}
    assert assessed == {"carried_over", "in_force.rules", "in_force.normative_documents"}


def test_a_misprint_the_year_before_shows_in_the_cross_year_rules():
    before = make_truth(3, agency="霍山县", year=2022, level="county")
    # Misprint the year before's carried-forward total only: the next report carries the columns on.
    key = "applications.carried_forward.total"
    before.cells[key] = type(before.cells[key])(before.cells[key].value + 5, str(before.cells[key].value + 5))
    after = make_truth(4, previous=before)
    assert after.agency == "霍山县" and after.year == 2023 and after.level == "县"
    assert _cross_year(before.values(), after.values())["carried_over"] is False


def test_previous_must_be_the_same_agency_the_year_before():
    before = make_truth(3, agency="霍山县", year=2022, level="county")
    for wrong in ({"year": 2024}, {"agency": "淳安县人民政府"}, {"level": "city"}):
        with pytest.raises(ValueError):
            make_truth(4, previous=before, **wrong)


@pytest.mark.parametrize("template", ["2019", "2021", "legacy"])
def test_without_previous_a_truth_is_what_it_was(template):
    """A chained report takes its title, date and styles from its own seed,
    and chaining neither changes the year before nor any later unchained call."""
    firsts = {seed: make_truth(seed, template=template, level="city").expected() for seed in range(5)}
    for seed in range(5):
        before = make_truth(seed, template=template, level="city")
        chained = make_truth(seed, previous=before, level="city")
        alone = make_truth(seed, agency=chained.agency, year=chained.year, level="city")
        drawn_first = ("title", "published", "other_style", "money_style")
        assert [getattr(chained, a) for a in drawn_first] == [getattr(alone, a) for a in drawn_first]
        assert before.expected() == firsts[seed]
    assert {seed: make_truth(seed, template=template, level="city").expected() for seed in range(5)} == firsts


def _one_per_shape():
    return [(shape, make_truth(1000 + i, template=("2021", "2019", "legacy")[i % 3], level="city"))
            for i, shape in enumerate(SHAPES)]


@pytest.mark.parametrize("shape,truth", _one_per_shape(), ids=SHAPES)
def test_every_shape_renders_a_readable_document(shape, truth):
    data, ext = render(truth, shape)
    assert render(truth, shape) == (data, ext)          # deterministic for a seed
    document = read_document(data, f"report{ext}")
    text = "".join(document.text.split()) + "".join(c.text for row in document.rows for c in row)
    assert truth.agency in text
    numbers = [p.raw for p in truth.cells.values() if len(p.raw) >= 3] or \
        [row[2] for row in truth.legacy_rows[1:] if len(row[2]) >= 2]
    assert any(n in text for n in numbers)


def test_corpus_writes_files_and_truth_lines(tmp_path):
    written = generate_corpus(tmp_path, 9, seed=3)
    assert len(written) == 9 and all(path.exists() for path, _ in written)
    lines = [json.loads(line) for line in (tmp_path / "truth.jsonl").read_text("utf-8").splitlines()]
    assert [line["file"] for line in lines] == [path.name for path, _ in written]
    assert [line["facts"] for line in lines] == [expected["facts"] for _, expected in written]
    assert {line["shape"] for line in lines} == set(SHAPES[:9])


def test_cli_writes_a_corpus(tmp_path, capsys):
    samples_cli([str(tmp_path / "c"), "--n", "3", "--seed", "2"])
    assert "wrote 3 documents" in capsys.readouterr().out
    assert len((tmp_path / "c" / "truth.jsonl").read_text("utf-8").splitlines()) == 3
