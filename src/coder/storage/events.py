"""The event log: record every change with its before/after row, and undo or redo by batch."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from coder.domain.events import Event
from coder.errors import CodingError
from coder.storage.db import now

# Entities whose changes can be undone, and the table that holds each.
UNDOABLE_TABLES = {"coding": "codings", "code": "codes", "memo": "memos"}

Row = Mapping[str, Any]


def new_batch(conn: sqlite3.Connection) -> int:
    """A fresh batch number for the changes of one user action: later actions, higher numbers.

    The number is taken before the action's transaction, so two processes may start actions
    at once: it is the time in microseconds (or one more than the highest so far), which two
    of them do not share in practice, and undo only ever takes one coder's events anyway.
    """
    row = conn.execute("SELECT IFNULL(MAX(batch), 0) + 1 FROM events").fetchone()
    return max(int(row[0]), time.time_ns() // 1000)


def row_of(conn: sqlite3.Connection, entity: str, entity_id: object) -> dict[str, Any] | None:
    """The current row of an undoable entity, as a plain dict, or None if it does not exist."""
    table = UNDOABLE_TABLES[entity]
    row = conn.execute(f"SELECT * FROM {table} WHERE id = ?", [entity_id]).fetchone()
    return dict(row) if row is not None else None


def record(
    conn: sqlite3.Connection,
    *,
    batch: int,
    coder: str,
    action: str,
    entity: str,
    entity_id: object,
    before: Row | None,
    after: Row | None,
    undoable: bool = True,
) -> None:
    """Append one event; an undoable change ends what this coder could redo."""
    if undoable:
        conn.execute("UPDATE events SET undo = 'dead' WHERE undo = 'undone' AND coder = ?", [coder])
    conn.execute(
        "INSERT INTO events (at, coder, action, entity, entity_id, before, after, batch, undo)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            now(),
            coder,
            action,
            entity,
            None if entity_id is None else str(entity_id),
            _dump(before),
            _dump(after),
            batch,
            "done" if undoable else None,
        ],
    )


@dataclass(frozen=True)
class Change:
    """Who makes a change, and the batch that undo takes back with it."""

    batch: int
    coder: str


def insert(conn: sqlite3.Connection, entity: str, row: Row, change: Change, *, action: str) -> Any:
    """Insert a row of an undoable entity and record it; returns the row's id."""
    cursor = _insert_row(conn, UNDOABLE_TABLES[entity], row)
    key = row.get("id", cursor.lastrowid)
    _record_change(conn, entity, key, change, action=action, before=None)
    return key


def update(
    conn: sqlite3.Connection, entity: str, key: object, values: Row, change: Change, *, action: str
) -> bool:
    """Change columns of a row and record it; returns False when nothing changed."""
    before = row_of(conn, entity, key)
    _update_row(conn, UNDOABLE_TABLES[entity], key, values)
    return _record_change(conn, entity, key, change, action=action, before=before)


def delete(
    conn: sqlite3.Connection, entity: str, key: object, change: Change, *, action: str
) -> None:
    """Delete a row and record it, with the row as it was for undo."""
    before = row_of(conn, entity, key)
    conn.execute(f"DELETE FROM {UNDOABLE_TABLES[entity]} WHERE id = ?", [key])
    _record_change(conn, entity, key, change, action=action, before=before)


def _record_change(
    conn: sqlite3.Connection,
    entity: str,
    key: object,
    change: Change,
    *,
    action: str,
    before: Row | None,
) -> bool:
    after = row_of(conn, entity, key)
    if before == after:
        return False
    record(
        conn,
        batch=change.batch,
        coder=change.coder,
        action=action,
        entity=entity,
        entity_id=key,
        before=before,
        after=after,
    )
    return True


def _insert_row(conn: sqlite3.Connection, table: str, row: Row) -> sqlite3.Cursor:
    columns = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join("?" for _ in row)
    return conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))


def _update_row(conn: sqlite3.Connection, table: str, key: object, values: Row) -> None:
    assignments = ", ".join(f'"{c}" = ?' for c in values)
    conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", [*values.values(), key])


def undo(conn: sqlite3.Connection, coder: str) -> list[Event]:
    """Undo this coder's latest batch of changes; return its events (empty if none)."""
    events = _batch_events(conn, coder, "done", "MAX")
    with _conflicts_reported():
        for event in reversed(events):
            _restore(conn, event, target=event.before, expected=event.after)
    _mark(conn, events, "undone")
    return events


def redo(conn: sqlite3.Connection, coder: str) -> list[Event]:
    """Redo this coder's most recently undone batch; return its events (empty if none)."""
    events = _batch_events(conn, coder, "undone", "MIN")
    with _conflicts_reported():
        for event in events:
            _restore(conn, event, target=event.after, expected=event.before)
    _mark(conn, events, "done")
    return events


@contextmanager
def _conflicts_reported() -> Iterator[None]:
    """A replay that breaks a constraint conflicts with a later change: say so plainly."""
    try:
        yield
    except sqlite3.IntegrityError as error:
        raise CodingError(
            f"cannot undo or redo: it conflicts with a later change ({error})",
            "look at 'coder history' to see what changed",
        ) from error


def history(conn: sqlite3.Connection, *, limit: int = 50) -> list[Event]:
    """The latest events, newest first."""
    rows = conn.execute("SELECT * FROM events ORDER BY id DESC LIMIT ?", [limit]).fetchall()
    return [_event(row) for row in rows]


def _batch_events(conn: sqlite3.Connection, coder: str, state: str, pick: str) -> list[Event]:
    # The latest done batch (undo) or the earliest undone batch (redo) of this coder.
    row = conn.execute(
        f"SELECT {pick}(batch) FROM events WHERE coder = ? AND undo = ?", [coder, state]
    ).fetchone()
    if row[0] is None:
        return []
    rows = conn.execute(
        "SELECT * FROM events WHERE batch = ? AND undo = ? AND coder = ? ORDER BY id",
        [row[0], state, coder],
    ).fetchall()
    return [_event(r) for r in rows]


def _restore(
    conn: sqlite3.Connection,
    event: Event,
    *,
    target: Row | None,
    expected: Row | None,
) -> None:
    table = UNDOABLE_TABLES[event.entity]
    current = row_of(conn, event.entity, _entity_key(event))
    if (current is None) != (expected is None):
        raise CodingError(
            f"cannot undo or redo '{event.action}': the {event.entity} was changed since",
            "look at 'coder history' to see who changed it",
        )
    if target is None:
        conn.execute(f"DELETE FROM {table} WHERE id = ?", [_entity_key(event)])
    elif current is None:
        _insert_row(conn, table, target)
    else:
        _update_row(conn, table, _entity_key(event), target)


def _entity_key(event: Event) -> object:
    # Codes are keyed by their text id; codings and memos by an integer id.
    if event.entity == "code" or event.entity_id is None:
        return event.entity_id
    return int(event.entity_id)


def _mark(conn: sqlite3.Connection, events: list[Event], state: str) -> None:
    conn.executemany("UPDATE events SET undo = ? WHERE id = ?", [(state, e.id) for e in events])


def _dump(row: Row | None) -> str | None:
    return None if row is None else json.dumps(dict(row), ensure_ascii=False)


def _load(text: str | None) -> dict[str, object] | None:
    if text is None:
        return None
    value = json.loads(text)
    assert isinstance(value, dict)
    return value


def _event(row: sqlite3.Row) -> Event:
    return Event(
        id=row["id"],
        at=row["at"],
        coder=row["coder"],
        action=row["action"],
        entity=row["entity"],
        entity_id=row["entity_id"],
        before=_load(row["before"]),
        after=_load(row["after"]),
        batch=row["batch"],
        undo=row["undo"],
    )


def seal(conn: sqlite3.Connection) -> None:
    """Make every change so far permanent: undo stops here (used when a project is created)."""
    conn.execute("UPDATE events SET undo = NULL WHERE undo IS NOT NULL")
