r"""Features of the units the suggestion model classifies: lemma and character n-grams, role, kind.

A `Unit` is one thing to classify — a speaker turn or paragraph, a sentence, a survey answer —
with its lowercase lemmas (one per word token `\w+` of its text, as `coder.nlp.lemmas` gives
them; the caller computes them, since this package does not import `coder.nlp`), the speaker's
role, the source kind, the source it comes from (`group`) and optional sentence `windows`.

`fit_features(units)` learns the feature space from the units' text alone (no labels) and returns
it with the units' matrix; `Features.transform` maps new units into the same space. Columns:

- lemma 1–2-grams, TF-IDF with sublinear tf, rows L2-normalised — the readable features, whose
  names (`Features.words.names`) become the reason of a suggestion;
- character 4–5-grams inside word boundaries of the lowercase text (scikit-learn's `char_wb`),
  TF-IDF likewise and normalised on their own: they catch inflections and compounds
  (`samverkansprojekt`) that the lookup lemmas miss;
- one-hot `role=…` and `kind=…` columns.

Terms seen in fewer than `min_df` units are dropped. Speed matters (100,000 units in a second or
two), so nothing here runs scikit-learn's vectorizers: word ids and bigram codes are numpy
arrays, and the character n-grams of a unit are the product of its word-count row with a
word-type × n-gram matrix, so each distinct word is cut into n-grams once, not once per use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain
from typing import TypeAlias

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

_WORD = re.compile(r"\w+")
"""A word token, as `coder.nlp.lemmas` splits text: the lemmas line up with these tokens."""

Matrix: TypeAlias = sp.csr_matrix
IntArray: TypeAlias = NDArray[np.int64]
FloatArray: TypeAlias = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Unit:
    """One piece of text to classify, with what the features need to know about it.

    `lemmas` are the lowercase lemmas of `text`, one per word token (`coder.nlp.lemmas`);
    `role` is "interviewer", "informant" or "" (documents); `kind` the source kind
    ("interview", "document", "observation", "other"); `group` names the source, so that
    cross-validation never puts one source on both sides. `windows` are optional (start, end)
    character spans inside `text` — its sentences — scored on their own so that a suggestion on
    a long turn can point at the sentence that carries the code.
    """

    text: str
    lemmas: tuple[str, ...]
    role: str = ""
    kind: str = ""
    group: str = ""
    windows: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class FeatureSettings:
    """How units become features; the defaults are the ones the quality benchmark chose."""

    bigrams: bool = True
    """Lemma bigrams besides single lemmas."""
    char_ngrams: tuple[int, int] = (4, 5)
    """Shortest and longest character n-grams; (0, 0) for none."""
    min_df: int = 2
    """Drop terms seen in fewer units than this."""
    char_weight: float = 1.0
    """Weight of the (unit-length) character block against the (unit-length) lemma block."""


def window_units(unit: Unit) -> list[tuple[int, int, Unit]]:
    """(start, end, sub-unit) for each window of `unit`, its lemmas sliced from the unit's.

    When the lemmas do not line up one-to-one with the word tokens of the text (a caller that
    lemmatised differently), a window's lemmas are its lowercase word tokens instead.
    """
    if not unit.windows:
        return []
    spans = [match.span() for match in _WORD.finditer(unit.text)]
    aligned = len(spans) == len(unit.lemmas)
    starts = np.array([start for start, _ in spans], dtype=np.int64)
    ends = np.array([end for _, end in spans], dtype=np.int64)
    found = []
    for start, end in unit.windows:
        text = unit.text[start:end]
        if aligned:
            first = int(np.searchsorted(starts, start))
            last = int(np.searchsorted(ends, end, side="right"))
            lemmas = unit.lemmas[first:last]
        else:
            lemmas = tuple(_WORD.findall(text.lower()))
        found.append((start, end, replace(unit, text=text, lemmas=lemmas, windows=())))
    return found


@dataclass(slots=True)
class _Words:
    """The lemma block: lemma ids, kept unigram and bigram columns, idf, names."""

    lemma_ids: dict[str, int]
    unigram_columns: IntArray  # lemma id → column, or -1 when dropped
    bigram_codes: IntArray  # sorted codes (first id × size + second id) of kept bigrams
    bigram_columns: IntArray
    idf: FloatArray
    names: list[str]


@dataclass(slots=True)
class _Chars:
    """The character block: word types with their n-gram rows, n-gram columns, idf."""

    type_ids: dict[str, int]
    type_grams: Matrix  # type × kept n-gram counts
    gram_columns: dict[str, int]
    idf: FloatArray
    sizes: tuple[int, int]


@dataclass(slots=True)
class Features:
    """A fitted feature space: maps units to rows of a sparse matrix with fixed columns."""

    settings: FeatureSettings
    words: _Words
    chars: _Chars | None
    extras: dict[str, int] = field(default_factory=dict)
    """`role=…` / `kind=…` → column offset inside the extra block."""

    @property
    def char_offset(self) -> int:
        """The first column of the character block (the lemma block comes first)."""
        return len(self.words.names)

    @property
    def char_width(self) -> int:
        """The number of character n-gram columns."""
        return len(self.chars.gram_columns) if self.chars else 0

    def char_columns(self, word: str) -> list[int]:
        """The columns of the character n-grams of one lowercase word (kept ones only)."""
        if self.chars is None:
            return []
        low, high = self.chars.sizes
        padded = f" {word} "
        get = self.chars.gram_columns.get
        found = {
            get(padded[start : start + n])
            for n in range(low, min(high, len(padded)) + 1)
            for start in range(len(padded) - n + 1)
        }
        return [column + self.char_offset for column in found if column is not None]

    def transform(self, units: Sequence[Unit]) -> Matrix:
        """The feature rows of `units` (CSR, float64): terms unseen at fitting are ignored."""
        blocks = [_word_block(self.words, [u.lemmas for u in units])]
        if self.chars is not None:
            block = _char_block(self.chars, [u.text for u in units])
            blocks.append(block * self.settings.char_weight)
        blocks.append(_extra_block(self.extras, units))
        return sp.hstack(blocks, format="csr", dtype=np.float64)


def fit_features(
    units: Sequence[Unit], settings: FeatureSettings | None = None
) -> tuple[Features, Matrix]:
    """Learn the feature space from the units' text (no labels) and return it with their rows."""
    settings = settings or FeatureSettings()
    words, word_counts = _fit_words([u.lemmas for u in units], settings)
    blocks = [_weigh(word_counts, words.idf)]
    chars = None
    if settings.char_ngrams[1] > 0:
        chars, char_counts = _fit_chars([u.text for u in units], settings)
        blocks.append(_weigh(char_counts, chars.idf) * settings.char_weight)
    extras: dict[str, int] = {}
    for name in sorted({n for u in units for n in _extra_names(u)}):
        extras[name] = len(extras)
    blocks.append(_extra_block(extras, units))
    features = Features(settings, words, chars, extras)
    return features, sp.hstack(blocks, format="csr", dtype=np.float64)


# --- The lemma block ---------------------------------------------------------------------------


def _fit_words(
    lemmas: Sequence[tuple[str, ...]], settings: FeatureSettings
) -> tuple[_Words, Matrix]:
    lemma_ids: dict[str, int] = {}
    add = lemma_ids.setdefault
    flat = list(chain.from_iterable(lemmas))
    ids = np.fromiter((add(w, len(lemma_ids)) for w in flat), np.int64, len(flat))
    docs = _doc_index(lemmas)
    size = max(len(lemma_ids), 1)
    unigram_df = _document_frequency(docs, ids, size)
    kept = np.flatnonzero(unigram_df >= settings.min_df)
    unigram_columns = np.full(size, -1, dtype=np.int64)
    unigram_columns[kept] = np.arange(len(kept))
    names = [""] * len(kept)
    for word, index in lemma_ids.items():
        if unigram_columns[index] >= 0:
            names[unigram_columns[index]] = word
    bigram_codes = np.zeros(0, dtype=np.int64)
    if settings.bigrams:
        bigram_docs, codes = _bigrams(docs, ids, size)
        unique, inverse = np.unique(codes, return_inverse=True)
        bigram_df = _document_frequency(bigram_docs, inverse, len(unique))
        bigram_codes = unique[bigram_df >= settings.min_df]
        by_id = list(lemma_ids)
        names += [f"{by_id[c // size]} {by_id[c % size]}" for c in bigram_codes.tolist()]
    bigram_columns = np.arange(len(kept), len(kept) + len(bigram_codes), dtype=np.int64)
    words = _Words(lemma_ids, unigram_columns, bigram_codes, bigram_columns, np.ones(0), names)
    counts = _word_counts(words, docs, ids, len(lemmas))
    words.idf = _idf(counts)
    return words, counts


def _word_block(words: _Words, lemmas: Sequence[tuple[str, ...]]) -> Matrix:
    flat = list(chain.from_iterable(lemmas))
    get = words.lemma_ids.get
    ids = np.fromiter((get(w, -1) for w in flat), np.int64, len(flat))
    counts = _word_counts(words, _doc_index(lemmas), ids, len(lemmas))
    return _weigh(counts, words.idf)


def _word_counts(words: _Words, docs: IntArray, ids: IntArray, rows: int) -> Matrix:
    """Counts of the kept lemma 1- and 2-grams per unit (unknown lemmas have id -1)."""
    known = ids >= 0
    columns = np.full(len(ids), -1, dtype=np.int64)
    columns[known] = words.unigram_columns[ids[known]]
    all_docs, all_columns = [docs], [columns]
    if len(words.bigram_codes):
        size = len(words.unigram_columns)
        bigram_docs, codes = _bigrams(docs, ids, size)
        where = np.searchsorted(words.bigram_codes, codes).clip(0, len(words.bigram_codes) - 1)
        found = words.bigram_codes[where] == codes
        all_docs.append(bigram_docs[found])
        all_columns.append(words.bigram_columns[where[found]])
    return _counts(np.concatenate(all_docs), np.concatenate(all_columns), rows, len(words.names))


def _bigrams(docs: IntArray, ids: IntArray, size: int) -> tuple[IntArray, IntArray]:
    """(unit, code) of each pair of adjacent known lemmas inside one unit."""
    valid = (docs[1:] == docs[:-1]) & (ids[1:] >= 0) & (ids[:-1] >= 0)
    return docs[:-1][valid], ids[:-1][valid] * size + ids[1:][valid]


# --- The character block -----------------------------------------------------------------------


def _fit_chars(texts: Sequence[str], settings: FeatureSettings) -> tuple[_Chars, Matrix]:
    type_ids: dict[str, int] = {}
    type_counts, _ = _type_counts(type_ids, texts, grow=True)
    all_grams: dict[str, int] = {}
    grams = _type_grams(list(type_ids), all_grams, settings.char_ngrams, grow=True)
    counts = (type_counts @ grams).tocsr()
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    kept = np.flatnonzero(df >= settings.min_df)
    by_id = list(all_grams)
    gram_columns = {by_id[g]: column for column, g in enumerate(kept.tolist())}
    counts = counts[:, kept].tocsr()
    chars = _Chars(
        type_ids, grams[:, kept].tocsr(), gram_columns, _idf(counts), settings.char_ngrams
    )
    return chars, counts


def _char_block(chars: _Chars, texts: Sequence[str]) -> Matrix:
    type_counts, unseen = _type_counts(chars.type_ids, texts, grow=False)
    grams = chars.type_grams
    if unseen:  # words never seen at fitting: cut them into the known n-grams now
        more = _type_grams(unseen, chars.gram_columns, chars.sizes, grow=False)
        grams = sp.vstack([grams, more], format="csr")
    return _weigh((type_counts @ grams).tocsr(), chars.idf)


def _type_counts(
    type_ids: dict[str, int], texts: Sequence[str], *, grow: bool
) -> tuple[Matrix, list[str]]:
    """Counts of word types per text, and the types not in `type_ids` (added there if grow).

    Without `grow`, unseen types get the columns after the known ones, in order of first use.
    """
    tokens = [_WORD.findall(text.lower()) for text in texts]
    flat = list(chain.from_iterable(tokens))
    unseen: dict[str, int] = {}
    if grow:
        add = type_ids.setdefault
        ids = np.fromiter((add(w, len(type_ids)) for w in flat), np.int64, len(flat))
    else:
        base = len(type_ids)
        get, new = type_ids.get, unseen.setdefault

        def column(word: str) -> int:
            found = get(word)
            return found if found is not None else new(word, base + len(unseen))

        ids = np.fromiter(map(column, flat), np.int64, len(flat))
    width = len(type_ids) + len(unseen)
    return _counts(_doc_index(tokens), ids, len(texts), width), list(unseen)


def _type_grams(
    types: Sequence[str], gram_ids: dict[str, int], sizes: tuple[int, int], *, grow: bool
) -> Matrix:
    """The type × n-gram count matrix; n-grams not in `gram_ids` are added (grow) or dropped."""
    low, high = sizes
    rows: list[int] = []
    columns: list[int] = []
    add = gram_ids.setdefault
    get = gram_ids.get
    for row, word in enumerate(types):
        padded = f" {word} "
        for n in range(low, min(high, len(padded)) + 1):
            for start in range(len(padded) - n + 1):
                gram = padded[start : start + n]
                column = add(gram, len(gram_ids)) if grow else get(gram, -1)
                if column >= 0:
                    rows.append(row)
                    columns.append(column)
    shape = (len(types), len(gram_ids))
    data = np.ones(len(rows), dtype=np.float64)
    return sp.csr_matrix((data, (rows, columns)), shape=shape)


# --- Role and kind -----------------------------------------------------------------------------


def _extra_names(unit: Unit) -> Iterable[str]:
    if unit.role:
        yield f"role={unit.role}"
    if unit.kind:
        yield f"kind={unit.kind}"


def _extra_block(extras: dict[str, int], units: Sequence[Unit]) -> Matrix:
    rows, columns = [], []
    for row, unit in enumerate(units):
        for name in _extra_names(unit):
            if name in extras:
                rows.append(row)
                columns.append(extras[name])
    data = np.ones(len(rows), dtype=np.float64)
    return sp.csr_matrix((data, (rows, columns)), shape=(len(units), len(extras)))


# --- Shared arithmetic -------------------------------------------------------------------------


def _doc_index(token_lists: Sequence[Sequence[str]]) -> IntArray:
    """The unit of each token when the token lists are laid end to end."""
    lengths = np.fromiter(map(len, token_lists), np.int64, len(token_lists))
    index: IntArray = np.repeat(np.arange(len(token_lists), dtype=np.int64), lengths)
    return index


def _counts(docs: IntArray, columns: IntArray, rows: int, width: int) -> Matrix:
    """A CSR count matrix from (row, column) pairs; pairs with column -1 are left out."""
    keep = columns >= 0
    data = np.ones(int(keep.sum()), dtype=np.float64)
    matrix = sp.csr_matrix((data, (docs[keep], columns[keep])), shape=(rows, width))
    matrix.sum_duplicates()
    return matrix


def _document_frequency(docs: IntArray, columns: IntArray, width: int) -> IntArray:
    """In how many units each column occurs."""
    matrix = _counts(docs, columns, int(docs.max(initial=-1)) + 1, width)
    return np.bincount(matrix.indices, minlength=width).astype(np.int64)


def _idf(counts: Matrix) -> FloatArray:
    """Smoothed inverse document frequency, as scikit-learn's TfidfTransformer computes it."""
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    rows = counts.shape[0]
    idf: FloatArray = np.log((1.0 + rows) / (1.0 + df)) + 1.0
    return idf


def _weigh(counts: Matrix, idf: FloatArray) -> Matrix:
    """Sublinear tf × idf, each row scaled to unit length (empty rows stay empty)."""
    weighted = counts.copy()
    weighted.data = (1.0 + np.log(weighted.data)) * idf[weighted.indices]
    squares = weighted.multiply(weighted).sum(axis=1).A.ravel()
    norms = np.sqrt(squares)
    norms[norms == 0] = 1.0
    scaled: Matrix = sp.csr_matrix(sp.diags(1.0 / norms) @ weighted)
    return scaled
