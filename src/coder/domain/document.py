"""A source opened for coding: its text, speaker turns and sentences, and navigation over them."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class DocTurn:
    """A speaker turn (or paragraph) with the range of its sentences in `Document.sentences`."""

    index: int
    speaker: str | None
    timestamp: float | None
    start: int
    end: int
    is_interviewer: bool
    first_sentence: int
    sentence_count: int

    @property
    def sentences(self) -> range:
        """Indices of this turn's sentences in the document."""
        return range(self.first_sentence, self.first_sentence + self.sentence_count)


@dataclass(frozen=True, slots=True)
class DocSentence:
    """A sentence: the unit the cursor moves by. Offsets are code points into the text."""

    index: int
    turn: int
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    """A source as the coding view shows it. Sentences are in text order, numbered from 0."""

    source: str
    kind: str
    language: str
    text: str
    turns: tuple[DocTurn, ...]
    sentences: tuple[DocSentence, ...]
    _starts: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", [s.start for s in self.sentences])

    def sentence_at(self, offset: int) -> int:
        """The sentence holding (or last starting before) a text offset; 0 when there is none."""
        return max(0, bisect_right(self._starts, offset) - 1)

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Text offsets [start, end) covering sentences first..last (in either order)."""
        low, high = min(first, last), max(first, last)
        return self.sentences[low].start, self.sentences[high].end

    def sentence_text(self, index: int) -> str:
        """The text of one sentence."""
        sentence = self.sentences[index]
        return self.text[sentence.start : sentence.end]


def find_all(text: str, query: str) -> list[tuple[int, int]]:
    """Every case-insensitive occurrence of `query` in `text`, as [start, end) offsets."""
    if not query:
        return []
    haystack, needle = text.casefold(), query.casefold()
    if len(haystack) != len(text):  # casefold changed lengths (ß → ss): search case-sensitively
        haystack, needle = text, query
    hits = []
    start = haystack.find(needle)
    while start >= 0:
        hits.append((start, start + len(needle)))
        start = haystack.find(needle, start + max(1, len(needle)))
    return hits


def hit_sentence(
    document: Document, hits: list[tuple[int, int]], here: int, step: int, *, from_here: bool
) -> int | None:
    """The sentence of the nearest search hit after (`step` > 0) or before sentence `here`.

    Wraps around at the ends. `here` itself counts only `from_here` (a new search), so that
    next and previous always move on, also past several hits in one sentence. A hit between
    sentences (in a speaker's name) goes with the sentence after it. None without hits.
    """
    if not document.sentences or not hits:
        return None
    found = set()
    last = len(document.sentences) - 1
    for start, _ in hits:
        index = document.sentence_at(start)
        if start >= document.sentences[index].end and index < last:
            index += 1
        found.add(index)
    sentences = sorted(found)
    if step > 0:
        return ([s for s in sentences if s > here or (from_here and s == here)] or sentences)[0]
    return ([s for s in sentences if s < here] or sentences)[-1]
