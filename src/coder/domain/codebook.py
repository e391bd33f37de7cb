"""The codebook: a tree of codes that researchers apply to text, and the rules it must keep."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cached_property

from coder.domain.source import LANGUAGES
from coder.errors import CodebookError

KEYS = tuple("0123456789")
"""The one-key shortcuts a code may have in the coding view."""

ID_PUNCTUATION = "-_."
"""Characters besides letters and digits that a code id may contain."""

LineOf = Callable[[int, str], int | None]
"""Where a problem is: the line of field `name` of code number `index`, when a file is behind it."""

_HEX_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_ID_HINT = "use a slug of letters, digits, '-', '_' and '.', such as 'na-industrin'"


@dataclass(frozen=True, slots=True)
class Code:
    """A code of the codebook: what researchers attach to a passage, or a theme grouping codes.

    `id` is a stable slug that codings refer to; `name` is what people read. `parent_id` places
    the code in the tree, `position` orders it among its siblings. `key` is its one-key
    shortcut ("0" to "9"), `color` a "#rrggbb" colour. `description`, `include`, `exclude` and
    `examples` tell coders when the code applies; `keywords` and `patterns` (spaCy Matcher
    token patterns) drive rule-based suggestions, and `exclude_keywords` veto them: a passage
    holding one of those terms is never suggested for the code by a rule. A code with
    `codable` False is a pure category: it groups codes but is never attached to text itself.
    """

    id: str
    name: str
    parent_id: str | None = None
    key: str | None = None
    color: str | None = None
    description: str = ""
    include: str = ""
    exclude: str = ""
    examples: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    exclude_keywords: tuple[str, ...] = ()
    patterns: tuple[tuple[dict[str, object], ...], ...] = ()
    codable: bool = True
    position: int = 0


@dataclass(frozen=True)
class Codebook:
    """A named tree of codes for one language, with its codes in tree order.

    `codes` is in pre-order: every parent before its children, siblings by `position`.
    `Codebook.from_codes` builds one from codes in any order and checks it; constructing one
    directly trusts the caller to keep that order (see `validate_codebook`).
    """

    name: str
    language: str
    description: str
    codes: tuple[Code, ...]

    @cached_property
    def _by_id(self) -> dict[str, Code]:
        by_id: dict[str, Code] = {}
        for code in self.codes:
            by_id.setdefault(code.id, code)
        return by_id

    @cached_property
    def _children(self) -> dict[str | None, list[Code]]:
        children: dict[str | None, list[Code]] = {}
        for code in self.codes:
            children.setdefault(code.parent_id, []).append(code)
        return children

    @classmethod
    def from_codes(
        cls,
        name: str,
        language: str,
        description: str,
        codes: Iterable[Code],
        *,
        origin: str = "codebook",
        line_of: LineOf | None = None,
    ) -> Codebook:
        """Build a checked codebook from codes whose parents may come in any order.

        Colours are normalised to lower-case "#rrggbb". Siblings keep the order of their
        `position` (ties: the order given) and are renumbered 0, 1, 2, …. Errors name `origin`
        and, through `line_of` (indexed like `codes`), the line of the offending field.
        """
        given = cls(name, language, description, tuple(_with_normal_color(c) for c in codes))
        validate_codebook(given, origin=origin, line_of=line_of)
        return replace(given, codes=_in_tree_order(given.codes))

    def get(self, code_id: str) -> Code | None:
        """Return the code with this id, or None."""
        return self._by_id.get(code_id)

    def by_id(self, code_id: str) -> Code:
        """Return the code with this id; raise a CodebookError suggesting close ids if none."""
        code = self._by_id.get(code_id)
        if code is None:
            close = difflib.get_close_matches(code_id, list(self._by_id), n=3)
            maybe = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
            raise CodebookError(
                f"no code '{code_id}' in codebook '{self.name}'{maybe}",
                "see the codes and their ids with `coder codebook list`",
            )
        return code

    def by_key(self, key: str) -> Code | None:
        """Return the code with this one-key shortcut, or None."""
        return next((code for code in self.codes if code.key == key), None)

    def children(self, code_id: str | None) -> list[Code]:
        """Return the codes directly under a code (the top-level codes for None), in order."""
        if code_id is not None:
            self.by_id(code_id)
        return list(self._children.get(code_id, ()))

    def roots(self) -> list[Code]:
        """Return the top-level codes: the themes of the codebook."""
        return self.children(None)

    def path(self, code_id: str) -> list[Code]:
        """Return the codes from the top-level theme down to this code, both included."""
        path = [self.by_id(code_id)]
        while path[-1].parent_id is not None:
            if len(path) > len(self.codes):
                raise CodebookError(
                    f"code '{code_id}': parent links go round in a circle",
                    "check the codebook with `validate_codebook` before using it",
                )
            path.append(self.by_id(path[-1].parent_id))
        return path[::-1]

    def theme_of(self, code_id: str) -> Code:
        """Return the top-level ancestor of a code: its theme (a top-level code is its own)."""
        return self.path(code_id)[0]

    def depth(self, code_id: str) -> int:
        """Return how deep a code sits: 0 for a top-level code, 1 for its children, and so on."""
        return len(self.path(code_id)) - 1

    def descendants(self, code_id: str) -> list[Code]:
        """Return all codes below a code, in tree order, without the code itself."""
        found: list[Code] = []
        stack = self.children(code_id)[::-1]
        while stack:
            code = stack.pop()
            found.append(code)
            stack.extend(reversed(self._children.get(code.id, ())))
        return found


def normalize_color(value: str) -> str | None:
    """Return a hex colour ("#rgb"/"#rrggbb", any case) as lower-case "#rrggbb", else None."""
    if not _HEX_COLOR.fullmatch(value):
        return None
    digits = value[1:].lower()
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return f"#{digits}"


def validate_codebook(
    codebook: Codebook, *, origin: str = "codebook", line_of: LineOf | None = None
) -> None:
    """Check a codebook; raise one CodebookError naming `origin`, the line and the code.

    Checks the name and language, then each code (id, name, key, colour, duplicates), then
    that every parent exists and that parent links never go round in a circle. `line_of`,
    indexed like `codebook.codes`, adds line numbers when the codebook comes from a file.
    """
    if not codebook.name.strip():
        raise CodebookError(f"{origin}: the codebook has no name", "give the codebook a name")
    if codebook.language not in LANGUAGES:
        raise CodebookError(
            f"{origin}: language '{codebook.language}' is not supported",
            f"use one of: {', '.join(LANGUAGES)}",
        )
    locate = _Locate(origin, line_of)
    _check_each_code(codebook.codes, locate)
    _check_parents(codebook.codes, locate)
    _check_cycles(codebook.codes, locate)


@dataclass(frozen=True, slots=True)
class _Locate:
    """Turns (code index, field) into the place an error message starts with."""

    origin: str
    line_of: LineOf | None

    def line(self, index: int, field_name: str) -> int | None:
        return self.line_of(index, field_name) if self.line_of else None

    def where(self, index: int, field_name: str) -> str:
        line = self.line(index, field_name)
        return f"{self.origin}, line {line}" if line else self.origin

    def on_line(self, index: int, field_name: str) -> str:
        line = self.line(index, field_name)
        return f" on line {line}" if line else ""

    def error(
        self, codes: tuple[Code, ...], index: int, field_name: str, detail: str, hint: str
    ) -> CodebookError:
        code = codes[index]
        if code.id:
            label = f"code '{code.id}'"
        else:
            label = f"code named '{code.name}'" if code.name.strip() else "a code"
        return CodebookError(f"{self.where(index, field_name)}: {label}: {detail}", hint)


def _local_problem(code: Code) -> tuple[str, str, str] | None:
    """Return what is wrong with a code on its own, as (field, detail, hint), or None."""
    if not code.id:
        return "id", "missing id", f"give every code an id: {_ID_HINT}"
    bad = sorted({ch for ch in code.id if not (ch.isalnum() or ch in ID_PUNCTUATION)})
    if bad:
        shown = ", ".join(repr(ch) for ch in bad)
        return "id", f"the id contains {shown}", _ID_HINT
    if not code.name.strip():
        return "name", "missing name", "give the code a name: the label coders read"
    if code.key is not None and code.key not in KEYS:
        return (
            "key",
            f'key "{code.key}" is not one of {", ".join(KEYS)}',
            "give the code a single digit 0-9 as key, or none",
        )
    if code.color is not None and normalize_color(code.color) is None:
        return (
            "color",
            f"colour '{code.color}' is not a hex colour",
            'write colours as "#rrggbb" or "#rgb", e.g. "#c0392b"; colour names are not supported',
        )
    return None


def _check_each_code(codes: tuple[Code, ...], locate: _Locate) -> None:
    """Raise for the first code that is wrong on its own or repeats an id or a key."""
    id_at: dict[str, int] = {}
    key_at: dict[str, int] = {}
    for index, code in enumerate(codes):
        problem = _local_problem(code)
        if problem:
            raise locate.error(codes, index, *problem)
        if code.id in id_at:
            first = id_at[code.id]
            raise locate.error(
                codes,
                index,
                "id",
                f"duplicate id (also used{locate.on_line(first, 'id') or ' by an earlier code'})",
                "give each code its own id",
            )
        id_at[code.id] = index
        if code.key is not None and code.key in key_at:
            first = key_at[code.key]
            raise locate.error(
                codes,
                index,
                "key",
                f'duplicate key "{code.key}" (also used by '
                f"'{codes[first].id}'{locate.on_line(first, 'key')})",
                "give each code its own key from 0-9, or none",
            )
        if code.key is not None:
            key_at[code.key] = index


def _check_parents(codes: tuple[Code, ...], locate: _Locate) -> None:
    """Raise for the first code whose parent is not a code of the codebook."""
    ids = [code.id for code in codes]
    for index, code in enumerate(codes):
        if code.parent_id is None or code.parent_id in ids:
            continue
        close = difflib.get_close_matches(code.parent_id, ids, n=1)
        maybe = f" (did you mean '{close[0]}'?)" if close else ""
        raise locate.error(
            codes,
            index,
            "parent",
            f"parent '{code.parent_id}' is not a code in this codebook{maybe}",
            "use the id of another code as parent, or none to make it a top-level code",
        )


def _check_cycles(codes: tuple[Code, ...], locate: _Locate) -> None:
    """Raise if following parent links from some code comes back to where it started."""
    index_of = {code.id: index for index, code in enumerate(codes)}
    settled: set[str] = set()
    for code in codes:
        chain: list[str] = []
        current: str | None = code.id
        while current is not None and current not in settled:
            if current in chain:
                loop = chain[chain.index(current) :]
                first = min(loop, key=index_of.__getitem__)
                start = loop.index(first)
                loop = [*loop[start:], *loop[:start], first]
                raise locate.error(
                    codes,
                    index_of[first],
                    "parent",
                    f"parent links go round in a circle: {' → '.join(loop)}",
                    "give one of these codes another parent, or none, so that every code "
                    "leads up to a top-level theme",
                )
            chain.append(current)
            current = codes[index_of[current]].parent_id
        settled.update(chain)


def _with_normal_color(code: Code) -> Code:
    """Return the code with its colour as lower-case "#rrggbb", when it is a hex colour."""
    if code.color is None:
        return code
    color = normalize_color(code.color)
    return replace(code, color=color) if color and color != code.color else code


def _in_tree_order(codes: tuple[Code, ...]) -> tuple[Code, ...]:
    """Put checked codes in pre-order, siblings by position, positions renumbered from 0."""
    children: dict[str | None, list[Code]] = {}
    for code in codes:
        children.setdefault(code.parent_id, []).append(code)
    for siblings in children.values():
        siblings.sort(key=lambda code: code.position)
    ordered: list[Code] = []
    stack: list[tuple[int, Code]] = list(enumerate(children.get(None, ())))[::-1]
    while stack:
        position, code = stack.pop()
        ordered.append(code if code.position == position else replace(code, position=position))
        stack.extend(list(enumerate(children.get(code.id, ())))[::-1])
    return tuple(ordered)
