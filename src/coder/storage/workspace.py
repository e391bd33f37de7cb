"""What the coding workspace reads and writes: source overviews, documents, memos, positions."""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass

from coder.domain.document import DocSentence, DocTurn, Document
from coder.domain.text import clean_text
from coder.storage.db import now, plain_rows
from coder.storage.events import Change, delete, update

# --- The Sources screen -------------------------------------------------------------------------

# A turn is coded when an accepted coding overlaps it: some coding starts before the turn ends
# and ends after the turn starts. Sweeping each source in text order, every turn (marked at its
# end) sees the furthest end reached by the codings that start before it; the turn is coded when
# that reach passes its start. Codings starting exactly where a turn ends sort after the turn.
# One sort of turns and codings replaces a query per source or per turn. Sources without an
# accepted coding are left out of the sweep: their share is 0 whatever their turns.
_COVERAGE = """
WITH marks AS (
    SELECT source_id, start AS at, 1 AS is_coding, "end" AS reach, NULL AS turn_start
    FROM codings WHERE status = 'accepted' AND (:coder IS NULL OR coder_id = :coder)
    UNION ALL
    SELECT source_id, "end", 0, NULL, start FROM turns WHERE is_interviewer = 0
    AND source_id IN (
        SELECT source_id FROM codings
        WHERE status = 'accepted' AND (:coder IS NULL OR coder_id = :coder)
    )
), swept AS (
    SELECT source_id, is_coding, turn_start, MAX(reach) OVER (
        PARTITION BY source_id ORDER BY at, is_coding ROWS UNBOUNDED PRECEDING
    ) AS reach
    FROM marks
)
SELECT source_id, COUNT(*), SUM(IFNULL(reach, -1) > turn_start)
FROM swept WHERE is_coding = 0 GROUP BY source_id
"""


@dataclass(frozen=True, slots=True)
class SourceStats:
    """A source's row on the Sources screen, as stored: description and how far it is coded."""

    name: str
    kind: str
    language: str
    words: int
    attributes: dict[str, str]
    turns: int
    """Turns that count for coverage: every turn but the interviewer's (paragraphs: all)."""
    coded_turns: int
    pending: int


def source_stats(conn: sqlite3.Connection, *, coder_id: int | None = None) -> list[SourceStats]:
    """Every source by name with its attributes, coverage and pending suggestions (4 queries).

    With `coder_id`, the coverage is that of this coder's codings only.
    """
    attributes: dict[int, dict[str, str]] = defaultdict(dict)
    for sid, key, value in conn.execute("SELECT source_id, key, value FROM attributes"):
        attributes[sid][key] = value
    coverage = {row[0]: (row[1], row[2]) for row in conn.execute(_COVERAGE, {"coder": coder_id})}
    pending = dict(
        conn.execute(
            "SELECT source_id, COUNT(*) FROM codings WHERE status = 'pending' GROUP BY source_id"
        ).fetchall()
    )
    rows = conn.execute("SELECT id, name, kind, language, words FROM sources ORDER BY name")
    return [
        SourceStats(
            name=name,
            kind=kind,
            language=language,
            words=words,
            attributes=dict(sorted(attributes.get(sid, {}).items())),
            turns=coverage.get(sid, (0, 0))[0],
            coded_turns=coverage.get(sid, (0, 0))[1],
            pending=pending.get(sid, 0),
        )
        for sid, name, kind, language, words in rows
    ]


# --- The coding view ----------------------------------------------------------------------------


def load_document(conn: sqlite3.Connection, name: str) -> Document | None:
    """A source with its turns and sentences, or None when there is no source of that name."""
    source = conn.execute(
        "SELECT id, kind, language, text FROM sources WHERE name = ?", [name]
    ).fetchone()
    if source is None:
        return None
    turn_rows = plain_rows(
        conn,
        'SELECT id, idx, speaker, timestamp, start, "end", is_interviewer FROM turns'
        " WHERE source_id = ? ORDER BY idx",
        [source[0]],
    )
    turn_index = {row[0]: row[1] for row in turn_rows}
    segments = plain_rows(
        conn,
        'SELECT start, "end", turn_id FROM segments WHERE source_id = ? ORDER BY idx',
        [source[0]],
    )
    sentences = tuple(
        DocSentence(index, turn_index[turn_id], start, end)
        for index, (start, end, turn_id) in enumerate(segments)
    )
    per_turn = Counter(turn_id for _, _, turn_id in segments)
    turns: list[DocTurn] = []
    first = 0
    for turn_id, idx, speaker, timestamp, start, end, interviewer in turn_rows:
        count = per_turn.get(turn_id, 0)
        turns.append(DocTurn(idx, speaker, timestamp, start, end, bool(interviewer), first, count))
        first += count
    return Document(name, source[1], source[2], source[3], tuple(turns), sentences)


def code_counts(
    conn: sqlite3.Connection, source_id: int, *, coder_id: int | None = None
) -> dict[str, tuple[int, int]]:
    """Code id → (accepted codings in the source, in the project), for every code.

    With `coder_id`, only this coder's codings are counted.
    """
    counts = {row[0]: [0, 0] for row in conn.execute("SELECT id FROM codes")}
    accepted = "status = 'accepted' AND (:coder IS NULL OR coder_id = :coder)"
    for code_id, count in conn.execute(
        f"SELECT code_id, COUNT(*) FROM codings WHERE {accepted} GROUP BY code_id",
        {"coder": coder_id},
    ):
        counts.setdefault(code_id, [0, 0])[1] = count
    for code_id, count in conn.execute(
        f"SELECT code_id, COUNT(*) FROM codings WHERE source_id = :source AND {accepted}"
        " GROUP BY code_id",
        {"source": source_id, "coder": coder_id},
    ):
        counts.setdefault(code_id, [0, 0])[0] = count
    return {code_id: (here, everywhere) for code_id, (here, everywhere) in counts.items()}


def covering_codings(
    conn: sqlite3.Connection, source_id: int, code_id: str, *, coder_id: int, start: int, end: int
) -> list[tuple[int, int, int]]:
    """(id, start, end) of the coder's accepted codings of a code that contain [start, end)."""
    rows = conn.execute(
        'SELECT id, start, "end" FROM codings WHERE source_id = ? AND code_id = ? AND start <= ?'
        ' AND "end" >= ? AND coder_id = ? AND status = \'accepted\' ORDER BY start, "end"',
        [source_id, code_id, start, end, coder_id],
    ).fetchall()
    return [(row[0], row[1], row[2]) for row in rows]


def find_coder(conn: sqlite3.Connection, name: str) -> int | None:
    """The id of the coder called `name`, or None if they have not worked in the project yet."""
    row = conn.execute("SELECT id FROM coders WHERE name = ?", [name]).fetchone()
    return None if row is None else int(row[0])


def coding_exists(conn: sqlite3.Connection, coding_id: int) -> bool:
    """Whether there is a coding with this id."""
    return conn.execute("SELECT 1 FROM codings WHERE id = ?", [coding_id]).fetchone() is not None


def data_version(conn: sqlite3.Connection) -> int:
    """SQLite's data version: it changes whenever another connection commits to the file."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


# --- Memos --------------------------------------------------------------------------------------

MEMO_COLUMNS = ("coding_id", "source_id", "code_id")
"""The columns of the memos table that point at what a memo is on; all NULL for the project."""


def _memo_where(column: str | None) -> str:
    if column is None:
        return " AND ".join(f"m.{c} IS NULL" for c in MEMO_COLUMNS)
    if column not in MEMO_COLUMNS:
        raise ValueError(f"memos are not on {column!r}")
    return f"m.{column} = ?"


def memo_rows(
    conn: sqlite3.Connection, column: str | None, key: object, coder_id: int | None
) -> list[tuple[int, str]]:
    """(id, text) of the coder's memos on a target, oldest first; `column` None: the project."""
    params = [] if column is None else [key]
    rows = conn.execute(
        f"SELECT m.id, m.text FROM memos m WHERE {_memo_where(column)}"
        " AND IFNULL(m.coder_id, 0) = IFNULL(?, 0) ORDER BY m.id",
        [*params, coder_id],
    ).fetchall()
    return [(row[0], row[1]) for row in rows]


def memos_by_coder(conn: sqlite3.Connection, column: str | None, key: object) -> dict[str, str]:
    """Every coder's memo text on a target, by coder name ("" for no coder), oldest first."""
    params = [] if column is None else [key]
    rows = conn.execute(
        "SELECT IFNULL(k.name, ''), m.text FROM memos m LEFT JOIN coders k ON k.id = m.coder_id"
        f" WHERE {_memo_where(column)} ORDER BY m.id",
        params,
    )
    texts: dict[str, list[str]] = defaultdict(list)
    for coder, text in rows:
        texts[coder].append(text)
    return {coder: "\n\n".join(parts) for coder, parts in texts.items()}


def update_memo(conn: sqlite3.Connection, memo_id: int, text: str, change: Change) -> None:
    """Put new text in a memo (control characters left out), recorded for undo."""
    values = {"text": clean_text(text), "updated_at": now()}
    update(conn, "memo", memo_id, values, change, action="memo.update")


def delete_memo(conn: sqlite3.Connection, memo_id: int, change: Change) -> None:
    """Delete a memo, recorded for undo."""
    delete(conn, "memo", memo_id, change, action="memo.delete")


# --- Where each coder was -----------------------------------------------------------------------


def has_sentence(conn: sqlite3.Connection, source_id: int, sentence: int) -> bool:
    """Whether the source has a sentence with this index."""
    row = conn.execute(
        "SELECT 1 FROM segments WHERE source_id = ? AND idx = ?", [source_id, sentence]
    ).fetchone()
    return row is not None


def save_position(conn: sqlite3.Connection, coder_id: int, source_id: int, sentence: int) -> None:
    """Remember the coder's sentence in a source, as the latest place they were."""
    conn.execute(
        "INSERT INTO positions (coder_id, source_id, sentence, seq, saved_at)"
        " VALUES (?, ?, ?, (SELECT IFNULL(MAX(seq), 0) + 1 FROM positions), ?)"
        " ON CONFLICT (coder_id, source_id) DO UPDATE SET sentence = excluded.sentence,"
        " seq = excluded.seq, saved_at = excluded.saved_at",
        [coder_id, source_id, sentence, now()],
    )


def last_position(conn: sqlite3.Connection, coder_id: int) -> tuple[str, int] | None:
    """(source name, sentence) where the coder was last, or None."""
    row = conn.execute(
        "SELECT s.name, p.sentence FROM positions p JOIN sources s ON s.id = p.source_id"
        " WHERE p.coder_id = ? ORDER BY p.seq DESC LIMIT 1",
        [coder_id],
    ).fetchone()
    return None if row is None else (str(row[0]), int(row[1]))


def source_position(conn: sqlite3.Connection, coder_id: int, source_id: int) -> int | None:
    """The sentence where the coder was in a source, or None."""
    row = conn.execute(
        "SELECT sentence FROM positions WHERE coder_id = ? AND source_id = ?",
        [coder_id, source_id],
    ).fetchone()
    return None if row is None else int(row[0])
