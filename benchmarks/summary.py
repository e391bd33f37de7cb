"""Measure theme summaries, matrices and co-occurrence on a million codings, and the demo report.

Builds (once; kept in benchmarks/.cache/) a project from the generated corpus — 300 transcripts
of 5,000 words by default, imported as `coder import` does — and gives it about a million
codings, inserted with executemany as a stream of coding sessions would leave them: three
coders, spans of one to three sentences, about 90% accepted, 7% pending and 3% rejected, codes
of very different frequency. Then it times each table through the services (median of
--repeat calls, after one warm-up call that loads pandas and numpy), the whole `coder summary`
command, `coder report` of the demo project to HTML and Word, and the time until the TUI's
Summary screen shows the table (in a fresh process, so the first opening includes importing
pandas). With --write-readme the table replaces the marked summary section of README.md.

    python benchmarks/summary.py [--transcripts 300] [--codings 1000000] [--repeat 5]
                                 [--write-readme]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import generate
import readme
from coder.services.importing import ImportOptions, import_paths
from coder.services.project import Project
from coder.services.reports.scope import Scope, resolve
from coder.services.reports.summary import cooccurrence, matrix, summary
from coder.services.reports.units import group_bits
from coder.services.setup import create_project
from coder.storage import reports as report_store

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
CODER = Path(sys.executable).with_name("coder")
TABLE_TARGET_S = 0.5
REPORT_TARGET_S = 5.0
SCREEN_TARGET_S = 1.0
TARGETS = (
    f"Targets: any summary, matrix or co-occurrence table ≤ {TABLE_TARGET_S:g} s on a million "
    f"codings, the TUI's Summary screen filled ≤ {SCREEN_TARGET_S:g} s; a report of the demo "
    f"project ≤ {REPORT_TARGET_S:g} s."
)
SCREEN = "TUI Summary screen filled"
CPU = "CPU time of the app"
WHOLE_COMMAND = "`coder summary --format csv` (whole command)"
CODINGS_VERSION = "1"
"""Change this when `insert_codings` changes, so the cached project is built again."""
CODERS = ("bench", "anna", "erik")
SPANS = ((1, 0.65), (2, 0.25), (3, 0.10))
STATUSES = (("accepted", 0.90), ("pending", 0.07), ("rejected", 0.03))


def project_file(transcripts: int, words: int, codings: int) -> Path:
    """The cached project with the corpus and the codings, built now unless it is there."""
    sources = b"".join(
        path.read_bytes() for path in (HERE / "generate.py", HERE / "corpus_data.py")
    )
    fingerprint = hashlib.sha256(sources + CODINGS_VERSION.encode()).hexdigest()[:12]
    path = CACHE / f"summary-{transcripts}x{words}-{codings}-{fingerprint}.db"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        partial = Path(folder) / "project.db"
        build(Path(folder), partial, transcripts, words, codings)
        shutil.copyfile(partial, path)  # complete (checkpointed) files only land in the cache
    return path


def build(folder: Path, path: Path, transcripts: int, words: int, codings: int) -> None:
    """Generate and import the corpus, then insert the codings."""
    corpus = folder / "corpus"
    corpus.mkdir()
    print(f"Generating and importing {transcripts} transcripts …", file=sys.stderr)
    generate.generate(corpus, transcripts, words, 1)
    project = create_project(path, language="sv", codebook=corpus / "codebook.yaml", coder="bench")
    with project:
        options = ImportOptions(attributes_csv=corpus / "attributes.csv")
        import_paths(project, sorted(corpus.glob("*.txt")), options)
        started = time.perf_counter()
        added = insert_codings(project, codings)
        seconds = time.perf_counter() - started
        print(f"Inserted {added:,} codings in {seconds:.0f} s", file=sys.stderr)
        project.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def insert_codings(project: Project, total: int) -> int:
    """About `total` codings spread evenly over the sources' sentences; returns how many."""
    conn = project.conn
    rng = random.Random(7)
    codes = [row[0] for row in conn.execute("SELECT id FROM codes WHERE codable ORDER BY id")]
    weights = [1 / (rank + 1) ** 0.7 for rank in range(len(codes))]
    coders = []
    for name in CODERS:
        conn.execute("INSERT OR IGNORE INTO coders (name, created_at) VALUES (?, 'bench')", [name])
        coders.append(conn.execute("SELECT id FROM coders WHERE name = ?", [name]).fetchone()[0])
    sentences: dict[int, list[tuple[int, int]]] = {}
    for source, start, end in conn.execute(
        'SELECT source_id, start, "end" FROM segments ORDER BY source_id, idx'
    ):
        sentences.setdefault(source, []).append((start, end))
    per_source = total // len(sentences)
    rows: list[tuple[object, ...]] = []
    for source, spans in sentences.items():
        seen: set[tuple[int, int, int, str]] = set()
        while len(seen) < per_source:
            first = rng.randrange(len(spans))
            length = rng.choices([n for n, _ in SPANS], [w for _, w in SPANS])[0]
            last = min(len(spans) - 1, first + length - 1)
            code = rng.choices(codes, weights)[0]
            coder = rng.choice(coders)
            status = rng.choices([s for s, _ in STATUSES], [w for _, w in STATUSES])[0]
            if (coder, first, last, code) in seen:
                continue
            seen.add((coder, first, last, code))
            human = status == "accepted"
            rows.append(
                (source, code, spans[first][0], spans[last][1], coder if human else None,
                 "human" if human else "model", status, "bench", "bench")
            )  # fmt: skip
    with project.transaction():
        conn.executemany(
            'INSERT OR IGNORE INTO codings (source_id, code_id, start, "end", coder_id, origin,'
            " status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    return int(conn.execute("SELECT COUNT(*) FROM codings").fetchone()[0])


def median_seconds(call: Callable[[], object], repeat: int) -> float:
    """The median wall time of `repeat` calls, after one warm-up call."""
    call()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def command_seconds(arguments: Sequence[str], cwd: Path) -> float:
    """The wall time of one `coder` command (start-up and imports included)."""
    started = time.perf_counter()
    subprocess.run([str(CODER), *arguments], cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def measure_tables(path: Path, repeat: int) -> list[tuple[str, float]]:
    """Seconds per table on the big project, and of the queries the tables are made of."""
    scope = Scope()
    with Project.open(path, coder="bench") as project:
        resolved = resolve(project, scope)
        where = resolved.where
        numbers = report_store.code_numbers(project.conn)
        themes = [
            group_bits(numbers, [c.id for c in resolved.codes_of(t.id)]) for t in resolved.themes
        ]
        calls: list[tuple[str, Callable[[], object]]] = [
            ("summary", lambda: summary(project, scope)),
            (
                "of which: codings per code and source (SQL)",
                lambda: report_store.code_source_counts(project.conn, where),
            ),
            (
                "of which: sentences per theme and source (SQL)",
                lambda: report_store.sentences_per_source(project.conn, where, themes),
            ),
            ("summary --by region", lambda: summary(project, scope, by="region")),
            (
                "summary --coder anna --include-pending",
                lambda: summary(project, Scope(coder="anna", include_pending=True)),
            ),
            ("matrix", lambda: matrix(project, scope)),
            (
                "matrix --rows region --binary",
                lambda: matrix(project, scope, rows="region", binary=True),
            ),
            ("cooccurrence --unit sentence", lambda: cooccurrence(project, scope)),
            (
                "of which: the codes on each sentence (SQL)",
                lambda: list(report_store.sentence_codes(project.conn, where)),
            ),
            ("cooccurrence --unit turn", lambda: cooccurrence(project, scope, unit="turn")),
        ]
        timed = [(name, median_seconds(call, repeat)) for name, call in calls]
    whole = command_seconds(["-p", str(path), "summary", "--format", "csv"], path.parent)
    return [*timed, (WHOLE_COMMAND, whole)]


async def summary_screen_seconds(path: Path, times: int = 4) -> list[tuple[float, float]]:
    """Wall and CPU seconds from opening the Summary screen until its table is filled."""
    from coder.tui.app import CoderApp
    from coder.tui.screens.summary import SummaryScreen

    seconds = []
    app = CoderApp(Project.open(path, coder="bench"))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        for _ in range(times):
            screen = SummaryScreen()
            started, cpu = time.perf_counter(), time.process_time()
            await app.push_screen(screen)
            while screen.counts is None:  # the worker's message fills the table, then sets this
                await pilot.pause(0.005)
            seconds.append((time.perf_counter() - started, time.process_time() - cpu))
            await app.pop_screen()
            await pilot.pause()
    return seconds


def measure_screen(path: Path) -> list[tuple[str, float]]:
    """The Summary screen filled: first opening in a fresh app, and the median of reopenings.

    The CPU time of the process (all threads) says what the wall time would be on an idle
    machine: the count runs in one worker thread.
    """
    result = subprocess.run(
        [sys.executable, __file__, "--summary-screen", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    (first, first_cpu), *again = json.loads(result.stdout.strip().splitlines()[-1])
    return [
        (f"{SCREEN}, first opening (fresh app)", first),
        (f"{SCREEN}, first opening: {CPU}", first_cpu),
        (f"{SCREEN}, opened again", statistics.median(wall for wall, _ in again)),
        (f"{SCREEN}, opened again: {CPU}", statistics.median(cpu for _, cpu in again)),
    ]


def measure_reports(folder: Path) -> list[tuple[str, float]]:
    """Seconds per `coder report` of the demo project (whole command)."""
    demo = folder / "demo.db"
    subprocess.run(
        [str(CODER), "-p", str(demo), "demo", "--no-open"], check=True, capture_output=True
    )
    return [
        (f"`coder report -o demo.{suffix}` (demo project)", command_seconds(
            ["-p", str(demo), "report", "-o", str(folder / f"demo.{suffix}"), "--by", "region"],
            folder,
        ))
        for suffix in ("html", "docx")
    ]  # fmt: skip


def table(rows: Sequence[tuple[str, float]], codings: int) -> str:
    """A Markdown table of the timings against their targets (parts and commands have none)."""
    lines = ["| what | codings | seconds | target |", "|---|--:|--:|--:|"]
    for name, seconds in rows:
        count = "demo (506)" if "demo" in name else f"{codings:,}"
        target = REPORT_TARGET_S if "report" in name else TABLE_TARGET_S
        target = SCREEN_TARGET_S if name.startswith(SCREEN) else target
        if name.startswith("of which") or name == WHOLE_COMMAND or CPU in name:
            shown = ""
        else:
            shown = f"≤ {target:g} s {'✓' if seconds <= target else '✗'}"
        lines.append(f"| {name} | {count} | {seconds:.2f} | {shown} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Build or reuse the project, time everything, print the table, optionally the README."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--transcripts", type=int, default=300, help="generated transcripts")
    parser.add_argument("--words", type=int, default=5000, help="words per transcript (about)")
    parser.add_argument("--codings", type=int, default=1_000_000, help="codings to insert")
    parser.add_argument("--repeat", type=int, default=5, help="timed calls per table")
    parser.add_argument("--write-readme", action="store_true", help="update benchmarks/README.md")
    parser.add_argument("--summary-screen", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.summary_screen:  # the screen's timing, in a fresh process of its own
        print(json.dumps(asyncio.run(summary_screen_seconds(args.summary_screen))))
        return 0
    path = project_file(args.transcripts, args.words, args.codings)
    with Project.open(path) as project:
        codings = int(project.conn.execute("SELECT COUNT(*) FROM codings").fetchone()[0])
    rows = measure_tables(path, args.repeat) + measure_screen(path)
    with tempfile.TemporaryDirectory() as folder:
        rows += measure_reports(Path(folder))
    result = table(rows, codings)
    readme.publish("summary", result, TARGETS, write=args.write_readme)
    return 0


if __name__ == "__main__":
    sys.exit(main())
