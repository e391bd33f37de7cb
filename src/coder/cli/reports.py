"""Commands that turn the coding into tables and documents: summaries, matrices, quotes, reports."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from coder.cli import CliState, cli
from coder.cli.output import emit, format_option, say, split_values

if TYPE_CHECKING:
    import pandas as pd

    from coder.services.reports.scope import Scope

_F = TypeVar("_F", bound=Callable[..., Any])
TABLE_FORMATS = ("table", "csv", "json", "xlsx", "md")


def scope_options(function: _F) -> _F:
    """The options that choose which codings a table counts, given to the command as `scope`."""
    options = [
        click.option(
            "--codes",
            multiple=True,
            metavar="IDS",
            help="Only these codes (comma-separated ids, repeatable); a theme brings its codes.",
        ),
        click.option(
            "--sources",
            multiple=True,
            metavar="NAMES",
            help="Only these sources (comma-separated names, repeatable).",
        ),
        click.option(
            "--kind",
            "kinds",
            multiple=True,
            type=click.Choice(["interview", "document", "observation", "other"]),
            help="Only sources of this kind (repeatable).",
        ),
        click.option("--coder", "coder_filter", metavar="NAME", help="Only this coder's codings."),
        click.option("--include-pending", is_flag=True, help="Count pending suggestions as well."),
    ]

    @functools.wraps(function)
    def with_scope(
        *args: Any,
        codes: tuple[str, ...],
        sources: tuple[str, ...],
        kinds: tuple[str, ...],
        coder_filter: str | None,
        include_pending: bool,
        **kwargs: Any,
    ) -> Any:
        scope = _scope(codes, sources, kinds, coder_filter, include_pending)
        return function(*args, scope=scope, **kwargs)

    command: Any = with_scope
    for option in reversed(options):
        command = option(command)
    return cast("_F", command)


def _scope(
    codes: tuple[str, ...],
    sources: tuple[str, ...],
    kinds: tuple[str, ...],
    coder_filter: str | None,
    include_pending: bool,
) -> Scope:
    from coder.services.reports.scope import Scope

    return Scope(
        codes=split_values(codes),
        sources=split_values(sources),
        kinds=kinds,
        coder=coder_filter,
        include_pending=include_pending,
    )


def table_options(function: _F) -> _F:
    """--format and -o/--output of the commands that write a table."""
    function = click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Write to this file (default: stdout).",
    )(function)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(TABLE_FORMATS),
        help="Aligned table, CSV, JSON, Excel or Markdown (default: from the suffix of "
        "-o FILE, else table).",
    )(function)


def _check_format(fmt: str | None, output: Path | None) -> str:
    """The format to write; xlsx needs a file, which is checked before anything is counted."""
    from coder.errors import ReportError
    from coder.services.reports.tables import format_for

    chosen = format_for(fmt, output)
    if chosen == "xlsx" and output is None:
        raise ReportError("the xlsx format needs a file", "give one with -o FILE.xlsx")
    return chosen


def _write(frame: pd.DataFrame, fmt: str, output: Path | None, *, sheet: str) -> None:
    from coder.services.reports.tables import render, write_table

    if output is None:
        click.echo(render(frame, fmt), nl=False)
        return
    write_table(frame, fmt, output, sheet=sheet)
    say(f"wrote {output}")


@cli.command()
@click.option("--by", metavar="ATTR", help="One column per value of this attribute (e.g. region).")
@click.option(
    "--measure",
    type=click.Choice(["codings", "sources", "share"]),
    default="codings",
    show_default=True,
    help="What the --by columns hold: codings, sources with the code, or their share.",
)
@scope_options
@table_options
@click.pass_obj
def summary(
    state: CliState,
    by: str | None,
    measure: str,
    scope: Scope,
    fmt: str | None,
    output: Path | None,
) -> None:
    """Codings, sources and shares per code, grouped under each theme with its totals.

    A theme's codings are the distinct sentences coded under it (a sentence coded twice in a
    theme counts once). Only accepted codings count unless --include-pending.
    """
    from coder.services.reports.summary import summary as make_summary

    fmt = _check_format(fmt, output)
    with state.open() as project:
        frame = make_summary(project, scope, by=by, measure=measure)
    if fmt == "table":
        frame = _indented(frame)
    _write(frame, fmt, output, sheet="summary")


def _indented(frame: pd.DataFrame) -> pd.DataFrame:
    """The summary as people read it: code names indented under their theme's totals."""
    shown = frame.copy()
    shown["code"] = [
        name if level == "theme" else f"  {name}"
        for level, name in zip(frame["level"], frame["code"], strict=True)
    ]
    return shown.drop(columns=["level", "theme"])


@cli.command()
@click.option(
    "--rows",
    default="source",
    show_default=True,
    metavar="source|ATTR",
    help="One row per source, or per value of this attribute.",
)
@click.option("--binary", is_flag=True, help="1 where a code occurs, 0 where not.")
@scope_options
@table_options
@click.pass_obj
def matrix(
    state: CliState,
    rows: str,
    binary: bool,
    scope: Scope,
    fmt: str | None,
    output: Path | None,
) -> None:
    """Codings per source (or attribute value) and code: the table for R or Excel."""
    from coder.services.reports.summary import matrix as make_matrix

    fmt = _check_format(fmt, output)
    with state.open() as project:
        frame = make_matrix(project, scope, rows=rows, binary=binary)
    _write(frame.reset_index(), fmt, output, sheet="matrix")


@cli.command()
@click.option(
    "--unit",
    type=click.Choice(["sentence", "turn", "source"]),
    default="sentence",
    show_default=True,
    help="Codes occur together when they touch the same sentence, speaker turn or source.",
)
@click.option("--jaccard", is_flag=True, help="Jaccard coefficients instead of counts.")
@click.option("--pairs", is_flag=True, help="One row per pair of codes, most frequent first.")
@scope_options
@table_options
@click.pass_obj
def cooccurrence(
    state: CliState,
    unit: str,
    jaccard: bool,
    pairs: bool,
    scope: Scope,
    fmt: str | None,
    output: Path | None,
) -> None:
    """How often codes occur together: a code × code table of counts (or Jaccard)."""
    from coder.services.reports.summary import cooccurrence as make_cooccurrence

    fmt = _check_format(fmt, output)
    with state.open() as project:
        frame = make_cooccurrence(project, scope, unit=unit, jaccard=jaccard, pairs=pairs)
    _write(frame if pairs else frame.reset_index(), fmt, output, sheet="cooccurrence")


@cli.command()
@click.option("--by", metavar="ATTR", help="Order (and in md, group) the quotes by this attribute.")
@click.option(
    "--pseudonymize", is_flag=True, help="Replace names and mask e-mail, phone and id numbers."
)
@click.option(
    "--language",
    type=click.Choice(["sv", "en"]),
    help="Language of the masks and aliases (default: the project's).",
)
@scope_options
@table_options
@click.pass_obj
def quotes(
    state: CliState,
    by: str | None,
    pseudonymize: bool,
    language: str | None,
    scope: Scope,
    fmt: str | None,
    output: Path | None,
) -> None:
    """The quote table: one row per coding with source, speaker, attributes, code, text, memo."""
    from coder.services.reports.pseudonyms import masker
    from coder.services.reports.quotes import quote_table, quotes_markdown
    from coder.services.reports.tables import write_text_atomically

    fmt = _check_format(fmt, output)
    with state.open() as project:
        hide = masker(project, language or project.language) if pseudonymize else None
        frame = quote_table(project, scope, by=by, masker=hide)
    if fmt == "table":
        frame = frame.assign(text=[" ".join(t.split()) for t in frame["text"]])
    if fmt != "md":
        _write(frame, fmt, output, sheet="quotes")
        return
    text = quotes_markdown(frame, by=by)
    if output is None:
        click.echo(text, nl=False)
        return
    write_text_atomically(output, text)
    say(f"wrote {output}")


@cli.command()
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="FILE",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The report: FILE.md (charts as PNG beside it), FILE.html or FILE.docx.",
)
@click.option(
    "--language",
    type=click.Choice(["sv", "en"]),
    help="Language of the headings (default: the project's).",
)
@click.option(
    "--quotes",
    "quote_count",
    type=click.IntRange(min=0),
    default=3,
    show_default=True,
    help="Quotes per code: marked exemplars first, then the most typical.",
)
@click.option("--by", metavar="ATTR", help="Break the codings down by this attribute.")
@click.option(
    "--pseudonymize", is_flag=True, help="Replace names and mask e-mail, phone and id numbers."
)
@scope_options
@click.pass_obj
def report(
    state: CliState,
    output: Path,
    language: str | None,
    quote_count: int,
    by: str | None,
    pseudonymize: bool,
    scope: Scope,
) -> None:
    """A theme summary document: counts, shares of interviews, charts, quotes and memos."""
    from coder.services.reports.content import build_report
    from coder.services.reports.document import check_output, write_report

    check_output(output)
    with state.open() as project:
        content = build_report(
            project,
            scope,
            language=language,
            quotes_per_code=quote_count,
            by=by,
            pseudonymize=pseudonymize,
        )
    written = write_report(content, output)
    say(f"wrote {', '.join(str(path) for path in written)}")


@cli.group()
def pseudonyms() -> None:
    """The pseudonym table: names that pseudonymised exports replace with an alias."""


@pseudonyms.command("add")
@click.argument("name")
@click.argument("alias")
@click.pass_obj
def pseudonyms_add(state: CliState, name: str, alias: str) -> None:
    """Replace NAME (in any case) with ALIAS in pseudonymised quotes and reports."""
    from coder.services.reports.pseudonyms import add_pseudonym

    with state.open() as project:
        done = add_pseudonym(project, name, alias)
    say(f"{done} {name} → {alias}")


@pseudonyms.command("list")
@format_option
@click.pass_obj
def pseudonyms_list(state: CliState, fmt: str) -> None:
    """List the names and their aliases."""
    from coder.services.reports.pseudonyms import list_pseudonyms

    with state.open() as project:
        entries = list_pseudonyms(project)
    emit([{"name": n, "alias": a} for n, a in entries], fmt, columns=("name", "alias"))


@pseudonyms.command("remove")
@click.argument("name")
@click.pass_obj
def pseudonyms_remove(state: CliState, name: str) -> None:
    """Take NAME out of the pseudonym table."""
    from coder.services.reports.pseudonyms import remove_pseudonym

    with state.open() as project:
        removed = remove_pseudonym(project, name)
    say(f"removed {removed}")
