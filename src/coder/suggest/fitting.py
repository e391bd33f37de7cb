"""Fitting the per-code classifiers of the suggestion model, with out-of-fold thresholds.

`fit_codes` does the work behind `coder.suggest.model.train`: it chooses the training rows
(every coded or rejected unit, and the uncoded ones or a weighted sample of them), learns the
feature space from those rows, fits one linear SVM per code on each cross-validation fold, and
turns the out-of-fold margins into a calibration, a threshold and a report per code. The model
that predicts is the average of the fold models (bagging) rather than one more fit on all rows:
it costs nothing, and its scores match the out-of-fold scores that the thresholds were chosen
on (a model fitted on all rows scores more boldly than the ones the thresholds saw).

Everything runs in the calling thread: on the 2-core machine neither threads (measured: the
liblinear fits did not overlap) nor worker processes (start-up and copying the matrix) made
training faster, so the time goes into doing less instead — capped solver passes, a sample of
the uncoded units — which the quality benchmark showed costs nothing.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from coder.suggest import validation
from coder.suggest.features import Features, FeatureSettings, Matrix, Unit, fit_features

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]

_UNFITTED = -1e3
"""The intercept of a code that a fold could not fit (no positives): it never scores."""


@dataclass(frozen=True, slots=True)
class CodeReport:
    """What training made of one code: whether it was trained, and its cross-validated quality.

    `precision`, `recall` and `f1` are out-of-fold figures at `threshold`; all four are None
    for a code that was not trained, or that is trained but not suggested because no threshold
    came near the precision target. `note` says in plain words what the researcher should know
    ("3 accepted codings; needs 5", "precision target 0.60 not reached …") or is empty.
    """

    code: str
    positives: int
    hard_negatives: int
    trained: bool
    note: str
    threshold: float | None
    precision: float | None
    recall: float | None
    f1: float | None


@dataclass(frozen=True, slots=True)
class ModelSettings:
    """How the model is trained; the defaults are those chosen by benchmarks/suggest_quality.py."""

    features: FeatureSettings = field(default_factory=FeatureSettings)
    c: float = 0.1
    """Inverse regularisation strength of the linear SVM."""
    nb: bool = True
    """Scale features per code by naive-Bayes log-count ratios before the SVM (NB-SVM)."""
    balance: float = 0.5
    """Positives weigh (negatives / positives) ** balance: 0 plain, 1 classes as equal halves."""
    tol: float = 0.1
    max_iter: int = 5
    """Stopping rule of liblinear's dual coordinate descent: five passes over the rows score as
    well as running to scikit-learn's default tolerance here, at a fraction of the time."""
    hard_negative_weight: float = 3.0
    """How much a rejected suggestion counts against its code, against an uncoded unit."""
    max_negatives: int = 10_000
    """Uncoded units kept for training; beyond this a weighted random sample is used."""
    rule: validation.ThresholdRule = "f1"
    """How thresholds are chosen among those meeting the precision target."""
    terms: int = 5
    """How many terms a prediction gives as its reason."""


@dataclass(slots=True)
class Fitted:
    """What training produced: the feature space, per-code weights and the reports."""

    features: Features
    codes: list[str]
    weights: FloatArray  # features × codes
    intercepts: FloatArray
    calibrations: list[validation.Calibration]
    reports: list[CodeReport]


@dataclass(slots=True)
class _Problem:
    """The training rows with their matrix, truth per code and weights."""

    matrix: Matrix
    truth: BoolArray  # rows × codes
    hard: BoolArray  # rows × codes: rejected suggestions
    weights: FloatArray  # how many units each row stands for


def fit_codes(
    units: Sequence[Unit],
    labels: Sequence[frozenset[str]],
    rejected: Sequence[frozenset[str]],
    *,
    target_precision: float,
    min_positives: int,
    folds: int,
    seed: int,
    settings: ModelSettings,
) -> Fitted:
    """Fit every code with at least `min_positives` positives; report on every code seen."""
    positives = Counter(code for codes in labels for code in codes)
    hard_counts = Counter(
        code for codes, wrong in zip(labels, rejected, strict=True) for code in wrong - codes
    )
    trained = sorted(code for code, count in positives.items() if count >= min_positives)
    rows, weights = _training_rows(labels, rejected, settings.max_negatives, seed)
    chosen = [units[i] for i in rows]
    features, matrix = fit_features(chosen, settings.features)
    truth = np.zeros((len(rows), len(trained)), dtype=bool)
    hard = np.zeros_like(truth)
    column = {code: j for j, code in enumerate(trained)}
    for row, unit in enumerate(rows.tolist()):
        truth[row, [column[c] for c in labels[unit] if c in column]] = True
        hard[row, [column[c] for c in rejected[unit] - labels[unit] if c in column]] = True
    problem = _Problem(matrix, truth, hard, weights)
    split = validation.folds([u.group for u in chosen], [labels[i] for i in rows], folds, seed=seed)
    results = [_fit_fold(problem, train, test, settings) for train, test in split]
    out_of_fold = np.zeros((len(rows), len(trained)))
    for (_, test), (margins, _, _) in zip(split, results, strict=True):
        out_of_fold[test] = margins
    final_weights, final_intercepts = _average(results, len(trained), matrix.shape[1])
    calibrations, reports = [], []
    for j, code in enumerate(trained):
        calibration, threshold = _threshold(
            out_of_fold[:, j], truth[:, j], weights, target_precision, settings
        )
        calibrations.append(calibration)
        reports.append(
            _report(code, positives[code], hard_counts[code], threshold, target_precision)
        )
    for code in sorted(set(positives) | set(hard_counts)):
        if code not in column:
            reports.append(_untrained(code, positives[code], hard_counts[code], min_positives))
    return Fitted(features, trained, final_weights, final_intercepts, calibrations, reports)


def _threshold(
    margins: FloatArray,
    truth: BoolArray,
    weights: FloatArray,
    target_precision: float,
    settings: ModelSettings,
) -> tuple[validation.Calibration, validation.Threshold]:
    """One code's calibration and threshold from its out-of-fold margins."""
    fitted = margins > _UNFITTED / 2  # rows whose fold could fit the code
    calibration = validation.calibrate(margins[fitted], truth[fitted], weights[fitted])
    threshold = validation.choose_threshold(
        calibration(margins),
        truth,
        weights,
        target_precision=target_precision,
        rule=settings.rule,
    )
    return calibration, threshold


def _training_rows(
    labels: Sequence[frozenset[str]],
    rejected: Sequence[frozenset[str]],
    max_negatives: int,
    seed: int,
) -> tuple[IntArray, FloatArray]:
    """Row indices to train on and the number of units each stands for.

    Every unit with a label or a rejection is kept; of the rest, all when there are at most
    `max_negatives`, else a seeded random sample weighted up to stand for all of them.
    """
    informative = np.array([bool(a or b) for a, b in zip(labels, rejected, strict=True)], bool)
    kept = np.flatnonzero(informative)
    plain = np.flatnonzero(~informative)
    weights = np.ones(len(labels))
    if len(plain) > max_negatives:
        rng = np.random.default_rng(seed)
        chosen = np.sort(rng.choice(plain, size=max_negatives, replace=False))
        weights[chosen] = len(plain) / max_negatives
        plain = chosen
    rows = np.sort(np.concatenate([kept, plain])).astype(np.int64)
    return rows, weights[rows]


def _average(
    results: list[tuple[FloatArray, FloatArray, FloatArray]], codes: int, width: int
) -> tuple[FloatArray, FloatArray]:
    """The mean of the fold models of each code, over the folds where the code could be fitted."""
    weights = np.zeros((width, codes))
    intercepts = np.zeros(codes)
    fitted = np.zeros(codes)
    for _, fold_weights, fold_intercepts in results:
        used = fold_intercepts > _UNFITTED
        weights[:, used] += fold_weights[:, used]
        intercepts[used] += fold_intercepts[used]
        fitted += used
    intercepts[fitted == 0] = _UNFITTED
    fitted[fitted == 0] = 1
    return weights / fitted, intercepts / fitted


def _fit_fold(
    problem: _Problem, train: IntArray, test: IntArray, settings: ModelSettings
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Fit every code on the `train` rows; the margins of the `test` rows.

    The returned weights apply to the unscaled features: a code's naive-Bayes scaling is folded
    into them, so the model predicts with one matrix product for all codes.
    """
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.svm import LinearSVC

    matrix = problem.matrix[train]
    codes = problem.truth.shape[1]
    weights = np.zeros((problem.matrix.shape[1], codes))
    intercepts = np.zeros(codes)
    hard_factor = np.where(problem.hard[train], settings.hard_negative_weight, 1.0)
    counts = problem.weights[train, None] * hard_factor  # rows × codes
    ratios = _log_count_ratios(matrix, problem.truth[train], counts) if settings.nb else None
    scaled = matrix.copy()
    for j in range(codes):
        truth = problem.truth[train, j]
        if truth.all() or not truth.any():  # a fold needs positives and negatives to learn
            intercepts[j] = _UNFITTED
            continue
        if ratios is not None:
            scaled.data = matrix.data * ratios[matrix.indices, j]
        model = LinearSVC(
            C=settings.c, tol=settings.tol, max_iter=settings.max_iter, random_state=0
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(scaled, truth, sample_weight=_balance(truth, counts[:, j], settings))
        weights[:, j] = model.coef_[0] if ratios is None else model.coef_[0] * ratios[:, j]
        intercepts[j] = model.intercept_[0]
    margins = problem.matrix[test] @ weights + intercepts
    return margins, weights, intercepts


def _log_count_ratios(matrix: Matrix, truth: BoolArray, counts: FloatArray) -> FloatArray:
    """Per feature and code, the log ratio of its share among positives and among negatives.

    Wang and Manning's NB-SVM: scaling each feature by how much more often it occurs in the
    code's units than elsewhere before the SVM sees it lets a few telling words count for more
    than regularisation would allow. Presence is counted (not tf-idf), smoothed by one.
    """
    presence = matrix.copy()
    presence.data = np.ones_like(presence.data)
    positive = presence.T @ (counts * truth) + 1.0
    negative = presence.T @ (counts * ~truth) + 1.0
    ratios: FloatArray = np.log(positive / positive.sum(axis=0)) - np.log(
        negative / negative.sum(axis=0)
    )
    return ratios


def _balance(truth: BoolArray, counts: FloatArray, settings: ModelSettings) -> FloatArray:
    """Per-row weights: `counts`, with positives weighted up by (negatives / positives) ** balance.

    `counts` already say how many units a row stands for, hard negatives weighted up.
    """
    positive = counts[truth].sum()
    negative = counts.sum() - positive
    if settings.balance == 0 or positive <= 0 or negative <= 0:
        return counts
    weighted: FloatArray = counts * np.where(truth, (negative / positive) ** settings.balance, 1.0)
    return weighted


def _report(
    code: str, positives: int, hard: int, threshold: validation.Threshold, target: float
) -> CodeReport:
    note = ""
    if not threshold.suggested:
        note = (
            f"not suggested: precision target {target:.2f} not reached in cross-validation "
            f"(best F1 {threshold.f1:.2f} at precision {threshold.precision:.2f})"
        )
        return CodeReport(code, positives, hard, True, note, None, None, None, None)
    if not threshold.reached:
        note = (
            f"precision target {target:.2f} not reached in cross-validation; "
            f"suggested at the best-F1 threshold (precision {threshold.precision:.2f})"
        )
    return CodeReport(
        code, positives, hard, True, note, threshold.value,
        threshold.precision, threshold.recall, threshold.f1,
    )  # fmt: skip


def _untrained(code: str, positives: int, hard: int, needed: int) -> CodeReport:
    noun = "coding" if positives == 1 else "codings"
    note = f"{positives} accepted {noun}; needs {needed}"
    return CodeReport(code, positives, hard, False, note, None, None, None, None)
