"""Where a document goes on screen: its turns word-wrapped into numbered lines at one width.

Pure layout, no Textual: the document view asks which line is at a row and which rows a
sentence covers. Wrapping costs one `str.rfind` per screen line for ordinary text, so a
50,000-word transcript lays out in a few milliseconds and can be laid out again on resize.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from itertools import accumulate
from typing import NamedTuple

from rich.cells import cell_len, get_character_cell_size

from coder.domain.document import DocSentence, Document

PREFACE = -1
"""The `Block.turn` of the preface: the text before the first turn (a title, a date)."""


class LineKind(IntEnum):
    """What a screen line shows."""

    PREFACE = 0
    """A line of the text before the first turn, shown dimmed and never selectable."""
    HEADER = 1
    """The speaker and timestamp of a turn."""
    TEXT = 2
    """A wrapped line of a turn's text."""
    PAD = 3
    """An empty line added so that all margin labels of a turn find a line."""
    BLANK = 4
    """The empty line after a turn."""


class Line(NamedTuple):
    """A screen line: its kind and the text offsets [start, end) it shows."""

    kind: LineKind
    start: int
    end: int


@dataclass(slots=True)
class Block:
    """The lines of one turn (or of the preface), with where its margin labels go."""

    turn: int
    lines: list[Line]
    text_starts: list[int]
    """Start offsets of the block's text lines, in order (for offset → line)."""
    first_text: int
    """Index in `lines` of the first text line."""
    margin: dict[int, int]
    """Line index in the block → index of the turn's margin label shown on that line."""

    def text_row(self, offset: int) -> int:
        """Index in `lines` of the text line that holds (or last starts before) an offset."""
        return self.first_text + max(0, bisect_right(self.text_starts, offset) - 1)


class DocumentLayout:
    """The lines of a document at one text width, for the turns that are shown.

    `visible` (turn indices) hides the other turns and the preface; `label_offsets` gives,
    per turn, the text offsets of its margin labels in order, so that each label gets a line
    of its own at or below the line where its coding starts.
    """

    def __init__(
        self,
        document: Document,
        width: int,
        *,
        visible: Collection[int] | None = None,
        label_offsets: Mapping[int, Sequence[int]] | None = None,
    ) -> None:
        self.document = document
        self.width = max(1, width)
        self.blocks: list[Block] = []
        self._offsets = {turn: list(found) for turn, found in (label_offsets or {}).items()}
        if visible is None:
            preface = _preface_block(document, self.width)
            if preface is not None:
                self.blocks.append(preface)
        self.blocks.extend(
            _turn_block(document, turn.index, self.width, self._offsets.get(turn.index))
            for turn in document.turns
            if visible is None or turn.index in visible
        )
        self._block_of_turn = {block.turn: index for index, block in enumerate(self.blocks)}
        self.tops: list[int] = []
        self.height = 0
        self._count_rows()

    def _count_rows(self) -> None:
        """Number the rows again: where each block starts, and the height of the whole."""
        self.tops = [0, *accumulate(len(block.lines) for block in self.blocks)]
        self.height = self.tops.pop()

    def relabel(self, label_offsets: Mapping[int, Sequence[int]]) -> None:
        """Take new margin labels, laying out again only the turns whose labels changed."""
        offsets = {turn: list(found) for turn, found in label_offsets.items()}
        changed = False
        for turn in self._offsets.keys() | offsets.keys():
            index = self._block_of_turn.get(turn)
            if index is not None and offsets.get(turn, []) != self._offsets.get(turn, []):
                block = _turn_block(self.document, turn, self.width, offsets.get(turn))
                self.blocks[index] = block
                changed = True
        self._offsets = offsets
        if changed:
            self._count_rows()

    def locate(self, y: int) -> tuple[Block, int] | None:
        """The block at row y and the index of the row's line in it; None past the end."""
        if y < 0 or y >= self.height:
            return None
        index = bisect_right(self.tops, y) - 1
        return self.blocks[index], y - self.tops[index]

    def turn_rows(self, turn: int) -> range:
        """The rows of a shown turn's block: header, text, margin-only lines."""
        index = self._block_of_turn[turn]
        end = self.tops[index + 1] if index + 1 < len(self.tops) else self.height
        return range(self.tops[index], end)

    def shows(self, turn: int) -> bool:
        """Whether a turn is laid out (not hidden by a filter)."""
        return turn in self._block_of_turn

    def block_top(self, turn: int) -> int:
        """The row of a shown turn's first line (its header, when it has one)."""
        return self.tops[self._block_of_turn[turn]]

    def row_of(self, turn: int, offset: int) -> int:
        """The row of the text line of a shown turn that holds a text offset."""
        index = self._block_of_turn[turn]
        return self.tops[index] + self.blocks[index].text_row(offset)

    def sentence_rows(self, sentence: DocSentence) -> tuple[int, int]:
        """The first and last rows of a sentence of a shown turn."""
        last = max(sentence.start, sentence.end - 1)
        return self.row_of(sentence.turn, sentence.start), self.row_of(sentence.turn, last)


def hard_lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The [start, end) ranges of the lines of text[start:end], split at newlines."""
    position = start
    while (newline := text.find("\n", position, end)) >= 0:
        yield position, newline
        position = newline + 1
    yield position, end


def wrap(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Word-wrap text[start:end] (no newlines) into [start, end) ranges of at most width cells.

    Lines break at spaces, which are left out; a word longer than a line is cut.
    """
    if cell_len(text[start:end]) != end - start:
        return _wrap_cells(text, start, end, width)
    if end - start <= width:
        return [(start, end)]
    lines = []
    position = start
    while end - position > width:
        cut = text.rfind(" ", position, position + width + 1)
        if cut <= position:
            lines.append((position, position + width))
            position += width
            continue
        lines.append((position, cut))
        position = cut + 1
        while position < end and text[position] == " ":
            position += 1
    lines.append((position, end))
    return lines


def _wrap_cells(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """`wrap` for text with wide or zero-width characters, measured character by character."""
    lines = []
    position, cells, space = start, 0, -1
    for index in range(start, end):
        char = text[index]
        size = get_character_cell_size(char)
        if cells + size > width and index > position:
            if char == " ":
                lines.append((position, index))
                position, cells, space = index + 1, 0, -1
                continue
            if space > position:
                lines.append((position, space))
                position = space + 1
            else:
                lines.append((position, index))
                position = index
            cells, space = cell_len(text[position:index]), -1
        if char == " ":
            space = index
        cells += size
    lines.append((position, end))
    return lines


def offset_at(text: str, line: Line, column: int) -> int:
    """The text offset shown at a cell column of a line (clamped to the line)."""
    cells = 0
    for index in range(line.start, line.end):
        cells += get_character_cell_size(text[index])
        if cells > column:
            return index
    return max(line.start, line.end - 1)


def _preface_block(document: Document, width: int) -> Block | None:
    """The lines of the text before the line where the first turn starts; None if blank."""
    text = document.text
    cut = text.rfind("\n", 0, document.turns[0].start) + 1 if document.turns else len(text)
    head = text[:cut]
    if not head.strip():
        return None
    begin, end = len(head) - len(head.lstrip()), len(head.rstrip())
    lines = [
        Line(LineKind.PREFACE, s, e)
        for a, b in hard_lines(text, begin, end)
        for s, e in wrap(text, a, b, width)
    ]
    lines.append(Line(LineKind.BLANK, end, end))
    return Block(PREFACE, lines, [], 0, {})


def _turn_block(
    document: Document, turn_index: int, width: int, label_offsets: Sequence[int] | None
) -> Block:
    """The lines of one turn: header, wrapped text, pad lines for labels, a blank line."""
    turn = document.turns[turn_index]
    text = document.text
    lines: list[Line] = []
    if turn.speaker is not None or turn.timestamp is not None:
        lines.append(Line(LineKind.HEADER, turn.start, turn.start))
    first_text = len(lines)
    for a, b in hard_lines(text, turn.start, turn.end):
        lines.extend(Line(LineKind.TEXT, s, e) for s, e in wrap(text, a, b, width))
    block = Block(turn_index, lines, [line.start for line in lines[first_text:]], first_text, {})
    last = first_text - 1
    for label, offset in enumerate(label_offsets or ()):
        last = max(block.text_row(offset), last + 1)
        block.margin[last] = label
    lines.extend(Line(LineKind.PAD, turn.end, turn.end) for _ in range(len(lines), last + 1))
    lines.append(Line(LineKind.BLANK, turn.end, turn.end))
    return block
