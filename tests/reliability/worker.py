"""A process that works in a project and says what it has done, for tests that kill it.

Run as `python -m tests.reliability.worker OPERATION PROJECT …`. After each change has been
committed it prints `done …` on stdout (flushed): what a test may then expect to survive a
kill. With CODER_TICKS=1 every SQLite connection also prints `tick` every few thousand
virtual-machine steps, so a test can kill it at a random point inside a transaction.

Operations:
  code PROJECT CODER COUNT SEED   apply COUNT codings at random spans, one command each
  import PROJECT FILE...          import each file with its own import
  import-all PROJECT FOLDER       import a folder in one import (all or nothing)
  open PROJECT                    open the project (applying pending migrations)
  churn PROJECT CSV ROUNDS        import a codings CSV, then undo it, ROUNDS times
  suggest PROJECT                 train and store suggestions, then accept the best one
"""

from __future__ import annotations

import os
import random
import sqlite3
import sys
from pathlib import Path

TICK_EVERY = 2_000
"""SQLite virtual-machine instructions between two ticks."""


def say(line: str) -> None:
    """Print a line at once: the test reads it while this process runs."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _tick() -> int:
    say("tick")
    return 0


def _instrument() -> None:
    """Make every project connection print ticks while SQLite works."""
    from coder.storage import db

    connect = db._connect

    def ticking(path: Path) -> sqlite3.Connection:
        conn = connect(path)
        conn.set_progress_handler(_tick, TICK_EVERY)
        return conn

    db._connect = ticking


def code(project_path: str, coder: str, count: str, seed: str) -> None:
    """Apply codings at random spans of random sources, reporting each once committed."""
    from coder.services.coding import apply_code
    from coder.services.project import Project
    from coder.storage import sources

    rng = random.Random(int(seed))
    with Project.open(Path(project_path), coder=coder) as project:
        lengths = {
            name: sources.source_length(project.conn, name)[1]
            for name in sources.source_names(project.conn)
        }
        codes = [row[0] for row in project.conn.execute("SELECT id FROM codes WHERE codable = 1")]
        for _ in range(int(count)):
            name = rng.choice(sorted(lengths))
            start = rng.randrange(lengths[name] - 1)
            end = rng.randrange(start + 1, min(lengths[name], start + 80) + 1)
            coding = apply_code(project, name, start, end, rng.choice(codes))
            say(f"done {coding.id} {name} {start} {end} {coding.code}")


def import_each(project_path: str, *files: str) -> None:
    """Import files one by one, reporting each once it is stored."""
    from coder.services.importing import ImportOptions, import_paths
    from coder.services.project import Project

    with Project.open(Path(project_path)) as project:
        for file in files:
            report = import_paths(project, [Path(file)], ImportOptions(language="sv"))
            for source in report.imported:
                say(f"done {source.name}")


def import_all(project_path: str, folder: str) -> None:
    """Import a folder in one import, saying how far storing has come."""
    from coder.services.importing import ImportOptions, import_paths
    from coder.services.project import Project

    def progress(stage: str, done: int, total: int) -> None:
        say(f"{stage} {done}/{total}")

    with Project.open(Path(project_path)) as project:
        options = ImportOptions(language="sv")
        report = import_paths(project, [Path(folder)], options, progress=progress)
    say(f"done {len(report.imported)}")


def open_project(project_path: str) -> None:
    """Open the project, which applies pending migrations."""
    from coder.services.project import Project

    with Project.open(Path(project_path)):
        say("done")


def churn(project_path: str, csv_file: str, rounds: str) -> None:
    """Import many codings and undo them again, each in one transaction."""
    from coder.services.coding import undo
    from coder.services.codings_csv import import_codings
    from coder.services.project import Project

    with Project.open(Path(project_path), coder="churn") as project:
        for n in range(int(rounds)):
            import_codings(project, Path(csv_file))
            undo(project)
            say(f"done {n}")


def suggest(project_path: str) -> None:
    """A suggestion run (one transaction), then one accepted suggestion (another)."""
    from coder.domain.suggestion import Decision
    from coder.services.project import Project
    from coder.services.review import decide, queue
    from coder.services.suggesting import suggest as run

    with Project.open(Path(project_path), coder="anna") as project:
        outcome = run(project)
        say(f"done suggested {outcome.suggested}")
        best = queue(project)[0]
        decide(project, [best.id], Decision.ACCEPT)
        say(f"done accepted {best.id}")


OPERATIONS = {
    "code": code,
    "import": import_each,
    "import-all": import_all,
    "open": open_project,
    "churn": churn,
    "suggest": suggest,
}


def main() -> None:
    """Run the operation named on the command line."""
    if os.environ.get("CODER_TICKS"):
        _instrument()
    operation, *args = sys.argv[1:]
    OPERATIONS[operation](*args)


if __name__ == "__main__":
    main()
