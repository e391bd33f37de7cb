"""The learned suggestion model: a linear classifier per code, trained on the researcher's coding.

    model = train(units, labels, rejected)   # labels[i], rejected[i]: codes on unit i
    model.reports["challenges"]               # CodeReport: trained? cross-validated P/R/F1
    model.predict(new_units)                  # per unit: [Prediction(code, score, span, terms)]

Training data: `labels[i]` are the codes people applied to unit i (positives for those codes);
a unit with no label is a negative for every code; `rejected[i]` are codes the researcher
rejected on unit i — hard negatives for those codes, weighted up (`ModelSettings`). A code both
applied and rejected on one unit counts as applied. A code with fewer than `min_positives`
units is not trained, and its report says why.

Each code gets a linear SVM (scikit-learn's liblinear) over the features of
`coder.suggest.features`, each feature scaled by its naive-Bayes log-count ratio for the code
(NB-SVM), positives weighted up. It is fitted once per cross-validation fold (folds by source,
`validation.folds`); the out-of-fold margins give a Platt calibration — so a score is a
probability-like number in 0–1 — and the code's threshold (`validation.choose_threshold`: by
default the best-F1 threshold among those whose cross-validated precision reaches
`target_precision`); the model that predicts is the average of the fold models. The report
carries the cross-validated precision, recall and F1 at the threshold. When the training set
holds more than `ModelSettings.max_negatives` uncoded units, a seeded random sample of them is
used, each weighted to stand for the rest, which keeps training on 100,000 units within seconds.
`coder.suggest.fitting` has the details and `benchmarks/suggest_quality.py` the evidence. A
code whose cross-validated precision stays below half the target at every threshold is trained
but not suggested: its report has no threshold and a note saying so.

`predict` scores each unit and, for a unit with `windows`, each window too, and reports the
best-scoring span of each code at or above the code's threshold (or above `min_score`, when
given, for every trained code); `terms` are the lemma 1–2-grams that pushed the score up most
(character n-gram evidence is credited to the lemma of the word it came from).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from coder.suggest.features import Unit
from coder.suggest.fitting import CodeReport, Fitted, ModelSettings, fit_codes
from coder.suggest.reasons import expand_windows, pick_best, strongest_terms

__all__ = ["CodeReport", "ModelSettings", "Prediction", "SuggestionModel", "train"]


@dataclass(frozen=True, slots=True)
class Prediction:
    """A suggested code on a unit: calibrated score, the best span, and why."""

    code: str
    score: float
    start: int
    end: int
    """The span inside `Unit.text`: the best-scoring window, or the whole unit."""
    terms: tuple[str, ...]
    """The lemma words and bigrams that weighed most for the code, strongest first."""


class SuggestionModel:
    """A trained model: per-code weights, calibrations and thresholds over one feature space."""

    def __init__(self, fitted: Fitted, settings: ModelSettings, version: str) -> None:
        self.version = version
        """Unique name of this model, stored on every suggestion it makes."""
        self.reports: Mapping[str, CodeReport] = {r.code: r for r in fitted.reports}
        """One report per code seen in training, trained or not, by code."""
        self.codes = tuple(fitted.codes)
        """The trained codes, in the column order of the weights."""
        self.settings = settings
        self._features = fitted.features
        self._weights = fitted.weights
        self._intercepts = fitted.intercepts
        self._calibrations = tuple(fitted.calibrations)
        self._thresholds = np.array(
            [_or_inf(self.reports[code].threshold) for code in self.codes], dtype=np.float64
        )

    def scores(self, units: Sequence[Unit]) -> NDArray[np.float64]:
        """The calibrated score of every trained code on every unit as a whole (units × codes)."""
        if not self.codes or not units:
            return np.zeros((len(units), len(self.codes)))
        return self._calibrated(self._features.transform(units) @ self._weights)

    def _calibrated(self, products: NDArray[np.float64]) -> NDArray[np.float64]:
        margins = products + self._intercepts
        return np.column_stack([cal(margins[:, j]) for j, cal in enumerate(self._calibrations)])

    def predict(
        self, units: Sequence[Unit], *, min_score: float | None = None
    ) -> list[list[Prediction]]:
        """Per unit, the codes scoring at or above their threshold (or `min_score`), best first."""
        if not self.codes or not units:
            return [[] for _ in units]
        rows, owners, spans = expand_windows(units)
        matrix = self._features.transform(rows)
        scores = self._calibrated(matrix @ self._weights)
        best_rows, best_scores = pick_best(scores, owners, len(units))
        cut = self._thresholds if min_score is None else np.full(len(self.codes), min_score)
        found: list[list[Prediction]] = [[] for _ in units]
        for unit_index, code_index in zip(*np.nonzero(best_scores >= cut), strict=True):
            row = int(best_rows[unit_index, code_index])
            start, end = spans[row]
            terms = strongest_terms(
                self._features,
                matrix[row],
                rows[row],
                self._weights[:, code_index],
                self.settings.terms,
            )
            score = float(best_scores[unit_index, code_index])
            found[unit_index].append(Prediction(self.codes[code_index], score, start, end, terms))
        for predictions in found:
            predictions.sort(key=lambda p: (-p.score, p.code))
        return found


def train(
    units: Sequence[Unit],
    labels: Sequence[frozenset[str]],
    rejected: Sequence[frozenset[str]],
    *,
    target_precision: float = 0.6,
    min_positives: int = 5,
    folds: int = 5,
    seed: int = 0,
    settings: ModelSettings | None = None,
) -> SuggestionModel:
    """Train one classifier per code with at least `min_positives` positive units.

    Thresholds come from `folds`-fold cross-validation on the training units (by source when
    there are two or more sources), so the reports' figures are honest estimates.
    """
    if not len(units) == len(labels) == len(rejected):
        raise ValueError("units, labels and rejected must have one entry per unit")
    if min_positives < 2 or folds < 2:
        raise ValueError("min_positives and folds must be at least 2 (thresholds need folds)")
    settings = settings or ModelSettings()
    fitted = fit_codes(
        units,
        labels,
        rejected,
        target_precision=target_precision,
        min_positives=min_positives,
        folds=folds,
        seed=seed,
        settings=settings,
    )
    return SuggestionModel(fitted, settings, _version(units, labels))


def _or_inf(threshold: float | None) -> float:
    """A code that is trained but not suggested has no threshold: nothing reaches it."""
    return float("inf") if threshold is None else threshold


def _version(units: Sequence[Unit], labels: Sequence[frozenset[str]]) -> str:
    """`m-<UTC time>-<hash>`: the hash covers the training data and the clock, so it is unique."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    digest = hashlib.blake2b(digest_size=4)
    digest.update(str(time.time_ns()).encode())
    digest.update(str(len(units)).encode())
    for codes in labels[:1000]:
        digest.update("|".join(sorted(codes)).encode())
    return f"m-{stamp}-{digest.hexdigest()}"
