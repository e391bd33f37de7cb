"""Small dialogs: ask for a line of text, choose one of several codings."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from coder.domain.codebook import Codebook
from coder.domain.coding import Coding


class AskText(ModalScreen[str | None]):
    """One line of text (a search, a name); Enter gives it, Escape cancels."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, placeholder: str = "", value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.value = value

    def compose(self) -> ComposeResult:
        """A title over an input field."""
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text))
            yield Input(value=self.value, placeholder=self.placeholder)

    def on_mount(self) -> None:
        """Type straight away."""
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter gives the text."""
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)


class ChooseCoding(ModalScreen[int | None]):
    """Choose one of several codings (e.g. which to remove); returns its id."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, codings: Sequence[Coding], codebook: Codebook, title: str) -> None:
        super().__init__()
        self.codings = list(codings)
        self.codebook = codebook
        self.title_text = title

    def compose(self) -> ComposeResult:
        """A title over the codings."""
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text))
            yield OptionList(*[Option(self._label(c), id=str(c.id)) for c in self.codings])

    def _label(self, coding: Coding) -> Text:
        code = self.codebook.get(coding.code)
        label = Text("■ ", style=(code.color if code else None) or "")
        label.append(code.name if code else coding.code, "bold")
        label.append(f"  {coding.coder or coding.origin.value}", "dim")
        return label

    def on_mount(self) -> None:
        """Choose with the arrow keys and Enter."""
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """The chosen coding's id."""
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)
