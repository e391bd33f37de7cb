"""The help screen: every key of the screen underneath, generated from its bindings."""

from __future__ import annotations

from dataclasses import replace

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static


class HelpScreen(ModalScreen[None]):
    """Lists the active bindings of a screen: key and what it does."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("question_mark", "close", "Close", key_display="?"),
        Binding("q", "close", "Close", show=False),
    ]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.table = _bindings_table(screen)

    def compose(self) -> ComposeResult:
        """A title over the table of keys."""
        with VerticalScroll(classes="dialog"):
            yield Label("Keys")
            yield Static(self.table)
            yield Label("Escape or ? closes this help.", classes="hint")

    def action_close(self) -> None:
        """Back to the screen."""
        self.dismiss(None)


def _bindings_table(screen: Screen[object]) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    rows: dict[str, list[str]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description:
            continue
        # Each key as itself: a pair such as "j,down" shares one key_display ("j") so that the
        # footer stays short, and here every key of the pair is to be listed.
        shown = screen.app.get_key_display(replace(binding, key_display=None))
        rows.setdefault(binding.description, [])
        if shown not in rows[binding.description]:
            rows[binding.description].append(shown)
    code_keys = [d for d in rows if d.startswith("toggle code ")]
    if code_keys:
        digits = ", ".join(rows[d][0] for d in code_keys)
        for description in code_keys:
            del rows[description]
        rows["toggle the code with that key on the selection"] = [digits]
    for description, keys in rows.items():
        table.add_row(Text(" / ".join(keys)), Text(description))
    return table
