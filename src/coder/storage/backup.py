"""Backups of the project file: SQLite's online backup, consistent while others keep working.

`copy_project` writes a copy of an open project as one self-contained file. `automatic_backup`
keeps the latest copies in a folder beside the project (`coder.db.backups/`), made before
every migration and every bulk operation, so that a change regretted later can be taken back
even where undo cannot reach. How many are kept is a project setting (`backup_keep`).
"""

from __future__ import annotations

import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from coder.errors import ProjectError

FOLDER_SUFFIX = ".backups"
"""The folder of automatic backups is the project file's name plus this: coder.db.backups."""
KEEP_SETTING = "backup_keep"
"""The project setting holding how many automatic backups are kept."""
DEFAULT_KEEP = 10
"""Automatic backups kept when the project does not say otherwise."""
STALE_PARTIAL_SECONDS = 3600
"""A half-written backup this old was left by a process that died; it is removed."""

_STAMP_FORMAT = "%Y%m%dT%H%M%S.%fZ"
_NAME = re.compile(r"^(?P<stamp>\d{8}T\d{6}\.\d{6}Z)-(?P<operation>[a-z0-9][a-z0-9-]*)\.db$")
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class BackupFile:
    """An automatic backup: its file, when it was made and before which operation."""

    path: Path
    made_at: datetime
    operation: str
    size: int


def backup_folder(project_path: Path) -> Path:
    """The folder beside the project that holds its automatic backups."""
    return project_path.with_name(project_path.name + FOLDER_SUFFIX)


def copy_project(conn: sqlite3.Connection, dest: Path) -> None:
    """Write a consistent copy of the project open on `conn` to `dest`, which must not exist.

    The copy is one snapshot, even while other processes write (SQLite's online backup in a
    single step under a read lock). It is written beside `dest` and renamed when complete, so
    a failure or a kill never leaves half a backup under the real name.
    """
    if dest.exists():
        raise ProjectError(f"{dest} already exists", "choose another name, or remove it first")
    if not dest.parent.is_dir():
        raise ProjectError(f"folder {dest.parent} does not exist", "create it first")
    partial = dest.with_name(f".{dest.name}.partial")
    try:
        _copy(conn, partial)
        partial.replace(dest)
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise ProjectError(
            f"cannot back up the project to {dest}: {error}",
            "check that the folder is writable and the disk not full",
        ) from error
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise ProjectError(
            f"cannot back up the project to {dest}: {error.strerror or error}",
            "check that the folder is writable and the disk not full",
        ) from error


def _copy(conn: sqlite3.Connection, target_path: Path) -> None:
    target_path.unlink(missing_ok=True)
    target = sqlite3.connect(target_path, isolation_level=None)
    try:
        conn.backup(target)
        # One self-contained file: a backup opens (and copies) without -wal or -shm files.
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()


def keep_count(conn: sqlite3.Connection) -> int:
    """How many automatic backups the project keeps (0: none are made)."""
    try:
        row = conn.execute("SELECT value FROM project WHERE key = ?", [KEEP_SETTING]).fetchone()
    except sqlite3.OperationalError:  # a file from before the project table: the default
        return DEFAULT_KEEP
    if row is None:
        return DEFAULT_KEEP
    try:
        return max(0, int(row[0]))
    except ValueError:
        return DEFAULT_KEEP


def set_keep_count(conn: sqlite3.Connection, count: int) -> None:
    """Set how many automatic backups the project keeps."""
    conn.execute(
        "INSERT INTO project (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [KEEP_SETTING, str(count)],
    )


def automatic_backup(conn: sqlite3.Connection, project_path: Path, operation: str) -> Path | None:
    """Back the project up into its backup folder before `operation`; keep the latest few.

    Returns the backup's path, or None when the project keeps no backups. A backup that cannot
    be made is an error: the operation it was to protect must not go ahead without it.
    """
    keep = keep_count(conn)
    if keep == 0:
        return None
    folder = backup_folder(project_path)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise ProjectError(
            f"cannot make the backup folder {folder}: {error.strerror or error}",
            "make the project's folder writable, or work on a copy of the project",
        ) from error
    dest = _new_name(folder, operation)
    copy_project(conn, dest)
    prune(folder, keep)
    return dest


def _new_name(folder: Path, operation: str) -> Path:
    slug = _SLUG.sub("-", operation.lower()).strip("-") or "backup"
    while True:
        stamp = datetime.now(UTC).strftime(_STAMP_FORMAT)
        dest = folder / f"{stamp}-{slug}.db"
        if not dest.exists():
            return dest
        time.sleep(0.000_001)  # two backups within a microsecond: take the next one


def list_backups(project_path: Path) -> list[BackupFile]:
    """The automatic backups of a project, oldest first (files of other names are not ours)."""
    return _backups_in(backup_folder(project_path))


def _backups_in(folder: Path) -> list[BackupFile]:
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        match = _NAME.match(path.name)
        if match is None or not path.is_file():
            continue
        made_at = datetime.strptime(match["stamp"], _STAMP_FORMAT).replace(tzinfo=UTC)
        found.append(BackupFile(path, made_at, match["operation"], path.stat().st_size))
    return found


def prune(folder: Path, keep: int) -> list[Path]:
    """Remove all but the `keep` newest automatic backups, and stale half-written ones."""
    backups = _backups_in(folder)
    removed = [backup.path for backup in backups[: max(0, len(backups) - keep)]]
    now = time.time()
    for partial in folder.glob(".*.partial"):
        # A fresh partial file may be another process's backup being written: leave it.
        if now - partial.stat().st_mtime > STALE_PARTIAL_SECONDS:
            removed.append(partial)
    for path in removed:
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            raise ProjectError(
                f"cannot remove the old backup {path}: {error.strerror or error}",
                f"check the permissions of {folder}",
            ) from error
    return removed
