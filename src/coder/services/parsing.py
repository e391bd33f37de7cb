"""Turning one file into parsed sources: reading, speaker turns or paragraphs, sentences."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from coder.domain.source import ParsedSource, Sentence, SourceKind, Turn
from coder.domain.suggestion import RuleHit, RuleSuggestion, rule_suggestions
from coder.domain.text import clean_label
from coder.errors import ReadError
from coder.ingest import transcript
from coder.ingest.normalize import content_hash
from coder.ingest.readers import (
    DEFAULT_MAX_BYTES,
    Answer,
    ReadText,
    read_answers,
    read_text_file,
)
from coder.nlp.language import detect_language
from coder.nlp.matcher import turn_rules
from coder.nlp.pipeline import split_sentences

if TYPE_CHECKING:
    from coder.services.importing import ImportOptions


def parse_text_file(path: Path, options: ImportOptions) -> ParsedSource:
    """Read a text, office, PDF or subtitle file into one source."""
    read = read_text_file(path, max_bytes=options.max_bytes or DEFAULT_MAX_BYTES)
    return parse_text(
        read, name=clean_label(path.stem), origin=str(path), options=options, notes=list(read.notes)
    )


def parse_text(
    read: ReadText, *, name: str, origin: str, options: ImportOptions, notes: list[str]
) -> ParsedSource:
    """Segment text that is already read and normalised: turns or paragraphs, sentences.

    Other importers (REFI-QDA projects) build a `ReadText` from the text they carry.
    """
    kind = options.kind
    if read.turns is not None:
        turns = transcript.mark_interviewers(read.turns, options.interviewers)
        kind = kind or SourceKind.INTERVIEW
    else:
        turns, kind = _turns_or_paragraphs(read.text, read.line_paragraphs, kind, options, notes)
    language = _language(read.text, options)
    sentences, suggested = _segmented(language, read.text, turns, options)
    return ParsedSource(
        name=name,
        kind=kind,
        language=language,
        text=read.text,
        content_hash=content_hash(read.text),
        origin=origin,
        file_format=read.file_format,
        turns=turns,
        sentences=sentences,
        attributes=dict(options.attributes),
        notes=notes,
        rule_suggestions=suggested,
    )


def _segmented(
    language: str, text: str, turns: list[Turn], options: ImportOptions
) -> tuple[list[list[Sentence]], list[RuleSuggestion]]:
    """The sentences of each turn, and what the codebook's rules suggest (when import runs them).

    The rules run on the tokens the sentence splitter makes anyway.
    """
    if not options.rules:
        return split_sentences(language, text, turns), []
    rules = turn_rules(language, options.rules, options.forms.get(language))
    # Rule suggestions are for what people said, not for the interviewer's questions.
    asked = {index for index, turn in enumerate(turns) if turn.is_interviewer}
    hits: list[RuleHit] = []
    sentences = split_sentences(
        language,
        text,
        turns,
        on_docs=lambda pieces, docs: hits.extend(rules.hits(pieces, docs, skip=asked)),
    )
    return sentences, rule_suggestions(hits, turns, sentences)


def _turns_or_paragraphs(
    text: str,
    line_paragraphs: bool,
    kind: SourceKind | None,
    options: ImportOptions,
    notes: list[str],
) -> tuple[list[Turn], SourceKind]:
    if kind in (None, SourceKind.INTERVIEW, SourceKind.OBSERVATION):
        turns = transcript.parse_turns(text, interviewers=options.interviewers)
        if turns:
            return turns, kind or SourceKind.INTERVIEW
        if kind is SourceKind.INTERVIEW:
            notes.append("no speaker turns recognised: imported as paragraphs")
    paragraphs = transcript.parse_paragraphs(text, line_paragraphs=line_paragraphs)
    return paragraphs, kind or SourceKind.DOCUMENT


def _language(text: str, options: ImportOptions) -> str:
    return detect_language(text) if options.language == "auto" else options.language


def parse_answers(path: Path, options: ImportOptions) -> list[ParsedSource]:
    """Read a CSV of open-ended answers: one source per answer, or one per file."""
    assert options.text_column is not None
    answers = read_answers(
        path,
        text_column=options.text_column,
        id_column=options.id_column,
        max_bytes=options.max_bytes or DEFAULT_MAX_BYTES,
    )
    answers = [answer for answer in answers if answer.text.strip()]
    if not answers:
        raise ReadError(
            f"{path} has no answers in column {options.text_column!r}",
            "check that --text-column names the column with the text",
        )
    if options.per == "file":
        return [_answers_as_one_source(path, answers, options)]
    kind = options.kind or SourceKind.OTHER
    # One survey file is one language: detect it once over the answers, not per short answer.
    language = _language("\n".join(a.text for a in answers[:2000]), options)
    sources = []
    for answer in answers:
        text = answer.text.strip()
        turns = [Turn(start=0, end=len(text))]
        sentences, suggested = _segmented(language, text, turns, options)
        sources.append(
            ParsedSource(
                name=f"{path.stem}:{answer.id}",
                kind=kind,
                language=language,
                text=text,
                content_hash=content_hash(text),
                origin=f"{path}, row {answer.row}",
                file_format="csv",
                turns=turns,
                sentences=sentences,
                attributes={**answer.attributes, **options.attributes},
                rule_suggestions=suggested,
            )
        )
    return sources


def _answers_as_one_source(
    path: Path, answers: list[Answer], options: ImportOptions
) -> ParsedSource:
    """All answers of a file as paragraphs of one source; the id column names each one."""
    parts: list[str] = []
    turns: list[Turn] = []
    offset = 0
    for answer in answers:
        text = answer.text.strip()
        turns.append(
            Turn(
                start=offset,
                end=offset + len(text),
                speaker=answer.id if options.id_column else None,
            )
        )
        parts.append(text)
        offset += len(text) + 2
    text = "\n\n".join(parts)
    language = _language(text, options)
    sentences, suggested = _segmented(language, text, turns, options)
    dropped = sorted({key for answer in answers for key in answer.attributes})
    notes = (
        [f"columns {', '.join(dropped)} are not kept with one source per file (use --per row)"]
        if dropped
        else []
    )
    return ParsedSource(
        name=path.stem,
        kind=options.kind or SourceKind.OTHER,
        language=language,
        text=text,
        content_hash=content_hash(text),
        origin=str(path),
        file_format="csv",
        turns=turns,
        sentences=sentences,
        attributes=dict(options.attributes),
        notes=notes,
        rule_suggestions=suggested,
    )
