"""Lowercase lookup lemmas for the suggestion model's features."""

from __future__ import annotations

import pytest

from coder.errors import CoderError
from coder.nlp.lemmas import lemmatizer
from coder.nlp.pipeline import blank_pipeline


def test_lemmas_swedish_inflections_map_to_the_base_form() -> None:
    lemmas = lemmatizer("sv")
    assert lemmas("Pandemin") == ("pandemi",)
    assert lemmas("Pandemins effekter") == ("pandemi", "effekt")
    assert lemmas("kommunerna, projektet och utmaningar") == (
        "kommun",
        "projekt",
        "och",
        "utmaning",
    )


def test_lemmas_english_inflections_map_to_the_base_form() -> None:
    lemmas = lemmatizer("en")
    assert lemmas("Companies and their children went") == ("company", "and", "their", "child", "go")
    assert lemmas("The nurses were caring.") == ("the", "nurse", "be", "care")


def test_lemmas_unknown_words_come_back_lowercased_and_punctuation_is_dropped() -> None:
    assert lemmatizer("sv")("Smart Industri-Östergötland!") == ("smart", "industri", "östergötland")
    assert lemmatizer("en")("Xyzzyland, 2024 ...") == ("xyzzyland", "2024")
    assert lemmatizer("en")("") == ()


def test_lemmas_agree_with_the_pipeline_lookup_lemmatizer_on_plain_words() -> None:
    text = "Kommunerna och regionerna hade möten om pandemin och projekten"
    doc = blank_pipeline("sv", lemmatizer=True)(text)
    assert lemmatizer("sv")(text) == tuple(token.lemma_ for token in doc)


def test_lemmas_are_one_per_word_token_so_windows_can_slice_them() -> None:
    text = "Vi pratade om samverkan. Sen kom pandemin!"
    assert len(lemmatizer("sv")(text)) == 7


def test_lemmas_unknown_language_names_the_valid_ones() -> None:
    with pytest.raises(CoderError, match="'de'") as error:
        lemmatizer("de")
    assert "sv, en" in error.value.hint


def test_lemmas_function_is_built_once_per_language() -> None:
    assert lemmatizer("en") is lemmatizer("en")
