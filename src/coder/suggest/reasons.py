"""Where and why the model suggests a code: the best window of a unit, and the terms behind it.

A unit with sentence windows is scored as a whole and window by window (`expand_windows`,
`pick_best`); a suggestion points at the best-scoring span, the whole unit winning ties. Its
reason (`strongest_terms`) is the readable features with the largest positive share of the
score — lemma 1–2-grams — where the share of each character n-gram is credited to the lemma of
every word in the span that contains it, so a compound the lemma table does not know
(`samverkansprojektet`) still shows up in the reason as itself.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from coder.suggest.features import Features, Matrix, Unit, window_units

_WORD = re.compile(r"\w+")


def expand_windows(units: Sequence[Unit]) -> tuple[list[Unit], np.ndarray, list[tuple[int, int]]]:
    """Rows to score — each unit, then its windows — with the unit of each row and its span."""
    rows: list[Unit] = []
    owners: list[int] = []
    spans: list[tuple[int, int]] = []
    for index, unit in enumerate(units):
        rows.append(unit)
        owners.append(index)
        spans.append((0, len(unit.text)))
        for start, end, window in window_units(unit):
            rows.append(window)
            owners.append(index)
            spans.append((start, end))
    return rows, np.array(owners, dtype=np.int64), spans


def pick_best(scores: np.ndarray, owners: np.ndarray, units: int) -> tuple[np.ndarray, np.ndarray]:
    """Per unit and code, the best-scoring row (first on ties) and its score."""
    if len(owners) == units:  # no windows: each unit is its own row
        return np.repeat(np.arange(units)[:, None], scores.shape[1], axis=1), scores
    starts = np.searchsorted(owners, np.arange(units))
    ends = np.append(starts[1:], len(owners))
    best_rows = np.empty((units, scores.shape[1]), dtype=np.int64)
    best_scores = np.empty((units, scores.shape[1]))
    for unit, (start, end) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
        block = scores[start:end]
        top = np.argmax(block, axis=0)
        best_rows[unit] = start + top
        best_scores[unit] = block[top, np.arange(block.shape[1])]
    return best_rows, best_scores


def strongest_terms(
    features: Features, row: Matrix, unit: Unit, weights: np.ndarray, count: int
) -> tuple[str, ...]:
    """The `count` readable terms that add most to the score of `row` (the features of `unit`)."""
    columns = row.indices
    shares = row.data * weights[columns]
    found: dict[str, float] = defaultdict(float)
    char_start, char_end = features.char_offset, features.char_offset + features.char_width
    char_share: dict[int, float] = {}
    for column, share in zip(columns.tolist(), shares.tolist(), strict=True):
        if column < char_start:
            found[features.words.names[column]] += share
        elif column < char_end:
            char_share[column] = share
    if char_share:
        for word, lemma in _words_and_lemmas(unit):
            credit = sum(char_share.get(c, 0.0) for c in features.char_columns(word))
            found[lemma] += credit
    ranked = sorted((item for item in found.items() if item[1] > 0), key=lambda i: -i[1])
    return tuple(term for term, _ in ranked[:count])


def _words_and_lemmas(unit: Unit) -> set[tuple[str, str]]:
    """The distinct (lowercase word, lemma) pairs of a unit; the word itself if not aligned."""
    words = _WORD.findall(unit.text.lower())
    if len(words) == len(unit.lemmas):
        return set(zip(words, unit.lemmas, strict=True))
    return {(word, word) for word in words}
