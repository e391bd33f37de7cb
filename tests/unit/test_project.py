"""The project file: creation, opening, schema, and refusing what is not a project."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from coder.errors import CodebookError, ProjectError
from coder.services.project import Project, project_path
from coder.services.setup import create_project
from coder.storage import migrations


def test_project_init_creates_wal_file_with_foreign_keys(project: Project) -> None:
    assert project.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert project.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert project.language == "sv"


def test_project_schema_is_made_by_numbered_migrations(project: Project) -> None:
    names = [
        row[0] for row in project.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")
    ]
    assert names[:4] == [
        "0001_initial_schema",
        "0002_positions",
        "0003_pseudonyms_and_coded_segments",
        "0004_suggestions",
    ]
    assert names == migrations.KNOWN


def test_project_open_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match=r"no project at .*nothing\.db"):
        Project.open(tmp_path / "nothing.db")


def test_project_open_refuses_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(ProjectError, match="not a coder project"):
        Project.open(path)
    assert path.read_text(encoding="utf-8") == "hello"


def test_project_open_refuses_another_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(ProjectError, match="SQLite file but not a coder project"):
        Project.open(path)


def test_project_open_refuses_a_newer_schema(project: Project, project_path: Path) -> None:
    project.conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
        ["coder", "0999_from_the_future", "2030-01-01"],
    )
    project.close()
    with pytest.raises(ProjectError, match="newer version of coder"):
        Project.open(project_path)


def test_project_init_refuses_existing_file(project: Project, project_path: Path) -> None:
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(project_path)


def test_project_init_with_bad_codebook_leaves_no_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nlanguage: sv\ncodes:\n  - id: a\n    name: A\n    colour: red\n")
    target = tmp_path / "p.db"
    with pytest.raises(CodebookError):
        create_project(target, language="sv", codebook=bad)
    assert not target.exists()


def test_project_path_comes_from_option_then_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CODER_PROJECT", "/data/study.db")
    assert project_path(None) == Path("/data/study.db")
    assert project_path("mine.db") == Path("mine.db")
    monkeypatch.delenv("CODER_PROJECT")
    assert project_path(None) == Path("coder.db")
