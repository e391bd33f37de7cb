"""Drawing one line of the document view: gutter bars, the text with its highlights, the margin.

Source text goes into `rich.text.Text(plain)` and is styled by ranges, so nothing in a
transcript is ever read as markup.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from coder.domain.document import Document
from coder.domain.source import format_timestamp
from coder.tui.widgets.document_layout import Block, LineKind
from coder.tui.widgets.document_marks import LabelKind, MarginLabel, Marks

GUTTER = 2
"""Columns left of the text for the coloured bars of codings (two bars when they overlap)."""
BAR = "▎"
"""A coloured bar in the gutter; thin, so that two side by side stay apart."""
_CONTROL = dict.fromkeys([*range(32), 127], " ")
"""Tabs and other control characters are drawn as spaces (one cell, offsets unchanged)."""


@dataclass(frozen=True, slots=True)
class Columns:
    """How a width is shared: gutter, text column, a space, the margin of code names."""

    width: int
    text: int
    margin: int

    @classmethod
    def for_width(cls, width: int) -> Columns:
        """About a quarter of the width for the margin (8 to 24 columns), none when narrow."""
        margin = min(24, max(8, width // 4)) if width >= 32 else 0
        text = max(1, width - GUTTER - (margin + 1 if margin else 0))
        return cls(width, text, margin)


@dataclass(frozen=True, slots=True)
class Palette:
    """The Rich styles of the view's component classes, resolved against the current theme."""

    base: Style
    speaker: Style
    interviewer: Style
    timestamp: Style
    preface: Style
    coded: Style
    search: Style
    selection: Style
    cursor: Style
    margin: Style
    suggestion: Style


@dataclass(frozen=True, slots=True)
class Highlights:
    """What is highlighted on top of the codings: search hits, the selection, the cursor."""

    cursor: tuple[int, int]
    selection: tuple[int, int]
    hits: Sequence[tuple[int, int]] = ()
    hit_ends: Sequence[int] = ()

    def hits_in(self, start: int, end: int) -> list[tuple[int, int]]:
        """The search hits (sorted, not overlapping) that cover some of [start, end)."""
        found = []
        for index in range(bisect_right(self.hit_ends, start), len(self.hits)):
            hit = self.hits[index]
            if hit[0] >= end:
                break
            found.append(hit)
        return found


@dataclass(frozen=True, slots=True)
class LinePainter:
    """Draws the lines of one document with one palette, columns and set of highlights."""

    document: Document
    marks: Marks
    columns: Columns
    palette: Palette
    highlights: Highlights
    console: Console

    def paint(self, block: Block, index: int) -> Strip:
        """The strip of line `index` of a block, exactly `columns.width` cells wide."""
        line = block.lines[index]
        palette, columns = self.palette, self.columns
        if line.kind is LineKind.PREFACE:
            body = self._plain(line.start, line.end, palette.preface)
        elif line.kind is LineKind.HEADER:
            body = self._header(block.turn)
        elif line.kind is LineKind.TEXT:
            body = self._text(block.turn, line.start, line.end)
        else:
            body = Text()
        gutter = self._gutter(block.turn, line.start, line.end, line.kind)
        body.truncate(columns.text, pad=True)
        parts = [gutter, body]
        if columns.margin:
            label_index = block.margin.get(index)
            labels = self.marks.labels.get(block.turn, [])
            label = labels[label_index] if label_index is not None else None
            parts += [Text(" "), self._margin(label)]
        text = Text.assemble(*parts, style=palette.base, end="")
        strip = Strip(text.render(self.console), text.cell_len)
        return strip.adjust_cell_length(columns.width, palette.base)

    def _plain(self, start: int, end: int, style: Style) -> Text:
        return Text(self.document.text[start:end].translate(_CONTROL), style=style, end="")

    def _header(self, turn_index: int) -> Text:
        turn = self.document.turns[turn_index]
        palette = self.palette
        header = Text(end="")
        if turn.speaker is not None:
            speaker = f"{turn.speaker} (I)" if turn.is_interviewer else turn.speaker
            style = (
                palette.speaker + palette.interviewer if turn.is_interviewer else palette.speaker
            )
            header.append(speaker.translate(_CONTROL), style)
        if turn.timestamp is not None:
            header.append("  " if turn.speaker is not None else "")
            header.append(format_timestamp(turn.timestamp), palette.timestamp)
        return header

    def _text(self, turn_index: int, start: int, end: int) -> Text:
        """A text line styled by layers: codings, search hits, selection, then the cursor."""
        palette, lit = self.palette, self.highlights
        interviewer = self.document.turns[turn_index].is_interviewer
        text = self._plain(start, end, palette.interviewer if interviewer else palette.base)
        for span in self.marks.spans_on(turn_index, start, end):
            self._stylize(text, start, end, (span.start, span.end), palette.coded)
        for hit in lit.hits_in(start, end):
            self._stylize(text, start, end, hit, palette.search)
        self._stylize(text, start, end, lit.selection, palette.selection)
        self._stylize(text, start, end, lit.cursor, palette.cursor)
        return text

    @staticmethod
    def _stylize(text: Text, start: int, end: int, span: tuple[int, int], style: Style) -> None:
        low, high = max(span[0], start), min(span[1], end)
        if low < high:
            text.stylize(style, low - start, high - start)

    def _gutter(self, turn_index: int, start: int, end: int, kind: LineKind) -> Text:
        """Up to two bars in the colours of the accepted codings on a text line."""
        gutter = Text(end="")
        if kind is LineKind.TEXT:
            colors: list[str] = []
            for span in self.marks.spans_on(turn_index, start, end):
                if span.color not in colors:
                    colors.append(span.color)
            for color in colors[:GUTTER]:
                gutter.append(BAR, Style(color=color))
        gutter.pad_right(GUTTER - gutter.cell_len)
        return gutter

    def _margin(self, label: MarginLabel | None) -> Text:
        """A margin label cut to the margin's width.

        "■ name" in the code's colour; italic with an initial for another coder's coding;
        "? name" dimmed for a pending suggestion.
        """
        width = self.columns.margin
        margin = Text(end="", style=self.palette.margin)
        if label is not None:
            suffix = label.suffix if width - 2 - len(label.suffix) >= 6 else ""
            room = max(1, width - 2 - len(suffix))
            name = label.name if len(label.name) <= room else label.name[: room - 1] + "…"
            color = Style(color=label.color)
            if label.kind is LabelKind.PENDING:
                margin.append(f"{label.marker} ", color)
                margin.append(name.translate(_CONTROL), self.palette.suggestion)
            else:
                style = color + Style(italic=True) if label.kind is LabelKind.OTHER else color
                margin.append(f"{label.marker} {name.translate(_CONTROL)}{suffix}", style)
        margin.truncate(width, pad=True)
        return margin
