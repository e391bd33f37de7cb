"""`coder merge`: bring another copy's codings, codes, memos and coders into this project."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from coder.cli import CliState, cli
from coder.cli.output import emit, format_option

if TYPE_CHECKING:
    from coder.services.merge import CodeConflict, MergeReport


@cli.command()
@click.argument("other", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Only say what the merge would do.")
@format_option
@click.pass_obj
def merge(state: CliState, other: Path, dry_run: bool, fmt: str) -> None:
    """Merge OTHER (another copy of the project) into this project.

    Sources are matched by their text, codes by id; sources only OTHER has are copied with
    their text. A code defined differently in the two copies is a conflict: this project's
    definition stays, and the conflict is listed. All or nothing; 'coder undo' takes back the
    codings, codes and memos it added.
    """
    from coder.services.merge import merge as run_merge

    with state.open() as project:
        report = run_merge(project, other, dry_run=dry_run)
    if fmt == "json":
        click.echo(json.dumps(_as_json(report), ensure_ascii=False, indent=2, default=str))
        return
    if fmt == "table":
        click.echo(_summary(report) + "\n")
    emit(_findings(report), fmt, columns=("finding", "name", "detail"))


def _summary(report: MergeReport) -> str:
    would = "would add" if report.dry_run else "added"
    lines = [
        f"{'dry run: ' if report.dry_run else ''}merging {report.other}",
        f"  sources: {report.matched_sources} matched by their text, {len(report.sources)} "
        f"{would} with their text, {len(report.skipped_sources)} skipped",
        f"  codings: {report.codings} {would}, {report.codings_present} already here, "
        f"{report.codings_differing} here with another status (ours kept), "
        f"{report.codings_skipped} in skipped sources",
        f"  attributes of matched sources: {report.attributes} {would}, "
        f"{len(report.attribute_conflicts)} in conflict (ours kept)",
        f"  codes: {len(report.codes)} {would}, {len(report.conflicts)} in conflict (ours kept)",
        f"  memos: {report.memos} {would}, {report.memos_present} already here",
        f"  coders: {len(report.coders)} {would}",
    ]
    return "\n".join(lines)


def _findings(report: MergeReport) -> list[dict[str, Any]]:
    """One row per thing worth knowing: conflicts and skips first, then what came in."""
    rows = [
        {"finding": "conflict", "name": c.code_id, "detail": _conflict(c)} for c in report.conflicts
    ]
    rows += [
        {
            "finding": "attribute conflict",
            "name": c.source,
            "detail": f"{c.key}: '{c.ours}' here, '{c.theirs}' there; ours kept",
        }
        for c in report.attribute_conflicts
    ]
    rows += [
        {"finding": "skipped source", "name": n, "detail": why} for n, why in report.skipped_sources
    ]
    rows += [
        {"finding": "renamed source", "name": theirs, "detail": f"the same text as '{ours}' here"}
        for theirs, ours in report.renamed
    ]
    rows += [{"finding": "note", "name": "", "detail": note} for note in report.notes]
    rows += [{"finding": "new source", "name": name, "detail": ""} for name in report.sources]
    rows += [{"finding": "new code", "name": name, "detail": ""} for name in report.codes]
    rows += [{"finding": "new coder", "name": name, "detail": ""} for name in report.coders]
    return rows


def _conflict(conflict: CodeConflict) -> str:
    names = (
        f" ('{conflict.ours}' here, '{conflict.theirs}' there)" if "name" in conflict.fields else ""
    )
    return f"defined differently: {', '.join(conflict.fields)}{names}; ours kept"


def _as_json(report: MergeReport) -> dict[str, Any]:
    return asdict(report)
