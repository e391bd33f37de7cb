"""Events: the append-only record of every change, which undo and redo replay backwards and on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Event:
    """One recorded change: who did what to which record, with the record before and after.

    Changes made together (a codebook import, a codings import) share a `batch` and are undone
    together. `undo` is "done" or "undone" for changes that can be undone, None for the rest
    (imports of sources are recorded for the audit trail but are not undone).
    """

    id: int
    at: str
    coder: str
    action: str
    entity: str
    entity_id: str | None
    before: dict[str, object] | None
    after: dict[str, object] | None
    batch: int
    undo: str | None
