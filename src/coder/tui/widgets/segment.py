"""The segment strip under the document: the codings and suggestions of the current selection.

One line per coding, "■ code name — coder · origin", the coder's own set apart from other
coders' and exemplar quotes marked "★"; then pending suggestions with their score, origin and
reason, "? name 0.82 rule — keyword 'pandemi'", the first of them the one that `a` and `x`
accept and reject in the Coding screen. Names, coders and reasons are shown as plain text,
never as markup.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from coder.domain.codebook import Codebook
from coder.domain.coding import Coding, Status
from coder.tui.widgets.codes import code_color, code_name

MAX_LINES = 6
"""Lines shown at most; the rest are summed up as "… and N more"."""


class SegmentStrip(Static):
    """What is coded where the cursor is: codings first (yours first), then suggestions."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "segment--mine",
        "segment--other",
        "segment--detail",
        "segment--suggestion",
        "segment--empty",
    }
    """Restylable parts: your codings, other coders', coder and origin, suggestions, "none"."""

    DEFAULT_CSS = """
    SegmentStrip {
        height: auto;
        max-height: 8;
        padding: 0 1;
        & > .segment--mine { text-style: bold; }
        & > .segment--other { text-style: italic; }
        & > .segment--detail { color: $text-muted; }
        & > .segment--suggestion { color: $text-muted; }
        & > .segment--empty { color: $text-muted; text-style: italic; }
    }
    """

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__("", name=name, id=id, classes=classes, disabled=disabled)
        self._shown: tuple[list[Coding], Codebook, str] | None = None
        self._exemplars: Collection[int] = frozenset()
        self._lines = 0

    def show(
        self,
        codings: Sequence[Coding],
        codebook: Codebook,
        me: str,
        exemplars: Collection[int] = frozenset(),
    ) -> None:
        """Show the codings of the selection for coder `me` (rejected suggestions left out).

        Codings whose ids are in `exemplars` are marked as exemplar quotes.
        """
        kept = [coding for coding in codings if coding.status is not Status.REJECTED]
        self._shown = (kept, codebook, me)
        self._exemplars = exemplars
        text = self._render_text()
        # A new layout (of the whole screen) only when the strip's height changes.
        lines = text.plain.count("\n") + 1
        self.update(text, layout=lines != self._lines)
        self._lines = lines

    @property
    def shown_lines(self) -> list[str]:
        """The plain text of the lines shown (what a reader sees, without colours)."""
        return self._render_text().plain.splitlines()

    def notify_style_update(self) -> None:
        """The theme changed: show the same codings in its styles."""
        super().notify_style_update()
        if self._shown is not None:
            self.update(self._render_text())

    def _render_text(self) -> Text:
        if self._shown is None or not self._shown[0]:
            return Text("no codings here", style=self._style("segment--empty"), end="")
        codings, codebook, me = self._shown
        accepted = sorted(
            (c for c in codings if c.status is Status.ACCEPTED),
            key=lambda c: (c.coder != me, code_name(codebook, c.code).casefold(), c.start),
        )
        pending = pending_first(codings, codebook)
        lines = [self._coding_line(c, codebook, me) for c in accepted]
        lines += [self._suggestion_line(c, codebook) for c in pending]
        if len(lines) > MAX_LINES:
            more = len(lines) - (MAX_LINES - 1)
            lines = [
                *lines[: MAX_LINES - 1],
                Text(f"… and {more} more", self._style("segment--detail")),
            ]
        return Text("\n", end="").join(lines)

    def _coding_line(self, coding: Coding, codebook: Codebook, me: str) -> Text:
        """A coding as "■ name — coder · origin": yours bold and marked "(you)", others' italic."""
        mine = coding.coder == me
        line = Text(end="")
        line.append("■ ", Style(color=code_color(codebook, coding.code)))
        line.append(
            code_name(codebook, coding.code),
            self._style("segment--mine" if mine else "segment--other"),
        )
        if coding.id in self._exemplars:
            line.append(" ★", self._style("segment--mine" if mine else "segment--other"))
        coder = coding.coder or "unknown coder"
        who = f"{coder} (you)" if mine else coder
        line.append(f" — {who} · {coding.origin.value}", self._style("segment--detail"))
        return line

    def _suggestion_line(self, coding: Coding, codebook: Codebook) -> Text:
        """A pending suggestion as "? name 0.82 rule — reason": score, origin, why it was made."""
        line = Text(end="")
        line.append("? ", Style(color=code_color(codebook, coding.code)))
        line.append(code_name(codebook, coding.code), self._style("segment--suggestion"))
        if coding.score is not None:
            line.append(f" {coding.score:.2f}", self._style("segment--suggestion"))
        line.append(f" {coding.origin.value}", self._style("segment--suggestion"))
        if coding.reason:
            line.append(f" — {coding.reason}", self._style("segment--detail"))
        return line

    def _style(self, name: str) -> Style:
        """A component style without its background (the strip's own shows through)."""
        style = self.get_component_rich_style(name)
        return Style(color=style.color, bold=style.bold, italic=style.italic)


def pending_first(codings: Sequence[Coding], codebook: Codebook) -> list[Coding]:
    """The pending suggestions among `codings` as the strip lists them: best score first."""
    return sorted(
        (c for c in codings if c.status is Status.PENDING),
        key=lambda c: (-(c.score or 0.0), code_name(codebook, c.code).casefold(), c.start),
    )
