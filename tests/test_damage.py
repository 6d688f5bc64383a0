"""The sample generator's damage model: every kind of damage is drawn, it
reaches every shape, it never changes what a human can read off the report
(the truth stays) except a table cut off (the truth drops those rows), and
the parser reads a report carrying every kind of damage at once."""

import random

import pytest

from parsers import parse_bytes
from parsers.samples import SHAPES, make_truth, render
from parsers.samples.damage import DAMAGE_KINDS, Damage, _matches, _typo, damaged_expected, draw_damage, truncated_rows
from parsers.samples.score import score

EVERYTHING = dict(typos=3, broken_headers=True, padded_values=True, fullwidth=True, six_decimals=True,
                  residue=True, split_row=True)


def test_every_kind_of_damage_is_drawn():
    drawn = [draw_damage(seed) for seed in range(300)]
    for kind in DAMAGE_KINDS:
        share = sum(bool(getattr(d, kind)) for d in drawn) / len(drawn)
        assert 0.01 < share < 0.9, (kind, share)
    assert draw_damage(5) == draw_damage(5)


@pytest.mark.parametrize("shape", [s for s in SHAPES if s != "pdf_word"])
def test_damage_reaches_every_shape_and_is_read(shape):
    for seed in (101, 202):
        truth = make_truth(seed, template="2021" if seed % 2 else "2019")
        damage = Damage(seed, **EVERYTHING)
        clean, _ = render(truth, shape)
        data, ext = render(truth, shape, damage)
        assert data != clean
        assert damaged_expected(truth, damage) == truth.expected()
        result = score(shape, truth.expected(), parse_bytes(data, "r" + ext).to_json())
        assert result.perfect, result.describe() + "\n" + "\n".join(damage.notes)


def test_a_typo_changes_one_label_and_never_makes_another_label_of_the_format():
    rng = random.Random(3)
    for label in ("其他法律行政法规禁止公开", "现行有效件数", "不予公开", "行政复议", "结果纠正"):
        damaged = {_typo(rng, label) for _ in range(30)}
        assert label not in damaged or len(damaged) > 1
        assert all(abs(len(d) - len(label)) <= 3 for d in damaged)
    truth = make_truth(9)
    made = 0
    for seed in range(40):
        damage = Damage(seed, typos=3)
        render(truth, "text_tsv", damage)
        for note in damage.notes:
            before, after = note.removeprefix("typo ").split(" -> ")
            made += 1
            assert after != before
            assert not _matches(after) or _matches(after) == _matches(before), note
    assert made >= 100


def test_a_cut_off_table_drops_its_last_rows_from_the_truth_and_the_parser_names_them():
    truth = make_truth(44, template="2021")
    damage = Damage(44, truncated=2)
    gone = truncated_rows(truth, damage)
    assert gone == ("processed_total", "carried_forward")
    expected = damaged_expected(truth, damage)
    assert not any(k.startswith(("applications.processed_total.", "applications.carried_forward."))
                   for k in expected["facts"])
    assert "applications.granted.total" in expected["facts"]
    assert not any(c.startswith("applications.balance.") for c in expected["failing_checks"])
    data, ext = render(truth, "html", damage)
    report = parse_bytes(data, "r" + ext)
    assert score("html", expected, report.to_json()).perfect
    warning = next(w for w in report.warnings if "cut off" in w)
    assert "三（七）总计" in warning and "四、结转下年度继续办理" in warning
