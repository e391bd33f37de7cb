"""Codings and their memos: insert, remove and list, each change recorded in the event log."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from coder.domain.coding import Coding, Origin, Status
from coder.domain.text import clean_text
from coder.storage.db import now
from coder.storage.events import Change, delete, insert, update


def coder_id(conn: sqlite3.Connection, name: str) -> int:
    """The id of the coder called `name`, added to the project on first use."""
    row = conn.execute("SELECT id FROM coders WHERE name = ?", [name]).fetchone()
    if row is not None:
        return int(row[0])
    cursor = conn.execute("INSERT INTO coders (name, created_at) VALUES (?, ?)", [name, now()])
    return int(cursor.lastrowid or 0)


def find_coding(
    conn: sqlite3.Connection,
    source_id: int,
    code_id: str,
    *,
    start: int,
    end: int,
    coder: int | None,
) -> int | None:
    """The id of the coding of exactly this span, code and coder, or None."""
    row = conn.execute(
        'SELECT id FROM codings WHERE source_id = ? AND code_id = ? AND start = ? AND "end" = ?'
        " AND IFNULL(coder_id, 0) = IFNULL(?, 0)",
        [source_id, code_id, start, end, coder],
    ).fetchone()
    return None if row is None else int(row[0])


def insert_coding(conn: sqlite3.Connection, values: dict[str, object], change: Change) -> int:
    """Store a coding given as column values (source_id, code_id, start, end, coder_id, …)."""
    stamp = now()
    row = {"created_at": stamp, "updated_at": stamp, **values}
    return int(insert(conn, "coding", row, change, action="coding.apply"))


def set_status(conn: sqlite3.Connection, coding_id: int, status: Status, change: Change) -> None:
    """Change a coding's status (a suggestion accepted or rejected), recorded for undo."""
    values = {"status": status.value, "updated_at": now()}
    update(conn, "coding", coding_id, values, change, action=f"coding.{status.value}")


def set_exemplar(conn: sqlite3.Connection, coding_id: int, on: bool, change: Change) -> bool:
    """Mark a coding as an exemplar quote of its code, or unmark it; False if it already was."""
    values = {"exemplar": int(on), "updated_at": now()}
    before = conn.execute("SELECT exemplar FROM codings WHERE id = ?", [coding_id]).fetchone()
    if before is not None and bool(before[0]) == on:
        return False
    return update(conn, "coding", coding_id, values, change, action="coding.exemplar")


def delete_coding(conn: sqlite3.Connection, coding_id: int, change: Change) -> None:
    """Remove a coding and its memo (both restored together by undo)."""
    memos = conn.execute("SELECT id FROM memos WHERE coding_id = ?", [coding_id]).fetchall()
    for (memo_id,) in memos:
        delete(conn, "memo", memo_id, change, action="memo.delete")
    delete(conn, "coding", coding_id, change, action="coding.remove")


def add_memo(
    conn: sqlite3.Connection,
    target: dict[str, object],
    text: str,
    coder_id: int,
    change: Change,
    *,
    created_at: str | None = None,
) -> int:
    """Attach a memo to a coding, source or code (`target` names the column, e.g. coding_id).

    An empty `target` makes a memo on the project. `created_at` keeps the time of a memo
    brought from another project (default: now).
    """
    stamp = created_at or now()
    text = clean_text(text)  # shown in the terminal and written into .docx: no controls
    row = {**target, "coder_id": coder_id, "text": text, "created_at": stamp, "updated_at": stamp}
    return int(insert(conn, "memo", row, change, action="memo.add"))


_SELECT = (
    'SELECT c.id, s.name, c.start, c."end", c.code_id, k.name, c.origin, c.status,'
    " c.created_at, c.updated_at, c.score, c.reason, c.model,"
    " (SELECT group_concat(m.text, '\n\n') FROM memos m WHERE m.coding_id = c.id)"
    " FROM codings c JOIN sources s ON s.id = c.source_id LEFT JOIN coders k ON k.id = c.coder_id"
)


def list_codings(
    conn: sqlite3.Connection,
    *,
    statuses: Sequence[str] = (),
    source: str | None = None,
) -> list[Coding]:
    """Codings in source order, optionally only these statuses or one source."""
    clauses = []
    params: list[object] = []
    if statuses:
        clauses.append(f"c.status IN ({', '.join('?' for _ in statuses)})")
        params.extend(statuses)
    if source is not None:
        clauses.append("s.name = ?")
        params.append(source)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = conn.execute(
        f'{_SELECT}{where} ORDER BY s.name, c.start, c."end", c.code_id,'
        " IFNULL(k.name, ''), c.id",
        params,
    )
    return [_coding(row) for row in rows]


def get_coding(conn: sqlite3.Connection, coding_id: int) -> Coding | None:
    """One coding by id, or None."""
    row = conn.execute(f"{_SELECT} WHERE c.id = ?", [coding_id]).fetchone()
    return None if row is None else _coding(row)


def _coding(row: sqlite3.Row) -> Coding:
    return Coding(
        id=row[0],
        source=row[1],
        start=row[2],
        end=row[3],
        code=row[4],
        coder=row[5],
        origin=Origin(row[6]),
        status=Status(row[7]),
        created_at=row[8],
        updated_at=row[9],
        score=row[10],
        reason=row[11],
        model=row[12],
        memo=row[13],
    )
