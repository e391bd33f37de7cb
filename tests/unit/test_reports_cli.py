"""The report commands as users and scripts meet them: formats, files, pseudonyms, start-up."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from coder.services.project import Project
from tests.conftest import RunCli
from tests.unit import report_project
from tests.unit.test_pseudonyms import IDENTIFIERS, NAMES


@pytest.fixture
def coded(project: Project, tmp_path: Path, run: RunCli) -> RunCli:
    report_project.build(project, tmp_path / "corpus")
    return run


def test_reports_cli_summary_as_csv_and_json(coded: RunCli) -> None:
    result = coded("summary", "--by", "region", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == [
        "level", "theme", "code", "code_id", "codings", "sources", "cases", "share_of_sources",
        "region=Norr", "region=Syd",
    ]  # fmt: skip
    first = rows[0]
    assert (first["level"], first["code_id"], first["codings"], first["share_of_sources"]) == (
        "theme",
        "utmaningar",
        "5",
        "0.75",
    )
    records = json.loads(coded("summary", "--format", "json", "--coder", "erik").stdout)
    assert {r["code_id"]: r["codings"] for r in records}["pandemin"] == 1


def test_reports_cli_summary_table_indents_codes_under_themes(coded: RunCli) -> None:
    lines = coded("summary").stdout.splitlines()
    assert lines[0].split()[:4] == ["code", "code_id", "codings", "sources"]
    assert lines[2].startswith("Utmaningar ")
    assert lines[3].startswith("  Pandemins påverkan ")


def test_reports_cli_summary_to_xlsx(coded: RunCli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    output = tmp_path / "summary.xlsx"
    result = coded("summary", "--include-pending", "-o", str(output))
    assert result.exit_code == 0, result.stderr
    assert f"wrote {output}" in result.stderr
    sheet = load_workbook(output).active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:6] == ["level", "theme", "code", "code_id", "codings", "sources"]
    assert values[1][:6] == ["theme", "Utmaningar", "Utmaningar", "utmaningar", 6, 3]
    assert values[2][3:5] == ["pandemin", 5]
    mode = stat.S_IMODE(output.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_reports_cli_output_suffix_chooses_the_format(coded: RunCli, tmp_path: Path) -> None:
    output = tmp_path / "summary.md"
    assert coded("summary", "-o", str(output)).exit_code == 0
    assert output.read_text(encoding="utf-8").startswith("| level ")


def test_reports_cli_matrix_and_cooccurrence(coded: RunCli) -> None:
    matrix = coded("matrix", "--rows", "region", "--binary", "--format", "csv").stdout
    assert matrix.splitlines() == [
        "region,pandemin,na-industrin,digitala-moten",
        "Norr,1,1,1",
        "Syd,1,0,1",
    ]
    square = coded("cooccurrence", "--format", "csv").stdout.splitlines()
    assert square[0] == "code,pandemin,na-industrin,digitala-moten"
    assert square[1] == "pandemin,3,1,0"
    pairs = json.loads(
        coded("cooccurrence", "--unit", "source", "--pairs", "--format", "json").stdout
    )
    assert {(p["code_a"], p["code_b"]) for p in pairs} == {
        ("pandemin", "na-industrin"),
        ("pandemin", "digitala-moten"),
        ("na-industrin", "digitala-moten"),
    }


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "md"])
def test_reports_cli_quotes_pseudonymized_hold_no_name_or_identifier(
    coded: RunCli, tmp_path: Path, suffix: str
) -> None:
    assert coded("pseudonyms", "add", "Karin Ek", "Kollega A").exit_code == 0
    output = tmp_path / f"quotes.{suffix}"
    result = coded("quotes", "--pseudonymize", "--by", "region", "-o", str(output))
    assert result.exit_code == 0, result.stderr
    if suffix == "xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(output).active
        assert sheet is not None
        text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row)
    else:
        text = output.read_text(encoding="utf-8")
    assert "Respondent 2" in text and "Kollega A" in text and "telefon" in text  # [telefon]
    for secret in (*NAMES, *IDENTIFIERS):
        assert secret not in text, secret
    plain = coded("quotes", "--format", "csv").stdout
    assert "Karin Ek" in plain and "Olle Berg" in plain


def test_reports_cli_report_writes_the_document(coded: RunCli, tmp_path: Path) -> None:
    from docx import Document

    output = tmp_path / "rapport.docx"
    result = coded("report", "-o", str(output), "--language", "en", "--quotes", "1", "--by", "case")
    assert result.exit_code == 0, result.stderr
    headings = [p.text for p in Document(str(output)).paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Summary", "Utmaningar", "Lärdomar"]
    markdown = tmp_path / "rapport.md"
    assert coded("report", "-o", str(markdown)).exit_code == 0
    assert (tmp_path / "rapport-utmaningar.png").exists()


def test_reports_cli_pseudonyms_add_list_remove(coded: RunCli) -> None:
    assert (
        "added Karin Ek → Kollega A" in coded("pseudonyms", "add", "Karin Ek", "Kollega A").stderr
    )
    listed = json.loads(coded("pseudonyms", "list", "--format", "json").stdout)
    assert listed == [{"name": "Karin Ek", "alias": "Kollega A"}]
    assert "removed Karin Ek" in coded("pseudonyms", "remove", "karin ek").stderr
    assert json.loads(coded("pseudonyms", "list", "--format", "json").stdout) == []


def test_reports_cli_codings_exemplar_marks_and_unmarks(coded: RunCli) -> None:
    assert "coding 7 is now an exemplar" in coded("codings", "exemplar", "7").stderr
    assert "already an exemplar" in coded("codings", "exemplar", "7").stderr
    rows = list(csv.DictReader(io.StringIO(coded("quotes", "--format", "csv").stdout)))
    assert {r["id"]: r["exemplar"] for r in rows}["7"] == "1"
    assert "now not an exemplar" in coded("codings", "exemplar", "7", "--off").stderr


def test_reports_cli_start_up_loads_no_pandas_or_matplotlib() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import coder.main"],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in result.stderr.splitlines()}
    assert not loaded & {"pandas", "numpy", "matplotlib", "docx", "openpyxl", "sklearn"}
