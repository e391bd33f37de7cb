"""Reading another copy of a project, read-only, for a merge: sources, codings, memos, coders.

The other file is opened without migrating it (it is someone else's copy and stays as it is);
only columns of the first schema are read, so an older copy merges as well as a current one.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from coder.domain.codebook import Code
from coder.domain.source import Sentence, Turn
from coder.errors import MergeError, ProjectError
from coder.storage import migrations
from coder.storage.codes import code_from_row
from coder.storage.db import SQLITE_MAGIC


def open_other(path: Path) -> sqlite3.Connection:
    """Open another project file read-only; refuse a file that is not a coder project."""
    if not path.is_file():
        raise ProjectError(f"no project at {path}", "give the path of the other project file")
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise ProjectError(
                f"{path} is not a coder project (not an SQLite file)",
                "give the .db file of the other copy",
            )
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        applied = _applied(conn, path)
    except BaseException:
        conn.close()
        raise
    newer = [name for name in applied if name not in migrations.KNOWN]
    if newer:
        conn.close()
        raise MergeError(
            f"{path} was made by a newer version of coder (schema {newer[-1]})",
            "upgrade coder to merge it",
        )
    return conn


def _applied(conn: sqlite3.Connection, path: Path) -> list[str]:
    try:
        rows = conn.execute(
            f"SELECT name FROM {migrations.MIGRATIONS_TABLE} WHERE migration_set = ?",
            [migrations.MIGRATION_SET],
        ).fetchall()
    except sqlite3.DatabaseError as error:
        raise ProjectError(
            f"{path} is not a coder project ({error})", "give the .db file of the other copy"
        ) from error
    return [str(row[0]) for row in rows]


def codes(conn: sqlite3.Connection) -> list[Code]:
    """Every code of the other project (veto terms only when its schema has them)."""
    rows = conn.execute("SELECT * FROM codes ORDER BY position, id")
    return [code_from_row(dict(row)) for row in rows]


@dataclass(frozen=True, slots=True)
class OtherSource:
    """A source of the other project: what it takes to match it, or to copy it here."""

    id: int
    name: str
    kind: str
    language: str
    text: str
    content_hash: str
    origin: str
    file_format: str


def sources(conn: sqlite3.Connection) -> list[OtherSource]:
    """Every source of the other project, by name."""
    rows = conn.execute(
        "SELECT id, name, kind, language, text, content_hash, origin, file_format"
        " FROM sources ORDER BY name"
    ).fetchall()
    return [OtherSource(*row) for row in rows]


def turns(conn: sqlite3.Connection, source_id: int) -> tuple[list[Turn], list[list[Sentence]]]:
    """A source's turns and each turn's sentences, exactly as segmented there."""
    turn_rows = conn.execute(
        'SELECT id, speaker, timestamp, start, "end", is_interviewer FROM turns'
        " WHERE source_id = ? ORDER BY idx",
        [source_id],
    ).fetchall()
    sentence_rows = conn.execute(
        'SELECT turn_id, start, "end" FROM segments WHERE source_id = ? ORDER BY idx',
        [source_id],
    ).fetchall()
    by_turn = {
        turn_id: [Sentence(row[1], row[2]) for row in group]
        for turn_id, group in groupby(sentence_rows, lambda row: row[0])
    }
    return (
        [Turn(row[3], row[4], row[1], row[2], bool(row[5])) for row in turn_rows],
        [by_turn.get(row[0], []) for row in turn_rows],
    )


def attributes(conn: sqlite3.Connection, source_id: int) -> dict[str, str]:
    """A source's attributes."""
    rows = conn.execute("SELECT key, value FROM attributes WHERE source_id = ?", [source_id])
    return {str(key): str(value) for key, value in rows}


@dataclass(frozen=True, slots=True)
class OtherCoding:
    """A coding of the other project, with its coder by name (None for a suggestion)."""

    id: int
    source_id: int
    code_id: str
    start: int
    end: int
    coder: str | None
    origin: str
    status: str
    score: float | None
    reason: str | None
    model: str | None
    exemplar: int
    created_at: str
    updated_at: str


def codings(conn: sqlite3.Connection) -> list[OtherCoding]:
    """Every coding of the other project, of every status."""
    rows = conn.execute(
        'SELECT c.id, c.source_id, c.code_id, c.start, c."end", k.name, c.origin, c.status,'
        " c.score, c.reason, c.model, c.exemplar, c.created_at, c.updated_at"
        " FROM codings c LEFT JOIN coders k ON k.id = c.coder_id ORDER BY c.id"
    ).fetchall()
    return [OtherCoding(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class OtherMemo:
    """A memo of the other project: on a source, code or coding (their ids there) or the project."""

    source_id: int | None
    code_id: str | None
    coding_id: int | None
    coder: str | None
    text: str
    created_at: str


def memos(conn: sqlite3.Connection) -> list[OtherMemo]:
    """Every memo of the other project, oldest first."""
    rows = conn.execute(
        "SELECT m.source_id, m.code_id, m.coding_id, k.name, m.text, m.created_at"
        " FROM memos m LEFT JOIN coders k ON k.id = m.coder_id ORDER BY m.id"
    ).fetchall()
    return [OtherMemo(*row) for row in rows]


def coding_statuses(conn: sqlite3.Connection) -> dict[tuple[int, str, int, int, str | None], str]:
    """(source id, code id, start, end, coder name) → status of every coding of this project."""
    rows = conn.execute(
        'SELECT c.source_id, c.code_id, c.start, c."end", k.name, c.status FROM codings c'
        " LEFT JOIN coders k ON k.id = c.coder_id"
    ).fetchall()
    return {(r[0], r[1], r[2], r[3], r[4]): str(r[5]) for r in rows}


def code_keys(conn: sqlite3.Connection) -> dict[str, str]:
    """Shortcut key → the id of the code that has it, in this project."""
    rows = conn.execute("SELECT key, id FROM codes WHERE key IS NOT NULL")
    return {str(key): str(code_id) for key, code_id in rows}
