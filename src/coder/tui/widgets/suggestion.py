"""The suggestion pane of the Review screen: a suggestion with code, score, reason and context.

The context is the speaker turn (or paragraph) the suggestion lies in, with its span marked in
the code's colour, between the previous and the next turn, dimmed. Source text, speakers, code
names and reasons are shown as plain text, never as markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from coder.domain.codebook import Codebook
from coder.domain.document import DocTurn, Document
from coder.domain.suggestion import Suggestion
from coder.tui.widgets.codes import code_color, code_name

NEIGHBOUR_CHARS = 320
"""How much of the previous and the next turn is shown (their ends nearest the suggestion)."""
LEAD_SENTENCES = 2
"""Sentences shown before and after a suggestion within a long turn."""
WINDOW_CHARS = 600
"""Text shown either side of a suggestion in a source without turns."""


class SuggestionView(Static):
    """One suggestion: code and path, score, origin, reason, model, and its turn in context."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "suggestion--code",
        "suggestion--detail",
        "suggestion--speaker",
        "suggestion--neighbour",
        "suggestion--empty",
    }
    """Restylable parts: the code's name, the facts below it, speakers, the dimmed turns, "none"."""

    DEFAULT_CSS = """
    SuggestionView {
        height: auto;
        padding: 0 1;
        & > .suggestion--code { text-style: bold; }
        & > .suggestion--detail { color: $text-muted; }
        & > .suggestion--speaker { text-style: bold; color: $text-primary; }
        & > .suggestion--neighbour { color: $text-disabled; }
        & > .suggestion--empty { color: $text-muted; text-style: italic; }
    }
    """

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__("", name=name, id=id, classes=classes)
        self._shown: tuple[Suggestion, Document, Codebook, tuple[int, int]] | None = None
        self._empty = ""

    def show(
        self,
        suggestion: Suggestion,
        document: Document,
        codebook: Codebook,
        span: tuple[int, int] | None = None,
    ) -> None:
        """Show a suggestion of `document`; `span` marks another span (while adjusting it)."""
        where = span if span is not None else (suggestion.start, suggestion.end)
        self._shown = (suggestion, document, codebook, where)
        self.update(self._render_text())

    def show_empty(self, message: str) -> None:
        """Show a message instead of a suggestion (an empty queue, still loading)."""
        self._shown = None
        self._empty = message
        self.update(self._render_text())

    @property
    def plain(self) -> str:
        """The text shown, without styles (what a reader sees)."""
        return self._render_text().plain

    def notify_style_update(self) -> None:
        """The theme changed: draw the same suggestion in its styles."""
        super().notify_style_update()
        if self._shown is not None or self._empty:
            self.update(self._render_text())

    def _render_text(self) -> Text:
        if self._shown is None:
            return Text(self._empty, style=self._style("suggestion--empty"), end="")
        suggestion, document, codebook, span = self._shown
        text = self._heading(suggestion, codebook)
        text.append("\n\n")
        text.append_text(self._surroundings(document, span, code_color(codebook, suggestion.code)))
        return text

    def _heading(self, suggestion: Suggestion, codebook: Codebook) -> Text:
        """The code's name and path, then score · origin · source · speaker, reason, model."""
        detail = self._style("suggestion--detail")
        text = Text(end="")
        text.append("■ ", Style(color=code_color(codebook, suggestion.code)))
        text.append(code_name(codebook, suggestion.code), self._style("suggestion--code"))
        if codebook.get(suggestion.code) is not None:
            path = " › ".join(code.name for code in codebook.path(suggestion.code))
            text.append(f"   {path}", detail)
        facts = [f"score {suggestion.score:.2f}", suggestion.origin.value, suggestion.source]
        if suggestion.speaker:
            facts.append(suggestion.speaker)
        text.append("\n" + " · ".join(facts), detail)
        text.append(f"\nwhy: {suggestion.reason or 'no reason given'}", detail)
        if suggestion.model:
            text.append(f"\nmodel: {suggestion.model}", detail)
        return text

    def _surroundings(self, document: Document, span: tuple[int, int], color: str) -> Text:
        """The turns the span lies in, marked, between the neighbouring turns, dimmed.

        A long turn is cut to the sentences around the span, so the span is always in view.
        """
        mark = Style(color=color, reverse=True, bold=True)
        if not document.turns or not document.sentences:
            return _window(document.text, span, mark)
        first = document.sentence_at(span[0])
        last = document.sentence_at(max(span[0], span[1] - 1))
        turns = range(document.sentences[first].turn, document.sentences[last].turn + 1)
        low = document.sentences[max(0, first - LEAD_SENTENCES)].start
        high = document.sentences[min(len(document.sentences) - 1, last + LEAD_SENTENCES)].end
        neighbour = self._style("suggestion--neighbour")
        speaker = self._style("suggestion--speaker")
        parts: list[Text] = []
        if turns[0] > 0:
            before = document.turns[turns[0] - 1]
            start = max(before.start, before.end - NEIGHBOUR_CHARS)
            parts.append(_piece(document, before, (start, before.end), (neighbour, neighbour)))
        for index in turns:
            turn = document.turns[index]
            shown = (max(turn.start, low), min(turn.end, high))
            parts.append(_piece(document, turn, shown, (Style(), speaker), span=span, mark=mark))
        if turns[-1] + 1 < len(document.turns):
            after = document.turns[turns[-1] + 1]
            end = min(after.end, after.start + NEIGHBOUR_CHARS)
            parts.append(_piece(document, after, (after.start, end), (neighbour, neighbour)))
        return Text("\n\n", end="").join(parts)

    def _style(self, name: str) -> Style:
        """A component style without its background (the pane's own shows through)."""
        style = self.get_component_rich_style(name)
        return Style(color=style.color, bold=style.bold, italic=style.italic)


def _piece(
    document: Document,
    turn: DocTurn,
    shown: tuple[int, int],
    styles: tuple[Style, Style],
    *,
    span: tuple[int, int] = (0, 0),
    mark: Style | None = None,
) -> Text:
    """The part `shown` of a turn after its speaker ("…" where cut), `span` marked.

    `styles` are those of the text and of the speaker's name.
    """
    style, speaker = styles
    low, high = shown
    text = Text(end="", style=style)
    if turn.speaker:
        text.append(f"{turn.speaker}: ", speaker)
    if low > turn.start:
        text.append("… ")
    offset = len(text) - low
    text.append(document.text[low:high])
    start, end = max(span[0], low), min(span[1], high)
    if mark is not None and start < end:
        text.stylize(mark, offset + start, offset + end)
    if high < turn.end:
        text.append(" …")
    return text


def _window(text: str, span: tuple[int, int], mark: Style) -> Text:
    """The text around a span (for a source without turns), the span marked."""
    low, high = max(0, span[0] - WINDOW_CHARS), min(len(text), span[1] + WINDOW_CHARS)
    shown = Text(text[low:high], end="")
    shown.stylize(mark, span[0] - low, span[1] - low)
    return shown


def adjusted_span(
    document: Document, span: tuple[int, int], edge: str, step: int
) -> tuple[int, int]:
    """The span with its start or end (`edge`) moved by `step` sentences, never inside out.

    The span first snaps to the sentences it touches, so a suggestion that covers part of a
    sentence grows to the whole sentence on the first move.
    """
    if not document.sentences:
        return span
    first = document.sentence_at(span[0])
    last = document.sentence_at(max(span[0], span[1] - 1))
    if edge == "start":
        first = min(max(0, first + step), last)
    else:
        last = max(min(len(document.sentences) - 1, last + step), first)
    return document.span(first, last)
