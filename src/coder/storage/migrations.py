"""Numbered schema migrations of the project file (sqlite-utils Migrations).

sqlite-utils is imported only when a migration is to run: opening an up-to-date project reads
the applied names with one query (`coder open` and every command start faster).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

_Fn = TypeVar("_Fn", bound=Callable[["Database"], None])

MIGRATION_SET = "coder"
MIGRATIONS_TABLE = "_sqlite_migrations"
"""The table in which sqlite-utils records the migrations applied."""
_STEPS: list[tuple[str, Callable[[Database], None]]] = []
KNOWN: list[str] = []
"""Names of every migration this version knows, in the order they apply."""


def _migration(name: str) -> Callable[[_Fn], _Fn]:
    """Register a numbered migration, in order."""

    def register(function: _Fn) -> _Fn:
        _STEPS.append((name, function))
        KNOWN.append(name)
        return function

    return register


@cache
def migration_set() -> Migrations:
    """The sqlite-utils migration set holding every step, built on first need."""
    from sqlite_utils.migrations import Migrations

    steps = Migrations(MIGRATION_SET)
    for name, function in _STEPS:
        steps(name=name)(function)
    return steps


_SCHEMA_0001 = """
CREATE TABLE project (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE coders (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE TABLE codes (
    id TEXT PRIMARY KEY,
    parent_id TEXT REFERENCES codes(id) ON DELETE RESTRICT,
    name TEXT NOT NULL,
    key TEXT,
    color TEXT,
    description TEXT NOT NULL DEFAULT '',
    include TEXT NOT NULL DEFAULT '',
    exclude TEXT NOT NULL DEFAULT '',
    examples TEXT NOT NULL DEFAULT '[]',
    keywords TEXT NOT NULL DEFAULT '[]',
    patterns TEXT NOT NULL DEFAULT '[]',
    codable INTEGER NOT NULL DEFAULT 1,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX codes_key ON codes(key) WHERE key IS NOT NULL;
CREATE INDEX codes_parent ON codes(parent_id);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('interview', 'document', 'observation', 'other')),
    language TEXT NOT NULL,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    origin TEXT NOT NULL,
    file_format TEXT NOT NULL,
    words INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL
);
CREATE INDEX sources_hash ON sources(content_hash);
CREATE TABLE attributes (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (source_id, key)
) WITHOUT ROWID;
CREATE INDEX attributes_key ON attributes(key, value);
CREATE TABLE turns (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    speaker TEXT,
    timestamp REAL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    is_interviewer INTEGER NOT NULL DEFAULT 0,
    UNIQUE (source_id, idx)
);
CREATE TABLE segments (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    turn_id INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    UNIQUE (source_id, idx)
);
CREATE INDEX segments_turn ON segments(turn_id);
CREATE VIRTUAL TABLE segments_fts USING fts5(
    text, tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TABLE codings (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE RESTRICT,
    code_id TEXT NOT NULL REFERENCES codes(id) ON DELETE RESTRICT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    coder_id INTEGER REFERENCES coders(id) ON DELETE RESTRICT,
    origin TEXT NOT NULL CHECK (origin IN ('human', 'rule', 'model', 'import')),
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
    score REAL,
    reason TEXT,
    model TEXT,
    exemplar INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (start >= 0 AND "end" > start),
    CHECK (status = 'pending' OR status = 'rejected' OR coder_id IS NOT NULL)
);
CREATE UNIQUE INDEX codings_span ON codings(source_id, code_id, start, "end", IFNULL(coder_id, 0));
CREATE INDEX codings_source ON codings(source_id, start);
CREATE INDEX codings_code ON codings(code_id, status);
CREATE TABLE memos (
    id INTEGER PRIMARY KEY,
    source_id INTEGER REFERENCES sources(id) ON DELETE CASCADE,
    code_id TEXT REFERENCES codes(id) ON DELETE CASCADE,
    coding_id INTEGER REFERENCES codings(id) ON DELETE CASCADE,
    coder_id INTEGER REFERENCES coders(id) ON DELETE RESTRICT,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((source_id IS NOT NULL) + (code_id IS NOT NULL) + (coding_id IS NOT NULL) <= 1)
);
CREATE INDEX memos_coding ON memos(coding_id);
CREATE INDEX memos_code ON memos(code_id);
CREATE INDEX memos_source ON memos(source_id);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    coder TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT,
    before TEXT,
    after TEXT,
    batch INTEGER NOT NULL,
    undo TEXT CHECK (undo IN ('done', 'undone', 'dead'))
);
CREATE INDEX events_undo ON events(undo) WHERE undo IN ('done', 'undone');
CREATE INDEX events_batch ON events(batch);
"""


@_migration("0001_initial_schema")
def m0001_initial_schema(db: Database) -> None:
    """Create the first schema: project, coders, codes, sources, turns, segments, codings."""
    _run_script(db, _SCHEMA_0001)


_SCHEMA_0002 = """
CREATE TABLE positions (
    coder_id INTEGER NOT NULL REFERENCES coders(id) ON DELETE CASCADE,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    sentence INTEGER NOT NULL CHECK (sentence >= 0),
    seq INTEGER NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (coder_id, source_id)
) WITHOUT ROWID;
"""


@_migration("0002_positions")
def m0002_positions(db: Database) -> None:
    """Add where each coder was in each source (the sentence), so work resumes there."""
    _run_script(db, _SCHEMA_0002)


def _run_script(db: Database, script: str) -> None:
    # executescript() would COMMIT the migration's transaction; run statement by statement.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def apply_migrations(db: Database) -> list[str]:
    """Apply the pending migrations; return their names."""
    steps = migration_set()
    pending = [m.name for m in steps.pending(db)]
    steps.apply(db)
    return pending
