"""Counts over the whole project, for overviews."""

from __future__ import annotations

import sqlite3


def sources_by_kind(conn: sqlite3.Connection) -> dict[str, int]:
    """Number of sources of each kind."""
    rows = conn.execute("SELECT kind, COUNT(*) FROM sources GROUP BY kind ORDER BY kind")
    return {row[0]: row[1] for row in rows}


def total_words(conn: sqlite3.Connection) -> int:
    """Words in all sources."""
    return int(conn.execute("SELECT IFNULL(SUM(words), 0) FROM sources").fetchone()[0])


def coder_names(conn: sqlite3.Connection) -> list[str]:
    """Names of the coders who have codings, in order of first appearance."""
    rows = conn.execute(
        "SELECT name FROM coders WHERE id IN (SELECT DISTINCT coder_id FROM codings) ORDER BY id"
    )
    return [row[0] for row in rows]
