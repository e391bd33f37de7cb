"""Finding in a source: search hits and the sentences that hold them."""

from __future__ import annotations

from coder.domain.document import DocSentence, DocTurn, Document, find_all, hit_sentence

TEXT = "Anna: Vi hade möten. Bo: Möten? Nej.\nAnna: Fler möten sen."
#       turn 0: sentence 0 "Vi hade möten."; turn 1: "Möten?" (1), "Nej." (2); turn 2: (3)


def _document() -> Document:
    spans = [(6, 20), (25, 31), (32, 36), (43, 58)]
    sentences = tuple(
        DocSentence(index, turn, start, end)
        for index, (turn, (start, end)) in enumerate(zip([0, 1, 1, 2], spans, strict=True))
    )
    turns = (
        DocTurn(0, "Anna", None, 0, 20, False, 0, 1),
        DocTurn(1, "Bo", None, 21, 36, False, 1, 2),
        DocTurn(2, "Anna", None, 37, 58, False, 3, 1),
    )
    return Document("s", "interview", "sv", TEXT, turns, sentences)


def test_document_hit_sentence_moves_on_and_wraps_around() -> None:
    document = _document()
    hits = find_all(TEXT, "möten")
    assert len(hits) == 3
    assert hit_sentence(document, hits, 0, 1, from_here=True) == 0
    assert hit_sentence(document, hits, 0, 1, from_here=False) == 1
    assert hit_sentence(document, hits, 3, 1, from_here=False) == 0  # wraps
    assert hit_sentence(document, hits, 0, -1, from_here=False) == 3  # wraps back
    assert hit_sentence(document, [], 0, 1, from_here=True) is None


def test_document_a_hit_in_a_speakers_name_goes_with_the_next_sentence() -> None:
    document = _document()
    (bo,) = find_all(TEXT, "Bo:")
    assert hit_sentence(document, [bo], 0, 1, from_here=False) == 1
