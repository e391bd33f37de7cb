"""The Review screen: the queue of suggestions, each shown in its context and decided by one key.

`a` accepts, `x` rejects, space skips, `e` adjusts the span sentence by sentence, `A` accepts
every pending suggestion of the shown code that scores at least as high (after asking), `u`
undoes, `o` orders the queue by score or by uncertainty, `t` retrains the model now, and Enter
opens the suggestion in the Coding screen. After every RETRAIN_EVERY decisions, here or in the
Coding screen, the model retrains by itself (coder.tui.retraining). Reading the queue is a job
in a thread worker (`review_jobs`); its message changes the widgets.
"""

from __future__ import annotations

from collections import OrderedDict
from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from coder.domain.document import Document
from coder.domain.suggestion import Decision, Progress, QueueOrder, Suggestion
from coder.services import review, workspace
from coder.tui.screens.base import CoderScreen
from coder.tui.screens.review_jobs import JobFailed, QueueRead, QueueRequest, read_queue
from coder.tui.widgets.codes import code_name
from coder.tui.widgets.review_queue import Place, ReviewQueue, counted_on, progress_line
from coder.tui.widgets.suggestion import SuggestionView, adjusted_span

DOCUMENTS_KEPT = 8
"""Sources kept open for showing context (the queue moves between a few at a time)."""
ADJUST_ACTIONS = frozenset({"move_span", "confirm_adjust", "cancel_adjust"})
"""What the keys do while a span is adjusted."""
BROWSE_ACTIONS = frozenset(
    {"decide", "skip", "adjust", "accept_all", "undo", "toggle_order", "retrain"}
    | {"open_suggestion", "back"}
)
"""What the keys do otherwise (they wait while a span is adjusted)."""
EMPTY = "No suggestions to review. Press t to train on the coding so far and suggest codes."


class ReviewScreen(CoderScreen):
    """Suggestions one at a time, in context: accept, reject, skip or adjust each."""

    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("a", "decide('accept')", "Accept"),
        Binding("x", "decide('reject')", "Reject"),
        Binding("space", "skip", "Skip"),
        Binding("e", "adjust", "Adjust span"),
        Binding("A", "accept_all", "Accept all…"),
        Binding("u", "undo", "Undo"),
        Binding("o", "toggle_order", "Order"),
        Binding("t", "retrain", "Retrain"),
        Binding("enter", "open_suggestion", "Open", priority=True),
        Binding("escape", "back", "Back"),
        # While a span is adjusted (priority: the queue's arrow keys give way).
        Binding("j,down", "move_span('end', 1)", "End later", key_display="j", priority=True),
        Binding("k,up", "move_span('end', -1)", "End earlier", key_display="k", priority=True),
        Binding(
            "K,shift+up", "move_span('start', -1)", "Start earlier", key_display="K", priority=True
        ),
        Binding(
            "J,shift+down", "move_span('start', 1)", "Start later", key_display="J", priority=True
        ),
        Binding("enter", "confirm_adjust", "Keep span", priority=True),
        Binding("escape", "cancel_adjust", "Cancel", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.order = QueueOrder.SCORE
        self.progress: Progress | None = None
        self.generation = 0
        self.reading = True
        self.decisions = 0
        """Decisions made in this screen since it opened."""
        self.adjusting: tuple[int, int] | None = None
        """The span being adjusted (`e`), until Enter keeps it or Escape drops it."""
        self.adjusted: int | None = None
        """The id of the suggestion being adjusted."""
        self.stale = False
        self._documents: OrderedDict[str, Document] = OrderedDict()

    @property
    def queue(self) -> ReviewQueue:
        """The table of the queue."""
        return self.query_one(ReviewQueue)

    @property
    def current(self) -> Suggestion | None:
        """The suggestion under the cursor, if the queue has any."""
        return self.queue.current

    def compose(self) -> ComposeResult:
        """The queue over the current suggestion in context; progress above the footer."""
        yield Header()
        yield ReviewQueue(id="queue")
        with VerticalScroll(id="detail"):
            yield SuggestionView(id="suggestion")
        yield Static(Text("reading the queue…"), id="progress")
        yield Footer()

    def on_mount(self) -> None:
        """Read the queue."""
        self.sub_title = "Review suggestions"
        self.queue.focus()
        self._reload()

    def on_screen_resume(self) -> None:
        """Back from a source opened from here: its suggestions may have been decided there."""
        if self.stale:
            self.stale = False
            self._reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While adjusting only the adjusting keys work (and show); otherwise they are hidden."""
        if self.adjusting is not None:
            return action not in BROWSE_ACTIONS
        return action not in ADJUST_ACTIONS

    # --- showing the queue --------------------------------------------------------------------

    def _reload(self, place: Place | None = None) -> None:
        """Read the queue again (in a worker); it is shown at `place`, else where the cursor is."""
        self.generation += 1
        self.reading = True
        self._show_progress()
        project = self.coder_app.project
        where = place or self.queue.place
        request = QueueRequest(self.generation, project.path, project.coder, self.order, where)
        self.run_worker(partial(read_queue, self.post_message, request), thread=True, group="queue")

    def on_queue_read(self, message: QueueRead) -> None:
        """Show the queue just read (unless a newer read was asked for), at the same place."""
        if message.generation != self.generation:
            return
        self.reading = False
        self.progress = message.state.progress
        self.queue.fill(message.state.items, self.coder_app.codebook, message.place)
        self._end_adjusting_elsewhere()
        self._show_current()
        self._show_progress()

    def on_job_failed(self, message: JobFailed) -> None:
        """Reading the queue met a user error: a notification, and the queue as it was."""
        self.reading = False
        self._show_progress()
        self.notify(message.error, title="Could not do that", severity="error", timeout=8)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Another suggestion under the cursor: show it (leaving one ends its adjustment)."""
        self._end_adjusting_elsewhere()
        self._show_current()

    def _show_current(self) -> None:
        view = self.query_one(SuggestionView)
        detail = self.query_one("#detail", VerticalScroll)
        item = self.current
        document = None if item is None else self._document(item.source)
        if item is None or document is None:
            view.show_empty("reading the queue…" if self.reading else EMPTY)
            detail.border_title = None
            return
        view.show(item, document, self.coder_app.codebook, self.adjusting)
        detail.border_title = Text(" · ".join(filter(None, (item.source, item.speaker))))
        detail.scroll_home(animate=False)

    def _document(self, source: str) -> Document | None:
        """The source as a document, kept open for the next suggestions of the same source."""
        if source in self._documents:
            self._documents.move_to_end(source)
            return self._documents[source]
        app = self.coder_app
        document = app.attempt(workspace.open_document, app.project, source)
        if document is not None:
            self._documents[source] = document
            if len(self._documents) > DOCUMENTS_KEPT:
                self._documents.popitem(last=False)
        return document

    def _show_progress(self) -> None:
        if self.adjusting is not None:
            doing = "adjusting the span: j/k end, J/K start"
        elif self.coder_app.retraining.running:
            doing = "retraining…"
        else:
            left = self.coder_app.retraining.left
            doing = f"retrains after {left} more decision{'s' if left != 1 else ''}"
        if self.reading:
            doing += " · reading the queue…"
        self.query_one("#progress", Static).update(progress_line(self.progress, self.order, doing))

    # --- deciding -----------------------------------------------------------------------------

    def action_decide(self, decision: str) -> None:
        """Accept or reject the suggestion under the cursor; the next one comes up."""
        item = self.current
        if item is None:
            self.notify("nothing to review", timeout=2)
            return
        app = self.coder_app
        chosen = Decision(decision)
        done = app.attempt(review.decide, app.project, [item.id], chosen)
        if done is None:  # gone meanwhile (decided elsewhere, replaced by a retrain)
            self._reload()
            return
        verb = "accepted" if chosen is Decision.ACCEPT else "rejected"
        name = code_name(app.codebook, item.code)
        self.notify(f"{verb}: {name}" if done else f"already decided: {name}", timeout=2)
        self.queue.drop(item, settled=chosen is Decision.ACCEPT)
        self._show_current()
        self._decided(chosen, done, pending=len(self.queue.items))

    def _decided(self, decision: Decision, count: int, *, pending: int) -> None:
        """Count decisions towards the next retrain, and show the progress made.

        The progress is counted on, not read again: reading it takes a while on a large queue.
        """
        self.decisions += count
        if self.progress is not None:
            self.progress = counted_on(self.progress, decision, count, pending)
        self.coder_app.retraining.count(count)
        self._show_progress()

    def action_skip(self) -> None:
        """Leave the suggestion in the queue and go to the next (from the last, the first)."""
        self.queue.skip()

    def action_accept_all(self) -> None:
        """Accept every pending suggestion of this code scoring at least this one's (asks)."""
        from coder.tui.screens.confirm import Confirm

        item = self.current
        if item is None:
            self.notify("nothing to review", timeout=2)
            return
        count = sum(1 for s in self.queue.items if s.code == item.code and s.score >= item.score)
        name = code_name(self.coder_app.codebook, item.code)
        question = (
            f"Accept all {count} pending suggestion{'s' if count != 1 else ''} of {name} "
            f"scoring ≥ {item.score:.2f}?"
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._accept_all(item.code, item.score, name)

        self.app.push_screen(Confirm(question, "u undoes them all at once."), answered)

    def _accept_all(self, code: str, score: float, name: str) -> None:
        app = self.coder_app
        done = app.attempt(
            review.decide_all, app.project, Decision.ACCEPT, code=code, min_score=score
        )
        if done is None:
            return
        self.notify(f"accepted {done} suggestion{'s' if done != 1 else ''} of {name}", timeout=3)
        pending = self.progress.pending - done if self.progress else 0
        self._decided(Decision.ACCEPT, done, pending=pending)
        self._reload()

    def action_undo(self) -> None:
        """Undo your latest change; an undone decision comes back to the queue, under the cursor."""
        events = self.coder_app.replay("undo")
        if not events:
            return
        back = next(
            (int(e.entity_id) for e in events if e.entity == "coding" and e.entity_id), None
        )
        place = self.queue.place
        self._reload(place if back is None else Place(back, None, place.index))

    # --- adjusting the span -------------------------------------------------------------------

    def action_adjust(self) -> None:
        """Adjust the span sentence by sentence; Enter keeps it, Escape drops the change."""
        item = self.current
        if item is None:
            self.notify("nothing to adjust", timeout=2)
            return
        self.adjusting, self.adjusted = (item.start, item.end), item.id
        self._adjusting_changed()

    def action_move_span(self, edge: str, step: int) -> None:
        """Move the start or the end of the span being adjusted by a sentence."""
        item = self.current
        document = None if item is None else self._document(item.source)
        if self.adjusting is None or document is None:
            return
        self.adjusting = adjusted_span(document, self.adjusting, edge, step)
        self._show_current()

    def action_confirm_adjust(self) -> None:
        """Keep the adjusted span (one undoable change)."""
        item, span = self.current, self.adjusting
        self.adjusting = None
        if item is not None and span is not None and span != (item.start, item.end):
            app = self.coder_app
            moved = app.attempt(review.adjust, app.project, item.id, *span)
            if moved is not None:
                self.queue.replace(moved)
                self.notify("span adjusted", timeout=2)
        self._adjusting_changed()

    def action_cancel_adjust(self) -> None:
        """Drop the adjustment; the suggestion keeps its span."""
        self.adjusting = None
        self._adjusting_changed()

    def _end_adjusting_elsewhere(self) -> None:
        """An adjustment ends when its suggestion is no longer under the cursor."""
        current = self.current
        if self.adjusting is not None and (current is None or current.id != self.adjusted):
            self.adjusting = None
            self._adjusting_changed()

    def _adjusting_changed(self) -> None:
        """Other keys in the footer, the span and the progress line to match."""
        self.refresh_bindings()
        self._show_current()
        self._show_progress()

    # --- order, retraining, leaving -----------------------------------------------------------

    def action_toggle_order(self) -> None:
        """Order the queue by score (best first) or by uncertainty (closest calls first)."""
        self.order = QueueOrder.UNCERTAINTY if self.order is QueueOrder.SCORE else QueueOrder.SCORE
        self.notify(f"ordered by {self.order.value}", timeout=2)
        self._reload(Place(None, None, 0))  # from the top of the new order

    def action_retrain(self) -> None:
        """Train on the coding and decisions so far, and suggest again (in the background)."""
        if self.coder_app.retraining.start():
            self._show_progress()

    def after_retrain(self) -> None:
        """Read the queue again at the same place (when next shown, if not showing now)."""
        if self.is_current:
            self._reload()
        else:
            self.stale = True

    def action_open_suggestion(self) -> None:
        """Open the suggestion in the Coding screen, at its first sentence."""
        from coder.tui.screens.coding import CodingScreen

        item = self.current
        document = None if item is None else self._document(item.source)
        if item is None or document is None:
            return
        self.stale = True
        self.app.push_screen(CodingScreen(item.source, sentence=document.sentence_at(item.start)))

    def action_back(self) -> None:
        """Back to the screen the review was opened from."""
        self.app.pop_screen()
