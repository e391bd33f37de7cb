"""Codings: a code applied to a span of a source, by a coder or proposed as a suggestion."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Origin(StrEnum):
    """Where a coding came from."""

    HUMAN = "human"
    RULE = "rule"
    MODEL = "model"
    IMPORT = "import"


class Status(StrEnum):
    """A suggestion is pending until a coder accepts or rejects it; human codings are accepted."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Coding:
    """A code on the span [start, end) of a source's text (code-point offsets)."""

    id: int
    source: str
    start: int
    end: int
    code: str
    coder: str | None
    origin: Origin
    status: Status
    created_at: str
    updated_at: str
    score: float | None = None
    reason: str | None = None
    model: str | None = None
    memo: str | None = None


@dataclass(frozen=True, slots=True)
class NewCoding:
    """A coding to be stored: what a person, a file or a model says, before it has an id."""

    source: str
    start: int
    end: int
    code: str
    coder: str | None
    origin: Origin = Origin.HUMAN
    status: Status = Status.ACCEPTED
    score: float | None = None
    reason: str | None = None
    model: str | None = None
    memo: str | None = None
