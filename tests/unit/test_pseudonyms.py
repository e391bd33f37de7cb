"""Pseudonymised exports: the pseudonym table, names, speakers and identifiers masked in text."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.errors import ReportError
from coder.services.project import Project
from coder.services.reports.pseudonyms import (
    add_pseudonym,
    is_personal_number,
    list_pseudonyms,
    luhn_ok,
    mask_identifiers,
    masker,
    remove_pseudonym,
    speaker_aliases,
)
from coder.services.reports.quotes import quote_table
from coder.services.reports.scope import Scope
from tests.unit import report_project

NAMES = ("Karin Ek", "Maria Lindqvist", "Olle Berg", "Sara Holm", "Maria", "Olle", "Karin")
IDENTIFIERS = ("karin.ek@firma.se", "070-123 45 67", "811218-9876")


@pytest.fixture
def coded(project: Project, tmp_path: Path) -> Project:
    report_project.build(project, tmp_path / "corpus")
    add_pseudonym(project, "Karin Ek", "Kollega A")
    return project


def test_pseudonyms_table_adds_updates_lists_and_removes(project: Project) -> None:
    assert add_pseudonym(project, "Karin  Ek", "Kollega A") == "added"
    assert add_pseudonym(project, "karin ek", "Kollega B") == "updated"
    assert add_pseudonym(project, "Karin Ek", "Kollega B") == "unchanged"
    assert list_pseudonyms(project) == [("Karin Ek", "Kollega B")]
    assert remove_pseudonym(project, "KARIN EK") == "Karin Ek"
    assert list_pseudonyms(project) == []
    with pytest.raises(ReportError, match="'Olle' is not in the pseudonym table"):
        remove_pseudonym(project, "Olle")
    with pytest.raises(ReportError, match="needs a name and an alias"):
        add_pseudonym(project, "Olle", " ")


@pytest.mark.parametrize(
    "number",
    ["811218-9876", "19811218-9876", "198112189876", "8112189876", "811218+9876", "701063-2391"],
)
def test_pseudonyms_personal_numbers_with_a_right_check_digit_are_masked(number: str) -> None:
    assert mask_identifiers(f"nummer {number}.", "sv") == "nummer [personnummer]."


@pytest.mark.parametrize(
    "text",
    [
        "Datum 2021-03-04 och 20210304.",
        "Order 1234567890 och 811218-9875.",  # a wrong check digit
        "År 2020-2023, kl. 09:15, 10 000 kronor, 04-03-2021.",
        "Diarienummer 2021-1234 och RUN 2020-00456.",
    ],
)
def test_pseudonyms_dates_and_other_numbers_stay(text: str) -> None:
    assert mask_identifiers(text, "sv") == text


@pytest.mark.parametrize(
    "phone",
    [
        "070-123 45 67",
        "0701234567",
        "08-123 456 78",
        "031-12 34 56",
        "0910-123 45",
        "+46 70 123 45 67",
        "+46 (0)70-123 45 67",
        "0046 70 123 45 67",
        "+44 20 7946 0958",
        "+1 555 123 4567",
    ],
)
def test_pseudonyms_phone_numbers_are_masked(phone: str) -> None:
    assert mask_identifiers(f"Ring {phone} i dag.", "en") == "Ring [phone] i dag."


def test_pseudonyms_email_addresses_are_masked() -> None:
    text = "Mejla maria.lindqvist+x@region-norr.se eller info@firma.co.uk."
    assert mask_identifiers(text, "sv") == "Mejla [e-post] eller [e-post]."


def test_pseudonyms_luhn_and_dates() -> None:
    assert luhn_ok("8112189876") and not luhn_ok("8112189875")
    assert not is_personal_number("811318", "9876")  # month 13
    assert not is_personal_number("17811218", "9876")  # no such century


def test_pseudonyms_speakers_get_table_aliases_roles_or_numbers() -> None:
    speakers = [
        ("Intervjuare", True),
        ("Maria Lindqvist", False),
        ("Anna Sjöberg", True),
        ("IP", False),
        ("Karin Ek", False),
        ("Olle Berg", False),
    ]
    aliases = speaker_aliases(speakers, {"karin ek": "Kollega A"}, "sv")
    assert aliases == {
        "Intervjuare": "Intervjuare",
        "Maria Lindqvist": "Respondent 1",
        "Anna Sjöberg": "Intervjuare",
        "IP": "IP",
        "Karin Ek": "Kollega A",
        "Olle Berg": "Respondent 2",
    }
    assert speaker_aliases([("Anna Sjöberg", True)], {}, "en") == {"Anna Sjöberg": "Interviewer"}


def test_pseudonyms_masker_replaces_names_in_any_form(coded: Project) -> None:
    hide = masker(coded, "sv")
    text = (
        "Karin Ek och KARIN EK träffade Maria. Marias chef Lindqvist ringde Olle Berg; "
        "Sara berättade. Ingen bor på berget."
    )
    assert hide.mask(text) == (
        "Kollega A och Kollega A träffade Respondent 1. Respondent 1:s chef Respondent 1 ringde "
        "Respondent 2; Respondent 3 berättade. Ingen bor på berget."
    )
    assert hide.speaker("Olle Berg") == "Respondent 2"
    assert hide.speaker("Intervjuare") == "Intervjuare"
    assert hide.speaker(None) == ""


def test_pseudonyms_quote_table_holds_no_listed_name_or_identifier(coded: Project) -> None:
    frame = quote_table(coded, Scope(), masker=masker(coded, "sv"))
    exported = frame.to_csv(index=False)
    for secret in (*NAMES, *IDENTIFIERS):
        assert secret not in exported, secret
    assert "Respondent 2" in exported and "Kollega A" in exported


def test_pseudonyms_never_change_the_stored_text(coded: Project) -> None:
    before = coded.conn.execute("SELECT name, text FROM sources ORDER BY name").fetchall()
    quote_table(coded, Scope(), masker=masker(coded, "sv"))
    after = coded.conn.execute("SELECT name, text FROM sources ORDER BY name").fetchall()
    assert [tuple(r) for r in after] == [tuple(r) for r in before]
    assert any("Karin Ek" in row[1] for row in after)
