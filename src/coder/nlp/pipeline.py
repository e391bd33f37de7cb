"""spaCy pipelines without trained models: tokens, sentences and (optionally) lookup lemmas.

The pipeline is `spacy.blank(lang)` plus the rule-based `sentencizer`; the lemmatizer (lookup
tables from the installed `spacy-lookups-data`) is added only for suggestions. Import runs on
the fast path: the tokenizer, then the sentencizer's rule applied to whole token arrays with
numpy (`split_sentences`), which gives the same sentences at a fraction of the cost. Nothing
here downloads anything. Lemmas are lowercase: the lookup tables are keyed by lowercase forms,
and words not in them (names, new words) come back lowercased.

Sentence rules on top of spaCy's:
- Common abbreviations (`t.ex.`, `dvs.`, `ca.`, `e.g.`, `Dr.` …) are single tokens, so they never
  end a sentence.
- Abbreviations that close a list (`etc.`, `osv.`, `o.s.v.`, `m.m.`, `m.fl.`, `mfl.`) do end a
  sentence when the next word starts with a capital letter: "möten osv. Sen kom pandemin" is two
  sentences, "möten osv. och sen" one.
- English `no.` is left to spaCy (so "No. I don't think so." is two sentences) except before a
  number: "no. 5" stays together.
- A blank line inside a turn ends a sentence; a single newline does not (transcripts wrap lines).
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from numpy.typing import NDArray

from coder.domain.source import LANGUAGES, Sentence, Turn
from coder.errors import CoderError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.lookups import Lookups
    from spacy.pipeline import Lemmatizer
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc, Token

_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "sv": (
        "t.ex.", "bl.a.", "dvs.", "ca.", "st.", "osv.", "m.m.", "s.k.", "resp.", "kl.", "nr.",
        "jfr.", "d.v.s.", "o.s.v.", "fr.o.m.", "t.o.m.", "mfl.", "m.fl.", "etc.",
    ),
    "en": (
        "e.g.", "i.e.", "dr.", "mr.", "mrs.", "ms.", "prof.", "etc.", "vs.", "approx.",
    ),
}  # fmt: skip
"""Abbreviations that are single tokens (added lowercase and capitalised)."""

_LIST_END = re.compile(r"(?:etc|osv|o\.s\.v|m\.m|m\.fl|mfl)\.[^\S\n]+(?=[^\W\d_])")
"""A list-closing abbreviation and the next word: a sentence break if that word is capitalised."""

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_RULE_MARKERS = {
    "sv": ("etc.", "osv.", "o.s.v.", "m.m.", "fl."),
    "en": ("etc.", "no.", "No.", "NO."),
}
"""Text without which our sentence rules cannot apply (a fast test before the real work)."""
_BATCH_SIZE = 256

LEMMATIZER_FACTORY = "coder_lookup_lemmatizer"
"""Name of the registered lookup lemmatizer component that lowercases before the lookup."""


def _check_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise CoderError(
            f"Unknown language {lang!r}.",
            f"Use one of: {', '.join(LANGUAGES)}.",
        )


def blank_pipeline(lang: str, *, lemmatizer: bool = False) -> Language:
    """The spaCy pipeline for `lang` ("sv" or "en"), built once per (lang, lemmatizer).

    Tokenizer with our abbreviations, then the sentencizer; with `lemmatizer=True` also a lookup
    lemmatizer giving lowercase lemmas (`Pandemins` → `pandemi`). The result is shared: do not
    add components to it.
    """
    _check_language(lang)
    return _build_pipeline(lang, lemmatizer)


@cache
def _build_pipeline(lang: str, lemmatizer: bool) -> Language:
    return new_pipeline(lang, lemmatizer=lemmatizer, sentencizer=True)


def new_pipeline(lang: str, *, lemmatizer: bool, sentencizer: bool) -> Language:
    """A fresh (unshared) pipeline for `lang`, to which the caller may add components."""
    import spacy

    _check_language(lang)
    nlp = spacy.blank(lang)
    tokenizer = cast("Tokenizer", nlp.tokenizer)
    for abbreviation in _ABBREVIATIONS[lang]:
        for form in {abbreviation, abbreviation[0].upper() + abbreviation[1:]}:
            tokenizer.add_special_case(form, [{"ORTH": form}])
    if sentencizer:
        nlp.add_pipe("sentencizer")
    if lemmatizer:
        _register_lemmatizer()
        component = cast("Lemmatizer", nlp.add_pipe(LEMMATIZER_FACTORY))
        component.initialize(lookups=_lookups_placeholder())
    return nlp


@cache
def lemma_table(lang: str) -> dict[str, str]:
    """Lowercase form → lemma, the `lemma_lookup` table of the installed spacy-lookups-data.

    Read once per process, straight from the package's JSON: a third of the time spaCy's
    loader takes (which also builds a hashed table we do not need), and import runs it.
    """
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / f"{lang}_lemma_lookup.json.gz"
    try:
        table = json.loads(gzip.decompress(path.read_bytes()))
    except (OSError, ValueError) as error:
        raise CoderError(
            f"the lemma table for {lang!r} in spacy-lookups-data cannot be read ({error})",
            "reinstall the project's dependencies: make install",
        ) from error
    return cast("dict[str, str]", table)


def lemma_of(lang: str, word: str) -> str:
    """The lemma the lookup lemmatizer gives a word (lowercased first; itself when unknown)."""
    lower = word.lower()
    return lemma_table(lang).get(lower, lower)


def forms_of_lemmas(lang: str, lemmas: Iterable[str]) -> dict[str, frozenset[str]]:
    """For each lemma, the lowercase forms the lookup lemmatizer gives that lemma.

    A token's lemma is the table's entry for its lowercase form, or that form itself when the
    table has none; so the forms of a lemma are the table's lowercase keys that lead to it,
    and the lemma itself when it is lowercase and no key. One pass over the table answers for
    all lemmas, so a matcher can look for the forms and needs no lemmas on the text (coder.
    nlp.matcher).
    """
    table = lemma_table(lang)
    forms: dict[str, set[str]] = {lemma: set() for lemma in lemmas}
    for form, lemma in table.items():
        found = forms.get(lemma)
        if found is not None and form == form.lower():
            found.add(form)
    for lemma, found in forms.items():
        if lemma == lemma.lower() and lemma not in table:
            found.add(lemma)
    return {lemma: frozenset(found) for lemma, found in forms.items()}


def _lookups_placeholder() -> Lookups:
    """The (empty) lookups spaCy's lemmatizer insists on; ours reads `lemma_table`."""
    from spacy.lookups import Lookups

    lookups = Lookups()
    lookups.add_table("lemma_lookup", {})
    return lookups


class DocLemmatizer:
    """The lookup lemmatizer for docs of the shared pipeline of a language (see `blank_pipeline`).

    Import tokenises with the shared pipeline; this sets lemmas on those docs afterwards, for
    the codebook's rules, without tokenising again.
    """

    def __init__(self, lang: str) -> None:
        lemmatizer_class = _register_lemmatizer()
        nlp = blank_pipeline(lang)
        self._component = lemmatizer_class(nlp.vocab, None, "lemmatizer", mode="lookup")
        self._component.initialize(lookups=_lookups_placeholder())

    def one(self, doc: Doc) -> Doc:
        """Set the lemmas of one doc."""
        return cast("Doc", self._component(doc))

    def many(self, docs: Sequence[Doc]) -> None:
        """Set the lemmas of docs, looking each distinct word up once."""
        for first in range(0, len(docs), _BATCH_SIZE):
            self._component.set_lemmas(docs[first : first + _BATCH_SIZE])


@cache
def doc_lemmatizer(lang: str) -> DocLemmatizer:
    """The lemmatizer for docs of `blank_pipeline(lang)`, built once."""
    return DocLemmatizer(lang)


@cache
def _register_lemmatizer() -> Any:
    """Register the lowercase lookup lemmatizer with spaCy (once, on first use); its class."""
    import spacy

    class LowercaseLookupLemmatizer(spacy.pipeline.Lemmatizer):
        """spaCy's lookup lemmatizer, looking up the lowercase form (the tables are lowercase)."""

        def lookup_lemmatize(self, token: Token) -> list[str]:
            return [lemma_of(self.vocab.lang, token.lower_)]

        def __call__(self, doc: Doc) -> Doc:
            """Set the lemmas of a doc (see `pipe`)."""
            self.set_lemmas([doc])
            return doc

        def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
            """Set the lemmas of docs a batch at a time.

            Each distinct lowercase form of a batch is looked up once (and remembered) and
            the lemmas are written as arrays: the same lemmas as token by token, several
            times faster, so that import can run the codebook's rules.
            """
            batch: list[Doc] = []
            for doc in stream:
                batch.append(doc)
                if len(batch) == batch_size:
                    self.set_lemmas(batch)
                    yield from batch
                    batch = []
            if batch:
                self.set_lemmas(batch)
                yield from batch

        def set_lemmas(self, docs: Sequence[Doc]) -> None:
            from spacy.attrs import LEMMA, LOWER

            sized = [doc for doc in docs if len(doc)]
            if not sized:
                return
            arrays = [doc.to_array([LOWER, LEMMA]) for doc in sized]
            joined = np.concatenate(arrays)
            forms, where = np.unique(joined[:, 0], return_inverse=True)
            found = [self._lemma_hash(sized[0], form) for form in forms.tolist()]
            lemmas = np.asarray(found, dtype=np.uint64)[where]
            if not self.overwrite:
                lemmas = np.where(joined[:, 1] != 0, joined[:, 1], lemmas)
            first = 0
            for doc in sized:
                part = lemmas[first : first + len(doc)].reshape(-1, 1)
                doc.from_array([LEMMA], part)  # type: ignore[arg-type]
                first += len(doc)

        def _lemma_hash(self, doc: Doc, form: int) -> int:
            memo: dict[int, int] = self.__dict__.setdefault("_memo", {})
            known = memo.get(form)
            if known is None:
                lower = doc.vocab.strings[form]
                known = memo[form] = doc.vocab.strings.add(lemma_of(self.vocab.lang, lower))
            return known

    def make_lemmatizer(nlp: Language, name: str, *, overwrite: bool) -> Lemmatizer:
        return LowercaseLookupLemmatizer(nlp.vocab, None, name, mode="lookup", overwrite=overwrite)

    spacy.language.Language.factory(
        LEMMATIZER_FACTORY,
        assigns=["token.lemma"],
        default_config={"overwrite": False},
        func=make_lemmatizer,
    )
    return LowercaseLookupLemmatizer


Piece = tuple[int, int, str]
"""A piece of a turn that is tokenised on its own: (turn index, offset in the text, its text)."""


def split_sentences(
    lang: str,
    text: str,
    turns: Sequence[Turn],
    *,
    on_docs: Callable[[Sequence[Piece], Sequence[Doc]], None] | None = None,
) -> list[list[Sentence]]:
    """Split each turn into sentences: offsets into `text`, surrounding whitespace trimmed.

    The sentences of a turn tile it: in order, not overlapping, together covering every
    non-space character of the turn. A turn with any non-space content has at least one.
    The boundaries are those of spaCy's `sentencizer` on our tokenizer, computed over the
    token arrays of all pieces at once instead of token by token (import is the hot path).
    `on_docs`, when given, receives the pieces and their tokenised docs (of the shared
    pipeline's vocab), so that more can be read from them without tokenising again.
    """
    nlp = blank_pipeline(lang)
    markers = _RULE_MARKERS[lang]
    pieces = list(_pieces(text, turns))
    result: list[list[Sentence]] = [[] for _ in turns]
    tokenizer = cast("Tokenizer", nlp.tokenizer)
    docs = list(tokenizer.pipe((piece for _, _, piece in pieces), batch_size=_BATCH_SIZE))
    all_spans = _sentence_spans(docs, _sentence_punctuation(lang))
    if on_docs is not None:
        on_docs(pieces, docs)
    for (index, offset, piece), found in zip(pieces, all_spans, strict=True):
        spans = found
        if _has_any(piece, markers):
            starts = _apply_rules(piece, [start for start, _ in found], lang)
            spans = list(zip(starts, [*starts[1:], len(piece)], strict=True))
        result[index].extend(_sentences(piece, offset, spans))
    return result


@cache
def _sentence_punctuation(lang: str) -> NDArray[np.uint64]:
    """Hashes of the characters that end a sentence, as spaCy's sentencizer knows them."""
    from spacy.pipeline import Sentencizer

    strings = blank_pipeline(lang).vocab.strings
    return np.array(sorted(strings.add(c) for c in Sentencizer.default_punct_chars), np.uint64)


def _sentence_spans(
    docs: Sequence[Doc], punctuation: NDArray[np.uint64]
) -> list[list[tuple[int, int]]]:
    """Character spans of the sentences of each tokenised piece, by the sentencizer's rule.

    A sentence starts at a piece's first token and at every word token (not punctuation)
    that follows sentence-final punctuation with nothing but punctuation in between.
    """
    from spacy.attrs import IDX, IS_PUNCT, LENGTH, ORTH

    sizes = np.array([len(doc) for doc in docs], dtype=np.int64)
    if not sizes.sum():
        return [[] for _ in docs]
    array = np.concatenate(
        [doc.to_array([ORTH, IS_PUNCT, IDX, LENGTH]) for doc in docs if len(doc)]
    )
    firsts = np.cumsum(sizes) - sizes  # index of each piece's first token
    piece_start = np.zeros(len(array), dtype=bool)
    piece_start[firsts[sizes > 0]] = True
    final = np.isin(array[:, 0], punctuation)
    word = ~(final | (array[:, 1] != 0))
    # Sentence-final tokens up to and including each token, and before it.
    finals_through: NDArray[np.int64] = np.cumsum(final)
    finals_before: NDArray[np.int64] = finals_through - final
    # The count to compare with: up to the last word, or up to (not into) a piece's first token.
    anchor = word | piece_start
    reference = np.where(word, finals_through, finals_before)
    last_anchor = np.maximum.accumulate(np.where(anchor, np.arange(len(array)), 0))
    previous = np.concatenate(([0], last_anchor[:-1]))
    starts = (word & (finals_before > reference[previous])) | piece_start
    first_tokens = np.flatnonzero(starts)
    last_tokens = np.append(first_tokens[1:] - 1, len(array) - 1)
    begins = array[first_tokens, 2].tolist()
    ends = (array[last_tokens, 2] + array[last_tokens, 3]).tolist()
    bounds = [*np.searchsorted(first_tokens, firsts).tolist(), len(first_tokens)]
    return [
        list(zip(begins[bounds[i] : bounds[i + 1]], ends[bounds[i] : bounds[i + 1]], strict=True))
        if sizes[i]
        else []
        for i in range(len(docs))
    ]


def _sentences(piece: str, offset: int, spans: Iterable[tuple[int, int]]) -> Iterator[Sentence]:
    """Sentences from spans of a piece: whitespace trimmed, empty ones dropped."""
    for start, end in spans:
        if piece[start].isspace() or piece[end - 1].isspace():
            begin, stop = _trim(piece, start, end)
            if stop > begin:
                yield Sentence(offset + begin, offset + stop)
        else:
            yield Sentence(offset + start, offset + end)


def _has_any(piece: str, markers: tuple[str, ...]) -> bool:
    """Whether the piece contains one of the markers (substring tests beat a regex here)."""
    for marker in markers:  # noqa: SIM110  (a loop is twice as fast as any() over a generator)
        if marker in piece:
            return True
    return False


def _pieces(text: str, turns: Sequence[Turn]) -> Iterator[tuple[int, int, str]]:
    """(turn index, offset, text) of each blank-line-separated block of each turn's content."""
    for index, turn in enumerate(turns):
        content = text[turn.start : turn.end]
        bounds, begin = [], 0
        # The regex only where a blank line is possible: most turns are one line.
        if "\n" in content:
            for match in _BLANK_LINE.finditer(content):
                bounds.append((begin, match.start()))
                begin = match.end()
        bounds.append((begin, len(content)))
        for start, end in bounds:
            block = content[start:end]
            if block and not block.isspace():
                yield index, turn.start + start, block


def _apply_rules(piece: str, starts: list[int], lang: str) -> list[int]:
    """Sentence starts after our list-closing and (English) `no. <number>` rules."""
    bounds = set(starts)
    for match in _LIST_END.finditer(piece):
        # A look-behind for "not inside a word" would make the regex scan twice as slow.
        inside_word = match.start() > 0 and piece[match.start() - 1].isalnum()
        if piece[match.end()].isupper() and not inside_word:
            bounds.add(match.end())
    ordered = sorted(bounds)
    kept = ordered[:1]
    for bound in ordered[1:]:
        sentence = piece[kept[-1] : bound]
        if lang == "en" and piece[bound].isdigit() and _ends_with_number_abbreviation(sentence):
            continue
        kept.append(bound)
    return kept


def _ends_with_number_abbreviation(sentence: str) -> bool:
    """Whether a sentence ends with the word `no.` (as in "no. 5")."""
    words = sentence.rstrip()
    return words[-3:].lower() == "no." and (len(words) == 3 or not words[-4].isalnum())


def _trim(piece: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding whitespace; empty if it holds nothing else."""
    chunk = piece[start:end]
    stripped = chunk.strip()
    begin = start + len(chunk) - len(chunk.lstrip())
    return begin, begin + len(stripped)
