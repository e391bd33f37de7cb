"""Charts for reports: horizontal bar charts drawn by matplotlib (Agg, no display) as PNG."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

DEFAULT_COLOR = "#4c72b0"
LABEL_WIDTH = 38
"""Code names are wrapped at this many characters beside their bar."""


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    colors: Sequence[str | None] = (),
) -> bytes:
    """A horizontal bar chart, first label at the top, with each bar's value at its end.

    Uses matplotlib's object API on an Agg canvas, never pyplot: no global state, so it is
    safe in a worker thread and needs no display.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    wrapped = [textwrap.fill(label, LABEL_WIDTH) for label in labels]
    lines = sum(text.count("\n") + 1 for text in wrapped)
    figure = Figure(figsize=(8, 0.9 + 0.32 * max(lines, 2)), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(values)))
    bar_colors = [c or DEFAULT_COLOR for c in colors] if colors else DEFAULT_COLOR
    bars = axes.barh(positions, values, color=bar_colors)
    axes.bar_label(bars, padding=3, fmt="%g")
    axes.set_yticks(positions, wrapped)
    axes.invert_yaxis()
    axes.set_title(title, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    axes.margins(x=0.12)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=120, metadata={"Software": None})
    return buffer.getvalue()
