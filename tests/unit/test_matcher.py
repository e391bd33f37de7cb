"""The codebook's rules as a spaCy component: keywords over lemmas and forms, patterns, vetoes."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import pytest

from coder.errors import CodebookError
from coder.nlp.matcher import HITS, VETOES, CodeRules, rule_hits, rule_pipeline

if TYPE_CHECKING:
    from spacy.language import Language

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
    assert "pattern 'nå ut'" in found["na-industrin"]
    assert found["pandemin"] == ("pattern 'coronan'",)


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
