"""A horizontal bar chart drawn as Rich text: one labelled bar per item, scaled to the widest."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

LABEL_WIDTH = 22
BAR_WIDTH = 18
"""Cells of the longest bar; the others are scaled to it."""


class BarChart(Static):
    """Counts as bars, "name ██████ 12"; names are plain text, never markup."""

    DEFAULT_CSS = """
    BarChart {
        height: auto;
        padding: 0 1;
    }
    """

    def show(self, items: Sequence[tuple[str, int]], *, title: str = "") -> None:
        """Draw one bar per (label, count), in the order given."""
        self.update(bars_text(items, title=title))


def bars_text(items: Sequence[tuple[str, int]], *, title: str = "") -> Text:
    """The chart as text: a title line, then one line per item."""
    text = Text(end="")
    if title:
        text.append(title, "bold")
    widest = max((count for _, count in items), default=0)
    for label, count in items:
        if text:
            text.append("\n")
        name = label if len(label) <= LABEL_WIDTH else label[: LABEL_WIDTH - 1] + "…"
        text.append(f"{name:<{LABEL_WIDTH}} ")
        cells = round(count / widest * BAR_WIDTH) if widest else 0
        text.append("█" * cells or ("▏" if count else ""), "cyan")
        text.append(f" {count}", "dim")
    return text
