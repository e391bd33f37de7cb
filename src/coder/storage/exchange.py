"""What REFI-QDA exchange reads from the project beyond the other stores: coders, memos, texts."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

_MEMO_TARGETS = ("source_id", "code_id", "coding_id")


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """A source as exported: its name, full text, and when and by whom it was imported."""

    name: str
    text: str
    imported_at: str
    imported_by: str


@dataclass(frozen=True, slots=True)
class MemoRecord:
    """A memo with what it is on: a source (by name), a code, a coding, or else the project."""

    id: int
    source: str | None
    code_id: str | None
    coding_id: int | None
    coder: str | None
    text: str
    created_at: str


def coder_names(conn: sqlite3.Connection) -> list[str]:
    """Every coder of the project, with or without codings, in the order they were added."""
    return [row[0] for row in conn.execute("SELECT name FROM coders ORDER BY id")]


def sources_with_text(conn: sqlite3.Connection) -> list[SourceRecord]:
    """Every source with its text, by name."""
    rows = conn.execute(
        "SELECT name, text, imported_at, imported_by FROM sources ORDER BY name"
    ).fetchall()
    return [SourceRecord(*row) for row in rows]


def hashes_by_name(conn: sqlite3.Connection) -> dict[str, str]:
    """Source name → content hash, to recognise a source that another project shares."""
    return {row[0]: row[1] for row in conn.execute("SELECT name, content_hash FROM sources")}


def memos(conn: sqlite3.Connection) -> list[MemoRecord]:
    """Every memo with its target and author, oldest first."""
    rows = conn.execute(
        "SELECT m.id, s.name, m.code_id, m.coding_id, k.name, m.text, m.created_at"
        " FROM memos m LEFT JOIN sources s ON s.id = m.source_id"
        " LEFT JOIN coders k ON k.id = m.coder_id ORDER BY m.id"
    ).fetchall()
    return [MemoRecord(*row) for row in rows]


def memo_exists(conn: sqlite3.Connection, target: dict[str, object], text: str) -> bool:
    """Whether this memo text is already on this target (`target` as for `add_memo`)."""
    clauses = [
        f"{column} = ?" if column in target else f"{column} IS NULL" for column in _MEMO_TARGETS
    ]
    params = [target[column] for column in _MEMO_TARGETS if column in target]
    row = conn.execute(
        f"SELECT 1 FROM memos WHERE {' AND '.join(clauses)} AND text = ?", [*params, text]
    ).fetchone()
    return row is not None
