"""Agreement per code and overall: percent agreement, Cohen's kappa, Krippendorff's alpha, P/R/F1.

Each code is a yes/no decision per unit. Overall pools the decisions on every code that some
rater used (a code nobody used would only add units on which everyone trivially agrees).
Kappa and precision/recall/F1 compare two raters (B against A as the reference); alpha and
percent agreement take any number. Undefined values (0/0: a code nobody used, or one every
rater gave every unit) are None, and the notes say why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coder.domain.agreement import Table2x2, cohen_kappa, percent_agreement, retrieval
from coder.services.agreement.units import Decisions, Request, decide
from coder.services.project import Project

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

OVERALL = "(overall)"
"""The code column of the row that pools every code someone used."""


@dataclass(frozen=True)
class AgreementRow:
    """Agreement on one code (or overall): units each rater coded, and the statistics."""

    code_id: str
    name: str
    units: int
    coded: tuple[int, ...]
    """Units each rater coded with the code, in the order of the raters."""
    coded_by_all: int
    agreement: float | None
    kappa: float | None
    alpha: float | None
    precision: float | None
    recall: float | None
    f1: float | None


@dataclass(frozen=True)
class AgreementReport:
    """The agreement table with what it was computed over, the rule, and notes on gaps."""

    raters: list[str]
    unit: str
    rule: str
    units: int
    sources: list[str]
    include_interviewer: bool
    rows: list[AgreementRow]
    overall: AgreementRow
    notes: list[str] = field(default_factory=list)


def agreement(project: Project, request: Request) -> AgreementReport:
    """Compare the raters of `request` code by code, and overall."""
    return report_of(decide(project, request))


def report_of(decisions: Decisions) -> AgreementReport:
    """The agreement table of decisions already read."""
    names = [who.name for who in decisions.raters]
    n = len(decisions.units)
    rows = [
        _row(
            code.id,
            code.name,
            [decisions.coded[name].get(code.id, frozenset()) for name in names],
            n,
        )
        for code in decisions.codes
    ]
    used = [row for row in rows if any(row.coded)]
    overall = _overall(decisions, [row.code_id for row in used])
    return AgreementReport(
        raters=names,
        unit=decisions.unit,
        rule=decisions.rule,
        units=n,
        sources=decisions.sources,
        include_interviewer=decisions.include_interviewer,
        rows=rows,
        overall=overall,
        notes=_notes(names, rows, used),
    )


def _row(code_id: str, name: str, sets: Sequence[frozenset[int]], units: int) -> AgreementRow:
    everyone = frozenset.intersection(*sets)
    anyone = frozenset.union(*sets)
    agreement_ = (units - len(anyone) + len(everyone)) / units if units else None
    kappa = precision = recall = f1 = None
    if len(sets) == 2:
        table = Table2x2.of(sets[0], sets[1], units)
        agreement_ = percent_agreement(table)
        kappa = cohen_kappa(table)
        scores = retrieval(table)
        precision, recall, f1 = scores.precision, scores.recall, scores.f1
    return AgreementRow(
        code_id=code_id,
        name=name,
        units=units,
        coded=tuple(len(s) for s in sets),
        coded_by_all=len(everyone),
        agreement=agreement_,
        kappa=kappa,
        alpha=alpha(_value_counts(sets, units)),
        precision=precision,
        recall=recall,
        f1=f1,
    )


def _overall(decisions: Decisions, used: list[str]) -> AgreementRow:
    """Every (unit, code) decision on the codes someone used, pooled as one yes/no item each."""
    names = [who.name for who in decisions.raters]
    n = len(decisions.units)
    # Unit u of the k-th used code is item k·n + u of the pooled decisions.
    sets = [
        frozenset(
            k * n + unit
            for k, code_id in enumerate(used)
            for unit in decisions.coded[name].get(code_id, frozenset())
        )
        for name in names
    ]
    pooled = _row("", OVERALL, sets, n * len(used))
    return AgreementRow(
        code_id="",
        name=OVERALL,
        units=n,
        coded=pooled.coded,
        coded_by_all=pooled.coded_by_all,
        agreement=pooled.agreement,
        kappa=pooled.kappa,
        alpha=pooled.alpha,
        precision=pooled.precision,
        recall=pooled.recall,
        f1=pooled.f1,
    )


def _value_counts(sets: Sequence[frozenset[int]], units: int) -> NDArray[np.float64]:
    """Per unit, how many raters said no and how many yes: the package's `value_counts`."""
    import numpy as np

    yes = np.zeros(units, dtype=np.float64)
    for coded in sets:
        if coded:
            yes[np.fromiter(coded, dtype=np.int64, count=len(coded))] += 1
    return np.column_stack([len(sets) - yes, yes])


def alpha(value_counts: NDArray[np.float64]) -> float | None:
    """Krippendorff's alpha (nominal) from per-unit counts of each value, by the package.

    None when it is undefined: no units, or one value only (every rater gave every unit the
    same answer), where alpha is 0/0.
    """
    import krippendorff

    totals = value_counts.sum(axis=0)
    if len(value_counts) == 0 or int((totals > 0).sum()) < 2:
        return None
    return float(krippendorff.alpha(value_counts=value_counts, level_of_measurement="nominal"))


def _notes(names: list[str], rows: list[AgreementRow], used: list[AgreementRow]) -> list[str]:
    notes = []
    unused = len(rows) - len(used)
    if unused:
        notes.append(
            f"{unused} code{'s' if unused != 1 else ''} nobody used here: 100% agreement on "
            "them says nothing, kappa and alpha are undefined (—); the overall row leaves "
            "them out"
        )
    constant = [row for row in used if row.kappa is None and len(names) == 2]
    if constant:
        notes.append(
            "kappa is undefined (—) where both coders gave every unit the same answer: "
            + ", ".join(row.code_id for row in constant)
        )
    if len(names) == 2:
        notes.append(
            f"precision, recall and F1 measure {names[1]} against {names[0]} as the reference;"
            " — where they are 0/0 (a coder never used the code)"
        )
    else:
        notes.append(
            "kappa, precision, recall and F1 compare two coders (—); "
            "agreement (all coders alike) and alpha cover all of them"
        )
    return notes
