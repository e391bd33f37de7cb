"""Commands on codings: add and remove one, import and export many as CSV or JSON."""

from __future__ import annotations

from pathlib import Path

import click

from coder.cli import CliState, cli
from coder.cli.output import say, write_text


@cli.group()
def codings() -> None:
    """Codings: codes applied to spans of sources (offsets are code points)."""


@codings.command("add")
@click.argument("source")
@click.argument("start", type=int)
@click.argument("end", type=int)
@click.argument("code")
@click.option("--memo", help="A memo on the coding.")
@click.pass_obj
def codings_add(
    state: CliState, source: str, start: int, end: int, code: str, memo: str | None
) -> None:
    """Code the text of SOURCE from START to END with CODE, as you (--coder)."""
    from coder.services.coding import apply_code

    with state.open() as project:
        coding = apply_code(project, source, start, end, code, memo=memo)
    say(f"coding {coding.id}: {coding.code} on {coding.source} {coding.start}–{coding.end}")


@codings.command("remove")
@click.argument("coding_id", type=int)
@click.pass_obj
def codings_remove(state: CliState, coding_id: int) -> None:
    """Remove the coding with id CODING_ID ('coder undo' brings it back)."""
    from coder.services.coding import remove_coding

    with state.open() as project:
        coding = remove_coding(project, coding_id)
    say(f"removed coding {coding.id}: {coding.code} on {coding.source} {coding.start}–{coding.end}")


@codings.command("exemplar")
@click.argument("coding_id", type=int)
@click.option("--off", is_flag=True, help="Unmark it instead.")
@click.pass_obj
def codings_exemplar(state: CliState, coding_id: int, off: bool) -> None:
    """Mark the coding CODING_ID as an exemplar quote of its code (reports show it first)."""
    from coder.services.reports.quotes import mark_exemplar

    with state.open() as project:
        changed = mark_exemplar(project, coding_id, on=not off)
    state_word = "not an exemplar" if off else "an exemplar"
    say(f"coding {coding_id} is {'now ' if changed else 'already '}{state_word}")


@codings.command("import")
@click.argument("csv_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.pass_obj
def codings_import(state: CliState, csv_file: Path) -> None:
    """Import codings from CSV (source,start,end,code,coder[,text,status,origin,score,memo]).

    A 'text' column must equal the source text at [start, end); any bad row is an error that
    names it, and then nothing is imported.
    """
    from coder.services.codings_csv import import_codings

    with state.open() as project:
        result = import_codings(project, csv_file)
    say(f"imported {result.added} codings ({result.already_there} were already there)")


@codings.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json"]),
    default="csv",
    show_default=True,
    help="File format.",
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(["accepted", "pending", "rejected"]),
    help="Only codings with this status (repeatable; default: all).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File (default: stdout).",
)
@click.pass_obj
def codings_export(
    state: CliState, fmt: str, statuses: tuple[str, ...], output: Path | None
) -> None:
    """Export codings with their text, in the format 'coder codings import' reads."""
    from coder.services.codings_csv import export_codings

    with state.open() as project:
        text = export_codings(project, fmt=fmt, statuses=statuses)
    write_text(text, output)
