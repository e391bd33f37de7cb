"""Tests for decoding text files and the one normalisation of imported text."""

from __future__ import annotations

import codecs
import hashlib
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coder.errors import ReadError
from coder.ingest.normalize import content_hash, decode, normalize

SWEDISH = "Överenskommelse för år 2021 – på Västerås"
SWEDISH_LATIN1 = "Överenskommelse för år 2021 - på Västerås"  # Latin-1 has no en dash


# decode ---------------------------------------------------------------------------------


def test_normalize_decode_reads_utf8() -> None:
    assert decode(SWEDISH.encode("utf-8"), origin="a.txt") == SWEDISH


def test_normalize_decode_drops_the_utf8_bom() -> None:
    assert decode(codecs.BOM_UTF8 + SWEDISH.encode("utf-8"), origin="a.txt") == SWEDISH


def test_normalize_decode_reads_swedish_in_cp1252() -> None:
    assert decode(SWEDISH.encode("cp1252"), origin="a.txt") == SWEDISH


def test_normalize_decode_reads_swedish_in_latin1() -> None:
    assert decode(SWEDISH_LATIN1.encode("latin-1"), origin="a.txt") == SWEDISH_LATIN1


def test_normalize_decode_reads_short_swedish_words_in_cp1252() -> None:
    for word in ("år", "Västerås", "Hej där", "Åsa Öberg"):
        assert decode(word.encode("cp1252"), origin="a.txt") == word


def test_normalize_decode_reads_english_with_curly_quotes_in_cp1252() -> None:
    text = "It’s “fine” – really… costs €5"
    assert decode(text.encode("cp1252"), origin="a.txt") == text


def test_normalize_decode_reads_swedish_from_old_dos_tools_in_cp850() -> None:
    text = "Jag tycker att det är svårt. Öppettiderna på vårdcentralen är för korta."
    assert decode(text.encode("cp850"), origin="a.txt") == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_normalize_decode_reads_utf16_and_utf32_with_bom(encoding: str) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    data = bom + SWEDISH.encode(encoding)
    assert decode(data, origin="a.txt") == SWEDISH


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_normalize_decode_reads_utf16_without_bom(encoding: str) -> None:
    assert decode(SWEDISH.encode(encoding), origin="a.txt") == SWEDISH


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", codecs.BOM_UTF8, "  \n".encode("utf-16")])
def test_normalize_decode_refuses_an_empty_file(data: bytes) -> None:
    with pytest.raises(ReadError) as caught:
        decode(data, origin="intervju.txt")
    assert caught.value.message == "intervju.txt is empty"
    assert caught.value.hint


def test_normalize_decode_refuses_binary_with_nul_bytes() -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06"
    with pytest.raises(ReadError) as caught:
        decode(data, origin="bild.txt")
    assert caught.value.message == "bild.txt looks like a binary file, not text"


def test_normalize_decode_refuses_text_full_of_control_characters() -> None:
    data = bytes(range(1, 9)) * 20 + b"some text"
    with pytest.raises(ReadError, match=r"^data\.txt looks like a binary file"):
        decode(data, origin="data.txt")


def test_normalize_decode_refuses_a_broken_utf16_file() -> None:
    data = codecs.BOM_UTF16_LE + "hej".encode("utf-16-le") + b"\x00\xd8"  # a lone surrogate
    with pytest.raises(ReadError, match=r"^a\.txt cannot be decoded as UTF-16-LE") as caught:
        decode(data, origin="a.txt")
    assert "UTF-8" in caught.value.hint


def test_normalize_decode_refuses_a_broken_utf8_file_with_bom() -> None:
    data = codecs.BOM_UTF8 + b"hej \xff\xfe d\xe4r"
    with pytest.raises(ReadError, match=r"^a\.txt cannot be decoded as UTF-8"):
        decode(data, origin="a.txt")


# normalize ------------------------------------------------------------------------------


def test_normalize_turns_every_line_break_into_newline() -> None:
    text = "ett\r\ntvå\rtre\u2028fyra\u2029fem\fsex\vsju\x85åtta"
    assert normalize(text) == "ett\ntvå\ntre\nfyra\nfem\nsex\nsju\nåtta"


def test_normalize_removes_bom_and_control_characters_but_keeps_tab() -> None:
    text = "\ufeffNamn\tRoll\x00\x07\x1b\x7f\x9b\nA\ufeffnna"
    assert normalize(text) == "Namn\tRoll\nAnna"


def test_normalize_composes_decomposed_swedish_letters() -> None:
    decomposed = unicodedata.normalize("NFD", SWEDISH)
    assert decomposed != SWEDISH
    assert normalize(decomposed) == SWEDISH


def test_normalize_composes_a_letter_and_accent_that_a_control_character_kept_apart() -> None:
    assert normalize("a\x00\u030a") == "å"


def test_normalize_replaces_lone_surrogates_and_joins_surrogate_pairs() -> None:
    assert normalize("ok\ud83d\ude00 bad\ud800") == "ok\U0001f600 bad\ufffd"


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@given(st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Zl", "Zp", "Ll", "Mn"])))
def test_normalize_leaves_newline_as_the_only_line_break(text: str) -> None:
    result = normalize(text)
    assert all(c == "\n" or len(f"a{c}b".splitlines()) == 1 for c in result)
    assert unicodedata.is_normalized("NFC", result)


# content_hash ---------------------------------------------------------------------------


def test_normalize_content_hash_is_sha256_of_the_normalised_utf8_text() -> None:
    assert content_hash(SWEDISH) == hashlib.sha256(SWEDISH.encode("utf-8")).hexdigest()


def test_normalize_content_hash_is_the_same_for_the_same_text_in_another_form() -> None:
    windows = unicodedata.normalize("NFD", "rad ett\r\nrad två")
    assert content_hash(windows) == content_hash("rad ett\nrad två")
    assert content_hash("rad ett") != content_hash("rad två")
