"""What the codings of a document look like: coloured spans per turn and margin labels.

Built once per change of the codings and read for every drawn line, so each turn keeps its
own short lists: a line only looks at the codings of its turn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from coder.domain.codebook import Codebook
from coder.domain.coding import Coding, Status
from coder.domain.document import Document
from coder.tui.widgets.codes import code_color, code_name, coder_initial


class LabelKind(Enum):
    """Whose coding a margin label stands for."""

    MINE = "mine"
    OTHER = "other"
    PENDING = "pending"


@dataclass(frozen=True, slots=True)
class CodedSpan:
    """An accepted coding as drawn: its text range and its code's colour."""

    start: int
    end: int
    color: str


@dataclass(frozen=True, slots=True)
class MarginLabel:
    """A code name in the margin beside the line where a coding starts."""

    offset: int
    kind: LabelKind
    name: str
    color: str
    initial: str = ""

    @property
    def marker(self) -> str:
        """The sign before the name: "■" for a coding, "?" for a pending suggestion."""
        return "?" if self.kind is LabelKind.PENDING else "■"

    @property
    def suffix(self) -> str:
        """The other coder's initial as " (J)", or ""."""
        return f" ({self.initial})" if self.kind is LabelKind.OTHER and self.initial else ""


_KIND_ORDER = {LabelKind.MINE: 0, LabelKind.OTHER: 1, LabelKind.PENDING: 2}


class Marks:
    """The codings of one document arranged by turn: spans to underline, labels, codes.

    Rejected suggestions are left out. Accepted codings are underlined and labelled; pending
    suggestions are only labelled ("? name").
    """

    def __init__(
        self, document: Document, codings: Sequence[Coding], codebook: Codebook, me: str
    ) -> None:
        self.spans: dict[int, list[CodedSpan]] = {}
        self.labels: dict[int, list[MarginLabel]] = {}
        self.codes: dict[int, set[str]] = {}
        if not document.sentences:
            return
        colors: dict[str, str] = {}
        for coding in codings:
            if coding.status is Status.REJECTED:
                continue
            color = colors.get(coding.code) or colors.setdefault(
                coding.code, code_color(codebook, coding.code)
            )
            first, last = _turns_of(document, coding.start, coding.end)
            for turn in range(first, last + 1):
                self.codes.setdefault(turn, set()).add(coding.code)
                if coding.status is Status.ACCEPTED:
                    span = CodedSpan(coding.start, coding.end, color)
                    self.spans.setdefault(turn, []).append(span)
            label = _label(coding, codebook, me, color)
            self.labels.setdefault(first, []).append(label)
        for labels in self.labels.values():
            labels.sort(key=lambda lb: (lb.offset, _KIND_ORDER[lb.kind], lb.name.casefold()))
        for spans in self.spans.values():
            spans.sort(key=lambda span: (span.start, -span.end))

    def label_offsets(self) -> dict[int, list[int]]:
        """Per turn, the text offsets of its margin labels in order (for the layout)."""
        return {turn: [lb.offset for lb in labels] for turn, labels in self.labels.items()}

    def turns_with(self, codes: set[str]) -> set[int]:
        """The turns that hold an accepted or pending coding of one of these codes."""
        return {turn for turn, held in self.codes.items() if not held.isdisjoint(codes)}

    def spans_on(self, turn: int, start: int, end: int) -> list[CodedSpan]:
        """The accepted codings of a turn that cover some of [start, end) (or offset start)."""
        end = max(end, start + 1)
        return [span for span in self.spans.get(turn, ()) if span.start < end and start < span.end]


def _turns_of(document: Document, start: int, end: int) -> tuple[int, int]:
    """The first and last turn that a text range touches."""
    sentences = document.sentences
    first = sentences[document.sentence_at(start)].turn
    last = sentences[document.sentence_at(max(start, end - 1))].turn
    return first, max(first, last)


def _label(coding: Coding, codebook: Codebook, me: str, color: str) -> MarginLabel:
    """The margin label of a coding: mine, another coder's, or a pending suggestion."""
    name = code_name(codebook, coding.code)
    if coding.status is Status.PENDING:
        return MarginLabel(coding.start, LabelKind.PENDING, name, color)
    if coding.coder == me:
        return MarginLabel(coding.start, LabelKind.MINE, name, color)
    return MarginLabel(coding.start, LabelKind.OTHER, name, color, coder_initial(coding.coder))
