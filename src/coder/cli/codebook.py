"""Commands on the codebook: import from a file, list as a tree, export, delete and merge codes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from coder.cli import CliState, cli
from coder.cli.output import emit, format_option, say, write_text

if TYPE_CHECKING:
    from coder.services.code_removal import CodeRemoval


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


@codebook.command("delete")
@click.argument("code")
@click.option("--move-to", metavar="CODE", help="Give the code's codings to CODE.")
@click.option("--to-parent", is_flag=True, help="Give the code's codings to its parent code.")
@click.option("--force", is_flag=True, help="Delete the code's codings with it.")
@click.pass_obj
def codebook_delete(
    state: CliState, code: str, move_to: str | None, to_parent: bool, force: bool
) -> None:
    """Delete CODE from the codebook ('coder undo' brings it back with its codings).

    A code with codings needs to be told where they go: --move-to CODE, --to-parent, or
    --force to delete them too. Its child codes move up to its parent; its memos go with it.
    """
    from coder.services.code_removal import delete_code

    with state.open() as project:
        removal = delete_code(project, code, move_to=move_to, to_parent=to_parent, force=force)
    _say_removal(f"deleted code '{removal.code.id}'", removal)


@codebook.command("merge")
@click.argument("code")
@click.argument("into")
@click.option("--force", is_flag=True, help="Merge even though CODE has codings.")
@click.pass_obj
def codebook_merge(state: CliState, code: str, into: str, force: bool) -> None:
    """Merge CODE into the code INTO: its codings, memos and child codes go there; CODE goes.

    Where INTO already has a coding of the same span by the same coder, the two become one.
    A code with codings needs --force. 'coder undo' separates them again.
    """
    from coder.services.code_removal import merge_code

    with state.open() as project:
        removal = merge_code(project, code, into, force=force)
    _say_removal(f"merged code '{removal.code.id}' into '{into}'", removal)


def _say_removal(done: str, removal: CodeRemoval) -> None:
    parts = []
    if removal.codings_moved:
        parts.append(f"{_count(removal.codings_moved, 'coding')} moved to '{removal.target}'")
    if removal.codings_folded:
        parts.append(f"{_count(removal.codings_folded, 'coding')} joined the same ones there")
    if removal.codings_deleted:
        parts.append(f"{_count(removal.codings_deleted, 'coding')} deleted")
    if removal.children_moved:
        parts.append(f"child codes moved: {', '.join(removal.children_moved)}")
    if removal.memos_moved:
        parts.append(f"{_count(removal.memos_moved, 'memo')} moved")
    detail = f" ({'; '.join(parts)})" if parts else ""
    say(f"{done}{detail}; 'coder undo' brings it back")
    if removal.backup is not None:
        say(f"backup before the change: {removal.backup}")


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
