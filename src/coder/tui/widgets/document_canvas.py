"""The drawing half of the document view: layout, a cache of drawn lines, rows and scrolling.

`DocumentCanvas` keeps the state of a shown document (codings, cursor, anchor, filter, search
hits) and draws it through Textual's Line API. `DocumentView` adds the keys, the mouse and
the calls a screen makes.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.geometry import Region, Size, Spacing
from textual.scroll_view import ScrollView
from textual.strip import Strip

from coder.domain.codebook import Codebook
from coder.domain.coding import Coding
from coder.domain.document import Document
from coder.tui.widgets.document_layout import DocumentLayout
from coder.tui.widgets.document_marks import Marks
from coder.tui.widgets.document_navigation import Navigator
from coder.tui.widgets.document_render import Columns, Highlights, LinePainter, Palette

STRIP_CACHE_LINES = 2000
"""Drawn lines kept; past this the cache starts again (a screen holds far fewer)."""


class DocumentCanvas(ScrollView):
    """A document drawn line by line, only the rows on screen.

    Each row is drawn once until a change touches it: a cursor move redraws the rows of the
    old and the new selection, a change of codings the rows on screen.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "document--speaker",
        "document--interviewer",
        "document--timestamp",
        "document--preface",
        "document--coded",
        "document--search",
        "document--selection",
        "document--cursor",
        "document--margin",
        "document--suggestion",
    }
    """Parts an app's stylesheet can restyle, e.g. `DocumentView > .document--cursor`:
    speaker names, interviewer turns, timestamps, the preface (text before the first turn),
    coded text, search hits, the selection, the cursor sentence, the margin, suggestions."""

    ALLOW_SELECT = False
    """Mouse clicks move the cursor; Textual's text selection would fight with that."""

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._document: Document | None = None
        self._codebook: Codebook | None = None
        self._me = ""
        self._marks: Marks | None = None
        self._codings: dict[int, Coding] = {}
        self._layout: DocumentLayout | None = None
        self._navigator: Navigator | None = None
        self._columns = Columns.for_width(0)
        self._cursor = 0
        self._anchor = 0
        self._filter: str | None = None
        self._visible: set[int] | None = None
        self._hits: list[tuple[int, int]] = []
        self._strips: dict[int, Strip] = {}
        self._palette: Palette | None = None
        self._painter: LinePainter | None = None

    @property
    def document(self) -> Document | None:
        """The source shown, once loaded."""
        return self._document

    @property
    def cursor(self) -> int:
        """The index of the current sentence."""
        return self._cursor

    @property
    def selection(self) -> tuple[int, int]:
        """The first and last sentence of the selection, in text order."""
        return min(self._anchor, self._cursor), max(self._anchor, self._cursor)

    @property
    def selection_span(self) -> tuple[int, int]:
        """The text offsets [start, end) of the selection; (0, 0) with nothing to select."""
        if self._document is None or not self._document.sentences:
            return 0, 0
        return self._document.span(*self.selection)

    # --- drawing ------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """Draw row y of the view (row y + scroll of the document), from the cache if drawn."""
        row = y + self.scroll_offset.y
        strip = self._strips.get(row)
        if strip is None:
            # Drawn to the text's width and padded under the scrollbar (the compositor's part).
            strip = self._draw(row).adjust_cell_length(self.size.width, self.rich_style)
            if len(self._strips) >= STRIP_CACHE_LINES:
                self._strips.clear()
            self._strips[row] = strip
        return strip

    def _draw(self, row: int) -> Strip:
        layout, marks, document = self._layout, self._marks, self._document
        if layout is None or marks is None or document is None:
            return Strip.blank(self._columns.width, self.rich_style)
        found = layout.locate(row)
        if found is not None:
            return self._line_painter(document, marks).paint(*found)
        if row == 0 and self._filter is not None:
            return self._filter_message()
        return Strip.blank(self._columns.width, self.rich_style)

    def _line_painter(self, document: Document, marks: Marks) -> LinePainter:
        """The painter for the current state, made again after each change (see `_forget_*`)."""
        if self._painter is None:
            spans = (0, 0), (0, 0)
            if document.sentences:
                spans = document.span(self._cursor, self._cursor), document.span(*self.selection)
            highlights = Highlights(*spans, self._hits, [end for _, end in self._hits])
            self._painter = LinePainter(
                document, marks, self._columns, self.palette, highlights, self.app.console
            )
        return self._painter

    def _filter_message(self) -> Strip:
        name = self._filter or ""
        code = self._codebook.get(name) if self._codebook is not None else None
        text = Text(f"  No turn here holds a coding of {code.name if code else name}.")
        text.stylize(self.palette.preface)
        text.truncate(self._columns.width, pad=True)
        return Strip(text.render(self.app.console), text.cell_len)

    @property
    def palette(self) -> Palette:
        """The styles of the component classes under the current theme and focus (cached)."""
        if self._palette is None:
            style = self.get_component_rich_style
            self._palette = Palette(
                base=self.rich_style,
                speaker=style("document--speaker"),
                interviewer=style("document--interviewer"),
                timestamp=style("document--timestamp"),
                preface=style("document--preface"),
                coded=style("document--coded", partial=True),
                search=style("document--search"),
                selection=style("document--selection"),
                cursor=style("document--cursor"),
                margin=style("document--margin"),
                suggestion=style("document--suggestion"),
            )
        return self._palette

    def notify_style_update(self) -> None:
        """The theme or the focus changed: draw every line again with the new styles."""
        super().notify_style_update()
        self._palette = None
        self._painter = None
        self._strips.clear()

    def on_resize(self, event: events.Resize) -> None:
        """Lay the text out again for a new width, keeping the cursor's screen row."""
        if self._document is None:
            return
        if self._layout is not None and self.scrollable_content_region.width == self._columns.width:
            return
        had_layout = self._layout is not None
        before = self._cursor_row()
        self._relayout()
        if had_layout:
            self._keep_row(before)
        else:
            self._scroll_to_cursor(center=True)

    # --- layout -------------------------------------------------------------------------------

    def _relayout(self) -> None:
        """Lay the document out for the current width and filter; forget all drawn lines."""
        width = self.scrollable_content_region.width
        self._columns = Columns.for_width(width)
        if self._document is None or self._marks is None or width <= 0:
            self._layout = None
        else:
            self._layout = DocumentLayout(
                self._document,
                self._columns.text,
                visible=self._visible,
                label_offsets=self._marks.label_offsets(),
            )
        self._resized()

    def _relabel(self, turns: Collection[int] | None = None) -> None:
        """Take the margin labels of changed codings, laying out only the turns they change.

        With the turns whose codings changed given, and no turn grown or shrunk, only those
        turns' rows are drawn again (a code applied redraws a paragraph, not the screen).
        """
        if self._layout is None or self._marks is None:
            self._relayout()
            return
        tops = list(self._layout.tops)
        self._layout.relabel(self._marks.label_offsets())
        if turns is None or self._layout.tops != tops:
            self._resized()
            return
        self._painter = None
        for turn in turns:
            if self._layout.shows(turn):
                rows = self._layout.turn_rows(turn)
                for row in rows:
                    self._strips.pop(row, None)
                self.refresh_lines(rows.start, len(rows))

    def _resized(self) -> None:
        height = self._layout.height if self._layout is not None else 0
        size = Size(self._columns.width, max(1, height))
        if size != self.virtual_size:
            self.virtual_size = size
            # As Textual's own OptionList does: show or hide the scrollbar now, not at the
            # next layout, so that scrolling to the cursor works straight after a load.
            self._scroll_update(size)
        self._forget_all()

    def _sentence_rows(self, sentence: int) -> tuple[int, int] | None:
        """The rows a shown sentence covers, from its turn's header if it is the turn's first."""
        layout, document = self._layout, self._document
        if layout is None or document is None or not document.sentences:
            return None
        found = document.sentences[sentence]
        if not layout.shows(found.turn):
            return None
        top, bottom = layout.sentence_rows(found)
        if sentence == document.turns[found.turn].first_sentence:
            top = layout.block_top(found.turn)
        return top, bottom

    # --- scrolling ----------------------------------------------------------------------------

    def _cursor_row(self) -> int | None:
        """The screen row of the cursor's sentence (None when it is not laid out)."""
        rows = self._sentence_rows(self._cursor)
        return None if rows is None else rows[0] - self.scroll_offset.y

    def _keep_row(self, before: int | None) -> None:
        """Scroll so the cursor is on the screen row it was on (`before`) before a change."""
        after = self._cursor_row()
        if before is not None and after is not None and after != before:
            self.scroll_to(y=self.scroll_offset.y + after - before, animate=False, force=True)

    def _on_screen(self, sentence: int) -> bool:
        rows = self._sentence_rows(sentence)
        if rows is None:
            return False
        top = self.scroll_offset.y
        return top <= rows[0] and rows[1] < top + self.scrollable_content_region.height

    def _scroll_to_cursor(self, *, center: bool = False) -> None:
        """Scroll the least that shows the cursor's sentence (or put it mid-screen)."""
        rows = self._sentence_rows(self._cursor)
        height = self.scrollable_content_region.height
        if rows is None:
            return
        if height <= 0:
            self.call_after_refresh(self._scroll_to_cursor, center=center)
            return
        top, bottom = rows
        region = Region(0, top, 1, min(bottom - top + 1, height))
        spacing = Spacing(1, 0, 1, 0) if height > 6 else None
        self.scroll_to_region(
            region,
            spacing=spacing,
            animate=False,
            center=center,
            x_axis=False,
            force=True,
            immediate=True,
        )

    # --- the cache of drawn lines -------------------------------------------------------------

    def _forget_sentences(self, first: int, last: int) -> None:
        """Drop the drawn rows from sentence `first` to `last` and have them drawn again."""
        top, bottom = self._sentence_rows(first), self._sentence_rows(last)
        if top is None or bottom is None:
            self._forget_all()
            return
        self._painter = None
        low, high = top[0], bottom[1]
        if high - low < len(self._strips):
            for row in range(low, high + 1):
                self._strips.pop(row, None)
        else:
            self._strips = {r: s for r, s in self._strips.items() if not low <= r <= high}
        self.refresh_lines(low, high - low + 1)

    def _forget_all(self) -> None:
        """Drop every drawn row and redraw the view."""
        self._painter = None
        self._strips.clear()
        self.refresh()
