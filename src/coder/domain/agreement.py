"""Agreement between coders: which units a coder's codings count for, and the two-coder statistics.

Agreement is computed at units a researcher would code whole — a speaker turn or paragraph
(`segment`), a `sentence`, or a whole `source` — never at characters: over characters, the
text that nobody coded dominates and kappa says little about the codebook. For each code, a
unit counts as coded by a coder when that coder's codings of the code together cover more than
half of its characters (for whole sources: when any coding of the code touches the source).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

UNIT_KINDS = ("segment", "sentence", "source")
"""What agreement is counted in: speaker turns or paragraphs, sentences, whole sources."""

UNIT_RULES = {
    "segment": "a turn or paragraph counts for a code when the coder's codings of that code "
    "cover more than half of its characters",
    "sentence": "a sentence counts for a code when the coder's codings of that code cover "
    "more than half of its characters",
    "source": "a source counts for a code when any coding of that code by the coder touches it",
}
"""The rule that decides whether a unit counts as coded, as the output states it."""


class Resolution(StrEnum):
    """How a disagreement is settled: one coder's codes, all of them, or only the shared ones."""

    KEEP_A = "a"
    KEEP_B = "b"
    BOTH = "both"
    NEITHER = "neither"


def resolved_codes(a: frozenset[str], b: frozenset[str], resolution: Resolution) -> frozenset[str]:
    """The codes a unit keeps: A's, B's, either's (both) or only those both gave (neither)."""
    if resolution is Resolution.KEEP_A:
        return a
    if resolution is Resolution.KEEP_B:
        return b
    if resolution is Resolution.BOTH:
        return a | b
    return a & b


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans as their union: sorted, non-overlapping [start, end) intervals."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def covered_units(
    units: Sequence[tuple[int, int]],
    spans: Iterable[tuple[int, int]],
    *,
    any_overlap: bool = False,
) -> list[int]:
    """Indexes of the units that the spans together cover more than half of.

    `units` are [start, end) intervals of one text, sorted and not overlapping (sentences,
    turns). With `any_overlap` a unit counts as soon as a span touches it.
    """
    union = merge_spans(spans)
    if not union:
        return []
    ends = [end for _, end in union]
    found = []
    for index, (start, end) in enumerate(units):
        covered = 0
        # The first piece of the union that ends after the unit starts, then on while it overlaps.
        at = bisect_right(ends, start)
        while at < len(union) and union[at][0] < end:
            covered += min(end, union[at][1]) - max(start, union[at][0])
            at += 1
        if (covered > 0) if any_overlap else (2 * covered > end - start):
            found.append(index)
    return found


@dataclass(frozen=True, slots=True)
class Table2x2:
    """How two coders decided on a set of units for one code: both yes, only A, only B, neither."""

    both: int
    only_a: int
    only_b: int
    neither: int

    @property
    def units(self) -> int:
        """The number of units decided on."""
        return self.both + self.only_a + self.only_b + self.neither

    @classmethod
    def of(cls, a: set[int] | frozenset[int], b: set[int] | frozenset[int], units: int) -> Table2x2:
        """The table for A's and B's coded units (indexes) among `units` units."""
        both = len(a & b)
        only_a = len(a) - both
        only_b = len(b) - both
        return cls(both, only_a, only_b, units - both - only_a - only_b)

    def __add__(self, other: Table2x2) -> Table2x2:
        return Table2x2(
            self.both + other.both,
            self.only_a + other.only_a,
            self.only_b + other.only_b,
            self.neither + other.neither,
        )


def percent_agreement(table: Table2x2) -> float | None:
    """The share of units on which both coders decided alike; None without units."""
    if table.units == 0:
        return None
    return (table.both + table.neither) / table.units


def cohen_kappa(table: Table2x2) -> float | None:
    """Cohen's kappa: agreement beyond what the coders' own rates give by chance.

    None when it is undefined: no units, or both coders gave every unit the same value (then
    chance agreement is 1 and kappa is 0/0).
    """
    n = table.units
    if n == 0:
        return None
    observed = (table.both + table.neither) / n
    yes_a = (table.both + table.only_a) / n
    yes_b = (table.both + table.only_b) / n
    expected = yes_a * yes_b + (1 - yes_a) * (1 - yes_b)
    if expected >= 1:
        return None
    return (observed - expected) / (1 - expected)


@dataclass(frozen=True, slots=True)
class Retrieval:
    """B's coding measured against A's as the reference: precision, recall and F1 (None: 0/0)."""

    precision: float | None
    recall: float | None
    f1: float | None


def retrieval(table: Table2x2) -> Retrieval:
    """Precision (of B's units, the share A coded too), recall (of A's, the share B found), F1.

    Each is None when it is 0/0: precision when B never used the code, recall when A never
    did, F1 when neither did.
    """
    coded_b = table.both + table.only_b
    coded_a = table.both + table.only_a
    precision = table.both / coded_b if coded_b else None
    recall = table.both / coded_a if coded_a else None
    # F1 = 2·TP / (2·TP + FP + FN): 0 when one coder used the code and the other never did.
    either = coded_a + coded_b
    f1 = 2 * table.both / either if either else None
    return Retrieval(precision, recall, f1)
