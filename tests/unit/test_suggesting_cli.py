"""The suggestion commands as a user runs them: suggest, suggestions, evaluate."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from coder.services.project import Project
from tests.conftest import RunCli
from tests.suggestion_project import fill


@pytest.fixture
def run_learnt(project: Project, tmp_path: Path, project_path: Path) -> RunCli:
    fill(project, tmp_path)
    project.close()
    return RunCli(project_path)


def test_suggesting_cli_suggest_prints_per_code_counts_and_cross_validated_precision(
    run_learnt: RunCli,
) -> None:
    result = run_learnt("suggest", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = {row["code"]: row for row in json.loads(result.stdout)}
    assert rows["pandemin"]["by_model"] >= 1 and rows["pandemin"]["cv_precision"] is not None
    assert rows["digitala-moten"]["note"] == "no accepted codings yet; needs 5"
    assert "suggestions in" in result.stderr and "model m-" in result.stderr


def test_suggesting_cli_export_has_the_documented_columns(run_learnt: RunCli) -> None:
    run_learnt("suggest")
    exported = run_learnt("suggestions", "export", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert rows
    assert list(rows[0])[:9] == [
        "source", "start", "end", "code", "score", "origin", "status", "reason", "model",
    ]  # fmt: skip
    assert {row["status"] for row in rows} == {"pending"}


def test_suggesting_cli_bulk_accept_then_undo(run_learnt: RunCli) -> None:
    run_learnt("suggest", "--min-score", "0")
    before = json.loads(run_learnt("suggestions", "export", "--format", "json").stdout)
    pending = [s for s in before if s["code"] == "pandemin"]
    accepted = run_learnt("suggestions", "accept", "--code", "pandemin", coder="bo")
    assert accepted.exit_code == 0, accepted.stderr
    assert f"accepted {len(pending)} suggestions of pandemin as bo" in accepted.stderr
    after = json.loads(run_learnt("suggestions", "export", "--status", "accepted",
                                  "--format", "json").stdout)  # fmt: skip
    assert len(after) == len(pending) and {s["coder"] for s in after} == {"bo"}
    run_learnt("undo", coder="bo")
    again = json.loads(run_learnt("suggestions", "export", "--status", "accepted",
                                  "--format", "json").stdout)  # fmt: skip
    assert again == []


def test_suggesting_cli_reject_by_source_and_score(run_learnt: RunCli) -> None:
    run_learnt("suggest", "--min-score", "0")
    result = run_learnt("suggestions", "reject", "--code", "pandemin", "--source", "d",
                        "--min-score", "0.0")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    rejected = json.loads(run_learnt("suggestions", "export", "--status", "rejected",
                                     "--format", "json").stdout)  # fmt: skip
    assert rejected and {s["source"] for s in rejected} == {"d"}


def test_suggesting_cli_evaluate_splits_by_source_and_reports_micro_and_macro(
    run_learnt: RunCli,
) -> None:
    result = run_learnt("evaluate", "--folds", "2", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [row["code"] for row in rows][-2:] == ["(micro)", "(macro)"]
    assert "2-fold cross-validation by source" in result.stderr


def test_suggesting_cli_evaluate_refuses_more_folds_than_sources(run_learnt: RunCli) -> None:
    result = run_learnt("evaluate", "--folds", "5")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "3 coded sources cannot be split into 5 folds by source" in result.stderr


def test_suggesting_cli_unknown_code_is_one_clear_line(run_learnt: RunCli) -> None:
    result = run_learnt("suggest", "--codes", "nosuch")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no codable code with id 'nosuch'; see the ids with 'coder codebook list'\n"
    )
