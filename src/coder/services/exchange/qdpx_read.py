"""Reading a REFI-QDA project (`project.qde`) into plain records, checking what no schema can.

The schema checks structure only. Here every GUID must be unique, every reference
(`targetGUID`) must name an element of the right kind in the same file, and selection
positions must be whole numbers with the start before the end. Any problem is one error that
names the element and its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from coder.errors import ExchangeError
from coder.services.exchange.codes import RefiCode, read_codes
from coder.services.exchange.refi import (
    child,
    child_text,
    children,
    guid_key,
    local_name,
    position,
    required,
    where,
)

_SOURCES = frozenset({"TextSource", "PictureSource", "PDFSource", "AudioSource", "VideoSource"})
_SELECTIONS = frozenset(
    {
        "PlainTextSelection",
        "PictureSelection",
        "PDFSelection",
        "AudioSelection",
        "VideoSelection",
        "TranscriptSelection",
    }
)
_TARGET_KINDS: dict[str, frozenset[str]] = {
    "CodeRef": frozenset({"Code"}),
    "MemberCode": frozenset({"Code"}),
    "NoteRef": frozenset({"Note"}),
    "MemberNote": frozenset({"Note"}),
    "SourceRef": _SOURCES,
    "MemberSource": _SOURCES,
    "SelectionRef": _SELECTIONS,
    "VariableRef": frozenset({"Variable"}),
}
_VALUES = ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue")


@dataclass
class RefiCoding:
    """A code applied to a selection (or to a whole source), by a user, at a time."""

    guid: str
    code: str
    user: str | None
    created: str | None
    notes: list[str]
    where: str


@dataclass
class RefiSelection:
    """A span of a source's plain text, as the file counts positions, with its codings."""

    guid: str
    start: int
    end: int
    name: str
    user: str | None
    created: str | None
    codings: list[RefiCoding]
    notes: list[str]
    where: str


@dataclass
class RefiText:
    """Where a source's or note's text is: in the file itself, or in a file of the package."""

    content: str | None
    plain_path: str | None
    rich_path: str | None


@dataclass
class RefiSource:
    """A text source with its selections, whole-source codings, notes and variable values."""

    guid: str
    name: str
    text: RefiText
    user: str | None
    created: str | None
    selections: list[RefiSelection]
    codings: list[RefiCoding]
    notes: list[str]
    values: list[tuple[str, str]]
    where: str


@dataclass
class RefiCase:
    """A case: variable values (variable GUID, value) for the sources it refers to."""

    guid: str
    name: str
    values: list[tuple[str, str]]
    sources: list[str]


@dataclass
class RefiNote:
    """A note (memo) with its text and author."""

    guid: str
    name: str
    text: RefiText
    description: str
    user: str | None
    created: str | None
    where: str


@dataclass
class RefiProject:
    """Everything of a project file that coder imports, checked for consistency."""

    name: str
    origin: str
    users: dict[str, str] = field(default_factory=dict)
    codes: list[RefiCode] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)
    cases: list[RefiCase] = field(default_factory=list)
    sources: list[RefiSource] = field(default_factory=list)
    other_sources: list[tuple[str, str]] = field(default_factory=list)
    """(kind, name) of picture, PDF, audio and video sources, which coder does not import."""
    notes: dict[str, RefiNote] = field(default_factory=dict)
    project_notes: list[str] = field(default_factory=list)


def read_project(root: etree._Element, origin: str) -> RefiProject:
    """The records of a parsed project file; raises ExchangeError naming a broken element."""
    if local_name(root) != "Project":
        raise ExchangeError(
            f"{where(root, origin)} is not a REFI-QDA project (its root is not <Project>)",
            "give the project.qde of a .qdpx exported as REFI-QDA",
        )
    check_references(root, origin)
    project = RefiProject(name=root.get("name") or "", origin=root.get("origin") or "")
    for user in _grandchildren(root, "Users", "User"):
        key = guid_key(required(user, "guid", origin))
        project.users[key] = (user.get("name") or user.get("id") or key).strip() or key
    codebook = child(root, "CodeBook")
    codes = child(codebook, "Codes") if codebook is not None else None
    if codes is not None:
        project.codes = read_codes(codes, origin)
    for variable in _grandchildren(root, "Variables", "Variable"):
        key = guid_key(required(variable, "guid", origin))
        project.variables[key] = required(variable, "name", origin)
    project.cases = [_case(case, origin) for case in _grandchildren(root, "Cases", "Case")]
    _read_sources(root, project, origin)
    for note in _grandchildren(root, "Notes", "Note"):
        record = _note(note, origin)
        project.notes[record.guid] = record
    project.project_notes = _refs(root, "NoteRef", origin)
    return project


def check_references(root: etree._Element, origin: str) -> None:
    """Refuse a file with a repeated GUID or a reference to nothing (or to the wrong thing)."""
    kinds: dict[str, etree._Element] = {}
    for element in root.iter("*"):
        value = element.get("guid")
        if value is None:
            continue
        key = guid_key(value)
        if key in kinds:
            first = kinds[key]
            line = f" (line {first.sourceline})" if first.sourceline else ""
            raise ExchangeError(
                f"{where(element, origin)} has the same guid as <{local_name(first)}>{line}",
                "every element needs its own guid; export the project again",
            )
        kinds[key] = element
    for element in root.iter("*"):
        value = element.get("targetGUID")
        if value is None:
            continue
        target = kinds.get(guid_key(value))
        expected = _TARGET_KINDS.get(local_name(element))
        if target is None:
            raise ExchangeError(
                f"{where(element, origin)} points at no element of the file",
                "export the project again; the file is incomplete",
            )
        if expected is not None and local_name(target) not in expected:
            raise ExchangeError(
                f"{where(element, origin)} refers to a <{local_name(target)}>, "
                f"not a <{' or '.join(sorted(expected))}>",
                "export the project again; the file is inconsistent",
            )


def _grandchildren(root: etree._Element, holder: str, name: str) -> list[etree._Element]:
    found = child(root, holder)
    return [] if found is None else list(children(found, name))


def _refs(element: etree._Element, name: str, origin: str) -> list[str]:
    return [guid_key(required(ref, "targetGUID", origin)) for ref in children(element, name)]


def _user(element: etree._Element) -> str | None:
    value = element.get("creatingUser")
    return guid_key(value) if value else None


def _values(element: etree._Element, origin: str) -> list[tuple[str, str]]:
    """The (variable GUID, value) pairs of an element's VariableValue children."""
    pairs = []
    for holder in children(element, "VariableValue"):
        ref = child(holder, "VariableRef")
        if ref is None:
            raise ExchangeError(
                f"{where(holder, origin)} has no <VariableRef>", "export the project again"
            )
        value = next(
            (child_text(holder, kind) for kind in _VALUES if child(holder, kind) is not None), None
        )
        if value is not None and value.strip():
            pairs.append((guid_key(required(ref, "targetGUID", origin)), value.strip()))
    return pairs


def _case(element: etree._Element, origin: str) -> RefiCase:
    return RefiCase(
        guid=guid_key(required(element, "guid", origin)),
        name=(element.get("name") or "").strip(),
        values=_values(element, origin),
        sources=_refs(element, "SourceRef", origin),
    )


def _text(element: etree._Element) -> RefiText:
    return RefiText(
        content=child_text(element, "PlainTextContent"),
        plain_path=element.get("plainTextPath"),
        rich_path=element.get("richTextPath"),
    )


def _read_sources(root: etree._Element, project: RefiProject, origin: str) -> None:
    holder = child(root, "Sources")
    if holder is None:
        return
    for element in holder:
        if not isinstance(element.tag, str):
            continue
        kind = local_name(element)
        if kind == "TextSource":
            project.sources.append(_source(element, origin))
        elif kind in _SOURCES:
            project.other_sources.append((kind, element.get("name") or element.get("guid") or ""))


def _source(element: etree._Element, origin: str) -> RefiSource:
    return RefiSource(
        guid=guid_key(required(element, "guid", origin)),
        name=(element.get("name") or "").strip(),
        text=_text(element),
        user=_user(element),
        created=element.get("creationDateTime"),
        selections=[_selection(s, origin) for s in children(element, "PlainTextSelection")],
        codings=[_coding(c, origin) for c in children(element, "Coding")],
        notes=_refs(element, "NoteRef", origin),
        values=_values(element, origin),
        where=where(element, origin),
    )


def _selection(element: etree._Element, origin: str) -> RefiSelection:
    start = position(element, "startPosition", origin)
    end = position(element, "endPosition", origin)
    if end < start:
        raise ExchangeError(
            f"{where(element, origin)} ends ({end}) before it starts ({start})",
            "export the project again; the selection is broken",
        )
    return RefiSelection(
        guid=guid_key(required(element, "guid", origin)),
        start=start,
        end=end,
        name=element.get("name") or "",
        user=_user(element),
        created=element.get("creationDateTime"),
        codings=[_coding(c, origin) for c in children(element, "Coding")],
        notes=_refs(element, "NoteRef", origin),
        where=where(element, origin),
    )


def _coding(element: etree._Element, origin: str) -> RefiCoding:
    ref = child(element, "CodeRef")
    if ref is None:
        raise ExchangeError(
            f"{where(element, origin)} has no <CodeRef>: it does not say which code it applies",
            "export the project again",
        )
    return RefiCoding(
        guid=guid_key(required(element, "guid", origin)),
        code=guid_key(required(ref, "targetGUID", origin)),
        user=_user(element),
        created=element.get("creationDateTime"),
        notes=_refs(element, "NoteRef", origin),
        where=where(element, origin),
    )


def _note(element: etree._Element, origin: str) -> RefiNote:
    return RefiNote(
        guid=guid_key(required(element, "guid", origin)),
        name=(element.get("name") or "").strip(),
        text=_text(element),
        description=(child_text(element, "Description") or "").strip(),
        user=_user(element),
        created=element.get("creationDateTime"),
        where=where(element, origin),
    )
