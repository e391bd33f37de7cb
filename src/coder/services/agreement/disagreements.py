"""Disagreements between two coders, and their resolution as codings of a consensus coder.

A disagreement is a unit to which the two coders gave different codes. Resolving it keeps A's
codes, B's, both (all of them) or neither (only those both gave), and writes the result as
codings of the consensus coder on the unit: accepted codings for the codes kept, rejected ones
for the disputed codes turned down, so that the decision is recorded and the unit counts as
resolved. The coders' own codings are never touched; undo takes a resolution back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from coder.domain.agreement import Resolution, resolved_codes
from coder.domain.coding import Origin, Status
from coder.errors import AgreementError
from coder.services.agreement.coders import CONSENSUS, MODEL
from coder.services.agreement.units import Decisions, Request, UnitRef, decide, units_covered
from coder.services.project import Project
from coder.storage import agreement as agreement_store
from coder.storage import codings as coding_store
from coder.storage.agreement import Rater
from coder.storage.events import Change


@dataclass(frozen=True)
class Disagreement:
    """A unit the two coders coded differently, with its text, context and consensus so far.

    `consensus` holds the codes the consensus coder gave the unit; `declined` those it turned
    down. It is resolved when each disputed code is one or the other.
    """

    unit: UnitRef
    a: frozenset[str]
    b: frozenset[str]
    consensus: frozenset[str]
    declined: frozenset[str]
    text: str
    before: str
    after: str

    @property
    def disputed(self) -> frozenset[str]:
        """The codes one coder gave the unit and the other did not."""
        return self.a ^ self.b

    @property
    def resolved(self) -> bool:
        """Whether the consensus coder has decided on every disputed code."""
        return self.disputed <= (self.consensus | self.declined)


@dataclass(frozen=True)
class Review:
    """The disagreements of two coders at one kind of unit, and who the consensus coder is."""

    a: str
    b: str
    consensus: str
    unit: str
    rule: str
    sources: list[str]
    units: int
    items: list[Disagreement]

    @property
    def resolved(self) -> int:
        """How many of the disagreements are resolved."""
        return sum(item.resolved for item in self.items)


def _checked(request: Request, consensus: str) -> None:
    if len(request.coders) != 2:
        raise AgreementError("disagreements are between two coders", "name two with --coders A B")
    if not consensus.strip() or consensus == MODEL:
        raise AgreementError(f"'{consensus}' cannot be the consensus coder", "give another name")
    if consensus in request.coders:
        raise AgreementError(
            f"the consensus coder '{consensus}' is one of the coders compared",
            "give the consensus another name with --consensus",
        )


def disagreements(project: Project, request: Request, *, consensus: str = CONSENSUS) -> Review:
    """Every unit the two coders of `request` coded differently, in source order."""
    _checked(request, consensus)
    decisions = decide(project, request)
    a, b = (who.name for who in decisions.raters)
    at_a, at_b = decisions.codes_at[a], decisions.codes_at[b]
    accepted, declined = _consensus(project, decisions, consensus)
    texts = agreement_store.texts(project.conn, sorted({u.source_id for u in decisions.units}))
    items = []
    for index, unit in enumerate(decisions.units):
        codes_a = at_a.get(index, frozenset())
        codes_b = at_b.get(index, frozenset())
        if codes_a == codes_b:
            continue
        before, after = _neighbours(decisions, unit)
        text = texts[unit.source_id]
        items.append(
            Disagreement(
                unit=unit,
                a=codes_a,
                b=codes_b,
                consensus=accepted.get(index, frozenset()),
                declined=declined.get(index, frozenset()),
                text=text[unit.start : unit.end],
                before="" if before is None else text[before.start : before.end],
                after="" if after is None else text[after.start : after.end],
            )
        )
    return Review(
        a=a,
        b=b,
        consensus=consensus,
        unit=decisions.unit,
        rule=decisions.rule,
        sources=decisions.sources,
        units=len(decisions.units),
        items=items,
    )


def _neighbours(decisions: Decisions, unit: UnitRef) -> tuple[UnitRef | None, UnitRef | None]:
    """The units just before and after this one in its source (interviewer turns included)."""
    every = decisions.context.get(unit.source_id, [])
    before = every[unit.index - 1] if unit.index > 0 else None
    after = every[unit.index + 1] if unit.index + 1 < len(every) else None
    return before, after


def _consensus(
    project: Project, decisions: Decisions, name: str
) -> tuple[dict[int, frozenset[str]], dict[int, frozenset[str]]]:
    """Unit index → codes the consensus coder gave it, and → codes it turned down."""
    coder_id = agreement_store.find_coder(project.conn, name)
    if coder_id is None:
        return {}, {}
    source_ids = sorted({unit.source_id for unit in decisions.units})
    result = []
    for status in (Status.ACCEPTED, Status.REJECTED):
        spans: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
        rater = Rater(coder_id, (status.value,))
        for source_id, code_id, start, end in agreement_store.coding_spans(
            project.conn, rater, source_ids
        ):
            spans[source_id, code_id].append((start, end))
        by_unit: dict[int, set[str]] = defaultdict(set)
        for code_id, units in units_covered(spans, decisions.units, decisions.unit).items():
            for unit in units:
                by_unit[unit].add(code_id)
        result.append({unit: frozenset(codes) for unit, codes in by_unit.items()})
    return result[0], result[1]


def resolve(
    project: Project, item: Disagreement, resolution: Resolution, *, consensus: str = CONSENSUS
) -> Disagreement:
    """Settle a disagreement as the consensus coder: one undoable change; the item as now."""
    keep = resolved_codes(item.a, item.b, resolution)
    with project.transaction() as conn:
        change = project.new_change()
        coder_id = coding_store.coder_id(conn, consensus)
        for code_id in sorted(item.a | item.b):
            status = Status.ACCEPTED if code_id in keep else Status.REJECTED
            _put(project, change, coder_id, item.unit, code_id=code_id, status=status)
    turned_down = (item.a | item.b) - keep
    return replace(
        item,
        consensus=(item.consensus - turned_down) | keep,
        declined=(item.declined - keep) | turned_down,
    )


def adopt_agreements(project: Project, request: Request, *, consensus: str = CONSENSUS) -> int:
    """Give the consensus coder every code both coders gave a unit; the number of codings added.

    A code the consensus coder has already turned down on a unit stays turned down. One
    undoable change.
    """
    _checked(request, consensus)
    decisions = decide(project, request)
    a, b = (who.name for who in decisions.raters)
    at_a, at_b = decisions.codes_at[a], decisions.codes_at[b]
    accepted, declined = _consensus(project, decisions, consensus)
    added = 0
    with project.transaction() as conn:
        change = project.new_change()
        coder_id = coding_store.coder_id(conn, consensus)
        for index, unit in enumerate(decisions.units):
            shared = at_a.get(index, frozenset()) & at_b.get(index, frozenset())
            todo = shared - accepted.get(index, frozenset()) - declined.get(index, frozenset())
            for code_id in sorted(todo):
                added += _put(
                    project, change, coder_id, unit, code_id=code_id, status=Status.ACCEPTED
                )
    return added


def _put(
    project: Project,
    change: Change,
    coder_id: int,
    unit: UnitRef,
    *,
    code_id: str,
    status: Status,
) -> int:
    """Make the consensus coding of a code on a unit have this status; 1 if one was added."""
    conn = project.conn
    existing = coding_store.find_coding(
        conn, unit.source_id, code_id, start=unit.start, end=unit.end, coder=coder_id
    )
    if existing is not None:
        current = coding_store.get_coding(conn, existing)
        if current is not None and current.status is not status:
            coding_store.set_status(conn, existing, status, change)
        return 0
    coding_store.insert_coding(
        conn,
        {
            "source_id": unit.source_id,
            "code_id": code_id,
            "start": unit.start,
            "end": unit.end,
            "coder_id": coder_id,
            "origin": Origin.HUMAN.value,
            "status": status.value,
        },
        change,
    )
    return 1
