"""Units of text — sentences, speaker turns, sources — and which groups of codes touch each.

A coding touches every sentence from the one it starts in to the one it ends in. Storage gives
each distinct run of sentences with the groups of codes on it (a bit mask, ORed in SQL); here
the runs are spread over their sentences with numpy, and sentences gathered into turns. A coding
outside every sentence (a header line) is a unit of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING

from coder.storage import reports as report_store

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np
    from numpy.typing import NDArray

    from coder.services.project import Project

UNITS = ("segment", "turn", "source")
"""What co-occurrence is counted in: sentences, speaker turns (or paragraphs), whole sources."""


@dataclass(frozen=True)
class Units:
    """The coded units: each one's source, and which groups of codes touch it.

    `present` has a row per unit and a column per group; units that no group touches are
    left out.
    """

    source_ids: NDArray[np.int64]
    present: NDArray[np.bool_]


def coded_units(
    project: Project,
    where: report_store.CodingFilter,
    groups: Sequence[Sequence[str]],
    unit: str = "segment",
) -> Units:
    """The units of one kind that codings of each group touch. Groups must not share codes."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}")
    if unit == "source":
        return _source_units(project, where, groups)
    sources, masks = _sentence_masks(project, where, groups)
    if unit == "turn":
        sources, masks = _turn_masks(project, sources, masks)
    outside = report_store.outside_masks(project.conn, where, groups)
    return _units(sources, masks, outside, len(groups))


def _sentence_masks(
    project: Project, where: report_store.CodingFilter, groups: Sequence[Sequence[str]]
) -> tuple[NDArray[np.int64], list[NDArray[np.int64]]]:
    """Every sentence of the project (by source id, then index): its source and group masks."""
    import numpy as np

    counts = report_store.segment_counts(project.conn)
    source_ids = np.array(sorted(counts), dtype=np.int64)
    sizes = np.array([counts[int(s)] for s in source_ids], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    width = -(-len(groups) // report_store.MASK_BITS) or 1
    masks = [np.zeros(int(sizes.sum()), dtype=np.int64) for _ in range(width)]
    rows = report_store.sentence_masks(project.conn, where, groups)
    runs = np.fromiter(chain.from_iterable(rows), dtype=np.int64).reshape(-1, 3 + width)
    if len(runs):
        # Each run spread over its sentences: first, first + 1, …, last.
        first = offsets[np.searchsorted(source_ids, runs[:, 0])] + runs[:, 1]
        lengths = runs[:, 2] - runs[:, 1] + 1
        starts = np.cumsum(lengths) - lengths
        step = np.arange(int(lengths.sum())) - np.repeat(starts, lengths)
        sentences = np.repeat(first, lengths) + step
        for column, mask in enumerate(masks):
            np.bitwise_or.at(mask, sentences, np.repeat(runs[:, 3 + column], lengths))
    return np.repeat(source_ids, sizes), masks


def _turn_masks(
    project: Project, sources: NDArray[np.int64], masks: list[NDArray[np.int64]]
) -> tuple[NDArray[np.int64], list[NDArray[np.int64]]]:
    """Sentence masks gathered (ORed) into the turn each sentence belongs to."""
    import numpy as np

    turn_ids = np.array([turn for _, turn in report_store.segment_turns(project.conn)])
    turns, first, inverse = np.unique(turn_ids, return_index=True, return_inverse=True)
    gathered = []
    for mask in masks:
        turn_mask = np.zeros(len(turns), dtype=np.int64)
        np.bitwise_or.at(turn_mask, inverse, mask)
        gathered.append(turn_mask)
    return sources[first], gathered


def _units(
    sources: NDArray[np.int64],
    masks: list[NDArray[np.int64]],
    outside: list[tuple[int, ...]],
    groups: int,
) -> Units:
    """Units from masks (plus one unit per coding outside every sentence), bits unpacked."""
    import numpy as np

    if outside:
        extra = np.array(outside, dtype=np.int64)
        sources = np.concatenate([sources, extra[:, 0]])
        masks = [np.concatenate([mask, extra[:, 2 + i]]) for i, mask in enumerate(masks)]
    coded = np.logical_or.reduce([mask != 0 for mask in masks])
    bits = np.arange(report_store.MASK_BITS, dtype=np.int64)
    present = np.concatenate(
        [(mask[coded, None] >> bits) & 1 == 1 for mask in masks], axis=1, dtype=bool
    )
    return Units(source_ids=sources[coded], present=present[:, :groups])


def _source_units(
    project: Project, where: report_store.CodingFilter, groups: Sequence[Sequence[str]]
) -> Units:
    """Sources as units: a group is present in a source with any coding of its codes."""
    import numpy as np

    group_of = {code: index for index, group in enumerate(groups) for code in group}
    counts = report_store.code_source_counts(project.conn, where)
    sources = sorted({source for code, source, _ in counts if code in group_of})
    row_of = {source: row for row, source in enumerate(sources)}
    present = np.zeros((len(sources), len(groups)), dtype=bool)
    for code, source, count in counts:
        if code in group_of and count:
            present[row_of[source], group_of[code]] = True
    return Units(source_ids=np.array(sources, dtype=np.int64), present=present)


def per_source(units: Units) -> dict[tuple[int, int], int]:
    """(group, source id) → the number of units of that source the group touches."""
    import numpy as np

    found: dict[tuple[int, int], int] = {}
    sources, index = np.unique(units.source_ids, return_inverse=True)
    for group in range(units.present.shape[1]):
        counts = np.bincount(index, weights=units.present[:, group], minlength=len(sources))
        for source, count in zip(sources.tolist(), counts.tolist(), strict=True):
            if count:
                found[group, source] = int(count)
    return found
