"""The code × source matrix: counts or 0/1 per source or attribute value, for R and Excel."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from coder.services.project import Project
from coder.services.reports.scope import Scope
from coder.services.reports.summary import matrix
from tests.unit import report_project
from tests.unit.report_project import attributes, counted

CODES = ["pandemin", "na-industrin", "digitala-moten"]


@pytest.fixture
def coded(project: Project, tmp_path: Path) -> Project:
    return report_project.build(project, tmp_path / "corpus")


def test_matrix_counts_codings_per_source_and_code(coded: Project) -> None:
    frame = matrix(coded, Scope())
    assert frame.index.name == "source"
    assert list(frame.columns) == CODES
    assert frame.to_dict(orient="index") == {
        "doc": {"pandemin": 1, "na-industrin": 0, "digitala-moten": 0},
        "int_a": {"pandemin": 2, "na-industrin": 3, "digitala-moten": 1},
        "int_b": {"pandemin": 1, "na-industrin": 0, "digitala-moten": 0},
        "int_c": {"pandemin": 0, "na-industrin": 0, "digitala-moten": 1},
    }


@pytest.mark.parametrize(
    ("scope", "coder", "pending"),
    [
        (Scope(), None, False),
        (Scope(coder="erik"), "erik", False),
        (Scope(include_pending=True), None, True),
    ],
    ids=["all", "erik", "with pending"],
)
def test_matrix_equals_an_independent_count(
    coded: Project, scope: Scope, coder: str | None, pending: bool
) -> None:
    expected = Counter((c.source, c.code) for c in counted(coded, coder=coder, pending=pending))
    frame = matrix(coded, scope)
    found = {(s, c): int(frame.loc[s, c]) for s in frame.index for c in frame.columns}
    assert found == {(s, c): expected.get((s, c), 0) for s in frame.index for c in frame.columns}


def test_matrix_binary_marks_presence(coded: Project) -> None:
    frame = matrix(coded, Scope(), binary=True)
    assert frame.loc["int_a"].tolist() == [1, 1, 1]
    assert frame.loc["int_c"].tolist() == [0, 0, 1]
    assert set(frame.to_numpy().ravel().tolist()) == {0, 1}


def test_matrix_rows_by_attribute_value_add_up_their_sources(coded: Project) -> None:
    frame = matrix(coded, Scope(), rows="region")
    assert frame.index.name == "region"
    assert frame.to_dict(orient="index") == {
        "Norr": {"pandemin": 3, "na-industrin": 3, "digitala-moten": 1},
        "Syd": {"pandemin": 1, "na-industrin": 0, "digitala-moten": 1},
    }
    by_case = matrix(coded, Scope(), rows="case", binary=True)
    assert list(by_case.index) == ["A", "B", "(none)"]
    assert by_case.loc["(none)"].tolist() == [1, 0, 0]
    regions = {name: attrs["region"] for name, attrs in attributes(coded).items()}
    assert sorted(set(regions.values())) == list(frame.index)


def test_matrix_keeps_sources_in_scope_without_codings(coded: Project) -> None:
    frame = matrix(coded, Scope(sources=("int_c", "doc"), codes=("utmaningar",)))
    assert list(frame.index) == ["doc", "int_c"]
    assert list(frame.columns) == ["pandemin", "na-industrin"]
    assert frame.loc["int_c"].tolist() == [0, 0]
