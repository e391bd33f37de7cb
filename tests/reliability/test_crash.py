"""Kill -9 at random points: the project opens, is sound, and keeps every change reported done.

Each test runs a worker process (see `worker`) once to count how far it gets, then again
several times on fresh copies, killing it at a random moment inside its SQLite work. After
each kill the project must pass `PRAGMA integrity_check`, have no dangling foreign keys, open
as a project, and hold everything the worker had reported as done.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from coder.services.project import Project
from coder.services.setup import create_project
from coder.storage import backup, migrations
from tests.conftest import CODEBOOK_YAML
from tests.reliability.conftest import write_corpus
from tests.reliability.helpers import (
    Worker,
    check_sound,
    fill_old_project,
    make_old_project,
    settle,
)
from tests.suggestion_project import fill

pytestmark = pytest.mark.slow

KILLS = 4
"""Kills per test, each at another random point."""


def _count_ticks(args: list[str]) -> int:
    """Run a ticking worker to the end; how many ticks its work takes."""
    worker = Worker(args, ticks=True)
    ticks = sum(1 for line in worker.lines() if line == "tick")
    worker.finish()
    return ticks


def _kill_at(args: list[str], tick: int) -> list[str]:
    """Run a ticking worker and SIGKILL it at the given tick; the `done` lines it printed."""
    worker = Worker(args, ticks=True)
    done: list[str] = []
    seen = 0
    for line in worker.lines():
        if line == "tick":
            seen += 1
            if seen >= tick:
                break
        elif line.startswith("done"):
            done.append(line)
    worker.kill()
    return done


def _fresh_copy(template: Path, folder: Path, n: int) -> Path:
    copy = folder / f"kill{n}.db"
    shutil.copyfile(template, copy)
    return copy


def _kill_points(total: int, seed: int) -> list[int]:
    rng = random.Random(seed)
    return sorted(rng.randint(1, max(1, total)) for _ in range(KILLS))


def test_crash_during_coding_keeps_every_reported_coding(
    project_file: Path, tmp_path: Path
) -> None:
    calibration = _fresh_copy(project_file, tmp_path, 0)
    total = _count_ticks(["code", str(calibration), "anna", "30", "1"])
    for n, tick in enumerate(_kill_points(total, seed=11), start=1):
        path = _fresh_copy(project_file, tmp_path, n)
        done = _kill_at(["code", str(path), "anna", "30", "1"], tick)
        conn = check_sound(path)
        with conn:
            for line in done:
                _, coding_id, source, start, end, code = line.split()
                row = conn.execute(
                    'SELECT s.name, c.start, c."end", c.code_id FROM codings c'
                    " JOIN sources s ON s.id = c.source_id WHERE c.id = ?",
                    [int(coding_id)],
                ).fetchone()
                assert row == (source, int(start), int(end), code), f"killed at tick {tick}"
        conn.close()
        Project.open(path).close()


def test_crash_during_import_keeps_each_file_whole_or_not_at_all(tmp_path: Path) -> None:
    files = [str(p) for p in write_corpus(tmp_path / "corpus", 5)]
    template = tmp_path / "empty.db"
    Project.create(template).close()
    settle(template)
    reference = _fresh_copy(template, tmp_path, 0)
    total = _count_ticks(["import", str(reference), *files])
    whole = _segments_per_source(reference)
    assert len(whole) == 5
    for n, tick in enumerate(_kill_points(total, seed=12), start=1):
        path = _fresh_copy(template, tmp_path, n)
        done = _kill_at(["import", str(path), *files], tick)
        stored = _segments_per_source(path)
        assert {line.split()[1] for line in done} <= set(stored), f"killed at tick {tick}"
        assert all(stored[name] == whole[name] for name in stored), f"killed at tick {tick}"
        Project.open(path).close()


def test_crash_during_one_import_of_many_files_stores_all_or_none(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    write_corpus(folder, 6)
    template = tmp_path / "empty.db"
    Project.create(template).close()
    settle(template)
    total = _count_ticks(["import-all", str(_fresh_copy(template, tmp_path, 0)), str(folder)])
    for n, tick in enumerate(_kill_points(total, seed=13), start=1):
        path = _fresh_copy(template, tmp_path, n)
        done = _kill_at(["import-all", str(path), str(folder)], tick)
        stored = _segments_per_source(path)
        assert len(stored) in (0, 6), f"killed at tick {tick}: {len(stored)} of 6 stored"
        if done:
            assert len(stored) == 6


def _segments_per_source(path: Path) -> dict[str, int]:
    conn = check_sound(path)
    try:
        rows = conn.execute(
            "SELECT s.name, (SELECT COUNT(*) FROM segments g WHERE g.source_id = s.id),"
            " (SELECT COUNT(*) FROM turns t WHERE t.source_id = s.id) FROM sources s"
        ).fetchall()
        fts = conn.execute("SELECT COUNT(*) FROM segments_fts").fetchone()[0]
        segments = conn.execute("SELECT COUNT(*) FROM segments").fetchone()[0]
    finally:
        conn.close()
    assert fts == segments
    assert all(n_segments > 0 and n_turns > 0 for _, n_segments, n_turns in rows)
    return {name: n_segments for name, n_segments, _ in rows}


def test_crash_during_a_migration_leaves_the_old_or_the_new_schema(tmp_path: Path) -> None:
    template = tmp_path / "old.db"
    make_old_project(template, migrations=1)
    fill_old_project(template, sentences=2_000, codings=20_000)
    settle(template)
    total = _count_ticks(["open", str(_fresh_copy(template, tmp_path, 0))])
    for n, tick in enumerate(_kill_points(total, seed=14), start=1):
        path = _fresh_copy(template, tmp_path, n)
        _kill_at(["open", str(path)], tick)
        check_sound(path).close()
        with Project.open(path) as project:  # finishes the migration if the kill stopped it
            conn = project.conn
            applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
            assert applied == migrations.KNOWN
            assert conn.execute("SELECT COUNT(*) FROM codings").fetchone()[0] == 20_000
            unplaced = "SELECT COUNT(*) FROM codings WHERE first_segment IS NULL"
            assert conn.execute(unplaced).fetchone()[0] == 0
        for made in backup.list_backups(path):
            old = check_sound(made.path)
            assert [r[0] for r in old.execute("SELECT name FROM _sqlite_migrations")] == [
                migrations.KNOWN[0]
            ]
            old.close()


def test_crash_during_a_suggestion_run_keeps_the_old_or_the_new_suggestions(
    tmp_path: Path,
) -> None:
    template = tmp_path / "learnt.db"
    with create_project(template, language="sv", codebook=_codebook(tmp_path), coder="anna") as p:
        fill(p, tmp_path)
    settle(template)
    reference = _fresh_copy(template, tmp_path, 0)
    total = _count_ticks(["suggest", str(reference)])
    full = _pending(reference) + _accepted_suggestions(reference)
    assert full > 0 and _accepted_suggestions(reference) == 1
    for n, tick in enumerate(_kill_points(total, seed=15), start=1):
        path = _fresh_copy(template, tmp_path, n)
        done = _kill_at(["suggest", str(path)], tick)
        pending, accepted = _pending(path), _accepted_suggestions(path)
        assert (pending, accepted) in ((0, 0), (full, 0), (full - 1, 1)), f"killed at {tick}"
        if any(line.startswith("done suggested") for line in done):
            assert pending + accepted == full, f"killed at tick {tick}"
        if any(line.startswith("done accepted") for line in done):
            assert accepted == 1, f"killed at tick {tick}"
        Project.open(path).close()


def _codebook(folder: Path) -> Path:
    path = folder / "codebook.yaml"
    path.write_text(CODEBOOK_YAML, encoding="utf-8")
    return path


def _pending(path: Path) -> int:
    conn = check_sound(path)
    try:
        return int(
            conn.execute("SELECT COUNT(*) FROM codings WHERE status = 'pending'").fetchone()[0]
        )
    finally:
        conn.close()


def _accepted_suggestions(path: Path) -> int:
    conn = check_sound(path)
    try:
        sql = "SELECT COUNT(*) FROM codings WHERE status = 'accepted' AND origin = 'model'"
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()
