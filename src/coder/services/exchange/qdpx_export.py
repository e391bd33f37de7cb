"""REFI-QDA projects (.qdpx): the project as `project.qde` plus each source's text in `sources/`.

Every source's text is written exactly as stored, so selection positions are code points into
it. Only accepted codings are exported, each with the coder who made or accepted it; pending
and rejected suggestions stay behind. GUIDs are stable (see `guids`), and the zip's file
times are fixed, so exporting an unchanged project twice gives the same file.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from lxml import etree

from coder.domain.codebook import Codebook
from coder.domain.coding import Coding, Status
from coder.errors import ExchangeError
from coder.services.exchange.codes import append_code_tree
from coder.services.exchange.guids import Guids
from coder.services.exchange.refi import PROJECT_NS, exporter, xml_text
from coder.services.project import Project
from coder.storage import codes as code_store
from coder.storage import codings as coding_store
from coder.storage import exchange as exchange_store
from coder.storage import sources as source_store
from coder.storage.exchange import MemoRecord, SourceRecord

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_SELECTION_NAME_CHARS = 60


@dataclass(frozen=True)
class ProjectExport:
    """What an export wrote, and what it left out."""

    path: Path
    codes: int
    sources: int
    codings: int
    memos: int
    coders: int
    suggestions_left_out: int
    """Pending and rejected suggestions, which are not codings anyone made."""
    memos_left_out: int
    """Memos on those suggestions."""


@dataclass
class _Content:
    """What goes into the file, read from the project."""

    sources: list[SourceRecord]
    codings: dict[str, list[Coding]]
    memos: list[MemoRecord]
    coders: list[str]
    attributes: dict[str, dict[str, str]]


def _q(name: str) -> str:
    return f"{{{PROJECT_NS}}}{name}"


def export_qdpx(project: Project, output: Path) -> ProjectExport:
    """Write the project as a REFI-QDA project file at `output` (replaced only when complete)."""
    from coder.services.codebook import project_codebook

    codebook = project_codebook(project)
    conn = project.conn
    every = coding_store.list_codings(conn)
    accepted = [coding for coding in every if coding.status is Status.ACCEPTED]
    by_source: dict[str, list[Coding]] = defaultdict(list)
    for coding in accepted:
        by_source[coding.source].append(coding)
    exported_ids = {coding.id for coding in accepted}
    memos = exchange_store.memos(conn)
    kept = [memo for memo in memos if memo.coding_id is None or memo.coding_id in exported_ids]
    content = _Content(
        sources=exchange_store.sources_with_text(conn),
        codings=by_source,
        memos=kept,
        coders=exchange_store.coder_names(conn),
        attributes=source_store.attributes_by_source(conn),
    )
    guids = Guids.of_project(project)
    root = _project_element(project, content, guids)
    _append_codebook(root, codebook, content, guids)
    _append_attributes(root, content, guids)
    _append_sources(root, content, guids)
    _append_notes(root, content, guids)
    qde = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    texts = {guids.of("source", s.name): s.text for s in content.sources}
    _write_package(output, qde, texts)
    return ProjectExport(
        path=output,
        codes=len(codebook.codes),
        sources=len(content.sources),
        codings=len(accepted),
        memos=len(kept),
        coders=len(content.coders),
        suggestions_left_out=len(every) - len(accepted),
        memos_left_out=len(memos) - len(kept),
    )


def _project_element(project: Project, content: _Content, guids: Guids) -> etree._Element:
    root = etree.Element(_q("Project"), nsmap={None: PROJECT_NS})
    root.set("name", xml_text(project.path.stem) or "coder project")
    root.set("origin", exporter())
    created = code_store.get_setting(project.conn, "created_at")
    if created:
        root.set("creationDateTime", created)
    if content.coders:
        users = etree.SubElement(root, _q("Users"))
        for name in content.coders:
            user = etree.SubElement(users, _q("User"))
            user.set("guid", guids.of("coder", name))
            user.set("name", xml_text(name))
    return root


def _append_codebook(
    root: etree._Element, codebook: Codebook, content: _Content, guids: Guids
) -> None:
    """Add the CodeBook, with the notes on each code, when the project has codes."""
    if not codebook.codes:
        return
    notes: dict[str, list[str]] = defaultdict(list)
    for memo in content.memos:
        if memo.code_id is not None:
            notes[memo.code_id].append(guids.of("memo", memo.id))
    codes = etree.SubElement(etree.SubElement(root, _q("CodeBook")), _q("Codes"))
    append_code_tree(
        codes,
        codebook,
        lambda code_id: guids.of("code", code_id),
        namespace=PROJECT_NS,
        note_refs=notes,
    )


def _append_attributes(root: etree._Element, content: _Content, guids: Guids) -> None:
    """Variables (one per attribute, as text) and one Case per source that has attributes."""
    keys = sorted({key for values in content.attributes.values() for key in values})
    if not keys:
        return
    variables = etree.SubElement(root, _q("Variables"))
    for key in keys:
        variable = etree.SubElement(variables, _q("Variable"))
        variable.set("guid", guids.of("variable", key))
        variable.set("name", xml_text(key))
        variable.set("typeOfVariable", "Text")
    cases = etree.SubElement(root, _q("Cases"))
    for name, values in sorted(content.attributes.items()):
        if not values:
            continue
        case = etree.SubElement(cases, _q("Case"))
        case.set("guid", guids.of("case", name))
        case.set("name", xml_text(name))
        for key, value in sorted(values.items()):
            holder = etree.SubElement(case, _q("VariableValue"))
            etree.SubElement(holder, _q("VariableRef")).set("targetGUID", guids.of("variable", key))
            etree.SubElement(holder, _q("TextValue")).text = xml_text(value)
        etree.SubElement(case, _q("SourceRef")).set("targetGUID", guids.of("source", name))


def _append_sources(root: etree._Element, content: _Content, guids: Guids) -> None:
    if not content.sources:
        return
    coders = set(content.coders)
    notes: dict[str, list[str]] = defaultdict(list)
    for memo in content.memos:
        if memo.source is not None:
            notes[memo.source].append(guids.of("memo", memo.id))
    coding_notes: dict[int, list[str]] = defaultdict(list)
    for memo in content.memos:
        if memo.coding_id is not None:
            coding_notes[memo.coding_id].append(guids.of("memo", memo.id))
    holder = etree.SubElement(root, _q("Sources"))
    for source in content.sources:
        guid = guids.of("source", source.name)
        element = etree.SubElement(holder, _q("TextSource"))
        element.set("guid", guid)
        element.set("name", xml_text(source.name))
        element.set("plainTextPath", f"internal://{guid}.txt")
        if source.imported_by in coders:
            element.set("creatingUser", guids.of("coder", source.imported_by))
        element.set("creationDateTime", source.imported_at)
        codings = content.codings.get(source.name, [])
        for (start, end), group in groupby(codings, key=lambda c: (c.start, c.end)):
            element.append(
                _selection(
                    source,
                    start=start,
                    end=end,
                    codings=list(group),
                    guids=guids,
                    notes=coding_notes,
                )
            )
        for note in notes.get(source.name, []):
            etree.SubElement(element, _q("NoteRef")).set("targetGUID", note)


def _selection(
    source: SourceRecord,
    *,
    start: int,
    end: int,
    codings: list[Coding],
    guids: Guids,
    notes: dict[int, list[str]],
) -> etree._Element:
    """One selected span of a source with every coding of exactly that span."""
    selection = etree.Element(_q("PlainTextSelection"))
    selection.set("guid", guids.of("selection", f"{source.name}:{start}:{end}"))
    selection.set("name", _shortened(xml_text(" ".join(source.text[start:end].split()))))
    selection.set("startPosition", str(start))
    selection.set("endPosition", str(end))
    first = min(codings, key=lambda coding: coding.created_at)
    if first.coder:
        selection.set("creatingUser", guids.of("coder", first.coder))
    selection.set("creationDateTime", first.created_at)
    for coding in codings:
        element = etree.SubElement(selection, _q("Coding"))
        element.set("guid", guids.of("coding", coding.id))
        if coding.coder:
            element.set("creatingUser", guids.of("coder", coding.coder))
        element.set("creationDateTime", coding.created_at)
        etree.SubElement(element, _q("CodeRef")).set("targetGUID", guids.of("code", coding.code))
        for note in notes.get(coding.id, []):
            etree.SubElement(element, _q("NoteRef")).set("targetGUID", note)
    return selection


def _shortened(text: str) -> str:
    """A name for a selection or note: its text, cut short with an ellipsis when long."""
    if len(text) <= _SELECTION_NAME_CHARS:
        return text
    return text[: _SELECTION_NAME_CHARS - 1].rstrip() + "…"


def _append_notes(root: etree._Element, content: _Content, guids: Guids) -> None:
    """The memos as Notes, and the project's own memos referred to from the project."""
    if not content.memos:
        return
    notes = etree.SubElement(root, _q("Notes"))
    for memo in content.memos:
        note = etree.SubElement(notes, _q("Note"))
        note.set("guid", guids.of("memo", memo.id))
        first_line = memo.text.strip().split("\n")[0]
        note.set("name", _shortened(xml_text(first_line)) or "memo")
        if memo.coder:
            note.set("creatingUser", guids.of("coder", memo.coder))
        note.set("creationDateTime", memo.created_at)
        etree.SubElement(note, _q("PlainTextContent")).text = xml_text(memo.text)
    for memo in content.memos:
        if memo.source is None and memo.code_id is None and memo.coding_id is None:
            etree.SubElement(root, _q("NoteRef")).set("targetGUID", guids.of("memo", memo.id))


def _write_package(output: Path, qde: bytes, texts: dict[str, str]) -> None:
    """Write the zip next to `output` and move it into place, so no half file is ever left."""
    try:
        handle, temporary = tempfile.mkstemp(dir=output.parent, prefix=".", suffix=".qdpx")
    except OSError as error:
        raise _write_error(output, error) from error
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w") as package:
            _add(package, "project.qde", qde)
            for guid, text in sorted(texts.items()):
                _add(package, f"sources/{guid}.txt", text.encode("utf-8"))
        # mkstemp makes the file private (0600); give it the permissions any new file gets.
        umask = os.umask(0)
        os.umask(umask)
        Path(temporary).chmod(0o666 & ~umask)
        Path(temporary).replace(output)
    except OSError as error:
        raise _write_error(output, error) from error
    finally:
        Path(temporary).unlink(missing_ok=True)


def _add(package: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    package.writestr(info, data)


def _write_error(output: Path, error: OSError) -> ExchangeError:
    return ExchangeError(
        f"cannot write {output}: {error.strerror or error}",
        "check that the folder exists and is writable",
    )
