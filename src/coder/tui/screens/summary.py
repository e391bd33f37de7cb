"""The Summary screen: codings, sources and shares per theme and code, as a table and bars.

`b` breaks the table down by an attribute, `p` counts pending suggestions too, Enter on a cell
lists the quotes behind it (and Enter on a quote opens it in the Coding screen), `e` exports
the table. Counting runs in a thread worker with its own connection; its message fills the
widgets.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from coder.errors import CoderError
from coder.services import workspace
from coder.services.project import Project
from coder.services.reports.quotes import Quote, quotes_behind
from coder.services.reports.scope import Scope, attribute_of
from coder.services.reports.summary import summary_frame, tally
from coder.services.reports.tables import format_for, write_table
from coder.tui.screens.base import CoderScreen
from coder.tui.widgets.bars import BarChart

if TYPE_CHECKING:
    import pandas as pd


NUMBERS = (("codings", "codings"), ("sources", "sources"), ("share_of_sources", "share"))
"""Summary columns shown after the name, with their headings."""


@dataclass(frozen=True)
class _QuoteQuery:
    """Which quotes a cell stands for, and the title of their list."""

    code_id: str
    theme: bool
    include_pending: bool
    by: str | None
    value: str | None
    title: str


@dataclass(frozen=True)
class Counts:
    """What one count gives the screen: the summary table and the project's attribute keys."""

    frame: pd.DataFrame
    by: str | None
    include_pending: bool
    attributes: list[str]
    seconds: float


def count_summary(project: Project, *, by: str | None, include_pending: bool) -> Counts:
    """The summary of every code and source, broken down by `by`, timed."""
    started = perf_counter()
    counted = tally(project, Scope(include_pending=include_pending))
    by_value = None if by is None else attribute_of(project, counted.resolved, by)
    frame = summary_frame(project, counted, by=by, by_value=by_value)
    attributes = list(counted.resolved.attributes)
    return Counts(frame, by, include_pending, attributes, perf_counter() - started)


class SummaryScreen(CoderScreen):
    """Counts per theme and code, broken down by an attribute, down to the quotes."""

    CSS_PATH = "summary.tcss"
    BINDINGS = [
        Binding("b", "next_attribute", "By attribute"),
        Binding("p", "toggle_pending", "Pending"),
        Binding("e", "export", "Export"),
        Binding("escape", "back", "Back"),
        Binding("o", "back", "Back", show=False),
    ]

    class Counted(Message):
        """A count finished."""

        def __init__(self, generation: int, counts: Counts) -> None:
            super().__init__()
            self.generation = generation
            self.counts = counts

    class QuotesFound(Message):
        """The quotes behind a cell were read."""

        def __init__(self, title: str, found: list[Quote]) -> None:
            super().__init__()
            self.title = title
            self.found = found

    class Failed(Message):
        """A worker met a user error (an attribute or code gone meanwhile, a locked file)."""

        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self.by: str | None = None
        self.include_pending = False
        self.counts: Counts | None = None
        self.attributes: list[str] = []
        self.generation = 0
        self.stale = False

    @property
    def frame(self) -> pd.DataFrame | None:
        """The summary table on screen, once counted."""
        return None if self.counts is None else self.counts.frame

    def compose(self) -> ComposeResult:
        """A status line over the table, with the bar chart beside it."""
        yield Header()
        yield Static(Text("counting…"), id="status")
        with Horizontal(id="panes"):
            yield DataTable(id="summary", cursor_type="cell", zebra_stripes=True)
            with VerticalScroll(id="chart-pane"):
                yield BarChart(id="chart")
        yield Footer()

    def on_mount(self) -> None:
        """Start counting."""
        self.sub_title = "Summary"
        self.query_one(DataTable).focus()
        self._recount()

    def on_screen_resume(self) -> None:
        """Back from a source opened from here: its codings may have changed."""
        if self.stale:
            self.stale = False
            self._recount()

    # --- counting -----------------------------------------------------------------------------

    def _recount(self) -> None:
        self.generation += 1
        self.query_one("#status", Static).update(Text("counting…"))
        project = self.coder_app.project
        self._count(self.generation, project.path, project.coder, self.by, self.include_pending)

    @work(thread=True, group="summary")
    def _count(
        self, generation: int, path: Path, coder: str, by: str | None, include_pending: bool
    ) -> None:
        """Count in a thread, on a connection of its own (SQLite connections are per thread)."""
        try:
            with Project.open(path, coder=coder) as project:
                counts = count_summary(project, by=by, include_pending=include_pending)
        except CoderError as error:
            self.post_message(self.Failed(error.one_line()))
            return
        self.post_message(self.Counted(generation, counts))

    def on_summary_screen_counted(self, message: SummaryScreen.Counted) -> None:
        """Show a finished count, unless a newer one has been asked for since."""
        if message.generation == self.generation:
            self.counts = message.counts
            self.attributes = message.counts.attributes
            self._fill(message.counts)

    def on_summary_screen_failed(self, message: SummaryScreen.Failed) -> None:
        """A worker's user error: say so on the status line and in a notification."""
        self.query_one("#status", Static).update(Text(message.error))
        self.notify(message.error, title="Could not do that", severity="error", timeout=8)

    def _fill(self, counts: Counts) -> None:
        table = self.query_one(DataTable)
        row, column = table.cursor_coordinate
        table.clear(columns=True)
        table.add_column("theme / code", key="name")
        for key, heading in NUMBERS:
            table.add_column(heading, key=key)
        by_columns = [
            name for name in counts.frame.columns if str(name).startswith(f"{counts.by}=")
        ]
        for name in by_columns:
            table.add_column(Text(str(name)), key=str(name))
        records = counts.frame.to_dict(orient="records")
        for index, record in enumerate(records):
            table.add_row(*_cells(record, by_columns), key=str(index))
        if records:
            table.move_cursor(
                row=min(row, len(records) - 1), column=min(column, 3 + len(by_columns))
            )
        codes = [(str(r["code"]), int(r["codings"])) for r in records if r["level"] == "code"]
        self.query_one(BarChart).show(codes, title="codings per code")
        self.query_one("#status", Static).update(Text(_status(counts)))

    # --- keys ---------------------------------------------------------------------------------

    def action_next_attribute(self) -> None:
        """Break the table down by the next attribute (none, then each in turn)."""
        choices: list[str | None] = [None, *self.attributes]
        if len(choices) == 1:
            self.notify("no source has attributes to break down by", timeout=3)
            return
        at = choices.index(self.by) if self.by in choices else 0
        self.by = choices[(at + 1) % len(choices)]
        self.notify(f"by {self.by}" if self.by else "not broken down", timeout=2)
        self._recount()

    def action_toggle_pending(self) -> None:
        """Count pending suggestions too, or only accepted codings."""
        self.include_pending = not self.include_pending
        self.notify(
            "counting pending suggestions too" if self.include_pending else "accepted only",
            timeout=2,
        )
        self._recount()

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        """Enter on a cell lists the quotes behind it (read in a worker: there may be many)."""
        if self.counts is None or event.cell_key.row_key.value is None:
            return
        record = self.counts.frame.iloc[int(event.cell_key.row_key.value)]
        column = str(event.cell_key.column_key.value)
        by = self.counts.by
        value = column.split("=", 1)[1] if by and column.startswith(f"{by}=") else None
        theme = record["level"] == "theme"
        name = str(record["theme"] if theme else record["code"])
        where = f" · {by} = {value}" if value is not None else ""
        self.query_one("#status", Static).update(Text(f"finding the quotes of {name}{where}…"))
        query = _QuoteQuery(
            code_id=str(record["code_id"]),
            theme=theme,
            include_pending=self.counts.include_pending,
            by=by if value is not None else None,
            value=value,
            title=f"{name}{where}",
        )
        project = self.coder_app.project
        self._find_quotes(project.path, project.coder, query)

    @work(thread=True, group="quotes", exclusive=True)
    def _find_quotes(self, path: Path, coder: str, query: _QuoteQuery) -> None:
        """Read the quotes behind a cell in a thread, on a connection of its own."""
        try:
            with Project.open(path, coder=coder) as project:
                found = quotes_behind(
                    project,
                    query.code_id,
                    theme=query.theme,
                    include_pending=query.include_pending,
                    by=query.by,
                    value=query.value,
                )
        except CoderError as error:
            self.post_message(self.Failed(error.one_line()))
            return
        count = f"{len(found)} quote{'s' if len(found) != 1 else ''}"
        self.post_message(self.QuotesFound(f"{count}: {query.title}", found))

    def on_summary_screen_quotes_found(self, message: SummaryScreen.QuotesFound) -> None:
        """List the quotes; the one chosen opens in the Coding screen."""
        from coder.tui.screens.quotes import QuoteList

        if self.counts is not None:
            self.query_one("#status", Static).update(Text(_status(self.counts)))
        self.app.push_screen(QuoteList(message.title, message.found), self._open_quote)

    def _open_quote(self, quote: Quote | None) -> None:
        """Open the chosen quote's source in the Coding screen, at the quote's first sentence."""
        from coder.tui.screens.coding import CodingScreen

        if quote is None:
            return
        app = self.coder_app
        document = app.attempt(workspace.open_document, app.project, quote.row.source)
        if document is None:
            return
        self.stale = True
        sentence = document.sentence_at(quote.row.start)
        self.app.push_screen(CodingScreen(quote.row.source, sentence=sentence))

    def action_export(self) -> None:
        """Write the table on screen to a file: CSV, Excel, Markdown or JSON by its suffix."""
        from coder.tui.screens.dialogs import AskText

        if self.counts is None:
            self.notify("still counting", timeout=2)
            return
        default = f"summary-{self.counts.by}.csv" if self.counts.by else "summary.xlsx"
        ask = AskText("Export the summary to (.csv, .xlsx, .md, .json)", "file name", default)
        self.app.push_screen(ask, self._export)

    def _export(self, name: str | None) -> None:
        if not name or self.counts is None:
            return
        app = self.coder_app
        path = Path(name).expanduser()
        if not path.is_absolute():
            path = app.project.path.parent / path
        fmt = format_for(None, path)
        if fmt == "table":
            self.notify(
                f"'{path.suffix}' is not a table format: use .csv, .xlsx, .md or .json",
                severity="error",
                timeout=6,
            )
            return
        frame = self.counts.frame
        if app.attempt_ok(lambda: write_table(frame, fmt, path, sheet="summary")):
            self.notify(f"summary written to {path}", timeout=6)

    def action_back(self) -> None:
        """Back to the screen the summary was opened from."""
        self.app.pop_screen()


def _cells(record: dict[str, Any], by_columns: list[str]) -> list[Text]:
    """A summary row as cells: names plain text (a theme's bold), numbers on the right."""
    theme = record["level"] == "theme"
    # no_wrap: a wrapped cell would lose the indent that sets codes under their theme.
    label = str(record["theme"]) if theme else f"  {record['code']}"
    name = Text(label, "bold" if theme else "", no_wrap=True, overflow="ellipsis")
    cells = [
        name,
        Text(str(int(record["codings"])), justify="right"),
        Text(str(int(record["sources"])), justify="right"),
        Text(f"{float(record['share_of_sources']):.0%}", justify="right"),
    ]
    cells += [Text(_number(record[column]), justify="right") for column in by_columns]
    return cells


def _number(value: float) -> str:
    """A count as a whole number; a share (from a `share` measure) with two decimals."""
    return f"{value:.2f}" if not float(value).is_integer() else str(int(value))


def _status(counts: Counts) -> str:
    parts = [f"{len(counts.frame)} rows"]
    parts.append(f"by {counts.by}" if counts.by else "not broken down (b)")
    parts.append("pending suggestions included" if counts.include_pending else "accepted only (p)")
    parts.append(f"counted in {counts.seconds:.2f} s")
    return " · ".join(parts)
