"""Reviewing suggestions: the queue, accept and reject (one by one or in bulk), adjust, progress.

Accepting turns a suggestion into an accepted coding of the coder who accepted it; its origin,
score, reason and model stay, so it is always known that a model proposed it. Rejecting keeps
it as a rejected coding: a hard negative for the model, and never proposed again there. Every
decision is one undoable change. Codings people made are never touched here.
"""

from __future__ import annotations

from collections.abc import Sequence

from coder.domain.coding import Status
from coder.domain.suggestion import Decision, Progress, QueueOrder, Suggestion
from coder.errors import CodingError
from coder.services.backup import before_bulk
from coder.services.coding import check_span
from coder.services.project import Project
from coder.storage import codings as coding_store
from coder.storage import sources as source_store
from coder.storage import suggestions as store

RULE_THRESHOLD = 0.5
"""Where a rule suggestion is least certain (for the uncertainty order)."""


def queue(
    project: Project,
    *,
    order: QueueOrder = QueueOrder.SCORE,
    codes: Sequence[str] = (),
    sources: Sequence[str] = (),
    min_score: float | None = None,
) -> list[Suggestion]:
    """The pending suggestions to review, best score first or the closest calls first."""
    ids = list(store.source_ids(project.conn, sources).values()) if sources else []
    if sources and not ids:
        raise CodingError(f"no source named '{sources[0]}'", "see the names with 'coder sources'")
    found = store.pending(project.conn, codes=codes, source_ids=ids, min_score=min_score)
    if order is QueueOrder.UNCERTAINTY:
        cut = thresholds(project)
        found.sort(key=lambda s: (abs(s.score - cut.get(s.code, RULE_THRESHOLD)), -s.score))
    return found


def thresholds(project: Project) -> dict[str, float]:
    """Each code's threshold in the newest model (codes it did not learn are absent)."""
    model = store.latest_model(project.conn)
    if model is None:
        return {}
    return {
        code: float(report["threshold"])
        for code, report in model["report"].items()
        if report.get("trained") and report.get("threshold") is not None
    }


def decide(project: Project, ids: Sequence[int], decision: Decision) -> int:
    """Accept or reject these suggestions as the current coder, as one change; returns how many.

    A suggestion already decided, or one the coder has already applied by hand on the same
    span, is left as it is.
    """
    conn = project.conn
    decided = 0
    with project.transaction():
        coder = coding_store.coder_id(conn, project.coder)
        change = project.new_change()
        for coding_id in ids:
            suggestion = store.get_suggestion(conn, coding_id)
            if suggestion is None:
                raise CodingError(
                    f"no suggestion with id {coding_id}", "see them with 'coder suggestions export'"
                )
            if suggestion.status is not Status.PENDING or _duplicate(project, suggestion, coder):
                continue
            store.decide(conn, coding_id, decision.status, coder, change)
            decided += 1
    return decided


def _duplicate(project: Project, suggestion: Suggestion, coder: int) -> bool:
    source_id = source_store.source_id(project.conn, suggestion.source)
    return source_id is not None and (
        coding_store.find_coding(
            project.conn,
            source_id,
            suggestion.code,
            start=suggestion.start,
            end=suggestion.end,
            coder=coder,
        )
        is not None
    )


def decide_all(
    project: Project,
    decision: Decision,
    *,
    code: str,
    min_score: float | None = None,
    source: str | None = None,
) -> int:
    """Accept or reject every pending suggestion of a code (at or above a score, in a source).

    A bulk accept backs the project up first (see coder.services.backup).
    """
    chosen = queue(project, codes=[code], sources=[source] if source else [], min_score=min_score)
    if chosen and decision is Decision.ACCEPT:
        before_bulk(project, "suggestions accept")
    return decide(project, [suggestion.id for suggestion in chosen], decision)


def adjust(project: Project, coding_id: int, start: int, end: int) -> Suggestion:
    """Move a pending suggestion to another span of its source (undoable)."""
    suggestion = _pending(project, coding_id)
    check_span(project.conn, suggestion.source, start, end)
    with project.transaction() as conn:
        store.move(conn, coding_id, start, end, project.new_change())
    return _pending(project, coding_id)


def _pending(project: Project, coding_id: int) -> Suggestion:
    suggestion = store.get_suggestion(project.conn, coding_id)
    if suggestion is None or suggestion.status is not Status.PENDING:
        raise CodingError(
            f"no pending suggestion with id {coding_id}", "it may have been decided already"
        )
    return suggestion


def progress(project: Project) -> Progress:
    """Suggestions the current coder accepted and rejected, and those still to review."""
    return store.progress(project.conn, project.coder)


def export(project: Project, statuses: Sequence[Status] = tuple(Status)) -> list[Suggestion]:
    """Every suggestion of these statuses (all by default), in source order."""
    return store.suggestions(project.conn, [status.value for status in statuses])
