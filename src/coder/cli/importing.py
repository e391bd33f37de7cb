"""Commands that bring material in: import of files and folders, attributes of sources."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from coder.cli import CliState, cli
from coder.cli.output import emit, format_option, kind_noun, say
from coder.domain.text import plural

if TYPE_CHECKING:
    from coder.services.importing import ImportReport

MEGABYTE = 1024 * 1024
LISTED_SOURCES = 30
"""Imports of more sources than this list only the sources with something to say."""
_STAGES = {
    "reading": "reading files",
    "storing": "storing sources",
    "suggestions": "storing rule suggestions",
}


def _parse_attr(values: tuple[str, ...]) -> dict[str, str]:
    attributes = {}
    for value in values:
        key, sep, val = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{value!r} is not KEY=VALUE", param_hint="--attr")
        attributes[key.strip()] = val.strip()
    return attributes


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(["interview", "document", "observation", "other"]),
    help="What the files are (default: interview when speaker turns are found, else document).",
)
@click.option("--attr", "attrs", multiple=True, metavar="KEY=VALUE", help="An attribute for all.")
@click.option(
    "--attributes",
    "attributes_csv",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="CSV with a 'source' column (file name or stem) and one column per attribute.",
)
@click.option(
    "--interviewer",
    "interviewers",
    multiple=True,
    metavar="NAME",
    help="A speaker whose turns are the interviewer's (besides I:, Intervjuare, Moderator…).",
)
@click.option(
    "--language",
    type=click.Choice(["auto", "sv", "en"]),
    default="auto",
    show_default=True,
    help="Language of the sources (auto: detected per file).",
)
@click.option("--text-column", metavar="NAME", help="CSV files: the column holding the text.")
@click.option("--id-column", metavar="NAME", help="CSV files: the column that names each answer.")
@click.option(
    "--per",
    type=click.Choice(["row", "file"]),
    default="row",
    show_default=True,
    help="CSV files: one source per answer (other columns become attributes) or per file.",
)
@click.option(
    "--max-size", type=int, default=50, show_default=True, help="Largest file to read, in MB."
)
@click.option(
    "--no-suggest",
    is_flag=True,
    help="Do not run the codebook's keywords and patterns on the new sources.",
)
@click.pass_obj
def import_(
    state: CliState,
    paths: tuple[Path, ...],
    kind: str | None,
    attrs: tuple[str, ...],
    attributes_csv: Path | None,
    interviewers: tuple[str, ...],
    language: str,
    text_column: str | None,
    id_column: str | None,
    per: str,
    max_size: int,
    no_suggest: bool,
) -> None:
    """Import transcripts and documents (files or folders, searched recursively).

    Reads .txt .md .docx .odt .pdf .rtf .vtt .srt, and .csv of open-ended answers with
    --text-column. Each file is read and checked first; if one cannot be read, nothing is
    imported. Files whose text is already in the project are skipped. The codebook's
    keywords and patterns run on the new sources, and what they find waits as suggestions to
    review (codes a trained model knows are left to 'coder suggest').
    """
    from coder.domain.source import SourceKind
    from coder.services.importing import ImportOptions, import_paths

    options = ImportOptions(
        kind=SourceKind(kind) if kind else None,
        attributes=_parse_attr(attrs),
        attributes_csv=attributes_csv,
        interviewers=interviewers,
        language=language,
        text_column=text_column,
        id_column=id_column,
        per=per,
        max_bytes=max_size * MEGABYTE,
        suggest=not no_suggest,
    )
    with state.open() as project, _progress() as progress:
        report = import_paths(project, list(paths), options, progress=progress)
    _report(report)


def _report(report: ImportReport) -> None:
    """Say what was imported: each source when there are few, else only those with notes."""
    few = len(report.imported) <= LISTED_SOURCES
    for source in report.imported:
        if not (few or source.notes):
            continue
        unit = "turn" if source.kind == "interview" else "paragraph"
        notes = f" — {'; '.join(source.notes)}" if source.notes else ""
        say(
            f"imported {source.name}: {source.kind}, {source.language}, "
            f"{plural(source.words, 'word')}, {plural(source.turns, unit)}, "
            f"{plural(source.speakers, 'speaker')}{notes}"
        )
    for origin, reason in report.skipped[: None if few else LISTED_SOURCES]:
        say(f"skipped {origin}: {reason}")
    for note in report.notes:
        say(f"note: {note}")
    kinds = Counter((source.kind, source.language) for source in report.imported)
    detail = ", ".join(
        f"{plural(n, kind_noun(kind))} ({language})"
        for (kind, language), n in sorted(kinds.items())
    )
    say(
        f"{plural(len(report.imported), 'source')} imported ({plural(report.words, 'word')}"
        f"{': ' + detail if detail else ''}), {len(report.skipped)} skipped"
    )
    if report.suggestions:
        say(
            f"{plural(report.suggestions, 'rule suggestion')} to review"
            " ('coder open', key r; or 'coder suggestions')"
        )


@contextmanager
def _progress() -> Iterator[Callable[[str, int, int], None] | None]:
    """Progress bars on stderr while files are read and stored; none when not a terminal."""
    from rich.console import Console
    from rich.progress import Progress, TaskID

    console = Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    with Progress(console=console, transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(_STAGES.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done)

        yield update


@cli.group()
def attributes() -> None:
    """Attributes of sources (region, role, organisation type, …)."""


@attributes.command("import")
@click.argument("csv_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.pass_obj
def attributes_import(state: CliState, csv_file: Path) -> None:
    """Set attributes of imported sources from a CSV ('source' plus one column each).

    An empty cell removes that attribute. Every source named must exist, else nothing changes.
    """
    from coder.services.attributes import import_attributes

    with state.open() as project:
        change = import_attributes(project, csv_file)
    say(f"set {change.values} attribute values on {change.sources} sources")


@attributes.command("list")
@format_option
@click.pass_obj
def attributes_list(state: CliState, fmt: str) -> None:
    """List every source with its attributes, one column per attribute."""
    from coder.services.attributes import list_attributes

    with state.open() as project:
        table = list_attributes(project)
    keys = sorted({key for values in table.values() for key in values})
    emit(
        [
            {"source": name, **{k: values.get(k, "") for k in keys}}
            for name, values in table.items()
        ],
        fmt,
        columns=("source", *keys),
    )
