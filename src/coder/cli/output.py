"""Writing results: listings as table, CSV or JSON on stdout; messages on stderr."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

FORMATS = ("table", "csv", "json")
_F = TypeVar("_F", bound=Callable[..., Any])


def format_option(function: _F) -> _F:
    """The --format option every listing command takes."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Output as an aligned table, CSV or JSON.",
    )(function)


def split_values(values: tuple[str, ...]) -> tuple[str, ...]:
    """Comma-separated and repeated option values as one tuple: ("a,b", "c") → (a, b, c)."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def emit(records: Sequence[dict[str, Any]], fmt: str, *, columns: Sequence[str] = ()) -> None:
    """Write records to stdout in the chosen format (columns: the order, when no records)."""
    names = list(records[0]) if records else list(columns)
    if fmt == "json":
        click.echo(json.dumps(list(records), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: _flat(v) for k, v in record.items()} for record in records)
    else:
        from tabulate import tabulate

        rows = [[_flat(record[name]) for name in names] for record in records]
        click.echo(tabulate(rows, headers=names, disable_numparse=True, preserve_whitespace=True))


def _flat(value: Any) -> Any:
    """A value for a table or CSV cell: mappings as key=value pairs, lists joined."""
    if isinstance(value, dict):
        return "; ".join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if value is None:
        return ""
    return value


def kind_noun(kind: str) -> str:
    """The noun for sources of a kind: "interview", "document", "other source"."""
    return "other source" if kind == "other" else kind


def say(message: str) -> None:
    """A message for the person at the terminal (stderr, so stdout stays data)."""
    click.echo(message, err=True)


def write_text(text: str, output: Path | None) -> None:
    """Write a whole export to a file (saying so on stderr), or to stdout when none is given."""
    if output is None:
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    say(f"wrote {output}")
