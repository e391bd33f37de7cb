"""Speaker turns of transcripts and paragraphs of documents, found in normalised text.

Transcripts come in three shapes, all recognised from the text as a whole:

1. A label line: `Anna Berg: Ja, alltså …`, with an optional timestamp before or after the name
   (`[00:12:34] Anna: …`, `00:12 Anna: …`, `Anna (00:12:34): …`, `I: [00:01] …`).
2. A speaker line, then what was said on the following lines: `Anna Berg`, `Anna Berg:`,
   `Anna Berg  00:13`, `Speaker 1 0:05`, `Anna Berg (00:00:13)` (transcription services).
3. Lines that start with a timestamp and no name (`[00:12:34] text`), when at least half the
   non-empty lines do; such turns have no speaker.

Against false positives (a report with a `Syfte: …` line is not a transcript):
- a label is a speaker only if it is used as a label at least twice, or it is a known
  interviewer/respondent label (`I`, `IP`, `Intervjuare`, `Respondent` …) or a given interviewer
  name; when two or more such speakers have a timestamp on every turn, any timestamped label
  counts (a guest who speaks once);
- a bare name line (shape 2 without timestamp or colon) needs two uses, and right after another
  speaker line it is what was said (`Okej`), not a speaker;
- words that label fields, headings, agenda items or answers (`Datum`, `Kl`, `Bakgrund`, `Fika`,
  `Ja`, `Okej` …) are never speakers; names are capitalised words (`Deltagare 2`, `Anna af Klint`);
- a transcript has at least two turns by two different speakers, and unless a known label or
  timestamps vouch for it, at least one line in ten of its body is a speaker label.

A header before the first turn (title, date, `Intervjuare: Karin Ek`) stays in the text but is no
turn. A turn covers what was said only: never the label, the timestamp or surrounding space; it
runs over lines and paragraphs until the next turn starts. The shapes are tried on all lines at
once and the one giving most turns wins (a label line over a speaker line on a tie); timestamps
only when neither gives a transcript.

Known limits: a label used only once (`Per: Ja.`) stays in the previous turn; a header field
with the same label as the turns (`Intervjuare: Karin Ek` above `Intervjuare: Hur …`) needs a
title, a date or more lines around it to be recognised; meeting minutes with repeated `Anna: …`
action lines read as a transcript.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from typing import NamedTuple

from coder.domain.source import Turn

# fmt: off
INTERVIEWER_LABELS = frozenset(
    {
        "i", "int", "intervjuare", "intervjuaren", "interviewer", "moderator", "q", "fråga",
        "utvärderare", "evaluator",
    }
)
"""Labels that mark the interviewer, compared case-insensitively (a trailing dot ignored)."""

RESPONDENT_LABELS = frozenset(
    {
        "ip", "r", "resp", "respondent", "respondenten", "informant", "informanten",
        "intervjuperson", "intervjupersonen", "svar", "a", "answer", "interviewee",
    }
)
"""Labels that mark the person interviewed; like interviewer labels, they count from one use."""

_NOT_SPEAKERS = frozenset(
    {
        "datum", "date", "tid", "time", "kl", "klockan", "plats", "place", "location", "syfte",
        "purpose", "aim", "mål", "goal", "ämne", "subject", "titel", "title", "rubrik",
        "deltagare", "participants", "närvarande", "present", "projekt", "project", "not", "note",
        "notes", "anteckning", "anteckningar", "obs", "källa", "source", "resultat", "result",
        "results", "bakgrund", "background", "sammanfattning", "summary", "metod", "method",
        "inledning", "introduction", "diskussion", "discussion", "slutsats", "slutsatser",
        "conclusion", "conclusions", "kommentar", "kommentarer", "comment", "comments", "tema",
        "theme", "kod", "code", "fas", "phase", "steg", "step", "del", "part", "bilaga",
        "appendix", "tabell", "table", "figur", "figure", "exempel", "example", "referens",
        "reference", "uppdrag", "intervju", "interview", "transkript", "transcript",
        "transkribering", "organisation", "organization", "region", "kommun", "roll", "role",
        "längd", "duration", "inspelning", "recording", "fil", "file", "version", "status",
        "ansvarig", "kontakt", "contact", "telefon", "phone", "adress", "address", "dnr",
        "diarienummer", "agenda", "dagordning", "program", "programme", "frågor", "questions",
        "svaren", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag", "monday",
        "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "ja", "nej", "jo",
        "nä", "okej", "ok", "okay", "mm", "mhm", "hm", "hmm", "aha", "precis", "absolut", "exakt",
        "nja", "visst", "japp", "yes", "no", "yeah", "yep", "right", "sure", "exactly", "well",
        "tack", "thanks", "hej", "hello", "hi", "fika", "lunch", "paus", "rast", "kaffe", "middag",
        "frukost", "registrering", "break", "coffee", "dinner", "breakfast", "registration",
        "välkommen", "welcome", "avslutning", "summering",
    }
)
"""Labels of fields, headings, days, agenda items and answers: never speakers."""

_PARTICLES = frozenset(
    {
        "af", "av", "von", "van", "de", "der", "den", "la", "le", "du", "da", "di", "del", "dos",
    }
)
"""Lowercase words allowed inside a name (`Anna af Klint`)."""
# fmt: on

_H = r"[^\S\n]"  # horizontal space
_TS = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?(?![\d:])"
_TS_BRACKETED = rf"\[{_TS}\]|\({_TS}\)"
_TS_ANY = rf"{_TS_BRACKETED}|{_TS}"
_WORD = r"[^\W\d_][\w'’-]*"
_NAME = rf"{_WORD}(?:\.?{_H}+(?:{_WORD}|\d{{1,3}})){{0,3}}"
_TS_BEFORE = rf"(?:(?P<ts1>{_TS_ANY}){_H}*(?:[-–]{_H}*)?)?"

# The line patterns start with the newline before the line, not with `^`: a literal first
# character lets the regex engine skip ahead quickly (five to ten times faster over long texts).
# They run over the text with a newline put in front (`padded`); in that string a match starts
# at the index that the line has in the text.
_LABEL_LINE = re.compile(
    rf"\n{_H}*{_TS_BEFORE}(?P<name>{_NAME}\.?)(?:{_H}*\([^\W\d_]{{1,4}}\))?"
    rf"(?:{_H}*(?P<ts2>{_TS_BRACKETED}))?(?:{_H}*:(?=\s|$)|\t)(?:{_H}*(?P<ts3>{_TS_BRACKETED}))?",
    re.MULTILINE,
)
"""Shape 1 (and `Name:` alone on its line): a name and a colon at the start of a line.

Also `Intervjuare (I): …` (an abbreviation after the label) and `I<tab>…` (pasted from a
spreadsheet or a two-column table)."""

_SPEAKER_LINE = re.compile(
    rf"\n{_H}*{_TS_BEFORE}(?P<open>\[)?(?P<name>{_NAME})(?(open)\])"
    rf"(?:{_H}*(?P<ts2>{_TS_BRACKETED})|{_H}+(?:[-–|]{_H}+)?(?P<ts3>{_TS}))?{_H}*$",
    re.MULTILINE,
)
"""Shape 2: a line holding only a name (`[Anna Berg]` in Zoom), optionally with a timestamp."""

_TIMESTAMP_LINE = re.compile(rf"\n{_H}*(?P<ts1>{_TS_ANY})(?:{_H}*[-–])?", re.MULTILINE)
"""Shape 3: a line starting with a timestamp."""

_NON_EMPTY_LINE = re.compile(r"\n[^\S\n]*\S")
_NON_SPACE = re.compile(r"\S")
_DIGIT = re.compile(r"\d")
_LINE = re.compile(r"[^\n]+")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_SENTENCE_END = re.compile(r"[.!?…]$")
_LIST_ITEM = r"(?:[-*•–]|\d{1,3}[.)]|[a-zA-Z]\))[^\S\n]"
_PARAGRAPH_BREAK = re.compile(rf"\n[^\S\n]*\n|\n(?={_H}*{_LIST_ITEM})")


class _Marker(NamedTuple):
    """A line that may start a turn: where the line starts, where what was said starts."""

    line_start: int
    content_start: int
    speaker: str | None
    timestamp: float | None
    bare: bool
    """A speaker line with neither colon nor timestamp: the weakest evidence of a speaker."""

    @property
    def key(self) -> str:
        """The speaker label as compared with others."""
        return _key(self.speaker or "")


def _speakers(markers: Iterable[_Marker]) -> int:
    """How many different speakers these markers name."""
    return len({marker.key for marker in markers})


def parse_turns(text: str, *, interviewers: Collection[str] = ()) -> list[Turn]:
    """Find the speaker turns of a transcript; [] when the text does not look like one.

    `interviewers` are names whose turns are the interviewer's (see `mark_interviewers`).
    """
    names = _Names(interviewers)
    padded = "\n" + text
    best: list[_Marker] = []
    for pattern, bare in ((_LABEL_LINE, False), (_SPEAKER_LINE, True)):
        candidates = _candidates(padded, pattern, bare=bare)
        markers = _speaker_markers(text, padded, candidates, names)
        if len(markers) > len(best):
            best = markers
    return _turns(text, best or _timestamp_markers(padded), names)


def parse_paragraphs(text: str, *, line_paragraphs: bool) -> list[Turn]:
    """Split a document into paragraphs (turns without speaker), whitespace trimmed.

    With `line_paragraphs` every non-empty line is a paragraph; otherwise paragraphs are blocks
    separated by blank lines, and a list item (`- `, `* `, `• `, `1. `, `a) `) starts a new one.
    """
    if line_paragraphs:
        lines = [_trim(text, m.start(), m.end()) for m in _LINE.finditer(text)]
        return [Turn(start, end) for start, end in lines if end > start]
    paragraphs = []
    begin = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        paragraphs.append(_trim(text, begin, match.start()))
        begin = match.end()
    paragraphs.append(_trim(text, begin, len(text)))
    return [Turn(start, end) for start, end in paragraphs if end > start]


def mark_interviewers(turns: Sequence[Turn], interviewers: Collection[str]) -> list[Turn]:
    """Return the turns with `is_interviewer` set for these names and the known labels.

    A name matches a speaker label case-insensitively (spaces collapsed) when they are equal or
    when one is the other's first name: `Karin Ek` matches `Karin`, and `Karin` matches `Karin Ek`.
    """
    names = _Names(interviewers)
    return [replace(turn, is_interviewer=names.is_interviewer(turn.speaker)) for turn in turns]


def is_interviewer_label(speaker: str) -> bool:
    """Whether a speaker label is a known interviewer label (`I`, `Intervjuare`, `Q` …)."""
    return _key(speaker) in INTERVIEWER_LABELS


def parse_timestamp(stamp: str) -> float:
    """Seconds of a transcript timestamp: `H:MM:SS`, `MM:SS`, `M:SS`, with `.mmm`/`,mmm`."""
    seconds = 0.0
    for part in stamp.strip("[]()").replace(",", ".").split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


class _Names:
    """Interviewer names given by the user, for matching speaker labels."""

    def __init__(self, names: Iterable[str]) -> None:
        self.full = frozenset(_key(name) for name in names if name.strip())
        self.first = frozenset(name.split(" ", 1)[0] for name in self.full)

    def matches(self, key: str) -> bool:
        return key in self.full or key in self.first or key.split(" ", 1)[0] in self.full

    def is_interviewer(self, speaker: str | None) -> bool:
        if speaker is None:
            return False
        key = _key(speaker)
        return key in INTERVIEWER_LABELS or self.matches(key)

    def is_known(self, key: str) -> bool:
        return key in INTERVIEWER_LABELS or key in RESPONDENT_LABELS or self.matches(key)


def _key(label: str) -> str:
    """A label as compared: case-folded, spaces collapsed, a trailing dot dropped."""
    return " ".join(label.split()).casefold().rstrip(".")


def _candidates(padded: str, pattern: re.Pattern[str], *, bare: bool) -> list[_Marker]:
    """Lines matching a speaker shape whose name looks like a name and not like a field."""
    candidates = []
    for match in pattern.finditer(padded):
        name = " ".join(match["name"].split())
        if not _looks_like_name(name):
            continue
        stamp = match["ts1"] or match["ts2"] or match["ts3"]
        timestamp = parse_timestamp(stamp) if stamp else None
        candidate = _Marker(match.start(), match.end() - 1, name, timestamp, bare and not stamp)
        candidates.append(candidate)
    return candidates


def _looks_like_name(name: str) -> bool:
    """Capitalised words (or numbers, or particles), not a field, heading or answer."""
    first, *rest = name.split(" ")
    if not first[0].isupper() or _key(name) in _NOT_SPEAKERS:
        return False
    return all(word[0].isupper() or word[0].isdigit() or word in _PARTICLES for word in rest)


def _speaker_markers(
    text: str, padded: str, candidates: list[_Marker], names: _Names
) -> list[_Marker]:
    """The candidates that start turns, or [] when they do not make a transcript."""
    candidates = _without_said(text, candidates)
    counts = Counter(m.key for m in candidates)

    def counts_once(marker: _Marker) -> bool:
        return not marker.bare and names.is_known(marker.key)

    def is_speaker(marker: _Marker) -> bool:
        return counts[marker.key] >= 2 or counts_once(marker)

    markers = [m for m in candidates if is_speaker(m)]
    if _speakers(markers) >= 2 and all(m.timestamp is not None for m in markers):
        markers = [m for m in candidates if is_speaker(m) or m.timestamp is not None]
    markers = _without_header_block(text, _without_header(text, markers, counts))
    if len(markers) < 2 or _speakers(markers) < 2:
        return []
    vouched = any(m.timestamp is not None or counts_once(m) for m in markers)
    body_lines = sum(1 for _ in _NON_EMPTY_LINE.finditer(padded, markers[0].line_start))
    return markers if vouched or 10 * len(markers) >= body_lines else []


def _without_said(text: str, candidates: list[_Marker]) -> list[_Marker]:
    """Drop bare name lines that follow a speaker line directly: they are what was said."""
    kept: list[_Marker] = []
    for marker in candidates:
        follows_speaker = kept and not _NON_SPACE.search(
            text, kept[-1].content_start, marker.line_start
        )
        if not (marker.bare and follows_speaker):
            kept.append(marker)
    return kept


def _without_header(text: str, markers: list[_Marker], counts: Counter[str]) -> list[_Marker]:
    """Drop leading markers that are fields of a header block, such as `Intervjuare: Karin Ek`.

    Those are the leading markers followed by a short value (a name of two words or more, a
    date or number, or several short lines) rather than by speech. They are a header when a
    title precedes them, when a value has a number or more lines (`Datum: …`), or when none of
    their labels is used again. Turns by at least two speakers always remain.
    """
    values = []
    # The last marker is never a field: at least one turn must follow a header.
    for marker, end in zip(markers, [m.line_start for m in markers[1:]], strict=False):
        value = text[marker.content_start : end].strip()
        if not _is_field_value(value):
            break
        values.append(value)
    header = markers[: len(values)]
    titled = bool(markers) and _NON_SPACE.search(text, 0, markers[0].line_start) is not None
    numbered = any("\n" in value or _DIGIT.search(value) for value in values)
    once = all(counts[m.key] == 1 for m in header)
    rest = markers[len(header) :]
    if (titled or numbered or once) and _speakers(rest) >= 2:
        return rest
    return markers


def _without_header_block(text: str, markers: list[_Marker]) -> list[_Marker]:
    """Drop the markers of a header block that shares labels with the turns.

    The header block is the lines up to the first blank line, when they start with something
    other than a turn (a title, `Datum: …`) and turns of two speakers follow. This catches
    fields that share a label with the turns (`Respondent: Sarah Olsson, …` above
    `Respondent:` turns) or run on into notes, which `_without_header` takes for speech.
    """
    first = _first_line_start(text)
    blank = _BLANK_LINE.search(text, first)
    if blank is None or not markers or markers[0].line_start == first:
        return markers
    rest = [m for m in markers if m.line_start >= blank.end()]
    return rest if _speakers(rest) >= 2 else markers


def _first_line_start(text: str) -> int:
    """Where the first non-blank line of the text starts."""
    found = _NON_SPACE.search(text)
    return 0 if found is None else text.rfind("\n", 0, found.start()) + 1


def _is_field_value(value: str) -> bool:
    """Whether the text after a label reads as a header value rather than as speech."""
    lines = value.split("\n")
    if not value or any(len(line.split()) > 6 or _SENTENCE_END.search(line) for line in lines):
        return False
    return len(lines) > 1 or _DIGIT.search(value) is not None or len(value.split()) >= 2


def _timestamp_markers(padded: str) -> list[_Marker]:
    """Shape 3: lines starting with a timestamp, when at least half the non-empty lines do."""
    markers = [
        _Marker(m.start(), m.end() - 1, None, parse_timestamp(m["ts1"]), bare=False)
        for m in _TIMESTAMP_LINE.finditer(padded)
    ]
    if len(markers) < 2:
        return []
    non_empty = sum(1 for _ in _NON_EMPTY_LINE.finditer(padded))
    return markers if 2 * len(markers) >= non_empty else []


def _turns(text: str, markers: list[_Marker], names: _Names) -> list[Turn]:
    """A turn per marker: what follows it up to the next marker's line, trimmed."""
    ends = [m.line_start for m in markers[1:]] + [len(text)]
    return [
        Turn(
            *_trim(text, marker.content_start, end),
            speaker=marker.speaker,
            timestamp=marker.timestamp,
            is_interviewer=names.is_interviewer(marker.speaker),
        )
        for marker, end in zip(markers, ends, strict=False)  # no markers: one end, no turn
    ]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without leading and trailing whitespace (empty at `start` if only whitespace)."""
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return start, start
    begin = start + len(chunk) - len(chunk.lstrip())
    return begin, begin + len(stripped)
