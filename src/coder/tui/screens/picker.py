"""The code picker: a fuzzy search over every code, and in-vivo creation of a new one."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.fuzzy import Matcher
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from coder.domain.codebook import Code, Codebook

CREATE = "\x00create"
TOP_LEVEL = "\x00top"
SHOWN = 60


@dataclass(frozen=True)
class Picked:
    """What the picker returns: an existing code, or the name and parent of a new one."""

    code: str | None
    name: str = ""
    parent: str | None = None


class CodePicker(ModalScreen[Picked | None]):
    """Type part of a code's name, id or description; Enter takes the highlighted code.

    With `allow_create`, a name that matches no code exactly can be created (in-vivo coding):
    the picker then asks under which theme or code it goes.
    """

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Next", show=False, priority=True),
        Binding("up", "move(-1)", "Previous", show=False, priority=True),
        Binding("enter", "choose", "Choose", priority=True),
    ]

    def __init__(self, codebook: Codebook, *, allow_create: bool) -> None:
        super().__init__()
        self.codebook = codebook
        self.allow_create = allow_create
        self.new_name: str | None = None

    def compose(self) -> ComposeResult:
        """A title, a search field and the matching codes."""
        with Vertical(classes="dialog"):
            yield Label("Code the selection with…" if self.allow_create else "Choose a code")
            yield Input(placeholder="name, id or description", id="query")
            yield OptionList(id="codes")

    def on_mount(self) -> None:
        """Show every codable code to start with."""
        self._show("")
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Narrow the list as the researcher types."""
        if self.new_name is None:
            self._show(event.value)

    def _show(self, query: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        codes = [code for code in self.codebook.codes if code.codable]
        ranked = _rank(codes, query) if query.strip() else codes
        options.add_options(Option(self._label(code), id=code.id) for code in ranked[:SHOWN])
        name = " ".join(query.split())
        exact = any(code.name.casefold() == name.casefold() for code in codes)
        if self.allow_create and name and not exact:
            options.add_option(Option(Text(f"+ create a new code '{name}' …", "italic"), CREATE))
        if options.option_count:
            options.highlighted = 0

    def _label(self, code: Code) -> Text:
        path = " › ".join(c.name for c in self.codebook.path(code.id)[:-1])
        label = Text("■ ", style=code.color or "")
        label.append(code.name, "bold")
        if code.key:
            label.append(f"  [{code.key}]", "dim")
        if path:
            label.append(f"  {path}", "dim")
        return label

    def action_move(self, step: int) -> None:
        """Move the highlight while typing."""
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A click on an option chooses it."""
        self.action_choose()

    def action_choose(self) -> None:
        """Take the highlighted code, or go on to choose where a new code goes."""
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        chosen = options.get_option_at_index(options.highlighted).id
        if chosen == CREATE:
            self._ask_parent(" ".join(self.query_one(Input).value.split()))
        elif self.new_name is not None:
            parent = None if chosen == TOP_LEVEL else chosen
            self.dismiss(Picked(code=None, name=self.new_name, parent=parent))
        elif chosen is not None:
            self.dismiss(Picked(code=chosen))

    def _ask_parent(self, name: str) -> None:
        self.new_name = name
        self.query_one(Label).update(Text(f"Where does '{name}' go?"))
        self.query_one(Input).display = False
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_option(Option(Text("(top level: a new theme of its own)", "italic"), TOP_LEVEL))
        for code in self.codebook.codes:
            indent = "  " * self.codebook.depth(code.id)
            label = Text(f"{indent}■ ", style=code.color or "")
            label.append(code.name, "bold" if not code.codable else "")
            options.add_option(Option(label, id=code.id))
        themes = [i for i, c in enumerate(self.codebook.codes, start=1) if not c.codable]
        options.highlighted = themes[0] if themes else 0
        options.focus()

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)


def _rank(codes: list[Code], query: str) -> list[Code]:
    """Codes matching the query, best first (name counts more than id and description)."""
    matcher = Matcher(query)
    needle = query.casefold().strip()
    scored = []
    for code in codes:
        # Words that appear as typed beat letters scattered through a long name.
        exact = 1.0 if needle in code.name.casefold() or needle in code.id else 0.0
        score = exact + max(
            matcher.match(code.name) * 1.0,
            matcher.match(code.id) * 0.9,
            matcher.match(code.description[:200]) * 0.6 if code.description else 0.0,
        )
        if score > 0:
            scored.append((score, code))
    scored.sort(key=lambda pair: -pair[0])
    return [code for _, code in scored]
