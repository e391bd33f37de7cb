"""The codebook pane of the Coding screen: the code tree with keys, counts and ticks.

Themes are headings; each code shows "key ■ name  in-source/in-project", with a tick on
the codes applied to the current selection. Enter on a code asks for it to be applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from coder.domain.codebook import Code, Codebook
from coder.tui.widgets.codes import code_color

TICK = "✓"
"""The mark of a code applied to the current selection."""


@dataclass(frozen=True, slots=True)
class _Row:
    """What one code's line shows."""

    code: Code
    color: str
    counts: tuple[int, int] | None
    applied: bool


class CodebookPane(Tree[str]):
    """The codebook as a tree; each node's data is its code id.

    `show` is cheap to call on every cursor move: it only rebuilds the tree when codes were
    added, moved or removed, and keeps which nodes are expanded and which is highlighted.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Apply code"),
        Binding("delete", "delete_code", "Delete code"),
    ]
    """Enter applies the highlighted code (a click only highlights, so it never codes by
    accident); on a theme it opens or closes the theme. Delete asks to delete the code."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *Tree.COMPONENT_CLASSES,
        "codebook--theme",
        "codebook--detail",
        "codebook--tick",
    }
    """Restylable parts: theme headings, keys and counts, and the tick."""

    DEFAULT_CSS = """
    CodebookPane {
        & > .codebook--theme { text-style: bold; }
        & > .codebook--detail { color: $text-muted; }
        & > .codebook--tick { color: $text-success; text-style: bold; }
    }
    """

    class CodeMessage(Message):
        """Something was asked of a code in the pane."""

        def __init__(self, pane: CodebookPane, code: str) -> None:
            super().__init__()
            self.pane = pane
            self.code = code

        @property
        def control(self) -> CodebookPane:
            """The pane the code was chosen in."""
            return self.pane

    class CodeChosen(CodeMessage):
        """Enter was pressed on a codable code: apply it (or take it off) the selection."""

    class DeleteRequested(CodeMessage):
        """Delete was pressed on a code: ask what becomes of its codings, then delete it."""

    def __init__(
        self,
        label: str = "Codebook",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(Text(label), name=name, id=id, classes=classes, disabled=disabled)
        self.show_root = False
        self.auto_expand = False
        self._structure: tuple[tuple[str, str | None], ...] = ()
        self._code_nodes: dict[str, TreeNode[str]] = {}
        self._rows: dict[str, _Row] = {}
        self._labelled: dict[str, _Row] = {}
        """The rows as the nodes' labels show them now (relabel only what changed)."""

    def show(
        self, codebook: Codebook, counts: dict[str, tuple[int, int]], applied: set[str]
    ) -> None:
        """Show a codebook, its counts per code and ticks on the codes in `applied`.

        `counts` maps a code id to (codings in this source, codings in the project).
        """
        self._rows = {
            code.id: _Row(
                code,
                code_color(codebook, code.id),
                counts.get(code.id) if code.codable else _total(codebook, code.id, counts),
                code.id in applied,
            )
            for code in codebook.codes
        }
        structure = tuple((code.id, code.parent_id) for code in codebook.codes)
        if structure != self._structure:
            self._rebuild(codebook)
            self._structure = structure
        self._relabel()

    @property
    def highlighted_code(self) -> str | None:
        """The id of the code under the cursor, if any."""
        node = self.cursor_node
        return node.data if node is not None else None

    def _rebuild(self, codebook: Codebook) -> None:
        """Make the nodes again; keep expansion and the highlighted code where they still exist."""
        # A leaf counts as open: when a code is added under it, the new code is seen at once.
        expanded = {
            code
            for code, node in self._code_nodes.items()
            if node.is_expanded or not node.allow_expand
        }
        known, first_time = set(self._code_nodes), not self._code_nodes
        highlighted = self.highlighted_code
        self.clear()
        self._code_nodes = {}
        self._labelled = {}
        for code in codebook.codes:  # tree order: every parent comes before its children
            parent = self.root if code.parent_id is None else self._code_nodes[code.parent_id]
            has_children = bool(codebook.children(code.id))
            open_ = has_children and (first_time or code.id in expanded or code.id not in known)
            node = parent.add(Text(code.name), code.id, expand=open_, allow_expand=has_children)
            self._code_nodes[code.id] = node
        target = highlighted if highlighted in self._code_nodes else None
        if target is None and codebook.codes:
            target = codebook.codes[0].id
        if target is not None:
            self.call_after_refresh(self._highlight, target)

    def _highlight(self, code_id: str) -> None:
        node = self._code_nodes.get(code_id)
        if node is not None:
            self.move_cursor(node)

    def _relabel(self, *, restyle: bool = False) -> None:
        """Label the nodes whose rows changed (all of them to `restyle`) in the theme's styles."""
        if restyle:
            self._labelled = {}
        changed = [code for code, row in self._rows.items() if self._labelled.get(code) != row]
        if not changed:
            return
        theme = _foreground(self.get_component_rich_style("codebook--theme"))
        detail = _foreground(self.get_component_rich_style("codebook--detail"))
        tick = _foreground(self.get_component_rich_style("codebook--tick"))
        for code_id in changed:
            node = self._code_nodes.get(code_id)
            if node is not None:
                node.set_label(_label(self._rows[code_id], theme, detail, tick))
                self._labelled[code_id] = self._rows[code_id]

    def notify_style_update(self) -> None:
        """The theme changed: label the nodes again in its styles."""
        super().notify_style_update()
        self._relabel(restyle=True)

    def action_choose(self) -> None:
        """Ask for the highlighted code to be applied; open or close a highlighted theme."""
        node = self.cursor_node
        if node is None:
            return
        row = self._rows.get(node.data or "")
        if row is not None and row.code.codable:
            self.post_message(self.CodeChosen(self, row.code.id))
        elif node.allow_expand:
            node.toggle()

    def action_delete_code(self) -> None:
        """Ask for the highlighted code (or theme) to be deleted."""
        code = self.highlighted_code
        if code is not None:
            self.post_message(self.DeleteRequested(self, code))


def _foreground(style: Style) -> Style:
    """A component style without its background, so cursor and hover backgrounds show."""
    return Style(color=style.color, bold=style.bold, italic=style.italic, dim=style.dim)


def _total(
    codebook: Codebook, code_id: str, counts: dict[str, tuple[int, int]]
) -> tuple[int, int] | None:
    """A theme's counts: the sums over the codes below it (None when none has counts)."""
    found = [counts[c.id] for c in codebook.descendants(code_id) if c.id in counts]
    if not found:
        return None
    return sum(n for n, _ in found), sum(n for _, n in found)


def _label(row: _Row, theme: Style, detail: Style, tick: Style) -> Text:
    """A code as "✓ 2 ■ name  3/12" (key first), a theme as its bold name; never markup."""
    code = row.code
    label = Text(no_wrap=True, end="")
    if not code.codable:
        label.append(code.name, theme)
        if row.counts is not None:
            label.append(f"  {row.counts[0]}/{row.counts[1]}", detail)
        return label
    label.append(f"{TICK} " if row.applied else "  ", tick)
    label.append(f"{code.key} " if code.key else "  ", detail)
    label.append("■ ", Style(color=row.color))
    label.append(code.name)
    if row.counts is not None:
        label.append(f"  {row.counts[0]}/{row.counts[1]}", detail)
    return label
