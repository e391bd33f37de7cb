"""A dialog to choose which two coders the Agreement screen compares."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option


class ChooseCoders(ModalScreen[tuple[str, str] | None]):
    """The pairs of coders that share coded sources, most shared first; returns the one chosen."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, pairs: Sequence[tuple[str, str, int]]) -> None:
        super().__init__()
        self.pairs = list(pairs)

    def compose(self) -> ComposeResult:
        """A title over the pairs."""
        with Vertical(classes="dialog"):
            yield Label("Compare which coders?")
            yield OptionList(
                *[Option(_label(*pair), id=str(i)) for i, pair in enumerate(self.pairs)]
            )
            yield Label(Text("Enter compares them · Escape goes back"), classes="hint")

    def on_mount(self) -> None:
        """Choose with the arrow keys and Enter."""
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """The chosen pair."""
        a, b, _ = self.pairs[int(event.option.id or 0)]
        self.dismiss((a, b))

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)


def _label(a: str, b: str, shared: int) -> Text:
    label = Text(f"{a} and {b}", "bold")
    label.append(f"  {shared} source{'s' if shared != 1 else ''} coded by both", "dim")
    return label
