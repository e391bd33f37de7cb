"""Fixtures of the reliability tests: a closed project file with sources, and a corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.services.importing import ImportOptions, import_paths
from coder.services.setup import create_project
from tests.conftest import CODEBOOK_YAML
from tests.reliability.helpers import settle

MORE_TURNS = "".join(
    f"Intervjuare: Fråga {n} om projektet?\nMaria Lindqvist: Svar {n}: vi mötte företagen "
    f"digitalt och lärde oss mycket om pandemins påverkan på arbetet.\n"
    for n in range(40)
)


def write_corpus(folder: Path, files: int) -> list[Path]:
    """`files` interviews of a few thousand characters each, all different."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(files):
        path = folder / f"intervju{n:02}.txt"
        path.write_text(f"Intervju {n}\n\n{MORE_TURNS}Slut {n}.\n", encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def plain_codebook(tmp_path: Path) -> Path:
    """The test codebook without keywords: imports suggest nothing, codings are the tests'."""
    path = tmp_path / "plain-codebook.yaml"
    text = "".join(line for line in CODEBOOK_YAML.splitlines(True) if "keywords:" not in line)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def project_file(tmp_path: Path, plain_codebook: Path, corpus: Path) -> Path:
    """A closed project with the test codebook and two sources, its WAL folded in."""
    path = tmp_path / "work.db"
    with create_project(path, language="sv", codebook=plain_codebook, coder="anna") as project:
        import_paths(project, [corpus], ImportOptions())
    settle(path)
    return path
