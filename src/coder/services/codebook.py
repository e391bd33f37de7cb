"""The project's codebook: import from a file (keeping codings safe), list as a tree, export."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from coder.domain.codebook import Code, Codebook
from coder.errors import CodebookError
from coder.services.project import Project
from coder.storage import codes as code_store

YAML_SUFFIXES = (".yaml", ".yml")
QDC_SUFFIX = ".qdc"
CODEBOOK_SUFFIXES = (*YAML_SUFFIXES, QDC_SUFFIX)
EXPORT_FORMATS = ("yaml", "qdc")


@dataclass
class CodebookImport:
    """What a codebook import did to the project's codes."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


@dataclass(frozen=True)
class CodeLine:
    """A code as listed in the tree: its depth, theme and how much it is used."""

    code: Code
    depth: int
    theme: str
    codings: int
    sources: int


def load_codebook_file(path: Path, *, project: Project | None = None) -> Codebook:
    """Read and check a codebook file: YAML, or a REFI-QDA codebook (.qdc).

    A .qdc holds codes only; the codebook's name, language and description come from
    `project`, and its codes keep their ids where the file's codes match them.
    """
    suffix = path.suffix.lower()
    if suffix == QDC_SUFFIX:
        from coder.services.exchange.qdc import read_qdc

        return read_qdc(path, project=project)
    if suffix not in YAML_SUFFIXES:
        raise CodebookError(
            f"{path}: unsupported codebook format '{path.suffix}'",
            f"give a YAML codebook ({', '.join(YAML_SUFFIXES)}) or a REFI-QDA codebook (.qdc)",
        )
    from coder.ingest.codebook_yaml import load_codebook

    return load_codebook(path)


def project_codebook(project: Project) -> Codebook:
    """The codebook as the project holds it now."""
    conn = project.conn
    return Codebook.from_codes(
        name=code_store.get_setting(conn, "codebook_name") or "Codebook",
        language=code_store.get_setting(conn, "codebook_language") or project.language,
        description=code_store.get_setting(conn, "codebook_description") or "",
        codes=code_store.load_codes(conn),
    )


def import_codebook(project: Project, path: Path) -> CodebookImport:
    """Add and update codes by id from a file; codes it leaves out go, unless they have codings."""
    codebook = load_codebook_file(path, project=project)
    current = {code.id: code for code in code_store.load_codes(project.conn)}
    incoming = {code.id for code in codebook.codes}
    leaving = [code_id for code_id in current if code_id not in incoming]
    _refuse_losing_codings(project, path, leaving)
    report = CodebookImport()
    change = project.new_change()
    with project.transaction() as conn:
        code_store.clear_keys(conn, {c.id: c.key for c in codebook.codes}, change)
        for code in codebook.codes:
            outcome = code_store.put_code(conn, code, change)
            if outcome == "added":
                report.added.append(code.id)
            elif outcome == "updated":
                report.updated.append(code.id)
            else:
                report.unchanged += 1
        old_tree = Codebook.from_codes("old", "sv", "", list(current.values()))
        for code in reversed(old_tree.codes):
            if code.id not in incoming:
                code_store.delete_code(conn, code.id, change)
                report.removed.append(code.id)
        code_store.set_setting(conn, "codebook_name", codebook.name)
        code_store.set_setting(conn, "codebook_language", codebook.language)
        code_store.set_setting(conn, "codebook_description", codebook.description)
    return report


def _refuse_losing_codings(project: Project, path: Path, leaving: list[str]) -> None:
    counts = code_store.codings_per_code(project.conn)
    used = [(code_id, counts[code_id]) for code_id in leaving if counts.get(code_id)]
    if used:
        listed = ", ".join(f"'{code_id}' ({n} codings)" for code_id, n in used)
        raise CodebookError(
            f"{path} leaves out codes that have codings: {listed}",
            "keep these codes in the file (nothing was changed)",
        )


def codebook_tree(project: Project) -> list[CodeLine]:
    """Every code in tree order with its depth, theme and counts of accepted codings."""
    codebook = project_codebook(project)
    counts = code_store.coding_counts(project.conn)
    return [
        CodeLine(
            code=code,
            depth=codebook.depth(code.id),
            theme=codebook.theme_of(code.id).id,
            codings=counts.get(code.id, (0, 0))[0],
            sources=counts.get(code.id, (0, 0))[1],
        )
        for code in codebook.codes
    ]


def export_codebook(project: Project, *, fmt: str = "yaml") -> str:
    """The project's codebook as YAML or .qdc (REFI-QDA), which `coder codebook import` reads."""
    if fmt == "qdc":
        from coder.services.exchange.qdc import export_qdc

        return export_qdc(project)
    from coder.ingest.codebook_dump import dump_codebook

    return dump_codebook(project_codebook(project))
