"""Codebook YAML: reading the nested and flat formats, errors with file and line, writing back."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coder.domain.codebook import Code, Codebook
from coder.errors import CodebookError
from coder.ingest.codebook_dump import dump_codebook
from coder.ingest.codebook_yaml import load_codebook, parse_codebook

ORIGIN = "codebooks/x.yaml"

SMART_INDUSTRI = """\
name: Smart industri, utvärdering av ett regionalt program
language: sv
description: |
  Codebook for the evaluation.
  Themes are not codable.
codes:
  - id: utmaningar
    name: Utmaningar
    description: Challenges the projects met.
    codable: false
    color: "#C0392B"
    children:
      - id: na-industrin
        name: Att nå industrin som målgrupp
        key: 1
        color: "#e74"
        description: Hur projekten når företagen.
        include: Kontakter med företag.
        exclude: Kontakter med akademin.
        examples: ["Det var svårt att nå ut", "Företagen svarade inte"]
        keywords: [företag, industrin, målgrupp, reach companies]
        patterns:
          - [{LOWER: nå}, {LOWER: ut}]
          - [{LEMMA: {IN: [företag, bolag]}}, {OP: "?"}]
      - id: pandemin
        name: Pandemin
        key: "2"
  - id: lärdomar
    name: Lärdomar
    codable: false
"""


def parse(text: str) -> Codebook:
    """Parse YAML written with its first line right after the opening quotes."""
    return parse_codebook(textwrap.dedent(text), origin=ORIGIN)


def error_of(text: str) -> str:
    """The one line the CLI would print for this YAML."""
    with pytest.raises(CodebookError) as caught:
        parse(text)
    return caught.value.one_line()


def with_codes(codes: str) -> str:
    """A codebook file around a `codes:` block; the first code is on line 4."""
    return "name: T\nlanguage: sv\ncodes:\n" + textwrap.dedent(codes)


def outline(codebook: Codebook) -> list[str]:
    """The tree as a researcher sees it: one indented line per code."""
    return ["  " * codebook.depth(code.id) + code.id for code in codebook.codes]


def test_codebook_yaml_reads_the_nested_tree() -> None:
    codebook = parse(SMART_INDUSTRI)
    assert (codebook.name, codebook.language) == (
        "Smart industri, utvärdering av ett regionalt program",
        "sv",
    )
    assert codebook.description == "Codebook for the evaluation.\nThemes are not codable.\n"
    assert outline(codebook) == ["utmaningar", "  na-industrin", "  pandemin", "lärdomar"]


def test_codebook_yaml_reads_every_field_of_a_code() -> None:
    assert parse(SMART_INDUSTRI).by_id("na-industrin") == Code(
        id="na-industrin",
        name="Att nå industrin som målgrupp",
        parent_id="utmaningar",
        key="1",
        color="#ee7744",
        description="Hur projekten når företagen.",
        include="Kontakter med företag.",
        exclude="Kontakter med akademin.",
        examples=("Det var svårt att nå ut", "Företagen svarade inte"),
        keywords=("företag", "industrin", "målgrupp", "reach companies"),
        patterns=(
            ({"LOWER": "nå"}, {"LOWER": "ut"}),
            ({"LEMMA": {"IN": ["företag", "bolag"]}}, {"OP": "?"}),
        ),
        codable=True,
        position=0,
    )


def test_codebook_yaml_lower_cases_colours_and_reads_codable_false() -> None:
    theme = parse(SMART_INDUSTRI).by_id("utmaningar")
    assert (theme.color, theme.codable) == ("#c0392b", False)


def test_codebook_yaml_reads_a_flat_list_with_parents_in_any_order() -> None:
    codebook = parse(
        with_codes("""\
        - {id: digitala-moten, name: Digitala möten, parent: pandemin}
        - {id: pandemin, name: Pandemin, parent: utmaningar}
        - {id: utmaningar, name: Utmaningar}
        - {id: na-industrin, name: Att nå industrin, parent: utmaningar}
        """)
    )
    assert outline(codebook) == [
        "utmaningar",
        "  pandemin",
        "    digitala-moten",
        "  na-industrin",
    ]


def test_codebook_yaml_keeps_plain_words_and_numbers_as_text() -> None:
    code = parse(with_codes("- {id: 2020, name: yes, keywords: [nej, 5, on]}")).by_id("2020")
    assert (code.name, code.keywords) == ("yes", ("nej", "5", "on"))


def test_codebook_yaml_load_reads_a_utf8_file_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "smart.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + SMART_INDUSTRI.encode())
    assert load_codebook(path) == parse(SMART_INDUSTRI)


def test_codebook_yaml_load_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CodebookError) as caught:
        load_codebook(tmp_path / "saknas.yaml")
    assert caught.value.message == f"{tmp_path / 'saknas.yaml'}: no such codebook file"


def test_codebook_yaml_load_refuses_text_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: Lärdomar\n".encode("latin-1"))
    with pytest.raises(CodebookError) as caught:
        load_codebook(path)
    assert caught.value.one_line() == f"{path}: not UTF-8 text (byte 7); save the codebook as UTF-8"


def test_codebook_yaml_error_names_file_in_origin(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(with_codes("- {id: a, name: A, key: 12}"), encoding="utf-8")
    with pytest.raises(CodebookError) as caught:
        load_codebook(path)
    assert caught.value.message.startswith(f"{path}, line 4: code 'a': key \"12\"")


def test_codebook_yaml_refuses_invalid_yaml_syntax_with_its_line() -> None:
    assert error_of(with_codes("- id: a\n   name: A\n")) == (
        "codebooks/x.yaml, line 5: not valid YAML: mapping values are not allowed here; fix the "
        "YAML at that line (indentation, a missing ':' or an unclosed quote or bracket)"
    )


def test_codebook_yaml_refuses_an_empty_file() -> None:
    assert error_of("# nothing yet\n").startswith("codebooks/x.yaml: the codebook file is empty;")


def test_codebook_yaml_refuses_a_top_level_that_is_not_a_mapping() -> None:
    assert error_of("- id: a\n  name: A\n") == (
        "codebooks/x.yaml, line 1: the codebook must be a mapping of fields, got a list; "
        "write one `field: value` per line, e.g. `id: na-industrin`"
    )


def test_codebook_yaml_refuses_a_file_without_codes() -> None:
    assert error_of("name: T\nlanguage: sv\n") == (
        "codebooks/x.yaml, line 1: the codebook has no `codes:`; add `codes:` with a list of "
        "codes, each with at least `id:` and `name:`"
    )


def test_codebook_yaml_refuses_a_file_without_language() -> None:
    assert error_of("name: T\ncodes: []\n").startswith(
        "codebooks/x.yaml, line 1: the codebook has no `language:`; add `language: sv`"
    )


def test_codebook_yaml_refuses_an_unsupported_language_with_its_line() -> None:
    assert error_of("name: T\nlanguage: de\ncodes: []\n") == (
        "codebooks/x.yaml, line 2: language 'de' is not supported; use one of: sv, en"
    )


def test_codebook_yaml_refuses_an_empty_codebook_name() -> None:
    assert error_of("name: ''\nlanguage: sv\ncodes: []\n") == (
        "codebooks/x.yaml: the codebook has no name; give the codebook a name"
    )


def test_codebook_yaml_refuses_an_unknown_top_level_field_listing_valid_ones() -> None:
    assert error_of("name: T\nlanguage: sv\nversion: 2\ncodes: []\n") == (
        "codebooks/x.yaml, line 3: the codebook: unknown field 'version'; use only these "
        "fields: name, language, description, codes"
    )


def test_codebook_yaml_refuses_an_unknown_code_field_listing_valid_ones() -> None:
    assert error_of(with_codes("- id: a\n  name: A\n  colour: '#fff'\n")) == (
        "codebooks/x.yaml, line 6: a code: unknown field 'colour'; use only these fields: id, "
        "name, parent, key, color, description, include, exclude, examples, keywords, "
        "exclude_keywords, patterns, codable, children"
    )


def test_codebook_yaml_refuses_a_field_given_twice() -> None:
    assert error_of(with_codes("- id: a\n  name: A\n  name: B\n")) == (
        "codebooks/x.yaml, line 6: a code: field 'name' is given twice (also on line 5); "
        "keep one of them"
    )


def test_codebook_yaml_refuses_codes_that_are_not_a_list() -> None:
    assert error_of("name: T\nlanguage: sv\ncodes:\n  id: a\n").startswith(
        "codebooks/x.yaml, line 4: the codebook's `codes:` must be a list of codes, got a mapping;"
    )


def test_codebook_yaml_refuses_a_code_that_is_not_a_mapping() -> None:
    assert error_of(with_codes("- utmaningar\n")).startswith(
        "codebooks/x.yaml, line 4: a code must be a mapping of fields, got text;"
    )


def test_codebook_yaml_refuses_keywords_that_are_not_a_list_of_text() -> None:
    assert error_of(with_codes("- id: a\n  name: A\n  keywords: företag\n")) == (
        "codebooks/x.yaml, line 6: code 'a': keywords must be a list of text; write "
        "`keywords: [first, second]`, or one `- item` per line below it"
    )


def test_codebook_yaml_refuses_a_name_that_is_not_text() -> None:
    assert error_of(with_codes("- id: a\n  name: [A, B]\n")).startswith(
        "codebooks/x.yaml, line 5: code 'a': name must be text, got a list;"
    )


def test_codebook_yaml_refuses_codable_that_is_not_true_or_false() -> None:
    assert error_of(with_codes("- id: a\n  name: A\n  codable: nej\n")) == (
        "codebooks/x.yaml, line 6: code 'a': codable must be true or false; write `codable: false`"
    )


def test_codebook_yaml_refuses_patterns_that_are_not_lists_of_token_mappings() -> None:
    assert error_of(with_codes("- id: a\n  name: A\n  patterns:\n    - {LOWER: nå}\n")) == (
        "codebooks/x.yaml, line 7: code 'a': each pattern must be a list of token mappings; "
        "write each pattern as a list of token mappings: `- [{LOWER: nå}, {LOWER: ut}]`"
    )


def test_codebook_yaml_refuses_a_key_that_is_not_one_digit() -> None:
    assert error_of(with_codes("- id: a\n  name: A\n  key: 12\n")) == (
        "codebooks/x.yaml, line 6: code 'a': key \"12\" is not one of 0, 1, 2, 3, 4, 5, 6, 7, 8, "
        "9; give the code a single digit 0-9 as key, or none"
    )


def test_codebook_yaml_explains_an_unquoted_colour_read_as_a_comment() -> None:
    assert error_of(with_codes("- id: a\n  name: A\n  color: #c0392b\n")) == (
        "codebooks/x.yaml, line 6: code 'a': color is empty; put the colour in quotes, since # "
        'starts a comment in YAML: color: "#c0392b"'
    )


def test_codebook_yaml_refuses_a_colour_name() -> None:
    assert error_of(with_codes("- id: a\n  name: A\n  color: red\n")) == (
        "codebooks/x.yaml, line 6: code 'a': colour 'red' is not a hex colour; write colours as "
        '"#rrggbb" or "#rgb", e.g. "#c0392b"; colour names are not supported'
    )


def test_codebook_yaml_refuses_a_code_without_id() -> None:
    assert error_of(with_codes("- id: a\n  name: A\n- name: Pandemin\n")).startswith(
        "codebooks/x.yaml, line 6: code named 'Pandemin': missing id; give every code an id"
    )


def test_codebook_yaml_refuses_an_id_with_spaces() -> None:
    assert error_of(with_codes("- id: nå ut\n  name: A\n")).startswith(
        "codebooks/x.yaml, line 4: code 'nå ut': the id contains ' ';"
    )


def test_codebook_yaml_refuses_a_code_without_name() -> None:
    assert error_of(with_codes("- id: a\n  description: Något\n")) == (
        "codebooks/x.yaml, line 4: code 'a': missing name; give the code a name: the label "
        "coders read"
    )


def test_codebook_yaml_refuses_a_duplicate_id_naming_the_first_line() -> None:
    assert error_of(with_codes("- id: a\n  name: A\n- id: a\n  name: B\n")) == (
        "codebooks/x.yaml, line 6: code 'a': duplicate id (also used on line 4); give each code "
        "its own id"
    )


def test_codebook_yaml_refuses_a_duplicate_key_naming_both_codes_and_lines() -> None:
    text = with_codes("""\
    - id: digitala-moten
      name: Digitala möten
      key: "2"
    - id: pandemin
      name: Pandemin
      key: 2
    """)
    assert error_of(text) == (
        "codebooks/x.yaml, line 9: code 'pandemin': duplicate key \"2\" (also used by "
        "'digitala-moten' on line 6); give each code its own key from 0-9, or none"
    )


def test_codebook_yaml_refuses_an_unknown_parent() -> None:
    assert error_of(with_codes("- id: a\n  name: A\n  parent: utmaningar\n")) == (
        "codebooks/x.yaml, line 6: code 'a': parent 'utmaningar' is not a code in this codebook; "
        "use the id of another code as parent, or none to make it a top-level code"
    )


def test_codebook_yaml_refuses_a_cycle_of_parents() -> None:
    text = with_codes("""\
    - {id: a, name: A, parent: b}
    - {id: b, name: B, parent: a}
    """)
    assert error_of(text).startswith(
        "codebooks/x.yaml, line 4: code 'a': parent links go round in a circle: a → b → a;"
    )


def test_codebook_yaml_refuses_a_parent_that_contradicts_the_nesting() -> None:
    text = with_codes("""\
    - id: a
      name: A
      children:
        - {id: b, name: B, parent: c}
    """)
    assert error_of(text) == (
        "codebooks/x.yaml, line 7: code 'b': is nested under 'a' but says `parent: c`; either "
        "nest the code under its parent's `children:` or give `parent:`"
    )


def test_codebook_yaml_refuses_aliases() -> None:
    text = with_codes("- &a {id: a, name: A}\n- *a\n")
    assert error_of(text) == (
        "codebooks/x.yaml, line 5: YAML aliases (*name) are not allowed in a codebook; write the "
        "value out in full instead of referring to an anchor (&name)"
    )


def test_codebook_yaml_refuses_billion_laughs_quickly() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    started = time.perf_counter()
    with pytest.raises(CodebookError, match=r"line 2: YAML aliases \(\*name\) are not allowed"):
        parse_codebook("\n".join(lines), origin=ORIGIN)
    assert time.perf_counter() - started < 1


def test_codebook_yaml_refuses_python_tags_without_running_them() -> None:
    text = with_codes("- id: a\n  name: !!python/object/apply:os.system [echo hacked]\n")
    assert error_of(text).startswith(
        "codebooks/x.yaml, line 5: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' "
        "is not allowed in a codebook;"
    )


def test_codebook_yaml_refuses_nesting_deeper_than_python_can_follow() -> None:
    assert error_of("[" * 5000 + "]" * 5000).startswith(
        "codebooks/x.yaml: the YAML is nested too deeply;"
    )


def test_codebook_yaml_dump_writes_the_nested_format_without_defaults() -> None:
    assert dump_codebook(parse(SMART_INDUSTRI)) == textwrap.dedent("""\
        name: Smart industri, utvärdering av ett regionalt program
        language: sv
        description: |
          Codebook for the evaluation.
          Themes are not codable.
        codes:
          - id: utmaningar
            name: Utmaningar
            color: "#c0392b"
            description: Challenges the projects met.
            codable: false
            children:
              - id: na-industrin
                name: Att nå industrin som målgrupp
                key: "1"
                color: "#ee7744"
                description: Hur projekten når företagen.
                include: Kontakter med företag.
                exclude: Kontakter med akademin.
                examples:
                  - Det var svårt att nå ut
                  - Företagen svarade inte
                keywords: [företag, industrin, målgrupp, reach companies]
                patterns:
                  - [{LOWER: nå}, {LOWER: ut}]
                  - [{LEMMA: {IN: [företag, bolag]}}, {OP: '?'}]
              - id: pandemin
                name: Pandemin
                key: "2"
          - id: lärdomar
            name: Lärdomar
            codable: false
        """)


ID_ALPHABET = "abcdefghijklmnopqrstuvwxyzåäöABCÅÄÖ0123456789-_."
texts = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
names = texts.filter(str.strip)
token_values: st.SearchStrategy[object] = st.one_of(
    texts, st.integers(), st.booleans(), st.fixed_dictionaries({"IN": st.lists(texts, max_size=3)})
)
tokens: st.SearchStrategy[dict[str, object]] = st.dictionaries(
    st.sampled_from(["LOWER", "TEXT", "LEMMA", "OP", "POS"]), token_values, min_size=1, max_size=3
)


@st.composite
def codebooks(draw: st.DrawFn) -> Codebook:
    """Valid codebooks: unique ids and keys, parents among earlier codes, any text anywhere."""
    ids = draw(st.lists(st.text(ID_ALPHABET, min_size=1, max_size=12), unique=True, max_size=10))
    keys = draw(st.lists(st.sampled_from("0123456789"), unique=True, max_size=len(ids)))
    codes = [
        Code(
            id=code_id,
            name=draw(names),
            parent_id=draw(st.none() | st.sampled_from(ids[:index])) if index else None,
            key=keys[index] if index < len(keys) else None,
            color=draw(st.none() | st.from_regex(r"#[0-9a-f]{6}", fullmatch=True)),
            description=draw(texts),
            include=draw(texts),
            exclude=draw(texts),
            examples=tuple(draw(st.lists(texts, max_size=3))),
            keywords=tuple(draw(st.lists(texts, max_size=3))),
            patterns=tuple(
                tuple(pattern)
                for pattern in draw(st.lists(st.lists(tokens, min_size=1, max_size=3), max_size=2))
            ),
            codable=draw(st.booleans()),
            position=draw(st.integers(0, 5)),
        )
        for index, code_id in enumerate(ids)
    ]
    return Codebook.from_codes(draw(names), draw(st.sampled_from(["sv", "en"])), draw(texts), codes)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(codebooks())
def test_codebook_yaml_dump_then_parse_gives_the_same_codebook(codebook: Codebook) -> None:
    assert parse_codebook(dump_codebook(codebook), origin=ORIGIN) == codebook


def test_codebook_yaml_reads_veto_terms_from_exclude_keywords_or_an_exclude_list() -> None:
    codebook = parse(
        with_codes(
            "- id: a\n  name: A\n  exclude: Not when the pandemic is the cause.\n"
            "  exclude_keywords: [pandemi]\n"
            "- id: b\n  name: B\n  exclude: [corona, covid]\n"
        )
    )
    first, second = codebook.codes
    assert (first.exclude, first.exclude_keywords) == (
        "Not when the pandemic is the cause.",
        ("pandemi",),
    )
    assert (second.exclude, second.exclude_keywords) == ("", ("corona", "covid"))
