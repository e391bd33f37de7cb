"""Taking a code out of the codebook: its codings, memos and child codes moved or deleted.

Every step is a tracked change (see `events`), so one undo puts the code back with all that
was moved or deleted with it. The foreign keys (RESTRICT on codings and child codes) make
sure nothing is ever left pointing at a code that is gone.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from coder.storage.codings import delete_coding
from coder.storage.events import Change, delete, update

_STATUS_RANK = {"rejected": 0, "pending": 1, "accepted": 2}


@dataclass(frozen=True)
class CodeUse:
    """What hangs on a code: codings (any status), the sources they are in, child codes."""

    codings: int
    sources: int
    children: tuple[str, ...]
    memos: int


def code_use(conn: sqlite3.Connection, code_id: str) -> CodeUse:
    """Count the codings, coded sources, child codes and memos of a code."""
    codings, sources = conn.execute(
        "SELECT COUNT(*), COUNT(DISTINCT source_id) FROM codings WHERE code_id = ?", [code_id]
    ).fetchone()
    children = tuple(
        row[0]
        for row in conn.execute(
            "SELECT id FROM codes WHERE parent_id = ? ORDER BY position, id", [code_id]
        )
    )
    memos = conn.execute("SELECT COUNT(*) FROM memos WHERE code_id = ?", [code_id]).fetchone()[0]
    return CodeUse(int(codings), int(sources), children, int(memos))


def is_within(conn: sqlite3.Connection, code_id: str, ancestor_id: str) -> bool:
    """Whether `code_id` is `ancestor_id` or lies anywhere below it in the tree."""
    row = conn.execute(
        "WITH RECURSIVE up(id) AS (SELECT ? UNION SELECT c.parent_id FROM codes c"
        " JOIN up ON c.id = up.id WHERE c.parent_id IS NOT NULL)"
        " SELECT 1 FROM up WHERE id = ?",
        [code_id, ancestor_id],
    ).fetchone()
    return row is not None


def move_children(
    conn: sqlite3.Connection, code_id: str, new_parent: str | None, change: Change
) -> list[str]:
    """Put a code's child codes under `new_parent`, after its own children, in their order."""
    children = code_use(conn, code_id).children
    last = conn.execute(
        "SELECT MAX(position) FROM codes WHERE parent_id IS ?", [new_parent]
    ).fetchone()[0]
    position = -1 if last is None else int(last)
    for child in children:
        position += 1
        values = {"parent_id": new_parent, "position": position}
        update(conn, "code", child, values, change, action="code.update")
    return list(children)


def move_codings(conn: sqlite3.Connection, code_id: str, target: str, change: Change) -> int:
    """Give a code's codings to `target`; returns how many were already there as `target`'s.

    A coding whose span and coder `target` already has is folded into that one: its memos
    move over, the higher status (accepted over pending over rejected) and an exemplar mark
    are kept, and the duplicate goes. Everything is recorded, so undo separates them again.
    """
    rows = conn.execute(
        'SELECT id, source_id, start, "end", coder_id, status, exemplar FROM codings'
        " WHERE code_id = ? ORDER BY id",
        [code_id],
    ).fetchall()
    folded = 0
    for coding_id, source_id, start, end, coder, status, exemplar in rows:
        twin = conn.execute(
            "SELECT id, status, exemplar FROM codings WHERE source_id = ? AND code_id = ?"
            ' AND start = ? AND "end" = ? AND IFNULL(coder_id, 0) = IFNULL(?, 0)',
            [source_id, target, start, end, coder],
        ).fetchone()
        if twin is None:
            update(conn, "coding", coding_id, {"code_id": target}, change, action="coding.move")
            continue
        folded += 1
        _fold(conn, coding_id, twin, status=status, exemplar=exemplar, change=change)
    return folded


def _fold(
    conn: sqlite3.Connection,
    coding_id: int,
    twin: sqlite3.Row,
    *,
    status: str,
    exemplar: int,
    change: Change,
) -> None:
    """Fold a coding into its twin of the target code: memos, status and mark kept."""
    twin_id, twin_status, twin_exemplar = twin
    for (memo_id,) in conn.execute(
        "SELECT id FROM memos WHERE coding_id = ?", [coding_id]
    ).fetchall():
        update(conn, "memo", memo_id, {"coding_id": twin_id}, change, action="memo.move")
    better: dict[str, object] = {}
    if _STATUS_RANK[status] > _STATUS_RANK[twin_status]:
        better["status"] = status
    if exemplar and not twin_exemplar:
        better["exemplar"] = 1
    if better:
        update(conn, "coding", twin_id, better, change, action="coding.merge")
    delete(conn, "coding", coding_id, change, action="coding.merge")


def delete_codings(conn: sqlite3.Connection, code_id: str, change: Change) -> int:
    """Delete every coding of a code with its memos; returns how many went."""
    ids = [row[0] for row in conn.execute("SELECT id FROM codings WHERE code_id = ?", [code_id])]
    for coding_id in ids:
        delete_coding(conn, coding_id, change)
    return len(ids)


def move_code_memos(conn: sqlite3.Connection, code_id: str, target: str, change: Change) -> int:
    """Attach the memos on a code to `target` instead; returns how many moved."""
    ids = [row[0] for row in conn.execute("SELECT id FROM memos WHERE code_id = ?", [code_id])]
    for memo_id in ids:
        update(conn, "memo", memo_id, {"code_id": target}, change, action="memo.move")
    return len(ids)
