"""Commands on suggestions: make them, review them in bulk, export them, evaluate the model."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from coder.cli import CliState, cli
from coder.cli.output import emit, format_option, say, split_values
from coder.domain.text import plural

if TYPE_CHECKING:
    from coder.domain.suggestion import Suggestion
    from coder.services.suggesting import SuggestRun

_SCORE = click.FloatRange(0.0, 1.0)


@cli.command("suggest")
@click.option("--sources", multiple=True, help="Only in these sources (comma-separated names).")
@click.option("--codes", multiple=True, help="Only these codes (comma-separated ids).")
@click.option(
    "--unit",
    type=click.Choice(["turn", "sentence"]),
    default="turn",
    show_default=True,
    help="What is suggested and learnt from: speaker turns and paragraphs, or sentences.",
)
@click.option(
    "--min-score", type=_SCORE, help="Suggest at or above this score, not each code's threshold."
)
@click.option("--interviewer", is_flag=True, help="Also suggest codes on interviewer turns.")
@click.option(
    "--precision",
    type=_SCORE,
    default=0.6,
    show_default=True,
    help="Each code's threshold is set to reach this cross-validated precision.",
)
@format_option
@click.pass_obj
def suggest(
    state: CliState,
    sources: tuple[str, ...],
    codes: tuple[str, ...],
    unit: str,
    min_score: float | None,
    interviewer: bool,
    precision: float,
    fmt: str,
) -> None:
    """Learn from the project's coding and add pending suggestions to review.

    The codebook's keywords and patterns suggest a code until people have coded five examples of
    it; from then on a model trained on those codings does. Rejected suggestions teach the model
    and are never proposed again. Review with 'coder open' (key r) or 'coder suggestions'.
    """
    from coder.services.suggesting import SuggestOptions
    from coder.services.suggesting import suggest as run_suggest

    options = SuggestOptions(
        sources=split_values(sources),
        codes=split_values(codes),
        unit="sentence" if unit == "sentence" else "turn",
        min_score=min_score,
        interviewer=interviewer,
        target_precision=precision,
    )
    with state.open() as project:
        run = run_suggest(project, options)
    emit(_outcome_records(run), fmt)
    version = f"model {run.model}" if run.model else "no model (too few codings), rules only"
    say(
        f"{run.suggested} suggestions in {run.units} units; {version}, "
        f"trained on {run.examples} units"
    )


def _outcome_records(run: SuggestRun) -> list[dict[str, Any]]:
    records = []
    for outcome in run.outcomes:
        report = outcome.report
        records.append(
            {
                "code": outcome.code.id,
                "name": outcome.code.name,
                "suggested": outcome.suggested,
                "by_rule": outcome.by_rule,
                "by_model": outcome.by_model,
                "examples": report.positives,
                "threshold": _round(report.threshold),
                "cv_precision": _round(report.precision),
                "cv_recall": _round(report.recall),
                "note": report.note,
            }
        )
    return records


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


@cli.group()
def suggestions() -> None:
    """Suggestions: export them, or accept and reject them in bulk."""


@suggestions.command("export")
@click.option(
    "--status",
    "statuses",
    type=click.Choice(["pending", "accepted", "rejected"]),
    multiple=True,
    help="Only suggestions of this status (repeatable; all when not given).",
)
@format_option
@click.pass_obj
def suggestions_export(state: CliState, statuses: tuple[str, ...], fmt: str) -> None:
    """Every suggestion: source, span, code, score, origin, status, reason, model."""
    from coder.domain.coding import Status
    from coder.services.review import export

    chosen = tuple(Status(status) for status in statuses) or tuple(Status)
    with state.open() as project:
        found = export(project, chosen)
    emit([_record(suggestion) for suggestion in found], fmt, columns=_COLUMNS)


_COLUMNS = ("source", "start", "end", "code", "score", "origin", "status", "reason", "model")


def _record(suggestion: Suggestion) -> dict[str, Any]:
    return {
        "source": suggestion.source,
        "start": suggestion.start,
        "end": suggestion.end,
        "code": suggestion.code,
        "score": round(suggestion.score, 4),
        "origin": suggestion.origin.value,
        "status": suggestion.status.value,
        "reason": suggestion.reason,
        "model": suggestion.model,
        "coder": suggestion.coder or "",
        "id": suggestion.id,
    }


def _bulk_command(name: str, decision: str) -> None:
    @suggestions.command(name)
    @click.option("--code", required=True, help="The code whose suggestions to decide.")
    @click.option("--min-score", type=_SCORE, help="Only suggestions scoring at least this.")
    @click.option("--source", help="Only suggestions in this source.")
    @click.pass_obj
    def command(state: CliState, code: str, min_score: float | None, source: str | None) -> None:
        from coder.domain.suggestion import Decision
        from coder.services.review import decide_all

        with state.open() as project:
            count = decide_all(
                project, Decision(decision), code=code, min_score=min_score, source=source
            )
            coder = project.coder
        verb = "accepted" if decision == "accept" else "rejected"
        undo = "'coder undo' takes " + ("it" if count == 1 else "them") + " back"
        say(f"{verb} {plural(count, 'suggestion')} of {code} as {coder} ({undo})")

    command.__doc__ = (
        f"{decision.capitalize()} every pending suggestion of --code (at or above --min-score, "
        "in --source) as you, in one change that 'coder undo' takes back."
    )


_bulk_command("accept", "accept")
_bulk_command("reject", "reject")


@cli.command("evaluate")
@click.option("--folds", type=click.IntRange(2, 20), default=5, show_default=True)
@click.option(
    "--by",
    type=click.Choice(["source", "unit"]),
    default="source",
    show_default=True,
    help="Split folds by source (never train and test on one interview) or by unit.",
)
@click.option("--unit", type=click.Choice(["turn", "sentence"]), default="turn", show_default=True)
@click.option("--precision", type=_SCORE, default=0.6, show_default=True)
@format_option
@click.pass_obj
def evaluate(state: CliState, folds: int, by: str, unit: str, precision: float, fmt: str) -> None:
    """Cross-validated precision, recall and F1 of the model, per code and overall."""
    from coder.services.evaluation import evaluate as run_evaluate

    with state.open() as project:
        result = run_evaluate(
            project,
            folds=folds,
            by_source=by == "source",
            unit="sentence" if unit == "sentence" else "turn",
            target_precision=precision,
        )
    emit(result.records(), fmt)
    say(result.summary())
