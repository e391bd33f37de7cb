"""Numbered schema migrations of the project file (sqlite-utils Migrations).

sqlite-utils is imported only when a migration is to run: opening an up-to-date project reads
the applied names with one query (`coder open` and every command start faster).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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


# The sentences a coding touches, as the range first_segment..last_segment of segment indexes in
# its source: the first is the sentence holding its start (or the next one, when it starts
# between sentences), the last the final sentence starting before its end. A coding outside
# every sentence (a header line before the first turn) touches none: both NULL. Summaries count
# and compare codings by these ranges; triggers keep them right on every write, whatever writes.
_FIRST = (
    'IFNULL((SELECT CASE WHEN g."end" > {row}.start THEN g.idx ELSE g.idx + 1 END'
    " FROM segments g WHERE g.source_id = {row}.source_id AND g.start <= {row}.start"
    " ORDER BY g.start DESC LIMIT 1), 0)"
)
_LAST = (
    "(SELECT g.idx FROM segments g WHERE g.source_id = {row}.source_id"
    ' AND g.start < {row}."end" ORDER BY g.start DESC LIMIT 1)'
)
_OUTSIDE = "last_segment IS NULL OR first_segment > last_segment"
_CLEAR = "first_segment = NULL, last_segment = NULL"


def _set_segments(row: str) -> str:
    return f"first_segment = {_FIRST.format(row=row)}, last_segment = {_LAST.format(row=row)}"


def _segments_trigger(name: str, event: str) -> str:
    return (
        f"CREATE TRIGGER {name} AFTER {event} ON codings BEGIN"
        f" UPDATE codings SET {_set_segments('NEW')} WHERE id = NEW.id;"
        f" UPDATE codings SET {_CLEAR} WHERE id = NEW.id AND ({_OUTSIDE}); END"
    )


_STATEMENTS_0003 = (
    "CREATE TABLE pseudonyms (name TEXT PRIMARY KEY, alias TEXT NOT NULL,"
    " created_at TEXT NOT NULL)",
    "ALTER TABLE codings ADD COLUMN first_segment INTEGER",
    "ALTER TABLE codings ADD COLUMN last_segment INTEGER",
    "CREATE INDEX segments_start ON segments(source_id, start)",
    _segments_trigger("codings_segments_on_insert", "INSERT"),
    _segments_trigger("codings_segments_on_update", 'UPDATE OF source_id, start, "end"'),
    f"UPDATE codings SET {_set_segments('codings')}",
    f"UPDATE codings SET {_CLEAR} WHERE {_OUTSIDE}",
    # Summaries by sentence (theme totals, co-occurrence) scan the first, counts per code and
    # source the second; both cover their queries, so no table row is read. The third finds the
    # few codings outside every sentence.
    "CREATE INDEX codings_units ON codings"
    "(source_id, first_segment, last_segment, code_id, status, coder_id)",
    "CREATE INDEX codings_tally ON codings(code_id, source_id, status, coder_id)",
    "CREATE INDEX codings_outside ON codings(source_id) WHERE first_segment IS NULL",
)


@_migration("0003_pseudonyms_and_coded_segments")
def m0003_pseudonyms_and_coded_segments(db: Database) -> None:
    """Add the pseudonym table, and the sentences each coding touches with the report indexes."""
    _run_statements(db, _STATEMENTS_0003)


_STATEMENTS_0004 = (
    # Terms that veto a code's rule hits (the codebook's `exclude` given as a list of terms).
    "ALTER TABLE codes ADD COLUMN exclude_keywords TEXT NOT NULL DEFAULT '[]'",
    # One row per trained suggestion model: its version (stored on every suggestion it made),
    # when and by whom it was trained, the unit it scores, and per code its cross-validated
    # precision, recall and threshold (JSON).
    "CREATE TABLE models (id INTEGER PRIMARY KEY, version TEXT NOT NULL UNIQUE,"
    " trained_at TEXT NOT NULL, trained_by TEXT NOT NULL, unit TEXT NOT NULL,"
    " examples INTEGER NOT NULL, report TEXT NOT NULL)",
    # The review queue: pending suggestions by code and score.
    "CREATE INDEX codings_queue ON codings(status, code_id, score) WHERE status <> 'accepted'",
)


@_migration("0004_suggestions")
def m0004_suggestions(db: Database) -> None:
    """Add veto terms to codes, the table of trained models, and the review queue index."""
    _run_statements(db, _STATEMENTS_0004)


@_migration("0005_kept_counts")
def m0005_kept_counts(db: Database) -> None:
    """Keep codings per code and source, and the codes on each sentence, for fast summaries."""
    from coder.storage import kept_counts

    _run_script(db, kept_counts.SCHEMA)
    _run_statements(db, kept_counts.TRIGGERS)


@_migration("0006_bulk_suggestions")
def m0006_bulk_suggestions(db: Database) -> None:
    """Let suggestions be stored in bulk, counted once for the reports instead of row by row."""
    from coder.storage import bulk_counts

    _run_statements(db, bulk_counts.STATEMENTS)


_STATEMENTS_0007 = (
    "DROP TRIGGER codings_segments_on_insert",
    _segments_trigger("codings_segments_on_insert", "INSERT").replace(
        " ON codings BEGIN", " ON codings WHEN NEW.first_segment IS NULL BEGIN", 1
    ),
)


@_migration("0007_coding_segments_given")
def m0007_coding_segments_given(db: Database) -> None:
    """Let a new coding that names its sentences keep them instead of their being looked up.

    Import knows the sentences each rule suggestion covers; looking them up again for
    hundreds of thousands of rows was a third of the cost of storing them. A coding inserted
    without them (NULL) is looked up as before.
    """
    _run_statements(db, _STATEMENTS_0007)


@_migration("0008_rule_forms")
def m0008_rule_forms(db: Database) -> None:
    """Keep the forms of the codebook's keywords, so that an import need not read the tables."""
    from coder.storage import rule_forms

    _run_statements(db, rule_forms.STATEMENTS)


@_migration("0009_bulk_masks")
def m0009_bulk_masks(db: Database) -> None:
    """Work out the sentence masks of suggestions stored in bulk once per source, not per count."""
    from coder.storage import bulk_masks

    _run_statements(db, bulk_masks.STATEMENTS)


@_migration("0010_drop_codings_code")
def m0010_drop_codings_code(db: Database) -> None:
    """Drop the index of codings by code and status: codings_tally (0003) starts with the code.

    Every lookup by code (with or without a status) is served by codings_tally, which covers
    them; the extra index cost a sixth of the time of storing an import's rule suggestions.
    """
    db.execute("DROP INDEX codings_code")


def _run_script(db: Database, script: str) -> None:
    # executescript() would COMMIT the migration's transaction; run statement by statement.
    _run_statements(db, [statement for statement in script.split(";") if statement.strip()])


def _run_statements(db: Database, statements: Iterable[str]) -> None:
    for statement in statements:
        db.execute(statement)


def apply_migrations(db: Database) -> list[str]:
    """Apply the pending migrations; return their names."""
    steps = migration_set()
    pending = [m.name for m in steps.pending(db)]
    steps.apply(db)
    return pending
