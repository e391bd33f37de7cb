"""Planning a project import: every check done and every record built before anything is stored.

The plan maps the file's codes onto the project's (by name path when importing into an
existing project), reads and segments every source, carries each selection's positions into
the stored text, and collects codings, memos and attributes. Only a complete plan is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from coder.domain.codebook import Code, Codebook
from coder.domain.source import ParsedSource
from coder.errors import ExchangeError
from coder.ingest.qda_xml import QdpxPackage
from coder.services.exchange.codes import RefiCode, name_paths, slug, unique, valid_id, walk
from coder.services.exchange.offsets import STANDARD, Selection, choose, countings
from coder.services.exchange.qdpx_read import RefiProject, RefiSource
from coder.services.exchange.qdpx_texts import GivenText, given_text, how_normalised

FILE_SUFFIXES = frozenset(
    {".txt", ".md", ".docx", ".doc", ".odt", ".rtf", ".pdf", ".html", ".htm", ".vtt", ".srt"}
)
"""Suffixes taken off a source's name: `Intervju 3.docx` becomes the source `Intervju 3`."""
_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Target:
    """What the plan must fit into: the project's codes and sources, who imports, the language."""

    codebook: Codebook
    hashes: dict[str, str]
    """Source name → content hash of the sources already in the project."""
    coder: str
    language: str


@dataclass
class PlannedSource:
    """A source of the file: new (with its parsed text) or one the project has already."""

    guid: str
    name: str
    parsed: ParsedSource | None
    text: str
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Selection GUID → [start, end) in the stored text."""
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PlannedCoding:
    """A coding to store, keyed by the file's coding GUID (for the memos on it)."""

    guid: str
    source: str
    start: int
    end: int
    code: str
    coder: str
    created: str | None


@dataclass(frozen=True)
class PlannedMemo:
    """A memo to store: on the project, a source (name), a code (id) or a coding (file GUID)."""

    target: str
    ref: str
    text: str
    coder: str
    created: str | None


@dataclass
class ImportPlan:
    """Everything an import will store, and what it has to say."""

    project_name: str = ""
    coders: list[str] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    code_ids: dict[str, str] = field(default_factory=dict)
    merged_codes: list[str] = field(default_factory=list)
    sources: list[PlannedSource] = field(default_factory=list)
    codings: list[PlannedCoding] = field(default_factory=list)
    memos: list[PlannedMemo] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def place_codes(roots: list[RefiCode], target: Target, plan: ImportPlan) -> None:
    """Match the file's codes to the project's by path of names; the others are added."""
    current = target.codebook
    paths = name_paths(current)
    taken = {code.id for code in current.codes}
    keys = {code.key for code in current.codes if code.key}
    counts: dict[str | None, int] = {c.id: len(current.children(c.id)) for c in current.codes}
    counts[None] = len(current.roots())
    path_of: dict[str, tuple[str, ...]] = {}
    for refi, parent in walk(roots):
        path = (*(path_of[parent.guid] if parent else ()), refi.name)
        path_of[refi.guid] = path
        if path in paths:
            plan.code_ids[refi.guid] = paths[path]
            plan.merged_codes.append(" / ".join(path))
            continue
        hint = refi.code.id
        code_id = hint if valid_id(hint) and hint not in taken else unique(slug(refi.name), taken)
        taken.add(code_id)
        key = refi.code.key if refi.code.key not in keys else None
        if key:
            keys.add(key)
        parent_id = plan.code_ids[parent.guid] if parent else None
        position = counts.get(parent_id, 0)
        counts[parent_id] = position + 1
        counts[code_id] = 0
        plan.code_ids[refi.guid] = code_id
        plan.codes.append(
            replace(refi.code, id=code_id, parent_id=parent_id, position=position, key=key)
        )


def plan_sources(
    package: QdpxPackage, project: RefiProject, target: Target, plan: ImportPlan
) -> None:
    """Read every text source, map its selections and segment its text (all before storing)."""
    from coder.ingest.normalize import content_hash

    names = set(target.hashes)
    # Our own exports count positions in code points of the very text they hold: there is
    # nothing to guess (and a one-letter coding must not be read as another counting).
    ours = project.origin == "coder" or project.origin.startswith("coder ")
    for kind, name in project.other_sources:
        plan.skipped.append((f"{kind} '{name}'", "coder imports text sources only"))
    for source in project.sources:
        found = given_text(package, source.text)
        label = source.name or source.guid
        if isinstance(found, str):
            plan.skipped.append((f"source '{label}'", found))
            continue
        stored, spans = _map_selections(source, found, label, plan, ours=ours)
        base = base_name(source.name, source.guid)
        if target.hashes.get(base) == content_hash(stored):
            plan.sources.append(PlannedSource(source.guid, base, None, stored, spans))
            continue
        name = unique_name(base, names)
        if name != base:
            plan.notes.append(f"source '{base}' was renamed '{name}': the name was taken")
        parsed = _parse(stored, name, f"{package.path}: {label}", target)
        plan.sources.append(PlannedSource(source.guid, name, parsed, stored, spans))


def _map_selections(
    source: RefiSource, found: GivenText, label: str, plan: ImportPlan, *, ours: bool
) -> tuple[str, dict[str, tuple[int, int]]]:
    """The stored text and each selection's span in it, choosing how positions were counted.

    For a file coder exported (`ours`) positions are code points, as the standard says.
    """
    stored, maps = countings(found.text, bom=found.bom)
    if ours:
        maps = [candidate for candidate in maps if candidate.counting == STANDARD]
    selections = [Selection(s.start, s.end, s.name) for s in source.selections]
    chosen, rivals = choose(maps, stored, selections)
    if chosen is None:
        worst = max(source.selections, key=lambda s: s.end)
        raise ExchangeError(
            f"{worst.where}: endPosition {worst.end} lies beyond the end of the text of source "
            f"'{label}' ({maps[0].length} characters), however the positions are counted",
            "export the project again; the selection does not fit its source",
        )
    if found.how:
        plan.notes.append(f"source '{label}': the text was read from {found.how}")
    changes = how_normalised(found.text, stored, bom=found.bom)
    if changes:
        plan.notes.append(f"source '{label}': the text had {', '.join(changes)}; normalised")
    if chosen.counting != STANDARD and selections:
        plan.notes.append(
            f"source '{label}': positions were counted as {chosen.counting}; mapped into the text"
        )
    if rivals:
        plan.notes.append(
            f"source '{label}': its positions fit as well counted as {' or '.join(rivals)}; "
            f"read as {chosen.counting} (check its codings)"
        )
    spans = {s.guid: chosen.span(sel) for s, sel in zip(source.selections, selections, strict=True)}
    return stored, spans


def base_name(name: str, guid: str) -> str:
    """A source's name from the file: whitespace tidied, a file suffix taken off."""
    tidy = " ".join(name.split())
    suffix = PurePosixPath(tidy).suffix
    if suffix.lower() in FILE_SUFFIXES and len(tidy) > len(suffix):
        tidy = tidy[: -len(suffix)].rstrip()
    return tidy or f"source {guid[:8]}"


def unique_name(base: str, taken: set[str]) -> str:
    """`base`, or `base (2)`, `base (3)`, …: the first name not taken (and take it)."""
    name, number = base, 1
    while name in taken:
        number += 1
        name = f"{base} ({number})"
    taken.add(name)
    return name


def _parse(text: str, name: str, origin: str, target: Target) -> ParsedSource:
    """Segment a source's text as any import does: speaker turns or paragraphs, sentences."""
    from coder.ingest.readers import ReadText
    from coder.services.importing import ImportOptions
    from coder.services.parsing import parse_text

    language = "auto" if _WORD.search(text) else target.language
    read = ReadText(text, "qdpx", "\n\n" not in text, None, [])
    return parse_text(
        read, name=name, origin=origin, options=ImportOptions(language=language), notes=[]
    )
