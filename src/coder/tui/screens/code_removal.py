"""Deleting a code from the codebook pane: a dialog asks what becomes of its codings.

The choices are those of `coder codebook delete`: move the codings to the code's parent, to
another code (chosen in the code picker), or delete them with the code. Whatever is chosen is
one change that `u` undoes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from coder.domain.codebook import Code, Codebook
from coder.services.code_removal import CodeRemoval, CodeUse, code_use, delete_code

if TYPE_CHECKING:
    from textual.screen import Screen

    from coder.tui.app import CoderApp

TO_PARENT = "parent"
TO_OTHER = "other"
DELETE = "delete"
CANCEL = "cancel"


class DeleteCodeDialog(ModalScreen[str | None]):
    """Ask whether (and where to) a code's codings go before it is deleted.

    Dismisses with TO_PARENT, TO_OTHER, DELETE, or None when cancelled.
    """

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, code: Code, use: CodeUse, codebook: Codebook) -> None:
        super().__init__()
        self.code = code
        self.use = use
        self.parent_code = codebook.get(code.parent_id) if code.parent_id else None

    def compose(self) -> ComposeResult:
        """The question, what hangs on the code, and the choices."""
        with Vertical(classes="dialog"):
            yield Label(Text(f"Delete the code '{self.code.name}'?"))
            yield Label(Text(self._what_it_has()), classes="hint")
            yield OptionList(*self._options())
            yield Label(Text("u undoes the deletion, codings and all."), classes="hint")

    def _what_it_has(self) -> str:
        use = self.use
        lines = []
        if use.codings:
            lines.append(
                f"It has {use.codings} coding{'s' if use.codings != 1 else ''} "
                f"in {use.sources} source{'s' if use.sources != 1 else ''}."
            )
        else:
            lines.append("It has no codings.")
        if use.children:
            lines.append(f"Its {len(use.children)} child codes move up a level.")
        return " ".join(lines)

    def _options(self) -> list[Option]:
        if not self.use.codings:
            return [Option("Delete the code", id=DELETE), Option("Cancel", id=CANCEL)]
        options = []
        if self.parent_code is not None and self.parent_code.codable:
            options.append(
                Option(Text(f"Move its codings to '{self.parent_code.name}'"), id=TO_PARENT)
            )
        options += [
            Option("Move its codings to another code…", id=TO_OTHER),
            Option(f"Delete the code and its {self.use.codings} codings", id=DELETE),
            Option("Cancel", id=CANCEL),
        ]
        return options

    def on_mount(self) -> None:
        """Choose with the arrow keys and Enter; the safe choices come first."""
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """The chosen way, or None for Cancel."""
        choice = event.option.id
        self.dismiss(None if choice in (None, CANCEL) else choice)

    def action_cancel(self) -> None:
        """Close without deleting anything."""
        self.dismiss(None)


def remove_code(screen: Screen[Any], code_id: str, *, then: Callable[[], None]) -> None:
    """Ask how to delete a code, delete it that way, then call `then` (to redraw)."""
    from coder.tui.app import CoderApp

    app = screen.app
    assert isinstance(app, CoderApp)
    found = app.attempt(code_use, app.project, code_id)
    if found is None:
        return
    code, use = found

    def chosen(choice: str | None) -> None:
        if choice == TO_PARENT:
            _delete(app, code, then, to_parent=True)
        elif choice == DELETE:
            _delete(app, code, then, force=True)
        elif choice == TO_OTHER:
            _pick_target(app, code, then)

    app.push_screen(DeleteCodeDialog(code, use, app.codebook), chosen)


def _pick_target(app: CoderApp, code: Code, then: Callable[[], None]) -> None:
    from coder.tui.screens.picker import CodePicker, Picked

    others = Codebook(
        app.codebook.name,
        app.codebook.language,
        app.codebook.description,
        tuple(c for c in app.codebook.codes if c.id != code.id),
    )

    def picked(choice: Picked | None) -> None:
        if choice is not None and choice.code is not None:
            _delete(app, code, then, move_to=choice.code)

    app.push_screen(CodePicker(others, allow_create=False), picked)


def _delete(
    app: CoderApp,
    code: Code,
    then: Callable[[], None],
    *,
    move_to: str | None = None,
    to_parent: bool = False,
    force: bool = False,
) -> None:
    removal = app.attempt(
        delete_code, app.project, code.id, move_to=move_to, to_parent=to_parent, force=force
    )
    if removal is None:
        return
    app.reload_codebook()
    app.notify(_described(removal), timeout=4)
    then()


def _described(removal: CodeRemoval) -> str:
    what = f"deleted '{removal.code.name}'"
    if removal.codings_deleted:
        what += f" and its {removal.codings_deleted} codings"
    elif removal.target is not None and (removal.codings_moved or removal.codings_folded):
        what += f"; its codings went to '{removal.target}'"
    return f"{what} (u undoes)"
