"""The project facade: open or create a project file and know who is working in it."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coder.domain.source import DEFAULT_LANGUAGE, LANGUAGES
from coder.domain.text import has_controls
from coder.errors import ProjectError
from coder.storage import codes as code_store
from coder.storage import db
from coder.storage import events as event_store

if TYPE_CHECKING:
    import sqlite3

DEFAULT_PROJECT = Path("coder.db")
PROJECT_ENV = "CODER_PROJECT"
CODER_ENV = "CODER_CODER"


def default_coder() -> str:
    """Who is coding when no --coder is given: $CODER_CODER, else the login name."""
    name = os.environ.get(CODER_ENV, "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "coder"


def checked_coder(name: str | None) -> str:
    """The coder's name as given (else the default); one with control characters is refused."""
    name = name or default_coder()
    if has_controls(name) or "\n" in name or "\t" in name:
        raise ProjectError(
            f"the coder name {name!r} holds control characters",
            "give a plain name with --coder or $CODER_CODER",
        )
    return name


def project_path(given: str | os.PathLike[str] | None) -> Path:
    """The project file: -p/--project, else $CODER_PROJECT, else ./coder.db."""
    if given:
        return Path(given)
    from_env = os.environ.get(PROJECT_ENV, "").strip()
    return Path(from_env) if from_env else DEFAULT_PROJECT


@dataclass
class Project:
    """An open project file and the coder working in it; every service takes one."""

    path: Path
    conn: sqlite3.Connection
    coder: str

    @classmethod
    def open(cls, path: Path, *, coder: str | None = None) -> Project:
        """Open an existing project."""
        name = checked_coder(coder)
        return cls(path=path, conn=db.open_project(path), coder=name)

    @classmethod
    def create(
        cls, path: Path, *, language: str = DEFAULT_LANGUAGE, coder: str | None = None
    ) -> Project:
        """Create a new, empty project file."""
        if language not in LANGUAGES:
            raise ProjectError(
                f"unknown language {language!r}", f"use one of {', '.join(LANGUAGES)}"
            )
        name = checked_coder(coder)
        project = cls(path=path, conn=db.create_project(path), coder=name)
        with project.transaction():
            code_store.set_setting(project.conn, "language", language)
            code_store.set_setting(project.conn, "created_at", db.now())
        return project

    @property
    def language(self) -> str:
        """The project's language (sv or en): for headings and as the default of sources."""
        return code_store.get_setting(self.conn, "language") or DEFAULT_LANGUAGE

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of the block's changes are kept, or none."""
        with db.transaction(self.conn) as conn:
            yield conn

    def new_change(self) -> event_store.Change:
        """Who is changing the project, with a new batch grouping this action's changes."""
        return event_store.Change(batch=event_store.new_batch(self.conn), coder=self.coder)

    def seal_history(self) -> None:
        """Make what the project holds now its starting point: undo goes no further back."""
        with self.transaction() as conn:
            event_store.seal(conn)

    def close(self) -> None:
        """Close the project file."""
        self.conn.close()

    def discard(self) -> None:
        """Close and delete the project file: for a project whose creation failed."""
        self.conn.close()
        db.remove_project_files(self.path)

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
