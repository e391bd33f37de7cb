"""Team coding commands: the coders, agreement between them, disagreements, consensus."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from coder.cli import CliState, cli
from coder.cli.output import emit, format_option, say
from coder.domain.agreement import UNIT_KINDS
from coder.domain.text import plural

if TYPE_CHECKING:
    from coder.services.agreement.disagreements import Review
    from coder.services.agreement.statistics import AgreementReport, AgreementRow
    from coder.services.agreement.units import Request

_F = TypeVar("_F", bound=Callable[..., Any])
TEXT_CHARS = 80
"""Characters of a unit's text shown in a table (CSV and JSON hold all of it)."""


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """Comma-separated and repeated values as one tuple: ("a,b", "c") → (a, b, c)."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def request_options(function: _F) -> _F:
    """--coders, --unit, --sources, --codes and --include-interviewer, given as `request`.

    `--coders A B` takes the names that follow it (click options take one value each, so the
    names after the first arrive as extra arguments and are joined here); `--coders A,B` and
    `--coders A --coders B` work too.
    """
    options = [
        click.argument("more_coders", nargs=-1, metavar="", required=False),
        click.option(
            "--coders",
            multiple=True,
            metavar="A B",
            help="The coders to compare (two or more; 'model' is the suggestions).",
        ),
        click.option(
            "--unit",
            type=click.Choice(UNIT_KINDS),
            default="segment",
            show_default=True,
            help="segment: a speaker turn or paragraph; sentence; source: a whole source.",
        ),
        click.option(
            "--sources",
            multiple=True,
            metavar="NAMES",
            help="Only these sources (comma-separated).",
        ),
        click.option(
            "--codes",
            multiple=True,
            metavar="IDS",
            help="Only these codes (comma-separated; a theme brings its codes).",
        ),
        click.option(
            "--include-interviewer", is_flag=True, help="Count the interviewer's turns too."
        ),
    ]

    @functools.wraps(function)
    def with_request(
        *args: Any,
        more_coders: tuple[str, ...],
        coders: tuple[str, ...],
        unit: str,
        sources: tuple[str, ...],
        codes: tuple[str, ...],
        include_interviewer: bool,
        **kwargs: Any,
    ) -> Any:
        from coder.services.agreement.units import Request

        if more_coders and not coders:
            raise click.UsageError("name the coders with --coders A B")
        request = Request(
            coders=_split(coders) + _split(more_coders),
            unit=unit,
            sources=_split(sources),
            codes=_split(codes),
            include_interviewer=include_interviewer,
        )
        return function(*args, request=request, **kwargs)

    command: Any = with_request
    for option in reversed(options):
        command = option(command)
    return cast("_F", command)


@cli.command()
@format_option
@click.pass_obj
def coders(state: CliState, fmt: str) -> None:
    """List the coders with their accepted codings, sources and codes (and the model's)."""
    from coder.services.agreement.coders import coder_list

    with state.open() as project:
        counts = coder_list(project)
    emit(
        [
            {
                "coder": c.name,
                "codings": c.codings,
                "sources": c.sources,
                "codes": c.codes,
                "last_coded": c.last_coded or "",
            }
            for c in counts
        ],
        fmt,
        columns=("coder", "codings", "sources", "codes", "last_coded"),
    )


@cli.command()
@request_options
@format_option
@click.pass_obj
def agreement(state: CliState, request: Request, fmt: str) -> None:
    """Agreement between coders per code and overall, at meaningful units.

    Percent agreement, Cohen's kappa, Krippendorff's alpha (nominal) and the precision, recall
    and F1 of the second coder against the first, over the units of the sources every coder
    has coded. Give --coders A model to compare a coder with the suggestions.
    """
    from coder.services.agreement.statistics import agreement as compute

    with state.open() as project:
        report = compute(project, request)
    if fmt == "json":
        click.echo(json.dumps(_report_json(report), ensure_ascii=False, indent=2))
        return
    records = [_record(report, row, fmt) for row in [*report.rows, report.overall]]
    lines = [_heading(report), f"rule: {report.rule}"]
    notes = [f"note: {note}" for note in report.notes]
    if fmt == "table":
        click.echo("\n".join(lines) + "\n")
        emit(records, fmt)
        click.echo("\n" + "\n".join(notes))
    else:
        for line in [*lines, *notes]:
            say(line)
        emit(records, fmt)


def _heading(report: AgreementReport) -> str:
    unit = {"segment": "turns and paragraphs", "sentence": "sentences", "source": "sources"}
    who = " vs ".join(report.raters)
    interviewer = "" if report.include_interviewer else "; interviewer turns left out"
    return (
        f"{who}: {report.units} {unit[report.unit]} in the {len(report.sources)} sources "
        f"coded by {'both' if len(report.raters) == 2 else 'all'}{interviewer}"
    )


def _record(report: AgreementReport, row: AgreementRow, fmt: str) -> dict[str, Any]:
    """A row as a table or CSV record: coded units per coder, then the statistics."""

    def shown(value: float | None, percent: bool = False) -> Any:
        if fmt != "table":
            return "" if value is None else round(value, 4)
        if value is None:
            return "—"
        return f"{value:.1%}" if percent else f"{value:.2f}"

    record: dict[str, Any] = {"code": row.code_id or row.name}
    record.update(dict(zip(report.raters, row.coded, strict=True)))
    record["both" if len(report.raters) == 2 else "all"] = row.coded_by_all
    record["agreement"] = shown(row.agreement, percent=True)
    for name in ("kappa", "alpha", "precision", "recall", "f1"):
        record[name] = shown(getattr(row, name))
    return record


def _report_json(report: AgreementReport) -> dict[str, Any]:
    def row(r: AgreementRow) -> dict[str, Any]:
        return {
            "code": r.code_id or None,
            "name": r.name,
            "coded": dict(zip(report.raters, r.coded, strict=True)),
            "coded_by_all": r.coded_by_all,
            "agreement": r.agreement,
            "kappa": r.kappa,
            "alpha": r.alpha,
            "precision": r.precision,
            "recall": r.recall,
            "f1": r.f1,
        }

    return {
        "coders": report.raters,
        "unit": report.unit,
        "rule": report.rule,
        "units": report.units,
        "sources": report.sources,
        "interviewer_turns": report.include_interviewer,
        "codes": [row(r) for r in report.rows],
        "overall": row(report.overall),
        "notes": report.notes,
    }


def consensus_option(help_text: str) -> Callable[[_F], _F]:
    """The --consensus NAME option: the coder whose codings stand for what the team agreed."""
    return click.option(
        "--consensus", default="consensus", show_default=True, metavar="NAME", help=help_text
    )


@cli.command()
@request_options
@consensus_option("The coder whose codings hold the resolutions.")
@click.option("--open", "open_only", is_flag=True, help="Only the disagreements not resolved yet.")
@format_option
@click.pass_obj
def disagreements(
    state: CliState, request: Request, consensus: str, open_only: bool, fmt: str
) -> None:
    """List the units two coders coded differently, with their codes and text.

    Resolve them in the workspace ('coder open', then g on Sources): each resolution is
    written as codings of the consensus coder, the coders' own codings stay as they are.
    """
    from coder.services.agreement.disagreements import disagreements as find

    with state.open() as project:
        review = find(project, request, consensus=consensus)
    records = _disagreement_records(review, fmt, open_only=open_only)
    say(
        f"{len(review.items)} disagreements between {review.a} and {review.b} in "
        f"{review.units} units ({review.resolved} resolved as '{review.consensus}'); "
        f"rule: {review.rule}"
    )
    emit(
        records,
        fmt,
        columns=("source", "unit", "speaker", "start", "end", review.a, review.b, "consensus"),
    )


def _disagreement_records(review: Review, fmt: str, *, open_only: bool) -> list[dict[str, Any]]:
    def codes(values: frozenset[str]) -> Any:
        return sorted(values) if fmt == "json" else ", ".join(sorted(values))

    records = []
    for item in review.items:
        if open_only and item.resolved:
            continue
        text = item.text if fmt != "table" else _short(item.text)
        records.append(
            {
                "source": item.unit.source,
                "unit": item.unit.index,
                "speaker": item.unit.speaker or "",
                "start": item.unit.start,
                "end": item.unit.end,
                review.a: codes(item.a),
                review.b: codes(item.b),
                "consensus": codes(item.consensus) if item.resolved else "(open)",
                "text": text,
            }
        )
    return records


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= TEXT_CHARS else flat[: TEXT_CHARS - 1] + "…"


@cli.command()
@request_options
@consensus_option("The coder who gets the agreed codes.")
@click.pass_obj
def consensus(state: CliState, request: Request, consensus: str) -> None:
    """Give the consensus coder every code that both coders gave a unit.

    With the resolved disagreements, this makes the consensus coder's codings a complete
    coding that summaries can be run on ('coder summary --coder consensus').
    One change: 'coder undo' takes it back.
    """
    from coder.services.agreement.disagreements import adopt_agreements

    with state.open() as project:
        added = adopt_agreements(project, request, consensus=consensus)
    say(f"{plural(added, 'agreed coding')} added as '{consensus}'")
