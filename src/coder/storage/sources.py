"""Sources, their attributes, turns and sentence segments, and full-text search over them."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Mapping

from coder.domain.source import ParsedSource, SearchHit, SegmentView, SourceSummary
from coder.domain.text import clean_label
from coder.errors import SearchError
from coder.storage.db import now
from coder.storage.events import Change, record


def source_names(conn: sqlite3.Connection) -> set[str]:
    """Names of every source in the project."""
    return {row[0] for row in conn.execute("SELECT name FROM sources")}


def names_by_hash(conn: sqlite3.Connection) -> dict[str, str]:
    """Content hash → source name, to recognise text imported before."""
    return {row[0]: row[1] for row in conn.execute("SELECT content_hash, name FROM sources")}


def source_id(conn: sqlite3.Connection, name: str) -> int | None:
    """The row id of the source called `name`, or None."""
    row = conn.execute("SELECT id FROM sources WHERE name = ?", [name]).fetchone()
    return None if row is None else int(row[0])


def source_text(conn: sqlite3.Connection, name: str) -> str | None:
    """The full text of a source, or None when there is no such source."""
    row = conn.execute("SELECT text FROM sources WHERE name = ?", [name]).fetchone()
    return None if row is None else str(row[0])


def insert_source(conn: sqlite3.Connection, source: ParsedSource, change: Change) -> int:
    """Store a parsed source with its attributes, turns, segments and search index."""
    cursor = conn.execute(
        "INSERT INTO sources (name, kind, language, text, content_hash, origin, file_format,"
        " words, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            source.name,
            source.kind.value,
            source.language,
            source.text,
            source.content_hash,
            source.origin,
            source.file_format,
            source.words,
            now(),
            change.coder,
        ],
    )
    new_id = int(cursor.lastrowid or 0)
    set_attributes(conn, new_id, source.attributes)
    _insert_turns_and_segments(conn, new_id, source)
    record(
        conn,
        batch=change.batch,
        coder=change.coder,
        action="source.import",
        entity="source",
        entity_id=source.name,
        before=None,
        after={
            "name": source.name,
            "kind": source.kind.value,
            "origin": source.origin,
            "content_hash": source.content_hash,
            "words": source.words,
        },
        undoable=False,
    )
    return new_id


def _insert_turns_and_segments(conn: sqlite3.Connection, sid: int, source: ParsedSource) -> None:
    # Ids are assigned here, inside the write transaction, so rows go in with executemany.
    first_turn = _next_id(conn, "turns")
    first_segment = _next_id(conn, "segments")
    turn_rows: list[tuple[object, ...]] = []
    segment_rows: list[tuple[int, ...]] = []
    fts_rows: list[tuple[int, str]] = []
    text = source.text
    for t_index, (turn, sentences) in enumerate(zip(source.turns, source.sentences, strict=True)):
        turn_id = first_turn + t_index
        turn_rows.append(
            (
                turn_id,
                sid,
                t_index,
                turn.speaker,
                turn.timestamp,
                turn.start,
                turn.end,
                int(turn.is_interviewer),
            )
        )
        for sentence in sentences:
            segment_id = first_segment + len(segment_rows)
            segment_rows.append(
                (segment_id, sid, turn_id, len(segment_rows), sentence.start, sentence.end)
            )
            fts_rows.append((segment_id, text[sentence.start : sentence.end]))
    conn.executemany(
        'INSERT INTO turns (id, source_id, idx, speaker, timestamp, start, "end", is_interviewer)'
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        turn_rows,
    )
    conn.executemany(
        'INSERT INTO segments (id, source_id, turn_id, idx, start, "end")'
        " VALUES (?, ?, ?, ?, ?, ?)",
        segment_rows,
    )
    conn.executemany("INSERT INTO segments_fts (rowid, text) VALUES (?, ?)", fts_rows)


def _next_id(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT IFNULL(MAX(id), 0) + 1 FROM {table}").fetchone()[0])


def set_attributes(conn: sqlite3.Connection, sid: int, attributes: Mapping[str, str]) -> None:
    """Set (add or replace) attributes of a source; an empty value removes the attribute."""
    attributes = {clean_label(k): clean_label(v) for k, v in attributes.items()}
    conn.executemany(
        "INSERT INTO attributes (source_id, key, value) VALUES (?, ?, ?)"
        " ON CONFLICT (source_id, key) DO UPDATE SET value = excluded.value",
        [(sid, k, v) for k, v in attributes.items() if v != ""],
    )
    conn.executemany(
        "DELETE FROM attributes WHERE source_id = ? AND key = ?",
        [(sid, k) for k, v in attributes.items() if v == ""],
    )


def attributes_by_source(conn: sqlite3.Connection) -> dict[str, dict[str, str]]:
    """Every source's attributes, keyed by source name (sources without any included)."""
    result: dict[str, dict[str, str]] = {name: {} for name in source_names(conn)}
    for name, key, value in conn.execute(
        "SELECT s.name, a.key, a.value FROM attributes a JOIN sources s ON s.id = a.source_id"
        " ORDER BY s.name, a.key"
    ):
        result[name][key] = value
    return result


def list_sources(conn: sqlite3.Connection) -> list[SourceSummary]:
    """Every source with its size, speakers, attributes and number of accepted codings."""
    attributes = attributes_by_source(conn)
    speakers: dict[int, list[str]] = defaultdict(list)
    for sid, speaker in conn.execute(
        "SELECT source_id, speaker FROM turns WHERE speaker IS NOT NULL"
        " GROUP BY source_id, speaker ORDER BY source_id, MIN(idx)"
    ):
        speakers[sid].append(speaker)
    rows = conn.execute(
        "SELECT s.*, (SELECT COUNT(*) FROM turns t WHERE t.source_id = s.id) AS turn_count,"
        " (SELECT COUNT(*) FROM codings c WHERE c.source_id = s.id AND c.status = 'accepted')"
        " AS coding_count FROM sources s ORDER BY s.name"
    ).fetchall()
    return [
        SourceSummary(
            name=row["name"],
            kind=row["kind"],
            language=row["language"],
            words=row["words"],
            turns=row["turn_count"],
            speakers=tuple(speakers.get(row["id"], [])),
            attributes=attributes.get(row["name"], {}),
            codings=row["coding_count"],
            origin=row["origin"],
            file_format=row["file_format"],
            imported_at=row["imported_at"],
        )
        for row in rows
    ]


def segments_of(conn: sqlite3.Connection, name: str) -> list[SegmentView]:
    """The sentences of a source in order, with their turn, speaker and timestamp."""
    text = source_text(conn, name) or ""
    rows = conn.execute(
        'SELECT g.idx, t.idx AS turn, t.speaker, t.timestamp, g.start, g."end", t.is_interviewer'
        " FROM segments g JOIN turns t ON t.id = g.turn_id JOIN sources s ON s.id = g.source_id"
        " WHERE s.name = ? ORDER BY g.idx",
        [name],
    ).fetchall()
    return [
        SegmentView(
            index=row[0],
            turn=row[1],
            speaker=row[2],
            timestamp=row[3],
            start=row[4],
            end=row[5],
            text=text[row[4] : row[5]],
            is_interviewer=bool(row[6]),
        )
        for row in rows
    ]


def search(conn: sqlite3.Connection, fts_query: str, *, limit: int) -> list[SearchHit]:
    """Sentences matching an FTS5 query, best match first."""
    try:
        rows = conn.execute(
            'SELECT s.name, g.idx, t.speaker, t.timestamp, g.start, g."end", f.text'
            " FROM segments_fts f JOIN segments g ON g.id = f.rowid"
            " JOIN turns t ON t.id = g.turn_id JOIN sources s ON s.id = g.source_id"
            " WHERE segments_fts MATCH ? ORDER BY f.rank, s.name, g.idx LIMIT ?",
            [fts_query, limit],
        ).fetchall()
    except sqlite3.OperationalError as error:
        raise SearchError(
            f"cannot search for {fts_query!r}: {error}",
            "quote the words, e.g. '\"t.ex.\"', or use plain words and * for a prefix",
        ) from error
    return [SearchHit(*row) for row in rows]


def update_attributes(
    conn: sqlite3.Connection, name: str, values: Mapping[str, str], change: Change
) -> None:
    """Set attributes of an existing source (empty values remove), recorded for the audit trail."""
    sid = source_id(conn, name)
    before = dict(
        conn.execute("SELECT key, value FROM attributes WHERE source_id = ?", [sid]).fetchall()
    )
    set_attributes(conn, int(sid or 0), values)
    after = dict(
        conn.execute("SELECT key, value FROM attributes WHERE source_id = ?", [sid]).fetchall()
    )
    if before != after:
        record(
            conn,
            batch=change.batch,
            coder=change.coder,
            action="attributes.set",
            entity="source",
            entity_id=name,
            before=before,
            after=after,
            undoable=False,
        )


def source_length(conn: sqlite3.Connection, name: str) -> tuple[int, int] | None:
    """(row id, length of the text in code points) of a source, or None."""
    row = conn.execute("SELECT id, length(text) FROM sources WHERE name = ?", [name]).fetchone()
    return None if row is None else (int(row[0]), int(row[1]))
