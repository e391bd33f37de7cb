"""Suggestions: codes the tool proposes, waiting for a researcher's accept or reject."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from coder.domain.coding import Origin, Status


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
