"""Commands on the codebook: import from a file, list as a tree, export."""

from __future__ import annotations

from pathlib import Path

import click

from coder.cli import CliState, cli
from coder.cli.output import emit, format_option, say, write_text


@cli.group()
def codebook() -> None:
    """The codebook: themes and codes with keys, colours, definitions and keywords."""


@codebook.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.pass_obj
def codebook_import(state: CliState, file: Path) -> None:
    """Add and update codes by id from FILE: YAML, or a REFI-QDA codebook (.qdc).

    Codes that FILE leaves out are removed, unless they have codings: then nothing changes
    and the codes are named. A .qdc's codes keep the ids they had when coder exported them;
    codes made elsewhere match the project's by name under the same parent.
    """
    from coder.services.codebook import import_codebook

    with state.open() as project:
        change = import_codebook(project, file)
    say(
        f"codebook {file}: {len(change.added)} added, {len(change.updated)} updated, "
        f"{len(change.removed)} removed, {change.unchanged} unchanged"
    )
    if change.removed:
        say(f"removed: {', '.join(change.removed)}")


@codebook.command("list")
@format_option
@click.pass_obj
def codebook_list(state: CliState, fmt: str) -> None:
    """List the codes as a tree with their key and counts of accepted codings."""
    from coder.services.codebook import codebook_tree

    with state.open() as project:
        lines = codebook_tree(project)
    emit(
        [
            {
                "code": ("  " * line.depth + line.code.name) if fmt == "table" else line.code.name,
                "id": line.code.id,
                "key": line.code.key or "",
                "theme": line.theme,
                "depth": line.depth,
                "codings": line.codings,
                "sources": line.sources,
                "codable": line.code.codable,
            }
            for line in lines
        ],
        fmt,
        columns=("code", "id", "key", "theme", "depth", "codings", "sources", "codable"),
    )


@codebook.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "qdc"]),
    help="YAML or REFI-QDA codebook (default: qdc when FILE ends in .qdc, else yaml).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File (default: stdout).",
)
@click.pass_obj
def codebook_export(state: CliState, fmt: str | None, output: Path | None) -> None:
    """Write the project's codebook as YAML or .qdc, which 'coder codebook import' reads back."""
    from coder.services.codebook import export_codebook

    if fmt is None:
        fmt = "qdc" if output is not None and output.suffix.lower() == ".qdc" else "yaml"
    with state.open() as project:
        text = export_codebook(project, fmt=fmt)
    write_text(text, output)
