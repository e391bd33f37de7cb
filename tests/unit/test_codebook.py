"""The codebook tree: building it from codes in any order, walking it, and what it refuses."""

from __future__ import annotations

import pytest

from coder.domain.codebook import Code, Codebook, normalize_color, validate_codebook
from coder.errors import CodebookError

UTMANINGAR = Code("utmaningar", "Utmaningar", codable=False)
NA_INDUSTRIN = Code("na-industrin", "Att nå industrin", parent_id="utmaningar", key="1")
PANDEMIN = Code("pandemin", "Pandemin", parent_id="utmaningar", key="2", position=1)
DIGITALA = Code("digitala-möten", "Digitala möten", parent_id="pandemin")
LARDOMAR = Code("lärdomar", "Lärdomar", codable=False, position=1)


def smart_industri() -> Codebook:
    """Two themes, one with a nested code, given children-first to exercise the ordering."""
    codes = [DIGITALA, LARDOMAR, PANDEMIN, NA_INDUSTRIN, UTMANINGAR]
    return Codebook.from_codes("Smart industri", "sv", "", codes)


def outline(codebook: Codebook) -> list[str]:
    """The tree as a researcher sees it: one indented line per code."""
    return ["  " * codebook.depth(code.id) + code.id for code in codebook.codes]


def error_of(*codes: Code, language: str = "sv", name: str = "Test") -> str:
    """The one line the CLI would print for a codebook built from these codes."""
    with pytest.raises(CodebookError) as caught:
        Codebook.from_codes(name, language, "", codes, origin="test.yaml")
    return caught.value.one_line()


def test_codebook_from_codes_puts_parents_before_children_and_siblings_by_position() -> None:
    assert outline(smart_industri()) == [
        "utmaningar",
        "  na-industrin",
        "  pandemin",
        "    digitala-möten",
        "lärdomar",
    ]


def test_codebook_from_codes_renumbers_positions_among_siblings() -> None:
    codes = [Code("b", "B", position=7), Code("a", "A", position=3), Code("c", "C", position=7)]
    codebook = Codebook.from_codes("T", "en", "", codes)
    assert [(code.id, code.position) for code in codebook.codes] == [("a", 0), ("b", 1), ("c", 2)]


def test_codebook_from_codes_normalises_colours_to_lower_case_rrggbb() -> None:
    codes = [Code("a", "A", color="#C03"), Code("b", "B", color="#E74C3C")]
    codebook = Codebook.from_codes("T", "en", "", codes)
    assert [code.color for code in codebook.codes] == ["#cc0033", "#e74c3c"]


def test_codebook_normalize_color_refuses_names_and_bad_hex() -> None:
    assert normalize_color("#abc") == "#aabbcc"
    assert normalize_color("red") is None
    assert normalize_color("#abcd") is None
    assert normalize_color("c0392b") is None


def test_codebook_children_and_roots_follow_tree_order() -> None:
    codebook = smart_industri()
    assert [code.id for code in codebook.roots()] == ["utmaningar", "lärdomar"]
    assert [code.id for code in codebook.children("utmaningar")] == ["na-industrin", "pandemin"]
    assert codebook.children("lärdomar") == []


def test_codebook_theme_of_is_the_top_level_ancestor() -> None:
    codebook = smart_industri()
    assert codebook.theme_of("digitala-möten").id == "utmaningar"
    assert codebook.theme_of("lärdomar").id == "lärdomar"


def test_codebook_path_and_depth_go_from_theme_to_code() -> None:
    codebook = smart_industri()
    assert [code.id for code in codebook.path("digitala-möten")] == [
        "utmaningar",
        "pandemin",
        "digitala-möten",
    ]
    assert [codebook.depth(c) for c in ("utmaningar", "pandemin", "digitala-möten")] == [0, 1, 2]


def test_codebook_descendants_are_in_tree_order_without_the_code() -> None:
    codebook = smart_industri()
    assert [code.id for code in codebook.descendants("utmaningar")] == [
        "na-industrin",
        "pandemin",
        "digitala-möten",
    ]
    assert codebook.descendants("digitala-möten") == []


def test_codebook_by_key_finds_the_shortcut_code() -> None:
    codebook = smart_industri()
    code = codebook.by_key("2")
    assert code is not None
    assert code.id == "pandemin"
    assert codebook.by_key("9") is None


def test_codebook_get_returns_none_for_an_unknown_id() -> None:
    assert smart_industri().get("okänd") is None


def test_codebook_by_id_names_the_unknown_id_and_suggests_close_ones() -> None:
    with pytest.raises(CodebookError) as caught:
        smart_industri().by_id("pandemi")
    assert caught.value.one_line() == (
        "no code 'pandemi' in codebook 'Smart industri' (did you mean 'pandemin'?); "
        "see the codes and their ids with `coder codebook list`"
    )


def test_codebook_children_of_an_unknown_code_is_an_error() -> None:
    with pytest.raises(CodebookError, match="no code 'okänd'"):
        smart_industri().children("okänd")


def test_codebook_path_of_an_unchecked_cycle_stops_with_an_error() -> None:
    looped = Codebook("T", "en", "", (Code("a", "A", parent_id="b"), Code("b", "B", parent_id="a")))
    with pytest.raises(CodebookError, match="go round in a circle"):
        looped.path("a")


def test_codebook_validate_accepts_a_good_codebook() -> None:
    validate_codebook(smart_industri())


def test_codebook_validate_refuses_a_missing_codebook_name() -> None:
    assert (
        error_of(Code("a", "A"), name=" ")
        == "test.yaml: the codebook has no name; give the codebook a name"
    )


def test_codebook_validate_refuses_an_unsupported_language() -> None:
    assert error_of(Code("a", "A"), language="de") == (
        "test.yaml: language 'de' is not supported; use one of: sv, en"
    )


def test_codebook_validate_refuses_an_empty_id() -> None:
    assert error_of(Code("", "Att nå industrin")) == (
        "test.yaml: code named 'Att nå industrin': missing id; give every code an id: use a slug "
        "of letters, digits, '-', '_' and '.', such as 'na-industrin'"
    )


def test_codebook_validate_refuses_spaces_and_punctuation_in_ids() -> None:
    assert error_of(Code("nå industrin!", "Att nå industrin")) == (
        "test.yaml: code 'nå industrin!': the id contains ' ', '!'; use a slug of letters, "
        "digits, '-', '_' and '.', such as 'na-industrin'"
    )


def test_codebook_validate_accepts_swedish_letters_digits_and_dots_in_ids() -> None:
    Codebook.from_codes("T", "sv", "", [Code("lärdomar_2.ö-1", "Lärdomar")])


def test_codebook_validate_refuses_a_missing_name() -> None:
    assert error_of(Code("pandemin", "  ")) == (
        "test.yaml: code 'pandemin': missing name; give the code a name: the label coders read"
    )


def test_codebook_validate_refuses_a_key_that_is_not_one_digit() -> None:
    assert error_of(Code("pandemin", "Pandemin", key="12")) == (
        "test.yaml: code 'pandemin': key \"12\" is not one of 0, 1, 2, 3, 4, 5, 6, 7, 8, 9; "
        "give the code a single digit 0-9 as key, or none"
    )


def test_codebook_validate_refuses_a_colour_that_is_not_hex() -> None:
    assert error_of(Code("pandemin", "Pandemin", color="red")) == (
        "test.yaml: code 'pandemin': colour 'red' is not a hex colour; write colours as "
        '"#rrggbb" or "#rgb", e.g. "#c0392b"; colour names are not supported'
    )


def test_codebook_validate_refuses_a_duplicate_id() -> None:
    assert error_of(Code("pandemin", "Pandemin"), Code("pandemin", "Pandemin igen")) == (
        "test.yaml: code 'pandemin': duplicate id (also used by an earlier code); "
        "give each code its own id"
    )


def test_codebook_validate_refuses_a_duplicate_key_naming_both_codes() -> None:
    codes = (Code("digitala-moten", "Digitala möten", key="2"), Code("pandemin", "P", key="2"))
    assert error_of(*codes) == (
        "test.yaml: code 'pandemin': duplicate key \"2\" (also used by 'digitala-moten'); "
        "give each code its own key from 0-9, or none"
    )


def test_codebook_validate_refuses_an_unknown_parent_and_suggests_one() -> None:
    codes = (Code("utmaningar", "Utmaningar"), Code("pandemin", "P", parent_id="utmaning"))
    assert error_of(*codes) == (
        "test.yaml: code 'pandemin': parent 'utmaning' is not a code in this codebook "
        "(did you mean 'utmaningar'?); use the id of another code as parent, or none to make "
        "it a top-level code"
    )


def test_codebook_validate_refuses_a_cycle_and_shows_it() -> None:
    codes = (
        Code("a", "A", parent_id="c"),
        Code("b", "B", parent_id="a"),
        Code("c", "C", parent_id="b"),
    )
    assert error_of(*codes) == (
        "test.yaml: code 'a': parent links go round in a circle: a → c → b → a; give one of "
        "these codes another parent, or none, so that every code leads up to a top-level theme"
    )


def test_codebook_validate_refuses_a_code_that_is_its_own_parent() -> None:
    assert error_of(Code("a", "A", parent_id="a")).startswith(
        "test.yaml: code 'a': parent links go round in a circle: a → a;"
    )


def test_codebook_validate_names_lines_when_given_them() -> None:
    codes = (Code("digitala-moten", "D", key="2"), Code("pandemin", "P", key="2"))
    lines = {(0, "key"): 31, (1, "key"): 14}
    with pytest.raises(CodebookError) as caught:
        Codebook.from_codes(
            "T", "sv", "", codes, origin="x.yaml", line_of=lambda i, f: lines.get((i, f))
        )
    assert caught.value.message == (
        "x.yaml, line 14: code 'pandemin': duplicate key \"2\" "
        "(also used by 'digitala-moten' on line 31)"
    )
