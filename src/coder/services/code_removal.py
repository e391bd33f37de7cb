"""Deleting and merging codes without losing codings by accident.

A code with codings is only deleted when the researcher says where its codings go: to its
parent, to another code, or away with it (`force`). Merging a code into another moves its
codings, memos and child codes there. Child codes of a deleted code move up to its parent.
Each is one undoable change (`coder undo`, `u`), made after an automatic backup when codings
are touched, and no step can leave a coding pointing at a code that is gone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from coder.domain.codebook import Code
from coder.errors import CodebookError
from coder.services.codebook import project_codebook
from coder.services.project import Project
from coder.storage import code_moves
from coder.storage import codes as code_store
from coder.storage.code_moves import CodeUse

__all__ = ["CodeRemoval", "CodeUse", "code_use", "delete_code", "merge_code"]


@dataclass
class CodeRemoval:
    """What deleting or merging a code did."""

    code: Code
    target: str | None = None
    """The code that received the codings, if any."""
    codings_moved: int = 0
    codings_folded: int = 0
    """Codings the target already had (same span and coder): folded into those."""
    codings_deleted: int = 0
    children_moved: list[str] = field(default_factory=list)
    memos_moved: int = 0
    backup: Path | None = None


def code_use(project: Project, code_id: str) -> tuple[Code, CodeUse]:
    """A code with what hangs on it: codings, coded sources, child codes, memos."""
    code = project_codebook(project).by_id(code_id)
    return code, code_moves.code_use(project.conn, code_id)


def delete_code(
    project: Project,
    code_id: str,
    *,
    move_to: str | None = None,
    to_parent: bool = False,
    force: bool = False,
) -> CodeRemoval:
    """Delete a code; its codings go to `move_to`, to its parent, or (with `force`) away.

    Without one of the three, a code with codings is refused and nothing changes. Its child
    codes move up to its parent; its memos go with it (undo brings everything back).
    """
    code, use = code_use(project, code_id)
    if move_to is not None and to_parent:
        raise CodebookError(
            "give either --move-to or --to-parent, not both", "say where the codings go"
        )
    if to_parent:
        move_to = _parent_as_target(code)
    if move_to is not None:
        _check_target(project, code, move_to, use)
    elif use.codings and not force:
        raise CodebookError(
            f"code '{code.id}' has {_codings(use)}; deleting it would delete them",
            "move them with --move-to CODE or --to-parent, or delete them too with --force "
            "(coder undo brings them back)",
        )
    removal = CodeRemoval(code, target=move_to)
    removal.backup = _backup_if_needed(project, use, f"codebook-delete-{code.id}")
    change = project.new_change()
    with project.transaction() as conn:
        removal.children_moved = code_moves.move_children(conn, code.id, code.parent_id, change)
        if move_to is not None:
            removal.codings_folded = code_moves.move_codings(conn, code.id, move_to, change)
            removal.codings_moved = use.codings - removal.codings_folded
        else:
            removal.codings_deleted = code_moves.delete_codings(conn, code.id, change)
        code_store.delete_code(conn, code.id, change)
    return removal


def merge_code(project: Project, code_id: str, into: str, *, force: bool = False) -> CodeRemoval:
    """Merge a code into another: its codings, memos and child codes go to `into`; it goes.

    Codings `into` already has (the same span by the same coder) are folded into those. A code
    with codings is merged only with `force`: its codings change code, which is no small thing.
    """
    code, use = code_use(project, code_id)
    target = project_codebook(project).by_id(into)
    if code_moves.is_within(project.conn, target.id, code.id):
        raise CodebookError(
            f"cannot merge '{code.id}' into '{target.id}', which is part of it",
            f"merge '{target.id}' into '{code.id}' instead, or give another code",
        )
    _check_target(project, code, target.id, use)
    if use.codings and not force:
        noun = "coding" if use.codings == 1 else "codings"
        raise CodebookError(
            f"code '{code.id}' has {use.codings} {noun}; merging gives them to '{target.id}'",
            "add --force to merge them; 'coder undo' takes it back",
        )
    removal = CodeRemoval(code, target=target.id)
    removal.backup = _backup_if_needed(project, use, f"codebook-merge-{code.id}")
    change = project.new_change()
    with project.transaction() as conn:
        removal.children_moved = code_moves.move_children(conn, code.id, target.id, change)
        removal.codings_folded = code_moves.move_codings(conn, code.id, target.id, change)
        removal.codings_moved = use.codings - removal.codings_folded
        removal.memos_moved = code_moves.move_code_memos(conn, code.id, target.id, change)
        code_store.delete_code(conn, code.id, change)
    return removal


def _parent_as_target(code: Code) -> str:
    if code.parent_id is None:
        raise CodebookError(
            f"code '{code.id}' is at the top level and has no parent to take its codings",
            "give --move-to CODE, or --force to delete the codings too",
        )
    return code.parent_id


def _check_target(project: Project, code: Code, target_id: str, use: CodeUse) -> None:
    """Refuse the code itself, an unknown code, or a theme as the receiver of codings."""
    if target_id == code.id:
        raise CodebookError(
            f"cannot move the codings of '{code.id}' to itself", "give another code"
        )
    target = project_codebook(project).by_id(target_id)
    if use.codings and not target.codable:
        raise CodebookError(
            f"'{target.id}' is a theme (codable: false) and cannot hold the {_codings(use)} "
            f"of '{code.id}'",
            "give a codable code with --move-to CODE",
        )


def _backup_if_needed(project: Project, use: CodeUse, operation: str) -> Path | None:
    """Codings are about to move or go: back up first (they are the work of hours)."""
    if not use.codings:
        return None
    from coder.services.backup import before_bulk

    return before_bulk(project, operation)


def _codings(use: CodeUse) -> str:
    codings = f"{use.codings} coding{'s' if use.codings != 1 else ''}"
    return f"{codings} in {use.sources} source{'s' if use.sources != 1 else ''}"
