"""The queue of the Review screen: pending suggestions as table rows, kept in step with a list.

Each row shows the code in its colour, the score, the origin, the source and the start of the
suggested text (plain text, never markup). Rows are keyed by suggestion id, so a decided
suggestion leaves without the table being filled again. Only the first SHOWN suggestions are
rows — a table's changes cost more the more rows it has, and a reviewer works from the top —
and each one decided makes room for the next.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from coder.domain.codebook import Codebook
from coder.domain.suggestion import Decision, Progress, QueueOrder, Suggestion
from coder.tui.widgets.codes import code_color, code_name

COLUMNS = ("code", "score", "origin", "source", "text")
SNIPPET_CHARS = 80
"""Characters of the suggested text shown in its row."""
SHOWN = 400
"""Suggestions shown as rows at most (the rest follow as these are decided)."""


@dataclass(frozen=True)
class Place:
    """Where the reviewer is in the queue, to find the same place after the queue changed.

    `key` (source, start, end, code) finds it again after a retrain wrote the queue anew;
    `id` is the suggestion's (enough after an undo); `index` is the row, for when it is gone.
    """

    id: int | None
    key: tuple[str, int, int, str] | None
    index: int


class ReviewQueue(DataTable[Text]):
    """Pending suggestions, one row each, in the order given; the cursor is the current one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Next suggestion", show=False),
        Binding("k", "cursor_up", "Previous suggestion", show=False),
    ]
    """j and k move through the queue as they move through a document (arrows work too)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.items: list[Suggestion] = []
        """The whole queue, in order; the first `row_count` of them are the rows."""
        self._codebook: Codebook | None = None

    def on_mount(self) -> None:
        """Set up the columns."""
        for key in COLUMNS:
            self.add_column(key, key=key)

    @property
    def current(self) -> Suggestion | None:
        """The suggestion under the cursor, if the queue has any."""
        row = self.cursor_row
        return self.items[row] if 0 <= row < len(self.items) else None

    @property
    def place(self) -> Place:
        """Where the cursor is."""
        item = self.current
        if item is None:
            return Place(None, None, max(0, self.cursor_row))
        return Place(item.id, (item.source, item.start, item.end, item.code), self.cursor_row)

    def fill(self, items: Sequence[Suggestion], codebook: Codebook, place: Place) -> None:
        """Show these suggestions, the cursor on `place`.

        That is a suggestion of the same code on the same span, else the one with the same id,
        else the same row.
        """
        self.items = list(items)
        self._codebook = codebook
        self.clear()
        self._top_up()
        if self.items:
            self.move_cursor(row=_find(self.items[: self.row_count], place))

    def drop(self, item: Suggestion, *, settled: bool) -> None:
        """Take a decided suggestion out, the cursor staying on its row (now the next one).

        With `settled` (it was accepted), the others of its code that overlap it go too: the
        accepted coding settles them, and the queue no longer holds them.
        """
        row = self.cursor_row
        gone = {
            other.id
            for other in self.items
            if other.id == item.id
            or (
                settled
                and (other.source, other.code) == (item.source, item.code)
                and other.start < item.end
                and item.start < other.end
            )
        }
        for other in self.items[: self.row_count]:
            if other.id in gone:
                self.remove_row(str(other.id))
        self.items = [other for other in self.items if other.id not in gone]
        self._top_up()
        if self.items:
            self.move_cursor(row=min(row, self.row_count - 1))

    def _top_up(self) -> None:
        """Add rows for the next suggestions until SHOWN are rows (or the queue ends)."""
        assert self._codebook is not None
        for item in self.items[self.row_count : SHOWN]:
            self.add_row(*_cells(item, self._codebook), key=str(item.id))

    def replace(self, item: Suggestion) -> None:
        """Show a changed suggestion (an adjusted span) in its row."""
        self.items = [item if other.id == item.id else other for other in self.items]
        self.update_cell(str(item.id), "text", _snippet(item.text))

    def skip(self) -> None:
        """Go to the next suggestion; from the last row, to the first."""
        if self.row_count:
            self.move_cursor(row=(self.cursor_row + 1) % self.row_count)


def _find(items: list[Suggestion], place: Place) -> int:
    # The span first: a retrain writes the queue anew, and ids may then belong to others.
    if place.key is not None:
        for index, item in enumerate(items):
            if (item.source, item.start, item.end, item.code) == place.key:
                return index
    for index, item in enumerate(items):
        if item.id == place.id:
            return index
    return min(place.index, len(items) - 1)


def _cells(item: Suggestion, codebook: Codebook) -> list[Text]:
    """A row: the code in its colour, score, origin, source, the start of the text."""
    code = Text("■ ", style=code_color(codebook, item.code), no_wrap=True, overflow="ellipsis")
    code.append(code_name(codebook, item.code), style="")
    return [
        code,
        Text(f"{item.score:.2f}", justify="right"),
        Text(item.origin.value),
        Text(item.source, no_wrap=True, overflow="ellipsis"),
        _snippet(item.text),
    ]


def _snippet(text: str) -> Text:
    """The suggested text on one line, cut to SNIPPET_CHARS."""
    line = " ".join(text.split())
    if len(line) > SNIPPET_CHARS:
        line = line[: SNIPPET_CHARS - 1] + "…"
    return Text(line, no_wrap=True)


def progress_line(progress: Progress | None, order: QueueOrder, doing: str) -> Text:
    """The progress line: reviewed, pending, precision, order, then what is going on."""
    parts = []
    if progress is not None:
        precision = "—" if progress.precision is None else f"{progress.precision:.2f}"
        parts += [
            f"reviewed {progress.reviewed}",
            f"pending {progress.pending}",
            f"precision of your decisions {precision}",
        ]
    parts += [f"ordered by {order.value}", doing]
    return Text(" · ".join(parts))


def counted_on(progress: Progress, decision: Decision, count: int, pending: int) -> Progress:
    """The progress after `count` more decisions, with `pending` suggestions left."""
    if decision is Decision.ACCEPT:
        return Progress(progress.accepted + count, progress.rejected, pending)
    return Progress(progress.accepted, progress.rejected + count, pending)
