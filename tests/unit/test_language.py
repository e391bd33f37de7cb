"""Telling Swedish from English."""

from __future__ import annotations

import pytest

from coder.errors import CoderError
from coder.nlp.language import SAMPLE_WORDS, detect_language


def test_language_swedish_interview() -> None:
    text = (
        "Intervjuare: Kan du berätta hur samverkan med kommunerna fungerade?\n"
        "Anna: Ja, alltså i början var det svårt, för alla hade sina egna rutiner. "
        "Men efter ett år hade vi hittat ett sätt att jobba tillsammans."
    )
    assert detect_language(text) == "sv"


def test_language_english_report() -> None:
    text = (
        "The evaluation found that the regional network was the most important outcome of the "
        "project. Partners said that they would continue to meet after the funding ended."
    )
    assert detect_language(text) == "en"


@pytest.mark.parametrize(
    ("answer", "language"),
    [
        ("Ja, vi började med projektet 2019 och det var svårt.", "sv"),
        ("Nej, det tror jag inte att de hade tid med då.", "sv"),
        ("Well, we started the project in 2019 and it was hard.", "en"),
        ("No, I don't think they had the time for that then.", "en"),
    ],
)
def test_language_short_answers(answer: str, language: str) -> None:
    assert detect_language(answer) == language


def test_language_looks_at_the_start_of_long_texts() -> None:
    swedish = "och det var så att vi " * (SAMPLE_WORDS // 6 + 1)
    english = "and it was the way that we " * 10_000
    assert detect_language(swedish + english) == "sv"


def test_language_tie_is_swedish() -> None:
    assert detect_language("Pandemin COVID Region Skåne") == "sv"


@pytest.mark.parametrize("text", ["", "   \n", "2021-03-04 10:30", "— … !"])
def test_language_text_without_words_is_an_error(text: str) -> None:
    with pytest.raises(CoderError):
        detect_language(text)
