"""Code co-occurrence in sentences, speaker turns and sources: counts, Jaccard and pairs."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest

from coder.services.project import Project
from coder.services.reports.scope import Scope
from coder.services.reports.summary import cooccurrence
from tests.unit import report_project
from tests.unit.report_project import counted, units

CODES = ["pandemin", "na-industrin", "digitala-moten"]


@pytest.fixture
def coded(project: Project, tmp_path: Path) -> Project:
    return report_project.build(project, tmp_path / "corpus")


def _table(frame: object) -> dict[tuple[str, str], float]:
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    return {(a, b): float(frame.loc[a, b]) for a in frame.index for b in frame.columns}


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        # pandemin: int_a S1, int_b S1, doc S1; na-industrin: int_a S1, S2, the header;
        # digitala-moten: int_a S3, int_c S1. Only int_a S1 holds two codes.
        (
            "sentence",
            {"pandemin": 3, "na-industrin": 3, "digitala-moten": 2, "p-n": 1, "p-d": 0, "n-d": 0},
        ),
        # int_a's answer turn holds all three; the header coding is a unit of its own
        (
            "turn",
            {"pandemin": 3, "na-industrin": 2, "digitala-moten": 2, "p-n": 1, "p-d": 1, "n-d": 1},
        ),
        (
            "source",
            {"pandemin": 3, "na-industrin": 1, "digitala-moten": 2, "p-n": 1, "p-d": 1, "n-d": 1},
        ),
    ],
)
def test_cooccurrence_counts_match_the_figures_worked_out_by_hand(
    coded: Project, unit: str, expected: dict[str, int]
) -> None:
    table = _table(cooccurrence(coded, Scope(), unit=unit))
    short = {"pandemin": "p", "na-industrin": "n", "digitala-moten": "d"}
    for a in CODES:
        assert table[a, a] == expected[a], (unit, a)
    for a, b in combinations(CODES, 2):
        assert table[a, b] == table[b, a] == expected[f"{short[a]}-{short[b]}"], (unit, a, b)


@pytest.mark.parametrize("unit", ["sentence", "turn", "source"])
@pytest.mark.parametrize("pending", [False, True])
def test_cooccurrence_equals_an_independent_count(coded: Project, unit: str, pending: bool) -> None:
    touched: dict[str, set[object]] = {code: set() for code in CODES}
    for coding in counted(coded, pending=pending):
        touched[coding.code] |= units(coded, coding, unit)
    table = _table(cooccurrence(coded, Scope(include_pending=pending), unit=unit))
    jaccard = _table(cooccurrence(coded, Scope(include_pending=pending), unit=unit, jaccard=True))
    for a in CODES:
        for b in CODES:
            both, either = touched[a] & touched[b], touched[a] | touched[b]
            assert table[a, b] == len(both)
            assert jaccard[a, b] == pytest.approx(len(both) / len(either) if either else 0.0)


def test_cooccurrence_pairs_list_the_pairs_that_occur_together(coded: Project) -> None:
    pairs = cooccurrence(coded, Scope(), unit="turn", pairs=True)
    assert list(pairs.columns) == ["code_a", "code_b", "together", "units_a", "units_b", "jaccard"]
    rows = {(r["code_a"], r["code_b"]): r for r in pairs.to_dict(orient="records")}
    assert set(rows) == {
        ("pandemin", "na-industrin"),
        ("pandemin", "digitala-moten"),
        ("na-industrin", "digitala-moten"),
    }
    assert rows["pandemin", "na-industrin"]["jaccard"] == pytest.approx(1 / (3 + 2 - 1))
    assert cooccurrence(coded, Scope(), pairs=True)["code_a"].tolist() == ["pandemin"]


def test_cooccurrence_of_one_coder_only(coded: Project) -> None:
    table = _table(cooccurrence(coded, Scope(coder="anna")))
    assert table["pandemin", "na-industrin"] == 0  # only erik's S1–S2 coding meets pandemin
    assert table["na-industrin", "na-industrin"] == 2  # S2 and the header
