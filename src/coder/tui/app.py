"""The coding workspace: a Textual app over one project, opened by `coder open` and `coder demo`."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from typing import Literal, TypeVar

from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.worker import Worker, WorkerState

from coder.domain.codebook import Codebook
from coder.domain.events import Event
from coder.domain.text import plural
from coder.errors import CoderError
from coder.services.codebook import project_codebook
from coder.services.project import Project
from coder.tui.retraining import Retraining
from coder.tui.screens.review_jobs import JobFailed, Retrained

_T = TypeVar("_T")

TERMINAL_CHECK_SECONDS = 2.0
"""How often the workspace checks that its terminal is still there."""


class CoderApp(App[None]):
    """The workspace: Sources first, then the Coding screen of the source a researcher opens."""

    TITLE = "coder"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("f1", "help", "Help", show=False),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, project: Project, *, blind: bool = False) -> None:
        super().__init__()
        self.project = project
        self.blind = blind
        """Coding blind: other coders' codings are hidden (`coder open --blind`)."""
        self.codebook: Codebook = project_codebook(project)
        self.retraining = Retraining(self)
        """Decisions since the model last trained, and the retrain in the background."""
        self.sub_title = f"{project.path.name} · {project.coder}" + (" · blind" if blind else "")

    def on_mount(self) -> None:
        """Start on Sources, then reopen where this coder left off, if anywhere."""
        from coder.services.workspace import last_position
        from coder.tui.screens.coding import CodingScreen
        from coder.tui.screens.sources import SourcesScreen

        if not self.is_headless and has_terminal():
            self.set_interval(TERMINAL_CHECK_SECONDS, self._quit_without_terminal)
        self.push_screen(SourcesScreen())
        position = self.attempt(last_position, self.project)
        if position is not None:
            source, sentence = position
            self.push_screen(CodingScreen(source, sentence=sentence))

    def _quit_without_terminal(self) -> None:
        """Quit when the terminal has gone (closed without a hangup signal reaching us).

        Textual's input thread would otherwise read end-of-file from the dead terminal in a
        busy loop for ever, keeping the project open (seen with `make demo` under tmux).
        """
        if not has_terminal():
            self.exit()

    def reload_codebook(self) -> Codebook:
        """Read the codebook again (after a new code, an undo, another coder's change)."""
        self.codebook = project_codebook(self.project)
        return self.codebook

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a notification, always as plain text.

        Messages carry code names, file names and error text, which may hold brackets such
        as `[bold]` or `[@click=app.quit]`: they are shown as written, never as markup.
        """
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def attempt(self, call: Callable[..., _T], *args: object, **kwargs: object) -> _T | None:
        """Run a service call; a user error becomes a notification instead of a crash."""
        try:
            return call(*args, **kwargs)
        except CoderError as error:
            self.notify(error.one_line(), title="Could not do that", severity="error", timeout=8)
            return None

    def attempt_ok(self, call: Callable[..., object], *args: object) -> bool:
        """Run a service call that returns nothing; False (and a notification) when it failed."""
        try:
            call(*args)
        except CoderError as error:
            self.notify(error.one_line(), title="Could not do that", severity="error", timeout=8)
            return False
        return True

    def replay(self, what: Literal["undo", "redo"]) -> list[Event]:
        """Undo or redo the coder's latest change and say what it did.

        The events replayed; [] when there was nothing to do, or it failed (and said so).
        """
        from coder.services.coding import redo, undo

        events = self.attempt(undo if what == "undo" else redo, self.project)
        if events is None:
            return []
        if not events:
            self.notify(f"nothing to {what}", timeout=2)
            return []
        actions = ", ".join(sorted({event.action for event in events}))
        verb = "undid" if what == "undo" else "redid"
        self.notify(f"{verb}: {plural(len(events), 'change')} ({actions})", timeout=3)
        return events

    def on_retrained(self, message: Retrained) -> None:
        """Say what the retrain gave; the screens read their suggestions again."""
        model = f"model {message.model}" if message.model else "the codebook's rules"
        self.notify(f"retrained: {plural(message.suggested, 'suggestion')} ({model})", timeout=5)
        self.retraining.ended()

    def on_job_failed(self, message: JobFailed) -> None:
        """A retrain met a user error (too little coding, a locked file): say so, go on."""
        self.notify(message.error, title="Could not retrain", severity="error", timeout=8)
        self.retraining.ended()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A retrain that broke down (not a user error) is reported, and work goes on."""
        if event.worker.group == "retrain" and event.state is WorkerState.ERROR:
            self.notify(
                f"retraining failed: {event.worker.error}",
                title="Could not retrain",
                severity="error",
                timeout=8,
            )
            self.retraining.ended()

    def action_help(self) -> None:
        """Show every binding of the current screen."""
        from coder.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))


def has_terminal() -> bool:
    """Whether standard input is still a terminal (a terminal that hung up is none)."""
    stdin = sys.__stdin__
    try:
        return stdin is not None and os.isatty(stdin.fileno())
    except (ValueError, OSError):  # closed or detached: no terminal
        return False


def run_app(project: Project, *, blind: bool = False) -> None:
    """Run the workspace on an open project until the researcher quits; then close it."""
    with project:
        app = CoderApp(project, blind=blind)
        # Everything loaded so far lives as long as the app: keep the collector off it, so that
        # garbage collection does not pause key presses on long documents.
        gc.freeze()
        app.run()
