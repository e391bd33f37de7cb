"""What a summary counts: which codes, sources and coder, and whether suggestions count too."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from coder.domain.codebook import Code, Codebook
from coder.domain.coding import Status
from coder.domain.source import SourceKind
from coder.errors import ReportError
from coder.services.codebook import project_codebook
from coder.services.project import Project
from coder.storage import reports as report_store

MISSING = "(none)"
"""The value that stands for sources without the attribute a table is broken down by."""


@dataclass(frozen=True)
class Scope:
    """The codings a table counts, as the user gives them.

    `codes` are code ids (a theme or any code with children brings its whole subtree);
    `sources` source names; `kinds` source kinds; `coder` a coder's name. Empty means all.
    Only accepted codings count, and pending suggestions too with `include_pending`; rejected
    suggestions never do.
    """

    codes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    coder: str | None = None
    include_pending: bool = False


@dataclass(frozen=True)
class Resolved:
    """A scope checked against the project: the codes, themes and sources it stands for."""

    codebook: Codebook
    codes: list[Code]
    """Codes in scope in tree order, themes included (pure categories have no codings)."""
    themes: list[Code]
    """The top-level codes of the codes in scope, in order."""
    theme_of: dict[str, str]
    """Code id → the id of its theme, for every code in scope."""
    sources: list[report_store.SourceRow]
    """Sources in scope, by name: what shares are shares of."""
    where: report_store.CodingFilter
    attributes: list[str] = field(default_factory=list)
    """Attribute keys that some source of the project has."""

    def codes_of(self, theme_id: str) -> list[Code]:
        """The codes in scope under a theme (and the theme itself), in tree order."""
        return [code for code in self.codes if self.theme_of[code.id] == theme_id]

    def source_ids(self) -> list[int]:
        """Ids of the sources in scope, by source name."""
        return [source.id for source in self.sources]


def resolve(project: Project, scope: Scope) -> Resolved:
    """Check a scope against the project; unknown codes, sources or coders are one error."""
    codebook = project_codebook(project)
    codes = _codes(codebook, scope.codes)
    sources = _sources(project, scope)
    statuses = (Status.ACCEPTED.value,) + ((Status.PENDING.value,) if scope.include_pending else ())
    narrowed = bool(scope.sources or scope.kinds)
    where = report_store.CodingFilter(
        statuses=statuses,
        coder_id=None if scope.coder is None else _coder_id(project, scope.coder),
        source_ids=tuple(s.id for s in sources) if narrowed else None,
        code_ids=tuple(code.id for code in codes) if scope.codes else None,
    )
    theme_of = {code.id: codebook.theme_of(code.id).id for code in codes}
    themes = [code for code in codebook.roots() if code.id in set(theme_of.values())]
    return Resolved(
        codebook=codebook,
        codes=codes,
        themes=themes,
        theme_of=theme_of,
        sources=sources,
        where=where,
        attributes=report_store.attribute_keys(project.conn),
    )


def _codes(codebook: Codebook, wanted: tuple[str, ...]) -> list[Code]:
    if not wanted:
        return list(codebook.codes)
    unknown = [code_id for code_id in wanted if codebook.get(code_id) is None]
    if unknown:
        known = [code.id for code in codebook.codes]
        raise ReportError(
            f"no {_plural(unknown, 'code with the id', 'codes with the ids')} {_listed(unknown)}"
            f"{_close(unknown, known)}",
            "see the ids with 'coder codebook list'",
        )
    chosen: set[str] = set()
    for code_id in wanted:
        chosen.add(code_id)
        chosen.update(code.id for code in codebook.descendants(code_id))
    return [code for code in codebook.codes if code.id in chosen]


def _sources(project: Project, scope: Scope) -> list[report_store.SourceRow]:
    every = report_store.sources(project.conn)
    kinds = [kind.value for kind in SourceKind]
    wrong = [kind for kind in scope.kinds if kind not in kinds]
    if wrong:
        raise ReportError(f"unknown source kind {_listed(wrong)}", f"use {', '.join(kinds)}")
    names = {source.name for source in every}
    unknown = [name for name in scope.sources if name not in names]
    if unknown:
        raise ReportError(
            f"no {_plural(unknown, 'source', 'sources')} named {_listed(unknown)}"
            f"{_close(unknown, sorted(names))}",
            "see the names with 'coder sources'",
        )
    wanted = set(scope.sources)
    return [
        source
        for source in every
        if (not wanted or source.name in wanted) and (not scope.kinds or source.kind in scope.kinds)
    ]


def _coder_id(project: Project, name: str) -> int:
    coders = report_store.coder_names(project.conn)
    if name not in coders:
        listed = ", ".join(sorted(coders)) or "none yet"
        raise ReportError(f"no coder named '{name}'", f"coders in this project: {listed}")
    return coders[name]


def check_attribute(resolved: Resolved, key: str) -> None:
    """Refuse an attribute that no source has, naming the ones there are."""
    if key not in resolved.attributes:
        listed = ", ".join(resolved.attributes) or "none yet ('coder attributes import')"
        raise ReportError(
            f"no source has an attribute '{key}'{_close([key], resolved.attributes)}",
            f"attributes in this project: {listed}",
        )


def attribute_of(project: Project, resolved: Resolved, key: str) -> dict[int, str]:
    """Each source in scope's value of an attribute (MISSING when it has none), by source id."""
    check_attribute(resolved, key)
    values = report_store.attribute_values(project.conn, key)
    return {source.id: values.get(source.id, MISSING) for source in resolved.sources}


def _plural(values: list[str], one: str, many: str) -> str:
    return one if len(values) == 1 else many


def value_order(values: Iterable[str]) -> list[str]:
    """Distinct attribute values in the order tables show them: alphabetical, MISSING last."""
    found = set(values)
    ordered = sorted(found - {MISSING}, key=lambda value: (value.casefold(), value))
    return ordered + ([MISSING] if MISSING in found else [])


def _listed(values: Iterable[str]) -> str:
    return ", ".join(f"'{value}'" for value in values)


def _close(unknown: list[str], known: list[str]) -> str:
    close = difflib.get_close_matches(unknown[0], known, n=3) if len(unknown) == 1 else []
    return f" (did you mean {_listed(close)}?)" if close else ""
