"""Two processes in one project: both keep all their work, and readers see whole changes only."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from coder.services.coding import undo
from coder.services.project import Project
from coder.storage import codings as coding_store
from coder.storage.events import Change
from tests.reliability.helpers import Worker, check_sound

CODINGS = 150


def _stored(path: Path, done: list[str]) -> None:
    """Every coding a worker reported is in the project, as reported."""
    with closing(sqlite3.connect(path)) as conn:
        for line in done:
            _, coding_id, _, start, end, code = line.split()
            row = conn.execute(
                'SELECT start, "end", code_id FROM codings WHERE id = ?', [int(coding_id)]
            ).fetchone()
            assert row == (int(start), int(end), code)


@pytest.mark.slow
@pytest.mark.parametrize("coders", [("anna", "bo"), ("anna", "anna")], ids=["two", "same"])
def test_concurrency_two_processes_coding_at_once_keep_all_their_work(
    project_file: Path, coders: tuple[str, str]
) -> None:
    workers = [
        Worker(["code", str(project_file), coder, str(CODINGS), str(seed)])
        for seed, coder in enumerate(coders)
    ]
    done = [[line for line in worker.finish() if line.startswith("done")] for worker in workers]
    assert [len(lines) for lines in done] == [CODINGS, CODINGS]
    for lines in done:
        _stored(project_file, lines)
    check_sound(project_file).close()


@pytest.mark.slow
def test_concurrency_a_reader_never_sees_half_a_change(project_file: Path, tmp_path: Path) -> None:
    """A writer imports 300 codings and undoes them, five times; each in one transaction."""
    with Project.open(project_file) as project:
        length = project.conn.execute("SELECT length(text) FROM sources WHERE name = 'int01'")
        end = int(length.fetchone()[0])
    rows = [f"int01,{n},{min(n + 5, end)},pandemin,olle" for n in range(300)]
    csv_file = tmp_path / "many.csv"
    csv_file.write_text("source,start,end,code,coder\n" + "\n".join(rows) + "\n", encoding="utf-8")
    writer = Worker(["churn", str(project_file), str(csv_file), "5"])
    seen: set[int] = set()
    with closing(sqlite3.connect(project_file)) as reader:
        while writer.process.poll() is None:
            seen.add(reader.execute("SELECT COUNT(*) FROM codings").fetchone()[0])
    assert writer.finish() == [f"done {n}" for n in range(5)]
    assert seen <= {0, 300}, f"a reader saw a partly applied change: {sorted(seen)}"


def test_concurrency_undo_takes_back_only_the_coders_own_change(project_file: Path) -> None:
    """Two coders' actions begun at the same moment (numbered alike); undo takes one back."""
    with (
        Project.open(project_file, coder="anna") as anna,
        Project.open(project_file, coder="bo") as bo,
    ):
        hers = anna.new_change()
        his = Change(batch=hers.batch, coder="bo")  # the worst case: the same number
        for project, change, code in ((bo, his, "pandemin"), (anna, hers, "na-industrin")):
            with project.transaction() as conn:
                values = {"source_id": 1, "code_id": code, "start": 0, "end": 5}
                coder = coding_store.coder_id(conn, change.coder)
                values |= {"coder_id": coder, "origin": "human", "status": "accepted"}
                coding_store.insert_coding(conn, values, change)
        assert [event.action for event in undo(anna)] == ["coding.apply"]
        codes = bo.conn.execute('SELECT code_id FROM codings WHERE start = 0 AND "end" = 5')
        assert [row[0] for row in codes] == ["pandemin"]
