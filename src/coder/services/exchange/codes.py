"""Codes in QDA-XML: the description layout, Code elements both ways, and which id each gets.

REFI-QDA gives a code a GUID, a name, `isCodable`, a colour and one free-text description.
Our definition, include and exclude criteria, examples and keywords travel in that
description, in a layout people read and we parse back: the definition first, then
paragraphs that start with a label (`Include: …`, `Exclude: …`, `Keywords: a, b`, and a
list of examples, one `- ` item a line), and last the lines `Code id: na-industrin`,
`Shortcut key: 1` and `Patterns: [...]` (spaCy Matcher patterns as JSON). Each part is left
out when empty. The `Code id` line keeps a code's identity when it comes back, also after a
trip through another program; codes without it get an id made from their name.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace

from lxml import etree

from coder.domain.codebook import ID_PUNCTUATION, KEYS, Code, Codebook, normalize_color
from coder.services.exchange.refi import child_text, children, guid_key, required, xml_text

_LABELS = {
    "include": "Include",
    "exclude": "Exclude",
    "examples": "Examples",
    "keywords": "Keywords",
    "exclude_keywords": "Exclude keywords",
    "id": "Code id",
    "key": "Shortcut key",
    "patterns": "Patterns",
}
_LABEL_LINE = re.compile(
    r"^(" + "|".join(re.escape(label) for label in _LABELS.values()) + r"):[ \t]*(.*)$"
)
_FIELD_OF = {label: name for name, label in _LABELS.items()}
_NOT_IN_ID = re.compile(r"[^\w" + re.escape(ID_PUNCTUATION) + r"]+")


@dataclass
class RefiCode:
    """A code as a REFI-QDA file gives it, with what its description says, and its children."""

    guid: str
    name: str
    codable: bool
    color: str | None
    code: Code
    """The code's fields as read (its `id` is the `Code id` line, or "" when there is none)."""
    children: list[RefiCode] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)


def describe(code: Code) -> str:
    """The description of a code in the layout this module documents."""
    parts = [code.description.strip()] if code.description.strip() else []
    parts += [f"{_LABELS[name]}: {text}" for name, text in _criteria(code) if text]
    if code.examples:
        parts.append("Examples:\n" + "\n".join(_item(example) for example in code.examples))
    if code.keywords:
        if any("," in keyword for keyword in code.keywords):
            parts.append("Keywords:\n" + "\n".join(_item(keyword) for keyword in code.keywords))
        else:
            parts.append("Keywords: " + ", ".join(code.keywords))
    if code.exclude_keywords:
        parts.append("Exclude keywords: " + ", ".join(code.exclude_keywords))
    tail = [f"Code id: {code.id}"]
    if code.key:
        tail.append(f"Shortcut key: {code.key}")
    if code.patterns:
        patterns = [list(pattern) for pattern in code.patterns]
        tail.append("Patterns: " + json.dumps(patterns, ensure_ascii=False))
    parts.append("\n".join(tail))
    return "\n\n".join(parts)


def _criteria(code: Code) -> list[tuple[str, str]]:
    return [("include", code.include.strip()), ("exclude", code.exclude.strip())]


def _item(text: str) -> str:
    return "- " + text.strip().replace("\n", "\n  ")


def parse_description(text: str) -> Code:
    """The fields a description holds, as a Code without name (id "" when it gives none)."""
    definition: list[str] = []
    sections: dict[str, list[str]] = {}
    current = definition
    for line in text.replace("\r\n", "\n").split("\n"):
        match = _LABEL_LINE.match(line)
        if match:
            current = sections.setdefault(_FIELD_OF[match.group(1)], [])
            if match.group(2).strip():
                current.append(match.group(2))
        else:
            current.append(line)
    joined = {name: "\n".join(lines).strip() for name, lines in sections.items()}
    patterns, leftover = _patterns(joined.get("patterns", ""))
    key = joined.get("key", "")
    return Code(
        id=joined.get("id", "").split("\n")[0].strip(),
        name="",
        key=key if key in KEYS else None,
        description="\n".join([*definition, leftover]).strip(),
        include=joined.get("include", ""),
        exclude=joined.get("exclude", ""),
        examples=tuple(_items(joined.get("examples", ""))),
        keywords=tuple(_keywords(joined.get("keywords", ""))),
        exclude_keywords=tuple(_keywords(joined.get("exclude_keywords", ""))),
        patterns=patterns,
    )


def _items(text: str) -> Iterator[str]:
    """The `- item` entries of a list section; continuation lines are indented."""
    item: list[str] | None = None
    for line in text.split("\n"):
        if line.startswith("- "):
            if item is not None:
                yield "\n".join(item).strip()
            item = [line[2:]]
        elif item is not None:
            item.append(line.removeprefix("  "))
        elif line.strip():
            item = [line]
    if item is not None and "\n".join(item).strip():
        yield "\n".join(item).strip()


def _keywords(text: str) -> list[str]:
    if text.startswith("- ") or "\n- " in text:
        return list(_items(text))
    return [word.strip() for word in text.split(",") if word.strip()]


def _patterns(text: str) -> tuple[tuple[tuple[dict[str, object], ...], ...], str]:
    """Matcher patterns from their JSON; text that is not such JSON stays in the description."""
    if not text:
        return (), ""
    try:
        value = json.loads(text)
        patterns = tuple(tuple(dict(token) for token in pattern) for pattern in value)
    except (ValueError, TypeError):
        return (), f"Patterns: {text}"
    return patterns, ""


def code_element(code: Code, guid: str, *, namespace: str) -> etree._Element:
    """A <Code> element of a codebook or project file, without its children."""
    element = etree.Element(f"{{{namespace}}}Code")
    element.set("guid", guid)
    element.set("name", xml_text(code.name))
    element.set("isCodable", "true" if code.codable else "false")
    if code.color:
        element.set("color", code.color.upper())
    etree.SubElement(element, f"{{{namespace}}}Description").text = xml_text(describe(code))
    return element


def read_codes(codes: etree._Element, origin: str) -> list[RefiCode]:
    """The codes under a <Codes> element, nested as in the file."""
    return [_read_code(element, origin) for element in children(codes, "Code")]


def _read_code(element: etree._Element, origin: str) -> RefiCode:
    guid = guid_key(required(element, "guid", origin))
    name = " ".join((element.get("name") or "").split()) or "unnamed code"
    codable = (element.get("isCodable") or "true").strip().lower() in ("true", "1")
    fields = parse_description(child_text(element, "Description") or "")
    color = normalize_color((element.get("color") or "").strip())
    return RefiCode(
        guid=guid,
        name=name,
        codable=codable,
        color=color,
        code=replace(fields, name=name, codable=codable, color=color),
        children=[_read_code(sub, origin) for sub in children(element, "Code")],
        note_refs=[
            guid_key(required(ref, "targetGUID", origin)) for ref in children(element, "NoteRef")
        ],
    )


def walk(codes: Iterable[RefiCode]) -> Iterator[tuple[RefiCode, RefiCode | None]]:
    """Every code with its parent (None at the top), parents before children."""
    stack: list[tuple[RefiCode, RefiCode | None]] = [(code, None) for code in reversed(list(codes))]
    while stack:
        code, parent = stack.pop()
        yield code, parent
        stack.extend((sub, code) for sub in reversed(code.children))


def slug(name: str) -> str:
    """An id made from a code's name: lower case, words joined by '-'."""
    text = unicodedata.normalize("NFC", name).lower()
    return _NOT_IN_ID.sub("-", text).strip("-_.") or "code"


def unique(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`, … : the first that is not taken (and take it)."""
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return candidate


def valid_id(code_id: str) -> bool:
    """Whether a `Code id` line gives an id a code may have."""
    return bool(code_id) and all(ch.isalnum() or ch in ID_PUNCTUATION for ch in code_id)


def name_paths(codebook: Codebook) -> dict[tuple[str, ...], str]:
    """Each code's path of names from its theme down, → its id (the first, when repeated)."""
    paths: dict[tuple[str, ...], str] = {}
    for code in codebook.codes:
        path = tuple(c.name for c in codebook.path(code.id))
        paths.setdefault(path, code.id)
    return paths


def append_code_tree(
    parent: etree._Element,
    codebook: Codebook,
    guid_of: Callable[[str], str],
    *,
    namespace: str,
    note_refs: Mapping[str, list[str]] | None = None,
) -> None:
    """Add the codebook's codes under `parent` (a <Codes> element), nested as in the tree.

    `note_refs` (project files only) gives the GUIDs of the notes on each code, by code id.
    """
    stack: list[tuple[etree._Element, Code]] = [(parent, c) for c in codebook.roots()][::-1]
    while stack:
        holder, code = stack.pop()
        element = code_element(code, guid_of(code.id), namespace=namespace)
        for note in (note_refs or {}).get(code.id, []):
            etree.SubElement(element, f"{{{namespace}}}NoteRef").set("targetGUID", note)
        holder.append(element)
        stack.extend((element, sub) for sub in reversed(codebook.children(code.id)))
