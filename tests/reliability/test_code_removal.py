"""Deleting and merging codes: codings go where the researcher says, undo restores everything."""

from __future__ import annotations

import contextlib
import re
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coder.errors import CodebookError, CodingError
from coder.services.code_removal import delete_code, merge_code
from coder.services.coding import apply_code, redo, undo
from coder.services.project import Project
from coder.services.workspace import create_code
from coder.storage import codings as coding_store
from tests.conftest import RunCli
from tests.reliability.helpers import digest, settle

TABLES = ("codes", "codings", "memos")


def _state(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    """What undo must give back exactly: every row of codes, codings and memos."""
    return {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}


def _sound(conn: sqlite3.Connection) -> None:
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


@pytest.fixture
def coded_file(project_file: Path) -> Path:
    """int01 coded with pandemin (two coders, one with a memo) and na-industrin; undo stops here."""
    with Project.open(project_file, coder="anna") as project:
        apply_code(project, "int01", 0, 8, "pandemin", memo="första")
        apply_code(project, "int01", 10, 20, "pandemin")
        apply_code(project, "int01", 0, 8, "na-industrin")
        apply_code(Project(project.path, project.conn, "bo"), "int01", 30, 40, "pandemin")
        project.seal_history()
    settle(project_file)
    return project_file


@pytest.fixture
def coded(coded_file: Path) -> Iterator[Project]:
    """The coded project, open as anna."""
    with Project.open(coded_file, coder="anna") as project:
        yield project


def test_code_removal_refuses_a_code_with_codings_unless_told(coded: Project) -> None:
    before = _state(coded.conn)
    with pytest.raises(CodebookError, match=r"code 'pandemin' has 3 codings in 1 source"):
        delete_code(coded, "pandemin")
    assert _state(coded.conn) == before


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ({"to_parent": True}, r"'utmaningar' is a theme \(codable: false\) and cannot hold"),
        ({"move_to": "pandemin"}, r"cannot move the codings of 'pandemin' to itself"),
        ({"move_to": "pandemi"}, r"no code 'pandemi' .*did you mean 'pandemin'"),
        ({"move_to": "lardomar"}, r"'lardomar' is a theme"),
        ({"move_to": "na-industrin", "to_parent": True}, r"either --move-to or --to-parent"),
    ],
)
def test_code_removal_refuses_a_target_that_cannot_take_codings(
    coded: Project, how: dict[str, Any], message: str
) -> None:
    before = _state(coded.conn)
    with pytest.raises(CodebookError, match=message):
        delete_code(coded, "pandemin", **how)
    assert _state(coded.conn) == before


def test_code_removal_move_folds_duplicates_and_undo_separates_them(coded: Project) -> None:
    before = _state(coded.conn)
    removal = delete_code(coded, "pandemin", move_to="na-industrin")
    assert (removal.codings_moved, removal.codings_folded) == (2, 1)
    codings = coding_store.list_codings(coded.conn)
    assert {(c.start, c.code, c.coder) for c in codings} == {
        (0, "na-industrin", "anna"),
        (10, "na-industrin", "anna"),
        (30, "na-industrin", "bo"),
    }
    folded = next(c for c in codings if c.start == 0)
    assert folded.memo == "första"  # the memo went over with the folded coding
    _sound(coded.conn)
    undo(coded)
    assert _state(coded.conn) == before
    redo(coded)
    undo(coded)
    assert _state(coded.conn) == before


def test_code_removal_force_deletes_codings_and_memos_and_undo_restores(coded: Project) -> None:
    before = _state(coded.conn)
    removal = delete_code(coded, "pandemin", force=True)
    assert removal.codings_deleted == 3
    assert coded.conn.execute("SELECT COUNT(*) FROM memos").fetchone()[0] == 0
    _sound(coded.conn)
    undo(coded)
    assert _state(coded.conn) == before


def test_code_removal_children_move_up_and_to_parent_takes_codings(coded: Project) -> None:
    child = create_code(coded, "Stängda gränser", "pandemin")
    apply_code(coded, "int01", 50, 60, child.id)
    before = _state(coded.conn)
    removal = delete_code(coded, "pandemin", force=True)
    assert removal.children_moved == [child.id]
    parent = coded.conn.execute("SELECT parent_id FROM codes WHERE id = ?", [child.id])
    assert parent.fetchone()[0] == "utmaningar"
    undo(coded)
    assert _state(coded.conn) == before
    removal = delete_code(coded, child.id, to_parent=True)
    assert (removal.target, removal.codings_moved) == ("pandemin", 1)


def test_code_removal_merge_moves_codings_memos_and_children(coded: Project) -> None:
    from coder.domain.memo import OnCode
    from coder.services.workspace import memo_text, set_memo

    set_memo(coded, OnCode("pandemin"), "Om pandemin")
    child = create_code(coded, "Stängda gränser", "pandemin")
    before = _state(coded.conn)
    removal = merge_code(coded, "pandemin", "digitala-moten", force=True)
    assert (removal.codings_moved, removal.memos_moved) == (3, 1)
    assert removal.children_moved == [child.id]
    assert memo_text(coded, OnCode("digitala-moten")) == "Om pandemin"
    gone = coded.conn.execute("SELECT COUNT(*) FROM codes WHERE id = 'pandemin'")
    assert gone.fetchone()[0] == 0
    _sound(coded.conn)
    undo(coded)
    assert _state(coded.conn) == before


def test_code_removal_merge_refuses_its_own_part_or_itself(coded: Project) -> None:
    with pytest.raises(CodebookError, match=r"cannot merge 'utmaningar' into 'pandemin'"):
        merge_code(coded, "utmaningar", "pandemin")
    with pytest.raises(CodebookError, match=r"cannot merge 'pandemin' into 'pandemin'"):
        merge_code(coded, "pandemin", "pandemin")


def test_code_removal_theme_without_codings_goes_and_its_codes_move_up(coded: Project) -> None:
    removal = delete_code(coded, "lardomar")
    assert removal.children_moved == ["digitala-moten"]
    top = coded.conn.execute("SELECT parent_id FROM codes WHERE id = 'digitala-moten'")
    assert top.fetchone()[0] is None
    assert removal.backup is None  # no codings touched: no backup needed


CLI_REFUSALS = {
    "delete with codings": (["pandemin"], r"code 'pandemin' has 1 coding in 1 source; .*--force"),
    "delete unknown": (["pandemi"], r"no code 'pandemi' .*did you mean 'pandemin'"),
    "top level to parent": (["utmaningar", "--to-parent"], r"at the top level"),
}


@pytest.mark.parametrize("case", list(CLI_REFUSALS), ids=list(CLI_REFUSALS))
def test_code_removal_cli_refusal_is_one_line_and_changes_no_byte(
    project_file: Path, case: str
) -> None:
    run = RunCli(project_file)
    assert run("codings", "add", "int01", "0", "8", "pandemin").exit_code == 0
    settle(project_file)
    before = digest(project_file)
    args, message = CLI_REFUSALS[case]
    result = run("codebook", "delete", *args)
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert re.search(message, line), line
    assert digest(project_file) == before


def test_code_removal_cli_delete_merge_and_undo(project_file: Path) -> None:
    run = RunCli(project_file)
    run("codings", "add", "int01", "0", "8", "pandemin")
    result = run("codebook", "delete", "pandemin", "--move-to", "na-industrin")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        "deleted code 'pandemin' (1 coding moved to 'na-industrin'); 'coder undo' brings it back"
    )
    assert result.stderr.splitlines()[1].startswith("backup before the change: ")
    assert "undid" in run("undo").stderr
    refused = run("codebook", "merge", "pandemin", "digitala-moten")
    assert refused.exit_code == 1
    assert refused.stderr == (
        "Error: code 'pandemin' has 1 coding; merging gives them to 'digitala-moten';"
        " add --force to merge them; 'coder undo' takes it back\n"
    )
    merged = run("codebook", "merge", "pandemin", "digitala-moten", "--force")
    assert merged.stderr.startswith("merged code 'pandemin' into 'digitala-moten' (1 coding")
    with closing(sqlite3.connect(project_file)) as conn:
        assert conn.execute("SELECT code_id FROM codings").fetchall() == [("digitala-moten",)]


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["delete", "force", "parent", "move", "merge", "undo", "redo"]),
        st.sampled_from(["pandemin", "na-industrin", "digitala-moten", "utmaningar", "lardomar"]),
        st.sampled_from(["pandemin", "na-industrin", "digitala-moten", "lardomar"]),
    ),
    max_size=8,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(OPERATIONS)
def test_code_removal_any_sequence_keeps_the_project_sound_and_undo_goes_back(
    coded_file: Path, tmp_path: Path, operations: list[tuple[str, str, str]]
) -> None:
    path = tmp_path / f"example-{uuid.uuid4().hex}.db"
    shutil.copyfile(coded_file, path)  # each example starts from the same project
    with Project.open(path, coder="anna") as project:
        start = _state(project.conn)
        for operation, code, target in operations:
            with contextlib.suppress(CodebookError, CodingError):
                _run(project, operation, code, target)
            _sound(project.conn)
        while undo(project):
            pass
        assert _state(project.conn) == start


def _run(project: Project, operation: str, code: str, target: str) -> None:
    if operation == "undo":
        undo(project)
    elif operation == "redo":
        redo(project)
    elif operation == "merge":
        merge_code(project, code, target, force=True)
    elif operation == "move":
        delete_code(project, code, move_to=target)
    else:
        force, to_parent = operation == "force", operation == "parent"
        delete_code(project, code, force=force, to_parent=to_parent)
