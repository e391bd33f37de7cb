"""The codebook's rules as a spaCy component: keywords over lemmas and forms, patterns, vetoes."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from coder.errors import CodebookError
from coder.nlp.matcher import HITS, VETOES, CodeRules, rule_hits, rule_pipeline, turn_rules
from coder.nlp.pipeline import blank_pipeline, doc_lemmatizer, lemma_of
from coder.services.codebook import load_codebook_file
from coder.services.rules import rules_of

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

ROOT = Path(__file__).resolve().parents[2]

SWEDISH = [
    CodeRules(
        "pandemin",
        keywords=("pandemi", "restriktion", "COVID-19"),
        patterns=(({"LOWER": {"IN": ["corona", "coronan"]}},),),
    ),
    CodeRules(
        "na-industrin",
        keywords=("företag", "nå ut", "småföretag"),
        patterns=(({"LOWER": "nå"}, {"LOWER": "ut"}),),
        exclude_keywords=("pandemi",),
    ),
]
ENGLISH = [CodeRules("reach", keywords=("company", "small business", "turnout"))]


@cache
def pipeline(lang: str, which: str) -> Language:
    """Built once per module: loading the lookup tables takes a second."""
    rules = {"sv": SWEDISH, "en": ENGLISH, "sv-reach": SWEDISH[1:]}[which]
    return rule_pipeline(lang, rules)


def hits(lang: str, rules: list[CodeRules], text: str) -> dict[str, tuple[str, ...]]:
    doc = pipeline(lang, "sv" if rules is SWEDISH else "en")(text)
    return {hit.code: hit.reasons for hit in rule_hits(doc)}


@pytest.mark.parametrize(
    "text",
    ["Pandemin slog till.", "Pandemins följder var stora.", "Under pandemierna", "PANDEMIN"],
)
def test_matcher_finds_a_swedish_keyword_in_its_inflections(text: str) -> None:
    assert hits("sv", SWEDISH, text).get("pandemin") == ("keyword 'pandemi'",)


def test_matcher_finds_inflected_plural_and_definite_forms() -> None:
    found = hits(
        "sv", SWEDISH, "Restriktionerna gjorde att företagen och småföretagen drog sig ur."
    )
    assert found["pandemin"] == ("keyword 'restriktion'",)
    assert set(found["na-industrin"]) == {"keyword 'företag'", "keyword 'småföretag'"}


@pytest.mark.parametrize("text", ["Companies did not come.", "the company's turnout was low"])
def test_matcher_finds_english_keywords_in_their_inflections(text: str) -> None:
    assert "keyword 'company'" in hits("en", ENGLISH, text)["reach"]


def test_matcher_finds_multiword_keywords_and_forms_not_in_the_lookup_table() -> None:
    assert hits("en", ENGLISH, "Small businesses stayed away.")["reach"] == (
        "keyword 'small business'",
    )
    assert hits("sv", SWEDISH, "Covid-19 stängde allt")["pandemin"] == ("keyword 'COVID-19'",)


def test_matcher_patterns_hit_with_the_matched_words_as_reason() -> None:
    found = hits("sv", SWEDISH, "Det var svårt att Nå Ut, sen kom coronan.")
    assert found["pandemin"] == ("pattern 'coronan'",)
    # The keyword 'nå ut' and the pattern nå + ut find the same words: one hit, one reason.
    assert found["na-industrin"] == ("keyword 'nå ut'",)


def test_matcher_exclude_terms_veto_the_codes_hits_in_the_same_unit() -> None:
    doc = pipeline("sv", "sv")("Företagen kom inte på grund av pandemin.")
    assert [hit.code for hit in rule_hits(doc)] == ["pandemin"]
    assert [(span.text, span.label_) for span in doc.spans[VETOES]] == [
        ("pandemin", "na-industrin")
    ]
    assert all(span.label_ != "na-industrin" for span in doc.spans[HITS])


def test_matcher_reports_the_span_of_the_hits_in_the_text() -> None:
    text = "Vi ringde. Företagen svarade inte."
    doc = pipeline("sv", "sv-reach")(text)
    (hit,) = doc.spans[HITS]
    assert text[hit.start_char : hit.end_char] == "Företagen"


def test_matcher_refuses_a_pattern_spacy_cannot_read_naming_the_code() -> None:
    rules = [CodeRules("x", patterns=(({"NOSUCH": "a"},),))]
    with pytest.raises(CodebookError, match="code 'x': pattern 1 is not a spaCy token pattern"):
        rule_pipeline("sv", rules)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_matcher_keyword_forms_match_exactly_what_comparing_lemmas_matches(lang: str) -> None:
    """The matcher looks for the forms of each keyword's lemmas; this compares it with the
    plain definition (a word matches when its lemma is the keyword word's lemma or the word
    itself) over the demo corpus and codebook, plus words the table spells oddly."""
    codebook = load_codebook_file(ROOT / "codebooks" / "smart-industri.yaml")
    rules = [rules_of(code) for code in codebook.codes if code.keywords]
    rules.append(CodeRules("odd", keywords=("er", "Sverige", "sverige", "hare")))
    texts = [path.read_text("utf-8") for path in sorted((ROOT / "corpora").rglob("*.txt"))]
    # The sv table has "er" → "Ni" and "Nis" → "Ni": no lowercase "nis" leads to "Ni".
    texts.append("Nis, ni och eran: Sveriges och sverige har haren harar.")
    nlp = blank_pipeline(lang)
    docs = [nlp.make_doc(text) for text in texts]
    doc_lemmatizer(lang).many(docs)
    matcher = turn_rules(lang, rules).matcher
    assert not matcher.needs_lemmas
    for doc in docs:
        hits, vetoes = matcher.find(doc)
        found = {hit for hit in [*hits, *vetoes] if not hit[1].startswith("pattern")}
        expected = _by_lemmas(lang, rules, doc)
        # Two terms of a code on the same words are one hit, with the first term's reason.
        assert {(c, s, e) for c, _, s, e in found} == {(c, s, e) for c, _, s, e in expected}
        assert found <= expected


def _by_lemmas(lang: str, rules: list[CodeRules], doc: Doc) -> set[tuple[str, str, int, int]]:
    make_doc = blank_pipeline(lang).make_doc
    lemmas = [token.lemma_ for token in doc]
    where: dict[str, list[int]] = {}
    for index, lemma in enumerate(lemmas):
        where.setdefault(lemma, []).append(index)
    found = set()
    for rule in rules:
        terms = [("keyword", term) for term in rule.keywords]
        terms += [("excluded", term) for term in rule.exclude_keywords]
        for kind, term in terms:
            words = [token.lower_ for token in make_doc(term)]
            wanted = [{word, lemma_of(lang, word)} for word in words]
            starts = {start for lemma in wanted[0] for start in where.get(lemma, [])}
            for start in starts:
                window = lemmas[start : start + len(words)]
                if len(window) == len(words) and all(
                    lemma in choices for lemma, choices in zip(window, wanted, strict=True)
                ):
                    found.add((rule.code, f"{kind} '{term}'", start, start + len(words)))
    return found


def test_matcher_terms_of_a_code_on_the_same_words_are_one_hit_with_the_first_reason() -> None:
    """A keyword written twice, or a keyword and a pattern, must not double a hit (or its score)."""
    rules = [CodeRules("x", keywords=("Pandemi", "pandemi"), patterns=(({"LOWER": "pandemin"},),))]
    doc = blank_pipeline("sv").make_doc("Pandemin kom")
    hits, _ = turn_rules("sv", rules).matcher.find(doc)
    assert hits == [("x", "keyword 'Pandemi'", 0, 1)]
