"""Measure end-to-end import through the CLI: wall time, words per second and peak memory.

For each corpus size this generates a corpus with generate.py (once; kept in benchmarks/.cache/),
creates a new project with `coder init --codebook`, and times `coder import` of the corpus in a
child process whose peak resident memory is read from getrusage — once with `--no-suggest` and
once as a user runs it, with the codebook's keywords and patterns suggesting codes (the rules
add the "rules" column: their share of the import time). With --write-readme the table
replaces the marked import section of benchmarks/README.md.

    python benchmarks/import.py [--sizes 100,1000] [--words 5000] [--write-readme]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import readme

HERE = Path(__file__).resolve().parent
GENERATOR = HERE / "generate.py"
CACHE = HERE / ".cache"
TARGET_WORDS_PER_SECOND = 300_000
TARGET_PEAK_MB = 500
TARGET_RULES = 0.25
TARGETS = (
    f"Targets: ≥ {TARGET_WORDS_PER_SECOND:,} words/s; peak memory ≤ {TARGET_PEAK_MB} MB; "
    f"rule matching adds ≤ {TARGET_RULES:.0%} to the import time."
)

# Runs the command after the result path and records its wall time and peak memory. Each import
# gets its own wrapper because RUSAGE_CHILDREN is the largest of *all* children a process has
# waited for: measured from here, a small corpus after a big one would report the big one's peak.
WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[2:]).returncode
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(sys.argv[1], "w") as file:
    json.dump({"seconds": seconds, "maxrss": peak}, file)
sys.exit(code)
"""


class BenchmarkError(Exception):
    """A step failed: what failed (message) and the output of the command that failed (details)."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.details = details


@dataclass(frozen=True, slots=True)
class Measurement:
    """One import: how much was imported, how long it took and the most memory it held."""

    sources: int
    words: int
    seconds: float
    peak_bytes: int
    with_rules: float
    """Wall time of the same import with the codebook's rules suggesting codes."""
    suggestions: int

    @property
    def words_per_second(self) -> float:
        """Words imported per second of wall time."""
        return self.words / self.seconds if self.seconds > 0 else float("inf")

    @property
    def rules_share(self) -> float:
        """How much longer the import takes with the rules, as a share of the time without."""
        return self.with_rules / self.seconds - 1 if self.seconds > 0 else 0.0

    @property
    def peak_mb(self) -> float:
        """Peak resident memory in megabytes (10^6 bytes)."""
        return self.peak_bytes / 1e6


def run(command: Sequence[str], what: str, cwd: Path | None = None, shown: str = "") -> None:
    """Run a command; if it fails, raise with its exit code and what it wrote on stderr."""
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        message = (
            f"{what} failed with exit code {result.returncode}: {shown or shlex.join(command)}"
        )
        raise BenchmarkError(message, result.stderr or result.stdout)


def corpus(size: int, words: int, seed: int) -> Path:
    """The folder of a generated corpus, generated now unless the cache has it already."""
    sources = GENERATOR.read_bytes() + (HERE / "corpus_data.py").read_bytes()
    fingerprint = hashlib.sha256(sources).hexdigest()[:12]
    folder = CACHE / f"corpus-{size}x{words}-seed{seed}-{fingerprint}"
    if folder.is_dir():
        return folder
    # Generated under another name and renamed when complete, so a half-written corpus is
    # never taken for a cached one.
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    print(f"Generating {size:,} transcripts of {words:,} words in {folder} …", file=sys.stderr)
    arguments = [str(partial), "--transcripts", str(size), "--words", str(words)]
    run([sys.executable, str(GENERATOR), *arguments, "--seed", str(seed)], "generate.py")
    partial.rename(folder)
    return folder


def count_words(folder: Path) -> tuple[int, int]:
    """Sources and whitespace-separated words in the generated transcripts of a corpus."""
    files = sorted(folder.glob("*.txt"))
    return len(files), sum(len(path.read_text(encoding="utf-8").split()) for path in files)


def timed(command: Sequence[str], what: str, cwd: Path) -> tuple[float, int]:
    """Wall time in seconds and peak resident bytes of a command run in a fresh wrapper."""
    usage_file = cwd / "usage.json"
    wrapped = [sys.executable, "-c", WRAPPER, str(usage_file), *command]
    run(wrapped, what, cwd=cwd, shown=shlex.join(command))
    usage = json.loads(usage_file.read_text(encoding="utf-8"))
    per_unit = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, else KiB
    return float(usage["seconds"]), int(usage["maxrss"]) * per_unit


def measure(coder: Path, folder: Path) -> Measurement:
    """Create a project with the corpus codebook and time the import of the corpus into it."""
    sources, words = count_words(folder)
    print(f"Importing {sources:,} sources ({words:,} words) …", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="coder-benchmark-") as temporary:
        work = Path(temporary)
        project = ["-p", str(work / "benchmark.db")]
        codebook = str(folder / "codebook.yaml")
        ruled = ["-p", str(work / "rules.db")]
        run([str(coder), *project, "init", "--codebook", codebook], "coder init", cwd=work)
        run([str(coder), *ruled, "init", "--codebook", codebook], "coder init", cwd=work)
        attributes = ["--attributes", str(folder / "attributes.csv")]
        command = [str(coder), *project, "import", str(folder), *attributes, "--no-suggest"]
        seconds, peak = timed(command, "coder import", cwd=work)
        command = [str(coder), *ruled, "import", str(folder), *attributes]
        with_rules, _ = timed(command, "coder import", cwd=work)
        export = [str(coder), *ruled, "suggestions", "export", "--format", "json"]
        listed = subprocess.run(export, capture_output=True, text=True, check=True, cwd=work)
    return Measurement(sources, words, seconds, peak, with_rules, len(json.loads(listed.stdout)))


def table(results: Sequence[Measurement]) -> str:
    """The measurements as a Markdown table, each figure marked ✓ or ✗ against its target."""

    def mark(ok: bool) -> str:
        return "✓" if ok else "✗"

    rows = [["sources", "words", "import time", "words/s", "peak memory", "with rules", "rules"]]
    for m in results:
        fast = m.words_per_second >= TARGET_WORDS_PER_SECOND
        small = m.peak_mb <= TARGET_PEAK_MB
        rows.append([
            f"{m.sources:,}",
            f"{m.words:,}",
            f"{m.seconds:,.2f} s",
            f"{m.words_per_second:,.0f} {mark(fast)}",
            f"{m.peak_mb:,.0f} MB {mark(small)}",
            f"{m.with_rules:,.2f} s ({m.suggestions:,} suggestions)",
            f"+{m.rules_share:.0%} {mark(m.rules_share <= TARGET_RULES)}",
        ])  # fmt: skip
    return readme.markdown_table(rows)


def readme_section(results: Sequence[Measurement], command: str) -> str:
    """The marked README section: date, command, table, targets and machine."""
    return readme.section("import", command, f"{table(results)}\n\n{TARGETS}")


def shown_path(path: str) -> str:
    """A path as the reader would type it: relative to the current folder when inside it."""
    try:
        return str(Path(path).absolute().relative_to(Path.cwd()))
    except ValueError:
        return path


def sizes(text: str) -> list[int]:
    """Corpus sizes from a comma-separated list such as 100,1000."""
    try:
        values = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError(f"sizes must be at least 1: {text!r}")
    return values


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line: [--sizes 100,1000] [--words 5000] [--seed 1] [--write-readme]."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=sizes, default=[100, 1000], help="transcripts per corpus")
    parser.add_argument("--words", type=int, default=5000, help="words per transcript (about)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated corpora")
    parser.add_argument("--write-readme", action="store_true", help="update benchmarks/README.md")
    parser.add_argument(
        "--coder",
        type=Path,
        default=Path(sys.executable).parent / "coder",
        help="the coder executable (default: the one beside this Python)",
    )
    return parser.parse_args(argv)


def benchmark(args: argparse.Namespace) -> list[Measurement]:
    """Measure the import of a corpus of each size."""
    coder: Path = args.coder
    if not (coder.is_file() and os.access(coder, os.X_OK)):
        hint = "install the project into the virtualenv (pip install -e .) or pass --coder"
        raise BenchmarkError(f"no coder executable at {coder}; {hint}")
    return [measure(coder, corpus(size, args.words, args.seed)) for size in args.sizes]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, print the table and, if asked, write it into the README."""
    args = parse_args(argv)
    try:
        results = benchmark(args)
        print(table(results))
        print(TARGETS)
        if args.write_readme:
            script = [shown_path(sys.executable), shown_path(sys.argv[0])]
            command = shlex.join([*script, *(sys.argv[1:] if argv is None else argv)])
            readme.write_section("import", readme_section(results, command))
            print(f"Updated {readme.README}", file=sys.stderr)
    except readme.ReadmeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except BenchmarkError as error:
        print(f"error: {error.message}", file=sys.stderr)
        if error.details:
            print(error.details.rstrip(), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
