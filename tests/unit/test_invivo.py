"""Ids and colours for codes made while coding."""

from __future__ import annotations

import pytest

from coder.domain.codebook import Code, Codebook, validate_codebook
from coder.domain.invivo import PALETTE, next_color, shade, slug, unique_id


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Otydlig målgrupp", "otydlig-malgrupp"),
        ("Åtgärder för ökad samverkan", "atgarder-for-okad-samverkan"),
        ("  Café  - möte ", "cafe-mote"),
        ("Tvärsektoriell\nsamverkan", "tvarsektoriell-samverkan"),
        ("Lärdomar (2021)!", "lardomar-2021"),
        ("Grøn omstilling, Straße", "gron-omstilling-strasse"),
        ("???", "code"),
        (
            "Vi fick ställa in alla företagsbesök under hela våren",
            "vi-fick-stalla-in-alla-foretagsbesok",
        ),
        (
            "Donaudampfschifffahrtsgesellschaftskapitänswitwe",
            "donaudampfschifffahrtsgesellschaftskapit",
        ),
    ],
)
def test_invivo_slug(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_invivo_slug_is_a_valid_code_id() -> None:
    code = Code(id=slug("Ny kod: «test» & mer"), name="x")
    validate_codebook(Codebook("c", "sv", "", (code,)))


def test_invivo_unique_id_counts_up() -> None:
    assert unique_id("a", {"b"}) == "a"
    assert unique_id("a", {"a", "a-2"}) == "a-3"


def test_invivo_shade_keeps_the_family_and_varies_by_sibling() -> None:
    shades = [shade("#3366cc", index) for index in range(4)]
    assert len(set(shades)) == 4
    for color in shades:
        red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
        assert blue > green > red


def test_invivo_next_color_takes_the_first_unused_then_goes_round() -> None:
    assert next_color({PALETTE[0], None}, 3) == PALETTE[1]
    assert next_color(set(PALETTE), 12) == PALETTE[2]
