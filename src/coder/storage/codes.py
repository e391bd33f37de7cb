"""The codebook in the project: codes as rows, project settings, and counts of codings per code."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from coder.domain.codebook import Code
from coder.domain.text import clean_label, clean_text
from coder.storage.events import Change, delete, insert, row_of, update

_FIELDS = (
    "id",
    "parent_id",
    "name",
    "key",
    "color",
    "description",
    "include",
    "exclude",
    "examples",
    "keywords",
    "exclude_keywords",
    "patterns",
    "codable",
    "position",
)


def get_setting(conn: sqlite3.Connection, key: str) -> str | None:
    """A project setting (name, language, codebook name, …), or None."""
    row = conn.execute("SELECT value FROM project WHERE key = ?", [key]).fetchone()
    return None if row is None else str(row[0])


def set_setting(conn: sqlite3.Connection, key: str, value: str) -> None:
    """Set a project setting."""
    conn.execute(
        "INSERT INTO project (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


def load_codes(conn: sqlite3.Connection) -> list[Code]:
    """Every code of the project, parents before children, siblings by position."""
    rows = conn.execute(f"SELECT {', '.join(_FIELDS)} FROM codes").fetchall()
    return [code_from_row(dict(row)) for row in rows]


def put_code(conn: sqlite3.Connection, code: Code, change: Change) -> str:
    """Add or update a code; returns "added", "updated" or "unchanged"."""
    row = _row(code)
    if row_of(conn, "code", code.id) is None:
        insert(conn, "code", row, change, action="code.add")
        return "added"
    changed = update(conn, "code", code.id, row, change, action="code.update")
    return "updated" if changed else "unchanged"


def delete_code(conn: sqlite3.Connection, code_id: str, change: Change) -> None:
    """Remove a code that has no codings and no child codes, with its memos (undo restores both)."""
    memos = conn.execute("SELECT id FROM memos WHERE code_id = ?", [code_id]).fetchall()
    for (memo_id,) in memos:
        delete(conn, "memo", memo_id, change, action="memo.delete")
    delete(conn, "code", code_id, change, action="code.delete")


def clear_keys(conn: sqlite3.Connection, keep: dict[str, str | None], change: Change) -> None:
    """Take shortcut keys off codes whose key is moving to another code, before the move."""
    taken = {key: code_id for code_id, key in keep.items() if key is not None}
    for code_id, key in conn.execute("SELECT id, key FROM codes WHERE key IS NOT NULL").fetchall():
        if key in taken and taken[key] != code_id:
            update(conn, "code", code_id, {"key": None}, change, action="code.update")


def coding_counts(conn: sqlite3.Connection) -> dict[str, tuple[int, int]]:
    """Accepted codings and coded sources per code id (codes without codings left out)."""
    rows = conn.execute(
        "SELECT code_id, COUNT(*), COUNT(DISTINCT source_id) FROM codings"
        " WHERE status = 'accepted' GROUP BY code_id"
    )
    return {row[0]: (row[1], row[2]) for row in rows}


def codings_per_code(conn: sqlite3.Connection) -> dict[str, int]:
    """Codings of any status per code id: what would be lost if the code went."""
    rows = conn.execute("SELECT code_id, COUNT(*) FROM codings GROUP BY code_id")
    return {row[0]: row[1] for row in rows}


def _row(code: Code) -> dict[str, Any]:
    return {
        "id": code.id,
        "parent_id": code.parent_id,
        "name": clean_label(code.name),  # shown in the terminal: no control characters
        "key": code.key,
        "color": code.color,
        "description": clean_text(code.description),
        "include": clean_text(code.include),
        "exclude": clean_text(code.exclude),
        "examples": json.dumps([clean_text(e) for e in code.examples], ensure_ascii=False),
        "keywords": json.dumps(list(code.keywords), ensure_ascii=False),
        "exclude_keywords": json.dumps(list(code.exclude_keywords), ensure_ascii=False),
        "patterns": json.dumps([list(p) for p in code.patterns], ensure_ascii=False),
        "codable": int(code.codable),
        "position": code.position,
    }


def code_from_row(row: Mapping[str, Any]) -> Code:
    """A code from its row in `codes`, as a mapping.

    A project from before migration 0004 has no veto terms.
    """
    return Code(
        id=row["id"],
        name=row["name"],
        parent_id=row["parent_id"],
        key=row["key"],
        color=row["color"],
        description=row["description"],
        include=row["include"],
        exclude=row["exclude"],
        examples=tuple(json.loads(row["examples"])),
        keywords=tuple(json.loads(row["keywords"])),
        exclude_keywords=tuple(json.loads(row.get("exclude_keywords") or "[]")),
        patterns=tuple(tuple(p) for p in json.loads(row["patterns"])),
        codable=bool(row["codable"]),
        position=row["position"],
    )


def is_codable(conn: sqlite3.Connection, code_id: str) -> bool | None:
    """Whether a code may be applied to text; None when there is no such code."""
    row = conn.execute("SELECT codable FROM codes WHERE id = ?", [code_id]).fetchone()
    return None if row is None else bool(row[0])
