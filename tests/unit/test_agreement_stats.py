"""Agreement statistics checked against independent computations: scikit-learn and krippendorff.

The fixture codings (tests/unit/agreement_project.py) are turned into units by `coder`; the
expected yes/no vectors are written out by hand, and scikit-learn's `cohen_kappa_score` and the
krippendorff package's `alpha` (on reliability data, not the value counts coder passes it) give
the numbers to match.
"""

from __future__ import annotations

import math
import warnings

import krippendorff
import pytest
from sklearn.metrics import cohen_kappa_score, f1_score, precision_score, recall_score

from coder.domain.agreement import (
    Table2x2,
    cohen_kappa,
    covered_units,
    merge_spans,
    percent_agreement,
    retrieval,
)
from coder.services.agreement.statistics import AgreementRow, agreement
from coder.services.agreement.units import Request, decide
from coder.services.project import Project
from tests.unit.agreement_project import CODES, SENTENCES, code_as, code_fixture


def _sklearn_kappa(a: list[int], b: list[int]) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 0/0 for constant vectors: nan, and a warning
        return float(cohen_kappa_score(a, b))


def _alpha(*vectors: list[int]) -> float:
    return float(krippendorff.alpha(reliability_data=list(vectors), level_of_measurement="nominal"))


def _row(rows: list[AgreementRow], code: str) -> AgreementRow:
    return next(row for row in rows if row.code_id == code)


def test_agreement_stats_covered_units_takes_more_than_half() -> None:
    units = [(0, 10), (10, 20), (20, 30)]
    assert covered_units(units, [(0, 6)]) == [0]
    assert covered_units(units, [(0, 5)]) == []  # exactly half is not most of it
    assert covered_units(units, [(12, 15), (14, 17)]) == []  # 5 of 10, overlapping pieces
    assert covered_units(units, [(12, 15), (15, 18)]) == [1]  # 6 of 10 from two codings
    assert covered_units(units, [(5, 25)]) == [1]
    assert covered_units(units, [(29, 30)], any_overlap=True) == [2]
    assert merge_spans([(5, 8), (0, 3), (2, 4), (8, 9)]) == [(0, 4), (5, 9)]


def test_agreement_stats_units_match_the_hand_made_vectors(imported: Project) -> None:
    decisions = decide(code_fixture(imported), Request(("anna", "bo"), unit="sentence"))
    assert len(decisions.units) == 7
    for coder, codes in SENTENCES.items():
        for code, vector in codes.items():
            coded = decisions.coded[coder].get(code, frozenset())
            assert [int(i in coded) for i in range(7)] == vector, (coder, code)


def test_agreement_stats_kappa_alpha_and_f1_match_sklearn_and_krippendorff(
    imported: Project,
) -> None:
    report = agreement(code_fixture(imported), Request(("anna", "bo"), unit="sentence"))
    a, b = SENTENCES["anna"], SENTENCES["bo"]
    for code in ("pandemin", "na-industrin"):
        row = _row(report.rows, code)
        assert row.kappa == pytest.approx(_sklearn_kappa(a[code], b[code]))
        assert row.alpha == pytest.approx(_alpha(a[code], b[code]))
        assert row.precision == pytest.approx(precision_score(a[code], b[code]))
        assert row.recall == pytest.approx(recall_score(a[code], b[code]))
        assert row.f1 == pytest.approx(f1_score(a[code], b[code]))
        same = sum(x == y for x, y in zip(a[code], b[code], strict=True))
        assert row.agreement == pytest.approx(same / 7)
    # Overall: every (unit, code) decision of the codes someone used, pooled.
    pooled_a = [v for code in CODES for v in a[code]]
    pooled_b = [v for code in CODES for v in b[code]]
    assert report.overall.kappa == pytest.approx(_sklearn_kappa(pooled_a, pooled_b))
    assert report.overall.alpha == pytest.approx(_alpha(pooled_a, pooled_b))
    assert report.overall.f1 == pytest.approx(f1_score(pooled_a, pooled_b))


def test_agreement_stats_one_coder_never_used_a_code(imported: Project) -> None:
    report = agreement(code_fixture(imported), Request(("anna", "bo"), unit="sentence"))
    row = _row(report.rows, "digitala-moten")
    a, b = SENTENCES["anna"]["digitala-moten"], SENTENCES["bo"]["digitala-moten"]
    assert row.coded == (2, 0)
    assert row.kappa == pytest.approx(_sklearn_kappa(a, b)) == 0.0
    assert row.alpha == pytest.approx(_alpha(a, b))
    assert (row.precision, row.recall, row.f1) == (None, 0.0, 0.0)


def test_agreement_stats_perfect_agreement_is_one(imported: Project) -> None:
    for coder in ("anna", "bo"):
        code_as(imported, coder, "int01", "Vi hade ca. 20 möten.", "digitala-moten")
        code_as(imported, coder, "doc01", "Projektet har genomfört tolv", "na-industrin")
    report = agreement(imported, Request(("anna", "bo"), unit="sentence"))
    vector = [0, 1, 0, 0, 0, 0, 0]
    assert _sklearn_kappa(vector, vector) == 1.0
    assert _alpha(vector, vector) == 1.0
    row = _row(report.rows, "na-industrin")
    assert (row.agreement, row.kappa, row.alpha, row.f1) == (1.0, 1.0, 1.0, 1.0)
    assert report.overall.kappa == 1.0


def test_agreement_stats_a_code_nobody_used_is_undefined_not_nan(imported: Project) -> None:
    for coder in ("anna", "bo"):
        code_as(imported, coder, "int01", "Vi hade ca. 20 möten.", "digitala-moten")
    report = agreement(imported, Request(("anna", "bo"), unit="sentence"))
    row = _row(report.rows, "pandemin")
    nobody = [0] * 7
    assert math.isnan(_sklearn_kappa(nobody, nobody))  # what a naive computation reports
    with pytest.raises(ValueError, match="more than one value"):
        _alpha(nobody, nobody)
    assert (row.agreement, row.kappa, row.alpha) == (1.0, None, None)
    assert (row.precision, row.recall, row.f1) == (None, None, None)
    assert any("nobody used" in note for note in report.notes)
    # The overall row leaves the unused codes out: one code, seven units.
    assert report.overall.kappa == 1.0


def test_agreement_stats_everyone_coded_every_unit_is_undefined() -> None:
    table = Table2x2(both=7, only_a=0, only_b=0, neither=0)
    assert percent_agreement(table) == 1.0
    assert cohen_kappa(table) is None
    assert cohen_kappa(Table2x2(0, 0, 0, 0)) is None
    assert retrieval(table).f1 == 1.0


def test_agreement_stats_alpha_for_three_coders(imported: Project) -> None:
    code_fixture(imported)
    code_as(
        imported, "cecilia", "doc01", "Pandemin har försenat arbetet med testbädden.", "pandemin"
    )
    code_as(
        imported, "cecilia", "int01", "Det var t.ex. svårt att nå de små företagen.", "pandemin"
    )
    report = agreement(imported, Request(("anna", "bo", "cecilia"), unit="sentence"))
    row = _row(report.rows, "pandemin")
    cecilia = [0, 0, 1, 0, 1, 0, 0]
    expected = _alpha(SENTENCES["anna"]["pandemin"], SENTENCES["bo"]["pandemin"], cecilia)
    assert row.alpha == pytest.approx(expected)
    assert row.coded == (3, 2, 2)
    assert row.kappa is None  # Cohen's kappa is for two coders
    all_alike = sum(
        len({x, y, z}) == 1
        for x, y, z in zip(
            SENTENCES["anna"]["pandemin"], SENTENCES["bo"]["pandemin"], cecilia, strict=True
        )
    )
    assert row.agreement == pytest.approx(all_alike / 7)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ([1, 0, 0, 1, 1, 0, 0, 0, 1, 0], [1, 0, 1, 1, 0, 0, 0, 0, 1, 0]),
        ([0, 0, 0, 0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        ([1, 1, 1, 1, 0], [0, 0, 0, 0, 1]),
    ],
)
def test_agreement_stats_kappa_of_a_table_matches_sklearn(a: list[int], b: list[int]) -> None:
    ones_a = {i for i, v in enumerate(a) if v}
    ones_b = {i for i, v in enumerate(b) if v}
    table = Table2x2.of(ones_a, ones_b, len(a))
    assert cohen_kappa(table) == pytest.approx(_sklearn_kappa(a, b))
