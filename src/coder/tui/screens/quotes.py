"""A dialog listing the quotes behind a number of the summary; Enter picks one to open."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from coder.services.reports.quotes import Quote

MAX_QUOTES = 500
"""Quotes listed at most: enough to browse, few enough to show at once."""
TEXT_CHARS = 200


class QuoteList(ModalScreen[Quote | None]):
    """The codings behind a summary cell (source, speaker, text); returns the one chosen."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Back")]

    def __init__(self, title: str, found: Sequence[Quote]) -> None:
        super().__init__()
        self.title_text = title
        self.found = list(found[:MAX_QUOTES])
        self.total = len(found)

    def compose(self) -> ComposeResult:
        """A title over the quotes, and a hint when some are left out."""
        with Vertical(classes="dialog quotes"):
            yield Label(Text(self.title_text))
            yield OptionList(
                *[Option(_label(quote), id=str(i)) for i, quote in enumerate(self.found)]
            )
            hint = "Enter opens the quote in its source · Escape goes back"
            if self.total > len(self.found):
                hint = f"the first {len(self.found)} of {self.total} · {hint}"
            yield Label(Text(hint), classes="hint")

    def on_mount(self) -> None:
        """Choose with the arrow keys and Enter."""
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """The chosen quote."""
        self.dismiss(self.found[int(event.option.id or 0)])

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)


def _label(quote: Quote) -> Text:
    """The quote as "source · speaker · coder" over its shortened text; never markup."""
    label = Text(quote.source, "bold")
    if quote.speaker:
        label.append(f" · {quote.speaker}")
    label.append(f" · {quote.row.coder or 'suggestion'}", "dim")
    if quote.row.exemplar:
        label.append(" ★")
    text = " ".join(quote.text.split())
    if len(text) > TEXT_CHARS:
        text = text[: TEXT_CHARS - 1] + "…"
    label.append(f"\n{text}")
    return label
