"""Cross-validation pieces shared by training and evaluation: folds, calibration, thresholds.

- `folds` splits units so that one source (`Unit.group`) is never on both sides, or — with fewer
  than two groups — stratifies by each unit's rarest code, so that rare codes reach every fold.
- `calibrate` fits Platt scaling (a logistic curve) from out-of-fold margins to probabilities,
  so that scores and thresholds read as "how likely is this code right here" on a 0–1 scale.
- `choose_threshold` picks a code's threshold from out-of-fold scores. Two rules, both keeping
  the cross-validated precision at or above a target: `"f1"` takes the threshold with the best
  F1 among those (fewer, surer suggestions), `"recall"` the lowest one (as many suggestions as
  the target allows). When no threshold reaches the target, both fall back to the best-F1
  threshold if its precision is at least half the target (a code the researcher uses is still
  suggested, and the report says how precise it is), and otherwise the code is not suggested:
  a suggestion that is wrong three times in four costs the researcher more than it gives.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

ThresholdRule = Literal["f1", "recall"]
"""How a code's threshold is chosen among those meeting the precision target."""

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


def folds(
    groups: Sequence[str],
    labels: Sequence[frozenset[str]],
    count: int,
    *,
    seed: int = 0,
    by_group: bool = True,
) -> list[tuple[IntArray, IntArray]]:
    """(train, test) index arrays of `count` folds (fewer when there are fewer groups or units).

    With `by_group` and at least two distinct groups, whole groups go to one fold: groups in a
    seeded random order, largest first, each to the fold with the fewest units so far. Otherwise
    units are spread stratified by their rarest code, uncoded units as one more class.
    """
    size = len(groups)
    distinct = sorted(set(groups))
    if by_group and len(distinct) >= 2:
        test_fold = _group_folds(groups, distinct, min(count, len(distinct)), seed)
    else:
        test_fold = _stratified_folds(labels, max(2, min(count, size)), seed)
    index = np.arange(size, dtype=np.int64)
    return [
        (index[test_fold != fold], index[test_fold == fold])
        for fold in range(int(test_fold.max(initial=-1)) + 1)
        if (test_fold == fold).any()
    ]


def _group_folds(groups: Sequence[str], distinct: list[str], count: int, seed: int) -> IntArray:
    sizes = Counter(groups)
    order = list(distinct)
    np.random.default_rng(seed).shuffle(order)
    order.sort(key=lambda group: -sizes[group])  # stable: equal sizes stay shuffled
    filled = np.zeros(count, dtype=np.int64)
    fold_of_group = {}
    for group in order:
        fold = int(np.argmin(filled))
        fold_of_group[group] = fold
        filled[fold] += sizes[group]
    return np.array([fold_of_group[group] for group in groups], dtype=np.int64)


def _stratified_folds(labels: Sequence[frozenset[str]], count: int, seed: int) -> IntArray:
    from sklearn.model_selection import StratifiedKFold

    frequency = Counter(code for codes in labels for code in codes)
    strata = [min(codes, key=lambda c: (frequency[c], c)) if codes else "" for codes in labels]
    test_fold = np.zeros(len(labels), dtype=np.int64)
    if len(labels) < 2:
        return test_fold
    splitter = StratifiedKFold(n_splits=count, shuffle=True, random_state=seed)
    with warnings.catch_warnings():  # "least populated class has only 1 member" is expected
        warnings.simplefilter("ignore", UserWarning)
        for fold, (_, test) in enumerate(splitter.split(np.zeros(len(labels)), strata)):
            test_fold[test] = fold
    return test_fold


@dataclass(frozen=True, slots=True)
class Calibration:
    """Platt scaling: probability = 1 / (1 + exp(-(slope × margin + offset)))."""

    slope: float
    offset: float

    def __call__(self, margins: FloatArray) -> FloatArray:
        """The probabilities of the margins."""
        return _sigmoid(self.slope * margins + self.offset)


def calibrate(margins: FloatArray, truth: BoolArray, weights: FloatArray) -> Calibration:
    """The logistic curve that best maps out-of-fold margins to the observed outcomes.

    Platt's method: Newton steps on the weighted log-loss against his smoothed targets
    ((positives + 1) / (positives + 2) and 1 / (negatives + 2)), which keep the curve finite
    when the margins separate the classes perfectly.
    """
    positives = float(weights[truth].sum())
    negatives = float(weights[~truth].sum())
    if positives <= 0 or negatives <= 0:
        return Calibration(1.0, 0.0)
    target = np.where(truth, (positives + 1) / (positives + 2), 1 / (negatives + 2))
    slope, offset = 1.0, float(np.log((positives + 1) / (negatives + 1)))
    loss = _log_loss(margins, target, weights, slope, offset)
    for _ in range(100):
        probability = _sigmoid(slope * margins + offset)
        residual = weights * (probability - target)
        curvature = weights * probability * (1 - probability) + 1e-12
        gradient = np.array([residual @ margins, residual.sum()])
        hessian = np.array([
            [curvature @ (margins * margins), curvature @ margins],
            [curvature @ margins, curvature.sum()],
        ])  # fmt: skip
        step = np.linalg.solve(hessian + 1e-9 * np.eye(2), gradient)
        size = 1.0
        while size > 1e-6:  # halve the step until the loss goes down
            trial = _log_loss(
                margins, target, weights, slope - size * step[0], offset - size * step[1]
            )
            if trial <= loss:
                break
            size /= 2
        slope, offset = slope - size * float(step[0]), offset - size * float(step[1])
        done = abs(loss - trial) < 1e-10 * max(1.0, abs(loss))
        loss = trial
        if done or size <= 1e-6:
            break
    if slope <= 0:  # a code the model cannot rank: keep the order, do not invert it
        return Calibration(1.0, offset)
    return Calibration(slope, offset)


def _sigmoid(values: FloatArray) -> FloatArray:
    result: FloatArray = 0.5 * (1.0 + np.tanh(0.5 * values))  # no overflow for large margins
    return result


def _log_loss(
    margins: FloatArray, target: FloatArray, weights: FloatArray, slope: float, offset: float
) -> float:
    values = slope * margins + offset
    # log(1 + e^z) - t z, written to stay finite for large |z|
    return float(weights @ (np.logaddexp(0.0, values) - target * values))


@dataclass(frozen=True, slots=True)
class Threshold:
    """A chosen threshold with the cross-validated precision, recall and F1 it gives."""

    value: float
    precision: float
    recall: float
    f1: float
    reached: bool
    """Whether the precision target was met (otherwise this is the best-F1 threshold)."""

    @property
    def suggested(self) -> bool:
        """Whether the code is suggested at all (value is infinite when it is not)."""
        return bool(np.isfinite(self.value))


def choose_threshold(
    scores: FloatArray,
    truth: BoolArray,
    weights: FloatArray,
    *,
    target_precision: float,
    rule: ThresholdRule = "f1",
) -> Threshold:
    """The threshold for one code from out-of-fold scores (predict when score ≥ threshold).

    `weights` count each unit (a sampled uncoded unit stands for several). The threshold lies
    halfway between the last score taken and the next lower one, so that a model trained on
    all units, whose scores differ a little from the out-of-fold ones, is not cut on the edge.
    """
    order = np.argsort(-scores, kind="stable")
    ranked, hits, weight = scores[order], truth[order], weights[order]
    true_positives = np.cumsum(np.where(hits, weight, 0.0))
    taken = np.cumsum(weight)
    positives = float(true_positives[-1]) if len(ranked) else 0.0
    if positives <= 0:
        return Threshold(float("inf"), 0.0, 0.0, 0.0, reached=False)
    # Only cut between different scores: ties go together.
    cuts = np.flatnonzero(np.r_[ranked[1:] != ranked[:-1], True])
    precision = true_positives[cuts] / taken[cuts]
    recall = true_positives[cuts] / positives
    both = precision + recall
    f1 = np.divide(2 * precision * recall, both, out=np.zeros_like(both), where=both > 0)
    meeting = np.flatnonzero(precision >= target_precision)
    if len(meeting) == 0:
        best = int(np.argmax(f1))
        if precision[best] < target_precision / 2:
            return Threshold(
                float("inf"), float(precision[best]), float(recall[best]), float(f1[best]), False
            )
    elif rule == "recall":
        best = int(meeting[-1])
    else:
        best = int(meeting[np.argmax(f1[meeting])])
    cut = int(cuts[best])
    below = ranked[cut + 1] if cut + 1 < len(ranked) else ranked[cut] - 1e-6
    return Threshold(
        float((ranked[cut] + below) / 2),
        float(precision[best]),
        float(recall[best]),
        float(f1[best]),
        reached=len(meeting) > 0,
    )
