"""The Coding screen: the document, the codebook, and the codings of the current selection."""

from __future__ import annotations

from bisect import insort
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Footer, Header

from coder.domain.coding import Coding, Status
from coder.domain.document import Document, find_all, hit_sentence
from coder.services import workspace
from coder.services.coding import remove_coding
from coder.services.reports.quotes import exemplar_ids, mark_exemplar
from coder.tui.screens.base import CoderScreen
from coder.tui.widgets.codebook import CodebookPane
from coder.tui.widgets.document import DocumentView
from coder.tui.widgets.segment import SegmentStrip

if TYPE_CHECKING:
    from collections.abc import Callable


POLL_SECONDS = 2.0
"""How often the screen looks for changes made by another coder process."""
SAVE_POSITION_SECONDS = 0.7


class CodingScreen(CoderScreen):
    """Code a source by keyboard: move by sentence, select, press a code's key."""

    CSS_PATH = "coding.tcss"
    BINDINGS = [
        *[
            Binding(key, f"toggle_code('{key}')", f"toggle code {key}", show=False)
            for key in "1234567890"
        ],
        Binding("c", "pick_code", "Code…"),
        Binding("backspace", "remove_coding", "Remove coding"),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+r", "redo", "Redo"),
        Binding("m", "memo", "Memo"),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("n", "next_hit", "Next hit", show=False),
        Binding("N", "next_hit(-1)", "Previous hit", show=False),
        Binding("asterisk", "exemplar", "Exemplar", key_display="*"),
        Binding("f", "filter", "Filter"),
        Binding("s", "summary", "Summary"),
        Binding("r", "review", "Review"),
        Binding("a", "decide_suggestion('accept')", "Accept suggestion"),
        Binding("x", "decide_suggestion('reject')", "Reject suggestion"),
        Binding("A", "agreement", "Agreement", show=False),
        Binding("o", "back", "Sources"),
    ]

    def __init__(self, source: str, *, sentence: int = 0) -> None:
        super().__init__()
        self.source = source
        self.start_sentence = sentence
        self.sentence = sentence
        """The cursor's sentence, kept here so that it can be saved while the screen closes."""
        self.document: Document | None = None
        self.codings: list[Coding] = []
        self.hits: list[tuple[int, int]] = []
        self.filter_code: str | None = None
        self.version = 0
        self._save_timer: Timer | None = None
        self._counts: dict[str, tuple[int, int]] = {}
        self._exemplars: set[int] = set()
        self._counts_version = 0
        self._shown: tuple[object, ...] = ()

    def compose(self) -> ComposeResult:
        """Document on the left with the segment strip below it; codebook on the right."""
        yield Header()
        with Horizontal(id="panes"):
            with Vertical(id="left"):
                yield DocumentView(id="document")
                yield SegmentStrip(id="segment")
            yield CodebookPane("Codebook", id="codebook")
        yield Footer()

    def on_mount(self) -> None:
        """Open the source and start watching for other coders' changes."""
        app = self.coder_app
        document = app.attempt(workspace.open_document, app.project, self.source)
        if document is None:
            self.app.pop_screen()
            return
        self.document = document
        self.sub_title = f"{document.source} · {document.kind} · {app.project.coder}"
        self.codings = self._visible(
            app.attempt(workspace.source_codings, app.project, self.source) or []
        )
        view = self.query_one(DocumentView)
        start = min(self.start_sentence, max(0, len(document.sentences) - 1))
        view.load(document, self.codings, app.codebook, app.project.coder, cursor=start)
        view.focus()
        self.version = workspace.data_version(app.project)
        self._count_codes()
        self._show_selection()
        self.set_interval(POLL_SECONDS, self._poll)

    # --- keeping the panes in step ------------------------------------------------------------

    def on_document_view_cursor_moved(self, event: DocumentView.CursorMoved) -> None:
        """The selection moved: update ticks and strip, and remember where we are."""
        self.sentence = event.sentence
        self._show_selection()
        self._save_timer_reset()

    def _selected_codings(self) -> list[Coding]:
        start, end = self.query_one(DocumentView).selection_span
        return [c for c in self.codings if c.start < end and start < c.end]

    def _show_selection(self) -> None:
        """Show the ticks in the codebook and the strip's codings for the selection.

        They are redrawn only when they differ: moving within uncoded text redraws nothing.
        """
        app = self.coder_app
        selected = self._selected_codings()
        applied = {c.code for c in selected if c.status is Status.ACCEPTED}
        shown = (frozenset(applied), tuple(c.id for c in selected), self._counts_version)
        if shown == self._shown:
            return
        self._shown = shown
        self.query_one(CodebookPane).show(app.codebook, self._counts, applied)
        strip = self.query_one(SegmentStrip)
        strip.show(selected, app.codebook, app.project.coder, self._exemplars)

    def _count_codes(self) -> None:
        """Counts per code (and exemplars) for the panes: read after a change, not on every key."""
        app = self.coder_app
        self._counts = (
            app.attempt(workspace.code_counts, app.project, self.source, only_mine=app.blind) or {}
        )
        self._exemplars = app.attempt(exemplar_ids, app.project, self.source) or set()
        self._counts_version += 1

    def _reload(self, *, codebook: bool = True) -> None:
        """Read codings again after a change, keeping the cursor.

        The codebook is read again too, unless only codings changed.
        """
        app = self.coder_app
        if codebook:
            app.reload_codebook()
        codings = app.attempt(workspace.source_codings, app.project, self.source) or []
        self.version = workspace.data_version(app.project)
        self._show_codings(codings)

    def after_retrain(self) -> None:
        """Show the suggestions the retrain wrote (the strip lists them)."""
        if self.is_current:
            self._reload(codebook=False)

    def _show_codings(self, codings: list[Coding]) -> None:
        """Draw these codings of the source, with counts, ticks and strip to match."""
        self.codings = codings = self._visible(codings)
        self.query_one(DocumentView).set_codings(codings, self.coder_app.codebook)
        self._count_codes()
        self._show_selection()

    def _poll(self) -> None:
        version = workspace.data_version(self.coder_app.project)
        if version != self.version:
            self._reload()

    def _save_timer_reset(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_POSITION_SECONDS, self._save_position)

    def _save_position(self) -> None:
        if self.document is None:
            return
        app = self.coder_app
        app.attempt_ok(workspace.save_position, app.project, self.source, self.sentence)

    def on_unmount(self) -> None:
        """Leaving the source or quitting: remember the place now, not after the pause."""
        self._save_position()

    # --- coding --------------------------------------------------------------------------------

    def action_toggle_code(self, key: str) -> None:
        """Apply the code with this key to the selection, or take it off if it is there."""
        code = self.coder_app.codebook.by_key(key)
        if code is None:
            self.notify(f"no code has the key {key}", severity="warning", timeout=3)
            return
        self._toggle(code.id)

    def _toggle(self, code_id: str) -> None:
        app = self.coder_app
        start, end = self.query_one(DocumentView).selection_span
        result = app.attempt(workspace.toggle_code, app.project, self.source, start, end, code_id)
        if result is None:
            return
        verb = "coded" if result.applied is not None else "removed"
        self.notify(f"{verb}: {app.codebook.by_id(code_id).name}", timeout=2)
        # The change is known: patch the list rather than read the source's codings again.
        gone = {coding.id for coding in result.removed}
        codings = [coding for coding in self.codings if coding.id not in gone]
        if result.applied is not None:
            insort(codings, result.applied, key=lambda coding: coding.start)
        self._show_codings(codings)

    def on_codebook_pane_code_chosen(self, event: CodebookPane.CodeChosen) -> None:
        """Enter on a code in the codebook pane toggles it on the selection."""
        self._toggle(event.code)
        self.query_one(DocumentView).focus()

    def on_codebook_pane_delete_requested(self, event: CodebookPane.DeleteRequested) -> None:
        """Delete on a code in the codebook pane: ask where its codings go, then delete it."""
        from coder.tui.screens.code_removal import remove_code

        remove_code(self, event.code, then=self._reload)

    def action_pick_code(self) -> None:
        """Choose a code by name (or create one) and apply it to the selection."""
        from coder.tui.screens.picker import CodePicker, Picked

        def chosen(picked: Picked | None) -> None:
            if picked is None:
                return
            code_id = picked.code
            if code_id is None:
                app = self.coder_app
                created = app.attempt(
                    workspace.create_code, app.project, picked.name, picked.parent
                )
                if created is None:
                    return
                app.reload_codebook()
                code_id = created.id
            self._toggle(code_id)

        self.app.push_screen(CodePicker(self.coder_app.codebook, allow_create=True), chosen)

    def action_remove_coding(self) -> None:
        """Remove your coding under the cursor; ask which when there are several.

        Other coders' codings are theirs to remove: they stay, and the notification says so.
        """
        self._with_my_coding("Remove which coding?", "no coding here to remove", self._remove)

    def action_exemplar(self) -> None:
        """Mark your coding under the cursor as an exemplar quote, or unmark it; ask which."""
        self._with_my_coding(
            "Exemplar quote: which coding?", "no coding here to mark", self._toggle_exemplar
        )

    def _with_my_coding(self, title: str, none: str, then: Callable[[int], None]) -> None:
        """Call `then` with your accepted coding under the cursor; ask which when several."""
        from coder.tui.screens.dialogs import ChooseCoding

        accepted = [c for c in self._selected_codings() if c.status is Status.ACCEPTED]
        me = self.coder_app.project.coder
        here = [c for c in accepted if c.coder == me]
        if not here:
            others = sorted({c.coder or "" for c in accepted})
            message = f"the codings here are {', '.join(others)}'s, not yours ({me})"
            self.notify(message if others else none, severity="warning", timeout=4)
        elif len(here) == 1:
            then(here[0].id)
        else:
            self.app.push_screen(
                ChooseCoding(here, self.coder_app.codebook, title),
                lambda chosen: then(chosen) if chosen is not None else None,
            )

    def _toggle_exemplar(self, coding_id: int) -> None:
        app = self.coder_app
        on = coding_id not in self._exemplars
        if app.attempt(mark_exemplar, app.project, coding_id, on) is None:
            return
        self.notify("marked as an exemplar quote" if on else "no longer an exemplar", timeout=2)
        self._reload(codebook=False)

    def action_summary(self) -> None:
        """The Summary screen: counts per theme and code, with their quotes."""
        from coder.tui.screens.summary import SummaryScreen

        self.app.push_screen(SummaryScreen())

    def action_review(self) -> None:
        """The Review screen: the queue of suggestions, one at a time in context."""
        from coder.tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen())

    def action_decide_suggestion(self, decision: str) -> None:
        """Accept or reject the selection's first suggestion (the strip lists it first)."""
        from coder.tui.screens.review_inline import decide_first

        if decide_first(self.coder_app, self._selected_codings(), decision):
            self._reload(codebook=False)

    def action_agreement(self) -> None:
        """The Agreement screen: where two coders disagree, resolved one key at a time."""
        from coder.tui.screens.agreement import open_agreement

        open_agreement(self.coder_app)

    def _visible(self, codings: list[Coding]) -> list[Coding]:
        """Codings to show: coding blind (`--blind`), other coders' are hidden."""
        if not self.coder_app.blind:
            return codings
        me = self.coder_app.project.coder
        return [c for c in codings if c.coder is None or c.coder == me]

    def _remove(self, coding_id: int) -> None:
        app = self.coder_app
        removed = app.attempt(remove_coding, app.project, coding_id)
        if removed is not None:
            self.notify(f"removed: {app.codebook.by_id(removed.code).name}", timeout=2)
            self._reload(codebook=False)

    def action_undo(self) -> None:
        """Undo your latest change (coding, memo or codebook), also from an earlier session."""
        if self.coder_app.replay("undo"):
            self._reload()

    def action_redo(self) -> None:
        """Redo what you undid last."""
        if self.coder_app.replay("redo"):
            self._reload()

    # --- memos, search, filter, leaving ------------------------------------------------------

    def action_memo(self) -> None:
        """Write a memo on a coding of the selection, on the source, or on a code."""
        from coder.tui.screens.memo import MemoEditor

        self.app.push_screen(
            MemoEditor(self.source, self._selected_codings(), self.coder_app.codebook)
        )

    def action_search(self) -> None:
        """Search this source; n and N go to the next and previous hit."""
        from coder.tui.screens.dialogs import AskText

        self.app.push_screen(AskText("Search in this source", "words to find"), self._search)

    def _search(self, query: str | None) -> None:
        if self.document is None or not query:
            return
        self.hits = find_all(self.document.text, query)
        self.query_one(DocumentView).set_search(self.hits)
        if not self.hits:
            self.notify(f"'{query}' is not in this source", severity="warning", timeout=3)
            return
        count = len(self.hits)
        self.notify(f"{count} hit{'s' if count != 1 else ''} for '{query}'", timeout=2)
        self._goto_hit(1, from_cursor=True)

    def action_next_hit(self, step: int = 1) -> None:
        """Go to the next (or, with -1, previous) sentence with a search hit; wrap at the ends."""
        self._goto_hit(step, from_cursor=False)

    def _goto_hit(self, step: int, *, from_cursor: bool) -> None:
        """Go to the nearest sentence with a hit after (before) the cursor; wrap at the ends.

        The cursor's own sentence counts only for a new search (`from_cursor`).
        """
        view = self.query_one(DocumentView)
        target = None
        if self.document is not None:
            target = hit_sentence(
                self.document, self.hits, view.cursor, step, from_here=from_cursor
            )
        if target is None:
            self.notify("no search: press / to search", timeout=2)
            return
        view.goto(target)

    def action_filter(self) -> None:
        """Show only turns coded with a chosen code; press again to show everything."""
        from coder.tui.screens.picker import CodePicker, Picked

        view = self.query_one(DocumentView)
        if self.filter_code is not None:
            self.filter_code = None
            view.set_filter(None)
            self.notify("filter cleared", timeout=2)
            return

        def chosen(picked: Picked | None) -> None:
            if picked is None or picked.code is None:
                return
            self.filter_code = picked.code
            view.set_filter(picked.code)
            name = self.coder_app.codebook.by_id(picked.code).name
            self.notify(f"showing only turns coded {name} (f again to clear)", timeout=3)

        self.app.push_screen(CodePicker(self.coder_app.codebook, allow_create=False), chosen)

    def action_back(self) -> None:
        """Back to the list of sources."""
        self._save_position()
        self.app.pop_screen()
