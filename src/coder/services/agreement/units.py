"""Which units each rater coded with each code, within the sources every rater has coded.

A `segment` is a speaker turn of a transcript or a paragraph of a document (what researchers
code whole), a `sentence` a sentence, a `source` the whole source. Interviewer turns are left
out unless asked for: the questions are not what the codebook is about.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby

from coder.domain.agreement import UNIT_KINDS, UNIT_RULES, covered_units
from coder.domain.codebook import Code
from coder.errors import AgreementError
from coder.services.agreement.coders import Named, raters
from coder.services.codebook import project_codebook
from coder.services.project import Project
from coder.storage import agreement as agreement_store
from coder.storage.agreement import Rater, SentenceRow


@dataclass(frozen=True)
class Request:
    """What to compare: which raters, at which unit, in which sources and for which codes.

    Empty `sources` or `codes` mean all of them. Only sources that every rater has coded count.
    """

    coders: tuple[str, ...]
    unit: str = "segment"
    sources: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    include_interviewer: bool = False


@dataclass(frozen=True, slots=True)
class UnitRef:
    """A unit: its source, its place among the source's units, its span and speaker.

    `index` counts every unit of its kind in the source, interviewer turns included, so that
    neighbours can be shown as context.
    """

    source_id: int
    source: str
    index: int
    start: int
    end: int
    speaker: str | None
    is_interviewer: bool = False


@dataclass(frozen=True)
class Decisions:
    """For each rater and code, the units (indexes into `units`) the rater coded with it."""

    raters: list[Named]
    unit: str
    units: list[UnitRef]
    codes: list[Code]
    coded: dict[str, dict[str, frozenset[int]]]
    sources: list[str]
    include_interviewer: bool
    context: dict[int, list[UnitRef]] = field(default_factory=dict)
    """Every unit of each source, interviewer turns included, for showing neighbours."""

    @property
    def rule(self) -> str:
        """The rule that decides whether a unit counts as coded, in words."""
        return UNIT_RULES[self.unit]

    @cached_property
    def codes_at(self) -> dict[str, dict[int, frozenset[str]]]:
        """Rater name → unit index → the codes that rater gave the unit (coded units only)."""
        found: dict[str, dict[int, set[str]]] = {name: defaultdict(set) for name in self.coded}
        for name, by_code in self.coded.items():
            for code_id, units in by_code.items():
                for unit in units:
                    found[name][unit].add(code_id)
        return {
            name: {unit: frozenset(codes) for unit, codes in units.items()}
            for name, units in found.items()
        }


def decide(project: Project, request: Request) -> Decisions:
    """Read which units each rater coded with each code in scope."""
    if request.unit not in UNIT_KINDS:
        raise AgreementError(f"unknown unit '{request.unit}'", f"use {', '.join(UNIT_KINDS)}")
    named = raters(project, request.coders)
    codes = _codes(project, request.codes)
    source_ids, names = _sources(project, named, request.sources)
    everything = _units(
        agreement_store.sentences(project.conn, source_ids), names, request.unit, source_ids
    )
    units = [u for u in everything if request.include_interviewer or not u.is_interviewer]
    context: dict[int, list[UnitRef]] = defaultdict(list)
    for unit in everything:
        context[unit.source_id].append(unit)
    wanted = {code.id for code in codes}
    coded = {
        who.name: _coded(project, who.rater, source_ids, units, wanted=wanted, kind=request.unit)
        for who in named
    }
    return Decisions(
        raters=named,
        unit=request.unit,
        units=units,
        codes=codes,
        coded=coded,
        sources=[names[s] for s in source_ids],
        include_interviewer=request.include_interviewer,
        context=dict(context),
    )


def _codes(project: Project, wanted: tuple[str, ...]) -> list[Code]:
    """The codable codes in scope in tree order; a theme brings the codes under it."""
    codebook = project_codebook(project)
    unknown = [code_id for code_id in wanted if codebook.get(code_id) is None]
    if unknown:
        raise AgreementError(
            f"no code with the id '{unknown[0]}'", "see the ids with 'coder codebook list'"
        )
    chosen = set(wanted)
    for code_id in wanted:
        chosen.update(code.id for code in codebook.descendants(code_id))
    return [code for code in codebook.codes if code.codable and (not wanted or code.id in chosen)]


def _sources(
    project: Project, named: Sequence[Named], wanted: tuple[str, ...]
) -> tuple[list[int], dict[int, str]]:
    """Ids (by name) of the sources every rater has coded, narrowed to `wanted`; and all names."""
    names = agreement_store.source_names(project.conn)
    by_name = {name: source_id for source_id, name in names.items()}
    unknown = [name for name in wanted if name not in by_name]
    if unknown:
        raise AgreementError(
            f"no source named '{unknown[0]}'", "see the names with 'coder sources'"
        )
    shared = set(names) if not wanted else {by_name[name] for name in wanted}
    for who in named:
        coded = agreement_store.coded_source_ids(project.conn, who.rater)
        if not coded:
            raise AgreementError(
                "the model has made no suggestions yet"
                if who.is_model
                else f"{who.name} has not coded anything yet",
                "agreement compares coders who have coded the same sources",
            )
        shared &= coded
    if not shared:
        listed = " and ".join(who.name for who in named)
        raise AgreementError(
            f"no source{' of those given' if wanted else ''} has been coded by both {listed}"
            if len(named) == 2
            else f"no source has been coded by all of {listed}",
            "agreement is computed in the sources every coder has coded",
        )
    return sorted(shared, key=lambda source_id: names[source_id]), names


def _units(
    rows: Sequence[SentenceRow], names: dict[int, str], kind: str, source_ids: Iterable[int]
) -> list[UnitRef]:
    """The units of one kind of these sources, in source order (interviewer turns included)."""
    by_source = {source: list(group) for source, group in groupby(rows, lambda r: r.source_id)}
    units: list[UnitRef] = []
    for source_id in source_ids:
        sentences = by_source.get(source_id, [])
        if not sentences:
            continue
        name = names[source_id]
        if kind == "sentence":
            groups = [[row] for row in sentences]
        elif kind == "segment":
            groups = [list(g) for _, g in groupby(sentences, lambda r: r.turn)]
        else:
            groups = [sentences]
        for index, group in enumerate(groups):
            interviewer = all(row.is_interviewer for row in group)
            units.append(
                UnitRef(
                    source_id=source_id,
                    source=name,
                    index=index,
                    start=group[0].start,
                    end=group[-1].end,
                    speaker=group[0].speaker if kind != "source" else None,
                    is_interviewer=interviewer,
                )
            )
    return units


def _coded(
    project: Project,
    rater: Rater,
    source_ids: Sequence[int],
    units: Sequence[UnitRef],
    *,
    wanted: set[str],
    kind: str,
) -> dict[str, frozenset[int]]:
    """Code id → indexes of the units this rater's codings of the code count for."""
    spans: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    for source_id, code_id, start, end in agreement_store.coding_spans(
        project.conn, rater, source_ids
    ):
        if code_id in wanted:
            spans[source_id, code_id].append((start, end))
    return units_covered(spans, units, kind)


def units_covered(
    spans: dict[tuple[int, str], list[tuple[int, int]]], units: Sequence[UnitRef], kind: str
) -> dict[str, frozenset[int]]:
    """Code id → indexes of `units` that the spans (by source and code) count for."""
    first: dict[int, int] = {}
    pieces: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for position, unit in enumerate(units):
        first.setdefault(unit.source_id, position)
        pieces[unit.source_id].append((unit.start, unit.end))
    found: dict[str, set[int]] = defaultdict(set)
    for (source_id, code_id), code_spans in spans.items():
        if source_id not in pieces:
            continue
        # A whole source counts for a code that touches any of its (counted) text.
        hits = covered_units(pieces[source_id], code_spans, any_overlap=kind == "source")
        found[code_id].update(first[source_id] + hit for hit in hits)
    return {code_id: frozenset(indexes) for code_id, indexes in found.items()}
