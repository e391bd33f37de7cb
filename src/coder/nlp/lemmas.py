"""Fast lowercase lemma tokens of a text, for the features of the suggestion model.

`lemmatizer(language)` gives a function from text to a tuple of lemmas: the text is lowercased,
split into word tokens (maximal runs of letters, digits and `_`; punctuation is dropped), and each
token is mapped through the `lemma_lookup` table of the installed `spacy-lookups-data` — the same
table and the same lowercasing as the lookup lemmatizer of `coder.nlp.pipeline`, so `Pandemins`
becomes `pandemi` and `companies` becomes `company`. Words not in the table (names, new words)
come back lowercased. There is no spaCy tokenizer here: the model needs lemmas of 100,000 units in
well under a second, and a regex plus a memoised lookup gives that. Nothing is downloaded.

Unlike spaCy, a word with an apostrophe or a hyphen is split at it (`didn't` → `didn`, `t`);
the model only needs tokens that repeat consistently, not a linguistic analysis.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache

from coder.domain.source import LANGUAGES
from coder.errors import CoderError

_WORD = re.compile(r"\w+")
"""A word token: letters, digits and `_` (Unicode-aware, so å, ä, ö, é are letters)."""

Lemmatizer = Callable[[str], tuple[str, ...]]
"""A function from a text to its lowercase lemma tokens, in order."""


class _Memo(dict[str, str]):
    """Lowercase word → lemma, filled from the lookup table on first sight of each word.

    The vocabulary of a corpus is small next to its size, so after the first few thousand
    units nearly every lookup is a plain dict hit.
    """

    def __init__(self, table: Mapping[str, str]) -> None:
        super().__init__()
        self._table = table

    def __missing__(self, word: str) -> str:
        found = self._table.get(word, word)
        # The tables map a form to one lemma; a list (some languages) gives its first.
        lemma = found if isinstance(found, str) else str(next(iter(found), word))
        self[word] = lemma
        return lemma


@cache
def function_words(language: str) -> frozenset[str]:
    """The stop words spaCy lists for `language` (och, vara, the, …): they say little alone."""
    if language == "sv":
        from spacy.lang.sv.stop_words import STOP_WORDS
    else:
        from spacy.lang.en.stop_words import STOP_WORDS
    return frozenset(STOP_WORDS)


def lemmatizer(language: str) -> Lemmatizer:
    """The lemma function for `language` ("sv" or "en"); built once, shared, thread-safe.

    Loading a table takes about a second on first use (the Swedish one holds 660,000 forms);
    later calls return the same function at once.
    """
    if language not in LANGUAGES:
        raise CoderError(f"Unknown language {language!r}.", f"Use one of: {', '.join(LANGUAGES)}.")
    return _build(language)


@cache
def _build(language: str) -> Lemmatizer:
    memo = _Memo(_table(language))
    lookup = memo.__getitem__
    findall = _WORD.findall

    def lemmas(text: str) -> tuple[str, ...]:
        return tuple(map(lookup, findall(text.lower())))

    return lemmas


def _table(language: str) -> Mapping[str, str]:
    """The `lemma_lookup` table of the installed spacy-lookups-data for `language`.

    The same tables as the pipelines' lemmatizer, read once per process for both.
    """
    from coder.nlp.pipeline import lemma_table

    return lemma_table(language)
