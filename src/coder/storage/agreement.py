"""The SQL behind agreement: coders and their counts, whose codings count, units and their spans."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from coder.storage.db import marks, plain_rows

MODEL_ORIGINS = ("rule", "model")
"""Origins of the codings the suggestion engine makes."""
MODEL_STATUSES = ("pending", "accepted")
"""The suggestions that count as the model's coding: those waiting and those accepted."""


@dataclass(frozen=True, slots=True)
class Rater:
    """Whose codings count: one coder's of some statuses, or (coder_id None) the model's.

    A coder's codings are their accepted ones by default, whatever their origin (a suggestion a
    coder accepted is that coder's judgement too). The model's are its suggestions, pending or
    accepted, by whoever accepted them.
    """

    coder_id: int | None
    statuses: tuple[str, ...] = ("accepted",)

    def where(self, alias: str = "c") -> tuple[str, list[object]]:
        """The condition (without WHERE) on codings aliased `alias`, and its parameters."""
        if self.coder_id is None:
            return (
                f"{alias}.origin IN ({marks(MODEL_ORIGINS)})"
                f" AND {alias}.status IN ({marks(MODEL_STATUSES)})",
                [*MODEL_ORIGINS, *MODEL_STATUSES],
            )
        return (
            f"{alias}.coder_id = ? AND {alias}.status IN ({marks(self.statuses)})",
            [self.coder_id, *self.statuses],
        )


@dataclass(frozen=True, slots=True)
class CoderCount:
    """A coder with how much they have coded: accepted codings, sources and codes used."""

    name: str
    codings: int
    sources: int
    codes: int
    last_coded: str | None


def coder_counts(conn: sqlite3.Connection) -> list[CoderCount]:
    """Every coder of the project, in the order they were added, with their accepted codings."""
    rows = plain_rows(
        conn,
        "SELECT k.name, COUNT(c.id), COUNT(DISTINCT c.source_id), COUNT(DISTINCT c.code_id),"
        " MAX(c.updated_at) FROM coders k"
        " LEFT JOIN codings c ON c.coder_id = k.id AND c.status = 'accepted'"
        " GROUP BY k.id ORDER BY k.id",
        [],
    )
    return [CoderCount(str(r[0]), int(r[1]), int(r[2]), int(r[3]), r[4]) for r in rows]


def model_count(conn: sqlite3.Connection) -> CoderCount:
    """The suggestions that count as the model's coding, counted as for a coder."""
    condition, params = Rater(None).where()
    row = plain_rows(
        conn,
        "SELECT COUNT(*), COUNT(DISTINCT c.source_id), COUNT(DISTINCT c.code_id),"
        f" MAX(c.updated_at) FROM codings c WHERE {condition}",
        params,
    )[0]
    return CoderCount("model", int(row[0]), int(row[1]), int(row[2]), row[3])


def find_coder(conn: sqlite3.Connection, name: str) -> int | None:
    """The id of the coder called `name`, or None (nothing is added)."""
    row = conn.execute("SELECT id FROM coders WHERE name = ?", [name]).fetchone()
    return None if row is None else int(row[0])


def coded_source_ids(conn: sqlite3.Connection, rater: Rater) -> set[int]:
    """Ids of the sources in which the rater has at least one coding that counts."""
    condition, params = rater.where()
    rows = plain_rows(conn, f"SELECT DISTINCT c.source_id FROM codings c WHERE {condition}", params)
    return {int(row[0]) for row in rows}


def shared_sources(conn: sqlite3.Connection) -> list[tuple[str, str, int]]:
    """(coder, coder, sources both have accepted codings in) for every pair that shares any."""
    rows = plain_rows(
        conn,
        "WITH coded AS (SELECT DISTINCT coder_id, source_id FROM codings"
        " WHERE status = 'accepted' AND coder_id IS NOT NULL)"
        " SELECT a.name, b.name, COUNT(*) FROM coded x JOIN coded y"
        " ON x.source_id = y.source_id AND x.coder_id < y.coder_id"
        " JOIN coders a ON a.id = x.coder_id JOIN coders b ON b.id = y.coder_id"
        " GROUP BY x.coder_id, y.coder_id ORDER BY COUNT(*) DESC, x.coder_id, y.coder_id",
        [],
    )
    return [(str(a), str(b), int(count)) for a, b, count in rows]


def coding_spans(
    conn: sqlite3.Connection, rater: Rater, source_ids: Sequence[int]
) -> list[tuple[int, str, int, int]]:
    """(source id, code id, start, end) of the rater's codings in these sources."""
    if not source_ids:
        return []
    condition, params = rater.where()
    return [
        (int(s), str(code), int(start), int(end))
        for s, code, start, end in plain_rows(
            conn,
            f'SELECT c.source_id, c.code_id, c.start, c."end" FROM codings c WHERE {condition}'
            f" AND c.source_id IN ({marks(source_ids)})",
            [*params, *source_ids],
        )
    ]


@dataclass(frozen=True, slots=True)
class SentenceRow:
    """A sentence with its turn: what units are built from."""

    source_id: int
    turn: int
    speaker: str | None
    is_interviewer: bool
    start: int
    end: int


def sentences(conn: sqlite3.Connection, source_ids: Sequence[int]) -> list[SentenceRow]:
    """Every sentence of these sources, by source id and position, with its turn."""
    if not source_ids:
        return []
    rows = plain_rows(
        conn,
        'SELECT g.source_id, t.idx, t.speaker, t.is_interviewer, g.start, g."end"'
        " FROM segments g JOIN turns t ON t.id = g.turn_id"
        f" WHERE g.source_id IN ({marks(source_ids)}) ORDER BY g.source_id, g.idx",
        list(source_ids),
    )
    return [SentenceRow(int(r[0]), int(r[1]), r[2], bool(r[3]), int(r[4]), int(r[5])) for r in rows]


def source_names(conn: sqlite3.Connection) -> dict[int, str]:
    """Every source's name by id."""
    return {int(i): str(name) for i, name in plain_rows(conn, "SELECT id, name FROM sources", [])}


def texts(conn: sqlite3.Connection, source_ids: Sequence[int]) -> dict[int, str]:
    """The full text of these sources, by id."""
    if not source_ids:
        return {}
    rows = plain_rows(
        conn,
        f"SELECT id, text FROM sources WHERE id IN ({marks(source_ids)})",
        list(source_ids),
    )
    return {int(i): str(text) for i, text in rows}
