"""Coding: apply and remove codes on spans of a source, undo and redo any change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coder.domain.coding import Coding, Origin, Status
from coder.domain.events import Event
from coder.domain.text import is_blank
from coder.errors import CodingError
from coder.services.project import Project
from coder.storage import codes as code_store
from coder.storage import codings as coding_store
from coder.storage import events as event_store
from coder.storage import sources as source_store

if TYPE_CHECKING:
    import sqlite3


@dataclass(frozen=True)
class Span:
    """A checked span of a source: its row id and [start, end) offsets."""

    source_id: int
    start: int
    end: int


def check_span(conn: sqlite3.Connection, source: str, start: int, end: int) -> Span:
    """The span, if the source exists and the offsets lie inside its text."""
    row = source_store.source_length(conn, source)
    if row is None:
        raise CodingError(f"no source named '{source}'", "see the names with 'coder sources'")
    source_id, length = row
    if not 0 <= start < end <= length:
        raise CodingError(
            f"offsets {start}–{end} are outside source '{source}' (0–{length})",
            "give 0 ≤ start < end ≤ the length of the text",
        )
    return Span(source_id, start, end)


def check_code(conn: sqlite3.Connection, code_id: str) -> None:
    """Refuse an unknown code, or a theme that groups codes but is not applied itself."""
    codable = code_store.is_codable(conn, code_id)
    if codable is None:
        raise CodingError(f"no code with id '{code_id}'", "see the ids with 'coder codebook list'")
    if not codable:
        raise CodingError(
            f"code '{code_id}' is a theme (codable: false)", "apply one of its codes instead"
        )


def apply_code(
    project: Project, source: str, start: int, end: int, code: str, *, memo: str | None = None
) -> Coding:
    """Code [start, end) of a source with `code` as the current coder (once per span)."""
    conn = project.conn
    span = check_span(conn, source, start, end)
    check_code(conn, code)
    with project.transaction():
        coder = coding_store.coder_id(conn, project.coder)
        existing = coding_store.find_coding(
            conn, span.source_id, code, start=start, end=end, coder=coder
        )
        if existing is not None:
            if _get(project, existing).status is not Status.ACCEPTED:
                # This coder once turned down the same code here; applying it now accepts it.
                coding_store.set_status(conn, existing, Status.ACCEPTED, project.new_change())
            return _get(project, existing)
        change = project.new_change()
        new_id = coding_store.insert_coding(
            conn,
            {
                "source_id": span.source_id,
                "code_id": code,
                "start": start,
                "end": end,
                "coder_id": coder,
                "origin": Origin.HUMAN.value,
                "status": Status.ACCEPTED.value,
            },
            change,
        )
        if memo is not None and not is_blank(memo):
            coding_store.add_memo(conn, {"coding_id": new_id}, memo, coder, change)
    return _get(project, new_id)


def remove_coding(project: Project, coding_id: int) -> Coding:
    """Remove a coding (and its memo); undo brings both back."""
    coding = _get(project, coding_id)
    with project.transaction() as conn:
        coding_store.delete_coding(conn, coding_id, project.new_change())
    return coding


def codings_at(project: Project, source: str, start: int, end: int) -> list[Coding]:
    """Codings of a source that overlap [start, end), of every status."""
    return [
        coding
        for coding in coding_store.list_codings(project.conn, source=source)
        if coding.start < end and start < coding.end
    ]


def undo(project: Project) -> list[Event]:
    """Undo the current coder's latest change (all of one action); [] when nothing is left."""
    return _replay(project, event_store.undo)


def redo(project: Project) -> list[Event]:
    """Redo the change the current coder undid last; [] when there is nothing to redo."""
    return _replay(project, event_store.redo)


def _replay(
    project: Project, step: Callable[[sqlite3.Connection, str], list[Event]]
) -> list[Event]:
    with project.transaction() as conn:
        return step(conn, project.coder)


def history(project: Project, *, limit: int = 50) -> list[Event]:
    """The latest changes in the project, newest first."""
    return event_store.history(project.conn, limit=limit)


def _get(project: Project, coding_id: int) -> Coding:
    coding = coding_store.get_coding(project.conn, coding_id)
    if coding is None:
        raise CodingError(f"no coding with id {coding_id}", "it may have been removed already")
    return coding
