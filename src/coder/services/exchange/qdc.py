"""REFI-QDA codebooks (.qdc): write the project's codes, read codes written by any program.

A .qdc holds codes only: the codebook's name, language and description stay as the project
has them. On reading, each code keeps the id its `Code id` line gives; else the id of the
project's code with the same GUID (a code we exported) or the same path of names; else an
id made from its name.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from lxml import etree

from coder.domain.codebook import Code, Codebook
from coder.errors import ExchangeError
from coder.services.exchange.codes import (
    RefiCode,
    append_code_tree,
    name_paths,
    read_codes,
    slug,
    unique,
    valid_id,
    walk,
)
from coder.services.exchange.guids import Guids
from coder.services.exchange.refi import CODEBOOK_NS, child, exporter, local_name, where
from coder.services.project import Project

MAX_QDC_BYTES = 50 * 1024 * 1024
"""A codebook file larger than this is refused unread."""


def export_qdc(project: Project) -> str:
    """The project's codebook as a REFI-QDA codebook (XML text)."""
    from coder.services.codebook import project_codebook

    codebook = project_codebook(project)
    if not codebook.codes:
        raise ExchangeError(
            "the project has no codes to export",
            "add codes with 'coder codebook import FILE' first",
        )
    guids = Guids.of_project(project)
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS})
    root.set("origin", exporter())
    codes = etree.SubElement(root, f"{{{CODEBOOK_NS}}}Codes")
    append_code_tree(
        codes, codebook, lambda code_id: guids.of("code", code_id), namespace=CODEBOOK_NS
    )
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data.decode("utf-8")


def read_qdc(path: Path, *, project: Project | None = None) -> Codebook:
    """Read and check a .qdc file as a codebook for `project` (or for a new project)."""
    from coder.ingest.qda_xml import parse_xml
    from coder.services.codebook import project_codebook

    root = parse_xml(_read(path), origin=str(path))
    if local_name(root) != "CodeBook" or child(root, "Codes") is None:
        raise ExchangeError(
            f"{where(root, str(path))} is not a REFI-QDA codebook "
            "(its root is not <CodeBook> with <Codes>)",
            "give a .qdc file; import a whole project (.qdpx) with 'coder import-project'",
        )
    codes_element = child(root, "Codes")
    assert codes_element is not None
    roots = read_codes(codes_element, str(path))
    check_unique_guids(roots, str(path))
    if project is None:
        return Codebook.from_codes(
            path.stem, "sv", "", _with_ids(roots, None, None), origin=str(path)
        )
    current = project_codebook(project)
    codes = _with_ids(roots, current, Guids.if_any(project))
    return Codebook.from_codes(
        current.name if current.codes else path.stem,
        current.language,
        current.description,
        codes,
        origin=str(path),
    )


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_QDC_BYTES:
            raise ExchangeError(
                f"{path} is larger than {MAX_QDC_BYTES // 1024 // 1024} MB; refused",
                "check that it is a codebook",
            )
        return path.read_bytes()
    except OSError as error:
        raise ExchangeError(f"cannot read {path}: {error.strerror}", "check the path") from error


def check_unique_guids(roots: list[RefiCode], origin: str) -> None:
    """Refuse a codebook in which two codes share a GUID."""
    seen: dict[str, str] = {}
    for code, _ in walk(roots):
        if code.guid in seen:
            raise ExchangeError(
                f"{origin}: <Code guid=\"{code.guid}\"> '{code.name}' has the same guid as "
                f"'{seen[code.guid]}'",
                "every code needs its own guid; export the codebook again",
            )
        seen[code.guid] = code.name


def _with_ids(roots: list[RefiCode], current: Codebook | None, guids: Guids | None) -> list[Code]:
    """The file's codes with ids and parents, matched to the project's codes where they can be."""
    paths = name_paths(current) if current else {}
    by_guid = {guids.of("code", c.id): c.id for c in current.codes} if current and guids else {}
    existing = {code.id for code in current.codes} if current else set()
    taken: set[str] = set()
    id_of: dict[str, str] = {}
    path_of: dict[str, tuple[str, ...]] = {}
    positions: dict[str | None, int] = {}
    codes: list[Code] = []
    for refi, parent in walk(roots):
        path = (*(path_of[parent.guid] if parent else ()), refi.name)
        code_id = next(
            (
                candidate
                for candidate in (
                    refi.code.id if valid_id(refi.code.id) else None,
                    by_guid.get(refi.guid),
                    paths.get(path),
                )
                if candidate and candidate not in taken
            ),
            None,
        ) or unique(slug(refi.name), taken | existing)
        taken.add(code_id)
        id_of[refi.guid], path_of[refi.guid] = code_id, path
        parent_id = id_of[parent.guid] if parent else None
        position = positions[parent_id] = positions.get(parent_id, -1) + 1
        codes.append(replace(refi.code, id=code_id, parent_id=parent_id, position=position))
    return codes
