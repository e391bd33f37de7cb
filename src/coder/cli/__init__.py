"""The `coder` command line: every operation, for people and for scripts."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from coder.errors import CoderError

if TYPE_CHECKING:
    from coder.services.project import Project


@dataclass
class CliState:
    """What the group options say: which project, and who is coding."""

    project: str | None
    coder: str | None

    def open(self) -> Project:
        """Open the project these options point at."""
        from coder.services.project import Project, project_path

        return Project.open(project_path(self.project), coder=self.coder)

    @property
    def path(self) -> Path:
        """The project file these options point at."""
        from coder.services.project import project_path

        return project_path(self.project)


class CoderGroup(click.Group):
    """A command group whose user errors become one line on stderr and exit status 1."""

    def invoke(self, ctx: click.Context) -> object:
        """Run the command, turning a CoderError into a one-line message."""
        try:
            return super().invoke(ctx)
        except CoderError as error:
            raise click.ClickException(error.one_line()) from error


@click.group(cls=CoderGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-p",
    "--project",
    envvar="CODER_PROJECT",
    metavar="FILE",
    help="Project file (default: $CODER_PROJECT, else ./coder.db).",
)
@click.option(
    "--coder",
    "coder_name",
    envvar="CODER_CODER",
    metavar="NAME",
    help="Who is coding (default: $CODER_CODER, else your login name).",
)
@click.version_option(package_name="coder")
@click.pass_context
def cli(ctx: click.Context, project: str | None, coder_name: str | None) -> None:
    """Code interviews and documents against a codebook, in the terminal.

    Start with 'coder init', add a codebook and 'coder import' your transcripts.
    """
    ctx.obj = CliState(project=project, coder=coder_name)


def main() -> None:
    """Entry point: run the CLI; user errors exit with status 1 and one line on stderr."""
    # pypdf logs every repair it makes to a damaged PDF; a broken file is reported as an error.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as error:
        click.echo(f"error: {error.format_message()}", err=True)
        sys.exit(1)
    except click.Abort:
        click.echo("error: interrupted", err=True)
        sys.exit(1)


from coder.cli import (  # noqa: E402
    agreement,
    backup,
    codebook,
    codings,
    exchange,
    importing,
    listing,
    merge,
    project,
    reports,
    suggesting,
)

__all__ = [
    "agreement",
    "backup",
    "cli",
    "codebook",
    "codings",
    "exchange",
    "importing",
    "listing",
    "main",
    "merge",
    "project",
    "reports",
    "suggesting",
]
