"""Measure how good the learned suggestions are on real, human-coded text (NHS FFT answers).

Reads ../shared/data/nhs-fft/comments.csv (7,400 free-text answers coded by people with 46
categories; see its README), drops the two "uncodable" categories, keeps the 5,865 answers with
at least one code, lemmatises them with `coder.nlp.lemmas` and runs the engine's nested
cross-validation (`coder.suggest.evaluate.cross_validate`: 5 outer folds, thresholds from 5
inner folds of each training part). Prints one row per code and the micro and macro lines; with
--write-readme it replaces the marked suggest-quality section of benchmarks/README.md.
`--compare` also runs the other configurations of the table in the README (slow: minutes each).

    python benchmarks/suggest_quality.py [--data CSV] [--folds 5] [--compare] [--write-readme]
"""

from __future__ import annotations

import argparse
import csv
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import readme
from coder.nlp.lemmas import lemmatizer
from coder.suggest.evaluate import Evaluation, cross_validate
from coder.suggest.features import FeatureSettings, Unit
from coder.suggest.model import ModelSettings

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "nhs-fft" / "comments.csv"
UNCODABLE = {"Labelling not possible", "Not assigned"}
MICRO, MACRO = 0.72, 0.40
TARGETS = (
    f"Targets: micro-F1 ≥ {MICRO:.2f} and macro-F1 ≥ {MACRO:.2f} (macro over every code in the "
    "data; a code never suggested counts as 0). Reference: TF-IDF word 1–2-grams + one-vs-rest "
    "logistic regression at a 0.3 threshold, micro-F1 0.67, macro-F1 0.25."
)


@dataclass(frozen=True, slots=True)
class Config:
    """One configuration of the engine to cross-validate."""

    name: str
    settings: ModelSettings
    target_precision: float = 0.6


DEFAULT = Config("default: NB-SVM C=0.1, lemma 1–2 + char 4–5, rule f1", ModelSettings())
_BASE = ModelSettings()
COMPARE = (
    Config("rule recall: lowest threshold with precision ≥ 0.6", replace(_BASE, rule="recall")),
    Config("target precision 0.5", _BASE, target_precision=0.5),
    Config("target precision 0.7", _BASE, target_precision=0.7),
    Config("plain SVM (no NB scaling), C=0.3", replace(_BASE, nb=False, c=0.3)),
    Config("no character n-grams", replace(_BASE, features=FeatureSettings(char_ngrams=(0, 0)))),
    Config("character 2–5-grams", replace(_BASE, features=FeatureSettings(char_ngrams=(2, 5)))),
    Config("classes fully balanced", replace(_BASE, balance=1.0)),
    Config("no class weights", replace(_BASE, balance=0.0)),
    Config("SVM run to convergence (tol 1e-4)", replace(_BASE, max_iter=1000, tol=1e-4)),
)


def load(path: Path) -> tuple[list[Unit], list[frozenset[str]]]:
    """The answers with at least one codable category, as units, and their codes."""
    lemmas = lemmatizer("en")
    units, labels = [], []
    with path.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            codes = {c.strip() for c in (row["codes"] or "").split(";")} - UNCODABLE - {""}
            if codes:
                text = row["text"] or ""
                units.append(Unit(text, lemmas(text), kind="other", group=row["comment_id"]))
                labels.append(frozenset(codes))
    return units, labels


def per_code_table(evaluation: Evaluation) -> str:
    """One Markdown row per code: support, suggested, precision, recall, F1."""
    rows = ["| code | units | suggested | precision | recall | F1 |", "|---|--:|--:|--:|--:|--:|"]
    for code in evaluation.codes:
        rows.append(
            f"| {code.code} | {code.support} | {code.suggested} | {code.precision:.2f} "
            f"| {code.recall:.2f} | {code.f1:.2f} |"
        )
    for name, scores in (
        ("**micro**", evaluation.micro),
        ("**macro, all codes**", evaluation.macro),
        ("macro, codes with ≥ 5 units", evaluation.macro_trainable),
    ):
        rows.append(
            f"| {name} | | | {scores.precision:.3f} | {scores.recall:.3f} | **{scores.f1:.3f}** |"
        )
    return "\n".join(rows)


def summary_table(results: Sequence[tuple[Config, Evaluation, float]]) -> str:
    """One row per configuration: micro and macro F1 and the time taken."""
    rows = [
        "| configuration | micro P | micro R | micro-F1 | macro-F1 (all codes) | time |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for config, evaluation, seconds in results:
        micro = evaluation.micro
        mark = "✓" if micro.f1 >= MICRO and evaluation.macro.f1 >= MACRO else "✗"
        rows.append(
            f"| {config.name} | {micro.precision:.3f} | {micro.recall:.3f} | {micro.f1:.3f} {mark} "
            f"| {evaluation.macro.f1:.3f} | {seconds:.0f} s |"
        )
    return "\n".join(rows)


def run(config: Config, units: list[Unit], labels: list[frozenset[str]], folds: int) -> Evaluation:
    """Cross-validate one configuration (stratified folds: every answer is its own source)."""
    return cross_validate(
        units,
        labels,
        folds=folds,
        by_group=False,
        target_precision=config.target_precision,
        settings=config.settings,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Load the answers, cross-validate, print the tables and optionally write the README."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DATA, help="the comments.csv to use")
    parser.add_argument("--folds", type=int, default=5, help="outer and inner folds")
    parser.add_argument("--compare", action="store_true", help="also run other configurations")
    parser.add_argument("--write-readme", action="store_true", help="update benchmarks/README.md")
    args = parser.parse_args(argv)
    units, labels = load(args.data)
    results = []
    for config in (DEFAULT, *(COMPARE if args.compare else ())):
        start = time.perf_counter()
        evaluation = run(config, units, labels, args.folds)
        results.append((config, evaluation, time.perf_counter() - start))
        micro, macro = evaluation.micro.f1, evaluation.macro.f1
        print(f"{config.name}: micro-F1 {micro:.3f}, macro-F1 {macro:.3f}", flush=True)
    head = (
        f"{len(units):,} answers, {len(results[0][1].codes)} codes, {args.folds}-fold nested "
        "cross-validation (stratified; thresholds from inner folds of each training part).\n\n"
    )
    body = head + summary_table(results) + "\n\nPer code, default configuration:\n\n"
    readme.publish("suggest-quality", body + per_code_table(results[0][1]), TARGETS,
                   write=args.write_readme)  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
