"""Opening the project file: SQLite in WAL mode with foreign keys, migrated to this version."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coder.errors import ProjectError
from coder.storage import migrations

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


def now() -> str:
    """The current time as stored in the project: ISO 8601, UTC, milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def plain_rows(
    conn: sqlite3.Connection, sql: str, params: Sequence[object] = ()
) -> list[tuple[Any, ...]]:
    """The rows of a query as plain tuples, not sqlite3.Row.

    For thousands of rows they are quicker to make, and the garbage collector stops tracking
    tuples of numbers, so big reads do not bring on long pauses.
    """
    cursor = conn.cursor()
    cursor.row_factory = None
    return cursor.execute(sql, params).fetchall()


def marks(values: Sequence[object]) -> str:
    """Placeholders for the values of an `IN (…)` list (`NULL` for none, which matches nothing)."""
    return ", ".join("?" for _ in values) or "NULL"


def create_project(path: Path) -> sqlite3.Connection:
    """Create a new project file at `path` with the current schema."""
    if path.exists():
        raise ProjectError(
            f"{path} already exists",
            "open it with -p/--project, or choose another file name",
        )
    if not path.parent.exists():
        raise ProjectError(f"folder {path.parent} does not exist", "create it first")
    try:
        conn = _connect(path)
        _configure(conn, path)
        _migrate(conn, path)
    except BaseException:
        remove_project_files(path)
        raise
    return conn


def open_project(path: Path) -> sqlite3.Connection:
    """Open an existing project file, applying pending migrations."""
    if not path.exists():
        raise ProjectError(
            f"no project at {path}",
            "create one with 'coder init', or pick one with -p/--project or CODER_PROJECT",
        )
    _check_is_sqlite(path)
    conn = _connect(path)
    try:
        # Only a file that is ours is switched to WAL mode: another program's database stays
        # exactly as it was.
        _check_is_ours(conn, path)
        _configure(conn, path)
        _migrate(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run the block in one write transaction (a savepoint when one is already open).

    A failure the user can act on (read-only file, busy project, full disk) becomes a
    ProjectError; anything else is a bug and propagates as it is.
    """
    try:
        with _transaction(conn):
            yield conn
    except sqlite3.OperationalError as error:
        known = _storage_error(_file_of(conn), error)
        if known is None:
            raise
        raise known from error


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    if conn.in_transaction:
        conn.execute("SAVEPOINT nested")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK TO nested")
            conn.execute("RELEASE nested")
            raise
        conn.execute("RELEASE nested")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _file_of(conn: sqlite3.Connection) -> str:
    row = conn.execute("PRAGMA database_list").fetchone()
    return str(row[2]) if row is not None else "the project"


def _storage_error(path: str, error: sqlite3.OperationalError) -> ProjectError | None:
    """The user's side of a storage failure (read-only, busy, full), or None for a bug."""
    text = str(error)
    if "readonly" in text:
        return ProjectError(f"{path} is read-only", "make it writable, or work on a copy")
    if "locked" in text or "busy" in text:
        return ProjectError(
            f"{path} is busy: another coder process is writing to it",
            "wait a moment and try again",
        )
    if "full" in text:
        return ProjectError(f"the disk holding {path} is full", "free some space and try again")
    if "disk I/O" in text:
        return ProjectError(f"cannot write to {path}: {text}", "check the file and the disk")
    return None


def _connect(path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlite3.DatabaseError as error:
        raise _open_error(path, error) from error
    conn.row_factory = sqlite3.Row
    return conn


def _configure(conn: sqlite3.Connection, path: Path) -> None:
    """WAL (readers never block the writer), durable commits, and foreign keys enforced."""
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as error:
        conn.close()
        raise _open_error(path, error) from error


def _open_error(path: Path, error: sqlite3.DatabaseError) -> ProjectError:
    if "malformed" in str(error):
        return ProjectError(
            f"cannot open {path}: {error} (the file is damaged)",
            f"put back a copy: the latest automatic backup is in {path}.backups/",
        )
    return ProjectError(
        f"cannot open {path}: {error}",
        "check that it is a coder project file, that you may read it, and that its folder "
        "is writable (SQLite keeps -wal and -shm files beside it)",
    )


def _check_is_sqlite(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            magic = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise ProjectError(
            f"cannot read {path}: {error.strerror}", "check its permissions"
        ) from error
    if magic != SQLITE_MAGIC:
        raise ProjectError(
            f"{path} is not a coder project (not an SQLite file)",
            "pass the project file made by 'coder init' with -p/--project",
        )


def _check_is_ours(conn: sqlite3.Connection, path: Path) -> None:
    try:
        row = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
            [migrations.MIGRATIONS_TABLE],
        ).fetchone()
    except sqlite3.DatabaseError as error:  # a damaged file, or one we may not read
        raise _open_error(path, error) from error
    if row is None:
        raise ProjectError(
            f"{path} is an SQLite file but not a coder project",
            "pass the project file made by 'coder init' with -p/--project",
        )


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    applied = _applied(conn)
    unknown = [name for name in applied if name not in migrations.KNOWN]
    if unknown:
        raise ProjectError(
            f"{path} was made by a newer version of coder (schema {unknown[-1]})",
            "upgrade coder to open it",
        )
    if len(applied) < len(migrations.KNOWN):
        from sqlite_utils import Database

        if applied:  # an existing project: keep a copy as it was before its schema changes
            from coder.storage.backup import automatic_backup

            pending = migrations.KNOWN[len(applied)]
            automatic_backup(conn, path, f"before-migration-{pending.split('_')[0]}")
        try:
            # All pending migrations in one write transaction: a second process opening the
            # file at the same moment waits, then finds nothing left to do; a kill keeps the
            # file as it was (sqlite-utils runs each migration in a savepoint inside it).
            with _transaction(conn):
                migrations.apply_migrations(Database(conn))
        except sqlite3.OperationalError as error:
            raise ProjectError(
                f"cannot update the schema of {path}: {error}",
                "check that the file is writable and the disk not full",
            ) from error


def _applied(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations applied to the project, in order (none in a new file)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
        [migrations.MIGRATIONS_TABLE],
    ).fetchone()
    if exists is None:
        return []
    rows = conn.execute(
        f"SELECT name FROM {migrations.MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY id",
        [migrations.MIGRATION_SET],
    )
    return [row[0] for row in rows]


def remove_project_files(path: Path) -> None:
    """Delete a project file with its WAL and shared-memory files."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
