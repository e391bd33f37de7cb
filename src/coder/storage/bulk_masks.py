"""Sentence masks of suggestions stored in bulk, worked out once per source (migration 0009).

Migration 0006 lets an import's rule suggestions pass over the counting triggers and be
counted at once (coder.storage.bulk_counts). Their sentence counts then still set mask bits
one count row at a time, through the triggers of migration 0005: some 500,000 rows for 1,000
transcripts, two mask upserts each. Since 0009 those triggers pass over the sources listed in
`bulk_sources` too, and `RECOUNT` works out the masks of the listed sources from their counts
at once, with the grouping that first filled the masks in 0005. As for the counts, the listed
sources must be new: no codings before the bulk write (import lists only the sources it stores).

The migration's SQL must never change; `RECOUNT` runs at every bulk write, on the schema of
the newest migration.
"""

from __future__ import annotations

from coder.storage.bulk_counts import ADD_COUNTS
from coder.storage.kept_counts import _SET_BITS

_NOT_BULK = "NOT EXISTS (SELECT 1 FROM bulk_sources b WHERE b.source_id = NEW.source_id)"
_CHANGED = "((OLD.accepted > 0) <> (NEW.accepted > 0) OR (OLD.pending > 0) <> (NEW.pending > 0))"

STATEMENTS = (
    "DROP TRIGGER sentence_counts_on_insert",
    "DROP TRIGGER sentence_counts_on_update",
    "CREATE TRIGGER sentence_counts_on_insert AFTER INSERT ON sentence_code_counts"
    f" WHEN {_NOT_BULK} BEGIN {_SET_BITS} END",
    "CREATE TRIGGER sentence_counts_on_update AFTER UPDATE ON sentence_code_counts"
    f" WHEN {_CHANGED} AND {_NOT_BULK} BEGIN {_SET_BITS} END",
)
"""The mask triggers of migration 0005, passing over the sources in bulk."""

_LISTED = "source_id IN (SELECT source_id FROM bulk_sources)"

RECOUNT = (
    *ADD_COUNTS,
    "INSERT INTO sentence_code_masks"
    " SELECT coder_key, source_id, segment, code_number / 62,"
    " SUM((accepted > 0) << (code_number % 62)), SUM((pending > 0) << (code_number % 62))"
    f" FROM sentence_code_counts WHERE {_LISTED}"
    " GROUP BY coder_key, source_id, segment, code_number / 62",
    "INSERT INTO sentence_code_masks"
    " SELECT -1, source_id, segment, word, SUM(a), SUM(p) FROM ("
    " SELECT source_id, segment, code_number / 62 AS word,"
    " MAX(accepted > 0) << (code_number % 62) AS a, MAX(pending > 0) << (code_number % 62) AS p"
    f" FROM sentence_code_counts WHERE {_LISTED} GROUP BY source_id, segment, code_number"
    ") GROUP BY source_id, segment, word",
    "DELETE FROM bulk_sources",
)
"""Add the listed sources' codings to the counts, work out their masks, and end the bulk.

The sums add distinct bits: they are ORs."""
