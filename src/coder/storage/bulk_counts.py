"""Bulk writes of suggestions without per-row counting (migration 0006), then one recount.

The triggers of migration 0005 keep the report counts right row by row, at some 45 µs a
coding: fine for a person coding, too slow for the thousands of rule suggestions an import
stores. While a source is listed in `bulk_sources`, inserting a coding of it leaves the counts
alone; `ADD_COUNTS` then adds all of those sources' codings to the counts at once, with the
same queries that filled them in 0005, and the sources are taken off the list (coder.storage.
bulk_masks.RECOUNT, which since migration 0009 also works out their sentence masks). Both
happen in the writer's transaction, so a crash leaves neither a listed source nor a missing
count.

`STATEMENTS` is the SQL of a migration: never change it; change the schema with a new migration.
"""

from __future__ import annotations

from coder.storage.kept_counts import (
    _COUNTED,
    _IN_SENTENCES,
    _SENTENCE_COLUMNS,
    _TALLIED,
    _count_sentences,
    _on_coding,
    _tally,
)

_NOT_BULK = " AND NOT EXISTS (SELECT 1 FROM bulk_sources b WHERE b.source_id = {row}.source_id)"


def _unless_bulk(trigger: str) -> str:
    """A trigger of 0005 that does nothing for a coding of a source in bulk."""
    return trigger.replace(" BEGIN ", _NOT_BULK.format(row="NEW") + " BEGIN ", 1)


_SENTENCES = _on_coding("sentences", _SENTENCE_COLUMNS, _IN_SENTENCES, _count_sentences)

STATEMENTS = (
    "CREATE TABLE bulk_sources (source_id INTEGER PRIMARY KEY)",
    "DROP TRIGGER codings_tally_on_insert",
    "DROP TRIGGER codings_sentences_on_insert",
    "DROP TRIGGER codings_sentences_on_update",
    _unless_bulk(_on_coding("tally", _TALLIED, _COUNTED, _tally)[0]),
    _unless_bulk(_SENTENCES[0]),
    # Migration 0003's trigger sets a new coding's sentences by an update just after the
    # insert: that update must pass over codings in bulk too.
    _unless_bulk(_SENTENCES[2]),
)
"""The list of sources in bulk, and the triggers that pass over their new codings."""

_IN_BULK = "source_id IN (SELECT source_id FROM bulk_sources)"

ADD_COUNTS = (
    "INSERT INTO code_tallies SELECT code_id, source_id, IFNULL(coder_id, 0),"
    " SUM(status = 'accepted'), SUM(status = 'pending') FROM codings"
    f" WHERE {_COUNTED.format(row='codings')} AND {_IN_BULK} GROUP BY 1, 2, 3"
    " ON CONFLICT DO UPDATE"
    " SET accepted = accepted + excluded.accepted, pending = pending + excluded.pending",
    "INSERT INTO sentence_code_counts"
    " SELECT c.source_id, g.idx, n.number, IFNULL(c.coder_id, 0), SUM(c.status = 'accepted'),"
    " SUM(c.status = 'pending')"
    " FROM codings c JOIN code_numbers n ON n.code_id = c.code_id"
    " JOIN segments g ON g.source_id = c.source_id"
    " AND g.idx BETWEEN c.first_segment AND c.last_segment"
    f" WHERE {_IN_SENTENCES.format(row='c')} AND c.{_IN_BULK} GROUP BY 1, 2, 3, 4"
    " ON CONFLICT DO UPDATE"
    " SET accepted = accepted + excluded.accepted, pending = pending + excluded.pending",
)
"""Add the listed sources' codings to the counts (coder.storage.bulk_masks.RECOUNT runs these,
then works out the masks and ends the bulk)."""
