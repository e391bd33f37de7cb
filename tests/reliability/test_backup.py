"""Backups: `coder backup DEST` on demand, and automatic ones before migrations and bulk work."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from coder.errors import ProjectError
from coder.services.backup import automatic_backups, before_bulk, keep_backups
from coder.services.project import Project
from coder.storage import migrations
from coder.storage.backup import backup_folder
from tests.conftest import RunCli
from tests.reliability.helpers import (
    Worker,
    check_sound,
    digest,
    fill_old_project,
    make_old_project,
    settle,
)
from tests.unit.refi_files import project_xml, selection, text_source, write_qdpx


def _codings(path: Path) -> set[tuple[int, int, int, str]]:
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute('SELECT id, start, "end", code_id FROM codings').fetchall()
    return set(rows)


def test_backup_cli_writes_a_sound_copy_with_everything(project_file: Path, tmp_path: Path) -> None:
    run = RunCli(project_file)
    assert run("codings", "add", "int01", "0", "8", "pandemin").exit_code == 0
    result = run("backup", str(tmp_path / "copy.db"))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"backed up {project_file} to ")
    check_sound(tmp_path / "copy.db").close()
    assert _codings(tmp_path / "copy.db") == _codings(project_file)
    assert sorted(tmp_path.glob("copy.db*")) == [tmp_path / "copy.db"]  # one file, no WAL
    with Project.open(tmp_path / "copy.db") as copy:
        assert copy.conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 2


def test_backup_cli_into_a_folder_names_a_dated_copy(project_file: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    assert RunCli(project_file)("backup", str(folder)).exit_code == 0
    (made,) = folder.iterdir()
    assert made.name.startswith("work-") and made.suffix == ".db"
    check_sound(made).close()


@pytest.mark.parametrize(
    ("dest", "message"),
    [
        ("taken.db", r"taken\.db already exists; choose another name"),
        ("missing/copy.db", r"folder .*missing does not exist"),
        ("work.db", r"work\.db (already exists|is the project itself)"),
    ],
)
def test_backup_cli_refuses_with_one_line_and_writes_nothing(
    project_file: Path, tmp_path: Path, dest: str, message: str
) -> None:
    (tmp_path / "taken.db").write_text("mine", encoding="utf-8")
    before = digest(project_file)
    result = RunCli(project_file)("backup", str(tmp_path / dest))
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert re.search(message, result.stderr), result.stderr
    assert (tmp_path / "taken.db").read_text(encoding="utf-8") == "mine"
    assert digest(project_file) == before
    assert not list(tmp_path.glob(".*.partial"))


@pytest.mark.slow
def test_backup_while_another_process_codes_is_a_consistent_snapshot(
    project_file: Path, tmp_path: Path
) -> None:
    writer = Worker(["code", str(project_file), "bo", "150", "7"])
    copies = []
    with Project.open(project_file) as project:
        from coder.services.backup import backup_project

        while writer.process.poll() is None and len(copies) < 20:
            copies.append(backup_project(project, tmp_path / f"snap{len(copies)}.db"))
    writer.finish()
    final = _codings(project_file)
    for copy in copies:
        check_sound(copy).close()
        assert _codings(copy) <= final


def test_backup_before_a_migration_keeps_the_old_file(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    make_old_project(old, migrations=1)
    fill_old_project(old, sentences=10, codings=5)
    settle(old)
    with Project.open(old) as project:
        (made,) = automatic_backups(project)
    assert made.operation == "before-migration-0002"
    check_sound(made.path).close()
    with closing(sqlite3.connect(made.path)) as conn:
        names = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations")]
    assert names == migrations.KNOWN[:1]
    with Project.open(old) as project:  # up to date now: no second backup
        assert len(automatic_backups(project)) == 1


def test_backup_new_project_makes_no_backup(tmp_path: Path) -> None:
    Project.create(tmp_path / "new.db").close()
    assert not backup_folder(tmp_path / "new.db").exists()


def test_backup_before_bulk_keeps_the_latest_few(project_file: Path) -> None:
    with Project.open(project_file) as project:
        keep_backups(project, 3)
        made = [before_bulk(project, f"step {n}") for n in range(5)]
        kept = automatic_backups(project)
        assert [b.path for b in kept] == made[2:]
        assert [b.operation for b in kept] == ["step-2", "step-3", "step-4"]
        keep_backups(project, 0)
        assert automatic_backups(project) == []
        assert before_bulk(project, "merge") is None


def test_backup_cli_lists_and_limits_automatic_backups(project_file: Path) -> None:
    run = RunCli(project_file)
    with Project.open(project_file) as project:
        before_bulk(project, "suggestions accept")
        before_bulk(project, "merge")
    listed = run("backups", "list", "--format", "csv")
    assert listed.exit_code == 0
    lines = listed.stdout.splitlines()
    assert lines[0] == "made_at,before,bytes,file"
    assert [line.split(",")[1] for line in lines[1:]] == ["suggestions-accept", "merge"]
    kept = run("backups", "keep", "1")
    assert kept.stderr.strip() == "keeping the latest 1 automatic backups; removed 1 older ones"
    assert len(run("backups", "list", "--format", "json").stdout.split('"file"')) == 2


def test_backup_import_project_into_backs_up_first_but_not_for_a_refused_file(
    project_file: Path, tmp_path: Path
) -> None:
    text = "Anna: Pandemin stoppade alla företagsbesök.\n"
    good = write_qdpx(
        tmp_path / "good.qdpx", project_xml(text_source(selection(6, 14), path=None, content=text))
    )
    bad = write_qdpx(tmp_path / "bad.qdpx", "<Project><Users>")
    run = RunCli(project_file)
    assert run("import-project", str(bad), "--into", str(project_file)).exit_code == 1
    assert not backup_folder(project_file).exists()
    assert run("import-project", str(good), "--into", str(project_file)).exit_code == 0
    (made,) = backup_folder(project_file).iterdir()
    assert made.name.endswith("-import-project.db")
    with closing(sqlite3.connect(made)) as conn:
        assert conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 2


def test_backup_that_cannot_be_made_stops_the_bulk_operation(
    project_file: Path, tmp_path: Path
) -> None:
    backup_folder(project_file).write_text("not a folder", encoding="utf-8")
    run = RunCli(project_file)
    assert run("codings", "add", "int01", "0", "8", "pandemin").exit_code == 0
    settle(project_file)
    before = digest(project_file)
    result = run("codebook", "delete", "pandemin", "--force")
    assert result.exit_code == 1
    assert "cannot make the backup folder" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert digest(project_file) == before


def test_backup_keep_count_must_not_be_negative(project_file: Path) -> None:
    with Project.open(project_file) as project, pytest.raises(ProjectError):
        keep_backups(project, -1)
