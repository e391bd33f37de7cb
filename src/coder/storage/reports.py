"""The SQL behind summaries, matrices, co-occurrence and quotes: aggregates, never every coding.

A project may hold a million codings, so counting happens here, in SQL, over the small tables
that triggers keep up to date (coder.storage.kept_counts): codings per code and source, and the
codes on each sentence as bit masks. What comes back is small; the services build their tables
from it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from coder.storage.db import marks, plain_rows

MASK_BITS = 62
"""Groups of codes per mask column: bits of a signed 64-bit integer that sums keep positive."""


@dataclass(frozen=True)
class CodingFilter:
    """Which codings count: their statuses, one coder's only, some sources, some codes.

    None means no restriction; an empty tuple of sources or codes matches nothing.
    """

    statuses: tuple[str, ...] = ("accepted",)
    coder_id: int | None = None
    source_ids: tuple[int, ...] | None = None
    code_ids: tuple[str, ...] | None = None

    def where(self, alias: str = "") -> tuple[str, list[object]]:
        """The WHERE condition (without the keyword) and its parameters."""
        column = f"{alias}." if alias else ""
        clauses = [f"{column}status IN ({marks(self.statuses)})"]
        params: list[object] = list(self.statuses)
        if self.coder_id is not None:
            clauses.append(f"{column}coder_id = ?")
            params.append(self.coder_id)
        if self.source_ids is not None:
            clauses.append(f"{column}source_id IN ({marks(self.source_ids)})")
            params.extend(self.source_ids)
        if self.code_ids is not None:
            clauses.append(f"{column}code_id IN ({marks(self.code_ids)})")
            params.extend(self.code_ids)
        return " AND ".join(clauses), params


def _kept(where: CodingFilter) -> tuple[str, ...]:
    """The kept count columns that add up to the codings `where` lets count."""
    kept = ("accepted", "pending")
    if not set(where.statuses) <= set(kept):
        raise ValueError(f"counts are kept for {', '.join(kept)} codings, not {where.statuses}")
    return where.statuses


def _kept_where(where: CodingFilter, *, any_coder: str | None) -> tuple[str, list[object]]:
    """The WHERE condition on a kept table for the coder and sources of `where`.

    `any_coder` is the condition when every coder counts (None: no condition).
    """
    clauses: list[str] = []
    params: list[object] = []
    if where.coder_id is not None:
        clauses.append("coder_key = ?")
        params.append(where.coder_id)
    elif any_coder is not None:
        clauses.append(any_coder)
    if where.source_ids is not None:
        clauses.append(f"source_id IN ({marks(where.source_ids)})")
        params.extend(where.source_ids)
    return " AND ".join(clauses) or "1", params


def code_source_counts(conn: sqlite3.Connection, where: CodingFilter) -> list[tuple[str, int, int]]:
    """(code id, source id, codings) for every code and source with codings that count."""
    total = " + ".join(_kept(where)) or "0"
    condition, params = _kept_where(where, any_coder=None)
    if where.code_ids is not None:
        condition += f" AND code_id IN ({marks(where.code_ids)})"
        params.extend(where.code_ids)
    return [
        (str(code_id), int(source_id), int(count))
        for code_id, source_id, count in plain_rows(
            conn,
            f"SELECT code_id, source_id, SUM({total}) FROM code_tallies WHERE {condition}"
            f" GROUP BY code_id, source_id HAVING SUM({total}) > 0",
            params,
        )
    ]


def _group_value(codes: list[tuple[str, int]], params: list[object]) -> str:
    """A CASE that gives each code's value; a balanced search over the ids, sorted.

    Python orders strings by code point, which is SQLite's BINARY order of their UTF-8 bytes.
    Codes not listed give 0.
    """
    if len(codes) == 1:
        params.extend([codes[0][0], codes[0][1]])
        return "CASE WHEN code_id = ? THEN ? ELSE 0 END"
    middle = len(codes) // 2
    params.append(codes[middle][0])
    low = _group_value(codes[:middle], params)
    high = _group_value(codes[middle:], params)
    return f"CASE WHEN code_id < ? THEN {low} ELSE {high} END"


def _mask_values(groups: Sequence[Sequence[str]], params: list[object]) -> list[str]:
    """Per 62 groups, an expression giving a coding's bit: 1 << b for the group b it is in.

    Groups must not share codes: a sum of distinct bits is their OR only if each is one bit.
    """
    expressions = []
    for first in range(0, len(groups), MASK_BITS):
        values: dict[str, int] = {}
        for bit, group in enumerate(groups[first : first + MASK_BITS]):
            for code in group:
                if code in values:
                    raise ValueError(f"code {code!r} is in more than one group")
                values[code] = 1 << bit
        expressions.append(_group_value(sorted(values.items()), params) if values else "0")
    return expressions or ["0"]


def code_numbers(conn: sqlite3.Connection) -> dict[str, int]:
    """Each code's number: its bit in sentence masks is number % 62 of mask word number // 62."""
    return {str(code): int(n) for code, n in plain_rows(conn, "SELECT * FROM code_numbers", [])}


def sentence_codes(conn: sqlite3.Connection, where: CodingFilter) -> Iterator[tuple[int, ...]]:
    """The codes on each coded sentence: (source id, sentence index, word, mask) rows.

    One row per sentence and word of 62 codes: bit b of word w stands for the code numbered
    62·w + b (`code_numbers`), set when a coding that `where` lets count touches the sentence.
    Codes are not narrowed here (the caller picks the bits it wants). Codings outside every
    sentence are left out (see `outside_masks`). The rows come as the query yields them, for
    numpy to take up directly.
    """
    mask = " | ".join(_kept(where)) or "0"
    condition, params = _kept_where(where, any_coder="coder_key = -1")
    cursor = conn.cursor()
    cursor.row_factory = None
    return cursor.execute(
        f"SELECT source_id, segment, word, {mask} FROM sentence_code_masks"
        f" WHERE {condition} AND ({mask}) <> 0",
        params,
    )


def sentences_per_source(
    conn: sqlite3.Connection, where: CodingFilter, groups: Sequence[Mapping[int, int]]
) -> list[tuple[int, ...]]:
    """(source id, sentences per group…): in how many sentences of each source a group is.

    A group is the bits of its codes by mask word ({word: mask}, see `sentence_codes`); it is
    in a sentence where one of them is set. Counted in SQL, so only a row per source comes back.
    """
    if not groups:
        return []
    mask = " | ".join(_kept(where)) or "0"
    tests = [
        " OR ".join(f"(word = {int(w)} AND (({mask}) & {int(m)}) <> 0)" for w, m in group.items())
        or "0"
        for group in groups
    ]
    condition, params = _kept_where(where, any_coder="coder_key = -1")
    table = "sentence_code_masks"
    if any(len(group) > 1 for group in groups):
        # A group over several words could be found in two rows of one sentence: one per sentence.
        found = ", ".join(f"MAX({test}) AS g{i}" for i, test in enumerate(tests))
        table = f"(SELECT source_id, {found} FROM {table} WHERE {condition} GROUP BY 1, segment)"
        tests, condition = [f"g{i}" for i in range(len(groups))], "1"
    sums = ", ".join(f"SUM({test})" for test in tests)
    return plain_rows(
        conn, f"SELECT source_id, {sums} FROM {table} WHERE {condition} GROUP BY source_id", params
    )


def outside_masks(
    conn: sqlite3.Connection, where: CodingFilter, groups: Sequence[Sequence[str]]
) -> list[tuple[int, ...]]:
    """(source id, coding id, masks…) of codings outside every sentence (a header line)."""
    params: list[object] = []
    masks = _mask_values(groups, params)
    condition, where_params = where.where()
    return plain_rows(
        conn,
        f"SELECT source_id, id, {', '.join(masks)} FROM codings INDEXED BY codings_outside"
        f" WHERE first_segment IS NULL AND {condition}",
        [*params, *where_params],
    )


def segment_counts(conn: sqlite3.Connection) -> dict[int, int]:
    """Number of sentences (segments) of every source that has any, by source id."""
    rows = plain_rows(conn, "SELECT source_id, COUNT(*) FROM segments GROUP BY source_id", [])
    return {int(source_id): int(count) for source_id, count in rows}


def segment_turns(conn: sqlite3.Connection) -> Iterator[tuple[int]]:
    """(turn id,) of every sentence, in source id and sentence order, as the query yields them."""
    cursor = conn.cursor()
    cursor.row_factory = None
    return cursor.execute("SELECT turn_id FROM segments ORDER BY source_id, idx")


@dataclass(frozen=True, slots=True)
class SourceRow:
    """A source as reports see it: id, name and kind."""

    id: int
    name: str
    kind: str


def sources(conn: sqlite3.Connection) -> list[SourceRow]:
    """Every source, by name."""
    rows = plain_rows(conn, "SELECT id, name, kind FROM sources ORDER BY name", [])
    return [SourceRow(int(row[0]), str(row[1]), str(row[2])) for row in rows]


def attribute_keys(conn: sqlite3.Connection) -> list[str]:
    """The attribute keys that some source has, sorted."""
    rows = plain_rows(conn, "SELECT DISTINCT key FROM attributes ORDER BY key", [])
    return [str(row[0]) for row in rows]


def attribute_values(conn: sqlite3.Connection, key: str) -> dict[int, str]:
    """Each source's value of one attribute, by source id (sources without it left out)."""
    rows = plain_rows(conn, "SELECT source_id, value FROM attributes WHERE key = ?", [key])
    return {int(source_id): str(value) for source_id, value in rows}


def coder_names(conn: sqlite3.Connection) -> dict[str, int]:
    """Every coder of the project: name → id."""
    return {
        str(name): int(id_) for id_, name in plain_rows(conn, "SELECT id, name FROM coders", [])
    }


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """A coding as a quote: where it is, who speaks, its code, text and memo."""

    coding_id: int
    source_id: int
    source: str
    speaker: str | None
    is_interviewer: bool
    start: int
    end: int
    code_id: str
    coder: str | None
    status: str
    exemplar: bool
    text: str
    memo: str | None


def quotes(conn: sqlite3.Connection, where: CodingFilter) -> list[QuoteRow]:
    """The codings that count with their text, the speaker of their first sentence and memos.

    In source name and text order. The text is cut out by SQLite (code points, as offsets are),
    so no whole source is read into Python.
    """
    condition, params = where.where("c")
    rows = plain_rows(
        conn,
        "SELECT c.id, c.source_id, s.name, t.speaker, IFNULL(t.is_interviewer, 0), c.start,"
        ' c."end", c.code_id, k.name, c.status, c.exemplar,'
        ' substr(s.text, c.start + 1, c."end" - c.start),'
        " (SELECT group_concat(m.text, '\n\n') FROM memos m WHERE m.coding_id = c.id)"
        " FROM codings c JOIN sources s ON s.id = c.source_id"
        " LEFT JOIN segments g ON g.source_id = c.source_id AND g.idx = c.first_segment"
        " LEFT JOIN turns t ON t.id = g.turn_id LEFT JOIN coders k ON k.id = c.coder_id"
        f' WHERE {condition} ORDER BY s.name, c.start, c."end", c.code_id, c.id',
        params,
    )
    return [
        QuoteRow(
            coding_id=row[0],
            source_id=row[1],
            source=row[2],
            speaker=row[3],
            is_interviewer=bool(row[4]),
            start=row[5],
            end=row[6],
            code_id=row[7],
            coder=row[8],
            status=row[9],
            exemplar=bool(row[10]),
            text=row[11],
            memo=row[12],
        )
        for row in rows
    ]


def code_memos(conn: sqlite3.Connection) -> dict[str, list[tuple[str, str]]]:
    """Memos on codes: code id → [(coder name, text)], oldest first."""
    memos: dict[str, list[tuple[str, str]]] = {}
    for code_id, coder, text in plain_rows(
        conn,
        "SELECT m.code_id, IFNULL(k.name, ''), m.text FROM memos m"
        " LEFT JOIN coders k ON k.id = m.coder_id WHERE m.code_id IS NOT NULL ORDER BY m.id",
        [],
    ):
        memos.setdefault(str(code_id), []).append((str(coder), str(text)))
    return memos


def exemplar_ids(conn: sqlite3.Connection, source: str) -> set[int]:
    """Ids of the codings of a source that are marked as exemplar quotes."""
    rows = conn.execute(
        "SELECT c.id FROM codings c JOIN sources s ON s.id = c.source_id"
        " WHERE s.name = ? AND c.exemplar = 1",
        [source],
    ).fetchall()
    return {int(row[0]) for row in rows}
