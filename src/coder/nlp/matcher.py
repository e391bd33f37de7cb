"""The codebook's rules as a spaCy component: keyword and pattern hits that suggest codes.

Each code's `keywords` become phrase patterns over lemmas and over lowercase forms, so a
keyword matches its inflections (`pandemi` finds `Pandemins`, `pandemin`; `company` finds
`Companies`) and also words the lookup table does not know (names, `COVID-19`). Lemmas come
from the lowercase lookup lemmatizer (coder.nlp.pipeline), applied to the keywords too; a
keyword is also matched as a lemma as written, since the table sends some base forms elsewhere
(`företag` → `företa`, the verb) while their inflections come back (`företagen` → `företag`).
Each code's `patterns` (spaCy Matcher token patterns) are matched as well; simple ones (every
token one LOWER, ORTH/TEXT or LEMMA value or `IN` list, no operators) become phrase patterns,
which match the same and cost next to nothing, so rules can run inside every import.
Terms of a code's `exclude_keywords` veto its hits in the same unit.

As a pipeline component (`rule_pipeline`) the hits go into `doc.spans["coder_codes"]`,
labelled with the code id, each with its reason as the span id ("keyword 'pandemi'",
"pattern 'nå ut'"), and the vetoes into `doc.spans["coder_vetoes"]`: one doc is one unit.
`TurnRules` runs the same matcher on the docs the import has tokenised already, unit = turn.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from coder.domain.suggestion import RuleHit
from coder.errors import CodebookError
from coder.nlp.pipeline import (
    LEMMATIZER_FACTORY,
    Piece,
    blank_pipeline,
    doc_lemmatizer,
    new_pipeline,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab

MATCHER_FACTORY = "coder_code_matcher"
"""Name of the registered component that finds the codebook's keywords and patterns."""
HITS = "coder_codes"
"""The `doc.spans` key of the hits: label = code id, id = the reason."""
VETOES = "coder_vetoes"
"""The `doc.spans` key of the veto terms found: label = the code they veto."""
_SEPARATOR = "\x1f"
_PHRASE_ATTRS = {"LOWER": "LOWER", "ORTH": "ORTH", "TEXT": "ORTH", "LEMMA": "LEMMA"}
_MAX_PHRASES = 1000
"""A simple pattern with more combinations than this stays a token pattern."""


@dataclass(frozen=True, slots=True)
class CodeRules:
    """What makes a rule suggest one code: its keywords and patterns, and its veto terms."""

    code: str
    keywords: tuple[str, ...] = ()
    patterns: tuple[tuple[dict[str, object], ...], ...] = ()
    exclude_keywords: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> CodeRules:
        """The rules from their plain data (see `as_config`)."""
        return cls(
            config["code"],
            tuple(config["keywords"]),
            tuple(tuple(pattern) for pattern in config["patterns"]),
            tuple(config["exclude_keywords"]),
        )

    def as_config(self) -> dict[str, Any]:
        """The rules as plain data for the component's config."""
        return {
            "code": self.code,
            "keywords": list(self.keywords),
            "patterns": [list(pattern) for pattern in self.patterns],
            "exclude_keywords": list(self.exclude_keywords),
        }


def rule_pipeline(lang: str, rules: Sequence[CodeRules]) -> Language:
    """A pipeline for `lang` that lemmatizes and marks the rules' hits (see the module text)."""
    nlp = new_pipeline(lang, lemmatizer=True, sentencizer=False)
    _register_matcher()
    nlp.add_pipe(MATCHER_FACTORY, config={"rules": [rule.as_config() for rule in rules]})
    return nlp


def rule_hits(doc: Doc) -> list[RuleHit]:
    """The codes a processed doc's hits suggest, one per code, in order of first hit."""
    return _unit_hits(0, [(0, span) for span in doc.spans.get(HITS, [])])


class CodeMatcher:
    """The rules of a codebook compiled into matchers over one vocabulary."""

    def __init__(
        self, vocab: Vocab, make_doc: Callable[[str], Doc], lemmatize: Callable[[Doc], Doc],
        rules: Sequence[dict[str, Any]],
    ) -> None:  # fmt: skip
        from spacy.matcher import Matcher, PhraseMatcher

        self.hits = {attr: PhraseMatcher(vocab, attr=attr) for attr in ("LEMMA", "LOWER", "ORTH")}
        self.vetoes = {attr: PhraseMatcher(vocab, attr=attr) for attr in ("LEMMA", "LOWER")}
        self.tokens = Matcher(vocab)
        self.vocab, self.make_doc, self.lemmatize = vocab, make_doc, lemmatize
        for rule in rules:
            code = rule["code"]
            for keyword in rule["keywords"]:
                self._add_term(self.hits, code, f"keyword '{keyword}'", keyword)
            for number, pattern in enumerate(rule["patterns"], start=1):
                self._add_pattern(code, number, pattern)
            for term in rule["exclude_keywords"]:
                self._add_term(self.vetoes, code, f"excluded '{term}'", term)

    def find(self, doc: Doc) -> tuple[list[Span], list[Span]]:
        """The hits and the vetoes in a lemmatized doc, in text order (vetoes not applied)."""
        hits = _spans(doc, _matches(doc, [*self.hits.values(), self.tokens]))
        return hits, _spans(doc, _matches(doc, self.vetoes.values()))

    def __call__(self, doc: Doc) -> Doc:
        """Mark the hits of `doc`, without those of codes vetoed in it."""
        hits, vetoes = self.find(doc)
        vetoed = {span.label_ for span in vetoes}
        doc.spans[HITS] = [span for span in hits if span.label_ not in vetoed]
        doc.spans[VETOES] = vetoes
        return doc

    def _add_term(
        self, matchers: dict[str, PhraseMatcher], code: str, reason: str, term: str
    ) -> None:
        doc = self.make_doc(term.strip())
        if not len(doc):
            return
        as_written = self.make_doc(term.strip())
        for token in as_written:
            token.lemma_ = token.lower_
        key = code + _SEPARATOR + reason
        matchers["LEMMA"].add(key, [self.lemmatize(doc), as_written])
        matchers["LOWER"].add(key, [doc])

    def _add_pattern(self, code: str, number: int, pattern: list[dict[str, Any]]) -> None:
        key = code + _SEPARATOR + f"pattern {number}"
        phrases = _as_phrases(pattern)
        if phrases is not None:
            attr, sequences = phrases
            docs = [self._phrase_doc(attr, words) for words in sequences]
            self.hits[_PHRASE_ATTRS[attr]].add(key, docs)
            return
        try:
            self.tokens.add(key, [pattern])
        except ValueError as error:
            raise CodebookError(
                f"code '{code}': pattern {number} is not a spaCy token pattern ({error})",
                "fix it in the codebook, e.g. `- [{LOWER: nå}, {LOWER: ut}]`, and import it again",
            ) from error

    def _phrase_doc(self, attr: str, words: Sequence[str]) -> Doc:
        from spacy.tokens import Doc

        doc = Doc(self.vocab, words=list(words))
        if attr == "LEMMA":
            for token, word in zip(doc, words, strict=True):
                token.lemma_ = word
        return doc


def _as_phrases(pattern: Sequence[dict[str, Any]]) -> tuple[str, list[tuple[str, ...]]] | None:
    """A token pattern as (attribute, word sequences) when phrase patterns can match the same."""
    attrs = {next(iter(token), None) for token in pattern if len(token) == 1}
    if len(attrs) != 1 or any(len(token) != 1 for token in pattern):
        return None
    attr = attrs.pop()
    if attr not in _PHRASE_ATTRS:
        return None
    choices: list[list[str]] = []
    for token in pattern:
        value = token[attr]
        if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
            value = value["IN"]
        words = [value] if isinstance(value, str) else value
        if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
            return None
        if attr == "LOWER" and any(word != word.lower() for word in words):
            return None  # an upper-case LOWER value never matches; leave that to spaCy
        choices.append(words)
    count = 1
    for words in choices:
        count *= len(words)
    if not choices or count > _MAX_PHRASES:
        return None
    return attr, list(itertools.product(*choices))


class TurnRules:
    """The rules run on an import's tokenised pieces: hits per turn, vetoes per turn."""

    def __init__(self, lang: str, rules: Sequence[CodeRules]) -> None:
        nlp = blank_pipeline(lang)
        self.lemmatize = doc_lemmatizer(lang)
        self.matcher = CodeMatcher(
            nlp.vocab, nlp.make_doc, self.lemmatize.one, [r.as_config() for r in rules]
        )

    def hits(self, pieces: Sequence[Piece], docs: Sequence[Doc]) -> list[RuleHit]:
        """The hits in one source's pieces (as `split_sentences` gives them).

        One hit per turn and code; a veto term anywhere in a turn vetoes its code in the turn.
        """
        self.lemmatize.many(docs)
        hits: dict[int, list[tuple[int, Span]]] = defaultdict(list)
        vetoed: dict[int, set[str]] = defaultdict(set)
        for (turn, offset, _), doc in zip(pieces, docs, strict=True):
            found, vetoes = self.matcher.find(doc)
            hits[turn].extend((offset, span) for span in found)
            vetoed[turn].update(span.label_ for span in vetoes)
        result: list[RuleHit] = []
        for turn, spans in hits.items():
            kept = [(offset, span) for offset, span in spans if span.label_ not in vetoed[turn]]
            result.extend(_unit_hits(turn, kept))
        return result


@cache
def _turn_rules(lang: str, rules: str) -> TurnRules:
    return TurnRules(lang, [CodeRules.from_config(rule) for rule in json.loads(rules)])


def turn_rules(lang: str, rules: Sequence[CodeRules]) -> TurnRules:
    """The compiled rules for `lang`, built once per process for the same rules."""
    return _turn_rules(lang, json.dumps([rule.as_config() for rule in rules], sort_keys=True))


def _unit_hits(unit: int, spans: Sequence[tuple[int, Span]]) -> list[RuleHit]:
    """One hit per code of the unit's (offset of its doc, span) hits, in order of first hit."""
    by_code: dict[str, list[tuple[int, Span]]] = {}
    for offset, span in spans:
        by_code.setdefault(span.label_, []).append((offset, span))
    return [
        RuleHit(
            unit,
            code,
            tuple(dict.fromkeys(span.id_ for _, span in found)),
            min(offset + span.start_char for offset, span in found),
            max(offset + span.end_char for offset, span in found),
        )
        for code, found in by_code.items()
    ]


def _matches(
    doc: Doc, matchers: Iterable[PhraseMatcher | Matcher]
) -> Iterable[tuple[str, int, int]]:
    strings = doc.vocab.strings
    seen: set[tuple[str, int, int]] = set()
    for matcher in matchers:
        if len(matcher) == 0:
            continue
        for key, start, end in matcher(doc):
            found = (strings[key], start, end)
            if found not in seen:
                seen.add(found)
                yield found


def _spans(doc: Doc, matches: Iterable[tuple[str, int, int]]) -> list[Span]:
    from spacy.tokens import Span

    spans = []
    for key, start, end in sorted(matches, key=lambda match: (match[1], match[2])):
        code, reason = key.split(_SEPARATOR, 1)
        if reason.startswith("pattern"):
            reason = f"pattern '{doc[start:end].text.lower()}'"
        spans.append(Span(doc, start, end, label=code, span_id=reason))
    return spans


@cache
def _register_matcher() -> None:
    """Register the component with spaCy (once, on first use)."""
    from spacy.language import Language

    def make_matcher(nlp: Language, name: str, rules: list[dict[str, Any]]) -> CodeMatcher:
        del name
        lemmatize = nlp.get_pipe(LEMMATIZER_FACTORY)
        return CodeMatcher(nlp.vocab, nlp.make_doc, lemmatize, rules)

    Language.factory(MATCHER_FACTORY, default_config={"rules": []}, func=make_matcher)
