"""Memos on codings, sources, codes and the project: one per coder and target, with undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.domain.memo import MemoTarget, OnCode, OnCoding, OnProject, OnSource
from coder.errors import CodebookError, CodingError
from coder.services.coding import apply_code, redo, remove_coding, undo
from coder.services.project import Project
from coder.services.workspace import memo_text, memos_on, set_memo
from coder.storage import codings as coding_store

TARGETS: list[MemoTarget] = [OnSource("int01"), OnCode("pandemin"), OnProject()]


def _memo_count(project: Project) -> int:
    return int(project.conn.execute("SELECT COUNT(*) FROM memos").fetchone()[0])


@pytest.mark.parametrize("target", TARGETS, ids=["source", "code", "project"])
def test_memos_set_update_delete_and_undo_each_step(imported: Project, target: MemoTarget) -> None:
    assert memo_text(imported, target) == ""
    set_memo(imported, target, "Första tanken.")
    assert memo_text(imported, target) == "Första tanken."
    set_memo(imported, target, "Andra tanken.")
    assert memo_text(imported, target) == "Andra tanken."
    set_memo(imported, target, "  \n")
    assert memo_text(imported, target) == ""
    assert _memo_count(imported) == 0
    assert [e.action for e in undo(imported)] == ["memo.delete"]
    assert memo_text(imported, target) == "Andra tanken."
    assert [e.action for e in undo(imported)] == ["memo.update"]
    assert memo_text(imported, target) == "Första tanken."
    assert [e.action for e in undo(imported)] == ["memo.add"]
    assert memo_text(imported, target) == ""
    redo(imported)
    assert memo_text(imported, target) == "Första tanken."


def test_memos_on_a_coding_show_in_the_coding_and_go_with_it(imported: Project) -> None:
    coding = apply_code(imported, "int01", 257, 287, "digitala-moten")
    set_memo(imported, OnCoding(coding.id), "Typiskt svar.")
    stored = coding_store.get_coding(imported.conn, coding.id)
    assert stored is not None and stored.memo == "Typiskt svar."
    remove_coding(imported, coding.id)
    with pytest.raises(CodingError, match=f"no coding with id {coding.id}"):
        memo_text(imported, OnCoding(coding.id))
    undo(imported)
    assert memo_text(imported, OnCoding(coding.id)) == "Typiskt svar."


def test_memos_are_one_per_coder_and_target(imported: Project, project_path: Path) -> None:
    set_memo(imported, OnSource("int01"), "Annas anteckning.")
    with Project.open(project_path, coder="erik") as erik:
        assert memo_text(erik, OnSource("int01")) == ""
        set_memo(erik, OnSource("int01"), "Eriks anteckning.")
        assert undo(erik)[0].coder == "erik"
        set_memo(erik, OnSource("int01"), "Eriks anteckning.")
    assert memo_text(imported, OnSource("int01")) == "Annas anteckning."
    assert memos_on(imported, OnSource("int01")) == {
        "anna": "Annas anteckning.",
        "erik": "Eriks anteckning.",
    }
    assert memos_on(imported, OnProject()) == {}


def test_memos_unchanged_text_records_nothing(imported: Project) -> None:
    set_memo(imported, OnProject(), "Samma.")
    events = imported.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    set_memo(imported, OnProject(), "Samma.")
    set_memo(imported, OnSource("doc01"), "")
    assert imported.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == events


def test_memos_several_of_one_coder_read_as_one_and_are_merged_on_edit(
    imported: Project,
) -> None:
    with imported.transaction() as conn:
        change = imported.new_change()
        coder = coding_store.coder_id(conn, "anna")
        coding_store.add_memo(conn, {"code_id": "pandemin"}, "Ett.", coder, change)
        coding_store.add_memo(conn, {"code_id": "pandemin"}, "Två.", coder, change)
    assert memo_text(imported, OnCode("pandemin")) == "Ett.\n\nTvå."
    set_memo(imported, OnCode("pandemin"), "Ett.\n\nTvå. Tre.")
    assert memo_text(imported, OnCode("pandemin")) == "Ett.\n\nTvå. Tre."
    assert _memo_count(imported) == 1
    undo(imported)
    assert _memo_count(imported) == 2


def test_memos_refuse_unknown_targets(imported: Project) -> None:
    with pytest.raises(CodingError, match="no source named 'int99'"):
        set_memo(imported, OnSource("int99"), "x")
    with pytest.raises(CodebookError, match="no code with id 'nope'"):
        memo_text(imported, OnCode("nope"))
    with pytest.raises(CodingError, match="no coding with id 999"):
        set_memo(imported, OnCoding(999), "x")
    assert _memo_count(imported) == 0
