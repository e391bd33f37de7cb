"""The memo editor: a memo on a coding of the selection, on the source, or on a code."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, TextArea
from textual.widgets.option_list import Option

from coder.domain.codebook import Codebook
from coder.domain.coding import Coding
from coder.services.workspace import MemoTarget, OnCode, OnCoding, OnSource, memo_text, set_memo

if TYPE_CHECKING:
    from coder.tui.app import CoderApp


def memo_targets(
    source: str, codings: Sequence[Coding], codebook: Codebook
) -> list[tuple[MemoTarget, Text]]:
    """What a memo can be written on from here: the selection's codings, the source, codes."""
    targets: list[tuple[MemoTarget, Text]] = []
    for coding in codings:
        code = codebook.get(coding.code)
        label = Text("coding  ", "dim")
        label.append(code.name if code else coding.code, "bold")
        label.append(f"  by {coding.coder or coding.origin.value}", "dim")
        targets.append((OnCoding(coding.id), label))
    targets.append((OnSource(source), Text.assemble(("source  ", "dim"), (source, "bold"))))
    for code_id in dict.fromkeys(coding.code for coding in codings):
        code = codebook.get(code_id)
        name = code.name if code else code_id
        targets.append((OnCode(code_id), Text.assemble(("code  ", "dim"), (name, "bold"))))
    return targets


class MemoEditor(ModalScreen[None]):
    """Choose what the memo is on, write it; ctrl+s saves (empty deletes), Escape cancels."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save memo", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, source: str, codings: Sequence[Coding], codebook: Codebook) -> None:
        super().__init__()
        self.targets = memo_targets(source, codings, codebook)
        self.target: MemoTarget = self.targets[0][0]

    @property
    def coder_app(self) -> CoderApp:
        """The app, typed."""
        from coder.tui.app import CoderApp

        assert isinstance(self.app, CoderApp)
        return self.app

    def compose(self) -> ComposeResult:
        """What the memo is on, then the memo."""
        with Vertical(classes="dialog"):
            yield Label("Memo on…")
            yield OptionList(*[Option(label) for _, label in self.targets], id="targets")
            yield TextArea(id="memo", soft_wrap=True)
            yield Label("ctrl+s saves (an empty memo is deleted) · Escape cancels", classes="hint")

    def on_mount(self) -> None:
        """Start with the first target's memo, ready to type."""
        self.query_one(OptionList).highlighted = 0
        self._load(0)
        self.query_one(TextArea).focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Show the memo of the highlighted target."""
        self._load(event.option_index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a target: write its memo."""
        self.query_one(TextArea).focus()

    def _load(self, index: int) -> None:
        self.target = self.targets[index][0]
        app = self.coder_app
        text = app.attempt(memo_text, app.project, self.target) or ""
        self.query_one(TextArea).load_text(text)

    def action_save(self) -> None:
        """Save the memo (undo takes it back) and close."""
        app = self.coder_app
        text = self.query_one(TextArea).text
        if not app.attempt_ok(set_memo, app.project, self.target, text.strip()):
            return
        self.notify("memo saved" if text.strip() else "memo deleted", timeout=2)
        self.dismiss(None)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
