"""Where each coder was, across restarts; the data version other windows poll; migration 0002."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.errors import CodingError
from coder.services.coding import apply_code, undo
from coder.services.project import Project
from coder.services.workspace import (
    data_version,
    last_position,
    save_position,
    source_position,
)


def test_positions_none_before_any_save(imported: Project) -> None:
    assert last_position(imported) is None
    assert source_position(imported, "int01") is None


def test_positions_are_per_coder_and_survive_reopening(
    imported: Project, project_path: Path
) -> None:
    save_position(imported, "int01", 4)
    save_position(imported, "doc01", 1)
    with Project.open(project_path, coder="erik") as erik:
        assert last_position(erik) is None
        save_position(erik, "int01", 2)
    imported.close()
    with Project.open(project_path, coder="anna") as anna:
        assert last_position(anna) == ("doc01", 1)
        assert source_position(anna, "int01") == 4
        save_position(anna, "int01", 5)
        assert last_position(anna) == ("int01", 5)
    with Project.open(project_path, coder="erik") as erik:
        assert last_position(erik) == ("int01", 2)


def test_positions_are_not_undone(imported: Project) -> None:
    apply_code(imported, "int01", 257, 287, "pandemin")
    save_position(imported, "int01", 3)
    assert [e.action for e in undo(imported)] == ["coding.apply"]
    assert last_position(imported) == ("int01", 3)


def test_positions_refuse_unknown_sources_and_sentences(imported: Project) -> None:
    with pytest.raises(CodingError, match="no source named 'int99'"):
        save_position(imported, "int99", 0)
    with pytest.raises(CodingError, match="has no sentence 6"):
        save_position(imported, "int01", 6)
    with pytest.raises(CodingError, match="has no sentence -1"):
        save_position(imported, "int01", -1)
    assert last_position(imported) is None


def test_positions_go_with_their_source(imported: Project) -> None:
    save_position(imported, "doc01", 2)
    save_position(imported, "int01", 1)
    with imported.transaction() as conn:
        conn.execute("DELETE FROM sources WHERE name = 'int01'")
    assert last_position(imported) == ("doc01", 2)


def test_data_version_changes_when_another_connection_writes(
    imported: Project, project_path: Path
) -> None:
    before = data_version(imported)
    apply_code(imported, "int01", 257, 287, "pandemin")
    assert data_version(imported) == before  # our own commits do not move it
    with Project.open(project_path, coder="erik") as erik:
        watched = data_version(erik)
        apply_code(imported, "int01", 288, 309, "pandemin")
        assert data_version(erik) != watched
    assert data_version(imported) == before


def test_data_version_stays_when_the_position_did_not_move(
    imported: Project, project_path: Path
) -> None:
    save_position(imported, "int01", 3)
    with Project.open(project_path, coder="erik") as erik:
        watched = data_version(erik)
        save_position(imported, "int01", 3)
        assert data_version(erik) == watched
        save_position(imported, "int01", 4)
        assert data_version(erik) != watched


def test_positions_table_is_added_to_an_older_project(
    imported: Project, project_path: Path
) -> None:
    with imported.transaction() as conn:
        conn.execute("DROP TABLE positions")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0002_positions'")
    imported.close()
    with Project.open(project_path, coder="anna") as reopened:
        save_position(reopened, "int01", 1)
        assert last_position(reopened) == ("int01", 1)
