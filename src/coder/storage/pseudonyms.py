"""The pseudonym table (a name and the alias that replaces it in exports), and the speakers."""

from __future__ import annotations

import sqlite3

from coder.storage.db import now
from coder.storage.events import Change, record


def list_pseudonyms(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(name, alias) of every entry, by name."""
    rows = conn.execute("SELECT name, alias FROM pseudonyms ORDER BY name").fetchall()
    return [(str(row[0]), str(row[1])) for row in rows]


def _stored_name(conn: sqlite3.Connection, name: str) -> str | None:
    """The name as stored that equals `name` ignoring case, or None."""
    wanted = name.casefold()
    return next((n for n, _ in list_pseudonyms(conn) if n.casefold() == wanted), None)


def put_pseudonym(conn: sqlite3.Connection, name: str, alias: str, change: Change) -> str:
    """Add a name with its alias, or give a listed name (any case) a new alias.

    Returns "added", "updated" or "unchanged"; the change is recorded for the audit trail.
    """
    stored = _stored_name(conn, name)
    before = None if stored is None else dict(list_pseudonyms(conn))[stored]
    if before == alias:
        return "unchanged"
    if stored is None:
        conn.execute(
            "INSERT INTO pseudonyms (name, alias, created_at) VALUES (?, ?, ?)",
            [name, alias, now()],
        )
    else:
        conn.execute("UPDATE pseudonyms SET alias = ? WHERE name = ?", [alias, stored])
    key = stored or name
    _record(conn, change, key, None if before is None else {"alias": before}, {"alias": alias})
    return "added" if stored is None else "updated"


def delete_pseudonym(conn: sqlite3.Connection, name: str, change: Change) -> str | None:
    """Remove a name (any case); returns the name as it was stored, or None if not listed."""
    stored = _stored_name(conn, name)
    if stored is None:
        return None
    alias = dict(list_pseudonyms(conn))[stored]
    conn.execute("DELETE FROM pseudonyms WHERE name = ?", [stored])
    _record(conn, change, stored, {"alias": alias}, None)
    return stored


def _record(
    conn: sqlite3.Connection,
    change: Change,
    name: str,
    before: dict[str, str] | None,
    after: dict[str, str] | None,
) -> None:
    action = "add" if before is None else "remove" if after is None else "update"
    record(
        conn,
        batch=change.batch,
        coder=change.coder,
        action=f"pseudonym.{action}",
        entity="pseudonym",
        entity_id=name,
        before=before,
        after=after,
        undoable=False,
    )


def speakers(conn: sqlite3.Connection) -> list[tuple[str, bool]]:
    """(speaker, is interviewer) of every named speaker, in order of first appearance.

    Sources are taken by name, turns in order; a speaker is the interviewer when any of their
    turns is marked so.
    """
    found: dict[str, bool] = {}
    for speaker, interviewer in conn.execute(
        "SELECT t.speaker, t.is_interviewer FROM turns t JOIN sources s ON s.id = t.source_id"
        " WHERE t.speaker IS NOT NULL ORDER BY s.name, t.idx"
    ):
        found[speaker] = found.get(speaker, False) or bool(interviewer)
    return list(found.items())
