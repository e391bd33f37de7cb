"""The coding workspace: sources to pick from, a source opened for coding, one-key coding.

These are the calls the TUI makes, most of them on key presses, so each is a few indexed
queries, fast on a 50,000-word source: the Sources screen's rows, a source as a Document, its
codings and code counts, toggling a code, making a code in vivo, memos, where each coder was,
and the data version that tells a window another one has changed the project.
"""

from __future__ import annotations

from dataclasses import dataclass

from coder.domain.codebook import Code, normalize_color
from coder.domain.coding import Coding, Status
from coder.domain.document import Document
from coder.domain.invivo import next_color, shade, slug, unique_id
from coder.domain.memo import MemoTarget, OnCode, OnCoding, OnProject, OnSource
from coder.domain.text import is_blank
from coder.errors import CodebookError, CodingError
from coder.services.coding import apply_code, check_span
from coder.services.project import Project
from coder.storage import codes as code_store
from coder.storage import codings as coding_store
from coder.storage import sources as source_store
from coder.storage import workspace as workspace_store

__all__ = [
    "MemoTarget",
    "OnCode",
    "OnCoding",
    "OnProject",
    "OnSource",
    "SourceRow",
    "Toggle",
    "code_counts",
    "create_code",
    "data_version",
    "last_position",
    "memo_text",
    "memos_on",
    "open_document",
    "save_position",
    "set_memo",
    "source_codings",
    "source_position",
    "source_rows",
    "toggle_code",
]

_SHOWN_STATUSES = (Status.ACCEPTED.value, Status.PENDING.value)


def _source_id(project: Project, name: str) -> int:
    # The row id of a source; a CodingError naming it when there is none.
    source_id = source_store.source_id(project.conn, name)
    if source_id is None:
        raise CodingError(f"no source named '{name}'", "see the names with 'coder sources'")
    return source_id


@dataclass(frozen=True)
class SourceRow:
    """One row of the Sources screen: what a source is and how far its coding has come.

    `coded_share` is the share (0–1) of the turns that count — every turn but the
    interviewer's, every paragraph of a document — that at least one accepted coding overlaps;
    0.0 for a source without such turns. `pending` counts the suggestions waiting for review.
    """

    name: str
    kind: str
    language: str
    attributes: dict[str, str]
    words: int
    coded_share: float
    pending: int


def source_rows(project: Project, *, only_mine: bool = False) -> list[SourceRow]:
    """Every source, by name, with coverage and pending suggestions (a fixed few queries).

    `only_mine` counts the coverage of the project's coder alone (coding blind).
    """
    return [
        SourceRow(
            name=stats.name,
            kind=stats.kind,
            language=stats.language,
            attributes=stats.attributes,
            words=stats.words,
            coded_share=stats.coded_turns / stats.turns if stats.turns else 0.0,
            pending=stats.pending,
        )
        for stats in workspace_store.source_stats(project.conn, coder_id=_mine(project, only_mine))
    ]


def open_document(project: Project, source: str) -> Document:
    """A source as the coding view shows it: text, speaker turns, and sentences within them."""
    document = workspace_store.load_document(project.conn, source)
    if document is None:
        raise CodingError(f"no source named '{source}'", "see the names with 'coder sources'")
    return document


def source_codings(project: Project, source: str) -> list[Coding]:
    """Accepted codings and pending suggestions of a source, every coder's, by start."""
    _source_id(project, source)
    return coding_store.list_codings(project.conn, statuses=_SHOWN_STATUSES, source=source)


def code_counts(
    project: Project, source: str, *, only_mine: bool = False
) -> dict[str, tuple[int, int]]:
    """Every code id → (accepted codings in this source, accepted codings in the project).

    `only_mine` counts the project's coder's codings alone (coding blind, where the others'
    counts would tell which codes they used).
    """
    return workspace_store.code_counts(
        project.conn, _source_id(project, source), coder_id=_mine(project, only_mine)
    )


def _mine(project: Project, only_mine: bool) -> int | None:
    """The coder's id to count by, or None to count everyone's (-1: a coder with no codings)."""
    if not only_mine:
        return None
    known = workspace_store.find_coder(project.conn, project.coder)
    return -1 if known is None else known


@dataclass(frozen=True)
class Toggle:
    """What a toggle did: the coding it applied, or the codings it removed (as they were)."""

    applied: Coding | None
    removed: list[Coding]


def toggle_code(project: Project, source: str, start: int, end: int, code: str) -> Toggle:
    """The one-key action: take the current coder's `code` off [start, end), or put it on.

    If the coder has an accepted coding of `code` exactly on [start, end), that one goes.
    Otherwise every accepted coding of theirs of `code` that contains [start, end) goes — the
    selection is inside a longer coding, and the coder wants the code off this text. Otherwise
    the code is applied. Other coders' codings and suggestions are never touched. Either way it
    is one undo step.
    """
    conn = project.conn
    span = check_span(conn, source, start, end)
    with project.transaction():
        coder = workspace_store.find_coder(conn, project.coder)
        covering = (
            []
            if coder is None
            else workspace_store.covering_codings(
                conn, span.source_id, code, coder_id=coder, start=start, end=end
            )
        )
        exact = [row for row in covering if (row[1], row[2]) == (start, end)]
        doomed = [row[0] for row in exact or covering]
        if not doomed:
            return Toggle(applied=apply_code(project, source, start, end, code), removed=[])
        removed = [coding for id_ in doomed if (coding := coding_store.get_coding(conn, id_))]
        change = project.new_change()
        for coding_id in doomed:
            coding_store.delete_coding(conn, coding_id, change)
    return Toggle(applied=None, removed=removed)


def create_code(project: Project, name: str, parent: str | None) -> Code:
    """Add a codable code while coding (in vivo), under `parent` (None: at the top level).

    The name's whitespace is tidied (a selection may span lines). The id is a slug of the name,
    made unique with -2, -3, …; the colour is a shade of the nearest coloured ancestor's, or
    the next palette colour; the code has no key and comes last among its siblings. One undo
    step takes it away again.
    """
    clean = " ".join(name.split())
    if not clean:
        raise CodebookError("a new code needs a name", "type the name the code should have")
    with project.transaction() as conn:
        codes = {code.id: code for code in code_store.load_codes(conn)}
        siblings = [code for code in codes.values() if code.parent_id == parent]
        _check_new_code(clean, parent, codes, siblings)
        code = Code(
            id=unique_id(slug(clean), codes),
            name=clean,
            parent_id=parent,
            color=_new_code_color(parent, codes, len(siblings)),
            position=max((code.position for code in siblings), default=-1) + 1,
        )
        code_store.put_code(conn, code, project.new_change())
    return code


def _check_new_code(
    name: str, parent: str | None, codes: dict[str, Code], siblings: list[Code]
) -> None:
    """Refuse a parent that does not exist, or a name a sibling already has (any case)."""
    if parent is not None and parent not in codes:
        raise CodebookError(
            f"cannot add '{name}' under '{parent}': there is no such code",
            "choose an existing code as parent, or none for a top-level code",
        )
    wanted = name.casefold()
    for sibling in siblings:
        if " ".join(sibling.name.split()).casefold() == wanted:
            where = f"under '{codes[parent].name}'" if parent is not None else "at the top level"
            raise CodebookError(
                f"there is already a code '{sibling.name}' {where} (id '{sibling.id}')",
                "apply that code, or give the new code another name",
            )


def _new_code_color(parent: str | None, codes: dict[str, Code], siblings: int) -> str:
    """A shade of the nearest coloured ancestor's colour, else the next palette colour."""
    ancestor = parent
    seen: set[str] = set()
    while ancestor is not None and ancestor in codes and ancestor not in seen:
        seen.add(ancestor)
        color = normalize_color(codes[ancestor].color or "")
        if color is not None:
            return shade(color, siblings)
        ancestor = codes[ancestor].parent_id
    return next_color({code.color for code in codes.values()}, len(codes))


def data_version(project: Project) -> int:
    """A number that changes when another connection (process, window) commits to the project.

    The TUI polls it and reloads what it shows when it changes; its own changes do not move it.
    """
    return workspace_store.data_version(project.conn)


# --- Memos --------------------------------------------------------------------------------------
# Each coder has one memo per target: `memo_text` gives the current coder's, `set_memo` replaces
# it (blank text deletes it), `memos_on` shows everyone's. Older projects may hold several memos
# of one coder on a target (a codings import adds one per row): they read as one text, joined by
# blank lines, and the first edit stores that text as one memo.

MEMO_SEPARATOR = "\n\n"
"""What joins several memos read as one text."""


def memo_text(project: Project, target: MemoTarget) -> str:
    """The current coder's memo on a target; "" when they have written none."""
    column, key = _locate(project, target)
    coder = workspace_store.find_coder(project.conn, project.coder)
    if coder is None:
        return ""
    rows = workspace_store.memo_rows(project.conn, column, key, coder)
    return MEMO_SEPARATOR.join(text for _, text in rows)


def memos_on(project: Project, target: MemoTarget) -> dict[str, str]:
    """Every coder's memo on a target, by coder name, in the order they were first written."""
    column, key = _locate(project, target)
    return workspace_store.memos_by_coder(project.conn, column, key)


def set_memo(project: Project, target: MemoTarget, text: str) -> None:
    """Write the current coder's memo on a target: add, replace, or (blank text) delete it.

    One undo step takes the change back; nothing is recorded when the text is what it was.
    """
    text = "" if is_blank(text) else text
    with project.transaction() as conn:
        column, key = _locate(project, target)
        known = workspace_store.find_coder(conn, project.coder)
        rows = [] if known is None else workspace_store.memo_rows(conn, column, key, known)
        if not rows and not text:
            return
        coder = known if known is not None else coding_store.coder_id(conn, project.coder)
        change = project.new_change()
        if not rows:
            target_row = {} if column is None else {column: key}
            coding_store.add_memo(conn, target_row, text, coder, change)
            return
        (first_id, first_text), *rest = rows
        if not text:
            workspace_store.delete_memo(conn, first_id, change)
        elif text != first_text:
            workspace_store.update_memo(conn, first_id, text, change)
        for memo_id, _ in rest:
            workspace_store.delete_memo(conn, memo_id, change)


def _locate(project: Project, target: MemoTarget) -> tuple[str | None, object]:
    """The memos column pointing at the target and its value; (None, None) for the project."""
    conn = project.conn
    match target:
        case OnCoding(id=coding_id):
            if not workspace_store.coding_exists(conn, coding_id):
                raise CodingError(
                    f"no coding with id {coding_id}", "it may have been removed or undone"
                )
            return "coding_id", coding_id
        case OnSource(name=name):
            return "source_id", _source_id(project, name)
        case OnCode(id=code_id):
            if code_store.is_codable(conn, code_id) is None:
                raise CodebookError(
                    f"no code with id '{code_id}'", "see the ids with 'coder codebook list'"
                )
            return "code_id", code_id
        case OnProject():
            return None, None


# --- Where each coder was -----------------------------------------------------------------------
# Positions are not project content: not in the event log, untouched by undo. Each save is a
# commit that other windows see through `data_version`, so save when the coder leaves a source
# or the app, or after the cursor has rested, rather than on every key.


def save_position(project: Project, source: str, sentence: int) -> None:
    """Remember that the current coder is at `sentence` (0, 1, …) of `source`."""
    source_id = _source_id(project, source)
    conn = project.conn
    if sentence < 0 or not workspace_store.has_sentence(conn, source_id, sentence):
        raise CodingError(
            f"source '{source}' has no sentence {sentence}",
            "sentences are numbered 0, 1, … in text order; see 'coder segments SOURCE'",
        )
    if last_position(project) == (source, sentence):
        return  # nothing moved: no commit, so other windows are not told of a change
    with project.transaction():
        coder = coding_store.coder_id(conn, project.coder)
        workspace_store.save_position(conn, coder, source_id, sentence)


def last_position(project: Project) -> tuple[str, int] | None:
    """(source, sentence) where the current coder was last; None if they have no position.

    A source that is removed takes its positions with it, so the answer is then the latest
    place in a source that is still there.
    """
    coder = workspace_store.find_coder(project.conn, project.coder)
    return None if coder is None else workspace_store.last_position(project.conn, coder)


def source_position(project: Project, source: str) -> int | None:
    """The sentence where the current coder was in `source`; None if they never were."""
    source_id = _source_id(project, source)
    coder = workspace_store.find_coder(project.conn, project.coder)
    if coder is None:
        return None
    return workspace_store.source_position(project.conn, coder, source_id)
