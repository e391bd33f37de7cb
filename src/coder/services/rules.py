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
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from coder.domain.codebook import Code
from coder.domain.source import LANGUAGES, ParsedSource
from coder.domain.suggestion import reason_text
from coder.nlp.forms import KeywordForms, forms_key
from coder.nlp.matcher import CodeRules, compiled_forms
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


def kept_import_forms(project: Project, rules: Sequence[CodeRules]) -> dict[str, KeywordForms]:
    """The keywords' forms the project kept for these rules, per language (some, all or none).

    Working them out reads the language's lemma table (half a second for Swedish); import does
    that only for the languages it needs (coder.nlp.matcher.turn_rules) and keeps what it
    worked out (`keep_import_forms`), so the next import with the same codebook skips it.
    """
    configs = [rule.as_config() for rule in rules]
    forms = {}
    for lang in LANGUAGES:
        kept = forms_store.kept_forms(project.conn, lang, forms_key(lang, configs))
        if kept is not None:
            forms[lang] = KeywordForms.from_json(kept)
    return forms


def keep_import_forms(project: Project, rules: Sequence[CodeRules]) -> None:
    """Keep the keywords' forms this process worked out, for the next import.

    In the caller's transaction. Forms kept already for these rules are left as they are.
    """
    configs = [rule.as_config() for rule in rules]
    for lang in LANGUAGES:
        found = compiled_forms(lang, rules)
        key = forms_key(lang, configs)
        if found is not None and forms_store.kept_forms(project.conn, lang, key) is None:
            forms_store.keep_forms(project.conn, lang, key, found.to_json())


@dataclass(frozen=True)
class RuleRun:
    """What scores and names the rule suggestions of one import, worked out once for all."""

    prior: dict[str, float]
    version: str


def rule_run(project: Project, rules: Iterable[CodeRules]) -> RuleRun:
    """The scores and version for rule suggestions made with `rules` now."""
    return RuleRun(rule_prior(project), rule_version(rules))


def rule_rows(source_id: int, source: ParsedSource, run: RuleRun) -> list[store.PendingRow]:
    """The rule suggestions import found in a new source, as rows to store.

    Each row names the sentences it covers, which import knows already; the database would
    otherwise look them up per row.
    """
    scores: dict[tuple[str, int], float] = {}
    rows = []
    for found in source.rule_suggestions:
        key = (found.code, found.hits)
        score = scores.get(key)
        if score is None:
            score = scores[key] = rule_score(run.prior, found.code, found.hits)
        rows.append(
            store.PendingRow(
                source_id,
                found.code,
                found.start,
                found.end,
                "rule",
                score,
                found.reason,
                run.version,
                found.first_sentence,
                found.last_sentence,
            )
        )
    return rows


def rule_row(
    source_id: int,
    code_id: str,
    span: tuple[int, int],
    reasons: Sequence[str],
    *,
    score: float,
    version: str,
) -> store.PendingRow:
    """A rule suggestion as the row to store."""
    return store.PendingRow(
        source_id, code_id, span[0], span[1], "rule", score, reason_text(reasons), version
    )


def rule_score(prior: dict[str, float], code_id: str, hits: int) -> float:
    """A rule suggestion's score: the share of the code's rule suggestions accepted (smoothed).

    A little more for each further term (keyword or pattern) that hits in the unit.
    """
    return round(min(0.95, prior.get(code_id, RULE_SCORE) + 0.05 * (hits - 1)), 4)


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
