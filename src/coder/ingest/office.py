"""Text of documents from office programs: Word (.docx), OpenDocument (.odt), RTF and PDF.

Interview transcripts are often laid out as a two-column table, speaker | what was said; such
a row becomes the line "speaker: what was said", so that it reads like any other transcript.
Each library is imported in the function that needs it, to keep it out of start-up.
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from xml.sax import SAXException

from coder.errors import ReadError
from coder.ingest.normalize import decode

if TYPE_CHECKING:
    from docx.table import Table

MAX_INFLATED_BYTES = 1024 * 1024 * 1024
"""A .docx or .odt whose parts add up to more than this (1 GB) is refused unread."""
MAX_INFLATION = 100
"""Nor may its parts inflate more than this many times their compressed size…"""
INFLATION_FLOOR = 16 * 1024 * 1024
"""…once they add up to more than this: small documents of plain text compress very well."""
SPEAKER_CELL_MAX = 40
"""A two-column table row whose first cell is shorter than this is read as speaker | text."""

_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_ODF_TEXT_MIMETYPE = "application/vnd.oasis.opendocument.text"
_PAGES_LISTED = 10

# What python-docx and odfpy raise for a file that is not a document or is damaged: not a
# zip, a missing part (KeyError), broken XML (lxml's XMLSyntaxError is a SyntaxError; SAX for
# odfpy), the wrong content type or bad encoding (ValueError), truncated compressed data.
_BROKEN_PACKAGE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    ValueError,
    SyntaxError,
    SAXException,
)


def row_line(cells: list[str]) -> str:
    """Turn a table row into a line: "speaker: text" for a speaker | text row, else tab-joined.

    Whitespace in cells is collapsed and empty cells are left out, so an empty row gives "".
    """
    cells = [" ".join(cell.split()) for cell in cells]
    if len(cells) == 2 and 0 < len(cells[0]) < SPEAKER_CELL_MAX and cells[1]:
        return f"{cells[0].rstrip(':').rstrip()}: {cells[1]}"
    return "\t".join(cell for cell in cells if cell)


def check_inflation(data: bytes, *, origin: str, kind: str) -> None:
    """Refuse a document package (a zip) that would inflate far beyond its size: a zip bomb.

    The libraries that read .docx and .odt unpack parts into memory whole, so a few hundred
    kilobytes that inflate to gigabytes must be stopped by the sizes in the zip's directory,
    before any part is read (reading a part never gives more than its declared size).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        return  # not a zip at all: the reader says so in its own words
    total = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    if total > MAX_INFLATED_BYTES or (total > INFLATION_FLOOR and total / packed > MAX_INFLATION):
        raise ReadError(
            f"{origin} would inflate from {_size(len(data))} to {_size(total)}; refused as a "
            f"likely zip bomb, not a real {kind}",
            "check where the file came from; save it again from Word or LibreOffice",
        )


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0") + " MB"


def docx_text(data: bytes, *, origin: str) -> str:
    """Read the body of a Word document: paragraphs and table rows in order, one a line.

    Headers, footers, comments and footnotes are left out: they are not what was said.
    """
    import docx
    from docx.opc.exceptions import OpcError

    check_inflation(data, origin=origin, kind="Word document")
    try:
        document = docx.Document(io.BytesIO(data))
        return "\n".join(_docx_lines(document))
    except (OpcError, *_BROKEN_PACKAGE) as error:
        raise ReadError(
            f"{origin} is not a readable Word document ({_describe(error)})",
            "open it in Word or LibreOffice and save it again as .docx",
        ) from error


def odt_text(data: bytes, *, origin: str) -> str:
    """Read the body of an OpenDocument text: headings, paragraphs, list items, table rows."""
    from odf.opendocument import load as load_odf

    # odfpy prints a part it cannot parse on stdout and carries on without it: keep the
    # terminal clean and turn that into an error.
    check_inflation(data, origin=origin, kind="OpenDocument text")
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            document = load_odf(io.BytesIO(data))
    except _BROKEN_PACKAGE as error:
        raise _odt_error(origin, _describe(error)) from error
    mimetype = str(document.mimetype)
    if not mimetype.startswith(_ODF_TEXT_MIMETYPE):
        raise ReadError(
            f"{origin} is an OpenDocument {mimetype.rsplit('.', 1)[-1]}, not a text document",
            "import text documents; export other documents as .odt or .pdf",
        )
    body = getattr(document, "text", None)
    if body is None or "SAX FAILED" in printed.getvalue():
        raise _odt_error(origin, "its content.xml is missing or broken")
    return "\n".join(_odf_lines(body))


def rtf_text(data: bytes, *, origin: str, notes: list[str]) -> str:
    """Read the text of an RTF file, a paragraph a line."""
    from striprtf.striprtf import rtf_to_text

    rtf = decode(data, origin=origin)
    if not rtf.lstrip().startswith("{\\rtf"):
        raise ReadError(
            f"{origin} is not an RTF file (it does not start with {{\\rtf)",
            "save it again as RTF, or rename it to .txt if it is plain text",
        )
    try:
        return str(rtf_to_text(rtf, errors="strict"))  # type: ignore[no-untyped-call]
    except UnicodeDecodeError:
        # Bytes that the code page the file declares does not have: keep the rest.
        notes.append("Some characters could not be decoded and show as \ufffd.")
        return str(rtf_to_text(rtf, errors="replace"))  # type: ignore[no-untyped-call]


def pdf_text(data: bytes, *, origin: str, notes: list[str]) -> str:
    """Read the text layer of a PDF, pages separated by a blank line.

    Pages without text are left out and noted; a PDF with no text at all is refused.
    """
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # Many PDFs are encrypted only against editing, with an empty password to open.
            reader.decrypt("")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
    except FileNotDecryptedError as error:
        raise ReadError(
            f"{origin} is an encrypted PDF and cannot be read without its password",
            "open it with the password and save (or print to PDF) an unprotected copy",
        ) from error
    except DependencyError as error:
        raise ReadError(
            f"{origin} is an AES-encrypted PDF, which needs the 'cryptography' package to read",
            "install it (pip install cryptography), or save an unprotected copy of the PDF",
        ) from error
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as error:
        # pypdf raises more than PyPdfError on damaged files, from deep inside its parser.
        raise ReadError(
            f"{origin} is not a readable PDF ({error})",
            "open it in a PDF viewer and save or print it again as PDF",
        ) from error
    return _join_pages(pages, origin, notes)


def _join_pages(pages: list[str], origin: str, notes: list[str]) -> str:
    """Join the page texts, noting pages without text and refusing a PDF without any."""
    empty = [number for number, text in enumerate(pages, start=1) if not text]
    if len(empty) == len(pages):
        raise ReadError(
            f"{origin} has no text layer (a scanned PDF?)",
            "run OCR on it first (e.g. with ocrmypdf) and import the result",
        )
    if empty:
        listed = ", ".join(map(str, empty[:_PAGES_LISTED]))
        listed += ", …" if len(empty) > _PAGES_LISTED else ""
        if len(empty) == 1:
            notes.append(f"1 page had no text layer and was left out (page {listed}).")
        else:
            notes.append(
                f"{len(empty)} of {len(pages)} pages had no text layer and were left out"
                f" (pages {listed})."
            )
    return "\n\n".join(text for text in pages if text)


def _docx_lines(document: Any) -> Iterator[str]:
    """Yield the lines of the body in order, including paragraphs inside content controls."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    # python-docx's iter_inner_content() skips w:sdt content controls, which templates use.
    blocks = document.element.body.xpath(
        "./w:p | ./w:tbl | ./w:sdt/w:sdtContent/w:p | ./w:sdt/w:sdtContent/w:tbl"
    )
    for block in blocks:
        if block.tag.endswith("}tbl"):
            yield from _docx_table_lines(Table(block, document))
        else:
            yield Paragraph(block, document).text


def _docx_table_lines(table: Table) -> Iterator[str]:
    """Yield a line per non-empty row; a merged cell counts once."""
    for row in table.rows:
        cells: list[str] = []
        seen: list[object] = []
        for cell in row.cells:
            # A cell merged across columns is returned once per column it spans.
            if any(cell._tc is other for other in seen):
                continue
            seen.append(cell._tc)
            cells.append(" ".join(p.text for p in cell.paragraphs))
        line = row_line(cells)
        if line:
            yield line


def _odf_lines(element: Any) -> Iterator[str]:
    """Yield the lines of an ODF element in order: a heading, paragraph or table row each."""
    from odf.teletype import extractText

    for child in element.childNodes:
        qname = getattr(child, "qname", None)
        if qname in ((_TEXT_NS, "p"), (_TEXT_NS, "h")):
            yield str(extractText(child))
        elif qname == (_TABLE_NS, "table-row"):
            cells = [_odf_cell_text(cell) for cell in child.childNodes if _is_odf_cell(cell)]
            line = row_line(cells)
            if line:
                yield line
        elif qname == (_TEXT_NS, "tracked-changes"):
            continue  # text deleted with change tracking on
        elif qname is not None:
            yield from _odf_lines(child)


def _is_odf_cell(element: Any) -> bool:
    return getattr(element, "qname", None) == (_TABLE_NS, "table-cell")


def _odf_cell_text(cell: Any) -> str:
    return " ".join(_odf_lines(cell))


def _odt_error(origin: str, what: str) -> ReadError:
    return ReadError(
        f"{origin} is not a readable OpenDocument text ({what})",
        "open it in LibreOffice and save it again as .odt",
    )


def _describe(error: BaseException) -> str:
    """Say in a few words what is wrong with a broken package, for the error message."""
    if isinstance(error, zipfile.BadZipFile | zlib.error | EOFError):
        return "not a zip package, or truncated"
    if isinstance(error, KeyError):
        part = re.search(r"'([^']+)'", str(error))
        return f"{part.group(1) if part else 'a part'} is missing"
    if isinstance(error, SyntaxError | SAXException):
        return "its XML is broken"
    content_type = re.search(r"content type is '([^']+)'", str(error))
    if content_type:  # python-docx: a template, macro document or spreadsheet named .docx
        return f"its content is {content_type.group(1)}"
    return str(error)
