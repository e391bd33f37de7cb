"""Shared fixtures: project files in temporary folders, a small codebook, small sources."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from coder.main import cli
from coder.services.project import Project

CODEBOOK_YAML = """\
name: Test codebook
language: sv
description: A small codebook for tests.
codes:
  - id: utmaningar
    name: Utmaningar
    codable: false
    children:
      - id: pandemin
        name: Pandemins påverkan
        key: "2"
        color: "#e74c3c"
        keywords: [pandemi, covid]
      - id: na-industrin
        name: Att nå industrin
        key: "1"
  - id: lardomar
    name: Lärdomar
    codable: false
    children:
      - id: digitala-moten
        name: Digitala möten
        key: "6"
"""

INTERVIEW = """\
Intervju 3, Västerbotten
Datum: 2022-03-04

Intervjuare: Hur påverkade pandemin projektet?
Maria Lindqvist: Ja, alltså, vi fick ställa in alla företagsbesök.
Det var t.ex. svårt att nå de små företagen.
Intervjuare: Och de digitala mötena?
Maria Lindqvist: De fungerade bättre än väntat. Vi hade ca. 20 möten.
"""

DOCUMENT = """\
# Lägesrapport 2021

Projektet har genomfört tolv företagsbesök under året.

Pandemin har försenat arbetet med testbädden.
"""


@pytest.fixture
def codebook_file(tmp_path: Path) -> Path:
    path = tmp_path / "codebook.yaml"
    path.write_text(CODEBOOK_YAML, encoding="utf-8")
    return path


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return tmp_path / "project.db"


@pytest.fixture
def project(project_path: Path, codebook_file: Path) -> Iterator[Project]:
    from coder.services.setup import create_project

    with create_project(project_path, language="sv", codebook=codebook_file, coder="anna") as p:
        yield p


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "int01.txt").write_text(INTERVIEW, encoding="utf-8")
    (folder / "doc01.md").write_text(DOCUMENT, encoding="utf-8")
    return folder


@pytest.fixture
def imported(project: Project, corpus: Path) -> Project:
    from coder.services.importing import ImportOptions, import_paths

    import_paths(project, [corpus], ImportOptions())
    return project


@pytest.fixture
def lemma_tables_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The languages whose lemma table the test reads; it starts as a new process does, with no
    rules compiled yet."""
    from coder.nlp import matcher, pipeline

    read: list[str] = []
    real = pipeline.lemma_table

    def recorded(lang: str) -> dict[str, str]:
        read.append(lang)
        return real(lang)

    monkeypatch.setattr(matcher, "_COMPILED", {})
    monkeypatch.setattr(matcher, "_LAST", {})
    monkeypatch.setattr(pipeline, "lemma_table", recorded)
    return read


@pytest.fixture
def run(project_path: Path) -> RunCli:
    return RunCli(project_path)


class RunCli:
    """Runs `coder -p PROJECT …` in-process and returns the result."""

    def __init__(self, project_path: Path) -> None:
        self.project_path = project_path

    def __call__(self, *args: str, coder: str = "anna") -> Result:
        runner = CliRunner()
        return runner.invoke(
            cli, ["-p", str(self.project_path), "--coder", coder, *args], catch_exceptions=False
        )
