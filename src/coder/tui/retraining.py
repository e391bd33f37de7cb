"""Retraining in the background after every RETRAIN_EVERY decisions, wherever they are made.

Suggestions are decided in the Review screen and, from the segment strip, in the Coding
screen; both count towards the next retrain, which the app runs in a thread worker
(`review_jobs.retrain_model`) so that it can finish whichever screen is showing. When it
ends, the app tells every screen in its stack (`CoderScreen.after_retrain`).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from coder.tui.screens.review_jobs import retrain_model

if TYPE_CHECKING:
    from coder.tui.app import CoderApp

RETRAIN_EVERY = 20
"""Decisions after which the model retrains by itself, in the background."""


class Retraining:
    """The decisions made since the model last trained, and whether it is training now."""

    def __init__(self, app: CoderApp) -> None:
        self.app = app
        self.since = 0
        """Decisions since the latest retrain started (in this session)."""
        self.running = False

    @property
    def left(self) -> int:
        """Decisions to go before the next retrain."""
        return max(0, RETRAIN_EVERY - self.since)

    def count(self, decisions: int) -> None:
        """Count decisions; enough of them start a retrain."""
        self.since += decisions
        if self.since >= RETRAIN_EVERY and not self.running:
            self.app.notify(f"{self.since} decisions: retraining in the background", timeout=3)
            self.start()

    def start(self) -> bool:
        """Train on the coding and decisions so far, and suggest again; False if already at it."""
        if self.running:
            self.app.notify("already retraining", timeout=2)
            return False
        self.running, self.since = True, 0
        project = self.app.project
        job = partial(retrain_model, self.app.post_message, project.path, project.coder)
        # A model that breaks down is reported (CoderApp.on_worker_state_changed); work goes on.
        self.app.run_worker(job, thread=True, group="retrain", exit_on_error=False)
        return True

    def ended(self) -> None:
        """The retrain finished or failed: tell the screens."""
        from coder.tui.screens.base import CoderScreen

        self.running = False
        for screen in self.app.screen_stack:
            if isinstance(screen, CoderScreen):
                screen.after_retrain()
