"""Codings as CSV or JSON (DESIGN.md §4): import checked row by row, export of every coding."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from coder.domain.coding import Coding, Origin, Status
from coder.domain.text import is_blank
from coder.errors import CodingError, ReadError
from coder.services.coding import check_code, check_span
from coder.services.project import Project
from coder.storage import codings as coding_store
from coder.storage import sources as source_store

REQUIRED = ("source", "start", "end", "code", "coder")
OPTIONAL = ("text", "status", "origin", "score", "memo")
COLUMNS = REQUIRED + OPTIONAL
_E = TypeVar("_E", Status, Origin)


@dataclass(frozen=True)
class CodingRow:
    """A checked row of a codings file, ready to store."""

    line: int
    source: str
    start: int
    end: int
    code: str
    coder: str | None
    status: Status
    origin: Origin
    score: float | None
    memo: str


@dataclass(frozen=True)
class CodingsImport:
    """What a codings import did."""

    added: int
    already_there: int


def read_codings(project: Project, path: Path) -> list[CodingRow]:
    """Read and check every row; the first bad row is an error naming it."""
    from coder.ingest.readers import read_text

    reader = csv.DictReader(io.StringIO(read_text(path)))
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise ReadError(
            f"{path} lacks the columns {', '.join(missing)} (it has: {', '.join(columns)})",
            f"a codings file has the columns {', '.join(REQUIRED)} and optionally "
            f"{', '.join(OPTIONAL)}",
        )
    texts: dict[str, str] = {}
    rows = []
    for line, raw in enumerate(reader, start=2):
        values = {(k or "").strip(): (v or "") for k, v in raw.items()}
        try:
            rows.append(_check_row(project, line, values, texts))
        except CodingError as error:
            raise CodingError(f"{path}, line {line}: {error.message}", error.hint) from error
    return rows


def _check_row(
    project: Project, line: int, values: dict[str, str], texts: dict[str, str]
) -> CodingRow:
    source, code = values["source"].strip(), values["code"].strip()
    start, end = _offset(values["start"], "start"), _offset(values["end"], "end")
    check_span(project.conn, source, start, end)
    check_code(project.conn, code)
    if values.get("text"):
        if source not in texts:
            texts[source] = source_store.source_text(project.conn, source) or ""
        found = texts[source][start:end]
        if found != values["text"]:
            raise CodingError(
                f"the text does not match source '{source}' at {start}–{end}: "
                f"the file has {_short(values['text'])}, the source {_short(found)}",
                "fix the offsets or the text; nothing was imported",
            )
    status = _choice(Status, values.get("status") or Status.ACCEPTED.value, "status")
    coder = values["coder"].strip() or None
    if coder is None and status is Status.ACCEPTED:
        coder = project.coder
    return CodingRow(
        line=line,
        source=source,
        start=start,
        end=end,
        code=code,
        coder=coder,
        status=status,
        origin=_choice(Origin, values.get("origin") or Origin.IMPORT.value, "origin"),
        score=_score(values.get("score") or ""),
        memo=values.get("memo") or "",  # as written: an export reads back the same
    )


def import_codings(project: Project, path: Path) -> CodingsImport:
    """Add the codings of a file; all rows are checked first, so a bad row changes nothing."""
    rows = read_codings(project, path)
    conn = project.conn
    added = already = 0
    change = project.new_change()
    with project.transaction():
        for row in rows:
            span = check_span(conn, row.source, row.start, row.end)
            coder = coding_store.coder_id(conn, row.coder) if row.coder else None
            if coding_store.find_coding(
                conn, span.source_id, row.code, start=row.start, end=row.end, coder=coder
            ):
                already += 1
                continue
            new_id = coding_store.insert_coding(
                conn,
                {
                    "source_id": span.source_id,
                    "code_id": row.code,
                    "start": row.start,
                    "end": row.end,
                    "coder_id": coder,
                    "origin": row.origin.value,
                    "status": row.status.value,
                    "score": row.score,
                },
                change,
            )
            if not is_blank(row.memo):
                author = coder or coding_store.coder_id(conn, project.coder)
                coding_store.add_memo(conn, {"coding_id": new_id}, row.memo, author, change)
            added += 1
    return CodingsImport(added=added, already_there=already)


def export_codings(project: Project, *, fmt: str, statuses: tuple[str, ...] = ()) -> str:
    """Every coding (or those of some statuses) as CSV or JSON, with its text."""
    codings = coding_store.list_codings(project.conn, statuses=statuses)
    texts: dict[str, str] = {}
    records = [_record(project, coding, texts) for coding in codings]
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


def _record(project: Project, coding: Coding, texts: dict[str, str]) -> dict[str, object]:
    if coding.source not in texts:
        texts[coding.source] = source_store.source_text(project.conn, coding.source) or ""
    return {
        "source": coding.source,
        "start": coding.start,
        "end": coding.end,
        "code": coding.code,
        "coder": coding.coder or "",
        "text": texts[coding.source][coding.start : coding.end],
        "status": coding.status.value,
        "origin": coding.origin.value,
        "score": "" if coding.score is None else coding.score,
        "memo": coding.memo or "",
    }


def _offset(value: str, name: str) -> int:
    try:
        return int(value.strip())
    except ValueError as error:
        raise CodingError(
            f"{name} {value!r} is not a whole number", "give code-point offsets"
        ) from error


def _score(value: str) -> float | None:
    if not value.strip():
        return None
    try:
        return float(value)
    except ValueError as error:
        raise CodingError(
            f"score {value!r} is not a number", "give a number or leave it empty"
        ) from error


def _choice(kind: type[_E], value: str, name: str) -> _E:
    try:
        return kind(value.strip())
    except ValueError as error:
        valid = ", ".join(member.value for member in kind)
        raise CodingError(f"unknown {name} {value!r}", f"use one of {valid}") from error


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "…")
