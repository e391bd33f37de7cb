"""Theme summaries: counts per code and theme, shares, cases, breakdowns, scopes, the schema."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from coder.errors import ReportError
from coder.services.project import Project
from coder.services.reports.scope import Scope
from coder.services.reports.summary import summary
from tests.unit import report_project
from tests.unit.report_project import (
    attributes,
    counted,
    reference_code_rows,
    reference_theme_rows,
)


@pytest.fixture
def coded(project: Project, tmp_path: Path) -> Project:
    return report_project.build(project, tmp_path / "corpus")


def _rows(frame: pd.DataFrame) -> dict[tuple[str, str], dict[str, object]]:
    return {(row["level"], row["code_id"]): row for row in frame.to_dict(orient="records")}


def test_summary_counts_match_the_figures_worked_out_by_hand(coded: Project) -> None:
    rows = _rows(summary(coded, Scope()))
    figures = {key: (r["codings"], r["sources"], r["cases"]) for key, r in rows.items()}
    assert figures == {
        # int_a twice (anna, erik), int_b, doc; cases: A only (doc has none)
        ("code", "pandemin"): (4, 3, 1),
        # int_a: S2 (anna), S1–S2 (erik), the header (anna)
        ("code", "na-industrin"): (3, 1, 1),
        ("code", "digitala-moten"): (2, 2, 2),
        # sentences: int_a S1, S2 and the header coding; int_b S1; doc S1
        ("theme", "utmaningar"): (5, 3, 1),
        ("theme", "lardomar"): (2, 2, 2),
    }
    assert rows["code", "pandemin"]["share_of_sources"] == pytest.approx(3 / 4)
    assert rows["theme", "lardomar"]["share_of_sources"] == pytest.approx(2 / 4)
    assert rows["code", "pandemin"]["theme"] == "Utmaningar"
    assert rows["code", "pandemin"]["code"] == "Pandemins påverkan"


def test_summary_rows_are_grouped_under_their_theme_in_codebook_order(coded: Project) -> None:
    frame = summary(coded, Scope())
    assert list(zip(frame["level"], frame["code_id"], strict=True)) == [
        ("theme", "utmaningar"),
        ("code", "pandemin"),
        ("code", "na-industrin"),
        ("theme", "lardomar"),
        ("code", "digitala-moten"),
    ]
    assert list(frame.columns) == [
        "level", "theme", "code", "code_id", "codings", "sources", "cases", "share_of_sources"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("scope", "coder", "pending", "sources"),
    [
        (Scope(), None, False, None),
        (Scope(coder="anna"), "anna", False, None),
        (Scope(coder="erik"), "erik", False, None),
        (Scope(include_pending=True), None, True, None),
        (Scope(sources=("int_a", "int_c")), None, False, {"int_a", "int_c"}),
        (Scope(kinds=("interview",)), None, False, {"int_a", "int_b", "int_c"}),
    ],
    ids=["all", "anna", "erik", "with pending", "two sources", "interviews"],
)
def test_summary_equals_an_independent_count_in_every_scope(
    coded: Project,
    scope: Scope,
    coder: str | None,
    pending: bool,
    sources: set[str] | None,
) -> None:
    codings = [
        c
        for c in counted(coded, coder=coder, pending=pending)
        if sources is None or c.source in sources
    ]
    in_scope = len(sources) if sources else 4
    rows = _rows(summary(coded, scope))
    for code, (count, where) in reference_code_rows(codings).items():
        row = rows["code", code]
        assert (row["codings"], row["sources"]) == (count, len(where)), code
        assert row["share_of_sources"] == pytest.approx(len(where) / in_scope)
    for theme, (units, where) in reference_theme_rows(coded, codings).items():
        row = rows["theme", theme]
        assert (row["codings"], row["sources"]) == (len(units), len(where)), theme
    expected_total = len(codings)
    assert sum(r["codings"] for (level, _), r in rows.items() if level == "code") == expected_total


def test_summary_pending_counts_only_when_asked_and_rejected_never(coded: Project) -> None:
    plain = _rows(summary(coded, Scope()))
    pending = _rows(summary(coded, Scope(include_pending=True)))
    assert plain["code", "pandemin"]["codings"] == 4
    assert pending["code", "pandemin"]["codings"] == 5  # the suggestion on int_a S3
    assert pending["theme", "utmaningar"]["codings"] == 6  # S3 is a new sentence for the theme
    assert pending["code", "na-industrin"]["codings"] == 3  # the rejected one never counts


def test_summary_by_region_has_one_column_per_value(coded: Project) -> None:
    frame = summary(coded, Scope(), by="region")
    rows = _rows(frame)
    assert [c for c in frame.columns if "=" in c] == ["region=Norr", "region=Syd"]
    by = {key: (r["region=Norr"], r["region=Syd"]) for key, r in rows.items()}
    assert by == {
        ("code", "pandemin"): (3, 1),
        ("code", "na-industrin"): (3, 0),
        ("code", "digitala-moten"): (1, 1),
        ("theme", "utmaningar"): (4, 1),
        ("theme", "lardomar"): (1, 1),
    }


def test_summary_by_value_in_sources_and_shares(coded: Project) -> None:
    sources = _rows(summary(coded, Scope(), by="region", measure="sources"))
    shares = _rows(summary(coded, Scope(), by="region", measure="share"))
    assert (
        sources["code", "pandemin"]["region=Norr"],
        sources["code", "pandemin"]["region=Syd"],
    ) == (
        2,
        1,
    )
    # Norr: int_a and int_b both have pandemin; Syd: doc has, int_c has not
    assert shares["code", "pandemin"]["region=Norr"] == pytest.approx(1.0)
    assert shares["code", "pandemin"]["region=Syd"] == pytest.approx(0.5)
    assert shares["theme", "lardomar"]["region=Syd"] == pytest.approx(0.5)


def test_summary_by_an_attribute_some_sources_lack_has_a_none_column(coded: Project) -> None:
    frame = summary(coded, Scope(), by="case")
    assert [c for c in frame.columns if "=" in c] == ["case=A", "case=B", "case=(none)"]
    rows = _rows(frame)
    assert rows["code", "pandemin"]["case=(none)"] == 1  # the document


def test_summary_has_no_cases_column_without_a_case_attribute(imported: Project) -> None:
    assert "cases" not in summary(imported, Scope()).columns


def test_summary_codes_bring_their_subtree_and_narrow_the_theme(coded: Project) -> None:
    only = _rows(summary(coded, Scope(codes=("pandemin",))))
    assert set(only) == {("theme", "utmaningar"), ("code", "pandemin")}
    assert only["theme", "utmaningar"]["codings"] == 3  # int_a S1, int_b S1, doc S1
    theme = _rows(summary(coded, Scope(codes=("lardomar",))))
    assert set(theme) == {("theme", "lardomar"), ("code", "digitala-moten")}


@pytest.mark.parametrize(
    ("scope", "by", "message"),
    [
        (Scope(codes=("pandemi", "nope")), None, r"no codes with the ids 'pandemi', 'nope'"),
        (Scope(codes=("pandemi",)), None, r"'pandemi' \(did you mean 'pandemin'\?\)"),
        (Scope(sources=("int_x",)), None, r"no source named 'int_x'"),
        (Scope(coder="olle"), None, r"no coder named 'olle'.*anna, erik"),
        (Scope(kinds=("video",)), None, r"unknown source kind 'video'"),
        (Scope(), "regoin", r"no source has an attribute 'regoin' \(did you mean 'region'\?\)"),
    ],
)
def test_summary_unknown_names_are_one_clear_error(
    coded: Project, scope: Scope, by: str | None, message: str
) -> None:
    with pytest.raises(ReportError, match=message):
        summary(coded, scope, by=by)


def test_summary_of_sources_without_codings_counts_zero(imported: Project) -> None:
    frame = summary(imported, Scope())
    assert frame["codings"].sum() == 0
    assert set(frame["share_of_sources"]) == {0.0}


def test_summary_attributes_come_from_the_attributes_file(coded: Project) -> None:
    assert attributes(coded)["int_a"] == {"case": "A", "region": "Norr"}


def _touched(project: Project) -> dict[int, tuple[object, object]]:
    rows = project.conn.execute("SELECT id, first_segment, last_segment FROM codings")
    return {row[0]: (row[1], row[2]) for row in rows}


def test_summary_codings_know_the_sentences_they_touch(coded: Project) -> None:
    touched = _touched(coded)
    assert touched[1] == (1, 1)  # int_a S1
    assert touched[4] == (1, 2)  # erik's S1–S2
    assert touched[5] == (None, None)  # the header: no sentence


def test_summary_undo_of_a_removal_brings_the_sentences_back(coded: Project) -> None:
    from coder.services.coding import remove_coding, undo

    before = _touched(coded)[4]
    coded.coder = "erik"
    remove_coding(coded, 4)
    undo(coded)
    assert _touched(coded)[4] == before


def test_summary_migration_0003_fills_in_an_older_project(
    coded: Project, project_path: Path
) -> None:
    before = _touched(coded)
    report_project.forget_migration_0005(coded)
    with coded.transaction() as conn:
        for trigger in ("codings_segments_on_insert", "codings_segments_on_update"):
            conn.execute(f"DROP TRIGGER {trigger}")
        for index in ("codings_units", "codings_tally", "codings_outside", "segments_start"):
            conn.execute(f"DROP INDEX {index}")
        conn.execute("ALTER TABLE codings DROP COLUMN first_segment")
        conn.execute("ALTER TABLE codings DROP COLUMN last_segment")
        conn.execute("DROP TABLE pseudonyms")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name LIKE '0003%'")
    coded.close()
    with Project.open(project_path, coder="anna") as reopened:
        assert _touched(reopened) == before
        assert summary(reopened, Scope())["codings"].tolist() == [5, 4, 3, 2, 2]
