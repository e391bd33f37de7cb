"""Commands for backups: copy the project now, list and limit the automatic backups."""

from __future__ import annotations

from pathlib import Path

import click

from coder.cli import CliState, cli
from coder.cli.output import emit, format_option, say


@cli.command("backup")
@click.argument("dest", type=click.Path(path_type=Path))
@click.pass_obj
def backup(state: CliState, dest: Path) -> None:
    """Copy the project to DEST (a new file, or a folder to put a dated copy in).

    The copy is consistent even while others are coding in the project. It is written under
    a temporary name and renamed when complete, so a failure leaves no half-written file.
    """
    from coder.services.backup import backup_project

    with state.open() as project:
        written = backup_project(project, dest)
    say(f"backed up {state.path} to {written}")


@cli.group()
def backups() -> None:
    """Automatic backups, made before migrations and bulk operations (in PROJECT.backups/)."""


@backups.command("list")
@format_option
@click.pass_obj
def backups_list(state: CliState, fmt: str) -> None:
    """List the automatic backups, oldest first: when, before what, size and file."""
    from coder.services.backup import automatic_backups, backup_folder, backups_kept

    with state.open() as project:
        found = automatic_backups(project)
        kept = backups_kept(project)
    emit(
        [
            {
                "made_at": backup.made_at.isoformat(timespec="seconds").replace("+00:00", "Z"),
                "before": backup.operation,
                "bytes": backup.size,
                "file": str(backup.path),
            }
            for backup in found
        ],
        fmt,
        columns=("made_at", "before", "bytes", "file"),
    )
    if fmt == "table":
        say(f"{len(found)} in {backup_folder(state.path)}; the latest {kept} are kept")


@backups.command("keep")
@click.argument("count", type=click.IntRange(min=0))
@click.pass_obj
def backups_keep(state: CliState, count: int) -> None:
    """Keep the latest COUNT automatic backups (default 10; 0 makes none)."""
    from coder.services.backup import keep_backups

    with state.open() as project:
        removed = keep_backups(project, count)
    what = f"the latest {count} automatic backups" if count else "no automatic backups"
    say(f"keeping {what}" + (f"; removed {len(removed)} older ones" if removed else ""))
