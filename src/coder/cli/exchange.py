"""Commands that exchange projects with NVivo, ATLAS.ti, MAXQDA and QualCoder (REFI-QDA)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from coder.cli import CliState, cli
from coder.cli.output import say, write_text
from coder.domain.text import plural

if TYPE_CHECKING:
    from coder.services.exchange.qdpx_import import ProjectImport

LISTED = 10
"""How many merged codes or skipped things are named before the rest are counted."""


def _named(names: list[str], word: str) -> str:
    """Say how many names there are and name the first few: `3 codes (a, b, c)`."""
    listed = ", ".join(names[:LISTED]) + (" …" if len(names) > LISTED else "")
    return f"{plural(len(names), word)} ({listed})"


@cli.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["qdpx", "qdc"]),
    help="REFI-QDA project (qdpx) or codebook (qdc) (default: from FILE's suffix, else qdpx).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="FILE",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The file to write.",
)
@click.pass_obj
def export(state: CliState, fmt: str | None, output: Path) -> None:
    """Export the project as REFI-QDA, for NVivo, ATLAS.ti, MAXQDA or QualCoder.

    A .qdpx holds the codebook, the sources' text, the accepted codings with their coders,
    attributes (as cases and variables) and memos; pending and rejected suggestions stay out.
    """
    fmt = fmt or ("qdc" if output.suffix.lower() == ".qdc" else "qdpx")
    with state.open() as project:
        if fmt == "qdc":
            from coder.services.codebook import export_codebook

            write_text(export_codebook(project, fmt="qdc"), output)
            return
        from coder.services.exchange.qdpx_export import export_qdpx

        done = export_qdpx(project, output)
    say(
        f"wrote {output}: {plural(done.codes, 'code')}, {plural(done.sources, 'source')}, "
        f"{plural(done.codings, 'coding')}, {plural(done.memos, 'memo')}, "
        f"{plural(done.coders, 'coder')}"
    )
    if done.suggestions_left_out:
        on_them = done.memos_left_out
        memos = f" (and {plural(on_them, 'memo')} on them)" if on_them else ""
        left = plural(done.suggestions_left_out, "pending or rejected suggestion")
        say(f"left out {left}{memos}")


@cli.command("import-project")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--into",
    metavar="PROJECT",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Import into this existing project (default: create the -p/--project file, "
    "which must not exist yet).",
)
@click.option(
    "--language",
    type=click.Choice(["sv", "en"]),
    default="sv",
    show_default=True,
    help="Language of a new project (each source's own language is detected).",
)
@click.pass_obj
def import_project(state: CliState, file: Path, into: Path | None, language: str) -> None:
    """Import a REFI-QDA project (.qdpx) from NVivo, ATLAS.ti, MAXQDA, QualCoder or coder.

    Codes, sources, codings with their coders and dates, cases and variables (as attributes)
    and notes (as memos). The file is checked first; if anything is wrong, nothing changes.
    With --into, codes with the same name under the same parent are merged, and a source
    with the same name and text gets the file's codings.
    """
    from coder.services.exchange import qdpx_import

    if into is not None:
        from coder.services.project import Project

        with Project.open(into, coder=state.coder) as project:
            report = qdpx_import.import_project(file, project)
    else:
        report = qdpx_import.import_project_as_new(
            file, state.path, language=language, coder=state.coder
        )
    _report(file, report)


def _report(file: Path, report: ProjectImport) -> None:
    say(
        f"imported {file} into {report.project}: {plural(report.codes, 'code')}, "
        f"{plural(report.sources, 'source')}, {plural(report.codings, 'coding')}, "
        f"{plural(report.memos, 'memo')}, {plural(len(report.coders), 'coder')}, "
        f"{plural(report.attributes, 'attribute value')}"
    )
    if report.merged_codes:
        say(f"merged {_named(report.merged_codes, 'code')} with the project's codes")
    if report.matched_sources:
        say(
            f"matched {_named(report.matched_sources, 'source')} already in the project "
            "(same name and text): the file's codings were added to them"
        )
    if report.codings_already_there:
        say(f"{plural(report.codings_already_there, 'coding')} were already there")
    for note in report.notes:
        say(f"note: {note}")
    for what, why in report.skipped[:LISTED]:
        say(f"skipped {what}: {why}")
    if len(report.skipped) > LISTED:
        say(f"skipped {len(report.skipped) - LISTED} more")
