"""The texts of a REFI-QDA project's sources and notes: from the XML, or from files in the zip.

A text is read from `PlainTextContent`, else from the plain-text file its `plainTextPath`
names (`internal://…` inside the package's `sources/` folder), else from its Word document
(`richTextPath`). Paths to files outside the package are never followed: a project file
must not make coder read the files of whoever opens it.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from coder.errors import CoderError, ExchangeError
from coder.ingest.qda_xml import QdpxPackage
from coder.services.exchange.qdpx_read import RefiText

SOURCES_FOLDER = "sources/"
_SCHEMES = ("internal://", "relative://", "file://", "absolute://")


@dataclass(frozen=True)
class GivenText:
    """A text as the package gives it (decoded, not yet normalised) and how it was found."""

    text: str
    bom: bool
    how: str
    """Where it came from, for the report when it is not the plain text ("its Word document")."""


def given_text(package: QdpxPackage, text: RefiText) -> GivenText | str:
    """The text of a source or note, or the reason there is none."""
    if text.content:
        return GivenText(text.content, bom=False, how="")
    if text.plain_path:
        member = member_for(package, text.plain_path)
        if member is not None:
            data = package.read(member)
            return GivenText(_decode(data, f"{package.path}: entry {member!r}"), _has_bom(data), "")
    if text.rich_path and text.rich_path.lower().endswith(".docx"):
        member = member_for(package, text.rich_path)
        if member is not None:
            return GivenText(_docx(package, member), bom=False, how="its Word document")
    if text.content is not None:
        return GivenText("", bom=False, how="")
    path = text.plain_path or text.rich_path
    if path:
        return f"its text is not inside the project file ({path}); files outside it are not read"
    return "it has no text"


def member_for(package: QdpxPackage, path: str) -> str | None:
    """The package entry a path of the project file names, if it is inside the package."""
    rest = path.strip()
    for scheme in _SCHEMES:
        if rest.lower().startswith(scheme):
            rest = rest[len(scheme) :]
            break
    rest = rest.replace("\\", "/").lstrip("/")
    candidates = [f"{SOURCES_FOLDER}{rest}", rest, f"{SOURCES_FOLDER}{rest.rsplit('/', 1)[-1]}"]
    for candidate in candidates:
        found = package.find(candidate)
        if found is not None:
            return found
    return None


def _has_bom(data: bytes) -> bool:
    return data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def _decode(data: bytes, origin: str) -> str:
    from coder.ingest.normalize import decode

    if not data.strip():
        return data.decode("utf-8", "replace").removeprefix("\ufeff")
    try:
        return decode(data, origin=origin)
    except CoderError as error:
        raise ExchangeError(error.message, error.hint) from error


def _docx(package: QdpxPackage, member: str) -> str:
    from coder.ingest.office import docx_text

    try:
        return docx_text(package.read(member), origin=f"{package.path}: entry {member!r}")
    except CoderError as error:
        raise ExchangeError(error.message, error.hint) from error


def how_normalised(given: str, stored: str, *, bom: bool) -> list[str]:
    """What normalising changed in a text, in words ("Windows line ends (CR LF)", …)."""
    if given == stored and not bom:
        return []
    changes = []
    if "\r" in given:
        changes.append("Windows line ends (CR LF)")
    if not unicodedata.is_normalized("NFC", given):
        changes.append("decomposed characters (NFD)")
    if bom or "\ufeff" in given:
        changes.append("a byte-order mark")
    if not changes:
        changes.append("control characters")
    return changes
