"""The codebook's rules as a spaCy component: keyword and pattern hits that suggest codes.

A word of the text matches a keyword's word when their lemmas agree, so a keyword matches its
inflections (`pandemi` finds `Pandemins`, `pandemin`; `company` finds `Companies`) and also
words the lookup table does not know (names, `COVID-19`). Lemmas are those of the lowercase
lookup lemmatizer (coder.nlp.pipeline); a keyword also matches as a lemma as written, since the
table sends some base forms elsewhere (`företag` → `företa`, the verb) while their inflections
come back (`företagen` → `företag`). Since a lookup lemma depends on the lowercase form alone,
the matcher compiles each keyword into the lowercase forms with those lemmas and runs phrase
matchers over lowercase forms: the same matches, with no lemmas to set on the text (see
`CodeMatcher`). Each code's `patterns` (spaCy Matcher token patterns) are matched as well;
simple ones (every token one LOWER, ORTH/TEXT or LEMMA value or `IN` list, no operators)
become phrase patterns, which match the same and cost next to nothing, so rules can run
inside every import. Terms of a code's `exclude_keywords` veto its hits in the same unit.

As a pipeline component (`rule_pipeline`) the hits go into `doc.spans["coder_codes"]`,
labelled with the code id, each with its reason as the span id ("keyword 'pandemi'",
"pattern 'nå ut'"), and the vetoes into `doc.spans["coder_vetoes"]`: one doc is one unit.
`TurnRules` runs the same matcher on the docs the import has tokenised already, unit = turn.
"""

from __future__ import annotations

import itertools
import json
import math
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from coder.domain.suggestion import RuleHit
from coder.errors import CodebookError
from coder.nlp.forms import (
    MAX_PHRASES,
    PHRASE_ATTRS,
    KeywordForms,
    keyword_forms,
    simple_pattern,
)
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
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

MATCHER_FACTORY = "coder_code_matcher"
"""Name of the registered component that finds the codebook's keywords and patterns."""
HITS = "coder_codes"
"""The `doc.spans` key of the hits: label = code id, id = the reason."""
VETOES = "coder_vetoes"
"""The `doc.spans` key of the veto terms found: label = the code they veto."""
_SEPARATOR = "\x1f"


@dataclass(frozen=True, slots=True)
class CodeRules:
    """What makes a rule suggest one code: its keywords and patterns, and its veto terms."""

    code: str
    keywords: tuple[str, ...] = ()
    patterns: tuple[tuple[dict[str, object], ...], ...] = ()
    exclude_keywords: tuple[str, ...] = ()

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
    spans = doc.spans.get(HITS, [])
    return _unit_hits(0, [(s.label_, s.id_, s.start_char, s.end_char) for s in spans])


Match = tuple[str, str, int, int]
"""A hit or veto found in a doc: code, reason, and its first and end token."""


class CodeMatcher:
    """The rules of a codebook compiled into matchers over one vocabulary.

    Keywords (and simple LEMMA patterns) are matched through their forms: every lowercase
    form the lookup lemmatizer would give the same lemma (coder.nlp.forms), so the text needs
    no lemmas, only its lowercase forms, which the tokenizer sets. This matches exactly what
    comparing lemmas would: a lookup lemma depends on nothing but the lowercase form. Only a
    token pattern, or a keyword of so many words that its forms would be too many phrases,
    needs the lemmas set (`needs_lemmas`).
    """

    def __init__(
        self, vocab: Vocab, make_doc: Callable[[str], Doc], lemmatize: Callable[[Doc], Doc],
        rules: Sequence[dict[str, Any]], *, lang: str, forms: KeywordForms | None = None,
    ) -> None:  # fmt: skip
        from spacy.matcher import Matcher, PhraseMatcher

        self.vocab, self.make_doc, self.lemmatize, self.lang = vocab, make_doc, lemmatize, lang
        self._hits = {attr: PhraseMatcher(vocab, attr=attr) for attr in ("LOWER", "ORTH", "LEMMA")}
        self._vetoes = {attr: PhraseMatcher(vocab, attr=attr) for attr in ("LOWER", "LEMMA")}
        self._tokens = Matcher(vocab)
        self._keys: dict[int, tuple[int, str, str]] = {}
        """Each match key → the order it was added in (the codebook's), its code and reason."""
        self.forms = forms or keyword_forms(lang, rules, make_doc)
        """The forms of the keywords: given (kept by the project), or worked out here."""
        for rule in rules:
            code = rule["code"]
            for keyword in rule["keywords"]:
                self._add_term(self._hits, code, f"keyword '{keyword}'", keyword)
            for number, pattern in enumerate(rule["patterns"], start=1):
                self._add_pattern(code, number, pattern)
            for term in rule["exclude_keywords"]:
                self._add_term(self._vetoes, code, f"excluded '{term}'", term)
        by_lemma = (self._tokens, self._hits["LEMMA"], self._vetoes["LEMMA"])
        self.needs_lemmas = any(len(matcher) for matcher in by_lemma)
        """Whether docs must have their lemmas set before `find` (see the class text)."""
        hit_matchers: list[PhraseMatcher | Matcher] = [*self._hits.values(), self._tokens]
        self._hit_matchers = [matcher for matcher in hit_matchers if len(matcher)]
        self._veto_matchers = [matcher for matcher in self._vetoes.values() if len(matcher)]

    def find(self, doc: Doc) -> tuple[list[Match], list[Match]]:
        """The hits and the vetoes in a doc, in text order (vetoes not applied)."""
        return self._found(doc, self._hit_matchers), self._found(doc, self._veto_matchers)

    def __call__(self, doc: Doc) -> Doc:
        """Mark the hits of `doc` (see the module text), without those of codes vetoed in it."""
        from spacy.tokens import Span

        hits, vetoes = self.find(doc)
        vetoed = {code for code, _, _, _ in vetoes}
        doc.spans[HITS] = [
            Span(doc, start, end, label=code, span_id=reason)
            for code, reason, start, end in hits
            if code not in vetoed
        ]
        doc.spans[VETOES] = [
            Span(doc, start, end, label=code, span_id=reason) for code, reason, start, end in vetoes
        ]
        return doc

    def _found(self, doc: Doc, matchers: Sequence[PhraseMatcher | Matcher]) -> list[Match]:
        """The matches in text order: one per code and words, with the reason added first.

        Two of a code's terms that find the same words (a keyword and a pattern, or two
        spellings of a keyword) are one hit, with the reason of the first in the codebook.
        """
        matches = [match for matcher in matchers for match in matcher(doc)]
        matches.sort(key=lambda match: (match[1], match[2], self._keys[match[0]][0]))
        found = []
        seen: set[tuple[str, int, int]] = set()
        for key, start, end in matches:
            _, code, reason = self._keys[key]
            if (code, start, end) in seen:
                continue
            seen.add((code, start, end))
            if not reason:
                reason = f"pattern '{doc[start:end].text.lower()}'"
            found.append((code, reason, start, end))
        return found

    def _key(self, code: str, name: str, reason: str) -> str:
        """The match key of a term or pattern; `reason` is empty when it is the words matched."""
        key = code + _SEPARATOR + name
        number = self.vocab.strings.add(key)
        self._keys.setdefault(number, (len(self._keys), code, reason))
        return key

    def _add_term(
        self, matchers: dict[str, PhraseMatcher], code: str, reason: str, term: str
    ) -> None:
        words = tuple(token.lower_ for token in self.make_doc(term.strip()))
        if not words:
            return
        key = self._key(code, reason, reason)
        lemmas = [(word, self.forms.lemmas[word]) for word in words]
        forms = self._forms_of([[*dict.fromkeys(choice)] for choice in lemmas])
        if forms is not None:
            matchers["LOWER"].add(key, [self._phrase_doc("LOWER", words) for words in forms])
            return
        # Too many combinations of forms: compare lemmas (the text's must be set first).
        as_written = self._phrase_doc("LEMMA", words)
        matchers["LEMMA"].add(key, [self.lemmatize(self.make_doc(term.strip())), as_written])

    def _add_pattern(self, code: str, number: int, pattern: list[dict[str, Any]]) -> None:
        key = self._key(code, f"pattern {number}", "")
        simple = simple_pattern(pattern)
        if simple is not None:
            attr, choices = simple
            forms = self._forms_of(choices) if attr == "LEMMA" else None
            if forms is not None:
                attr, sequences = "LOWER", forms
            else:
                sequences = list(itertools.product(*choices))
            docs = [self._phrase_doc(attr, words) for words in sequences]
            self._hits[PHRASE_ATTRS[attr]].add(key, docs)
            return
        try:
            self._tokens.add(key, [pattern])
        except ValueError as error:
            raise CodebookError(
                f"code '{code}': pattern {number} is not a spaCy token pattern ({error})",
                "fix it in the codebook, e.g. `- [{LOWER: nå}, {LOWER: ut}]`, and import it again",
            ) from error

    def _forms_of(self, lemmas: Iterable[Iterable[str]]) -> list[tuple[str, ...]] | None:
        """The form sequences of words given as lemma choices, unless there are too many."""
        choices = [
            sorted({form for lemma in lemma_choices for form in self.forms.forms[lemma]})
            for lemma_choices in lemmas
        ]
        if not choices or math.prod(len(forms) for forms in choices) > MAX_PHRASES:
            return None
        return list(itertools.product(*choices))

    def _phrase_doc(self, attr: str, words: Sequence[str]) -> Doc:
        from spacy.tokens import Doc

        doc = Doc(self.vocab, words=list(words))
        if attr == "LEMMA":
            for token, word in zip(doc, words, strict=True):
                token.lemma_ = word
        return doc


class TurnRules:
    """The rules run on an import's tokenised pieces: hits per turn, vetoes per turn."""

    def __init__(
        self, lang: str, rules: Sequence[CodeRules], forms: KeywordForms | None = None
    ) -> None:
        nlp = blank_pipeline(lang)
        self.lemmatize = doc_lemmatizer(lang)
        configs = [rule.as_config() for rule in rules]
        self.matcher = CodeMatcher(
            nlp.vocab, nlp.make_doc, self.lemmatize.one, configs, lang=lang, forms=forms
        )

    @property
    def forms(self) -> KeywordForms:
        """The keywords' forms the rules match, to keep for the next import."""
        return self.matcher.forms

    def hits(
        self, pieces: Sequence[Piece], docs: Sequence[Doc], *, skip: Collection[int] = ()
    ) -> list[RuleHit]:
        """The hits in one source's pieces (as `split_sentences` gives them), none in `skip`.

        `skip` holds turns not to look at (the interviewer's). One hit per turn and code; a
        veto term anywhere in a turn vetoes its code in the turn.
        """
        if self.matcher.needs_lemmas:
            self.lemmatize.many(docs)
        hits: dict[int, list[_Hit]] = defaultdict(list)
        vetoed: dict[int, set[str]] = defaultdict(set)
        for (turn, offset, _), doc in zip(pieces, docs, strict=True):
            if turn in skip:
                continue
            found, vetoes = self.matcher.find(doc)
            for code, reason, start, end in found:
                last = doc[end - 1]
                hits[turn].append(
                    (code, reason, offset + doc[start].idx, offset + last.idx + len(last))
                )
            vetoed[turn].update(code for code, _, _, _ in vetoes)
        result: list[RuleHit] = []
        for turn, found_in_turn in hits.items():
            kept = [hit for hit in found_in_turn if hit[0] not in vetoed[turn]]
            result.extend(_unit_hits(turn, kept))
        return result


_COMPILED: dict[tuple[str, str], TurnRules] = {}
_LAST: dict[str, tuple[Sequence[CodeRules], TurnRules]] = {}
"""Per language the rules last asked for (the object itself) and their compiled form."""


def turn_rules(
    lang: str, rules: Sequence[CodeRules], forms: KeywordForms | None = None
) -> TurnRules:
    """The compiled rules for `lang`, built once per process for the same rules.

    `forms` are the keywords' forms kept from an earlier run (see coder.nlp.forms); without
    them they are worked out from the lemma table. An import asks once per source with the
    same rules object, which is recognised without writing the rules out again.
    """
    last = _LAST.get(lang)
    if last is not None and last[0] is rules:
        return last[1]
    key = (lang, _rules_key(rules))
    if key not in _COMPILED:
        _COMPILED[key] = TurnRules(lang, rules, forms)
    _LAST[lang] = (rules, _COMPILED[key])
    return _COMPILED[key]


def compiled_forms(lang: str, rules: Sequence[CodeRules]) -> KeywordForms | None:
    """The keywords' forms of `rules` for `lang`, if this process compiled them (else None)."""
    found = _COMPILED.get((lang, _rules_key(rules)))
    return None if found is None else found.forms


def _rules_key(rules: Sequence[CodeRules]) -> str:
    return json.dumps([rule.as_config() for rule in rules], sort_keys=True)


_Hit = tuple[str, str, int, int]
"""A hit in a unit's text: code, reason, start and end offsets."""


def _unit_hits(unit: int, hits: Sequence[_Hit]) -> list[RuleHit]:
    """One hit per code of a unit's hits (in text order), in order of first hit."""
    by_code: dict[str, tuple[dict[str, None], list[int]]] = {}
    for code, reason, start, end in hits:
        reasons, bounds = by_code.setdefault(code, ({}, [start, end]))
        reasons[reason] = None
        bounds[0], bounds[1] = min(bounds[0], start), max(bounds[1], end)
    return [
        RuleHit(unit, code, tuple(reasons), start, end)
        for code, (reasons, [start, end]) in by_code.items()
    ]


@cache
def _register_matcher() -> None:
    """Register the component with spaCy (once, on first use)."""
    from spacy.language import Language

    def make_matcher(nlp: Language, name: str, rules: list[dict[str, Any]]) -> CodeMatcher:
        del name
        lemmatize = nlp.get_pipe(LEMMATIZER_FACTORY)
        return CodeMatcher(nlp.vocab, nlp.make_doc, lemmatize, rules, lang=str(nlp.lang))

    Language.factory(MATCHER_FACTORY, default_config={"rules": []}, func=make_matcher)
