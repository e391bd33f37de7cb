"""The Sources screen: every source with its size and how much of it is coded; Enter opens one."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Input

from coder.services.workspace import SourceRow, source_rows
from coder.tui.screens.base import CoderScreen

if TYPE_CHECKING:
    pass

COLUMNS = ("source", "kind", "language", "words", "coded", "pending", "attributes")
"""The numbers come before the attributes, which take what is left of the width."""
ATTRIBUTES_WIDTH = 36


class SourcesScreen(CoderScreen):
    """The start screen: filter by typing, sort by column, Enter opens the source."""

    CSS_PATH = "sources.tcss"
    BINDINGS = [
        Binding("enter", "open_source", "Open", priority=True),
        Binding("down", "cursor(1)", "Next", show=False, priority=True),
        Binding("up", "cursor(-1)", "Previous", show=False, priority=True),
        Binding("pagedown", "cursor(20)", "Page down", show=False, priority=True),
        Binding("pageup", "cursor(-20)", "Page up", show=False, priority=True),
        Binding("ctrl+s", "sort", "Sort by next column"),
        Binding("escape", "clear_filter", "Clear filter"),
        # Typing filters, so `s` reaches the screen only when the table has focus (tab).
        Binding("s", "summary", "Summary", show=False),
        Binding("f2", "summary", "Summary", show=False, priority=True),
        Binding("g", "agreement", "Agreement", show=False),
        Binding("f3", "agreement", "Agreement", show=False, priority=True),
        Binding("r", "review", "Review", show=False),
        Binding("f4", "review", "Review", show=False, priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[SourceRow] = []
        self.sort_column = 0
        self.stale = False

    def compose(self) -> ComposeResult:
        """A filter field above the table of sources."""
        yield Header()
        yield Input(placeholder="type to filter sources (name, kind, attributes)", id="filter")
        yield DataTable(id="sources", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """Set up the table and fill it."""
        table = self.query_one(DataTable)
        for name in COLUMNS:
            table.add_column(
                name, key=name, width=ATTRIBUTES_WIDTH if name == "attributes" else None
            )
        self.refresh_rows()
        self.query_one(Input).focus()

    def on_screen_suspend(self) -> None:
        """A source is opened over this screen: its coded share may change."""
        self.stale = True

    def on_screen_resume(self) -> None:
        """Back from a source: read the rows again (not when first shown: on_mount did)."""
        if self.stale:
            self.stale = False
            self.refresh_rows()

    def refresh_rows(self) -> None:
        """Read the sources again and show those that match the filter."""
        app = self.coder_app
        self.rows = app.attempt(source_rows, app.project, only_mine=app.blind) or []
        self._fill()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        query = self.query_one(Input).value.casefold().strip()
        shown = [row for row in self.rows if not query or query in _haystack(row)]
        shown.sort(key=_sort_key(self.sort_column))
        table.clear()
        table.add_rows(_cells(row) for row in shown)
        self.sub_title = f"{len(shown)} of {len(self.rows)} sources"

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter as the researcher types."""
        self._fill()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        """Sort by the clicked column."""
        self.sort_column = event.column_index
        self._fill()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """A click or Enter on a row opens it."""
        self.action_open_source()

    def action_cursor(self, step: int) -> None:
        """Move the highlighted row while typing in the filter."""
        table = self.query_one(DataTable)
        table.move_cursor(row=max(0, table.cursor_row + step))

    def action_sort(self) -> None:
        """Sort by the next column (name, kind, language, …)."""
        self.sort_column = (self.sort_column + 1) % len(COLUMNS)
        self.notify(f"sorted by {COLUMNS[self.sort_column]}", timeout=2)
        self._fill()

    def action_clear_filter(self) -> None:
        """Show every source again."""
        self.query_one(Input).value = ""

    def action_summary(self) -> None:
        """The Summary screen: counts per theme and code, with their quotes."""
        from coder.tui.screens.summary import SummaryScreen

        self.app.push_screen(SummaryScreen())

    def action_agreement(self) -> None:
        """The Agreement screen: where two coders disagree, resolved one key at a time."""
        from coder.tui.screens.agreement import open_agreement

        open_agreement(self.coder_app)

    def action_review(self) -> None:
        """The Review screen: the queue of suggestions, one at a time in context."""
        from coder.tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen())

    def action_open_source(self) -> None:
        """Open the highlighted source in the Coding screen."""
        from coder.tui.screens.coding import CodingScreen

        table = self.query_one(DataTable)
        if table.row_count == 0:
            return
        name = str(table.get_row_at(table.cursor_row)[0])
        self.app.push_screen(CodingScreen(name))


def _haystack(row: SourceRow) -> str:
    attributes = " ".join(f"{k}={v}" for k, v in row.attributes.items())
    return f"{row.name} {row.kind} {row.language} {attributes}".casefold()


def _cells(row: SourceRow) -> list[Text]:
    return [
        Text(row.name),
        Text(row.kind),
        Text(row.language),
        Text(f"{row.words:,}".replace(",", " "), justify="right"),
        Text(f"{row.coded_share:.0%}", justify="right"),
        Text(str(row.pending) if row.pending else "", justify="right"),
        Text(", ".join(row.attributes.values()), overflow="ellipsis"),
    ]


def _sort_key(column: int) -> Callable[[SourceRow], Any]:
    fields: tuple[Callable[[SourceRow], Any], ...] = (
        lambda r: r.name.casefold(),
        lambda r: (r.kind, r.name),
        lambda r: (r.language, r.name),
        lambda r: (-r.words, r.name),
        lambda r: (-r.coded_share, r.name),
        lambda r: (-r.pending, r.name),
        lambda r: (", ".join(r.attributes.values()).casefold(), r.name),
    )
    return fields[column]
