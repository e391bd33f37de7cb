"""Codebooks as YAML files: read them, with errors that name the file, the line and the code."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, NoReturn

import yaml

from coder.domain.codebook import Code, Codebook
from coder.domain.source import LANGUAGES
from coder.errors import CodebookError

TOP_FIELDS = ("name", "language", "description", "codes")
"""The fields a codebook file may have at the top level."""

CODE_FIELDS = (
    "id",
    "name",
    "parent",
    "key",
    "color",
    "description",
    "include",
    "exclude",
    "examples",
    "keywords",
    "exclude_keywords",
    "patterns",
    "codable",
    "children",
)
"""The fields a code may have; `children` nests codes, `parent` is the flat alternative."""

_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_KINDS = {_NULL: "nothing", _BOOL: "true/false", "tag:yaml.org,2002:int": "a number"}
_STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)


def load_codebook(path: Path) -> Codebook:
    """Read and check a YAML codebook file; errors name the file, the line and the code."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CodebookError(
            f"{path}: no such codebook file", "check the path, or list codebooks/ for one"
        ) from None
    except UnicodeDecodeError as error:
        raise CodebookError(
            f"{path}: not UTF-8 text (byte {error.start})", "save the codebook as UTF-8"
        ) from None
    except OSError as error:
        raise CodebookError(f"{path}: cannot be read: {error.strerror}", "check the path") from None
    return parse_codebook(text, origin=str(path))


def parse_codebook(text: str, *, origin: str) -> Codebook:
    """Parse and check codebook YAML; `origin` (usually the file name) starts every error."""
    reader = _Reader(origin)
    root = reader.compose(text)
    top = reader.fields(root, TOP_FIELDS, "the codebook")
    for required in ("name", "language", "codes"):
        if required not in top:
            reader.fail(root, f"the codebook has no `{required}:`", _TOP_HINTS[required])
    name = reader.text(top["name"], "the codebook", "name") or ""
    language = reader.text(top["language"], "the codebook", "language") or ""
    if language not in LANGUAGES:
        reader.fail(
            top["language"].node,
            f"language '{language}' is not supported",
            f"use one of: {', '.join(LANGUAGES)}",
        )
    description = reader.text(top.get("description"), "the codebook", "description") or ""
    reader.code_list(top["codes"], parent_id=None, what="the codebook's `codes:`")
    return Codebook.from_codes(
        name, language, description, reader.codes, origin=origin, line_of=reader.line_of
    )


_TOP_HINTS = {
    "name": "add a line such as `name: Smart industri, utvärdering`",
    "language": f"add `language: sv` or `language: en` (one of: {', '.join(LANGUAGES)})",
    "codes": "add `codes:` with a list of codes, each with at least `id:` and `name:`",
}


class _Field(NamedTuple):
    """A field of a mapping: the line its name is on, and its value."""

    line: int
    node: yaml.Node


class _Loader(yaml.SafeLoader):
    """A safe loader that refuses aliases, so no file can expand into something huge."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]
            raise _AliasRefusedError(event.start_mark.line + 1 if event.start_mark else 0)
        return super().compose_node(parent, index)


class _AliasRefusedError(Exception):
    """A YAML alias (`*name`) was found on `line` (1-based)."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


@dataclass
class _Reader:
    """Turns composed YAML nodes into codes, keeping the line of every field it reads."""

    origin: str
    codes: list[Code] = field(default_factory=list)
    lines: list[dict[str, int]] = field(default_factory=list)
    loader: _Loader = field(default_factory=lambda: _Loader(""))

    def line_of(self, index: int, field_name: str) -> int | None:
        """Return the line of a field of code number `index`, else the line the code is on."""
        lines = self.lines[index]
        return lines.get(field_name, lines[""])

    def fail(self, node: yaml.Node, message: str, hint: str, line: int | None = None) -> NoReturn:
        """Raise the one error of this file, at the line of `node` (or `line`)."""
        line = line or node.start_mark.line + 1
        raise CodebookError(f"{self.origin}, line {line}: {message}", hint)

    def compose(self, text: str) -> yaml.Node:
        """Compose the YAML into nodes with line marks; syntax errors become CodebookErrors."""
        try:
            self.loader = _Loader(text)  # reads the text at once: a control character fails here
            node = self.loader.get_single_node()
        except _AliasRefusedError as refused:
            raise CodebookError(
                f"{self.origin}, line {refused.line}: YAML aliases (*name) are not "
                "allowed in a codebook",
                "write the value out in full instead of referring to an anchor (&name)",
            ) from None
        except yaml.MarkedYAMLError as error:
            self._syntax_error(error)
        except RecursionError:
            raise CodebookError(
                f"{self.origin}: the YAML is nested too deeply", "nest codes at most a few levels"
            ) from None
        except yaml.YAMLError as error:
            raise CodebookError(f"{self.origin}: not valid YAML: {error}", _YAML_HINT) from None
        if node is None:
            raise CodebookError(f"{self.origin}: the codebook file is empty", _TOP_HINTS["codes"])
        self._refuse_tags(node)
        return node

    def _refuse_tags(self, root: yaml.Node) -> None:
        """Refuse explicit tags (`!!python/…`, `!custom`): a codebook is plain data."""
        stack = [root]
        while stack:
            node = stack.pop()
            if node.tag not in _STANDARD_TAGS:
                self.fail(
                    node,
                    f"YAML tag '{node.tag}' is not allowed in a codebook",
                    "remove the `!…` tag: a codebook holds only text, numbers, lists and mappings",
                )
            if isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
            elif isinstance(node, yaml.MappingNode):
                stack.extend(item for pair in node.value for item in pair)

    def _syntax_error(self, error: yaml.MarkedYAMLError) -> NoReturn:
        mark = error.problem_mark or error.context_mark
        where = f", line {mark.line + 1}" if mark else ""
        problem = error.problem or error.context or "cannot be read"
        raise CodebookError(
            f"{self.origin}{where}: not valid YAML: {problem}", _YAML_HINT
        ) from None

    def fields(self, node: yaml.Node, valid: tuple[str, ...], what: str) -> dict[str, _Field]:
        """Return the fields of a mapping by name; unknown or repeated fields are errors."""
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{what} must be a mapping of fields, got {_kind(node)}", _FIELD_HINT)
        found: dict[str, _Field] = {}
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            line = key_node.start_mark.line + 1
            if name not in valid:
                self.fail(
                    key_node,
                    f"{what}: unknown field '{name}'",
                    f"use only these fields: {', '.join(valid)}",
                )
            if name in found:
                self.fail(
                    key_node,
                    f"{what}: field '{name}' is given twice (also on line {found[name].line})",
                    "keep one of them",
                )
            found[name] = _Field(line, value_node)
        return found

    def text(self, given: _Field | None, what: str, name: str) -> str | None:
        """Read a text field: a scalar as written (`yes`, `2020` stay text); None if empty."""
        if given is None or given.node.tag == _NULL:
            return None
        if not isinstance(given.node, yaml.ScalarNode):
            self.fail(
                given.node,
                f"{what}: {name} must be text, got {_kind(given.node)}",
                f"write `{name}:` followed by text on the same line, or a `|` block",
            )
        return str(given.node.value)

    def text_list(self, given: _Field | None, what: str, name: str) -> tuple[str, ...]:
        """Read a list-of-text field; `[]`, empty or absent is the empty tuple."""
        if given is None or given.node.tag == _NULL:
            return ()
        items = given.node.value if isinstance(given.node, yaml.SequenceNode) else None
        if items is None or any(
            not isinstance(item, yaml.ScalarNode) or item.tag == _NULL for item in items
        ):
            self.fail(
                given.node,
                f"{what}: {name} must be a list of text",
                f"write `{name}: [first, second]`, or one `- item` per line below it",
            )
        return tuple(str(item.value) for item in items)

    def code_list(self, given: _Field, parent_id: str | None, what: str) -> None:
        """Read a list of code mappings (and their children) into `self.codes`."""
        if given.node.tag == _NULL:
            return
        if not isinstance(given.node, yaml.SequenceNode):
            self.fail(
                given.node,
                f"{what} must be a list of codes, got {_kind(given.node)}",
                "start each code with `- id: …` on its own line",
            )
        for node in given.node.value:
            self.code(node, parent_id)

    def code(self, node: yaml.Node, parent_id: str | None) -> None:
        """Read one code mapping, then its children."""
        given = self.fields(node, CODE_FIELDS, "a code")
        code_id = unicodedata.normalize("NFC", self.text(given.get("id"), "a code", "id") or "")
        what = f"code '{code_id}'" if code_id else "a code"
        parent = self.text(given.get("parent"), what, "parent")
        parent = unicodedata.normalize("NFC", parent) if parent is not None else None
        if parent is not None and parent_id is not None and parent != parent_id:
            self.fail(
                given["parent"].node,
                f"{what}: is nested under '{parent_id}' but says `parent: {parent}`",
                "either nest the code under its parent's `children:` or give `parent:`",
            )
        self.lines.append(
            {"": node.start_mark.line + 1} | {name: f.line for name, f in given.items()}
        )
        self.codes.append(
            Code(
                id=code_id,
                name=self.text(given.get("name"), what, "name") or "",
                parent_id=parent if parent is not None else parent_id,
                key=self.key(given.get("key"), what),
                color=self.color(given.get("color"), what),
                description=self.text(given.get("description"), what, "description") or "",
                include=self.text(given.get("include"), what, "include") or "",
                exclude=self.exclude(given.get("exclude"), what),
                examples=self.text_list(given.get("examples"), what, "examples"),
                keywords=self.text_list(given.get("keywords"), what, "keywords"),
                exclude_keywords=self.exclude_keywords(given, what),
                patterns=self.patterns(given.get("patterns"), what),
                codable=self.codable(given.get("codable"), what),
                position=len(self.codes),
            )
        )
        if "children" in given:
            self.code_list(given["children"], code_id, f"{what}: children")

    def exclude(self, given: _Field | None, what: str) -> str:
        """Read the exclusion criteria: prose; a list gives veto terms instead (see below)."""
        if given is not None and isinstance(given.node, yaml.SequenceNode):
            return ""
        return self.text(given, what, "exclude") or ""

    def exclude_keywords(self, given: dict[str, _Field], what: str) -> tuple[str, ...]:
        """Read the terms that veto rule suggestions: `exclude_keywords`, or `exclude` as a list."""
        terms = self.text_list(given.get("exclude_keywords"), what, "exclude_keywords")
        listed = given.get("exclude")
        if listed is not None and isinstance(listed.node, yaml.SequenceNode):
            terms += self.text_list(listed, what, "exclude")
        return tuple(dict.fromkeys(terms))

    def key(self, given: _Field | None, what: str) -> str | None:
        """Read a one-key shortcut: `"1"` or `1` both give "1"; the domain checks the value."""
        if given is None or given.node.tag == _NULL:
            return None
        if not isinstance(given.node, yaml.ScalarNode) or given.node.tag == _BOOL:
            self.fail(given.node, f"{what}: key must be one digit", 'write e.g. `key: "1"`')
        return str(given.node.value)

    def color(self, given: _Field | None, what: str) -> str | None:
        """Read a colour; an empty one is almost always an unquoted `#…` read as a comment."""
        if given is None:
            return None
        if given.node.tag == _NULL:
            self.fail(
                given.node,
                f"{what}: color is empty",
                'put the colour in quotes, since # starts a comment in YAML: color: "#c0392b"',
                line=given.line,
            )
        return self.text(given, what, "color")

    def codable(self, given: _Field | None, what: str) -> bool:
        """Whether text can be coded with the code; absent means true."""
        if given is None:
            return True
        if given.node.tag != _BOOL:
            self.fail(
                given.node, f"{what}: codable must be true or false", "write `codable: false`"
            )
        return bool(self.loader.construct_object(given.node))

    def patterns(
        self, given: _Field | None, what: str
    ) -> tuple[tuple[dict[str, object], ...], ...]:
        """Read spaCy Matcher patterns: a list of patterns, each a list of token mappings."""
        if given is None or given.node.tag == _NULL:
            return ()
        hint = "write each pattern as a list of token mappings: `- [{LOWER: nå}, {LOWER: ut}]`"
        if not isinstance(given.node, yaml.SequenceNode):
            self.fail(given.node, f"{what}: patterns must be a list of patterns", hint)
        patterns: list[tuple[dict[str, object], ...]] = []
        for pattern in given.node.value:
            if not isinstance(pattern, yaml.SequenceNode) or not all(
                isinstance(token, yaml.MappingNode) for token in pattern.value
            ):
                self.fail(pattern, f"{what}: each pattern must be a list of token mappings", hint)
            # plain() turns each MappingNode token into a dict with text keys.
            patterns.append(tuple(self.plain(token, what) for token in pattern.value))
        return tuple(patterns)

    def plain(self, node: yaml.Node, what: str) -> Any:
        """Convert a node to plain Python data (dicts with text keys, lists, scalars)."""
        if isinstance(node, yaml.MappingNode):
            result: dict[str, object] = {}
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode) or key.tag != "tag:yaml.org,2002:str":
                    self.fail(
                        key, f"{what}: pattern attributes must be names", "e.g. `{LOWER: nå}`"
                    )
                result[key.value] = self.plain(value, what)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.plain(item, what) for item in node.value]
        try:
            return self.loader.construct_object(node)
        except yaml.MarkedYAMLError as error:
            self.fail(node, f"{what}: pattern value cannot be read: {error.problem}", _YAML_HINT)


_YAML_HINT = (
    "fix the YAML at that line (indentation, a missing ':' or an unclosed quote or bracket)"
)
_FIELD_HINT = "write one `field: value` per line, e.g. `id: na-industrin`"


def _kind(node: yaml.Node) -> str:
    """Say what a node is, in the words a message uses."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return _KINDS.get(node.tag, "text")
