"""Merging another copy of the project: its codings, codes, memos and coders come into this one.

How a team that codes on separate laptops comes together. Sources are matched by their content
hash (the same text, whatever its name); a source only the other copy has is copied here with
its text and segmentation as they are, so its offsets stay valid. A matched source takes the
attributes only the other copy gives it; one both give differently keeps ours and is reported.
Codes are matched by id: a new
code is added, and a code whose definition differs here is a conflict — this project's
definition is kept, the conflict is reported, nothing is overwritten. Codings and memos already
here are not added twice. Everything is planned first and stored in one transaction (one
undoable change for codings, codes and memos), so a merge is all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

from coder.domain.codebook import Code
from coder.domain.source import ParsedSource, SourceKind
from coder.errors import MergeError
from coder.services.backup import before_bulk
from coder.services.project import Project
from coder.storage import agreement as agreement_store
from coder.storage import codes as code_store
from coder.storage import codings as coding_store
from coder.storage import exchange as exchange_store
from coder.storage import merge as merge_store
from coder.storage import sources as source_store
from coder.storage.events import Change
from coder.storage.merge import OtherCoding, OtherMemo, OtherSource

if TYPE_CHECKING:
    import sqlite3

COSMETIC = ("position", "key", "color")
"""Code fields that may differ between copies without making a conflict (ours are kept)."""


@dataclass(frozen=True)
class CodeConflict:
    """A code id both copies have, defined differently: which fields differ."""

    code_id: str
    ours: str
    theirs: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class AttributeConflict:
    """An attribute both copies give a source, with different values (ours is kept)."""

    source: str
    key: str
    ours: str
    theirs: str


@dataclass
class MergePlan:
    """What a merge will do, worked out before anything is written."""

    other: Path
    coders: list[str] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    conflicts: list[CodeConflict] = field(default_factory=list)
    matched: dict[int, int] = field(default_factory=dict)
    """Their source id → ours, for sources with the same text."""
    renamed: list[tuple[str, str]] = field(default_factory=list)
    """(their name, our name) of matched sources named differently."""
    attributes: dict[str, dict[str, str]] = field(default_factory=dict)
    """Our source name → the attributes only the other copy gives it."""
    attribute_conflicts: list[AttributeConflict] = field(default_factory=list)
    new_sources: list[OtherSource] = field(default_factory=list)
    parsed: dict[int, ParsedSource] = field(default_factory=dict)
    """Their source id → the new source as it will be stored here."""
    skipped_sources: list[tuple[str, str]] = field(default_factory=list)
    codings: list[OtherCoding] = field(default_factory=list)
    codings_present: int = 0
    codings_differing: int = 0
    codings_skipped: int = 0
    coding_keys: dict[int, tuple[int, str, int, int, str | None]] = field(default_factory=dict)
    """Their coding id → (their source id, code, start, end, coder), for memos on codings."""
    memos: list[OtherMemo] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def plan_merge(project: Project, other: Path) -> MergePlan:
    """Read the other copy and work out what merging it would add, match, skip and conflict."""
    if other.resolve() == project.path.resolve():
        raise MergeError(f"{other} is this project", "give the other copy's file")
    conn = merge_store.open_other(other)
    try:
        plan = MergePlan(other=other)
        ours = exchange_store.coder_names(project.conn)
        theirs = exchange_store.coder_names(conn)
        plan.coders = [name for name in theirs if name not in ours]
        _plan_codes(project, merge_store.codes(conn), plan)
        _plan_sources(project, merge_store.sources(conn), plan)
        _plan_attributes(project, conn, plan)
        _plan_codings(project, merge_store.codings(conn), plan)
        _plan_memos(merge_store.memos(conn), plan)
        # The new sources' segmentation is read now: the other file is closed after planning.
        for source in plan.new_sources:
            plan.parsed[source.id] = _parsed(conn, source)
    finally:
        conn.close()
    return plan


def _plan_codes(project: Project, theirs: list[Code], plan: MergePlan) -> None:
    ours = {code.id: code for code in code_store.load_codes(project.conn)}
    keys = merge_store.code_keys(project.conn)
    for code in theirs:
        mine = ours.get(code.id)
        if mine is None:
            if code.key is not None and code.key in keys:
                plan.notes.append(
                    f"code '{code.id}' comes without its key {code.key}: "
                    f"'{keys[code.key]}' has it here"
                )
            taken = code.key is not None and code.key in keys
            plan.codes.append(replace(code, key=None) if taken else code)
            continue
        differ = tuple(
            f.name
            for f in fields(Code)
            if f.name not in COSMETIC and getattr(mine, f.name) != getattr(code, f.name)
        )
        if differ:
            plan.conflicts.append(CodeConflict(code.id, mine.name, code.name, differ))


def _plan_sources(project: Project, theirs: list[OtherSource], plan: MergePlan) -> None:
    by_hash = source_store.names_by_hash(project.conn)
    names = source_store.source_names(project.conn)
    for source in theirs:
        name = by_hash.get(source.content_hash)
        if name is not None:
            plan.matched[source.id] = int(source_store.source_id(project.conn, name) or 0)
            if name != source.name:
                plan.renamed.append((source.name, name))
        elif source.name in names:
            plan.skipped_sources.append(
                (source.name, "a source of that name has another text here")
            )
        else:
            plan.new_sources.append(source)


def _plan_attributes(project: Project, conn: sqlite3.Connection, plan: MergePlan) -> None:
    """The attributes matched sources gain from the other copy, and those that differ."""
    ours = source_store.attributes_by_source(project.conn)
    names = agreement_store.source_names(project.conn)
    for their_id, our_id in plan.matched.items():
        name = names[our_id]
        for key, value in merge_store.attributes(conn, their_id).items():
            mine = ours[name].get(key)
            if mine is None:
                plan.attributes.setdefault(name, {})[key] = value
            elif mine != value:
                plan.attribute_conflicts.append(AttributeConflict(name, key, mine, value))


def _plan_codings(project: Project, theirs: list[OtherCoding], plan: MergePlan) -> None:
    existing = merge_store.coding_statuses(project.conn)
    new_ids = {source.id for source in plan.new_sources}
    for coding in theirs:
        if coding.source_id in new_ids:
            plan.codings.append(coding)
            plan.coding_keys[coding.id] = _key(coding, coding.source_id)
            continue
        local = plan.matched.get(coding.source_id)
        if local is None:
            plan.codings_skipped += 1
            continue
        plan.coding_keys[coding.id] = _key(coding, coding.source_id)
        status = existing.get(_key(coding, local))
        if status is None:
            plan.codings.append(coding)
        elif status == coding.status:
            plan.codings_present += 1
        else:
            plan.codings_differing += 1


def _key(coding: OtherCoding, source_id: int) -> tuple[int, str, int, int, str | None]:
    return (source_id, coding.code_id, coding.start, coding.end, coding.coder)


def _plan_memos(theirs: list[OtherMemo], plan: MergePlan) -> None:
    merged = set(plan.matched) | {source.id for source in plan.new_sources}
    for memo in theirs:
        if memo.source_id is not None and memo.source_id not in merged:
            continue  # on a source that is not merged
        if memo.coding_id is not None and memo.coding_id not in plan.coding_keys:
            continue  # on a coding that is not merged
        plan.memos.append(memo)


def _parsed(conn: sqlite3.Connection, source: OtherSource) -> ParsedSource:
    turns, sentences = merge_store.turns(conn, source.id)
    return ParsedSource(
        name=source.name,
        kind=SourceKind(source.kind),
        language=source.language,
        text=source.text,
        content_hash=source.content_hash,
        origin=source.origin,
        file_format=source.file_format,
        turns=turns,
        sentences=sentences,
        attributes=merge_store.attributes(conn, source.id),
    )


@dataclass(frozen=True)
class MergeReport:
    """What a merge added, found already here, skipped, and the conflicts it left as they are."""

    other: Path
    dry_run: bool
    coders: list[str]
    codes: list[str]
    sources: list[str]
    matched_sources: int
    renamed: list[tuple[str, str]]
    attributes: int
    """Attribute values added to matched sources."""
    attribute_conflicts: list[AttributeConflict]
    skipped_sources: list[tuple[str, str]]
    codings: int
    codings_present: int
    codings_differing: int
    codings_skipped: int
    memos: int
    memos_present: int
    conflicts: list[CodeConflict]
    notes: list[str]


class _DryRunError(Exception):
    """Raised inside the transaction of a dry run so that nothing is kept."""


def merge(project: Project, other: Path, *, dry_run: bool = False) -> MergeReport:
    """Merge another copy of the project into this one (or, with `dry_run`, only say what)."""
    plan = plan_merge(project, other)
    if not dry_run:
        before_bulk(project, "merge")
    memos_added = memos_present = 0
    try:
        with project.transaction():
            memos_added, memos_present = _store(project, plan, project.new_change())
            if dry_run:
                # The same writes, rolled back: the dry run's figures are the merge's own.
                raise _DryRunError
    except _DryRunError:
        pass
    return MergeReport(
        other=other,
        dry_run=dry_run,
        coders=plan.coders,
        codes=[code.id for code in plan.codes],
        sources=[source.name for source in plan.new_sources],
        matched_sources=len(plan.matched),
        renamed=plan.renamed,
        attributes=sum(len(values) for values in plan.attributes.values()),
        attribute_conflicts=plan.attribute_conflicts,
        skipped_sources=plan.skipped_sources,
        codings=len(plan.codings),
        codings_present=plan.codings_present,
        codings_differing=plan.codings_differing,
        codings_skipped=plan.codings_skipped,
        memos=memos_added,
        memos_present=memos_present,
        conflicts=plan.conflicts,
        notes=plan.notes,
    )


def _store(project: Project, plan: MergePlan, change: Change) -> tuple[int, int]:
    """Write the plan in the open transaction; (memos added, memos already here)."""
    conn = project.conn
    for name in plan.coders:
        coding_store.coder_id(conn, name)
    pending = list(plan.codes)
    while pending:  # parents before children
        known = {code.id for code in code_store.load_codes(conn)}
        ready = [code for code in pending if code.parent_id is None or code.parent_id in known]
        if not ready:
            raise MergeError(
                f"code '{pending[0].id}' has a parent that neither copy has",
                "check the other copy's codebook",
            )
        for code in ready:
            code_store.put_code(conn, code, change)
        pending = [code for code in pending if code not in ready]
    for name, values in plan.attributes.items():
        source_store.update_attributes(conn, name, values, change)
    source_ids = dict(plan.matched)
    for their_id, parsed in plan.parsed.items():
        source_ids[their_id] = source_store.insert_source(conn, parsed, change)
    for coding in plan.codings:
        _insert_coding(project, coding, source_ids[coding.source_id], change)
    return _store_memos(project, plan, source_ids, change)


def _insert_coding(project: Project, coding: OtherCoding, source_id: int, change: Change) -> None:
    coder = None if coding.coder is None else coding_store.coder_id(project.conn, coding.coder)
    coding_store.insert_coding(
        project.conn,
        {
            "source_id": source_id,
            "code_id": coding.code_id,
            "start": coding.start,
            "end": coding.end,
            "coder_id": coder,
            "origin": coding.origin,
            "status": coding.status,
            "score": coding.score,
            "reason": coding.reason,
            "model": coding.model,
            "exemplar": coding.exemplar,
            "created_at": coding.created_at,
            "updated_at": coding.updated_at,
        },
        change,
    )


def _store_memos(
    project: Project, plan: MergePlan, source_ids: dict[int, int], change: Change
) -> tuple[int, int]:
    conn = project.conn
    added = present = 0
    for memo in plan.memos:
        target: dict[str, object] = {}
        if memo.source_id is not None:
            target = {"source_id": source_ids[memo.source_id]}
        elif memo.code_id is not None:
            target = {"code_id": memo.code_id}
        elif memo.coding_id is not None:
            their_source, code_id, start, end, coder = plan.coding_keys[memo.coding_id]
            coder_id = None if coder is None else coding_store.coder_id(conn, coder)
            found = coding_store.find_coding(
                conn, source_ids[their_source], code_id, start=start, end=end, coder=coder_id
            )
            if found is None:
                continue
            target = {"coding_id": found}
        if exchange_store.memo_exists(conn, target, memo.text):
            present += 1
            continue
        author = coding_store.coder_id(conn, memo.coder or project.coder)
        coding_store.add_memo(conn, target, memo.text, author, change, created_at=memo.created_at)
        added += 1
    return added, present
