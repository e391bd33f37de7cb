"""Measure the coding workspace as a researcher feels it, driven by Textual's Pilot.

On a project of 1,000 generated transcripts (~5M words) plus one 50,000-word interview:
- the time until the Sources screen shows its 1,001 rows, in a fresh Python process (imports
  included; Textual itself needs ~0.3 s here);
- the CPU time of the app per key press in the Coding screen on the 50,000-word interview
  (navigation keys and applying a code, commit included);
- the peak memory of that process.
With --write-readme it replaces the marked tui section of benchmarks/README.md.

    python benchmarks/tui.py [--write-readme]
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import generate
import readme

HERE = Path(__file__).resolve().parent
LONG = "intervju-0001"
NAVIGATION = ["j", "j", "J", "J", "k", "]", "]", "[", "G", "g", "down", "shift+down"] * 5
TARGETS = (
    "Targets: first screen ≤ 0.5 s; a key ≤ 16 ms of app time; a code applied ≤ 20 ms "
    "(commit included); peak memory ≤ 300 MB."
)


def build(folder: Path) -> Path:
    """The 1,000-transcript project (from the import benchmark's cached corpus) + a long one."""
    from coder.services.importing import ImportOptions, import_paths
    from coder.services.setup import create_project

    corpus = importlib.import_module("import").corpus(1000, 5000, 1)
    long = folder / "long"
    long.mkdir()
    generate.generate(long, 1, 50_000, 7)
    (long / f"{LONG}.txt").rename(long / "long-interview.txt")
    path = folder / "project.db"
    with create_project(path, language="sv", codebook=corpus / "codebook.yaml") as project:
        import_paths(project, [corpus, long / "long-interview.txt"], ImportOptions())
    return path


def in_fresh_process(mode: str, path: Path) -> Any:
    """Run one measurement in a fresh Python process (its imports and memory its own)."""
    result = subprocess.run(
        [sys.executable, __file__, mode, str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


async def _first_screen(path: Path, started: float) -> float:
    from textual.widgets import DataTable

    from coder.services.project import Project
    from coder.tui.app import CoderApp

    app = CoderApp(Project.open(path, coder="bench-first"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        while app.screen.query_one(DataTable).row_count <= 1000:
            await pilot.pause(0.005)
        return time.perf_counter() - started


async def keys(path: Path) -> tuple[list[float], list[float]]:
    """CPU milliseconds per navigation key and per code applied, on the long interview."""
    from coder.services.project import Project
    from coder.tui.app import CoderApp

    app = CoderApp(Project.open(path, coder="bench"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"long-interview", "enter")
        await pilot.pause()
        navigation = [await _cpu(pilot, key) for key in NAVIGATION]
        coding = []
        for _ in range(20):
            await pilot.press("j")
            coding.append(await _cpu(pilot, "2"))
        await pilot.press("q")
    return navigation, coding


async def _cpu(pilot: object, key: str) -> float:
    start = time.process_time()
    await pilot.press(key)  # type: ignore[attr-defined]
    return (time.process_time() - start) * 1000


def table(first: float, navigation: list[float], coding: list[float], peak_mb: float) -> str:
    """The results as a Markdown table."""

    def row(name: str, values: list[float]) -> str:
        p95 = statistics.quantiles(values, n=20)[-1]
        return (
            f"| {name} | {statistics.median(values):.1f} ms | {p95:.1f} ms | {max(values):.1f} ms |"
        )

    return "\n".join([
        "| measurement | median | 95th percentile | max |",
        "|---|--:|--:|--:|",
        f"| first screen (1,001 sources), fresh process | {first:.2f} s | | |",
        row("navigation key, 50,000-word interview (CPU)", navigation),
        row("code applied (key `2`), commit included (CPU)", coding),
        f"| peak memory: project open, the long interview coded | {peak_mb:.0f} MB | | |",
    ])  # fmt: skip


def _keys_and_memory(path: Path) -> dict[str, Any]:
    navigation, coding = asyncio.run(keys(path))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"navigation": navigation, "coding": coding, "peak": peak}


def main() -> int:
    """Build the project, measure, print, and write the README section if asked."""
    if len(sys.argv) == 3 and sys.argv[1] == "--first-screen":
        print(json.dumps(asyncio.run(_first_screen(Path(sys.argv[2]), STARTED))))
        return 0
    if len(sys.argv) == 3 and sys.argv[1] == "--keys":
        print(json.dumps(_keys_and_memory(Path(sys.argv[2]))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--write-readme", action="store_true", help="update benchmarks/README.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = build(Path(folder))
        first = in_fresh_process("--first-screen", path)
        measured = in_fresh_process("--keys", path)
    result = table(first, measured["navigation"], measured["coding"], measured["peak"])
    readme.publish("tui", result, TARGETS, write=args.write_readme)
    return 0


STARTED = time.perf_counter()

if __name__ == "__main__":
    sys.exit(main())
