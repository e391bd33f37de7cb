"""Shared by the benchmark scripts: the machine line and the marked sections of README.md."""

from __future__ import annotations

import datetime
import os
import platform
import shlex
import sys
from pathlib import Path

README = Path(__file__).resolve().parent / "README.md"


class ReadmeError(Exception):
    """The README lacks the section a script wants to write."""


def cpu_model() -> str:
    """The CPU model as /proc/cpuinfo names it, or what platform knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def total_memory() -> int:
    """Total physical memory in bytes (0 when the system does not say)."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, ValueError, OSError):
        return 0


def machine() -> str:
    """One line about the machine: platform, CPUs, memory and Python."""
    memory = total_memory() / 2**30
    return (
        f"{platform.platform()}; {os.cpu_count()} CPUs ({cpu_model()}); "
        f"{memory:.1f} GiB memory; Python {platform.python_version()}"
    )


def markdown_table(rows: list[list[str]]) -> str:
    """Rows (the first is the header) as a Markdown table, every column right-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "| " + " | ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) + " |"
        for row in rows
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|")
    return "\n".join(lines)


def markers(name: str) -> tuple[str, str]:
    """The comment lines that open and close a named section."""
    return f"<!-- {name}:begin -->", f"<!-- {name}:end -->"


def section(name: str, command: str, body: str) -> str:
    """A marked section: date, command, the body (a table and targets), the machine."""
    begin, end = markers(name)
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    return "\n".join([
        begin,
        f"Measured on {today} with:",
        "",
        "```sh",
        command,
        "```",
        "",
        body,
        "",
        f"Machine: {machine()}.",
        end,
    ])  # fmt: skip


def write_section(name: str, text: str) -> None:
    """Replace the named section of benchmarks/README.md; the rest stays as it is."""
    begin, end = markers(name)
    readme = README.read_text(encoding="utf-8") if README.exists() else ""
    start, stop = readme.find(begin), readme.find(end)
    if start < 0 or stop < start:
        raise ReadmeError(f"{README} has no {begin} … {end} section; add one to update it")
    README.write_text(readme[:start] + text + readme[stop + len(end) :], encoding="utf-8")


def publish(name: str, result: str, targets: str, *, write: bool) -> None:
    """Print a benchmark's table and targets; with `write`, put them in the README's section."""
    print(result)
    print(targets)
    if write:
        script = Path(sys.argv[0]).name
        command = shlex.join([".venv/bin/python", f"benchmarks/{script}", *sys.argv[1:]])
        write_section(name, section(name, command, f"{result}\n\n{targets}"))
