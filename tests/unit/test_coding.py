"""Applying and removing codes, and undo/redo of every change, across restarts."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.domain.coding import Origin, Status
from coder.errors import CodingError
from coder.services.coding import apply_code, codings_at, redo, remove_coding, undo
from coder.services.project import Project
from coder.storage import codings as coding_store


def _span(project: Project, source: str, words: str) -> tuple[int, int]:
    text = project.conn.execute("SELECT text FROM sources WHERE name = ?", [source]).fetchone()[0]
    start = text.index(words)
    return start, start + len(words)


def test_coding_apply_stores_a_human_coding(imported: Project) -> None:
    start, end = _span(imported, "int01", "vi fick ställa in alla företagsbesök")
    coding = apply_code(imported, "int01", start, end, "pandemin")
    assert (coding.code, coding.coder, coding.origin, coding.status) == (
        "pandemin",
        "anna",
        Origin.HUMAN,
        Status.ACCEPTED,
    )
    assert codings_at(imported, "int01", start, start + 1) == [coding]


def test_coding_apply_twice_keeps_one_coding(imported: Project) -> None:
    start, end = _span(imported, "int01", "De fungerade bättre än väntat.")
    first = apply_code(imported, "int01", start, end, "digitala-moten")
    second = apply_code(imported, "int01", start, end, "digitala-moten")
    assert first.id == second.id
    assert len(coding_store.list_codings(imported.conn)) == 1


def test_coding_apply_refuses_unknown_source_code_theme_and_offsets(imported: Project) -> None:
    with pytest.raises(CodingError, match="no source named 'int99'"):
        apply_code(imported, "int99", 0, 5, "pandemin")
    with pytest.raises(CodingError, match="no code with id 'nope'"):
        apply_code(imported, "int01", 0, 5, "nope")
    with pytest.raises(CodingError, match="is a theme"):
        apply_code(imported, "int01", 0, 5, "utmaningar")
    with pytest.raises(CodingError, match="outside source 'int01'"):
        apply_code(imported, "int01", 10, 10_000, "pandemin")
    assert coding_store.list_codings(imported.conn) == []


def test_coding_keeps_no_memo_that_cleaning_leaves_blank(imported: Project) -> None:
    start, end = _span(imported, "int01", "Vi hade ca. 20 möten.")
    coding = apply_code(imported, "int01", start, end, "digitala-moten", memo=" \x1b[2J ")
    assert coding.memo == " [2J "  # only the control character goes
    start, end = _span(imported, "int01", "Vi hade ca. 20 möten.")
    other = apply_code(imported, "int01", start, end, "pandemin", memo=" \x1b\x07 ")
    assert other.memo is None


def test_coding_remove_then_undo_restores_coding_and_memo(imported: Project) -> None:
    start, end = _span(imported, "int01", "Vi hade ca. 20 möten.")
    coding = apply_code(imported, "int01", start, end, "digitala-moten", memo="Bra exempel")
    remove_coding(imported, coding.id)
    assert coding_store.list_codings(imported.conn) == []
    undo(imported)
    restored = coding_store.list_codings(imported.conn)
    assert [(c.id, c.code, c.memo) for c in restored] == [
        (coding.id, "digitala-moten", "Bra exempel")
    ]


def test_coding_undo_and_redo_survive_a_restart(imported: Project, project_path: Path) -> None:
    start, end = _span(imported, "int01", "De fungerade bättre än väntat.")
    apply_code(imported, "int01", start, end, "digitala-moten")
    apply_code(imported, "int01", start, end, "pandemin")
    imported.close()
    with Project.open(project_path, coder="anna") as reopened:
        undone = undo(reopened)
        assert [e.action for e in undone] == ["coding.apply"]
        assert [c.code for c in coding_store.list_codings(reopened.conn)] == ["digitala-moten"]
    with Project.open(project_path, coder="anna") as reopened:
        redo(reopened)
        codes = sorted(c.code for c in coding_store.list_codings(reopened.conn))
        assert codes == ["digitala-moten", "pandemin"]


def test_coding_undo_is_per_coder(imported: Project, project_path: Path) -> None:
    start, end = _span(imported, "int01", "De fungerade bättre än väntat.")
    apply_code(imported, "int01", start, end, "digitala-moten")
    with Project.open(project_path, coder="erik") as erik:
        assert undo(erik) == []
    assert len(coding_store.list_codings(imported.conn)) == 1


def test_coding_new_change_after_undo_ends_redo(imported: Project) -> None:
    start, end = _span(imported, "int01", "De fungerade bättre än väntat.")
    apply_code(imported, "int01", start, end, "digitala-moten")
    undo(imported)
    apply_code(imported, "int01", start, end, "pandemin")
    assert redo(imported) == []
    assert [c.code for c in coding_store.list_codings(imported.conn)] == ["pandemin"]


def test_coding_undo_with_nothing_done_returns_nothing(imported: Project) -> None:
    assert undo(imported) == []
    assert redo(imported) == []


def test_coding_apply_over_own_rejected_coding_accepts_it(imported: Project) -> None:
    start, end = _span(imported, "int01", "De fungerade bättre än väntat.")
    coding = apply_code(imported, "int01", start, end, "digitala-moten")
    imported.conn.execute("UPDATE codings SET status = 'rejected' WHERE id = ?", [coding.id])
    again = apply_code(imported, "int01", start, end, "digitala-moten")
    assert (again.id, again.status) == (coding.id, Status.ACCEPTED)
