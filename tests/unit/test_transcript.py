"""Speaker turns of transcripts and paragraphs of documents."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coder.domain.source import Turn
from coder.ingest.transcript import (
    is_interviewer_label,
    mark_interviewers,
    parse_paragraphs,
    parse_timestamp,
    parse_turns,
)


def said(text: str, turns: list[Turn]) -> list[tuple[str | None, float | None, str]]:
    """What a reader sees of each turn: speaker, timestamp and what was said."""
    return [(t.speaker, t.timestamp, text[t.start : t.end]) for t in turns]


def test_transcript_name_colon_lines_with_header_kept_out_of_turns() -> None:
    text = (
        "Intervju 4, projektledare Region Väst\n"
        "Datum: 2021-03-04\n"
        "Plats: Teams\n"
        "\n"
        "Intervjuare: Kan du berätta hur projektet började?\n"
        "Anna Berg: Ja, alltså vi sökte pengar 2019.\n"
        "Sen kom pandemin och allt ställdes om.\n"
        "\n"
        "Det tog ett halvår innan vi var igång igen.\n"
        "Intervjuare: Vad lärde ni er av det?\n"
        "Anna Berg: Att ha en plan B.\n"
    )
    turns = parse_turns(text)
    assert said(text, turns) == [
        ("Intervjuare", None, "Kan du berätta hur projektet började?"),
        (
            "Anna Berg",
            None,
            "Ja, alltså vi sökte pengar 2019.\nSen kom pandemin och allt ställdes om.\n\n"
            "Det tog ett halvår innan vi var igång igen.",
        ),
        ("Intervjuare", None, "Vad lärde ni er av det?"),
        ("Anna Berg", None, "Att ha en plan B."),
    ]
    assert [t.is_interviewer for t in turns] == [True, False, True, False]
    assert "Datum: 2021-03-04" in text[: turns[0].start]


def test_transcript_short_labels_count_from_one_use() -> None:
    text = "I: Hur länge har du varit med?\nIP: Sedan starten, 2018.\n"
    assert said(text, parse_turns(text)) == [
        ("I", None, "Hur länge har du varit med?"),
        ("IP", None, "Sedan starten, 2018."),
    ]


def test_transcript_numbered_labels_are_speakers() -> None:
    text = (
        "Moderator: Vad fungerade bra?\n"
        "Deltagare 1: Träffarna.\n"
        "Deltagare 2: Att vi fick tid.\n"
        "Deltagare 1: Och fikat.\n"
        "Deltagare 2: Håller med.\n"
        "R1: Och jag.\n"
    )
    turns = parse_turns(text)
    assert [t.speaker for t in turns] == [
        "Moderator",
        "Deltagare 1",
        "Deltagare 2",
        "Deltagare 1",
        "Deltagare 2",
    ]
    # R1 speaks only once, so "R1:" is not trusted as a label: it stays in what was said.
    assert text[turns[-1].start : turns[-1].end] == "Håller med.\nR1: Och jag."


def test_transcript_timestamp_before_the_name() -> None:
    text = (
        "[00:12:34] Anna: Vi började i Malmö.\n"
        "(00:12:50) Per: Och sen?\n"
        "00:13:02 Anna: Sen Lund.\n"
        "[1:02:03.500] Per: Tack.\n"
    )
    assert said(text, parse_turns(text)) == [
        ("Anna", 754.0, "Vi började i Malmö."),
        ("Per", 770.0, "Och sen?"),
        ("Anna", 782.0, "Sen Lund."),
        ("Per", 3723.5, "Tack."),
    ]


def test_transcript_timestamp_after_the_name() -> None:
    text = (
        "Anna (00:12:34): Hello there.\n"
        "Per [12:40]: Hi.\n"
        "Anna (00:13:00): So, shall we start?\n"
        "Per [13:05]: Yes.\n"
    )
    assert said(text, parse_turns(text)) == [
        ("Anna", 754.0, "Hello there."),
        ("Per", 760.0, "Hi."),
        ("Anna", 780.0, "So, shall we start?"),
        ("Per", 785.0, "Yes."),
    ]


def test_transcript_timestamped_label_counts_once_in_a_timestamped_transcript() -> None:
    text = (
        "[00:00:01] Anna: Welcome.\n"
        "[00:00:04] Per: Thanks.\n"
        "[00:00:06] Guest: Hello, sorry I am late.\n"
        "[00:00:09] Anna: No problem.\n"
        "[00:00:12] Per: Let's start.\n"
    )
    assert [t.speaker for t in parse_turns(text)] == ["Anna", "Per", "Guest", "Anna", "Per"]


def test_transcript_agenda_with_times_is_not_a_transcript() -> None:
    text = (
        "Program för nätverksträffen\n\n"
        "Fika 09:30\nVi börjar med kaffe.\n"
        "Välkommen 10:00\nInledning av Anna.\n"
        "Lunch 12:00\nI restaurangen.\n"
        "Workshop 13:00\nGrupparbete.\n"
        "Fika 15:00\nOch sen hem.\n"
    )
    assert parse_turns(text) == []


def test_transcript_speaker_line_then_what_was_said() -> None:
    text = (
        "Anna Berg\n"
        "Ja, alltså det var rörigt i början.\n"
        "Intervjuare\n"
        "Hur länge?\n"
        "Anna Berg\n"
        "Ett år\n"
        "Intervjuare\n"
        "Okej\n"
        "Anna Berg\n"
        "Ja\n"
    )
    assert said(text, parse_turns(text)) == [
        ("Anna Berg", None, "Ja, alltså det var rörigt i början."),
        ("Intervjuare", None, "Hur länge?"),
        ("Anna Berg", None, "Ett år"),
        ("Intervjuare", None, "Okej"),
        ("Anna Berg", None, "Ja"),
    ]


def test_transcript_speaker_line_with_timestamp_from_transcription_services() -> None:
    text = (
        "Workshop 2 – transkribering\n\n"
        "Speaker 1  0:05\n"
        "So what did the region do?\n\n"
        "Anna Berg  00:13\n"
        "We set up a network.\n"
        "It met every month.\n\n"
        "Speaker 1 0:31\n"
        "And did it work?\n"
        "Anna Berg (00:00:40)\n"
        "Mostly.\n"
    )
    assert said(text, parse_turns(text)) == [
        ("Speaker 1", 5.0, "So what did the region do?"),
        ("Anna Berg", 13.0, "We set up a network.\nIt met every month."),
        ("Speaker 1", 31.0, "And did it work?"),
        ("Anna Berg", 40.0, "Mostly."),
    ]


def test_transcript_zoom_bracketed_names_with_clock_time() -> None:
    text = (
        "[Anna Berg] 10:02:33\nHello everyone.\n"
        "[Per Ek] 10:02:40\nHi Anna.\n"
        "[Anna Berg] 10:02:45\nLet's start.\n"
        "[Per Ek] 10:02:47\nSure.\n"
    )
    assert said(text, parse_turns(text)) == [
        ("Anna Berg", 36153.0, "Hello everyone."),
        ("Per Ek", 36160.0, "Hi Anna."),
        ("Anna Berg", 36165.0, "Let's start."),
        ("Per Ek", 36167.0, "Sure."),
    ]


def test_transcript_name_colon_alone_on_its_line() -> None:
    text = "Intervjuare:\nVälkommen!\n\nKarin:\nTack.\n\nIntervjuare:\nBörja.\n\nKarin:\nJa.\n"
    assert said(text, parse_turns(text)) == [
        ("Intervjuare", None, "Välkommen!"),
        ("Karin", None, "Tack."),
        ("Intervjuare", None, "Börja."),
        ("Karin", None, "Ja."),
    ]


def test_transcript_timestamped_lines_without_names() -> None:
    text = (
        "Observation, skolgården\n"
        "[00:00:01] Eleverna kommer ut.\n"
        "[00:01:30] Läraren ropar.\n"
        "[00:02:10] Det blir tyst.\n"
    )
    assert said(text, parse_turns(text)) == [
        (None, 1.0, "Eleverna kommer ut."),
        (None, 90.0, "Läraren ropar."),
        (None, 130.0, "Det blir tyst."),
    ]


def test_transcript_header_fields_naming_the_speakers_are_no_turns() -> None:
    text = (
        "Intervjuare: Karin Ek\n"
        "Respondent: Anna Berg\n"
        "Datum: 2021-03-04\n"
        "\n"
        "Intervjuare: Hur började det?\n"
        "Respondent: Med en ansökan.\n"
    )
    assert said(text, parse_turns(text)) == [
        ("Intervjuare", None, "Hur började det?"),
        ("Respondent", None, "Med en ansökan."),
    ]


def test_transcript_header_fields_with_labels_used_once_are_no_turns() -> None:
    text = (
        "Intervjuare: Karin Ek\n"
        "Respondent: Anna Berg\n"
        "\n"
        "Karin: Hej, välkommen.\n"
        "Anna: Tack.\n"
        "Karin: Hur började det?\n"
        "Anna: Med en ansökan.\n"
    )
    assert [t.speaker for t in parse_turns(text)] == ["Karin", "Anna", "Karin", "Anna"]


def test_transcript_first_turn_is_no_header_without_evidence() -> None:
    text = "I: Hej Anna\nIP: Hej!\nIP: Ska vi börja?\n"
    assert said(text, parse_turns(text)) == [
        ("I", None, "Hej Anna"),
        ("IP", None, "Hej!"),
        ("IP", None, "Ska vi börja?"),
    ]


def test_transcript_abbreviated_label_with_dot() -> None:
    text = "Int.: Hur gick det?\nIP: Bra.\nInt.: Fint.\n"
    turns = parse_turns(text)
    assert said(text, turns) == [
        ("Int.", None, "Hur gick det?"),
        ("IP", None, "Bra."),
        ("Int.", None, "Fint."),
    ]
    assert [t.is_interviewer for t in turns] == [True, False, True]


def test_transcript_label_used_once_is_what_was_said() -> None:
    text = (
        "Anna: Vi hade ett problem.\n"
        "Problemet: ingen hade tid.\n"
        "Per: Och nu?\n"
        "Anna: Nu går det bättre.\n"
        "Per: Bra.\n"
    )
    turns = parse_turns(text)
    assert said(text, turns)[0] == (
        "Anna",
        None,
        "Vi hade ett problem.\nProblemet: ingen hade tid.",
    )
    assert len(turns) == 4


def test_transcript_report_with_fields_is_not_a_transcript() -> None:
    text = (
        "Projektrapport: Samverkan i Norrbotten\n"
        "Syfte: att öka samverkan mellan kommunerna.\n"
        "Datum: 2021-03-04\n"
        "Kl. 10:30\n"
        "Kl. 13:00\n"
        "\n"
        "Bakgrund\n"
        "Projektet startade 2019. Mål: 50 deltagare.\n"
        "Resultat: fler möten än planerat.\n"
        "Syfte: se ovan.\n"
        "Resultat: se bilaga.\n"
    )
    assert parse_turns(text) == []


def test_transcript_one_repeated_label_is_not_a_transcript() -> None:
    text = "Not: gäller 2021.\nText om projektet.\nAnna: se ovan.\nMer text.\nAnna: klart.\n"
    assert parse_turns(text) == []


def test_transcript_repeated_headings_are_no_speakers() -> None:
    text = (
        "Projekt A\nBakgrund\nStartade 2019.\nResultat\nBra.\n\n"
        "Projekt B\nBakgrund\nStartade 2020.\nResultat\nSämre.\n"
    )
    assert parse_turns(text) == []


def test_transcript_plain_prose_is_not_a_transcript() -> None:
    text = "Det var en gång ett projekt.\n\nDet gick bra: alla var nöjda.\n\nSlut.\n"
    assert parse_turns(text) == []


def test_transcript_interviewer_from_given_names_and_first_names() -> None:
    text = "Karin: Hur gick det?\nAnna Berg: Bra.\nKarin: Fint.\nAnna Berg: Ja.\n"
    turns = parse_turns(text, interviewers=["Karin Ek"])
    assert [t.is_interviewer for t in turns] == [True, False, True, False]
    marked = mark_interviewers(turns, ["anna"])
    assert [t.is_interviewer for t in marked] == [False, True, False, True]
    assert [t.is_interviewer for t in mark_interviewers(turns, ["karin ek"])] == [
        True,
        False,
        True,
        False,
    ]


def test_transcript_known_interviewer_labels() -> None:
    for label in ("I", "int.", "Intervjuare", "INTERVJUAREN", "Interviewer", "Moderator", "Q"):
        assert is_interviewer_label(label)
    for label in ("Fråga", "Utvärderare", "Evaluator"):
        assert is_interviewer_label(label)
    for label in ("IP", "Respondent", "Anna", "Svar"):
        assert not is_interviewer_label(label)


def test_transcript_mark_interviewers_keeps_offsets_and_known_labels() -> None:
    turns = [Turn(3, 10, "Q"), Turn(14, 20, "Per  Ek"), Turn(22, 30, None)]
    marked = mark_interviewers(turns, ["per ek"])
    assert [(t.start, t.end, t.is_interviewer) for t in marked] == [
        (3, 10, True),
        (14, 20, True),
        (22, 30, False),
    ]


def test_transcript_timestamps_in_seconds() -> None:
    assert parse_timestamp("0:05") == 5.0
    assert parse_timestamp("12:34") == 754.0
    assert parse_timestamp("1:02:03") == 3723.0
    assert parse_timestamp("01:02:03,250") == 3723.25
    assert parse_timestamp("[00:00:01.5]") == 1.5


def test_transcript_paragraphs_are_blocks_between_blank_lines() -> None:
    text = "  Inledning\n\nFörsta stycket\nfortsätter här.  \n \n\nAndra stycket.\n"
    assert said(text, parse_paragraphs(text, line_paragraphs=False)) == [
        (None, None, "Inledning"),
        (None, None, "Första stycket\nfortsätter här."),
        (None, None, "Andra stycket."),
    ]


def test_transcript_list_items_start_paragraphs() -> None:
    text = "Vi lärde oss:\n- att planera\n* att fråga\n• att vänta\n1. ett\na) två\nslut"
    assert [text[t.start : t.end] for t in parse_paragraphs(text, line_paragraphs=False)] == [
        "Vi lärde oss:",
        "- att planera",
        "* att fråga",
        "• att vänta",
        "1. ett",
        "a) två\nslut",
    ]


def test_transcript_line_paragraphs_are_lines() -> None:
    text = "Rad ett\n   \n  Rad två  \nRad tre"
    assert said(text, parse_paragraphs(text, line_paragraphs=True)) == [
        (None, None, "Rad ett"),
        (None, None, "Rad två"),
        (None, None, "Rad tre"),
    ]


def test_transcript_empty_text_has_no_turns_or_paragraphs() -> None:
    assert parse_turns("") == []
    assert parse_paragraphs(" \n\n ", line_paragraphs=False) == []
    assert parse_paragraphs("", line_paragraphs=True) == []


FRAGMENTS = [
    "Anna:",
    "Anna Berg",
    "I:",
    "IP: ",
    "[00:12:34]",
    "(00:12)",
    "00:12:34",
    "Speaker 1 0:05",
    "Intervjuare: Karin Ek",
    "Datum: 2021-03-04",
    "- ",
    "1. ",
    "Okej",
    "Ja, alltså.",
    " ",
    "\t",
    "\u00a0",
    "\n",
    "\n\n",
    ": ",
]
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=40).map(
    "".join
)


def assert_well_formed(text: str, turns: list[Turn]) -> None:
    previous_end = 0
    for turn in turns:
        assert previous_end <= turn.start <= turn.end <= len(text)
        content = text[turn.start : turn.end]
        assert content == content.strip()
        previous_end = turn.end


@settings(max_examples=300, deadline=None)
@given(texts)
def test_transcript_turns_are_ordered_trimmed_spans_of_any_text(text: str) -> None:
    assert_well_formed(text, parse_turns(text))


@settings(max_examples=300, deadline=None)
@given(texts, st.booleans())
def test_transcript_paragraphs_are_ordered_trimmed_spans_of_any_text(
    text: str, line_paragraphs: bool
) -> None:
    paragraphs = parse_paragraphs(text, line_paragraphs=line_paragraphs)
    assert_well_formed(text, paragraphs)
    assert all(p.end > p.start for p in paragraphs)
    # Paragraphs lose nothing but whitespace.
    kept = sum(len("".join(text[p.start : p.end].split())) for p in paragraphs)
    assert kept == len("".join(text.split()))


def test_transcript_header_block_with_respondent_field_is_not_a_turn() -> None:
    text = (
        "Evaluation of Smart industri – interview transcript\n"
        "Date: 21 September 2022\n"
        "Respondent: Sarah Olsson, regional development officer\n"
        "Note: Conducted in English. Some Swedish terms are kept as spoken.\n"
        "\n"
        "Interviewer: Can you hear me all right?\n"
        "\n"
        "Sarah Olsson: Yes, loud and clear.\n"
        "\n"
        "Interviewer: Good. Let us start.\n"
        "\n"
        "Sarah Olsson: Fine.\n"
    )
    turns = parse_turns(text)
    assert [t.speaker for t in turns] == ["Interviewer", "Sarah Olsson"] * 2
    assert text[turns[0].start : turns[0].end] == "Can you hear me all right?"


def test_transcript_first_turn_over_two_lines_is_not_a_header() -> None:
    text = (
        "Intervjuare: Välkommen. Vi börjar med din roll\n"
        "i projektet, om det går bra?\n"
        "\n"
        "Anna Berg: Ja, jag var projektledare.\n"
        "\n"
        "Intervjuare: Och hur började det?\n"
        "\n"
        "Anna Berg: Med en förstudie.\n"
    )
    turns = parse_turns(text)
    assert [t.speaker for t in turns] == ["Intervjuare", "Anna Berg"] * 2
    assert text[turns[0].start : turns[0].end].endswith("om det går bra?")


_EXPORT_SHAPES = {
    "rev: name (time): above the turn": "Speaker 1 (00:05):\nHej.\n\nSpeaker 2 (00:09):\nTack.\n\n"
    "Speaker 1 (00:12):\nHur?\n\nSpeaker 2 (00:15):\nSå.\n",
    "name, dash and time above the turn": "Anna Berg – 00:05\nHej.\nErik Lund – 00:09\nTack.\n"
    "Anna Berg – 00:12\nHur?\nErik Lund – 00:15\nSå.\n",
    "label with its abbreviation": "Intervjuare (I): Hej.\nRespondent (R): Tack.\n"
    "Intervjuare (I): Hur?\nRespondent (R): Så.\n",
    "label and tab, from a spreadsheet": "I\tHej.\nR\tTack.\nI\tHur?\nR\tSå.\n",
}


@pytest.mark.parametrize("shape", list(_EXPORT_SHAPES))
def test_transcript_more_export_shapes_give_four_turns(shape: str) -> None:
    text = _EXPORT_SHAPES[shape]
    turns = parse_turns(text)
    assert [text[t.start : t.end] for t in turns] == ["Hej.", "Tack.", "Hur?", "Så."]
    assert len({t.speaker for t in turns}) == 2
