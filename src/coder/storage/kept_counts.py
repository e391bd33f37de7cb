"""The counts that triggers keep for reports (migration 0005): code tallies, codes per sentence.

Summaries of a million codings must not read every coding, so SQLite keeps small aggregates up
to date on every write of a coding, whatever writes it (the coding view, undo and redo, REFI and
CSV imports, suggestions):

- `code_tallies`: accepted and pending codings per code, source and coder_key (the coder's id;
  0 for none).
- Which codes touch each sentence. Each code has a small number (`code_numbers`; a new code
  takes the lowest free one); its bit in a mask is number % 62 of mask word number / 62, so the
  integer stays positive. `sentence_code_counts` holds per sentence, code and coder_key the
  accepted and pending codings touching the sentence (first_segment..last_segment, migration
  0003); `sentence_code_masks` per coder_key (-1: any coder) and sentence the codes with any,
  as bit masks.

Counts change by taking the old row of a coding away and adding the new one; masks change when
a count becomes or stops being zero; rows that fall to zero go. Rejected codings are not kept,
nor, in the sentence tables, codings outside every sentence. Themes are not stored (a theme's
sentences are those of its codes), so moving codes in the codebook changes nothing here.

This is the SQL of a migration: never change it; change the schema with a new migration.
"""

from __future__ import annotations

from collections.abc import Callable

_COUNTED = "{row}.status IN ('accepted', 'pending')"
_IN_SENTENCES = "{row}.first_segment IS NOT NULL AND " + _COUNTED

SCHEMA = f"""
CREATE TABLE code_tallies (
    code_id TEXT NOT NULL, source_id INTEGER NOT NULL, coder_key INTEGER NOT NULL,
    accepted INTEGER NOT NULL, pending INTEGER NOT NULL, PRIMARY KEY (code_id, source_id, coder_key)
) WITHOUT ROWID;
INSERT INTO code_tallies SELECT code_id, source_id, IFNULL(coder_id, 0), SUM(status = 'accepted'),
    SUM(status = 'pending') FROM codings WHERE {_COUNTED.format(row="codings")} GROUP BY 1, 2, 3;
CREATE TABLE code_numbers (code_id TEXT PRIMARY KEY, number INTEGER NOT NULL UNIQUE) WITHOUT ROWID;
INSERT INTO code_numbers SELECT id, ROW_NUMBER() OVER (ORDER BY rowid) - 1 FROM codes;
CREATE TABLE sentence_code_counts (
    source_id INTEGER NOT NULL, segment INTEGER NOT NULL, code_number INTEGER NOT NULL,
    coder_key INTEGER NOT NULL, accepted INTEGER NOT NULL, pending INTEGER NOT NULL,
    PRIMARY KEY (source_id, segment, code_number, coder_key)
) WITHOUT ROWID;
CREATE TABLE sentence_code_masks (
    coder_key INTEGER NOT NULL, source_id INTEGER NOT NULL, segment INTEGER NOT NULL,
    word INTEGER NOT NULL, accepted INTEGER NOT NULL, pending INTEGER NOT NULL,
    PRIMARY KEY (coder_key, source_id, segment, word)
) WITHOUT ROWID;
INSERT INTO sentence_code_counts
SELECT c.source_id, g.idx, n.number, IFNULL(c.coder_id, 0), SUM(c.status = 'accepted'),
    SUM(c.status = 'pending')
FROM codings c JOIN code_numbers n ON n.code_id = c.code_id
JOIN segments g ON g.source_id = c.source_id AND g.idx BETWEEN c.first_segment AND c.last_segment
WHERE {_IN_SENTENCES.format(row="c")} GROUP BY 1, 2, 3, 4;
INSERT INTO sentence_code_masks
SELECT coder_key, source_id, segment, code_number / 62,
    SUM((accepted > 0) << (code_number % 62)), SUM((pending > 0) << (code_number % 62))
FROM sentence_code_counts GROUP BY coder_key, source_id, segment, code_number / 62;
INSERT INTO sentence_code_masks
SELECT -1, source_id, segment, word, SUM(a), SUM(p) FROM (
    SELECT source_id, segment, code_number / 62 AS word,
        MAX(accepted > 0) << (code_number % 62) AS a, MAX(pending > 0) << (code_number % 62) AS p
    FROM sentence_code_counts GROUP BY source_id, segment, code_number
) GROUP BY source_id, segment, word;
DROP INDEX codings_units
"""
"""Tables filled from the codings there are. The sums add distinct bits: they are ORs. Reports no
longer group codings by their run of sentences, so the index for that goes."""


def _tally(row: str, sign: str) -> str:
    """Add (sign '') or take away (sign '-') a coding from its code's tally."""
    return (
        f"INSERT INTO code_tallies SELECT {row}.code_id, {row}.source_id,"
        f" IFNULL({row}.coder_id, 0), {sign}({row}.status = 'accepted'),"
        f" {sign}({row}.status = 'pending') WHERE {_COUNTED.format(row=row)} ON CONFLICT DO UPDATE"
        " SET accepted = accepted + excluded.accepted, pending = pending + excluded.pending;"
    )


def _count_sentences(row: str, sign: str) -> str:
    """Add (sign '') or take away (sign '-') a coding on every sentence it touches."""
    return (
        "INSERT INTO sentence_code_counts"
        f" SELECT {row}.source_id, g.idx, n.number, IFNULL({row}.coder_id, 0),"
        f" {sign}({row}.status = 'accepted'), {sign}({row}.status = 'pending')"
        f" FROM code_numbers n JOIN segments g ON g.source_id = {row}.source_id"
        f" AND g.idx BETWEEN {row}.first_segment AND {row}.last_segment"
        f" WHERE n.code_id = {row}.code_id AND {_IN_SENTENCES.format(row=row)}"
        " ON CONFLICT DO UPDATE"
        " SET accepted = accepted + excluded.accepted, pending = pending + excluded.pending;"
    )


def _on_coding(
    name: str, columns: tuple[str, ...], counted: str, change: Callable[[str, str], str]
) -> tuple[str, ...]:
    """Triggers on codings for a count that depends on `columns`: take OLD away, add NEW."""
    old, new = (", ".join(f"{row}.{c}" for c in columns) for row in ("OLD", "NEW"))
    return (
        f"CREATE TRIGGER codings_{name}_on_insert AFTER INSERT ON codings"
        f" WHEN {counted.format(row='NEW')} BEGIN {change('NEW', '')} END",
        f"CREATE TRIGGER codings_{name}_on_delete AFTER DELETE ON codings"
        f" WHEN {counted.format(row='OLD')} BEGIN {change('OLD', '-')} END",
        f"CREATE TRIGGER codings_{name}_on_update AFTER UPDATE OF {', '.join(columns)} ON codings"
        f" WHEN ({old}) IS NOT ({new}) BEGIN {change('OLD', '-')} {change('NEW', '')} END",
    )


def _set_bit(coder_key: str, accepted: str, pending: str) -> str:
    """Set the bit of NEW's code in a mask row to whether it has accepted / pending codings."""
    bit = "(1 << (NEW.code_number % 62))"
    return (
        f"INSERT INTO sentence_code_masks VALUES ({coder_key}, NEW.source_id, NEW.segment,"
        f" NEW.code_number / 62, ({accepted}) * {bit}, ({pending}) * {bit}) ON CONFLICT DO UPDATE"
        f" SET accepted = (accepted & ~{bit}) | excluded.accepted,"
        f" pending = (pending & ~{bit}) | excluded.pending;"
    )


def _any_coder(column: str) -> str:
    return (
        "EXISTS (SELECT 1 FROM sentence_code_counts WHERE source_id = NEW.source_id"
        f" AND segment = NEW.segment AND code_number = NEW.code_number AND {column} > 0)"
    )


def _dropped_at_zero(table: str, keys: tuple[str, ...]) -> str:
    match = " AND ".join(f"{key} = NEW.{key}" for key in keys)
    return (
        f"CREATE TRIGGER {table}_on_zero AFTER UPDATE ON {table} WHEN NEW.accepted = 0"
        f" AND NEW.pending = 0 BEGIN DELETE FROM {table} WHERE {match}; END"
    )


_SET_BITS = _set_bit("NEW.coder_key", "NEW.accepted > 0", "NEW.pending > 0")
_SET_BITS += _set_bit("-1", _any_coder("accepted"), _any_coder("pending"))
_TALLIED = ("source_id", "code_id", "coder_id", "status")
_SENTENCE_COLUMNS = (*_TALLIED, "first_segment", "last_segment")

TRIGGERS = (
    "CREATE TRIGGER codes_number_on_insert AFTER INSERT ON codes BEGIN"
    " INSERT OR IGNORE INTO code_numbers VALUES (NEW.id, (SELECT MIN(n) FROM (SELECT 0 AS n"
    " UNION ALL SELECT number + 1 FROM code_numbers) WHERE n NOT IN"
    " (SELECT number FROM code_numbers))); END",
    "CREATE TRIGGER codes_number_on_delete AFTER DELETE ON codes BEGIN"
    " DELETE FROM code_numbers WHERE code_id = OLD.id; END",
    "CREATE TRIGGER codes_number_on_rename AFTER UPDATE OF id ON codes WHEN OLD.id IS NOT NEW.id"
    " BEGIN UPDATE code_numbers SET code_id = NEW.id WHERE code_id = OLD.id; END",
    *_on_coding("tally", _TALLIED, _COUNTED, _tally),
    *_on_coding("sentences", _SENTENCE_COLUMNS, _IN_SENTENCES, _count_sentences),
    "CREATE TRIGGER sentence_counts_on_insert AFTER INSERT ON sentence_code_counts"
    f" BEGIN {_SET_BITS} END",
    "CREATE TRIGGER sentence_counts_on_update AFTER UPDATE ON sentence_code_counts"
    " WHEN (OLD.accepted > 0) <> (NEW.accepted > 0) OR (OLD.pending > 0) <> (NEW.pending > 0)"
    f" BEGIN {_SET_BITS} END",
    _dropped_at_zero("code_tallies", ("code_id", "source_id", "coder_key")),
    _dropped_at_zero("sentence_code_counts", ("source_id", "segment", "code_number", "coder_key")),
    _dropped_at_zero("sentence_code_masks", ("coder_key", "source_id", "segment", "word")),
)
"""The triggers that keep the tables right, created after they are filled."""
