"""Tests for reading files to import: every format, Swedish text, and every way a file fails."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from odf.opendocument import OpenDocumentSpreadsheet, OpenDocumentText
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import H, List, ListItem, P
from pypdf import PdfReader, PdfWriter

from coder.domain.source import Turn
from coder.errors import ReadError
from coder.ingest.readers import (
    DEFAULT_MAX_BYTES,
    TEXT_SUFFIXES,
    Answer,
    ReadText,
    read_answers,
    read_text_file,
)

SWEDISH = "Överenskommelse för år 2021 – på Västerås"
NHS_COMMENTS = Path("/work/shared/data/nhs-fft/comments.csv")


def _read_error(path: Path, **options: int) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_text_file(path, **options)
    error = caught.value
    assert str(path) in error.message
    assert error.hint
    return error


# Fixture builders -----------------------------------------------------------------------


def _docx(path: Path) -> Path:
    """A Word transcript: heading, paragraphs, a speaker | text table, a header to ignore."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Sidhuvud som inte ska med"
    document.add_heading("Intervju med Åsa, Västerås", level=1)
    document.add_paragraph(SWEDISH)
    table = document.add_table(rows=3, cols=2)
    for row, (speaker, said) in enumerate(
        [("Intervjuare", "Hur gick det på året?"), ("Åsa:", "Det gick  bra."), ("", "")]
    ):
        table.cell(row, 0).text = speaker
        table.cell(row, 1).text = said
    document.add_paragraph("Efter tabellen.")
    document.save(str(path))
    return path


def _odt(path: Path) -> Path:
    """An OpenDocument transcript: heading, paragraph, list, a speaker | text table."""
    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Intervju med Åsa"))
    document.text.addElement(P(text=SWEDISH))
    items = List()
    for said in ("första punkten", "andra punkten"):
        item = ListItem()
        item.addElement(P(text=said))
        items.addElement(item)
    document.text.addElement(items)
    table = Table()
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    row = TableRow()
    for said in ("Åsa", "Det var bra på året."):
        cell = TableCell()
        cell.addElement(P(text=said))
        row.addElement(cell)
    table.addElement(row)
    document.text.addElement(table)
    document.text.addElement(P(text="Slut."))
    document.save(str(path))
    return path


def _pdf_bytes(pages: list[str | None]) -> bytes:
    """A minimal valid PDF with a Helvetica text layer per page (None: a page without text)."""
    objects: list[bytes] = [
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"",  # the page tree, filled in below
    ]
    kids = []
    for text in pages:
        lines = (text or "").split("\n") if text else []
        stream = b"\n".join(
            b"BT /F1 12 Tf 72 %d Td (%s) Tj ET" % (720 - 16 * i, line.encode("cp1252"))
            for i, line in enumerate(lines)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
            b" /Resources << /Font << /F1 1 0 R >> >> /Contents %d 0 R >>" % len(objects)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (len(objects) + 1, len(objects))
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _encrypted_pdf(path: Path, user_password: str) -> Path:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf_bytes([SWEDISH]))))
    writer.encrypt(user_password=user_password, owner_password="ägare", algorithm="RC4-128")
    writer.write(path)
    return path


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# Plain text and Markdown ----------------------------------------------------------------


def test_readers_txt_gives_normalised_text_in_blocks(tmp_path: Path) -> None:
    path = _write(tmp_path / "intervju.txt", f"\r\n{SWEDISH}\r\n\r\nAndra stycket.\r\n", "cp1252")
    read = read_text_file(path)
    assert read == ReadText(f"\n{SWEDISH}\n\nAndra stycket.\n", "txt", False, None, [])


def test_readers_md_is_read_as_text(tmp_path: Path) -> None:
    path = _write(tmp_path / "anteckningar.md", "# Rubrik\n\nÅsa säger *hej*.\n", "utf-16")
    read = read_text_file(path)
    assert (read.text, read.file_format, read.line_paragraphs) == (
        "# Rubrik\n\nÅsa säger *hej*.\n",
        "md",
        False,
    )


def test_readers_suffix_case_does_not_matter(tmp_path: Path) -> None:
    assert read_text_file(_write(tmp_path / "NOTES.TXT", "hej")).file_format == "txt"


def test_readers_text_suffixes_are_the_supported_formats() -> None:
    assert {".txt", ".md", ".docx", ".odt", ".pdf", ".rtf", ".vtt", ".srt"} == TEXT_SUFFIXES


# Word -----------------------------------------------------------------------------------


def test_readers_docx_gives_paragraphs_and_speaker_rows_in_order(tmp_path: Path) -> None:
    read = read_text_file(_docx(tmp_path / "intervju.docx"))
    assert read.text == (
        "Intervju med Åsa, Västerås\n"
        f"{SWEDISH}\n"
        "Intervjuare: Hur gick det på året?\n"
        "Åsa: Det gick bra.\n"
        "Efter tabellen."
    )
    assert (read.file_format, read.line_paragraphs, read.turns) == ("docx", True, None)
    assert "Sidhuvud" not in read.text


def test_readers_docx_other_table_rows_are_joined_by_tabs(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for column, value in enumerate(["Namn", "Ort", "År"]):
        table.cell(0, column).text = value
    for column, value in enumerate(["Åsa", "Västerås", "2021"]):
        table.cell(1, column).text = value
    long_first = document.add_table(rows=1, cols=2)
    long_first.cell(0, 0).text = "En lång första cell som inte är ett namn på en talare"
    long_first.cell(0, 1).text = "andra"
    merged = document.add_table(rows=1, cols=2)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Sammanslagen cell"
    document.save(str(tmp_path / "tabell.docx"))
    read = read_text_file(tmp_path / "tabell.docx")
    assert read.text == (
        "Namn\tOrt\tÅr\n"
        "Åsa\tVästerås\t2021\n"
        "En lång första cell som inte är ett namn på en talare\tandra\n"
        "Sammanslagen cell"
    )


def test_readers_docx_includes_paragraphs_in_content_controls(tmp_path: Path) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    before = document.add_paragraph("Före")
    control = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>I en innehållskontroll</w:t>"
        "</w:r></w:p></w:sdtContent></w:sdt>"
    )
    before._p.addnext(control)
    document.add_paragraph("Efter")
    document.save(str(tmp_path / "kontroll.docx"))
    read = read_text_file(tmp_path / "kontroll.docx")
    assert read.text == "Före\nI en innehållskontroll\nEfter"


def test_readers_docx_without_text_is_refused(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("")
    document.save(str(tmp_path / "tom.docx"))
    error = _read_error(tmp_path / "tom.docx")
    assert error.message == f"{tmp_path / 'tom.docx'} has no text"


def test_readers_docx_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    error = _read_error(_write(tmp_path / "fel.docx", "det här är bara text"))
    assert error.message == (
        f"{tmp_path / 'fel.docx'} is not a readable Word document (not a zip package, or truncated)"
    )
    assert "save it again as .docx" in error.hint


def test_readers_truncated_docx_is_refused(tmp_path: Path) -> None:
    data = _docx(tmp_path / "hel.docx").read_bytes()
    (tmp_path / "halv.docx").write_bytes(data[: len(data) // 2])
    error = _read_error(tmp_path / "halv.docx")
    assert "is not a readable Word document" in error.message


def test_readers_docx_missing_its_document_part_is_refused(tmp_path: Path) -> None:
    source = zipfile.ZipFile(_docx(tmp_path / "hel.docx"))
    with zipfile.ZipFile(tmp_path / "utan.docx", "w") as target:
        for name in source.namelist():
            if name != "word/document.xml":
                target.writestr(name, source.read(name))
    error = _read_error(tmp_path / "utan.docx")
    assert error.message.endswith("is not a readable Word document (word/document.xml is missing)")


def test_readers_docx_with_broken_xml_is_refused(tmp_path: Path) -> None:
    source = zipfile.ZipFile(_docx(tmp_path / "hel.docx"))
    with zipfile.ZipFile(tmp_path / "trasig.docx", "w") as target:
        for name in source.namelist():
            broken = name == "word/document.xml"
            target.writestr(name, b"<w:document oops" if broken else source.read(name))
    error = _read_error(tmp_path / "trasig.docx")
    assert error.message.endswith("is not a readable Word document (its XML is broken)")


def test_readers_macro_enabled_word_file_named_docx_is_refused(tmp_path: Path) -> None:
    source = zipfile.ZipFile(_docx(tmp_path / "hel.docx"))
    macro = "application/vnd.ms-word.document.macroEnabled.main+xml"
    with zipfile.ZipFile(tmp_path / "makro.docx", "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "[Content_Types].xml":
                data = re.sub(
                    rb"application/[^\"]*wordprocessingml\.document\.main\+xml",
                    macro.encode(),
                    data,
                )
            target.writestr(name, data)
    error = _read_error(tmp_path / "makro.docx")
    assert error.message.endswith(f"is not a readable Word document (its content is {macro})")


# OpenDocument ---------------------------------------------------------------------------


def test_readers_odt_gives_headings_paragraphs_lists_and_rows_in_order(tmp_path: Path) -> None:
    read = read_text_file(_odt(tmp_path / "intervju.odt"))
    assert read.text == (
        "Intervju med Åsa\n"
        f"{SWEDISH}\n"
        "första punkten\n"
        "andra punkten\n"
        "Åsa: Det var bra på året.\n"
        "Slut."
    )
    assert (read.file_format, read.line_paragraphs) == ("odt", True)


def test_readers_odt_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    error = _read_error(_write(tmp_path / "fel.odt", "inte ett dokument"))
    assert error.message.endswith(
        "is not a readable OpenDocument text (not a zip package, or truncated)"
    )


def test_readers_odt_with_broken_content_is_refused_quietly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = zipfile.ZipFile(_odt(tmp_path / "hel.odt"))
    with zipfile.ZipFile(tmp_path / "trasig.odt", "w") as target:
        for name in source.namelist():
            broken = name == "content.xml"
            target.writestr(name, b"<office:document-content oops" if broken else source.read(name))
    error = _read_error(tmp_path / "trasig.odt")
    assert error.message.endswith("(its content.xml is missing or broken)")
    assert capsys.readouterr().out == ""


def test_readers_odt_missing_its_manifest_is_refused(tmp_path: Path) -> None:
    source = zipfile.ZipFile(_odt(tmp_path / "hel.odt"))
    with zipfile.ZipFile(tmp_path / "utan.odt", "w") as target:
        target.writestr("content.xml", source.read("content.xml"))
    error = _read_error(tmp_path / "utan.odt")
    assert error.message.endswith("(META-INF/manifest.xml is missing)")


def test_readers_odt_spreadsheet_is_refused(tmp_path: Path) -> None:
    OpenDocumentSpreadsheet().save(str(tmp_path / "kalkyl.odt"))
    error = _read_error(tmp_path / "kalkyl.odt")
    assert error.message.endswith("is an OpenDocument spreadsheet, not a text document")


# PDF ------------------------------------------------------------------------------------


def test_readers_pdf_gives_pages_separated_by_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "rapport.pdf"
    path.write_bytes(_pdf_bytes([f"{SWEDISH}\nAndra raden (med parentes)", "Sida två"]))
    read = read_text_file(path)
    assert read == ReadText(
        f"{SWEDISH}\nAndra raden (med parentes)\n\nSida två", "pdf", False, None, []
    )


def test_readers_pdf_notes_pages_without_text(tmp_path: Path) -> None:
    path = tmp_path / "rapport.pdf"
    path.write_bytes(_pdf_bytes(["Sida ett", None, "Sida tre", None]))
    read = read_text_file(path)
    assert read.text == "Sida ett\n\nSida tre"
    assert read.notes == ["2 of 4 pages had no text layer and were left out (pages 2, 4)."]


def test_readers_pdf_without_text_layer_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "skannad.pdf"
    path.write_bytes(_pdf_bytes([None, None]))
    error = _read_error(path)
    assert error.message == f"{path} has no text layer (a scanned PDF?)"
    assert "OCR" in error.hint


def test_readers_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    error = _read_error(_encrypted_pdf(tmp_path / "hemlig.pdf", user_password="hemligt"))
    assert error.message.endswith("is an encrypted PDF and cannot be read without its password")


def test_readers_pdf_encrypted_only_against_editing_is_read(tmp_path: Path) -> None:
    assert (
        read_text_file(_encrypted_pdf(tmp_path / "skyddad.pdf", user_password="")).text == SWEDISH
    )


def test_readers_truncated_pdf_is_refused(tmp_path: Path) -> None:
    data = _pdf_bytes([SWEDISH])
    path = tmp_path / "halv.pdf"
    path.write_bytes(data[: len(data) // 2])
    error = _read_error(path)
    assert error.message.startswith(f"{path} is not a readable PDF (")


# RTF ------------------------------------------------------------------------------------


def test_readers_rtf_gives_a_paragraph_a_line(tmp_path: Path) -> None:
    rtf = (
        r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Arial;}}"
        r"\f0 \'d6verenskommelse f\'f6r \'e5r 2021 \endash  p\'e5 V\'e4ster\'e5s\par "
        r"Andra raden med \u8364? och \u229?\par}"
    )
    read = read_text_file(_write(tmp_path / "avtal.rtf", rtf))
    assert read.text == f"{SWEDISH}\nAndra raden med € och å\n"
    assert (read.file_format, read.line_paragraphs) == ("rtf", True)


def test_readers_rtf_that_is_not_rtf_is_refused(tmp_path: Path) -> None:
    error = _read_error(_write(tmp_path / "avtal.rtf", "bara vanlig text"))
    assert (
        error.message
        == f"{tmp_path / 'avtal.rtf'} is not an RTF file (it does not start with {{\\rtf)"
    )


# Subtitles ------------------------------------------------------------------------------

VTT_VOICES = """WEBVTT

00:00:01.000 --> 00:00:04.000
<v Anna Berg>Hej och välkommen.</v>

00:00:04.500 --> 00:00:06.000
<v Anna Berg>Hur mår du &amp; familjen
på <b>Västerås</b>?</v>

00:01:07.250 --> 00:01:09.000
<v.loud Olle Ek>Bra, tack. År 2021 var svårt.</v>

00:01:10.000 --> 00:01:12.000
<v Anna Berg>Berätta mer.</v>
"""


def _spoken(read: ReadText) -> list[tuple[str | None, str, float | None]]:
    assert read.turns is not None
    return [(t.speaker, read.text[t.start : t.end], t.timestamp) for t in read.turns]


def test_readers_vtt_voices_become_merged_speaker_turns(tmp_path: Path) -> None:
    read = read_text_file(_write(tmp_path / "intervju.vtt", VTT_VOICES))
    assert read.text == (
        "Anna Berg: Hej och välkommen. Hur mår du & familjen på Västerås?\n\n"
        "Olle Ek: Bra, tack. År 2021 var svårt.\n\n"
        "Anna Berg: Berätta mer."
    )
    assert _spoken(read) == [
        ("Anna Berg", "Hej och välkommen. Hur mår du & familjen på Västerås?", 1.0),
        ("Olle Ek", "Bra, tack. År 2021 var svårt.", 67.25),
        ("Anna Berg", "Berätta mer.", 70.0),
    ]
    assert read.turns is not None
    assert not any(turn.is_interviewer for turn in read.turns)
    assert (read.file_format, read.line_paragraphs) == ("vtt", False)


def test_readers_vtt_name_labels_become_speakers(tmp_path: Path) -> None:
    vtt = (
        "WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.000\nIntervjuare 1: Hur var året?\n\n"
        "2\n00:00:02.000 --> 00:00:05.000\nÅsa af Klint: Det var svårt: mycket jobb.\n\n"
        "3\n00:00:05.000 --> 00:00:06.000\nÅsa af Klint: Men bra.\n"
    )
    read = read_text_file(_write(tmp_path / "zoom.vtt", vtt))
    assert _spoken(read) == [
        ("Intervjuare 1", "Hur var året?", 0.0),
        ("Åsa af Klint", "Det var svårt: mycket jobb. Men bra.", 2.0),
    ]


def test_readers_vtt_sentence_with_colon_is_not_a_speaker(tmp_path: Path) -> None:
    vtt = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nOch då sa hon: nej.\n"
    read = read_text_file(_write(tmp_path / "whisper.vtt", vtt))
    assert read.text == "Och då sa hon: nej."
    assert _spoken(read) == [(None, "Och då sa hon: nej.", 0.0)]


def test_readers_vtt_without_speakers_starts_a_paragraph_after_a_pause(tmp_path: Path) -> None:
    vtt = (
        "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nFörsta meningen\n\n"
        "00:00:02.500 --> 00:00:04.000\nfortsätter här.\n\n"
        "00:00:09.000 --> 00:00:10.000\nEfter en paus.\n"
    )
    read = read_text_file(_write(tmp_path / "whisper.vtt", vtt))
    assert read.text == "Första meningen fortsätter här.\n\nEfter en paus."
    assert read.turns == [Turn(0, 31, None, 0.0), Turn(33, 47, None, 9.0)]


def test_readers_srt_in_cp1252_with_labels_once_per_speaker(tmp_path: Path) -> None:
    srt = (
        "1\r\n00:00:01,000 --> 00:00:02,000\r\nAnna: Hej där.\r\n\r\n"
        "2\r\n00:00:02,500 --> 00:00:03,000\r\n<i>fortsätter</i> på året\r\n\r\n"
        "3\r\n00:00:04,000 --> 00:00:05,000\r\nOlle: Tjena.\r\n"
    )
    read = read_text_file(_write(tmp_path / "intervju.srt", srt, "cp1252"))
    assert read.text == "Anna: Hej där. fortsätter på året\n\nOlle: Tjena."
    assert _spoken(read) == [
        ("Anna", "Hej där. fortsätter på året", 1.0),
        ("Olle", "Tjena.", 4.0),
    ]
    assert (read.file_format, read.line_paragraphs) == ("srt", False)


def test_readers_vtt_without_header_is_refused(tmp_path: Path) -> None:
    error = _read_error(_write(tmp_path / "fel.vtt", "00:00:00.000 --> 00:00:01.000\nhej\n"))
    assert error.message == (
        f"{tmp_path / 'fel.vtt'} is not a valid .vtt subtitle file"
        " (it must start with the line WEBVTT)"
    )


def test_readers_srt_that_is_not_srt_is_refused(tmp_path: Path) -> None:
    error = _read_error(_write(tmp_path / "fel.srt", "bara text\nutan tider\noch mer\n"))
    assert "is not a valid .srt subtitle file" in error.message


@pytest.mark.parametrize(
    ("suffix", "subtitles"),
    [
        (
            ".srt",
            "1\n00:00:01,000 --> 00:00:0x,000\nborta\n\n2\n00:00:03,000 --> 00:00:04,000\nkvar\n",
        ),
        (
            ".vtt",
            "WEBVTT\n\n00:00:01.000 --> 00:00:0x.000\nborta\n\n"
            "00:00:03.000 --> 00:00:04.000\nkvar\n",
        ),
    ],
)
def test_readers_subtitles_note_cues_with_a_broken_timing(
    tmp_path: Path, suffix: str, subtitles: str
) -> None:
    read = read_text_file(_write(tmp_path / f"trasig{suffix}", subtitles))
    assert read.text == "kvar"
    assert read.notes == ["1 cue with a broken timing line was left out."]


def test_readers_vtt_without_cue_text_is_refused(tmp_path: Path) -> None:
    error = _read_error(
        _write(tmp_path / "tom.vtt", "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<b></b>\n")
    )
    assert error.message == f"{tmp_path / 'tom.vtt'} has no cues with text"


# Every format ---------------------------------------------------------------------------


def test_readers_file_above_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "stor.txt"
    with path.open("wb") as file:
        file.truncate(200 * 1024 * 1024)  # sparse: nothing is written
    error = _read_error(path)
    assert error.message == f"{path} is 200 MB, above the import limit of 50 MB"
    assert error.hint == "raise it with --max-size"
    assert DEFAULT_MAX_BYTES == 50 * 1024 * 1024


def test_readers_size_limit_can_be_raised(tmp_path: Path) -> None:
    path = _write(tmp_path / "liten.txt", "x" * 2000)
    _read_error(path, max_bytes=1000)
    assert read_text_file(path, max_bytes=5000).text == "x" * 2000


def test_readers_unsupported_suffix_is_refused_listing_the_supported(tmp_path: Path) -> None:
    error = _read_error(_write(tmp_path / "data.xlsx", "x"))
    assert error.message == (
        f"{tmp_path / 'data.xlsx'} has an unsupported file type (.xlsx); "
        "supported: .docx, .md, .odt, .pdf, .rtf, .srt, .txt, .vtt"
    )


def test_readers_old_word_file_gets_a_hint_to_save_as_docx(tmp_path: Path) -> None:
    assert _read_error(_write(tmp_path / "gammal.doc", "x")).hint == "save it as .docx"


def test_readers_missing_file_is_refused(tmp_path: Path) -> None:
    error = _read_error(tmp_path / "finns-inte.txt")
    assert (
        error.message == f"{tmp_path / 'finns-inte.txt'} cannot be read: No such file or directory"
    )


@pytest.mark.parametrize("suffix", sorted(TEXT_SUFFIXES))
def test_readers_empty_file_is_refused_in_every_format(tmp_path: Path, suffix: str) -> None:
    path = _write(tmp_path / f"tom{suffix}", "")
    assert _read_error(path).message == f"{path} is empty"


def test_readers_binary_file_with_a_text_suffix_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bild.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert _read_error(path).message == f"{path} looks like a binary file, not text"


def test_readers_import_leaves_the_format_libraries_unloaded() -> None:
    code = (
        "import sys, coder.ingest.readers; "
        "print(sorted({'docx', 'odf', 'pypdf', 'striprtf', 'webvtt', 'charset_normalizer'}"
        " & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# CSV answers ----------------------------------------------------------------------------


def _nhs_rows(path: Path, rows: list[int]) -> Path:
    """Copy the header and some data rows of the NHS comments into a CSV file of our own."""
    with NHS_COMMENTS.open(newline="", encoding="utf-8") as source:
        table = list(csv.reader(source))
    with path.open("w", newline="", encoding="utf-8") as target:
        csv.writer(target).writerows([table[0], *(table[row] for row in rows)])
    return path


@pytest.mark.skipif(not NHS_COMMENTS.exists(), reason="shared NHS data not present")
def test_readers_answers_from_nhs_comments(tmp_path: Path) -> None:
    path = _nhs_rows(tmp_path / "comments.csv", [1, 2, 993])
    answers = read_answers(path, text_column="text", id_column="comment_id")
    assert answers[0] == Answer(
        row=1,
        id="NEAS PTS 528 - Q1",
        text="Did not answer",
        attributes={
            "trust": "NEAS",
            "service": "PTS\xa0 - Patient Transport",  # as in the data
            "question": "FFT Why?",
            "codes": "Labelling not possible",
        },
    )
    assert answers[1].attributes["sentiment"] == "1"
    assert (answers[2].id, answers[2].text) == (
        "NHFT 19 - Q2",
        "Communicated well.\nQuick and easy.",
    )


def test_readers_answers_from_swedish_excel_with_semicolons(tmp_path: Path) -> None:
    csv_text = (
        "Svar;Kommun;Ålder\r\nDet är för långa köer på vårdcentralen;Västerås;45\r\n\r\n;Umeå;\r\n"
    )
    path = _write(tmp_path / "enkät.csv", csv_text, "cp1252")
    answers = read_answers(path, text_column="svar")
    assert answers == [
        Answer(
            1, "1", "Det är för långa köer på vårdcentralen", {"Kommun": "Västerås", "Ålder": "45"}
        ),
        Answer(3, "3", "", {"Kommun": "Umeå"}),
    ]


def test_readers_answers_after_an_excel_sep_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "svar.csv", "sep=;\r\nid;text\r\n7;Hej, där\r\n")
    assert read_answers(path, text_column="text", id_column="id") == [
        Answer(1, "7", "Hej, där", {})
    ]


def test_readers_answers_with_tabs(tmp_path: Path) -> None:
    path = _write(tmp_path / "svar.tsv.csv", "id\ttext\nA1\tHej, där; du\n")
    assert read_answers(path, text_column="text", id_column="id") == [
        Answer(1, "A1", "Hej, där; du", {})
    ]


def test_readers_answers_missing_text_column_lists_the_columns(tmp_path: Path) -> None:
    path = _write(tmp_path / "svar.csv", "id,svar,ort\n1,hej,Umeå\n")
    with pytest.raises(ReadError) as caught:
        read_answers(path, text_column="text")
    assert caught.value.message == f"{path} has no column 'text'"
    assert caught.value.hint == "its columns are: id, svar, ort"


def test_readers_answers_missing_id_column_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "svar.csv", "nr,text\n1,hej\n")
    with pytest.raises(ReadError) as caught:
        read_answers(path, text_column="text", id_column="id")
    assert caught.value.message == f"{path} has no column 'id'"


def test_readers_answers_duplicate_ids_name_the_rows(tmp_path: Path) -> None:
    path = _write(tmp_path / "svar.csv", "id,text\nA,ett\nB,två\nA,tre\nB,fyra\nC,fem\n")
    with pytest.raises(ReadError) as caught:
        read_answers(path, text_column="text", id_column="id")
    assert caught.value.message == (
        f"{path} has duplicate ids in column 'id': 'A' in rows 1, 3; 'B' in rows 2, 4"
    )


def test_readers_answers_empty_id_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "svar.csv", "id,text\nA,ett\n,två\n")
    with pytest.raises(ReadError) as caught:
        read_answers(path, text_column="text", id_column="id")
    assert caught.value.message == f"{path} row 2 has no id in column 'id'"


def test_readers_answers_header_without_rows_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "svar.csv", "id,text\n")
    with pytest.raises(ReadError) as caught:
        read_answers(path, text_column="text")
    assert caught.value.message == f"{path} has a header but no rows"


def test_readers_answers_row_with_extra_fields_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "svar.csv", "id,text\n1,hej, och hå\n2,ok,,\n")
    with pytest.raises(ReadError) as caught:
        read_answers(path, text_column="text")
    assert caught.value.message == f"{path} row 1 has 3 fields but the header has 2"
