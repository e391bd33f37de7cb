"""Full-text search over the sentences of every source, with a keyword-in-context line per hit."""

from __future__ import annotations

import re
from dataclasses import dataclass

from coder.domain.source import SearchHit
from coder.errors import SearchError
from coder.services.project import Project
from coder.storage import sources as source_store

_TOKEN = re.compile(r'"([^"]*)"\*?|(\S+)')
_OPERATORS = {"OR", "AND", "NOT"}
CONTEXT = 40


@dataclass(frozen=True)
class KwicHit:
    """A search hit and its keyword in context: text before, the matched words, text after."""

    hit: SearchHit
    left: str
    match: str
    right: str


def fts_query(query: str) -> tuple[str, list[str]]:
    """The FTS5 query for what a user typed, and patterns of the words to mark in context.

    Words are matched as words (punctuation inside them is fine: "t.ex."), a trailing * makes a
    prefix, "quoted words" are a phrase, and OR / AND / NOT in capitals work as in FTS5.
    """
    parts: list[str] = []
    terms: list[str] = []
    for match in _TOKEN.finditer(query):
        phrase, word = match.group(1), match.group(2)
        if word in _OPERATORS:
            parts.append(word)
            continue
        raw = phrase if phrase is not None else word
        prefix = match.group(0).endswith("*")
        text = raw.rstrip("*") if phrase is None else raw
        if not re.search(r"\w", text):
            continue
        parts.append('"' + text.replace('"', '""') + '"' + ("*" if prefix else ""))
        terms.append(re.escape(text) + (r"\w*" if prefix else ""))
    if not terms:
        raise SearchError(f"nothing to search for in {query!r}", "give one or more words")
    return " ".join(parts), terms


def search(project: Project, query: str, *, limit: int = 100) -> list[KwicHit]:
    """Sentences that contain the words of `query`, best first, each with its context line."""
    fts, terms = fts_query(query)
    hits = source_store.search(project.conn, fts, limit=limit)
    pattern = re.compile("|".join(sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    return [_kwic(hit, pattern) for hit in hits]


def _kwic(hit: SearchHit, pattern: re.Pattern[str]) -> KwicHit:
    text = " ".join(hit.text.split())
    found = pattern.search(text)
    if found is None:
        return KwicHit(hit, "", text[: 2 * CONTEXT], "")
    left = text[: found.start()]
    right = text[found.end() :]
    left = ("…" + left[-CONTEXT:]) if len(left) > CONTEXT else left
    right = (right[:CONTEXT] + "…") if len(right) > CONTEXT else right
    return KwicHit(hit, left, found.group(0), right)
