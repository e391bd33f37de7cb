"""Suggestions in the project file: the units they are made for, the queue, decisions, models.

Suggestions are codings with status `pending` and origin `rule` or `model`, no coder, a score,
a reason and the version of the model that made them. A run replaces the pending suggestions
in its scope without recording events (they are the model's output, made again at will);
decisions on them are recorded like every other change, so undo takes them back.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from coder.domain.coding import Origin, Status
from coder.domain.suggestion import Progress, Suggestion
from coder.storage.db import now
from coder.storage.events import Change, update

SUGGESTED = ("rule", "model")
"""The origins of suggestions (codings a person did not make)."""
_SUGGESTED_SQL = "('rule', 'model')"


@dataclass(frozen=True, slots=True)
class UnitRow:
    """A unit of coding as stored: a speaker turn or paragraph, or one sentence.

    `sentences` are the (start, end) offsets of its sentences, in the source text.
    """

    source_id: int
    source: str
    kind: str
    language: str
    start: int
    end: int
    interviewer: bool
    speaker: str | None
    sentences: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class SpanRow:
    """Where a code is (or was turned down): source id, code id and offsets."""

    source_id: int
    code: str
    start: int
    end: int


def source_texts(conn: sqlite3.Connection, source_ids: Iterable[int]) -> dict[int, str]:
    """The text of each source asked for."""
    wanted = sorted(set(source_ids))
    texts: dict[int, str] = {}
    for chunk in _chunks(wanted, 500):
        marks = ", ".join("?" for _ in chunk)
        for sid, text in conn.execute(f"SELECT id, text FROM sources WHERE id IN ({marks})", chunk):
            texts[sid] = text
    return texts


def source_ids(conn: sqlite3.Connection, names: Sequence[str] = ()) -> dict[str, int]:
    """Source name → id, for the names given (every source when none are)."""
    rows = conn.execute("SELECT name, id FROM sources ORDER BY name").fetchall()
    by_name: dict[str, int] = dict(rows)
    return by_name if not names else {name: by_name[name] for name in names if name in by_name}


def coded_source_ids(conn: sqlite3.Connection) -> set[int]:
    """Sources with at least one accepted coding: where uncoded text says "not this code"."""
    rows = conn.execute("SELECT DISTINCT source_id FROM codings WHERE status = 'accepted'")
    return {row[0] for row in rows}


def units(
    conn: sqlite3.Connection, source_ids: Iterable[int], *, by_sentence: bool
) -> list[UnitRow]:
    """The speaker turns (or sentences) of these sources, from first to last sentence.

    A turn without sentences (an empty speaker line) is no unit.
    """
    units: list[UnitRow] = []
    for chunk in _chunks(sorted(set(source_ids)), 500):
        marks = ", ".join("?" for _ in chunk)
        turns = conn.execute(
            "SELECT t.id, s.id, s.name, s.kind, s.language, t.is_interviewer, t.speaker"
            f" FROM turns t JOIN sources s ON s.id = t.source_id"
            f" WHERE s.id IN ({marks}) ORDER BY s.name, t.idx",
            chunk,
        ).fetchall()
        sentences: dict[int, list[tuple[int, int]]] = {}
        for turn_id, start, end in conn.execute(
            f'SELECT turn_id, start, "end" FROM segments WHERE source_id IN ({marks})'
            " ORDER BY source_id, idx",
            chunk,
        ):
            sentences.setdefault(turn_id, []).append((start, end))
        for turn_id, sid, name, kind, language, interviewer, speaker in turns:
            parts = sentences.get(turn_id)
            if not parts:
                continue
            pieces = [[part] for part in parts] if by_sentence else [parts]
            units.extend(
                UnitRow(
                    sid,
                    name,
                    kind,
                    language,
                    piece[0][0],
                    piece[-1][1],
                    bool(interviewer),
                    speaker,
                    tuple(piece),
                )
                for piece in pieces
            )
    return units


def spans(
    conn: sqlite3.Connection, status: Status, *, origins: Sequence[str] = ()
) -> list[SpanRow]:
    """Every coding of a status (optionally only of these origins) as a span."""
    sql = 'SELECT source_id, code_id, start, "end" FROM codings WHERE status = ?'
    params: list[object] = [status.value]
    if origins:
        sql += f" AND origin IN ({', '.join('?' for _ in origins)})"
        params.extend(origins)
    return [SpanRow(*row) for row in conn.execute(sql, params)]


def rule_track_record(conn: sqlite3.Connection) -> dict[str, tuple[int, int]]:
    """Code id → (rule suggestions accepted, rule suggestions decided)."""
    rows = conn.execute(
        "SELECT code_id, SUM(status = 'accepted'), COUNT(*) FROM codings"
        " WHERE origin = 'rule' AND status <> 'pending' GROUP BY code_id"
    )
    return {code: (int(accepted), int(decided)) for code, accepted, decided in rows}


def replace_pending(
    conn: sqlite3.Connection,
    rows: Sequence[PendingRow],
    *,
    source_ids: Sequence[int] | None,
    codes: Sequence[str] | None,
) -> int:
    """Put `rows` (new suggestions) in place of the pending ones in scope; returns how many."""
    clauses = [f"status = 'pending' AND origin IN {_SUGGESTED_SQL}"]
    params: list[object] = []
    for column, values in (("source_id", source_ids), ("code_id", codes)):
        if values is not None:
            clauses.append(f"{column} IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(list(values)))
    conn.execute(f"DELETE FROM codings WHERE {' AND '.join(clauses)}", params)
    return insert_pending(conn, rows)


class PendingRow(NamedTuple):
    """A new suggestion to store as a pending coding.

    `first_segment`/`last_segment` are the indexes of the sentences it covers (migration 0007),
    when the caller knows them; None lets the database look them up.
    """

    source_id: int
    code_id: str
    start: int
    end: int
    origin: str
    score: float
    reason: str
    model: str
    first_segment: int | None = None
    last_segment: int | None = None


def insert_pending(conn: sqlite3.Connection, rows: Sequence[PendingRow]) -> int:
    """Store new pending suggestions; returns how many.

    The rows go into a temporary table first and into `codings` by one statement: inserted one
    by one, each would open a statement journal for the triggers on codings, three times the
    cost.
    """
    if not rows:
        return 0
    columns = ", ".join(f'"{column}"' for column in PendingRow._fields)
    conn.execute("DROP TABLE IF EXISTS temp.staged_suggestions")
    conn.execute(f"CREATE TEMP TABLE staged_suggestions ({columns})")
    try:
        conn.executemany(
            f"INSERT INTO staged_suggestions VALUES ({', '.join('?' * len(PendingRow._fields))})",
            rows,
        )
        conn.execute(
            f"INSERT INTO codings ({columns}, coder_id, status, created_at, updated_at)"
            f" SELECT {columns}, NULL, 'pending', ?1, ?1 FROM staged_suggestions ORDER BY rowid",
            [now()],
        )
    finally:
        # IF EXISTS: a failed write (a full disk) may have rolled back the table with it.
        conn.execute("DROP TABLE IF EXISTS temp.staged_suggestions")
    return len(rows)


def insert_pending_in_bulk(
    conn: sqlite3.Connection, rows: Sequence[PendingRow], source_ids: Sequence[int]
) -> int:
    """Store new pending suggestions of sources that have no codings yet, quickly; how many.

    The report counts take them in once at the end instead of row by row (see
    coder.storage.bulk_counts and coder.storage.bulk_masks).
    """
    from coder.storage import bulk_masks

    if not rows:
        return 0

    conn.executemany(
        "INSERT OR IGNORE INTO bulk_sources VALUES (?)", [[sid] for sid in set(source_ids)]
    )
    inserted = insert_pending(conn, rows)
    for statement in bulk_masks.RECOUNT:
        conn.execute(statement)
    return inserted


def save_model(
    conn: sqlite3.Connection,
    *,
    version: str,
    trained_by: str,
    unit: str,
    examples: int,
    report: dict[str, Any],
) -> None:
    """Keep the record of a trained model: its version and per-code figures."""
    conn.execute(
        "INSERT INTO models (version, trained_at, trained_by, unit, examples, report)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [version, now(), trained_by, unit, examples, json.dumps(report, ensure_ascii=False)],
    )


def latest_model(conn: sqlite3.Connection) -> dict[str, Any] | None:
    """The newest model's record (version, trained_at, trained_by, unit, examples, report)."""
    row = conn.execute(
        "SELECT version, trained_at, trained_by, unit, examples, report FROM models"
        " ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    keys = ("version", "trained_at", "trained_by", "unit", "examples", "report")
    return dict(zip(keys, (*row[:5], json.loads(row[5])), strict=True))


_SUGGESTION = f"""
SELECT c.id, s.name, c.start, c."end", c.code_id, c.origin, c.status, IFNULL(c.score, 0),
       IFNULL(c.reason, ''), IFNULL(c.model, ''), substr(s.text, c.start + 1, c."end" - c.start),
       k.name, t.speaker, IFNULL(t.start, c.start), IFNULL(t."end", c."end")
FROM codings c
JOIN sources s ON s.id = c.source_id
LEFT JOIN coders k ON k.id = c.coder_id
LEFT JOIN turns t ON t.id = (
    SELECT t2.id FROM turns t2 WHERE t2.source_id = c.source_id AND t2.start <= c.start
    ORDER BY t2.start DESC LIMIT 1)
WHERE c.origin IN {_SUGGESTED_SQL}
"""
_STILL_OPEN = """
AND NOT EXISTS (SELECT 1 FROM codings a WHERE a.source_id = c.source_id
    AND a.code_id = c.code_id AND a.status = 'accepted' AND a.start < c."end" AND c.start < a."end")
"""


def pending(
    conn: sqlite3.Connection,
    *,
    codes: Sequence[str] = (),
    source_ids: Sequence[int] = (),
    min_score: float | None = None,
) -> list[Suggestion]:
    """Pending suggestions not yet settled by an accepted coding of their code, best first."""
    sql = _SUGGESTION + " AND c.status = 'pending'" + _STILL_OPEN
    params: list[object] = []
    if codes:
        sql += " AND c.code_id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(list(codes)))
    if source_ids:
        sql += " AND c.source_id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(list(source_ids)))
    if min_score is not None:
        sql += " AND c.score >= ?"
        params.append(min_score)
    sql += ' ORDER BY c.score DESC, s.name, c.start, c."end", c.code_id'
    return [_suggestion(row) for row in conn.execute(sql, params)]


def suggestions(conn: sqlite3.Connection, statuses: Sequence[str]) -> list[Suggestion]:
    """Suggestions (rule and model codings) of these statuses, in source order."""
    sql = _SUGGESTION + " AND c.status IN (SELECT value FROM json_each(?))"
    sql += ' ORDER BY s.name, c.start, c."end", c.code_id'
    return [_suggestion(row) for row in conn.execute(sql, [json.dumps(list(statuses))])]


def get_suggestion(conn: sqlite3.Connection, coding_id: int) -> Suggestion | None:
    """One suggestion by id (of any status), or None."""
    row = conn.execute(_SUGGESTION + " AND c.id = ?", [coding_id]).fetchone()
    return None if row is None else _suggestion(row)


def decide(
    conn: sqlite3.Connection, coding_id: int, status: Status, coder: int, change: Change
) -> None:
    """Record a decision on a suggestion: its status and the coder who made it (undoable)."""
    values = {"status": status.value, "coder_id": coder, "updated_at": now()}
    update(conn, "coding", coding_id, values, change, action=f"suggestion.{status.value}")


def move(conn: sqlite3.Connection, coding_id: int, start: int, end: int, change: Change) -> None:
    """Change the span of a pending suggestion (undoable)."""
    values = {"start": start, "end": end, "updated_at": now()}
    update(conn, "coding", coding_id, values, change, action="suggestion.adjust")


def progress(conn: sqlite3.Connection, coder: str | None = None) -> Progress:
    """Suggestions accepted and rejected (by `coder`, when given), and those waiting for review."""
    accepted, rejected = conn.execute(
        "SELECT IFNULL(SUM(c.status = 'accepted'), 0), IFNULL(SUM(c.status = 'rejected'), 0)"
        " FROM codings c LEFT JOIN coders k ON k.id = c.coder_id"
        f" WHERE c.origin IN {_SUGGESTED_SQL}"
        " AND (? IS NULL OR k.name = ?)",
        [coder, coder],
    ).fetchone()
    waiting = conn.execute(
        f"SELECT COUNT(*) FROM codings c WHERE c.origin IN {_SUGGESTED_SQL}"
        " AND c.status = 'pending'" + _STILL_OPEN
    ).fetchone()[0]
    return Progress(int(accepted), int(rejected), int(waiting))


def _suggestion(row: Sequence[Any]) -> Suggestion:
    return Suggestion(
        id=row[0],
        source=row[1],
        start=row[2],
        end=row[3],
        code=row[4],
        origin=Origin(row[5]),
        status=Status(row[6]),
        score=float(row[7]),
        reason=row[8],
        model=row[9],
        text=row[10],
        coder=row[11],
        speaker=row[12],
        unit_start=row[13],
        unit_end=row[14],
    )


def _chunks(values: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for first in range(0, len(values), size):
        yield values[first : first + size]
