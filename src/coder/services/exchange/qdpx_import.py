"""Importing REFI-QDA projects (.qdpx) from NVivo, ATLAS.ti, MAXQDA, QualCoder and coder.

The whole file is read, checked and planned first (see `qdpx_plan`); then everything is
stored in one transaction. A file that fails any check changes nothing: into an existing
project nothing is written, and a new project file is not left behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from coder.domain.codebook import Codebook
from coder.domain.coding import Origin, Status
from coder.errors import ExchangeError, ProjectError
from coder.ingest.qda_xml import QdpxPackage, ZipLimits, parse_xml
from coder.services.exchange.qdpx_links import Users, plan_attributes, plan_codings, plan_memos
from coder.services.exchange.qdpx_plan import ImportPlan, Target, place_codes, plan_sources
from coder.services.exchange.qdpx_read import RefiProject, read_project
from coder.services.project import Project
from coder.storage import codes as code_store
from coder.storage import codings as coding_store
from coder.storage import exchange as exchange_store
from coder.storage import sources as source_store
from coder.storage.events import Change

PROJECT_ENTRY = "project.qde"


@dataclass
class ProjectImport:
    """What an import stored, what it matched in the project, and what it left out and why."""

    project: Path
    codes: int = 0
    merged_codes: list[str] = field(default_factory=list)
    sources: int = 0
    matched_sources: list[str] = field(default_factory=list)
    """Sources the project has already (same name, same text): they get the file's codings."""
    codings: int = 0
    codings_already_there: int = 0
    memos: int = 0
    coders: list[str] = field(default_factory=list)
    attributes: int = 0
    notes: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def import_project(
    path: Path, project: Project, *, limits: ZipLimits | None = None
) -> ProjectImport:
    """Import a .qdpx into an existing project: codes merged by name path, sources matched."""
    from coder.services.codebook import project_codebook

    target = Target(
        codebook=project_codebook(project),
        hashes=exchange_store.hashes_by_name(project.conn),
        coder=project.coder,
        language=project.language,
    )
    plan = _plan(path, target, limits)
    from coder.services.backup import before_bulk

    before_bulk(project, "import-project")  # only for a file that passed every check
    return _store(project, plan, codebook_name=None)


def import_project_as_new(
    path: Path,
    project_path: Path,
    *,
    language: str,
    coder: str | None = None,
    limits: ZipLimits | None = None,
) -> ProjectImport:
    """Create a project at `project_path` (which must not exist) holding the .qdpx's project."""
    from coder.services.project import default_coder
    from coder.services.setup import create_project

    if project_path.exists():
        raise ProjectError(
            f"{project_path} already exists",
            f"import into it with --into {project_path}, or choose a new file with -p",
        )
    empty = Codebook("Codebook", language, "", ())
    target = Target(empty, {}, coder or default_coder(), language)
    plan = _plan(path, target, limits)
    project = create_project(project_path, language=language, coder=coder)
    try:
        report = _store(project, plan, codebook_name=plan.project_name or path.stem)
        project.seal_history()
    except BaseException:
        project.discard()
        raise
    project.close()
    return report


def _plan(path: Path, target: Target, limits: ZipLimits | None) -> ImportPlan:
    """Read the package and plan the whole import; nothing is stored yet."""
    with QdpxPackage(path, limits) as package:
        entry = package.find(PROJECT_ENTRY)
        if entry is None:
            raise ExchangeError(
                f"{path} has no {PROJECT_ENTRY}: it is not a REFI-QDA project",
                "export the project from its program as REFI-QDA (.qdpx)",
            )
        origin = f"{path}: {entry}"
        refi = read_project(parse_xml(package.read(entry), origin=origin), origin)
        plan = ImportPlan(project_name=refi.name.strip())
        users = Users(refi.users, target.coder)
        plan.coders = list(dict.fromkeys(refi.users.values()))
        place_codes(refi.codes, target, plan)
        plan_sources(package, refi, target, plan)
        aliases = plan_codings(refi, plan, users, target)
        plan_memos(package, refi, plan, users, aliases)
        plan_attributes(refi, plan)
    _finish_users(plan, users, refi)
    return plan


def _finish_users(plan: ImportPlan, users: Users, refi: RefiProject) -> None:
    named = [coding.coder for coding in plan.codings] + [memo.coder for memo in plan.memos]
    plan.coders = list(dict.fromkeys([*plan.coders, *named]))
    if users.unknown:
        plan.notes.append(
            f"{len(users.unknown)} users that made codings or notes are not listed in "
            f"<Users>; their work is under the name 'user' and the start of their GUID"
        )
    if refi.origin:
        plan.notes.append(f"the file was made by {refi.origin}")


def _store(project: Project, plan: ImportPlan, *, codebook_name: str | None) -> ProjectImport:
    """Write the plan in one transaction; a failure stores nothing."""
    report = ProjectImport(project.path, notes=plan.notes, skipped=plan.skipped)
    change = project.new_change()
    with project.transaction() as conn:
        for name in plan.coders:
            coding_store.coder_id(conn, name)
        for code in plan.codes:
            code_store.put_code(conn, code, change)
        _store_sources(project, plan, change, report)
        coding_ids = _store_codings(project, plan, change, report)
        _store_memos(project, plan, change, coding_ids, report)
        if codebook_name is not None:
            code_store.set_setting(conn, "codebook_name", codebook_name)
    report.codes = len(plan.codes)
    report.merged_codes = plan.merged_codes
    report.coders = plan.coders
    return report


def _store_sources(
    project: Project, plan: ImportPlan, change: Change, report: ProjectImport
) -> None:
    conn = project.conn
    current = source_store.attributes_by_source(conn)
    for source in plan.sources:
        if source.parsed is not None:
            source.parsed.attributes = dict(source.attributes)
            source_store.insert_source(conn, source.parsed, change)
            report.sources += 1
            report.attributes += len(source.attributes)
            continue
        report.matched_sources.append(source.name)
        have = current.get(source.name, {})
        missing = {k: v for k, v in source.attributes.items() if k not in have}
        differing = sorted(k for k, v in source.attributes.items() if have.get(k, v) != v)
        if differing:
            report.notes.append(
                f"source '{source.name}': kept the project's {', '.join(differing)}"
            )
        if missing:
            source_store.update_attributes(conn, source.name, missing, change)
            report.attributes += len(missing)


def _store_codings(
    project: Project, plan: ImportPlan, change: Change, report: ProjectImport
) -> dict[str, int]:
    """Store each coding (once per span, code and coder); returns file GUID → coding id."""
    conn = project.conn
    ids: dict[str, int] = {}
    for coding in plan.codings:
        source_id = source_store.source_id(conn, coding.source)
        assert source_id is not None
        coder = coding_store.coder_id(conn, coding.coder)
        found = coding_store.find_coding(
            conn, source_id, coding.code, start=coding.start, end=coding.end, coder=coder
        )
        if found is not None:
            ids[coding.guid] = found
            report.codings_already_there += 1
            continue
        values: dict[str, object] = {
            "source_id": source_id,
            "code_id": coding.code,
            "start": coding.start,
            "end": coding.end,
            "coder_id": coder,
            "origin": Origin.IMPORT.value,
            "status": Status.ACCEPTED.value,
        }
        if coding.created:
            values |= {"created_at": coding.created, "updated_at": coding.created}
        ids[coding.guid] = coding_store.insert_coding(conn, values, change)
        report.codings += 1
    return ids


def _store_memos(
    project: Project,
    plan: ImportPlan,
    change: Change,
    coding_ids: dict[str, int],
    report: ProjectImport,
) -> None:
    conn = project.conn
    for memo in plan.memos:
        target: dict[str, object] = {}
        if memo.target == "source":
            target = {"source_id": source_store.source_id(conn, memo.ref)}
        elif memo.target == "code":
            target = {"code_id": memo.ref}
        elif memo.target == "coding":
            target = {"coding_id": coding_ids[memo.ref]}
        if exchange_store.memo_exists(conn, target, memo.text):
            continue
        author = coding_store.coder_id(conn, memo.coder)
        coding_store.add_memo(conn, target, memo.text, author, change, created_at=memo.created)
        report.memos += 1
