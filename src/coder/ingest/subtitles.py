"""Speaker turns from the subtitle files transcription tools write (WebVTT .vtt, SubRip .srt).

The speaker of a cue is its WebVTT voice (`<v Anna Berg>`) or a label in front of the text
("Anna Berg: ..."). Consecutive cues of one speaker become one turn; the source text has a
paragraph per turn, "speaker: what was said", and the turn's offsets cover what was said.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from coder.domain.source import Turn
from coder.errors import ReadError
from coder.ingest.normalize import normalize

PAUSE_SECONDS = 2.0
"""Without speakers, a pause at least this long between cues starts a new paragraph."""

TURN_SEPARATOR = "\n\n"

_NAME_PARTICLES = frozenset({"af", "av", "da", "de", "del", "der", "di", "du", "la", "van", "von"})

# A speaker label: one to four words, then a colon and the text. Whether the words are
# capitalised is checked apart, as \w cannot say so.
_LABEL = re.compile(r"(\w[\w.'\u2019-]*(?: \w[\w.'\u2019-]*){0,3}):\s+(\S.*)", re.DOTALL)


@dataclass(slots=True)
class _Cue:
    speaker: str | None
    text: str
    start: float
    end: float


@dataclass(slots=True)
class _Group:
    speaker: str | None
    start: float
    end: float
    texts: list[str] = field(default_factory=list)


def subtitle_turns(
    text: str, *, file_format: str, origin: str, notes: list[str]
) -> tuple[str, list[Turn]]:
    """Build the source text and its speaker turns from the normalised text of a .vtt or .srt.

    Cues that webvtt-py skips (a broken timing line) are counted in `notes`. Raises
    `ReadError` naming `origin` when the file is not valid subtitles or has no text.
    """
    captions = _parse(text, file_format, origin)
    # webvtt-py leaves out a cue it cannot read without a word; every cue has one arrow.
    skipped = sum("-->" in line for line in text.split("\n")) - len(captions)
    if skipped > 0:
        notes.append(
            f"{skipped} cue{'s' if skipped > 1 else ''} with a broken timing line"
            f" {'were' if skipped > 1 else 'was'} left out."
        )
    cues = [_cue(caption, unescape=file_format == "vtt") for caption in captions]
    cues = [cue for cue in cues if cue.text]
    if not cues:
        raise ReadError(f"{origin} has no cues with text", "check that it is the right file")
    return _assemble(_group(cues))


def _parse(text: str, file_format: str, origin: str) -> list[Any]:
    """Parse the captions with webvtt-py, turning its errors into a `ReadError`."""
    import webvtt
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    try:
        if file_format == "vtt":
            return list(webvtt.from_string(text).captions)
        return list(webvtt.from_buffer(io.StringIO(text), format="srt").captions)
    except MalformedFileError as error:
        expected = (
            "start with the line WEBVTT"
            if file_format == "vtt"
            else "start with a cue number and a timing line"
        )
        raise ReadError(
            f"{origin} is not a valid .{file_format} subtitle file (it must {expected})",
            "check the file in a text editor, or export the transcript again",
        ) from error
    except MalformedCaptionError as error:
        raise ReadError(
            f"{origin} has a cue with a broken timing: {error}",
            "fix the timing line in a text editor, or export the transcript again",
        ) from error


def _cue(caption: Any, *, unescape: bool) -> _Cue:
    """Take a cue's speaker and text, with tags removed and lines joined by a space."""
    spoken = " ".join(str(caption.text).split())
    if unescape:  # WebVTT writes & < > as character references
        spoken = " ".join(normalize(html.unescape(spoken)).split())
    speaker = caption.voice
    if speaker is not None:
        speaker = " ".join(str(speaker).split()) or None
    elif (label := _label(spoken)) is not None:
        speaker, spoken = label
    start = caption.start_time.in_milliseconds() / 1000
    end = caption.end_time.in_milliseconds() / 1000
    return _Cue(speaker, spoken, float(start), float(end))


def _label(text: str) -> tuple[str, str] | None:
    """Split a "Name: text" cue into the name and the text, when it starts with a name.

    A name is one to four words, each capitalised or a number ("Anna Berg", "Talare 2"),
    so that a sentence such as "Och då sa hon: ..." is not taken for a speaker.
    """
    match = _LABEL.fullmatch(text)
    if match is None:
        return None
    first, *rest = match.group(1).split()
    if not first[0].isupper():
        return None
    if not all(w[0].isupper() or w.isdigit() or w in _NAME_PARTICLES for w in rest):
        return None
    return match.group(1), match.group(2)


def _group(cues: Iterable[_Cue]) -> list[_Group]:
    """Merge consecutive cues of one speaker into turns."""
    groups: list[_Group] = []
    for cue in cues:
        if groups and _continues(groups[-1], cue):
            groups[-1].texts.append(cue.text)
            groups[-1].end = cue.end
        else:
            groups.append(_Group(cue.speaker, cue.start, cue.end, [cue.text]))
    return groups


def _continues(turn: _Group, cue: _Cue) -> bool:
    """Tell whether a cue belongs to the turn before it."""
    if cue.speaker is not None:
        return cue.speaker == turn.speaker
    if turn.speaker is not None:
        return True  # subtitles label a speaker once, when the speaker changes
    return cue.start - turn.end < PAUSE_SECONDS


def _assemble(groups: list[_Group]) -> tuple[str, list[Turn]]:
    """Join the turns into the text, a paragraph each, with offsets covering what was said."""
    paragraphs: list[str] = []
    turns: list[Turn] = []
    offset = 0
    for group in groups:
        if paragraphs:
            offset += len(TURN_SEPARATOR)
        label = f"{group.speaker}: " if group.speaker else ""
        spoken = " ".join(group.texts)
        start = offset + len(label)
        turns.append(Turn(start, start + len(spoken), group.speaker, group.start))
        paragraphs.append(label + spoken)
        offset += len(label) + len(spoken)
    return TURN_SEPARATOR.join(paragraphs), turns
