"""Backups: a copy of the project on demand, and automatic copies before risky operations.

Every migration and every bulk operation (`import-project --into`, deleting or merging codes
that have codings, accepting suggestions in bulk, merging projects) first copies the project
into `<project>.backups/`, keeping the latest few (`backup_keep`, default 10; 0 turns them off).
"""

from __future__ import annotations

from pathlib import Path

from coder.errors import ProjectError
from coder.services.project import Project
from coder.storage import backup as backup_store
from coder.storage.backup import DEFAULT_KEEP, BackupFile, backup_folder

__all__ = [
    "DEFAULT_KEEP",
    "BackupFile",
    "automatic_backups",
    "backup_folder",
    "backup_project",
    "backups_kept",
    "before_bulk",
    "keep_backups",
]


def before_bulk(project: Project, operation: str) -> Path | None:
    """Back the project up before a bulk operation; the backup's path, or None when turned off.

    `operation` names it in the backup's file name ("suggestions accept", "merge", …). Call
    it before the operation's transaction: a backup that cannot be made raises ProjectError,
    and the operation must then not go ahead.
    """
    return backup_store.automatic_backup(project.conn, project.path, operation)


def backup_project(project: Project, dest: Path) -> Path:
    """Write a consistent copy of the project to `dest` (a new file, or into a folder).

    Safe while the project is in use: the copy is one snapshot, whatever others write.
    """
    if dest.is_dir():
        from coder.storage.db import now

        stamp = now().replace(":", "").replace("-", "")
        dest = dest / f"{project.path.stem}-{stamp}{project.path.suffix or '.db'}"
    if dest.resolve() == project.path.resolve():
        raise ProjectError(f"{dest} is the project itself", "give another file or a folder")
    backup_store.copy_project(project.conn, dest)
    return dest


def automatic_backups(project: Project) -> list[BackupFile]:
    """The automatic backups of the project, oldest first."""
    return backup_store.list_backups(project.path)


def backups_kept(project: Project) -> int:
    """How many automatic backups the project keeps."""
    return backup_store.keep_count(project.conn)


def keep_backups(project: Project, count: int) -> list[Path]:
    """Keep `count` automatic backups from now on (0: make none); returns the ones removed."""
    if count < 0:
        raise ProjectError(f"cannot keep {count} backups", "give 0 or more")
    with project.transaction() as conn:
        backup_store.set_keep_count(conn, count)
    folder = backup_folder(project.path)
    return backup_store.prune(folder, count) if folder.is_dir() else []
