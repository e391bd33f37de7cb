"""The `coder` command: the CLI, plus the commands that open the terminal workspace."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from coder.cli import CliState, cli
from coder.cli import main as run_cli
from coder.cli.output import say
from coder.cli.project import print_overview

DEMO_PATH = Path("demo.db")


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


@cli.command("open")
@click.option("--coder", "coder_name", metavar="NAME", help="Who is coding (as the group option).")
@click.option("--blind", is_flag=True, help="Hide other coders' codings (for agreement checks).")
@click.pass_obj
def open_(state: CliState, coder_name: str | None, blind: bool) -> None:
    """Open the coding workspace on the project (the terminal app)."""
    from coder.services.project import Project
    from coder.tui.app import run_app

    project = Project.open(state.path, coder=coder_name or state.coder)
    run_app(project, blind=blind)


@cli.command()
@click.option("--fresh", is_flag=True, help="Rebuild the demo project even if it exists.")
@click.option("--no-open", is_flag=True, help="Only build it and show it in numbers.")
@click.pass_obj
def demo(state: CliState, fresh: bool, no_open: bool) -> None:
    """Build the demo project (a smart-industry programme evaluation) and open it.

    Uses -p/--project if given, else ./demo.db. Without a terminal (or with --no-open) it
    prints what the project holds instead of opening the workspace.
    """
    from coder.services.setup import demo_project, overview

    path = Path(state.project) if state.project else DEMO_PATH
    say(f"{'building' if fresh or not path.exists() else 'opening'} the demo project {path} …")
    project = demo_project(path, fresh=fresh, coder=state.coder)
    if no_open or not _interactive():
        with project:
            print_overview(overview(project))
        return
    from coder.tui.app import run_app

    run_app(project)


def main() -> None:
    """Entry point of the `coder` command."""
    run_cli()
