"""Moving through a document by sentence and by turn, past the turns a filter hides."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection

from coder.domain.document import Document


class Navigator:
    """Where a move lands among the sentences of the shown turns (all turns when None)."""

    def __init__(self, document: Document, visible: Collection[int] | None = None) -> None:
        self.document = document
        shown = document.turns if visible is None else [document.turns[t] for t in visible]
        self._turns = sorted(turn.index for turn in shown if turn.sentence_count)
        """The turns the cursor can be in: shown ones that have sentences, in order."""

    def shows(self, sentence: int) -> bool:
        """Whether a sentence is in a shown turn."""
        turn = self.document.sentences[sentence].turn
        index = bisect_left(self._turns, turn)
        return index < len(self._turns) and self._turns[index] == turn

    def step(self, sentence: int, step: int) -> int | None:
        """The next (step 1) or previous (step -1) shown sentence; None past the ends.

        `sentence` may be -1 or the sentence count, to find the first or the last one.
        """
        target = sentence + step
        sentences = self.document.sentences
        if not 0 <= target < len(sentences):
            return None
        if self.shows(target):
            return target
        turn = sentences[target].turn
        if step > 0:
            index = bisect_right(self._turns, turn)
            return self._first(index) if index < len(self._turns) else None
        index = bisect_left(self._turns, turn) - 1
        return self._last(index) if index >= 0 else None

    def turn_start(self, sentence: int, step: int) -> int | None:
        """The first sentence of the next (1) or previous (-1) shown turn; None at the ends."""
        turn = self.document.sentences[sentence].turn
        after = step > 0
        index = bisect_right(self._turns, turn) if after else bisect_left(self._turns, turn) - 1
        return self._first(index) if 0 <= index < len(self._turns) else None

    def nearest(self, sentence: int) -> int | None:
        """The sentence itself if shown, else the first shown after it, else the last before."""
        if self.shows(sentence):
            return sentence
        after = self.step(sentence, 1)
        return after if after is not None else self.step(sentence, -1)

    def _first(self, index: int) -> int:
        return self.document.turns[self._turns[index]].first_sentence

    def _last(self, index: int) -> int:
        return self.document.turns[self._turns[index]].sentences[-1]
