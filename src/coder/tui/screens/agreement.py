"""The Agreement screen: where two coders disagree, and their resolution with one key each.

The disagreements are found in a thread worker (on a connection of its own); resolving one
writes codings of the consensus coder at once, and `u` takes it back like any change.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from coder.domain.agreement import UNIT_KINDS, Resolution
from coder.errors import CoderError
from coder.services import workspace
from coder.services.agreement.coders import CONSENSUS, default_pair, pairs
from coder.services.agreement.disagreements import (
    Disagreement,
    Review,
    adopt_agreements,
    disagreements,
    resolve,
)
from coder.services.agreement.units import Request
from coder.services.project import Project
from coder.tui.screens.base import CoderScreen

if TYPE_CHECKING:
    from collections.abc import Callable

    from coder.tui.app import CoderApp

UNIT_NAMES = {"segment": "turns and paragraphs", "sentence": "sentences", "source": "sources"}
COLUMNS = ("source", "unit", "A", "B", "consensus")
WIDTHS = (22, 18, 24, 24, 20)
"""Column widths: long source names and code lists are cut short (the detail shows them)."""


class AgreementScreen(CoderScreen):
    """Two coders' disagreements, unit by unit: keep A's, keep B's, both or neither."""

    CSS_PATH = "agreement.tcss"
    BINDINGS = [
        Binding("a", "resolve('a')", "Keep A's"),
        Binding("b", "resolve('b')", "Keep B's"),
        Binding("plus", "resolve('both')", "Both", key_display="+"),
        Binding("n", "resolve('neither')", "Neither"),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+r", "redo", "Redo", show=False),
        Binding("c", "choose_coders", "Coders…"),
        Binding("x", "next_unit", "Unit"),
        Binding("A", "adopt", "Adopt agreements", show=False),
        Binding("escape", "back", "Back"),
        Binding("o", "back", "Back", show=False),
    ]

    class Found(Message):
        """The disagreements were found."""

        def __init__(self, generation: int, review: Review) -> None:
            super().__init__()
            self.generation = generation
            self.review = review

    class Failed(Message):
        """Finding them met a user error (no such coder, nothing coded by both)."""

        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(
        self, coders: tuple[str, str] | None = None, *, consensus: str = CONSENSUS
    ) -> None:
        super().__init__()
        self.coders = coders
        self.unit = "segment"
        self.consensus = consensus
        self.review: Review | None = None
        self.items: list[Disagreement] = []
        self.generation = 0
        self.stale = False

    def compose(self) -> ComposeResult:
        """The progress line over the list of disagreements, the chosen one beside it."""
        yield Header()
        yield Static(Text("finding disagreements…"), id="status")
        yield DataTable(id="items", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="detail-pane"):
            yield Static(Text(""), id="detail")
        yield Footer()

    def on_mount(self) -> None:
        """Compare the given coders, else the two who share the most coded sources."""
        self.sub_title = "Agreement"
        self.query_one(DataTable).focus()
        if self.coders is None:
            self.coders = self.coder_app.attempt(default_pair, self.coder_app.project)
        if self.coders is None:
            self._say("no two coders have coded the same source yet")
            return
        self._recount()

    def on_screen_resume(self) -> None:
        """Back from a source opened from here: its codings may have changed."""
        if self.stale:
            self.stale = False
            self._recount()

    def _say(self, text: str) -> None:
        self.query_one("#status", Static).update(Text(text))

    @property
    def request(self) -> Request:
        """What the screen compares: the two coders at the current unit."""
        assert self.coders is not None
        return Request(coders=self.coders, unit=self.unit)

    # --- finding ------------------------------------------------------------------------------

    def _recount(self) -> None:
        self.generation += 1
        self._say("finding disagreements…")
        project = self.coder_app.project
        self._find(self.generation, project.path, project.coder, self.request, self.consensus)

    @work(thread=True, group="agreement", exclusive=True)
    def _find(
        self, generation: int, path: Path, coder: str, request: Request, consensus: str
    ) -> None:
        """Find the disagreements in a thread, on a connection of its own."""
        try:
            with Project.open(path, coder=coder) as project:
                review = disagreements(project, request, consensus=consensus)
        except CoderError as error:
            self.post_message(self.Failed(error.one_line()))
            return
        self.post_message(self.Found(generation, review))

    def on_agreement_screen_found(self, message: AgreementScreen.Found) -> None:
        """Show what was found, unless a newer search has been asked for since."""
        if message.generation != self.generation:
            return
        self.review = message.review
        self.items = list(message.review.items)
        self._fill()

    def on_agreement_screen_failed(self, message: AgreementScreen.Failed) -> None:
        """A worker's user error: on the status line and in a notification."""
        self._say(message.error)
        self.notify(message.error, title="Could not do that", severity="error", timeout=8)

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        assert self.review is not None
        headings = ("source", "unit", self.review.a, self.review.b, "consensus")
        for key, heading, width in zip(COLUMNS, headings, WIDTHS, strict=True):
            table.add_column(Text(heading), key=key, width=width)
        for index, item in enumerate(self.items):
            table.add_row(*_cells(item), key=str(index))
        if self.items:
            table.move_cursor(row=min(row, len(self.items) - 1))
        self._show_status()
        self._show_detail()

    def _show_status(self) -> None:
        review = self.review
        if review is None:
            return
        resolved = sum(item.resolved for item in self.items)
        self._say(
            f"{review.a} (A) vs {review.b} (B) · {len(self.items)} disagreements in "
            f"{review.units} {UNIT_NAMES[review.unit]} · {resolved} of {len(self.items)} "
            f"resolved as '{review.consensus}'\nrule: {review.rule}"
        )

    # --- the chosen disagreement ------------------------------------------------------------

    def _current(self) -> int | None:
        table = self.query_one(DataTable)
        if not self.items or table.row_count == 0:
            return None
        return min(table.cursor_row, len(self.items) - 1)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Show the disagreement under the cursor."""
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#detail", Static)
        index = self._current()
        if index is None or self.review is None:
            detail.update(Text("no disagreements" if self.review is not None else ""))
            return
        detail.update(_detail(self.items[index], self.review, self._code_name))

    def _code_name(self, code_id: str) -> str:
        code = self.coder_app.codebook.get(code_id)
        return code.name if code is not None else code_id

    # --- resolving ----------------------------------------------------------------------------

    def action_resolve(self, how: str) -> None:
        """Settle the disagreement under the cursor, then go on to the next open one."""
        index = self._current()
        if index is None:
            self.notify("no disagreement to resolve", timeout=2)
            return
        app = self.coder_app
        item = self.items[index]
        updated = app.attempt(resolve, app.project, item, Resolution(how), consensus=self.consensus)
        if updated is None:
            return
        self.items[index] = updated
        table = self.query_one(DataTable)
        table.update_cell(str(index), "consensus", _cells(updated)[-1])
        self._show_status()
        self._next_open(index)

    def _next_open(self, index: int) -> None:
        """Move to the next disagreement not resolved yet (wrapping), or stay when none is."""
        count = len(self.items)
        later = [(index + step) % count for step in range(1, count + 1)]
        target = next((i for i in later if not self.items[i].resolved), index)
        self.query_one(DataTable).move_cursor(row=target)
        self._show_detail()
        if all(item.resolved for item in self.items):
            self.notify("every disagreement is resolved", timeout=3)

    def action_undo(self) -> None:
        """Undo your latest change (a resolution, or any other)."""
        if self.coder_app.replay("undo"):
            self._recount()

    def action_redo(self) -> None:
        """Redo what you undid last."""
        if self.coder_app.replay("redo"):
            self._recount()

    def action_adopt(self) -> None:
        """Give the consensus coder every code both coders agree on (one undoable change)."""
        if self.coders is None:
            return
        app = self.coder_app
        added = app.attempt(adopt_agreements, app.project, self.request, consensus=self.consensus)
        if added is not None:
            self.notify(f"{added} agreed codings added as '{self.consensus}'", timeout=3)

    # --- choosing what to compare, leaving --------------------------------------------------

    def action_choose_coders(self) -> None:
        """Compare another pair of coders (or a coder and the model)."""
        from coder.tui.screens.coder_pairs import ChooseCoders

        found = self.coder_app.attempt(pairs, self.coder_app.project) or []
        if not found:
            self.notify("no two coders have coded the same source yet", timeout=3)
            return

        def chosen(pair: tuple[str, str] | None) -> None:
            if pair is not None and pair != self.coders:
                self.coders = pair
                self._recount()

        self.app.push_screen(ChooseCoders(found), chosen)

    def action_next_unit(self) -> None:
        """Compare at the next kind of unit: turns and paragraphs, sentences, sources."""
        self.unit = UNIT_KINDS[(UNIT_KINDS.index(self.unit) + 1) % len(UNIT_KINDS)]
        self.notify(f"comparing {UNIT_NAMES[self.unit]}", timeout=2)
        if self.coders is not None:
            self._recount()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter opens the unit in its source, in the Coding screen."""
        from coder.tui.screens.coding import CodingScreen

        index = self._current()
        if index is None:
            return
        unit = self.items[index].unit
        app = self.coder_app
        document = app.attempt(workspace.open_document, app.project, unit.source)
        if document is None:
            return
        self.stale = True
        self.app.push_screen(CodingScreen(unit.source, sentence=document.sentence_at(unit.start)))

    def action_back(self) -> None:
        """Back to the screen this was opened from."""
        self.app.pop_screen()


def _codes(codes: frozenset[str]) -> Text:
    return Text(", ".join(sorted(codes)) or "–", overflow="ellipsis", no_wrap=True)


def _cells(item: Disagreement) -> list[Text]:
    unit = item.unit
    label = f"{unit.index + 1}" + (f" · {unit.speaker}" if unit.speaker else "")
    state = Text("open", "italic") if not item.resolved else _codes(item.consensus)
    if item.resolved:
        state = Text("✓ ") + state
    return [
        Text(unit.source, overflow="ellipsis", no_wrap=True),
        Text(label, overflow="ellipsis", no_wrap=True),
        _codes(item.a),
        _codes(item.b),
        state,
    ]


def _detail(item: Disagreement, review: Review, name: Callable[[str], str]) -> Text:
    """The disagreement as text: who gave what, the consensus so far, the unit in context."""
    unit = item.unit
    text = Text(f"{unit.source} · {unit.index + 1}", "bold")
    if unit.speaker:
        text.append(f" · {unit.speaker}")
    text.append("\n\n")
    for label, codes in ((f"A {review.a}", item.a), (f"B {review.b}", item.b)):
        text.append(f"{label}: ", "bold")
        text.append(", ".join(name(code) for code in sorted(codes)) or "no code")
        text.append("\n")
    text.append(f"{review.consensus}: ", "bold")
    if item.resolved:
        text.append(", ".join(name(code) for code in sorted(item.consensus)) or "no code")
    else:
        text.append("open — a: keep A's · b: keep B's · +: both · n: neither", "italic")
    text.append("\n\n")
    if item.before:
        text.append(" ".join(item.before.split()) + "\n\n", "dim")
    text.append(item.text, "bold")
    if item.after:
        text.append("\n\n" + " ".join(item.after.split()), "dim")
    return text


def open_agreement(app: CoderApp) -> None:
    """Open the Agreement screen, unless coding blind (it shows the other coders' codings)."""
    if app.blind:
        app.notify(
            "coding blind: the other coders' codings stay hidden (open without --blind)",
            severity="warning",
            timeout=4,
        )
        return
    if not isinstance(app.screen, AgreementScreen):
        app.push_screen(AgreementScreen())
