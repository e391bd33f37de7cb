"""Mapping other programs' selection positions into our normalised text of a source.

REFI-QDA says positions are Unicode code points into the plain text. Programs differ: .NET
and JavaScript ones count UTF-16 code units (an emoji is two), Windows ones may count each
newline as two characters (CR LF) even where the text they wrote has one, some count the
byte-order mark, some count the text in another Unicode normalisation (é as e + accent).
And we normalise every text once on import (NFC, LF newlines, no BOM or control characters), so
positions into the text as given must be carried into the text as stored.

`countings` builds one `PositionMap` per way of counting that would give different positions
for this text; `choose` keeps the ones under which every selection lies within the text and
picks the one whose selections land best: on the text the selection's name quotes, and on
word boundaries. The plain standard reading comes first and wins ties, which it reports.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from coder.ingest.normalize import normalize

STANDARD = "code points"
"""The standard's way of counting: Unicode code points of the plain text as given."""

_PLAIN = re.compile(r"[\t\x20-\x7e]+")
_LAST_PAIRED = 0x20000
"""Characters that decompose into a canonical pair all lie below this (planes 0 and 1)."""
_CHANGED = frozenset("\r\n\v\f\x85\u2028\u2029\ufeff") | frozenset(
    chr(code) for code in (*range(0x20), *range(0x7F, 0xA0))
)
"""Characters that normalising replaces or removes on their own."""
_ELLIPSIS = re.compile(r"(\.\.\.|…)\s*$")
_NAME_WEIGHT = 4
_MIN_NAME_CHARS = 3

Weight = Callable[[str, str], int]
"""How many positions a program counts for a piece of the text (as given, as stored)."""


@dataclass(frozen=True, slots=True)
class Selection:
    """A selection's positions as the file gives them, and its name (often the quoted text)."""

    start: int
    end: int
    name: str = ""


@dataclass(frozen=True, slots=True)
class _Piece:
    given: int
    stored: int
    given_length: int
    stored_length: int


class PositionMap:
    """One way of counting positions, mapping them into the stored (normalised) text."""

    def __init__(self, counting: str, pieces: list[_Piece], length: int, stored: int) -> None:
        self.counting = counting
        """How the program counted, in words ("code points", "UTF-16 code units", …)."""
        self.length = length
        """The length of the text in this counting: the largest valid position."""
        self._pieces = pieces
        self._starts = [piece.given for piece in pieces]
        self._stored_length = stored

    def same_as(self, other: PositionMap) -> bool:
        """Whether both give every position the same place in the stored text."""
        return self._pieces == other._pieces

    def fits(self, selection: Selection) -> bool:
        """Whether the selection lies within the text in this counting."""
        return 0 <= selection.start <= selection.end <= self.length

    def span(self, selection: Selection) -> tuple[int, int]:
        """The selection as [start, end) in the stored text (characters cut in two included)."""
        return self._map(selection.start, at_end=False), self._map(selection.end, at_end=True)

    def _map(self, position: int, *, at_end: bool) -> int:
        if position >= self.length:
            return self._stored_length
        piece = self._pieces[bisect_right(self._starts, position) - 1]
        inside = position - piece.given
        if piece.given_length == piece.stored_length:
            return piece.stored + inside
        if inside == 0:
            return piece.stored
        return piece.stored + (piece.stored_length if at_end else 0)


def countings(given: str, *, bom: bool = False) -> tuple[str, list[PositionMap]]:
    """The stored form of a text, and the ways of counting positions into it that differ.

    `given` is the text as the file holds it (decoded, not normalised); `bom` says whether
    the file started with a byte-order mark.
    """
    stored = normalize(given)
    tokens = _tokens(given)
    if "".join(norm for _, norm in tokens) != stored:
        # A composition this tokeniser does not foresee: count in the stored text itself.
        tokens = _tokens(stored)
    weights: list[tuple[str, Weight, int]] = [
        (STANDARD, lambda raw, _: len(raw), 0),
        ("code points, with each newline counted as two", _newline_as_two(len), 0),
        ("UTF-16 code units", lambda raw, _: _utf16(raw), 0),
        ("UTF-16 code units, with each newline counted as two", _newline_as_two(_utf16), 0),
        ("code points of the text in NFC normal form", lambda _, norm: len(norm), 0),
        ("code points of the text in NFD normal form", lambda _, norm: _nfd_length(norm), 0),
    ]
    if bom:
        weights.append(("code points, counting the byte-order mark", lambda raw, _: len(raw), 1))
    maps: list[PositionMap] = []
    for counting, weight, lead in weights:
        candidate = _position_map(counting, tokens, weight, lead, len(stored))
        if not any(candidate.same_as(known) for known in maps):
            maps.append(candidate)
    return stored, maps


def choose(
    maps: Sequence[PositionMap], text: str, selections: Sequence[Selection]
) -> tuple[PositionMap | None, list[str]]:
    """The counting under which the selections fit and land best (None if none fits them all).

    Also the other countings that land exactly as well but on other text: when there are
    any, the positions alone cannot tell, and the earlier counting (the standard's first)
    is taken.
    """
    scored: list[tuple[int, PositionMap]] = []
    for candidate in maps:
        if all(candidate.fits(selection) for selection in selections):
            score = sum(_landing(candidate.span(s), s.name, text) for s in selections)
            scored.append((score, candidate))
    if not scored:
        return None, []
    top = max(score for score, _ in scored)
    best = next(candidate for score, candidate in scored if score == top)
    spans = [best.span(s) for s in selections]
    rivals = [
        candidate.counting
        for score, candidate in scored
        if score == top and [candidate.span(s) for s in selections] != spans
    ]
    return best, rivals


def _landing(span: tuple[int, int], name: str, text: str) -> int:
    """How well a mapped selection lands: on the text its name quotes, on word boundaries.

    Exporters often name a selection by its text, whole or cut short (with or without an
    ellipsis): the whole text is the best evidence, its start the next best.
    """
    start, end = span
    score = int(_at_boundary(text, start)) + int(_at_boundary(text, end))
    quoted = " ".join(_ELLIPSIS.sub("", normalize(name)).split())
    if len(quoted) >= _MIN_NAME_CHARS:
        selected = " ".join(text[start:end].split())
        if selected == quoted:
            score += _NAME_WEIGHT
        elif selected.startswith(quoted):
            score += _NAME_WEIGHT // 2
    return score


def _at_boundary(text: str, position: int) -> bool:
    if position <= 0 or position >= len(text):
        return True
    return not (text[position - 1].isalnum() and text[position].isalnum())


def _tokens(given: str) -> list[tuple[str, str]]:
    """The text as (as given, as stored) pieces: runs of plain ASCII, and everything else.

    Joined, the stored pieces are the normalised text. A character followed by combining
    marks, or by a character it composes with, is one piece; so is CR LF.
    """
    tokens: list[tuple[str, str]] = []
    index, size = 0, len(given)
    while index < size:
        plain = _PLAIN.match(given, index)
        end = plain.end() if plain else index
        if plain and end < size and _joins(given[end - 1], given[end]):
            end -= 1  # the run's last letter belongs with the mark after it
        if end > index:
            tokens.append((given[index:end], given[index:end]))
            index = end
            continue
        end = index + 2 if given.startswith("\r\n", index) else index + 1
        while end < size and _joins(given[end - 1], given[end]):
            end += 1
        tokens.append((given[index:end], _stored(given[index:end])))
        index = end
    return tokens


def _joins(previous: str, char: str) -> bool:
    """Whether `char` must be normalised together with the character before it."""
    if char.isascii():
        return False
    if unicodedata.combining(char):
        return True
    return char in _second_starters() and unicodedata.normalize(
        "NFC", previous + char
    ) != unicodedata.normalize("NFC", previous) + unicodedata.normalize("NFC", char)


@cache
def _second_starters() -> frozenset[str]:
    """Characters without a combining class that NFC can still join to the one before them.

    They are the second half of a canonical pair (Hangul vowels and final consonants, some
    Indic vowel signs): few, so most characters are settled without normalising anything.
    """
    found = {chr(code) for code in (*range(0x1161, 0x1176), *range(0x11A8, 0x11C3))}
    for code in range(0x80, _LAST_PAIRED):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            second = chr(int(parts[1], 16))
            if not unicodedata.combining(second):
                found.add(second)
    return frozenset(found)


def _stored(piece: str) -> str:
    """A piece of text as normalising stores it (one stable character: itself)."""
    if len(piece) == 1 and piece not in _CHANGED and unicodedata.is_normalized("NFC", piece):
        return piece
    return normalize(piece)


def _position_map(
    counting: str, tokens: list[tuple[str, str]], weight: Weight, lead: int, stored: int
) -> PositionMap:
    """The pieces of a counting: linear runs (one position, one character) and the rest."""
    pieces: list[_Piece] = [_Piece(0, 0, lead, 0)] if lead else []
    given, position = lead, 0
    run_given, run_stored, run = given, position, 0
    for raw, norm in tokens:
        length, size = weight(raw, norm), len(norm)
        if length == size and (size <= 1 or raw == norm):
            run += length
        else:
            if run:
                pieces.append(_Piece(run_given, run_stored, run, run))
            if length or size:
                pieces.append(_Piece(given, position, length, size))
            run_given, run_stored, run = given + length, position + size, 0
        given += length
        position += size
    if run or not pieces:
        pieces.append(_Piece(run_given, run_stored, run, run))
    return PositionMap(counting, pieces, given, stored)


def _newline_as_two(count: Callable[[str], int]) -> Weight:
    return lambda raw, _: count(raw) + (1 if raw == "\n" else 0)


def _utf16(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _nfd_length(text: str) -> int:
    return len(unicodedata.normalize("NFD", text)) if not text.isascii() else len(text)
