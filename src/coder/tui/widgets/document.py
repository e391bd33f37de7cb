"""The document pane of the Coding screen: a whole source, moved through by sentence.

`DocumentView` draws through Textual's Line API (`render_line` over a virtual height) with a
cache of drawn lines that a cursor move only partly clears, so a 50,000-word transcript opens
and answers keys as fast as a short one. Drawing and scrolling live in `document_canvas`,
layout in `document_layout`, the codings' marks in `document_marks`, the look of a line in
`document_render`, moves past hidden turns in `document_navigation`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message

from coder.domain.codebook import Codebook
from coder.domain.coding import Coding
from coder.domain.document import Document
from coder.tui.widgets.document_canvas import DocumentCanvas
from coder.tui.widgets.document_layout import LineKind, offset_at
from coder.tui.widgets.document_marks import Marks
from coder.tui.widgets.document_navigation import Navigator
from coder.tui.widgets.document_render import GUTTER


class DocumentView(DocumentCanvas, can_focus=True):
    """A source for coding: speaker turns with their sentences, codings and a cursor.

    The cursor is a sentence; the selection runs from an anchor sentence to the cursor.
    Accepted codings are underlined, with bars in their codes' colours in the left gutter
    and the code names in the right margin, where pending suggestions show as "? name".
    Navigation skips the turns hidden by `set_filter`.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # The footer shows one key of each pair, leaving room for the screen's coding keys;
        # the help screen lists them all.
        Binding("j,down", "cursor_next", "Next sentence", key_display="j"),
        Binding("k,up", "cursor_previous", "Previous sentence", key_display="k", show=False),
        Binding("J,shift+down", "extend_next", "Extend selection", key_display="J"),
        Binding("K,shift+up", "extend_previous", "Shrink selection", key_display="K", show=False),
        Binding("right_square_bracket", "next_turn", "Next turn", key_display="]"),
        Binding(
            "left_square_bracket", "previous_turn", "Previous turn", key_display="[", show=False
        ),
        Binding("g,home", "first", "First sentence", key_display="g", show=False),
        Binding("G,end", "last", "Last sentence", key_display="G", show=False),
    ]

    DEFAULT_CSS = """
    DocumentView {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        & > .document--speaker { text-style: bold; color: $text-primary; }
        & > .document--interviewer { color: $text-muted; }
        & > .document--timestamp { color: $text-muted; }
        & > .document--preface { color: $text-muted; text-style: italic; }
        & > .document--coded { text-style: underline; }
        & > .document--search { background: $warning-muted; }
        & > .document--selection { background: $primary-muted; }
        & > .document--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        & > .document--margin { color: $text-muted; }
        & > .document--suggestion { color: $text-muted; text-style: italic; }
        &:focus > .document--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
    }
    """

    class CursorMoved(Message):
        """The cursor or the selection changed (sentence indices of the cursor and the ends)."""

        def __init__(self, view: DocumentView, sentence: int, first: int, last: int) -> None:
            super().__init__()
            self.view = view
            self.sentence = sentence
            self.first = first
            self.last = last

        @property
        def control(self) -> DocumentView:
            """The view whose cursor moved."""
            return self.view

    @property
    def filter_code(self) -> str | None:
        """The code whose turns alone are shown, or None when all are."""
        return self._filter

    # --- what a screen calls ------------------------------------------------------------------

    def load(
        self,
        document: Document,
        codings: Sequence[Coding],
        codebook: Codebook,
        me: str,
        *,
        cursor: int = 0,
    ) -> None:
        """Show a source with its codings for coder `me`, the cursor on sentence `cursor`.

        Clears the filter and the search hits of the source shown before.
        """
        self._document, self._codebook, self._me = document, codebook, me
        self._marks = Marks(document, codings, codebook, me)
        self._codings = {coding.id: coding for coding in codings}
        self._filter, self._visible, self._hits = None, None, []
        self._navigator = Navigator(document)
        self._cursor = self._anchor = max(0, min(cursor, len(document.sentences) - 1))
        self._relayout()
        self.scroll_to(y=0, animate=False, force=True)
        self._scroll_to_cursor(center=True)
        self._post_moved()

    def set_codings(self, codings: Sequence[Coding], codebook: Codebook) -> None:
        """Show changed codings, keeping the cursor, the selection and the cursor's screen row.

        Only the turns whose margin labels changed are laid out again.
        """
        if self._document is None:
            return
        self._codebook = codebook
        changed = _changed_turns(self._document, self._codings, codings)
        self._codings = {coding.id: coding for coding in codings}
        self._marks = Marks(self._document, codings, codebook, self._me)
        before = self._cursor_row()
        if self._filter is None:
            self._relabel(changed)
        else:
            self._show_turns(self._turns_with(self._filter))
            self._relayout()
        self._keep_row(before)
        self._into_view()

    def goto(self, sentence: int, *, keep_selection: bool = False) -> None:
        """Move the cursor to a sentence and scroll to it; keep the anchor if asked.

        A sentence hidden by the filter gives way to the nearest shown one after it (else
        before it). A sentence off screen is scrolled to the middle of the view.
        """
        if self._document is None or not self._document.sentences or self._navigator is None:
            return
        sentence = max(0, min(sentence, len(self._document.sentences) - 1))
        target = self._navigator.nearest(sentence)
        if target is None:
            return
        on_screen = self._on_screen(target)
        self._select(target, self._anchor if keep_selection else target, scroll=False)
        self._scroll_to_cursor(center=not on_screen)

    def set_filter(self, code: str | None) -> None:
        """Show only the turns that hold a coding of `code`; None shows every turn again.

        Turns show whole, for context. Accepted and pending codings count, and so do codings
        of the codes below `code`, so a theme shows the turns of all its codes.
        """
        if self._document is None:
            return
        self._filter = code
        self._show_turns(None if code is None else self._turns_with(code))
        self._relayout()
        self._into_view()
        self._scroll_to_cursor(center=True)

    def set_search(self, hits: Sequence[tuple[int, int]]) -> None:
        """Highlight these text ranges (the hits of a search in this source); [] clears."""
        self._hits = sorted(hits)
        self._forget_all()

    # --- keys ---------------------------------------------------------------------------------

    def action_cursor_next(self) -> None:
        """Move to the next sentence; the selection collapses to it."""
        self._move(self._step(self._cursor, 1), extend=False)

    def action_cursor_previous(self) -> None:
        """Move to the previous sentence; the selection collapses to it."""
        self._move(self._step(self._cursor, -1), extend=False)

    def action_extend_next(self) -> None:
        """Move the cursor a sentence down, keeping the anchor (the selection grows down)."""
        self._move(self._step(self._cursor, 1), extend=True)

    def action_extend_previous(self) -> None:
        """Move the cursor a sentence up, keeping the anchor.

        The selection shrinks towards the anchor, and past it grows upwards.
        """
        self._move(self._step(self._cursor, -1), extend=True)

    def action_next_turn(self) -> None:
        """Move to the first sentence of the next turn."""
        self._move(self._turn_start(1), extend=False)

    def action_previous_turn(self) -> None:
        """Move to the first sentence of the previous turn."""
        self._move(self._turn_start(-1), extend=False)

    def action_first(self) -> None:
        """Move to the first sentence shown."""
        self._move(self._step(-1, 1), extend=False)

    def action_last(self) -> None:
        """Move to the last sentence shown."""
        count = len(self._document.sentences) if self._document is not None else 0
        self._move(self._step(count, -1), extend=False)

    def on_click(self, event: events.Click) -> None:
        """A click on a sentence moves the cursor there; shift-click extends the selection."""
        offset = event.get_content_offset(self)
        document, layout = self._document, self._layout
        if offset is None or document is None or layout is None:
            return
        found = layout.locate(offset.y + self.scroll_offset.y)
        column = offset.x - GUTTER
        if found is None or not 0 <= column < self._columns.text:
            return
        block, index = found
        line = block.lines[index]
        if line.kind is not LineKind.TEXT or not document.turns[block.turn].sentence_count:
            return
        sentences = document.turns[block.turn].sentences
        sentence = document.sentence_at(offset_at(document.text, line, column))
        self.goto(max(sentences[0], min(sentence, sentences[-1])), keep_selection=event.shift)

    # --- moving -------------------------------------------------------------------------------

    def _step(self, sentence: int, step: int) -> int | None:
        return self._navigator.step(sentence, step) if self._navigator is not None else None

    def _turn_start(self, step: int) -> int | None:
        if self._navigator is None or self._document is None or not self._document.sentences:
            return None
        return self._navigator.turn_start(self._cursor, step)

    def _move(self, target: int | None, *, extend: bool) -> None:
        """Put the cursor on `target` (None: stay, as at either end) and scroll to it."""
        if self._document is None or not self._document.sentences:
            return
        if target is None or (self._navigator and not self._navigator.shows(target)):
            target = self._cursor
        self._select(target, self._anchor if extend else target)

    def _select(self, cursor: int, anchor: int, *, scroll: bool = True) -> None:
        """Set cursor and anchor; redraw only the rows of the old and new selections."""
        if (cursor, anchor) == (self._cursor, self._anchor):
            return
        old = self.selection
        self._cursor, self._anchor = cursor, anchor
        self._forget_sentences(*old)
        self._forget_sentences(*self.selection)
        if scroll:
            self._scroll_to_cursor()
        self._post_moved()

    def _post_moved(self) -> None:
        first, last = self.selection
        self.post_message(self.CursorMoved(self, self._cursor, first, last))

    # --- the filter -----------------------------------------------------------------------------

    def _show_turns(self, visible: set[int] | None) -> None:
        if self._document is not None:
            self._visible = visible
            self._navigator = Navigator(self._document, visible)

    def _turns_with(self, code: str) -> set[int]:
        """The turns holding a coding of the code or of a code below it."""
        if self._marks is None:
            return set()
        codes = {code}
        if self._codebook is not None and self._codebook.get(code) is not None:
            codes.update(below.id for below in self._codebook.descendants(code))
        return self._marks.turns_with(codes)

    def _into_view(self) -> None:
        """After a filter or a change of codings: bring a hidden cursor to a shown turn."""
        if self._document is None or not self._document.sentences or self._navigator is None:
            return
        cursor = self._navigator.nearest(self._cursor)
        if cursor is None:
            return
        anchor = self._anchor if self._navigator.shows(self._anchor) else cursor
        self._select(cursor, anchor if cursor == self._cursor else cursor, scroll=False)


def _changed_turns(
    document: Document, before: Mapping[int, Coding], after: Sequence[Coding]
) -> set[int]:
    """The turns touched by codings added, removed or changed between two lists."""
    now = {coding.id: coding for coding in after}
    changed = [c for i, c in before.items() if now.get(i) != c]
    changed += [c for i, c in now.items() if before.get(i) != c]
    turns: set[int] = set()
    for coding in changed:
        first = document.sentences[document.sentence_at(coding.start)].turn
        last = document.sentences[document.sentence_at(max(coding.start, coding.end - 1))].turn
        turns.update(range(first, last + 1))
    return turns
