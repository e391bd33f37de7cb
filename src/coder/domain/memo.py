"""Memos: what a memo is written on — a coding, a source, a code, or the project as a whole."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OnCoding:
    """A memo on one coding, by the coding's id."""

    id: int


@dataclass(frozen=True, slots=True)
class OnSource:
    """A memo on a source, by the source's name."""

    name: str


@dataclass(frozen=True, slots=True)
class OnCode:
    """A memo on a code of the codebook, by the code's id."""

    id: str


@dataclass(frozen=True, slots=True)
class OnProject:
    """A memo on the project as a whole: notes that belong to no single source or code."""


MemoTarget = OnCoding | OnSource | OnCode | OnProject
"""What a memo is written on. Each coder has at most one memo per target."""
