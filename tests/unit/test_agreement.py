"""Agreement between coders: units, sources coded by both, the model as a coder, the commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coder.domain.coding import Status
from coder.errors import AgreementError
from coder.services.agreement.coders import coder_list, default_pair
from coder.services.agreement.statistics import agreement
from coder.services.agreement.units import Request, decide
from coder.services.project import Project
from tests.conftest import RunCli
from tests.unit.agreement_project import code_as, code_fixture, suggest


def test_agreement_segment_units_are_turns_and_paragraphs(imported: Project) -> None:
    decisions = decide(code_fixture(imported), Request(("anna", "bo"), unit="segment"))
    # doc01: three paragraphs; int01: the two answers (the questions are left out).
    assert [(u.source, u.index) for u in decisions.units] == [
        ("doc01", 0),
        ("doc01", 1),
        ("doc01", 2),
        ("int01", 1),
        ("int01", 3),
    ]
    assert decisions.coded["anna"]["pandemin"] == {2, 3}
    # bo coded the first of the answer's two sentences: 49 of its 94 characters.
    assert decisions.coded["bo"]["pandemin"] == {2, 3}
    assert decisions.coded["bo"].get("digitala-moten", frozenset()) == frozenset()


def test_agreement_interviewer_turns_only_when_asked(imported: Project) -> None:
    code_fixture(imported)
    left_out = decide(imported, Request(("anna", "bo"), unit="sentence"))
    counted = decide(imported, Request(("anna", "bo"), unit="sentence", include_interviewer=True))
    assert len(left_out.units) == 7
    assert len(counted.units) == 9
    question = next(i for i, u in enumerate(counted.units) if u.is_interviewer)
    assert question in counted.coded["bo"]["pandemin"]


def test_agreement_source_units_count_any_coding(imported: Project) -> None:
    decisions = decide(code_fixture(imported), Request(("anna", "bo"), unit="source"))
    assert [u.source for u in decisions.units] == ["doc01", "int01"]
    assert decisions.coded["bo"]["digitala-moten"] == {1}
    assert decisions.coded["anna"]["na-industrin"] == {0, 1}


def test_agreement_only_sources_both_coders_coded(imported: Project) -> None:
    code_as(imported, "anna", "doc01", "Pandemin har försenat", "pandemin")
    code_as(imported, "anna", "int01", "Vi hade ca. 20 möten.", "digitala-moten")
    code_as(imported, "bo", "int01", "Vi hade ca. 20 möten.", "digitala-moten")
    report = agreement(imported, Request(("anna", "bo"), unit="sentence"))
    assert report.sources == ["int01"]
    assert report.units == 4
    # anna's coding in doc01, which bo has not coded, does not count against him.
    assert report.overall.kappa == 1.0


def test_agreement_refuses_unknown_missing_and_lone_coders(imported: Project) -> None:
    code_fixture(imported)
    with pytest.raises(AgreementError, match="no coder named 'bob' \\(did you mean 'bo'\\?\\)"):
        agreement(imported, Request(("anna", "bob")))
    with pytest.raises(AgreementError, match="at least two coders"):
        agreement(imported, Request(("anna",)))
    with pytest.raises(AgreementError, match="named twice"):
        agreement(imported, Request(("anna", "anna")))
    with pytest.raises(AgreementError, match="unknown unit"):
        agreement(imported, Request(("anna", "bo"), unit="word"))
    with pytest.raises(AgreementError, match="no code with the id 'nope'"):
        agreement(imported, Request(("anna", "bo"), codes=("nope",)))


def test_agreement_a_coder_who_coded_nothing(imported: Project) -> None:
    code_fixture(imported)
    with imported.transaction() as conn:
        conn.execute("INSERT INTO coders (name, created_at) VALUES ('cecilia', 'now')")
    with pytest.raises(AgreementError, match="cecilia has not coded anything yet"):
        agreement(imported, Request(("anna", "cecilia")))
    with pytest.raises(AgreementError, match="the model has made no suggestions yet"):
        agreement(imported, Request(("anna", "model")))


def test_agreement_no_source_coded_by_both(imported: Project) -> None:
    code_as(imported, "anna", "doc01", "Pandemin har försenat", "pandemin")
    code_as(imported, "bo", "int01", "Vi hade ca. 20 möten.", "digitala-moten")
    with pytest.raises(AgreementError, match="no source has been coded by both anna and bo"):
        agreement(imported, Request(("anna", "bo")))


def test_agreement_sources_and_codes_narrow_it(imported: Project) -> None:
    code_fixture(imported)
    report = agreement(
        imported,
        Request(("anna", "bo"), unit="sentence", sources=("int01",), codes=("utmaningar",)),
    )
    assert report.sources == ["int01"]
    assert [row.code_id for row in report.rows] == ["pandemin", "na-industrin"]


def test_agreement_the_model_as_a_coder(imported: Project) -> None:
    code_fixture(imported)
    sentence = "Pandemin har försenat arbetet med testbädden."
    suggest(imported, "doc01", sentence, "pandemin", Status.PENDING)
    suggest(imported, "int01", "Vi hade ca. 20 möten.", "digitala-moten", Status.ACCEPTED)
    suggest(imported, "int01", "De fungerade bättre än väntat.", "pandemin", Status.REJECTED)
    decisions = decide(imported, Request(("anna", "model"), unit="sentence"))
    assert decisions.coded["model"] == {"pandemin": {2}, "digitala-moten": {6}}
    assert [c.name for c in coder_list(imported)][-1] == "model"


def test_agreement_coders_and_default_pair(imported: Project) -> None:
    code_fixture(imported)
    code_as(imported, "cecilia", "doc01", "Pandemin har försenat", "pandemin")
    counts = {c.name: c.codings for c in coder_list(imported)}
    assert counts == {"anna": 5, "bo": 5, "cecilia": 1}
    assert default_pair(imported) == ("anna", "bo")


def _coded_project(run: RunCli, codebook_file: Path, corpus: Path) -> None:
    run("init", "--codebook", str(codebook_file))
    run("import", str(corpus))
    with Project.open(run.project_path, coder="anna") as project:
        code_fixture(project)


def test_agreement_cli_table_states_the_rule(
    run: RunCli, codebook_file: Path, corpus: Path
) -> None:
    _coded_project(run, codebook_file, corpus)
    result = run("agreement", "--coders", "anna", "bo", "--unit", "sentence")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("anna vs bo: 7 sentences in the 2 sources coded by both")
    assert "interviewer turns left out" in lines[0]
    assert lines[1].startswith("rule: a sentence counts for a code when")
    assert "(overall)" in result.stdout
    digital = next(line for line in lines if line.startswith("digitala-moten"))
    assert digital.split()[1:4] == ["2", "0", "0"]
    assert "—" in digital  # precision: bo never used the code


def test_agreement_cli_csv_and_json(run: RunCli, codebook_file: Path, corpus: Path) -> None:
    _coded_project(run, codebook_file, corpus)
    csv = run("agreement", "--coders", "anna,bo", "--format", "csv")
    assert csv.stdout.splitlines()[0] == (
        "code,anna,bo,both,agreement,kappa,alpha,precision,recall,f1"
    )
    assert "rule:" in csv.stderr
    data = json.loads(
        run("agreement", "--coders", "anna", "--coders", "bo", "--format", "json").stdout
    )
    assert data["unit"] == "segment"
    assert data["coders"] == ["anna", "bo"]
    assert data["rule"].startswith("a turn or paragraph counts")
    digital = next(row for row in data["codes"] if row["code"] == "digitala-moten")
    assert digital["precision"] is None
    assert data["overall"]["name"] == "(overall)"


def test_agreement_cli_errors_are_one_line(run: RunCli, codebook_file: Path, corpus: Path) -> None:
    _coded_project(run, codebook_file, corpus)
    result = run("agreement", "--coders", "anna", "zoe")
    assert result.exit_code == 1
    assert "no coder named 'zoe'; coders in this project: anna, bo" in result.stderr
    assert run("agreement", "anna", "bo").exit_code != 0


def test_agreement_cli_coders_lists_counts(run: RunCli, codebook_file: Path, corpus: Path) -> None:
    _coded_project(run, codebook_file, corpus)
    rows = json.loads(run("coders", "--format", "json").stdout)
    assert [(r["coder"], r["codings"], r["sources"]) for r in rows] == [
        ("anna", 5, 2),
        ("bo", 5, 2),
    ]


def test_agreement_on_the_demo_is_sensible(tmp_path: Path) -> None:
    from coder.services.setup import build_demo

    with build_demo(tmp_path / "demo.db") as demo:
        report = agreement(demo, Request(("karin", "johan")))
        sentences = agreement(demo, Request(("karin", "johan"), unit="sentence"))
    assert report.sources == [
        "doc01-lagesrapport-vasterbotten",
        "doc03-slutrapport-gavleborg",
        "int01-vasterbotten",
        "int06-varmland",
    ]
    # Two researchers who mostly agree, but not always: kappa well above chance, below one.
    for result in (report, sentences):
        assert result.overall.kappa is not None
        assert 0.5 < result.overall.kappa < 0.95
        assert result.overall.alpha == pytest.approx(result.overall.kappa, abs=0.01)
