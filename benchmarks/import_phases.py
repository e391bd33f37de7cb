"""Where the rules' share of the import time goes: reading (with matching) and storing.

import.py times `coder import` as a user runs it, with and without the codebook's rules. This
script runs the same import in-process through `import_paths`, whose progress calls mark when
reading (parsing, segmenting and, with rules, matching) ends and storing begins, so the extra
time the rules cost splits into matching (the longer reading) and storing their suggestions
and report counts (the longer storing). Each import runs in a fresh child process, so neither
shares the other's loaded tables. With --write-readme the table replaces the marked
import-phases section of benchmarks/README.md.

    python benchmarks/import_phases.py [--sizes 1000] [--words 5000] [--write-readme]
"""

from __future__ import annotations

import argparse
import importlib
import json
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import readme

# import.py makes and caches the corpora; its name is a keyword, hence importlib.
whole_import = importlib.import_module("import")
TARGET_RULES: float = whole_import.TARGET_RULES

# Runs in a child: one import of the corpus into a new project, timed by its progress calls.
CHILD = """
import json, sys, time
from pathlib import Path
from coder.services.importing import ImportOptions, import_paths
from coder.services.setup import create_project

folder, project, rules = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "rules"
opened = create_project(project, language="sv", codebook=folder / "codebook.yaml")
marks = {}
start = time.perf_counter()

def progress(stage, done, total):
    marks.setdefault(stage, time.perf_counter() - start)

options = ImportOptions(suggest=rules, attributes_csv=folder / "attributes.csv")
report = import_paths(opened, [folder], options, progress=progress)
total = time.perf_counter() - start
json.dump({"reading": marks["storing"], "total": total, "suggestions": report.suggestions},
          sys.stdout)
"""


@dataclass(frozen=True, slots=True)
class Phases:
    """One import: seconds until storing began, seconds in all, suggestions stored."""

    reading: float
    total: float
    suggestions: int

    @property
    def storing(self) -> float:
        """Seconds from the start of storing to the end."""
        return self.total - self.reading


@dataclass(frozen=True, slots=True)
class Split:
    """The same corpus imported without and with the rules."""

    sources: int
    words: int
    plain: Phases
    ruled: Phases

    def share(self, extra: float) -> float:
        """Extra seconds as a share of the import without rules."""
        return extra / self.plain.total


def run_import(folder: Path, rules: bool) -> Phases:
    """Import the corpus into a new project in a child process; its phases."""
    with tempfile.TemporaryDirectory(prefix="coder-phases-") as temporary:
        project = Path(temporary) / "phases.db"
        which = "rules" if rules else "plain"
        command = [sys.executable, "-c", CHILD, str(folder), str(project), which]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            sys.exit(f"error: the {which} import failed: {result.stderr.strip()}")
        found = json.loads(result.stdout)
    return Phases(float(found["reading"]), float(found["total"]), int(found["suggestions"]))


def table(splits: Sequence[Split]) -> str:
    """The phases as a Markdown table."""
    rows = [[
        "sources", "words", "reading", "storing", "with rules: reading", "storing",
        "matching adds", "storing suggestions adds", "rules add",
    ]]  # fmt: skip
    for split in splits:
        plain, ruled = split.plain, split.ruled
        total = split.share(ruled.total - plain.total)
        rows.append([
            f"{split.sources:,}",
            f"{split.words:,}",
            f"{plain.reading:.2f} s",
            f"{plain.storing:.2f} s",
            f"{ruled.reading:.2f} s",
            f"{ruled.storing:.2f} s ({ruled.suggestions:,} suggestions)",
            f"+{split.share(ruled.reading - plain.reading):.0%}",
            f"+{split.share(ruled.storing - plain.storing):.0%}",
            f"+{total:.0%} {'✓' if total <= TARGET_RULES else '✗'}",
        ])  # fmt: skip
    return readme.markdown_table(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure each corpus size, print the table and, if asked, write it into the README."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--sizes", type=whole_import.sizes, default=[1000], help="transcripts per corpus"
    )
    parser.add_argument("--words", type=int, default=5000, help="words per transcript (about)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated corpora")
    parser.add_argument("--write-readme", action="store_true", help="update benchmarks/README.md")
    args = parser.parse_args(argv)
    splits = []
    for size in args.sizes:
        folder = whole_import.corpus(size, args.words, args.seed)
        sources, words = whole_import.count_words(folder)
        print(f"Importing {sources:,} sources ({words:,} words) twice …", file=sys.stderr)
        splits.append(Split(sources, words, run_import(folder, False), run_import(folder, True)))
    body = (
        f"{table(splits)}\n\nReading ends when storing begins (the import's progress calls); "
        f"the target is that the rules add at most {TARGET_RULES:.0%} in all."
    )
    print(body)
    if args.write_readme:
        script = [whole_import.shown_path(sys.executable), whole_import.shown_path(sys.argv[0])]
        command = shlex.join([*script, *(sys.argv[1:] if argv is None else argv)])
        try:
            readme.write_section("import-phases", readme.section("import-phases", command, body))
        except readme.ReadmeError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        print(f"Updated {readme.README}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
