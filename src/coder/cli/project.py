"""Commands on the project as a whole: init, demo, undo, redo, history."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from coder.cli import CliState, cli
from coder.cli.output import emit, format_option, kind_noun, say
from coder.domain.text import plural

if TYPE_CHECKING:
    from coder.domain.events import Event
    from coder.services.setup import Overview


@cli.command()
@click.option(
    "--codebook",
    "codebook_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Codebook (YAML) to start with.",
)
@click.option(
    "--language",
    type=click.Choice(["sv", "en"]),
    help="Language of the project: report headings, and sources whose language is not detected"
    " [default: the codebook's language, else sv].",
)
@click.pass_obj
def init(state: CliState, codebook_file: Path | None, language: str | None) -> None:
    """Create a new project file."""
    from coder.services.codebook import project_codebook
    from coder.services.setup import create_project

    with create_project(
        state.path, language=language, codebook=codebook_file, coder=state.coder
    ) as project:
        codes = len(project_codebook(project).codes)
        say(f"created {project.path} (language {project.language}, {plural(codes, 'code')})")


def print_overview(view: Overview) -> None:
    """Print a project in numbers, as `coder demo` shows it."""
    kinds = ", ".join(plural(n, kind_noun(kind)) for kind, n in view.sources_by_kind.items())
    click.echo(f"Project {view.path}")
    click.echo(f"  sources: {kinds or 'none'} ({plural(view.words, 'word')})")
    click.echo(f"  codebook: {view.codes} codes in {view.themes} themes")
    for theme, count in view.codings_by_theme.items():
        click.echo(f"  codings under {theme}: {count}")
    click.echo(f"  coders: {', '.join(view.coders) or 'none yet'}")
    click.echo("Next: 'coder sources', 'coder codebook list', 'coder search pandemi*'.")


@cli.command()
@click.pass_obj
def undo(state: CliState) -> None:
    """Undo your latest coding, memo or codebook change."""
    from coder.services.coding import undo as undo_change

    with state.open() as project:
        events = undo_change(project)
    say(_described("undid", events) if events else "nothing to undo")


@cli.command()
@click.pass_obj
def redo(state: CliState) -> None:
    """Redo the change you undid last."""
    from coder.services.coding import redo as redo_change

    with state.open() as project:
        events = redo_change(project)
    say(_described("redid", events) if events else "nothing to redo")


def _described(verb: str, events: list[Event]) -> str:
    actions = sorted({event.action for event in events})
    return f"{verb} {plural(len(events), 'change')} ({', '.join(actions)})"


@cli.command()
@click.option("--limit", type=int, default=50, show_default=True, help="How many changes.")
@format_option
@click.pass_obj
def history(state: CliState, limit: int, fmt: str) -> None:
    """List the latest changes to the project: who, when, what."""
    from coder.services.coding import history as project_history

    with state.open() as project:
        events = project_history(project, limit=limit)
    emit(
        [
            {
                "id": e.id,
                "at": e.at,
                "coder": e.coder,
                "action": e.action,
                "what": e.entity_id,
                "undo": e.undo or "",
            }
            for e in events
        ],
        fmt,
        columns=("id", "at", "coder", "action", "what", "undo"),
    )
