"""Planning what ties a project's parts together: who coded, codings, memos and attributes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from coder.ingest.qda_xml import QdpxPackage
from coder.services.exchange.codes import walk
from coder.services.exchange.qdpx_plan import (
    ImportPlan,
    PlannedCoding,
    PlannedMemo,
    PlannedSource,
    Target,
)
from coder.services.exchange.qdpx_read import RefiCoding, RefiNote, RefiProject, RefiSource
from coder.services.exchange.qdpx_texts import given_text
from coder.services.exchange.refi import stored_time


@dataclass
class Users:
    """The file's users as coders; a user the file does not list is named by its GUID."""

    known: dict[str, str]
    fallback: str
    """Who imports: the coder of what the file attributes to no one."""
    unknown: set[str] = field(default_factory=set)

    def name(self, *guids: str | None) -> str:
        """The coder for the first of these user GUIDs that is given."""
        user = next((guid for guid in guids if guid), None)
        if user is None:
            return self.fallback
        if user in self.known:
            return self.known[user]
        self.unknown.add(user)
        return f"user {user[:8]}"


def plan_codings(
    project: RefiProject, plan: ImportPlan, users: Users, target: Target
) -> dict[str, str]:
    """Add the codings of every imported source; returns duplicate coding GUID → kept GUID."""
    planned = {source.guid: source for source in plan.sources}
    seen: dict[tuple[str, str, int, int, str], str] = {}
    aliases: dict[str, str] = {}
    for source in project.sources:
        into = planned.get(source.guid)
        if into is None:
            count = len(source.codings) + sum(len(s.codings) for s in source.selections)
            if count:
                what = f"{count} codings of source '{source.name or source.guid}'"
                plan.skipped.append((what, "its text was not imported"))
            continue
        for refi, start, end, user in _applied(source, into, plan):
            coder = users.name(refi.user, user, source.user)
            coding = PlannedCoding(
                guid=refi.guid,
                source=into.name,
                start=start,
                end=end,
                code=plan.code_ids[refi.code],
                coder=coder,
                created=stored_time(refi.created),
            )
            key = (coding.source, coding.code, start, end, coder)
            if key in seen:
                aliases[refi.guid] = seen[key]
                continue
            seen[key] = refi.guid
            plan.codings.append(coding)
    _make_codable(plan, target)
    if aliases:
        plan.notes.append(f"{len(aliases)} codings repeated in the file were stored once")
    return aliases


def _applied(
    source: RefiSource, into: PlannedSource, plan: ImportPlan
) -> list[tuple[RefiCoding, int, int, str | None]]:
    """Each coding of a source with its span in the stored text and the selection's user."""
    found: list[tuple[RefiCoding, int, int, str | None]] = []
    for selection in source.selections:
        start, end = into.spans[selection.guid]
        if start >= end and selection.codings:
            plan.skipped.append((f"{selection.where}", "the selection is empty"))
            continue
        found.extend((coding, start, end, selection.user) for coding in selection.codings)
    if source.codings and into.text:
        found.extend((coding, 0, len(into.text), None) for coding in source.codings)
    return found


def _make_codable(plan: ImportPlan, target: Target) -> None:
    """Make new codes that the file marks not codable, but codes text with, codable.

    Codings with codes that are themes of the project itself are left out.
    """
    used = Counter(coding.code for coding in plan.codings)
    themes = {code.id for code in target.codebook.codes if not code.codable}
    for index, code in enumerate(plan.codes):
        if not code.codable and used[code.id]:
            plan.codes[index] = replace(code, codable=True)
            plan.notes.append(
                f"code '{code.name}' is marked not codable but has codings: made codable"
            )
    kept = [coding for coding in plan.codings if coding.code not in themes]
    for code_id in sorted({coding.code for coding in plan.codings} & themes):
        plan.skipped.append(
            (f"{used[code_id]} codings with code '{code_id}'", "it is a theme in this project")
        )
    plan.codings = kept


def plan_memos(
    package: QdpxPackage,
    project: RefiProject,
    plan: ImportPlan,
    users: Users,
    aliases: dict[str, str],
) -> None:
    """Turn the file's notes into memos on the project, sources, codes and codings."""
    places = _note_places(project, plan, aliases)
    used = {guid for guid, _, _ in places}
    places += [(guid, "project", "") for guid in project.notes if guid not in used]
    for guid, target, ref in places:
        note = project.notes[guid]
        text = _note_text(package, note)
        if not text:
            plan.skipped.append((f"note '{note.name or guid}'", "it has no text"))
            continue
        plan.memos.append(
            PlannedMemo(target, ref, text, users.name(note.user), stored_time(note.created))
        )


def _note_places(
    project: RefiProject, plan: ImportPlan, aliases: dict[str, str]
) -> list[tuple[str, str, str]]:
    """(note GUID, target kind, target) for every reference to a note that is imported."""
    places = [(guid, "project", "") for guid in project.project_notes]
    for code, _ in walk(project.codes):
        places += [(guid, "code", plan.code_ids[code.guid]) for guid in code.note_refs]
    coded = {coding.guid for coding in plan.codings}
    planned = {source.guid: source.name for source in plan.sources}
    for source in project.sources:
        name = planned.get(source.guid)
        if name is None:
            continue
        places += [(guid, "source", name) for guid in source.notes]
        for selection in source.selections:
            firsts = [aliases.get(c.guid, c.guid) for c in selection.codings]
            first = next((guid for guid in firsts if guid in coded), None)
            target = ("coding", first) if first else ("source", name)
            places += [(guid, *target) for guid in selection.notes]
        for coding in [*source.codings, *(c for s in source.selections for c in s.codings)]:
            kept = aliases.get(coding.guid, coding.guid)
            target = ("coding", kept) if kept in coded else ("source", name)
            places += [(guid, *target) for guid in coding.notes]
    return places


def _note_text(package: QdpxPackage, note: RefiNote) -> str:
    from coder.ingest.normalize import normalize

    found = given_text(package, note.text)
    text = found if isinstance(found, str) else found.text
    if isinstance(found, str) or not text.strip():
        text = note.description or ""
    return normalize(text).strip()


def plan_attributes(project: RefiProject, plan: ImportPlan) -> None:
    """Variable values of sources and of the cases that refer to them become attributes."""
    planned = {source.guid: source for source in plan.sources}
    names = {source.guid: source.name for source in project.sources}
    for source in project.sources:
        if source.guid in planned:
            _set_values(planned[source.guid], source.values, project, plan)
    for case in project.cases:
        for ref in case.sources:
            into = planned.get(ref)
            if into is None:
                continue
            _set_values(into, case.values, project, plan)
            if case.name and case.name not in (into.name, names.get(ref)):
                earlier = into.attributes.get("case")
                into.attributes["case"] = f"{earlier}; {case.name}" if earlier else case.name


def _set_values(
    into: PlannedSource, values: list[tuple[str, str]], project: RefiProject, plan: ImportPlan
) -> None:
    for variable, value in values:
        key = project.variables[variable]
        earlier = into.attributes.setdefault(key, value)
        if earlier != value:
            plan.notes.append(
                f"source '{into.name}': {key} is both {earlier!r} and {value!r}; kept {earlier!r}"
            )
