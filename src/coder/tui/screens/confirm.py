"""A yes-or-no dialog for changes worth a second thought (accepting many suggestions at once)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label


class Confirm(ModalScreen[bool]):
    """Ask a question; `y` or Enter answers yes (True), `n` or Escape no (False)."""

    CSS_PATH = ["dialogs.tcss", "confirm.tcss"]
    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("enter", "answer(True)", "Yes", show=False),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "No", show=False),
    ]

    def __init__(self, question: str, hint: str = "") -> None:
        super().__init__()
        self.question = question
        self.hint = hint

    def compose(self) -> ComposeResult:
        """The question, an optional hint, and the keys that answer it."""
        with Vertical(classes="dialog"):
            yield Label(Text(self.question), classes="question")
            if self.hint:
                yield Label(Text(self.hint), classes="hint")
            yield Label(Text("y or Enter: yes · n or Escape: no"), classes="hint")

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)
