"""Sentence splitting and lemmas from blank spaCy pipelines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coder.domain.source import Sentence, Turn
from coder.errors import CoderError
from coder.nlp.pipeline import blank_pipeline, split_sentences


def sentences(lang: str, text: str) -> list[str]:
    """The sentences of a text taken as one turn."""
    [found] = split_sentences(lang, text, [Turn(0, len(text))])
    return [text[s.start : s.end] for s in found]


def test_pipeline_swedish_abbreviations_do_not_end_sentences() -> None:
    text = (
        "Vi var där dvs. ca. 20 st. Sen gick vi. Det var t.ex. bl.a. s.k. nätverk resp. grupper. "
        "Vi ses kl. 10 i rum nr. 5, jfr. förra året. Det gäller d.v.s. o.s.v. alla. "
        "Fr.o.m. i dag t.o.m. fredag. Anna m.fl. kom. T.ex. jag. Ca. hälften kom."
    )
    assert sentences("sv", text) == [
        "Vi var där dvs. ca. 20 st. Sen gick vi.",
        "Det var t.ex. bl.a. s.k. nätverk resp. grupper.",
        "Vi ses kl. 10 i rum nr. 5, jfr. förra året.",
        "Det gäller d.v.s. o.s.v. alla.",
        "Fr.o.m. i dag t.o.m. fredag.",
        "Anna m.fl. kom.",
        "T.ex. jag.",
        "Ca. hälften kom.",
    ]


def test_pipeline_english_abbreviations_do_not_end_sentences() -> None:
    text = (
        "We met Dr. Berg, Mr. Ek, Mrs. Lund, Ms. Holm and Prof. Sand. "
        "Costs, e.g. travel, i.e. trains, were approx. 10 vs. 12 units. "
        "E.g. this one. It was no. 5 on the list."
    )
    assert sentences("en", text) == [
        "We met Dr. Berg, Mr. Ek, Mrs. Lund, Ms. Holm and Prof. Sand.",
        "Costs, e.g. travel, i.e. trains, were approx. 10 vs. 12 units.",
        "E.g. this one.",
        "It was no. 5 on the list.",
    ]


def test_pipeline_no_before_a_word_still_ends_a_sentence() -> None:
    assert sentences("en", "Did it work? No. It did not.") == ["Did it work?", "No.", "It did not."]


def test_pipeline_list_closing_abbreviations_end_a_sentence_before_a_capital() -> None:
    assert sentences("sv", "Vi hade möten, fika osv. Sen kom pandemin. Möten m.m. och mer.") == [
        "Vi hade möten, fika osv.",
        "Sen kom pandemin.",
        "Möten m.m. och mer.",
    ]
    assert sentences("en", "Meetings, workshops etc. Then the pandemic. Travel etc. was cut.") == [
        "Meetings, workshops etc.",
        "Then the pandemic.",
        "Travel etc. was cut.",
    ]


def test_pipeline_blank_line_inside_a_turn_ends_a_sentence() -> None:
    text = "Det var svårt\ni början\n\n  sen gick det bättre"
    assert sentences("sv", text) == ["Det var svårt\ni början", "sen gick det bättre"]


def test_pipeline_sentences_are_offsets_into_the_whole_text() -> None:
    text = "Intervjuare: Hur gick det? Bra?\nAnna: Det gick bra. Tack!\nIntervjuare: Ok\n"
    turns = [Turn(13, 31, "Intervjuare"), Turn(38, 57, "Anna"), Turn(71, 73, "Intervjuare")]
    found = split_sentences("sv", text, turns)
    assert [[text[s.start : s.end] for s in turn] for turn in found] == [
        ["Hur gick det?", "Bra?"],
        ["Det gick bra.", "Tack!"],
        ["Ok"],
    ]


def test_pipeline_empty_turn_has_no_sentences() -> None:
    text = "Anna:\nPer: Ja."
    assert split_sentences("sv", text, [Turn(5, 5, "Anna"), Turn(11, 14, "Per")]) == [
        [],
        [Sentence(11, 14)],
    ]


def test_pipeline_unknown_language_names_the_valid_ones() -> None:
    with pytest.raises(CoderError) as raised:
        blank_pipeline("de")
    assert "'de'" in raised.value.message
    assert "sv" in raised.value.hint
    assert "en" in raised.value.hint


def test_pipeline_import_pipeline_is_cached_and_has_no_lemmatizer() -> None:
    nlp = blank_pipeline("sv")
    assert nlp is blank_pipeline("sv", lemmatizer=False)
    assert nlp.pipe_names == ["sentencizer"]


def test_pipeline_lookup_lemmas_are_lowercase() -> None:
    swedish = blank_pipeline("sv", lemmatizer=True)
    assert [t.lemma_ for t in swedish("Pandemins pandemin Kommunerna")] == [
        "pandemi",
        "pandemi",
        "kommun",
    ]
    english = blank_pipeline("en", lemmatizer=True)
    assert [t.lemma_ for t in english("Meetings were held")] == ["meeting", "be", "hold"]
    assert blank_pipeline("sv").pipe_names == ["sentencizer"]


words = st.sampled_from(
    ["Ja", "det", "t.ex.", "osv.", "no.", "5", "Sen", "etc.", "Dr.", "?", "!", ".", "…", "ca."]
)
pieces = st.one_of(words, st.sampled_from([" ", "\n", "\n\n", " \n \n", "\t"]), st.text(max_size=5))
turn_texts = st.lists(pieces, max_size=30).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(turn_texts, min_size=1, max_size=4), st.sampled_from(["sv", "en"]))
def test_pipeline_sentences_tile_each_turn(contents: list[str], lang: str) -> None:
    text, turns = "", []
    for content in contents:
        text += "X: "
        turns.append(Turn(len(text), len(text) + len(content)))
        text += content + "\n"
    found = split_sentences(lang, text, turns)
    assert len(found) == len(turns)
    for turn, sents in zip(turns, found, strict=True):
        position = turn.start
        for sentence in sents:
            assert position <= sentence.start < sentence.end <= turn.end
            piece = text[sentence.start : sentence.end]
            assert piece == piece.strip()
            assert not text[position : sentence.start].strip()
            position = sentence.end
        assert not text[position : turn.end].strip()
        assert bool(sents) == bool(text[turn.start : turn.end].strip())


_PIECES = st.sampled_from(
    ["Ja", "nej", "alltså", "t.ex.", "Vi", "möten", ".", "!", "?", "...", ",", "–", '"', ")",
     "(", "20", "3.5", "Dr.", "e.g.", "ok.", "Hej!", "så?", "\n", "\n\n", " "]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=40), st.sampled_from(["sv", "en"]))
def test_pipeline_fast_sentence_rule_matches_spacy_sentencizer(words: list[str], lang: str) -> None:
    from coder.nlp.pipeline import _sentence_punctuation, _sentence_spans, blank_pipeline

    text = " ".join(words)
    nlp = blank_pipeline(lang)
    expected = [(s.start_char, s.end_char) for s in nlp(text).sents]
    docs = [nlp.tokenizer(text), nlp.tokenizer("Två. Meningar här"), nlp.tokenizer(text)]
    spans = _sentence_spans(docs, _sentence_punctuation(lang))
    assert spans[0] == expected
    assert spans[2] == expected
