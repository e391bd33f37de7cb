"""Suggestions: codes the tool proposes, waiting for a researcher's accept or reject."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from coder.domain.coding import Origin, Status

if TYPE_CHECKING:
    from coder.domain.source import Sentence, Turn

MAX_REASONS = 4
"""A rule suggestion's reason names at most this many of the terms that hit."""


class Decision(StrEnum):
    """What a researcher does with a suggestion."""

    ACCEPT = "accept"
    REJECT = "reject"

    @property
    def status(self) -> Status:
        """The status a suggestion gets from this decision."""
        return Status.ACCEPTED if self is Decision.ACCEPT else Status.REJECTED


class QueueOrder(StrEnum):
    """The order of the review queue: best score first, or the model's closest calls first."""

    SCORE = "score"
    UNCERTAINTY = "uncertainty"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A coding proposed by a rule or the model: where, which code, how sure, and why.

    `start`/`end` are code-point offsets into the source text; `unit_start`/`unit_end` are those
    of the speaker turn or paragraph (or sentence) it was found in, for showing its context.
    """

    id: int
    source: str
    start: int
    end: int
    code: str
    origin: Origin
    status: Status
    score: float
    reason: str
    model: str
    text: str
    coder: str | None = None
    speaker: str | None = None
    unit_start: int = 0
    unit_end: int = 0


@dataclass(frozen=True, slots=True)
class Progress:
    """How far review has come: suggestions decided and pending, and how many were accepted."""

    accepted: int
    rejected: int
    pending: int

    @property
    def reviewed(self) -> int:
        """Suggestions accepted or rejected so far."""
        return self.accepted + self.rejected

    @property
    def precision(self) -> float | None:
        """The share of reviewed suggestions that were accepted (None before the first)."""
        return self.accepted / self.reviewed if self.reviewed else None


class RuleHit(NamedTuple):
    """Where the codebook's rules suggest a code: in which unit, why, and the words that hit.

    `unit` is the index of the speaker turn or paragraph (or of the doc a rule ran on);
    `start`/`end` span the first to the last hit, as offsets into the text the rules read.
    A named tuple: import sends hundreds of thousands from its worker processes, and a tuple
    pickles several times faster than a frozen dataclass.
    """

    unit: int
    code: str
    reasons: tuple[str, ...]
    start: int
    end: int


class RuleSuggestion(NamedTuple):
    """A rule suggestion found in a new source: a code for the sentences of a turn with hits.

    `start`/`end` span those sentences (offsets into the source text); `first_sentence` and
    `last_sentence` are their indexes among all the source's sentences. `hits` counts the
    terms that hit (the reasons; `reason` names the first few). Import's worker processes make
    these, so that the process storing them only adds the score.
    """

    code: str
    start: int
    end: int
    first_sentence: int
    last_sentence: int
    reason: str
    hits: int


def rule_suggestions(
    hits: Iterable[RuleHit], turns: Sequence[Turn], sentences: Sequence[Sequence[Sentence]]
) -> list[RuleSuggestion]:
    """The suggestions the rule hits of a source make (`sentences` per turn, as parsed).

    Hits in interviewer turns, or in turns without sentences, suggest nothing.
    """
    first_of_turn = list(itertools.accumulate((len(s) for s in sentences), initial=0))
    spans_of: dict[int, list[tuple[int, int]]] = {}
    reasons: dict[tuple[str, ...], str] = {}
    found = []
    for hit in hits:
        spans = spans_of.get(hit.unit)
        if spans is None:
            spans = spans_of[hit.unit] = [(s.start, s.end) for s in sentences[hit.unit]]
        if turns[hit.unit].is_interviewer or not spans:
            continue
        first, last = sentence_range(spans, hit.start, hit.end)
        # The same reason text, shared: pickled once per source on its way from a worker.
        reason = reasons.setdefault(hit.reasons, reason_text(hit.reasons))
        offset = first_of_turn[hit.unit]
        found.append(
            RuleSuggestion(
                hit.code,
                spans[first][0],
                spans[last][1],
                offset + first,
                offset + last,
                reason,
                len(hit.reasons),
            )
        )
    return found


def reason_text(reasons: Sequence[str]) -> str:
    """A rule suggestion's reason: the first few terms that hit ("keyword 'pandemi', …")."""
    return ", ".join(reasons[:MAX_REASONS])


def sentence_range(sentences: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The first and last of a unit's sentences that hold [start, end); all when none do."""
    inside = [index for index, (s, e) in enumerate(sentences) if s < end and start < e]
    return (inside[0], inside[-1]) if inside else (0, len(sentences) - 1)


def sentences_around(sentences: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The span of the sentences (of a unit) that hold [start, end); all of them if none do."""
    first, last = sentence_range(sentences, start, end)
    return sentences[first][0], sentences[last][1]
