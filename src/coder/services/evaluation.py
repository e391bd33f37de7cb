"""Evaluating the suggestion model on the project's own coding, by cross-validation.

The units and labels are those the model trains on (see coder.services.suggesting): the turns
(or sentences) of the sources people have coded. Folds are split by source by default, so that
no interview is both learnt from and tested on; each fold's model picks its thresholds on its
own training folds only. The figures say how the suggestions would have fared on sources the
model had not seen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coder.errors import CodingError
from coder.services.codebook import project_codebook
from coder.services.project import Project
from coder.services.suggesting import MIN_POSITIVES, SuggestOptions, UnitKind, load_corpus
from coder.suggest.evaluate import Evaluation, Scores, cross_validate


@dataclass(frozen=True)
class ProjectEvaluation:
    """Cross-validated figures per code (with its name) and overall, and how they were made."""

    evaluation: Evaluation
    names: dict[str, str]
    folds: int
    by_source: bool
    units: int
    sources: int

    def records(self) -> list[dict[str, Any]]:
        """One row per code, then the micro and macro averages."""
        rows = [
            _row(score.code, self.names.get(score.code, ""), score.support, score.suggested,
                 score.scores)
            for score in self.evaluation.codes
        ]  # fmt: skip
        support = sum(score.support for score in self.evaluation.codes)
        made = sum(score.suggested for score in self.evaluation.codes)
        rows.append(_row("(micro)", "every unit and code pooled", support, made,
                         self.evaluation.micro))  # fmt: skip
        rows.append(_row("(macro)", "mean over codes", support, made, self.evaluation.macro))
        return rows

    def summary(self) -> str:
        """One line: how the folds were made and the headline figures."""
        split = "by source" if self.by_source else "by unit"
        return (
            f"{self.folds}-fold cross-validation {split} over {self.units} units of "
            f"{self.sources} coded sources: micro-F1 {self.evaluation.micro.f1:.2f}, "
            f"macro-F1 {self.evaluation.macro.f1:.2f} (codes with fewer than {MIN_POSITIVES} "
            "coded units are never suggested and count as 0)"
        )


def _row(code: str, name: str, support: int, suggested: int, scores: Scores) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "support": support,
        "suggested": suggested,
        "precision": round(scores.precision, 3),
        "recall": round(scores.recall, 3),
        "f1": round(scores.f1, 3),
    }


def evaluate(
    project: Project,
    *,
    folds: int = 5,
    by_source: bool = True,
    unit: UnitKind = "turn",
    target_precision: float = 0.6,
) -> ProjectEvaluation:
    """Cross-validate the model on the project's coding; refuses when there is too little."""
    options = SuggestOptions(unit=unit, target_precision=target_precision)
    corpus = load_corpus(project, None, options)
    sources = len({unit.group for unit in corpus.units})
    if not any(corpus.labels):
        raise CodingError(
            "nothing to evaluate: no source has accepted codings yet",
            "code some sources first (or import codings), then run 'coder evaluate'",
        )
    if by_source and sources < folds:
        fewer = f"use --folds {sources} or fewer, or --by unit" if sources >= 2 else "use --by unit"
        raise CodingError(
            f"{sources} coded sources cannot be split into {folds} folds by source", fewer
        )
    evaluation = cross_validate(
        corpus.units,
        corpus.labels,
        rejected=corpus.rejected,
        folds=folds,
        by_group=by_source,
        target_precision=target_precision,
        min_positives=MIN_POSITIVES,
    )
    names = {code.id: code.name for code in project_codebook(project).codes}
    return ProjectEvaluation(evaluation, names, folds, by_source, len(corpus.units), sources)
