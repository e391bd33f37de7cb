"""The coders of a project, and the raters agreement compares: coders by name, or the model."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from coder.errors import AgreementError
from coder.services.project import Project
from coder.storage import agreement as agreement_store
from coder.storage.agreement import CoderCount, Rater

MODEL = "model"
"""The rater name that stands for the suggestion engine: its pending and accepted suggestions."""
CONSENSUS = "consensus"
"""The default coder whose codings hold the resolved disagreements."""

__all__ = [
    "CONSENSUS",
    "MODEL",
    "CoderCount",
    "Named",
    "coder_list",
    "default_pair",
    "pairs",
    "raters",
]


@dataclass(frozen=True)
class Named:
    """A rater with the name the output gives it."""

    name: str
    rater: Rater

    @property
    def is_model(self) -> bool:
        """Whether this rater is the suggestion engine rather than a person."""
        return self.rater.coder_id is None


def coder_list(project: Project) -> list[CoderCount]:
    """Every coder with their accepted codings, and the model when it has made suggestions."""
    coders = agreement_store.coder_counts(project.conn)
    model = agreement_store.model_count(project.conn)
    return coders + ([model] if model.codings else [])


def raters(project: Project, names: Sequence[str]) -> list[Named]:
    """The raters named (at least two, each once); `model` is the suggestions."""
    if len(names) < 2:
        raise AgreementError(
            "agreement needs at least two coders", "name them with --coders A B (or A,B)"
        )
    repeated = sorted({name for name in names if list(names).count(name) > 1})
    if repeated:
        raise AgreementError(
            f"coder '{repeated[0]}' is named twice", "name each coder once in --coders"
        )
    return [_rater(project, name) for name in names]


def _rater(project: Project, name: str) -> Named:
    if name == MODEL:
        return Named(MODEL, Rater(None))
    coder_id = agreement_store.find_coder(project.conn, name)
    if coder_id is None:
        known = [count.name for count in coder_list(project)]
        close = difflib.get_close_matches(name, known, n=1)
        guess = f" (did you mean '{close[0]}'?)" if close else ""
        raise AgreementError(
            f"no coder named '{name}'{guess}",
            f"coders in this project: {', '.join(known) or 'none yet'} (see 'coder coders')",
        )
    return Named(name, Rater(coder_id))


def default_pair(project: Project) -> tuple[str, str] | None:
    """The two coders who share the most coded sources, or None.

    The one with more codings comes first: usually the main coder, the reference that the
    second coder (who double-coded some sources) is measured against.
    """
    pairs = agreement_store.shared_sources(project.conn)
    if not pairs:
        return None
    first, second, _ = pairs[0]
    codings = {count.name: count.codings for count in agreement_store.coder_counts(project.conn)}
    return (first, second) if codings[first] >= codings[second] else (second, first)


def pairs(project: Project) -> list[tuple[str, str, int]]:
    """Pairs of raters that share coded sources, most shared first: (A, B, sources).

    Every pair of coders with accepted codings in a common source, then each coder with the
    model when the model has made suggestions in sources the coder has coded.
    """
    found = agreement_store.shared_sources(project.conn)
    model = agreement_store.coded_source_ids(project.conn, Rater(None))
    if model:
        for count in agreement_store.coder_counts(project.conn):
            coder_id = agreement_store.find_coder(project.conn, count.name)
            shared = model & agreement_store.coded_source_ids(project.conn, Rater(coder_id))
            if shared:
                found.append((count.name, MODEL, len(shared)))
    return found
