"""Codings CSV import and export: checked row by row; a bad row imports nothing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from coder.errors import CodingError, ReadError
from coder.services.codings_csv import export_codings, import_codings
from coder.services.project import Project
from coder.storage import codings as coding_store


def _text(project: Project, source: str) -> str:
    return str(
        project.conn.execute("SELECT text FROM sources WHERE name = ?", [source]).fetchone()[0]
    )


def _csv(tmp_path: Path, rows: list[dict[str, object]]) -> Path:
    path = tmp_path / "codings.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _row(project: Project, words: str, code: str, **extra: object) -> dict[str, object]:
    start = _text(project, "int01").index(words)
    return {
        "source": "int01",
        "start": start,
        "end": start + len(words),
        "code": code,
        "coder": "karin",
        "text": words,
        **extra,
    }


def test_codings_csv_import_then_export_round_trips(imported: Project, tmp_path: Path) -> None:
    rows = [
        _row(imported, "vi fick ställa in alla företagsbesök", "pandemin", memo="tydligt"),
        _row(imported, "De fungerade bättre än väntat.", "digitala-moten"),
    ]
    result = import_codings(imported, _csv(tmp_path, rows))
    assert (result.added, result.already_there) == (2, 0)
    exported = list(csv.DictReader(io.StringIO(export_codings(imported, fmt="csv"))))
    assert [(r["code"], r["text"], r["coder"], r["origin"], r["memo"]) for r in exported] == [
        ("pandemin", "vi fick ställa in alla företagsbesök", "karin", "import", "tydligt"),
        ("digitala-moten", "De fungerade bättre än väntat.", "karin", "import", ""),
    ]
    again = import_codings(imported, _csv(tmp_path, rows))
    assert (again.added, again.already_there) == (0, 2)


def test_codings_csv_export_json_has_the_same_columns(imported: Project, tmp_path: Path) -> None:
    import_codings(
        imported, _csv(tmp_path, [_row(imported, "Vi hade ca. 20 möten.", "digitala-moten")])
    )
    records = json.loads(export_codings(imported, fmt="json"))
    assert list(records[0]) == [
        "source",
        "start",
        "end",
        "code",
        "coder",
        "text",
        "status",
        "origin",
        "score",
        "memo",
    ]


def test_codings_csv_text_mismatch_names_the_row_and_imports_nothing(
    imported: Project, tmp_path: Path
) -> None:
    good = _row(imported, "De fungerade bättre än väntat.", "digitala-moten")
    bad = _row(imported, "Vi hade ca. 20 möten.", "digitala-moten")
    bad["text"] = "Vi hade ca. 30 möten."
    with pytest.raises(CodingError, match=r"codings.csv, line 3: the text does not match"):
        import_codings(imported, _csv(tmp_path, [good, bad]))
    assert coding_store.list_codings(imported.conn) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"source": "int77"}, "no source named 'int77'"),
        ({"code": "okand"}, "no code with id 'okand'"),
        ({"end": 999_999}, "offsets .* are outside source 'int01'"),
        ({"start": "tolv"}, "start 'tolv' is not a whole number"),
        ({"status": "maybe"}, "unknown status 'maybe'"),
    ],
)
def test_codings_csv_bad_row_is_one_error_naming_it(
    imported: Project, tmp_path: Path, change: dict[str, object], message: str
) -> None:
    row = {**_row(imported, "De fungerade bättre än väntat.", "digitala-moten"), **change}
    row.pop("text")
    with pytest.raises(CodingError, match=f"line 2: {message}"):
        import_codings(imported, _csv(tmp_path, [row]))


def test_codings_csv_missing_columns_are_named(imported: Project, tmp_path: Path) -> None:
    path = tmp_path / "codings.csv"
    path.write_text("source,start,end\nint01,0,5\n", encoding="utf-8")
    with pytest.raises(ReadError, match="lacks the columns code, coder"):
        import_codings(imported, path)
