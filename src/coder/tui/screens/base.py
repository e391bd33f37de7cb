"""The base of the workspace's full screens: the app, typed, for the services it holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from coder.tui.app import CoderApp


class CoderScreen(Screen[None]):
    """A full screen of the coder workspace."""

    @property
    def coder_app(self) -> CoderApp:
        """The app, typed: its project, codebook and service helpers."""
        from coder.tui.app import CoderApp

        assert isinstance(self.app, CoderApp)
        return self.app

    def after_retrain(self) -> None:
        """The model retrained (or tried to): show its suggestions, if this screen shows any."""
