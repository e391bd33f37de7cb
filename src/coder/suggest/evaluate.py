"""Honest figures for the suggestion model: nested cross-validation of `train` and `predict`.

    evaluation = cross_validate(units, labels, folds=5)
    evaluation.micro.f1, evaluation.macro.f1, evaluation.codes[0].recall

The units are split into `folds` folds — by source (`Unit.group`) when `by_group` and there are
two or more sources, else stratified by code — and for each fold a model is trained on the
other folds with `coder.suggest.model.train`, which picks its thresholds by its own inner
cross-validation on those training units only, and then predicts the held-out fold. Nothing
about the test fold, not even its vocabulary, reaches the model that is scored on it.

A unit counts as suggested a code when the code is among its predictions (at the code's
threshold). Micro figures pool every (unit, code) decision; macro figures average over every
code that occurs in the data — a code too rare to be trained, or never suggested, counts with
F1 0, it is not left out. `macro_trainable` averages over codes with at least `min_positives`
units only, for comparison.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from coder.suggest import validation
from coder.suggest.features import Unit
from coder.suggest.model import ModelSettings, train


@dataclass(frozen=True, slots=True)
class Scores:
    """Precision, recall and F1 (0 when undefined: nothing suggested or nothing to find)."""

    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, slots=True)
class CodeScore:
    """Cross-validated figures of one code, over all held-out folds together."""

    code: str
    support: int
    """Units that carry the code."""
    suggested: int
    """Units the model suggested the code on."""
    correct: int
    """Suggestions on units that carry the code."""
    scores: Scores

    @property
    def precision(self) -> float:
        """Share of suggestions that were right."""
        return self.scores.precision

    @property
    def recall(self) -> float:
        """Share of the code's units that got the suggestion."""
        return self.scores.recall

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        return self.scores.f1


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The result of `cross_validate`: per code, micro and macro figures, and the folds used."""

    codes: tuple[CodeScore, ...]
    """Every code in the data, most frequent first."""
    micro: Scores
    macro: Scores
    macro_trainable: Scores
    """Macro over codes with at least `min_positives` units."""
    fold_of: tuple[int, ...]
    """The fold in which each unit was held out."""


def cross_validate(
    units: Sequence[Unit],
    labels: Sequence[frozenset[str]],
    *,
    rejected: Sequence[frozenset[str]] | None = None,
    folds: int = 5,
    by_group: bool = True,
    target_precision: float = 0.6,
    min_positives: int = 5,
    seed: int = 0,
    settings: ModelSettings | None = None,
) -> Evaluation:
    """Cross-validate the model on coded units (nested: thresholds never see the test fold).

    `rejected[i]`, when given, are codes rejected on unit i: hard negatives in training, plain
    negatives in scoring. The inner cross-validation uses the same number of folds.
    """
    rejected = rejected if rejected is not None else [frozenset()] * len(units)
    if not len(units) == len(labels) == len(rejected):
        raise ValueError("units, labels and rejected must have one entry per unit")
    codes = sorted({c for found in labels for c in found}, key=lambda c: _by_support(c, labels))
    column = {code: j for j, code in enumerate(codes)}
    truth = np.zeros((len(units), len(codes)), dtype=bool)
    for i, applied in enumerate(labels):
        truth[i, [column[c] for c in applied]] = True
    suggested = np.zeros_like(truth)
    fold_of = np.full(len(units), -1, dtype=np.int64)
    splits = validation.folds([u.group for u in units], labels, folds, seed=seed, by_group=by_group)
    for number, (train_rows, test_rows) in enumerate(splits):
        model = train(
            [units[i] for i in train_rows],
            [labels[i] for i in train_rows],
            [rejected[i] for i in train_rows],
            target_precision=target_precision,
            min_positives=min_positives,
            folds=folds,
            seed=seed,
            settings=settings,
        )
        predictions = model.predict([units[i] for i in test_rows])
        for row, made in zip(test_rows.tolist(), predictions, strict=True):
            suggested[row, [column[p.code] for p in made]] = True
        fold_of[test_rows] = number
    return _evaluation(codes, truth, suggested, fold_of, min_positives)


def _by_support(code: str, labels: Sequence[frozenset[str]]) -> tuple[int, str]:
    return (-sum(code in found for found in labels), code)


def _evaluation(
    codes: list[str],
    truth: np.ndarray,
    suggested: np.ndarray,
    fold_of: np.ndarray,
    min_positives: int,
) -> Evaluation:
    support = truth.sum(axis=0)
    made = suggested.sum(axis=0)
    correct = (truth & suggested).sum(axis=0)
    per_code = tuple(
        CodeScore(code, int(support[j]), int(made[j]), int(correct[j]),
                  _scores(int(correct[j]), int(made[j]), int(support[j])))
        for j, code in enumerate(codes)
    )  # fmt: skip
    micro = _scores(int(correct.sum()), int(made.sum()), int(support.sum()))
    trainable = [score for score in per_code if score.support >= min_positives]
    return Evaluation(per_code, micro, _mean(per_code), _mean(trainable), tuple(fold_of.tolist()))


def _scores(correct: int, suggested: int, support: int) -> Scores:
    precision = correct / suggested if suggested else 0.0
    recall = correct / support if support else 0.0
    both = precision + recall
    return Scores(precision, recall, 2 * precision * recall / both if both else 0.0)


def _mean(scores: Sequence[CodeScore]) -> Scores:
    if not scores:
        return Scores(0.0, 0.0, 0.0)
    return Scores(
        float(np.mean([s.precision for s in scores])),
        float(np.mean([s.recall for s in scores])),
        float(np.mean([s.f1 for s in scores])),
    )
