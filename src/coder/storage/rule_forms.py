"""The keyword forms a project keeps, one row per language (see coder.nlp.forms)."""

from __future__ import annotations

import sqlite3

STATEMENTS = (
    "CREATE TABLE rule_forms (lang TEXT PRIMARY KEY, key TEXT NOT NULL, forms TEXT NOT NULL)",
)
"""Migration 0008: the table. This is the SQL of a migration: never change it."""


def kept_forms(conn: sqlite3.Connection, lang: str, key: str) -> str | None:
    """The forms kept for `lang` (as JSON) if they were worked out for `key`, else None."""
    row = conn.execute(
        "SELECT forms FROM rule_forms WHERE lang = ? AND key = ?", [lang, key]
    ).fetchone()
    return None if row is None else str(row[0])


def keep_forms(conn: sqlite3.Connection, lang: str, key: str, forms: str) -> None:
    """Keep the forms of `lang` for `key`, in place of any kept before."""
    conn.execute(
        "INSERT INTO rule_forms (lang, key, forms) VALUES (?, ?, ?)"
        " ON CONFLICT (lang) DO UPDATE SET key = excluded.key, forms = excluded.forms",
        [lang, key, forms],
    )
