"""The lowercase forms a codebook's keywords match, worked out once and kept by the project.

The matcher (coder.nlp.matcher) finds a keyword by the lowercase forms whose lookup lemma is
the lemma of the keyword's word, or that word itself. Working them out means reading the whole
lemma table of the language (half a second for Swedish), which would be most of the cost of the
rules in a small import. `KeywordForms` holds the answer as plain data, which the project keeps
under `forms_key` (the rules, the language and the versions of spaCy and its lookup tables), so
that the next import with the same codebook reads it back instead.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from typing import TYPE_CHECKING, Any

from coder.nlp.pipeline import blank_pipeline, forms_of_lemmas, lemma_of

if TYPE_CHECKING:
    from spacy.tokens import Doc

PHRASE_ATTRS = {"LOWER": "LOWER", "ORTH": "ORTH", "TEXT": "ORTH", "LEMMA": "LEMMA"}
"""Token attributes of patterns that phrase matchers can match (TEXT is ORTH)."""
MAX_PHRASES = 1000
"""A simple pattern or keyword with more combinations than this is matched otherwise."""


@dataclass(frozen=True)
class KeywordForms:
    """What matching keywords by their forms needs from the lemma table of one language."""

    lemmas: Mapping[str, str]
    """Each lowercase word of the keywords and veto terms → its lemma."""
    forms: Mapping[str, frozenset[str]]
    """Each of those words and lemmas, and each LEMMA pattern value → the forms with it."""

    def to_json(self) -> str:
        """As JSON, to keep."""
        forms = {lemma: sorted(found) for lemma, found in self.forms.items()}
        return json.dumps({"lemmas": self.lemmas, "forms": forms}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> KeywordForms:
        """Read back what `to_json` wrote."""
        data = json.loads(text)
        forms = {lemma: frozenset(found) for lemma, found in data["forms"].items()}
        return cls(dict(data["lemmas"]), forms)


def keyword_forms(
    lang: str, rules: Sequence[dict[str, Any]], make_doc: Callable[[str], Doc] | None = None
) -> KeywordForms:
    """The forms the rules' keywords, veto terms and LEMMA patterns match (reads the table)."""
    tokenize = make_doc or blank_pipeline(lang).make_doc
    words = {
        token.lower_
        for rule in rules
        for term in (*rule["keywords"], *rule["exclude_keywords"])
        for token in tokenize(term.strip())
    }
    lemmas = {word: lemma_of(lang, word) for word in words}
    values: set[str] = set()
    for rule in rules:
        for pattern in rule["patterns"]:
            simple = simple_pattern(pattern)
            if simple is not None and simple[0] == "LEMMA":
                values.update(word for words in simple[1] for word in words)
    return KeywordForms(lemmas, forms_of_lemmas(lang, {*words, *lemmas.values(), *values}))


def forms_key(lang: str, rules: Sequence[dict[str, Any]]) -> str:
    """What the forms of these rules depend on, as a short hash: the rules and the versions."""
    basis = {
        "lang": lang,
        "rules": list(rules),
        "spacy": version("spacy"),
        "lookups": version("spacy-lookups-data"),
    }
    digest = hashlib.sha1(json.dumps(basis, sort_keys=True).encode(), usedforsecurity=False)
    return digest.hexdigest()[:16]


def simple_pattern(pattern: Sequence[dict[str, Any]]) -> tuple[str, list[list[str]]] | None:
    """A token pattern as (attribute, the words each token may be) when phrases match the same.

    That is when every token gives one LOWER, ORTH/TEXT or LEMMA value or `IN` list, all the
    same attribute, no operators, and the combinations are not too many.
    """
    attrs = {next(iter(token), None) for token in pattern if len(token) == 1}
    if len(attrs) != 1 or any(len(token) != 1 for token in pattern):
        return None
    attr = attrs.pop()
    if attr not in PHRASE_ATTRS:
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
    if not choices or math.prod(len(words) for words in choices) > MAX_PHRASES:
        return None
    return attr, choices
