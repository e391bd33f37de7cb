"""Reading files to import: the text of a transcript or document, and answers from a CSV file.

Every format comes out as normalised text (see `normalize`), or as a `ReadError` that names
the file and says what to do; a library's own exception never reaches the user.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from coder.domain.source import Turn
from coder.errors import ReadError
from coder.ingest.normalize import decode, normalize

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
"""Files above this size are refused: a larger one is almost surely not a transcript."""

TEXT_SUFFIXES: frozenset[str] = frozenset(
    {".txt", ".md", ".docx", ".odt", ".pdf", ".rtf", ".vtt", ".srt"}
)
"""The file suffixes `read_text_file` reads."""

_LINE_PARAGRAPHS = frozenset({"docx", "odt", "rtf"})
_CSV_DELIMITERS = (",", ";", "\t")
_MAX_ROWS_NAMED = 5


@dataclass(frozen=True, slots=True)
class ReadText:
    """The text of a file and what its format tells about its structure."""

    text: str
    """The normalised text (`normalize` applied)."""
    file_format: str
    """The format read: "txt", "md", "docx", "odt", "pdf", "rtf", "vtt" or "srt"."""
    line_paragraphs: bool
    """True when every non-empty line is a paragraph (docx, odt, rtf); False when
    paragraphs are blocks separated by blank lines (txt, md, pdf, vtt, srt)."""
    turns: list[Turn] | None
    """The speaker turns built from the cues of a .vtt or .srt file; None for other formats."""
    notes: list[str]
    """Things the user should know about how the file was read."""


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer of an open-ended survey question, a row of a CSV file."""

    row: int
    """The 1-based data row number (the header is row 0), for messages."""
    id: str
    """The value of the id column, or the row number when there is no id column."""
    text: str
    """The normalised answer text; may be empty (the caller skips empty answers)."""
    attributes: dict[str, str]
    """Every other column of the row, empty values left out."""


def read_text_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ReadText:
    """Read the text of a transcript or document in any of the `TEXT_SUFFIXES` formats.

    Raises `ReadError` naming the file when it is too large, of an unsupported type,
    broken, or has no text.
    """
    origin = str(path)
    file_format = _text_format(path)
    data = _read_bytes(path, max_bytes=max_bytes)
    notes: list[str] = []
    turns: list[Turn] | None = None
    if file_format in ("vtt", "srt"):
        from coder.ingest.subtitles import subtitle_turns

        text = normalize(decode(data, origin=origin))
        text, turns = subtitle_turns(text, file_format=file_format, origin=origin, notes=notes)
    else:
        text = normalize(_extract_text(data, file_format, origin, notes))
    if not text.strip():
        raise ReadError(f"{origin} has no text", "check that it is the right file")
    return ReadText(text, file_format, file_format in _LINE_PARAGRAPHS, turns, notes)


def read_answers(
    path: Path,
    *,
    text_column: str,
    id_column: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Answer]:
    """Read the answers of an open-ended question from a CSV file with a header row.

    The delimiter is the one of `,` `;` and tab the header uses most (Swedish Excel writes
    `;`), or the one an Excel `sep=` line names. Raises `ReadError` naming the file for a
    missing column, duplicate or empty ids, or a file that is not CSV.
    """
    origin = str(path)
    text = read_text(path, max_bytes=max_bytes)
    header, records = _csv_records(text, origin)
    text_index = _column_index(header, text_column, origin)
    id_index = None if id_column is None else _column_index(header, id_column, origin)
    answers = [
        _answer(row, cells, header=header, text_index=text_index, id_index=id_index, origin=origin)
        for row, cells in records
    ]
    if id_index is not None:
        _check_unique_ids(answers, header[id_index], origin)
    return answers


def _answer(
    row: int,
    cells: list[str],
    *,
    header: list[str],
    text_index: int,
    id_index: int | None,
    origin: str,
) -> Answer:
    """Make the answer of one CSV row; refuse a row without an id when ids are asked for."""
    answer_id = str(row) if id_index is None else cells[id_index].strip()
    if id_index is not None and not answer_id:
        raise ReadError(
            f"{origin} row {row} has no id in column '{header[id_index]}'",
            "give every row an id, or import without an id column",
        )
    attributes = {
        name: value.strip()
        for index, (name, value) in enumerate(zip(header, cells, strict=True))
        if index not in (text_index, id_index) and name and value.strip()
    }
    return Answer(row, answer_id, cells[text_index].strip(), attributes)


def _text_format(path: Path) -> str:
    """Return the format a file's suffix names; refuse an unsupported suffix."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return suffix[1:]
    supported = ", ".join(sorted(TEXT_SUFFIXES))
    what = f"an unsupported file type ({suffix})" if suffix else "no file suffix"
    hint = "save it as .docx" if suffix == ".doc" else "convert it to one of them"
    raise ReadError(f"{path} has {what}; supported: {supported}", hint)


def read_text(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The normalised text of a plain-text file (a CSV of attributes or codings, say)."""
    return normalize(decode(_read_bytes(path, max_bytes=max_bytes), origin=str(path)))


def _read_bytes(path: Path, *, max_bytes: int) -> bytes:
    """Return the bytes of a file, refusing one above the import limit before reading it."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ReadError(
                f"{path} is {_megabytes(size)}, above the import limit of {_megabytes(max_bytes)}",
                "raise it with --max-size",
            )
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(
            f"{path} cannot be read: {error.strerror or error}",
            "check the path and that you may read the file",
        ) from error
    if not data.strip():
        raise ReadError(f"{path} is empty", "check that it is the right file and was saved")
    return data


def _megabytes(size: int) -> str:
    """Say a size as people do: "200 MB", "50.5 MB"."""
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0") + " MB"


def _extract_text(data: bytes, file_format: str, origin: str, notes: list[str]) -> str:
    """Return the raw text of a document of the given format (not yet normalised)."""
    if file_format in ("txt", "md"):
        return decode(data, origin=origin)
    from coder.ingest import office

    if file_format == "rtf":
        return office.rtf_text(data, origin=origin, notes=notes)
    if file_format == "pdf":
        return office.pdf_text(data, origin=origin, notes=notes)
    if file_format == "docx":
        return office.docx_text(data, origin=origin)
    return office.odt_text(data, origin=origin)


def _csv_records(text: str, origin: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Split CSV text into its header and its non-empty data rows with their row numbers."""
    first_line, _, rest = text.lstrip("\n").partition("\n")
    if len(first_line) == 5 and first_line.startswith("sep="):
        # Excel's own line naming the delimiter, before the header.
        delimiter, text = first_line[-1], rest
    else:
        delimiter = max(_CSV_DELIMITERS, key=first_line.count)
        text = text.lstrip("\n")
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [name.strip() for name in next(rows)]
        records = [(row, cells) for row, cells in enumerate(rows, start=1) if any(cells)]
    except csv.Error as error:
        raise ReadError(
            f"{origin} cannot be read as CSV after row {rows.line_num}: {error}",
            "check the quoting of that row, or save the file again as CSV",
        ) from error
    if not records:
        raise ReadError(f"{origin} has a header but no rows", "check that it is the right file")
    return header, [(row, _fit(cells, header, row, origin)) for row, cells in records]


def _fit(cells: list[str], header: list[str], row: int, origin: str) -> list[str]:
    """Give a row as many cells as the header: pad short rows, drop extra empty cells."""
    if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
        raise ReadError(
            f"{origin} row {row} has {len(cells)} fields but the header has {len(header)}",
            "check the quoting of that row (a delimiter inside an unquoted text?)",
        )
    return (cells + [""] * len(header))[: len(header)]


def _column_index(header: list[str], column: str, origin: str) -> int:
    """Find a column by name; case is ignored when only one column matches."""
    if column in header:
        return header.index(column)
    folded = [index for index, name in enumerate(header) if name.casefold() == column.casefold()]
    if len(folded) == 1:
        return folded[0]
    columns = ", ".join(name for name in header if name)
    raise ReadError(f"{origin} has no column '{column}'", f"its columns are: {columns}")


def _check_unique_ids(answers: list[Answer], column: str, origin: str) -> None:
    """Refuse ids that occur on more than one row, naming the rows."""
    rows_by_id: dict[str, list[int]] = defaultdict(list)
    for answer in answers:
        rows_by_id[answer.id].append(answer.row)
    duplicates = [(answer_id, rows) for answer_id, rows in rows_by_id.items() if len(rows) > 1]
    if duplicates:
        named = "; ".join(
            f"'{answer_id}' in rows {', '.join(map(str, rows))}"
            for answer_id, rows in duplicates[:_MAX_ROWS_NAMED]
        )
        more = (
            f" (and {len(duplicates) - _MAX_ROWS_NAMED} more)"
            if len(duplicates) > _MAX_ROWS_NAMED
            else ""
        )
        raise ReadError(
            f"{origin} has duplicate ids in column '{column}': {named}{more}",
            "ids must be unique; fix the file or import without an id column",
        )
