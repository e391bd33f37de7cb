"""The codebook's rules as suggestions: which rules run, how hits become scored suggestions.

Rules speak for a code only while the newest model has not learnt it (see coder.services.
suggesting). Import runs them on every new source as it is read, on the tokens it makes
anyway, so a new interview arrives with its rule suggestions waiting for review. A rule hit
suggests its code for the sentences of the turn that hold the hit; its score is the share of
the code's rule suggestions that researchers accepted so far (0.5 before the first decision),
so the rules of a code people keep rejecting sink in the queue.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from coder.domain.codebook import Code
from coder.domain.source import LANGUAGES, ParsedSource
from coder.nlp.forms import KeywordForms, forms_key, keyword_forms
from coder.nlp.matcher import CodeRules
from coder.services.codebook import project_codebook
from coder.services.project import Project
from coder.storage import rule_forms as forms_store
from coder.storage import suggestions as store

RULE_SCORE = 0.5
"""A rule hit's score before any of the code's rule suggestions is decided."""


def import_rules(project: Project) -> tuple[CodeRules, ...]:
    """The rules an import runs: those of codes the newest model has not learnt."""
    model = store.latest_model(project.conn)
    learnt = {code for code, report in (model or {}).get("report", {}).items() if report["trained"]}
    return tuple(
        rules_of(code)
        for code in project_codebook(project).codes
        if code.codable and (code.keywords or code.patterns) and code.id not in learnt
    )


def import_forms(project: Project, rules: Sequence[CodeRules]) -> dict[str, KeywordForms]:
    """The keywords' forms per language: those the project kept for these rules, else new.

    Working them out reads each language's lemma table (half a second for Swedish); an import
    keeps them (`keep_import_forms`), so the next import with the same codebook skips that.
    """
    configs = [rule.as_config() for rule in rules]
    forms = {}
    for lang in LANGUAGES:
        kept = forms_store.kept_forms(project.conn, lang, forms_key(lang, configs))
        forms[lang] = KeywordForms.from_json(kept) if kept else keyword_forms(lang, configs)
    return forms


def keep_import_forms(
    project: Project, rules: Sequence[CodeRules], forms: dict[str, KeywordForms]
) -> None:
    """Keep the keywords' forms for the next import (in the caller's transaction).

    Forms kept already for these rules are left as they are: nothing is written then.
    """
    configs = [rule.as_config() for rule in rules]
    for lang, found in forms.items():
        key = forms_key(lang, configs)
        if forms_store.kept_forms(project.conn, lang, key) is None:
            forms_store.keep_forms(project.conn, lang, key, found.to_json())


@dataclass(frozen=True)
class RuleRun:
    """What scores and names the rule suggestions of one import, worked out once for all."""

    prior: dict[str, float]
    version: str


def rule_run(project: Project, rules: Iterable[CodeRules]) -> RuleRun:
    """The scores and version for rule suggestions made with `rules` now."""
    return RuleRun(rule_prior(project), rule_version(rules))


def rule_rows(source_id: int, source: ParsedSource, run: RuleRun) -> list[dict[str, object]]:
    """The rule suggestions import found in a new source, as rows to store.

    Each row names the sentences it covers (first_segment, last_segment: their indexes in the
    source), which import knows already; the database would otherwise look them up per row.
    """
    rows = []
    first_of_turn = list(itertools.accumulate((len(s) for s in source.sentences), initial=0))
    spans: dict[int, list[tuple[int, int]]] = {}
    for hit in source.rule_hits:
        if hit.unit not in spans:
            spans[hit.unit] = [(s.start, s.end) for s in source.sentences[hit.unit]]
        sentences = spans[hit.unit]
        if source.turns[hit.unit].is_interviewer or not sentences:
            continue
        first, last = sentence_range(sentences, hit.start, hit.end)
        span = (sentences[first][0], sentences[last][1])
        score = rule_score(run.prior, hit.code, hit.reasons)
        row = rule_row(source_id, hit.code, span, hit.reasons, score=score, version=run.version)
        row["first_segment"] = first_of_turn[hit.unit] + first
        row["last_segment"] = first_of_turn[hit.unit] + last
        rows.append(row)
    return rows


def sentence_range(sentences: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The first and last of a unit's sentences that hold [start, end); all when none do."""
    inside = [index for index, (s, e) in enumerate(sentences) if s < end and start < e]
    return (inside[0], inside[-1]) if inside else (0, len(sentences) - 1)


def sentences_around(sentences: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The span of the sentences (of a unit) that hold [start, end); all of them if none do."""
    first, last = sentence_range(sentences, start, end)
    return sentences[first][0], sentences[last][1]


def rule_row(
    source_id: int,
    code_id: str,
    span: tuple[int, int],
    reasons: Sequence[str],
    *,
    score: float,
    version: str,
) -> dict[str, object]:
    """A rule suggestion as the row to store."""
    return {
        "source_id": source_id,
        "code_id": code_id,
        "start": span[0],
        "end": span[1],
        "origin": "rule",
        "score": score,
        "reason": ", ".join(reasons[:4]),
        "model": version,
    }


def store_new_sources_rows(
    project: Project, rows: Sequence[dict[str, object]], source_ids: Sequence[int]
) -> int:
    """Store the rule suggestions of sources that were just imported; returns how many."""
    if not rows:
        return 0
    return store.insert_pending_in_bulk(project.conn, rows, source_ids)


def rule_score(prior: dict[str, float], code_id: str, reasons: Sequence[str]) -> float:
    """A rule hit's score: the share of the code's rule suggestions accepted (smoothed).

    A little more for each further distinct hit in the unit.
    """
    return round(min(0.95, prior.get(code_id, RULE_SCORE) + 0.05 * (len(reasons) - 1)), 4)


def rules_of(code: Code) -> CodeRules:
    """The rules of one code of the codebook."""
    return CodeRules(code.id, code.keywords, code.patterns, code.exclude_keywords)


def rule_prior(project: Project) -> dict[str, float]:
    """Per code the smoothed share of its rule suggestions that researchers accepted."""
    record = store.rule_track_record(project.conn)
    return {code: (accepted + 1) / (decided + 2) for code, (accepted, decided) in record.items()}


def rule_version(rules: Iterable[CodeRules]) -> str:
    """The "model" of rule suggestions: a short hash of the rules that made them."""
    configs = [rule.as_config() for rule in rules]
    digest = hashlib.sha1(json.dumps(configs, sort_keys=True).encode(), usedforsecurity=False)
    return f"rules-{digest.hexdigest()[:8]}"
