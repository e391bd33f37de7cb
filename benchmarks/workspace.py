"""Measure the coding workspace services the TUI calls, on one long interview.

Builds a project with one generated interview (50,000 words by default), codes about every
fifth sentence with a code (so the source has codings to show and count), then times each call
as the TUI makes it: opening the source, its codings, the code counts, the Sources screen's rows,
toggling a code on a sentence (on, then off; each a committed transaction), a memo written, a
position saved, the data version. Prints the median and 95th percentile per call; with
--write-readme it replaces the marked workspace section of benchmarks/README.md.

    python benchmarks/workspace.py [--words 50000] [--repeat 200] [--write-readme]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import readme
from coder.domain.memo import OnSource
from coder.services.codebook import codebook_tree
from coder.services.coding import apply_code
from coder.services.project import Project
from coder.services.workspace import (
    code_counts,
    data_version,
    open_document,
    save_position,
    set_memo,
    source_codings,
    source_rows,
    toggle_code,
)
from coding import build

TARGETS_MS = {
    "open_document": 100.0,
    "source_codings": 20.0,
    "toggle_code (apply)": 20.0,
    "toggle_code (remove)": 20.0,
}
TARGETS = (
    "Targets (median, commit included): toggle ≤ 20 ms, open_document ≤ 100 ms, "
    "source_codings ≤ 20 ms."
)


def code_every_fifth_sentence(project: Project, source: str, codes: list[str]) -> int:
    """Give the source codings to show and count: every fifth sentence gets a code."""
    document = open_document(project, source)
    for number, sentence in enumerate(document.sentences[::5]):
        apply_code(project, source, sentence.start, sentence.end, codes[number % len(codes)])
    return len(document.sentences[::5])


def timings(project: Project, repeat: int) -> tuple[dict[str, list[float]], int, int]:
    """Milliseconds per call, the number of sentences and of codings in the source."""
    source = source_rows(project)[0].name
    codes = [line.code.id for line in codebook_tree(project) if line.code.codable]
    codings = code_every_fifth_sentence(project, source, codes)
    document = open_document(project, source)
    sentences = document.sentences[2 :: max(1, len(document.sentences) // repeat)][:repeat]
    times: dict[str, list[float]] = {}
    for number, sentence in enumerate(sentences):
        span = (source, sentence.start, sentence.end, codes[number % len(codes)])
        _timed(times, "open_document", lambda: open_document(project, source))
        _timed(times, "source_codings", lambda: source_codings(project, source))
        _timed(times, "code_counts", lambda: code_counts(project, source))
        _timed(times, "source_rows", lambda: source_rows(project))
        _timed(times, "toggle_code (apply)", lambda: toggle_code(project, *span))  # noqa: B023
        _timed(times, "toggle_code (remove)", lambda: toggle_code(project, *span))  # noqa: B023
        text = f"Memo {number}"
        _timed(times, "set_memo", lambda: set_memo(project, OnSource(source), text))  # noqa: B023
        index = sentence.index
        _timed(times, "save_position", lambda: save_position(project, source, index))  # noqa: B023
        _timed(times, "data_version", lambda: data_version(project))
    return times, len(document.sentences), codings


def _timed(into: dict[str, list[float]], name: str, call: Callable[[], object]) -> None:
    start = time.perf_counter()
    call()
    into.setdefault(name, []).append((time.perf_counter() - start) * 1000)


def table(times: dict[str, list[float]], words: int, sentences: int, codings: int) -> str:
    """A Markdown table of median and 95th percentile per call, with the target where set."""
    rows = [
        f"One interview of {words:,} words, {sentences:,} sentences, {codings:,} codings.",
        "",
        "| call | calls | median | 95th percentile | target |",
        "|---|--:|--:|--:|--:|",
    ]
    for name, values in times.items():
        median = statistics.median(values)
        p95 = statistics.quantiles(values, n=20)[-1]
        target = TARGETS_MS.get(name)
        verdict = "" if target is None else f"≤ {target:g} ms {'✓' if median <= target else '✗'}"
        rows.append(f"| {name} | {len(values)} | {median:.2f} ms | {p95:.2f} ms | {verdict} |")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Build the project, time the calls, print the table and optionally write the README."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--words", type=int, default=50_000, help="words of the interview")
    parser.add_argument("--repeat", type=int, default=200, help="sentences to time the calls on")
    parser.add_argument("--write-readme", action="store_true", help="update benchmarks/README.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder, build(Path(folder), args.words) as project:
        times, sentences, codings = timings(project, args.repeat)
    result = table(times, args.words, sentences, codings)
    readme.publish("workspace", result, TARGETS, write=args.write_readme)
    return 0


if __name__ == "__main__":
    sys.exit(main())
