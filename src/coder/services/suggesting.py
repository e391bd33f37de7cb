"""Suggesting codes: train on the researchers' coding, run the codebook's rules, store the queue.

A run works on units of coding — speaker turns and document paragraphs, or sentences with
`unit="sentence"`; interviewer turns are left out unless asked for. It has two parts:
- the model (coder.suggest): for each code with enough accepted codings, a linear model over the
  units of the sources people have coded — a unit is a positive example of a code when an
  accepted coding of it lies mostly inside the unit or covers most of it; rejected suggestions
  are hard negatives; the other units of coded sources are negatives. Each code's threshold is
  chosen by cross-validation for the target precision;
- the rules (coder.nlp.matcher): keywords and patterns of the codebook. They speak for a code
  only while it has no trained model — once people have coded enough examples the model knows
  the code better than its keywords, and a keyword hit only joins the model's reason.
Suggestions are never made where the code is already applied, nor where a suggestion of the
same code was rejected; the run replaces the pending suggestions of its scope in one transaction.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Literal

from coder.domain.codebook import Code
from coder.domain.coding import Status
from coder.domain.suggestion import sentences_around
from coder.errors import CodingError
from coder.nlp.lemmas import function_words, lemmatizer
from coder.nlp.matcher import rule_hits, rule_pipeline
from coder.services.codebook import project_codebook
from coder.services.project import Project
from coder.services.rules import (
    rule_prior,
    rule_row,
    rule_score,
    rule_version,
    rules_of,
)
from coder.storage import suggestions as store
from coder.suggest.features import Unit as ModelUnit
from coder.suggest.model import CodeReport, Prediction, SuggestionModel, train

MIN_POSITIVES = 5
"""Units a code must be applied to before the model learns it (the rules speak till then)."""
UnitKind = Literal["turn", "sentence"]
UNITS: tuple[UnitKind, ...] = ("turn", "sentence")


@dataclass(frozen=True)
class SuggestOptions:
    """What a suggestion run covers and how it decides."""

    sources: tuple[str, ...] = ()
    """Source names to suggest in (all when empty); training always uses every coded source."""
    codes: tuple[str, ...] = ()
    """Code ids to suggest (every codable code when empty)."""
    unit: UnitKind = "turn"
    min_score: float | None = None
    """Suggest at or above this score instead of each code's chosen threshold."""
    interviewer: bool = False
    """Also code the interviewer's turns."""
    target_precision: float = 0.6


@dataclass(frozen=True)
class CodeOutcome:
    """What a run did for one code: suggestions by rule and by model, and the model's figures."""

    code: Code
    by_rule: int
    by_model: int
    report: CodeReport

    @property
    def suggested(self) -> int:
        """Suggestions written for the code."""
        return self.by_rule + self.by_model


@dataclass(frozen=True)
class SuggestRun:
    """The result of `suggest`: the model version, the units seen, and per code what came out."""

    model: str | None
    examples: int
    units: int
    outcomes: tuple[CodeOutcome, ...]

    @property
    def suggested(self) -> int:
        """Suggestions written in all."""
        return sum(outcome.suggested for outcome in self.outcomes)


@dataclass(frozen=True)
class Corpus:
    """Units of a project as the model sees them, with their labels and where they are."""

    rows: list[store.UnitRow]
    units: list[ModelUnit]
    labels: list[frozenset[str]]
    rejected: list[frozenset[str]]


def suggest(project: Project, options: SuggestOptions = SuggestOptions()) -> SuggestRun:
    """Train on the project's coding, run the rules, and store the pending suggestions."""
    codes = _codes_in_scope(project, options.codes)
    targets = _source_ids(project, options.sources)
    training = load_corpus(project, None, options)
    model = train(
        training.units,
        training.labels,
        training.rejected,
        target_precision=options.target_precision,
        min_positives=MIN_POSITIVES,
    )
    scope = load_corpus(project, targets, options)
    run = _Run(model, scope, codes, _taken(project, scope), _rule_reasons(scope, codes), options)
    rows = run.model_rows() + run.rule_rows(rule_prior(project))
    trained = any(report.trained for report in model.reports.values())
    with project.transaction() as conn:
        store.replace_pending(
            conn,
            rows,
            source_ids=targets if options.sources else None,
            codes=list(codes) if options.codes else None,
        )
        if trained:
            store.save_model(
                conn,
                version=model.version,
                trained_by=project.coder,
                unit=options.unit,
                examples=len(training.units),
                report={code: asdict(report) for code, report in model.reports.items()},
            )
    outcomes = tuple(
        CodeOutcome(code, run.by_rule[code.id], run.by_model[code.id], _report_of(model, code.id))
        for code in codes.values()
    )
    version = model.version if trained else None
    return SuggestRun(version, len(training.units), len(scope.units), outcomes)


RuleReasons = dict[tuple[int, str], tuple[tuple[str, ...], tuple[int, int]]]
"""(unit index, code) → (the rule hits' reasons, the span of the sentences holding them)."""


@dataclass
class _Run:
    """One run's model, units and rule hits, turned into suggestion rows."""

    model: SuggestionModel
    scope: Corpus
    codes: dict[str, Code]
    taken: set[tuple[int, str]]
    rules: RuleReasons
    options: SuggestOptions
    by_rule: Counter[str] = field(default_factory=Counter)
    by_model: Counter[str] = field(default_factory=Counter)

    def trained(self, code_id: str) -> bool:
        """Whether the model learnt this code."""
        report = self.model.reports.get(code_id)
        return report is not None and report.trained

    def model_rows(self) -> list[store.PendingRow]:
        """The model's suggestions for the units in scope, where the code is still open."""
        if not any(self.trained(code_id) for code_id in self.codes):
            return []
        rows = []
        predicted = self.model.predict(self.scope.units, min_score=self.options.min_score)
        for index, predictions in enumerate(predicted):
            for prediction in predictions:
                key = (index, prediction.code)
                if prediction.code in self.codes and key not in self.taken:
                    row = self.scope.rows[index]
                    rows.append(
                        _model_row(row, prediction, self.model.version, self.rules.get(key))
                    )
                    self.by_model[prediction.code] += 1
        return rows

    def rule_rows(self, prior: dict[str, float]) -> list[store.PendingRow]:
        """The rules' suggestions for codes the model has not learnt, where still open."""
        version = rule_version(rules_of(code) for code in self.codes.values())
        rows = []
        for (index, code_id), (reasons, span) in self.rules.items():
            if self.trained(code_id) or (index, code_id) in self.taken:
                continue
            score = rule_score(prior, code_id, len(reasons))
            if self.options.min_score is not None and score < self.options.min_score:
                continue
            source_id = self.scope.rows[index].source_id
            rows.append(rule_row(source_id, code_id, span, reasons, score=score, version=version))
            self.by_rule[code_id] += 1
        return rows


def _report_of(model: SuggestionModel, code_id: str) -> CodeReport:
    """The model's report on a code; for a code nobody has applied yet, one that says so."""
    found = model.reports.get(code_id)
    if found is not None:
        return found
    note = f"no accepted codings yet; needs {MIN_POSITIVES}"
    return CodeReport(code_id, 0, 0, False, note, None, None, None, None)


def load_corpus(
    project: Project, source_ids: Sequence[int] | None, options: SuggestOptions
) -> Corpus:
    """The units of these sources (None: every source with accepted coding) and their labels."""
    conn = project.conn
    wanted = sorted(store.coded_source_ids(conn)) if source_ids is None else list(source_ids)
    rows = [
        row
        for row in store.units(conn, wanted, by_sentence=options.unit == "sentence")
        if options.interviewer or not row.interviewer
    ]
    texts = store.source_texts(conn, wanted)
    accepted = _spans_by_source(store.spans(conn, Status.ACCEPTED))
    turned_down = _spans_by_source(store.spans(conn, Status.REJECTED, origins=store.SUGGESTED))
    units, labels, rejected = [], [], []
    for row in rows:
        text = texts[row.source_id][row.start : row.end]
        units.append(
            ModelUnit(
                text=text,
                lemmas=lemmatizer(row.language)(text),
                role=_role(row),
                kind=row.kind,
                group=row.source,
                windows=tuple((s - row.start, e - row.start) for s, e in row.sentences),
            )
        )
        labels.append(_codes_inside(row, accepted.get(row.source_id, ())))
        rejected.append(_codes_inside(row, turned_down.get(row.source_id, ())))
    return Corpus(rows, units, labels, rejected)


def _role(row: store.UnitRow) -> str:
    if row.kind != "interview":
        return ""
    return "interviewer" if row.interviewer else "informant"


def _codes_inside(row: store.UnitRow, spans: Sequence[store.SpanRow]) -> frozenset[str]:
    """Codes whose spans lie mostly inside the unit, or cover most of it."""
    found = set()
    for span in spans:
        overlap = min(row.end, span.end) - max(row.start, span.start)
        if overlap > 0 and (
            2 * overlap >= span.end - span.start or 2 * overlap >= row.end - row.start
        ):
            found.add(span.code)
    return frozenset(found)


def _spans_by_source(spans: Sequence[store.SpanRow]) -> dict[int, list[store.SpanRow]]:
    by_source: dict[int, list[store.SpanRow]] = defaultdict(list)
    for span in spans:
        by_source[span.source_id].append(span)
    return by_source


def _taken(project: Project, scope: Corpus) -> set[tuple[int, str]]:
    """(unit, code) pairs not to suggest: the code is applied there, or was rejected there."""
    conn = project.conn
    settled = _spans_by_source(
        [
            *store.spans(conn, Status.ACCEPTED),
            *store.spans(conn, Status.REJECTED, origins=store.SUGGESTED),
        ]
    )
    taken = set()
    for index, row in enumerate(scope.rows):
        for span in settled.get(row.source_id, ()):
            if span.start < row.end and row.start < span.end:
                taken.add((index, span.code))
    return taken


def _rule_reasons(scope: Corpus, codes: dict[str, Code]) -> RuleReasons:
    """Where the rules of the codes hit, unit by unit (vetoes applied)."""
    rules = [rules_of(code) for code in codes.values() if code.keywords or code.patterns]
    found: RuleReasons = {}
    if not rules:
        return found
    by_language: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(scope.rows):
        by_language[row.language].append(index)
    for language, indexes in by_language.items():
        nlp = rule_pipeline(language, rules)
        texts = (scope.units[index].text for index in indexes)
        for index, doc in zip(indexes, nlp.pipe(texts, batch_size=256), strict=True):
            row = scope.rows[index]
            for hit in rule_hits(doc):
                span = sentences_around(row.sentences, row.start + hit.start, row.start + hit.end)
                found[(index, hit.code)] = (hit.reasons, span)
    return found


def _model_row(
    row: store.UnitRow,
    prediction: Prediction,
    version: str,
    hit: tuple[tuple[str, ...], tuple[int, int]] | None,
) -> store.PendingRow:
    # Terms made only of function words ("en", "och", "the") tell the researcher nothing.
    little = function_words(row.language)
    terms = [term for term in prediction.terms if not set(term.split()) <= little]
    reason = "terms: " + ", ".join(terms[:5]) if terms else "model"
    if hit is not None:
        reason += "; " + ", ".join(hit[0][:3])
    return store.PendingRow(
        row.source_id,
        prediction.code,
        row.start + prediction.start,
        row.start + prediction.end,
        "model",
        round(prediction.score, 4),
        reason,
        version,
    )


def _codes_in_scope(project: Project, wanted: Sequence[str]) -> dict[str, Code]:
    codable = {code.id: code for code in project_codebook(project).codes if code.codable}
    for code_id in wanted:
        if code_id not in codable:
            raise CodingError(
                f"no codable code with id '{code_id}'", "see the ids with 'coder codebook list'"
            )
    return {code_id: codable[code_id] for code_id in wanted} if wanted else codable


def _source_ids(project: Project, names: Sequence[str]) -> list[int]:
    """Ids of the named sources (every source when none are named)."""
    found = store.source_ids(project.conn, names)
    missing = [name for name in names if name not in found]
    if missing:
        raise CodingError(f"no source named '{missing[0]}'", "see the names with 'coder sources'")
    return list(found.values())
