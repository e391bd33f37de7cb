"""Sources and their units: speaker turns (or paragraphs) and the sentences within them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from coder.domain.suggestion import RuleSuggestion


class SourceKind(StrEnum):
    """What a source is; interviews have speaker turns, documents have paragraphs."""

    INTERVIEW = "interview"
    DOCUMENT = "document"
    OBSERVATION = "observation"
    OTHER = "other"


LANGUAGES = ("sv", "en")
"""Languages with sentence rules and lemmas; a source is one of these."""
DEFAULT_LANGUAGE = "sv"
"""A project's language when neither the user nor its codebook gives one."""


@dataclass(frozen=True, slots=True)
class Turn:
    """A speaker turn of a transcript, or a paragraph of a document (speaker None).

    `start`/`end` are code-point offsets into the source text and cover what was said, not the
    speaker label or timestamp in front of it. `timestamp` is in seconds from the start of the
    recording, when the transcript gives one.
    """

    start: int
    end: int
    speaker: str | None = None
    timestamp: float | None = None
    is_interviewer: bool = False


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a turn: the smallest unit a researcher selects; offsets into the source."""

    start: int
    end: int


@dataclass(slots=True)
class ParsedSource:
    """A file read, normalised and segmented, ready to be stored as one source."""

    name: str
    kind: SourceKind
    language: str
    text: str
    content_hash: str
    origin: str
    file_format: str
    turns: list[Turn]
    sentences: list[list[Sentence]]
    """Sentences per turn: `sentences[i]` are the sentences of `turns[i]`."""
    attributes: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    """Things the user should know about how the file was read (shown after import)."""
    rule_suggestions: list[RuleSuggestion] = field(default_factory=list)
    """What the codebook's rules suggest, by turn (when import ran them)."""
    words: int = field(init=False)
    """Number of whitespace-separated words in the text."""

    def __post_init__(self) -> None:
        self.words = len(self.text.split())


def format_timestamp(seconds: float | None) -> str:
    """A timestamp as people write it in transcripts: M:SS, or H:MM:SS past the hour."""
    if seconds is None:
        return ""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


@dataclass(frozen=True, slots=True)
class SourceSummary:
    """A source as listed: what it is, how big, who speaks, how it is described and coded."""

    name: str
    kind: str
    language: str
    words: int
    turns: int
    speakers: tuple[str, ...]
    attributes: dict[str, str]
    codings: int
    origin: str
    file_format: str
    imported_at: str


@dataclass(frozen=True, slots=True)
class SegmentView:
    """A sentence of a source with its turn, speaker and timestamp, as `coder segments` shows."""

    index: int
    turn: int
    speaker: str | None
    timestamp: float | None
    start: int
    end: int
    text: str
    is_interviewer: bool = False


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A sentence that matched a full-text search, with its source and speaker."""

    source: str
    segment: int
    speaker: str | None
    timestamp: float | None
    start: int
    end: int
    text: str
