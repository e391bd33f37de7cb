"""Units of text — sentences, speaker turns, sources — and which groups of codes touch each.

A coding touches every sentence from the one it starts in to the one it ends in. Storage keeps,
for every coded sentence, the codes on it as bit masks (one row per sentence, whatever the
number of codings); here those masks become one row per sentence, are gathered (ORed) into
turns, and the bits of each group's codes are tested. When only counts per source are wanted
(a theme's sentences), SQL tests the bits and counts. A coding outside every sentence (a header
line) is a unit of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING

from coder.storage import reports as report_store

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import numpy as np
    from numpy.typing import NDArray

    from coder.services.project import Project

UNITS = ("sentence", "turn", "source")
"""What co-occurrence is counted in: sentences, speaker turns (or paragraphs), whole sources."""
WORD_BITS = 62
"""Codes per word of a sentence's code masks (storage keeps them so)."""


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
    unit: str = "sentence",
) -> Units:
    """The units of one kind that codings of each group touch. Groups must not share codes."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}")
    if unit == "source":
        return _source_units(project, where, groups)
    sources, words = _sentence_words(project, where)
    if unit == "turn":
        sources, words = _turn_words(project, sources, words)
    present = _groups_present(report_store.code_numbers(project.conn), words, groups)
    outside = report_store.outside_masks(project.conn, where, groups)
    return _units(sources, present, outside, len(groups))


def _sentence_words(
    project: Project, where: report_store.CodingFilter
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Every sentence of the project (by source id, then index): its source and code masks.

    The masks have a column per word of 62 codes (as many as the widest stored row needs).
    """
    import numpy as np

    counts = report_store.segment_counts(project.conn)
    source_ids = np.array(sorted(counts), dtype=np.int64)
    sizes = np.array([counts[int(s)] for s in source_ids], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    rows = report_store.sentence_codes(project.conn, where)
    coded = np.fromiter(chain.from_iterable(rows), dtype=np.int64).reshape(-1, 4)
    width = int(coded[:, 2].max()) + 1 if len(coded) else 1
    words = np.zeros((int(sizes.sum()), width), dtype=np.int64)
    if len(coded):
        at = np.searchsorted(source_ids, coded[:, 0])
        words[offsets[at] + coded[:, 1], coded[:, 2]] = coded[:, 3]
    return np.repeat(source_ids, sizes), words


def _turn_words(
    project: Project, sources: NDArray[np.int64], words: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Sentence masks gathered (ORed) into the turn each sentence belongs to."""
    import numpy as np

    rows = report_store.segment_turns(project.conn)
    turn_ids = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=len(sources))
    turns, first, inverse = np.unique(turn_ids, return_index=True, return_inverse=True)
    gathered = np.zeros((len(turns), words.shape[1]), dtype=np.int64)
    np.bitwise_or.at(gathered, inverse, words)
    return sources[first], gathered


def group_bits(numbers: Mapping[str, int], group: Sequence[str]) -> dict[int, int]:
    """A group's codes as bits by mask word: {word: mask} (codes without a number left out)."""
    bits: dict[int, int] = {}
    for code in group:
        if code in numbers:
            word, bit = divmod(numbers[code], WORD_BITS)
            bits[word] = bits.get(word, 0) | 1 << bit
    return bits


def _groups_present(
    numbers: Mapping[str, int], words: NDArray[np.int64], groups: Sequence[Sequence[str]]
) -> NDArray[np.bool_]:
    """Per unit (row of `words`) and group: whether a code of the group has its bit set."""
    import numpy as np

    present = np.zeros((len(words), len(groups)), dtype=bool)
    for column, group in enumerate(groups):
        for word, mask in group_bits(numbers, group).items():
            if word < words.shape[1]:
                present[:, column] |= (words[:, word] & mask) != 0
    return present


def _units(
    sources: NDArray[np.int64],
    present: NDArray[np.bool_],
    outside: list[tuple[int, ...]],
    groups: int,
) -> Units:
    """The units any group touches, plus one per coding outside every sentence."""
    import numpy as np

    if outside:
        extra = np.array(outside, dtype=np.int64)
        bits = np.arange(report_store.MASK_BITS, dtype=np.int64)
        masks = [(extra[:, 2 + i, None] >> bits) & 1 == 1 for i in range(extra.shape[1] - 2)]
        sources = np.concatenate([sources, extra[:, 0]])
        present = np.concatenate([present, np.concatenate(masks, axis=1)[:, :groups]])
    coded = present.any(axis=1)
    return Units(source_ids=sources[coded], present=present[coded])


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


def sentences_per_source(
    project: Project, where: report_store.CodingFilter, groups: Sequence[Sequence[str]]
) -> dict[tuple[int, int], int]:
    """(group, source id) → the sentences of that source the group touches.

    A coding outside every sentence counts as a sentence of its own. The same figures as
    counting `coded_units` per source, but counted in SQL: only a row per source is read.
    """
    numbers = report_store.code_numbers(project.conn)
    bits = [group_bits(numbers, group) for group in groups]
    found: dict[tuple[int, int], int] = {}
    for source, *counts in report_store.sentences_per_source(project.conn, where, bits):
        for group, count in enumerate(counts):
            if count:
                found[group, int(source)] = int(count)
    for source, _, *masks in report_store.outside_masks(project.conn, where, groups):
        for group in range(len(groups)):
            word, bit = divmod(group, report_store.MASK_BITS)
            if masks[word] >> bit & 1:
                found[group, int(source)] = found.get((group, int(source)), 0) + 1
    return found
