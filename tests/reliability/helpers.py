"""What the reliability tests share: looking into project files, old projects, worker processes."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def digest(path: Path) -> str:
    """The SHA-256 of a file's bytes: 'byte-for-byte unchanged' means the same digest."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def settle(path: Path) -> None:
    """Fold the WAL into the project file, so that its bytes are all there is to compare."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    Path(f"{path}-wal").unlink(missing_ok=True)
    Path(f"{path}-shm").unlink(missing_ok=True)


def unchanged_since(path: Path, before: str) -> bool:
    """Whether the project file holds what it did (and no WAL holds anything more)."""
    wal = Path(f"{path}-wal")
    return digest(path) == before and (not wal.exists() or wal.stat().st_size == 0)


def check_sound(path: Path) -> sqlite3.Connection:
    """Open a project file as SQLite and insist it is sound: integrity, foreign keys, FTS.

    Returns the open connection (read it, then close it).
    """
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'segments_fts'").fetchone():
            conn.execute("INSERT INTO segments_fts(segments_fts) VALUES ('integrity-check')")
    except BaseException:
        conn.close()
        raise
    return conn


def make_old_project(path: Path, migrations: int) -> None:
    """A project file as an older coder left it: only the first `migrations` migrations."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from coder.storage import migrations as known

    steps = Migrations(known.MIGRATION_SET)
    for name, function in known._STEPS[:migrations]:
        steps(name=name)(function)
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        steps.apply(Database(conn))


def fill_old_project(path: Path, *, sentences: int, codings: int) -> None:
    """Put one long source with its sentences and many codings into a 0001-schema project."""
    stamp = "2024-01-01T00:00:00.000Z"
    sentence = "Det här är en mening om pandemin och företagen. "
    text = sentence * sentences
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("INSERT INTO project VALUES ('language', 'sv')")
        conn.execute("INSERT INTO coders (id, name, created_at) VALUES (1, 'anna', ?)", [stamp])
        conn.execute("INSERT INTO codes (id, name) VALUES ('pandemin', 'Pandemin')")
        conn.execute(
            "INSERT INTO sources (id, name, kind, language, text, content_hash, origin,"
            " file_format, words, imported_at, imported_by)"
            " VALUES (1, 'lang', 'document', 'sv', ?, 'x', 'lang.txt', 'txt', 1, ?, 'anna')",
            [text, stamp],
        )
        conn.execute(
            'INSERT INTO turns (id, source_id, idx, start, "end") VALUES (1, 1, 0, 0, ?)',
            [len(text)],
        )
        size = len(sentence)
        conn.executemany(
            'INSERT INTO segments (source_id, turn_id, idx, start, "end") VALUES (1, 1, ?, ?, ?)',
            [(i, i * size, (i + 1) * size - 1) for i in range(sentences)],
        )
        conn.executemany(
            'INSERT INTO codings (source_id, code_id, start, "end", coder_id, origin, status,'
            " created_at, updated_at) VALUES (1, 'pandemin', ?, ?, 1, 'human', 'accepted', ?, ?)",
            [(i, i + 7, stamp, stamp) for i in range(codings)],
        )


@dataclass
class Worker:
    """A `python -m tests.reliability.worker` process, read line by line from its stdout."""

    args: list[str]
    ticks: bool = False
    process: subprocess.Popen[str] = field(init=False)

    def __post_init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "CODER_TICKS": "1" if self.ticks else ""}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.worker", *self.args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def lines(self) -> Iterator[str]:
        """The lines the worker prints, as they come, until it ends."""
        assert self.process.stdout is not None
        for line in self.process.stdout:
            yield line.rstrip("\n")

    def kill(self) -> None:
        """SIGKILL: no clean-up, no atexit, no flushing; then reap the process."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def finish(self) -> list[str]:
        """Wait for the worker to end by itself; its remaining lines. It must succeed."""
        out, err = self.process.communicate(timeout=300)
        assert self.process.returncode == 0, err
        return out.splitlines()
