"""Measure applying and removing a code through the coding service, commit included.

Builds a project with one long generated interview (50,000 words by default), then applies a
code to a sentence and removes it again, many times, each through `coder.services.coding` as the
TUI calls it: every call is its own transaction, committed to the project file (WAL). Prints the
median and 95th percentile per operation; with --write-readme it replaces the marked coding
section of benchmarks/README.md.

    python benchmarks/coding.py [--words 50000] [--repeat 500] [--write-readme]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TypeVar

import generate
import readme
from coder.services.browse import list_sources, source_segments
from coder.services.codebook import codebook_tree
from coder.services.coding import apply_code, remove_coding
from coder.services.importing import ImportOptions, import_paths
from coder.services.project import Project
from coder.services.setup import create_project

_T = TypeVar("_T")
TARGET_MS = 2.0
TARGETS = f"Target: a code applied or removed in ≤ {TARGET_MS:g} ms (median, commit included)."


def build(folder: Path, words: int) -> Project:
    """A project holding one long generated interview and the generated 30-code codebook."""
    corpus = folder / "corpus"
    corpus.mkdir()
    generate.generate(corpus, 1, words, 7)
    project = create_project(
        folder / "project.db", language="sv", codebook=corpus / "codebook.yaml", coder="bench"
    )
    import_paths(project, sorted(corpus.glob("*.txt")), ImportOptions())
    return project


def timings(project: Project, repeat: int) -> tuple[list[float], list[float]]:
    """Milliseconds per apply and per remove, over `repeat` sentences spread over the source."""
    source = list_sources(project)[0].name
    segments = source_segments(project, source)
    codes = [line.code.id for line in codebook_tree(project) if line.code.codable]
    step = max(1, len(segments) // repeat)
    applied: list[float] = []
    removed: list[float] = []
    for number, segment in enumerate(segments[::step][:repeat]):
        code = codes[number % len(codes)]
        apply = partial(apply_code, project, source, segment.start, segment.end, code)
        coding = _timed(applied, apply)
        _timed(removed, partial(remove_coding, project, coding.id))
    return applied, removed


def _timed(into: list[float], call: Callable[[], _T]) -> _T:
    start = time.perf_counter()
    result = call()
    into.append((time.perf_counter() - start) * 1000)
    return result


def table(applied: list[float], removed: list[float], words: int) -> str:
    """A Markdown table of median and 95th percentile per operation."""
    rows = [
        "| operation | source words | calls | median | 95th percentile |",
        "|---|--:|--:|--:|--:|",
    ]
    for name, values in (("apply a code", applied), ("remove a coding", removed)):
        p95 = statistics.quantiles(values, n=20)[-1]
        rows.append(
            f"| {name} | {words:,} | {len(values)} | {statistics.median(values):.2f} ms "
            f"| {p95:.2f} ms |"
        )
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Build the project, time the calls, print the table and optionally write the README."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--words", type=int, default=50_000, help="words of the interview")
    parser.add_argument("--repeat", type=int, default=500, help="applies and removes to time")
    parser.add_argument("--write-readme", action="store_true", help="update benchmarks/README.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder, build(Path(folder), args.words) as project:
        applied, removed = timings(project, args.repeat)
    result = table(applied, removed, args.words)
    readme.publish("coding", result, TARGETS, write=args.write_readme)
    return 0


if __name__ == "__main__":
    sys.exit(main())
