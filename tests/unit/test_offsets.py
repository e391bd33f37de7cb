"""Mapping other programs' positions into stored text: each way of counting, cut characters."""

from __future__ import annotations

import unicodedata

from coder.ingest.normalize import normalize
from coder.services.exchange.offsets import STANDARD, Selection, choose, countings

SWEDISH = "Vi fick ställa in.\r\nDet var svårt att nå företagen.\r\n"


def test_offsets_stored_text_is_the_normalised_text() -> None:
    for given in (SWEDISH, unicodedata.normalize("NFD", SWEDISH), "\ufeffHej\x07 du\u2028", ""):
        stored, maps = countings(given)
        assert stored == normalize(given)
        assert maps[0].counting == STANDARD


def test_offsets_plain_text_has_one_way_of_counting() -> None:
    _, maps = countings("Plain ASCII text without line breaks.")
    assert [m.counting for m in maps] == [STANDARD]


def test_offsets_crlf_counted_as_two_maps_onto_one_newline() -> None:
    stored, maps = countings(SWEDISH)
    start = SWEDISH.index("Det")
    span = maps[0].span(Selection(start, start + len("Det var svårt")))
    assert stored[span[0] : span[1]] == "Det var svårt"


def test_offsets_a_character_cut_in_two_is_included_whole() -> None:
    given = unicodedata.normalize("NFD", "Svårt läge")  # å is a + ring
    stored, maps = countings(given)
    inside = given.index("\u030a")  # between the a and its ring
    assert maps[0].span(Selection(inside, len(given))) == (2, len(stored))
    assert maps[0].span(Selection(0, inside)) == (0, 3)


def test_offsets_no_counting_fits_a_selection_beyond_the_text() -> None:
    stored, maps = countings(SWEDISH)
    assert choose(maps, stored, [Selection(0, 500)]) == (None, [])


def test_offsets_the_standard_wins_when_every_counting_lands_alike() -> None:
    stored, maps = countings(SWEDISH)
    chosen, rivals = choose(maps, stored, [Selection(0, 2)])
    assert chosen is not None
    assert (chosen.counting, rivals) == (STANDARD, [])
